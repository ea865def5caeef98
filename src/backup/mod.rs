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

mod file;
mod restore;
mod take;

pub use file::{check_file, Header};
pub use restore::{restore, restore_with_erasures, restore_with_progress};
pub(crate) use take::{folder_target, record, status, take};

use serde::Serialize;
use ts_rs::TS;

use crate::recovery::RecoveryKey;
use crate::secret::Passphrase;

/// The first eight bytes of every backup.
pub const MAGIC: &[u8; 8] = b"HAVENBAK";
/// The layout version this build writes and reads.
pub const FORMAT_VERSION: u16 = 1;
/// The file name ending the app gives backups.
pub const EXTENSION: &str = "havenbackup";
/// After this many days without a backup the app reminds the administrator.
pub const REMINDER_DAYS: i64 = 7;

pub(crate) const HEADER_LEN: u64 = 8 + 2 + 2 + 4 + 8;
pub(crate) const TRAILER_LEN: u64 = 32 + 32;
/// A key file is a few kilobytes; anything near this is not one.
pub(crate) const MAX_KEY_FILE: u32 = 1 << 20;
pub(crate) const LAST_BACKUP_KEY: &str = "last_backup_at";

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
    /// Checking every page of the vault before a backup (a damaged vault is not backed up).
    VaultCheck,
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
    /// Erasures of a register re-applied before the restored vault first opened.
    pub erasures_reapplied: u32,
}
