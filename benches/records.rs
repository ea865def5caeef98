//! The benchmark suite (`make bench`, or `cargo bench --bench records`): unlock, import, search,
//! opening a case, the indicator report, backup and restore on `haven demo`'s synthetic data —
//! each on the encrypted vault and on an unencrypted SQLite database of the same schema and
//! settings. Every phase of every variant runs in its own process, so its peak memory (VmHWM) is
//! its own. `HAVEN_BENCH_CASES` (default 100000) sets the size; `HAVEN_BENCH_DOC` names a
//! markdown file whose section between `<!-- bench:begin -->` and `<!-- bench:end -->` is
//! replaced by the results.
#![forbid(unsafe_code)]

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use haven::backup::RestoreWith;
use haven::cases::CaseFilter;
use haven::{Role, Session, Vault};
use rusqlite::Connection;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

const PASS: &str = "lantern quietly orbit mustard";
const ADMIN: &str = "bench.admin";
const CASEWORKER: &str = "bench.cw";
const UNLOCK_RUNS: usize = 15;
/// As Haven's backup: 1024 pages of 16 KiB per step of SQLite's online backup.
const PAGES_PER_STEP: i32 = 1024;
const PHASES: [&str; 4] = ["records", "unlock", "backup", "restore"];
const BEGIN: &str = "<!-- bench:begin -->";
const END: &str = "<!-- bench:end -->";
const MIB: f64 = 1024.0 * 1024.0;

type Figures = Map<String, Value>;

fn figures(v: Value) -> Figures {
    match v {
        Value::Object(map) => map,
        other => panic!("figures are an object, not {other}"),
    }
}

fn cases_wanted() -> usize {
    std::env::var("HAVEN_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// This process's peak resident memory so far, in MiB.
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

/// Resets the peak to the memory resident now (Linux: `5` to `clear_refs`), so that what a
/// phase needed before its measured part (an unlock's Argon2id memory) is not counted.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn percentile(v: &mut [Duration], q: f64) -> f64 {
    v.sort();
    v[((v.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed())
}

fn vault_of(dir: &Path) -> Vault {
    Vault::at(dir.join("vault"))
}

// --- the unencrypted twin, outside a session -----------------------------------------------

/// Opens the unencrypted twin as Haven opens its database (the same flags, page size,
/// pragmas, defensive mode and first read: the core's own function).
fn open_plain(path: &Path, create: bool) -> Connection {
    haven::vault::database::open_unencrypted_for_benchmark(path, create).unwrap()
}

/// The twin's "unlock": open it, read the schema version, find the user — no key file, no key
/// derivation, no login entry.
fn unlock_plain(db: &Path) -> Connection {
    let conn = open_plain(db, false);
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert!(version > 0);
    conn.query_row(
        "SELECT id FROM users WHERE name = ?1 AND removed_at IS NULL",
        [CASEWORKER],
        |r| r.get::<_, String>(0),
    )
    .unwrap();
    conn
}

/// Streams `len` bytes from `from` into `out` through `sha` (1 MiB at a time, as Haven does).
fn copy_hashing(from: &mut impl Read, out: &mut impl Write, sha: &mut Sha256, len: u64) {
    let mut from = BufReader::with_capacity(1 << 20, from.take(len));
    let mut buf = vec![0u8; 1 << 20];
    let mut done = 0;
    loop {
        let n = from.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        sha.update(&buf[..n]);
        out.write_all(&buf[..n]).unwrap();
        done += n as u64;
    }
    assert_eq!(done, len);
}

/// The twin's backup, step for step as Haven's without the key file and the HMAC: SQLite's
/// online backup into a snapshot file (the WAL folded in, fsync), then the snapshot streamed
/// into the backup file with its SHA-256 appended (fsync, rename), then read back and its
/// checksum checked. Returns its size.
fn backup_plain(src: &Connection, snapshot: &Path, file: &Path) -> u64 {
    {
        let mut dest = open_plain(snapshot, true);
        // As Haven's backup does: no page cache of the snapshot's own.
        dest.execute_batch("PRAGMA cache_size = -2048;").unwrap();
        let backup = rusqlite::backup::Backup::new(src, &mut dest).unwrap();
        loop {
            match backup.step(PAGES_PER_STEP).unwrap() {
                rusqlite::backup::StepResult::Done => break,
                rusqlite::backup::StepResult::More => {}
                _ => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        drop(backup);
        dest.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .unwrap();
    }
    File::open(snapshot).unwrap().sync_all().unwrap();
    let tmp = file.with_extension("tmp");
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&tmp).unwrap());
    let mut sha = Sha256::new();
    let len = std::fs::metadata(snapshot).unwrap().len();
    copy_hashing(&mut File::open(snapshot).unwrap(), &mut out, &mut sha, len);
    out.write_all(&sha.finalize()).unwrap();
    out.into_inner().unwrap().sync_all().unwrap();
    std::fs::rename(&tmp, file).unwrap();
    std::fs::remove_file(snapshot).unwrap();
    let mut check = Sha256::new();
    let mut f = File::open(file).unwrap();
    copy_hashing(&mut f, &mut std::io::sink(), &mut check, len);
    let mut stored = [0u8; 32];
    f.read_exact(&mut stored).unwrap();
    assert_eq!(check.finalize().as_slice(), stored);
    len + 32
}

/// The twin's restore, step for step as Haven's without the key: the checksum checked over the
/// whole file, the database copied into a new folder (fsync), opened, `PRAGMA integrity_check`.
fn restore_plain(file: &Path, dir: &Path) {
    let len = std::fs::metadata(file).unwrap().len() - 32;
    let mut sha = Sha256::new();
    let mut f = File::open(file).unwrap();
    copy_hashing(&mut f, &mut std::io::sink(), &mut sha, len);
    let mut stored = [0u8; 32];
    f.read_exact(&mut stored).unwrap();
    assert_eq!(sha.finalize().as_slice(), stored);

    std::fs::create_dir_all(dir).unwrap();
    let partial = dir.join("restore.partial");
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&partial).unwrap());
    copy_hashing(
        &mut File::open(file).unwrap(),
        &mut out,
        &mut Sha256::new(),
        len,
    );
    out.into_inner().unwrap().sync_all().unwrap();
    {
        let conn = open_plain(&partial, false);
        let verdict: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(verdict, "ok");
    }
    std::fs::rename(&partial, dir.join(haven::vault::DATABASE_FILE)).unwrap();
}

// --- the phases, each in its own process ---------------------------------------------------

/// A fresh vault at the production Argon2id cost with an administrator and a caseworker, signed
/// in as the caseworker; or the unencrypted twin (one user with every role).
fn new_session(dir: &Path, encrypted: bool) -> Session {
    let vault = vault_of(dir);
    if !encrypted {
        return vault.create_unencrypted_for_benchmark(CASEWORKER).unwrap();
    }
    vault.create(ADMIN, &PASS.into()).unwrap();
    let mut admin = vault.unlock(ADMIN, &PASS.into()).unwrap();
    admin
        .add_user(CASEWORKER, &[Role::Caseworker], &PASS.into())
        .unwrap();
    drop(admin);
    vault.unlock(CASEWORKER, &PASS.into()).unwrap()
}

/// Import, search, opening cases, listing and the indicator report.
fn records_phase(encrypted: bool, dir: &Path, data: &Path, queries: &Path) -> Figures {
    let mut s = new_session(dir, encrypted);
    let mut reader = BufReader::with_capacity(1 << 20, File::open(data).unwrap());
    let (summary, import) = timed(|| s.import(&mut reader, false, &mut |_| {}).unwrap());

    let words = std::fs::read_to_string(queries).unwrap();
    let mut search = Vec::new();
    let mut found = 0;
    for w in words.lines() {
        let filter = CaseFilter {
            query: Some(w.to_owned()),
            limit: 50,
            ..Default::default()
        };
        let (hits, t) = timed(|| s.list_cases(&filter).unwrap().len());
        found += hits;
        search.push(t);
    }
    // 500 real codes spread over the vault (a user opens a case from the list).
    let all = s
        .list_cases(&CaseFilter {
            limit: 10_000,
            ..Default::default()
        })
        .unwrap();
    let step = (all.len() / 500).max(1);
    let mut open: Vec<Duration> = all
        .iter()
        .step_by(step)
        .take(500)
        .map(|c| timed(|| s.show_case(&c.code).unwrap()).1)
        .collect();
    let newest = CaseFilter {
        limit: 100,
        ..Default::default()
    };
    let mut list: Vec<Duration> = (0..21)
        .map(|_| timed(|| s.list_cases(&newest).unwrap()).1)
        .collect();

    // A change: a service recorded (one durable commit), with the integrity anchor advanced
    // after it, then the same without the anchor: the difference is what the anchor costs.
    let code = &all[all.len() / 2].code;
    let service = |s: &mut Session| {
        let record = haven::records::interchange::ServiceRecord {
            kind: haven::records::vocab::ServiceKind::Legal,
            date: haven::records::CivilDate::parse("2024-05-06").unwrap(),
            provider: None,
        };
        timed(|| s.record_service(code, record).unwrap()).1
    };
    let mut write: Vec<Duration> = (0..100).map(|_| service(&mut s)).collect();
    s.pause_anchor_for_benchmark(true);
    let mut unanchored: Vec<Duration> = (0..100).map(|_| service(&mut s)).collect();
    s.pause_anchor_for_benchmark(false);
    service(&mut s);

    // The indicator report (the computation and disclosure control, without the audit entry):
    // over one calendar year and over every year of the demo data, median of 5 runs each.
    let report_ms = |from: &str, to: &str| {
        let mut runs: Vec<Duration> = (0..5)
            .map(|_| {
                let conn = s.raw_connection();
                timed(|| haven::report::build_for_benchmark(conn, from, to, 11).unwrap()).1
            })
            .collect();
        percentile(&mut runs, 0.5)
    };
    let report_year = report_ms("2020-01-01", "2020-12-31");
    let report_all = report_ms("2014-01-01", "2025-12-31");
    figures(json!({
        "cases": summary.cases,
        "import_s": import.as_secs_f64(),
        "search_p50_ms": percentile(&mut search, 0.5),
        "search_p95_ms": percentile(&mut search, 0.95),
        "search_hits": found,
        "open_p50_ms": percentile(&mut open, 0.5),
        "open_p95_ms": percentile(&mut open, 0.95),
        "list_ms": percentile(&mut list, 0.5),
        "write_p50_ms": percentile(&mut write, 0.5),
        "write_unanchored_p50_ms": percentile(&mut unanchored, 0.5),
        "report_year_ms": report_year,
        "report_all_ms": report_all,
    }))
}

/// Unlocking the imported vault as the caseworker (production cost), or opening the twin.
fn unlock_phase(encrypted: bool, dir: &Path) -> Figures {
    let vault = vault_of(dir);
    let mut runs: Vec<Duration> = (0..UNLOCK_RUNS)
        .map(|_| {
            if encrypted {
                timed(|| vault.unlock(CASEWORKER, &PASS.into()).unwrap()).1
            } else {
                timed(|| unlock_plain(&vault.database_path())).1
            }
        })
        .collect();
    figures(json!({
        "unlock_p50_ms": percentile(&mut runs, 0.5),
        "unlock_p95_ms": percentile(&mut runs, 0.95),
    }))
}

/// A backup of the imported vault by its administrator (signed in before the clock and the
/// memory peak start), or the twin's equivalent.
fn backup_phase(encrypted: bool, dir: &Path) -> Figures {
    let vault = vault_of(dir);
    let file = backup_file(dir);
    let (bytes, t, check) = if encrypted {
        let mut admin = vault.unlock(ADMIN, &PASS.into()).unwrap();
        let (report, check) = timed(|| admin.check().unwrap());
        assert!(report.is_intact(), "{:?}", report.findings());
        reset_peak();
        let (bytes, t) = timed(|| admin.backup(&file).unwrap().bytes);
        (bytes, t, check)
    } else {
        let conn = unlock_plain(&vault.database_path());
        // The plain twin has no pages to authenticate: its structure check alone.
        let (_, check) = timed(|| {
            conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
                .unwrap()
        });
        reset_peak();
        let snapshot = vault.dir().join("backup.snapshot");
        // Like the vault's, the twin's backup checks before it copies.
        let (bytes, t) = timed(|| {
            let verdict: String = conn
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .unwrap();
            assert_eq!(verdict, "ok");
            backup_plain(&conn, &snapshot, &file)
        });
        (bytes, t, check)
    };
    figures(json!({
        "backup_s": t.as_secs_f64(),
        "backup_file_mib": bytes as f64 / MIB,
        "check_s": check.as_secs_f64(),
    }))
}

/// The backup restored into a new folder: with the administrator's passphrase, or the twin's
/// equivalent.
fn restore_phase(encrypted: bool, dir: &Path) -> Figures {
    let target = dir.join("restored");
    let t = if encrypted {
        let with = RestoreWith::Passphrase {
            user: ADMIN,
            passphrase: &PASS.into(),
        };
        let (summary, t) =
            timed(|| haven::backup::restore(&backup_file(dir), &Vault::at(&target), with));
        assert!(summary.unwrap().audit_intact);
        t
    } else {
        timed(|| restore_plain(&backup_file(dir), &target)).1
    };
    figures(json!({ "restore_s": t.as_secs_f64() }))
}

fn backup_file(dir: &Path) -> PathBuf {
    dir.join("bench.havenbackup")
}

/// In a child process: one phase of one variant; prints its figures as one line of JSON.
fn run_phase(args: &[String]) {
    let [phase, variant, dir, data, queries] = args else {
        panic!("--phase PHASE VARIANT DIR DATA QUERIES");
    };
    let (encrypted, dir) = (variant == "encrypted", Path::new(dir));
    let mut result = match phase.as_str() {
        "records" => records_phase(encrypted, dir, Path::new(data), Path::new(queries)),
        "unlock" => unlock_phase(encrypted, dir),
        "backup" => backup_phase(encrypted, dir),
        "restore" => restore_phase(encrypted, dir),
        other => panic!("unknown phase {other}"),
    };
    result.insert(format!("peak_{phase}_mib"), peak_rss_mib().into());
    println!("{}", Value::Object(result));
}

// --- the parent: data, the processes, the table ----------------------------------------------

/// `haven demo`'s cases as JSON Lines, and 300 queries as users type them (the first 3-6
/// letters of a family name, every so often). Returns the data's size in bytes.
fn generate(n: usize, data: &Path, queries: &Path) -> u64 {
    let mut out = BufWriter::new(File::create(data).unwrap());
    let mut q = BufWriter::new(File::create(queries).unwrap());
    let mut picked = 0;
    let options = haven::demo::DemoOptions {
        cases: n,
        ..Default::default()
    };
    for (i, line) in haven::demo::lines(&options).enumerate() {
        writeln!(out, "{line}").unwrap();
        if picked < 300 && i % 97 == 5 {
            let v: Value = serde_json::from_str(&line).unwrap();
            if let Some(family) = v["person"]["family_name"].as_str() {
                let len = 3 + i % 4;
                writeln!(q, "{}", family.chars().take(len).collect::<String>()).unwrap();
                picked += 1;
            }
        }
    }
    out.flush().unwrap();
    q.flush().unwrap();
    std::fs::metadata(data).unwrap().len()
}

/// Every phase of one variant, each in a child process; their figures merged.
fn run_variant(variant: &str, dir: &Path, data: &Path, queries: &Path) -> Figures {
    std::fs::create_dir_all(dir).unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut all = Figures::new();
    for phase in PHASES {
        eprintln!("bench: {variant}: {phase}");
        let out = Command::new(&exe)
            .arg("--phase")
            .args([phase, variant])
            .args([dir, data, queries])
            .stderr(Stdio::inherit())
            .output()
            .unwrap();
        assert!(out.status.success(), "{variant} {phase} failed");
        let line = BufReader::new(&out.stdout[..])
            .lines()
            .map_while(Result::ok)
            .last()
            .unwrap();
        all.extend(figures(serde_json::from_str(&line).unwrap()));
        if phase == "records" {
            let db = std::fs::metadata(vault_of(dir).database_path()).unwrap();
            all.insert("database_mib".into(), (db.len() as f64 / MIB).into());
        }
    }
    let num = |k: &str| all[k].as_f64().unwrap();
    let (db, backup_s, restore_s) = (num("database_mib"), num("backup_s"), num("restore_s"));
    let peak = PHASES
        .iter()
        .map(|p| num(&format!("peak_{p}_mib")))
        .fold(0.0, f64::max);
    all.insert("backup_mib_s".into(), (db / backup_s).into());
    all.insert("restore_mib_s".into(), (db / restore_s).into());
    all.insert("peak_mib".into(), peak.into());
    std::fs::remove_dir_all(dir).unwrap();
    all
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn figure(v: f64, unit: &str) -> String {
    match unit {
        "ms" if v >= 20.0 => format!("{v:.0} ms"),
        "MiB" | "MiB/s" => format!("{v:.0} {unit}"),
        _ => format!("{v:.2} {unit}"),
    }
}

fn ratio(r: f64) -> String {
    match r {
        r if r >= 100.0 => format!("{r:.0}"),
        r if r >= 10.0 => format!("{r:.1}"),
        r => format!("{r:.2}"),
    }
}

/// The first line of `cmd`'s output, or "unknown".
fn command_line(cmd: &str, arg: &str) -> String {
    Command::new(cmd)
        .arg(arg)
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.lines().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}

/// The value after `key` in a `key: value` / `key=value` file, or "unknown".
fn field(file: &str, key: &str, sep: char) -> String {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(sep)?;
            (k.trim() == key).then(|| v.trim().trim_matches('"').to_owned())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// The 1-minute load average: above about 1 on 2 cores, other work shared the CPU.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}

fn machine() -> String {
    let cores = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("processor"))
        .count();
    let mem_kib: f64 = field("/proc/meminfo", "MemTotal", ':')
        .trim_end_matches(" kB")
        .parse()
        .unwrap_or(0.0);
    format!(
        "{}, {cores} cores, {:.1} GiB memory; {}, Linux {}; {}",
        field("/proc/cpuinfo", "model name", ':'),
        mem_kib / MIB,
        field("/etc/os-release", "PRETTY_NAME", '='),
        std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .unwrap_or_default()
            .trim(),
        command_line("rustc", "--version"),
    )
}

/// The table's rows: figure, unit, label (`{n}` is the number of cases).
const ROWS: &str = "\
unlock_p50_ms ms unlock p50 (15 runs; production Argon2id)
unlock_p95_ms ms unlock p95
import_s s import {n} cases (one run)
search_p50_ms ms search p50 (300 searches)
search_p95_ms ms search p95
open_p50_ms ms open a case p50 (500 cases, audit entry included)
open_p95_ms ms open a case p95
list_ms ms list the newest 100 (median of 21)
write_p50_ms ms a change p50 (100 services recorded; full sync and integrity anchor)
write_unanchored_p50_ms ms the same change without the integrity anchor (p50 of 100)
report_year_ms ms indicator report, one calendar year (median of 5)
report_all_ms ms indicator report, all 12 years (median of 5)
database_mib MiB database file after import
check_s s check the whole vault (every page, chain, anchor; plain: integrity_check)
backup_s s backup (one run; the check included)
backup_file_mib MiB backup file
backup_mib_s MiB/s backup throughput (database file / time)
restore_s s restore (one run)
restore_mib_s MiB/s restore throughput (database file / time)
peak_records_mib MiB peak memory: import, search, open, report
peak_unlock_mib MiB peak memory: unlock
peak_backup_mib MiB peak memory: backup (after sign-in)
peak_restore_mib MiB peak memory: restore
peak_mib MiB peak memory of the variant (largest of its processes)";

/// The generated section: the table, peak memory, the machine.
fn render(
    n: usize,
    data_bytes: u64,
    e: &Figures,
    p: &Figures,
    wall: Duration,
    load: &str,
) -> String {
    let n_text = thousands(n as u64);
    let mut out = format!(
        "{BEGIN}\n<!-- Written by `make bench` (benches/records.rs); edits here are overwritten. -->\n\n\
         {n_text} cases from `haven demo` ({:.0} MiB of JSON Lines), measured {}.\n\n\
         | measurement | encrypted | plain | ratio |\n| --- | --- | --- | --- |\n",
        data_bytes as f64 / MIB,
        time::OffsetDateTime::now_utc().date(),
    );
    for row in ROWS.lines() {
        let mut parts = row.splitn(3, ' ');
        let (key, unit, label) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let (a, b) = (e[key].as_f64().unwrap(), p[key].as_f64().unwrap());
        let label = label.replace("{n}", &n_text);
        out += &format!(
            "| {label} | {} | {} | {} |\n",
            figure(a, unit),
            figure(b, unit),
            ratio(a / b)
        );
    }
    out += &format!(
        "\nMachine: {}. Release build. The suite took {:.0} s (data generation included); \
         1-minute load average at its start / end: {load} / {}; \
         search hits, encrypted / plain: {} / {}.\n{END}",
        machine(),
        wall.as_secs_f64(),
        load_average(),
        thousands(e["search_hits"].as_u64().unwrap()),
        thousands(p["search_hits"].as_u64().unwrap()),
    );
    out
}

/// Replaces the section between the markers of the markdown file at `path`.
fn write_doc(path: &Path, section: &str) {
    let doc = std::fs::read_to_string(path).unwrap();
    let (Some(b), Some(e)) = (doc.find(BEGIN), doc.find(END)) else {
        panic!("{} lacks the {BEGIN} / {END} markers", path.display());
    };
    let updated = format!("{}{section}{}", &doc[..b], &doc[e + END.len()..]);
    std::fs::write(path, updated).unwrap();
    eprintln!("bench: results written to {}", path.display());
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--phase") {
        return run_phase(&args[i + 1..]);
    }
    let (started, load) = (Instant::now(), load_average());
    let n = cases_wanted();
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("demo.jsonl");
    let queries = work.path().join("queries.txt");
    eprintln!("bench: generating {n} demo cases");
    let data_bytes = generate(n, &data, &queries);
    let [e, p] =
        ["encrypted", "plain"].map(|v| run_variant(v, &work.path().join(v), &data, &queries));
    assert_eq!(e["cases"], p["cases"]);
    let section = render(n, data_bytes, &e, &p, started.elapsed(), &load);
    println!("{section}");
    if let Ok(doc) = std::env::var("HAVEN_BENCH_DOC") {
        write_doc(Path::new(&doc), &section);
    }
}
