//! Users, their roles and their preferences. A user is a row here and a key slot in the key
//! file; user names are looked up by their folded key (`UserName::key`).

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use uuid::Uuid;

use crate::preferences::Language;
use crate::roles::{Permission, Role};
use crate::users::{SignedInUser, UserName, UserSummary};
use crate::{Error, Result};

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

pub(crate) fn write_roles(tx: &Transaction<'_>, id: Uuid, roles: &[Role]) -> Result<()> {
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

/// The permissions granted to user `id` beyond their roles.
fn grants_of(conn: &Connection, id: &str) -> Result<Vec<Permission>> {
    let mut stmt =
        conn.prepare_cached("SELECT permission FROM user_permissions WHERE user_id = ?1")?;
    let grants = stmt
        .query_map([id], |r| r.get::<_, String>(0))?
        .map(|r| Permission::from_grant_word(&r?).map_err(|_| Error::Damaged))
        .collect::<Result<Vec<_>>>()?;
    Ok(grants)
}

/// Grants (or with `granted` false, takes back) `permission` to user `id`.
pub(crate) fn set_grant(
    tx: &Transaction<'_>,
    id: Uuid,
    permission: Permission,
    granted: bool,
) -> Result<()> {
    let word = permission.grant_word().ok_or(Error::Damaged)?;
    if granted {
        tx.execute(
            "INSERT OR IGNORE INTO user_permissions (user_id, permission) VALUES (?1, ?2)",
            (id.to_string(), word),
        )?;
    } else {
        tx.execute(
            "DELETE FROM user_permissions WHERE user_id = ?1 AND permission = ?2",
            (id.to_string(), word),
        )?;
    }
    Ok(())
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
    let grants = grants_of(conn, &id)?;
    let id = Uuid::parse_str(&id).map_err(|_| Error::Damaged)?;
    Ok(Some(SignedInUser {
        id,
        name: stored_name,
        roles,
        grants,
    }))
}

pub(crate) fn active_admins(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE u.removed_at IS NULL AND r.role = 'admin'",
        [],
        |r| r.get(0),
    )?)
}

/// Every active user, by name.
pub(crate) fn list(conn: &Connection) -> Result<Vec<UserSummary>> {
    let mut stmt = conn.prepare(
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
                roles: roles_of(conn, &id)?,
                grants: grants_of(conn, &id)?,
                name,
                created_at,
            })
        })
        .collect()
}

/// Marks a user removed (their row stays, for the audit log's names).
pub(crate) fn mark_removed(tx: &Transaction<'_>, id: Uuid) -> Result<()> {
    tx.execute(
        "UPDATE users SET removed_at = ?2 WHERE id = ?1",
        (id.to_string(), crate::clock::now_utc()),
    )?;
    Ok(())
}

/// When a user was added.
pub(crate) fn created_at(conn: &Connection, id: Uuid) -> Result<String> {
    Ok(conn.query_row(
        "SELECT created_at FROM users WHERE id = ?1",
        [id.to_string()],
        |r| r.get(0),
    )?)
}

/// Every active user as (lookup key, name as written).
pub(crate) fn active_names(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn
        .prepare("SELECT name_key, name FROM users WHERE removed_at IS NULL ORDER BY name_key")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every user ever added, removed ones included, as (id, name as written).
pub(crate) fn names(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM users")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every user ever added, removed ones included, as (id, lookup key).
pub(crate) fn all_keys(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT id, name_key FROM users")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The user names of the active caseworkers, by name.
pub(crate) fn caseworkers(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.name FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE r.role = 'caseworker' AND u.removed_at IS NULL ORDER BY u.name_key",
    )?;
    let names = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

/// The id of the active caseworker whose name key is `key`.
pub(crate) fn caseworker_id(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
             WHERE u.name_key = ?1 AND u.removed_at IS NULL AND r.role = 'caseworker'",
            [key],
            |r| r.get(0),
        )
        .optional()?)
}

/// The language a user chose, if any (an unknown code counts as none).
pub(crate) fn language(conn: &Connection, user: Uuid) -> Result<Option<Language>> {
    let code: Option<String> = conn
        .query_row(
            "SELECT language FROM user_preferences WHERE user_id = ?1",
            [user.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(code.as_deref().and_then(Language::parse))
}

/// Remembers a user's language.
pub(crate) fn set_language(tx: &Transaction<'_>, user: Uuid, language: Language) -> Result<()> {
    tx.execute(
        "INSERT INTO user_preferences (user_id, language) VALUES (?1, ?2)
         ON CONFLICT (user_id) DO UPDATE SET language = excluded.language",
        params![user.to_string(), language.as_str()],
    )?;
    Ok(())
}
