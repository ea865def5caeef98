//! The key file: the data key wrapped once per user (and once for the recovery key).
//!
//! It names no one. A slot is found by an HMAC of the user name under a per-vault salt; the
//! names, display names and roles live inside the encrypted database. Each slot wraps the data
//! key with XChaCha20-Poly1305 under an Argon2id key; the slot's id, kind, lookup hash and KDF
//! parameters are the AEAD's associated data, so editing any of them makes the slot fail to
//! open. The file is JSON (see docs/formats/keyfile.md) and is always replaced atomically.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use uuid::Uuid;

use super::kdf::KdfParams;
use crate::secret::DataKey;
use crate::{Error, Result};

const FORMAT: &str = "haven-keyfile";
const VERSION: u32 = 1;
/// Largest key file Haven reads; a real one is a few KiB.
const MAX_LEN: u64 = 1 << 20;

/// Whose secret opens a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SlotKind {
    /// A user's passphrase.
    Passphrase,
    /// The vault's recovery key.
    Recovery,
}

/// The parsed key file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFile {
    format: String,
    version: u32,
    /// Random id of the vault; also stored in the database, so files of two vaults do not mix.
    pub vault_id: Uuid,
    #[serde(with = "b64_array")]
    lookup_salt: [u8; 16],
    /// The database file this key file opens (a new one after each data key rotation).
    #[serde(default = "default_database")]
    pub database: String,
    /// The public key failed logins are sealed to (see `failed_logins`).
    #[serde(default, with = "b64_option", skip_serializing_if = "Option::is_none")]
    pub events_key: Option<[u8; 32]>,
    /// The slots, in the order they were added.
    pub slots: Vec<Slot>,
    /// HMAC-SHA256 of the rest of the file under a key derived from the data key, written by
    /// every save (see [`KeyFile::seal_state`]); absent in key files of older versions.
    #[serde(default, with = "b64_option", skip_serializing_if = "Option::is_none")]
    seal: Option<[u8; 32]>,
}

/// Whether a key file is as Haven last wrote it, told after unlock (the seal's key comes from
/// the data key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealState {
    /// The seal matches: no field was changed outside Haven.
    Sealed,
    /// No seal: written by a version of Haven from before seals.
    Unsealed,
    /// The seal does not match: some field (a slot removed, the events key replaced …) was
    /// changed outside Haven.
    Broken,
}

/// One wrapped copy of the data key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slot {
    /// Random id of this slot.
    pub id: Uuid,
    /// Passphrase or recovery key.
    pub kind: SlotKind,
    /// HMAC-SHA256 of the normalised user name (or of the recovery label) under the lookup salt.
    #[serde(with = "b64_array")]
    pub lookup: [u8; 32],
    /// Argon2id cost.
    pub kdf: KdfParams,
    #[serde(with = "b64_array")]
    salt: [u8; 16],
    #[serde(with = "b64_array")]
    nonce: [u8; 24],
    #[serde(with = "b64_vec")]
    wrapped_key: Vec<u8>,
}

/// The moments of a key file rewrite, so tests can stop it at each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveStep {
    /// The temporary file holds the new contents.
    TempWritten,
    /// The temporary file is on disk.
    TempSynced,
    /// The temporary file replaced the key file.
    Renamed,
    /// The directory entry is on disk.
    DirectorySynced,
}

/// Which of the two writes of a slot replacement a [`SaveStep`] belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassphraseChangePhase {
    /// Writing the key file with the new slot added beside the old one.
    AddNewSlot,
    /// Writing the key file without the old slot.
    RemoveOldSlot,
}

/// Called after each step of a save; an error stops the save there (tests simulate crashes).
pub type SaveHook<'a> = &'a mut dyn FnMut(SaveStep) -> Result<()>;

impl KeyFile {
    /// An empty key file for a new vault.
    pub fn new(vault_id: Uuid) -> Result<Self> {
        Ok(Self {
            format: FORMAT.into(),
            version: VERSION,
            vault_id,
            lookup_salt: crate::random::bytes()?,
            database: default_database(),
            events_key: None,
            slots: Vec::new(),
            seal: None,
        })
    }

    /// An empty key file for the same vault (same id, same lookups) opening `database`: the
    /// start of a data key rotation.
    pub(crate) fn rekeyed(&self, database: String) -> Self {
        Self {
            format: self.format.clone(),
            version: self.version,
            vault_id: self.vault_id,
            lookup_salt: self.lookup_salt,
            database,
            events_key: None,
            slots: Vec::new(),
            seal: None,
        }
    }

    /// Reads and checks a key file.
    pub fn load(path: &Path) -> Result<Self> {
        let meta = fs::metadata(path)?;
        if meta.len() > MAX_LEN {
            return Err(Error::Damaged);
        }
        Self::parse(&fs::read(path)?)
    }

    /// Parses a key file's bytes. Anything malformed is reported as damage, never a panic.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let file: KeyFile = serde_json::from_slice(bytes).map_err(|_| Error::Damaged)?;
        if file.format != FORMAT || file.version != VERSION {
            return Err(Error::Damaged);
        }
        if !is_database_name(&file.database) {
            return Err(Error::Damaged);
        }
        let mut ids = std::collections::HashSet::new();
        for slot in &file.slots {
            if !ids.insert(slot.id) || slot.wrapped_key.len() != 32 + 16 {
                return Err(Error::Damaged);
            }
        }
        Ok(file)
    }

    /// The lookup hash of a user name (already normalised by the caller).
    pub fn user_lookup(&self, name_key: &str) -> [u8; 32] {
        self.lookup(b"user\0", name_key.as_bytes())
    }

    /// The lookup hash of the recovery slot.
    pub fn recovery_lookup(&self) -> [u8; 32] {
        self.lookup(b"recovery\0", b"")
    }

    fn lookup(&self, label: &[u8], value: &[u8]) -> [u8; 32] {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.lookup_salt).expect("any key length");
        mac.update(b"haven-lookup-v1\0");
        mac.update(label);
        mac.update(value);
        mac.finalize().into_bytes().into()
    }

    /// The slots whose lookup hash matches. More than one only between the two writes of a
    /// passphrase change.
    pub fn slots_for(&self, lookup: &[u8; 32]) -> impl Iterator<Item = &Slot> + '_ {
        let lookup = *lookup;
        self.slots.iter().filter(move |s| s.lookup == lookup)
    }

    /// Wraps `key` in a new slot opened by `secret` and appends it.
    pub fn add_slot(
        &mut self,
        kind: SlotKind,
        lookup: [u8; 32],
        kdf: KdfParams,
        secret: &[u8],
        key: &DataKey,
    ) -> Result<Uuid> {
        let mut slot = Slot {
            id: Uuid::now_v7(),
            kind,
            lookup,
            kdf,
            salt: crate::random::bytes()?,
            nonce: crate::random::bytes()?,
            wrapped_key: Vec::new(),
        };
        let kek = kdf.derive(secret, &slot.salt)?;
        let aad = slot.associated_data(self.vault_id);
        let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
        slot.wrapped_key = cipher
            .encrypt(
                XNonce::from_slice(&slot.nonce),
                Payload {
                    msg: key.as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| Error::Damaged)?;
        let id = slot.id;
        self.slots.push(slot);
        Ok(id)
    }

    /// Replaces the slots found by `lookup` with one new slot opened by `secret`, in two saves
    /// to `path`: first with the new slot beside the old ones, then without the old ones — so a
    /// crash at any point leaves a file that opens with the old secret or the new one. `hook`
    /// is called after every step of both saves.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn replace_slots(
        &mut self,
        path: &Path,
        kind: SlotKind,
        lookup: [u8; 32],
        kdf: KdfParams,
        secret: &[u8],
        key: &DataKey,
        hook: &mut dyn FnMut(PassphraseChangePhase, SaveStep) -> Result<()>,
    ) -> Result<()> {
        let old: Vec<Uuid> = self
            .slots_for(&lookup)
            .filter(|s| s.kind == kind)
            .map(|s| s.id)
            .collect();
        self.add_slot(kind, lookup, kdf, secret, key)?;
        self.save(path, key, &mut |step| {
            hook(PassphraseChangePhase::AddNewSlot, step)
        })?;
        self.remove_slots(&old);
        self.save(path, key, &mut |step| {
            hook(PassphraseChangePhase::RemoveOldSlot, step)
        })
    }

    /// Removes the slots with these ids.
    pub fn remove_slots(&mut self, ids: &[Uuid]) {
        self.slots.retain(|s| !ids.contains(&s.id));
    }

    /// Opens `slot` with `secret`. `None` when the secret is wrong or the slot was edited; the
    /// AEAD cannot tell the two apart. A slot below the KDF floor is refused before any work.
    pub fn open_slot(&self, slot: &Slot, secret: &[u8]) -> Result<Option<DataKey>> {
        let kek = slot.kdf.derive(secret, &slot.salt)?;
        let aad = slot.associated_data(self.vault_id);
        let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
        let plain = cipher.decrypt(
            XNonce::from_slice(&slot.nonce),
            Payload {
                msg: &slot.wrapped_key,
                aad: &aad,
            },
        );
        Ok(plain.ok().and_then(|p| {
            let p = zeroize::Zeroizing::new(p);
            (p.len() == 32).then(|| DataKey::from_slice(&p))
        }))
    }

    /// The MAC of this file's contents (all but the seal) under `key`.
    fn seal_mac(&self, key: &DataKey) -> Hmac<Sha256> {
        let mut unsealed = self.clone();
        unsealed.seal = None;
        let bytes = serde_json::to_vec(&unsealed).expect("a key file always serializes");
        let hk = Hkdf::<Sha256>::new(Some(self.vault_id.to_string().as_bytes()), key.as_bytes());
        let mut seal_key = zeroize::Zeroizing::new([0u8; 32]);
        hk.expand(b"haven key file seal v1", seal_key.as_mut())
            .expect("32 bytes is a valid HKDF length");
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(seal_key.as_ref()).expect("any key length");
        mac.update(b"haven-keyfile-seal-v1\0");
        mac.update(&bytes);
        mac
    }

    /// Whether the file is as Haven last wrote it, checked with the data key it opens.
    pub fn seal_state(&self, key: &DataKey) -> SealState {
        match &self.seal {
            None => SealState::Unsealed,
            // Compared in constant time.
            Some(seal) if self.seal_mac(key).verify_slice(seal).is_ok() => SealState::Sealed,
            Some(_) => SealState::Broken,
        }
    }

    /// Writes the key file to `path` atomically, with the events key of `key` (the data key it
    /// wraps) and sealed under it: a temporary file beside it, fsync, rename over, fsync the
    /// directory. A crash at any point leaves either the old or the new file.
    pub fn save(&mut self, path: &Path, key: &DataKey, hook: SaveHook<'_>) -> Result<()> {
        if path.parent().is_none() || path.file_name().is_none() {
            return Err(Error::NoVault);
        }
        // Derived, so an events key replaced outside Haven never survives a save.
        self.events_key = Some(super::failed_logins::public_key(
            key,
            &self.vault_id.to_string(),
        ));
        self.seal = Some(self.seal_mac(key).finalize().into_bytes().into());
        // Callers hold the vault's lock, so any temporary file found here is a crashed save's.
        crate::files::remove_leftovers(path);
        let bytes = serde_json::to_vec_pretty(self).map_err(|_| Error::Damaged)?;
        let mut new = crate::files::Beside::new(path)?;
        new.file().write_all(&bytes)?;
        new.file().write_all(b"\n")?;
        hook(SaveStep::TempWritten)?;
        new.sync()?;
        hook(SaveStep::TempSynced)?;
        let dir = new.put(path, true)?;
        hook(SaveStep::Renamed)?;
        crate::files::sync_dir(&dir)?;
        hook(SaveStep::DirectorySynced)
    }
}

impl Slot {
    /// The bytes the AEAD authenticates besides the key: everything that says how to open the
    /// slot and whose it is.
    fn associated_data(&self, vault_id: Uuid) -> Vec<u8> {
        let mut ad = Vec::with_capacity(128);
        ad.extend_from_slice(b"haven-slot-v1\0argon2id-v19-xchacha20poly1305\0");
        ad.extend_from_slice(vault_id.as_bytes());
        ad.extend_from_slice(self.id.as_bytes());
        ad.push(match self.kind {
            SlotKind::Passphrase => 1,
            SlotKind::Recovery => 2,
        });
        ad.extend_from_slice(&self.lookup);
        for n in [self.kdf.memory_kib, self.kdf.passes, self.kdf.lanes] {
            ad.extend_from_slice(&n.to_be_bytes());
        }
        ad.extend_from_slice(&self.salt);
        ad
    }
}

fn default_database() -> String {
    super::DATABASE_FILE.to_owned()
}

/// Whether `name` is a database file name Haven writes: `vault.db` or `vault-<32 hex>.db`
/// (never a path, so an edited key file cannot point elsewhere).
pub(crate) fn is_database_name(name: &str) -> bool {
    name == super::DATABASE_FILE
        || name
            .strip_prefix("vault-")
            .and_then(|rest| rest.strip_suffix(".db"))
            .is_some_and(|hex| hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Creates a file readable by its owner only.
pub(crate) fn create_private(path: &Path) -> std::io::Result<File> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

mod b64_array {
    use super::{Engine, B64};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer, const N: usize>(v: &[u8; N], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&B64.encode(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
        d: D,
    ) -> Result<[u8; N], D::Error> {
        let s = String::deserialize(d)?;
        let v = B64.decode(s).map_err(serde::de::Error::custom)?;
        v.try_into()
            .map_err(|_| serde::de::Error::custom("wrong length"))
    }
}

mod b64_option {
    use super::{Engine, B64};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<[u8; 32]>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(bytes) => s.serialize_str(&B64.encode(bytes)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<[u8; 32]>, D::Error> {
        let s = Option::<String>::deserialize(d)?;
        s.map(|s| {
            let v = B64.decode(s).map_err(serde::de::Error::custom)?;
            v.try_into()
                .map_err(|_| serde::de::Error::custom("wrong length"))
        })
        .transpose()
    }
}

mod b64_vec {
    use super::{Engine, B64};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&B64.encode(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        B64.decode(s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_with_slot() -> (KeyFile, DataKey) {
        let mut kf = KeyFile::new(Uuid::now_v7()).unwrap();
        let key = DataKey::generate().unwrap();
        let lookup = kf.user_lookup("unlikely-canary-name");
        kf.add_slot(
            SlotKind::Passphrase,
            lookup,
            KdfParams::FLOOR,
            b"secret words here",
            &key,
        )
        .unwrap();
        (kf, key)
    }

    #[test]
    fn a_slot_opens_with_its_secret_only() {
        let (kf, key) = file_with_slot();
        let slot = &kf.slots[0];
        let opened = kf.open_slot(slot, b"secret words here").unwrap().unwrap();
        assert_eq!(opened.as_bytes(), key.as_bytes());
        assert!(kf.open_slot(slot, b"secret words herE").unwrap().is_none());
    }

    #[test]
    fn editing_any_bound_field_makes_the_slot_fail() {
        let (kf, _) = file_with_slot();
        type Edit = Box<dyn Fn(&mut KeyFile)>;
        let edits: Vec<Edit> = vec![
            Box::new(|k| k.slots[0].id = Uuid::now_v7()),
            Box::new(|k| k.slots[0].kind = SlotKind::Recovery),
            Box::new(|k| k.slots[0].lookup[0] ^= 1),
            Box::new(|k| k.slots[0].kdf.passes += 1),
            Box::new(|k| k.slots[0].kdf.memory_kib += 1024),
            Box::new(|k| k.slots[0].salt[3] ^= 1),
            Box::new(|k| k.slots[0].nonce[3] ^= 1),
            Box::new(|k| k.slots[0].wrapped_key[3] ^= 1),
            Box::new(|k| k.vault_id = Uuid::now_v7()),
        ];
        for (i, edit) in edits.iter().enumerate() {
            let mut k = kf.clone();
            edit(&mut k);
            let slot = k.slots[0].clone();
            assert!(
                k.open_slot(&slot, b"secret words here").unwrap().is_none(),
                "edit {i}"
            );
        }
    }

    #[test]
    fn the_file_round_trips_and_names_no_one() {
        let (kf, _) = file_with_slot();
        let json = serde_json::to_vec(&kf).unwrap();
        assert!(!String::from_utf8_lossy(&json).contains("unlikely-canary-name"));
        let back = KeyFile::parse(&json).unwrap();
        assert!(back
            .open_slot(&back.slots[0], b"secret words here")
            .unwrap()
            .is_some());
    }

    #[test]
    fn malformed_files_are_damage_not_panics() {
        for bad in [
            &b""[..],
            b"{}",
            b"[1,2]",
            b"\xff\xfe",
            br#"{"format":"haven-keyfile","version":2}"#,
        ] {
            assert!(matches!(KeyFile::parse(bad), Err(Error::Damaged)));
        }
    }
}
