//! The contributions a consolidating vault received: one current contribution per site and
//! period, the replaced ones kept beside it.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::Result;

/// A contribution as stored.
#[derive(Debug, Clone)]
pub(crate) struct ContributionRow {
    pub(crate) packet: String,
    pub(crate) site: String,
    pub(crate) period_from: String,
    pub(crate) period_to: String,
    pub(crate) correction: bool,
    pub(crate) replaced_by: Option<String>,
    /// The exact cells, as the packet's body gave them (JSON).
    pub(crate) cells: String,
    pub(crate) at: String,
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ContributionRow> {
    Ok(ContributionRow {
        packet: r.get(0)?,
        site: r.get(1)?,
        period_from: r.get(2)?,
        period_to: r.get(3)?,
        correction: r.get(4)?,
        replaced_by: r.get(5)?,
        cells: r.get(6)?,
        at: r.get(7)?,
    })
}

const COLUMNS: &str = "packet, site, period_from, period_to, correction, replaced_by, cells, at";

/// The site's current contribution for exactly this period, if any.
pub(crate) fn current(
    conn: &Connection,
    site: &str,
    from: &str,
    to: &str,
) -> Result<Option<ContributionRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM contributions
             WHERE site = ?1 AND period_from = ?2 AND period_to = ?3 AND replaced_by IS NULL"
        ))?
        .query_row([site, from, to], row)
        .optional()?)
}

/// Every current contribution for exactly this period, oldest first.
pub(crate) fn current_for(conn: &Connection, from: &str, to: &str) -> Result<Vec<ContributionRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM contributions
         WHERE period_from = ?1 AND period_to = ?2 AND replaced_by IS NULL
         ORDER BY at, packet"
    ))?;
    let rows = stmt.query_map([from, to], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every contribution held, current and replaced, newest first.
pub(crate) fn all(conn: &Connection) -> Result<Vec<ContributionRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM contributions ORDER BY at DESC, packet DESC"
    ))?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records a contribution; `replaces` is the site's earlier one for the period, if a correction.
pub(crate) fn insert(
    tx: &Transaction<'_>,
    c: &ContributionRow,
    replaces: Option<&str>,
) -> Result<()> {
    if let Some(old) = replaces {
        // The old one steps aside first: one current contribution per site and period.
        tx.prepare_cached("UPDATE contributions SET replaced_by = ?2 WHERE packet = ?1")?
            .execute([old, c.packet.as_str()])?;
    }
    tx.prepare_cached(&format!(
        "INSERT INTO contributions ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7)"
    ))?
    .execute(params![
        c.packet,
        c.site,
        c.period_from,
        c.period_to,
        c.correction,
        c.cells,
        c.at
    ])?;
    Ok(())
}
