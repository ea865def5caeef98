//! The vault's agency identity: an organization of the vault, an X25519 and an Ed25519 key
//! pair whose secret halves stay inside the encrypted vault (and its backups), and the public
//! card partners import.

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::Note;
use crate::cases::operations as op;
use crate::lifecycle::settings;
use crate::packet::card::CARD_FORMAT;
use crate::packet::{AgencyCard, AgencyKeys, Refusal};
use crate::records::interchange::OrganizationRecord;
use crate::records::vocab::{OrganizationKind, Sector};
use crate::store::{exchange as store, organizations};
use crate::{Error, Result};

/// What `agency init` is given.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewAgency {
    /// The agency's name; the vault's organization of that name (made if needed).
    pub name: String,
    /// What it is.
    pub kind: OrganizationKind,
    /// Who runs it.
    pub sector: Sector,
    /// ISO 3166-1 alpha-2, if given.
    #[serde(default)]
    pub country: Option<String>,
}

/// The agency identity as screens show it: no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AgencyView {
    /// The agency's name.
    pub name: String,
    /// What it is.
    pub kind: OrganizationKind,
    /// Who runs it.
    pub sector: Sector,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// Six groups of five digits, read aloud to partners.
    pub fingerprint: String,
    /// When it was made (UTC, RFC 3339).
    pub created_at: String,
}

/// The identity with its keys; refused as [`Refusal::NoAgency`] when there is none.
pub(crate) fn keys(conn: &Connection) -> Result<(store::AgencyRow, AgencyKeys)> {
    with_keys(store::agency(conn)?.ok_or(Error::PacketRefused(Refusal::NoAgency))?)
}

/// The identity's row with the keys its secrets make.
fn with_keys(row: store::AgencyRow) -> Result<(store::AgencyRow, AgencyKeys)> {
    let keys = AgencyKeys::from_secrets(&row.encryption_secret, &row.signing_secret)
        .ok_or(Error::Damaged)?;
    Ok((row, keys))
}

/// The identity, if one was made.
pub(crate) fn view(conn: &Connection) -> Result<Option<AgencyView>> {
    let Some((row, keys)) = store::agency(conn)?.map(with_keys).transpose()? else {
        return Ok(None);
    };
    Ok(Some(AgencyView {
        name: row.name,
        kind: row.kind,
        sector: row.sector,
        country: row.country,
        fingerprint: keys.public().fingerprint().to_string(),
        created_at: row.created_at,
    }))
}

/// The public card.
pub(crate) fn card(conn: &Connection) -> Result<AgencyCard> {
    let (row, keys) = keys(conn)?;
    let public = keys.public();
    Ok(AgencyCard {
        format: CARD_FORMAT.to_owned(),
        name: row.name,
        kind: row.kind,
        sector: row.sector,
        country: row.country,
        encryption_key: public.encryption_key(),
        signing_key: public.signing_key(),
        fingerprint: public.fingerprint().to_string(),
    })
}

/// Checks an ISO 3166-1 alpha-2 code as typed; upper case.
pub(crate) fn check_country(country: Option<&str>) -> Result<Option<String>> {
    match country.map(str::trim) {
        None | Some("") => Ok(None),
        Some(c) => {
            let c = c.to_ascii_uppercase();
            if c.len() == 2 && isocountry::CountryCode::for_alpha2(&c).is_ok() {
                Ok(Some(c))
            } else {
                Err(Error::invalid(
                    "country",
                    "Give the country as its two-letter ISO 3166 code (AZ, GE, TR …).",
                ))
            }
        }
    }
}

/// Makes the agency identity: once per vault. The organization called `name` is the
/// agency's (made with `kind` and `sector` if the vault has none by that name), and becomes
/// the vault's own organization unless one is set.
pub(crate) fn init(tx: &Transaction<'_>, note: &mut Note, new: &NewAgency) -> Result<AgencyView> {
    if store::agency(tx)?.is_some() {
        return Err(Error::invalid(
            "agency",
            "This vault has its agency identity already; it is made once, so partners' cards of it stay true.",
        ));
    }
    let country = check_country(new.country.as_deref())?;
    let organization = match organizations::load_directory(tx)?.find(&new.name) {
        Some(org) if org.kind != new.kind || org.sector != new.sector => {
            return Err(Error::invalid(
                "kind",
                "The vault has an organization by this name with another kind or sector; choose the same, or another name.",
            ))
        }
        Some(org) => org.id,
        None => {
            op::add_organization(
                tx,
                &OrganizationRecord {
                    name: new.name.trim().to_owned(),
                    kind: new.kind,
                    sector: new.sector,
                    capacity: None,
                },
            )?;
            organizations::load_directory(tx)?
                .find(&new.name)
                .ok_or(Error::Damaged)?
                .id
        }
    };
    let own = settings::set_own_if_unset(tx, organization)?;
    let keys = AgencyKeys::generate();
    let at = crate::clock::now_utc();
    store::insert_agency(
        tx,
        organization,
        country.as_deref(),
        &keys.encryption_secret(),
        keys.signing_secret().as_ref(),
        &at,
    )?;
    let fingerprint = keys.public().fingerprint().to_string();
    note.detail = Some(format!(
        "fingerprint={}{}",
        fingerprint.replace(' ', ""),
        if own { " own_organization" } else { "" }
    ));
    view(tx)?.ok_or(Error::Damaged)
}
