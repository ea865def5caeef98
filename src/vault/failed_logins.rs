//! Failed logins, recorded although the vault is locked.
//!
//! A failed attempt cannot be written to the encrypted database (its key is what failed). It
//! is sealed instead — an anonymous box (X25519 + XSalsa20-Poly1305) to the vault's events
//! public key, kept in the key file — and appended to `vault.events`. Only the holder of the
//! data key derives the matching secret key: at the next successful unlock the sealed events
//! are opened, written to the audit log and the file is removed. A sealed event holds the time
//! and the lookup hash of the user name typed (the same hash the key file uses), never the name
//! or the passphrase typed.
//!
//! The file is removed only after the audit entries are committed, so a crash in between loses
//! no attempt; the same transaction stores a mark of the bytes it logged (their length and
//! SHA-256), so the attempts still in the file after such a crash are not logged twice.

use std::fs;
use std::io::Write;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::keyfile::KeyFile;
use super::Vault;
use crate::secret::DataKey;
use crate::Result;

/// The file of sealed events inside the vault directory.
pub const EVENTS_FILE: &str = "vault.events";
/// Past this size further attempts are not recorded (a guard against filling the disk).
const MAX_BYTES: u64 = 1 << 20;

/// One failed attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FailedLogin {
    /// When (RFC 3339, UTC).
    pub at: String,
    /// The lookup hash of the user name typed, base64; none if it was no valid user name.
    pub lookup: Option<String>,
}

/// The events secret key of a vault, derived from its data key.
pub(crate) fn secret_key(data_key: &DataKey, vault_id: &str) -> crypto_box::SecretKey {
    let hk = Hkdf::<Sha256>::new(Some(vault_id.as_bytes()), data_key.as_bytes());
    let mut bytes = [0u8; 32];
    hk.expand(b"haven failed-login events v1", &mut bytes)
        .expect("32 bytes is a valid HKDF length");
    let key = crypto_box::SecretKey::from_bytes(bytes);
    zeroize::Zeroize::zeroize(&mut bytes);
    key
}

/// The public half, for the key file.
pub(crate) fn public_key(data_key: &DataKey, vault_id: &str) -> [u8; 32] {
    secret_key(data_key, vault_id).public_key().to_bytes()
}

/// Records a failed attempt. Best effort: a vault whose key file has no events key yet, a
/// full file or a write error loses the record, never the answer to the user.
pub(crate) fn record(vault: &Vault, kf: &KeyFile, lookup: Option<[u8; 32]>) {
    let Some(public) = kf.events_key else { return };
    let event = FailedLogin {
        at: crate::clock::now_utc(),
        lookup: lookup.map(|l| B64.encode(l)),
    };
    let Ok(json) = serde_json::to_vec(&event) else {
        return;
    };
    let Ok(sealed) =
        crypto_box::PublicKey::from_bytes(public).seal(&mut crypto_box::aead::OsRng, &json)
    else {
        return;
    };
    let path = vault.dir().join(EVENTS_FILE);
    if fs::metadata(&path).is_ok_and(|m| m.len() > MAX_BYTES) {
        return;
    }
    let mut opts = fs::OpenOptions::new();
    opts.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    if let Ok(mut f) = opts.open(&path) {
        let line = format!("{}\n", B64.encode(sealed));
        let _ = f.write_all(line.as_bytes()).and_then(|()| f.sync_all());
    }
}

/// The attempts recorded and not yet logged, read from the file (which stays until [`remove`]).
pub(crate) struct Pending {
    /// The attempts that opened.
    pub events: Vec<FailedLogin>,
    /// Lines that do not open (damaged, or sealed to a key from before a rotation).
    pub unreadable: usize,
    /// The mark of the whole file, to store with the audit entries (see [`read`]).
    pub mark: String,
}

/// Reads the recorded attempts; `None` when there are none. `logged` is the mark stored with
/// the entries the last time: when the file still begins with the bytes it names (a crash came
/// after their entries were committed and before the file was removed), those are skipped.
pub(crate) fn read(
    vault: &Vault,
    secret: &crypto_box::SecretKey,
    logged: Option<&str>,
) -> Result<Option<Pending>> {
    let path = vault.dir().join(EVENTS_FILE);
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let skip = logged
        .and_then(|m| m.split_once(':'))
        .and_then(|(len, _)| len.parse::<usize>().ok())
        .filter(|&len| len <= bytes.len() && Some(mark(&bytes[..len]).as_str()) == logged)
        .unwrap_or(0);
    let mut events = Vec::new();
    let mut unreadable = 0;
    let text = String::from_utf8_lossy(&bytes[skip..]);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let opened = B64
            .decode(line.trim())
            .ok()
            .and_then(|sealed| secret.unseal(&sealed).ok())
            .and_then(|json| serde_json::from_slice::<FailedLogin>(&json).ok());
        match opened {
            Some(e) => events.push(e),
            None => unreadable += 1,
        }
    }
    Ok(Some(Pending {
        events,
        unreadable,
        mark: mark(&bytes),
    }))
}

/// Removes the file, once its attempts are in the audit log.
pub(crate) fn remove(vault: &Vault) -> Result<()> {
    match fs::remove_file(vault.dir().join(EVENTS_FILE)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

/// `LENGTH:SHA-256` of the file's bytes: names them without holding any.
fn mark(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}:{hex}", bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_logged_before_a_crash_are_skipped_and_later_ones_read() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::at(dir.path());
        let key = DataKey::generate().unwrap();
        let secret = secret_key(&key, "vault");
        let mut kf = KeyFile::new(uuid::Uuid::now_v7()).unwrap();
        kf.events_key = Some(public_key(&key, "vault"));
        record(&vault, &kf, None);
        record(&vault, &kf, Some([7; 32]));
        let first = read(&vault, &secret, None).unwrap().unwrap();
        assert_eq!((first.events.len(), first.unreadable), (2, 0));
        // Logged with this mark, then a crash before the file was removed, then one more.
        record(&vault, &kf, None);
        let next = read(&vault, &secret, Some(&first.mark)).unwrap().unwrap();
        assert_eq!((next.events.len(), next.unreadable), (1, 0));
        // A mark that does not name the file's beginning skips nothing.
        for other in ["3:00", "junk", &format!("9999{}", first.mark)] {
            let all = read(&vault, &secret, Some(other)).unwrap().unwrap();
            assert_eq!(all.events.len(), 3, "{other}");
        }
        remove(&vault).unwrap();
        remove(&vault).unwrap();
        assert!(read(&vault, &secret, Some(&next.mark)).unwrap().is_none());
    }
}
