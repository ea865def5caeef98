//! Consolidated counts (exchange.md, last part): a site's exact cells for a period — its
//! contribution — and the report of many sites, their cells added and disclosure control
//! applied once over the sums, as if one vault had counted every site's records.
//!
//! A contribution's cells are the site report's cells before suppression: the same cells, in
//! the same order, checked here against the shape of this build's report before anything is
//! kept, so that the merge never meets a cell it does not know.

use std::collections::{BTreeMap, HashMap};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::disclosure::{DraftCell, Table};
use super::{tally, Breakdown, Indicator, IndicatorReport, Period};
use crate::packet::{ExactCell, Refusal};
use crate::records::money;
use crate::{Error, Result};

/// What a consolidated report adds up (never which sites: the output names none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Consolidation {
    /// How many sites' contributions the cells add up.
    pub sites: u32,
    /// How many of them are corrections that replaced an earlier contribution.
    pub corrections: u32,
}

/// One site's contribution, as the merge takes it.
#[derive(Debug, Clone)]
pub struct SiteCells {
    /// Whether it replaced an earlier contribution.
    pub correction: bool,
    /// Its exact cells.
    pub cells: Vec<ExactCell>,
}

/// The vault's exact cells for `period`: what `report contribute` sends (the `identified here`
/// rule and the consent-to-statistics setting applied, nothing suppressed).
pub(crate) fn exact_cells(conn: &Connection, period: Period) -> Result<Vec<ExactCell>> {
    Ok(super::counted(conn, period)?
        .iter()
        .flat_map(|t| {
            t.cells.iter().map(|c| ExactCell {
                indicator: t.indicator,
                breakdown: c.breakdown.clone(),
                count: c.count,
                amount: c.amount.clone(),
            })
        })
        .collect())
}

/// Checks a contribution's cells against the report's shape: every count cell once, no other,
/// amounts only in currencies of account with a sum that reads. Refused as changed otherwise
/// (a sender's bug or a newer build: nothing is kept).
pub(crate) fn check(conn: &Connection, period: Period, cells: &[ExactCell]) -> Result<()> {
    let mut merged = Merge::new(conn, period)?;
    merged.add(cells)
}

/// The consolidated report: `sites`' cells added into the report's tables, then disclosure
/// control with `k` once over the sums, checked jointly with the consolidated reports released
/// before.
pub(crate) fn report(
    conn: &Connection,
    period: Period,
    k: u32,
    sites: &[SiteCells],
    generated_at: String,
) -> Result<IndicatorReport> {
    let mut merged = Merge::new(conn, period)?;
    for site in sites {
        merged.add(&site.cells)?;
    }
    let earlier = super::releases::binding(conn, super::releases::ReleaseKind::Consolidated)?;
    let mut report = super::protected(merged.tables(), period, k, generated_at, &earlier);
    report.consolidation = Some(Consolidation {
        sites: sites.len() as u32,
        corrections: sites.iter().filter(|s| s.correction).count() as u32,
    });
    Ok(report)
}

/// Tables being added into.
struct Merge {
    tables: Vec<Table>,
    /// (indicator, breakdown) → (table, cell) for every count cell.
    index: HashMap<(Indicator, Breakdown), (usize, usize)>,
    /// Per currency: distinct cases paid, and the sum in minor units.
    amounts: BTreeMap<String, (u64, i64)>,
}

impl Merge {
    fn new(conn: &Connection, period: Period) -> Result<Self> {
        let tables = tally::skeleton(conn, period)?;
        let mut index = HashMap::new();
        for (t, table) in tables.iter().enumerate() {
            for (c, cell) in table.cells.iter().enumerate() {
                index.insert((table.indicator, cell.breakdown.clone()), (t, c));
            }
        }
        Ok(Self {
            tables,
            index,
            amounts: BTreeMap::new(),
        })
    }

    /// Adds one site's cells; refused whole (nothing added) unless they have the report's shape.
    fn add(&mut self, cells: &[ExactCell]) -> Result<()> {
        let changed = || Error::PacketRefused(Refusal::Changed);
        let mut seen = vec![false; self.index.len()];
        let mut counts = Vec::with_capacity(cells.len());
        let mut amounts: BTreeMap<String, (u64, i64)> = BTreeMap::new();
        let slot = |t: usize, c: usize, tables: &[Table]| -> usize {
            tables[..t].iter().map(|x| x.cells.len()).sum::<usize>() + c
        };
        for cell in cells {
            if cell.indicator.is_amount() {
                let code = cell.breakdown.currency.as_deref().ok_or_else(changed)?;
                let currency = money::currency(code).ok_or_else(changed)?;
                let only_currency = Breakdown {
                    currency: Some(code.to_owned()),
                    ..Breakdown::default()
                };
                let amount = cell.amount.as_deref().ok_or_else(changed)?;
                let minor = minor_units(amount, currency).ok_or_else(changed)?;
                if cell.breakdown != only_currency || amounts.contains_key(code) {
                    return Err(changed());
                }
                amounts.insert(code.to_owned(), (cell.count, minor));
                continue;
            }
            let &(t, c) = self
                .index
                .get(&(cell.indicator, cell.breakdown.clone()))
                .ok_or_else(changed)?;
            let i = slot(t, c, &self.tables);
            if cell.amount.is_some() || std::mem::replace(&mut seen[i], true) {
                return Err(changed());
            }
            counts.push((t, c, cell.count));
        }
        if seen.iter().any(|s| !s) {
            return Err(changed());
        }
        for (t, c, n) in counts {
            let cell = &mut self.tables[t].cells[c];
            cell.count = cell.count.checked_add(n).ok_or_else(changed)?;
        }
        for (code, (payees, minor)) in amounts {
            let entry = self.amounts.entry(code).or_insert((0, 0));
            entry.0 = entry.0.checked_add(payees).ok_or_else(changed)?;
            entry.1 = entry.1.checked_add(minor).ok_or_else(changed)?;
        }
        Ok(())
    }

    /// The added tables, the amounts table filled with every currency contributed.
    fn tables(mut self) -> Vec<Table> {
        for t in &mut self.tables {
            if t.indicator.is_amount() {
                for (code, &(payees, minor)) in &self.amounts {
                    let currency = money::currency(code).expect("checked when added");
                    t.cells.push(DraftCell {
                        breakdown: Breakdown {
                            currency: Some(code.clone()),
                            ..Breakdown::default()
                        },
                        count: payees,
                        amount: Some(money::format_minor(minor, currency)),
                        suppressed: false,
                    });
                }
            }
        }
        self.tables
    }
}

/// A sum as a site report writes it (`"21200.00"`, zero included) in minor units.
fn minor_units(amount: &str, currency: iso_currency::Currency) -> Option<i64> {
    if amount == money::format_minor(0, currency) {
        return Some(0);
    }
    let minor = money::Money::parse(amount, currency)?.minor;
    // Exactly the currency's decimals, as a report writes them: one spelling per amount.
    (money::format_minor(minor, currency) == amount).then_some(minor)
}
