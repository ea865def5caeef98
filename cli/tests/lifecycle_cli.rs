//! The lifecycle commands of the CLI (lifecycle.md): consent add/list/withdraw, referral add
//! through the consent gate (exit 6) and its override (exit 2 without a reason), case erase
//! and purge-narratives, purge --due, the register of erasures and restore --erasures, the
//! lifecycle settings.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ADMIN_PASS: &str = "lantern quietly orbit mustard";
const USER_PASS: &str = "violet kettle marathon zebra";
const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/interchange/sample.jsonl"
);

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

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A vault with the sample cases, an admin who is also a caseworker, a caseworker `cw`.
fn vault(dir: &Path) -> PathBuf {
    let path = dir.join("vault");
    let o = Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(["init", "--user", "admin.one"])
        .env("HAVEN_VAULT", &path)
        .env("HAVEN_NEW_PASSPHRASE", ADMIN_PASS)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", err(&o));
    let ok = |o: Output| assert!(o.status.success(), "{}", err(&o));
    ok(run(
        &path,
        "admin.one",
        ADMIN_PASS,
        &["user", "add", "cw", "--role", "caseworker"],
    ));
    ok(run(
        &path,
        "admin.one",
        ADMIN_PASS,
        &[
            "user",
            "roles",
            "admin.one",
            "--role",
            "admin",
            "--role",
            "caseworker",
        ],
    ));
    ok(run(&path, "cw", USER_PASS, &["import", SAMPLE]));
    path
}

fn first_code(vault: &Path) -> String {
    let o = run(vault, "cw", USER_PASS, &["case", "list"]);
    let list = out(&o);
    let line = list
        .lines()
        .find(|l| l.contains("Məmmədova"))
        .expect("the sample's first case");
    line.split('\t').next().unwrap().to_owned()
}

#[test]
fn the_consent_gate_its_override_and_withdrawal() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    let code = first_code(&v);
    let refer = |user: &str, pass: &str, extra: &[&str]| {
        let mut args = vec![
            "referral",
            "add",
            &code,
            "--to",
            "Test Women NGO",
            "--date",
            "2026-02-01",
        ];
        args.extend_from_slice(extra);
        run(&v, user, pass, &args)
    };

    // No consent: exit 6, naming the organization, nothing written.
    let o = refer("cw", USER_PASS, &[]);
    assert_eq!(o.status.code(), Some(6), "{}", err(&o));
    assert!(
        err(&o).contains("Test Women NGO") && err(&o).contains("2026-02-01"),
        "{}",
        err(&o)
    );
    // An override without a reason is a usage error; without the permission, exit 4.
    let o = refer("cw", USER_PASS, &["--override-reason", "  "]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let o = refer("cw", USER_PASS, &["--override-reason", "court order 17"]);
    assert_eq!(o.status.code(), Some(4), "{}", err(&o));

    // A consent to referrals needs an expiry within 12 months.
    let o = run(
        &v,
        "cw",
        USER_PASS,
        &[
            "consent",
            "add",
            &code,
            "--scope",
            "referrals",
            "--given",
            "2026-01-10",
        ],
    );
    assert_eq!(o.status.code(), Some(5), "{}", err(&o));
    let o = run(
        &v,
        "cw",
        USER_PASS,
        &[
            "consent",
            "add",
            &code,
            "--scope",
            "referrals",
            "--given",
            "2026-01-10",
            "--expires",
            "2027-06-01",
        ],
    );
    assert_eq!(o.status.code(), Some(5), "{}", err(&o));
    let o = run(
        &v,
        "cw",
        USER_PASS,
        &[
            "consent",
            "add",
            &code,
            "--scope",
            "referrals",
            "--given",
            "2026-01-10",
            "--expires",
            "2026-12-31",
            "--org",
            "Test Women NGO",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let id = out(&o).trim().to_owned();

    let o = refer("cw", USER_PASS, &[]);
    assert!(o.status.success(), "{}", err(&o));
    let o = run(
        &v,
        "cw",
        USER_PASS,
        &[
            "referral",
            "add",
            &code,
            "--to",
            "Test Clinic",
            "--date",
            "2026-02-01",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(6),
        "another organization: {}",
        err(&o)
    );

    // Withdrawn: refused from that day on.
    let o = run(
        &v,
        "cw",
        USER_PASS,
        &["consent", "withdraw", &code, &id, "--on", "2026-03-01"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = run(
        &v,
        "cw",
        USER_PASS,
        &[
            "referral",
            "add",
            &code,
            "--to",
            "Test Women NGO",
            "--date",
            "2026-03-01",
        ],
    );
    assert_eq!(o.status.code(), Some(6), "{}", err(&o));
    let o = run(&v, "cw", USER_PASS, &["consent", "list", &code]);
    assert!(
        out(&o).contains(&format!(
            "{id}\treferrals\t2026-01-10\t2026-12-31\t2026-03-01\twithdrawn"
        )),
        "{}",
        out(&o)
    );

    // The admin (who is also a caseworker) overrides with a reason; a grant lets cw do it too.
    let o = run(
        &v,
        "admin.one",
        ADMIN_PASS,
        &[
            "referral",
            "add",
            &code,
            "--to",
            "Test Women NGO",
            "--date",
            "2026-03-02",
            "--override-reason",
            "danger to life: threat reported 2026-03-02",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = run(
        &v,
        "admin.one",
        ADMIN_PASS,
        &["user", "grant", "cw", "--permission", "consent_override"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = run(
        &v,
        "cw",
        USER_PASS,
        &[
            "referral",
            "add",
            &code,
            "--to",
            "Test Clinic",
            "--date",
            "2026-03-05",
            "--override-reason",
            "court order 17",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = run(&v, "admin.one", ADMIN_PASS, &["audit", "log"]);
    let log = out(&o);
    assert_eq!(log.matches("consent.override").count(), 2, "{log}");
    assert!(
        !log.contains("court order") && !log.contains("danger to life"),
        "{log}"
    );
}

#[test]
fn erase_purge_register_and_restore_with_erasures() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    let code = first_code(&v);
    let backup = dir.path().join("before.havenbackup");
    let o = run(
        &v,
        "admin.one",
        ADMIN_PASS,
        &["backup", backup.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = run(
        &v,
        "cw",
        USER_PASS,
        &["case", "erase", &code, "--reason", ""],
    );
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let o = run(
        &v,
        "cw",
        USER_PASS,
        &["case", "erase", &code, "--reason", "the person asked"],
    );
    assert_eq!(
        o.status.code(),
        Some(4),
        "not the case's caseworker: {}",
        err(&o)
    );
    let o = run(
        &v,
        "admin.one",
        ADMIN_PASS,
        &[
            "case",
            "purge-narratives",
            &code,
            "--reason",
            "the person asked",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = run(
        &v,
        "admin.one",
        ADMIN_PASS,
        &["case", "erase", &code, "--reason", "the person asked"],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("Backups made before now"), "{}", err(&o));
    let o = run(&v, "cw", USER_PASS, &["case", "show", &code, "--json"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        !out(&o).contains("Məmmədova") && !out(&o).contains("SRC-0001"),
        "{}",
        out(&o)
    );
    let o = run(
        &v,
        "admin.one",
        ADMIN_PASS,
        &["case", "erase", &code, "--reason", "again"],
    );
    assert_eq!(o.status.code(), Some(5), "{}", err(&o));

    let register = dir.path().join("erasures.json");
    let o = run(
        &v,
        "admin.one",
        ADMIN_PASS,
        &["erasures", "export", register.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", err(&o));
    let text = std::fs::read_to_string(&register).unwrap();
    assert!(
        text.contains(&code) && text.contains("\"identity\"") && !text.contains("asked"),
        "{text}"
    );

    // The old backup, restored with the register, has the case erased before it first opens.
    let restored = dir.path().join("restored");
    let o = run(
        &restored,
        "admin.one",
        ADMIN_PASS,
        &[
            "restore",
            backup.to_str().unwrap(),
            "--erasures",
            register.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        err(&o).contains("2 erasures of the register"),
        "{}",
        err(&o)
    );
    let o = run(
        &restored,
        "cw",
        USER_PASS,
        &["case", "show", &code, "--json"],
    );
    assert!(!out(&o).contains("Məmmədova"), "{}", out(&o));
    // Without the register the old backup still holds the name: the risk the docs name.
    let plain = dir.path().join("plain");
    let o = run(
        &plain,
        "admin.one",
        ADMIN_PASS,
        &["restore", backup.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = run(&plain, "cw", USER_PASS, &["case", "show", &code, "--json"]);
    assert!(out(&o).contains("Məmmədova"), "{}", out(&o));
}

#[test]
fn settings_and_purge_due() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    let o = run(&v, "admin.one", ADMIN_PASS, &["settings"]);
    assert!(
        out(&o).contains("retention-years\t5")
            && out(&o).contains("statistics-requires-consent\toff"),
        "{}",
        out(&o)
    );
    let o = run(
        &v,
        "admin.one",
        ADMIN_PASS,
        &["settings", "--retention-years", "0"],
    );
    assert_eq!(o.status.code(), Some(5), "{}", err(&o));
    let o = run(
        &v,
        "admin.one",
        ADMIN_PASS,
        &[
            "settings",
            "--retention-years",
            "1",
            "--statistics-requires-consent",
            "on",
            "--own-organization",
            "Test State Shelter",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).contains("retention-years\t1")
            && out(&o).contains("own-organization\tTest State Shelter"),
        "{}",
        out(&o)
    );

    // The sample's closed cases (closed years ago) are due after one year.
    let o = run(
        &v,
        "admin.one",
        ADMIN_PASS,
        &["purge", "--due", "--dry-run"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let due: Vec<String> = out(&o)
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_owned())
        .collect();
    assert!(!due.is_empty(), "{}", err(&o));
    assert!(err(&o).contains("Nothing was purged"), "{}", err(&o));
    let o = run(&v, "admin.one", ADMIN_PASS, &["purge", "--due"]);
    assert!(o.status.success(), "{}", err(&o));
    let o = run(
        &v,
        "admin.one",
        ADMIN_PASS,
        &["purge", "--due", "--dry-run"],
    );
    assert!(
        out(&o).trim().is_empty(),
        "purged cases are no longer due: {}",
        out(&o)
    );
    let o = run(&v, "cw", USER_PASS, &["purge", "--due"]);
    assert_eq!(o.status.code(), Some(4), "{}", err(&o));
    let o = run(&v, "cw", USER_PASS, &["case", "show", &due[0], "--json"]);
    assert!(out(&o).contains("\"erased\": \"identity\""), "{}", out(&o));
}
