//! The vault: one directory holding the encrypted database and the key file that opens it —
//! keys, files and the database's schema, nothing about the records inside.
//!
//! Changing a passphrase lives here (it touches the key file only). The ways in that need the
//! records — creating a vault with its first administrator, unlocking it into a
//! [`crate::Session`], resetting a passphrase with the recovery key — are the session's, in
//! `crate::session::open`.

pub(crate) mod anchor;
pub mod database;
pub(crate) mod failed_logins;
pub mod kdf;
pub mod keyfile;
pub(crate) mod lock;
mod migrations;

use std::fs;
use std::path::{Path, PathBuf};

pub use self::kdf::KdfParams;
pub use self::keyfile::PassphraseChangePhase;
use self::keyfile::{KeyFile, SaveStep, SlotKind};
use crate::passphrase_policy;
use crate::secret::{DataKey, Passphrase};
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
    pub(crate) fn database_files(&self) -> Vec<String> {
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
        let _ = fs::remove_file(self.dir.join(anchor::file_name(name)));
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

    pub(crate) fn load_key_file(&self) -> Result<KeyFile> {
        self.check_exists()?;
        KeyFile::load(&self.key_file_path())
    }

    /// Finds and opens the slot of `user`. `None` when the name or passphrase is wrong; in that
    /// case a derivation at production cost has been run, so the answer takes as long as a
    /// real attempt.
    pub(crate) fn open_user_slot(
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
