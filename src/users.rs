//! Users and their roles: who may unlock the vault and what each may do there.
//!
//! A user exists twice: a row in the encrypted database (name, roles) and a key slot in the key
//! file found by a hash of the name. Adding writes the slot inside the database transaction, so
//! a failed key file write leaves no user behind; removing deletes the slot first, so a crash
//! half-way leaves a user who can no longer unlock, never a slot that still opens the vault.

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;
use unicode_normalization::UnicodeNormalization;
use uuid::Uuid;

use crate::audit::Action;
use crate::passphrase_policy;
use crate::roles::{Permission, Role};
use crate::secret::Passphrase;
use crate::session::{Session, SignedInUser};
use crate::vault::keyfile::{KeyFile, SlotKind};
use crate::{Error, Result};

/// Longest user name, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// A user name: trimmed, NFC, 1-64 characters, no control characters. Names compare without
/// regard to case (`key`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserName {
    name: String,
    key: String,
}

impl UserName {
    /// Checks a typed user name; `field` names the input in the error.
    pub fn parse(typed: &str, field: &'static str) -> Result<Self> {
        let name: String = typed.trim().nfc().collect();
        let chars = name.chars().count();
        if chars == 0 {
            return Err(Error::invalid(field, "A user name is required."));
        }
        if chars > MAX_NAME_CHARS {
            return Err(Error::invalid(
                field,
                format!("A user name has at most {MAX_NAME_CHARS} characters."),
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(Error::invalid(
                field,
                "A user name cannot contain control characters.",
            ));
        }
        let key = name.to_lowercase().nfc().collect();
        Ok(Self { name, key })
    }

    /// The name as written.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The name as compared and looked up.
    pub(crate) fn key(&self) -> &str {
        &self.key
    }
}

/// A user as the administrator sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UserSummary {
    /// The user name.
    pub name: String,
    /// The user's roles.
    pub roles: Vec<Role>,
    /// When the user was added (RFC 3339, UTC).
    pub created_at: String,
}

/// Inserts a user with `roles` (used at vault creation and by [`Session::add_user`]).
pub(crate) fn insert(tx: &Transaction<'_>, name: &UserName, roles: &[Role]) -> Result<Uuid> {
    let id = Uuid::now_v7();
    tx.execute(
        "INSERT INTO users (id, name, name_key, created_at) VALUES (?1, ?2, ?3, ?4)",
        (
            id.to_string(),
            name.as_str(),
            name.key(),
            crate::clock::now_utc(),
        ),
    )?;
    write_roles(tx, id, roles)?;
    Ok(id)
}

fn write_roles(tx: &Transaction<'_>, id: Uuid, roles: &[Role]) -> Result<()> {
    tx.execute(
        "DELETE FROM user_roles WHERE user_id = ?1",
        [id.to_string()],
    )?;
    for role in roles {
        tx.execute(
            "INSERT OR IGNORE INTO user_roles (user_id, role) VALUES (?1, ?2)",
            (id.to_string(), role.as_str()),
        )?;
    }
    Ok(())
}

fn roles_of(conn: &Connection, id: &str) -> Result<Vec<Role>> {
    let mut stmt = conn.prepare_cached("SELECT role FROM user_roles WHERE user_id = ?1")?;
    let mut roles = stmt
        .query_map([id], |r| r.get::<_, String>(0))?
        .map(|r| r?.parse::<Role>().map_err(|_| Error::Damaged))
        .collect::<Result<Vec<_>>>()?;
    roles.sort();
    Ok(roles)
}

/// The active user called `name`, with roles.
pub(crate) fn find_active(conn: &Connection, name: &UserName) -> Result<Option<SignedInUser>> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT id, name FROM users WHERE name_key = ?1 AND removed_at IS NULL",
            [name.key()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((id, stored_name)) = row else {
        return Ok(None);
    };
    let roles = roles_of(conn, &id)?;
    let id = Uuid::parse_str(&id).map_err(|_| Error::Damaged)?;
    Ok(Some(SignedInUser {
        id,
        name: stored_name,
        roles,
    }))
}

fn active_admins(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE u.removed_at IS NULL AND r.role = 'admin'",
        [],
        |r| r.get(0),
    )?)
}

fn check_roles(roles: &[Role]) -> Result<Vec<Role>> {
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        return Err(Error::invalid(
            "role",
            "Give the user at least one role: intake, caseworker, supervisor or admin.",
        ));
    }
    Ok(roles)
}

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
            if find_active(tx, &name)?.is_some() {
                return Err(Error::invalid(
                    "userName",
                    "A user with this name already exists.",
                ));
            }
            insert(tx, &name, &roles)?;
            // Slots with this lookup can only be left over from a removal that crashed.
            let stale: Vec<Uuid> = kf.slots_for(&lookup).map(|s| s.id).collect();
            kf.remove_slots(&stale);
            kf.add_slot(
                SlotKind::Passphrase,
                lookup,
                kdf,
                passphrase.expose().as_bytes(),
                &data_key,
            )?;
            kf.save(&key_path, &mut |_| Ok(()))?;
            Ok(())
        })?;
        Ok(UserSummary {
            name: name.as_str().to_owned(),
            roles,
            created_at: crate::clock::now_utc(),
        })
    }

    /// (admin) Every active user, by name.
    pub fn list_users(&self) -> Result<Vec<UserSummary>> {
        self.require(Permission::Administer)?;
        let mut stmt = self.conn().prepare(
            "SELECT id, name, created_at FROM users WHERE removed_at IS NULL ORDER BY name_key",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, name, created_at)| {
                Ok(UserSummary {
                    roles: roles_of(self.conn(), &id)?,
                    name,
                    created_at,
                })
            })
            .collect()
    }

    /// (admin) Removes a user: their key slot is deleted, so their passphrase opens nothing.
    pub fn remove_user(&mut self, name: &str) -> Result<()> {
        self.require(Permission::Administer)?;
        let name = UserName::parse(name, "userName")?;
        let target = find_active(self.conn(), &name)?.ok_or(Error::NoSuchUser)?;
        if target.id == self.user().id {
            return Err(Error::invalid(
                "userName",
                "You cannot remove yourself; another administrator can.",
            ));
        }
        if target.roles.contains(&Role::Admin) && active_admins(self.conn())? <= 1 {
            return Err(Error::LastAdmin);
        }
        let _guard = self.vault().lock_for_key_file()?;
        let key_path = self.vault().key_file_path();
        let mut kf = KeyFile::load(&key_path)?;
        let lookup = kf.user_lookup(name.key());
        let slots: Vec<Uuid> = kf.slots_for(&lookup).map(|s| s.id).collect();
        kf.remove_slots(&slots);
        kf.save(&key_path, &mut |_| Ok(()))?;
        self.write(Action::UserRemove, |tx, _| {
            tx.execute(
                "UPDATE users SET removed_at = ?2 WHERE id = ?1",
                (target.id.to_string(), crate::clock::now_utc()),
            )?;
            Ok(())
        })
    }

    /// (admin) Replaces a user's roles.
    pub fn set_roles(&mut self, name: &str, roles: &[Role]) -> Result<UserSummary> {
        self.require(Permission::Administer)?;
        let name = UserName::parse(name, "userName")?;
        let roles = check_roles(roles)?;
        let target = find_active(self.conn(), &name)?.ok_or(Error::NoSuchUser)?;
        if target.roles.contains(&Role::Admin)
            && !roles.contains(&Role::Admin)
            && active_admins(self.conn())? <= 1
        {
            return Err(Error::LastAdmin);
        }
        self.write(Action::UserRoles, |tx, _| {
            write_roles(tx, target.id, &roles)
        })?;
        let created_at: String = self.conn().query_row(
            "SELECT created_at FROM users WHERE id = ?1",
            [target.id.to_string()],
            |r| r.get(0),
        )?;
        Ok(UserSummary {
            name: target.name,
            roles,
            created_at,
        })
    }
}

impl Session {
    /// (admin) Replaces the recovery key; the old one stops working at once. Returns the new
    /// key, to be shown once.
    pub fn replace_recovery_key(&mut self) -> Result<crate::RecoveryKey> {
        self.require(Permission::Administer)?;
        let recovery = crate::RecoveryKey::generate()?;
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_compared_without_case() {
        let a = UserName::parse("  Aysel.Mammadova ", "userName").unwrap();
        let b = UserName::parse("aysel.mammadova", "userName").unwrap();
        assert_eq!(a.as_str(), "Aysel.Mammadova");
        assert_eq!(a.key(), b.key());
    }

    #[test]
    fn empty_long_and_control_names_are_refused_naming_the_field() {
        for bad in ["", "   ", "a\u{7}b", &"x".repeat(65)] {
            let e = UserName::parse(bad, "adminName").unwrap_err();
            assert_eq!(e.field(), Some("adminName"), "{bad:?}");
        }
    }
}
