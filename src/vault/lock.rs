//! An advisory lock on the vault directory, held while the key file is read, changed and
//! written, so the app and the CLI cannot lose each other's key file changes.

use std::fs::File;
use std::path::Path;

use crate::Result;

/// Held until dropped.
pub(crate) struct DirLock {
    _dir: File,
}

impl DirLock {
    /// Waits for and takes the lock on `dir`.
    pub(crate) fn acquire(dir: &Path) -> Result<Self> {
        let f = File::open(dir)?;
        crate::system::lock_exclusive(&f)?;
        Ok(Self { _dir: f })
    }
}
