//! The release ledger and CTDC microdata: the releases this vault let out (every saved report,
//! every CTDC file), an administrator retiring one from the joint check, and the CTDC export's
//! preview and file (saved through the save dialog; its metadata written beside it).

use std::path::Path;

use haven::report::ctdc::{CtdcExported, CtdcPreview, CtdcRequest};
use haven::report::releases::ReleaseView;
use tauri::State;

use super::admin::with_session;
use super::registry::command;
use crate::error::CommandResult;
use crate::state::AppState;

command! {
    /// The release ledger, newest first (supervisors and administrators).
    pub async fn report_releases(session) -> Vec<ReleaseView> => |s| s.releases()
}

command! {
    /// Retires release `id` from the joint check, for the reason typed (admin; required).
    pub async fn release_retire(session, id: i64, reason: String) -> ()
        => |s| s.retire_release(id, &reason)
}

command! {
    /// What a CTDC export of `request` would write, in numbers (supervisor). Not a release.
    pub async fn ctdc_preview(session, request: CtdcRequest) -> CtdcPreview
        => |s| s.ctdc_preview(&request)
}

command! {
    /// Writes the CTDC microdata of `request` to the CSV file chosen in the save dialog, its
    /// metadata beside it, and records the release (supervisor).
    pub async fn ctdc_export(session, request: CtdcRequest, path: String) -> CtdcExported
        => |s| s.export_ctdc(&request, Path::new(&path))
}
