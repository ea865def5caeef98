//! `haven rotate-key` (moved from tests/key_rotation.rs with the command line): it rotates and
//! prints the other users' temporary passphrases and the new recovery key.

#[path = "../../tests/common/mod.rs"]
mod common;

use common::rotation::populated;
use common::*;

#[test]
fn the_cli_rotates_and_prints_the_new_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let vault = populated(dir.path());
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_haven"))
        .arg("rotate-key")
        .env("HAVEN_VAULT", vault.dir())
        .env("HAVEN_USER", ADMIN)
        .env("HAVEN_PASSPHRASE", ADMIN_PASSPHRASE)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8(o.stdout).unwrap();
    let temporary = out
        .lines()
        .find_map(|l| l.strip_prefix("case.worker\t"))
        .unwrap();
    assert!(out.lines().any(|l| l.starts_with("recovery-key\t")));
    vault.unlock("case.worker", &pass(temporary)).unwrap();
}
