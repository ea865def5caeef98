//! `haven user reset` with the recovery key and `haven recovery-key` (moved from
//! tests/recovery.rs with the command line): the key resets, and a replaced key no longer works.

#[path = "../../tests/common/mod.rs"]
mod common;

use common::*;

/// The passphrase the reset sets (the same as tests/recovery.rs uses).
const NEW: &str = "harbor pencil gravity tulip";

#[test]
fn the_cli_resets_with_the_recovery_key_and_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("vault");
    let haven = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_haven"));
        c.args(args)
            .env("HAVEN_VAULT", &v)
            .stdin(std::process::Stdio::null());
        for (k, val) in env {
            c.env(k, val);
        }
        c.output().unwrap()
    };
    let o = haven(
        &["init", "--user", ADMIN],
        &[("HAVEN_NEW_PASSPHRASE", ADMIN_PASSPHRASE)],
    );
    let key = String::from_utf8(o.stdout).unwrap().trim().to_string();
    let o = haven(
        &["user", "reset", ADMIN],
        &[
            ("HAVEN_RECOVERY_KEY", &key.to_lowercase()),
            ("HAVEN_NEW_PASSPHRASE", NEW),
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = haven(
        &["recovery-key"],
        &[("HAVEN_USER", ADMIN), ("HAVEN_PASSPHRASE", NEW)],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let new_key = String::from_utf8(o.stdout).unwrap().trim().to_string();
    assert_ne!(new_key, key);
    let o = haven(
        &["user", "reset", ADMIN],
        &[
            ("HAVEN_RECOVERY_KEY", &key),
            ("HAVEN_NEW_PASSPHRASE", ADMIN_PASSPHRASE),
        ],
    );
    assert_eq!(o.status.code(), Some(3), "the replaced key still works");
    let o = haven(
        &["user", "reset", ADMIN],
        &[
            ("HAVEN_RECOVERY_KEY", "not-a-key"),
            ("HAVEN_NEW_PASSPHRASE", ADMIN_PASSPHRASE),
        ],
    );
    assert_eq!(o.status.code(), Some(5));
}
