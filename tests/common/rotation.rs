//! The vault the key-rotation tests start from (tests/key_rotation.rs, and
//! cli/tests/key_rotation_cli.rs, which rotates it through the command line): an admin, a
//! caseworker and the interchange sample.

use haven::{Role, Vault};

use super::*;

pub const SAMPLE: &str = include_str!("../fixtures/interchange/sample.jsonl");

pub fn populated(dir: &std::path::Path) -> Vault {
    let vault = floor_vault(dir);
    let mut a = admin(&vault);
    a.add_user("case.worker", &[Role::Caseworker], &pass(OTHER_PASSPHRASE))
        .unwrap();
    a.import(&mut SAMPLE.as_bytes(), false, &mut |_| {})
        .unwrap();
    vault
}
