//! `haven export ctdc` on the command line (indicators.md, cli.md): the supervisor's export
//! writes the CSV file and its metadata and says what it did; a caseworker is refused with
//! exit 4; bad dates and k exit 5 naming the flag; a wrong command line exits 2; and
//! `haven export FILE --plaintext` is still the interchange export.
#![forbid(unsafe_code)]

#[path = "../../tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;
use haven::Role;

const SUPERVISOR: &str = "sup";
const CASEWORKER: &str = "cw";

fn run(vault: &Path, user: &str, args: &[&str]) -> Output {
    let passphrase = if user == ADMIN {
        ADMIN_PASSPHRASE
    } else {
        OTHER_PASSPHRASE
    };
    Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(args)
        .env("HAVEN_VAULT", vault)
        .env("HAVEN_USER", user)
        .env("HAVEN_PASSPHRASE", passphrase)
        .env_remove("HAVEN_NEW_PASSPHRASE")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap()
}

/// A floor-cost vault with synthetic cases of 2014, a caseworker and a supervisor.
fn vault(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("vault");
    let vault = floor_vault(&path);
    let mut a = admin(&vault);
    a.add_user(CASEWORKER, &[Role::Caseworker], &pass(OTHER_PASSPHRASE))
        .unwrap();
    a.add_user(SUPERVISOR, &[Role::Supervisor], &pass(OTHER_PASSPHRASE))
        .unwrap();
    drop(a);
    let lines: String = haven::demo::lines(&haven::demo::DemoOptions {
        cases: 300,
        seed: 5,
        first_year: 2014,
        last_year: 2014,
    })
    .map(|l| l + "\n")
    .collect();
    let mut cw = vault.unlock(CASEWORKER, &pass(OTHER_PASSPHRASE)).unwrap();
    cw.import(&mut lines.as_bytes(), false, &mut |_| {})
        .unwrap();
    path
}

fn ctdc(out: &Path, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "export",
        "ctdc",
        "--from",
        "2014-01-01",
        "--to",
        "2014-12-31",
        "--out",
    ]
    .map(str::to_owned)
    .to_vec();
    args.push(out.to_string_lossy().into_owned());
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

#[test]
fn a_supervisor_exports_the_csv_file_and_its_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    let out = dir.path().join("ctdc-2014.csv");
    let o = run(&v, SUPERVISOR, &strs(&ctdc(&out, &["--min-k", "5"])));
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(o.stdout.is_empty(), "messages go to standard error");
    let e = err(&o);
    assert!(
        e.contains("Wrote") && e.contains("ctdc-2014.meta.json"),
        "{e}"
    );
    assert!(e.contains("k = 5") && e.contains("release"), "{e}");

    // Python's csv module reads it with CTDC's column names.
    let script = "import csv,sys,json\n\
                  r=csv.DictReader(open(sys.argv[1],newline='',encoding='utf-8'),strict=True)\n\
                  rows=list(r)\n\
                  print(json.dumps({'header':r.fieldnames,'rows':len(rows)}))";
    let py = Command::new("python3")
        .args(["-c", script])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let read: serde_json::Value = serde_json::from_slice(&py.stdout).unwrap();
    assert_eq!(
        read["header"],
        serde_json::json!(haven::report::ctdc::COLUMNS)
    );
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("ctdc-2014.meta.json")).unwrap())
            .unwrap();
    assert_eq!(meta["k"], 5);
    assert_eq!(meta["rows_written"], read["rows"]);
    assert_eq!(meta["data_file"], "ctdc-2014.csv");

    // Without --min-k, the vault's default (11).
    let o = run(&v, SUPERVISOR, &strs(&ctdc(&out, &[])));
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(err(&o).contains("k = 11"), "{}", err(&o));
}

#[test]
fn a_caseworker_is_refused_with_exit_4_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    let out = dir.path().join("refused.csv");
    let o = run(&v, CASEWORKER, &strs(&ctdc(&out, &[])));
    assert_eq!(code(&o), 4, "{}", err(&o));
    assert!(err(&o).contains("export CTDC microdata"), "{}", err(&o));
    assert!(!out.exists() && !dir.path().join("refused.meta.json").exists());
}

#[test]
fn bad_input_exits_5_naming_the_flag_and_a_wrong_command_line_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    let out = dir.path().join("bad.csv");
    let mut bad_from = ctdc(&out, &[]);
    bad_from[3] = "2014-02-30".into();
    let o = run(&v, SUPERVISOR, &strs(&bad_from));
    assert_eq!(code(&o), 5, "{}", err(&o));
    assert!(
        err(&o).contains("--from") && err(&o).contains("YYYY-MM-DD"),
        "{}",
        err(&o)
    );
    let o = run(&v, SUPERVISOR, &strs(&ctdc(&out, &["--min-k", "0"])));
    assert_eq!(code(&o), 5, "{}", err(&o));
    assert!(err(&o).contains("--min-k"), "{}", err(&o));
    let mut reversed = ctdc(&out, &[]);
    reversed[3] = "2014-12-31".into();
    reversed[5] = "2014-01-01".into();
    let o = run(&v, SUPERVISOR, &strs(&reversed));
    assert_eq!(code(&o), 5, "{}", err(&o));
    assert!(err(&o).contains("--to"), "{}", err(&o));
    assert!(!out.exists());

    // No --out, no --from, a k that is no number: usage.
    for args in [
        vec![
            "export",
            "ctdc",
            "--from",
            "2014-01-01",
            "--to",
            "2014-12-31",
        ],
        vec!["export", "ctdc", "--to", "2014-12-31", "--out", "x.csv"],
        vec![
            "export",
            "ctdc",
            "--from",
            "2014-01-01",
            "--to",
            "2014-12-31",
            "--out",
            "x.csv",
            "--min-k",
            "many",
        ],
        vec!["export"],
    ] {
        let o = run(&v, SUPERVISOR, &args);
        assert_eq!(code(&o), 2, "{args:?}: {}", err(&o));
    }
}

#[test]
fn export_file_plaintext_is_still_the_interchange_export() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    let file = dir.path().join("cases.jsonl");
    let path = file.to_string_lossy().into_owned();
    let o = run(&v, CASEWORKER, &["export", &path]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    let o = run(&v, CASEWORKER, &["export", &path, "--plaintext"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        text.lines()
            .filter(|l| l.contains("\"type\":\"case\""))
            .count(),
        300
    );
}
