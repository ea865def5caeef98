//! The indicator report: settings for the screen, the preview (kept in the shell state) and
//! saving exactly that preview.

use haven::report::formats::ReportFormat;
use haven::report::{IndicatorReport, ReportRequest};
use tauri::State;

use super::admin::with_session;
use super::registry::command;

use crate::error::{CommandResult, IpcError};
use crate::ipc::{ReportSettings, SavedReport};
use crate::state::AppState;

command! {
    /// The vault's default minimum cell size and the bounds an export may choose from.
    pub fn report_settings(state: State<'_, AppState>) -> CommandResult<ReportSettings> {
        let inner = state.guard();
        let session = inner.session.as_ref().ok_or_else(IpcError::locked)?;
        Ok(ReportSettings {
            default_min_cell: session.default_min_cell()?,
            lowest: haven::report::MIN_CELL_LOWEST,
            highest: haven::report::MIN_CELL_HIGHEST,
            exact_small_counts_below: haven::report::EXACT_SMALL_COUNTS_BELOW,
        })
    }
}

command! {
    /// Makes the indicator report for the preview. The session keeps it: a save writes exactly
    /// this report, never a recomputed one.
    pub async fn report_preview(session, request: ReportRequest) -> IndicatorReport
        => |s| s.indicator_report(&request)
}

command! {
    /// Saves the report last previewed, in `format`, to the file the user chose, and records
    /// it in the release ledger. Refused (`invalid`, field `report`) when another release was
    /// made or retired since the preview: the preview is then made again.
    pub async fn report_save(
        state: State<'_, AppState>,
        format: ReportFormat,
        path: String,
    ) -> CommandResult<SavedReport> {
        let bytes = with_session(&state, |s| {
            s.save_last_report(format, std::path::Path::new(&path))
        })?;
        Ok(SavedReport { path, bytes })
    }
}
