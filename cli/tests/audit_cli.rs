//! `haven audit` on a real vault: verify prints the head and exits 1 when the log is broken
//! (moved from tests/audit_log.rs with the command line; the vault is set up the same way).

#[path = "../../tests/common/mod.rs"]
mod common;

use common::audit::{setup, tamper};
use common::*;
use haven::audit::Head;

#[test]
fn the_cli_verifies_and_exits_1_when_broken() {
    let s = setup();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_haven"))
            .args(args)
            .env("HAVEN_VAULT", s.vault.dir())
            .env("HAVEN_USER", ADMIN)
            .env("HAVEN_PASSPHRASE", ADMIN_PASSPHRASE)
            .output()
            .unwrap()
    };
    let o = run(&["audit", "verify"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let head = String::from_utf8(o.stdout).unwrap().trim().to_string();
    assert!(head.parse::<Head>().is_ok(), "{head}");
    let o = run(&["audit", "verify", "--head", &head]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(&["audit", "log", "--case", "2020-0001", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let lines: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(lines
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["case"] == "2020-0001"));

    drop(tamper(
        &s.vault,
        "UPDATE audit_log SET detail = 'x' WHERE seq = 2",
    ));
    let o = run(&["audit", "verify"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("broken at entry 2"));
}
