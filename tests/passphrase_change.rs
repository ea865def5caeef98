//! Changing a passphrase re-wraps one slot; a change that stops after any of its steps leaves a
//! key file that opens with the old or the new passphrase.
#![forbid(unsafe_code)]

mod common;

use common::*;
use haven::vault::keyfile::SaveStep;
use haven::vault::PassphraseChangePhase;
use haven::{Error, Role};

const NEW: &str = "harbor pencil gravity tulip";

#[test]
fn a_changed_passphrase_opens_and_the_old_one_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    vault
        .change_passphrase(ADMIN, &pass(ADMIN_PASSPHRASE), &pass(NEW))
        .unwrap();
    assert!(matches!(
        vault.unlock(ADMIN, &pass(ADMIN_PASSPHRASE)),
        Err(Error::WrongCredentials)
    ));
    let s = vault.unlock(ADMIN, &pass(NEW)).unwrap();
    assert_eq!(s.user().roles, vec![Role::Admin]);
    // One slot for the admin, one for the recovery key: the old slot is gone.
    let kf = haven::vault::keyfile::KeyFile::load(&vault.key_file_path()).unwrap();
    assert_eq!(kf.slots.len(), 2);
}

#[test]
fn the_current_passphrase_must_be_right_and_the_new_one_strong() {
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    let before = std::fs::read(vault.key_file_path()).unwrap();
    let e = vault
        .change_passphrase(ADMIN, &pass("not the passphrase"), &pass(NEW))
        .unwrap_err();
    assert!(matches!(e, Error::WrongCredentials));
    let e = vault
        .change_passphrase(ADMIN, &pass(ADMIN_PASSPHRASE), &pass("short"))
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::WeakPassphrase {
                field: "newPassphrase",
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        std::fs::read(vault.key_file_path()).unwrap(),
        before,
        "a refused change wrote something"
    );
}

#[test]
fn a_change_stopped_after_any_step_leaves_a_key_file_that_opens_with_old_or_new() {
    let steps = [
        SaveStep::TempWritten,
        SaveStep::TempSynced,
        SaveStep::Renamed,
        SaveStep::DirectorySynced,
    ];
    let phases = [
        PassphraseChangePhase::AddNewSlot,
        PassphraseChangePhase::RemoveOldSlot,
    ];
    for phase in phases {
        for step in steps {
            let dir = tempfile::tempdir().unwrap();
            let vault = floor_vault(dir.path());
            let result = vault.change_passphrase_with_hook(
                ADMIN,
                &pass(ADMIN_PASSPHRASE),
                &pass(NEW),
                &mut |p, s| {
                    if (p, s) == (phase, step) {
                        Err(Error::Storage(haven::error::StorageFailure(
                            std::io::ErrorKind::Other,
                        )))
                    } else {
                        Ok(())
                    }
                },
            );
            assert!(
                result.is_err(),
                "{phase:?}/{step:?}: the simulated crash did not stop the change"
            );
            let old = vault.unlock(ADMIN, &pass(ADMIN_PASSPHRASE)).is_ok();
            let new = vault.unlock(ADMIN, &pass(NEW)).is_ok();
            assert!(
                old || new,
                "{phase:?}/{step:?}: neither passphrase opens the vault"
            );
            // Once the new slot is in place the new passphrase must work.
            if phase == PassphraseChangePhase::RemoveOldSlot {
                assert!(new, "{phase:?}/{step:?}: the new passphrase was lost");
            }
            // A later change goes through cleanly and tidies up.
            let current = if new { NEW } else { ADMIN_PASSPHRASE };
            vault
                .change_passphrase(ADMIN, &pass(current), &pass(OTHER_PASSPHRASE))
                .unwrap();
            vault.unlock(ADMIN, &pass(OTHER_PASSPHRASE)).unwrap();
            let leftovers: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
                .collect();
            assert!(
                leftovers.is_empty(),
                "{phase:?}/{step:?}: temporary files left: {leftovers:?}"
            );
        }
    }
}
