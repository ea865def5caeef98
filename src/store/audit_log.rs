//! The rows of the audit log. The table is append-only (triggers refuse UPDATE and DELETE; only
//! a rotation, in its own new file, drops them to re-seal the chain): entries go in by
//! [`insert`] alone, which only `crate::audit::append` calls.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::audit::entry::{Entry, LogLine};
use crate::Result;

/// The newest entry's sequence number and MAC.
pub(crate) fn last(conn: &Connection) -> Result<Option<(i64, Vec<u8>)>> {
    Ok(conn
        .prepare_cached("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The stored MAC of entry `seq`, if the log holds it.
pub(crate) fn mac_at(conn: &Connection, seq: i64) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT mac FROM audit_log WHERE seq = ?1")?
        .query_row([seq], |r| r.get(0))
        .optional()?)
}

/// Writes one entry with its MAC.
pub(crate) fn insert(conn: &Connection, entry: &Entry, mac: &[u8]) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (seq, at, user_id, action, case_uuid, outcome, detail, mac) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![entry.seq, entry.at, entry.user, entry.action, entry.case, entry.outcome, entry.detail, mac])?;
    Ok(())
}

/// Hands every entry with its stored MAC to `each`, oldest first.
pub(crate) fn each(conn: &Connection, each: &mut dyn FnMut(Entry, Vec<u8>)) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, user_id, action, case_uuid, outcome, detail, mac FROM audit_log ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let entry = Entry::from_row(r)?;
        each(entry, r.get(7)?);
    }
    Ok(())
}

/// Replaces every MAC of the log in `schema` (`main` or an attached database) by what `mac`
/// answers for its entry, oldest first.
pub(crate) fn rewrite_macs(
    conn: &Connection,
    schema: &str,
    mac: &mut dyn FnMut(&Entry) -> [u8; 32],
) -> Result<()> {
    let mut read = conn.prepare(&format!(
        "SELECT seq, at, user_id, action, case_uuid, outcome, detail FROM {schema}.audit_log ORDER BY seq"
    ))?;
    let mut write = conn.prepare(&format!(
        "UPDATE {schema}.audit_log SET mac = ?2 WHERE seq = ?1"
    ))?;
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let entry = Entry::from_row(r)?;
        let m = mac(&entry);
        write.execute(params![entry.seq, &m[..]])?;
    }
    Ok(())
}

/// What the audit screen narrows the log to (`None`: no narrowing).
pub(crate) struct Narrowing<'a> {
    pub(crate) user_key: Option<&'a str>,
    pub(crate) case_uuid: Option<&'a str>,
    pub(crate) action: Option<&'a str>,
    /// First instant, inclusive (RFC 3339 or a day).
    pub(crate) from: Option<String>,
    /// Last instant, exclusive.
    pub(crate) until: Option<String>,
    /// Only entries older than this sequence number.
    pub(crate) before: Option<i64>,
    pub(crate) limit: i64,
}

/// The columns of a [`LogLine`], names and codes joined in.
const LINE: &str = "SELECT a.seq, a.at, u.name, a.action, c.code, a.outcome, a.detail
     FROM audit_log a LEFT JOIN users u ON u.id = a.user_id";

/// Entries newest first, narrowed.
pub(crate) fn search(conn: &Connection, n: &Narrowing<'_>) -> Result<Vec<LogLine>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{LINE} LEFT JOIN cases c ON c.uuid = a.case_uuid
         WHERE (?1 IS NULL OR u.name_key = ?1) AND (?2 IS NULL OR a.case_uuid = ?2)
           AND (?3 IS NULL OR a.action = ?3) AND (?4 IS NULL OR a.at >= ?4)
           AND (?5 IS NULL OR a.at < ?5) AND (?6 IS NULL OR a.seq < ?6)
         ORDER BY a.seq DESC LIMIT ?7"
    ))?;
    let rows = stmt.query_map(
        params![
            n.user_key,
            n.case_uuid,
            n.action,
            n.from,
            n.until,
            n.before,
            n.limit
        ],
        LogLine::from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The latest changes to cases (creations, changes, documents added), newest first.
pub(crate) fn recent_case_changes(conn: &Connection, limit: i64) -> Result<Vec<LogLine>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{LINE} JOIN cases c ON c.uuid = a.case_uuid
         WHERE a.action IN ('case.create', 'case.change', 'document.add', 'consent.override', 'case.erase')
         ORDER BY a.seq DESC LIMIT ?1"
    ))?;
    let rows = stmt.query_map([limit], LogLine::from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every entry oldest first, or those of one case.
pub(crate) fn lines(conn: &Connection, case_uuid: Option<&str>) -> Result<Vec<LogLine>> {
    let mut stmt = conn.prepare(&format!(
        "{LINE} LEFT JOIN cases c ON c.uuid = a.case_uuid
         WHERE ?1 IS NULL OR a.case_uuid = ?1 ORDER BY a.seq"
    ))?;
    let rows = stmt.query_map([case_uuid], LogLine::from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Runs `f` with the log's append-only triggers lifted, inside `tx` (a rotation re-sealing the
/// chain in its new file); they are back before `tx` commits.
pub(crate) fn unlocked(tx: &Transaction<'_>, f: impl FnOnce() -> Result<()>) -> Result<()> {
    tx.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         DROP TRIGGER audit_log_no_delete;",
    )?;
    f()?;
    tx.execute_batch(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
             BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
         CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
             BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
    )?;
    Ok(())
}
