use super::tables::*;
use super::*;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde_json::Value;
use time::macros::format_description;

/// The documented fields of every object (interchange.md), with the values of the
/// enumerations after `=`; any other field or value fails an import.
#[rustfmt::skip]
const FIELDS: [(&str, &str); 11] = [
    ("organization", "type name sector=state|ngo|international|private capacity \
        kind=shelter|ngo|assistance_center|police|health|legal|government|employer|\
        training_provider|other"),
    ("case", "type ref code person identified_on closed_on country_of_exploitation \
        identified_by=police|ngo|hotline|self|labour_inspection|border_guard|other \
        recognition=potential|recognized status=open|closed \
        exploitation=sexual|forced_labour|domestic_servitude|forced_begging|\
        forced_criminality|forced_marriage|organ_removal|other \
        consents referrals shelter_stays services allowances trainings employments notes"),
    ("person", "given_name family_name aliases sex=female|male|other|unknown birth_date \
        age_at_identification citizenship languages phone"),
    ("consents", "scope=data_storage|referrals|statistics given_on expires_on"),
    ("referrals", "date to status=pending|accepted|declined|completed"),
    ("shelter_stays", "shelter admitted_on discharged_on"),
    ("services", "kind=legal|medical|psychological|social|education|other date provider"),
    ("allowances", "date amount currency kind=one_time|recurring"),
    ("trainings", "course provider started_on ended_on outcome=enrolled|completed|dropped_out"),
    ("employments", "employer started_on ended_on"),
    ("notes", "date text"),
];
const DATES: &str = "date given_on admitted_on discharged_on started_on ended_on";

fn generate(cases: usize, seed: u64) -> Vec<String> {
    let options = DemoOptions {
        cases,
        seed,
        ..DemoOptions::default()
    };
    lines(&options).collect()
}

/// The organizations by name and the cases; organizations must come first.
fn parse(lines: &[String]) -> (HashMap<String, Value>, Vec<Value>) {
    let (mut organizations, mut cases) = (HashMap::new(), Vec::new());
    for line in lines {
        let value: Value = serde_json::from_str(line).expect("one JSON object a line");
        if value["type"] == "organization" {
            assert!(cases.is_empty(), "organizations come first");
            organizations.insert(text(&value["name"]).to_owned(), value);
        } else {
            assert_eq!(value["type"], "case");
            cases.push(value);
        }
    }
    (organizations, cases)
}

/// 5,000 cases, generated and parsed once for the tests that only read them.
fn sample() -> &'static (HashMap<String, Value>, Vec<Value>) {
    static SAMPLE: OnceLock<(HashMap<String, Value>, Vec<Value>)> = OnceLock::new();
    SAMPLE.get_or_init(|| parse(&generate(5000, 2014)))
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

fn items<'a>(case: &'a Value, list: &str) -> &'a [Value] {
    case[list].as_array().map_or(&[], Vec::as_slice)
}

/// A `YYYY-MM-DD` date as a Julian day, or None for null.
fn day(value: &Value) -> Option<i64> {
    let s = value.as_str()?;
    assert!(s.len() == 10 && &s[4..5] == "-" && &s[7..8] == "-", "{s}");
    let date = Date::parse(s, format_description!("[year]-[month]-[day]")).expect("a date");
    Some(i64::from(date.to_julian_day()))
}

/// Checks the fields of `object`, of kind `kind`, against the documented names and values.
fn check_fields(kind: &str, object: &Value) {
    let documented = FIELDS.iter().find(|f| f.0 == kind).expect("documented").1;
    for (field, value) in object.as_object().expect("an object") {
        let mut specs = documented.split_whitespace();
        let spec = specs.find(|f| f.split('=').next() == Some(field));
        let spec = spec.unwrap_or_else(|| panic!("undocumented field {kind}.{field}"));
        if let Some((_, values)) = spec.split_once('=') {
            let values: Vec<&str> = values.split('|').collect();
            for value in value.as_array().map_or(vec![value], |a| a.iter().collect()) {
                assert!(values.contains(&text(value)), "{kind}.{field}: {value}");
            }
        }
    }
}

#[test]
fn only_documented_fields_and_values_appear() {
    let (organizations, cases) = sample();
    for organization in organizations.values() {
        check_fields("organization", organization);
    }
    for case in cases {
        check_fields("case", case);
        check_fields("person", &case["person"]);
        assert!(
            case.get("code").is_none_or(Value::is_null),
            "Haven generates the code"
        );
        assert!(!items(case, "exploitation").is_empty());
        for (list, _) in &FIELDS[3..] {
            assert!(case[list].is_array(), "{list} is an array");
            for item in items(case, list) {
                check_fields(list, item);
            }
        }
    }
}

#[test]
fn organizations_come_first_and_every_reference_names_one() {
    let (organizations, cases) = sample();
    assert_eq!(organizations.len(), ORGANIZATIONS.len());
    assert!(organizations.keys().all(|name| name.starts_with("Demo ")));
    assert_eq!(organizations[STATE_SHELTER]["capacity"], 50);
    let kind_of = |name: &Value| match organizations.get(text(name)) {
        Some(organization) => text(&organization["kind"]),
        None => panic!("unknown organization {name}"),
    };
    let named = "referrals.to trainings.provider employments.employer services.provider";
    for case in cases {
        for (list, field) in named.split(' ').filter_map(|n| n.split_once('.')) {
            let named = items(case, list).iter().map(|item| &item[field]);
            named
                .filter(|name| !name.is_null())
                .for_each(|name| _ = kind_of(name));
        }
        for stay in items(case, "shelter_stays") {
            assert_eq!(kind_of(&stay["shelter"]), "shelter");
        }
    }
}

#[test]
fn histories_are_in_order_and_never_after_the_last_year() {
    let today = julian(2025, Month::December, 31);
    let (mut stays, mut stay_days, mut old, mut old_closed) = (0, 0, 0, 0);
    for case in &sample().1 {
        let identified = day(&case["identified_on"]).expect("identified");
        let closed_on = day(&case["closed_on"]);
        assert_eq!(closed_on.is_some(), case["status"] == "closed");
        let end = closed_on.unwrap_or(today);
        for (list, _) in &FIELDS[3..] {
            for (field, value) in items(case, list)
                .iter()
                .flat_map(|i| i.as_object())
                .flatten()
            {
                let event = DATES.split(' ').any(|d| d == field).then(|| day(value));
                let in_order = event.flatten().is_none_or(|d| identified <= d && d <= end);
                assert!(in_order, "{list}.{field} out of order: {case}");
            }
        }
        for consent in items(case, "consents") {
            let expires = day(&consent["expires_on"]);
            assert!(expires.is_none_or(|e| identified < e && e <= today));
        }
        let mut free_from = i64::MIN;
        for stay in items(case, "shelter_stays") {
            let admitted = day(&stay["admitted_on"]).expect("admitted");
            assert!(admitted > free_from, "stays overlap: {case}");
            free_from = day(&stay["discharged_on"]).unwrap_or(i64::MAX);
            assert!(free_from >= admitted);
            if free_from == i64::MAX {
                assert!(closed_on.is_none() && today - admitted <= 100);
            } else {
                (stays, stay_days) = (stays + 1, stay_days + free_from - admitted);
            }
        }
        let trainings = items(case, "trainings").iter();
        for item in trainings.chain(items(case, "employments")) {
            let ended = day(&item["ended_on"]).unwrap_or(i64::MAX);
            assert!(ended >= day(&item["started_on"]).expect("started"));
            if item.get("outcome").is_some() {
                assert_eq!(ended == i64::MAX, item["outcome"] == "enrolled");
            }
        }
        let birth = day(&case["person"]["birth_date"]);
        assert!(birth.is_none_or(|birth| birth < identified));
        assert!(
            closed_on.is_none() || today - identified > 120,
            "closed too soon"
        );
        if today - identified > 3 * 365 {
            (old, old_closed) = (old + 1, old_closed + usize::from(closed_on.is_some()));
        }
    }
    let average_stay = stay_days / stays;
    assert!((30..=90).contains(&average_stay), "{average_stay} days");
    assert!(old_closed * 10 >= old * 8, "{old_closed} of {old} closed");
}

#[test]
fn no_shelter_ever_holds_more_residents_than_beds() {
    let default = parse(&lines(&DemoOptions::default()).collect::<Vec<_>>()).1;
    // 8,000 cases in one year: far more people than beds.
    let crowded = DemoOptions {
        cases: 8_000,
        first_year: 2025,
        ..DemoOptions::default()
    };
    let crowded = parse(&lines(&crowded).collect::<Vec<_>>()).1;
    for (cases, fullest) in [(default, 5..=50), (crowded, 50..=50)] {
        let mut taken: HashMap<(&str, i64), u16> = HashMap::new();
        for stay in cases.iter().flat_map(|case| items(case, "shelter_stays")) {
            let admitted = day(&stay["admitted_on"]).expect("admitted");
            let until = day(&stay["discharged_on"]).unwrap_or(julian(2025, Month::December, 31));
            for d in admitted..=until {
                *taken.entry((text(&stay["shelter"]), d)).or_default() += 1;
            }
        }
        let most = |name| taken.iter().filter(|t| t.0 .0 == name).map(|t| *t.1).max();
        for (shelter, beds) in SHELTERS {
            assert!(most(shelter).unwrap_or(0) <= beds, "{shelter} overfilled");
        }
        assert!(fullest.contains(&most(STATE_SHELTER).unwrap_or(0)));
    }
}

#[test]
fn allowances_are_exact_amounts_in_manat() {
    let cases = &sample().1;
    let mut one_time = 0;
    for allowance in cases.iter().flat_map(|case| items(case, "allowances")) {
        let amount = text(&allowance["amount"]);
        let (units, cents) = amount.split_once('.').unwrap_or_default();
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        assert!(digits(units) && digits(cents) && cents.len() == 2);
        assert_eq!(allowance["currency"], "AZN");
        if allowance["kind"] == "one_time" {
            assert_eq!(amount, "400.00");
            one_time += 1;
        }
    }
    assert!(one_time * 100 >= cases.len() * 75, "{one_time} one-time");
}

#[test]
fn refs_are_unique_and_every_person_is_named_and_marked_demo() {
    let mut refs = HashSet::new();
    for case in &sample().1 {
        let (reference, year) = (text(&case["ref"]), &text(&case["identified_on"])[..4]);
        assert!(reference.starts_with(&format!("DEMO-{year}-")));
        assert!(refs.insert(reference), "duplicate ref {reference}");
        let person = &case["person"];
        assert!(person["given_name"].is_string() || person["family_name"].is_string());
        assert_eq!(person["aliases"][0], "DEMO");
    }
}

#[test]
fn the_same_options_give_the_same_bytes() {
    assert_eq!(generate(500, 7), generate(500, 7));
    assert_ne!(generate(500, 7), generate(500, 8));
}

#[test]
fn persons_look_like_the_programme_and_exercise_search() {
    let cases = &sample().1;
    let percent = |test: &dyn Fn(&Value, &str) -> bool| {
        let name = |p: &Value| [&p["given_name"], &p["family_name"]].map(text).join(" ");
        let hits = cases
            .iter()
            .map(|c| &c["person"])
            .filter(|p| test(p, &name(p)));
        hits.count() * 100 / cases.len()
    };
    let minor = |case: &Value| {
        let (person, on) = (&case["person"], day(&case["identified_on"]));
        let age = day(&person["birth_date"]).map(|birth| age_on(birth, on.unwrap_or(0)));
        age.or(person["age_at_identification"].as_i64())
            .is_some_and(|a| a < 18)
    };
    let minors = cases.iter().filter(|case| minor(case)).count() * 100 / cases.len();
    assert!((7..=13).contains(&minors), "{minors}% minors");
    assert!((80..=90).contains(&percent(&|p, _| p["sex"] == "female")));
    let cyrillic = |name: &str| name.chars().any(|c| ('а'..='я').contains(&c));
    let in_cyrillic = percent(&|_, name| cyrillic(name));
    assert!((10..=20).contains(&in_cyrillic), "{in_cyrillic}% Cyrillic");
    assert!(percent(&|_, name| name.contains('ə')) >= 20, "names with ə");
    assert!(percent(&|_, name| name.contains('İ')) >= 1, "names with İ");
    let marked = |name: &str| name.chars().any(|c| "əıİşçğöüxqŞÇĞÖÜXQƏ".contains(c));
    let latin_marked = percent(&|_, name| !cyrillic(name) && marked(name));
    let share = latin_marked * 100 / (100 - in_cyrillic);
    assert!((40..=65).contains(&share), "{share}% with ə ş ç …");
    assert!(percent(&|p, _| p["citizenship"] == "AZ") >= 60);
    assert!(percent(&|p, _| !p["age_at_identification"].is_null()) >= 5);
}

#[test]
fn generation_is_lazy() {
    let endless = DemoOptions {
        cases: usize::MAX,
        ..DemoOptions::default()
    };
    let first: Vec<String> = lines(&endless).take(ORGANIZATIONS.len() + 2).collect();
    assert!(first[ORGANIZATIONS.len()].contains("\"ref\":\"DEMO-2014-000001\""));
    let none = DemoOptions {
        cases: 0,
        ..endless
    };
    assert_eq!(lines(&none).count(), ORGANIZATIONS.len());
}

#[test]
fn days_round_trip_through_civil_dates() {
    let on = |y, m, d| julian(y, Month::try_from(m).expect("a month"), d);
    assert_eq!(on(1970, 1, 1), 2_440_588);
    assert_eq!(date(on(2000, 3, 1) - 1).to_string(), "2000-02-29");
    for d in on(1899, 1, 1)..on(2101, 1, 1) {
        assert_eq!(day(&Value::from(date(d).to_string())), Some(d));
    }
    assert_eq!(add_years(on(2024, 2, 29), 1), Some(on(2025, 2, 28)));
    assert_eq!(add_years(on(2023, 3, 1), 2), Some(on(2025, 3, 1)));
    assert_eq!(
        add_years(on(9999, 6, 1), 1),
        None,
        "past the calendar's end"
    );
    let ages = [on(2018, 6, 1), on(2018, 6, 2)].map(|at| age_on(on(2000, 6, 2), at));
    assert_eq!(ages, [17, 18]);
}
