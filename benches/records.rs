//! Case-record benchmarks on `haven demo`'s synthetic data: import, search, opening a case —
//! each on the encrypted vault and on an unencrypted SQLite database of the same schema, each
//! in its own process so peak memory is its own. `cargo bench --bench records`
//! (`HAVEN_BENCH_CASES`, default 100000).

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use haven::cases::CaseFilter;
use haven::{KdfParams, Role, Session, Vault};

const PASS: &str = "lantern quietly orbit mustard";

fn cases_wanted() -> usize {
    std::env::var("HAVEN_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn percentile(v: &mut [Duration], q: f64) -> f64 {
    v.sort();
    v[((v.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0
}

fn session(dir: &Path, encrypted: bool) -> Session {
    let vault = Vault::at(dir.join("vault"));
    if encrypted {
        vault
            .create_with("bench.admin", &PASS.into(), KdfParams::FLOOR)
            .unwrap();
        let mut admin = vault.unlock("bench.admin", &PASS.into()).unwrap();
        admin
            .add_user("bench.cw", &[Role::Caseworker], &PASS.into())
            .unwrap();
        drop(admin);
        vault.unlock("bench.cw", &PASS.into()).unwrap()
    } else {
        vault.create_unencrypted_for_benchmark("bench.cw").unwrap()
    }
}

/// One variant, in this process: prints one line of JSON with the figures.
fn run_variant(encrypted: bool, data: &Path, queries: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path(), encrypted);
    let t = Instant::now();
    let mut reader = BufReader::with_capacity(1 << 20, std::fs::File::open(data).unwrap());
    let summary = s.import(&mut reader, false, &mut |_| {}).unwrap();
    let import = t.elapsed();

    let words: Vec<String> = std::fs::read_to_string(queries)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let mut search = Vec::new();
    let mut found = 0;
    for w in &words {
        let filter = CaseFilter {
            query: Some(w.clone()),
            limit: 50,
            ..Default::default()
        };
        let t = Instant::now();
        found += s.list_cases(&filter).unwrap().len();
        search.push(t.elapsed());
    }
    // 500 real codes spread over the vault (a user opens a case from the list).
    let all = s
        .list_cases(&CaseFilter {
            limit: 10_000,
            ..Default::default()
        })
        .unwrap();
    let step = (all.len() / 500).max(1);
    let codes: Vec<String> = all
        .iter()
        .step_by(step)
        .take(500)
        .map(|c| c.code.clone())
        .collect();
    let mut open = Vec::new();
    for c in &codes {
        let t = Instant::now();
        s.show_case(c).unwrap();
        open.push(t.elapsed());
    }
    let list_t = Instant::now();
    s.list_cases(&CaseFilter {
        limit: 100,
        ..Default::default()
    })
    .unwrap();
    let list = list_t.elapsed();

    // The indicator report (the computation and disclosure control, without the audit entry):
    // over one calendar year and over every year of the demo data, median of 5 runs each.
    let report_ms = |from: &str, to: &str| {
        let mut runs: Vec<Duration> = (0..5)
            .map(|_| {
                let t = Instant::now();
                haven::report::build_for_benchmark(s.raw_connection(), from, to, 11).unwrap();
                t.elapsed()
            })
            .collect();
        percentile(&mut runs, 0.5)
    };
    let report_year = report_ms("2020-01-01", "2020-12-31");
    let report_all = report_ms("2014-01-01", "2025-12-31");
    println!(
        "{}",
        serde_json::json!({
            "cases": summary.cases,
            "import_s": import.as_secs_f64(),
            "search_p50_ms": percentile(&mut search, 0.5),
            "search_p95_ms": percentile(&mut search, 0.95),
            "search_hits": found,
            "open_p50_ms": percentile(&mut open, 0.5),
            "open_p95_ms": percentile(&mut open, 0.95),
            "list_ms": list.as_secs_f64() * 1000.0,
            "report_year_ms": report_year,
            "report_all_ms": report_all,
            "peak_rss_mib": peak_rss_mib(),
        })
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--variant") {
        let encrypted = args[i + 1] == "encrypted";
        return run_variant(encrypted, Path::new(&args[i + 2]), Path::new(&args[i + 3]));
    }
    let n = cases_wanted();
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("demo.jsonl");
    let queries = work.path().join("queries.txt");
    let t = Instant::now();
    {
        let mut out = BufWriter::new(std::fs::File::create(&data).unwrap());
        let mut q = BufWriter::new(std::fs::File::create(&queries).unwrap());
        let mut picked = 0;
        for (i, line) in haven::demo::lines(&haven::demo::DemoOptions {
            cases: n,
            ..Default::default()
        })
        .enumerate()
        {
            writeln!(out, "{line}").unwrap();
            // Queries as users type them: the first 3-6 letters of a family name, every so often.
            if picked < 300 && i % 97 == 5 {
                let v: serde_json::Value = serde_json::from_str(&line).unwrap();
                if let Some(family) = v["person"]["family_name"].as_str() {
                    let len = 3 + i % 4;
                    writeln!(q, "{}", family.chars().take(len).collect::<String>()).unwrap();
                    picked += 1;
                }
            }
        }
    }
    let generate = t.elapsed();
    let size = std::fs::metadata(&data).unwrap().len() as f64 / (1024.0 * 1024.0);
    let exe = std::env::current_exe().unwrap();
    let mut results = Vec::new();
    for variant in ["encrypted", "plain"] {
        let out = Command::new(&exe)
            .args([
                "--variant",
                variant,
                data.to_str().unwrap(),
                queries.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let line = BufReader::new(&out.stdout[..])
            .lines()
            .map_while(Result::ok)
            .last()
            .unwrap();
        results.push(serde_json::from_str::<serde_json::Value>(&line).unwrap());
    }
    let (e, p) = (&results[0], &results[1]);
    println!("Haven case-record benchmark: {n} demo cases ({size:.0} MiB of JSON Lines, generated in {:.1} s)", generate.as_secs_f64());
    println!(
        "{:<28} {:>12} {:>12} {:>8}",
        "", "encrypted", "plain", "ratio"
    );
    for (label, key, unit) in [
        ("import", "import_s", "s"),
        ("search p50", "search_p50_ms", "ms"),
        ("search p95", "search_p95_ms", "ms"),
        ("open a case p50", "open_p50_ms", "ms"),
        ("open a case p95", "open_p95_ms", "ms"),
        ("list newest 100", "list_ms", "ms"),
        ("indicator report, 1 year", "report_year_ms", "ms"),
        ("indicator report, 12 years", "report_all_ms", "ms"),
        ("peak memory (RSS)", "peak_rss_mib", "MiB"),
    ] {
        let (a, b) = (e[key].as_f64().unwrap(), p[key].as_f64().unwrap());
        println!(
            "{label:<28} {:>9.2} {unit:<3}{:>9.2} {unit:<3}{:>7.2}",
            a,
            b,
            a / b
        );
    }
    println!(
        "(search hits, encrypted/plain: {}/{})",
        e["search_hits"], p["search_hits"]
    );
}
