//! Taking a backup while the vault is in use, naming it, and the reminder when one is due.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction};
use uuid::Uuid;

use super::file::{
    check_file_with_progress, remove_leftovers, storage, write_backup_file, Header, MacKey,
    TempFile,
};
use super::{
    BackupStatus, BackupSummary, Progress, Stage, EXTENSION, LAST_BACKUP_KEY, REMINDER_DAYS,
    TRAILER_LEN,
};
use crate::error::StorageFailure;
use crate::files::{self, Beside};
use crate::secret::DataKey;
use crate::vault::keyfile::KeyFile;
use crate::vault::{database, Vault};
use crate::{Error, Result};

/// Writes a backup of the vault whose database is open on `conn` (named `database_name` in
/// its key file, keyed with `key`) to `path`, which must not exist yet; reads it back. The
/// caller records it with [`record`] once this returns.
pub(crate) fn take(
    conn: &Connection,
    key: &DataKey,
    vault: &Vault,
    database_name: &str,
    path: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<BackupSummary> {
    // The folder must exist; the name is the summary's.
    let (_, name) = split_target(path)?;
    if path.exists() {
        return Err(Error::invalid(
                "file",
                "A file with this name is already there; choose another name, so no earlier backup is overwritten.",
            ));
    }
    let vault = vault.clone();
    let snapshot = TempFile(Some(
        vault
            .dir()
            .join(format!("backup-{}.snapshot", Uuid::now_v7().simple())),
    ));
    let (kf_bytes, vault_id) = {
        // Under the vault's lock: the key file read and the snapshot belong together.
        let _guard = vault.lock_for_key_file()?;
        // Snapshots are made under this lock only: any found now is a crashed backup's.
        remove_leftovers(vault.dir(), "backup-", ".snapshot", snapshot.path());
        let bytes = fs::read(vault.key_file_path())?;
        let kf = KeyFile::parse(&bytes)?;
        if kf.database != database_name {
            return Err(Error::Rekeyed);
        }
        database::snapshot(conn, key, snapshot.path(), &mut |done, total| {
            progress(Progress {
                stage: Stage::Snapshot,
                done,
                total,
            })
        })?;
        (bytes, kf.vault_id)
    };
    let header = Header {
        key_file_len: u32::try_from(kf_bytes.len()).map_err(|_| Error::Damaged)?,
        database_len: fs::metadata(snapshot.path())?.len(),
    };

    let mut new = Beside::new(path).map_err(storage)?;
    let mac_key = MacKey::derive(key, &vault_id);
    write_backup_file(
        new.file(),
        header,
        &kf_bytes,
        snapshot.path(),
        &mac_key,
        progress,
    )
    .map_err(storage)?;
    new.sync().map_err(storage)?;
    // Checked again just before the rename (a plain rename: USB sticks' FAT has no
    // rename-without-replace).
    if path.exists() {
        return Err(Error::invalid(
            "file",
            "A file with this name appeared meanwhile; choose another name.",
        ));
    }
    let _ = files::sync_dir(&new.put(path, true).map_err(storage)?);
    drop(snapshot);
    // Read it back: a failing USB stick is found now, not on the day of the restore.
    if check_file_with_progress(path, progress).is_err() {
        let _ = fs::remove_file(path);
        return Err(Error::BackupNotSaved(StorageFailure(
            std::io::ErrorKind::InvalidData,
        )));
    }

    let bytes = header.body_len() + TRAILER_LEN;
    Ok(BackupSummary {
        path: path.to_string_lossy().into_owned(),
        file_name: name,
        bytes,
        taken_at: crate::clock::now_utc(),
    })
}

/// Remembers when the last backup was taken (in the transaction that logs it).
pub(crate) fn record(tx: &Transaction<'_>, summary: &BackupSummary) -> Result<()> {
    database::set_meta(tx, LAST_BACKUP_KEY, &summary.taken_at)
}

/// A new file in `folder` named after the date and time
/// (`haven-backup-2026-11-28-1405.havenbackup`, with `-2`, `-3`… if taken twice a minute).
pub(crate) fn folder_target(folder: &Path) -> Result<PathBuf> {
    if !folder.is_dir() {
        return Err(Error::invalid(
            "folder",
            "This folder does not exist or cannot be opened. Choose another one.",
        ));
    }
    let stamp = time::OffsetDateTime::now_utc();
    let base = format!(
        "haven-backup-{:04}-{:02}-{:02}-{:02}{:02}",
        stamp.year(),
        u8::from(stamp.month()),
        stamp.day(),
        stamp.hour(),
        stamp.minute()
    );
    let mut path = folder.join(format!("{base}.{EXTENSION}"));
    let mut n = 2;
    while path.exists() {
        path = folder.join(format!("{base}-{n}.{EXTENSION}"));
        n += 1;
    }
    Ok(path)
}

/// When the last backup was taken and whether one is due.
pub(crate) fn status(conn: &Connection) -> Result<BackupStatus> {
    let last = database::meta(conn, LAST_BACKUP_KEY)?;
    let days_since = last.as_deref().and_then(|at| {
        let at =
            time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339).ok()?;
        Some((time::OffsetDateTime::now_utc() - at).whole_days())
    });
    Ok(BackupStatus {
        due: days_since.is_none_or(|d| d >= REMINDER_DAYS),
        last_backup_at: last,
        days_since,
    })
}

/// The folder and the file name of a backup's path.
fn split_target(path: &Path) -> Result<(PathBuf, String)> {
    let name = path
        .file_name()
        .ok_or_else(|| Error::invalid("file", "Choose a file name for the backup."))?
        .to_string_lossy()
        .into_owned();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Error::invalid(
            "file",
            "The folder for the backup does not exist; choose another place.",
        ));
    }
    Ok((dir, name))
}
