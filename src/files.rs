//! Files the user asked Haven to write outside the vault (a report, a copy of a document):
//! written whole or not at all.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::StorageFailure;
use crate::{Error, Result};

/// Writes `bytes` to `path` whole or not at all: a temporary file beside it, synced, then
/// renamed over it. A file already there is replaced only once the new one is complete. A
/// failure is reported through `fail`, which says what could not be saved.
pub fn save_whole(bytes: &[u8], path: &Path, fail: fn(StorageFailure) -> Error) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| Error::invalid("path", "Choose a file name."))?
        .to_string_lossy()
        .into_owned();
    let tmp = dir.join(format!(".{name}.{}.tmp", uuid::Uuid::now_v7().simple()));
    let result = (|| {
        let mut f = std::fs::File::create_new(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e: std::io::Error| fail(StorageFailure(e.kind())))
}
