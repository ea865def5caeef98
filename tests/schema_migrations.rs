//! A vault made by an older build opens in a newer one, and a newer vault is refused clearly.
#![forbid(unsafe_code)]

mod common;

use common::*;
use haven::vault::database::{schema_version, SCHEMA_VERSION};
use haven::{Error, Vault};

/// A vault made by the first release (schema 1), committed as it was written.
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/vault-schema-1");

fn copy_fixture(to: &std::path::Path) -> Vault {
    std::fs::create_dir_all(to).unwrap();
    for f in [haven::vault::DATABASE_FILE, haven::vault::KEY_FILE] {
        std::fs::copy(std::path::Path::new(FIXTURE).join(f), to.join(f)).unwrap();
    }
    Vault::at(to)
}

#[test]
fn a_vault_of_the_first_schema_opens_and_is_brought_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let vault = copy_fixture(dir.path());
    let s = vault.unlock(ADMIN, &pass(ADMIN_PASSPHRASE)).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    let names: Vec<String> = s
        .list_users()
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(
        names,
        vec![ADMIN.to_string(), "fixture.caseworker".to_string()]
    );
    s.check_integrity().unwrap();
}

#[test]
fn a_vault_from_a_newer_build_is_refused_without_change() {
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    let s = admin(&vault);
    s.raw_connection()
        .execute_batch(&format!("PRAGMA user_version = {}", SCHEMA_VERSION + 1))
        .unwrap();
    drop(s);
    let e = vault.unlock(ADMIN, &pass(ADMIN_PASSPHRASE)).unwrap_err();
    assert!(matches!(e, Error::TooNew), "{e:?}");
    assert!(e.to_string().contains("newer version of Haven"));
}

#[test]
fn migrations_record_their_version() {
    let dir = tempfile::tempdir().unwrap();
    let s = admin(&floor_vault(dir.path()));
    assert_eq!(schema_version(s.raw_connection()).unwrap(), SCHEMA_VERSION);
}

/// Writes the fixture (run by hand once, when a schema version is released):
/// `HAVEN_WRITE_FIXTURE=1 cargo test --test schema_migrations write_fixture -- --ignored`.
#[test]
#[ignore]
fn write_fixture() {
    if std::env::var("HAVEN_WRITE_FIXTURE").is_err() {
        return;
    }
    let dir = std::path::Path::new(FIXTURE);
    let _ = std::fs::remove_dir_all(dir);
    let vault = floor_vault(dir);
    let mut s = admin(&vault);
    s.add_user(
        "fixture.caseworker",
        &[haven::Role::Caseworker],
        &pass(OTHER_PASSPHRASE),
    )
    .unwrap();
}
