//! What the shell keeps between commands: the vault, the open session (if unlocked), the idle
//! timer, and the channel that tells the page when the vault locked itself.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use haven::auto_lock::IdleTimer;
use haven::{Session, Vault};
use tauri::ipc::Channel;

use crate::ipc::{LockEvent, LockReason};

/// The vault directory: `HAVEN_VAULT` if set (tests, several vaults), else the platform default.
pub fn vault_location() -> Option<PathBuf> {
    std::env::var_os("HAVEN_VAULT")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(default_vault_dir)
}

/// Where the vault lives when no other place is named: the platform data directory
/// (`~/.local/share/haven/vault` on Linux), where the command line looks too.
pub fn default_vault_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("haven").join("vault"))
}

/// The one state object, registered with `manage`.
pub struct AppState {
    /// Where the vault is.
    pub vault: Vault,
    inner: Mutex<Inner>,
}

#[derive(Default)]
pub struct Inner {
    /// The open session, while unlocked.
    pub session: Option<Session>,
    /// When the session locks itself.
    pub idle: Option<IdleTimer>,
    /// Where lock events go.
    pub on_lock: Option<Channel<LockEvent>>,
}

impl AppState {
    pub fn new(vault: PathBuf) -> Self {
        Self {
            vault: Vault::at(vault),
            inner: Mutex::new(Inner::default()),
        }
    }

    /// The inner state. A panic while it was held leaves it poisoned; the session is locked
    /// then, rather than trusting what a panicking command left behind.
    pub fn guard(&self) -> MutexGuard<'_, Inner> {
        match self.inner.lock() {
            Ok(g) => g,
            Err(poisoned) => {
                let mut g = poisoned.into_inner();
                g.session = None;
                g.idle = None;
                self.inner.clear_poison();
                g
            }
        }
    }

    /// Locks the vault now if it has been idle too long, and tells the page.
    pub fn lock_if_idle(&self) {
        let mut inner = self.guard();
        let due = inner
            .idle
            .as_ref()
            .is_some_and(|t| t.is_due(Instant::now()));
        if due && inner.session.is_some() {
            inner.lock(LockReason::Idle);
        }
    }
}

impl Inner {
    /// Closes the session (the core wipes the key) and tells the page why.
    pub fn lock(&mut self, reason: LockReason) {
        if let Some(session) = self.session.take() {
            session.lock();
        }
        self.idle = None;
        crate::clipboard::clear(None);
        if let Some(ch) = &self.on_lock {
            let _ = ch.send(LockEvent { reason });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    const PASS: &str = "lantern quietly orbit mustard";

    fn unlocked(dir: &std::path::Path, idle_since: Instant) -> AppState {
        let state = AppState::new(dir.to_path_buf());
        state
            .vault
            .create_with("admin.one", &PASS.into(), haven::KdfParams::FLOOR)
            .unwrap();
        let session = state.vault.unlock("admin.one", &PASS.into()).unwrap();
        let mut inner = state.guard();
        inner.session = Some(session);
        inner.idle = Some(IdleTimer::new(1, idle_since).unwrap());
        drop(inner);
        state
    }

    #[test]
    fn the_clock_locks_an_idle_session_and_spares_an_active_one() {
        let dir = tempfile::tempdir().unwrap();
        let active = unlocked(&dir.path().join("a"), Instant::now());
        active.lock_if_idle();
        assert!(
            active.guard().session.is_some(),
            "an active session was locked"
        );

        let idle = unlocked(
            &dir.path().join("b"),
            Instant::now() - Duration::from_secs(61),
        );
        idle.lock_if_idle();
        let inner = idle.guard();
        assert!(
            inner.session.is_none() && inner.idle.is_none(),
            "an idle session stayed open"
        );
    }
}
