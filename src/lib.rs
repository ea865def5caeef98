//! Haven's core: the encrypted vault and everything done inside it.
//!
//! The shells (the `haven` command line in `cli/`, the desktop app in `src-tauri`) are
//! thin: every rule — validation, roles, encryption — is enforced here, once. This crate knows
//! nothing of Tauri or of the terminal. See docs/ARCHITECTURE.md for the map.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod audit;
pub mod auto_lock;
pub mod backup;
mod case_key;
pub mod cases;
mod clock;
pub mod demo;
pub mod error;
pub mod exchange;
pub mod files;
pub mod hardening;
pub mod integrity;
pub mod lifecycle;
pub mod packet;
pub mod passphrase_policy;
pub mod preferences;
mod random;
pub mod records;
pub mod recovery;
pub mod relay;
pub mod report;
pub mod roles;
pub mod search;
pub mod secret;
pub mod session;
mod store;
mod system;
pub mod users;
pub mod vault;

pub use error::{Error, ErrorKind, Result};
pub use recovery::RecoveryKey;
pub use roles::{Permission, Role};
pub use secret::Passphrase;
pub use session::{Rotation, RotationStep, Session, SessionInfo, SignedInUser};
pub use users::UserSummary;
pub use vault::{KdfParams, Vault};
