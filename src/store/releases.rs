//! The release ledger: every report that left the machine, as `crate::report::releases`
//! records and reads it.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::Result;

/// A release as stored.
#[derive(Debug, Clone)]
pub(crate) struct ReleaseRow {
    pub(crate) id: i64,
    pub(crate) kind: String,
    pub(crate) period_from: String,
    pub(crate) period_to: String,
    pub(crate) min_cell: u32,
    pub(crate) format: String,
    /// What it published (JSON): cells for a report, rows for microdata.
    pub(crate) published: String,
    /// How many cells the joint check suppressed in it to protect earlier releases.
    pub(crate) protected: u32,
    pub(crate) released_at: String,
    pub(crate) released_by: String,
    pub(crate) retired_at: Option<String>,
    pub(crate) retired_by: Option<String>,
    pub(crate) retired_reason: Option<String>,
}

const COLUMNS: &str = "id, kind, period_from, period_to, min_cell, format, published, protected,
     released_at, released_by, retired_at, retired_by, retired_reason";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReleaseRow> {
    Ok(ReleaseRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        period_from: r.get(2)?,
        period_to: r.get(3)?,
        min_cell: r.get(4)?,
        format: r.get(5)?,
        published: r.get(6)?,
        protected: r.get(7)?,
        released_at: r.get(8)?,
        released_by: r.get(9)?,
        retired_at: r.get(10)?,
        retired_by: r.get(11)?,
        retired_reason: r.get(12)?,
    })
}

/// Records a release; returns its id. `id`, `retired_*` of `release` are ignored.
pub(crate) fn insert(tx: &Transaction<'_>, release: &ReleaseRow) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO releases (kind, period_from, period_to, min_cell, format, published,
             protected, released_at, released_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        release.kind,
        release.period_from,
        release.period_to,
        release.min_cell,
        release.format,
        release.published,
        release.protected,
        release.released_at,
        release.released_by,
    ])?;
    Ok(tx.last_insert_rowid())
}

/// The releases of `kind` that still bind the joint check, oldest first.
pub(crate) fn binding(conn: &Connection, kind: &str) -> Result<Vec<ReleaseRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM releases WHERE kind = ?1 AND retired_at IS NULL ORDER BY id"
    ))?;
    let rows = stmt.query_map([kind], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every release, retired ones included, newest first.
pub(crate) fn all(conn: &Connection) -> Result<Vec<ReleaseRow>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM releases ORDER BY id DESC"))?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One release.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<Option<ReleaseRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM releases WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

/// The newest release id of `kind` still binding and how many bind: what a preview was checked
/// against, so that a save can tell whether the ledger moved since.
pub(crate) fn stamp(conn: &Connection, kind: &str) -> Result<(i64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(MAX(id), 0), COUNT(*) FROM releases
             WHERE kind = ?1 AND retired_at IS NULL",
        )?
        .query_row([kind], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Retires a release from the joint check; false when it was not binding.
pub(crate) fn retire(
    tx: &Transaction<'_>,
    id: i64,
    at: &str,
    by: &str,
    reason: &str,
) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "UPDATE releases SET retired_at = ?2, retired_by = ?3, retired_reason = ?4
             WHERE id = ?1 AND retired_at IS NULL",
        )?
        .execute(params![id, at, by, reason])?
        == 1)
}
