//! `haven report releases` and `haven report retire` (indicators.md, "Releases"; cli.md): a
//! report written to standard output is a release as much as one saved to a file, the ledger
//! lists both (as a table and as JSON), a nested report says on the terminal what it withheld
//! for them, and only an administrator with a reason retires one.
#![forbid(unsafe_code)]

#[path = "../../tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;
use haven::Role;

const SUPERVISOR: &str = "sup";

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

#[test]
fn releases_are_listed_and_only_an_admin_with_a_reason_retires_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault");
    let vault = floor_vault(&path);
    let mut a = admin(&vault);
    a.add_user(SUPERVISOR, &[Role::Supervisor], &pass(OTHER_PASSPHRASE))
        .unwrap();
    a.set_roles(ADMIN, &[Role::Admin, Role::Caseworker])
        .unwrap();
    drop(a);
    let lines: String = haven::demo::lines(&haven::demo::DemoOptions {
        cases: 150,
        seed: 9,
        first_year: 2014,
        last_year: 2014,
    })
    .map(|l| l + "\n")
    .collect();
    let mut cw = vault.unlock(ADMIN, &pass(ADMIN_PASSPHRASE)).unwrap();
    cw.import(&mut lines.as_bytes(), false, &mut |_| {})
        .unwrap();
    drop(cw);

    let year = [
        "report",
        "indicators",
        "--from",
        "2014-01-01",
        "--to",
        "2014-12-31",
    ];
    let o = run(&path, SUPERVISOR, &year);
    assert!(o.status.success(), "{}", err(&o));
    assert!(!o.stdout.is_empty());
    let out = dir.path().join("nov.json");
    let o = run(
        &path,
        SUPERVISOR,
        &[
            "report",
            "indicators",
            "--from",
            "2014-01-01",
            "--to",
            "2014-11-30",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let nov: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(nov["disclosure_control"]["earlier_releases"], 1);
    if let Some(n) = nov["disclosure_control"]["suppressed_for_earlier_releases"].as_u64() {
        assert!(
            err(&o).contains(&format!("{n} of them withheld")),
            "{}",
            err(&o)
        );
    }

    let o = run(&path, SUPERVISOR, &["report", "releases", "--json"]);
    assert!(o.status.success(), "{}", err(&o));
    let listed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["to"], "2014-11-30");
    assert_eq!(listed[1]["format"], "json");
    assert_eq!(listed[1]["releasedBy"], SUPERVISOR);
    let table = run(&path, SUPERVISOR, &["report", "releases"]);
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.starts_with("id\tkind\tfrom\tto"), "{table}");
    assert_eq!(table.lines().count(), 3);

    let first = listed[1]["id"].to_string();
    let o = run(
        &path,
        SUPERVISOR,
        &["report", "retire", &first, "--reason", "withdrawn"],
    );
    assert_eq!(
        o.status.code(),
        Some(4),
        "a supervisor may not retire: {}",
        err(&o)
    );
    let o = run(&path, ADMIN, &["report", "retire", &first]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "the reason is required: {}",
        err(&o)
    );
    let o = run(&path, ADMIN, &["report", "retire", &first, "--reason", " "]);
    assert_eq!(o.status.code(), Some(5), "{}", err(&o));
    let o = run(
        &path,
        ADMIN,
        &[
            "report",
            "retire",
            &first,
            "--reason",
            "sent to the wrong office",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = run(&path, ADMIN, &["report", "releases", "--json"]);
    let listed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(listed[1]["retiredReason"], "sent to the wrong office");
    assert_eq!(listed[1]["retiredBy"], ADMIN);
}
