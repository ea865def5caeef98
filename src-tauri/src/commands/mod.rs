//! The commands the page may call — one line of shell around the core each. The capability
//! file (capabilities/main.json) grants exactly these. This module: the vault and the session;
//! `report`: the indicator report; `admin`: users, the audit log and settings; `backup`: backup, restore and the clipboard; `cases`: case files.

pub mod admin;
pub mod backup;
pub mod cases;
pub mod report;

use std::time::Instant;

use haven::auto_lock::IdleTimer;
use haven::passphrase_policy::{self, Strength};
use haven::{Passphrase, SessionInfo};
use tauri::ipc::Channel;
use tauri::State;

use crate::error::{CommandResult, IpcError};
use crate::ipc::{CreatedVault, LockEvent, LockReason, VaultState};
use crate::state::AppState;

/// Whether there is a vault, and whether it is unlocked.
#[tauri::command]
pub fn vault_state(state: State<'_, AppState>) -> VaultState {
    let inner = state.guard();
    match &inner.session {
        Some(s) => VaultState::Unlocked { session: s.info() },
        None if state.vault.exists() => VaultState::Locked,
        None => VaultState::Missing,
    }
}

/// The strength of a passphrase being typed, for the meter.
#[tauri::command]
pub fn passphrase_strength(passphrase: String, user_name: String) -> Strength {
    passphrase_policy::estimate(&Passphrase::new(passphrase), &[&user_name])
}

/// Creates the vault with its first administrator; returns the recovery key to show once.
#[tauri::command]
pub async fn create_vault(
    state: State<'_, AppState>,
    admin_name: String,
    passphrase: String,
    passphrase_again: String,
) -> CommandResult<CreatedVault> {
    let again = Passphrase::new(passphrase_again);
    let passphrase = passphrase_policy::confirm(
        Passphrase::new(passphrase),
        &again,
        &[&admin_name],
        "passphrase",
        "passphraseAgain",
    )?;
    let recovery = state.vault.create(&admin_name, &passphrase)?;
    Ok(CreatedVault {
        recovery_key: recovery.grouped().to_string(),
    })
}

/// Unlocks the vault as a user.
#[tauri::command]
pub async fn unlock(
    state: State<'_, AppState>,
    user_name: String,
    passphrase: String,
) -> CommandResult<SessionInfo> {
    let session = state
        .vault
        .unlock(&user_name, &Passphrase::new(passphrase))?;
    let info = session.info();
    let mut inner = state.guard();
    inner.session = Some(session);
    inner.idle =
        Some(IdleTimer::new(info.auto_lock_minutes, Instant::now()).map_err(IpcError::from)?);
    Ok(info)
}

/// Locks the vault at once (the lock button, Ctrl+L).
#[tauri::command]
pub fn lock(state: State<'_, AppState>) {
    state.guard().lock(LockReason::Manual);
}

/// Records that the user is active, postponing auto-lock.
#[tauri::command]
pub fn touch(state: State<'_, AppState>) -> CommandResult<()> {
    let mut inner = state.guard();
    if inner.session.is_none() {
        return Err(IpcError::locked());
    }
    if let Some(t) = inner.idle.as_mut() {
        t.touch(Instant::now());
    }
    Ok(())
}

/// Gives the shell a channel on which it announces every lock.
#[tauri::command]
pub fn watch_lock(state: State<'_, AppState>, on_lock: Channel<LockEvent>) {
    state.guard().on_lock = Some(on_lock);
}
