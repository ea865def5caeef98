//! The survivor's data lifecycle in the database (lifecycle.md): consents with their
//! organizations and withdrawal, the consent a referral was made under and the overrides,
//! erasing a case's identity and narratives, the register of erasures, the cases due under
//! the retention period, and which cases may be counted.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::word;
use crate::records::interchange::ConsentRecord;
use crate::records::vocab::ConsentScope;
use crate::records::CivilDate;
use crate::Result;

/// A consent as stored: its row id and the record.
#[derive(Debug, Clone)]
pub(crate) struct ConsentRow {
    pub(crate) id: i64,
    pub(crate) record: ConsentRecord,
}

/// A case's consents, in the order they were recorded, with the organizations each covers.
pub(crate) fn consents_of(conn: &Connection, case: i64) -> Result<Vec<ConsentRow>> {
    let rows = conn
        .prepare_cached(
            "SELECT id, scope, given_on, expires_on, withdrawn_on FROM consents
             WHERE case_id = ?1 ORDER BY id",
        )?
        .query_map([case], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, scope, given_on, expires_on, withdrawn_on) in rows {
        let organizations = conn
            .prepare_cached(
                "SELECT o.name FROM consent_organizations c JOIN organizations o ON o.id = c.organization_id
                 WHERE c.consent_id = ?1 ORDER BY o.id",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        out.push(ConsentRow {
            id,
            record: ConsentRecord {
                scope: word(scope, ConsentScope::parse)?,
                given_on,
                expires_on,
                organizations,
                withdrawn_on,
            },
        });
    }
    Ok(out)
}

/// Records that the person withdrew consent `consent` on `on`.
pub(crate) fn set_withdrawn(tx: &Transaction<'_>, consent: i64, on: CivilDate) -> Result<()> {
    tx.prepare_cached("UPDATE consents SET withdrawn_on = ?2 WHERE id = ?1")?
        .execute(params![consent, on])?;
    Ok(())
}

/// Notes the consent a referral was made under.
pub(crate) fn set_referral_consent(
    tx: &Transaction<'_>,
    referral: i64,
    consent: i64,
) -> Result<()> {
    tx.prepare_cached("UPDATE referrals SET consent_id = ?2 WHERE id = ?1")?
        .execute(params![referral, consent])?;
    Ok(())
}

/// Records an override of the consent gate for `referral`, with its reason sealed.
pub(crate) fn insert_override(
    tx: &Transaction<'_>,
    case: i64,
    referral: i64,
    reason: &str,
    user: &str,
) -> Result<()> {
    let sealed = super::case_keys::seal(
        tx,
        case,
        crate::case_key::Sealed::OverrideReason,
        reason.as_bytes(),
    )?;
    tx.prepare_cached(
        "INSERT INTO consent_overrides (case_id, referral_id, reason, user_id, at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![case, referral, sealed, user, crate::clock::now_utc()])?;
    Ok(())
}

/// The reasons given for the overrides of a case's referrals, by referral row id.
pub(crate) fn override_reasons(conn: &Connection, case: i64) -> Result<Vec<(i64, String)>> {
    let rows = conn
        .prepare_cached(
            "SELECT referral_id, reason FROM consent_overrides WHERE case_id = ?1 ORDER BY id",
        )?
        .query_map([case], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let opener = super::case_keys::Opener::of(conn, case)?;
    rows.into_iter()
        .map(|(referral, sealed)| {
            Ok((
                referral,
                opener.open_text(crate::case_key::Sealed::OverrideReason, &sealed)?,
            ))
        })
        .collect()
}

/// How far a case was erased: `None`, `"narratives"` or `"identity"`.
pub(crate) fn erased(conn: &Connection, case: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT erased FROM cases WHERE id = ?1")?
        .query_row([case], |r| r.get(0))?)
}

/// Marks how far a case was erased.
pub(crate) fn mark_erased(tx: &Transaction<'_>, case: i64, kind: &str) -> Result<()> {
    tx.prepare_cached("UPDATE cases SET erased = ?2 WHERE id = ?1")?
        .execute(params![case, kind])?;
    Ok(())
}

/// Removes the person's identity from a case: names, aliases, birth date (the age at
/// identification is kept as `age`), phone, the source reference, the employers' names.
pub(crate) fn erase_identity(tx: &Transaction<'_>, case: i64, age: Option<i64>) -> Result<()> {
    let person: i64 = tx
        .prepare_cached("SELECT person_id FROM cases WHERE id = ?1")?
        .query_row([case], |r| r.get(0))?;
    tx.prepare_cached(
        "UPDATE persons SET given_name = NULL, family_name = NULL, birth_date = NULL,
                age_at_identification = ?2, phone = NULL WHERE id = ?1",
    )?
    .execute(params![person, age])?;
    tx.prepare_cached("DELETE FROM person_aliases WHERE person_id = ?1")?
        .execute([person])?;
    tx.prepare_cached("UPDATE cases SET source_ref = NULL WHERE id = ?1")?
        .execute([case])?;
    tx.prepare_cached("UPDATE employments SET employer = '' WHERE case_id = ?1")?
        .execute([case])?;
    Ok(())
}

/// What deleting a case's narratives removed.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Deleted {
    pub(crate) notes: u64,
    pub(crate) documents: u64,
    pub(crate) overrides: u64,
}

/// Destroys the case's key, then deletes its notes, documents and override reasons.
pub(crate) fn delete_narratives(tx: &Transaction<'_>, case: i64) -> Result<Deleted> {
    super::case_keys::destroy(tx, case)?;
    let count = |sql: &str| -> Result<u64> { Ok(tx.prepare_cached(sql)?.execute([case])? as u64) };
    Ok(Deleted {
        notes: count("DELETE FROM notes WHERE case_id = ?1")?,
        documents: count("DELETE FROM documents WHERE case_id = ?1")?,
        overrides: count("DELETE FROM consent_overrides WHERE case_id = ?1")?,
    })
}

/// One line of the register of erasures.
#[derive(Debug, Clone)]
pub(crate) struct ErasureRow {
    pub(crate) case_uuid: String,
    pub(crate) case_code: String,
    pub(crate) kind: String,
    pub(crate) erased_on: CivilDate,
    pub(crate) reason: String,
}

/// Adds a line to the register of erasures.
pub(crate) fn insert_erasure(
    tx: &Transaction<'_>,
    row: &ErasureRow,
    user: Option<&str>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO erasures (case_uuid, case_code, kind, erased_on, at, user_id, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        row.case_uuid,
        row.case_code,
        row.kind,
        row.erased_on,
        crate::clock::now_utc(),
        user,
        row.reason
    ])?;
    Ok(())
}

/// The register of erasures, oldest first.
pub(crate) fn erasures(conn: &Connection) -> Result<Vec<ErasureRow>> {
    let rows = conn
        .prepare_cached(
            "SELECT case_uuid, case_code, kind, erased_on, reason FROM erasures ORDER BY id",
        )?
        .query_map([], |r| {
            Ok(ErasureRow {
                case_uuid: r.get(0)?,
                case_code: r.get(1)?,
                kind: r.get(2)?,
                erased_on: r.get(3)?,
                reason: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The case with this uuid, if the vault has it.
pub(crate) fn case_by_uuid(conn: &Connection, uuid: &str) -> Result<Option<(i64, String)>> {
    Ok(conn
        .prepare_cached("SELECT id, code FROM cases WHERE uuid = ?1")?
        .query_row([uuid], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Closed cases closed on or before `cutoff` whose identity is still there: (code, closed
/// on), oldest closure first. (A case closed on the cutoff day is due today, the day its
/// retention period ends: `retention::due` gives it that day as its due date.)
pub(crate) fn closed_before(
    conn: &Connection,
    cutoff: CivilDate,
) -> Result<Vec<(String, CivilDate)>> {
    let rows = conn
        .prepare_cached(
            "SELECT code, closed_on FROM cases
             WHERE status = 'closed' AND closed_on <= ?1 AND (erased IS NULL OR erased <> 'identity')
             ORDER BY closed_on, id",
        )?
        .query_map([cutoff], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The cases with a consent to statistics that covers some day from `from` to `to` and was
/// never withdrawn.
pub(crate) fn counted_by_consent(conn: &Connection, from: &str, to: &str) -> Result<HashSet<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT case_id FROM consents
         WHERE scope = 'statistics' AND withdrawn_on IS NULL AND given_on <= ?2
           AND (expires_on IS NULL OR expires_on >= ?1)",
    )?;
    let rows = stmt.query_map(params![from, to], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<HashSet<i64>>>()?)
}

/// A consent of an open case the dashboard may need to show: the case's code, the consent's
/// scope, dates and row id.
pub(crate) type AlertRow = (
    String,
    i64,
    String,
    CivilDate,
    Option<CivilDate>,
    Option<CivilDate>,
);

/// The consents of open cases that expire before `until`, have expired (referrals only), or
/// were withdrawn: those the dashboard lists, soonest first.
pub(crate) fn alert_rows(
    conn: &Connection,
    today: CivilDate,
    until: CivilDate,
    limit: i64,
) -> Result<Vec<AlertRow>> {
    let rows = conn
        .prepare_cached(
            "SELECT c.code, k.id, k.scope, k.given_on, k.expires_on, k.withdrawn_on
             FROM consents k JOIN cases c ON c.id = k.case_id
             WHERE c.status = 'open' AND (c.erased IS NULL OR c.erased <> 'identity')
               AND (k.withdrawn_on IS NOT NULL
                    OR (k.expires_on IS NOT NULL AND k.expires_on <= ?1
                        AND (k.scope = 'referrals' OR k.expires_on >= ?3)))
             ORDER BY coalesce(k.withdrawn_on, k.expires_on) DESC, k.id
             LIMIT ?2",
        )?
        .query_map(params![until, limit, today], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
