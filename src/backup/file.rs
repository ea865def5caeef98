//! The backup file itself (docs/formats/backup.md): its header, checksum and MAC, written and
//! read a megabyte at a time.

use std::fs::{self, File};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::{Progress, Stage, FORMAT_VERSION, HEADER_LEN, MAGIC, MAX_KEY_FILE, TRAILER_LEN};
use crate::error::StorageFailure;
use crate::secret::DataKey;
use crate::{Error, Result};

/// The fixed-size start of a backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Length of the key file that follows.
    pub key_file_len: u32,
    /// Length of the database that follows the key file.
    pub database_len: u64,
}

impl Header {
    pub(crate) fn to_bytes(self) -> [u8; HEADER_LEN as usize] {
        let mut b = [0u8; HEADER_LEN as usize];
        b[..8].copy_from_slice(MAGIC);
        b[8..10].copy_from_slice(&FORMAT_VERSION.to_be_bytes());
        b[12..16].copy_from_slice(&self.key_file_len.to_be_bytes());
        b[16..24].copy_from_slice(&self.database_len.to_be_bytes());
        b
    }

    /// Reads and checks a header; `file_len` is the whole file's length. Tells a file that is
    /// not a backup, one from a newer Haven, and one cut short apart.
    pub fn parse(bytes: &[u8], file_len: u64) -> Result<Self> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(Error::NotABackup);
        }
        if bytes.len() < HEADER_LEN as usize {
            return Err(Error::BackupTruncated);
        }
        let version = u16::from_be_bytes([bytes[8], bytes[9]]);
        let flags = u16::from_be_bytes([bytes[10], bytes[11]]);
        if version != FORMAT_VERSION {
            return Err(if version > FORMAT_VERSION {
                Error::BackupTooNew
            } else {
                Error::BackupDamaged
            });
        }
        if flags != 0 {
            return Err(Error::BackupDamaged);
        }
        let key_file_len = u32::from_be_bytes(bytes[12..16].try_into().expect("4 bytes"));
        let database_len = u64::from_be_bytes(bytes[16..24].try_into().expect("8 bytes"));
        if key_file_len == 0 || key_file_len > MAX_KEY_FILE || database_len == 0 {
            return Err(Error::BackupDamaged);
        }
        let expected = HEADER_LEN
            .checked_add(u64::from(key_file_len))
            .and_then(|n| n.checked_add(database_len))
            .and_then(|n| n.checked_add(TRAILER_LEN))
            .ok_or(Error::BackupDamaged)?;
        if file_len < expected {
            return Err(Error::BackupTruncated);
        }
        if file_len > expected {
            return Err(Error::BackupDamaged);
        }
        Ok(Self {
            key_file_len,
            database_len,
        })
    }

    pub(crate) fn body_len(self) -> u64 {
        HEADER_LEN + u64::from(self.key_file_len) + self.database_len
    }
}

/// The key of a backup's HMAC, derived from the data key.
pub(crate) struct MacKey(Zeroizing<[u8; 32]>);

impl MacKey {
    pub(crate) fn derive(data_key: &DataKey, vault_id: &Uuid) -> Self {
        let hk = Hkdf::<Sha256>::new(Some(vault_id.as_bytes()), data_key.as_bytes());
        let mut key = Zeroizing::new([0u8; 32]);
        hk.expand(b"haven backup v1", &mut *key)
            .expect("32 bytes is a valid HKDF length");
        Self(key)
    }

    pub(crate) fn hmac(&self) -> Hmac<Sha256> {
        <Hmac<Sha256> as Mac>::new_from_slice(&*self.0).expect("HMAC takes any key length")
    }
}

/// A file removed when dropped unless kept.
pub(crate) struct TempFile(pub(crate) Option<PathBuf>);

impl TempFile {
    pub(crate) fn path(&self) -> &Path {
        self.0.as_deref().expect("not yet kept")
    }

    pub(crate) fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut name = p.clone().into_os_string();
                name.push(suffix);
                let _ = fs::remove_file(name);
            }
        }
    }
}

pub(crate) fn storage(e: std::io::Error) -> Error {
    Error::BackupNotSaved(StorageFailure(e.kind()))
}

pub(crate) fn write_backup_file(
    file: &mut File,
    header: Header,
    key_file: &[u8],
    snapshot: &Path,
    mac_key: &MacKey,
    progress: &mut dyn FnMut(Progress),
) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut sha = Sha256::new();
    let mut mac = mac_key.hmac();
    let mut put = |out: &mut BufWriter<&mut File>, bytes: &[u8]| -> std::io::Result<()> {
        sha.update(bytes);
        mac.update(bytes);
        out.write_all(bytes)
    };
    put(&mut out, &header.to_bytes())?;
    put(&mut out, key_file)?;
    let whole = stream(
        File::open(snapshot)?,
        header.database_len,
        Stage::Writing,
        progress,
        |chunk| put(&mut out, chunk),
    )?;
    if !whole {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    let digest = sha.finalize();
    mac.update(&digest);
    out.write_all(&digest)?;
    out.write_all(&mac.finalize().into_bytes())?;
    out.flush()
}

/// Checks a backup without any key: that it is a Haven backup of a version this build reads,
/// whole, and unchanged since it was written (its checksum). Returns its header.
pub fn check_file(file: &Path) -> Result<Header> {
    check_file_with_progress(file, &mut |_| {})
}

pub(crate) fn check_file_with_progress(
    file: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<Header> {
    let mut f = open_backup(file)?;
    let len = f.metadata()?.len();
    let mut head = Vec::with_capacity(HEADER_LEN as usize);
    (&mut f).take(HEADER_LEN).read_to_end(&mut head)?;
    let header = Header::parse(&head, len)?;
    f.seek(SeekFrom::Start(0))?;
    let mut sha = Sha256::new();
    let whole = stream(
        &mut f,
        header.body_len(),
        Stage::Checking,
        progress,
        |chunk| {
            sha.update(chunk);
            Ok(())
        },
    )?;
    if !whole {
        return Err(Error::BackupTruncated);
    }
    let mut stored = [0u8; 32];
    f.read_exact(&mut stored)
        .map_err(|_| Error::BackupTruncated)?;
    if sha.finalize().as_slice() != stored {
        return Err(Error::BackupDamaged);
    }
    Ok(header)
}

/// Reads `len` bytes of `reader` a megabyte at a time, hands each piece to `each` and tells
/// `progress` how far `stage` has come. `Ok(false)` when the reader ends before `len` bytes.
pub(crate) fn stream(
    reader: impl Read,
    len: u64,
    stage: Stage,
    progress: &mut dyn FnMut(Progress),
    mut each: impl FnMut(&[u8]) -> std::io::Result<()>,
) -> std::io::Result<bool> {
    let mut reader = reader.take(len);
    let mut buf = vec![0u8; 1 << 20];
    let mut done = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            return Ok(done == len);
        }
        each(&buf[..n])?;
        done += n as u64;
        progress(Progress {
            stage,
            done,
            total: len,
        });
    }
}

pub(crate) fn open_backup(file: &Path) -> Result<File> {
    match File::open(file) {
        Ok(f) if f.metadata().is_ok_and(|m| m.is_file()) => Ok(f),
        Ok(_) => Err(Error::NotABackup),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::invalid(
            "file",
            "There is no file at this place; choose the backup file.",
        )),
        Err(e) => Err(e.into()),
    }
}

/// Removes the files in `dir` named `prefix…suffix` (with their journal and WAL files) other
/// than `keep`: what a backup or restore killed half-way left behind. Callers hold the vault's
/// lock, under which such files are made.
pub(crate) fn remove_leftovers(dir: &Path, prefix: &str, suffix: &str, keep: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let base = ["-wal", "-shm", "-journal"]
            .iter()
            .find_map(|s| name.strip_suffix(s))
            .unwrap_or(&name);
        if base.starts_with(prefix) && base.ends_with(suffix) && entry.path() != keep {
            let _ = fs::remove_file(entry.path());
        }
    }
}
