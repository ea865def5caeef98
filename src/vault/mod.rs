//! The vault: one directory holding the encrypted database and the key file that opens it.
//!
//! Creating a vault, unlocking it (which yields a [`Session`]) and changing a passphrase live
//! here; everything done inside an unlocked vault lives on [`Session`].

pub mod database;
pub(crate) mod failed_logins;
pub mod kdf;
pub mod keyfile;
pub(crate) mod lock;
mod migrations;
mod rotation;

pub use rotation::{Rotation, RotationStep};

use std::fs;
use std::path::{Path, PathBuf};

use uuid::Uuid;

pub use self::kdf::KdfParams;
pub use self::keyfile::PassphraseChangePhase;
use self::keyfile::{KeyFile, SaveStep, SlotKind};
use crate::passphrase_policy;
use crate::recovery::RecoveryKey;
use crate::roles::Role;
use crate::secret::{DataKey, Passphrase};
use crate::session::Session;
use crate::users::UserName;
use crate::{Error, Result};

/// The database file's name inside the vault directory.
pub const DATABASE_FILE: &str = "vault.db";
/// The key file's name inside the vault directory.
pub const KEY_FILE: &str = "vault.keys";

/// A vault directory, locked or not yet created. Cheap to make; touches no file until asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vault {
    dir: PathBuf,
}

impl Vault {
    /// The vault in `dir`.
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// Where a vault lives when no other place is named: the platform data directory
    /// (`~/.local/share/haven/vault` on Linux).
    pub fn default_dir() -> Option<PathBuf> {
        dirs::data_dir().map(|d| d.join("haven").join("vault"))
    }

    /// The vault's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The encrypted database file.
    pub fn database_path(&self) -> PathBuf {
        self.dir.join(DATABASE_FILE)
    }

    /// The key file.
    pub fn key_file_path(&self) -> PathBuf {
        self.dir.join(KEY_FILE)
    }

    /// Whether a vault has been created here.
    pub fn exists(&self) -> bool {
        self.key_file_path().is_file()
    }

    /// Creates the vault with production key-derivation cost. `admin` becomes its first
    /// administrator. Returns the recovery key, to be shown once.
    pub fn create(&self, admin: &str, passphrase: &Passphrase) -> Result<RecoveryKey> {
        self.create_with(admin, passphrase, KdfParams::PRODUCTION)
    }

    /// [`Vault::create`] with a chosen key-derivation cost (never below the floor).
    pub fn create_with(
        &self,
        admin: &str,
        passphrase: &Passphrase,
        kdf: KdfParams,
    ) -> Result<RecoveryKey> {
        kdf.check()?;
        let admin = UserName::parse(admin, "adminName")?;
        passphrase_policy::check(passphrase, &[admin.as_str()], "passphrase")?;

        create_private_dir(&self.dir)?;
        let _guard = lock::DirLock::acquire(&self.dir)?;
        if self.exists() {
            return Err(Error::VaultExists);
        }
        if self.database_path().exists() {
            return Err(Error::KeyFileMissing);
        }

        let result = self.write_new_vault(&admin, passphrase, kdf);
        if result.is_err() && !self.exists() {
            // Without its key file the half-made database can never be opened: leave nothing.
            self.remove_database_files(DATABASE_FILE);
        }
        result
    }

    fn write_new_vault(
        &self,
        admin: &UserName,
        passphrase: &Passphrase,
        kdf: KdfParams,
    ) -> Result<RecoveryKey> {
        let key = DataKey::generate()?;
        let vault_id = Uuid::now_v7();
        {
            let mut conn = database::open(&self.database_path(), &key, true)?;
            database::migrate(&mut conn)?;
            let tx = conn.transaction()?;
            tx.execute(
                "INSERT INTO vault_meta (key, value) VALUES ('vault_id', ?1), ('created_at', ?2)",
                (vault_id.to_string(), crate::clock::now_utc()),
            )?;
            crate::users::insert(&tx, admin, &[Role::Admin])?;
            tx.commit()?;
        }
        let recovery = RecoveryKey::generate()?;
        let mut kf = KeyFile::new(vault_id)?;
        kf.events_key = Some(failed_logins::public_key(&key, &vault_id.to_string()));
        let lookup = kf.user_lookup(admin.key());
        kf.add_slot(
            SlotKind::Passphrase,
            lookup,
            kdf,
            passphrase.expose().as_bytes(),
            &key,
        )?;
        let lookup = kf.recovery_lookup();
        kf.add_slot(SlotKind::Recovery, lookup, kdf, recovery.secret(), &key)?;
        kf.save(&self.key_file_path(), &mut |_| Ok(()))?;
        Ok(recovery)
    }

    /// Fails with [`Error::NoVault`] (or [`Error::KeyFileMissing`]) unless a vault is here.
    pub fn check_exists(&self) -> Result<()> {
        if self.exists() {
            Ok(())
        } else if !self.database_files().is_empty() {
            Err(Error::KeyFileMissing)
        } else {
            Err(Error::NoVault)
        }
    }

    /// The database files in the directory (`vault.db`, `vault-<id>.db`).
    fn database_files(&self) -> Vec<String> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| keyfile::is_database_name(n))
            .collect()
    }

    /// Removes the database file `name` with its journal, WAL and shared-memory files, as far as
    /// they exist.
    pub(crate) fn remove_database_files(&self, name: &str) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = fs::remove_file(self.dir.join(format!("{name}{suffix}")));
        }
    }

    /// Removes database files the key file does not open: left by a rotation that crashed
    /// before its commit (the new file) or after it (the old one). Under the vault's lock, with
    /// the key file read anew, so a rotation in progress is never disturbed.
    pub(crate) fn remove_unreferenced_databases(&self) -> Result<()> {
        let _guard = lock::DirLock::acquire(&self.dir)?;
        let kf = self.load_key_file()?;
        for name in self.database_files() {
            if name != kf.database {
                self.remove_database_files(&name);
            }
        }
        Ok(())
    }

    fn load_key_file(&self) -> Result<KeyFile> {
        self.check_exists()?;
        KeyFile::load(&self.key_file_path())
    }

    /// Opens the vault as `user`. Wrong user and wrong passphrase give the same
    /// [`Error::WrongCredentials`], after the same key-derivation cost.
    pub fn unlock(&self, user: &str, passphrase: &Passphrase) -> Result<Session> {
        if self.database_files().len() > 1 {
            self.remove_unreferenced_databases()?;
        }
        let kf = self.load_key_file()?;
        let (name, key, kdf) = match self.open_user_slot(&kf, user, passphrase)? {
            Some(found) => found,
            None => {
                let lookup = UserName::parse(user, "userName")
                    .ok()
                    .map(|n| kf.user_lookup(n.key()));
                failed_logins::record(self, &kf, lookup);
                return Err(Error::WrongCredentials);
            }
        };
        let session = Session::open(self.clone(), &kf, key, kdf, &name);
        // Argon2, the slot's cipher and the key schedule worked on this thread's stack.
        crate::secret::wipe_stack();
        session
    }

    /// Finds and opens the slot of `user`. `None` when the name or passphrase is wrong; in that
    /// case a derivation at production cost has been run, so the answer takes as long as a
    /// real attempt.
    fn open_user_slot(
        &self,
        kf: &KeyFile,
        user: &str,
        passphrase: &Passphrase,
    ) -> Result<Option<(UserName, DataKey, KdfParams)>> {
        let name = UserName::parse(user, "userName").ok();
        let mut tried = false;
        if let Some(name) = name {
            let lookup = kf.user_lookup(name.key());
            for slot in kf
                .slots_for(&lookup)
                .filter(|s| s.kind == SlotKind::Passphrase)
            {
                tried = true;
                if let Some(key) = kf.open_slot(slot, passphrase.expose().as_bytes())? {
                    return Ok(Some((name, key, slot.kdf)));
                }
            }
        }
        if !tried {
            let salt: [u8; 16] = crate::random::bytes()?;
            KdfParams::PRODUCTION.derive(passphrase.expose().as_bytes(), &salt)?;
        }
        Ok(None)
    }

    /// Changes `user`'s passphrase from `current` to `new` by re-wrapping that user's slot.
    pub fn change_passphrase(
        &self,
        user: &str,
        current: &Passphrase,
        new: &Passphrase,
    ) -> Result<()> {
        self.change_passphrase_with_hook(user, current, new, &mut |_, _| Ok(()))
    }

    /// [`Vault::change_passphrase`], calling `hook` after every step of its two key file writes;
    /// an error from the hook stops the change there, as a crash would.
    #[doc(hidden)]
    pub fn change_passphrase_with_hook(
        &self,
        user: &str,
        current: &Passphrase,
        new: &Passphrase,
        hook: &mut dyn FnMut(PassphraseChangePhase, SaveStep) -> Result<()>,
    ) -> Result<()> {
        let name = UserName::parse(user, "userName").map_err(|_| Error::WrongCredentials)?;
        passphrase_policy::check(new, &[name.as_str()], "newPassphrase")?;
        let _guard = lock::DirLock::acquire(&self.dir)?;
        let mut kf = self.load_key_file()?;
        let Some((name, key, kdf)) = self.open_user_slot(&kf, user, current)? else {
            return Err(Error::WrongCredentials);
        };
        let lookup = kf.user_lookup(name.key());
        let secret = new.expose().as_bytes();
        kf.replace_slots(
            &self.key_file_path(),
            SlotKind::Passphrase,
            lookup,
            kdf,
            secret,
            &key,
            hook,
        )
    }

    /// An unencrypted database with the vault's schema and one user holding every role, for
    /// the benchmarks that compare the encrypted vault with plain SQLite. Only in builds with
    /// the `test-support` feature, which Haven's shipped binaries never enable.
    #[cfg(feature = "test-support")]
    #[doc(hidden)]
    pub fn create_unencrypted_for_benchmark(&self, user: &str) -> Result<Session> {
        create_private_dir(&self.dir)?;
        let name = UserName::parse(user, "userName")?;
        let mut conn = database::open_unencrypted(&self.database_path())?;
        database::migrate(&mut conn)?;
        let tx = conn.transaction()?;
        let id = crate::users::insert(&tx, &name, &Role::ALL)?;
        tx.commit()?;
        let user = crate::session::SignedInUser {
            id,
            name: name.as_str().to_owned(),
            roles: Role::ALL.to_vec(),
        };
        Session::from_connection(self.clone(), conn, user)
    }

    /// Resets `user`'s passphrase with the recovery key: the way back in when a user — even
    /// the last administrator — has forgotten theirs. The user's old slots are removed, so the
    /// old passphrase stops working. Logged in the audit log.
    pub fn reset_passphrase(
        &self,
        recovery: &RecoveryKey,
        user: &str,
        new: &Passphrase,
    ) -> Result<()> {
        let name = UserName::parse(user, "userName")?;
        passphrase_policy::check(new, &[name.as_str()], "newPassphrase")?;
        let _guard = lock::DirLock::acquire(&self.dir)?;
        let mut kf = self.load_key_file()?;
        let mut opened = None;
        for slot in kf.slots.iter().filter(|s| s.kind == SlotKind::Recovery) {
            if let Some(key) = kf.open_slot(slot, recovery.secret())? {
                opened = Some((key, slot.kdf));
                break;
            }
        }
        let Some((key, kdf)) = opened else {
            return Err(Error::WrongRecoveryKey);
        };
        let mut conn = database::open(&self.dir.join(&kf.database), &key, false)?;
        database::migrate(&mut conn)?;
        let target = crate::users::find_active(&conn, &name)?.ok_or(Error::NoSuchUser)?;
        let lookup = kf.user_lookup(name.key());
        let secret = new.expose().as_bytes();
        let path = self.key_file_path();
        kf.replace_slots(
            &path,
            SlotKind::Passphrase,
            lookup,
            kdf,
            secret,
            &key,
            &mut |_, _| Ok(()),
        )?;
        let audit_key = crate::audit::AuditKey::derive(&key, &kf.vault_id.to_string());
        let note = crate::audit::Note {
            case: None,
            detail: Some("passphrase reset with the recovery key".into()),
        };
        let tx = conn.transaction()?;
        crate::audit::append(
            &tx,
            &audit_key,
            Some(&target.id.to_string()),
            crate::audit::Action::PassphraseReset,
            &note,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Takes the vault's write lock (the key file is read, changed and written under it).
    pub(crate) fn lock_for_key_file(&self) -> Result<lock::DirLock> {
        lock::DirLock::acquire(&self.dir)
    }
}

/// Creates `dir` (and its parents) readable by its owner only.
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)?;
    Ok(())
}
