//! The case-record commands of the CLI: import, export, case list/show, demo — their output
//! and exit codes.
#![forbid(unsafe_code)]

#[path = "../../tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::marker;

const ADMIN_PASS: &str = "lantern quietly orbit mustard";
const USER_PASS: &str = "violet kettle marathon zebra";
const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/interchange/sample.jsonl"
);

struct Vault {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn run(vault: &Path, user: &str, pass: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(args)
        .env("HAVEN_VAULT", vault)
        .env("HAVEN_USER", user)
        .env("HAVEN_PASSPHRASE", pass)
        .env("HAVEN_NEW_PASSPHRASE", USER_PASS)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A vault with an admin and one user of each other role.
fn vault() -> Vault {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault");
    let o = Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(["init", "--user", "admin.one"])
        .env("HAVEN_VAULT", &path)
        .env("HAVEN_NEW_PASSPHRASE", ADMIN_PASS)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", err(&o));
    for (name, role) in [("cw", "caseworker"), ("in", "intake"), ("sv", "supervisor")] {
        let o = run(
            &path,
            "admin.one",
            ADMIN_PASS,
            &["user", "add", name, "--role", role],
        );
        assert!(o.status.success(), "{}", err(&o));
    }
    Vault { _dir: dir, path }
}

#[test]
fn import_export_and_case_commands() {
    let v = vault();
    let o = run(&v.path, "cw", USER_PASS, &["import", SAMPLE, "--dry-run"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        err(&o).contains("Would import 4 organizations and 4 cases"),
        "{}",
        err(&o)
    );
    let o = run(&v.path, "cw", USER_PASS, &["case", "list", "--json"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "[]",
        "the dry run wrote something"
    );

    let o = run(&v.path, "cw", USER_PASS, &["import", SAMPLE]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let o = run(
        &v.path,
        "cw",
        USER_PASS,
        &["case", "list", "--query", "mammadova", "--json"],
    );
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list[0]["code"], "2014-0001");
    assert_eq!(list[0]["name"], "Aygün Məmmədova");
    let o = run(
        &v.path,
        "sv",
        USER_PASS,
        &["case", "show", "2014-0001", "--json"],
    );
    let shown: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(shown["identity_hidden"], true);
    assert!(shown["person"]["family_name"].is_null());
    assert!(!String::from_utf8_lossy(&o.stdout).contains("Məmmədova"));
    let o = run(&v.path, "in", USER_PASS, &["case", "show", "2016-0001"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("Ирина Ёлкина"));
    let o = run(&v.path, "in", USER_PASS, &["case", "show", "1999-0001"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("no case with this code"), "{}", err(&o));

    let out = v.path.parent().unwrap().join("export.jsonl");
    let o = run(&v.path, "cw", USER_PASS, &["export", out.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "export without --plaintext must be refused"
    );
    assert!(!out.exists());
    let o = run(
        &v.path,
        "cw",
        USER_PASS,
        &["export", out.to_str().unwrap(), "--plaintext"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 8);
    let o = run(
        &v.path,
        "cw",
        USER_PASS,
        &["export", out.to_str().unwrap(), "--plaintext"],
    );
    assert_ne!(o.status.code(), Some(0), "an existing file was overwritten");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn case_show_gives_a_supervisor_no_employer() {
    let v = vault();
    let employer = marker("employer");
    let file = v.path.parent().unwrap().join("job.jsonl");
    let case = serde_json::json!({
        "type": "case", "code": "2020-0007",
        "person": {"given_name": "Test", "sex": "female"},
        "identified_on": "2020-01-01", "recognition": "recognized", "exploitation": ["forced_labour"],
        "employments": [{"employer": format!("Workshop {employer}"), "started_on": "2020-03-01", "ended_on": null}]
    });
    std::fs::write(&file, format!("{case}\n")).unwrap();
    let o = run(
        &v.path,
        "cw",
        USER_PASS,
        &["import", file.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let show = |user: &str, json: bool| {
        let mut args = vec!["case", "show", "2020-0007"];
        if json {
            args.push("--json");
        }
        let o = run(&v.path, user, USER_PASS, &args);
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        String::from_utf8(o.stdout).unwrap()
    };

    // The caseworker sees the employer.
    let shown: serde_json::Value = serde_json::from_str(&show("cw", true)).unwrap();
    assert_eq!(
        shown["employments"][0]["employer"],
        format!("Workshop {employer}")
    );

    // The supervisor sees the job and its start, and no employer value.
    let out = show("sv", true);
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(shown["identity_hidden"], true);
    assert_eq!(shown["employments"][0]["employer"], "");
    assert_eq!(shown["employments"][0]["started_on"], "2020-03-01");
    assert!(
        !out.contains(&employer) && !out.contains("Workshop"),
        "{out}"
    );
    let out = show("sv", false);
    assert!(!out.contains(&employer), "{out}");
    // Nor does a search for it find the case.
    let o = run(
        &v.path,
        "sv",
        USER_PASS,
        &["case", "list", "--query", &employer, "--json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "[]");
}

#[test]
fn an_import_with_errors_on_several_lines_reports_them_all_and_exits_5() {
    let v = vault();
    let file = v.path.parent().unwrap().join("bad.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"type":"organization","name":"Org","kind":"ngo","sector":"ngo"}"#, "\n",
            r#"{"type":"case","person":{"given_name":"A","sex":"female"},"identified_on":"2020-01-01","recognition":"recognized","exploitation":["sexual"]}"#, "\n",
            r#"{"type":"case","person":{"given_name":"B","sex":"F"},"identified_on":"2020-01-01","recognition":"recognized","exploitation":["sexual"]}"#, "\n",
            r#"{"type":"case","person":{"given_name":"C","sex":"female"},"identified_on":"2020-13-01","recognition":"recognized","exploitation":["sexual"]}"#, "\n",
            r#"{"type":"case","person":{"given_name":"D","sex":"female"},"identified_on":"2020-01-01","recognition":"recognized","exploitation":[],"referrals":[{"date":"2020-01-02","to":"Nobody","status":"pending"}]}"#, "\n",
        ),
    )
    .unwrap();
    let o = run(
        &v.path,
        "cw",
        USER_PASS,
        &["import", file.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(5), "{}", err(&o));
    let e = err(&o);
    for expected in [
        "line 3: person.sex",
        "line 4: identified_on",
        "line 5: exploitation",
        "line 5: referrals[0].to",
        "Nothing was written",
    ] {
        assert!(e.contains(expected), "{expected:?} missing from {e}");
    }
    let o = run(&v.path, "cw", USER_PASS, &["case", "list", "--json"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "[]");
}

/// Runs `haven` like [`run`], sampling the child's peak resident memory (the kernel's VmHWM,
/// in KiB) every few milliseconds until it exits: the exit code, stderr and that peak. The
/// peak is kept by the kernel, so a sample misses only what grew in the child's last moments.
fn run_measured(vault: &Path, user: &str, pass: &str, args: &[&str]) -> (Option<i32>, String, u64) {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(args)
        .env("HAVEN_VAULT", vault)
        .env("HAVEN_USER", user)
        .env("HAVEN_PASSPHRASE", pass)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        stderr.read_to_string(&mut text).unwrap();
        text
    });
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    let status = loop {
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            let hwm = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak_kib = peak_kib.max(hwm.unwrap_or(0));
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    (status.code(), reader.join().unwrap(), peak_kib)
}

#[test]
fn a_400_mib_line_is_refused_with_exit_5_in_flat_memory() {
    // The attack: one line of 400 MiB. Read whole, it took over 800 MB before it was refused.
    use std::io::Write;
    let v = vault();
    let file = v.path.parent().unwrap().join("one-long-line.jsonl");
    let mut out = std::fs::File::create(&file).unwrap();
    out.write_all(br#"{"type":"case","ref":""#).unwrap();
    let chunk = vec![b'a'; 8 << 20];
    for _ in 0..50 {
        out.write_all(&chunk).unwrap();
    }
    out.write_all(b"\"}\n").unwrap();
    drop(out);
    assert!(std::fs::metadata(&file).unwrap().len() > 400 << 20);

    let (code, stderr, peak_kib) = run_measured(
        &v.path,
        "cw",
        USER_PASS,
        &["import", file.to_str().unwrap()],
    );
    std::fs::remove_file(&file).unwrap();
    let peak = peak_kib * 1024;
    assert!(peak > 0, "no memory figure was read");
    assert!(peak < 150_000_000, "peak resident memory {peak} bytes");
    assert_eq!(code, Some(5), "{stderr}");
    assert!(
        stderr.contains("line 1: this line is longer than 4 MiB"),
        "{stderr}"
    );
}

#[test]
fn roles_deny_with_exit_4() {
    let v = vault();
    let out = v.path.parent().unwrap().join("x.jsonl");
    let cases = [
        ("in", vec!["import", SAMPLE]),
        ("sv", vec!["import", SAMPLE]),
        ("in", vec!["export", out.to_str().unwrap(), "--plaintext"]),
        ("sv", vec!["export", out.to_str().unwrap(), "--plaintext"]),
        (
            "admin.one",
            vec!["export", out.to_str().unwrap(), "--plaintext"],
        ),
        ("admin.one", vec!["case", "list"]),
        ("sv", vec!["demo", "--cases", "3"]),
    ];
    for (user, args) in cases {
        let pass = if user == "admin.one" {
            ADMIN_PASS
        } else {
            USER_PASS
        };
        let o = run(&v.path, user, pass, &args);
        assert_eq!(o.status.code(), Some(4), "{user} {args:?}: {}", err(&o));
        assert!(!out.exists(), "a refused export left a file");
    }
}

#[test]
fn demo_fills_the_vault_with_fake_cases() {
    let v = vault();
    let o = run(&v.path, "cw", USER_PASS, &["demo", "--cases", "50"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let o = run(&v.path, "cw", USER_PASS, &["case", "list", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 50);
}

#[test]
fn report_indicators_writes_each_format_and_answers_with_the_contracts_exit_codes() {
    let v = vault();
    let o = run(&v.path, "cw", USER_PASS, &["import", SAMPLE]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let period = ["--from", "2014-01-01", "--to", "2014-12-31"];
    let report = |user: &str, extra: &[&str]| {
        let mut args = vec!["report", "indicators"];
        args.extend(period);
        args.extend(extra);
        run(&v.path, user, USER_PASS, &args)
    };

    // JSON on standard output by default; the message on standard error.
    let o = report("sv", &["--min-cell", "1"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["report"], "indicators");
    assert_eq!(json["disclosure_control"]["min_cell"], 1);
    assert_eq!(json["disclosure_control"]["exact_small_counts"], true);
    assert!(err(&o).contains("exact small counts"), "{}", err(&o));

    let o = report("sv", &["--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let csv = String::from_utf8(o.stdout).unwrap();
    assert!(csv.starts_with("period_from,period_to,indicator,"), "{csv}");
    assert!(csv.lines().count() > 40);

    let out = v.path.parent().unwrap().join("report.xlsx");
    let o = report("sv", &["--format", "xlsx", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(o.stdout.is_empty());
    assert_eq!(&std::fs::read(&out).unwrap()[..2], b"PK", "not a zip");

    // Wrong input: exit 5 and nothing written; wrong role: exit 4; usage: exit 2.
    let bad = v.path.parent().unwrap().join("bad.json");
    let o = run(
        &v.path,
        "sv",
        USER_PASS,
        &[
            "report",
            "indicators",
            "--from",
            "2014-12-31",
            "--to",
            "2014-01-01",
            "--out",
            bad.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(5), "{}", err(&o));
    assert!(!bad.exists());
    assert_eq!(report("sv", &["--min-cell", "0"]).status.code(), Some(5));
    assert_eq!(report("sv", &["--min-cell", "101"]).status.code(), Some(5));
    assert_eq!(report("cw", &[]).status.code(), Some(4));
    assert_eq!(report("sv", &["--format", "pdf"]).status.code(), Some(2));

    // The admin's default k is what a report uses when none is given.
    let o = run(
        &v.path,
        "admin.one",
        ADMIN_PASS,
        &["settings", "--min-cell", "7"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .starts_with("min-cell\t7\nauto-lock\t5\nretention-years\t5\n"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let o = run(
        &v.path,
        "admin.one",
        ADMIN_PASS,
        &["settings", "--auto-lock", "61"],
    );
    assert_eq!(o.status.code(), Some(5), "{}", err(&o));
    let o = run(&v.path, "sv", USER_PASS, &["settings", "--min-cell", "3"]);
    assert_eq!(o.status.code(), Some(4), "{}", err(&o));
    let o = report("sv", &[]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["disclosure_control"]["min_cell"], 7);
}
