//! The partner directory: agencies whose cards this vault imported, each checked by the
//! fingerprint its people read aloud on the phone and linked to an organization of the vault.
//! Packets are accepted from active partners only.

use rusqlite::{Connection, Transaction};
use serde::Serialize;
use ts_rs::TS;

use crate::audit::Note;
use crate::cases::operations as op;
use crate::lifecycle::settings;
use crate::packet::{AgencyCard, Fingerprint, PublicKeys, Refusal};
use crate::records::interchange::OrganizationRecord;
use crate::records::vocab::{OrganizationKind, Sector};
use crate::store::exchange::{self as store, PartnerRow};
use crate::store::organizations;
use crate::{Error, Result};

/// A card as read, before it is added: what the screen shows beside the field where the
/// fingerprint heard on the phone is typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CardPreview {
    /// The agency's name.
    pub name: String,
    /// What it is.
    pub kind: OrganizationKind,
    /// Who runs it.
    pub sector: Sector,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// The card's fingerprint, six groups of five digits.
    pub fingerprint: String,
    /// Whether the vault has an organization by this name already (the card is linked to it).
    pub organization_exists: bool,
}

/// A partner as screens list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PartnerView {
    /// The organization's name in this vault.
    pub name: String,
    /// What it is.
    pub kind: OrganizationKind,
    /// Who runs it.
    pub sector: Sector,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// Six groups of five digits.
    pub fingerprint: String,
    /// When the card was added (UTC, RFC 3339).
    pub added_at: String,
    /// When the partner was removed; packets from it are refused since.
    pub removed_at: Option<String>,
}

impl From<PartnerRow> for PartnerView {
    fn from(p: PartnerRow) -> Self {
        Self {
            name: p.name,
            kind: p.kind,
            sector: p.sector,
            country: p.country,
            fingerprint: p.fingerprint,
            added_at: p.added_at,
            removed_at: p.removed_at,
        }
    }
}

/// Reads a card for the screen (nothing is stored).
pub(crate) fn preview(conn: &Connection, bytes: &[u8]) -> Result<CardPreview> {
    let (card, keys) = AgencyCard::read(bytes).map_err(Error::PacketRefused)?;
    refuse_own(conn, &keys)?;
    Ok(CardPreview {
        organization_exists: organizations::load_directory(conn)?
            .find(&card.name)
            .is_some(),
        name: card.name.trim().to_owned(),
        kind: card.kind,
        sector: card.sector,
        country: card.country,
        fingerprint: keys.fingerprint().to_string(),
    })
}

fn refuse_own(conn: &Connection, keys: &PublicKeys) -> Result<()> {
    if let Ok((_, own)) = super::agency::keys(conn) {
        if own.public() == *keys {
            return Err(Error::invalid(
                "card",
                "This is this vault's own agency card; add your partners' cards here.",
            ));
        }
    }
    Ok(())
}

/// Adds the partner whose card is `bytes`, if `typed` — the fingerprint its people read
/// aloud — is the card's. Links it to the organization of the card's name (made if needed).
pub(crate) fn add(
    tx: &Transaction<'_>,
    note: &mut Note,
    bytes: &[u8],
    typed: &str,
) -> Result<PartnerView> {
    let (card, keys) = AgencyCard::read(bytes).map_err(Error::PacketRefused)?;
    let typed = Fingerprint::parse(typed).ok_or_else(|| {
        Error::invalid(
            "fingerprint",
            "Type the fingerprint as the partner reads it: six groups of five digits.",
        )
    })?;
    if typed != keys.fingerprint() {
        return Err(Error::PacketRefused(Refusal::FingerprintMismatch));
    }
    refuse_own(tx, &keys)?;
    let fingerprint = keys.fingerprint().to_string();
    let name = card.name.trim();
    let organization = match organizations::load_directory(tx)?.find(name) {
        Some(org) => org.id,
        None => {
            op::add_organization(
                tx,
                &OrganizationRecord {
                    name: name.to_owned(),
                    kind: card.kind,
                    sector: card.sector,
                    capacity: None,
                },
            )?;
            organizations::load_directory(tx)?
                .find(name)
                .ok_or(Error::Damaged)?
                .id
        }
    };
    if settings::own_organization(tx)? == Some(organization) {
        return Err(Error::invalid(
            "card",
            "This card has the name of the vault's own organization; a partner is another agency.",
        ));
    }
    if let Some(other) = store::active_partner_of(tx, organization)? {
        if other.fingerprint != fingerprint {
            return Err(Error::invalid(
                "card",
                "This organization is a partner already, with another card. If its keys changed, remove the partner first, then add the new card.",
            ));
        }
    }
    store::upsert_partner(
        tx,
        &PartnerRow {
            fingerprint: fingerprint.clone(),
            organization_id: organization,
            name: name.to_owned(),
            kind: card.kind,
            sector: card.sector,
            encryption_key: keys.encryption_key(),
            signing_key: keys.signing_key(),
            country: card.country.clone(),
            added_at: crate::clock::now_utc(),
            removed_at: None,
        },
    )?;
    note.detail = Some(format!("fingerprint={}", fingerprint.replace(' ', "")));
    Ok(store::partner(tx, &fingerprint)?
        .ok_or(Error::Damaged)?
        .into())
}

/// Every partner, active ones first.
pub(crate) fn list(conn: &Connection) -> Result<Vec<PartnerView>> {
    Ok(store::partners(conn)?.into_iter().map(Into::into).collect())
}

/// Removes the active partner linked to the organization called `name`.
pub(crate) fn remove(tx: &Transaction<'_>, note: &mut Note, name: &str) -> Result<()> {
    let partner = organizations::load_directory(tx)?
        .find(name)
        .map(|org| store::active_partner_of(tx, org.id))
        .transpose()?
        .flatten()
        .ok_or_else(|| Error::invalid("name", "There is no partner by this name."))?;
    store::remove_partner(tx, &partner.fingerprint, &crate::clock::now_utc())?;
    note.detail = Some(format!(
        "fingerprint={}",
        partner.fingerprint.replace(' ', "")
    ));
    Ok(())
}

/// The partner with this fingerprint and its keys, for a packet from it: refused as unknown
/// or removed.
pub(crate) fn sender(
    conn: &Connection,
    fingerprint: &Fingerprint,
) -> Result<(PartnerRow, PublicKeys)> {
    let row = store::partner(conn, &fingerprint.to_string())?
        .ok_or(Error::PacketRefused(Refusal::UnknownSender))?;
    if row.removed_at.is_some() {
        return Err(Error::PacketRefused(Refusal::RemovedPartner));
    }
    let keys =
        PublicKeys::from_card(&row.encryption_key, &row.signing_key).ok_or(Error::Damaged)?;
    Ok((row, keys))
}

/// The name of the active partner whose card is `bytes` (a consolidator named by its card).
pub(crate) fn name_of_card(conn: &Connection, bytes: &[u8]) -> Result<String> {
    let (_, keys) = AgencyCard::read(bytes).map_err(Error::PacketRefused)?;
    store::partner(conn, &keys.fingerprint().to_string())?
        .filter(|row| row.removed_at.is_none())
        .map(|row| row.name)
        .ok_or_else(|| {
            Error::invalid(
                "for",
                "This agency card is not one of your partners. An administrator adds it first (Administration, Partners), checking its fingerprint with the agency by phone.",
            )
        })
}

/// The active partner linked to the organization called `name`, for a packet to it.
pub(crate) fn recipient(conn: &Connection, name: &str) -> Result<(PartnerRow, PublicKeys)> {
    let row = organizations::load_directory(conn)?
        .find(name)
        .map(|org| store::active_partner_of(conn, org.id))
        .transpose()?
        .flatten()
        .ok_or_else(|| {
            Error::invalid(
                "to",
                "This organization is not one of your partners: add its agency card first (Administration, Partners).",
            )
        })?;
    let keys =
        PublicKeys::from_card(&row.encryption_key, &row.signing_key).ok_or(Error::Damaged)?;
    Ok((row, keys))
}
