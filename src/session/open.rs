//! The ways into a vault that need its records: creating it with its first administrator,
//! unlocking it as a user (which opens a [`Session`]), resetting a forgotten passphrase with
//! the recovery key. They are methods of [`Vault`] because that is where people look for them;
//! they live here because each of them reads or writes users and the audit log.

use std::collections::HashMap;

use uuid::Uuid;

use super::Session;
use crate::audit::integrity;
use crate::audit::{self, Action, AuditKey, Note};
use crate::recovery::RecoveryKey;
use crate::roles::Role;
use crate::secret::{DataKey, Passphrase};
use crate::store::users;
use crate::users::UserName;
use crate::vault::anchor::Anchor;
use crate::vault::keyfile::{KeyFile, SealState, SlotKind};
use crate::vault::{database, failed_logins, lock, KdfParams, Vault, DATABASE_FILE};
use crate::{passphrase_policy, Error, Result};

/// The `vault_meta` key under which the mark of the failed logins last logged is kept.
const FAILED_LOGINS_LOGGED: &str = "failed_logins_logged";
/// The `vault_meta` key that says the key file has been sealed: from then on an unsealed key
/// file is one changed outside Haven, not an old one.
const KEY_FILE_SEALED: &str = "key_file_sealed";

impl Vault {
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

        crate::vault::create_private_dir(self.dir())?;
        let _guard = lock::DirLock::acquire(self.dir())?;
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
            database::set_meta(&tx, "vault_id", &vault_id.to_string())?;
            database::set_meta(&tx, "created_at", &crate::clock::now_utc())?;
            users::insert(&tx, admin, &[Role::Admin])?;
            // The key file is sealed from the start.
            database::set_meta(&tx, KEY_FILE_SEALED, "1")?;
            tx.commit()?;
            // Before the key file, which makes the folder a vault: a vault never lacks it.
            let anchor = Anchor::new(self.dir(), DATABASE_FILE, &key, &vault_id.to_string());
            integrity::start(&conn, &anchor)?;
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
        kf.save(&self.key_file_path(), &key, &mut |_| Ok(()))?;
        Ok(recovery)
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
        let _guard = lock::DirLock::acquire(self.dir())?;
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
        let mut conn = database::open(&self.dir().join(&kf.database), &key, false)?;
        database::migrate(&mut conn)?;
        let target = users::find_active(&conn, &name)?.ok_or(Error::NoSuchUser)?;
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
        let audit_key = AuditKey::derive(&key, &kf.vault_id.to_string());
        let note = Note {
            case: None,
            detail: Some("passphrase reset with the recovery key".into()),
        };
        let tx = conn.transaction()?;
        let head = audit::append(
            &tx,
            &audit_key,
            Some(&target.id.to_string()),
            Action::PassphraseReset,
            &note,
        )?;
        tx.commit()?;
        let anchor = Anchor::new(self.dir(), &kf.database, &key, &kf.vault_id.to_string());
        let _ = anchor.advance(head);
        Ok(())
    }

    /// An unencrypted database with the vault's schema and one user holding every role, for
    /// the benchmarks that compare the encrypted vault with plain SQLite. Only in builds with
    /// the `test-support` feature, which Haven's shipped binaries never enable.
    #[cfg(feature = "test-support")]
    #[doc(hidden)]
    pub fn create_unencrypted_for_benchmark(&self, user: &str) -> Result<Session> {
        crate::vault::create_private_dir(self.dir())?;
        let name = UserName::parse(user, "userName")?;
        let mut conn = database::open_unencrypted(&self.database_path())?;
        database::migrate(&mut conn)?;
        let tx = conn.transaction()?;
        let id = users::insert(&tx, &name, &Role::ALL)?;
        tx.commit()?;
        let user = crate::users::SignedInUser {
            id,
            name: name.as_str().to_owned(),
            roles: Role::ALL.to_vec(),
            grants: Vec::new(),
        };
        Session::from_connection(self.clone(), conn, user)
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
        let vault_id = kf.vault_id.to_string();
        let anchor = Anchor::new(vault.dir(), &kf.database, &key, &vault_id);
        // The anchor is read before the database, so a change another process commits
        // meanwhile is in what the database shows.
        let reading = anchor.read()?;
        let mut conn = database::open(&vault.dir().join(&kf.database), &key, false)?;
        database::migrate(&mut conn)?;
        let stored_id = database::meta(&conn, "vault_id")?;
        if stored_id.as_deref() != Some(vault_id.as_str()) {
            return Err(Error::Damaged);
        }
        integrity::check_anchor(&conn, &anchor, reading)?;
        crate::lifecycle::erasure::on_unlock(&mut conn)?;
        // A slot can outlive its user only if a removal crashed half-way; it opens nothing.
        let user = users::find_active(&conn, name)?.ok_or(Error::WrongCredentials)?;
        let session = Self::new(
            vault,
            kf.database.clone(),
            conn,
            key,
            &vault_id,
            kdf,
            user,
            anchor,
        );
        session.audit_read(Action::Login, Note::default())?;
        session.take_failed_logins(kf)?;
        Ok(session)
    }

    /// Checks the key file's seal, and seals a key file from before seals (giving it the events
    /// key of failed logins if it lacks one). A broken seal is remembered for the session's
    /// info and `check`: the slots are authenticated one by one, so the vault still opens, but
    /// something (a removed slot, a replaced events key) was changed outside Haven.
    fn check_key_file(&self, kf: &KeyFile) -> Result<()> {
        let sealed_before = database::meta(&self.conn, KEY_FILE_SEALED)?.is_some();
        let changed = self.is_changed(kf, sealed_before);
        self.key_file_changed.set(changed);
        if !changed && !sealed_before {
            let mut fresh = KeyFile::load(&self.vault.key_file_path())?;
            if fresh.database == self.database && fresh.seal_state(&self.key) != SealState::Broken {
                fresh.save(&self.vault.key_file_path(), &self.key, &mut |_| Ok(()))?;
                database::set_meta(&self.conn, KEY_FILE_SEALED, "1")?;
            }
        }
        Ok(())
    }

    /// Whether `kf` was changed outside Haven: its seal is broken, its events key is not the
    /// one Haven derives, or the seal is gone from a key file that had one.
    fn is_changed(&self, kf: &KeyFile, sealed_before: bool) -> bool {
        let events_key = failed_logins::public_key(&self.key, &kf.vault_id.to_string());
        match kf.seal_state(&self.key) {
            SealState::Sealed => kf.events_key != Some(events_key),
            SealState::Unsealed => sealed_before,
            SealState::Broken => true,
        }
    }

    /// Whether the key file as it is now was changed outside Haven (remembered for the
    /// session's info too).
    pub(crate) fn key_file_changed_now(&self) -> Result<bool> {
        #[cfg(feature = "test-support")]
        if !self.vault.exists() {
            return Ok(false); // the benchmarks' unencrypted twin has no key file
        }
        let kf = KeyFile::load(&self.vault.key_file_path())?;
        let sealed_before = database::meta(&self.conn, KEY_FILE_SEALED)?.is_some();
        let changed = self.is_changed(&kf, sealed_before);
        self.key_file_changed.set(changed);
        Ok(changed)
    }

    /// Repairs a key file changed outside Haven: puts back what Haven derives (the events key
    /// of failed logins) and seals it anew. Slots removed outside Haven stay removed (their
    /// users get a new passphrase from an administrator). Whether there was anything to repair.
    pub(crate) fn reseal_key_file(&self) -> Result<bool> {
        let _guard = lock::DirLock::acquire(self.vault.dir())?;
        let mut fresh = KeyFile::load(&self.vault.key_file_path())?;
        if fresh.database != self.database {
            return Err(Error::Rekeyed);
        }
        // As if sealed before: an unsealed file is repaired too.
        let intact = !self.is_changed(&fresh, true);
        if !intact {
            fresh.save(&self.vault.key_file_path(), &self.key, &mut |_| Ok(()))?;
            database::set_meta(&self.conn, KEY_FILE_SEALED, "1")?;
        }
        self.key_file_changed.set(false);
        Ok(!intact)
    }

    /// Moves the failed logins recorded while the vault was locked into the audit log, and
    /// gives a key file from before that feature its events key. The file of sealed attempts
    /// is removed only once their entries are committed, with a mark of what was logged (see
    /// `failed_logins`): a crash at any point loses no attempt and logs none twice.
    pub(crate) fn take_failed_logins(&self, kf: &KeyFile) -> Result<()> {
        let vault_id = kf.vault_id.to_string();
        let _guard = lock::DirLock::acquire(self.vault.dir())?;
        self.check_key_file(kf)?;
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
        let by_lookup: HashMap<String, String> = users::all_keys(&self.conn)?
            .into_iter()
            .map(|(id, key)| (base64_lookup(&kf.user_lookup(&key)), id))
            .collect();
        let tx = self.conn.unchecked_transaction()?;
        let mut head = None;
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
            head = Some(audit::append(
                &tx,
                &self.audit_key,
                user.map(String::as_str),
                Action::LoginFailed,
                &note,
            )?);
        }
        if unreadable > 0 {
            let note = Note {
                case: None,
                detail: Some(format!("{unreadable} failed logins could not be read")),
            };
            head = Some(audit::append(
                &tx,
                &self.audit_key,
                None,
                Action::LoginFailed,
                &note,
            )?);
        }
        database::set_meta(&tx, FAILED_LOGINS_LOGGED, &pending.mark)?;
        tx.commit()?;
        if let Some(head) = head {
            self.anchor_at(head);
        }
        failed_logins::remove(&self.vault)
    }
}

fn base64_lookup(lookup: &[u8; 32]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(lookup)
}
