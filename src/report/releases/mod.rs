//! The release ledger (indicators.md, "Releases: protection across reports"). Every report
//! that leaves the machine — saved or written out, never a preview — is a release: the vault
//! records its period, `k` and the cells it published. Each new report is checked jointly with
//! every release of its kind that still binds ([`joint`]), and cells that would give a small
//! count away in combination are suppressed in the new report, never in an old one.
//!
//! Kinds do not mix: a site's own reports, the consolidated reports of many sites' sums, and
//! CTDC microdata are each a ledger of their own (their counts are of different records).

mod joint;
mod system;

use std::collections::HashMap;

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Breakdown, Cell, CellValue, Indicator, IndicatorReport, Period};
use crate::audit::Note;
use crate::store::releases::{self as store, ReleaseRow};
use crate::{Error, Result};

pub(crate) use joint::New;

/// What a release was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ReleaseKind {
    /// This vault's indicator report.
    Indicators,
    /// A consolidated report of many sites' contributions.
    Consolidated,
    /// Anonymized microdata in the CTDC format.
    Ctdc,
}

impl ReleaseKind {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            ReleaseKind::Indicators => "indicators",
            ReleaseKind::Consolidated => "consolidated",
            ReleaseKind::Ctdc => "ctdc",
        }
    }

    fn parse(word: &str) -> Result<Self> {
        match word {
            "indicators" => Ok(ReleaseKind::Indicators),
            "consolidated" => Ok(ReleaseKind::Consolidated),
            "ctdc" => Ok(ReleaseKind::Ctdc),
            _ => Err(Error::Damaged),
        }
    }

    /// The kind of an indicator report: consolidated when it adds up sites' contributions.
    pub fn of(report: &IndicatorReport) -> Self {
        if report.consolidation.is_some() {
            ReleaseKind::Consolidated
        } else {
            ReleaseKind::Indicators
        }
    }
}

/// A release about to be recorded.
#[derive(Debug, Clone)]
pub(crate) struct NewRelease<'a> {
    /// What it is.
    pub kind: ReleaseKind,
    /// Its period.
    pub period: Period,
    /// Its `k`.
    pub min_cell: u32,
    /// The file format it left in (`json`, `csv`, `xlsx`).
    pub format: &'a str,
    /// What it published: a report's cells, microdata's rows.
    pub published: serde_json::Value,
}

/// Records a release that `user` (a user id) lets out, in `tx` (the transaction of the action
/// that lets it out); returns its id. A release identical to one that still binds (the same
/// kind, period, `k` and content: the same report saved twice) is not recorded again; the
/// earlier one's id is returned.
pub(crate) fn record(tx: &Transaction<'_>, release: &NewRelease<'_>, user: &str) -> Result<i64> {
    record_by(tx, release, 0, user)
}

/// [`record`] with the cells the joint check suppressed.
fn record_by(
    tx: &Transaction<'_>,
    release: &NewRelease<'_>,
    protected: u32,
    user: &str,
) -> Result<i64> {
    let published = serde_json::to_string(&release.published).map_err(|_| Error::Damaged)?;
    let (from, to) = (
        release.period.from.to_string(),
        release.period.to.to_string(),
    );
    if let Some(same) = store::binding(tx, release.kind.as_str())?
        .into_iter()
        .find(|r| {
            r.period_from == from
                && r.period_to == to
                && r.min_cell == release.min_cell
                && r.published == published
        })
    {
        return Ok(same.id);
    }
    store::insert(
        tx,
        &ReleaseRow {
            id: 0,
            kind: release.kind.as_str().to_owned(),
            period_from: from,
            period_to: to,
            min_cell: release.min_cell,
            format: release.format.to_owned(),
            published,
            protected,
            released_at: crate::clock::now_utc(),
            released_by: user.to_owned(),
            retired_at: None,
            retired_by: None,
            retired_reason: None,
        },
    )
}

/// Records an indicator report (a site's or a consolidated one) as released by `user`.
pub(crate) fn record_report(
    tx: &Transaction<'_>,
    report: &IndicatorReport,
    format: &str,
    user: &str,
) -> Result<i64> {
    let period = Period::parse(&report.period.from, &report.period.to)?;
    let release = NewRelease {
        kind: ReleaseKind::of(report),
        period,
        min_cell: report.disclosure_control.min_cell,
        format,
        published: serde_json::to_value(&report.cells).map_err(|_| Error::Damaged)?,
    };
    record_by(
        tx,
        &release,
        report.disclosure_control.suppressed_for_earlier_releases,
        user,
    )
}

/// An earlier release as the joint check reads it.
#[derive(Debug, Clone)]
pub(crate) struct Earlier {
    pub(crate) period: Period,
    pub(crate) min_cell: u32,
    cells: HashMap<Indicator, Vec<(Breakdown, Option<CellValue>)>>,
}

impl Earlier {
    /// The counts it published for `indicator`: per category, the count or `None` if withheld.
    pub(crate) fn counts(
        &self,
        indicator: Indicator,
    ) -> impl Iterator<Item = (&Breakdown, Option<u64>)> {
        self.cells
            .get(&indicator)
            .into_iter()
            .flatten()
            .map(|(b, v)| {
                (
                    b,
                    match v {
                        Some(CellValue::Count(n)) => Some(*n),
                        _ => None,
                    },
                )
            })
    }

    /// The amount it published in `currency`, if it did.
    pub(crate) fn amount(&self, currency: Option<&str>) -> Option<String> {
        self.cells
            .get(&Indicator::AllowanceAmount)?
            .iter()
            .find(|(b, _)| b.currency.as_deref() == currency)
            .and_then(|(_, v)| match v {
                Some(CellValue::Amount(a)) => Some(a.clone()),
                _ => None,
            })
    }

    /// How many currencies its amounts table had.
    pub(crate) fn currencies(&self) -> usize {
        self.cells
            .get(&Indicator::AllowanceAmount)
            .map_or(0, Vec::len)
    }

    /// Its published total of allowance recipients.
    pub(crate) fn recipients_total(&self) -> Option<u64> {
        self.counts(Indicator::AllowanceRecipients)
            .find(|(b, _)| **b == Breakdown::default())
            .and_then(|(_, v)| v)
    }
}

/// The releases of `kind` that bind the next one.
pub(crate) fn binding(conn: &Connection, kind: ReleaseKind) -> Result<Vec<Earlier>> {
    store::binding(conn, kind.as_str())?
        .into_iter()
        .map(|row| {
            let period = Period::parse(&row.period_from, &row.period_to)?;
            let cells: Vec<Cell> =
                serde_json::from_str(&row.published).map_err(|_| Error::Damaged)?;
            let mut by: HashMap<Indicator, Vec<(Breakdown, Option<CellValue>)>> = HashMap::new();
            for c in cells {
                by.entry(c.indicator)
                    .or_default()
                    .push((c.breakdown, c.value));
            }
            Ok(Earlier {
                period,
                min_cell: row.min_cell,
                cells: by,
            })
        })
        .collect()
}

/// Where the ledger of `kind` stands: what a preview was checked against. A save refuses a
/// preview made before the ledger moved (another release, or one retired).
pub(crate) fn stamp(conn: &Connection, kind: ReleaseKind) -> Result<(i64, i64)> {
    store::stamp(conn, kind.as_str())
}

/// Suppresses what the joint check asks in freshly protected tables; returns how many cells.
pub(crate) fn protect(
    tables: &mut [super::disclosure::Table],
    new: New,
    earlier: &[Earlier],
) -> u32 {
    joint::protect(tables, new, earlier)
}

/// A release as listed (`haven report releases`, the report screen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReleaseView {
    /// Its number in the ledger.
    #[ts(type = "number")]
    pub id: i64,
    /// What it was.
    pub kind: ReleaseKind,
    /// First day of its period.
    pub from: String,
    /// Last day of its period.
    pub to: String,
    /// Its minimum cell size.
    pub min_cell: u32,
    /// The format it left in.
    pub format: String,
    /// How many cells (or rows) it published with a value.
    pub published: u32,
    /// How many of its cells were withheld.
    pub suppressed: u32,
    /// How many of those the joint check withheld to protect earlier releases.
    pub suppressed_for_earlier_releases: u32,
    /// When it left (RFC 3339, UTC).
    pub released_at: String,
    /// Who let it out (a user name).
    pub released_by: String,
    /// When it was retired from the joint check, if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub retired_at: Option<String>,
    /// Who retired it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub retired_by: Option<String>,
    /// Why.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub retired_reason: Option<String>,
}

/// Every release, newest first, with user names.
pub(crate) fn list(conn: &Connection) -> Result<Vec<ReleaseView>> {
    let names: HashMap<String, String> = crate::store::users::names(conn)?.into_iter().collect();
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    store::all(conn)?
        .into_iter()
        .map(|row| {
            let kind = ReleaseKind::parse(&row.kind)?;
            let (published, suppressed) = match kind {
                ReleaseKind::Ctdc => {
                    let rows: Vec<serde_json::Value> =
                        serde_json::from_str(&row.published).map_err(|_| Error::Damaged)?;
                    (rows.len() as u32, 0)
                }
                _ => {
                    let cells: Vec<Cell> =
                        serde_json::from_str(&row.published).map_err(|_| Error::Damaged)?;
                    let hidden = cells.iter().filter(|c| c.suppressed).count() as u32;
                    (cells.len() as u32 - hidden, hidden)
                }
            };
            Ok(ReleaseView {
                id: row.id,
                kind,
                from: row.period_from,
                to: row.period_to,
                min_cell: row.min_cell,
                format: row.format,
                published,
                suppressed,
                suppressed_for_earlier_releases: row.protected,
                released_at: row.released_at,
                released_by: name(&row.released_by),
                retired_at: row.retired_at,
                retired_by: row.retired_by.as_deref().map(name),
                retired_reason: row.retired_reason,
            })
        })
        .collect()
}

/// The longest reason for retiring a release, in characters.
pub const RETIRE_REASON_MAX: usize = 500;

/// Retires release `id` from the joint check, with `reason` (kept in the ledger; the audit
/// entry names only the release).
pub(crate) fn retire(
    tx: &Transaction<'_>,
    note: &mut Note,
    id: i64,
    reason: &str,
    user: &str,
) -> Result<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid(
            "reason",
            "Say why this release no longer needs protecting (for example: withdrawn before publication).",
        ));
    }
    if reason.chars().count() > RETIRE_REASON_MAX {
        return Err(Error::invalid(
            "reason",
            format!("Keep the reason under {RETIRE_REASON_MAX} characters."),
        ));
    }
    crate::records::text::check(reason, crate::records::text::Kind::Free)
        .map_err(|e| Error::invalid("reason", e.message(crate::records::text::Kind::Free)))?;
    let Some(row) = store::get(tx, id)? else {
        return Err(Error::invalid(
            "release",
            format!("There is no release {id}."),
        ));
    };
    if row.retired_at.is_some() {
        return Err(Error::invalid(
            "release",
            format!("Release {id} was retired already."),
        ));
    }
    store::retire(tx, id, &crate::clock::now_utc(), user, reason)?;
    note.detail = Some(format!("release {id} {} retired", row.kind));
    Ok(())
}
