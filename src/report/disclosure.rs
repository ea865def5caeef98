//! Disclosure control: small-cell suppression, as the indicator contract states it.
//!
//! 1. A table whose total is from 1 to k−1 is suppressed whole.
//! 2. Primary: a count from 1 to k−1 is not published; zero is.
//! 3. Secondary: within every set of cells that sums to a published cell, a lone suppressed
//!    cell forces a second one (the smallest remaining non-zero cell), and the suppressed cells
//!    together must reach k. Repeated until nothing changes.
//! 4. A last, exact guard: the published cells and the sums form a linear system; a suppressed
//!    cell that the system pins to one value (through a chain of sums the set rule cannot see)
//!    forces one more cell in a sum that holds it, until no suppressed cell is pinned.
//!
//! Multi-valued breakdowns (exploitation, sector) sum to nothing, so only steps 1 and 2 touch
//! them. An amount is published only when at least k distinct cases were paid in its currency.
//!
//! Suppressed cells are always non-zero (except in a table suppressed whole) and every sum has
//! coefficients ±1, so a suppressed cell the system does not pin has at least two non-negative
//! integer values: the test suite checks this exactly over every report it makes.

use super::{Breakdown, Cell, CellValue, Indicator};

/// One indicator's cells before publication.
#[derive(Debug, Clone)]
pub struct Table {
    /// Which indicator.
    pub indicator: Indicator,
    /// Its cells; for counts, cell 0 is the total.
    pub cells: Vec<DraftCell>,
    /// The sums that hold between cells.
    pub sums: Vec<Sum>,
    amounts: bool,
}

impl Table {
    /// Whether this is the table of amounts (no sums; its own publication rule).
    pub fn is_amounts(&self) -> bool {
        self.amounts
    }
}

/// A cell with its true value.
#[derive(Debug, Clone)]
pub struct DraftCell {
    /// Its category.
    pub breakdown: Breakdown,
    /// Distinct cases (for an amount: the cases paid in its currency).
    pub count: u64,
    /// For an amount, the sum as a decimal string.
    pub amount: Option<String>,
    /// Withheld?
    pub suppressed: bool,
}

/// `cells[whole] = Σ cells[parts]`.
#[derive(Debug, Clone)]
pub struct Sum {
    /// The cell the parts add up to.
    pub whole: usize,
    /// The parts.
    pub parts: Vec<usize>,
}

impl Table {
    /// A table of counts with its total as cell 0.
    pub fn new(indicator: Indicator, total: u64) -> Self {
        let mut t = Self {
            indicator,
            cells: Vec::new(),
            sums: Vec::new(),
            amounts: false,
        };
        t.push(Breakdown::default(), total);
        t
    }

    /// A table of amounts (no total, no sums).
    pub fn new_amounts(indicator: Indicator) -> Self {
        Self {
            indicator,
            cells: Vec::new(),
            sums: Vec::new(),
            amounts: true,
        }
    }

    /// Adds a count; returns its index.
    pub fn push(&mut self, breakdown: Breakdown, count: u64) -> usize {
        self.cells.push(DraftCell {
            breakdown,
            count,
            amount: None,
            suppressed: false,
        });
        self.cells.len() - 1
    }

    /// Declares that `parts` add up to `whole`.
    pub fn add_sum(&mut self, whole: usize, parts: Vec<usize>) {
        self.sums.push(Sum { whole, parts });
    }

    /// The cells as they are published.
    pub fn publish(&self) -> Vec<Cell> {
        self.cells
            .iter()
            .map(|c| Cell {
                indicator: self.indicator,
                breakdown: c.breakdown.clone(),
                value: (!c.suppressed).then(|| match &c.amount {
                    Some(a) => CellValue::Amount(a.clone()),
                    None => CellValue::Count(c.count),
                }),
                suppressed: c.suppressed,
            })
            .collect()
    }

    fn hidden(&self, i: usize) -> bool {
        self.cells[i].suppressed
    }
}

/// Applies the rules with minimum cell size `k`.
pub fn protect(table: &mut Table, k: u64) {
    let small = |n: u64| n >= 1 && n < k;
    if table.amounts {
        for c in &mut table.cells {
            c.suppressed = small(c.count);
        }
        return;
    }
    if small(table.cells[0].count) {
        for c in &mut table.cells {
            c.suppressed = true;
        }
        return;
    }
    for c in &mut table.cells {
        c.suppressed = small(c.count);
    }
    settle(table, k);
}

/// The secondary rules again over a table whose cells some other rule hid (the joint check
/// across releases): hides what they want hidden until nothing changes.
pub(crate) fn settle(table: &mut Table, k: u64) {
    if table.amounts {
        return;
    }
    // Each round hides one more published cell, so this ends.
    while let Some(i) = next_to_hide(table, k) {
        table.cells[i].suppressed = true;
    }
}

/// The next cell the secondary rules want hidden, if any.
fn next_to_hide(t: &Table, k: u64) -> Option<usize> {
    for sum in &t.sums {
        if t.hidden(sum.whole) {
            continue;
        }
        let hidden: Vec<usize> = sum.parts.iter().copied().filter(|&i| t.hidden(i)).collect();
        if hidden.is_empty() {
            continue;
        }
        let hidden_total: u64 = hidden.iter().map(|&i| t.cells[i].count).sum();
        if hidden.len() >= 2 && hidden_total >= k {
            continue;
        }
        // The smallest remaining non-zero part; with none left, the whole itself.
        return smallest_published(t, &sum.parts, true).or(Some(sum.whole));
    }
    let pinned = pinned_cells(t);
    let &first = pinned.first()?;
    // Prefer a cell of a sum that holds the pinned cell, then any cell of any sum; the
    // smallest whose hiding frees the pinned cell, non-zero before zero.
    let around: Vec<usize> = t
        .sums
        .iter()
        .filter(|s| s.whole == first || s.parts.contains(&first))
        .flat_map(|s| s.parts.iter().copied().chain([s.whole]))
        .collect();
    let everywhere: Vec<usize> = t
        .sums
        .iter()
        .flat_map(|s| s.parts.iter().copied().chain([s.whole]))
        .collect();
    for among in [&around, &everywhere] {
        let mut candidates: Vec<usize> = among
            .iter()
            .copied()
            .filter(|&i| !t.hidden(i) && t.cells[i].count > 0)
            .collect();
        candidates.sort_by_key(|&i| (i == 0, t.cells[i].count, i));
        candidates.dedup();
        for &c in &candidates {
            let mut trial = t.clone();
            trial.cells[c].suppressed = true;
            if !pinned_cells(&trial).contains(&first) {
                return Some(c);
            }
        }
    }
    // No single cell frees it: hide the smallest non-zero cell near it (or anywhere), and
    // look again; a zero only when no non-zero cell is left.
    smallest_published(t, &around, true)
        .or_else(|| smallest_published(t, &everywhere, true))
        .or_else(|| smallest_published(t, &everywhere, false))
}

/// The published cell of `among` with the smallest count (non-zero only when asked); the
/// table's total only when nothing else is left.
fn smallest_published(t: &Table, among: &[usize], non_zero: bool) -> Option<usize> {
    among
        .iter()
        .copied()
        .filter(|&i| !t.hidden(i) && (!non_zero || t.cells[i].count > 0))
        .min_by_key(|&i| (i == 0, t.cells[i].count, i))
}

/// The suppressed cells whose value the sums and the published cells determine exactly.
///
/// Each sum is a row `whole − Σ parts = 0` over the suppressed cells (published cells go to
/// the right-hand side, which does not matter here). A suppressed cell is determined exactly
/// when its unit vector lies in the rows' span, which after reduction to row echelon form
/// means a reduced row with a single non-zero entry, in its column.
pub fn pinned_cells(t: &Table) -> Vec<usize> {
    let unknowns: Vec<usize> = (0..t.cells.len()).filter(|&i| t.hidden(i)).collect();
    if unknowns.is_empty() {
        return Vec::new();
    }
    let column = |cell: usize| unknowns.iter().position(|&u| u == cell);
    let mut rows: Vec<Vec<f64>> = t
        .sums
        .iter()
        .map(|s| {
            let mut row = vec![0.0; unknowns.len()];
            if let Some(c) = column(s.whole) {
                row[c] += 1.0;
            }
            for &p in &s.parts {
                if let Some(c) = column(p) {
                    row[c] -= 1.0;
                }
            }
            row
        })
        .filter(|row| row.iter().any(|&v| v != 0.0))
        .collect();
    reduce(&mut rows);
    rows.iter()
        .filter_map(|row| {
            let mut non_zero = row.iter().enumerate().filter(|(_, v)| v.abs() > 1e-9);
            match (non_zero.next(), non_zero.next()) {
                (Some((c, _)), None) => Some(unknowns[c]),
                _ => None,
            }
        })
        .collect()
}

/// Gauss-Jordan elimination to reduced row echelon form. The matrices are small (at most a
/// few dozen cells) and their entries small integers, so floating point is exact enough.
fn reduce(rows: &mut [Vec<f64>]) {
    let width = rows.first().map_or(0, Vec::len);
    let mut lead = 0;
    for col in 0..width {
        let Some(pivot) = (lead..rows.len()).find(|&r| rows[r][col].abs() > 1e-9) else {
            continue;
        };
        rows.swap(lead, pivot);
        let p = rows[lead][col];
        for v in rows[lead].iter_mut() {
            *v /= p;
        }
        let pivot_row = rows[lead].clone();
        for (r, row) in rows.iter_mut().enumerate() {
            if r != lead && row[col].abs() > 1e-9 {
                let f = row[col];
                for (v, pv) in row.iter_mut().zip(&pivot_row) {
                    *v -= f * pv;
                }
            }
        }
        lead += 1;
        if lead == rows.len() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// total + four sexes, summing to the total.
    fn by_sex(counts: [u64; 4]) -> Table {
        let mut t = Table::new(Indicator::ReceivedLegalSupport, counts.iter().sum());
        let parts = super::super::tally::sex_cells(&mut t, counts);
        t.add_sum(0, parts);
        t
    }

    fn hidden(t: &Table) -> Vec<bool> {
        t.cells.iter().map(|c| c.suppressed).collect()
    }

    #[test]
    fn a_lone_small_cell_hides_the_smallest_other_non_zero_cell() {
        let mut t = by_sex([40, 3, 0, 12]);
        protect(&mut t, 11);
        assert_eq!(hidden(&t), [false, false, true, false, true]);
    }

    #[test]
    fn hidden_cells_of_a_sum_reach_k_together() {
        // 2 + 3 hidden is 5 < 11: the next smallest non-zero cell (12) goes too.
        let mut t = by_sex([40, 2, 3, 12]);
        protect(&mut t, 11);
        assert_eq!(hidden(&t), [false, false, true, true, true]);
    }

    #[test]
    fn a_small_total_hides_the_whole_table_and_zero_is_published() {
        let mut t = by_sex([4, 3, 0, 0]);
        protect(&mut t, 11);
        assert!(hidden(&t).iter().all(|&h| h));
        let mut t = by_sex([0, 0, 0, 0]);
        protect(&mut t, 11);
        assert!(hidden(&t).iter().all(|&h| !h));
    }

    #[test]
    fn a_cell_pinned_through_a_chain_of_sums_is_found() {
        // a + b = 20 (published), b + c = 30 (published), a hidden alone with c published
        // would pin a; pinned_cells sees it even when each sum has two hidden cells.
        let mut t = Table::new(Indicator::ReceivedLegalSupport, 50);
        let a = t.push(Breakdown::default(), 5);
        let b = t.push(Breakdown::default(), 15);
        let c = t.push(Breakdown::default(), 15);
        let d = t.push(Breakdown::default(), 15);
        t.add_sum(0, vec![a, b, c, d]);
        t.add_sum(b, vec![c]);
        for i in [a, b, c] {
            t.cells[i].suppressed = true;
        }
        // From b = c and a + b + c = 35: a is not pinned (a = 35 − 2b).
        assert!(pinned_cells(&t).is_empty());
        t.cells[c].suppressed = false;
        // With c published, b = 15 and a = 20 − … pinned.
        let pinned = pinned_cells(&t);
        assert!(pinned.contains(&a) && pinned.contains(&b));
    }
}
