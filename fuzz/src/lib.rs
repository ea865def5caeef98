//! What the fuzz targets share: a scratch vault per fuzzing process.
//!
//! The vault is made once per process at the Argon2id floor (the only slow step), in
//! `$TMPDIR/haven-fuzz-<target>-<pid>`, and its sessions stay open for every input. At exit
//! they are closed and the directory removed; directories left by processes that crashed are
//! removed by the next one.
//!
//! The one `unsafe` block of the repository is here (`atexit`, which std does not offer); every
//! other crate forbids `unsafe`.
#![deny(unsafe_code)]

use std::path::{Path, PathBuf};
use std::sync::{Mutex, TryLockError};

use haven::{KdfParams, Passphrase, Role, Session, Vault};

/// The open sessions and the directory of this process's scratch vault.
static SCRATCH: Mutex<Option<(Vec<Session>, PathBuf)>> = Mutex::new(None);

/// Runs `f` on the sessions of this process's scratch vault, made on first use by
/// `scratch_vault`: the administrator's first, then one per user of `users`.
pub fn with_sessions<R>(
    target: &str,
    users: &[(&str, &[Role])],
    f: impl FnOnce(&mut [Session]) -> R,
) -> R {
    let mut scratch = SCRATCH.lock().unwrap_or_else(|e| e.into_inner());
    let (sessions, _) = scratch.get_or_insert_with(|| {
        let made = scratch_vault(target, users);
        // SAFETY: registers a plain function without arguments; `atexit` has no other contract.
        #[allow(unsafe_code)]
        unsafe {
            libc::atexit(close_at_exit)
        };
        made
    });
    f(sessions)
}

/// Closes the sessions and removes the scratch vault. Besides tidiness, closing matters to
/// LeakSanitizer: while a connection is open, SQLCipher keeps a page buffer where the leak
/// check at exit does not find it, and reports it as leaked.
extern "C" fn close_at_exit() {
    let taken = match SCRATCH.try_lock() {
        Ok(mut guard) => guard.take(),
        Err(TryLockError::Poisoned(e)) => e.into_inner().take(),
        Err(TryLockError::WouldBlock) => None,
    };
    if let Some((sessions, dir)) = taken {
        drop(sessions);
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// The scratch vault's administrator.
pub const ADMIN: &str = "fuzz.admin";
/// Every scratch user's passphrase (a test value; the vault holds nothing real).
pub const PASSPHRASE: &str = "lantern quietly orbit mustard";

/// Organizations (the same names as tests/fixtures/interchange/sample.jsonl) imported into
/// every scratch vault, so that case lines and commands can refer to them.
pub const ORGANIZATIONS: &str = concat!(
    r#"{"type":"organization","name":"Test State Shelter","kind":"shelter","sector":"state","capacity":50}"#,
    "\n",
    r#"{"type":"organization","name":"Test Assistance Center","kind":"assistance_center","sector":"state"}"#,
    "\n",
    r#"{"type":"organization","name":"Test Women NGO","kind":"ngo","sector":"ngo"}"#,
    "\n",
    r#"{"type":"organization","name":"Test Clinic","kind":"health","sector":"state"}"#,
    "\n",
);

/// A new vault for this process (organizations imported), with `users` added besides the
/// administrator: a session for the administrator followed by one per user, and its directory.
fn scratch_vault(target: &str, users: &[(&str, &[Role])]) -> (Vec<Session>, PathBuf) {
    let dir = scratch_dir(target);
    let vault = Vault::at(&dir);
    let pass = Passphrase::from(PASSPHRASE);
    vault
        .create_with(ADMIN, &pass, KdfParams::FLOOR)
        .expect("create the scratch vault");
    let mut admin = vault
        .unlock(ADMIN, &pass)
        .expect("unlock the scratch vault");
    admin
        .import(&mut ORGANIZATIONS.as_bytes(), false, &mut |_| {})
        .expect("import the organizations");
    let mut sessions = Vec::new();
    for (name, roles) in users {
        admin.add_user(name, roles, &pass).expect("add a user");
        sessions.push(vault.unlock(name, &pass).expect("unlock as a user"));
    }
    sessions.insert(0, admin);
    (sessions, dir)
}

fn scratch_dir(target: &str) -> PathBuf {
    let tmp = std::env::temp_dir();
    let prefix = format!("haven-fuzz-{target}-");
    if let Ok(entries) = std::fs::read_dir(&tmp) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(pid) = name.strip_prefix(&prefix) else {
                continue;
            };
            if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    let dir = tmp.join(format!("{prefix}{}", std::process::id()));
    // A directory of this pid is from an earlier process of the same number: start afresh.
    let _ = std::fs::remove_dir_all(&dir);
    dir
}
