//! The rules of a case record beyond its shape: dates in order, references that exist, codes
//! from the ISO lists, positive amounts. Every rule reports the field path and what is
//! expected, and all problems of a record are reported together.

use std::collections::HashMap;

use super::date::CivilDate;
use super::interchange::{CaseRecord, OrganizationRecord};
use super::money::{self, Money};
use super::text::{self, Kind};
use super::vocab::{CaseStatus, ConsentScope, OrganizationKind, Sector};
use crate::error::Problem;

/// Longest name, alias, organization name or course, in characters.
pub const MAX_NAME: usize = 200;
/// Longest note, in characters.
pub const MAX_NOTE: usize = 20_000;

/// The most notes one case holds, and services (both are written per contact): 10,000 — three
/// a week for over sixty years.
pub const MAX_NOTES: usize = 10_000;
/// The most consents, referrals, shelter stays, allowances, trainings or jobs one case holds,
/// each: 1,000 — a monthly allowance for over eighty years.
pub const MAX_EVENTS: usize = 1_000;
/// The most aliases, and languages, of one person: 100.
pub const MAX_PERSON_LIST: usize = 100;

/// The most a case may take as one line of the interchange format, in bytes: the line cap
/// less 64 KiB, room for what Haven adds when it exports the case (its code, amounts in their
/// canonical form), so that every case Haven holds exports as a line an import reads.
pub const MAX_CASE_BYTES: usize = super::interchange::MAX_LINE_BYTES - (64 << 10);

/// An organization as other records refer to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrgRef {
    /// Its row id.
    pub id: i64,
    /// What it is.
    pub kind: OrganizationKind,
    /// Who runs it.
    pub sector: Sector,
}

/// The organizations known so far, by normalised name.
#[derive(Debug, Default, Clone)]
pub struct Directory {
    by_key: HashMap<String, OrgRef>,
}

/// How organization names compare: trimmed, case-insensitive.
pub fn org_key(name: &str) -> String {
    name.trim().to_lowercase()
}

impl Directory {
    /// The organization called `name`.
    pub fn find(&self, name: &str) -> Option<OrgRef> {
        self.by_key.get(&org_key(name)).copied()
    }

    /// Records an organization.
    pub fn insert(&mut self, name: &str, org: OrgRef) {
        self.by_key.insert(org_key(name), org);
    }
}

/// Collects the problems of one record.
struct Check<'a> {
    line: Option<u64>,
    problems: &'a mut Vec<Problem>,
}

impl Check<'_> {
    fn fail(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            line: self.line,
            path: path.into(),
            message: message.into(),
        });
    }

    /// A name, label or other one-line text.
    fn text(&mut self, path: &str, value: &str, max: usize, required: bool) {
        self.text_of(Kind::Line, path, value, max, required);
    }

    fn text_of(&mut self, kind: Kind, path: &str, value: &str, max: usize, required: bool) {
        let chars = value.trim().chars().count();
        if required && chars == 0 {
            self.fail(path, "required; it is empty");
        } else if value.chars().count() > max {
            self.fail(path, format!("at most {max} characters"));
        } else if let Err(refused) = text::check(value, kind) {
            self.fail(path, refused.message(kind));
        }
    }

    /// The entries of a list to check one by one: all of them when there are at most `max`;
    /// none of a longer list, which is one problem at the list.
    fn within<'r, T>(&mut self, path: &str, list: &'r [T], max: usize) -> &'r [T] {
        if list.len() <= max {
            return list;
        }
        self.fail(path, format!("at most {max} entries in one case"));
        &[]
    }

    fn country(&mut self, path: &str, code: &Option<String>) {
        if let Some(c) = code {
            if c.len() != 2
                || !c.bytes().all(|b| b.is_ascii_uppercase())
                || isocountry::CountryCode::for_alpha2(c).is_err()
            {
                self.fail(
                    path,
                    "expected an ISO 3166-1 alpha-2 country code such as AZ",
                );
            }
        }
    }

    fn order(&mut self, path: &str, earlier: CivilDate, later: Option<CivilDate>, what: &str) {
        if let Some(later) = later {
            if later < earlier {
                self.fail(path, what);
            }
        }
    }

    fn org(&mut self, dir: &Directory, path: &str, name: &str) -> Option<OrgRef> {
        let found = dir.find(name);
        if found.is_none() {
            self.fail(path, "no organization by this name; list it in an organization line before the case, or add it first");
        }
        found
    }
}

/// The problems of an organization record (empty when it is valid).
pub fn organization(rec: &OrganizationRecord, dir: &Directory, line: Option<u64>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut c = Check {
        line,
        problems: &mut problems,
    };
    c.text("name", &rec.name, MAX_NAME, true);
    if dir.find(&rec.name).is_some() {
        c.fail("name", "an organization with this name already exists");
    }
    match (rec.kind, rec.capacity) {
        (_, Some(n)) if n < 1 => c.fail("capacity", "expected a number of beds of at least 1"),
        (OrganizationKind::Shelter, _) | (_, None) => {}
        (_, Some(_)) => c.fail("capacity", "only shelters have a capacity"),
    }
    problems
}

/// The problems of a case record (empty when it is valid). `today` bounds dates that cannot
/// lie in the future.
pub fn case(
    rec: &CaseRecord,
    dir: &Directory,
    line: Option<u64>,
    today: CivilDate,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut c = Check {
        line,
        problems: &mut problems,
    };

    if let Some(r) = &rec.source_ref {
        c.text("ref", r, 64, true);
    }
    if let Some(code) = &rec.code {
        if code.is_empty()
            || code.len() > 32
            || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            c.fail(
                "code",
                "expected letters, digits and hyphens, at most 32 (like 2014-0007)",
            );
        }
    }

    let p = &rec.person;
    let given = p.given_name.as_deref().unwrap_or("");
    let family = p.family_name.as_deref().unwrap_or("");
    if given.trim().is_empty() && family.trim().is_empty() {
        c.fail("person", "give at least a given name or a family name");
    }
    c.text("person.given_name", given, MAX_NAME, false);
    c.text("person.family_name", family, MAX_NAME, false);
    for (i, alias) in c
        .within("person.aliases", &p.aliases, MAX_PERSON_LIST)
        .iter()
        .enumerate()
    {
        c.text(&format!("person.aliases[{i}]"), alias, MAX_NAME, true);
    }
    if let Some(birth) = p.birth_date {
        if birth > rec.identified_on {
            c.fail(
                "person.birth_date",
                "the birth date is after the identification date",
            );
        }
    }
    if let Some(age) = p.age_at_identification {
        if !(0..=120).contains(&age) {
            c.fail(
                "person.age_at_identification",
                "expected an age from 0 to 120",
            );
        }
    }
    c.country("person.citizenship", &p.citizenship);
    for (i, lang) in c
        .within("person.languages", &p.languages, MAX_PERSON_LIST)
        .iter()
        .enumerate()
    {
        if lang.len() != 2
            || !lang.bytes().all(|b| b.is_ascii_lowercase())
            || isolang::Language::from_639_1(lang).is_none()
        {
            c.fail(
                format!("person.languages[{i}]"),
                "expected an ISO 639-1 language code such as az or ru",
            );
        }
    }
    if let Some(phone) = &p.phone {
        c.text("person.phone", phone, 40, false);
    }

    if rec.identified_on > today {
        c.fail("identified_on", "the identification date is in the future");
    }
    if rec.exploitation.is_empty() {
        c.fail("exploitation", "give at least one form of exploitation");
    }
    let mut seen = rec.exploitation.clone();
    seen.sort();
    seen.dedup();
    if seen.len() != rec.exploitation.len() {
        c.fail("exploitation", "a form of exploitation is listed twice");
    }
    c.country("country_of_exploitation", &rec.country_of_exploitation);
    match (rec.status, rec.closed_on) {
        (CaseStatus::Closed, None) => c.fail("closed_on", "required when the case is closed"),
        (CaseStatus::Open, Some(_)) => c.fail("closed_on", "an open case has no closing date"),
        (CaseStatus::Closed, Some(closed)) if closed < rec.identified_on => c.fail(
            "closed_on",
            "the case is closed before the person was identified",
        ),
        _ => {}
    }

    for (i, consent) in c
        .within("consents", &rec.consents, MAX_EVENTS)
        .iter()
        .enumerate()
    {
        c.order(
            &format!("consents[{i}].expires_on"),
            consent.given_on,
            consent.expires_on,
            "a consent expires before it was given",
        );
        c.order(
            &format!("consents[{i}].withdrawn_on"),
            consent.given_on,
            consent.withdrawn_on,
            "a consent is withdrawn before it was given",
        );
        let orgs = c.within(
            &format!("consents[{i}].organizations"),
            &consent.organizations,
            MAX_PERSON_LIST,
        );
        for (j, name) in orgs.iter().enumerate() {
            let path = format!("consents[{i}].organizations[{j}]");
            c.text(&path, name, MAX_NAME, true);
            c.org(dir, &path, name);
        }
        if !consent.organizations.is_empty() && consent.scope != ConsentScope::Referrals {
            c.fail(
                format!("consents[{i}].organizations"),
                "only a consent to referrals names organizations",
            );
        }
    }
    for (i, r) in c
        .within("referrals", &rec.referrals, MAX_EVENTS)
        .iter()
        .enumerate()
    {
        c.text(&format!("referrals[{i}].to"), &r.to, MAX_NAME, true);
        c.org(dir, &format!("referrals[{i}].to"), &r.to);
    }

    let mut stays = Vec::new();
    for (i, s) in c
        .within("shelter_stays", &rec.shelter_stays, MAX_EVENTS)
        .iter()
        .enumerate()
    {
        let path = format!("shelter_stays[{i}]");
        if let Some(org) = c.org(dir, &format!("{path}.shelter"), &s.shelter) {
            if org.kind != OrganizationKind::Shelter {
                c.fail(
                    format!("{path}.shelter"),
                    "this organization is not a shelter",
                );
            }
        }
        c.order(
            &format!("{path}.discharged_on"),
            s.admitted_on,
            s.discharged_on,
            "the discharge date is before the admission date",
        );
        stays.push((s.admitted_on, s.discharged_on, i));
    }
    // By admission, then by discharge with a current stay (no discharge) last: a stay that
    // begins and ends on the day of the next admission does not overlap it.
    stays.sort_by_key(|&(start, end, i)| (start, end.is_none(), end, i));
    for pair in stays.windows(2) {
        let (_, first_end, first) = pair[0];
        let (second_start, _, second) = pair[1];
        if first_end.is_none_or(|end| end > second_start) {
            c.fail(
                format!("shelter_stays[{second}].admitted_on"),
                format!("this stay overlaps shelter_stays[{first}]: one person is in one shelter at a time"),
            );
        }
    }

    for (i, s) in c
        .within("services", &rec.services, MAX_NOTES)
        .iter()
        .enumerate()
    {
        if let Some(provider) = &s.provider {
            c.org(dir, &format!("services[{i}].provider"), provider);
        }
    }
    for (i, a) in c
        .within("allowances", &rec.allowances, MAX_EVENTS)
        .iter()
        .enumerate()
    {
        match money::currency(&a.currency) {
            None => c.fail(
                format!("allowances[{i}].currency"),
                "expected an ISO 4217 currency code such as AZN",
            ),
            Some(cur) => {
                if Money::parse(&a.amount, cur).is_none() {
                    let digits = money::exponent(cur);
                    c.fail(
                        format!("allowances[{i}].amount"),
                        format!("expected a positive amount with at most {digits} decimals, written like \"400.00\""),
                    );
                }
            }
        }
    }
    for (i, t) in c
        .within("trainings", &rec.trainings, MAX_EVENTS)
        .iter()
        .enumerate()
    {
        c.text(&format!("trainings[{i}].course"), &t.course, MAX_NAME, true);
        if let Some(p) = &t.provider {
            c.text(&format!("trainings[{i}].provider"), p, MAX_NAME, false);
        }
        c.order(
            &format!("trainings[{i}].ended_on"),
            t.started_on,
            t.ended_on,
            "the training ends before it starts",
        );
    }
    for (i, e) in c
        .within("employments", &rec.employments, MAX_EVENTS)
        .iter()
        .enumerate()
    {
        c.text(
            &format!("employments[{i}].employer"),
            &e.employer,
            MAX_NAME,
            true,
        );
        c.order(
            &format!("employments[{i}].ended_on"),
            e.started_on,
            e.ended_on,
            "the job ends before it starts",
        );
    }
    for (i, n) in c.within("notes", &rec.notes, MAX_NOTES).iter().enumerate() {
        c.text_of(
            Kind::Free,
            &format!("notes[{i}].text"),
            &n.text,
            MAX_NOTE,
            true,
        );
    }
    if json_bytes(rec) > MAX_CASE_BYTES {
        let most = super::interchange::MAX_LINE_BYTES >> 20;
        c.fail(
            "",
            format!("this case is too large for one line of the interchange format ({most} MiB at most)"),
        );
    }
    problems
}

/// The length of `rec` written as JSON, counted without writing it anywhere.
fn json_bytes(rec: &CaseRecord) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, rec).expect("records always serialize");
    count.0
}
