//! The survivor's data lifecycle: consents, referrals through the consent gate and its
//! override, erasure and purge, retention, the register of erasures, the lifecycle settings.

use haven::lifecycle::erasure::{ErasureRecord, ErasureSummary};
use haven::lifecycle::{
    ConsentAlert, ConsentView, DueCase, ErasureKind, ErasurePreview, LifecycleSettings,
};
use haven::records::interchange::ReferralRecord;
use haven::records::CivilDate;
use haven::{Permission, UserSummary};
use tauri::State;

use super::admin::with_session;
use super::registry::command;
use crate::error::CommandResult;
use crate::state::AppState;

command! {
    /// A case's consents with their state today.
    pub async fn case_consents(session, code: String) -> Vec<ConsentView> => |s| s.consents(&code)
}

command! {
    /// Records that the person withdrew a consent on `on`.
    pub async fn case_withdraw_consent(session, code: String, consent: i64, on: CivilDate) -> ()
        => |s| s.withdraw_consent(&code, consent, on)
}

command! {
    /// Refers the person without a valid consent, for the reason given (administrators and
    /// holders of the override).
    pub async fn case_add_referral_override(
        session, code: String, referral: ReferralRecord, reason: String,
    ) -> i64
        => |s| s.add_referral_with_override(&code, referral, &reason)
}

command! {
    /// The consents of open cases expiring soon, expired or withdrawn (codes only).
    pub async fn consent_alerts(session) -> Vec<ConsentAlert> => |s| s.consent_alerts()
}

command! {
    /// What erasing a case (or purging its narratives) would remove, and what it keeps.
    pub async fn erasure_preview(session, code: String, kind: ErasureKind) -> ErasurePreview
        => |s| s.erasure_preview(&code, kind)
}

command! {
    /// Erases a case's identity and narratives, or its narratives only.
    pub async fn case_erase(session, code: String, kind: ErasureKind, reason: String) -> ErasureSummary
        => |s| s.erase(&code, kind, &reason)
}

command! {
    /// The closed cases past the retention period (admin).
    pub async fn retention_due(session) -> Vec<DueCase> => |s| s.retention_due()
}

command! {
    /// Purges the confirmed list of cases due (admin).
    pub async fn purge_due(session, codes: Vec<String>) -> Vec<ErasureSummary>
        => |s| s.purge_due(&codes)
}

command! {
    /// The register of erasures with the reasons given (admin).
    pub async fn erasures_list(session) -> Vec<ErasureRecord> => |s| s.erasures()
}

command! {
    /// Writes the register of erasures to a new file (admin); the number of erasures in it.
    pub async fn erasures_export(session, path: String) -> usize
        => |s| s.export_erasures(std::path::Path::new(&path))
}

command! {
    /// The vault's lifecycle settings.
    pub async fn lifecycle_settings(session) -> LifecycleSettings => |s| s.lifecycle_settings()
}

command! {
    /// Changes the lifecycle settings (admin).
    pub async fn lifecycle_settings_set(session, settings: LifecycleSettings) -> ()
        => |s| s.set_lifecycle_settings(&settings)
}

command! {
    /// Grants a user the consent override, or takes it back (admin).
    pub async fn user_set_grant(
        session, name: String, permission: Permission, granted: bool,
    ) -> UserSummary
        => |s| s.set_user_grant(&name, permission, granted)
}
