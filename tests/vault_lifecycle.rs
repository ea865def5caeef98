//! Creating, unlocking and administering a vault through the core API.
#![forbid(unsafe_code)]

mod common;

use std::time::Instant;

use common::*;
use haven::{Error, ErrorKind, Permission, Role, Vault};

#[test]
fn a_new_vault_unlocks_as_its_admin_and_with_the_right_passphrase_only() {
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    let s = vault.unlock("Admin.One", &pass(ADMIN_PASSPHRASE)).unwrap();
    assert_eq!(s.user().name, ADMIN);
    assert_eq!(s.user().roles, vec![Role::Admin]);
    assert_eq!(s.info().auto_lock_minutes, 5);
    drop(s);
    for (user, passphrase) in [
        (ADMIN, "lantern quietly orbit mustarD"),
        ("nobody", ADMIN_PASSPHRASE),
        ("", ""),
    ] {
        let e = vault.unlock(user, &pass(passphrase)).unwrap_err();
        assert!(matches!(e, Error::WrongCredentials), "{user}: {e:?}");
        assert_eq!(e.to_string(), "The user name or passphrase is wrong.");
    }
}

#[test]
fn an_unknown_user_costs_as_much_as_a_wrong_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    // The unknown user pays the production derivation, which is dearer than this vault's floor
    // slots: so "no such user" can never be told apart by being faster.
    let t = Instant::now();
    let _ = vault.unlock("nobody", &pass(ADMIN_PASSPHRASE));
    let unknown = t.elapsed();
    let t = Instant::now();
    let _ = vault.unlock(ADMIN, &pass("wrong wrong wrong wrong"));
    let wrong = t.elapsed();
    assert!(
        unknown >= wrong / 2,
        "unknown {unknown:?} vs wrong {wrong:?}"
    );
}

#[test]
fn creating_over_an_existing_vault_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    let before = std::fs::read(vault.key_file_path()).unwrap();
    let e = vault
        .create_with(
            "someone.else",
            &pass(OTHER_PASSPHRASE),
            haven::KdfParams::FLOOR,
        )
        .unwrap_err();
    assert!(matches!(e, Error::VaultExists));
    assert_eq!(std::fs::read(vault.key_file_path()).unwrap(), before);
}

#[test]
fn a_missing_vault_and_a_missing_key_file_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let e = Vault::at(dir.path().join("nothing"))
        .unlock(ADMIN, &pass(ADMIN_PASSPHRASE))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NoVault);
    let vault = floor_vault(dir.path());
    std::fs::remove_file(vault.key_file_path()).unwrap();
    let e = vault.unlock(ADMIN, &pass(ADMIN_PASSPHRASE)).unwrap_err();
    assert!(matches!(e, Error::KeyFileMissing), "{e:?}");
}

#[test]
fn a_weak_first_passphrase_or_bad_name_is_refused_and_no_vault_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::at(dir.path().join("v"));
    let e = vault
        .create_with(ADMIN, &pass("password1234"), haven::KdfParams::FLOOR)
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::WeakPassphrase {
                field: "passphrase",
                ..
            }
        ),
        "{e:?}"
    );
    let e = vault
        .create_with("  ", &pass(ADMIN_PASSPHRASE), haven::KdfParams::FLOOR)
        .unwrap_err();
    assert_eq!(e.field(), Some("adminName"));
    assert!(!vault.exists() && !vault.database_path().exists());
}

#[test]
fn a_user_name_holds_no_direction_controls_or_invisible_characters() {
    // "admin\u{202E}eno.nimda" would show as another user's name in every list and log.
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(&dir.path().join("v"));
    let mut s = admin(&vault);
    for bad in [
        "leyla\u{202E}ekaT",
        "ley\u{200B}la",
        "\u{FEFF}leyla",
        "leyla\u{2066}",
    ] {
        let e = s
            .add_user(bad, &[Role::Intake], &pass(OTHER_PASSPHRASE))
            .unwrap_err();
        assert_eq!(e.field(), Some("userName"), "{bad:?}");
        assert!(e.to_string().contains("invisible"), "{e}");
    }
    assert_eq!(user_names(&s), [ADMIN]);
    let other = Vault::at(dir.path().join("w"));
    let e = other
        .create_with(
            "admin\u{202E}",
            &pass(ADMIN_PASSPHRASE),
            haven::KdfParams::FLOOR,
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("adminName"));
    assert!(!other.exists());
}

#[test]
fn users_are_added_listed_given_roles_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    let mut s = admin(&vault);
    s.add_user("Leyla.Intake", &[Role::Intake], &pass(OTHER_PASSPHRASE))
        .unwrap();
    s.add_user(
        "kamal.cw",
        &[Role::Caseworker, Role::Supervisor],
        &pass(OTHER_PASSPHRASE),
    )
    .unwrap();
    let e = s
        .add_user("leyla.intake", &[Role::Intake], &pass(OTHER_PASSPHRASE))
        .unwrap_err();
    assert_eq!(e.field(), Some("userName"), "duplicate name: {e:?}");
    let e = s
        .add_user("nobody.roles", &[], &pass(OTHER_PASSPHRASE))
        .unwrap_err();
    assert_eq!(e.field(), Some("role"));
    let e = s
        .add_user("weak.one", &[Role::Intake], &pass("weak"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::WeakPassphrase);

    let list = s.list_users().unwrap();
    let names: Vec<_> = list
        .iter()
        .map(|u| (u.name.as_str(), u.roles.clone()))
        .collect();
    assert_eq!(
        names,
        vec![
            (ADMIN, vec![Role::Admin]),
            ("kamal.cw", vec![Role::Caseworker, Role::Supervisor]),
            ("Leyla.Intake", vec![Role::Intake]),
        ]
    );

    s.set_roles("kamal.cw", &[Role::Supervisor]).unwrap();
    drop(s);
    let k = vault.unlock("kamal.cw", &pass(OTHER_PASSPHRASE)).unwrap();
    assert_eq!(k.user().roles, vec![Role::Supervisor]);
    drop(k);

    let mut s = admin(&vault);
    s.remove_user("leyla.intake").unwrap();
    assert!(matches!(
        s.remove_user("leyla.intake"),
        Err(Error::NoSuchUser)
    ));
    drop(s);
    let e = vault
        .unlock("leyla.intake", &pass(OTHER_PASSPHRASE))
        .unwrap_err();
    assert!(
        matches!(e, Error::WrongCredentials),
        "a removed user still unlocks: {e:?}"
    );
    // The name can be given to a new user, with a new passphrase.
    let mut s = admin(&vault);
    s.add_user(
        "leyla.intake",
        &[Role::Intake],
        &pass("harbor pencil gravity tulip"),
    )
    .unwrap();
    drop(s);
    assert!(vault
        .unlock("leyla.intake", &pass(OTHER_PASSPHRASE))
        .is_err());
    vault
        .unlock("leyla.intake", &pass("harbor pencil gravity tulip"))
        .unwrap();
}

#[test]
fn the_vault_always_keeps_an_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    let mut s = admin(&vault);
    assert!(matches!(
        s.set_roles(ADMIN, &[Role::Caseworker]),
        Err(Error::LastAdmin)
    ));
    s.add_user("second.admin", &[Role::Admin], &pass(OTHER_PASSPHRASE))
        .unwrap();
    assert!(s.remove_user(ADMIN).is_err(), "an admin removed themself");
    s.set_roles(ADMIN, &[Role::Caseworker, Role::Admin])
        .unwrap();
    drop(s);
    let mut second = vault
        .unlock("second.admin", &pass(OTHER_PASSPHRASE))
        .unwrap();
    second.set_roles(ADMIN, &[Role::Caseworker]).unwrap();
    assert!(matches!(
        second.set_roles("second.admin", &[Role::Intake]),
        Err(Error::LastAdmin)
    ));
}

#[test]
fn only_admins_manage_users_and_the_core_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    let mut s = admin(&vault);
    for (name, role) in [
        ("i.user", Role::Intake),
        ("c.user", Role::Caseworker),
        ("s.user", Role::Supervisor),
    ] {
        s.add_user(name, &[role], &pass(OTHER_PASSPHRASE)).unwrap();
    }
    drop(s);
    for name in ["i.user", "c.user", "s.user"] {
        let mut u = vault.unlock(name, &pass(OTHER_PASSPHRASE)).unwrap();
        let denied = [
            u.list_users().map(|_| ()),
            u.add_user("x.user", &[Role::Intake], &pass(OTHER_PASSPHRASE))
                .map(|_| ()),
            u.remove_user(ADMIN),
            u.set_roles(name, &[Role::Admin]).map(|_| ()),
        ];
        for d in denied {
            let e = d.unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Forbidden, "{name}: {e:?}");
            assert_eq!(
                e.to_string(),
                "Your roles do not allow you to manage users, settings and backups."
            );
        }
        assert!(u.require(Permission::Administer).is_err());
    }
}

#[test]
fn the_database_is_sqlcipher_with_the_expected_settings() {
    let dir = tempfile::tempdir().unwrap();
    let s = admin(&floor_vault(dir.path()));
    let c = s.raw_connection();
    let version: String = c
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .unwrap();
    assert!(version.starts_with("4."), "{version}");
    let get = |p: &str| {
        c.query_row(&format!("PRAGMA {p}"), [], |r| {
            r.get::<_, rusqlite::types::Value>(0)
        })
        .unwrap()
    };
    use rusqlite::types::Value::{Integer, Text};
    assert_eq!(get("journal_mode"), Text("wal".into()));
    assert_eq!(get("temp_store"), Integer(2), "temp_store = MEMORY");
    assert_eq!(get("secure_delete"), Integer(1));
    assert_eq!(get("foreign_keys"), Integer(1));
    // SQLCipher answers its own pragmas as text.
    assert_eq!(get("cipher_page_size"), Text("16384".into()));
}

#[test]
fn each_user_keeps_their_language_and_the_admin_sets_the_auto_lock_time() {
    use haven::preferences::Language;
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    let mut a = admin(&vault);
    a.add_user(
        "case.worker",
        &[haven::Role::Caseworker],
        &pass(OTHER_PASSPHRASE),
    )
    .unwrap();
    assert_eq!(a.info().language, None);
    assert_eq!(a.info().auto_lock_minutes, 5);
    a.set_language(Language::Az).unwrap();
    assert_eq!(
        a.set_auto_lock_minutes(0).unwrap_err().field(),
        Some("autoLockMinutes")
    );
    assert_eq!(
        a.set_auto_lock_minutes(61).unwrap_err().field(),
        Some("autoLockMinutes")
    );
    a.set_auto_lock_minutes(15).unwrap();
    drop(a);

    let mut cw = vault
        .unlock("case.worker", &pass(OTHER_PASSPHRASE))
        .unwrap();
    assert_eq!(
        cw.info().language,
        None,
        "one user's choice is not another's"
    );
    assert_eq!(cw.info().auto_lock_minutes, 15);
    assert_eq!(
        cw.set_auto_lock_minutes(10).unwrap_err().kind(),
        haven::ErrorKind::Forbidden
    );
    cw.set_language(Language::Ru).unwrap();
    drop(cw);
    assert_eq!(admin(&vault).info().language, Some(Language::Az));
    let cw = vault
        .unlock("case.worker", &pass(OTHER_PASSPHRASE))
        .unwrap();
    assert_eq!(cw.info().language, Some(Language::Ru));
}
