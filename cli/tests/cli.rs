//! The `haven` command line against its contract (cli.md): commands, messages, exit codes.
//! These run the real binary on real vaults at the production key-derivation cost.
#![forbid(unsafe_code)]

use std::path::Path;
use std::process::{Command, Output};

const ADMIN_PASS: &str = "lantern quietly orbit mustard";
const NURSE_PASS: &str = "violet kettle marathon zebra";

fn haven(vault: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_haven"));
    cmd.args(args)
        .env_remove("HAVEN_USER")
        .env_remove("HAVEN_PASSPHRASE")
        .env_remove("HAVEN_NEW_PASSPHRASE")
        .env("HAVEN_VAULT", vault)
        .stdin(std::process::Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn init(vault: &Path) -> Output {
    haven(
        vault,
        &["init", "--user", "admin.one"],
        &[("HAVEN_NEW_PASSPHRASE", ADMIN_PASS)],
    )
}

fn as_admin(vault: &Path, args: &[&str], extra: &[(&str, &str)]) -> Output {
    let mut env = vec![
        ("HAVEN_USER", "admin.one"),
        ("HAVEN_PASSPHRASE", ADMIN_PASS),
    ];
    env.extend_from_slice(extra);
    haven(vault, args, &env)
}

#[test]
fn init_creates_the_vault_and_prints_the_recovery_key_once_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("vault");
    let o = init(&v);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let key = String::from_utf8(o.stdout.clone()).unwrap();
    let groups: Vec<&str> = key.trim().split('-').collect();
    assert_eq!(groups.len(), 8, "{key:?}");
    assert!(groups
        .iter()
        .all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_alphanumeric())));
    assert!(stderr(&o).contains("shown this once"));
    assert!(v.join("vault.db").is_file() && v.join("vault.keys").is_file());

    // A second init leaves the vault alone.
    let before = std::fs::read(v.join("vault.keys")).unwrap();
    let o = init(&v);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read(v.join("vault.keys")).unwrap(), before);
}

#[test]
fn a_weak_passphrase_is_refused_with_the_reason_and_exit_5() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("vault");
    let o = haven(
        &v,
        &["init", "--user", "admin.one"],
        &[("HAVEN_NEW_PASSPHRASE", "short pass")],
    );
    assert_eq!(code(&o), 5);
    assert!(
        stderr(&o).contains("at least 12 characters"),
        "{}",
        stderr(&o)
    );
    let o = haven(
        &v,
        &["init", "--user", "admin.one"],
        &[("HAVEN_NEW_PASSPHRASE", "passwordpassword")],
    );
    assert_eq!(code(&o), 5);
    assert!(stderr(&o).contains("too easy to guess"), "{}", stderr(&o));
    assert!(!v.join("vault.keys").exists());
}

#[test]
fn wrong_user_wrong_passphrase_and_no_vault_all_exit_3_with_one_message() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("vault");
    assert_eq!(code(&init(&v)), 0);
    let wrong_pass = haven(
        &v,
        &["user", "list"],
        &[
            ("HAVEN_USER", "admin.one"),
            ("HAVEN_PASSPHRASE", "nope nope nope nope"),
        ],
    );
    let wrong_user = haven(
        &v,
        &["user", "list"],
        &[("HAVEN_USER", "nobody"), ("HAVEN_PASSPHRASE", ADMIN_PASS)],
    );
    assert_eq!((code(&wrong_pass), code(&wrong_user)), (3, 3));
    assert_eq!(stderr(&wrong_pass), stderr(&wrong_user));
    assert!(stderr(&wrong_pass).contains("user name or passphrase is wrong"));
    let o = haven(
        &dir.path().join("elsewhere"),
        &["user", "list"],
        &[("HAVEN_USER", "a"), ("HAVEN_PASSPHRASE", "b")],
    );
    assert_eq!(code(&o), 3);
    assert!(stderr(&o).contains("no Haven vault"), "{}", stderr(&o));
}

#[test]
fn a_key_file_edited_to_a_huge_kdf_cost_is_refused_at_once_as_damage() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("vault");
    assert_eq!(code(&init(&v)), 0);
    let path = v.join("vault.keys");
    let mut kf: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    for slot in kf["slots"].as_array_mut().unwrap() {
        slot["kdf"]["memory_kib"] = (4u32 * 1024 * 1024).into();
        slot["kdf"]["passes"] = 64.into();
    }
    std::fs::write(&path, serde_json::to_vec_pretty(&kf).unwrap()).unwrap();
    let started = std::time::Instant::now();
    let o = as_admin(&v, &["user", "list"], &[]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "the unlock derived with the edited cost: {:?}",
        started.elapsed()
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("key-derivation parameters Haven never writes"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn users_are_managed_by_admins_only_and_others_get_exit_4() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("vault");
    assert_eq!(code(&init(&v)), 0);
    let o = as_admin(
        &v,
        &[
            "user",
            "add",
            "nurse.two",
            "--role",
            "intake",
            "--role",
            "caseworker",
        ],
        &[("HAVEN_NEW_PASSPHRASE", NURSE_PASS)],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = as_admin(&v, &["user", "list"], &[]);
    assert_eq!(code(&o), 0);
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        "admin.one\tadmin\nnurse.two\tintake, caseworker\n"
    );

    let nurse = [
        ("HAVEN_USER", "nurse.two"),
        ("HAVEN_PASSPHRASE", NURSE_PASS),
        ("HAVEN_NEW_PASSPHRASE", NURSE_PASS),
    ];
    for args in [
        &["user", "list"][..],
        &["user", "add", "x.user", "--role", "intake"],
        &["user", "remove", "admin.one"],
        &["user", "roles", "nurse.two", "--role", "admin"],
    ] {
        let o = haven(&v, args, &nurse);
        assert_eq!(code(&o), 4, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("roles do not allow"), "{}", stderr(&o));
    }

    let o = as_admin(
        &v,
        &["user", "roles", "nurse.two", "--role", "supervisor"],
        &[],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = as_admin(&v, &["user", "roles", "nurse.two", "--role", "wizard"], &[]);
    assert_eq!(code(&o), 5, "{}", stderr(&o));
    let o = as_admin(&v, &["user", "remove", "nurse.two"], &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = haven(&v, &["user", "list"], &nurse);
    assert_eq!(code(&o), 3, "a removed user still unlocks");
    let o = as_admin(&v, &["user", "remove", "admin.one"], &[]);
    assert_ne!(code(&o), 0, "the last admin removed themself");
}

#[test]
fn passwd_changes_the_callers_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("vault");
    assert_eq!(code(&init(&v)), 0);
    let newpass = dir.path().join("new.txt");
    std::fs::write(&newpass, "harbor pencil gravity tulip\n").unwrap();
    let o = as_admin(
        &v,
        &["passwd", "--new-passphrase-file", newpass.to_str().unwrap()],
        &[],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(code(&as_admin(&v, &["user", "list"], &[])), 3);
    let passfile = dir.path().join("pass.txt");
    std::fs::write(&passfile, "harbor pencil gravity tulip\n").unwrap();
    let o = haven(
        &v,
        &[
            "--user",
            "admin.one",
            "--passphrase-file",
            passfile.to_str().unwrap(),
            "user",
            "list",
        ],
        &[],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2_and_missing_secrets_say_how_to_give_them() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("vault");
    assert_eq!(code(&haven(&v, &["frobnicate"], &[])), 2);
    assert_eq!(
        code(&haven(&v, &["user", "add", "x"], &[])),
        2,
        "--role is required"
    );
    let o = haven(&v, &["init"], &[]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--user"));
    assert_eq!(code(&init(&v)), 0);
    let o = haven(&v, &["user", "list"], &[("HAVEN_USER", "admin.one")]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("HAVEN_PASSPHRASE"), "{}", stderr(&o));
}

#[test]
fn nothing_identifying_or_internal_reaches_the_messages() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("vault");
    assert_eq!(code(&init(&v)), 0);
    let o = haven(
        &v,
        &["user", "list"],
        &[
            ("HAVEN_USER", "canary.person"),
            ("HAVEN_PASSPHRASE", "canary secret words"),
        ],
    );
    let err = stderr(&o);
    for leak in [
        "canary",
        "SELECT",
        "sqlite",
        "panicked",
        v.to_str().unwrap(),
    ] {
        assert!(!err.contains(leak), "{leak:?} in {err:?}");
    }
}

#[test]
fn backup_and_restore_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("vault");
    let o = init(&v);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let recovery = String::from_utf8(o.stdout).unwrap().trim().to_owned();
    let o = as_admin(
        &v,
        &["user", "add", "nurse.two", "--role", "caseworker"],
        &[("HAVEN_NEW_PASSPHRASE", NURSE_PASS)],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let file = dir.path().join("nightly.havenbackup");
    let file_s = file.to_str().unwrap();

    // Only an administrator backs up.
    let o = haven(
        &v,
        &["backup", file_s],
        &[
            ("HAVEN_USER", "nurse.two"),
            ("HAVEN_PASSPHRASE", NURSE_PASS),
        ],
    );
    assert_eq!(code(&o), 4, "{}", stderr(&o));
    assert!(!file.exists());

    let o = as_admin(&v, &["backup", file_s], &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("Backed up the vault"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    // Never over an existing file.
    let o = as_admin(&v, &["backup", file_s], &[]);
    assert_eq!(code(&o), 5, "{}", stderr(&o));

    // Restore elsewhere with another user's passphrase, then with the recovery key.
    let r1 = dir.path().join("restored-1");
    let o = haven(
        &r1,
        &["restore", file_s],
        &[
            ("HAVEN_USER", "nurse.two"),
            ("HAVEN_PASSPHRASE", NURSE_PASS),
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = as_admin(&r1, &["audit", "verify"], &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let r2 = dir.path().join("restored-2");
    let o = haven(
        &r2,
        &["restore", file_s, "--recovery-key"],
        &[("HAVEN_RECOVERY_KEY", &recovery)],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = as_admin(&r2, &["user", "list"], &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    // Into a vault: refused before any passphrase is asked, nothing changed.
    let o = haven(&r1, &["restore", file_s], &[]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("never overwrites"), "{}", stderr(&o));

    // A cut-short copy and a foreign file: exit 5, a clear message, no folder made.
    let bytes = std::fs::read(&file).unwrap();
    let cut = dir.path().join("cut.havenbackup");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let r3 = dir.path().join("restored-3");
    let o = as_admin(&r3, &["restore", cut.to_str().unwrap()], &[]);
    assert_eq!(code(&o), 5, "{}", stderr(&o));
    assert!(stderr(&o).contains("incomplete"), "{}", stderr(&o));
    let o = as_admin(
        &r3,
        &["restore", v.join("vault.keys").to_str().unwrap()],
        &[],
    );
    assert_eq!(code(&o), 5, "{}", stderr(&o));
    assert!(stderr(&o).contains("not a Haven backup"), "{}", stderr(&o));
    assert!(!r3.exists());

    // A wrong passphrase: exit 3.
    let o = haven(
        &r3,
        &["restore", file_s],
        &[
            ("HAVEN_USER", "nurse.two"),
            ("HAVEN_PASSPHRASE", ADMIN_PASS),
        ],
    );
    assert_eq!(code(&o), 3, "{}", stderr(&o));
    assert!(!r3.exists());
}
