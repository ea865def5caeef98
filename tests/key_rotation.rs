//! Rotating the data key: every record is intact, the old key (through a copied slot) opens
//! nothing, other users get temporary passphrases, and a crash at any step leaves a vault
//! that opens.
#![forbid(unsafe_code)]

mod common;

use common::rotation::populated;
use common::*;
use haven::cases::CaseFilter;
use haven::RotationStep;
use haven::{Error, ErrorKind, Vault};

fn export(vault: &Vault, user: &str, passphrase: &str) -> String {
    let s = vault.unlock(user, &pass(passphrase)).unwrap();
    let mut out = Vec::new();
    s.export(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn after_rotation_every_record_is_intact_and_the_old_key_opens_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let vault = populated(dir.path());
    let before = export(&vault, "case.worker", OTHER_PASSPHRASE);
    // An attacker copied the key file (a slot) before the rotation.
    let stolen = dir.path().join("stolen.keys");
    std::fs::copy(vault.key_file_path(), &stolen).unwrap();

    let rotation = admin(&vault)
        .rotate_data_key(&pass(ADMIN_PASSPHRASE))
        .unwrap();
    assert_eq!(rotation.temporary_passphrases.len(), 1);
    let (name, temporary) = &rotation.temporary_passphrases[0];
    assert_eq!(name, "case.worker");

    // Records intact, read by the other user with the temporary passphrase.
    assert!(vault
        .unlock("case.worker", &pass(OTHER_PASSPHRASE))
        .is_err());
    assert_eq!(export(&vault, "case.worker", temporary.expose()), before);
    let a = admin(&vault);
    assert!(
        a.verify_audit(None).unwrap().is_intact(),
        "the audit chain was carried over"
    );
    assert!(a
        .audit_log(None)
        .unwrap()
        .iter()
        .any(|l| l.action == "key.rotate"));
    drop(a);

    // One database file, not the old one.
    let dbs: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".db"))
        .collect();
    assert_eq!(dbs.len(), 1, "{dbs:?}");
    assert_ne!(dbs[0], "vault.db");

    // The stolen slot unwraps the old key, which opens nothing now.
    let attack = dir.path().join("attack");
    std::fs::create_dir(&attack).unwrap();
    std::fs::copy(&stolen, attack.join("vault.keys")).unwrap();
    std::fs::copy(dir.path().join(&dbs[0]), attack.join("vault.db")).unwrap();
    let err = Vault::at(&attack)
        .unlock(ADMIN, &pass(ADMIN_PASSPHRASE))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Damaged, "{err:?}");

    // The new recovery key works; search still works.
    vault
        .reset_passphrase(
            &rotation.recovery_key,
            "case.worker",
            &pass("harbor pencil gravity tulip"),
        )
        .unwrap();
    let cw = vault
        .unlock("case.worker", &pass("harbor pencil gravity tulip"))
        .unwrap();
    assert_eq!(
        cw.list_cases(&CaseFilter {
            query: Some("mammadova".into()),
            ..Default::default()
        })
        .unwrap()
        .len(),
        1
    );
}

#[test]
fn a_session_opened_before_the_rotation_writes_nothing_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let vault = populated(dir.path());
    let mut stale = vault
        .unlock("case.worker", &pass(OTHER_PASSPHRASE))
        .unwrap();
    admin(&vault)
        .rotate_data_key(&pass(ADMIN_PASSPHRASE))
        .unwrap();
    let e = stale.close_case(
        "2014-0001",
        haven::records::CivilDate::parse("2016-01-01").unwrap(),
    );
    assert!(matches!(e, Err(Error::Rekeyed)), "{e:?}");
    assert!(matches!(stale.show_case("2016-0001"), Err(Error::Rekeyed)));
}

#[test]
fn only_an_admin_with_their_passphrase_rotates() {
    let dir = tempfile::tempdir().unwrap();
    let vault = populated(dir.path());
    let cw = vault
        .unlock("case.worker", &pass(OTHER_PASSPHRASE))
        .unwrap();
    assert_eq!(
        cw.rotate_data_key(&pass(OTHER_PASSPHRASE))
            .unwrap_err()
            .kind(),
        ErrorKind::Forbidden
    );
    let e = admin(&vault)
        .rotate_data_key(&pass("not my passphrase at all"))
        .unwrap_err();
    assert!(matches!(e, Error::WrongCredentials));
    admin(&vault); // the vault still opens as before
}

#[test]
fn a_crash_at_any_step_leaves_a_vault_that_opens_with_the_old_or_the_new_key() {
    for stop in [
        RotationStep::Exported,
        RotationStep::Committed,
        RotationStep::OldRemoved,
    ] {
        let dir = tempfile::tempdir().unwrap();
        let vault = populated(dir.path());
        let cw_before = export(&vault, "case.worker", OTHER_PASSPHRASE);
        let r = admin(&vault).rotate_data_key_with_hook(&pass(ADMIN_PASSPHRASE), &mut |step| {
            if step == stop {
                Err(Error::Storage(haven::error::StorageFailure(
                    std::io::ErrorKind::Other,
                )))
            } else {
                Ok(())
            }
        });
        assert!(r.is_err(), "{stop:?}");
        // The admin's passphrase is the same before and after: it opens either way.
        let a = admin(&vault);
        assert!(a.verify_audit(None).unwrap().is_intact(), "{stop:?}");
        drop(a);
        let old_works = vault.unlock("case.worker", &pass(OTHER_PASSPHRASE)).is_ok();
        assert_eq!(old_works, stop == RotationStep::Exported, "{stop:?}");
        if old_works {
            assert_eq!(export(&vault, "case.worker", OTHER_PASSPHRASE), cw_before);
        }
        // Leftover files are gone after the next unlock.
        let dbs = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".db"))
            .count();
        assert_eq!(dbs, 1, "{stop:?}");
    }
}
