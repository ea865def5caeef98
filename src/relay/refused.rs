//! Why the relay refused: the words the shells and the UI branch on. A plain type with no
//! database, so the core's error (a ground type) can carry it.

use serde::Serialize;
use ts_rs::TS;

/// Why the relay refused, as the shells and the UI branch on it (the error's `field`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Refused {
    /// The user name or password was not accepted.
    Credentials,
    /// The relay's database has no Haven schema (`haven relay setup`).
    NotSetUp,
    /// The role may not do this (a site's role running an operator command, say).
    Permission,
    /// The address is not one Haven can read.
    Address,
    /// The server failed otherwise.
    Server,
}

impl Refused {
    /// The word of the error's `field`.
    pub fn as_str(self) -> &'static str {
        match self {
            Refused::Credentials => "credentials",
            Refused::NotSetUp => "notSetUp",
            Refused::Permission => "permission",
            Refused::Address => "address",
            Refused::Server => "server",
        }
    }

    /// What happened and what to do.
    pub fn message(self) -> &'static str {
        match self {
            Refused::Credentials => "The relay did not accept this user name and password. Nothing was sent or received; the packets stay in the outbox. Ask the relay's operator for this site's user name and password, and connect again.",
            Refused::NotSetUp => "The relay's database is not set up for Haven yet. Nothing was sent or received; the packets stay in the outbox. The relay's operator runs `haven relay setup` first.",
            Refused::Permission => "The relay does not allow this user to do that. Nothing was changed. Operator commands need the database owner's rights; a site uses the role the operator gave it.",
            Refused::Address => "The relay's address cannot be read. Write it as postgresql://USER@HOST:PORT/DATABASE (the password is asked for, never written in the address).",
            Refused::Server => "The relay answered with an error. Nothing was sent or received; the packets stay in the outbox. Try again later, or ask the relay's operator to look at the server's log.",
        }
    }
}
