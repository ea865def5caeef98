//! The consent gate (lifecycle.md): a new referral to an organization that is not the vault's
//! own needs a valid consent to referrals that covers the organization on the referral's
//! date. Without one the referral is refused with [`Error::ConsentRequired`] and nothing is
//! written — unless an administrator, or a user granted the override, gives the reason to
//! proceed; that reason is sealed under the case's key like a note, and the audit log holds
//! only that an override happened.

use rusqlite::{Connection, Transaction};

use super::consent::{refuse_erased, valid_on};
use crate::cases::operations::{self as op, Amend, NewEntry};
use crate::records::interchange::ReferralRecord;
use crate::records::text::{self, Kind};
use crate::records::validate::org_key;
use crate::records::vocab::ConsentScope;
use crate::records::CivilDate;
use crate::store::{cases, lifecycle as store, organizations};
use crate::{Error, Result};

/// The longest reason for an override, in characters.
pub const MAX_REASON_CHARS: usize = 2_000;

/// What allows a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cover {
    /// The vault's own organization: nothing leaves it.
    OwnOrganization,
    /// The consent with this row id.
    Consent(i64),
}

/// What covers a referral of case `case` to the organization called `to` on `date`, if
/// anything does.
pub(crate) fn cover(
    conn: &Connection,
    case: i64,
    to: &str,
    date: CivilDate,
) -> Result<Option<Cover>> {
    let dir = organizations::load_directory(conn)?;
    let org = dir
        .find(to)
        .ok_or_else(|| Error::invalid("to", "There is no organization by this name."))?;
    if super::settings::own_organization(conn)? == Some(org.id) {
        return Ok(Some(Cover::OwnOrganization));
    }
    let key = org_key(to);
    Ok(store::consents_of(conn, case)?
        .into_iter()
        .filter(|c| c.record.scope == ConsentScope::Referrals && valid_on(&c.record, date))
        .filter(|c| {
            c.record.organizations.is_empty()
                || c.record.organizations.iter().any(|o| org_key(o) == key)
        })
        .map(|c| c.id)
        .max()
        .map(Cover::Consent))
}

/// An override of the gate: the reason, and the user giving it.
pub(crate) struct Override<'a> {
    pub(crate) reason: &'a str,
    pub(crate) user: &'a str,
}

/// Checks an override's reason as typed: required, a few lines at most.
pub(crate) fn check_reason(reason: &str) -> Result<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid(
            "overrideReason",
            "Give the reason for referring without consent (for example danger to life, or a court order).",
        ));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(Error::invalid(
            "overrideReason",
            format!("Keep the reason to at most {MAX_REASON_CHARS} characters."),
        ));
    }
    if let Err(refused) = text::check(reason, Kind::Free) {
        return Err(Error::invalid(
            "overrideReason",
            format!("In the reason, {}.", refused.message(Kind::Free)),
        ));
    }
    Ok(reason.to_owned())
}

/// Refers the person: the referral is checked like any entry, then the gate decides. Refused,
/// the transaction is given up and nothing is written.
pub(crate) fn refer(
    a: Amend<'_, '_>,
    referral: ReferralRecord,
    over: Option<Override<'_>>,
) -> Result<i64> {
    let (tx, code) = (a.tx, a.code);
    refuse_erased(tx, code)?;
    let row = op::add_entry(a, NewEntry::Referral(referral.clone()))?;
    let case = cases::case_id_by_code(tx, code)?.ok_or(Error::NoSuchCase)?;
    apply(tx, case, row, &referral, over)?;
    Ok(row)
}

/// The gate over every referral of a case just created by the intake form (no override
/// there: a referral the gate refuses is recorded afterwards, with consent or an override).
pub(crate) fn check_created(tx: &Transaction<'_>, case: i64) -> Result<()> {
    let rows = crate::store::entries::ids(tx, crate::store::entries::Entries::Referrals, case)?;
    let record = cases::read_case(tx, case)?;
    for (row, referral) in rows.into_iter().zip(&record.referrals) {
        apply(tx, case, row, referral, None)?;
    }
    Ok(())
}

fn apply(
    tx: &Transaction<'_>,
    case: i64,
    row: i64,
    referral: &ReferralRecord,
    over: Option<Override<'_>>,
) -> Result<()> {
    match (cover(tx, case, &referral.to, referral.date)?, over) {
        (Some(Cover::OwnOrganization), _) => Ok(()),
        (Some(Cover::Consent(consent)), _) => store::set_referral_consent(tx, row, consent),
        (None, Some(over)) => store::insert_override(tx, case, row, over.reason, over.user),
        (None, None) => Err(Error::ConsentRequired {
            organization: referral.to.trim().to_owned(),
            date: referral.date,
        }),
    }
}
