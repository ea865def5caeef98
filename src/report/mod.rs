//! The anonymized indicator report: counts of distinct cases for supervisors, the one thing
//! that leaves the machine by design (../shared/spec/indicators.md, a public contract; our own
//! words in docs/formats/indicator-report.md).
//!
//! Three steps, one module each:
//! - [`tally`] reads the vault and counts distinct cases per indicator and category;
//! - [`disclosure`] hides the cells a reader could use to single someone out;
//! - [`formats`] writes the result as the contract's JSON, tidy CSV or an XLSX workbook;
//! - [`consolidate`] gives a site's exact cells for the consolidator (a contribution), and adds
//!   many sites' cells into one report, disclosure control applied once over the sums.
//!
//! What comes out holds counts, amounts and the period only: no name, code, ref, organization
//! name, free text or date finer than the period.

pub mod consolidate;
pub mod ctdc;
pub mod disclosure;
pub mod formats;
pub mod indicators;
pub mod releases;
mod tally;

pub use indicators::{AgeGroup, Breakdown, Indicator, BREAKDOWN_KEYS};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::Note;
use crate::records::date::CivilDate;
use crate::{Error, Result};

/// The vault's minimum cell size until an administrator sets another (the CMS rule, CTDC's k).
pub const DEFAULT_MIN_CELL: u32 = 11;
/// The smallest minimum cell size an export may ask for (no suppression at all).
pub const MIN_CELL_LOWEST: u32 = 1;
/// The largest.
pub const MIN_CELL_HIGHEST: u32 = 100;
/// Below this, a report holds exact small counts: it says so and is audit-logged as such.
pub const EXACT_SMALL_COUNTS_BELOW: u32 = 5;

/// What a supervisor asks for: a period and, optionally, a minimum cell size other than the
/// vault's default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReportRequest {
    /// First day, `YYYY-MM-DD`, inclusive.
    pub from: String,
    /// Last day, `YYYY-MM-DD`, inclusive.
    pub to: String,
    /// The minimum cell size `k` (1-100); the vault's default when absent.
    #[ts(optional)]
    pub min_cell: Option<u32>,
}

/// The report: the JSON contract's shape, field for field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IndicatorReport {
    /// Always `indicators`.
    pub report: String,
    /// The period, both days inclusive.
    pub period: ReportPeriod,
    /// How small counts were protected.
    pub disclosure_control: DisclosureControl,
    /// When the report was made (RFC 3339, UTC, whole seconds).
    pub generated_at: String,
    /// `haven` and its version.
    pub generator: String,
    /// Every cell, in the order of the spec's table.
    pub cells: Vec<Cell>,
    /// For a consolidated report only: how many sites' contributions it adds up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub consolidation: Option<consolidate::Consolidation>,
}

/// The period of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReportPeriod {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`.
    pub to: String,
}

/// The disclosure-control metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DisclosureControl {
    /// Always `small-cell suppression`.
    pub method: String,
    /// The minimum cell size `k` used.
    pub min_cell: u32,
    /// Present (and true) only when `k` is below 5: the report holds exact small counts.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub exact_small_counts: bool,
    /// How many earlier releases the report was checked against (present when any was).
    #[serde(default, skip_serializing_if = "is_zero")]
    #[ts(as = "Option<u32>", optional)]
    pub earlier_releases: u32,
    /// How many cells were suppressed only to protect earlier releases (present when any was).
    #[serde(default, skip_serializing_if = "is_zero")]
    #[ts(as = "Option<u32>", optional)]
    pub suppressed_for_earlier_releases: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// One published (or suppressed) number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Cell {
    /// Which indicator.
    pub indicator: Indicator,
    /// Which category; empty for the indicator's total.
    pub breakdown: Breakdown,
    /// The count or amount; `None` when suppressed.
    pub value: Option<CellValue>,
    /// True when the value was withheld.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub suppressed: bool,
}

/// A cell's value: a count of cases, or an amount as a decimal string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(untagged)]
#[ts(export)]
pub enum CellValue {
    /// Distinct cases.
    Count(#[ts(type = "number")] u64),
    /// A sum of money with the currency's decimals (`"21200.00"`).
    Amount(String),
}

impl IndicatorReport {
    /// The cells of one indicator, in order.
    pub fn cells_of(&self, indicator: Indicator) -> impl Iterator<Item = &Cell> {
        self.cells.iter().filter(move |c| c.indicator == indicator)
    }

    /// Whether the report holds exact small counts (`k` below 5).
    pub fn exact_small_counts(&self) -> bool {
        self.disclosure_control.exact_small_counts
    }
}

/// A checked period: both days real, `from` not after `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day, inclusive.
    pub from: CivilDate,
    /// Last day, inclusive.
    pub to: CivilDate,
}

impl Period {
    /// Reads and checks a period, answering with the field at fault.
    pub fn parse(from: &str, to: &str) -> Result<Self> {
        let day = |text: &str, field: &'static str| {
            CivilDate::parse(text.trim()).ok_or_else(|| {
                Error::invalid(
                    field,
                    "Enter a date as YYYY-MM-DD (for example 2014-01-01).",
                )
            })
        };
        let (from, to) = (day(from, "from")?, day(to, "to")?);
        if from > to {
            return Err(Error::invalid(
                "to",
                "The period ends before it starts; the last day must be on or after the first.",
            ));
        }
        Ok(Self { from, to })
    }
}

/// Checks a minimum cell size.
pub fn check_min_cell(k: u32) -> Result<u32> {
    if (MIN_CELL_LOWEST..=MIN_CELL_HIGHEST).contains(&k) {
        Ok(k)
    } else {
        Err(Error::invalid(
            "minCell",
            format!(
                "The minimum cell size must be a whole number from {MIN_CELL_LOWEST} to {MIN_CELL_HIGHEST}."
            ),
        ))
    }
}

const META_MIN_CELL: &str = "report.min_cell";

/// The vault's default minimum cell size.
pub(crate) fn default_min_cell(conn: &rusqlite::Connection) -> Result<u32> {
    match crate::vault::database::meta(conn, META_MIN_CELL)? {
        None => Ok(DEFAULT_MIN_CELL),
        Some(v) => v
            .parse::<u32>()
            .ok()
            .and_then(|k| check_min_cell(k).ok())
            .ok_or(Error::Damaged),
    }
}

/// Sets the vault's default minimum cell size (checked by [`check_min_cell`] first).
pub(crate) fn set_default_min_cell(
    tx: &rusqlite::Transaction<'_>,
    note: &mut Note,
    k: u32,
) -> Result<()> {
    crate::vault::database::set_meta(tx, META_MIN_CELL, &k.to_string())?;
    note.detail = Some(format!("default min_cell={k}"));
    Ok(())
}

/// The report for `request` over `conn`, `k` defaulting to the vault's, checked jointly with
/// every earlier release of the vault's own reports.
pub(crate) fn make(
    conn: &rusqlite::Connection,
    request: &ReportRequest,
) -> Result<IndicatorReport> {
    let period = Period::parse(&request.from, &request.to)?;
    let k = match request.min_cell {
        Some(k) => check_min_cell(k)?,
        None => default_min_cell(conn)?,
    };
    let earlier = releases::binding(conn, releases::ReleaseKind::Indicators)?;
    let tables = counted(conn, period)?;
    Ok(protected(tables, period, k, now_rfc3339(), &earlier))
}

/// The log's detail for a report: what was asked, never what was counted.
pub(crate) fn report_note(report: &IndicatorReport, what: &str) -> Note {
    Note {
        case: None,
        detail: Some(
            format!(
                "indicators {what} {}..{} min_cell={}{}",
                report.period.from,
                report.period.to,
                report.disclosure_control.min_cell,
                if report.exact_small_counts() {
                    " exact_small_counts"
                } else {
                    ""
                }
            ) + &match report.disclosure_control.suppressed_for_earlier_releases {
                0 => String::new(),
                n => format!(" suppressed_for_earlier_releases={n}"),
            },
        ),
    }
}

/// The vault's tables for `period`, counted exactly (the vault's consent-to-statistics
/// setting applied), before disclosure control.
fn counted(conn: &rusqlite::Connection, period: Period) -> Result<Vec<disclosure::Table>> {
    let only = if crate::lifecycle::settings::read(conn)?.statistics_requires_consent {
        let (from, to) = (period.from.to_string(), period.to.to_string());
        Some(crate::store::lifecycle::counted_by_consent(
            conn, &from, &to,
        )?)
    } else {
        None
    };
    tally::count(conn, period, only.as_ref())
}

/// The report of counted tables: disclosure control with `k`, then the joint check with the
/// `earlier` releases, then the contract's shape.
fn protected(
    mut tables: Vec<disclosure::Table>,
    period: Period,
    k: u32,
    generated_at: String,
    earlier: &[releases::Earlier],
) -> IndicatorReport {
    for table in &mut tables {
        disclosure::protect(table, u64::from(k));
    }
    let suppressed_for_earlier_releases =
        releases::protect(&mut tables, releases::New { period, k }, earlier);
    let cells = tables.iter().flat_map(|t| t.publish()).collect();
    IndicatorReport {
        report: "indicators".to_owned(),
        period: ReportPeriod {
            from: period.from.to_string(),
            to: period.to.to_string(),
        },
        disclosure_control: DisclosureControl {
            method: "small-cell suppression".to_owned(),
            min_cell: k,
            exact_small_counts: k < EXACT_SMALL_COUNTS_BELOW,
            earlier_releases: earlier.len() as u32,
            suppressed_for_earlier_releases,
        },
        generated_at,
        generator: generator(),
        cells,
        consolidation: None,
    }
}

/// `haven` and its version, as reports and contributions name their maker.
pub(crate) fn generator() -> String {
    format!("haven {}", env!("CARGO_PKG_VERSION"))
}

/// Now, as `2026-11-28T10:00:00Z`.
fn now_rfc3339() -> String {
    crate::clock::now_utc()
}

/// The report over a database without a key file or a session, for the benchmark's
/// unencrypted twin.
#[cfg(feature = "test-support")]
#[doc(hidden)]
pub fn build_for_benchmark(
    conn: &rusqlite::Connection,
    from: &str,
    to: &str,
    k: u32,
) -> Result<IndicatorReport> {
    let tables = counted(conn, Period::parse(from, to)?)?;
    Ok(protected(
        tables,
        Period::parse(from, to)?,
        k,
        now_rfc3339(),
        &[],
    ))
}
