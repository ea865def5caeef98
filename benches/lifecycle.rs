//! The lifecycle's costs over a large vault (lifecycle.md): erasing one case, purging 1,000
//! cases due under the retention period (which compacts the file afterwards), and the vault's
//! size before and after. A single erasure does not compact: `secure_delete` zeroes what it
//! frees.
//!
//! `cargo bench --bench lifecycle` (HAVEN_BENCH_CASES, default 100,000 demo cases; the vault
//! at the production key-derivation cost). Prints a Markdown table for docs/benchmarks.md.

use std::io::{BufReader, BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use haven::lifecycle::{ErasureKind, LifecycleSettings};
use haven::{Role, Vault};

const ADMIN: &str = "bench.admin";
const PASS: &str = "correct horse battery staple lantern";

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed())
}

fn size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum()
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1 << 20) as f64)
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
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
    s.set_roles(ADMIN, &[Role::Admin, Role::Caseworker])
        .unwrap();
    drop(s);
    let mut s = vault.unlock(ADMIN, &PASS.into()).unwrap();
    let mut reader = BufReader::new(std::fs::File::open(&data).unwrap());
    s.import(&mut reader, false, &mut |_| {}).unwrap();
    s.check_integrity().unwrap();
    // The import's log moved into the database first, so the sizes and the erasure's own
    // truncation are measured on a settled vault.
    s.raw_connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    let before = size(vault.dir());

    // One case with notes: the newest closed one.
    let closed = s
        .list_cases(&haven::cases::CaseFilter {
            status: Some(haven::records::vocab::CaseStatus::Closed),
            limit: 50,
            ..Default::default()
        })
        .unwrap();
    let one = closed
        .iter()
        .find(|c| !s.show_case(&c.code).unwrap().record.notes.is_empty())
        .map(|c| c.code.clone())
        .unwrap_or_else(|| closed[0].code.clone());
    let (summary, erase_one) = timed(|| s.erase(&one, ErasureKind::Identity, "benchmark").unwrap());
    assert!(summary.log_truncated);
    let (_, purge_one) = timed(|| {
        s.erase(&closed[1].code, ErasureKind::Narratives, "benchmark")
            .unwrap()
    });

    // 1,000 cases due: a retention of one year makes every case closed before last year due.
    let settings = s.lifecycle_settings().unwrap();
    s.set_lifecycle_settings(&LifecycleSettings {
        retention_years: 1,
        ..settings
    })
    .unwrap();
    let (due, list_due) = timed(|| s.retention_due().unwrap());
    let codes: Vec<String> = due.iter().take(1000).map(|d| d.code.clone()).collect();
    let (done, purge_due) = timed(|| s.purge_due(&codes).unwrap());
    let after = size(vault.dir());
    let (_, vacuum) = timed(|| {
        s.raw_connection()
            .execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap()
    });
    let vacuumed = size(vault.dir());
    s.check_integrity().unwrap();

    println!("| lifecycle ({n} cases) | time |");
    println!("| --- | --- |");
    println!(
        "| erase one case (identity and narratives, log truncated) | {} |",
        ms(erase_one)
    );
    println!("| purge the narratives of one case | {} |", ms(purge_one));
    println!(
        "| list the cases due ({} due) | {} |",
        due.len(),
        ms(list_due)
    );
    println!(
        "| purge {} cases due (one transaction) | {} |",
        done.len(),
        ms(purge_due)
    );
    println!(
        "| VACUUM afterwards (not needed for erasure) | {} |",
        ms(vacuum)
    );
    println!();
    println!("| vault size | bytes |");
    println!("| --- | --- |");
    println!("| before | {} |", mib(before));
    println!(
        "| after erasing 2 cases and purging {} (the purge compacts) | {} |",
        done.len(),
        mib(after)
    );
    println!("| after another VACUUM | {} |", mib(vacuumed));
}
