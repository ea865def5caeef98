//! An exact check, independent of Haven's own suppression code, that a suppressed cell cannot
//! be worked out: the published cells and the sums between cells must admit at least two
//! different non-negative integer values for it.
//!
//! Each sum is a linear equation with ±1 coefficients. The check looks for an integer solution
//! of all the equations, with every unknown ≥ 0, in which the cell differs from its true value
//! (true value ± 1 first, then every other value up to the bound). The search is a depth-first
//! search over the unknowns with bound propagation; the tables are small.

/// `Σ coef·x = rhs` over unknowns.
#[derive(Debug, Clone)]
pub struct Equation {
    pub terms: Vec<(usize, i64)>,
    pub rhs: i64,
}

/// Whether unknown `target` can take a value other than `truth[target]`, every unknown in
/// `0..=bound`. `truth` must itself be a solution.
pub fn has_second_value(equations: &[Equation], truth: &[i64], target: usize, bound: i64) -> bool {
    for (i, eq) in equations.iter().enumerate() {
        let lhs: i64 = eq.terms.iter().map(|&(v, c)| c * truth[v]).sum();
        assert_eq!(lhs, eq.rhs, "the true values break equation {i}");
    }
    let t = truth[target];
    let mut candidates: Vec<i64> = vec![t + 1, t - 1];
    candidates.extend((0..=bound).filter(|&v| v != t && v != t + 1 && v != t - 1));
    for v in candidates.into_iter().filter(|&v| v >= 0 && v <= bound) {
        let mut lo = vec![0; truth.len()];
        let mut hi = vec![bound; truth.len()];
        lo[target] = v;
        hi[target] = v;
        let mut budget = 200_000u64;
        if search(equations, &mut lo, &mut hi, truth, &mut budget) {
            return true;
        }
        assert!(budget > 0, "the exact check ran out of budget");
    }
    false
}

/// Narrows the bounds by every equation until nothing moves; false when a domain empties.
fn propagate(equations: &[Equation], lo: &mut [i64], hi: &mut [i64]) -> bool {
    loop {
        let mut moved = false;
        for eq in equations {
            // For each term, the other terms' range bounds this one.
            let (mut min_sum, mut max_sum) = (0i64, 0i64);
            for &(v, c) in &eq.terms {
                if c > 0 {
                    min_sum += c * lo[v];
                    max_sum += c * hi[v];
                } else {
                    min_sum += c * hi[v];
                    max_sum += c * lo[v];
                }
            }
            if eq.rhs < min_sum || eq.rhs > max_sum {
                return false;
            }
            for &(v, c) in &eq.terms {
                let (own_min, own_max) = if c > 0 {
                    (c * lo[v], c * hi[v])
                } else {
                    (c * hi[v], c * lo[v])
                };
                let rest_min = min_sum - own_min;
                let rest_max = max_sum - own_max;
                // c·x ∈ [rhs − rest_max, rhs − rest_min]
                let (a, b) = (eq.rhs - rest_max, eq.rhs - rest_min);
                let (new_lo, new_hi) = if c > 0 { (a, b) } else { (-b, -a) };
                if new_lo > lo[v] {
                    lo[v] = new_lo;
                    moved = true;
                }
                if new_hi < hi[v] {
                    hi[v] = new_hi;
                    moved = true;
                }
                if lo[v] > hi[v] {
                    return false;
                }
            }
        }
        if !moved {
            return true;
        }
    }
}

fn search(
    equations: &[Equation],
    lo: &mut [i64],
    hi: &mut [i64],
    truth: &[i64],
    budget: &mut u64,
) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    if !propagate(equations, lo, hi) {
        return false;
    }
    let Some(v) = (0..lo.len())
        .filter(|&v| lo[v] < hi[v])
        .min_by_key(|&v| hi[v] - lo[v])
    else {
        return equations
            .iter()
            .all(|eq| eq.terms.iter().map(|&(x, c)| c * lo[x]).sum::<i64>() == eq.rhs);
    };
    // Values nearest the true one first.
    let mut values: Vec<i64> = (lo[v]..=hi[v]).collect();
    values.sort_by_key(|&x| (x - truth[v]).abs());
    for x in values {
        let (mut l, mut h) = (lo.to_vec(), hi.to_vec());
        l[v] = x;
        h[v] = x;
        if search(equations, &mut l, &mut h, truth, budget) {
            return true;
        }
        if *budget == 0 {
            return false;
        }
    }
    false
}
