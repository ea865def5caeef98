//! An unlocked vault: the open database, the data key and the signed-in user. Dropping it (or
//! [`Session::lock`]) closes the database and wipes the key.

use rusqlite::{Connection, Transaction};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::audit::{self, Action, AuditKey, Note};
use crate::roles::{self, Permission, Role};
use crate::secret::DataKey;
use crate::users::UserName;
use crate::vault::keyfile::KeyFile;
use crate::vault::{database, KdfParams, Vault};
use crate::{Error, Result};

/// The `vault_meta` key under which the mark of the failed logins last logged is kept.
const FAILED_LOGINS_LOGGED: &str = "failed_logins_logged";

/// The signed-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedInUser {
    /// The user's id.
    pub id: Uuid,
    /// The user name as it was written when the user was added.
    pub name: String,
    /// The user's roles, in [`Role::ALL`] order.
    pub roles: Vec<Role>,
}

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
}

/// An unlocked vault.
pub struct Session {
    vault: Vault,
    /// The database file this session has open (it changes when the data key is rotated).
    database: String,
    /// The key file as last seen current (see `check_current`).
    key_file_stamp: std::cell::Cell<Option<FileStamp>>,
    conn: Connection,
    key: DataKey,
    audit_key: AuditKey,
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
    pub(crate) fn open(
        vault: Vault,
        kf: &KeyFile,
        key: DataKey,
        kdf: KdfParams,
        name: &UserName,
    ) -> Result<Self> {
        let mut conn = database::open(&vault.dir().join(&kf.database), &key, false)?;
        database::migrate(&mut conn)?;
        let stored_id = database::meta(&conn, "vault_id")?;
        if stored_id.as_deref() != Some(kf.vault_id.to_string().as_str()) {
            return Err(Error::Damaged);
        }
        // A slot can outlive its user only if a removal crashed half-way; it opens nothing.
        let user = crate::users::find_active(&conn, name)?.ok_or(Error::WrongCredentials)?;
        let audit_key = AuditKey::derive(&key, &kf.vault_id.to_string());
        let database = kf.database.clone();
        let session = Self {
            vault,
            database,
            key_file_stamp: Default::default(),
            conn,
            key,
            audit_key,
            kdf,
            user,
        };
        session.audit_read(Action::Login, Note::default())?;
        session.take_failed_logins(kf)?;
        Ok(session)
    }

    /// A session over a database opened some other way (the benchmarks' unencrypted twin).
    #[cfg(feature = "test-support")]
    pub(crate) fn from_connection(
        vault: Vault,
        conn: Connection,
        user: SignedInUser,
    ) -> Result<Self> {
        let key = DataKey::generate()?;
        let audit_key = AuditKey::derive(&key, "benchmark");
        let database = crate::vault::DATABASE_FILE.to_owned();
        Ok(Self {
            vault,
            database,
            key_file_stamp: Default::default(),
            conn,
            key,
            audit_key,
            kdf: KdfParams::FLOOR,
            user,
        })
    }

    /// Moves the failed logins recorded while the vault was locked into the audit log, and
    /// gives a key file from before that feature its events key. The file of sealed attempts
    /// is removed only once their entries are committed, with a mark of what was logged (see
    /// `failed_logins`): a crash at any point loses no attempt and logs none twice.
    pub(crate) fn take_failed_logins(&self, kf: &KeyFile) -> Result<()> {
        use crate::vault::failed_logins;
        let vault_id = kf.vault_id.to_string();
        let _guard = crate::vault::lock::DirLock::acquire(self.vault.dir())?;
        if kf.events_key.is_none() {
            let mut fresh = KeyFile::load(&self.vault.key_file_path())?;
            if fresh.events_key.is_none() && fresh.database == self.database {
                fresh.events_key = Some(failed_logins::public_key(&self.key, &vault_id));
                fresh.save(&self.vault.key_file_path(), &mut |_| Ok(()))?;
            }
        }
        let secret = failed_logins::secret_key(&self.key, &vault_id);
        let logged = database::meta(&self.conn, FAILED_LOGINS_LOGGED)?;
        let Some(pending) = failed_logins::read(&self.vault, &secret, logged.as_deref())? else {
            return Ok(());
        };
        let (events, unreadable) = (pending.events, pending.unreadable);
        if events.is_empty() && unreadable == 0 {
            return failed_logins::remove(&self.vault);
        }
        // Whose account each attempt named, by the lookup hash of every user name.
        let mut stmt = self.conn.prepare("SELECT id, name_key FROM users")?;
        let users = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let by_lookup: std::collections::HashMap<String, String> = users
            .into_iter()
            .map(|(id, key)| (base64_lookup(&kf.user_lookup(&key)), id))
            .collect();
        let tx = self.conn.unchecked_transaction()?;
        for e in &events {
            let user = e.lookup.as_ref().and_then(|l| by_lookup.get(l));
            let detail = match user {
                Some(_) => format!("wrong passphrase, at {}", e.at),
                None => format!("unknown user name, at {}", e.at),
            };
            let note = Note {
                case: None,
                detail: Some(detail),
            };
            audit::append(
                &tx,
                &self.audit_key,
                user.map(String::as_str),
                Action::LoginFailed,
                &note,
            )?;
        }
        if unreadable > 0 {
            let note = Note {
                case: None,
                detail: Some(format!("{unreadable} failed logins could not be read")),
            };
            audit::append(&tx, &self.audit_key, None, Action::LoginFailed, &note)?;
        }
        database::set_meta(&tx, FAILED_LOGINS_LOGGED, &pending.mark)?;
        tx.commit()?;
        failed_logins::remove(&self.vault)
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
            permissions: roles::granted(&self.user.roles),
            // A damaged setting falls back to the defaults rather than refusing the session.
            auto_lock_minutes: self
                .auto_lock_minutes()
                .unwrap_or(crate::auto_lock::DEFAULT_MINUTES),
            language: self.language().unwrap_or(None),
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

    /// Whether the user's roles grant `permission`.
    pub fn may(&self, permission: Permission) -> bool {
        roles::allows(&self.user.roles, permission)
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
            audit::append(
                &tx,
                &self.audit_key,
                Some(&self.user.id.to_string()),
                action,
                &note,
            )?;
            tx.commit()?;
        } else {
            tx.rollback()?;
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
    pub(crate) fn audit_read(&self, action: Action, note: Note) -> Result<()> {
        self.check_current()?;
        self.conn.execute_batch("PRAGMA synchronous = NORMAL;")?;
        let result = (|| {
            let tx = self.conn.unchecked_transaction()?;
            let user = self.user.id.to_string();
            audit::append(&tx, &self.audit_key, Some(&user), action, &note)?;
            tx.commit()?;
            Ok(())
        })();
        self.conn.execute_batch("PRAGMA synchronous = FULL;")?;
        result
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
    pub(crate) fn conn(&self) -> &Connection {
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
        let mut stmt = self.conn.prepare("PRAGMA cipher_integrity_check")?;
        let failures = stmt.query_map([], |r| r.get::<_, String>(0))?.count();
        if failures > 0 {
            return Err(Error::Damaged);
        }
        let verdict: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if verdict != "ok" {
            return Err(Error::Damaged);
        }
        Ok(())
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

fn base64_lookup(lookup: &[u8; 32]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(lookup)
}
