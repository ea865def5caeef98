//! Rotating the data key: re-encrypting the whole database under a new random key, for when a
//! user has left or a key slot may have been copied. Every old slot (and the old recovery key)
//! stops opening anything.
//!
//! The old database is exported with `sqlcipher_export` into a new file under the new key; the
//! key file is then replaced in one atomic rename — the commit point — by one that names the
//! new file; only then is the old file deleted. A crash before the rename leaves the old vault
//! as it was (the unfinished new file is removed at the next unlock); a crash after it leaves
//! the new vault (the old file is removed at the next unlock).
//!
//! Slots are passphrase-wrapped, so other users' slots cannot be re-made without their
//! passphrases: each other user gets a temporary passphrase, to be handed over in person and
//! changed with `haven passwd`.

use std::fs;

use uuid::Uuid;

use super::Session;
use crate::audit::{self, Action, AuditKey, Note};
use crate::recovery::RecoveryKey;
use crate::roles::Permission;
use crate::secret::{DataKey, Passphrase};
use crate::store;
use crate::users::UserName;
use crate::vault::anchor::Anchor;
use crate::vault::keyfile::{KeyFile, SlotKind};
use crate::vault::{database, failed_logins, lock};
use crate::{Error, Result};

/// The moments of a rotation, so tests can stop it at each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RotationStep {
    /// The new database file is written and on disk.
    Exported,
    /// The new key file replaced the old one (the commit point).
    Committed,
    /// The old database file is gone.
    OldRemoved,
}

/// What users need after a rotation.
pub struct Rotation {
    /// The new recovery key (the old one opens nothing now), to be shown once.
    pub recovery_key: RecoveryKey,
    /// A temporary passphrase for every other user, to be handed over and changed.
    pub temporary_passphrases: Vec<(String, Passphrase)>,
}

impl std::fmt::Debug for Rotation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rotation")
            .field("users", &self.temporary_passphrases.len())
            .finish_non_exhaustive()
    }
}

/// A temporary passphrase: 100 random bits in the recovery key's alphabet, five groups of four.
fn temporary_passphrase() -> Result<Passphrase> {
    let key = RecoveryKey::generate()?;
    let grouped = key.grouped();
    Ok(Passphrase::from(&grouped[..24]))
}

impl Session {
    /// (admin) Re-encrypts the vault under a new data key. `passphrase` is the admin's own (it
    /// re-makes their slot). Consumes the session: everyone, the admin included, unlocks again.
    pub fn rotate_data_key(self, passphrase: &Passphrase) -> Result<Rotation> {
        self.rotate_data_key_with_hook(passphrase, &mut |_| Ok(()))
    }

    /// [`Session::rotate_data_key`], calling `hook` after each step; an error from the hook
    /// stops the rotation there, as a crash would.
    #[doc(hidden)]
    pub fn rotate_data_key_with_hook(
        self,
        passphrase: &Passphrase,
        hook: &mut dyn FnMut(RotationStep) -> Result<()>,
    ) -> Result<Rotation> {
        self.require(Permission::Administer)?;
        let vault = self.vault().clone();
        let _guard = lock::DirLock::acquire(vault.dir())?;
        let old_kf = KeyFile::load(&vault.key_file_path())?;
        if old_kf.database != self.database_name() {
            return Err(Error::Rekeyed);
        }
        let me = UserName::parse(&self.user().name, "userName")?;
        let my_slot_opens = old_kf
            .slots_for(&old_kf.user_lookup(me.key()))
            .filter(|s| s.kind == SlotKind::Passphrase)
            .map(|s| old_kf.open_slot(s, passphrase.expose().as_bytes()))
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .any(|k| k.is_some());
        if !my_slot_opens {
            return Err(Error::WrongCredentials);
        }
        if !audit::verify(self.conn(), self.audit_key(), None)?.is_intact() {
            return Err(Error::AuditBroken);
        }
        self.audit_read(Action::KeyRotation, Note::default())?;

        let new_key = DataKey::generate()?;
        let new_name = format!("vault-{}.db", Uuid::now_v7().simple());
        let new_path = vault.dir().join(&new_name);
        let vault_id = old_kf.vault_id.to_string();
        let result = export(&self, &new_key, &new_path, &vault_id)
            .and_then(|()| hook(RotationStep::Exported));
        if let Err(e) = result {
            vault.remove_database_files(&new_name);
            return Err(e);
        }

        // The new key file: the same vault, a new database, new slots.
        let users = store::users::active_names(self.conn())?;
        let kdf = self.slot_kdf();
        let mut kf = old_kf.rekeyed(new_name);
        kf.events_key = Some(failed_logins::public_key(&new_key, &vault_id));
        let recovery_key = RecoveryKey::generate()?;
        let mut temporary_passphrases = Vec::new();
        for (name_key, name) in users {
            let lookup = kf.user_lookup(&name_key);
            if name_key == me.key() {
                kf.add_slot(
                    SlotKind::Passphrase,
                    lookup,
                    kdf,
                    passphrase.expose().as_bytes(),
                    &new_key,
                )?;
            } else {
                let temporary = temporary_passphrase()?;
                kf.add_slot(
                    SlotKind::Passphrase,
                    lookup,
                    kdf,
                    temporary.expose().as_bytes(),
                    &new_key,
                )?;
                temporary_passphrases.push((name, temporary));
            }
        }
        let lookup = kf.recovery_lookup();
        kf.add_slot(
            SlotKind::Recovery,
            lookup,
            kdf,
            recovery_key.secret(),
            &new_key,
        )?;
        let old_database = self.database_name().to_owned();
        drop(self);
        kf.save(&vault.key_file_path(), &new_key, &mut |_| Ok(()))?;
        hook(RotationStep::Committed)?;
        vault.remove_database_files(&old_database);
        hook(RotationStep::OldRemoved)?;
        Ok(Rotation {
            recovery_key,
            temporary_passphrases,
        })
    }
}

/// Copies the whole database into `path`, encrypted under `key`, with the audit chain
/// re-sealed under the audit key of the new data key, and syncs it to disk.
fn export(session: &Session, key: &DataKey, path: &std::path::Path, vault_id: &str) -> Result<()> {
    database::export_rekeyed(session.conn(), path, key)?;
    // The chain's key is derived from the data key: re-seal every entry under the new one, in
    // order, in one transaction of the new file. A connection of its own reads the schema that
    // sqlcipher_export wrote (triggers included) with Haven's settings.
    let mut new = database::open(path, key, false)?;
    let tx = new.transaction()?;
    store::audit_log::unlocked(&tx, || {
        audit::reseal(&tx, "main", &AuditKey::derive(key, vault_id))
    })?;
    tx.commit()?;
    // The new database's own anchor, before the key file names it.
    let dir = path.parent().ok_or(Error::NoVault)?;
    let name = path
        .file_name()
        .ok_or(Error::NoVault)?
        .to_string_lossy()
        .into_owned();
    audit::integrity::start(&new, &Anchor::new(dir, &name, key, vault_id))?;
    database::checkpoint(&new)?;
    drop(new);
    fs::File::open(path)?.sync_all()?;
    Ok(())
}
