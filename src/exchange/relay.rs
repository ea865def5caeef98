//! The site's side of the relay, as the vault keeps it: the connection (address and password
//! inside the encrypted vault, never in a config file), the last contact, and what a push or
//! a pull did. The statements sent to PostgreSQL are `crate::relay`'s.

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;
use zeroize::Zeroizing;

use crate::packet::Refusal;
use crate::vault::database::{delete_meta, meta, set_meta};
use crate::Result;

const URL: &str = "relay.url";
const PASSWORD: &str = "relay.password";
const LAST_CONTACT: &str = "relay.last_contact";

/// The relay as the screens show it: the address (no password), the last contact, the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RelayView {
    /// The relay's address, if this site is connected to one.
    pub url: Option<String>,
    /// When this site last reached the relay (UTC, RFC 3339).
    pub last_contact: Option<String>,
    /// Packets waiting in the outbox.
    #[ts(type = "number")]
    pub waiting: u64,
}

/// How far a push or a pull is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RelayProgress {
    /// Packets handled so far.
    #[ts(type = "number")]
    pub done: u64,
    /// Packets to handle in all (as known when the work started).
    #[ts(type = "number")]
    pub total: u64,
}

/// What a push did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Pushed {
    /// Packets handed to the relay (and marked sent).
    #[ts(type = "number")]
    pub sent: u64,
}

/// Packets a pull left on the relay, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LeftOnRelay {
    /// Why (a refusal's word, or `notAllowed` for a packet the user's roles may not receive).
    pub reason: String,
    /// How many.
    #[ts(type = "number")]
    pub count: u64,
}

/// What a pull did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Pulled {
    /// Referrals received (each made an intake case).
    #[ts(type = "number")]
    pub referrals: u64,
    /// Answers to referrals received.
    #[ts(type = "number")]
    pub answers: u64,
    /// Contributions received.
    #[ts(type = "number")]
    pub contributions: u64,
    /// Packets received before (a pull cut short), taken off the relay without a second receipt.
    #[ts(type = "number")]
    pub already_received: u64,
    /// Packets that can never be received here (changed, expired, refused as a second
    /// contribution…), taken off the relay.
    #[ts(type = "number")]
    pub discarded: u64,
    /// Packets left on the relay for later, by reason.
    pub left: Vec<LeftOnRelay>,
}

impl Pulled {
    /// Everything received.
    pub fn received(&self) -> u64 {
        self.referrals + self.answers + self.contributions
    }

    /// Counts a packet left on the relay.
    pub(crate) fn leave(&mut self, reason: &str) {
        match self.left.iter_mut().find(|l| l.reason == reason) {
            Some(l) => l.count += 1,
            None => self.left.push(LeftOnRelay {
                reason: reason.to_owned(),
                count: 1,
            }),
        }
    }
}

/// What a pull does with a packet refused on receipt: take it off the relay (it can never be
/// received here) or leave it (it may be, once a partner is added or Haven updated).
pub(crate) fn discard_refused(refusal: Refusal) -> bool {
    !matches!(
        refusal,
        Refusal::UnknownSender
            | Refusal::RemovedPartner
            | Refusal::UnknownFormat
            | Refusal::FromTheFuture
            | Refusal::NoAgency
    )
}

/// The stored connection, if any.
pub(crate) fn connection(conn: &Connection) -> Result<Option<crate::relay::Connection>> {
    let Some(url) = meta(conn, URL)? else {
        return Ok(None);
    };
    let password = meta(conn, PASSWORD)?.map(Zeroizing::new);
    Ok(Some(crate::relay::Connection { url, password }))
}

/// Keeps the connection (in the caller's transaction).
pub(crate) fn keep(conn: &Connection, relay: &crate::relay::Connection) -> Result<()> {
    set_meta(conn, URL, relay.url.trim())?;
    match &relay.password {
        Some(p) => set_meta(conn, PASSWORD, p)?,
        None => delete_meta(conn, PASSWORD)?,
    }
    Ok(())
}

/// Forgets the connection.
pub(crate) fn forget(conn: &Connection) -> Result<()> {
    for key in [URL, PASSWORD, LAST_CONTACT] {
        delete_meta(conn, key)?;
    }
    Ok(())
}

/// Notes that the relay answered just now.
pub(crate) fn touched(conn: &Connection) -> Result<()> {
    set_meta(conn, LAST_CONTACT, &crate::clock::now_utc())
}

/// The relay as the screens show it.
pub(crate) fn view(conn: &Connection) -> Result<RelayView> {
    Ok(RelayView {
        url: meta(conn, URL)?,
        last_contact: meta(conn, LAST_CONTACT)?,
        waiting: crate::store::exchange::waiting_count(conn)?,
    })
}
