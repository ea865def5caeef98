//! The interchange format's lines (docs/formats/interchange.md): what `import` reads and
//! `export` writes. Shape only — types, words, required and unknown fields; the rules that
//! relate fields to each other and to the vault are in `validate`.

use serde::{Deserialize, Serialize};

use super::date::CivilDate;
use super::vocab::*;
use crate::error::Problem;
use ts_rs::TS;

/// One line of an interchange file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Line {
    /// An organization (shelter, NGO, …).
    Organization(OrganizationRecord),
    /// A whole case: the person and every event.
    Case(Box<CaseRecord>),
}

/// An organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct OrganizationRecord {
    /// Unique in the vault; how other lines refer to it.
    pub name: String,
    /// What it is.
    pub kind: OrganizationKind,
    /// Who runs it.
    pub sector: Sector,
    /// Beds (shelters only).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub capacity: Option<i64>,
}

/// A case with its person and history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct CaseRecord {
    /// The source system's id.
    #[serde(default, rename = "ref")]
    pub source_ref: Option<String>,
    /// Haven's case code; generated when absent.
    #[serde(default)]
    pub code: Option<String>,
    /// The person.
    pub person: PersonRecord,
    /// When the person was identified.
    pub identified_on: CivilDate,
    /// Who identified them.
    #[serde(default)]
    pub identified_by: Option<IdentifiedBy>,
    /// Potential or recognized victim.
    pub recognition: Recognition,
    /// Forms of exploitation (at least one).
    pub exploitation: Vec<Exploitation>,
    /// ISO 3166-1 alpha-2.
    #[serde(default)]
    pub country_of_exploitation: Option<String>,
    /// Open or closed.
    #[serde(default)]
    pub status: CaseStatus,
    /// Required when closed.
    #[serde(default)]
    pub closed_on: Option<CivilDate>,
    /// Consents given.
    #[serde(default)]
    pub consents: Vec<ConsentRecord>,
    /// Referrals to organizations.
    #[serde(default)]
    pub referrals: Vec<ReferralRecord>,
    /// Stays in shelters.
    #[serde(default)]
    pub shelter_stays: Vec<ShelterStayRecord>,
    /// Services received.
    #[serde(default)]
    pub services: Vec<ServiceRecord>,
    /// Cash allowances.
    #[serde(default)]
    pub allowances: Vec<AllowanceRecord>,
    /// Vocational trainings.
    #[serde(default)]
    pub trainings: Vec<TrainingRecord>,
    /// Job placements.
    #[serde(default)]
    pub employments: Vec<EmploymentRecord>,
    /// Dated notes.
    #[serde(default)]
    pub notes: Vec<NoteRecord>,
}

/// The person a case is about. Identifying throughout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PersonRecord {
    /// Given name.
    #[serde(default)]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default)]
    pub family_name: Option<String>,
    /// Other names the person is known by.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Sex.
    pub sex: Sex,
    /// Date of birth.
    #[serde(default)]
    pub birth_date: Option<CivilDate>,
    /// Age when identified, when the birth date is unknown.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub age_at_identification: Option<i64>,
    /// ISO 3166-1 alpha-2.
    #[serde(default)]
    pub citizenship: Option<String>,
    /// ISO 639-1 codes.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
}

/// A consent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ConsentRecord {
    /// What it covers.
    pub scope: ConsentScope,
    /// When it was given.
    pub given_on: CivilDate,
    /// When it lapses.
    #[serde(default)]
    pub expires_on: Option<CivilDate>,
}

/// A referral to an organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ReferralRecord {
    /// When.
    pub date: CivilDate,
    /// The organization's name.
    pub to: String,
    /// Where it stands.
    pub status: ReferralStatus,
}

/// A stay in a shelter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ShelterStayRecord {
    /// The shelter's name (an organization of kind shelter).
    pub shelter: String,
    /// Admission.
    pub admitted_on: CivilDate,
    /// Discharge; none while the person is in.
    #[serde(default)]
    pub discharged_on: Option<CivilDate>,
}

/// A service received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ServiceRecord {
    /// What kind.
    pub kind: ServiceKind,
    /// When.
    pub date: CivilDate,
    /// The providing organization's name.
    #[serde(default)]
    pub provider: Option<String>,
}

/// A cash allowance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AllowanceRecord {
    /// When paid.
    pub date: CivilDate,
    /// A positive decimal string (`"400.00"`).
    pub amount: String,
    /// ISO 4217.
    pub currency: String,
    /// Once or recurring.
    pub kind: AllowanceKind,
}

/// A vocational training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct TrainingRecord {
    /// The course.
    pub course: String,
    /// Who gives it.
    #[serde(default)]
    pub provider: Option<String>,
    /// Start.
    pub started_on: CivilDate,
    /// End; none while enrolled.
    #[serde(default)]
    pub ended_on: Option<CivilDate>,
    /// How it went.
    pub outcome: TrainingOutcome,
}

/// A job placement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct EmploymentRecord {
    /// The employer.
    pub employer: String,
    /// Start.
    pub started_on: CivilDate,
    /// End; none while employed.
    #[serde(default)]
    pub ended_on: Option<CivilDate>,
}

/// A dated note. Identifying by nature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct NoteRecord {
    /// When.
    pub date: CivilDate,
    /// The text.
    pub text: String,
}

/// Reads one line. A shape error names the field path and what was expected; its message
/// never quotes the value (which may identify someone).
pub fn parse_line(text: &str, line: u64) -> Result<Line, Problem> {
    let mut value: serde_json::Value = serde_json::from_str(text)
        .map_err(|_| Problem::at(line, "", "this line is not valid JSON"))?;
    let Some(object) = value.as_object_mut() else {
        return Err(Problem::at(
            line,
            "",
            "expected a JSON object with a \"type\"",
        ));
    };
    // The tag is read first, so that the record itself is read with its field paths intact.
    let kind = object.remove("type");
    match kind.as_ref().and_then(|k| k.as_str()) {
        Some("organization") => shaped(value, line).map(Line::Organization),
        Some("case") => shaped(value, line).map(|c| Line::Case(Box::new(c))),
        _ => Err(Problem::at(
            line,
            "type",
            "expected \"organization\" or \"case\"",
        )),
    }
}

fn shaped<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
    line: u64,
) -> Result<T, Problem> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        Problem::at(line, path, describe(e.inner()))
    })
}

/// serde_json's message without the offending value.
fn describe(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    if msg.starts_with("unknown field") || msg.starts_with("missing field") {
        // Field names come from the format, not from a person.
        return msg.replacen(", expected", "; expected", 1);
    }
    // "invalid value: string \"Ana\", expected …" quotes input: keep only the expectation.
    if let Some((_, expected)) = msg.split_once(", expected ") {
        return format!("expected {expected}");
    }
    if let Some((_, expected)) = msg.split_once("expected ") {
        return format!("expected {expected}");
    }
    "this value has the wrong type".into()
}

impl Line {
    /// The line as written to a file (one JSON object, no newline).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("records always serialize")
    }
}
