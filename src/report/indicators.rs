//! The indicators and the categories of their cells: what a report counts, as words every
//! report, contribution and consolidation share. Plain types over the vocabulary, no database,
//! so a contribution packet (a ground type) can name them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::records::vocab::{Exploitation, Recognition, Sector, Sex};

/// The category of a cell: each key present is one dimension of the breakdown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Breakdown {
    /// The person's sex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sex: Option<Sex>,
    /// Child or adult on the identification date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub age_group: Option<AgeGroup>,
    /// One form of exploitation (a case may count under several).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub exploitation: Option<Exploitation>,
    /// Potential or recognized victim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub recognition: Option<Recognition>,
    /// The sector of the receiving organization (a case may count under several).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sector: Option<Sector>,
    /// An ISO 4217 currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub currency: Option<String>,
}

impl Breakdown {
    /// The dimensions present, by key, in the contract's order.
    pub fn dimensions(&self) -> Vec<(&'static str, &str)> {
        let mut out = Vec::new();
        if let Some(v) = self.sex {
            out.push(("sex", v.as_str()));
        }
        if let Some(v) = self.age_group {
            out.push(("age_group", v.as_str()));
        }
        if let Some(v) = self.exploitation {
            out.push(("exploitation", v.as_str()));
        }
        if let Some(v) = self.recognition {
            out.push(("recognition", v.as_str()));
        }
        if let Some(v) = self.sector {
            out.push(("sector", v.as_str()));
        }
        if let Some(v) = &self.currency {
            out.push(("currency", v.as_str()));
        }
        out
    }

    /// The breakdown's name: its keys joined by ` × `, or `total`.
    pub fn name(&self) -> String {
        let keys: Vec<&str> = self.dimensions().into_iter().map(|(k, _)| k).collect();
        if keys.is_empty() {
            "total".to_owned()
        } else {
            keys.join(" × ")
        }
    }
}

/// Every breakdown key, in the contract's order.
pub const BREAKDOWN_KEYS: [&str; 6] = [
    "sex",
    "age_group",
    "exploitation",
    "recognition",
    "sector",
    "currency",
];

/// Child or adult, by the age on the identification date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AgeGroup {
    /// Under 18.
    Child,
    /// 18 or over.
    Adult,
    /// Neither a birth date nor an age was recorded.
    Unknown,
}

impl AgeGroup {
    /// Every group, in the order they are listed.
    pub const ALL: [AgeGroup; 3] = [AgeGroup::Child, AgeGroup::Adult, AgeGroup::Unknown];

    /// The contract's word.
    pub fn as_str(self) -> &'static str {
        match self {
            AgeGroup::Child => "child",
            AgeGroup::Adult => "adult",
            AgeGroup::Unknown => "unknown",
        }
    }
}

/// The indicators, in the order of the spec's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Indicator {
    /// Cases identified in the period.
    VictimsIdentified,
    /// Cases referred to a shelter.
    ReferredToShelter,
    /// Cases with a shelter stay overlapping the period.
    Sheltered,
    /// Cases that received legal support.
    ReceivedLegalSupport,
    /// Cases that received medical support.
    ReceivedMedicalSupport,
    /// Cases that received psychological support.
    ReceivedPsychologicalSupport,
    /// Cases paid an allowance.
    AllowanceRecipients,
    /// The sum of the allowances paid, per currency.
    AllowanceAmount,
    /// Cases that started a vocational training.
    VocationalTraining,
    /// Cases placed in a job.
    JobPlacements,
    /// Cases referred to an organization of the NGO sector.
    ReferredToNgo,
    /// Cases referred to the Victim Assistance Center.
    ReferredToAssistanceCenter,
}

impl Indicator {
    /// Every indicator, in the spec's order.
    pub const ALL: [Indicator; 12] = [
        Indicator::VictimsIdentified,
        Indicator::ReferredToShelter,
        Indicator::Sheltered,
        Indicator::ReceivedLegalSupport,
        Indicator::ReceivedMedicalSupport,
        Indicator::ReceivedPsychologicalSupport,
        Indicator::AllowanceRecipients,
        Indicator::AllowanceAmount,
        Indicator::VocationalTraining,
        Indicator::JobPlacements,
        Indicator::ReferredToNgo,
        Indicator::ReferredToAssistanceCenter,
    ];

    /// The contract's id.
    pub fn as_str(self) -> &'static str {
        match self {
            Indicator::VictimsIdentified => "victims_identified",
            Indicator::ReferredToShelter => "referred_to_shelter",
            Indicator::Sheltered => "sheltered",
            Indicator::ReceivedLegalSupport => "received_legal_support",
            Indicator::ReceivedMedicalSupport => "received_medical_support",
            Indicator::ReceivedPsychologicalSupport => "received_psychological_support",
            Indicator::AllowanceRecipients => "allowance_recipients",
            Indicator::AllowanceAmount => "allowance_amount",
            Indicator::VocationalTraining => "vocational_training",
            Indicator::JobPlacements => "job_placements",
            Indicator::ReferredToNgo => "referred_to_ngo",
            Indicator::ReferredToAssistanceCenter => "referred_to_assistance_center",
        }
    }

    /// A heading for people (English; the app shows its own translation).
    pub fn title(self) -> &'static str {
        match self {
            Indicator::VictimsIdentified => "Victims identified",
            Indicator::ReferredToShelter => "Referred to a shelter",
            Indicator::Sheltered => "Sheltered",
            Indicator::ReceivedLegalSupport => "Received legal support",
            Indicator::ReceivedMedicalSupport => "Received medical support",
            Indicator::ReceivedPsychologicalSupport => "Received psychological support",
            Indicator::AllowanceRecipients => "Allowance recipients",
            Indicator::AllowanceAmount => "Allowance amount",
            Indicator::VocationalTraining => "Vocational training",
            Indicator::JobPlacements => "Job placements",
            Indicator::ReferredToNgo => "Referred to an NGO",
            Indicator::ReferredToAssistanceCenter => "Referred to the Victim Assistance Center",
        }
    }

    /// The breakdown keys this indicator publishes, in order.
    pub fn breakdown_keys(self) -> &'static [&'static str] {
        match self {
            Indicator::VictimsIdentified => &["sex", "age_group", "exploitation", "recognition"],
            Indicator::ReferredToShelter | Indicator::Sheltered => &["sex", "sector"],
            Indicator::AllowanceAmount => &["currency"],
            _ => &["sex"],
        }
    }

    /// Whether the indicator is a sum of money rather than a count of cases.
    pub fn is_amount(self) -> bool {
        self == Indicator::AllowanceAmount
    }
}
