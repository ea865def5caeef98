//! The integrity anchor: the audit chain's head (sequence number and MAC), kept in a small file
//! beside the database and authenticated under a key derived from the data key.
//!
//! SQLite treats a damaged WAL frame as the end of the log and a missing WAL as an empty one,
//! and a database file copied back from last week opens as if nothing happened. Every change
//! appends an audit entry, so "the database still holds the head the anchor names" is exactly
//! "no committed change was lost". The session checks it at unlock.
//!
//! The order makes a power cut harmless: a change is committed (and synced) first, the anchor
//! advanced after. A crash in between leaves the anchor behind the database, which is fine —
//! the database holds the older head too — and the next commit catches up. The file holds two
//! slots and a write replaces only the older one (with one `fdatasync`), so a torn write
//! spoils at most that slot and the other still names a head the database holds. Writers take
//! an exclusive `flock` on the file, readers a shared one, so two processes never tear both.
//!
//! Layout (docs/formats/anchor.md): 16 bytes of header (`HAVENANC`, version 1, seven zeros), then two
//! slots of 80 bytes: generation (u64 BE), sequence (u64 BE), head MAC (32), tag (32) — the
//! HMAC-SHA256 under the anchor key of the label, the database file name, the slot's index and
//! the three fields.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::secret::DataKey;
use crate::{Error, Result};

const MAGIC: &[u8; 8] = b"HAVENANC";
const VERSION: u8 = 1;
const HEADER_LEN: usize = 16;
const SLOT_LEN: usize = 80;
/// The whole file: the header and two slots.
pub(crate) const FILE_LEN: usize = HEADER_LEN + 2 * SLOT_LEN;

/// The `vault_meta` key that says this database has an anchor: from then on a missing anchor
/// file is refused, not re-made.
pub(crate) const ANCHORED: &str = "anchored";

/// A head of the audit chain: the newest entry's sequence number and MAC (`0` and zeros for an
/// empty log).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ChainHead {
    pub(crate) seq: i64,
    pub(crate) mac: [u8; 32],
}

impl ChainHead {
    /// The head of an empty log.
    pub(crate) const EMPTY: ChainHead = ChainHead {
        seq: 0,
        mac: [0; 32],
    };

    /// From the log's stored `(seq, mac)`.
    pub(crate) fn from_stored(seq: i64, mac: &[u8]) -> Result<Self> {
        let mac: [u8; 32] = mac.try_into().map_err(|_| Error::Damaged)?;
        Ok(Self { seq, mac })
    }
}

/// What the anchor file says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// There is no anchor file.
    Missing,
    /// The file is there, but no slot is whole and authentic under this key.
    Unreadable,
    /// The newest authentic head.
    Head(ChainHead),
}

#[derive(Zeroize, ZeroizeOnDrop)]
struct AnchorKey([u8; 32]);

/// The anchor of one database file of a vault.
pub(crate) struct Anchor {
    path: PathBuf,
    database: String,
    key: AnchorKey,
}

/// The anchor file that belongs to `database` (`vault.db` → `vault.anchor`,
/// `vault-<id>.db` → `vault-<id>.anchor`).
pub(crate) fn file_name(database: &str) -> String {
    format!(
        "{}.anchor",
        database.strip_suffix(".db").unwrap_or(database)
    )
}

impl Anchor {
    /// The anchor of `database` in `dir`, keyed by HKDF-SHA256 of the data key (salted with the
    /// vault id, like the audit chain's key, with its own label).
    pub(crate) fn new(dir: &Path, database: &str, data_key: &DataKey, vault_id: &str) -> Self {
        let hk = Hkdf::<Sha256>::new(Some(vault_id.as_bytes()), data_key.as_bytes());
        let mut key = [0u8; 32];
        hk.expand(b"haven integrity anchor v1", &mut key)
            .expect("32 bytes is a valid HKDF length");
        Self {
            path: dir.join(file_name(database)),
            database: database.to_owned(),
            key: AnchorKey(key),
        }
    }

    /// The anchor file.
    #[cfg(test)]
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the newest authentic head (under a shared lock, so no write is half done).
    pub(crate) fn read(&self) -> Result<Reading> {
        let mut file = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Reading::Missing),
            Err(e) => return Err(e.into()),
        };
        file.lock_shared()?;
        let Some(bytes) = read_whole(&mut file)? else {
            return Ok(Reading::Unreadable);
        };
        Ok(match self.newest(&bytes) {
            Some((_, _, head)) => Reading::Head(head),
            None => Reading::Unreadable,
        })
    }

    /// Writes a new anchor file naming `head` in both slots, in place of any other: beside its
    /// place, synced, renamed over, the folder synced.
    pub(crate) fn create(&self, head: ChainHead) -> Result<()> {
        let mut bytes = vec![0u8; FILE_LEN];
        bytes[..8].copy_from_slice(MAGIC);
        bytes[8] = VERSION;
        for index in 0..2 {
            let slot = self.slot(index, 1, head);
            bytes[offset(index)..offset(index) + SLOT_LEN].copy_from_slice(&slot);
        }
        let mut new = crate::files::Beside::new(&self.path)?;
        new.file().write_all(&bytes)?;
        new.sync()?;
        let dir = new.put(&self.path, true)?;
        crate::files::sync_dir(&dir)?;
        Ok(())
    }

    /// Moves the anchor forward to `head`, which the database holds durably. Does nothing when
    /// the anchor names `head` or a later one already (another process got there first). The
    /// older slot is overwritten and synced; the newer one stays as it was until the next
    /// advance, so a torn write loses only this step.
    pub(crate) fn advance(&self, head: ChainHead) -> Result<()> {
        let mut file = OpenOptions::new().read(true).write(true).open(&self.path)?;
        file.lock()?;
        let Some(bytes) = read_whole(&mut file)? else {
            return Err(Error::AnchorDamaged);
        };
        let (index, generation) = match self.newest(&bytes) {
            Some((_, _, newest)) if newest.seq >= head.seq => return Ok(()),
            Some((index, generation, _)) => (1 - index, generation + 1),
            None => return Err(Error::AnchorDamaged),
        };
        file.seek(SeekFrom::Start(offset(index) as u64))?;
        file.write_all(&self.slot(index, generation, head))?;
        file.sync_data()?;
        Ok(())
    }

    /// The authentic slot with the highest generation: its index, generation and head.
    fn newest(&self, bytes: &[u8]) -> Option<(usize, u64, ChainHead)> {
        if &bytes[..8] != MAGIC || bytes[8] != VERSION || bytes[9..HEADER_LEN] != [0; 7] {
            return None;
        }
        (0..2)
            .filter_map(|index| {
                let slot = &bytes[offset(index)..offset(index) + SLOT_LEN];
                let generation = u64::from_be_bytes(slot[..8].try_into().ok()?);
                let seq = i64::try_from(u64::from_be_bytes(slot[8..16].try_into().ok()?)).ok()?;
                let mac: [u8; 32] = slot[16..48].try_into().ok()?;
                let head = ChainHead { seq, mac };
                let tag = self.tag(index, generation, head);
                // Compared in constant time by `verify_slice`.
                tag.verify_slice(&slot[48..80]).ok()?;
                Some((index, generation, head))
            })
            .max_by_key(|(_, generation, _)| *generation)
    }

    fn slot(&self, index: usize, generation: u64, head: ChainHead) -> [u8; SLOT_LEN] {
        let mut slot = [0u8; SLOT_LEN];
        slot[..8].copy_from_slice(&generation.to_be_bytes());
        slot[8..16].copy_from_slice(&(head.seq as u64).to_be_bytes());
        slot[16..48].copy_from_slice(&head.mac);
        let tag = self.tag(index, generation, head).finalize().into_bytes();
        slot[48..80].copy_from_slice(&tag);
        slot
    }

    fn tag(&self, index: usize, generation: u64, head: ChainHead) -> Hmac<Sha256> {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&self.key.0).expect("any key length");
        m.update(b"haven-anchor-v1\0");
        m.update(&(self.database.len() as u64).to_be_bytes());
        m.update(self.database.as_bytes());
        m.update(&[index as u8]);
        m.update(&generation.to_be_bytes());
        m.update(&(head.seq as u64).to_be_bytes());
        m.update(&head.mac);
        m
    }
}

fn offset(index: usize) -> usize {
    HEADER_LEN + index * SLOT_LEN
}

/// The file's bytes if it is exactly an anchor's length.
fn read_whole(file: &mut File) -> Result<Option<Vec<u8>>> {
    let mut bytes = Vec::with_capacity(FILE_LEN);
    file.take(FILE_LEN as u64 + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() == FILE_LEN).then_some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor(dir: &Path) -> Anchor {
        Anchor::new(dir, "vault.db", &DataKey::from_slice(&[7; 32]), "vault-id")
    }

    fn head(seq: i64) -> ChainHead {
        ChainHead {
            seq,
            mac: [seq as u8; 32],
        }
    }

    #[test]
    fn advancing_keeps_the_newest_head_and_never_goes_back() {
        let dir = tempfile::tempdir().unwrap();
        let a = anchor(dir.path());
        assert_eq!(a.read().unwrap(), Reading::Missing);
        a.create(head(3)).unwrap();
        assert_eq!(a.read().unwrap(), Reading::Head(head(3)));
        for seq in [4, 5, 9] {
            a.advance(head(seq)).unwrap();
            assert_eq!(a.read().unwrap(), Reading::Head(head(seq)));
        }
        a.advance(head(7)).unwrap();
        assert_eq!(a.read().unwrap(), Reading::Head(head(9)));
        assert_eq!(std::fs::metadata(a.path()).unwrap().len(), FILE_LEN as u64);
    }

    #[test]
    fn a_torn_slot_leaves_the_other_one() {
        let dir = tempfile::tempdir().unwrap();
        let a = anchor(dir.path());
        a.create(head(1)).unwrap();
        a.advance(head(2)).unwrap();
        // The write of head 2 went to one slot; spoil that one, as a torn write would.
        let mut bytes = std::fs::read(a.path()).unwrap();
        let newest = a.newest(&bytes).unwrap().0;
        bytes[offset(newest) + 20] ^= 0xff;
        std::fs::write(a.path(), &bytes).unwrap();
        assert_eq!(a.read().unwrap(), Reading::Head(head(1)));
        // The next advance writes over the spoiled slot.
        a.advance(head(3)).unwrap();
        assert_eq!(a.read().unwrap(), Reading::Head(head(3)));
    }

    #[test]
    fn another_key_database_or_any_edit_reads_as_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let a = anchor(dir.path());
        a.create(head(5)).unwrap();
        let other_key = Anchor::new(
            dir.path(),
            "vault.db",
            &DataKey::from_slice(&[8; 32]),
            "vault-id",
        );
        assert_eq!(other_key.read().unwrap(), Reading::Unreadable);
        let good = std::fs::read(a.path()).unwrap();
        for i in 0..FILE_LEN {
            let mut bytes = good.clone();
            // Flip the byte in both slots' copies where there are two, so no slot survives.
            bytes[i] ^= 0x01;
            if i >= HEADER_LEN {
                let j = HEADER_LEN + (i - HEADER_LEN + SLOT_LEN) % (2 * SLOT_LEN);
                bytes[j] ^= 0x01;
            }
            std::fs::write(a.path(), &bytes).unwrap();
            assert_eq!(a.read().unwrap(), Reading::Unreadable, "byte {i}");
        }
        std::fs::write(a.path(), &good[..FILE_LEN - 1]).unwrap();
        assert_eq!(a.read().unwrap(), Reading::Unreadable);
    }

    /// The test vector of docs/formats/anchor.md.
    #[test]
    fn the_layout_matches_the_format_document() {
        let dir = tempfile::tempdir().unwrap();
        let a = anchor(dir.path());
        a.create(ChainHead {
            seq: 5,
            mac: [5; 32],
        })
        .unwrap();
        let bytes = std::fs::read(a.path()).unwrap();
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        assert_eq!(hex(&bytes[..16]), "484156454e414e430100000000000000");
        assert_eq!(
            hex(&bytes[16..48]),
            "00000000000000010000000000000005".to_owned() + &"05".repeat(16)
        );
        let tag0 = hex(&bytes[64..96]);
        let tag1 = hex(&bytes[144..176]);
        assert_eq!(tag0, TAG_SLOT_0, "slot 0's tag");
        assert_eq!(tag1, TAG_SLOT_1, "slot 1's tag");
    }

    const TAG_SLOT_0: &str = "2b8651dd8cc03dbe0c80a0eaf7eed21007fd140878d0507f094239bea3d47a29";
    const TAG_SLOT_1: &str = "0af39ef09ff2be9f5c545e5655d0bef015f58a54393b3eb4a79df328a5823a4d";
}
