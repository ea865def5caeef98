//! The shapes that cross IPC besides the core's own types. TypeScript bindings for all of them
//! are generated into ui/src/bindings by ts-rs (`cargo test -p haven-desktop`).

use haven::SessionInfo;
use serde::Serialize;
use ts_rs::TS;

/// What the page shows at start.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "state", rename_all = "camelCase")]
#[ts(export)]
pub enum VaultState {
    /// No vault yet: the first-run screen.
    Missing,
    /// A vault, locked: the unlock screen.
    Locked,
    /// Unlocked (the page was reloaded): the dashboard.
    Unlocked {
        /// Who is signed in.
        session: SessionInfo,
    },
}

/// The answer to creating a vault.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CreatedVault {
    /// The recovery key, grouped, shown once.
    pub recovery_key: String,
}

/// Why the vault locked.
#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum LockReason {
    /// Nobody used the app for the auto-lock time.
    Idle,
    /// The user locked it.
    Manual,
}

/// Sent to the page when the vault locks.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LockEvent {
    /// Why.
    pub reason: LockReason,
}
