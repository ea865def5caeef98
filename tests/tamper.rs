//! Someone who can edit the vault's files cannot change it unnoticed, and cannot weaken it.
#![forbid(unsafe_code)]

mod common;

use common::*;
use haven::vault::keyfile::KeyFile;
use haven::{Error, ErrorKind, KdfParams, Role, Vault};

const PAGE: usize = 16 * 1024;

/// A closed vault with a few users, so the database has several pages.
fn populated(dir: &std::path::Path) -> Vault {
    let vault = floor_vault(dir);
    let mut s = admin(&vault);
    for i in 0..40 {
        s.add_user(
            &format!("worker.{i:02}"),
            &[Role::Intake],
            &pass(OTHER_PASSPHRASE),
        )
        .unwrap();
    }
    drop(s);
    vault
}

/// Unlocks and reads every page; the error, if any.
fn open_and_read_all(vault: &Vault) -> Result<(), Error> {
    let s = vault.unlock(ADMIN, &pass(ADMIN_PASSPHRASE))?;
    s.list_users()?;
    s.check_integrity()
}

#[test]
fn one_flipped_byte_in_any_page_is_reported_as_damage() {
    let dir = tempfile::tempdir().unwrap();
    let vault = populated(dir.path());
    let db = db_file(dir.path());
    let original = std::fs::read(&db).unwrap();
    let pages = original.len() / PAGE;
    assert!(pages >= 3, "expected several pages, got {pages}");
    open_and_read_all(&vault).expect("the untouched vault reads cleanly");

    for page in 0..pages {
        let mut bytes = original.clone();
        // A byte in the middle of the page, past SQLCipher's salt on page 1.
        bytes[page * PAGE + PAGE / 2] ^= 0x01;
        std::fs::write(&db, &bytes).unwrap();
        let err =
            open_and_read_all(&vault).expect_err(&format!("page {page} was changed unnoticed"));
        assert_eq!(err.kind(), ErrorKind::Damaged, "page {page}: {err:?}");
        assert!(
            err.to_string()
                .contains("damaged or has been tampered with"),
            "{err}"
        );
    }
    std::fs::write(&db, &original).unwrap();
    open_and_read_all(&vault).expect("restored bytes read cleanly again");
}

#[test]
fn a_flipped_byte_in_the_first_page_stops_the_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let vault = populated(dir.path());
    let db = db_file(dir.path());
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[100] ^= 0x80;
    std::fs::write(&db, &bytes).unwrap();
    let err = vault.unlock(ADMIN, &pass(ADMIN_PASSPHRASE)).unwrap_err();
    assert!(matches!(err, Error::Damaged), "{err:?}");
}

#[test]
fn parameters_above_the_ceiling_are_refused_before_any_derivation() {
    // Edited to Argon2id's maximum that Haven once accepted (4 GiB, 64 passes): deriving
    // with it would stall the unlock for minutes. The slot would not open anyway (the AEAD
    // binds its parameters); the point is that the unlock refuses it at once.
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    edit_key_file(&vault, |j| {
        for slot in j["slots"].as_array_mut().unwrap() {
            slot["kdf"]["memory_kib"] = (4u32 * 1024 * 1024).into();
            slot["kdf"]["passes"] = 64.into();
        }
    });
    let (done, answer) = std::sync::mpsc::channel();
    let started = std::time::Instant::now();
    let unlocking = vault.clone();
    std::thread::spawn(move || {
        let _ = done.send(unlocking.unlock(ADMIN, &pass(ADMIN_PASSPHRASE)).map(|_| ()));
    });
    let err = answer
        .recv_timeout(std::time::Duration::from_secs(5))
        .expect("the unlock derived with the edited parameters instead of refusing them")
        .unwrap_err();
    assert!(matches!(err, Error::WeakKeySlot), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::Damaged);
    assert!(
        err.to_string().contains("parameters Haven never writes"),
        "{err}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));

    // Each of memory, passes and lanes alone, one step above what creation writes.
    for (field, value) in [
        ("memory_kib", KdfParams::CEILING.memory_kib + 1),
        ("passes", KdfParams::CEILING.passes + 1),
        ("lanes", KdfParams::CEILING.lanes + 1),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let vault = floor_vault(dir.path());
        edit_key_file(&vault, |j| j["slots"][0]["kdf"][field] = value.into());
        let err = vault.unlock(ADMIN, &pass(ADMIN_PASSPHRASE)).unwrap_err();
        assert!(matches!(err, Error::WeakKeySlot), "{field}: {err:?}");
    }

    // And no vault can be made above it.
    let dir = tempfile::tempdir().unwrap();
    let costly = KdfParams {
        passes: KdfParams::CEILING.passes + 1,
        ..KdfParams::FLOOR
    };
    let err = Vault::at(dir.path())
        .create_with(ADMIN, &pass(ADMIN_PASSPHRASE), costly)
        .unwrap_err();
    assert!(matches!(err, Error::WeakKeySlot), "{err:?}");
    assert!(!Vault::at(dir.path()).exists());
}

#[test]
fn a_slot_whose_kdf_parameters_were_edited_does_not_open() {
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    // Raised cost: still above the floor, but the associated data no longer matches.
    edit_key_file(&vault, |j| {
        j["slots"][0]["kdf"]["memory_kib"] = (20 * 1024).into()
    });
    let err = vault.unlock(ADMIN, &pass(ADMIN_PASSPHRASE)).unwrap_err();
    assert!(matches!(err, Error::WrongCredentials), "{err:?}");
}

#[test]
fn parameters_below_the_floor_are_refused() {
    for (field, value) in [("memory_kib", 8 * 1024), ("passes", 1)] {
        let dir = tempfile::tempdir().unwrap();
        let vault = floor_vault(dir.path());
        edit_key_file(&vault, |j| j["slots"][0]["kdf"][field] = value.into());
        let err = vault.unlock(ADMIN, &pass(ADMIN_PASSPHRASE)).unwrap_err();
        assert!(matches!(err, Error::WeakKeySlot), "{field}: {err:?}");
        assert_eq!(err.kind(), ErrorKind::Damaged);
    }
    // And no vault can be made below it.
    let dir = tempfile::tempdir().unwrap();
    let weak = KdfParams {
        memory_kib: 8 * 1024,
        passes: 1,
        lanes: 1,
    };
    let err = Vault::at(dir.path())
        .create_with(ADMIN, &pass(ADMIN_PASSPHRASE), weak)
        .unwrap_err();
    assert!(matches!(err, Error::WeakKeySlot));
    assert!(!Vault::at(dir.path()).exists());
}

#[test]
fn a_garbled_key_file_is_damage_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    let path = vault.key_file_path();
    let good = std::fs::read(&path).unwrap();
    for cut in [0, 1, good.len() / 2, good.len() - 3] {
        std::fs::write(&path, &good[..cut]).unwrap();
        let err = vault.unlock(ADMIN, &pass(ADMIN_PASSPHRASE)).unwrap_err();
        assert!(matches!(err, Error::Damaged), "cut at {cut}: {err:?}");
    }
    assert!(KeyFile::parse(&good).is_ok());
}

#[test]
fn the_key_file_of_another_vault_does_not_open_this_database() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let va = floor_vault(a.path());
    let _vb = floor_vault(b.path());
    std::fs::copy(b.path().join(haven::vault::KEY_FILE), va.key_file_path()).unwrap();
    let err = va.unlock(ADMIN, &pass(ADMIN_PASSPHRASE)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Damaged, "{err:?}");
}

#[test]
fn extension_loading_is_off() {
    let dir = tempfile::tempdir().unwrap();
    let s = admin(&floor_vault(dir.path()));
    let r = s
        .raw_connection()
        .query_row("SELECT load_extension('libc.so.6')", [], |r| {
            r.get::<_, Option<String>>(0)
        });
    assert!(r.is_err(), "load_extension() was allowed");
}
