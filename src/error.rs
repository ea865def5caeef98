//! The core's one error type. Every message is written for the person using Haven: it says what
//! happened and what to do, and it never carries a name, a passphrase, a path or SQL.

use serde::Serialize;
use ts_rs::TS;

/// What went wrong, as the shells need to know it: the CLI maps it to an exit code, the desktop
/// app sends it across IPC and the UI branches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The user name or passphrase is wrong (never says which).
    WrongCredentials,
    /// There is no vault at the chosen location.
    NoVault,
    /// A vault already exists where one was to be created.
    VaultExists,
    /// The vault's files were damaged or edited.
    Damaged,
    /// The user's roles do not allow the action.
    Forbidden,
    /// The input is invalid; `field` says which.
    Invalid,
    /// A new passphrase is too weak.
    WeakPassphrase,
    /// The vault is locked; unlock first.
    Locked,
    /// The thing asked for does not exist.
    NotFound,
    /// The vault's files could not be read or written.
    Storage,
    /// A backup file cannot be restored: not a backup, cut short, damaged or edited.
    BadBackup,
    /// No valid consent covers this sharing (lifecycle.md); nothing was written.
    ConsentRequired,
    /// A referral packet or agency card was refused (`field` says why); nothing was written.
    PacketRefused,
    /// The relay could not be reached; nothing was sent or received.
    RelayUnreachable,
    /// The relay answered but refused (`field` says why: `credentials`, `notSetUp`,
    /// `permission`, `server`).
    RelayRefused,
    /// Anything else (a bug or an unexpected state).
    Internal,
}

/// The result type of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Every failure the core reports.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Wrong user name or passphrase. One message for both, after the full key-derivation cost.
    #[error("The user name or passphrase is wrong.")]
    WrongCredentials,

    /// Nothing to open at the chosen location.
    #[error("There is no Haven vault at this location. Create one first, or choose the folder that holds it.")]
    NoVault,

    /// Creating a vault where one exists.
    #[error("A Haven vault already exists at this location; it was left untouched.")]
    VaultExists,

    /// A database file without the key file that opens it.
    #[error("This folder holds a vault database but not its key file. Put the key file back from a backup, or move the folder away to start a new vault.")]
    KeyFileMissing,

    /// The database or key file fails its integrity checks.
    #[error("The vault is damaged or has been tampered with; it cannot be opened. Restore it from a backup.")]
    Damaged,

    /// The database lacks the audit head its integrity anchor names: committed changes are gone.
    #[error("Changes that were saved are missing from this vault: its log file was lost or damaged, or its database was replaced by an older copy. Haven did not open it, so nothing more is lost. Restore the last backup, and keep this folder as it is for your administrator.")]
    ChangesMissing,

    /// The anchor file of a vault that had one is gone.
    #[error("This vault's integrity record (the .anchor file beside its database) is missing, so Haven cannot tell whether saved changes were lost, and did not open it. Put the file back if it was moved, or restore the last backup.")]
    AnchorMissing,

    /// The anchor file is damaged or was edited.
    #[error("This vault's integrity record (the .anchor file beside its database) is damaged or was edited, so Haven cannot tell whether saved changes were lost, and did not open it. Restore the last backup.")]
    AnchorDamaged,

    /// A backup refused because the vault is damaged: it would not restore.
    #[error("No backup was taken because the vault is damaged: {0}. Nothing was left behind. Keep your last backup safe; `haven check` (or Check the vault, in Administration) lists everything it found.")]
    DamagedNoBackup(crate::integrity::Finding),

    /// A key slot asks for key-derivation work outside what Haven writes (below the floor or
    /// above the ceiling of `KdfParams`): someone edited it. Refused before any derivation.
    #[error("The vault's key file is damaged or has been tampered with (a key slot holds key-derivation parameters Haven never writes); it cannot be opened.")]
    WeakKeySlot,

    /// The vault was made by a newer Haven with a schema this build does not know.
    #[error("This vault was made by a newer version of Haven. Update Haven to open it.")]
    TooNew,

    /// The SQLite library in this build is not SQLCipher: refuse rather than write plaintext.
    #[error("This build of Haven lacks its encryption library and will not open the vault.")]
    EncryptionUnavailable,

    /// The user's roles do not allow this.
    #[error("Your roles do not allow you to {action}.")]
    Forbidden {
        /// What was attempted, in words ("manage users").
        action: &'static str,
    },

    /// Bad input: `field` names the input, `message` says what is expected.
    #[error("{message}")]
    Invalid {
        /// The input at fault, in the shells' terms (`userName`, `passphrase`, …).
        field: &'static str,
        /// What is wrong and what is expected.
        message: String,
    },

    /// Input with one or more problems, each with its place (line, field path); nothing was
    /// written.
    #[error("{}", problems_summary(.0))]
    Problems(Vec<Problem>),

    /// A new passphrase was refused by the passphrase policy.
    #[error("{reason}")]
    WeakPassphrase {
        /// The input at fault (`passphrase` or `newPassphrase`).
        field: &'static str,
        /// Why it was refused and how to pick a better one.
        reason: String,
    },

    /// No case with that code.
    #[error("There is no case with this code.")]
    NoSuchCase,

    /// A referral the consent gate refused: no valid consent to referrals covers the
    /// organization on the referral's date. Nothing was written.
    #[error("No valid consent to referrals covers {organization} on {date}, so the referral was not recorded. Record the person's consent to be referred there (or renew the one that expired), or, where the law allows sharing without it (danger to life, a court order), refer with an override and its reason.")]
    ConsentRequired {
        /// The receiving organization's name (an organization, never a person).
        organization: String,
        /// The referral's date.
        date: crate::records::CivilDate,
    },

    /// A change to a case whose identity was erased.
    #[error("This case was erased: its identity and narratives are gone for good and it can no longer be changed. Its counts stay in the reports.")]
    CaseErased,

    /// The recovery key does not open this vault.
    #[error("The recovery key is wrong, or it was replaced by a newer one.")]
    WrongRecoveryKey,

    /// No user by that name (administration only; unlock never says this).
    #[error("There is no user by that name.")]
    NoSuchUser,

    /// The change would leave the vault without an administrator.
    #[error("This would leave the vault without an administrator; give another user the admin role first.")]
    LastAdmin,

    /// The vault is locked.
    #[error("The vault is locked. Unlock it to go on.")]
    Locked,

    /// An administrator rotated the data key while this session was open.
    #[error("An administrator re-keyed the vault; unlock it again to go on.")]
    Rekeyed,

    /// The audit log fails verification, so it will not be carried over to a new key.
    #[error("The audit log does not verify; the vault was not re-keyed. Run `haven audit verify` and restore from a backup.")]
    AuditBroken,

    /// Reading or writing the vault's files failed.
    #[error("Haven could not read or write the vault's files ({0}). Check the disk and its permissions.")]
    Storage(StorageFailure),

    /// A report could not be written where the user asked.
    #[error(
        "The report could not be saved there ({0}). Choose another folder, or check the disk."
    )]
    ReportNotSaved(StorageFailure),

    /// A copy of a document could not be written where the user asked.
    #[error("The copy could not be saved there ({0}). Choose another folder, or check the disk.")]
    CopyNotSaved(StorageFailure),

    /// A packet or an agency card could not be written where the user asked.
    #[error("The file could not be saved there ({0}); nothing was recorded. Choose another folder, or check the disk or USB stick.")]
    PacketNotSaved(StorageFailure),

    /// A backup could not be written where the user asked.
    #[error("The backup could not be written there ({0}); nothing was left behind. Check that the disk or USB stick is plugged in and has room, or choose another place.")]
    BackupNotSaved(StorageFailure),

    /// The file chosen for a restore is not a Haven backup.
    #[error(
        "This file is not a Haven backup. Choose a file ending in .havenbackup made by Haven."
    )]
    NotABackup,

    /// A backup file ends before its end: the copy was cut short.
    #[error("This backup file is incomplete (it was cut short, perhaps while copying). Nothing was restored; use another copy of the backup.")]
    BackupTruncated,

    /// A backup file fails its checksum or its authentication.
    #[error("This backup file is damaged or has been changed since it was made. Nothing was restored; use another copy of the backup.")]
    BackupDamaged,

    /// A backup written by a newer Haven.
    #[error("This backup was made by a newer version of Haven. Update Haven to restore it.")]
    BackupTooNew,

    /// A restore into a folder that already holds a vault.
    #[error("A vault is already in this folder, and a restore never overwrites one. Restore into an empty folder, or move the existing vault away first.")]
    RestoreTargetNotEmpty,

    /// The XLSX writer failed (it never should: the report is small and well formed).
    #[error("The workbook could not be made; nothing was written. Export the report as CSV or JSON instead.")]
    Workbook,

    /// A referral packet or an agency card was refused; nothing was written.
    #[error("{0}")]
    PacketRefused(crate::packet::Refusal),

    /// The relay (PostgreSQL) could not be reached.
    #[error("The relay could not be reached ({0}). Nothing was sent or received: the packets stay in the outbox. Check the network and the relay's address, then try again.")]
    RelayUnreachable(&'static str),

    /// The relay answered, and refused.
    #[error("{}", .0.message())]
    RelayRefused(crate::relay::refused::Refused),

    /// An unexpected database failure. The SQL and values stay in `Debug` only.
    #[error("An unexpected database error occurred; nothing was changed.")]
    Database(#[source] rusqlite::Error),
}

/// One thing wrong with some input: where (line of a file, field path) and what was expected.
/// Never quotes the value itself, which may identify someone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Problem {
    /// The line of the input file, counted from 1, if the input is a file.
    #[ts(type = "number | null")]
    pub line: Option<u64>,
    /// The field, as `person.sex` or `allowances[0].currency`; empty for the whole line.
    pub path: String,
    /// What is wrong and what is expected.
    pub message: String,
}

impl Problem {
    /// A problem at `path` of the record on `line`.
    pub fn at(line: u64, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            path: path.into(),
            message: message.into(),
        }
    }

    /// A problem at `path` of a record that is not from a file.
    pub fn field(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            line: None,
            path: path.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

fn problems_summary(problems: &[Problem]) -> String {
    match problems {
        [] => "The input is invalid; nothing was written.".into(),
        [one] => format!("{one}. Nothing was written."),
        [first, ..] => format!(
            "{} problems, the first: {first}. Nothing was written.",
            problems.len()
        ),
    }
}

/// The kind of an I/O failure, without the path or the OS text (which may name a user's folder).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StorageFailure(pub std::io::ErrorKind);

impl std::fmt::Display for StorageFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::io::ErrorKind as K;
        let what = match self.0 {
            K::NotFound => "a file is missing",
            K::PermissionDenied => "permission denied",
            K::AlreadyExists => "a file already exists",
            K::StorageFull => "the disk is full",
            K::ReadOnlyFilesystem => "the disk is read-only",
            K::UnexpectedEof => "a file ends too early",
            K::InvalidData => "what was written did not read back the same",
            _ => "input/output error",
        };
        f.write_str(what)
    }
}

impl Error {
    /// The kind the shells branch on.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::WrongCredentials | Error::WrongRecoveryKey => ErrorKind::WrongCredentials,
            Error::NoVault => ErrorKind::NoVault,
            Error::VaultExists | Error::KeyFileMissing => ErrorKind::VaultExists,
            Error::Damaged | Error::WeakKeySlot | Error::TooNew => ErrorKind::Damaged,
            Error::Forbidden { .. } => ErrorKind::Forbidden,
            Error::Invalid { .. } | Error::LastAdmin | Error::Problems(_) => ErrorKind::Invalid,
            Error::WeakPassphrase { .. } => ErrorKind::WeakPassphrase,
            Error::NoSuchUser | Error::NoSuchCase => ErrorKind::NotFound,
            Error::ConsentRequired { .. } => ErrorKind::ConsentRequired,
            Error::CaseErased => ErrorKind::Invalid,
            Error::Locked | Error::Rekeyed => ErrorKind::Locked,
            Error::AuditBroken
            | Error::ChangesMissing
            | Error::AnchorMissing
            | Error::AnchorDamaged
            | Error::DamagedNoBackup(_) => ErrorKind::Damaged,
            Error::Storage(_)
            | Error::ReportNotSaved(_)
            | Error::CopyNotSaved(_)
            | Error::PacketNotSaved(_)
            | Error::BackupNotSaved(_) => ErrorKind::Storage,
            Error::NotABackup
            | Error::BackupTruncated
            | Error::BackupDamaged
            | Error::BackupTooNew => ErrorKind::BadBackup,
            Error::RestoreTargetNotEmpty => ErrorKind::VaultExists,
            Error::PacketRefused(_) => ErrorKind::PacketRefused,
            Error::RelayUnreachable(_) => ErrorKind::RelayUnreachable,
            Error::RelayRefused(_) => ErrorKind::RelayRefused,
            Error::EncryptionUnavailable | Error::Database(_) | Error::Workbook => {
                ErrorKind::Internal
            }
        }
    }

    /// The input at fault, when there is one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Invalid { field, .. } | Error::WeakPassphrase { field, .. } => Some(field),
            Error::PacketRefused(refusal) => Some(refusal.as_str()),
            Error::RelayRefused(why) => Some(why.as_str()),
            _ => None,
        }
    }

    /// Shorthand for an [`Error::Invalid`].
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid {
            field,
            message: message.into(),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Storage(StorageFailure(e.kind()))
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        match e.sqlite_error_code() {
            // The key has been verified by the key slot's AEAD before the database is opened, so
            // a page that fails SQLCipher's HMAC, or a malformed page, means damage or tampering.
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => Error::Damaged,
            Some(ErrorCode::DiskFull) => {
                Error::Storage(StorageFailure(std::io::ErrorKind::StorageFull))
            }
            Some(ErrorCode::ReadOnly) => {
                Error::Storage(StorageFailure(std::io::ErrorKind::ReadOnlyFilesystem))
            }
            Some(ErrorCode::PermissionDenied | ErrorCode::CannotOpen) => {
                Error::Storage(StorageFailure(std::io::ErrorKind::PermissionDenied))
            }
            Some(ErrorCode::SystemIoFailure) => {
                Error::Storage(StorageFailure(std::io::ErrorKind::Other))
            }
            _ => Error::Database(e),
        }
    }
}
