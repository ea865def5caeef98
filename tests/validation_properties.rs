//! Property tests (proptest) of the core's validation rules: civil dates, amounts and
//! currencies, the record rules (required fields, ages, country and language codes, case
//! codes, dates in order), user names, the passphrase policy's length rules, recovery keys,
//! audit heads, report periods and the small numeric settings.
//!
//! Each rule is checked both ways: inputs inside it are accepted (and read back the same),
//! inputs outside it are refused with `Error::Invalid` / `Error::Problems` naming the field at
//! fault, and nothing panics. The record rules run without a vault (`validate::case` is what
//! both import and every case operation call); two tests at the end go through a real vault,
//! one vault each at the Argon2id floor, with few cases.
#![forbid(unsafe_code)]

mod common;

use std::cell::{Cell, RefCell};
use std::collections::HashSet;

use common::*;
use haven::audit::Head;
use haven::auto_lock::IdleTimer;
use haven::error::Problem;
use haven::passphrase_policy;
use haven::records::interchange::{
    parse_line, AllowanceRecord, CaseRecord, ConsentRecord, EmploymentRecord, Line, NoteRecord,
    PersonRecord, ReferralRecord, ServiceRecord, ShelterStayRecord, TrainingRecord,
};
use haven::records::money::{self, Money};
use haven::records::validate::{self, Directory, OrgRef, MAX_NAME, MAX_NOTE};
use haven::records::vocab::*;
use haven::records::CivilDate;
use haven::report::{check_min_cell, Period};
use haven::users::UserName;
use haven::{Error, KdfParams, Passphrase, RecoveryKey, Role, Session};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use proptest::test_runner::TestRunner;

// --- shared pieces ---------------------------------------------------------------------------

const SHELTER: &str = "Test State Shelter";
const ORGS: [(&str, OrganizationKind, Sector); 4] = [
    (SHELTER, OrganizationKind::Shelter, Sector::State),
    (
        "Test Assistance Center",
        OrganizationKind::AssistanceCenter,
        Sector::State,
    ),
    ("Test Women NGO", OrganizationKind::Ngo, Sector::Ngo),
    ("Test Clinic", OrganizationKind::Health, Sector::State),
];
const ORG_LINES: &str = concat!(
    r#"{"type":"organization","name":"Test State Shelter","kind":"shelter","sector":"state","capacity":50}"#,
    "\n",
    r#"{"type":"organization","name":"Test Assistance Center","kind":"assistance_center","sector":"state"}"#,
    "\n",
    r#"{"type":"organization","name":"Test Women NGO","kind":"ngo","sector":"ngo"}"#,
    "\n",
    r#"{"type":"organization","name":"Test Clinic","kind":"health","sector":"state"}"#,
    "\n",
);
/// Real ISO 3166-1 alpha-2 and ISO 639-1 codes.
const COUNTRIES: [&str; 10] = ["AZ", "TR", "UA", "RU", "GE", "DE", "US", "FR", "AE", "IR"];
const LANGUAGES: [&str; 8] = ["az", "ru", "uk", "en", "tr", "ka", "fa", "de"];
/// Currencies of account with 0, 2 and 3 decimals.
const CURRENCIES: [&str; 6] = ["AZN", "USD", "EUR", "JPY", "KWD", "TRY"];

/// `cases` cases; a failure is reported with its minimal input, not saved to a file.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn directory() -> Directory {
    let mut dir = Directory::default();
    for (i, (name, kind, sector)) in ORGS.into_iter().enumerate() {
        dir.insert(
            name,
            OrgRef {
                id: i as i64 + 1,
                kind,
                sector,
            },
        );
    }
    dir
}

/// The problems of `rec` as an import line 1 sees them.
fn problems(rec: &CaseRecord) -> Vec<Problem> {
    validate::case(rec, &directory(), Some(1), CivilDate::today())
}

fn paths(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(|p| p.path.clone()).collect()
}

fn has(problems: &[Problem], path: &str) -> bool {
    problems.iter().any(|p| p.path == path)
}

/// Whether `e` is an `Error::Invalid` naming `field`.
fn invalid_at(e: &Error, field: &str) -> bool {
    matches!(e, Error::Invalid { field: f, .. } if *f == field)
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn add_days(mut d: CivilDate, n: u32) -> CivilDate {
    for _ in 0..n {
        d = d.next_day().unwrap();
    }
    d
}

/// A real date in `years`, with its text.
fn date_in(years: std::ops::RangeInclusive<i32>) -> impl Strategy<Value = (CivilDate, String)> {
    (years, 1u8..=12, 1u8..=31).prop_map(|(y, m, d)| {
        let d = d.min(days_in_month(y, m));
        (
            CivilDate::from_ymd(y, m, d).unwrap(),
            format!("{y:04}-{m:02}-{d:02}"),
        )
    })
}

/// A date safely in the past (every record rule accepts it as an identification date).
fn past_date() -> impl Strategy<Value = CivilDate> {
    date_in(1950..=2020).prop_map(|(d, _)| d)
}

/// A name as people write it (made-up letters, never blank).
fn name() -> impl Strategy<Value = String> {
    "[A-Za-zƏəÖöÜüĞğİıŞşÇçА-Яа-яЁё][A-Za-zƏəÖöÜüĞğİıŞşÇçА-Яа-яЁё' -]{0,29}"
}

fn org_name() -> impl Strategy<Value = String> {
    select(ORGS.map(|o| o.0).to_vec()).prop_map(str::to_owned)
}

fn person() -> impl Strategy<Value = PersonRecord> {
    (
        (
            prop::option::of(name()),
            prop::option::of(name()),
            any::<bool>(),
        ),
        prop::collection::vec(name(), 0..3),
        select(Sex::ALL.to_vec()),
        prop::option::of(0i64..=120),
        prop::option::of(select(COUNTRIES.to_vec())),
        subsequence(LANGUAGES.to_vec(), 0..3),
        prop::option::of("\\+?[0-9 ]{1,20}"),
    )
        .prop_map(
            |((given, family, given_first), aliases, sex, age, cit, langs, phone)| {
                // At least one of the two names.
                let (given, family) = match (given, family) {
                    (None, None) if given_first => (Some("Test".to_owned()), None),
                    (None, None) => (None, Some("Test".to_owned())),
                    other => other,
                };
                PersonRecord {
                    given_name: given,
                    family_name: family,
                    aliases,
                    sex,
                    birth_date: None,
                    age_at_identification: age,
                    citizenship: cit.map(str::to_owned),
                    languages: langs.into_iter().map(str::to_owned).collect(),
                    phone,
                }
            },
        )
}

/// Events of a case, all on or after `start` and before today.
#[derive(Debug, Clone)]
struct Events {
    consents: Vec<ConsentRecord>,
    referrals: Vec<ReferralRecord>,
    shelter_stays: Vec<ShelterStayRecord>,
    services: Vec<ServiceRecord>,
    allowances: Vec<AllowanceRecord>,
    trainings: Vec<TrainingRecord>,
    employments: Vec<EmploymentRecord>,
    notes: Vec<NoteRecord>,
}

fn events(start: CivilDate) -> impl Strategy<Value = Events> {
    let day = move || (0u32..400).prop_map(move |n| add_days(start, n));
    let consents = prop::collection::vec(
        (
            select(ConsentScope::ALL.to_vec()),
            day(),
            prop::option::of(0u32..800),
        )
            .prop_map(|(scope, given_on, len)| ConsentRecord {
                scope,
                given_on,
                expires_on: len.map(|n| add_days(given_on, n)),
                organizations: vec![],
                withdrawn_on: None,
            }),
        0..3,
    );
    let referrals = prop::collection::vec(
        (day(), org_name(), select(ReferralStatus::ALL.to_vec()))
            .prop_map(|(date, to, status)| ReferralRecord { date, to, status }),
        0..3,
    );
    // Stays one after another: each starts on or after the previous one ended.
    // Gaps and lengths of 0 are frequent: a discharge and the next admission on the same day,
    // a stay that begins and ends on one day.
    let days = || prop_oneof![Just(0u32), 0u32..60];
    let stays = prop::collection::vec((days(), days()), 0..3).prop_map(move |gaps| {
        let mut at = start;
        let n = gaps.len();
        gaps.into_iter()
            .enumerate()
            .map(|(i, (gap, len))| {
                let admitted_on = add_days(at, gap);
                let discharged_on = (i + 1 < n).then(|| add_days(admitted_on, len));
                at = discharged_on.unwrap_or(admitted_on);
                ShelterStayRecord {
                    shelter: SHELTER.into(),
                    admitted_on,
                    discharged_on,
                }
            })
            .collect::<Vec<_>>()
    });
    let services = prop::collection::vec(
        (
            select(ServiceKind::ALL.to_vec()),
            day(),
            prop::option::of(org_name()),
        )
            .prop_map(|(kind, date, provider)| ServiceRecord {
                kind,
                date,
                provider,
            }),
        0..3,
    );
    let allowances = prop::collection::vec(
        (
            day(),
            1u64..1_000_000,
            0u32..100,
            select(vec!["AZN", "USD", "EUR"]),
            select(AllowanceKind::ALL.to_vec()),
        )
            .prop_map(|(date, whole, cents, currency, kind)| AllowanceRecord {
                date,
                amount: format!("{whole}.{cents:02}"),
                currency: currency.into(),
                kind,
            }),
        0..3,
    );
    let trainings = prop::collection::vec(
        (
            name(),
            prop::option::of(name()),
            day(),
            prop::option::of(0u32..300),
            select(TrainingOutcome::ALL.to_vec()),
        )
            .prop_map(
                |(course, provider, started_on, len, outcome)| TrainingRecord {
                    course,
                    provider,
                    started_on,
                    ended_on: len.map(|n| add_days(started_on, n)),
                    outcome,
                },
            ),
        0..2,
    );
    let employments = prop::collection::vec(
        (name(), day(), prop::option::of(0u32..300)).prop_map(|(employer, started_on, len)| {
            EmploymentRecord {
                employer,
                started_on,
                ended_on: len.map(|n| add_days(started_on, n)),
            }
        }),
        0..2,
    );
    let notes = prop::collection::vec(
        (day(), "[A-Za-z .,\n]{0,60}[A-Za-z]").prop_map(|(date, text)| NoteRecord { date, text }),
        0..2,
    );
    (
        consents,
        referrals,
        stays,
        services,
        allowances,
        trainings,
        employments,
        notes,
    )
        .prop_map(
            |(
                consents,
                referrals,
                shelter_stays,
                services,
                allowances,
                trainings,
                employments,
                notes,
            )| {
                Events {
                    consents,
                    referrals,
                    shelter_stays,
                    services,
                    allowances,
                    trainings,
                    employments,
                    notes,
                }
            },
        )
}

/// A case every rule accepts (no code: Haven gives one).
fn valid_case() -> impl Strategy<Value = CaseRecord> {
    past_date().prop_flat_map(|identified_on| {
        (
            person(),
            prop::option::of((1900..identified_on.year(), 1u8..=12, 1u8..=28)),
            prop::option::of("[A-Z]{2,4}-[0-9]{1,6}"),
            prop::option::of(select(IdentifiedBy::ALL.to_vec())),
            select(Recognition::ALL.to_vec()),
            subsequence(Exploitation::ALL.to_vec(), 1..4),
            prop::option::of(select(COUNTRIES.to_vec())),
            prop::option::of(0u32..1000),
            events(identified_on),
        )
            .prop_map(
                move |(
                    mut person,
                    birth,
                    source_ref,
                    by,
                    recognition,
                    exploitation,
                    country,
                    closed,
                    ev,
                )| {
                    person.birth_date =
                        birth.map(|(y, m, d)| CivilDate::from_ymd(y, m, d).unwrap());
                    let (status, closed_on) = match closed {
                        Some(n) => (CaseStatus::Closed, Some(add_days(identified_on, n))),
                        None => (CaseStatus::Open, None),
                    };
                    CaseRecord {
                        source_ref,
                        code: None,
                        person,
                        identified_on,
                        identified_by: by,
                        recognition,
                        exploitation,
                        country_of_exploitation: country.map(str::to_owned),
                        status,
                        closed_on,
                        consents: ev.consents,
                        referrals: ev.referrals,
                        shelter_stays: ev.shelter_stays,
                        services: ev.services,
                        allowances: ev.allowances,
                        trainings: ev.trainings,
                        employments: ev.employments,
                        notes: ev.notes,
                    }
                },
            )
    })
}

/// Text with an invisible formatting character: a text-direction mark, override or isolate, a
/// zero-width space, the byte-order mark, a tag character.
fn with_invisible() -> impl Strategy<Value = String> {
    (
        "[a-z]{1,10}",
        "[\u{200B}\u{200E}\u{200F}\u{202A}-\u{202E}\u{2066}-\u{2069}\u{061C}\u{FEFF}\u{E0020}-\u{E007F}]",
        "[a-z]{0,10}",
    )
        .prop_map(|(a, c, b)| format!("{a}{c}{b}"))
}

/// Text with a character that is control but neither a newline nor a tab.
fn with_control() -> impl Strategy<Value = String> {
    (
        "[a-z]{1,10}",
        "[\u{0}-\u{8}\u{b}-\u{1f}\u{7f}\u{80}-\u{9f}]",
        "[a-z]{1,10}",
    )
        .prop_map(|(a, c, b)| format!("{a}{c}{b}"))
}

// --- civil dates -----------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn real_dates_parse_and_read_back((date, text) in date_in(1900..=2999)) {
        prop_assert_eq!(CivilDate::parse(&text), Some(date));
        prop_assert_eq!(date.to_string(), text.clone());
        let json = serde_json::to_string(&date).unwrap();
        prop_assert_eq!(json, format!("\"{text}\""));
        prop_assert_eq!(
            serde_json::from_str::<CivilDate>(&format!("\"{text}\"")).unwrap(),
            date
        );
    }

    #[test]
    fn years_outside_1900_to_2999_are_refused(
        y in prop_oneof![0i32..1900, 3000i32..=9999], m in 1u8..=12, d in 1u8..=28,
    ) {
        prop_assert_eq!(CivilDate::parse(&format!("{y:04}-{m:02}-{d:02}")), None);
    }

    #[test]
    fn days_and_months_that_do_not_exist_are_refused(
        y in 1900i32..=2999,
        m in 0u8..=99,
        d in 0u8..=99,
    ) {
        let real = (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m);
        prop_assert_eq!(
            CivilDate::parse(&format!("{y:04}-{m:02}-{d:02}")).is_some(),
            real
        );
    }

    #[test]
    fn any_text_is_a_date_only_in_the_one_format(
        text in "\\PC{0,14}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.{0,2}",
    ) {
        if let Some(date) = CivilDate::parse(&text) {
            prop_assert_eq!(date.to_string(), text);
        }
    }

    #[test]
    fn dates_order_as_their_text((a, ta) in date_in(1900..=2999), (b, tb) in date_in(1900..=2999)) {
        prop_assert_eq!(a.cmp(&b), ta.cmp(&tb));
    }

    #[test]
    fn an_age_counts_whole_years((birth, _) in date_in(1900..=2500), n in 0u32..40_000) {
        let on = add_days(birth, n);
        let age = on.years_since(birth);
        prop_assert!(age >= 0);
        // The birthday itself, `age` years later, is on or before `on`; a year more is after.
        // A 29 February birthday comes on 1 March in other years (as `years_since` counts).
        let anniversary = |years: i32| {
            let (y, (m, d)) = (birth.year() + years, month_day(birth));
            CivilDate::from_ymd(y, m, d).unwrap_or_else(|| CivilDate::from_ymd(y, 3, 1).unwrap())
        };
        prop_assert!(anniversary(age) <= on);
        prop_assert!(anniversary(age + 1) > on);
    }
}

fn month_day(d: CivilDate) -> (u8, u8) {
    let t = d.to_string();
    (t[5..7].parse().unwrap(), t[8..10].parse().unwrap())
}

// --- money -----------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn amounts_with_the_currencys_decimals_are_exact_minor_units(
        code in select(CURRENCIES.to_vec()),
        whole in 0u64..1_000_000_000_000,
        frac in 0u64..1000,
        digits in 0usize..=3,
    ) {
        let cur = money::currency(code).unwrap();
        let e = money::exponent(cur) as usize;
        let digits = digits.min(e);
        let frac = frac % 10u64.pow(digits as u32);
        let text = if digits == 0 {
            whole.to_string()
        } else {
            format!("{whole}.{frac:0digits$}")
        };
        let minor =
            whole as i64 * 10i64.pow(e as u32) + frac as i64 * 10i64.pow((e - digits) as u32);
        let parsed = Money::parse(&text, cur);
        if minor == 0 {
            prop_assert_eq!(parsed, None, "zero is refused");
        } else {
            let m = parsed.unwrap();
            prop_assert_eq!(m.minor, minor);
            // As written (with all the currency's decimals), it reads back the same.
            prop_assert_eq!(Money::parse(&m.amount_string(), cur), Some(m));
        }
    }

    #[test]
    fn more_decimals_than_the_currency_has_are_refused(
        code in select(CURRENCIES.to_vec()), whole in 0u64..1_000_000, extra in "[0-9]{1,4}",
    ) {
        let cur = money::currency(code).unwrap();
        let e = money::exponent(cur) as usize;
        let text = format!("{whole}.{}{extra}", "0".repeat(e));
        prop_assert_eq!(Money::parse(&text, cur), None);
    }

    #[test]
    fn only_plain_positive_decimals_are_amounts(text in "[-+ 0-9.,eE]{0,16}|\\PC{0,8}") {
        let cur = money::currency("AZN").unwrap();
        if let Some(m) = Money::parse(&text, cur) {
            prop_assert!(m.minor > 0);
            let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
            prop_assert!(
                !whole.is_empty() && whole.len() <= 12 && whole.bytes().all(|b| b.is_ascii_digit())
            );
            prop_assert!(frac.len() <= 2 && frac.bytes().all(|b| b.is_ascii_digit()));
            prop_assert!(!text.ends_with('.'));
        }
    }

    #[test]
    fn currency_codes_are_upper_case_iso_4217(code in "[A-Za-z]{0,4}") {
        if let Some(cur) = money::currency(&code) {
            prop_assert!(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()));
            prop_assert_eq!(cur.code(), code.as_str());
        }
        prop_assert!(money::currency(&code.to_lowercase()).is_none());
    }
}

// --- the record rules ------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn valid_cases_have_no_problems_and_read_back_as_written(rec in valid_case()) {
        prop_assert_eq!(problems(&rec), vec![]);
        let line = Line::Case(Box::new(rec));
        prop_assert_eq!(parse_line(&line.to_json(), 1).unwrap(), line);
    }

    #[test]
    fn an_age_outside_0_to_120_is_refused_at_its_field(rec in valid_case(), age in any::<i64>()) {
        let mut rec = rec;
        rec.person.age_at_identification = Some(age);
        let found = problems(&rec);
        let refused = has(&found, "person.age_at_identification");
        prop_assert_eq!(refused, !(0..=120).contains(&age));
        prop_assert_eq!(found.len(), usize::from(refused));
    }

    #[test]
    fn country_codes_are_iso_3166_alpha_2(
        rec in valid_case(), code in "[A-Za-z]{0,3}|\\PC{0,3}", where_ in any::<bool>(),
    ) {
        let mut rec = rec;
        let path = if where_ {
            rec.person.citizenship = Some(code.clone());
            "person.citizenship"
        } else {
            rec.country_of_exploitation = Some(code.clone());
            "country_of_exploitation"
        };
        let found = problems(&rec);
        let refused = paths(&found) == vec![path];
        prop_assert!(refused || found.is_empty());
        if !refused {
            prop_assert!(code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()));
        }
        if COUNTRIES.contains(&code.as_str()) {
            prop_assert!(!refused);
        }
        if code.len() != 2 || code.to_uppercase() != code {
            prop_assert!(refused);
        }
    }

    #[test]
    fn language_codes_are_iso_639_1_at_their_index(
        rec in valid_case(), code in "[A-Za-z]{0,3}|\\PC{0,3}",
    ) {
        let mut rec = rec;
        rec.person.languages.push(code.clone());
        let i = rec.person.languages.len() - 1;
        let found = problems(&rec);
        let refused = paths(&found) == vec![format!("person.languages[{i}]")];
        prop_assert!(refused || found.is_empty());
        if LANGUAGES.contains(&code.as_str()) {
            prop_assert!(!refused);
        }
        if code.len() != 2 || code.to_lowercase() != code {
            prop_assert!(refused);
        }
    }

    #[test]
    fn a_person_needs_a_given_or_a_family_name(
        rec in valid_case(),
        // Blank but no line break or tab: those are refused in a name on their own.
        blank in "[ \u{a0}\u{3000}]{0,3}",
        which in 0..3,
    ) {
        let mut rec = rec;
        let blank = Some(blank);
        match which {
            0 => (rec.person.given_name, rec.person.family_name) = (blank.clone(), blank),
            1 => (rec.person.given_name, rec.person.family_name) = (None, blank),
            _ => (rec.person.given_name, rec.person.family_name) = (blank, None),
        }
        prop_assert_eq!(paths(&problems(&rec)), vec!["person"]);
    }

    #[test]
    fn names_have_at_most_200_characters_and_no_control_characters(
        rec in valid_case(), long in 1usize..400, control in with_control(),
        line_break in "[a-z]{1,5}[\n\t\u{2028}][a-z]{1,5}", invisible in with_invisible(),
        field in 0..6,
    ) {
        let long_text = "ə".repeat(long);
        for (text, bad) in [
            (long_text, long > MAX_NAME),
            (control, true),
            (line_break, true),
            (invisible, true),
        ] {
            let mut r = rec.clone();
            let path = match field {
                0 => {
                    r.person.given_name = Some(text);
                    "person.given_name".to_owned()
                }
                1 => {
                    r.person.family_name = Some(text);
                    "person.family_name".to_owned()
                }
                2 => {
                    r.person.aliases.push(text);
                    format!("person.aliases[{}]", r.person.aliases.len() - 1)
                }
                3 => {
                    r.trainings.push(TrainingRecord {
                        course: text,
                        provider: None,
                        started_on: r.identified_on,
                        ended_on: None,
                        outcome: TrainingOutcome::Enrolled,
                    });
                    format!("trainings[{}].course", r.trainings.len() - 1)
                }
                4 => {
                    r.employments.push(EmploymentRecord {
                        employer: text,
                        started_on: r.identified_on,
                        ended_on: None,
                    });
                    format!("employments[{}].employer", r.employments.len() - 1)
                }
                _ => {
                    r.source_ref = Some(text);
                    "ref".to_owned()
                }
            };
            // A ref has at most 64 characters.
            let bad = bad || (path == "ref" && r.source_ref.as_ref().unwrap().chars().count() > 64);
            let found = problems(&r);
            let expected: Vec<&str> = if bad { vec![path.as_str()] } else { vec![] };
            prop_assert_eq!(paths(&found), expected);
        }
    }

    #[test]
    fn required_texts_may_not_be_blank(
        rec in valid_case(),
        blank in "[ \t\n]{0,4}",
        field in 0..5,
    ) {
        let mut r = rec;
        let path = match field {
            0 => {
                r.person.aliases.push(blank);
                format!("person.aliases[{}]", r.person.aliases.len() - 1)
            }
            1 => {
                r.trainings.push(TrainingRecord {
                    course: blank,
                    provider: None,
                    started_on: r.identified_on,
                    ended_on: None,
                    outcome: TrainingOutcome::Enrolled,
                });
                format!("trainings[{}].course", r.trainings.len() - 1)
            }
            2 => {
                r.employments.push(EmploymentRecord {
                    employer: blank,
                    started_on: r.identified_on,
                    ended_on: None,
                });
                format!("employments[{}].employer", r.employments.len() - 1)
            }
            3 => {
                r.notes.push(NoteRecord {
                    date: r.identified_on,
                    text: blank,
                });
                format!("notes[{}].text", r.notes.len() - 1)
            }
            _ => {
                r.source_ref = Some(blank);
                "ref".to_owned()
            }
        };
        prop_assert_eq!(paths(&problems(&r)), vec![path.as_str()]);
    }

    #[test]
    fn notes_have_at_most_20000_characters(
        rec in valid_case(),
        extra in 0usize..3,
        over in any::<bool>(),
    ) {
        let mut r = rec;
        let n = if over {
            MAX_NOTE + 1 + extra
        } else {
            MAX_NOTE - extra
        };
        r.notes.push(NoteRecord {
            date: r.identified_on,
            text: "x".repeat(n),
        });
        let path = format!("notes[{}].text", r.notes.len() - 1);
        let expected: Vec<&str> = if over { vec![path.as_str()] } else { vec![] };
        prop_assert_eq!(paths(&problems(&r)), expected);
    }

    #[test]
    fn case_codes_are_letters_digits_and_hyphens_up_to_32(
        rec in valid_case(),
        code in "[A-Za-z0-9-]{0,40}|\\PC{0,8}",
    ) {
        let mut r = rec;
        r.code = Some(code.clone());
        let ok = !code.is_empty()
            && code.len() <= 32
            && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        let expected: Vec<&str> = if ok { vec![] } else { vec!["code"] };
        prop_assert_eq!(paths(&problems(&r)), expected);
    }

    #[test]
    fn dates_out_of_order_are_refused_at_the_later_field(
        rec in valid_case(),
        back in 1u32..500,
        which in 0..6,
    ) {
        let mut r = rec;
        let before = |d: CivilDate| minus_days(d, back);
        let on = r.identified_on;
        let path = match which {
            0 => {
                r.person.birth_date = Some(add_days(on, back));
                "person.birth_date".to_owned()
            }
            1 => {
                r.status = CaseStatus::Closed;
                r.closed_on = Some(before(on));
                "closed_on".to_owned()
            }
            2 => {
                r.consents.push(ConsentRecord {
                    scope: ConsentScope::Referrals,
                    given_on: on,
                    expires_on: Some(before(on)),
                    organizations: vec![],
                    withdrawn_on: None,
                });
                format!("consents[{}].expires_on", r.consents.len() - 1)
            }
            3 => {
                r.trainings.push(TrainingRecord {
                    course: "Test".into(),
                    provider: None,
                    started_on: on,
                    ended_on: Some(before(on)),
                    outcome: TrainingOutcome::Completed,
                });
                format!("trainings[{}].ended_on", r.trainings.len() - 1)
            }
            4 => {
                r.employments.push(EmploymentRecord {
                    employer: "Test".into(),
                    started_on: on,
                    ended_on: Some(before(on)),
                });
                format!("employments[{}].ended_on", r.employments.len() - 1)
            }
            _ => {
                r.shelter_stays = vec![ShelterStayRecord {
                    shelter: SHELTER.into(),
                    admitted_on: on,
                    discharged_on: Some(before(on)),
                }];
                "shelter_stays[0].discharged_on".to_owned()
            }
        };
        prop_assert_eq!(paths(&problems(&r)), vec![path.as_str()]);
    }

    #[test]
    fn an_identification_after_today_is_refused(rec in valid_case(), ahead in 1u32..2000) {
        let mut r = rec;
        r.identified_on = add_days(CivilDate::today(), ahead);
        prop_assert!(has(&problems(&r), "identified_on"));
    }

    #[test]
    fn exploitation_is_a_non_empty_set(rec in valid_case(), dup in any::<bool>()) {
        let mut r = rec;
        if dup {
            let first = r.exploitation[0];
            r.exploitation.push(first);
        } else {
            r.exploitation.clear();
        }
        prop_assert_eq!(paths(&problems(&r)), vec!["exploitation"]);
    }

    #[test]
    fn overlapping_stays_are_refused_at_the_later_one(
        rec in valid_case(),
        len in 1u32..100,
        into in 0u32..100,
    ) {
        let mut r = rec;
        let a = r.identified_on;
        let b = add_days(a, into % len);
        r.shelter_stays = vec![
            ShelterStayRecord {
                shelter: SHELTER.into(),
                admitted_on: a,
                discharged_on: Some(add_days(a, len)),
            },
            ShelterStayRecord {
                shelter: SHELTER.into(),
                admitted_on: b,
                discharged_on: None,
            },
        ];
        let found = problems(&r);
        // One problem, at the stay admitted later (either one when both start the same day).
        prop_assert_eq!(found.len(), 1);
        if b > a {
            prop_assert_eq!(paths(&found), vec!["shelter_stays[1].admitted_on"]);
        } else {
            prop_assert!(found[0].path.starts_with("shelter_stays["), "{}", found[0]);
        }
    }

    #[test]
    fn allowances_need_an_iso_currency_and_a_positive_amount(
        rec in valid_case(),
        currency in "[A-Z]{3}|[a-z]{3}|\\PC{0,4}",
        amount in "[0-9]{1,4}(\\.[0-9]{0,4})?|-[0-9]{1,3}|\\PC{0,5}",
    ) {
        let mut r = rec;
        r.allowances.push(AllowanceRecord {
            date: r.identified_on,
            amount: amount.clone(),
            currency: currency.clone(),
            kind: AllowanceKind::OneTime,
        });
        let i = r.allowances.len() - 1;
        let found = problems(&r);
        let expected = match money::currency(&currency) {
            None => vec![format!("allowances[{i}].currency")],
            Some(cur) if Money::parse(&amount, cur).is_none() => {
                vec![format!("allowances[{i}].amount")]
            }
            Some(_) => vec![],
        };
        prop_assert_eq!(
            paths(&found),
            expected.iter().map(String::as_str).collect::<Vec<_>>()
        );
    }

    #[test]
    fn references_to_unknown_organizations_are_refused(
        rec in valid_case(),
        other in "[A-Za-z][A-Za-z ]{0,19}",
        which in 0..3,
    ) {
        prop_assume!(directory().find(&other).is_none());
        let mut r = rec;
        let on = r.identified_on;
        let path = match which {
            0 => {
                r.referrals.push(ReferralRecord {
                    date: on,
                    to: other,
                    status: ReferralStatus::Pending,
                });
                format!("referrals[{}].to", r.referrals.len() - 1)
            }
            1 => {
                r.services.push(ServiceRecord {
                    kind: ServiceKind::Legal,
                    date: on,
                    provider: Some(other),
                });
                format!("services[{}].provider", r.services.len() - 1)
            }
            _ => {
                r.shelter_stays = vec![ShelterStayRecord {
                    shelter: other,
                    admitted_on: on,
                    discharged_on: None,
                }];
                "shelter_stays[0].shelter".to_owned()
            }
        };
        prop_assert_eq!(paths(&problems(&r)), vec![path.as_str()]);
    }

    #[test]
    fn problem_messages_never_quote_the_value(rec in valid_case(), field in 0..5) {
        // A value that breaks a rule, holding a marker no fixed wording holds.
        let marker = "Zq7canaryQz";
        let mut r = rec;
        match field {
            0 => r.person.given_name = Some(format!("{marker}{}", "x".repeat(MAX_NAME))),
            1 => r.person.citizenship = Some(marker.into()),
            2 => r.code = Some(format!("{marker} !")),
            3 => r.allowances.push(AllowanceRecord {
                date: r.identified_on,
                amount: marker.into(),
                currency: "AZN".into(),
                kind: AllowanceKind::OneTime,
            }),
            _ => r.person.languages.push(marker.into()),
        }
        let found = problems(&r);
        prop_assert!(!found.is_empty());
        for p in &found {
            prop_assert!(
                !p.message.contains(marker) && !p.path.contains(marker),
                "{}",
                p
            );
        }
        // The same record as an import line with a value of the wrong shape: the shape error
        // does not quote it either.
        let json: serde_json::Value =
            serde_json::from_str(&Line::Case(Box::new(r)).to_json()).unwrap();
        let wrong: [(&str, serde_json::Value); 4] = [
            ("/person/sex", marker.into()),
            ("/identified_on", marker.into()),
            ("/recognition", serde_json::json!([marker])),
            ("/person/age_at_identification", marker.into()),
        ];
        for (pointer, value) in wrong {
            let mut line = json.clone();
            *line.pointer_mut(pointer).unwrap() = value;
            let err = parse_line(&line.to_string(), 7).unwrap_err();
            prop_assert!(!err.message.contains(marker), "{}", err);
            prop_assert_eq!(err.line, Some(7));
            prop_assert_eq!(err.path.replace('.', "/"), pointer.trim_start_matches('/'));
        }
    }

    #[test]
    fn any_line_is_read_or_refused_with_its_line_number(
        text in "\\PC{0,80}",
        n in 1u64..1_000_000,
    ) {
        if let Err(p) = parse_line(&text, n) {
            prop_assert_eq!(p.line, Some(n));
            prop_assert!(!p.message.is_empty());
        }
    }
}

/// `n` (at most about 700) days before `d`.
fn minus_days(d: CivilDate, n: u32) -> CivilDate {
    let start = CivilDate::from_ymd(d.year() - 2, 1, 1).unwrap();
    let mut total = 0;
    let mut x = start;
    while x < d {
        x = add_days(x, 1);
        total += 1;
    }
    add_days(start, total - n)
}

/// Found by `valid_cases_have_no_problems_and_read_back_as_written`: a stay admitted and
/// discharged on one day, then an admission that same day, was refused as an overlap when the
/// open stay sorted first (a missing discharge sorted before every date).
#[test]
fn a_one_day_stay_then_an_admission_that_day_is_no_overlap() {
    let day = CivilDate::parse("2014-03-06").unwrap();
    let one_day = ShelterStayRecord {
        shelter: SHELTER.into(),
        admitted_on: day,
        discharged_on: Some(day),
    };
    let current = ShelterStayRecord {
        shelter: SHELTER.into(),
        admitted_on: day,
        discharged_on: None,
    };
    let mut rec: CaseRecord = serde_json::from_str(
        r#"{"person":{"given_name":"Test","sex":"female"},"identified_on":"2014-03-05",
            "recognition":"potential","exploitation":["sexual"]}"#,
    )
    .unwrap();
    for stays in [
        vec![one_day.clone(), current.clone()],
        vec![current.clone(), one_day.clone()],
    ] {
        rec.shelter_stays = stays;
        assert_eq!(problems(&rec), vec![]);
    }
    // Two current stays from the same day still overlap.
    rec.shelter_stays = vec![current.clone(), current];
    assert_eq!(paths(&problems(&rec)), vec!["shelter_stays[1].admitted_on"]);
}

// --- users, passphrases, recovery keys -------------------------------------------------------

const FIELDS: [&str; 3] = ["userName", "adminName", "caseworker"];

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn user_names_of_1_to_64_characters_are_accepted_and_trimmed(
        core in "[a-zA-Z0-9._əöüğışçА-я][a-zA-Z0-9._ əöüğışçА-я-]{0,62}[a-zA-Z0-9._əöüğışçА-я]|[a-z]",
        pad in "[ \t]{0,3}", field in select(FIELDS.to_vec()),
    ) {
        let name = UserName::parse(&format!("{pad}{core}{pad}"), field).unwrap();
        prop_assert_eq!(name.as_str(), core.as_str());
    }

    #[test]
    fn user_names_outside_the_rule_are_refused_naming_the_field(
        bad in prop_oneof![
            "[ \t\n]{0,4}".prop_map(|s| (s, "required")),
            "[a-z]{65,90}".prop_map(|s| (s, "at most 64")),
            with_control().prop_map(|s| (s, "control")),
            with_invisible().prop_map(|s| (s, "invisible")),
        ],
        field in select(FIELDS.to_vec()),
    ) {
        let (text, why) = bad;
        match UserName::parse(&text, field) {
            Err(Error::Invalid { field: f, message }) => {
                prop_assert_eq!(f, field);
                prop_assert!(message.contains(why), "{message}");
            }
            other => prop_assert!(
                false,
                "accepted or wrong error: {:?}",
                other.map(|n| n.as_str().len())
            ),
        }
    }

    #[test]
    fn any_user_name_is_checked_without_panic(text in "\\PC{0,80}|.{0,80}") {
        if let Ok(name) = UserName::parse(&text, "userName") {
            let n = name.as_str().chars().count();
            prop_assert!((1..=64).contains(&n));
            prop_assert!(!name.as_str().chars().any(char::is_control));
            prop_assert!(haven::records::text::check(name.as_str(), haven::records::text::Kind::Line).is_ok());
        }
    }
}

proptest! {
    // zxcvbn is the slow part (each estimate is of at most 100 characters).
    #![proptest_config(config(48))]

    #[test]
    fn passphrases_under_12_characters_are_refused_with_the_count(
        p in "\\PC{1,11}", field in select(vec!["passphrase", "newPassphrase"]),
    ) {
        let passphrase = Passphrase::from(p.as_str());
        // The count is of the NFC text, which may be longer or shorter than what was typed.
        let chars = passphrase.char_count();
        prop_assume!(chars < passphrase_policy::MIN_CHARS);
        match passphrase_policy::check(&passphrase, &["fuzz.user"], field) {
            Err(Error::WeakPassphrase { field: f, reason }) => {
                prop_assert_eq!(f, field);
                prop_assert!(reason.contains("at least 12"), "{reason}");
                prop_assert!(reason.contains(&format!("has {chars}")), "{reason}");
            }
            other => prop_assert!(false, "not refused: {:?}", other.is_ok()),
        }
        prop_assert!(!passphrase_policy::estimate(&passphrase, &[]).acceptable);
    }

    #[test]
    fn passphrases_over_1024_characters_are_refused(
        words in prop::collection::vec("[a-z]{4,9}", 120..200),
    ) {
        let p = words.join(" ");
        prop_assume!(p.chars().count() > passphrase_policy::MAX_CHARS);
        match passphrase_policy::check(&Passphrase::from(p.as_str()), &[], "passphrase") {
            Err(Error::WeakPassphrase { field, reason }) => {
                prop_assert_eq!(field, "passphrase");
                prop_assert!(reason.contains("too long"), "{reason}");
            }
            other => prop_assert!(false, "not refused: {:?}", other.is_ok()),
        }
    }

    #[test]
    fn two_different_typings_are_refused_at_the_second_field(a in "\\PC{0,40}", b in "\\PC{0,40}") {
        prop_assume!(
            Passphrase::from(a.as_str()).expose() != Passphrase::from(b.as_str()).expose()
        );
        let e = passphrase_policy::confirm(
            a.as_str().into(),
            &b.as_str().into(),
            &[],
            "passphrase",
            "passphraseAgain",
        )
        .unwrap_err();
        prop_assert!(invalid_at(&e, "passphraseAgain"));
    }

    #[test]
    fn the_verdict_and_the_check_agree(p in "\\PC{0,40}|([a-z]{3,9} ){2,6}[a-z]{3,9}") {
        let passphrase = Passphrase::from(p.as_str());
        let s = passphrase_policy::estimate(&passphrase, &["fuzz.user"]);
        prop_assert!(s.score <= 4);
        prop_assert_eq!(
            passphrase_policy::check(&passphrase, &["fuzz.user"], "passphrase").is_ok(),
            s.acceptable
        );
        if s.acceptable {
            let n = passphrase.char_count();
            prop_assert!(
                (passphrase_policy::MIN_CHARS..=passphrase_policy::MAX_CHARS).contains(&n)
            );
            prop_assert!(s.score >= passphrase_policy::MIN_SCORE);
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn a_recovery_key_reads_back_however_it_is_typed(
        lower in any::<bool>(),
        sep in select(vec!["-", " ", "", "  ", "\t"]),
        confusable in any::<bool>(),
    ) {
        let key = RecoveryKey::generate().unwrap();
        let shown = key.grouped().to_string();
        let mut typed = shown.replace('-', sep);
        if confusable {
            typed = typed.replace('0', "O").replace('1', "l");
        }
        if lower {
            typed = typed.to_lowercase();
        }
        prop_assert_eq!(
            RecoveryKey::parse(&typed).unwrap().grouped().to_string(),
            shown
        );
    }

    #[test]
    fn anything_but_32_key_characters_is_refused_at_the_recovery_key_field(
        text in "[0-9A-HJKMNP-TV-Z]{0,31}|[0-9A-HJKMNP-TV-Z]{33,40}|[0-9A-Z]{0,20}[U!*][0-9A-Z]{0,20}|\\PC{0,40}",
    ) {
        let key_chars = text
            .chars()
            .filter(|c| *c != '-' && !c.is_whitespace())
            .count();
        let all_key = text.chars().all(|c| {
            c == '-'
                || c.is_whitespace()
                || "0123456789ABCDEFGHJKMNPQRSTVWXYZOIL".contains(c.to_ascii_uppercase())
        });
        match RecoveryKey::parse(&text) {
            Ok(_) => prop_assert!(all_key && key_chars == 32),
            Err(e) => {
                prop_assert!(!(all_key && key_chars == 32));
                prop_assert!(invalid_at(&e, "recoveryKey"));
            }
        }
    }

    #[test]
    fn audit_heads_are_seq_colon_64_hex(
        seq in any::<i64>(),
        mac in "[0-9a-fA-F]{64}",
        junk in "\\PC{0,70}",
    ) {
        let text = format!("{seq}:{mac}");
        let head: Head = text.parse().unwrap();
        prop_assert_eq!(head.to_string(), text.to_ascii_lowercase());
        match junk.parse::<Head>() {
            Ok(h) => prop_assert_eq!(h.to_string().parse::<Head>().unwrap(), h),
            Err(e) => prop_assert!(invalid_at(&e, "head")),
        }
    }
}

// --- report and settings ---------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn a_period_is_two_real_days_in_order(
        (a, ta) in date_in(1900..=2999), (b, tb) in date_in(1900..=2999), pad in "[ ]{0,2}",
    ) {
        let r = Period::parse(&format!("{pad}{ta}{pad}"), &tb);
        if a <= b {
            let p = r.unwrap();
            prop_assert_eq!((p.from, p.to), (a, b));
        } else {
            prop_assert!(r.is_err_and(|e| invalid_at(&e, "to")));
        }
    }

    #[test]
    fn a_period_with_a_bad_day_names_that_day(
        bad in "\\PC{0,12}",
        (_, good) in date_in(1900..=2999),
        first in any::<bool>(),
    ) {
        prop_assume!(CivilDate::parse(bad.trim()).is_none());
        let (r, field) = if first {
            (Period::parse(&bad, &good), "from")
        } else {
            (Period::parse(&good, &bad), "to")
        };
        match r {
            Err(Error::Invalid { field: f, .. }) => prop_assert_eq!(f, field),
            other => prop_assert!(false, "accepted: {:?}", other.is_ok()),
        }
    }

    #[test]
    fn small_settings_take_their_range_only(n in any::<u32>()) {
        match check_min_cell(n) {
            Ok(k) => prop_assert!(k == n && (1..=100).contains(&n)),
            Err(e) => prop_assert!(!(1..=100).contains(&n) && invalid_at(&e, "minCell")),
        }
        match IdleTimer::new(n, std::time::Instant::now()) {
            Ok(_) => prop_assert!((1..=60).contains(&n)),
            Err(e) => prop_assert!(!(1..=60).contains(&n) && invalid_at(&e, "autoLockMinutes")),
        }
    }

    #[test]
    fn roles_read_in_any_case_and_nothing_else(
        word in "\\PC{0,12}",
        role in select(Role::ALL.to_vec()),
        upper in any::<bool>(),
    ) {
        let typed = if upper {
            role.as_str().to_uppercase()
        } else {
            format!(" {} ", role.as_str())
        };
        prop_assert_eq!(typed.parse::<Role>().unwrap(), role);
        match word.parse::<Role>() {
            Ok(r) => prop_assert!(r.as_str().eq_ignore_ascii_case(word.trim())),
            Err(e) => prop_assert!(invalid_at(&e, "role")),
        }
    }

    #[test]
    fn key_slots_below_the_floor_or_above_the_ceiling_are_refused(
        memory_kib in 0u32..6_000_000, passes in 0u32..100, lanes in 0u32..100,
    ) {
        let p = KdfParams {
            memory_kib,
            passes,
            lanes,
        };
        let (floor, ceiling) = (KdfParams::FLOOR, KdfParams::CEILING);
        let ok = (floor.memory_kib..=ceiling.memory_kib).contains(&memory_kib)
            && (floor.passes..=ceiling.passes).contains(&passes)
            && (floor.lanes..=ceiling.lanes).contains(&lanes);
        prop_assert_eq!(p.check().is_ok(), ok);
        if !ok {
            prop_assert!(matches!(p.check(), Err(Error::WeakKeySlot)));
        }
    }
}

// --- through a vault -------------------------------------------------------------------------

/// A vault with the test organizations and a caseworker (who may import, export and record).
fn caseworker_session(dir: &std::path::Path) -> Session {
    let vault = floor_vault(dir);
    let mut a = admin(&vault);
    a.import(&mut ORG_LINES.as_bytes(), false, &mut |_| {})
        .unwrap();
    a.add_user("case.worker", &[Role::Caseworker], &pass(OTHER_PASSPHRASE))
        .unwrap();
    drop(a);
    vault
        .unlock("case.worker", &pass(OTHER_PASSPHRASE))
        .unwrap()
}

/// A few cases only: each one is a committed transaction in a real vault.
fn vault_runner(cases: u32) -> TestRunner {
    TestRunner::new(config(cases))
}

#[test]
fn valid_cases_are_imported_given_a_code_and_exported_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let session = RefCell::new(caseworker_session(dir.path()));
    let codes = RefCell::new(HashSet::new());
    let refs = Cell::new(0u32);
    vault_runner(16)
        .run(&valid_case(), |mut rec| {
            let mut s = session.borrow_mut();
            // Refs are unique in a vault.
            refs.set(refs.get() + 1);
            if rec.source_ref.is_some() {
                rec.source_ref = Some(format!("P-{}", refs.get()));
            }
            let line = Line::Case(Box::new(rec.clone())).to_json() + "\n";
            let summary = s.import(&mut line.as_bytes(), false, &mut |_| {}).unwrap();
            prop_assert_eq!(summary.cases, 1);
            let mut out = Vec::new();
            s.export(&mut out).unwrap();
            let last = String::from_utf8(out)
                .unwrap()
                .lines()
                .last()
                .unwrap()
                .to_owned();
            let Line::Case(back) = parse_line(&last, 1).unwrap() else {
                panic!("the last exported line is a case");
            };
            // Haven's code: the identification year and a running number, unique in the vault.
            let code = back.code.clone().unwrap();
            let (year, n) = code.split_once('-').unwrap();
            prop_assert_eq!(year.parse::<i32>().unwrap(), rec.identified_on.year());
            prop_assert!(n.len() >= 4 && n.bytes().all(|b| b.is_ascii_digit()));
            prop_assert!(codes.borrow_mut().insert(code));
            let mut expected = rec;
            expected.code = back.code.clone();
            prop_assert_eq!(*back, expected);
            Ok(())
        })
        .unwrap();
}

#[test]
fn operations_refuse_a_bad_value_at_the_forms_field_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = caseworker_session(dir.path());
    let code = s
        .create_case(
            serde_json::from_str(
                r#"{"person":{"given_name":"Test","sex":"female"},"identified_on":"2014-03-05",
                    "recognition":"potential","exploitation":["sexual"]}"#,
            )
            .unwrap(),
        )
        .unwrap();
    let session = RefCell::new(s);
    let identified = CivilDate::parse("2014-03-05").unwrap();
    let inputs = (
        "[A-Z]{3}|[a-z]{3}",
        "[0-9]{1,3}(\\.[0-9]{0,3})?|-[0-9]{1,3}",
        1u32..300,
        any::<bool>(),
    );
    vault_runner(24)
        .run(&inputs, |(currency, amount, back, valid_consent)| {
            let mut s = session.borrow_mut();
            let before = s.show_case(&code).unwrap().record;
            let allowance = AllowanceRecord {
                date: identified,
                amount: amount.clone(),
                currency: currency.clone(),
                kind: AllowanceKind::Recurring,
            };
            let expected_path = match money::currency(&currency) {
                None => Some("currency"),
                Some(cur) if Money::parse(&amount, cur).is_none() => Some("amount"),
                Some(_) => None,
            };
            match (s.record_allowance(&code, allowance), expected_path) {
                (Ok(_), None) => {}
                (Err(Error::Problems(p)), Some(path)) => prop_assert_eq!(paths(&p), vec![path]),
                (other, path) => prop_assert!(false, "{:?} for {:?}", other.map(|_| ()), path),
            }
            // A consent that expires before it is given is refused at the form's field.
            let given_on = add_days(identified, 400);
            let expires_on = if valid_consent {
                add_days(given_on, back)
            } else {
                minus_days(given_on, back)
            };
            let consent = ConsentRecord {
                scope: ConsentScope::Statistics,
                given_on,
                expires_on: Some(expires_on),
                organizations: vec![],
                withdrawn_on: None,
            };
            match (s.add_consent(&code, consent), valid_consent) {
                (Ok(_), true) => {}
                (Err(Error::Problems(p)), false) => prop_assert_eq!(paths(&p), vec!["expires_on"]),
                (other, _) => prop_assert!(false, "{:?}", other.map(|_| ())),
            }
            // A refusal wrote nothing: the record grew by the accepted changes only.
            let after = s.show_case(&code).unwrap().record;
            prop_assert_eq!(
                after.allowances.len(),
                before.allowances.len() + usize::from(expected_path.is_none())
            );
            prop_assert_eq!(
                after.consents.len(),
                before.consents.len() + usize::from(valid_consent)
            );
            Ok(())
        })
        .unwrap();
}
