//! The schema, as the list of steps that built it. A step is never edited once released: a
//! change is a new step at the end, so a vault made by any older build opens in a newer one.

/// Step `i` takes a vault from schema version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: the vault itself, its users and their roles.
    "CREATE TABLE vault_meta (
         key   TEXT PRIMARY KEY,
         value TEXT NOT NULL
     ) STRICT;
     CREATE TABLE users (
         id          TEXT PRIMARY KEY,
         name        TEXT NOT NULL,
         name_key    TEXT NOT NULL,
         created_at  TEXT NOT NULL,
         removed_at  TEXT
     ) STRICT;
     CREATE UNIQUE INDEX users_active_name ON users(name_key) WHERE removed_at IS NULL;
     CREATE TABLE user_roles (
         user_id TEXT NOT NULL REFERENCES users(id),
         role    TEXT NOT NULL CHECK (role IN ('intake', 'caseworker', 'supervisor', 'admin')),
         PRIMARY KEY (user_id, role)
     ) STRICT, WITHOUT ROWID;",
];
