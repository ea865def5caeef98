//! Case files: what the case screens ask of the core.

use haven::audit::LogLine;
use tauri::State;

use super::admin::with_session;
use crate::error::CommandResult;
use crate::state::AppState;

/// The history of one case: who did what, when.
#[tauri::command]
pub async fn case_history(state: State<'_, AppState>, code: String) -> CommandResult<Vec<LogLine>> {
    with_session(&state, |s| s.case_history(&code))
}
