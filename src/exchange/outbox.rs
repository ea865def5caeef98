//! The outbox and the inbox: every packet this vault made or received, where it stands, and
//! the bytes of those it may still need to hand over. Codes, dates and organizations only.

use rusqlite::{Connection, Transaction};
use serde::Serialize;
use ts_rs::TS;

use crate::packet::file::PacketKind;
use crate::packet::Answer;
use crate::records::vocab::ServiceKind;
use crate::records::CivilDate;
use crate::store::exchange::{self as store, PacketLine};
use crate::{Error, Result};

/// Which way a packet went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Direction {
    /// Received here.
    In,
    /// Made here.
    Out,
}

/// Where a packet stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PacketStatus {
    /// Made, waiting in the outbox to be saved to a file (or pushed to the relay).
    Waiting,
    /// Written to a file for the partner.
    Sent,
    /// Not sent after all: the consent was withdrawn or the case erased first.
    Cancelled,
    /// Received, not answered yet.
    Received,
    /// The referral was accepted.
    Accepted,
    /// The referral was declined.
    Declined,
}

impl PacketStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PacketStatus::Waiting => "waiting",
            PacketStatus::Sent => "sent",
            PacketStatus::Cancelled => "cancelled",
            PacketStatus::Received => "received",
            PacketStatus::Accepted => "accepted",
            PacketStatus::Declined => "declined",
        }
    }

    fn parse(word: &str) -> Option<Self> {
        [
            PacketStatus::Waiting,
            PacketStatus::Sent,
            PacketStatus::Cancelled,
            PacketStatus::Received,
            PacketStatus::Accepted,
            PacketStatus::Declined,
        ]
        .into_iter()
        .find(|s| s.as_str() == word)
    }

    /// A packet just made: `Sent` when its file was written, else `Waiting` in the outbox.
    pub(crate) fn made(to_file: bool) -> Self {
        if to_file {
            PacketStatus::Sent
        } else {
            PacketStatus::Waiting
        }
    }

    /// Where a referral stands once answered.
    pub(crate) fn of(answer: Answer) -> Self {
        match answer {
            Answer::Accepted => PacketStatus::Accepted,
            Answer::Declined => PacketStatus::Declined,
        }
    }
}

/// A packet of the outbox or the inbox: codes, dates and organizations, never a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PacketView {
    /// The packet's id.
    pub id: String,
    /// Received or made here.
    pub direction: Direction,
    /// A referral or an answer.
    pub kind: PacketKind,
    /// The partner's organization name.
    pub partner: String,
    /// The case (none once erased).
    pub case: Option<String>,
    /// Where it stands.
    pub status: PacketStatus,
    /// The services asked for (referrals).
    pub services: Vec<ServiceKind>,
    /// The referral an answer answers.
    pub answers: Option<String>,
    /// The day it was made.
    pub created_on: CivilDate,
    /// When this vault made or received it (UTC, RFC 3339).
    pub at: String,
    /// Whether its file can be saved (again) from the vault.
    pub savable: bool,
}

fn view(line: PacketLine) -> Result<PacketView> {
    Ok(PacketView {
        direction: if line.direction == "in" {
            Direction::In
        } else {
            Direction::Out
        },
        kind: match line.kind.as_str() {
            "referral" => PacketKind::Referral,
            "ack" => PacketKind::Ack,
            "contribution" => PacketKind::Contribution,
            _ => return Err(Error::Damaged),
        },
        status: PacketStatus::parse(&line.status).ok_or(Error::Damaged)?,
        services: crate::store::split_words(&line.services, ServiceKind::parse)?,
        savable: line.direction == "out" && line.has_bytes,
        id: line.id,
        partner: line.partner_name,
        case: line.case_code,
        answers: line.answers,
        created_on: line.created_on,
        at: line.at,
    })
}

/// The outbox and inbox, newest first.
pub(crate) fn list(conn: &Connection) -> Result<Vec<PacketView>> {
    store::packet_lines(conn)?.into_iter().map(view).collect()
}

/// The packets of one case, newest first.
pub(crate) fn of_case(conn: &Connection, case: i64) -> Result<Vec<PacketView>> {
    store::packet_lines_of_case(conn, case)?
        .into_iter()
        .map(view)
        .collect()
}

/// The bytes of a packet made here, while the vault keeps them.
pub(crate) fn bytes(conn: &Connection, id: &str) -> Result<Vec<u8>> {
    let line = store::packet_line(conn, id)?
        .filter(|l| l.direction == "out")
        .ok_or_else(|| {
            Error::invalid("packet", "There is no packet with this id in the outbox.")
        })?;
    store::packet_bytes(conn, &line.id)?.ok_or_else(|| {
        Error::invalid(
            "packet",
            "This packet is no longer kept: it was answered, cancelled, or its case erased.",
        )
    })
}

/// Marks a waiting packet sent (its file was written).
pub(crate) fn mark_sent(tx: &Transaction<'_>, id: &str) -> Result<()> {
    if let Some(line) = store::packet_line(tx, id)? {
        if line.status == PacketStatus::Waiting.as_str() {
            store::set_packet_status(tx, id, PacketStatus::Sent.as_str(), false)?;
        }
    }
    Ok(())
}
