//! The recovery key: it resets any user's passphrase (even the last admin's), and a replaced
//! recovery key no longer works.
#![forbid(unsafe_code)]

mod common;

use common::*;
use haven::{Error, ErrorKind, KdfParams, RecoveryKey, Role, Vault};

const NEW: &str = "harbor pencil gravity tulip";

fn vault_with_key(dir: &std::path::Path) -> (Vault, RecoveryKey) {
    let vault = Vault::at(dir);
    let key = vault
        .create_with(ADMIN, &pass(ADMIN_PASSPHRASE), KdfParams::FLOOR)
        .unwrap();
    (vault, key)
}

#[test]
fn the_recovery_key_resets_a_forgotten_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (vault, key) = vault_with_key(dir.path());
    let mut a = admin(&vault);
    a.add_user("forgetful", &[Role::Intake], &pass(OTHER_PASSPHRASE))
        .unwrap();
    drop(a);
    vault
        .reset_passphrase(&key, "forgetful", &pass(NEW))
        .unwrap();
    assert!(matches!(
        vault.unlock("forgetful", &pass(OTHER_PASSPHRASE)),
        Err(Error::WrongCredentials)
    ));
    vault.unlock("forgetful", &pass(NEW)).unwrap();
    // The last administrator too, without anyone being signed in.
    vault.reset_passphrase(&key, ADMIN, &pass(NEW)).unwrap();
    let a = vault.unlock(ADMIN, &pass(NEW)).unwrap();
    let log = a.audit_log(None).unwrap();
    let resets: Vec<_> = log
        .iter()
        .filter(|l| l.action == "user.passphrase_reset")
        .collect();
    assert_eq!(resets.len(), 2);
    assert_eq!(resets[0].user.as_deref(), Some("forgetful"));
    assert!(a.verify_audit(None).unwrap().is_intact());
}

#[test]
fn a_wrong_recovery_key_or_a_weak_passphrase_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (vault, _key) = vault_with_key(dir.path());
    let before = std::fs::read(vault.key_file_path()).unwrap();
    let wrong = RecoveryKey::generate().unwrap();
    assert!(matches!(
        vault.reset_passphrase(&wrong, ADMIN, &pass(NEW)),
        Err(Error::WrongRecoveryKey)
    ));
    let (_v2, right) = vault_with_key(&dir.path().join("other"));
    assert_eq!(
        vault
            .reset_passphrase(&right, ADMIN, &pass(NEW))
            .unwrap_err()
            .kind(),
        ErrorKind::WrongCredentials
    );
    assert_eq!(std::fs::read(vault.key_file_path()).unwrap(), before);
}

#[test]
fn a_replaced_recovery_key_no_longer_works() {
    let dir = tempfile::tempdir().unwrap();
    let (vault, old) = vault_with_key(dir.path());
    let new = admin(&vault).replace_recovery_key().unwrap();
    assert!(matches!(
        vault.reset_passphrase(&old, ADMIN, &pass(NEW)),
        Err(Error::WrongRecoveryKey)
    ));
    vault.reset_passphrase(&new, ADMIN, &pass(NEW)).unwrap();
    vault.unlock(ADMIN, &pass(NEW)).unwrap();
    let kf = haven::vault::keyfile::KeyFile::load(&vault.key_file_path()).unwrap();
    let recovery_slots = kf
        .slots
        .iter()
        .filter(|s| s.kind == haven::vault::keyfile::SlotKind::Recovery)
        .count();
    assert_eq!(recovery_slots, 1);
}

#[test]
fn only_an_admin_replaces_the_recovery_key() {
    let dir = tempfile::tempdir().unwrap();
    let (vault, _) = vault_with_key(dir.path());
    let mut a = admin(&vault);
    a.add_user("case.worker", &[Role::Caseworker], &pass(OTHER_PASSPHRASE))
        .unwrap();
    drop(a);
    let mut cw = vault
        .unlock("case.worker", &pass(OTHER_PASSPHRASE))
        .unwrap();
    assert_eq!(
        cw.replace_recovery_key().unwrap_err().kind(),
        ErrorKind::Forbidden
    );
}
