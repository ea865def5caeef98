//! The survivor's data lifecycle (lifecycle.md): consents that expire and are withdrawn, the
//! consent gate every referral to another organization passes, the retention period, and
//! erasure that really erases while the counts stay.
//!
//! - `consent` — a consent's state on a day, recording and withdrawing consents, the
//!   dashboard's list of consents that need attention.
//! - `gate` — whether a referral is covered, and the override with its sealed reason.
//! - `erasure` — erasing a case's identity and narratives (crypto-shredding: the case's key
//!   first, then the rows), the register of erasures, re-applying it to a restored backup.
//! - `retention` — the closed cases past the retention period.
//! - `settings` — the vault's lifecycle settings.

pub mod consent;
pub mod erasure;
pub(crate) mod gate;
pub mod retention;
pub mod settings;

pub use consent::{ConsentAlert, ConsentState, ConsentView};
pub use erasure::{ErasureKind, ErasureLine, ErasurePreview, ErasureRegister, ErasureSummary};
pub use retention::DueCase;
pub use settings::LifecycleSettings;
