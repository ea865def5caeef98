//! What an attacker can work out from released counts, exactly: the released cells and the
//! rules between them form a linear system `A·u = b` over non-negative unknowns `u` (the
//! suppressed counts, the counts of periods between releases). A linear form `q·u` — a cell,
//! a difference between two periods — is determinable when it takes one value over every
//! solution, which is what an attacker's linear programme would find by minimising and
//! maximising it.
//!
//! The set of solutions is a polyhedron `{u ≥ 0, A·u = b}`. A linear form is constant on it
//! exactly when it lies in the row space of `A` together with the unit rows of the unknowns
//! that are zero in every solution (the polyhedron's implicit equalities; for this form of
//! polyhedron they are the only ones). So the analysis is:
//! 1. propagation: a row with one unknown left fixes it (most unknowns go this way);
//! 2. the unknowns forced to zero, found with a few linear programmes (good_lp over microlp):
//!    maximise Σ min(u_j, 1) and take every unknown that came out positive away, until none
//!    does;
//! 3. Gauss-Jordan elimination of what remains, the forced zeros added as rows: a form is
//!    determinable when the elimination reduces it to nothing, and its value is then the
//!    value it takes at the particular solution.
//!
//! When the rows contradict each other (a vault's records changed between two releases, so the
//! released counts no longer fit one set of records), no linear programme has a solution; the
//! forced zeros are then not looked for and only the equalities count, which still catches
//! every subtraction.

use good_lp::{constraint, variable, Expression, ProblemVariables, Solution, SolverModel};

/// A linear form: `Σ coefficient · unknown`.
pub(crate) type Form = Vec<(usize, f64)>;

const EPS: f64 = 1e-7;

/// The rows `Σ terms = rhs` over `unknowns` non-negative unknowns.
#[derive(Debug, Default, Clone)]
pub(crate) struct System {
    unknowns: usize,
    rows: Vec<(Form, f64)>,
}

impl System {
    /// A new unknown, `≥ 0`; returns its index.
    pub(crate) fn unknown(&mut self) -> usize {
        self.unknowns += 1;
        self.unknowns - 1
    }

    /// Adds the row `form = rhs`.
    pub(crate) fn equal(&mut self, form: Form, rhs: f64) {
        self.rows.push((form, rhs));
    }

    /// Works out what the rows determine.
    pub(crate) fn analyse(&self) -> Analysis {
        let mut known: Vec<Option<f64>> = vec![None; self.unknowns];
        propagate(&self.rows, &mut known);
        let rest: Vec<(Form, f64)> = self
            .rows
            .iter()
            .filter_map(|(form, rhs)| reduced(form, *rhs, &known))
            .filter(|(form, _)| !form.is_empty())
            .collect();
        let open: Vec<usize> = (0..self.unknowns).filter(|&j| known[j].is_none()).collect();
        let zero = forced_zeros(&rest, &open, &known);
        for j in zero.unwrap_or_default() {
            known[j] = Some(0.0);
        }
        // Rows again, now with the forced zeros in; then elimination over what is still open.
        let rest: Vec<(Form, f64)> = rest
            .iter()
            .filter_map(|(form, rhs)| reduced(form, *rhs, &known))
            .filter(|(form, _)| !form.is_empty())
            .collect();
        let open: Vec<usize> = (0..self.unknowns).filter(|&j| known[j].is_none()).collect();
        let echelon = Echelon::of(&rest, &open);
        Analysis { known, echelon }
    }
}

/// Fixes every unknown that a row leaves alone, until nothing changes.
fn propagate(rows: &[(Form, f64)], known: &mut [Option<f64>]) {
    loop {
        let mut changed = false;
        for (form, rhs) in rows {
            let mut open = form
                .iter()
                .filter(|(j, c)| known[*j].is_none() && c.abs() > EPS);
            let (Some(&(j, c)), None) = (open.next(), open.next()) else {
                continue;
            };
            let rest: f64 = form
                .iter()
                .filter(|(i, _)| *i != j)
                .map(|(i, ci)| ci * known[*i].unwrap_or(0.0))
                .sum();
            known[j] = Some((rhs - rest) / c);
            changed = true;
        }
        if !changed {
            return;
        }
    }
}

/// A row with the known unknowns moved to the right-hand side (terms merged); `None` never.
fn reduced(form: &Form, rhs: f64, known: &[Option<f64>]) -> Option<(Form, f64)> {
    let mut out: Form = Vec::with_capacity(form.len());
    let mut rhs = rhs;
    for &(j, c) in form {
        match known[j] {
            Some(v) => rhs -= c * v,
            None => match out.iter_mut().find(|(i, _)| *i == j) {
                Some(t) => t.1 += c,
                None => out.push((j, c)),
            },
        }
    }
    out.retain(|(_, c)| c.abs() > EPS);
    Some((out, rhs))
}

/// The open unknowns that are zero in every solution, or `None` when there is no solution.
fn forced_zeros(rows: &[(Form, f64)], open: &[usize], known: &[Option<f64>]) -> Option<Vec<usize>> {
    if known.iter().flatten().any(|&v| v < -EPS) {
        return None;
    }
    if rows.is_empty() {
        return Some(Vec::new());
    }
    let mut candidates: Vec<usize> = open.to_vec();
    loop {
        if candidates.is_empty() {
            return Some(Vec::new());
        }
        let mut vars = ProblemVariables::new();
        let u: std::collections::HashMap<usize, good_lp::Variable> = open
            .iter()
            .map(|&j| (j, vars.add(variable().min(0.0))))
            .collect();
        let t: Vec<good_lp::Variable> = candidates
            .iter()
            .map(|_| vars.add(variable().min(0.0).max(1.0)))
            .collect();
        let objective: Expression = t.iter().copied().sum();
        let mut model = vars.maximise(objective).using(good_lp::microlp);
        for (form, rhs) in rows {
            let lhs: Expression = form.iter().map(|&(j, c)| c * u[&j]).sum();
            model = model.with(constraint!(lhs == *rhs));
        }
        for (&j, &tj) in candidates.iter().zip(&t) {
            model = model.with(constraint!(tj <= u[&j]));
        }
        let solution = model.solve().ok()?;
        let before = candidates.len();
        candidates.retain(|j| solution.value(u[j]) <= EPS);
        if candidates.len() == before {
            // Nothing more can be positive: every candidate left is zero in every solution.
            return Some(candidates);
        }
    }
}

/// The reduced row echelon form of the remaining rows over the open unknowns.
#[derive(Debug, Default)]
struct Echelon {
    /// Open unknown → its column.
    column: std::collections::HashMap<usize, usize>,
    /// Per pivot row: its pivot column, the row (dense over the columns) and its right side.
    rows: Vec<(usize, Vec<f64>, f64)>,
    /// Column → the row it is the pivot of.
    pivot_of: Vec<Option<usize>>,
}

impl Echelon {
    fn of(rows: &[(Form, f64)], open: &[usize]) -> Self {
        let column: std::collections::HashMap<usize, usize> =
            open.iter().enumerate().map(|(c, &j)| (j, c)).collect();
        let width = open.len();
        let mut dense: Vec<(Vec<f64>, f64)> = rows
            .iter()
            .map(|(form, rhs)| {
                let mut row = vec![0.0; width];
                for &(j, c) in form {
                    row[column[&j]] += c;
                }
                (row, *rhs)
            })
            .collect();
        let mut pivots = Vec::new();
        let mut lead = 0;
        for col in 0..width {
            if lead == dense.len() {
                break;
            }
            let Some(best) = (lead..dense.len())
                .filter(|&r| dense[r].0[col].abs() > EPS)
                .max_by(|&a, &b| dense[a].0[col].abs().total_cmp(&dense[b].0[col].abs()))
            else {
                continue;
            };
            dense.swap(lead, best);
            let p = dense[lead].0[col];
            for v in dense[lead].0.iter_mut() {
                *v /= p;
            }
            dense[lead].1 /= p;
            let (pivot_row, pivot_rhs) = dense[lead].clone();
            for (r, (row, rhs)) in dense.iter_mut().enumerate() {
                let f = row[col];
                if r != lead && f.abs() > EPS {
                    for (v, pv) in row.iter_mut().zip(&pivot_row) {
                        *v -= f * pv;
                    }
                    *rhs -= f * pivot_rhs;
                }
            }
            pivots.push(col);
            lead += 1;
        }
        let mut pivot_of = vec![None; width];
        let rows: Vec<(usize, Vec<f64>, f64)> = pivots
            .iter()
            .zip(dense)
            .enumerate()
            .map(|(i, (&col, (row, rhs)))| {
                pivot_of[col] = Some(i);
                (col, row, rhs)
            })
            .collect();
        Self {
            column,
            rows,
            pivot_of,
        }
    }
}

/// What the rows determine.
#[derive(Debug)]
pub(crate) struct Analysis {
    /// Unknowns fixed by propagation or forced to zero.
    known: Vec<Option<f64>>,
    echelon: Echelon,
}

impl Analysis {
    /// The value `form` takes in every solution, or `None` when solutions differ on it.
    pub(crate) fn determined(&self, form: &[(usize, f64)]) -> Option<f64> {
        let e = &self.echelon;
        let mut value = 0.0;
        // The open part of the form, over the columns.
        let mut open: Vec<(usize, f64)> = Vec::new();
        for &(j, c) in form {
            match self.known[j] {
                Some(v) => value += c * v,
                None => open.push((e.column[&j], c)),
            }
        }
        if open.is_empty() {
            return Some(value);
        }
        // Reduce by the pivot rows: what is left over the free columns must vanish.
        let mut rest = vec![0.0; e.pivot_of.len()];
        for &(col, c) in &open {
            rest[col] += c;
        }
        for &(col, c) in &open {
            if let Some(r) = e.pivot_of[col] {
                let (_, row, rhs) = &e.rows[r];
                for (x, v) in rest.iter_mut().zip(row) {
                    *x -= c * v;
                }
                value += c * rhs;
            }
        }
        rest.iter().all(|x| x.abs() < 1e-6).then_some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subtraction_is_determined_and_a_free_split_is_not() {
        // year = 40 (published), jan_nov = 37 (published), dec = year − jan_nov.
        let mut s = System::default();
        let (year, jan_nov, dec) = (s.unknown(), s.unknown(), s.unknown());
        s.equal(vec![(year, 1.0)], 40.0);
        s.equal(vec![(jan_nov, 1.0)], 37.0);
        s.equal(vec![(year, 1.0), (jan_nov, -1.0), (dec, -1.0)], 0.0);
        let a = s.analyse();
        assert_eq!(a.determined(&[(dec, 1.0)]), Some(3.0));
        // Two suppressed parts of a published total: each free, their sum determined.
        let mut s = System::default();
        let (total, f, m) = (s.unknown(), s.unknown(), s.unknown());
        s.equal(vec![(total, 1.0)], 30.0);
        s.equal(vec![(total, 1.0), (f, -1.0), (m, -1.0)], 0.0);
        let a = s.analyse();
        assert_eq!(a.determined(&[(f, 1.0)]), None);
        assert_eq!(a.determined(&[(f, 1.0), (m, 1.0)]), Some(30.0));
    }

    #[test]
    fn non_negativity_pins_what_equalities_alone_leave_free() {
        // a + b = 0 with a, b ≥ 0: both zero, though no equality says a = 0; then c = a + 5.
        let mut s = System::default();
        let (a, b, c) = (s.unknown(), s.unknown(), s.unknown());
        s.equal(vec![(a, 1.0), (b, 1.0)], 0.0);
        s.equal(vec![(c, 1.0), (a, -1.0)], 5.0);
        let a_ = s.analyse();
        assert_eq!(a_.determined(&[(a, 1.0)]), Some(0.0));
        assert_eq!(a_.determined(&[(c, 1.0)]), Some(5.0));
    }

    #[test]
    fn contradicting_rows_still_show_subtractions() {
        let mut s = System::default();
        let (x, y, d) = (s.unknown(), s.unknown(), s.unknown());
        s.equal(vec![(x, 1.0)], 10.0);
        s.equal(vec![(y, 1.0)], 12.0);
        // x − y − d = 0 would need d = −2 < 0.
        s.equal(vec![(x, 1.0), (y, -1.0), (d, -1.0)], 0.0);
        assert_eq!(s.analyse().determined(&[(d, 1.0)]), Some(-2.0));
    }
}
