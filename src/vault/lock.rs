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
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            // SAFETY: flock on a file descriptor we own; no memory is shared with the call.
            #[allow(unsafe_code)]
            let rc = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX) };
            if rc != 0 {
                return Err(std::io::Error::last_os_error().into());
            }
        }
        Ok(Self { _dir: f })
    }
}
