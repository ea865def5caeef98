//! Backup and restore: one self-contained encrypted file, taken while the vault is in use, that
//! restores on another machine with any user's passphrase or the recovery key; and every bad
//! file (cut short, damaged, edited, foreign, from a newer Haven) refused with nothing written.
#![forbid(unsafe_code)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use common::*;
use haven::backup::{self, RestoreWith};
use haven::cases::CaseFilter;
use haven::{Error, ErrorKind, KdfParams, Role, Vault};

const CW: &str = "case.worker";

fn case_line(ref_: &str, family: &str) -> String {
    format!(
        r#"{{"type":"case","ref":"{ref_}","person":{{"given_name":"Test","family_name":"{family}","sex":"female","birth_date":"1999-05-01"}},"identified_on":"2024-03-01","identified_by":"police","recognition":"recognized","exploitation":["sexual"],"referrals":[]}}"#
    )
}

/// A vault with an admin, a caseworker and the cases named by `families`.
fn vault_with_cases(dir: &Path, families: &[String]) -> (Vault, haven::RecoveryKey) {
    let vault = Vault::at(dir);
    let recovery = vault
        .create_with(ADMIN, &ADMIN_PASSPHRASE.into(), KdfParams::FLOOR)
        .unwrap();
    let mut a = admin(&vault);
    a.add_user(CW, &[Role::Caseworker], &pass(OTHER_PASSPHRASE))
        .unwrap();
    let lines: Vec<String> = families
        .iter()
        .enumerate()
        .map(|(i, f)| case_line(&format!("REF-{i}"), f))
        .collect();
    a.import(&mut lines.join("\n").as_bytes(), false, &mut |_| {})
        .unwrap();
    (vault, recovery)
}

/// The family names of every case, as the caseworker sees them.
fn families(vault: &Vault) -> Vec<String> {
    let cw = vault.unlock(CW, &pass(OTHER_PASSPHRASE)).unwrap();
    let mut names: Vec<String> = cw
        .list_cases(&CaseFilter {
            limit: 100_000,
            ..CaseFilter::default()
        })
        .unwrap()
        .into_iter()
        .map(|c| {
            cw.show_case(&c.code)
                .unwrap()
                .record
                .person
                .family_name
                .clone()
                .unwrap_or_default()
        })
        .collect();
    names.sort();
    names
}

fn backup_of(vault: &Vault, dir: &Path) -> PathBuf {
    let file = dir.join("vault.havenbackup");
    admin(vault).backup(&file).unwrap();
    file
}

fn with_passphrase<'a>(user: &'a str, p: &'a haven::Passphrase) -> RestoreWith<'a> {
    RestoreWith::Passphrase {
        user,
        passphrase: p,
    }
}

#[test]
fn a_backup_restores_elsewhere_with_any_users_passphrase_or_the_recovery_key() {
    let root = tempfile::tempdir().unwrap();
    let markers: Vec<String> = (0..5).map(|i| marker(&format!("family{i}"))).collect();
    let (vault, recovery) = vault_with_cases(&root.path().join("vault"), &markers);
    let file = backup_of(&vault, root.path());
    let mut expected = markers.clone();
    expected.sort();

    // Nothing of any record is readable in the backup file.
    assert!(canary_scan(&[&file], &markers).is_empty());
    let head = std::fs::read(&file).unwrap();
    assert_eq!(&head[..8], b"HAVENBAK");
    assert!(!head.windows(15).any(|w| w == b"SQLite format 3"));

    // "Another machine": a fresh folder, opened with the caseworker's passphrase.
    let other = Vault::at(root.path().join("elsewhere/a"));
    let cw_pass = pass(OTHER_PASSPHRASE);
    let summary = backup::restore(&file, &other, with_passphrase(CW, &cw_pass)).unwrap();
    assert!(summary.audit_intact);
    assert_eq!(families(&other), expected);
    // Every user unlocks the restored vault as before; its audit log verifies and ends with
    // the restore.
    let a = admin(&other);
    a.check_integrity().unwrap();
    assert!(a.verify_audit(None).unwrap().is_intact());
    let log = a.audit_log(None).unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    // The restore is logged in the restored vault (the backup's own entry comes after its
    // snapshot, so it is in the source vault's log only).
    let restored_at = actions.iter().position(|a| *a == "restore").unwrap();
    assert!(
        actions[restored_at + 1..].iter().all(|a| *a != "restore"),
        "{actions:?}"
    );
    assert!(admin(&vault)
        .audit_log(None)
        .unwrap()
        .iter()
        .any(|e| e.action == "backup"));
    drop(a);

    // With the recovery key.
    let third = Vault::at(root.path().join("elsewhere/b"));
    backup::restore(&file, &third, RestoreWith::RecoveryKey(&recovery)).unwrap();
    assert_eq!(families(&third), expected);
    // The recovery key still resets a passphrase in the restored vault.
    third
        .reset_passphrase(&recovery, CW, &pass("quartz meadow lantern ninety"))
        .unwrap();
    third
        .unlock(CW, &pass("quartz meadow lantern ninety"))
        .unwrap();

    // The source vault was not touched by any of this.
    assert_eq!(families(&vault), expected);
}

#[test]
fn wrong_credentials_open_nothing_and_write_nothing() {
    let root = tempfile::tempdir().unwrap();
    let (vault, _) = vault_with_cases(&root.path().join("vault"), &["One".into()]);
    let file = backup_of(&vault, root.path());
    let target = root.path().join("target");
    let wrong = pass("entirely wrong passphrase here");
    for with in [
        with_passphrase(CW, &wrong),
        with_passphrase("nobody.here", &wrong),
    ] {
        let e = backup::restore(&file, &Vault::at(&target), with).unwrap_err();
        assert!(matches!(e, Error::WrongCredentials), "{e:?}");
    }
    let other_key = Vault::at(root.path().join("v2"))
        .create_with(ADMIN, &ADMIN_PASSPHRASE.into(), KdfParams::FLOOR)
        .unwrap();
    let e = backup::restore(
        &file,
        &Vault::at(&target),
        RestoreWith::RecoveryKey(&other_key),
    )
    .unwrap_err();
    assert!(matches!(e, Error::WrongRecoveryKey), "{e:?}");
    assert!(!target.exists(), "a refused restore left a folder behind");
}

/// Restores `bytes` (a bad backup) into a fresh folder: the error, after checking nothing was
/// written there.
fn refused(root: &Path, name: &str, bytes: &[u8]) -> Error {
    let file = root.join(format!("{name}.havenbackup"));
    std::fs::write(&file, bytes).unwrap();
    let target = root.join(format!("target-{name}"));
    let p = pass(ADMIN_PASSPHRASE);
    let e = backup::restore(&file, &Vault::at(&target), with_passphrase(ADMIN, &p)).unwrap_err();
    let left: Vec<_> = std::fs::read_dir(&target)
        .map(|rd| rd.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{name}: a refused restore left {left:?}");
    e
}

#[test]
fn truncated_corrupted_edited_and_foreign_files_are_refused_with_nothing_written() {
    let root = tempfile::tempdir().unwrap();
    let (vault, _) = vault_with_cases(&root.path().join("vault"), &["One".into(), "Two".into()]);
    let good = std::fs::read(backup_of(&vault, root.path())).unwrap();
    let key_file_len = u32::from_be_bytes(good[12..16].try_into().unwrap()) as usize;

    // Cut short anywhere: in the header, the key file, the database, the trailer.
    for cut in [
        10,
        30,
        24 + key_file_len / 2,
        good.len() / 2,
        good.len() - 40,
        good.len() - 1,
    ] {
        let e = refused(root.path(), &format!("cut{cut}"), &good[..cut]);
        assert!(matches!(e, Error::BackupTruncated), "cut at {cut}: {e:?}");
        assert_eq!(e.kind(), ErrorKind::BadBackup);
    }

    // One byte flipped anywhere: caught by the checksum before any passphrase is tried.
    for at in [
        13,
        24 + 5,
        24 + key_file_len + 100,
        good.len() / 2,
        good.len() - 50,
        good.len() - 5,
    ] {
        let mut bad = good.clone();
        bad[at] ^= 0x40;
        let e = refused(root.path(), &format!("flip{at}"), &bad);
        assert!(
            matches!(e, Error::BackupDamaged | Error::BackupTruncated),
            "flip at {at}: {e:?}"
        );
    }

    // A deliberate edit with the checksum recomputed (the key file's database name changed):
    // the HMAC, keyed from the data key, catches it.
    let mut edited = good.clone();
    let kf_end = 24 + key_file_len;
    let kf_text = String::from_utf8(edited[24..kf_end].to_vec()).unwrap();
    let changed = kf_text.replace("\"vault.db\"", "\"vault.dc\"");
    assert_ne!(changed, kf_text, "the key file names its database");
    edited[24..kf_end].copy_from_slice(changed.as_bytes());
    let body = edited.len() - 64;
    let sum = sha256(&edited[..body]);
    edited[body..body + 32].copy_from_slice(&sum);
    let e = refused(root.path(), "edited", &edited);
    assert!(matches!(e, Error::BackupDamaged), "{e:?}");

    // A database page changed with the checksum recomputed: the HMAC again.
    let mut edited = good.clone();
    edited[kf_end + 40_000] ^= 1;
    let sum = sha256(&edited[..body]);
    edited[body..body + 32].copy_from_slice(&sum);
    let e = refused(root.path(), "page", &edited);
    assert!(matches!(e, Error::BackupDamaged), "{e:?}");

    // Not a backup at all: a vault's key file, its database, a text file, nothing.
    for (name, bytes) in [
        (
            "keys",
            std::fs::read(root.path().join("vault/vault.keys")).unwrap(),
        ),
        (
            "db",
            std::fs::read(root.path().join("vault/vault.db")).unwrap(),
        ),
        ("text", b"hello, this is a letter".to_vec()),
        ("empty", Vec::new()),
    ] {
        let e = refused(root.path(), name, &bytes);
        assert!(matches!(e, Error::NotABackup), "{name}: {e:?}");
    }

    // From a newer Haven.
    let mut newer = good.clone();
    newer[8..10].copy_from_slice(&2u16.to_be_bytes());
    let e = refused(root.path(), "newer", &newer);
    assert!(matches!(e, Error::BackupTooNew), "{e:?}");
    assert!(e.to_string().contains("newer version of Haven"));

    // The good one still restores.
    let p = pass(ADMIN_PASSPHRASE);
    let file = root.path().join("good.havenbackup");
    std::fs::write(&file, &good).unwrap();
    backup::restore(
        &file,
        &Vault::at(root.path().join("ok")),
        with_passphrase(ADMIN, &p),
    )
    .unwrap();
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    // An independent implementation: coreutils' sha256sum.
    let mut child = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    let hex_text = String::from_utf8(out.stdout).unwrap();
    hex::decode(&hex_text[..64]).unwrap().try_into().unwrap()
}

#[test]
fn a_restore_never_overwrites_a_vault() {
    let root = tempfile::tempdir().unwrap();
    let (vault, _) = vault_with_cases(&root.path().join("vault"), &["Old".into()]);
    let file = backup_of(&vault, root.path());
    let (existing, _) = vault_with_cases(&root.path().join("existing"), &["Kept".into()]);
    let before = std::fs::read(existing.key_file_path()).unwrap();
    let p = pass(ADMIN_PASSPHRASE);
    let e = backup::restore(&file, &existing, with_passphrase(ADMIN, &p)).unwrap_err();
    assert!(matches!(e, Error::RestoreTargetNotEmpty), "{e:?}");
    assert_eq!(std::fs::read(existing.key_file_path()).unwrap(), before);
    assert_eq!(families(&existing), vec!["Kept".to_string()]);
    // Nor into the source itself.
    let e = backup::restore(&file, &vault, with_passphrase(ADMIN, &p)).unwrap_err();
    assert!(matches!(e, Error::RestoreTargetNotEmpty), "{e:?}");
}

#[test]
fn a_backup_file_is_never_overwritten_and_only_admins_take_one() {
    let root = tempfile::tempdir().unwrap();
    let (vault, _) = vault_with_cases(&root.path().join("vault"), &["One".into()]);
    let file = root.path().join("existing.havenbackup");
    std::fs::write(&file, b"an earlier backup").unwrap();
    let e = admin(&vault).backup(&file).unwrap_err();
    assert_eq!(e.field(), Some("file"));
    assert_eq!(std::fs::read(&file).unwrap(), b"an earlier backup");

    let mut cw = vault.unlock(CW, &pass(OTHER_PASSPHRASE)).unwrap();
    let e = cw.backup(&root.path().join("cw.havenbackup")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden);
    assert_eq!(cw.backup_status().unwrap_err().kind(), ErrorKind::Forbidden);
    assert!(!root.path().join("cw.havenbackup").exists());

    // A folder that is not there.
    let e = admin(&vault)
        .backup(&root.path().join("no/such/folder/x.havenbackup"))
        .unwrap_err();
    assert_eq!(e.field(), Some("file"));
    // No snapshot or temporary file is left in the vault or the target folder.
    let names = |d: &Path| -> Vec<String> {
        std::fs::read_dir(d)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    };
    assert!(
        names(vault.dir()).iter().all(|n| n.starts_with("vault.")),
        "{:?}",
        names(vault.dir())
    );
}

#[test]
fn the_reminder_is_due_until_a_backup_and_backup_to_folder_picks_a_fresh_name() {
    let root = tempfile::tempdir().unwrap();
    let (vault, _) = vault_with_cases(&root.path().join("vault"), &["One".into()]);
    let mut a = admin(&vault);
    let status = a.backup_status().unwrap();
    assert!(status.due && status.last_backup_at.is_none() && status.days_since.is_none());

    let usb = root.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let mut stages = Vec::new();
    let first = a
        .backup_to_folder(&usb, &mut |p| stages.push(p.stage))
        .unwrap();
    let second = a.backup_to_folder(&usb, &mut |_| {}).unwrap();
    assert_ne!(first.path, second.path);
    assert!(first.file_name.starts_with("haven-backup-"));
    assert!(first.file_name.ends_with(".havenbackup"));
    for stage in [
        backup::Stage::Snapshot,
        backup::Stage::Writing,
        backup::Stage::Checking,
    ] {
        assert!(stages.contains(&stage), "{stage:?} was not reported");
    }
    let status = a.backup_status().unwrap();
    assert!(!status.due);
    assert_eq!(status.days_since, Some(0));
    assert_eq!(
        status.last_backup_at.as_deref(),
        Some(second.taken_at.as_str())
    );

    // The audit entry says a backup was taken, with its size, never where.
    let log = a.audit_log(None).unwrap();
    let entry = log.iter().rev().find(|e| e.action == "backup").unwrap();
    let detail = entry.detail.clone().unwrap_or_default();
    assert!(
        !detail.contains("usb") && !detail.contains("havenbackup"),
        "{detail}"
    );

    // Seven days on, the reminder is due again; six days is not yet.
    for (days, due) in [(6, false), (7, true), (30, true)] {
        let then = time::OffsetDateTime::now_utc() - time::Duration::days(days);
        let then = then
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        a.raw_connection()
            .execute(
                "UPDATE vault_meta SET value = ?1 WHERE key = 'last_backup_at'",
                [&then],
            )
            .unwrap();
        let status = a.backup_status().unwrap();
        assert_eq!((status.days_since, status.due), (Some(days), due));
    }

    let e = a
        .backup_to_folder(&root.path().join("missing"), &mut |_| {})
        .unwrap_err();
    assert_eq!(e.field(), Some("folder"));
}

/// The child half of the test below: writes cases until killed, printing each committed one.
fn run_busy_writer() {
    let vault = Vault::at(std::env::var("HAVEN_VAULT").unwrap());
    let mut a = admin(&vault);
    let mut out = std::io::stdout().lock();
    for i in 0.. {
        let line = case_line(&format!("BUSY-{i}"), &format!("Busy{i}"));
        a.import(&mut line.as_bytes(), false, &mut |_| {}).unwrap();
        if writeln!(out, "committed {i}")
            .and_then(|()| out.flush())
            .is_err()
        {
            return; // the parent has stopped listening
        }
        // A busy colleague, not a loop that never lets go: SQLite's lock is not fair, and a
        // writer that takes it again the moment it lets go could starve the others.
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[test]
fn a_backup_taken_while_another_process_writes_is_one_consistent_state() {
    if child_role().as_deref() == Some("busy") {
        run_busy_writer();
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("vault");
    let (vault, _) = vault_with_cases(&dir, &["Start".into()]);
    let mut child = spawn_self(
        "a_backup_taken_while_another_process_writes_is_one_consistent_state",
        "busy",
        &[("HAVEN_VAULT", &dir)],
    );
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    // Let the writer get going, then back up while it writes.
    for _ in 0..20 {
        lines.next().unwrap().unwrap();
    }
    let mut files = Vec::new();
    for i in 0..3 {
        let file = root.path().join(format!("busy{i}.havenbackup"));
        admin(&vault).backup(&file).unwrap();
        files.push(file);
        lines.next().unwrap().unwrap();
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let mut counts = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let target = Vault::at(root.path().join(format!("restored{i}")));
        let p = pass(ADMIN_PASSPHRASE);
        let s = backup::restore(file, &target, with_passphrase(ADMIN, &p)).unwrap();
        assert!(s.audit_intact);
        let a = admin(&target);
        a.check_integrity().unwrap();
        drop(a);
        let names = families(&target);
        // Consistent: the busy cases present are exactly the first n, with no gap.
        let busy: Vec<usize> = names
            .iter()
            .filter_map(|n| n.strip_prefix("Busy"))
            .map(|n| n.parse().unwrap())
            .collect();
        let mut sorted = busy.clone();
        sorted.sort();
        assert_eq!(sorted, (0..busy.len()).collect::<Vec<_>>());
        counts.push(busy.len());
    }
    assert!(counts[0] >= 20, "{counts:?}");
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
}

#[test]
fn a_backup_of_a_vault_whose_data_key_was_rotated_restores_with_the_new_secrets() {
    let root = tempfile::tempdir().unwrap();
    let (vault, _) = vault_with_cases(&root.path().join("vault"), &["Rotated".into()]);
    let rotation = admin(&vault)
        .rotate_data_key(&pass(ADMIN_PASSPHRASE))
        .unwrap();
    let file = backup_of(&vault, root.path());
    let target = Vault::at(root.path().join("restored"));
    backup::restore(
        &file,
        &target,
        RestoreWith::RecoveryKey(&rotation.recovery_key),
    )
    .unwrap();
    // The rotated database's file name came along, and the temporary passphrase opens it.
    let (name, temporary) = &rotation.temporary_passphrases[0];
    assert_eq!(name, CW);
    target.unlock(CW, temporary).unwrap();
    admin(&target).check_integrity().unwrap();
}

#[test]
fn what_a_killed_backup_or_restore_left_behind_is_removed_by_the_next() {
    let root = tempfile::tempdir().unwrap();
    let (vault, _) = vault_with_cases(&root.path().join("vault"), &["One".into()]);
    let stale = vault.dir().join("backup-0190aaaa.snapshot");
    std::fs::write(&stale, b"half a snapshot").unwrap();
    std::fs::write(vault.dir().join("backup-0190aaaa.snapshot-wal"), b"x").unwrap();
    let file = backup_of(&vault, root.path());
    assert!(!stale.exists());
    let names: Vec<String> = std::fs::read_dir(vault.dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| n.starts_with("vault.")), "{names:?}");

    let target = root.path().join("target");
    std::fs::create_dir(&target).unwrap();
    let partial = target.join("restore-0190bbbb.partial");
    std::fs::write(&partial, b"half a restore").unwrap();
    let p = pass(ADMIN_PASSPHRASE);
    backup::restore(&file, &Vault::at(&target), with_passphrase(ADMIN, &p)).unwrap();
    assert!(!partial.exists());
}
