//! Integrity an attacker cannot sidestep: committed work in a lost or damaged WAL, a database
//! rolled back to an older copy, a damaged, cut or lengthened tail, a backup of a damaged vault,
//! a key file edited outside Haven — each is refused or reported, never silently accepted. And
//! byte flips all over the database, the WAL and the key file: each refused or harmless.
#![forbid(unsafe_code)]

mod common;

use std::path::{Path, PathBuf};

use common::*;
use haven::integrity::{AnchorState, Finding, KeyFileState};
use haven::{Error, ErrorKind, Vault};

const PAGE: usize = 16 * 1024;

/// `n` synthetic cases without refs (so batches never collide), one line each.
fn cases(n: usize, label: &str) -> String {
    (0..n)
        .map(|i| {
            format!(
                r#"{{"type":"case","person":{{"given_name":"{label}-{i}","sex":"female"}},"identified_on":"2021-03-0{}","recognition":"potential","exploitation":["forced_labour"]}}"#,
                1 + i % 9
            ) + "\n"
        })
        .collect()
}

fn import(s: &mut haven::Session, lines: &str) {
    s.import(&mut lines.as_bytes(), false, &mut |_| {}).unwrap();
}

fn case_count(s: &haven::Session) -> i64 {
    s.raw_connection()
        .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
        .unwrap()
}

/// Enough cases that the database file's last page holds case rows, which unlocking does not
/// read. (With a few dozen cases the last page is the root of the last table the schema
/// created, the users' granted permissions, which unlocking reads: a vault damaged there is
/// refused at unlock instead.)
const TAIL_OF_CASES: usize = 200;

/// A closed vault holding `n` cases (its WAL folded in and gone).
fn vault_with(dir: &Path, n: usize) -> Vault {
    let vault = floor_vault(dir);
    let mut s = admin(&vault);
    import(&mut s, &cases(n, "first"));
    drop(s);
    assert!(!dir.join("vault.db-wal").exists());
    vault
}

/// Every file of `from` copied into a fresh `to` (the shared-memory index left out: SQLite
/// rebuilds it from the WAL, as after a reboot).
fn copy_folder(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if e.file_type().unwrap().is_file() && !name.ends_with("-shm") {
            std::fs::copy(e.path(), to.join(&name)).unwrap();
        }
    }
}

/// A copy of a vault whose last import (30 cases after 60) is committed but still in the WAL,
/// as a laptop left with the app open holds it.
fn vault_with_work_in_the_wal(root: &Path) -> PathBuf {
    let live = root.join("live");
    let vault = vault_with(&live, 60);
    let mut s = admin(&vault);
    import(&mut s, &cases(30, "second"));
    let wal = live.join("vault.db-wal");
    assert!(
        std::fs::metadata(&wal).unwrap().len() > 0,
        "the import is in the WAL"
    );
    let copy = root.join("copy");
    copy_folder(&live, &copy);
    drop(s);
    copy
}

/// Unlocks, checks the whole vault and counts the cases.
fn open_and_count(dir: &Path) -> Result<(i64, Vec<Finding>), Error> {
    let s = Vault::at(dir).unlock(ADMIN, &pass(ADMIN_PASSPHRASE))?;
    let findings = s.check()?.findings();
    Ok((case_count(&s), findings))
}

#[test]
fn committed_work_in_a_lost_cut_or_damaged_wal_is_refused_at_unlock() {
    let root = tempfile::tempdir().unwrap();
    let copy = vault_with_work_in_the_wal(root.path());
    let trial = root.path().join("trial");
    // The copy itself is whole: 90 cases.
    copy_folder(&copy, &trial);
    assert_eq!(open_and_count(&trial).unwrap(), (90, vec![]));

    let wal = |dir: &Path| dir.join("vault.db-wal");
    let original = std::fs::read(wal(&copy)).unwrap();
    type Damage = Box<dyn Fn(&Path)>;
    let damages: Vec<(&str, Damage)> = vec![
        (
            "deleted",
            Box::new(move |d| std::fs::remove_file(wal(d)).unwrap()),
        ),
        (
            "emptied",
            Box::new(move |d| std::fs::write(wal(d), b"").unwrap()),
        ),
        (
            "cut in half",
            Box::new({
                let original = original.clone();
                move |d| std::fs::write(wal(d), &original[..original.len() / 2]).unwrap()
            }),
        ),
        (
            "one byte flipped in the last frame",
            Box::new({
                let original = original.clone();
                move |d| {
                    let mut b = original.clone();
                    let n = b.len();
                    b[n - 100] ^= 0x01;
                    std::fs::write(wal(d), &b).unwrap()
                }
            }),
        ),
    ];
    for (what, damage) in &damages {
        copy_folder(&copy, &trial);
        damage(&trial);
        let err = Vault::at(&trial)
            .unlock(ADMIN, &pass(ADMIN_PASSPHRASE))
            .expect_err(&format!("WAL {what}: committed work was dropped silently"));
        assert!(matches!(err, Error::ChangesMissing), "WAL {what}: {err:?}");
        assert_eq!(err.kind(), ErrorKind::Damaged);
        assert!(err.to_string().contains("Restore the last backup"), "{err}");
    }
}

#[test]
fn a_database_rolled_back_to_an_older_copy_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_with(dir.path(), 20);
    let older = std::fs::read(db_file(dir.path())).unwrap();
    let mut s = admin(&vault);
    import(&mut s, &cases(5, "later"));
    drop(s);
    std::fs::write(db_file(dir.path()), &older).unwrap();
    let err = vault.unlock(ADMIN, &pass(ADMIN_PASSPHRASE)).unwrap_err();
    assert!(matches!(err, Error::ChangesMissing), "{err:?}");
}

#[test]
fn a_missing_or_edited_anchor_is_refused_and_a_lagging_one_is_no_alarm() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_with(dir.path(), 3);
    let anchor = dir.path().join("vault.anchor");
    let older = std::fs::read(&anchor).unwrap();
    let mut s = admin(&vault);
    import(&mut s, &cases(2, "later"));
    drop(s);
    let current = std::fs::read(&anchor).unwrap();
    assert_ne!(older, current, "the anchor moved with the import");

    // Behind the database, as a power cut between a commit and the anchor's write leaves it:
    // no alarm, and the next commit catches up.
    std::fs::write(&anchor, &older).unwrap();
    let s = admin(&vault);
    assert_eq!(s.check().unwrap().anchor, AnchorState::Reached);
    s.lock();
    assert_ne!(
        std::fs::read(&anchor).unwrap(),
        older,
        "the lock advanced it"
    );

    // Edited in any byte: refused.
    for i in [0, 9, 20, 60, 100, 170] {
        let mut b = current.clone();
        b[i] ^= 0x01;
        // Both slots, so neither survives.
        if i >= 16 {
            let j = 16 + (i - 16 + 80) % 160;
            b[j] ^= 0x01;
        }
        std::fs::write(&anchor, &b).unwrap();
        let err = vault.unlock(ADMIN, &pass(ADMIN_PASSPHRASE)).unwrap_err();
        assert!(matches!(err, Error::AnchorDamaged), "byte {i}: {err:?}");
    }
    // Removed: refused, not made anew.
    std::fs::remove_file(&anchor).unwrap();
    let err = vault.unlock(ADMIN, &pass(ADMIN_PASSPHRASE)).unwrap_err();
    assert!(matches!(err, Error::AnchorMissing), "{err:?}");
    assert!(!anchor.exists());
    // Another vault's anchor does not fit.
    let other = tempfile::tempdir().unwrap();
    vault_with(other.path(), 1);
    std::fs::copy(other.path().join("vault.anchor"), &anchor).unwrap();
    let err = vault.unlock(ADMIN, &pass(ADMIN_PASSPHRASE)).unwrap_err();
    assert!(matches!(err, Error::AnchorDamaged), "{err:?}");
}

#[test]
fn a_damaged_last_page_a_cut_tail_or_added_bytes_are_found_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_with(dir.path(), TAIL_OF_CASES);
    let db = db_file(dir.path());
    let original = std::fs::read(&db).unwrap();
    assert_eq!(original.len() % PAGE, 0);
    let mut last_page = original.clone();
    let n = last_page.len();
    last_page[n - 100] ^= 0x01;
    let mut appended = original.clone();
    appended.extend(std::iter::repeat_n(0x5a, 16 * 1024));
    let cases: [(&str, Vec<u8>, Finding); 3] = [
        ("the last page flipped", last_page, Finding::DamagedPages(1)),
        (
            "280 bytes cut",
            original[..n - 280].to_vec(),
            Finding::DamagedPages(1),
        ),
        (
            "16 KiB appended",
            appended,
            Finding::TrailingBytes(16 * 1024),
        ),
    ];
    for (what, bytes, expected) in cases {
        std::fs::write(&db, &bytes).unwrap();
        let s = admin(&vault);
        let report = s.check().unwrap();
        assert!(
            report.findings().contains(&expected),
            "{what}: {:?}",
            report.findings()
        );
        assert!(!report.is_intact(), "{what}");
        drop(s);
    }
    std::fs::write(&db, &original).unwrap();
    assert!(admin(&vault).check().unwrap().is_intact());
}

#[test]
fn a_backup_of_a_damaged_vault_is_refused_with_its_cause_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let vault = vault_with(dir.path(), TAIL_OF_CASES);
    let db = db_file(dir.path());
    let mut bytes = std::fs::read(&db).unwrap();
    let n = bytes.len();
    bytes[n - 100] ^= 0x01;
    std::fs::write(&db, &bytes).unwrap();
    let before: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    let mut s = admin(&vault);
    let target = out.path().join("nightly.havenbackup");
    let err = s.backup(&target).unwrap_err();
    assert!(
        matches!(err, Error::DamagedNoBackup(Finding::DamagedPages(1))),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("fail their authentication"),
        "{err}"
    );
    assert!(!err.to_string().contains("read-only"), "{err}");
    assert_eq!(
        count_files(out.path()),
        0,
        "nothing is left in the backup folder"
    );
    drop(s);
    let after: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(before, after, "nothing is left in the vault folder");
}

#[test]
fn a_changed_events_key_is_reported_and_repaired_by_an_admin() {
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    let original: serde_json::Value =
        serde_json::from_slice(&std::fs::read(vault.key_file_path()).unwrap()).unwrap();
    assert!(original["seal"].is_string(), "a new key file is sealed");
    // Someone swaps the events key for one of their own: failed logins would be sealed to it.
    edit_key_file(&vault, |j| {
        j["events_key"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".into()
    });
    let mut s = admin(&vault);
    assert!(s.info().key_file_changed);
    let report = s.check().unwrap();
    assert_eq!(report.key_file, KeyFileState::Changed);
    assert!(report.findings().contains(&Finding::KeyFileChanged));
    assert!(s.repair_key_file().unwrap());
    assert!(!s.info().key_file_changed);
    assert!(s.check().unwrap().is_intact());
    let repaired: serde_json::Value =
        serde_json::from_slice(&std::fs::read(vault.key_file_path()).unwrap()).unwrap();
    assert_eq!(repaired["events_key"], original["events_key"]);
    assert!(!s.repair_key_file().unwrap(), "nothing left to repair");
    let log = s.audit_log(None).unwrap();
    assert!(log.iter().any(|l| l.action == "key_file.repair"));
    drop(s);
    // Failed logins are read again.
    assert!(vault
        .unlock(ADMIN, &pass("wrong wrong wrong wrong"))
        .is_err());
    let s = admin(&vault);
    let log = s.audit_log(None).unwrap();
    assert!(log.iter().any(|l| l.action == "login.failed"
        && l.detail
            .as_deref()
            .is_some_and(|d| d.starts_with("wrong passphrase"))));
}

#[test]
fn a_removed_seal_slot_or_edited_field_is_reported() {
    type Edit = Box<dyn Fn(&mut serde_json::Value)>;
    let edits: Vec<(&str, Edit)> = vec![
        (
            "seal removed",
            Box::new(|j| {
                j.as_object_mut().unwrap().remove("seal");
            }),
        ),
        (
            "recovery slot removed",
            Box::new(|j| {
                j["slots"].as_array_mut().unwrap().pop();
            }),
        ),
        (
            "seal edited",
            Box::new(|j| j["seal"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".into()),
        ),
    ];
    for (what, edit) in edits {
        let dir = tempfile::tempdir().unwrap();
        let vault = floor_vault(dir.path());
        edit_key_file(&vault, edit);
        let s = admin(&vault);
        assert!(s.info().key_file_changed, "{what}");
        assert_eq!(s.check().unwrap().key_file, KeyFileState::Changed, "{what}");
    }
}

/// Flips one byte of `file` at every `stride`th offset; after each, the vault must refuse to
/// open, or report damage, or hold exactly what it held (never open quietly with less).
fn flips_are_refused_or_harmless(
    folder: &Path,
    file: &str,
    stride: usize,
    expected_cases: i64,
) -> (usize, usize, usize) {
    let trial = folder.with_file_name("flip-trial");
    let original = std::fs::read(folder.join(file)).unwrap();
    let (mut refused, mut reported, mut harmless) = (0, 0, 0);
    for offset in (0..original.len()).step_by(stride) {
        copy_folder(folder, &trial);
        let mut bytes = original.clone();
        bytes[offset] ^= 0x20;
        std::fs::write(trial.join(file), &bytes).unwrap();
        match Vault::at(&trial).unlock(ADMIN, &pass(ADMIN_PASSPHRASE)) {
            Err(_) => refused += 1,
            Ok(s) => {
                let report = s.check();
                let findings = report.as_ref().map(|r| r.findings());
                match (findings, s.info().key_file_changed) {
                    (Err(_), _) => reported += 1,
                    (Ok(f), changed) if !f.is_empty() || changed => reported += 1,
                    (Ok(_), _) => {
                        assert_eq!(
                            case_count(&s),
                            expected_cases,
                            "{file} byte {offset}: opened quietly with other contents"
                        );
                        harmless += 1;
                    }
                }
            }
        }
    }
    (refused, reported, harmless)
}

#[test]
fn flips_at_every_997th_byte_of_database_and_wal_and_throughout_the_key_file_are_refused_or_harmless(
) {
    let root = tempfile::tempdir().unwrap();
    let copy = vault_with_work_in_the_wal(root.path());
    let wal = flips_are_refused_or_harmless(&copy, "vault.db-wal", 997, 90);
    let db = flips_are_refused_or_harmless(&copy, "vault.db", 997, 90);
    // The key file is small: every 7th byte.
    let keys = flips_are_refused_or_harmless(&copy, "vault.keys", 7, 90);
    println!(
        "flips (refused, reported, harmless): wal {wal:?}, database {db:?}, key file {keys:?}"
    );
    // A flip in the WAL's frames drops the import: never harmless.
    assert_eq!(wal.2, 0, "{wal:?}");
    assert!(db.0 + db.1 > 0 && keys.0 + keys.1 > 0);
}
