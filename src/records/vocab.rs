//! The closed vocabularies of case records, spelled exactly as the interchange format spells
//! them (docs/formats/interchange.md). Each is stored in the database by the same word.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Declares a vocabulary: an enum whose variants (de)serialize as the given words.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        pub enum $name {
            $(
                #[doc = concat!("`", $text, "`")]
                #[serde(rename = $text)]
                $variant,
            )+
        }

        impl $name {
            /// Every value, in the order of the format's table.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word for this value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value for a word, if it is one.
            pub fn parse(word: &str) -> Option<Self> {
                match word {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// What an organization is.
    OrganizationKind {
        Shelter = "shelter", Ngo = "ngo", AssistanceCenter = "assistance_center", Police = "police",
        Health = "health", Legal = "legal", Government = "government", Employer = "employer",
        TrainingProvider = "training_provider", Other = "other",
    }
}

vocabulary! {
    /// Who runs an organization.
    Sector { State = "state", Ngo = "ngo", International = "international", Private = "private" }
}

vocabulary! {
    /// A person's sex as recorded.
    Sex { Female = "female", Male = "male", Other = "other", Unknown = "unknown" }
}

vocabulary! {
    /// Who identified the person as a (potential) victim.
    IdentifiedBy {
        Police = "police", Ngo = "ngo", Hotline = "hotline", SelfReferral = "self",
        LabourInspection = "labour_inspection", BorderGuard = "border_guard", Other = "other",
    }
}

vocabulary! {
    /// Whether the person is formally recognized as a victim.
    Recognition { Potential = "potential", Recognized = "recognized" }
}

vocabulary! {
    /// A form of exploitation.
    Exploitation {
        Sexual = "sexual", ForcedLabour = "forced_labour", DomesticServitude = "domestic_servitude",
        ForcedBegging = "forced_begging", ForcedCriminality = "forced_criminality",
        ForcedMarriage = "forced_marriage", OrganRemoval = "organ_removal", Other = "other",
    }
}

vocabulary! {
    /// Whether a case is open.
    CaseStatus { Open = "open", Closed = "closed" }
}

vocabulary! {
    /// What a consent covers.
    ConsentScope { DataStorage = "data_storage", Referrals = "referrals", Statistics = "statistics" }
}

vocabulary! {
    /// Where a referral stands.
    ReferralStatus { Pending = "pending", Accepted = "accepted", Declined = "declined", Completed = "completed" }
}

vocabulary! {
    /// The kind of a service received.
    ServiceKind {
        Legal = "legal", Medical = "medical", Psychological = "psychological", Social = "social",
        Education = "education", Other = "other",
    }
}

vocabulary! {
    /// Whether an allowance is paid once or repeatedly.
    AllowanceKind { OneTime = "one_time", Recurring = "recurring" }
}

vocabulary! {
    /// How a vocational training went.
    TrainingOutcome { Enrolled = "enrolled", Completed = "completed", DroppedOut = "dropped_out" }
}

vocabulary! {
    /// What a document is.
    DocumentKind {
        IdDocument = "id_document", MedicalReport = "medical_report", Legal = "legal", Other = "other",
    }
}

#[allow(clippy::derivable_impls)] // the enum is made by a macro
impl Default for CaseStatus {
    fn default() -> Self {
        CaseStatus::Open
    }
}

/// One word of a vocabulary as the app offers it: the stored code and the key of its label in
/// the app's translation tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Word {
    /// The word as stored and exchanged (`forced_labour`).
    pub code: String,
    /// The translation key of its label (`cases.word.exploitation.forced_labour`).
    pub label_key: String,
}

/// Declares [`Vocabularies`]: each list once, with its doc, its enum and its label prefix.
macro_rules! vocabularies {
    ($($(#[$doc:meta])* $field:ident: $enum:ty = $list:literal,)+) => {
        /// Every closed word list the screens offer, in the order each is listed: the app asks
        /// the core for them instead of keeping copies.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
        #[serde(rename_all = "camelCase")]
        #[ts(export)]
        pub struct Vocabularies {
            $($(#[$doc])* pub $field: Vec<Word>,)+
            /// Users' roles.
            pub role: Vec<Word>,
        }

        impl Vocabularies {
            /// Every list, from the enums themselves.
            pub fn all() -> Self {
                Self {
                    $($field: words($list, <$enum>::ALL),)+
                    role: labelled(&crate::roles::Role::ALL, |r| format!("role.{r}")),
                }
            }
        }
    };
}

vocabularies! {
    /// A person's sex.
    sex: Sex = "sex",
    /// Open or closed.
    status: CaseStatus = "status",
    /// Potential or recognized.
    recognition: Recognition = "recognition",
    /// Forms of exploitation.
    exploitation: Exploitation = "exploitation",
    /// Who identified the person.
    identified_by: IdentifiedBy = "identifiedBy",
    /// Kinds of service.
    service: ServiceKind = "service",
    /// Kinds of allowance.
    allowance: AllowanceKind = "allowance",
    /// Outcomes of a training.
    training: TrainingOutcome = "training",
    /// Where a referral stands.
    referral: ReferralStatus = "referral",
    /// What a consent covers.
    consent: ConsentScope = "consent",
    /// Kinds of document.
    document: DocumentKind = "document",
}

fn words<T: Copy + std::fmt::Display>(list: &str, all: &[T]) -> Vec<Word> {
    labelled(all, |w| format!("cases.word.{list}.{w}"))
}

fn labelled<T: Copy + std::fmt::Display>(all: &[T], key: impl Fn(&T) -> String) -> Vec<Word> {
    all.iter()
        .map(|w| Word {
            code: w.to_string(),
            label_key: key(w),
        })
        .collect()
}

/// The words of a vocabulary, for "expected one of …" messages.
pub fn expected<T: Copy + std::fmt::Display>(all: &[T]) -> String {
    let words: Vec<String> = all.iter().map(|v| v.to_string()).collect();
    format!("one of {}", words.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_offers_exactly_its_vocabulary_in_order() {
        let v = Vocabularies::all();
        let codes = |w: &[Word]| w.iter().map(|w| w.code.clone()).collect::<Vec<_>>();
        let all = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let sexes: Vec<&str> = Sex::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(codes(&v.sex), all(&sexes));
        assert_eq!(v.exploitation.len(), Exploitation::ALL.len());
        assert_eq!(v.document[0].label_key, "cases.word.document.id_document");
        assert_eq!(v.identified_by[3].code, "self");
        assert_eq!(v.role.last().unwrap().label_key, "role.admin");
    }

    #[test]
    fn every_word_round_trips() {
        for v in Exploitation::ALL {
            assert_eq!(Exploitation::parse(v.as_str()), Some(*v));
            let json = serde_json::to_string(v).unwrap();
            assert_eq!(json, format!("\"{}\"", v.as_str()));
        }
        assert_eq!(
            IdentifiedBy::parse("self"),
            Some(IdentifiedBy::SelfReferral)
        );
        assert_eq!(Sex::parse("Female"), None, "words are exact");
    }
}
