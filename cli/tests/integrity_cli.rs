//! `haven check` and the integrity refusals on the command line: exit 0 on an intact vault,
//! exit 1 with the cause for a damaged one (and `audit verify` says the same), exit 1 at unlock
//! when saved changes are missing, and `--repair` for a key file changed outside Haven.
#![forbid(unsafe_code)]

#[path = "../../tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::process::Output;

use common::*;

fn run(vault: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(args)
        .env("HAVEN_VAULT", vault)
        .env("HAVEN_USER", ADMIN)
        .env("HAVEN_PASSPHRASE", ADMIN_PASSPHRASE)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const CASE: &str = r#"{"type":"case","person":{"given_name":"Probe","sex":"male"},"identified_on":"2022-05-01","recognition":"recognized","exploitation":["forced_begging"]}"#;

#[test]
fn check_reports_damage_with_its_cause_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    let mut s = admin(&vault);
    let lines: String = (0..30).map(|_| format!("{CASE}\n")).collect();
    s.import(&mut lines.as_bytes(), false, &mut |_| {}).unwrap();
    drop(s);

    let o = run(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("The vault is intact"), "{}", stderr(&o));
    let o = run(dir.path(), &["check", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["anchor"], "reached");
    assert_eq!(report["damagedPages"], 0);

    // 16 KiB added to the database file: found by check and by audit verify.
    let db = db_file(dir.path());
    let original = std::fs::read(&db).unwrap();
    let mut longer = original.clone();
    longer.extend(std::iter::repeat_n(0u8, 16 * 1024));
    std::fs::write(&db, &longer).unwrap();
    for args in [&["check"][..], &["audit", "verify"][..]] {
        let o = run(dir.path(), args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("16384 bytes after its last page"),
            "{}",
            stderr(&o)
        );
    }
    // And a backup is refused with that cause, leaving no file.
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("b.havenbackup");
    let o = run(dir.path(), &["backup", target.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("No backup was taken because the vault is damaged"),
        "{}",
        stderr(&o)
    );
    assert_eq!(count_files(out.path()), 0);
    std::fs::write(&db, &original).unwrap();

    // The database rolled back: refused at unlock, exit 1, pointing to the backup.
    let mut s = admin(&vault);
    s.import(&mut format!("{CASE}\n").as_bytes(), false, &mut |_| {})
        .unwrap();
    drop(s);
    std::fs::write(&db, &original).unwrap();
    let o = run(dir.path(), &["case", "list"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Changes that were saved are missing"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("Restore the last backup"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_changed_key_file_is_a_warning_and_check_repair_mends_it() {
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    let path = vault.key_file_path();
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    json["events_key"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".into();
    std::fs::write(&path, serde_json::to_vec_pretty(&json).unwrap()).unwrap();

    let o = run(dir.path(), &["user", "list"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Warning: the key file was changed outside Haven"),
        "{}",
        stderr(&o)
    );
    let o = run(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("the key file was changed outside Haven"));
    let o = run(dir.path(), &["check", "--repair"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("sealed anew"), "{}", stderr(&o));
    let o = run(dir.path(), &["user", "list"]);
    assert!(!stderr(&o).contains("Warning"), "{}", stderr(&o));
}
