//! Helpers shared by the integration tests: vaults at the floor cost, the canary scan, and
//! running a test's own binary as a child process (to kill it mid-write).

#![allow(dead_code)]

pub mod audit;
pub mod feasible;
pub mod postgres;
pub mod rotation;
pub mod sites;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use haven::{KdfParams, Passphrase, Vault};

pub const ADMIN: &str = "admin.one";
pub const ADMIN_PASSPHRASE: &str = "lantern quietly orbit mustard";
pub const OTHER_PASSPHRASE: &str = "violet kettle marathon zebra";

/// A new vault in `dir` at the floor key-derivation cost (fast), with `ADMIN` as admin.
pub fn floor_vault(dir: &Path) -> Vault {
    let vault = Vault::at(dir);
    vault
        .create_with(ADMIN, &ADMIN_PASSPHRASE.into(), KdfParams::FLOOR)
        .expect("create vault");
    vault
}

pub fn admin(vault: &Vault) -> haven::Session {
    vault
        .unlock(ADMIN, &ADMIN_PASSPHRASE.into())
        .expect("unlock as admin")
}

pub fn pass(s: &str) -> Passphrase {
    Passphrase::from(s)
}

/// A marker no file could hold by chance.
pub fn marker(label: &str) -> String {
    let mut b = [0u8; 8];
    getrandom(&mut b);
    format!("canary-{label}-{}", hex::encode(b))
}

fn getrandom(buf: &mut [u8]) {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .unwrap()
        .read_exact(buf)
        .unwrap();
}

/// Every file under `roots` that holds any of `markers` (as UTF-8, UTF-16LE, or in upper or
/// lower case), as `(file, marker)`.
pub fn canary_scan(roots: &[&Path], markers: &[String]) -> Vec<(PathBuf, String)> {
    let mut needles: Vec<(Vec<u8>, &String)> = Vec::new();
    for m in markers {
        for form in [m.clone(), m.to_uppercase(), m.to_lowercase()] {
            needles.push((form.as_bytes().to_vec(), m));
            let utf16: Vec<u8> = form.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
            needles.push((utf16, m));
        }
    }
    let mut hits = Vec::new();
    let mut stack: Vec<PathBuf> = roots.iter().map(|p| p.to_path_buf()).collect();
    while let Some(p) = stack.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(rd) = std::fs::read_dir(&p) {
                stack.extend(rd.flatten().map(|e| e.path()));
            }
        } else if meta.is_file() {
            let Ok(bytes) = std::fs::read(&p) else {
                continue;
            };
            for (needle, m) in &needles {
                if memchr::memmem::find(&bytes, needle).is_some() {
                    hits.push((p.clone(), (*m).clone()));
                    break;
                }
            }
        }
    }
    hits
}

/// The number of files under `root` (to show a scan looked at something).
pub fn count_files(root: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![root.to_path_buf()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            if let Ok(rd) = std::fs::read_dir(&p) {
                stack.extend(rd.flatten().map(|e| e.path()));
            }
        } else {
            n += 1;
        }
    }
    n
}

/// Whether this process is the child half of a test (see [`spawn_self`]).
pub fn child_role() -> Option<String> {
    std::env::var("HAVEN_TEST_CHILD").ok()
}

/// Runs this test binary again as a child that runs only `test_name`, with `role` in
/// `HAVEN_TEST_CHILD` and the given extra environment. Its stdout is piped.
pub fn spawn_self(test_name: &str, role: &str, env: &[(&str, &Path)]) -> Child {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = Command::new(exe);
    cmd.args([test_name, "--exact", "--nocapture", "--test-threads=1"])
        .env("HAVEN_TEST_CHILD", role)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.spawn().expect("spawn child test process")
}

/// The database file of a vault in `dir`.
pub fn db_file(dir: &Path) -> PathBuf {
    dir.join(haven::vault::DATABASE_FILE)
}

/// The names of the vault's active users (an admin's session).
pub fn user_names(session: &haven::Session) -> Vec<String> {
    session
        .list_users()
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect()
}

/// Rewrites the vault's key file after `edit` changed its JSON (an attacker's edit).
pub fn edit_key_file(vault: &Vault, edit: impl FnOnce(&mut serde_json::Value)) {
    let path = vault.key_file_path();
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    edit(&mut json);
    std::fs::write(&path, serde_json::to_vec_pretty(&json).unwrap()).unwrap();
}
