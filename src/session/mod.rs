//! An unlocked vault: the open database, the data key and the signed-in user. Dropping it (or
//! [`Session::lock`]) closes the database and wipes the key.
//!
//! The session is the top of the core: who is signed in ([`Session::user`]), what they may do
//! ([`Session::require`], checked first by every method), and the one write helper
//! ([`Session::write`]) that runs a user action in one transaction and appends its audit entry
//! in that same transaction. Its methods are the core's API, one file per area: `open` (the
//! ways into a vault), `cases`, `admin` (users, settings, the audit log), `report`, `backup`,
//! `rotation`. Each checks the permission, then hands the work to the domain module below
//! (`crate::cases`, `crate::report` …), which knows nothing of sessions.

mod admin;
mod backup;
mod cases;
mod consolidation;
mod ctdc;
mod exchange;
mod lifecycle;
mod open;
mod relay;
mod report;
mod rotation;

pub use crate::users::SignedInUser;
pub use rotation::{Rotation, RotationStep};

use rusqlite::{Connection, Transaction};
use serde::Serialize;
use ts_rs::TS;

use crate::audit::{self, Action, AuditKey, Note};
use crate::roles::{self, Permission, Role};
use crate::secret::DataKey;
use crate::vault::anchor::Anchor;
use crate::vault::keyfile::KeyFile;
use crate::vault::{database, KdfParams, Vault};
use crate::{Error, Result};

/// What the shells show about the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SessionInfo {
    /// The signed-in user's name.
    pub user_name: String,
    /// The signed-in user's roles.
    pub roles: Vec<Role>,
    /// What those roles allow, as the core enforces it: the screens show what this grants and
    /// nothing else.
    pub permissions: Vec<Permission>,
    /// Minutes of inactivity after which the vault locks itself.
    pub auto_lock_minutes: u32,
    /// The language the user chose, if any.
    pub language: Option<crate::preferences::Language>,
    /// Whether the key file was found changed outside Haven at unlock (an administrator
    /// repairs it; `Session::check` says more).
    pub key_file_changed: bool,
}

/// An unlocked vault.
pub struct Session {
    vault: Vault,
    /// The database file this session has open (it changes when the data key is rotated).
    database: String,
    /// The key file as last seen current (see `check_current`).
    key_file_stamp: std::cell::Cell<Option<FileStamp>>,
    /// The indicator report this session made last, with where the release ledger stood: the
    /// only one it saves, and only while the ledger has not moved.
    last_report: std::cell::RefCell<Option<(crate::report::IndicatorReport, (i64, i64))>>,
    conn: Connection,
    key: DataKey,
    audit_key: AuditKey,
    /// The integrity anchor of the open database, advanced after every durable commit.
    anchor: Anchor,
    /// Whether the key file's seal was broken at unlock (and not repaired since).
    key_file_changed: std::cell::Cell<bool>,
    /// The benchmark's switch to measure a write without the anchor (never set otherwise).
    anchor_paused: std::cell::Cell<bool>,
    /// Key-derivation cost for slots this session adds (that of the slot it was opened with).
    kdf: KdfParams,
    user: SignedInUser,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("user", &self.user.id)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// A session over a database opened some other way (the benchmarks' unencrypted twin).
    #[cfg(feature = "test-support")]
    pub(crate) fn from_connection(
        vault: Vault,
        conn: Connection,
        user: SignedInUser,
    ) -> Result<Self> {
        let key = DataKey::generate()?;
        let database = crate::vault::DATABASE_FILE.to_owned();
        let anchor = Anchor::new(vault.dir(), &database, &key, "benchmark");
        crate::audit::integrity::start(&conn, &anchor)?;
        let session = Self::new(
            vault,
            database,
            conn,
            key,
            "benchmark",
            KdfParams::FLOOR,
            user,
            anchor,
        );
        Ok(session)
    }

    /// A session over an open database; its audit chain's key is derived for `vault_id`.
    #[allow(clippy::too_many_arguments)]
    fn new(
        vault: Vault,
        database: String,
        conn: Connection,
        key: DataKey,
        vault_id: &str,
        kdf: KdfParams,
        user: SignedInUser,
        anchor: Anchor,
    ) -> Self {
        let audit_key = AuditKey::derive(&key, vault_id);
        Self {
            vault,
            database,
            key_file_stamp: Default::default(),
            last_report: Default::default(),
            conn,
            key,
            audit_key,
            anchor,
            key_file_changed: Default::default(),
            anchor_paused: Default::default(),
            kdf,
            user,
        }
    }

    /// The signed-in user.
    pub fn user(&self) -> &SignedInUser {
        &self.user
    }

    /// The vault this session has open.
    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    /// What the shells show about this session.
    pub fn info(&self) -> SessionInfo {
        SessionInfo {
            user_name: self.user.name.clone(),
            roles: self.user.roles.clone(),
            permissions: roles::granted(&self.user.roles, &self.user.grants),
            // A damaged setting falls back to the defaults rather than refusing the session.
            auto_lock_minutes: self
                .auto_lock_minutes()
                .unwrap_or(crate::auto_lock::DEFAULT_MINUTES),
            language: self.language().unwrap_or(None),
            key_file_changed: self.key_file_changed.get(),
        }
    }

    /// Fails with [`Error::Forbidden`] unless the user's roles grant `permission`.
    pub fn require(&self, permission: Permission) -> Result<()> {
        if self.may(permission) {
            Ok(())
        } else {
            Err(Error::Forbidden {
                action: permission.describe(),
            })
        }
    }

    /// Fails with [`Error::Forbidden`] (naming `otherwise`) unless the user's roles grant
    /// `first` or `otherwise`.
    pub(crate) fn require_either(&self, first: Permission, otherwise: Permission) -> Result<()> {
        if self.may(first) {
            Ok(())
        } else {
            self.require(otherwise)
        }
    }

    /// Whether the user's roles grant `permission`.
    pub fn may(&self, permission: Permission) -> bool {
        roles::allows(&self.user.roles, permission) || self.user.grants.contains(&permission)
    }

    /// Runs `f` in one transaction: all of it is written, or none. Every change to the vault
    /// goes through here, and here its audit entry is appended, in the same transaction: `f`
    /// names the case it touched (and any counts) in the [`Note`].
    pub(crate) fn write<T>(
        &mut self,
        action: Action,
        f: impl FnOnce(&Transaction<'_>, &mut Note) -> Result<T>,
    ) -> Result<T> {
        self.transaction(true, action, f)
    }

    /// [`Session::write`], or with `commit` false a dry run: `f` sees its own writes, then
    /// everything is rolled back (and nothing is logged, as nothing changed).
    pub(crate) fn transaction<T>(
        &mut self,
        commit: bool,
        action: Action,
        f: impl FnOnce(&Transaction<'_>, &mut Note) -> Result<T>,
    ) -> Result<T> {
        self.check_current()?;
        let tx = self.conn.transaction()?;
        let mut note = Note::default();
        let out = f(&tx, &mut note)?;
        if commit {
            let head = audit::append(
                &tx,
                &self.audit_key,
                Some(&self.user.id.to_string()),
                action,
                &note,
            )?;
            tx.commit()?;
            self.anchor_at(head);
        } else {
            tx.rollback()?;
        }
        Ok(out)
    }

    /// [`Session::write`] of a change to many cases at once (a purge of the cases due): `f`
    /// pushes one note per case, and each gets its own audit entry, in the same transaction.
    pub(crate) fn write_each<T>(
        &mut self,
        action: Action,
        f: impl FnOnce(&Transaction<'_>, &mut Vec<Note>) -> Result<T>,
    ) -> Result<T> {
        self.check_current()?;
        let tx = self.conn.transaction()?;
        let mut notes = Vec::new();
        let out = f(&tx, &mut notes)?;
        let user = self.user.id.to_string();
        let mut head = None;
        for note in &notes {
            head = Some(audit::append(
                &tx,
                &self.audit_key,
                Some(&user),
                action,
                note,
            )?);
        }
        tx.commit()?;
        if let Some(head) = head {
            self.anchor_at(head);
        }
        Ok(out)
    }

    /// Logs a read of identifying data (or a login or lock) before the data is handed out: no
    /// entry, no data.
    ///
    /// These entries are committed without waiting for the disk (`synchronous = NORMAL` in WAL
    /// mode): a crashed process loses none of them, a power cut may lose the last few, and the
    /// next change — committed with a full sync — makes them durable. Changes themselves are
    /// always committed with a full sync.
    ///
    /// The integrity anchor advances with durable commits only (it must never name a head a
    /// power cut could take from the database), so these entries are anchored by the next
    /// change, or at the latest by the lock, whose entry is committed durably.
    pub(crate) fn audit_read(&self, action: Action, note: Note) -> Result<()> {
        self.check_current()?;
        let durable = action == Action::Lock;
        database::set_durable(&self.conn, durable)?;
        let result = (|| -> Result<_> {
            let tx = self.conn.unchecked_transaction()?;
            let user = self.user.id.to_string();
            let head = audit::append(&tx, &self.audit_key, Some(&user), action, &note)?;
            tx.commit()?;
            Ok(head)
        })();
        database::set_durable(&self.conn, true)?;
        let head = result?;
        if durable {
            self.anchor_at(head);
        }
        Ok(())
    }

    /// Advances the integrity anchor to `head`, just committed durably. A failure here loses
    /// nothing: the commit stands, the anchor stays on an older head the database holds, and
    /// the next commit moves it on.
    fn anchor_at(&self, head: crate::vault::anchor::ChainHead) {
        if !self.anchor_paused.get() {
            let _ = self.anchor.advance(head);
        }
    }

    /// Pauses the integrity anchor (the next write after resuming catches it up), so the
    /// benchmark can measure what it costs a write.
    #[cfg(feature = "test-support")]
    #[doc(hidden)]
    pub fn pause_anchor_for_benchmark(&self, paused: bool) {
        self.anchor_paused.set(paused);
    }

    /// Appends `n` entries in one transaction, for the benchmark of `verify`.
    #[cfg(feature = "test-support")]
    #[doc(hidden)]
    pub fn append_audit_entries_for_benchmark(&mut self, n: u64) -> Result<()> {
        let tx = self.conn.transaction()?;
        let user = self.user.id.to_string();
        for i in 0..n {
            let note = Note {
                case: None,
                detail: Some(format!("benchmark entry {i}")),
            };
            audit::append(&tx, &self.audit_key, Some(&user), Action::CaseSearch, &note)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The connection, for reads.
    fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn data_key(&self) -> &DataKey {
        &self.key
    }

    pub(crate) fn slot_kdf(&self) -> KdfParams {
        self.kdf
    }

    /// Locks the vault: logs the lock, closes the database and wipes the key from memory.
    pub fn lock(self) {
        // Locking goes ahead even if the entry cannot be written (a full disk, say).
        let _ = self.audit_read(Action::Lock, Note::default());
        drop(self);
        crate::secret::wipe_stack();
    }

    /// Fails with [`Error::Rekeyed`] when an administrator rotated the data key since this
    /// session was opened: its database is the old one, and nothing may be written there.
    fn check_current(&self) -> Result<()> {
        #[cfg(feature = "test-support")]
        if !self.vault.exists() {
            return Ok(()); // the benchmarks' unencrypted twin has no key file
        }
        // The key file is only ever replaced by a rename, so an unchanged inode, size and
        // modification time mean an unchanged file: parse it only when one of them moved.
        let path = self.vault.key_file_path();
        let stamp = file_stamp(&std::fs::metadata(&path)?);
        if self.key_file_stamp.get() == Some(stamp) {
            return Ok(());
        }
        let kf = KeyFile::load(&path)?;
        if kf.database != self.database {
            return Err(Error::Rekeyed);
        }
        self.key_file_stamp.set(Some(stamp));
        Ok(())
    }

    /// The database file name this session has open.
    pub(crate) fn database_name(&self) -> &str {
        &self.database
    }

    pub(crate) fn audit_key(&self) -> &AuditKey {
        &self.audit_key
    }

    /// Reads every page of the database, checking each page's HMAC and SQLite's own structure.
    /// [`Error::Damaged`] when anything fails.
    pub fn check_integrity(&self) -> Result<()> {
        database::check_integrity(&self.conn, &self.database_path())
    }

    /// The database file this session has open.
    pub(crate) fn database_path(&self) -> std::path::PathBuf {
        self.vault.dir().join(&self.database)
    }

    pub(crate) fn anchor(&self) -> &Anchor {
        &self.anchor
    }

    /// The data key in the forms that could be left in memory — raw, and as the hex digits of
    /// SQLCipher's raw-key syntax in both cases — each byte XORed with `mask`, so the test that
    /// looks for them in the process's memory never holds the key itself.
    #[cfg(feature = "test-support")]
    #[doc(hidden)]
    pub fn masked_key_forms_for_test(&self, mask: u8) -> Vec<Vec<u8>> {
        let hex = self.key.raw_hex();
        vec![
            self.key.as_bytes().iter().map(|b| b ^ mask).collect(),
            hex.bytes().map(|b| b ^ mask).collect(),
            hex.bytes().map(|b| b.to_ascii_lowercase() ^ mask).collect(),
        ]
    }

    /// The open connection itself, for tests that play an attacker with the key.
    #[cfg(feature = "test-support")]
    #[doc(hidden)]
    pub fn raw_connection(&self) -> &Connection {
        &self.conn
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32> {
        database::schema_version(&self.conn)
    }
}

/// What identifies one version of a file: inode, size, modification time.
type FileStamp = (u64, u64, i128);

fn file_stamp(meta: &std::fs::Metadata) -> FileStamp {
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(meta);
    #[cfg(not(unix))]
    let inode = 0;
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128);
    (inode, meta.len(), modified)
}
