//! What a packet's encrypted body carries (docs/formats/packet.md): a referral — the person,
//! the identification, the services asked for, the consent, the notes the consent allows — or
//! the answer to one. JSON inside the `age` encryption; every field is checked again by the
//! receiving vault's own rules before anything is written.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::records::interchange::{NoteRecord, PersonRecord};
use crate::records::vocab::{Exploitation, IdentifiedBy, Recognition, ServiceKind};
use crate::records::CivilDate;

/// The agency where a person was identified: a referral carries it on, so that counts of
/// identifications add up once over every site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteRef {
    /// Its name, as its card gives it.
    pub name: String,
    /// Its fingerprint.
    pub fingerprint: String,
}

/// The consent the referral was made under, as the receiver records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedConsent {
    /// When the person gave it.
    pub given_on: CivilDate,
    /// When it lapses.
    pub expires_on: CivilDate,
}

/// A referral of a person to the recipient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferralBody {
    /// The packet's id, as its header gives it (binds the body to the header).
    pub packet: Uuid,
    /// The sender's fingerprint, as the header gives it (a partner cannot pass on another's
    /// packet as its own).
    pub sender: String,
    /// The referral's date.
    pub date: CivilDate,
    /// The person.
    pub person: PersonRecord,
    /// When the person was identified.
    pub identified_on: CivilDate,
    /// Who identified them.
    #[serde(default)]
    pub identified_by: Option<IdentifiedBy>,
    /// Where they were identified.
    pub identified_at: SiteRef,
    /// Potential or recognized victim.
    pub recognition: Recognition,
    /// Forms of exploitation.
    pub exploitation: Vec<Exploitation>,
    /// ISO 3166-1 alpha-2.
    #[serde(default)]
    pub country_of_exploitation: Option<String>,
    /// The services the receiver is asked for.
    #[serde(default)]
    pub services: Vec<ServiceKind>,
    /// The consent to this referral.
    pub consent: SharedConsent,
    /// Notes, only where the consent names the recipient and the sender chose to include them.
    #[serde(default)]
    pub notes: Vec<NoteRecord>,
}

/// The receiver's answer to a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Answer {
    /// The person is taken in.
    Accepted,
    /// The receiver cannot take the person in.
    Declined,
}

impl Answer {
    /// The word (`accepted`, `declined`).
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Accepted => "accepted",
            Answer::Declined => "declined",
        }
    }

    /// The answer for a word.
    pub fn parse(word: &str) -> Option<Self> {
        match word {
            "accepted" => Some(Answer::Accepted),
            "declined" => Some(Answer::Declined),
            _ => None,
        }
    }
}

/// An acknowledgement: the answer to the referral packet `answers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AckBody {
    /// This packet's id, as its header gives it.
    pub packet: Uuid,
    /// The sender's fingerprint, as the header gives it.
    pub sender: String,
    /// The referral packet answered.
    pub answers: Uuid,
    /// Accepted or declined.
    pub answer: Answer,
    /// The day of the answer.
    pub date: CivilDate,
}

/// A site's exact counts for a period, for the agency that consolidates them (exchange.md):
/// the indicator cells before any suppression, the `identified here` rule applied. No name,
/// code, ref, free text or date finer than the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContributionBody {
    /// This packet's id, as its header gives it.
    pub packet: Uuid,
    /// The sender's fingerprint, as the header gives it.
    pub sender: String,
    /// The first day of the period, inclusive.
    pub from: CivilDate,
    /// The last day, inclusive.
    pub to: CivilDate,
    /// Whether it replaces the site's earlier contribution for the same period.
    pub correction: bool,
    /// `haven` and its version.
    pub generator: String,
    /// Every cell, exact.
    pub cells: Vec<ExactCell>,
}

/// One indicator cell as counted, before disclosure control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExactCell {
    /// Which indicator.
    pub indicator: crate::report::indicators::Indicator,
    /// Which category; empty for the total.
    pub breakdown: crate::report::indicators::Breakdown,
    /// Distinct cases (for an amount: the cases paid in its currency).
    pub count: u64,
    /// For an amount, the sum as a decimal string in the currency's decimals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
}
