//! The release ledger's joint check (indicators.md, "Releases"): how long a report takes to
//! make when it is checked against 1, 12 and 60 earlier releases, over `haven demo`'s 100,000
//! cases (HAVEN_BENCH_CASES for another size), in a real vault. The earlier releases are the
//! months of 2025, then of 2021 to 2024; the reports measured are the year 2025 (nested over
//! its months) and 2021 to 2025 (holding every earlier release). Median of 5 runs each; the
//! baseline is the same report with no release before it.
//!
//! `cargo bench --bench releases` (part of `make bench`).

use std::io::{BufReader, BufWriter, Write};
use std::time::{Duration, Instant};

use haven::report::formats::ReportFormat;
use haven::report::ReportRequest;
use haven::{Role, Vault};

const ADMIN: &str = "bench.admin";
const PASS: &str = "correct horse battery staple lantern";

fn median(mut runs: Vec<Duration>) -> f64 {
    runs.sort();
    runs[runs.len() / 2].as_secs_f64() * 1000.0
}

fn month(year: i32, m: u32) -> (String, String) {
    let last = match m {
        2 if year % 4 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (format!("{year}-{m:02}-01"), format!("{year}-{m:02}-{last}"))
}

fn main() {
    let n: usize = std::env::var("HAVEN_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("demo.jsonl");
    {
        let mut out = BufWriter::new(std::fs::File::create(&data).unwrap());
        let options = haven::demo::DemoOptions {
            cases: n,
            ..Default::default()
        };
        for line in haven::demo::lines(&options) {
            writeln!(out, "{line}").unwrap();
        }
    }
    let vault = Vault::at(root.path().join("vault"));
    vault.create(ADMIN, &PASS.into()).unwrap();
    let mut s = vault.unlock(ADMIN, &PASS.into()).unwrap();
    s.set_roles(ADMIN, &[Role::Admin, Role::Caseworker, Role::Supervisor])
        .unwrap();
    drop(s);
    let mut s = vault.unlock(ADMIN, &PASS.into()).unwrap();
    let mut reader = BufReader::new(std::fs::File::open(&data).unwrap());
    eprintln!("bench: importing {n} demo cases");
    s.import(&mut reader, false, &mut |_| {}).unwrap();

    let request = |(from, to): (&str, &str)| ReportRequest {
        from: from.into(),
        to: to.into(),
        min_cell: None,
    };
    let measured = [("2025-01-01", "2025-12-31"), ("2021-01-01", "2025-12-31")];
    let time = |s: &haven::Session, period: (&str, &str)| {
        median(
            (0..5)
                .map(|_| {
                    let t = Instant::now();
                    let r = s.indicator_report(&request(period)).unwrap();
                    let took = t.elapsed();
                    assert!(r.cells.len() > 50);
                    eprintln!(
                        "bench: {}..{} withheld {} cells for earlier releases",
                        period.0, period.1, r.disclosure_control.suppressed_for_earlier_releases
                    );
                    took
                })
                .collect(),
        )
    };
    let mut rows = vec![(0usize, measured.map(|p| time(&s, p)), 0u32)];
    let months: Vec<(String, String)> = (1..=12)
        .map(|m| month(2025, m))
        .chain((2021..=2024).flat_map(|y| (1..=12).map(move |m| month(y, m))))
        .collect();
    let out = root.path().join("release.json");
    let mut withheld = 0;
    for (i, (from, to)) in months.iter().enumerate() {
        let r = s.indicator_report(&request((from, to))).unwrap();
        withheld += r.disclosure_control.suppressed_for_earlier_releases;
        s.save_report(&r, ReportFormat::Json, &out).unwrap();
        let released = i + 1;
        if [1, 12, 60].contains(&released) {
            rows.push((released, measured.map(|p| time(&s, p)), withheld));
        }
    }
    println!("Joint check over {n} demo cases (release build), median of 5 reports:\n");
    println!("| earlier releases | report 2025 | report 2021-2025 | cells withheld in the releases so far |");
    println!("| ---: | ---: | ---: | ---: |");
    for (released, [year, all], withheld) in rows {
        println!("| {released} | {year:.0} ms | {all:.0} ms | {withheld} |");
    }
}
