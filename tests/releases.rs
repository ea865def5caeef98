//! The release ledger (indicators.md, "Releases"), tested with the attacker's tools: a linear
//! programme over every report released in a run — the year, then eleven months, the quarters
//! and the months — minimises and maximises every withheld cell and every difference cell. With
//! the ledger it recovers no count from 1 to k−1; with every release retired from the check as
//! soon as it is out (what Haven did before the ledger), it does, which proves the attack works.
//!
//! The attacker here is written from the contract, not from Haven's code: the sums the
//! contract states between a table's cells, identifications adding up month by month (a case
//! is identified once), every other indicator holding at least the cases of a period inside its
//! own, and each value bounded by two linear programmes (good_lp over microlp), where Haven's
//! check reasons over the system's row space.
#![forbid(unsafe_code)]

mod common;
mod lifecycle_support;

use std::collections::{BTreeMap, HashMap};

use good_lp::{
    constraint, variable, Expression, ProblemVariables, Solution, SolverModel, Variable,
};
use haven::report::formats::ReportFormat;
use haven::report::{Breakdown, CellValue, Indicator, IndicatorReport, ReportRequest};
use haven::Vault;
use lifecycle_support::{team_vault, unlock, ADMIN_CW, SUPERVISOR};

const K: u32 = 11;

/// The run's periods, in the order they are released: the year, then January to November, the
/// quarters, the months.
fn periods() -> Vec<(String, String)> {
    let last_day = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut p = vec![
        ("2025-01-01".to_owned(), "2025-12-31".to_owned()),
        ("2025-01-01".to_owned(), "2025-11-30".to_owned()),
    ];
    for q in 0..4 {
        p.push((
            format!("2025-{:02}-01", q * 3 + 1),
            format!("2025-{:02}-{}", q * 3 + 3, last_day[q * 3 + 2]),
        ));
    }
    for (m, last) in last_day.iter().enumerate() {
        p.push((
            format!("2025-{:02}-01", m + 1),
            format!("2025-{:02}-{last}", m + 1),
        ));
    }
    p
}

/// The months (1-12) a period covers.
fn months(from: &str, to: &str) -> Vec<u32> {
    let m = |d: &str| d[5..7].parse::<u32>().unwrap();
    (m(from)..=m(to)).collect()
}

/// A vault with 180 demo cases identified in 2025: small monthly counts, so that subtraction
/// has something to find.
fn vault(dir: &std::path::Path) -> Vault {
    let vault = team_vault(dir);
    let mut a = unlock(&vault, ADMIN_CW);
    let lines: String = haven::demo::lines(&haven::demo::DemoOptions {
        cases: 180,
        seed: 2025,
        first_year: 2025,
        last_year: 2025,
    })
    .map(|l| l + "\n")
    .collect();
    a.import(&mut lines.as_bytes(), false, &mut |_| {}).unwrap();
    vault
}

/// Makes and saves every report of the run; with `retire`, each is retired by an administrator
/// right after it is saved, so that none binds the next (no ledger).
fn release_all(vault: &Vault, dir: &std::path::Path, retire: bool) -> Vec<IndicatorReport> {
    let mut sv = unlock(vault, SUPERVISOR);
    let mut admin = unlock(vault, ADMIN_CW);
    let mut out = Vec::new();
    for (i, (from, to)) in periods().into_iter().enumerate() {
        let report = sv
            .indicator_report(&ReportRequest {
                from,
                to,
                min_cell: Some(K),
            })
            .unwrap();
        sv.save_report(&report, ReportFormat::Json, &dir.join(format!("r{i}.json")))
            .unwrap();
        if retire {
            let id = admin.releases().unwrap()[0].id;
            admin.retire_release(id, "test: no ledger").unwrap();
        }
        out.push(report);
    }
    out
}

/// Cell identity: indicator and breakdown.
type Key = (Indicator, Breakdown);

fn key_of(c: &haven::report::Cell) -> Key {
    (c.indicator, c.breakdown.clone())
}

/// The sums the contract states between cells of one table, as (whole, parts).
fn contract_sums(cells: &[Key]) -> Vec<(Key, Vec<Key>)> {
    let mut sums = Vec::new();
    let by_indicator: BTreeMap<String, Vec<&Key>> =
        cells.iter().fold(BTreeMap::new(), |mut m, k| {
            m.entry(format!("{:?}", k.0)).or_default().push(k);
            m
        });
    for keys in by_indicator.values() {
        let indicator = keys[0].0;
        if indicator.is_amount() {
            continue;
        }
        let total = (indicator, Breakdown::default());
        let only = |f: &dyn Fn(&Breakdown) -> bool| -> Vec<Key> {
            keys.iter()
                .filter(|k| f(&k.1))
                .map(|k| (*k).clone())
                .collect()
        };
        let plain = |b: &Breakdown| {
            Breakdown {
                sex: None,
                age_group: None,
                recognition: None,
                ..b.clone()
            } == Breakdown::default()
        };
        let sexes = only(&|b| {
            b.sex.is_some()
                && b.age_group.is_none()
                && plain(&Breakdown {
                    sex: None,
                    ..b.clone()
                })
        });
        let ages = only(&|b| {
            b.age_group.is_some()
                && b.sex.is_none()
                && plain(&Breakdown {
                    age_group: None,
                    ..b.clone()
                })
        });
        let recognitions = only(&|b| {
            b.recognition.is_some()
                && plain(&Breakdown {
                    recognition: None,
                    ..b.clone()
                })
        });
        let grid = only(&|b| b.sex.is_some() && b.age_group.is_some());
        for parts in [&sexes, &ages, &recognitions] {
            if !parts.is_empty() {
                sums.push((total.clone(), parts.clone()));
            }
        }
        for s in &sexes {
            let row: Vec<Key> = grid
                .iter()
                .filter(|g| g.1.sex == s.1.sex)
                .cloned()
                .collect();
            if !row.is_empty() {
                sums.push((s.clone(), row));
            }
        }
        for a in &ages {
            let col: Vec<Key> = grid
                .iter()
                .filter(|g| g.1.age_group == a.1.age_group)
                .cloned()
                .collect();
            if !col.is_empty() {
                sums.push((a.clone(), col));
            }
        }
    }
    sums
}

/// A linear form over the programme's variables.
type Form = Vec<(Variable, f64)>;

/// One indicator's programme: the variables, the equalities, and the targets over them.
struct Problem {
    vars: ProblemVariables,
    rows: Vec<(Expression, f64)>,
    /// (what, the target as a form, its value when plain subtraction gives it).
    targets: Vec<(String, Form, Option<f64>)>,
}

/// What the attacker knows about `indicator` from `reports`.
fn problem(
    indicator: Indicator,
    cells: &[Key],
    reports: &[IndicatorReport],
    sums: &[(Key, Vec<Key>)],
) -> Problem {
    let published: Vec<HashMap<&Key, Option<u64>>> = reports
        .iter()
        .map(|r| {
            let by: HashMap<Key, Option<u64>> = r
                .cells
                .iter()
                .map(|c| {
                    let v = match &c.value {
                        Some(CellValue::Count(n)) => Some(*n),
                        _ => None,
                    };
                    (key_of(c), v)
                })
                .collect();
            cells.iter().map(|k| (k, by[k])).collect()
        })
        .collect();
    let spans: Vec<Vec<u32>> = reports
        .iter()
        .map(|r| months(&r.period.from, &r.period.to))
        .collect();
    let sums: Vec<&(Key, Vec<Key>)> = sums.iter().filter(|s| s.0 .0 == indicator).collect();
    let mut vars = ProblemVariables::new();
    let mut rows: Vec<(Expression, f64)> = Vec::new();
    let mut targets = Vec::new();
    let y: Vec<HashMap<&Key, Variable>> = reports
        .iter()
        .map(|_| {
            cells
                .iter()
                .map(|k| (k, vars.add(variable().min(0))))
                .collect()
        })
        .collect();
    for (r, report) in reports.iter().enumerate() {
        for k in cells {
            match published[r][k] {
                Some(v) => rows.push((y[r][k].into(), v as f64)),
                None => targets.push((
                    format!("{}..{} {k:?}", report.period.from, report.period.to),
                    vec![(y[r][k], 1.0)],
                    None,
                )),
            }
        }
        for (whole, parts) in &sums {
            let e: Expression = parts.iter().map(|p| y[r][p]).sum::<Expression>() - y[r][whole];
            rows.push((e, 0.0));
        }
    }
    if indicator == Indicator::VictimsIdentified {
        // A case is identified once: the counts add up month by month.
        let x: BTreeMap<u32, HashMap<&Key, Variable>> = (1..=12)
            .map(|m| {
                (
                    m,
                    cells
                        .iter()
                        .map(|k| (k, vars.add(variable().min(0))))
                        .collect(),
                )
            })
            .collect();
        for atoms in x.values() {
            for (whole, parts) in &sums {
                let e: Expression =
                    parts.iter().map(|p| atoms[p]).sum::<Expression>() - atoms[whole];
                rows.push((e, 0.0));
            }
        }
        for (r, span) in spans.iter().enumerate() {
            for k in cells {
                let e: Expression = span.iter().map(|m| x[m][k]).sum::<Expression>() - y[r][k];
                rows.push((e, 0.0));
            }
        }
        for (a, sa) in spans.iter().enumerate() {
            for (b, sb) in spans.iter().enumerate() {
                let only: Vec<u32> = sa.iter().copied().filter(|m| !sb.contains(m)).collect();
                if a == b || only.is_empty() || only.len() == sa.len() {
                    continue;
                }
                for k in cells {
                    let plain = match (
                        published[a][k],
                        published[b][k],
                        sb.iter().all(|m| sa.contains(m)),
                    ) {
                        (Some(va), Some(vb), true) => Some(va as f64 - vb as f64),
                        _ => None,
                    };
                    targets.push((
                        format!(
                            "months {only:?} ({}..{} minus {}..{}) {k:?}",
                            reports[a].period.from,
                            reports[a].period.to,
                            reports[b].period.from,
                            reports[b].period.to
                        ),
                        only.iter().map(|m| (x[m][k], 1.0)).collect(),
                        plain,
                    ));
                }
            }
        }
    } else {
        // Any other count: a period holds at least the cases of a period inside it.
        for (a, sa) in spans.iter().enumerate() {
            for (b, sb) in spans.iter().enumerate() {
                if a == b || !sb.iter().all(|m| sa.contains(m)) {
                    continue;
                }
                for k in cells {
                    let d = vars.add(variable().min(0));
                    rows.push((Expression::from(y[a][k]) - y[b][k] - d, 0.0));
                    let plain = match (published[a][k], published[b][k]) {
                        (Some(va), Some(vb)) => Some(va as f64 - vb as f64),
                        _ => None,
                    };
                    targets.push((
                        format!(
                            "{}..{} minus {}..{} {k:?}",
                            reports[a].period.from,
                            reports[a].period.to,
                            reports[b].period.from,
                            reports[b].period.to
                        ),
                        vec![(d, 1.0)],
                        plain,
                    ));
                }
            }
        }
    }
    Problem {
        vars,
        rows,
        targets,
    }
}

/// The smallest or largest value of target `t` of `p` over everything released.
fn bound(p: &Problem, t: usize, maximise: bool) -> f64 {
    let form: Expression = p.targets[t].1.iter().map(|&(v, c)| c * v).sum();
    let vars = p.vars.clone();
    let model = if maximise {
        vars.maximise(form.clone())
    } else {
        vars.minimise(form.clone())
    };
    let mut model = model.using(good_lp::microlp);
    for (e, rhs) in &p.rows {
        model = model.with(constraint!(e.clone() == *rhs));
    }
    match model.solve() {
        Ok(solution) => solution.eval(&form),
        // Nothing bounds it (a withheld cell no sum holds): any value is possible.
        Err(good_lp::ResolutionError::Unbounded) if maximise => f64::INFINITY,
        Err(e) => panic!("the released counts fit the records they came from: {e}"),
    }
}

/// Every withheld cell and difference cell the attacker pins to a value from 1 to k−1 (with
/// `first`, only the first one found). The indicators are shared between two threads.
fn attack(reports: &[IndicatorReport], first: bool) -> Vec<(String, f64)> {
    let keys: Vec<Key> = reports[0]
        .cells
        .iter()
        .filter(|c| !c.indicator.is_amount())
        .map(key_of)
        .collect();
    let sums = contract_sums(&keys);
    let mut indicators: Vec<Indicator> = keys.iter().map(|k| k.0).collect();
    indicators.dedup();
    let indicators = std::sync::Mutex::new(indicators);
    let found = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let Some(indicator) = indicators.lock().unwrap().pop() else {
                    return;
                };
                let cells: Vec<Key> = keys.iter().filter(|k| k.0 == indicator).cloned().collect();
                let p = problem(indicator, &cells, reports, &sums);
                // Plain subtractions first: the cheapest to find.
                let mut order: Vec<usize> = (0..p.targets.len()).collect();
                order.sort_by_key(|&t| p.targets[t].2.is_none());
                for t in order {
                    if first && !found.lock().unwrap().is_empty() {
                        return;
                    }
                    let (what, _, plain) = &p.targets[t];
                    let (lo, hi) = match *plain {
                        Some(v) => (v, v),
                        None => {
                            let hi = bound(&p, t, true);
                            if hi < 0.5 || hi >= f64::from(K) {
                                // Zero, or a value of k or more is possible: nothing small.
                                continue;
                            }
                            (bound(&p, t, false), hi)
                        }
                    };
                    // One integer in [lo, hi], from 1 to k−1: recovered.
                    let (lo_i, hi_i) = ((lo - 1e-6).ceil(), (hi + 1e-6).floor());
                    if lo_i == hi_i && lo_i >= 1.0 && lo_i < f64::from(K) {
                        found.lock().unwrap().push((what.clone(), lo_i));
                    }
                }
            });
        }
    });
    found.into_inner().unwrap()
}

#[test]
fn an_lp_over_every_release_of_a_run_recovers_no_small_count_with_the_ledger_and_one_without() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    let without = release_all(&v, dir.path(), true);
    let recovered = attack(&without, true);
    assert!(
        !recovered.is_empty(),
        "without the ledger the attack recovers a small count (else it proves nothing)"
    );
    eprintln!("without the ledger, recovered: {recovered:?}");
    assert!(without
        .iter()
        .all(|r| r.disclosure_control.suppressed_for_earlier_releases == 0));

    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    let with = release_all(&v, dir.path(), false);
    let recovered = attack(&with, false);
    assert!(
        recovered.is_empty(),
        "with the ledger, recovered: {recovered:?}"
    );
    let protected: u32 = with
        .iter()
        .map(|r| r.disclosure_control.suppressed_for_earlier_releases)
        .sum();
    assert!(
        protected > 0,
        "the ledger had to suppress cells in this run"
    );
    // The first release is what it would be with no ledger at all.
    let mut first_with = with[0].clone();
    let mut first_without = without[0].clone();
    first_with.generated_at.clear();
    first_without.generated_at.clear();
    assert_eq!(first_with, first_without);
    assert_eq!(with[0].disclosure_control.earlier_releases, 0);
    assert_eq!(with[1].disclosure_control.earlier_releases, 1);
}

fn request(from: &str, to: &str) -> ReportRequest {
    ReportRequest {
        from: from.into(),
        to: to.into(),
        min_cell: Some(K),
    }
}

#[test]
fn the_ledger_records_saves_not_previews_survives_a_backup_and_retiring_needs_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    let mut sv = unlock(&v, SUPERVISOR);
    let year = sv
        .indicator_report(&request("2025-01-01", "2025-12-31"))
        .unwrap();
    assert!(sv.releases().unwrap().is_empty(), "a preview is no release");
    sv.save_report(&year, ReportFormat::Csv, &dir.path().join("y.csv"))
        .unwrap();
    // The same report saved again is one release.
    sv.save_report(&year, ReportFormat::Json, &dir.path().join("y.json"))
        .unwrap();
    let ledger = sv.releases().unwrap();
    assert_eq!(ledger.len(), 1);
    let first = &ledger[0];
    assert_eq!(
        (first.from.as_str(), first.to.as_str()),
        ("2025-01-01", "2025-12-31")
    );
    assert_eq!((first.min_cell, first.format.as_str()), (K, "csv"));
    assert_eq!(first.released_by, SUPERVISOR);
    assert_eq!(first.published + first.suppressed, year.cells.len() as u32);

    // A preview made before another release may not be saved: it was not checked against it.
    let mut other = unlock(&v, SUPERVISOR);
    let stale = sv
        .indicator_report(&request("2025-01-01", "2025-11-30"))
        .unwrap();
    let q4 = other
        .indicator_report(&request("2025-10-01", "2025-12-31"))
        .unwrap();
    other
        .save_report(&q4, ReportFormat::Json, &dir.path().join("q4.json"))
        .unwrap();
    let e = sv
        .save_report(&stale, ReportFormat::Json, &dir.path().join("stale.json"))
        .unwrap_err();
    assert!(e.to_string().contains("make it again"), "{e}");
    assert!(!dir.path().join("stale.json").exists());
    let fresh = sv
        .indicator_report(&request("2025-01-01", "2025-11-30"))
        .unwrap();
    assert_eq!(fresh.disclosure_control.earlier_releases, 2);
    sv.save_report(&fresh, ReportFormat::Json, &dir.path().join("fresh.json"))
        .unwrap();
    assert_eq!(sv.releases().unwrap().len(), 3);

    // Retiring: administrators only, with a reason; logged without it.
    let id = sv.releases().unwrap()[1].id;
    assert!(
        sv.retire_release(id, "withdrawn").is_err(),
        "a supervisor may not"
    );
    let mut admin = unlock(&v, ADMIN_CW);
    let e = admin.retire_release(id, "   ").unwrap_err();
    assert!(
        matches!(&e, haven::Error::Invalid { field, .. } if *field == "reason"),
        "{e:?}"
    );
    admin
        .retire_release(id, "withdrawn before publication")
        .unwrap();
    assert!(admin.retire_release(id, "again").is_err(), "retired once");
    let retired = admin
        .releases()
        .unwrap()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap();
    assert_eq!(
        retired.retired_reason.as_deref(),
        Some("withdrawn before publication")
    );
    assert_eq!(retired.retired_by.as_deref(), Some(ADMIN_CW));
    let log = admin.audit_log(None).unwrap();
    let entry = log
        .iter()
        .find(|l| l.action == "report.release.retire")
        .expect("the retirement is logged");
    let detail = entry.detail.as_deref().unwrap_or("");
    assert!(detail.contains(&format!("release {id}")), "{detail}");
    assert!(
        !detail.contains("withdrawn"),
        "the reason stays in the ledger: {detail}"
    );
    let next = sv
        .indicator_report(&request("2025-01-01", "2025-06-30"))
        .unwrap();
    assert_eq!(
        next.disclosure_control.earlier_releases, 2,
        "the retired one binds no more"
    );

    // Backup and restore: the ledger comes back whole.
    let before = admin.releases().unwrap();
    let file = dir.path().join("vault.havenbak");
    admin.backup(&file).unwrap();
    drop((admin, sv, other));
    let elsewhere = haven::Vault::at(dir.path().join("elsewhere"));
    let p = common::pass(common::OTHER_PASSPHRASE);
    haven::backup::restore(
        &file,
        &elsewhere,
        haven::backup::RestoreWith::Passphrase {
            user: SUPERVISOR,
            passphrase: &p,
        },
    )
    .unwrap();
    let restored = unlock(&elsewhere, SUPERVISOR).releases().unwrap();
    assert_eq!(restored, before);
}
