//! The vault the audit-log tests start from (tests/audit_log.rs, and cli/tests/audit_cli.rs,
//! which runs the command line on it): an admin, a caseworker and a supervisor, and two cases
//! imported by the caseworker; and tampering with the log as someone holding the data key could.

use haven::{Role, Session, Vault};

use super::*;

pub const CASES: &str = r#"{"type":"organization","name":"Shelter","kind":"shelter","sector":"state","capacity":5}
{"type":"case","person":{"given_name":"GIVENMARK","family_name":"FAMILYMARK","sex":"female"},"identified_on":"2020-01-10","recognition":"recognized","exploitation":["sexual"],"notes":[{"date":"2020-01-11","text":"NOTEMARK text"}]}
{"type":"case","person":{"given_name":"Other","sex":"male"},"identified_on":"2021-05-10","recognition":"potential","exploitation":["forced_labour"]}"#;

pub struct Setup {
    pub _dir: tempfile::TempDir,
    pub vault: Vault,
}

pub fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    let mut a = admin(&vault);
    a.add_user("case.worker", &[Role::Caseworker], &pass(OTHER_PASSPHRASE))
        .unwrap();
    a.add_user("super.visor", &[Role::Supervisor], &pass(OTHER_PASSPHRASE))
        .unwrap();
    drop(a);
    let mut cw = caseworker(&vault);
    cw.import(&mut CASES.as_bytes(), false, &mut |_| {})
        .unwrap();
    Setup { _dir: dir, vault }
}

pub fn caseworker(vault: &Vault) -> Session {
    vault
        .unlock("case.worker", &pass(OTHER_PASSPHRASE))
        .unwrap()
}

/// Tampers through a raw connection, as someone holding the data key could.
pub fn tamper(vault: &Vault, sql: &str) -> Session {
    let a = admin(vault);
    a.raw_connection()
        .execute_batch(&format!(
            "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; {sql}"
        ))
        .unwrap();
    a
}
