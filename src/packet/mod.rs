//! Referral packets between agencies (exchange.md, docs/formats/packet.md and
//! agency-card.md): an agency's keys and public card, the fingerprint people read aloud, and
//! the packet file — a clear header, a body encrypted to the recipient with the `age` format
//! and signed by the sender with Ed25519 over header and ciphertext.
//!
//! Pure: no database, no clock. What a vault knows of its partners, and what it has received,
//! is `crate::exchange`'s; this module only reads, checks, seals and opens bytes.
//!
//! - `card` — the public agency card and its fingerprint.
//! - `keys` — an agency's two key pairs, and a partner's public keys.
//! - `file` — the packet file: header, seal, verify, open.
//! - `body` — what a referral or an acknowledgement carries.

pub mod body;
pub mod card;
pub mod file;
pub mod keys;

use serde::Serialize;
use ts_rs::TS;

pub use body::{AckBody, Answer, ContributionBody, ExactCell, ReferralBody, SiteRef};
pub use card::{AgencyCard, Fingerprint};
pub use file::{Header, PacketKind, Sealed};
pub use keys::{AgencyKeys, PublicKeys};

/// How long a packet may be received after the day it was made, in days.
pub const VALID_DAYS: i64 = 30;

/// The largest packet file read, in bytes: a referral is a few KiB, with notes some hundreds.
pub const MAX_PACKET_BYTES: usize = 16 << 20;

/// The largest agency card read, in bytes.
pub const MAX_CARD_BYTES: usize = 16 << 10;

/// Why a packet or a card was refused. Nothing is written when one is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Refusal {
    /// Not a Haven packet (or card) at all.
    NotAPacket,
    /// A packet or card of a format this build does not know.
    UnknownFormat,
    /// A byte of the packet was changed: its signature or its encryption does not check.
    Changed,
    /// The sender is not one of this vault's partners.
    UnknownSender,
    /// The sender was removed from this vault's partners.
    RemovedPartner,
    /// The packet is addressed to another agency.
    AnotherRecipient,
    /// This packet was received before.
    Replay,
    /// The packet is older than the 30 days a packet may be received in.
    Expired,
    /// The packet is dated after today (the sender's clock is wrong, or it was edited).
    FromTheFuture,
    /// An acknowledgement of a referral this vault never sent.
    UnknownReferral,
    /// The fingerprint typed does not match the card's.
    FingerprintMismatch,
    /// This vault has no agency identity yet (`agency init`).
    NoAgency,
    /// A second contribution from the same site for the same period, not marked as a
    /// correction.
    SecondContribution,
}

impl Refusal {
    /// The word the shells and the UI branch on (as the error's `field`).
    pub fn as_str(self) -> &'static str {
        match self {
            Refusal::NotAPacket => "notAPacket",
            Refusal::UnknownFormat => "unknownFormat",
            Refusal::Changed => "changed",
            Refusal::UnknownSender => "unknownSender",
            Refusal::RemovedPartner => "removedPartner",
            Refusal::AnotherRecipient => "anotherRecipient",
            Refusal::Replay => "replay",
            Refusal::Expired => "expired",
            Refusal::FromTheFuture => "fromTheFuture",
            Refusal::UnknownReferral => "unknownReferral",
            Refusal::FingerprintMismatch => "fingerprintMismatch",
            Refusal::NoAgency => "noAgency",
            Refusal::SecondContribution => "secondContribution",
        }
    }

    /// What happened and what to do, for the person at the screen (never a name or a path).
    pub fn message(self) -> &'static str {
        match self {
            Refusal::NotAPacket => "This file is not a Haven referral packet or agency card. Nothing was recorded.",
            Refusal::UnknownFormat => "This file was made by a newer version of Haven. Update Haven to read it. Nothing was recorded.",
            Refusal::Changed => "This packet was changed after it was made (or damaged on the way): it cannot be trusted and nothing was recorded. Ask the sender to send it again.",
            Refusal::UnknownSender => "This packet comes from an agency that is not one of your partners. Nothing was recorded. Add the sender's agency card first, checking its fingerprint with them by phone.",
            Refusal::RemovedPartner => "This packet comes from an agency that was removed from your partners. Nothing was recorded. Add its card again if you work with it again.",
            Refusal::AnotherRecipient => "This packet is addressed to another agency and cannot be opened here. Nothing was recorded. Pass it to the agency it was meant for, or ask the sender to send it to you.",
            Refusal::Replay => "This packet was received before; it was not recorded a second time.",
            Refusal::Expired => "This packet is more than 30 days old and can no longer be received. Nothing was recorded. Ask the sender for a new one.",
            Refusal::FromTheFuture => "This packet is dated after today: the sender's or this computer's date is wrong. Nothing was recorded. Check the date, or ask the sender for a new packet.",
            Refusal::UnknownReferral => "This answer is for a referral this vault never sent. Nothing was recorded.",
            Refusal::FingerprintMismatch => "The fingerprint typed does not match this card. Nothing was stored. Read the fingerprint again with the agency by phone: a card with another fingerprint may not be theirs.",
            Refusal::NoAgency => "This vault has no agency identity yet. An administrator sets it up first (Administration, Agency).",
            Refusal::SecondContribution => "This site already contributed its counts for this period, and this contribution is not marked as a correction. Nothing was recorded. The site sends it again as a correction to replace the first.",
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}
