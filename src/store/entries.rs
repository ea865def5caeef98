//! The entries of a case: consents, referrals, shelter stays, services, allowances, trainings,
//! job placements and notes — each written once validated, and the few that change later
//! (a referral's status, a stay's discharge and bed).

use rusqlite::{params, Connection, Transaction};

use crate::case_key::Sealed;
use crate::records::interchange::*;
use crate::records::money::{self, Money};
use crate::records::validate::Directory;
use crate::records::vocab::ReferralStatus;
use crate::records::CivilDate;
use crate::{Error, Result};

/// Runs one INSERT and answers the new row's id.
fn insert(tx: &Transaction<'_>, sql: &str, values: &[&dyn rusqlite::ToSql]) -> Result<i64> {
    tx.prepare_cached(sql)?.execute(values)?;
    Ok(tx.last_insert_rowid())
}

/// The row id of the organization called `name` (validated to exist before).
fn org_id(dir: &Directory, name: &str) -> Result<i64> {
    dir.find(name).map(|o| o.id).ok_or(Error::Damaged)
}

/// Writes one validated consent of case `case`; returns its row id.
pub(crate) fn insert_consent(
    tx: &Transaction<'_>,
    case: i64,
    c: &ConsentRecord,
    dir: &Directory,
) -> Result<i64> {
    let id = insert(
        tx,
        "INSERT INTO consents (case_id, scope, given_on, expires_on, withdrawn_on) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![case, c.scope.as_str(), c.given_on, c.expires_on, c.withdrawn_on],
    )?;
    for name in &c.organizations {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO consent_organizations (consent_id, organization_id) VALUES (?1, ?2)",
        )?
        .execute(params![id, org_id(dir, name)?])?;
    }
    Ok(id)
}

/// Writes one validated referral.
pub(crate) fn insert_referral(
    tx: &Transaction<'_>,
    case: i64,
    r: &ReferralRecord,
    dir: &Directory,
) -> Result<i64> {
    insert(
        tx,
        "INSERT INTO referrals (case_id, date, organization_id, status) VALUES (?1, ?2, ?3, ?4)",
        params![case, r.date, org_id(dir, &r.to)?, r.status.as_str()],
    )
}

/// Writes one validated shelter stay, with its bed if labelled.
pub(crate) fn insert_shelter_stay(
    tx: &Transaction<'_>,
    case: i64,
    s: &ShelterStayRecord,
    dir: &Directory,
    bed: Option<&str>,
) -> Result<i64> {
    insert(tx, "INSERT INTO shelter_stays (case_id, shelter_id, admitted_on, discharged_on, bed) VALUES (?1, ?2, ?3, ?4, ?5)", params![case, org_id(dir, &s.shelter)?, s.admitted_on, s.discharged_on, bed])
}

/// Writes one validated service.
pub(crate) fn insert_service(
    tx: &Transaction<'_>,
    case: i64,
    s: &ServiceRecord,
    dir: &Directory,
) -> Result<i64> {
    let provider = s.provider.as_deref().map(|p| org_id(dir, p)).transpose()?;
    insert(
        tx,
        "INSERT INTO services (case_id, kind, date, provider_id) VALUES (?1, ?2, ?3, ?4)",
        params![case, s.kind.as_str(), s.date, provider],
    )
}

/// Writes one validated allowance, its amount as integer minor units.
pub(crate) fn insert_allowance(
    tx: &Transaction<'_>,
    case: i64,
    a: &AllowanceRecord,
) -> Result<i64> {
    let currency = money::currency(&a.currency).ok_or(Error::Damaged)?;
    let amount = Money::parse(&a.amount, currency).ok_or(Error::Damaged)?;
    insert(tx, "INSERT INTO allowances (case_id, date, amount_minor, currency, kind) VALUES (?1, ?2, ?3, ?4, ?5)", params![case, a.date, amount.minor, a.currency, a.kind.as_str()])
}

/// Writes one validated training.
pub(crate) fn insert_training(tx: &Transaction<'_>, case: i64, t: &TrainingRecord) -> Result<i64> {
    insert(tx, "INSERT INTO trainings (case_id, course, provider, started_on, ended_on, outcome) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", params![case, t.course, t.provider, t.started_on, t.ended_on, t.outcome.as_str()])
}

/// Writes one validated job placement.
pub(crate) fn insert_employment(
    tx: &Transaction<'_>,
    case: i64,
    e: &EmploymentRecord,
) -> Result<i64> {
    insert(
        tx,
        "INSERT INTO employments (case_id, employer, started_on, ended_on) VALUES (?1, ?2, ?3, ?4)",
        params![case, e.employer, e.started_on, e.ended_on],
    )
}

/// Writes one validated note, with its author when written in Haven: its text sealed under
/// the case's key (the `text` column stays empty).
pub(crate) fn insert_note(
    tx: &Transaction<'_>,
    case: i64,
    n: &NoteRecord,
    author: Option<&str>,
) -> Result<i64> {
    let sealed = super::case_keys::seal(tx, case, Sealed::Note, n.text.as_bytes())?;
    insert(
        tx,
        "INSERT INTO notes (case_id, date, text, author_id, sealed) VALUES (?1, ?2, '', ?3, ?4)",
        params![case, n.date, author, sealed],
    )
}

/// Which entries of a case can be addressed by row id, in the order of the record's arrays.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Entries {
    /// `referrals`.
    Referrals,
    /// `shelter_stays`.
    ShelterStays,
}

impl Entries {
    fn table(self) -> &'static str {
        match self {
            Entries::Referrals => "referrals",
            Entries::ShelterStays => "shelter_stays",
        }
    }
}

/// The row ids of a case's entries of one kind, in the record's order.
pub(crate) fn ids(conn: &Connection, entries: Entries, case: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id FROM {} WHERE case_id = ?1 ORDER BY id",
        entries.table()
    ))?;
    let ids = stmt
        .query_map([case], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids)
}

/// A case's shelter stays: (row id, bed), in the record's order.
pub(crate) fn stays_with_beds(conn: &Connection, case: i64) -> Result<Vec<(i64, Option<String>)>> {
    let stays = conn
        .prepare_cached("SELECT id, bed FROM shelter_stays WHERE case_id = ?1 ORDER BY id")?
        .query_map([case], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(stays)
}

/// Changes where a referral stands.
pub(crate) fn set_referral_status(
    tx: &Transaction<'_>,
    referral: i64,
    status: ReferralStatus,
) -> Result<()> {
    tx.execute(
        "UPDATE referrals SET status = ?2 WHERE id = ?1",
        params![referral, status.as_str()],
    )?;
    Ok(())
}

/// Ends a shelter stay.
pub(crate) fn discharge(tx: &Transaction<'_>, stay: i64, on: CivilDate) -> Result<()> {
    tx.execute(
        "UPDATE shelter_stays SET discharged_on = ?2 WHERE id = ?1",
        params![stay, on],
    )?;
    Ok(())
}

/// The shelter of a stay.
pub(crate) fn shelter_of(conn: &Connection, stay: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT shelter_id FROM shelter_stays WHERE id = ?1",
        [stay],
        |r| r.get(0),
    )?)
}

/// Moves a stay to another bed.
pub(crate) fn set_bed(tx: &Transaction<'_>, stay: i64, bed: &str) -> Result<()> {
    tx.execute(
        "UPDATE shelter_stays SET bed = ?2 WHERE id = ?1",
        params![stay, bed],
    )?;
    Ok(())
}
