//! Administration: users and their roles, the recovery key, the vault's settings, each user's
//! language, and the audit log.

use super::Session;
use crate::audit::{self, Action, AuditFilter, AuditPage, Head, LogLine, Verification};
use crate::auto_lock::{DEFAULT_MINUTES, MINUTES_RANGE};
use crate::integrity::{IntegrityReport, KeyFileState};
use crate::passphrase_policy;
use crate::preferences::Language;
use crate::roles::{Permission, Role};
use crate::secret::Passphrase;
use crate::store::users;
use crate::users::{check_roles, UserName, UserSummary};
use crate::vault::database;
use crate::vault::keyfile::{KeyFile, SlotKind};
use crate::{Error, Result};

const META_AUTO_LOCK: &str = "session.auto_lock_minutes";

impl Session {
    /// (admin) Adds a user with `roles` and their first passphrase.
    pub fn add_user(
        &mut self,
        name: &str,
        roles: &[Role],
        passphrase: &Passphrase,
    ) -> Result<UserSummary> {
        self.require(Permission::Administer)?;
        let name = UserName::parse(name, "userName")?;
        let roles = check_roles(roles)?;
        passphrase_policy::check(passphrase, &[name.as_str()], "newPassphrase")?;
        let _guard = self.vault().lock_for_key_file()?;
        let key_path = self.vault().key_file_path();
        let mut kf = KeyFile::load(&key_path)?;
        let lookup = kf.user_lookup(name.key());
        let kdf = self.slot_kdf();
        let data_key = self.data_key().clone();
        self.write(Action::UserAdd, |tx, _| {
            if users::find_active(tx, &name)?.is_some() {
                return Err(Error::invalid(
                    "userName",
                    "A user with this name already exists.",
                ));
            }
            users::insert(tx, &name, &roles)?;
            // Slots with this lookup can only be left over from a removal that crashed.
            let stale: Vec<uuid::Uuid> = kf.slots_for(&lookup).map(|s| s.id).collect();
            kf.remove_slots(&stale);
            kf.add_slot(
                SlotKind::Passphrase,
                lookup,
                kdf,
                passphrase.expose().as_bytes(),
                &data_key,
            )?;
            kf.save(&key_path, &data_key, &mut |_| Ok(()))?;
            Ok(())
        })?;
        Ok(UserSummary {
            name: name.as_str().to_owned(),
            roles,
            grants: Vec::new(),
            created_at: crate::clock::now_utc(),
        })
    }

    /// (admin) Every active user, by name.
    pub fn list_users(&self) -> Result<Vec<UserSummary>> {
        self.require(Permission::Administer)?;
        users::list(self.conn())
    }

    /// (admin) Removes a user: their key slot is deleted, so their passphrase opens nothing.
    pub fn remove_user(&mut self, name: &str) -> Result<()> {
        self.require(Permission::Administer)?;
        let name = UserName::find(name, "userName")?;
        let target = users::find_active(self.conn(), &name)?.ok_or(Error::NoSuchUser)?;
        if target.id == self.user().id {
            return Err(Error::invalid(
                "userName",
                "You cannot remove yourself; another administrator can.",
            ));
        }
        if target.roles.contains(&Role::Admin) && users::active_admins(self.conn())? <= 1 {
            return Err(Error::LastAdmin);
        }
        let _guard = self.vault().lock_for_key_file()?;
        let key_path = self.vault().key_file_path();
        let mut kf = KeyFile::load(&key_path)?;
        let lookup = kf.user_lookup(name.key());
        let slots: Vec<uuid::Uuid> = kf.slots_for(&lookup).map(|s| s.id).collect();
        kf.remove_slots(&slots);
        kf.save(&key_path, self.data_key(), &mut |_| Ok(()))?;
        self.write(Action::UserRemove, |tx, _| {
            users::mark_removed(tx, target.id)
        })
    }

    /// (admin) Replaces a user's roles.
    pub fn set_roles(&mut self, name: &str, roles: &[Role]) -> Result<UserSummary> {
        self.require(Permission::Administer)?;
        let name = UserName::find(name, "userName")?;
        let roles = check_roles(roles)?;
        let target = users::find_active(self.conn(), &name)?.ok_or(Error::NoSuchUser)?;
        if target.roles.contains(&Role::Admin)
            && !roles.contains(&Role::Admin)
            && users::active_admins(self.conn())? <= 1
        {
            return Err(Error::LastAdmin);
        }
        self.write(Action::UserRoles, |tx, _| {
            users::write_roles(tx, target.id, &roles)
        })?;
        let created_at = users::created_at(self.conn(), target.id)?;
        Ok(UserSummary {
            name: target.name,
            roles,
            grants: target.grants,
            created_at,
        })
    }

    /// (admin) Replaces the recovery key; the old one stops working at once. Returns the new
    /// key, to be shown once.
    pub fn replace_recovery_key(&mut self) -> Result<crate::recovery::RecoveryKey> {
        self.require(Permission::Administer)?;
        let recovery = crate::recovery::RecoveryKey::generate()?;
        let _guard = self.vault().lock_for_key_file()?;
        let key_path = self.vault().key_file_path();
        let mut kf = KeyFile::load(&key_path)?;
        let lookup = kf.recovery_lookup();
        let (kdf, data_key) = (self.slot_kdf(), self.data_key().clone());
        let secret = recovery.secret();
        kf.replace_slots(
            &key_path,
            SlotKind::Recovery,
            lookup,
            kdf,
            secret,
            &data_key,
            &mut |_, _| Ok(()),
        )?;
        self.write(Action::RecoveryKeyReplaced, |_, _| Ok(()))?;
        Ok(recovery)
    }

    /// The signed-in user's language, if they chose one.
    pub fn language(&self) -> Result<Option<Language>> {
        users::language(self.conn(), self.user().id)
    }

    /// Remembers the signed-in user's language (any user, for themself).
    pub fn set_language(&mut self, language: Language) -> Result<()> {
        let user = self.user().id;
        self.write(Action::Settings, |tx, note| {
            users::set_language(tx, user, language)?;
            note.detail = Some(format!("language={}", language.as_str()));
            Ok(())
        })
    }

    /// Idle minutes before the vault locks itself (the vault's setting, 5 unless changed).
    pub fn auto_lock_minutes(&self) -> Result<u32> {
        match database::meta(self.conn(), META_AUTO_LOCK)? {
            None => Ok(DEFAULT_MINUTES),
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|m| MINUTES_RANGE.contains(m))
                .ok_or(Error::Damaged),
        }
    }

    /// Sets the vault's auto-lock time (administrators), from the next unlock on.
    pub fn set_auto_lock_minutes(&mut self, minutes: u32) -> Result<()> {
        self.require(Permission::Administer)?;
        if !MINUTES_RANGE.contains(&minutes) {
            return Err(Error::invalid(
                "autoLockMinutes",
                format!(
                    "Choose from {} to {} minutes.",
                    MINUTES_RANGE.start(),
                    MINUTES_RANGE.end()
                ),
            ));
        }
        self.write(Action::Settings, |tx, note| {
            database::set_meta(tx, META_AUTO_LOCK, &minutes.to_string())?;
            note.detail = Some(format!("auto_lock_minutes={minutes}"));
            Ok(())
        })
    }

    /// (admin) Recomputes the chain; with `kept`, also checks the log still reaches that head.
    pub fn verify_audit(&self, kept: Option<&Head>) -> Result<Verification> {
        self.require(Permission::Administer)?;
        audit::verify(self.conn(), self.audit_key(), kept)
    }

    /// (admin) Checks the whole vault: every page's authentication, SQLite's structure, bytes
    /// after the last page, the audit chain against the integrity anchor, the key file's seal.
    /// Reads every page, so it takes a while on a large vault (about a second per 100 MB).
    pub fn check(&self) -> Result<IntegrityReport> {
        self.require(Permission::Administer)?;
        self.check_vault()
    }

    /// [`Session::check`] without the permission check, for the backup (admin already).
    pub(crate) fn check_vault(&self) -> Result<IntegrityReport> {
        let key_file = if self.key_file_changed_now()? {
            KeyFileState::Changed
        } else {
            KeyFileState::Sealed
        };
        audit::integrity::check(
            self.conn(),
            self.audit_key(),
            self.anchor(),
            &self.database_path(),
            key_file,
        )
    }

    /// (admin) Repairs a key file changed outside Haven (see [`KeyFileState::Changed`]): the
    /// events key of failed logins is put back and the file sealed anew. Logged. Whether there
    /// was anything to repair.
    pub fn repair_key_file(&mut self) -> Result<bool> {
        self.require(Permission::Administer)?;
        let repaired = self.reseal_key_file()?;
        if repaired {
            self.write(Action::KeyFileRepair, |_, note| {
                note.detail = Some("key file sealed anew after a change outside Haven".into());
                Ok(())
            })?;
        }
        Ok(repaired)
    }

    /// (admin) The newest entry's head, to keep somewhere else.
    pub fn audit_head(&self) -> Result<Option<Head>> {
        self.require(Permission::Administer)?;
        audit::head(self.conn())
    }

    /// (admin) The log, oldest first; only the entries of one case when `case_code` is given.
    pub fn audit_log(&self, case_code: Option<&str>) -> Result<Vec<LogLine>> {
        self.require(Permission::Administer)?;
        audit::lines(self.conn(), case_code)
    }

    /// (admin) One page of the log, newest first, narrowed by `filter`.
    pub fn audit_search(&self, filter: &AuditFilter) -> Result<AuditPage> {
        self.require(Permission::Administer)?;
        audit::search(self.conn(), filter)
    }
}
