//! Backup and restore from the app, and the clipboard that forgets. A backup goes to a folder
//! the administrator picks (a USB stick, say) through the dialog plugin; a restore is offered on
//! the first-run screen, when this computer has no vault yet.

use std::path::Path;

use haven::backup::{self, BackupStatus, BackupSummary, Progress, RestoreSummary, RestoreWith};
use haven::{Passphrase, RecoveryKey};
use tauri::ipc::Channel;
use tauri::State;

use super::admin::with_session;
use super::registry::command;
use crate::clipboard;
use crate::error::{CommandResult, IpcError};
use crate::ipc::RestoreCredentials;
use crate::state::AppState;

command! {
    /// When the last backup was taken, and whether the reminder is due (admin).
    pub fn backup_status(session) -> BackupStatus => |s| s.backup_status()
}

command! {
    /// Writes a backup of the whole vault into `folder`, under a dated name (admin).
    pub async fn backup_to_folder(
        state: State<'_, AppState>,
        folder: String,
        on_progress: Channel<Progress>,
    ) -> CommandResult<BackupSummary> {
        let mut send = throttled(on_progress);
        with_session(&state, |s| {
            s.backup_to_folder(Path::new(&folder), &mut send)
        })
    }
}

command! {
    /// Restores a backup into this computer's vault location, which must hold no vault yet.
    pub async fn restore_backup(
        state: State<'_, AppState>,
        file: String,
        credentials: RestoreCredentials,
        erasures: Option<String>,
        on_progress: Channel<Progress>,
    ) -> CommandResult<RestoreSummary> {
        if state.guard().session.is_some() {
            return Err(haven::Error::RestoreTargetNotEmpty.into());
        }
        // The register of erasures to re-apply, if the administrator chose one.
        let register = match &erasures {
            Some(path) => Some(std::fs::read(path).map_err(haven::Error::from)?),
            None => None,
        };
        let mut send = throttled(on_progress);
        let file = Path::new(&file);
        let summary = match credentials {
            RestoreCredentials::Passphrase {
                user_name,
                passphrase,
            } => backup::restore_with_erasures(
                file,
                &state.vault,
                RestoreWith::Passphrase {
                    user: &user_name,
                    passphrase: &Passphrase::new(passphrase),
                },
                register.as_deref(),
                &mut send,
            ),
            RestoreCredentials::RecoveryKey { recovery_key } => {
                let key = RecoveryKey::parse(&zeroize::Zeroizing::new(recovery_key))
                    .map_err(IpcError::from)?;
                backup::restore_with_erasures(
                    file,
                    &state.vault,
                    RestoreWith::RecoveryKey(&key),
                    register.as_deref(),
                    &mut send,
                )
            }
        }?;
        Ok(summary)
    }
}

command! {
    /// Puts `text` (an identifying field the user asked to copy) on the clipboard; it is cleared
    /// after 30 seconds, or at lock, unless something else was copied since.
    pub fn clipboard_copy(text: String) -> CommandResult<()> {
        clipboard::copy(text).map_err(|()| {
            IpcError::from(haven::Error::invalid(
                "clipboard",
                "The clipboard cannot be used right now; select the text and copy it instead.",
            ))
        })
    }
}

/// Sends progress to the page when the whole percent changes, not for every step.
fn throttled(channel: Channel<Progress>) -> impl FnMut(Progress) {
    let mut last = None;
    move |p: Progress| {
        let percent = p.done.saturating_mul(100).checked_div(p.total).unwrap_or(0);
        if last != Some((p.stage, percent)) {
            last = Some((p.stage, percent));
            let _ = channel.send(p);
        }
    }
}
