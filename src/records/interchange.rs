//! The interchange format's lines (docs/formats/interchange.md): what `import` reads and
//! `export` writes. Shape only — types, words, required and unknown fields; the rules that
//! relate fields to each other and to the vault are in `validate`.

use std::io::{BufRead, Read};

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
    /// When it lapses (required for `referrals`).
    #[serde(default)]
    pub expires_on: Option<CivilDate>,
    /// For `referrals`: the organizations it covers, by name; empty covers any. Left out of
    /// an exported line when empty, so files without it read as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organizations: Vec<String>,
    /// When the person withdrew it; from that day on it covers nothing. Left out when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub withdrawn_on: Option<CivilDate>,
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

/// The longest line of an interchange file, in bytes, its line break not counted: 4 MiB. A
/// case is a few KiB; one with thousands of notes fits.
pub const MAX_LINE_BYTES: usize = 4 << 20;

/// What [`read_line`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRead {
    /// The end of the input.
    End,
    /// A line, now in the buffer.
    Line,
    /// A line longer than [`MAX_LINE_BYTES`]: read to its end but not kept (the buffer is
    /// empty), so that the lines after it are read as usual.
    TooLong,
}

/// Reads the next line of `input` into `buf` (its line break included), never holding more
/// than [`MAX_LINE_BYTES`] and a byte of it: the memory an import needs does not depend on
/// what the file holds.
pub fn read_line(input: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<LineRead> {
    buf.clear();
    let read = (&mut *input)
        .take(MAX_LINE_BYTES as u64 + 1)
        .read_until(b'\n', buf)?;
    if read == 0 {
        return Ok(LineRead::End);
    }
    if buf.last() == Some(&b'\n') || buf.len() <= MAX_LINE_BYTES {
        return Ok(LineRead::Line);
    }
    buf.clear();
    input.skip_until(b'\n')?;
    Ok(LineRead::TooLong)
}

/// Reads one line. A shape error names the field path and what was expected; its message
/// never quotes the value (which may identify someone). A field given twice in an object, at
/// any depth, is an error: read into a map, the last of the two would silently win.
///
/// The line is read straight into its record, with no JSON tree in between: first its `type`
/// (the rest skipped, which also checks that the whole line is JSON), then the record, from the
/// same text with the `type` key left out, so that field paths start at the record.
pub fn parse_line(text: &str, line: u64) -> Result<Line, Problem> {
    let kind = read_tag(text).map_err(|e| match e {
        TagError::NotJson => Problem::at(line, "", "this line is not valid JSON"),
        TagError::NotAnObject => Problem::at(line, "", "expected a JSON object with a \"type\""),
        TagError::Twice => Problem::at(line, "type", GIVEN_TWICE),
    })?;
    match kind {
        Some(Tag::Organization) => shaped(text, line).map(Line::Organization),
        Some(Tag::Case) => shaped(text, line).map(|c| Line::Case(Box::new(c))),
        None => Err(Problem::at(
            line,
            "type",
            "expected \"organization\" or \"case\"",
        )),
    }
}

/// The problem of a field given twice in one object.
const GIVEN_TWICE: &str = "this field is given twice; give it once";

fn shaped<T: serde::de::DeserializeOwned>(text: &str, line: u64) -> Result<T, Problem> {
    let mut json = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(untagged::Record(&mut json)).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let message = describe(e.inner());
        // serde's own words for a field given twice name the field: it goes to the path.
        match message.strip_prefix("duplicate field `") {
            Some(rest) => {
                let field = rest.trim_end_matches('`');
                let path = if path.is_empty() {
                    field.to_owned()
                } else {
                    format!("{path}.{field}")
                };
                Problem::at(line, path, GIVEN_TWICE)
            }
            None => Problem::at(line, path, message),
        }
    })
}

/// serde_json's message without the offending value.
fn describe(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    if msg.starts_with("unknown field")
        || msg.starts_with("missing field")
        || msg.starts_with("duplicate field")
    {
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

/// What a line's `type` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Organization,
    Case,
}

enum TagError {
    NotJson,
    NotAnObject,
    Twice,
}

/// The `type` of a line (`None` when it is missing or not one of the two), reading the rest of
/// the line only to check that it is JSON.
fn read_tag(text: &str) -> Result<Option<Tag>, TagError> {
    use serde::de::{Deserializer as _, Error as _, IgnoredAny, MapAccess, Visitor};

    struct Object;
    impl<'de> Visitor<'de> for Object {
        type Value = Option<Tag>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Tag>, A::Error> {
            let mut tag = None;
            while let Some(key) = map.next_key::<String>()? {
                if key != "type" {
                    map.next_value::<IgnoredAny>()?;
                } else if tag.is_some() {
                    return Err(A::Error::custom(GIVEN_TWICE));
                } else {
                    tag = Some(map.next_value::<TagWord>()?.0);
                }
            }
            Ok(tag.flatten())
        }
    }

    let mut json = serde_json::Deserializer::from_str(text);
    let tag = match json.deserialize_any(Object) {
        Ok(tag) => tag,
        Err(e) if e.to_string().starts_with(GIVEN_TWICE) => return Err(TagError::Twice),
        Err(e) if e.is_data() => return Err(TagError::NotAnObject),
        Err(_) => return Err(TagError::NotJson),
    };
    json.end().map_err(|_| TagError::NotJson)?;
    Ok(tag)
}

/// The value of a `type` key: one of the two words, or anything else (read and left).
struct TagWord(Option<Tag>);

impl<'de> Deserialize<'de> for TagWord {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
        struct Word;
        impl<'de> Visitor<'de> for Word {
            type Value = Option<Tag>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a word")
            }
            fn visit_str<E>(self, v: &str) -> Result<Option<Tag>, E> {
                Ok(match v {
                    "organization" => Some(Tag::Organization),
                    "case" => Some(Tag::Case),
                    _ => None,
                })
            }
            fn visit_bool<E>(self, _: bool) -> Result<Option<Tag>, E> {
                Ok(None)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Option<Tag>, E> {
                Ok(None)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Option<Tag>, E> {
                Ok(None)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Option<Tag>, E> {
                Ok(None)
            }
            fn visit_unit<E>(self) -> Result<Option<Tag>, E> {
                Ok(None)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<Tag>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(None)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Tag>, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(None)
            }
        }
        d.deserialize_any(Word).map(TagWord)
    }
}

/// The record of a line read from the line's own text, with its `type` key left out: a
/// deserializer over the line's object that skips that one key, so the record's derived
/// `Deserialize` (which refuses unknown and repeated fields) sees only its own fields.
mod untagged {
    use serde::de::value::StringDeserializer;
    use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
    use serde::forward_to_deserialize_any;

    type Json<'a, 'de> = &'a mut serde_json::Deserializer<serde_json::de::StrRead<'de>>;

    pub(super) struct Record<'a, 'de>(pub(super) Json<'a, 'de>);

    impl<'de> serde::Deserializer<'de> for Record<'_, 'de> {
        type Error = serde_json::Error;

        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.0.deserialize_map(Object(visitor))
        }

        forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
            identifier ignored_any
        }
    }

    struct Object<V>(V);

    impl<'de, V: Visitor<'de>> Visitor<'de> for Object<V> {
        type Value = V::Value;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            self.0.expecting(f)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
            self.0.visit_map(WithoutType(map))
        }
    }

    struct WithoutType<A>(A);

    impl<'de, A: MapAccess<'de>> MapAccess<'de> for WithoutType<A> {
        type Error = A::Error;

        fn next_key_seed<K: DeserializeSeed<'de>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, A::Error> {
            while let Some(key) = self.0.next_key::<String>()? {
                if key == "type" {
                    self.0.next_value::<IgnoredAny>()?;
                } else {
                    return seed.deserialize(StringDeserializer::new(key)).map(Some);
                }
            }
            Ok(None)
        }

        fn next_value_seed<S: DeserializeSeed<'de>>(
            &mut self,
            seed: S,
        ) -> Result<S::Value, A::Error> {
            self.0.next_value_seed(seed)
        }
    }
}

impl Line {
    /// The line as written to a file (one JSON object, no newline).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("records always serialize")
    }
}
