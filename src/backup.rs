//! Backups: the whole vault — a consistent snapshot of the database and the key file — in one
//! self-contained file, and the way back from it.
//!
//! A backup is taken while the vault is in use (the app may be open): SQLite's online backup
//! reads one consistent state of the database page by page, under the vault's lock so no
//! passphrase change or key rotation slips between the key file and the database. Nothing in
//! the file is readable without a key: the database pages stay encrypted under the data key, and
//! the key file holds only wrapped keys and salted lookups, as in the vault.
//!
//! The layout (all integers big-endian; see docs/formats/backup.md):
//!
//! ```text
//! "HAVENBAK" | version u16 = 1 | flags u16 = 0 | key file length u32 | database length u64
//! key file (JSON, as in the vault) | database (SQLCipher pages)
//! SHA-256 of all of the above | HMAC-SHA256 of all of the above and the SHA-256
//! ```
//!
//! The SHA-256 finds a truncated or damaged file before anyone is asked for a passphrase; the
//! HMAC, keyed from the data key, finds a deliberate edit (of the key file, say) once a slot has
//! been opened. A restore writes into an empty folder only, so it never overwrites anything.

use std::fs::{self, File};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::audit::{self, Action, AuditKey, Note};
use crate::error::StorageFailure;
use crate::recovery::RecoveryKey;
use crate::roles::Permission;
use crate::secret::{DataKey, Passphrase};
use crate::session::Session;
use crate::users::UserName;
use crate::vault::keyfile::{self, KeyFile, SlotKind};
use crate::vault::{database, Vault};
use crate::{Error, Result};

/// The first eight bytes of every backup.
pub const MAGIC: &[u8; 8] = b"HAVENBAK";
/// The layout version this build writes and reads.
pub const FORMAT_VERSION: u16 = 1;
/// The file name ending the app gives backups.
pub const EXTENSION: &str = "havenbackup";
/// After this many days without a backup the app reminds the administrator.
pub const REMINDER_DAYS: i64 = 7;

const HEADER_LEN: u64 = 8 + 2 + 2 + 4 + 8;
const TRAILER_LEN: u64 = 32 + 32;
/// A key file is a few kilobytes; anything near this is not one.
const MAX_KEY_FILE: u32 = 1 << 20;
/// Database pages copied per step of the online backup (16 KiB each: 16 MiB a step).
const PAGES_PER_STEP: i32 = 1024;
const LAST_BACKUP_KEY: &str = "last_backup_at";

/// How far a long backup or restore has come, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Progress {
    /// Which part is running.
    pub stage: Stage,
    /// Units done (pages or bytes) of `total`.
    #[ts(type = "number")]
    pub done: u64,
    /// All units of this stage.
    #[ts(type = "number")]
    pub total: u64,
}

/// The parts of a backup and a restore.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Stage {
    /// Taking the snapshot of the database.
    Snapshot,
    /// Writing the backup file.
    Writing,
    /// Checking the backup file's checksum.
    Checking,
    /// Writing the restored database.
    Restoring,
}

/// A backup that was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupSummary {
    /// Where it was written.
    pub path: String,
    /// Its file name alone (for "saved as …").
    pub file_name: String,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// When it was taken (RFC 3339, UTC).
    pub taken_at: String,
}

/// When the last backup was taken, and whether it is time for another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupStatus {
    /// When the last backup of this vault was taken (RFC 3339, UTC), if ever.
    pub last_backup_at: Option<String>,
    /// Whole days since then.
    #[ts(type = "number | null")]
    pub days_since: Option<i64>,
    /// No backup yet, or the last is older than [`REMINDER_DAYS`].
    pub due: bool,
}

/// What opens a backup: any user's passphrase, or the recovery key.
pub enum RestoreWith<'a> {
    /// A user of the backed-up vault and their passphrase (as it was when the backup was taken).
    Passphrase {
        /// The user name.
        user: &'a str,
        /// The passphrase.
        passphrase: &'a Passphrase,
    },
    /// The vault's recovery key (as it was when the backup was taken).
    RecoveryKey(&'a RecoveryKey),
}

/// A restore that completed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RestoreSummary {
    /// The restored vault's folder.
    pub vault: String,
    /// The database's size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Whether the restored audit log verifies from its first entry to its last.
    pub audit_intact: bool,
}

/// The fixed-size start of a backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Length of the key file that follows.
    pub key_file_len: u32,
    /// Length of the database that follows the key file.
    pub database_len: u64,
}

impl Header {
    fn to_bytes(self) -> [u8; HEADER_LEN as usize] {
        let mut b = [0u8; HEADER_LEN as usize];
        b[..8].copy_from_slice(MAGIC);
        b[8..10].copy_from_slice(&FORMAT_VERSION.to_be_bytes());
        b[12..16].copy_from_slice(&self.key_file_len.to_be_bytes());
        b[16..24].copy_from_slice(&self.database_len.to_be_bytes());
        b
    }

    /// Reads and checks a header; `file_len` is the whole file's length. Tells a file that is
    /// not a backup, one from a newer Haven, and one cut short apart.
    pub fn parse(bytes: &[u8], file_len: u64) -> Result<Self> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(Error::NotABackup);
        }
        if bytes.len() < HEADER_LEN as usize {
            return Err(Error::BackupTruncated);
        }
        let version = u16::from_be_bytes([bytes[8], bytes[9]]);
        let flags = u16::from_be_bytes([bytes[10], bytes[11]]);
        if version != FORMAT_VERSION {
            return Err(if version > FORMAT_VERSION {
                Error::BackupTooNew
            } else {
                Error::BackupDamaged
            });
        }
        if flags != 0 {
            return Err(Error::BackupDamaged);
        }
        let key_file_len = u32::from_be_bytes(bytes[12..16].try_into().expect("4 bytes"));
        let database_len = u64::from_be_bytes(bytes[16..24].try_into().expect("8 bytes"));
        if key_file_len == 0 || key_file_len > MAX_KEY_FILE || database_len == 0 {
            return Err(Error::BackupDamaged);
        }
        let expected = HEADER_LEN
            .checked_add(u64::from(key_file_len))
            .and_then(|n| n.checked_add(database_len))
            .and_then(|n| n.checked_add(TRAILER_LEN))
            .ok_or(Error::BackupDamaged)?;
        if file_len < expected {
            return Err(Error::BackupTruncated);
        }
        if file_len > expected {
            return Err(Error::BackupDamaged);
        }
        Ok(Self {
            key_file_len,
            database_len,
        })
    }

    fn body_len(self) -> u64 {
        HEADER_LEN + u64::from(self.key_file_len) + self.database_len
    }
}

/// The key of a backup's HMAC, derived from the data key.
struct MacKey(Zeroizing<[u8; 32]>);

impl MacKey {
    fn derive(data_key: &DataKey, vault_id: &Uuid) -> Self {
        let hk = Hkdf::<Sha256>::new(Some(vault_id.as_bytes()), data_key.as_bytes());
        let mut key = Zeroizing::new([0u8; 32]);
        hk.expand(b"haven backup v1", &mut *key)
            .expect("32 bytes is a valid HKDF length");
        Self(key)
    }

    fn hmac(&self) -> Hmac<Sha256> {
        <Hmac<Sha256> as Mac>::new_from_slice(&*self.0).expect("HMAC takes any key length")
    }
}

/// A file removed when dropped unless kept.
struct TempFile(Option<PathBuf>);

impl TempFile {
    fn path(&self) -> &Path {
        self.0.as_deref().expect("not yet kept")
    }

    fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut name = p.clone().into_os_string();
                name.push(suffix);
                let _ = fs::remove_file(name);
            }
        }
    }
}

fn storage(e: std::io::Error) -> Error {
    Error::BackupNotSaved(StorageFailure(e.kind()))
}

impl Session {
    /// (admin) Writes a backup of the whole vault to `path`, which must not exist yet. The app
    /// may be open meanwhile; the snapshot is one consistent state of the vault.
    pub fn backup(&mut self, path: &Path) -> Result<BackupSummary> {
        self.backup_with_progress(path, &mut |_| {})
    }

    /// [`Session::backup`] into `folder`, under a name of the date and time
    /// (`haven-backup-2026-11-28-1405.havenbackup`, with `-2`, `-3`… if taken twice a minute).
    pub fn backup_to_folder(
        &mut self,
        folder: &Path,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<BackupSummary> {
        self.require(Permission::Administer)?;
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
        self.backup_with_progress(&path, progress)
    }

    /// [`Session::backup`], telling `progress` how far it has come.
    pub fn backup_with_progress(
        &mut self,
        path: &Path,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<BackupSummary> {
        self.require(Permission::Administer)?;
        let (dir, name) = split_target(path)?;
        if path.exists() {
            return Err(Error::invalid(
                "file",
                "A file with this name is already there; choose another name, so no earlier backup is overwritten.",
            ));
        }
        let vault = self.vault().clone();
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
            if kf.database != self.database_name() {
                return Err(Error::Rekeyed);
            }
            self.snapshot_into(snapshot.path(), progress)?;
            (bytes, kf.vault_id)
        };
        let header = Header {
            key_file_len: u32::try_from(kf_bytes.len()).map_err(|_| Error::Damaged)?,
            database_len: fs::metadata(snapshot.path())?.len(),
        };

        let tmp = TempFile(Some(
            dir.join(format!(".{name}.{}.tmp", Uuid::now_v7().simple())),
        ));
        let mac_key = MacKey::derive(self.data_key(), &vault_id);
        write_backup_file(
            tmp.path(),
            header,
            &kf_bytes,
            snapshot.path(),
            &mac_key,
            progress,
        )
        .map_err(storage)?;
        if path.exists() {
            return Err(Error::invalid(
                "file",
                "A file with this name appeared meanwhile; choose another name.",
            ));
        }
        fs::rename(tmp.path(), path).map_err(storage)?;
        tmp.keep();
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        drop(snapshot);
        // Read it back: a failing USB stick is found now, not on the day of the restore.
        if check_file_with_progress(path, progress).is_err() {
            let _ = fs::remove_file(path);
            return Err(Error::BackupNotSaved(StorageFailure(
                std::io::ErrorKind::InvalidData,
            )));
        }

        let taken_at = crate::clock::now_utc();
        let bytes = header.body_len() + TRAILER_LEN;
        self.write(Action::Backup, |tx, note| {
            note.detail = Some(format!("{bytes} bytes"));
            database::set_meta(tx, LAST_BACKUP_KEY, &taken_at)
        })?;
        Ok(BackupSummary {
            path: path.to_string_lossy().into_owned(),
            file_name: name,
            bytes,
            taken_at,
        })
    }

    /// (admin) When the last backup was taken and whether one is due.
    pub fn backup_status(&self) -> Result<BackupStatus> {
        self.require(Permission::Administer)?;
        let last = database::meta(self.conn(), LAST_BACKUP_KEY)?;
        let days_since = last.as_deref().and_then(|at| {
            let at =
                time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
                    .ok()?;
            Some((time::OffsetDateTime::now_utc() - at).whole_days())
        });
        Ok(BackupStatus {
            due: days_since.is_none_or(|d| d >= REMINDER_DAYS),
            last_backup_at: last,
            days_since,
        })
    }

    /// Copies the open database into a new file at `path`, keyed with the same data key, with
    /// SQLite's online backup: one consistent state, while other connections go on writing.
    fn snapshot_into(&self, path: &Path, progress: &mut dyn FnMut(Progress)) -> Result<()> {
        let mut dest = database::open(path, self.data_key(), true)?;
        // The snapshot's pages go straight to its file: no page cache beside the session's.
        dest.execute_batch("PRAGMA cache_size = -2048;")?;
        {
            let backup = rusqlite::backup::Backup::new(self.conn(), &mut dest)?;
            loop {
                let step = backup.step(PAGES_PER_STEP)?;
                let p = backup.progress();
                let total = u64::try_from(p.pagecount).unwrap_or(0);
                let left = u64::try_from(p.remaining).unwrap_or(0);
                progress(Progress {
                    stage: Stage::Snapshot,
                    done: total.saturating_sub(left),
                    total,
                });
                match step {
                    rusqlite::backup::StepResult::Done => break,
                    rusqlite::backup::StepResult::More => {}
                    // Another connection holds a lock for a moment: wait and go on.
                    _ => std::thread::sleep(std::time::Duration::from_millis(20)),
                }
            }
        }
        // Fold the WAL into the file, so the file alone is the whole database.
        dest.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
        drop(dest);
        File::open(path)?.sync_all()?;
        Ok(())
    }
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

fn write_backup_file(
    path: &Path,
    header: Header,
    key_file: &[u8],
    snapshot: &Path,
    mac_key: &MacKey,
    progress: &mut dyn FnMut(Progress),
) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, keyfile::create_private(path)?);
    let mut sha = Sha256::new();
    let mut mac = mac_key.hmac();
    let mut put = |out: &mut BufWriter<File>, bytes: &[u8]| -> std::io::Result<()> {
        sha.update(bytes);
        mac.update(bytes);
        out.write_all(bytes)
    };
    put(&mut out, &header.to_bytes())?;
    put(&mut out, key_file)?;
    let whole = stream(
        File::open(snapshot)?,
        header.database_len,
        Stage::Writing,
        progress,
        |chunk| put(&mut out, chunk),
    )?;
    if !whole {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    let digest = sha.finalize();
    mac.update(&digest);
    out.write_all(&digest)?;
    out.write_all(&mac.finalize().into_bytes())?;
    let f = out.into_inner().map_err(|e| e.into_error())?;
    f.sync_all()
}

/// Checks a backup without any key: that it is a Haven backup of a version this build reads,
/// whole, and unchanged since it was written (its checksum). Returns its header.
pub fn check_file(file: &Path) -> Result<Header> {
    check_file_with_progress(file, &mut |_| {})
}

fn check_file_with_progress(file: &Path, progress: &mut dyn FnMut(Progress)) -> Result<Header> {
    let mut f = open_backup(file)?;
    let len = f.metadata()?.len();
    let mut head = Vec::with_capacity(HEADER_LEN as usize);
    (&mut f).take(HEADER_LEN).read_to_end(&mut head)?;
    let header = Header::parse(&head, len)?;
    f.seek(SeekFrom::Start(0))?;
    let mut sha = Sha256::new();
    let whole = stream(
        &mut f,
        header.body_len(),
        Stage::Checking,
        progress,
        |chunk| {
            sha.update(chunk);
            Ok(())
        },
    )?;
    if !whole {
        return Err(Error::BackupTruncated);
    }
    let mut stored = [0u8; 32];
    f.read_exact(&mut stored)
        .map_err(|_| Error::BackupTruncated)?;
    if sha.finalize().as_slice() != stored {
        return Err(Error::BackupDamaged);
    }
    Ok(header)
}

/// Reads `len` bytes of `reader` a megabyte at a time, hands each piece to `each` and tells
/// `progress` how far `stage` has come. `Ok(false)` when the reader ends before `len` bytes.
fn stream(
    reader: impl Read,
    len: u64,
    stage: Stage,
    progress: &mut dyn FnMut(Progress),
    mut each: impl FnMut(&[u8]) -> std::io::Result<()>,
) -> std::io::Result<bool> {
    let mut reader = reader.take(len);
    let mut buf = vec![0u8; 1 << 20];
    let mut done = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            return Ok(done == len);
        }
        each(&buf[..n])?;
        done += n as u64;
        progress(Progress {
            stage,
            done,
            total: len,
        });
    }
}

fn open_backup(file: &Path) -> Result<File> {
    match File::open(file) {
        Ok(f) if f.metadata().is_ok_and(|m| m.is_file()) => Ok(f),
        Ok(_) => Err(Error::NotABackup),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::invalid(
            "file",
            "There is no file at this place; choose the backup file.",
        )),
        Err(e) => Err(e.into()),
    }
}

/// Restores the backup `file` into `vault`, whose folder must not hold a vault yet (nothing is
/// ever overwritten). `with` opens it: any user's passphrase or the recovery key of the
/// backed-up vault. Afterwards every user unlocks the restored vault as before.
pub fn restore(file: &Path, vault: &Vault, with: RestoreWith<'_>) -> Result<RestoreSummary> {
    restore_with_progress(file, vault, with, &mut |_| {})
}

/// [`restore`], telling `progress` how far it has come.
pub fn restore_with_progress(
    file: &Path,
    vault: &Vault,
    with: RestoreWith<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<RestoreSummary> {
    check_target(vault)?;
    let header = check_file_with_progress(file, progress)?;

    let mut f = open_backup(file)?;
    f.seek(SeekFrom::Start(HEADER_LEN))?;
    let mut kf_bytes = vec![0u8; header.key_file_len as usize];
    f.read_exact(&mut kf_bytes)
        .map_err(|_| Error::BackupTruncated)?;
    let kf = KeyFile::parse(&kf_bytes).map_err(|_| Error::BackupDamaged)?;
    if !keyfile::is_database_name(&kf.database) {
        return Err(Error::BackupDamaged);
    }
    let (key, user) = open_with(&kf, with)?;

    // The MAC over the whole body, then the database bytes into a file of the new vault.
    let mac_key = MacKey::derive(&key, &kf.vault_id);
    let mut mac = mac_key.hmac();
    mac.update(&header.to_bytes());
    mac.update(&kf_bytes);

    crate::vault::create_private_dir(vault.dir())?;
    let _guard = vault.lock_for_key_file()?;
    check_target(vault)?;
    let restoring = TempFile(Some(
        vault
            .dir()
            .join(format!("restore-{}.partial", Uuid::now_v7().simple())),
    ));
    remove_leftovers(vault.dir(), "restore-", ".partial", restoring.path());
    {
        let mut out = BufWriter::with_capacity(1 << 20, keyfile::create_private(restoring.path())?);
        let whole = stream(
            &mut f,
            header.database_len,
            Stage::Restoring,
            progress,
            |chunk| {
                mac.update(chunk);
                out.write_all(chunk)
            },
        )?;
        if !whole {
            return Err(Error::BackupTruncated);
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    }
    let mut trailer = [0u8; 64];
    f.read_exact(&mut trailer)
        .map_err(|_| Error::BackupTruncated)?;
    mac.update(&trailer[..32]);
    if mac.verify_slice(&trailer[32..]).is_err() {
        return Err(Error::BackupDamaged);
    }

    // The database must open under the key, be whole, belong to this key file and be of a
    // schema this build knows.
    let audit_intact = {
        let conn = database::open(restoring.path(), &key, false).map_err(damaged)?;
        let vault_id = database::meta(&conn, "vault_id").map_err(|_| Error::BackupDamaged)?;
        if vault_id.as_deref() != Some(kf.vault_id.to_string().as_str()) {
            return Err(Error::BackupDamaged);
        }
        if database::schema_version(&conn)? > database::SCHEMA_VERSION {
            return Err(Error::TooNew);
        }
        let cipher_failures = conn
            .prepare("PRAGMA cipher_integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .count();
        let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if cipher_failures > 0 || verdict != "ok" {
            return Err(Error::BackupDamaged);
        }
        let audit_key = AuditKey::derive(&key, &kf.vault_id.to_string());
        let intact = audit::verify(&conn, &audit_key, None)?.is_intact();
        let user_id = match &user {
            Some(name) => crate::users::find_active(&conn, name)?.map(|u| u.id.to_string()),
            None => None,
        };
        let tx = conn.unchecked_transaction()?;
        audit::append(
            &tx,
            &audit_key,
            user_id.as_deref(),
            Action::Restore,
            &Note {
                case: None,
                detail: Some(if intact {
                    "restored from a backup".into()
                } else {
                    "restored from a backup; its audit log does not verify".into()
                }),
            },
        )?;
        tx.commit()?;
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        intact
    };
    File::open(restoring.path())?.sync_all()?;

    // The database goes in under its name, then the key file: the key file is what makes the
    // folder a vault, so it comes last.
    let db_path = vault.dir().join(&kf.database);
    fs::rename(restoring.path(), &db_path)?;
    restoring.keep();
    if let Err(e) = kf.save(&vault.key_file_path(), &mut |_| Ok(())) {
        vault.remove_database_files(&kf.database);
        return Err(e);
    }
    Ok(RestoreSummary {
        vault: vault.dir().to_string_lossy().into_owned(),
        bytes: header.database_len,
        audit_intact,
    })
}

/// Removes the files in `dir` named `prefix…suffix` (with their journal and WAL files) other
/// than `keep`: what a backup or restore killed half-way left behind. Callers hold the vault's
/// lock, under which such files are made.
fn remove_leftovers(dir: &Path, prefix: &str, suffix: &str, keep: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let base = ["-wal", "-shm", "-journal"]
            .iter()
            .find_map(|s| name.strip_suffix(s))
            .unwrap_or(&name);
        if base.starts_with(prefix) && base.ends_with(suffix) && entry.path() != keep {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// A restore goes into a folder without a vault, so it never overwrites one.
fn check_target(vault: &Vault) -> Result<()> {
    if vault.exists()
        || vault
            .check_exists()
            .is_err_and(|e| matches!(e, Error::KeyFileMissing))
    {
        return Err(Error::RestoreTargetNotEmpty);
    }
    Ok(())
}

/// A database that fails to open under a key its slot gave is damaged, whatever SQLite says.
fn damaged(e: Error) -> Error {
    match e {
        Error::Damaged | Error::Database(_) => Error::BackupDamaged,
        e => e,
    }
}

/// Opens a slot of the backup's key file: the data key, and the user name when a user's
/// passphrase opened it.
fn open_with(kf: &KeyFile, with: RestoreWith<'_>) -> Result<(DataKey, Option<UserName>)> {
    match with {
        RestoreWith::Passphrase { user, passphrase } => {
            let name = UserName::parse(user, "userName").ok();
            if let Some(name) = name {
                let lookup = kf.user_lookup(name.key());
                for slot in kf
                    .slots_for(&lookup)
                    .filter(|s| s.kind == SlotKind::Passphrase)
                {
                    if let Some(key) = kf.open_slot(slot, passphrase.expose().as_bytes())? {
                        return Ok((key, Some(name)));
                    }
                }
            }
            Err(Error::WrongCredentials)
        }
        RestoreWith::RecoveryKey(recovery) => {
            for slot in kf.slots.iter().filter(|s| s.kind == SlotKind::Recovery) {
                if let Some(key) = kf.open_slot(slot, recovery.secret())? {
                    return Ok((key, None));
                }
            }
            Err(Error::WrongRecoveryKey)
        }
    }
}
