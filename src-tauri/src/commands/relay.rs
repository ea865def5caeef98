//! The relay (PostgreSQL) and consolidated counts: the site's connection, push and pull with
//! progress, contributions made and held, and the consolidated report's preview (saved with
//! `report_save`, which writes the last report made, consolidated or not).
//!
//! The `postgres` client is synchronous and runs its own tokio runtime inside; called on one of
//! Tauri's async-runtime threads it panics. Every call that reaches the relay therefore runs on
//! a plain OS thread of its own ([`off_runtime`]).

use std::path::Path;

use haven::exchange::contribution::{Contribute, ContributionView};
use haven::exchange::relay::{Pulled, Pushed, RelayProgress, RelayView};
use haven::exchange::Sent;
use haven::report::{IndicatorReport, ReportRequest};
use tauri::ipc::Channel;
use tauri::State;
use zeroize::Zeroizing;

use super::admin::with_session;
use super::registry::command;
use crate::error::CommandResult;
use crate::state::AppState;

command! {
    /// The relay's address, the last contact and the packets waiting in the outbox.
    pub async fn relay_get(session) -> RelayView => |s| s.relay()
}

command! {
    /// Connects this site to the relay at `url` with the site's password (admin); both are
    /// kept inside the vault only if the relay accepts them.
    pub async fn relay_connect(
        state: State<'_, AppState>,
        url: String,
        password: Option<String>,
    ) -> CommandResult<RelayView> {
        let password = password.map(Zeroizing::new);
        with_session(&state, |s| {
            off_runtime(|| s.connect_relay(&url, password.as_deref().map(String::as_str)))
        })
    }
}

command! {
    /// Forgets the relay's address and password (admin).
    pub async fn relay_forget(session) -> () => |s| s.forget_relay()
}

command! {
    /// Hands every packet waiting in the outbox to the relay.
    pub async fn relay_push(
        state: State<'_, AppState>,
        on_progress: Channel<RelayProgress>,
    ) -> CommandResult<Pushed> {
        let mut send = throttled(on_progress);
        with_session(&state, |s| off_runtime(|| s.push(&mut send)))
    }
}

command! {
    /// Receives what the relay holds for this agency.
    pub async fn relay_pull(
        state: State<'_, AppState>,
        on_progress: Channel<RelayProgress>,
    ) -> CommandResult<Pulled> {
        let mut send = throttled(on_progress);
        with_session(&state, |s| off_runtime(|| s.pull(&mut send)))
    }
}

command! {
    /// Seals this site's counts for a period to the consolidating partner (supervisor): into
    /// the file chosen in the save dialog, or, without `path`, into the outbox for the relay.
    pub async fn contribute(session, request: Contribute, path: Option<String>) -> Sent
        => |s| s.contribute(&request, path.as_deref().map(Path::new))
}

command! {
    /// The contributions this vault holds, newest first (supervisor).
    pub async fn contributions_list(session) -> Vec<ContributionView> => |s| s.contributions()
}

command! {
    /// The consolidated report for a period, for the preview (supervisor). The session keeps
    /// it: `report_save` writes exactly this report.
    pub async fn consolidate_preview(session, request: ReportRequest) -> IndicatorReport
        => |s| s.consolidate(&request)
}

/// Runs `f` on a plain OS thread (the relay's client may not run on an async runtime's
/// thread), waiting for it; a panic there goes on here.
fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| match scope.spawn(f).join() {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}

/// Sends progress to the page when the whole percent changes, not for every batch.
fn throttled(channel: Channel<RelayProgress>) -> impl FnMut(RelayProgress) + Send {
    let mut last = None;
    move |p: RelayProgress| {
        let percent = p.done.saturating_mul(100).checked_div(p.total).unwrap_or(0);
        if last != Some(percent) {
            last = Some(percent);
            let _ = channel.send(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use tauri::ipc::{Channel, InvokeResponseBody};

    use super::*;

    #[test]
    fn progress_reaches_the_page_once_per_whole_percent() {
        let heard = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&heard);
        let channel = Channel::new(move |body: InvokeResponseBody| {
            if let InvokeResponseBody::Json(json) = body {
                sink.lock().unwrap().push(json);
            }
            Ok(())
        });
        let mut send = throttled(channel);
        for done in [0, 1, 2, 3, 4, 200] {
            send(RelayProgress { done, total: 400 });
        }
        // 0 and 1 of 400 are both 0 %, 2 and 3 both 0 % too; 4 is 1 %, 200 is 50 %.
        let heard = heard.lock().unwrap();
        assert_eq!(heard.len(), 3, "{heard:?}");
        assert!(heard[2].contains("\"done\":200"), "{heard:?}");
    }

    #[test]
    fn work_off_the_runtime_answers_and_a_panic_goes_on() {
        assert_eq!(off_runtime(|| 7), 7);
        let panicked = std::panic::catch_unwind(|| off_runtime(|| panic!("relay client")));
        assert!(panicked.is_err());
    }
}
