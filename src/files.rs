//! Files written whole or not at all: a new version is written beside its final place, synced,
//! then put there by one rename (`tempfile`'s `persist`), so a reader or a crash sees the old
//! file or the new one, never half of either. The key file, backups, reports and copies of
//! documents are all written this way.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::StorageFailure;
use crate::{Error, Result};

/// A file being written beside `path`: `.{name}.XXXXXX.tmp` in the same folder, readable by its
/// owner only, removed if dropped before [`Beside::put`]. A crash leaves it behind under that
/// pattern, which [`remove_leftovers`] clears.
pub(crate) struct Beside {
    tmp: tempfile::NamedTempFile,
    dir: PathBuf,
}

impl Beside {
    /// Starts a new version of `path`.
    pub(crate) fn new(path: &Path) -> std::io::Result<Self> {
        let (dir, name) = parts(path)?;
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(&dir)?;
        Ok(Self { tmp, dir })
    }

    /// The file to write.
    pub(crate) fn file(&mut self) -> &mut File {
        self.tmp.as_file_mut()
    }

    /// Waits until what was written is on the disk.
    pub(crate) fn sync(&self) -> std::io::Result<()> {
        self.tmp.as_file().sync_all()
    }

    /// Puts the file at `path` by one rename: replacing what is there, or with `overwrite`
    /// false failing with `AlreadyExists` when something is (no check-then-rename race).
    pub(crate) fn put(self, path: &Path, overwrite: bool) -> std::io::Result<PathBuf> {
        if overwrite {
            self.tmp.persist(path).map_err(|e| e.error)?;
        } else {
            self.tmp.persist_noclobber(path).map_err(|e| e.error)?;
        }
        Ok(self.dir)
    }
}

/// Syncs a folder, so a rename inside it survives a power cut.
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Removes what [`Beside`] left of `path` after a crash. Callers hold whatever lock makes sure
/// no other write of `path` is under way.
pub(crate) fn remove_leftovers(path: &Path) {
    let Ok((dir, name)) = parts(path) else {
        return;
    };
    let prefix = format!(".{name}.");
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.starts_with(&prefix) && n.ends_with(".tmp") {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// The folder (`.` for a bare name) and the file name of `path`.
fn parts(path: &Path) -> std::io::Result<(PathBuf, String)> {
    let name = path
        .file_name()
        .ok_or(std::io::ErrorKind::InvalidInput)?
        .to_string_lossy()
        .into_owned();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((dir, name))
}

/// Writes a new file at `path` with `write`, whole or not at all, and never over a file that is
/// there (an export the user asked for): written beside it, synced, then renamed into place.
pub(crate) fn write_new<T>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<T> {
    let exists = || Error::invalid("file", "That file exists already; choose a new name.");
    if path.exists() {
        return Err(exists());
    }
    let mut new = Beside::new(path)?;
    let out = {
        let mut buf = std::io::BufWriter::with_capacity(1 << 20, new.file());
        let out = write(&mut buf)?;
        buf.flush()?;
        out
    };
    new.sync()?;
    if path.exists() {
        return Err(exists());
    }
    let dir = new.put(path, true)?;
    let _ = sync_dir(&dir);
    Ok(out)
}

/// Writes `bytes` to `path` whole or not at all (a report, a copy of a document), replacing a
/// file already there only once the new one is complete. A failure is reported through `fail`,
/// which says what could not be saved.
pub fn save_whole(bytes: &[u8], path: &Path, fail: fn(StorageFailure) -> Error) -> Result<()> {
    if path.file_name().is_none() {
        return Err(Error::invalid("path", "Choose a file name."));
    }
    let result = (|| {
        let mut new = Beside::new(path)?;
        new.file().write_all(bytes)?;
        new.sync()?;
        let dir = new.put(path, true)?;
        let _ = sync_dir(&dir);
        Ok(())
    })();
    result.map_err(|e: std::io::Error| fail(StorageFailure(e.kind())))
}
