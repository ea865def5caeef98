//! The joint check (indicators.md, "Releases"): a new report's tables, already protected on
//! their own, checked together with every earlier release that still binds. No cell of any
//! release, nor any difference cell (the cases of one period not in another), may become
//! determinable to a value from 1 to k−1; cells of the new release are suppressed until none
//! does. Earlier releases are never changed: they are out already.
//!
//! Per indicator, one linear system ([`super::system`]) over every release of it:
//! - each release's cells, published ones fixed to their value, and its table's sums;
//! - `victims_identified` counts a case once, on its day of identification, so its counts
//!   add over periods: the timeline is cut at every release's first and last day into
//!   segments, a release's cell is the sum of its segments' cells, the table's sums hold in
//!   every segment, and a difference cell is the sum over the segments of one period outside
//!   the other;
//! - the other indicators count a case in every period where something happened to it, so
//!   they do not add; what holds is that a period holds at least the cases of a period inside
//!   it: for every nested pair, a difference cell `outer − inner ≥ 0`.
//!
//! What earlier releases already gave away among themselves (before the ledger, or through a
//! retired release) cannot be taken back and is left out of the search. Amounts, which are no
//! counts, follow their own rule: see [`protect_amounts`].

use std::collections::HashMap;

use super::system::{Analysis, Form, System};
use super::Earlier;
use crate::report::disclosure::{self, Table};
use crate::report::{Breakdown, Indicator, Period};

/// A new release being checked: its period and `k`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct New {
    pub(crate) period: Period,
    pub(crate) k: u32,
}

/// Suppresses cells of `tables` (the new release) until no cell or difference cell of any
/// release is determinable to 1..k−1; returns how many cells it suppressed.
pub(crate) fn protect(tables: &mut [Table], new: New, earlier: &[Earlier]) -> u32 {
    if earlier.is_empty() {
        return 0;
    }
    let hidden = |tables: &[Table]| -> usize {
        tables
            .iter()
            .map(|t| t.cells.iter().filter(|c| c.suppressed).count())
            .sum()
    };
    let before = hidden(tables);
    for table in tables.iter_mut().filter(|t| !t.is_amounts()) {
        protect_counts(table, new, earlier);
    }
    // The recipients' total as the new release publishes it, for the amounts' rule.
    let recipients = tables
        .iter()
        .find(|t| t.indicator == Indicator::AllowanceRecipients)
        .and_then(|t| t.cells.first())
        .and_then(|c| (!c.suppressed).then_some(c.count));
    for table in tables.iter_mut().filter(|t| t.is_amounts()) {
        protect_amounts(table, new, recipients, earlier);
    }
    (hidden(tables) - before) as u32
}

/// One release as the model sees it: its days and each cell of the table, published or not.
#[derive(Clone)]
struct Release {
    first: i32,
    last: i32,
    k: u32,
    /// Per cell of the table: the published count, `None` when withheld (or not in it).
    values: Vec<Option<u64>>,
}

/// What must not become determinable: a release's withheld cell, or a difference cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Quantity {
    /// Cell `cell` of release `release`.
    Cell { release: usize, cell: usize },
    /// The cases of `outer`'s period not in `inner`'s, in cell `cell`.
    Difference {
        outer: usize,
        inner: usize,
        cell: usize,
    },
}

/// The quantities of a model, each with its form and the `k` it must respect.
struct Model {
    system: System,
    quantities: Vec<(Quantity, Form, u32)>,
}

fn protect_counts(table: &mut Table, new: New, earlier: &[Earlier]) {
    let index: HashMap<&Breakdown, usize> = table
        .cells
        .iter()
        .enumerate()
        .map(|(i, c)| (&c.breakdown, i))
        .collect();
    let mut releases: Vec<Release> = earlier
        .iter()
        .map(|e| {
            let mut values = vec![None; table.cells.len()];
            for (breakdown, value) in e.counts(table.indicator) {
                if let Some(&i) = index.get(breakdown) {
                    values[i] = value;
                }
            }
            Release {
                first: e.period.from.day_number(),
                last: e.period.to.day_number(),
                k: e.min_cell,
                values,
            }
        })
        .collect();
    let additive = table.indicator == Indicator::VictimsIdentified;
    // What the earlier releases give away by themselves is out of reach.
    let given_away: std::collections::HashSet<Quantity> = {
        let model = model(table, &releases, additive);
        disclosed(&model, &model.system.analyse())
            .into_iter()
            .collect()
    };
    let k = u64::from(new.k);
    let new_index = releases.len();
    releases.push(new_release(table, new));
    loop {
        let model = model(table, &releases, additive);
        let analysis = model.system.analyse();
        let Some(q) = disclosed(&model, &analysis)
            .into_iter()
            .find(|q| !given_away.contains(q))
        else {
            return;
        };
        let Some(cell) = to_hide(table, &releases, new_index, additive, q, &given_away) else {
            return;
        };
        table.cells[cell].suppressed = true;
        disclosure::settle(table, k);
        releases[new_index] = new_release(table, new);
    }
}

fn new_release(table: &Table, new: New) -> Release {
    Release {
        first: new.period.from.day_number(),
        last: new.period.to.day_number(),
        k: new.k,
        values: table
            .cells
            .iter()
            .map(|c| (!c.suppressed).then_some(c.count))
            .collect(),
    }
}

/// The quantities the model determines to a value from 1 to their k − 1.
fn disclosed(model: &Model, analysis: &Analysis) -> Vec<Quantity> {
    model
        .quantities
        .iter()
        .filter_map(|(q, form, k)| {
            let v = analysis.determined(form)?.round();
            (v >= 1.0 && v < f64::from(*k)).then_some(*q)
        })
        .collect()
}

/// The published cell of the new release whose suppression frees `q`: the cell `q` is about
/// first, then the cells it shares a sum with, then the rest, smallest count first; the first
/// of them when no single one frees it (the loop then goes on).
fn to_hide(
    table: &Table,
    releases: &[Release],
    new_index: usize,
    additive: bool,
    q: Quantity,
    given_away: &std::collections::HashSet<Quantity>,
) -> Option<usize> {
    let about = match q {
        Quantity::Cell { cell, .. } | Quantity::Difference { cell, .. } => cell,
    };
    let near = |i: usize| {
        table.sums.iter().any(|s| {
            (s.whole == about || s.parts.contains(&about)) && (s.whole == i || s.parts.contains(&i))
        })
    };
    let mut candidates: Vec<usize> = (0..table.cells.len())
        .filter(|&i| !table.cells[i].suppressed)
        .collect();
    candidates.sort_by_key(|&i| {
        (
            i != about,
            !near(i),
            table.cells[i].count == 0,
            i == 0,
            table.cells[i].count,
            i,
        )
    });
    let first = *candidates.first()?;
    for &c in candidates.iter().take(12) {
        let mut trial = table.clone();
        trial.cells[c].suppressed = true;
        let mut trial_releases = releases.to_vec();
        trial_releases[new_index].values[c] = None;
        let model = model(&trial, &trial_releases, additive);
        let analysis = model.system.analyse();
        let still = disclosed(&model, &analysis)
            .into_iter()
            .any(|d| d == q && !given_away.contains(&d));
        if !still {
            return Some(c);
        }
    }
    Some(first)
}

/// The linear system of one indicator's table over `releases`.
fn model(table: &Table, releases: &[Release], additive: bool) -> Model {
    let mut system = System::default();
    let width = table.cells.len();
    let y: Vec<Vec<usize>> = releases
        .iter()
        .map(|_| (0..width).map(|_| system.unknown()).collect())
        .collect();
    let mut quantities = Vec::new();
    for (r, release) in releases.iter().enumerate() {
        for (i, value) in release.values.iter().enumerate() {
            match value {
                Some(v) => system.equal(vec![(y[r][i], 1.0)], *v as f64),
                None => quantities.push((
                    Quantity::Cell {
                        release: r,
                        cell: i,
                    },
                    vec![(y[r][i], 1.0)],
                    release.k,
                )),
            }
        }
        for sum in &table.sums {
            system.equal(sum_form(&y[r], sum), 0.0);
        }
    }
    if additive {
        additive_rows(table, releases, &y, &mut system, &mut quantities);
    } else {
        for (a, outer) in releases.iter().enumerate() {
            for (b, inner) in releases.iter().enumerate() {
                let nested = a != b && outer.first <= inner.first && inner.last <= outer.last;
                if !nested {
                    continue;
                }
                for (i, (&ya, &yb)) in y[a].iter().zip(&y[b]).enumerate() {
                    let d = system.unknown();
                    system.equal(vec![(ya, 1.0), (yb, -1.0), (d, -1.0)], 0.0);
                    quantities.push((
                        Quantity::Difference {
                            outer: a,
                            inner: b,
                            cell: i,
                        },
                        vec![(d, 1.0)],
                        outer.k.max(inner.k),
                    ));
                }
            }
        }
    }
    Model { system, quantities }
}

/// `whole − Σ parts` over one release's (or segment's) cells.
fn sum_form(cells: &[usize], sum: &disclosure::Sum) -> Form {
    std::iter::once((cells[sum.whole], 1.0))
        .chain(sum.parts.iter().map(|&p| (cells[p], -1.0)))
        .collect()
}

/// Segments of the timeline for a table whose counts add over periods: each release's cells
/// are the sums of its segments' cells; a difference cell is a sum of segments.
fn additive_rows(
    table: &Table,
    releases: &[Release],
    y: &[Vec<usize>],
    system: &mut System,
    quantities: &mut Vec<(Quantity, Form, u32)>,
) {
    let mut cuts: Vec<i32> = releases
        .iter()
        .flat_map(|r| [r.first, r.last + 1])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    // Segments [cuts[s], cuts[s+1]) that some release covers.
    let segments: Vec<(i32, i32)> = cuts
        .windows(2)
        .map(|w| (w[0], w[1] - 1))
        .filter(|&(a, b)| releases.iter().any(|r| r.first <= a && b <= r.last))
        .collect();
    let width = table.cells.len();
    let x: Vec<Vec<usize>> = segments
        .iter()
        .map(|_| (0..width).map(|_| system.unknown()).collect())
        .collect();
    for cells in &x {
        for sum in &table.sums {
            system.equal(sum_form(cells, sum), 0.0);
        }
    }
    let inside = |r: &Release| -> Vec<usize> {
        (0..segments.len())
            .filter(|&s| r.first <= segments[s].0 && segments[s].1 <= r.last)
            .collect()
    };
    let within: Vec<Vec<usize>> = releases.iter().map(inside).collect();
    for (r, segs) in within.iter().enumerate() {
        for i in 0..width {
            let mut form: Form = vec![(y[r][i], 1.0)];
            form.extend(segs.iter().map(|&s| (x[s][i], -1.0)));
            system.equal(form, 0.0);
        }
    }
    for (a, outer) in within.iter().enumerate() {
        for (b, inner) in within.iter().enumerate() {
            let only: Vec<usize> = outer
                .iter()
                .copied()
                .filter(|s| !inner.contains(s))
                .collect();
            let overlap = outer.iter().any(|s| inner.contains(s));
            if a == b || only.is_empty() || !overlap {
                continue;
            }
            for (i, _) in table.cells.iter().enumerate() {
                quantities.push((
                    Quantity::Difference {
                        outer: a,
                        inner: b,
                        cell: i,
                    },
                    only.iter().map(|&s| (x[s][i], 1.0)).collect(),
                    releases[a].k.max(releases[b].k),
                ));
            }
        }
    }
}

/// Amounts are sums of money, not counts: the difference of two nested releases' amounts is
/// what was paid in the period between them, to recipients whose number the ledger does not
/// hold. The new release publishes an amount only where, for every binding release of a
/// nested period with an amount in the same currency, the amounts are equal or the number of
/// allowance recipients differs by at least k (both totals published, one currency in each).
fn protect_amounts(table: &mut Table, new: New, new_recipients: Option<u64>, earlier: &[Earlier]) {
    let outer_inner = |e: &Earlier| {
        let (a, b) = (e.period, new.period);
        (a.from <= b.from && b.to <= a.to) || (b.from <= a.from && a.to <= b.to)
    };
    let currencies_here = table.cells.len();
    for cell in &mut table.cells {
        if cell.suppressed {
            continue;
        }
        let Some(amount) = cell.amount.clone() else {
            continue;
        };
        let currency = cell.breakdown.currency.clone();
        for e in earlier.iter().filter(|e| outer_inner(e)) {
            let Some(theirs) = e.amount(currency.as_deref()) else {
                continue;
            };
            if theirs == amount {
                continue;
            }
            let k = u64::from(new.k.max(e.min_cell));
            let far_enough = match (new_recipients, e.recipients_total(), e.currencies()) {
                (Some(mine), Some(theirs), 1) if currencies_here == 1 => mine.abs_diff(theirs) >= k,
                _ => false,
            };
            if !far_enough {
                cell.suppressed = true;
                break;
            }
        }
    }
}
