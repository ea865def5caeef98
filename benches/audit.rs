//! The audit log: `verify` over 1,000,000 entries, and what an entry costs a write and a case
//! read. `cargo bench --bench audit` (`HAVEN_BENCH_AUDIT_ENTRIES`, default 1000000).
#![forbid(unsafe_code)]

use std::time::{Duration, Instant};

use haven::records::interchange::NoteRecord;
use haven::records::CivilDate;
use haven::{KdfParams, Role, Vault};

const PASS: &str = "lantern quietly orbit mustard";

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let n: u64 = std::env::var("HAVEN_BENCH_AUDIT_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::at(dir.path().join("vault"));
    vault
        .create_with("bench.admin", &PASS.into(), KdfParams::FLOOR)
        .unwrap();
    let mut admin = vault.unlock("bench.admin", &PASS.into()).unwrap();
    admin
        .add_user("bench.cw", &[Role::Caseworker], &PASS.into())
        .unwrap();
    admin
        .add_user("bench.sv", &[Role::Supervisor], &PASS.into())
        .unwrap();
    let mut cw = vault.unlock("bench.cw", &PASS.into()).unwrap();
    let demo = haven::demo::lines(&haven::demo::DemoOptions {
        cases: 200,
        ..Default::default()
    })
    .collect::<Vec<_>>()
    .join("\n");
    cw.import(&mut demo.as_bytes(), false, &mut |_| {}).unwrap();
    let code = cw.list_cases(&Default::default()).unwrap()[0].code.clone();
    let sv = vault.unlock("bench.sv", &PASS.into()).unwrap();

    // A case read: the caseworker's read is logged, the supervisor's (no identities) is not.
    // Not interleaved: a write by one connection empties the other's page cache.
    let mut unlogged = Vec::new();
    for _ in 0..300 {
        let t = Instant::now();
        sv.show_case(&code).unwrap();
        unlogged.push(t.elapsed());
    }
    let mut logged = Vec::new();
    for _ in 0..300 {
        let t = Instant::now();
        cw.show_case(&code).unwrap();
        logged.push(t.elapsed());
    }
    // A write: a note (one entry in the same transaction).
    let mut writes = Vec::new();
    for i in 0..200 {
        let note = NoteRecord {
            date: CivilDate::parse("2025-01-01").unwrap(),
            text: format!("benchmark note {i}"),
        };
        let t = Instant::now();
        cw.add_note(&code, note).unwrap();
        writes.push(t.elapsed());
    }

    let t = Instant::now();
    admin.append_audit_entries_for_benchmark(n).unwrap();
    let append = t.elapsed();
    let t = Instant::now();
    let report = admin.verify_audit(None).unwrap();
    let verify = t.elapsed();
    assert!(report.is_intact());

    println!("Haven audit benchmark");
    println!(
        "{:<44} {:>10.3} ms",
        "open a case, logged (caseworker) p50",
        median(logged)
    );
    println!(
        "{:<44} {:>10.3} ms",
        "open a case, not logged (supervisor) p50",
        median(unlogged)
    );
    println!(
        "{:<44} {:>10.3} ms",
        "add a note (with its entry) p50",
        median(writes)
    );
    println!(
        "{:<44} {:>10.2} s  ({} entries, one transaction)",
        "append entries",
        append.as_secs_f64(),
        n
    );
    println!(
        "{:<44} {:>10.2} s  ({} entries)",
        "verify the chain",
        verify.as_secs_f64(),
        report.entries
    );
}
