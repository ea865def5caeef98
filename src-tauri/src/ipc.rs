//! The shapes that cross IPC besides the core's own types. TypeScript bindings for all of them
//! are generated into ui/src/bindings by ts-rs (`cargo test -p haven-desktop`).

use haven::SessionInfo;
use serde::{Deserialize, Serialize};
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

/// What the report screen needs to know before a preview.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReportSettings {
    /// The vault's default minimum cell size `k`.
    pub default_min_cell: u32,
    /// The smallest `k` an export may choose.
    pub lowest: u32,
    /// The largest.
    pub highest: u32,
    /// Below this `k`, a report holds exact small counts (marked, and logged as such).
    pub exact_small_counts_below: u32,
}

/// A report written to a file.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SavedReport {
    /// Where, as the user chose it.
    pub path: String,
    /// How many bytes.
    #[ts(type = "number")]
    pub bytes: u64,
}

/// A new recovery key, shown once.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewRecoveryKey {
    /// Grouped for reading aloud and writing down.
    pub recovery_key: String,
}

/// What a data-key rotation hands the administrator, shown once.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Rotated {
    /// The new recovery key (the old one opens nothing now).
    pub recovery_key: String,
    /// A temporary passphrase for every other user, to hand over in person.
    pub temporary_passphrases: Vec<TemporaryPassphrase>,
}

/// One user's temporary passphrase after a rotation.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TemporaryPassphrase {
    /// Whose.
    pub user_name: String,
    /// The passphrase, to be changed at their next unlock.
    pub passphrase: String,
}

/// The vault's settings.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VaultSettings {
    /// The default minimum cell size `k` of indicator reports.
    pub default_min_cell: u32,
    /// Idle minutes before the vault locks itself (from the next unlock on).
    pub auto_lock_minutes: u32,
}

/// What opens a backup being restored: a user's passphrase, or the recovery key.
#[derive(Deserialize, TS)]
#[serde(
    tag = "method",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum RestoreCredentials {
    /// A user of the backed-up vault, with their passphrase.
    Passphrase {
        /// The user name.
        user_name: String,
        /// The passphrase.
        passphrase: String,
    },
    /// The recovery key, as printed.
    RecoveryKey {
        /// The recovery key.
        recovery_key: String,
    },
}
