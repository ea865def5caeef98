//! Errors as the page receives them: `{kind, message, field}`. The message is the core's
//! user-facing text, which names no person, path or SQL.

use haven::error::Problem;
use haven::ErrorKind;
use serde::Serialize;
use ts_rs::TS;

/// A failed command, as it crosses IPC.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct IpcError {
    /// What kind of failure; the page branches on it.
    pub kind: ErrorKind,
    /// What happened and what to do, for the user.
    pub message: String,
    /// The input at fault, for invalid input.
    pub field: Option<String>,
    /// Every problem of a record, each with its field path (empty otherwise).
    pub problems: Vec<Problem>,
}

impl From<haven::Error> for IpcError {
    fn from(e: haven::Error) -> Self {
        Self {
            kind: e.kind(),
            message: e.to_string(),
            field: e.field().map(str::to_owned),
            problems: match e {
                haven::Error::Problems(p) => p,
                _ => Vec::new(),
            },
        }
    }
}

impl IpcError {
    /// The vault is locked (or was never unlocked).
    pub fn locked() -> Self {
        haven::Error::Locked.into()
    }
}

/// The result of every command.
pub type CommandResult<T> = Result<T, IpcError>;
