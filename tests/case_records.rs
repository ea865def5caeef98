//! Case records through the core API: import and export of the interchange format, the rules
//! of a record (one test per rule, each showing that nothing was written), roles, search.
#![forbid(unsafe_code)]

mod common;

use common::*;
use haven::cases::CaseFilter;
use haven::{Error, ErrorKind, Role, Session, Vault};

const SAMPLE: &str = include_str!("fixtures/interchange/sample.jsonl");

fn import(s: &mut Session, text: &str) -> haven::Result<haven::cases::ImportSummary> {
    s.import(&mut text.as_bytes(), false, &mut |_| {})
}

fn export(s: &Session) -> String {
    let mut out = Vec::new();
    s.export(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// A vault with a caseworker signed in (admins may not read cases).
fn caseworker_vault(dir: &std::path::Path) -> (Vault, Session) {
    let vault = floor_vault(dir);
    let mut a = admin(&vault);
    a.add_user("case.worker", &[Role::Caseworker], &pass(OTHER_PASSPHRASE))
        .unwrap();
    drop(a);
    let s = vault
        .unlock("case.worker", &pass(OTHER_PASSPHRASE))
        .unwrap();
    (vault, s)
}

fn with_user(vault: &Vault, name: &str, role: Role) -> Session {
    let mut a = admin(vault);
    a.add_user(name, &[role], &pass(OTHER_PASSPHRASE)).unwrap();
    drop(a);
    vault.unlock(name, &pass(OTHER_PASSPHRASE)).unwrap()
}

#[test]
fn export_then_import_into_an_empty_vault_then_export_gives_the_same_file() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (_va, mut sa) = caseworker_vault(a.path());
    let summary = import(&mut sa, SAMPLE).unwrap();
    assert_eq!((summary.organizations, summary.cases), (4, 4));
    let first = export(&sa);
    let (_vb, mut sb) = caseworker_vault(b.path());
    import(&mut sb, &first).unwrap();
    let second = export(&sb);
    assert_eq!(first, second);
    assert_eq!(first.lines().count(), 8);
}

#[test]
fn the_exported_records_hold_what_was_imported() {
    let dir = tempfile::tempdir().unwrap();
    let (_v, mut s) = caseworker_vault(dir.path());
    import(&mut s, SAMPLE).unwrap();
    let exported = export(&s);
    let originals: Vec<serde_json::Value> = SAMPLE
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let back: Vec<serde_json::Value> = exported
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    /// Every field given comes back with the same value (amounts aside: canonical form).
    fn contains(back: &serde_json::Value, orig: &serde_json::Value, path: &str) {
        match (back, orig) {
            (serde_json::Value::Object(b), serde_json::Value::Object(o)) => {
                for (key, value) in o {
                    if key != "allowances" {
                        contains(&b[key], value, &format!("{path}.{key}"));
                    }
                }
            }
            (serde_json::Value::Array(b), serde_json::Value::Array(o)) => {
                assert_eq!(b.len(), o.len(), "{path}");
                for (i, (b, o)) in b.iter().zip(o).enumerate() {
                    contains(b, o, &format!("{path}[{i}]"));
                }
            }
            _ => assert_eq!(back, orig, "{path}"),
        }
    }
    for (orig, back) in originals.iter().zip(&back) {
        contains(back, orig, "");
    }
    let irina = &back[6];
    assert_eq!(irina["allowances"][0]["amount"], "150.00");
    assert_eq!(irina["allowances"][1]["amount"], "150.50");
    assert_eq!(irina["allowances"][1]["currency"], "USD");
    assert_eq!(back[5]["status"], "open", "status defaults to open");
    assert_eq!(back[7]["code"], "2013-0042", "a given code is kept");
}

#[test]
fn case_codes_are_year_and_running_number() {
    let dir = tempfile::tempdir().unwrap();
    let (_v, mut s) = caseworker_vault(dir.path());
    import(&mut s, SAMPLE).unwrap();
    let mut codes: Vec<String> = s
        .list_cases(&CaseFilter::default())
        .unwrap()
        .into_iter()
        .map(|c| c.code)
        .collect();
    codes.sort();
    assert_eq!(codes, ["2013-0042", "2014-0001", "2015-0001", "2016-0001"]);
    // A given code moves its year's counter on.
    let more = r#"{"type":"case","person":{"given_name":"Test","sex":"female"},"identified_on":"2013-05-01","recognition":"potential","exploitation":["other"]}"#;
    import(&mut s, more).unwrap();
    assert!(s.show_case("2013-0043").is_ok());
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_v, mut s) = caseworker_vault(dir.path());
    let summary = s.import(&mut SAMPLE.as_bytes(), true, &mut |_| {}).unwrap();
    assert!(summary.dry_run);
    assert_eq!((summary.organizations, summary.cases), (4, 4));
    assert_eq!(s.case_count().unwrap(), 0);
    assert_eq!(export(&s), "");
}

const ORGS: &str = r#"{"type":"organization","name":"Shelter One","kind":"shelter","sector":"state","capacity":10}
{"type":"organization","name":"Helping NGO","kind":"ngo","sector":"ngo"}"#;

fn base_case() -> serde_json::Value {
    serde_json::json!({
        "type": "case",
        "person": {"given_name": "Test", "family_name": "Person", "sex": "female"},
        "identified_on": "2020-01-10",
        "recognition": "recognized",
        "exploitation": ["sexual"],
    })
}

/// Imports the organizations and `case` changed by `edit`; asserts it is refused with a
/// problem at `path` on line 3, and that the vault holds nothing afterwards.
#[track_caller]
fn refused(edit: impl FnOnce(&mut serde_json::Value), path: &str) -> String {
    let mut case = base_case();
    edit(&mut case);
    refused_line(&case.to_string(), path)
}

/// [`refused`] for a line written out (one that `serde_json::Value` cannot hold).
#[track_caller]
fn refused_line(line: &str, path: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let (_v, mut s) = caseworker_vault(dir.path());
    let text = format!("{ORGS}\n{line}\n");
    let err = import(&mut s, &text).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    let Error::Problems(problems) = err else {
        panic!("{err:?}")
    };
    let found = problems
        .iter()
        .find(|p| p.path == path && p.line == Some(3));
    assert!(found.is_some(), "no problem at {path}: {problems:?}");
    assert_eq!(s.case_count().unwrap(), 0, "a case was written");
    assert_eq!(export(&s), "", "something was written");
    found.unwrap().message.clone()
}

#[test]
fn the_base_case_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let (_v, mut s) = caseworker_vault(dir.path());
    import(&mut s, &format!("{ORGS}\n{}\n", base_case())).unwrap();
    assert_eq!(s.case_count().unwrap(), 1);
}

#[test]
fn rule_discharge_not_before_admission() {
    let m = refused(
        |c| c["shelter_stays"] = serde_json::json!([{"shelter": "Shelter One", "admitted_on": "2020-02-10", "discharged_on": "2020-02-09"}]),
        "shelter_stays[0].discharged_on",
    );
    assert!(m.contains("before the admission"), "{m}");
}

#[test]
fn rule_closed_on_not_before_identified_on() {
    refused(
        |c| {
            c["status"] = "closed".into();
            c["closed_on"] = "2020-01-09".into();
        },
        "closed_on",
    );
}

#[test]
fn rule_a_closed_case_has_a_closing_date() {
    refused(|c| c["status"] = "closed".into(), "closed_on");
}

#[test]
fn rule_stays_of_one_person_do_not_overlap() {
    let m = refused(
        |c| {
            c["shelter_stays"] = serde_json::json!([
                {"shelter": "Shelter One", "admitted_on": "2020-02-01", "discharged_on": "2020-03-01"},
                {"shelter": "Shelter One", "admitted_on": "2020-02-15", "discharged_on": "2020-04-01"}
            ])
        },
        "shelter_stays[1].admitted_on",
    );
    assert!(m.contains("overlaps"), "{m}");
}

#[test]
fn rule_a_stay_is_in_a_shelter() {
    refused(
        |c| {
            c["shelter_stays"] =
                serde_json::json!([{"shelter": "Helping NGO", "admitted_on": "2020-02-01"}])
        },
        "shelter_stays[0].shelter",
    );
}

#[test]
fn rule_amounts_are_positive() {
    for amount in ["0.00", "-400.00", "400.001", "four hundred"] {
        refused(
            |c| c["allowances"] = serde_json::json!([{"date": "2020-02-01", "amount": amount, "currency": "AZN", "kind": "one_time"}]),
            "allowances[0].amount",
        );
    }
}

#[test]
fn rule_currencies_are_iso_4217() {
    refused(
        |c| c["allowances"] = serde_json::json!([{"date": "2020-02-01", "amount": "400.00", "currency": "MAN", "kind": "one_time"}]),
        "allowances[0].currency",
    );
}

#[test]
fn rule_countries_are_iso_3166() {
    refused(
        |c| c["person"]["citizenship"] = "XX".into(),
        "person.citizenship",
    );
    refused(
        |c| c["country_of_exploitation"] = "Turkey".into(),
        "country_of_exploitation",
    );
}

#[test]
fn rule_languages_are_iso_639_1() {
    refused(
        |c| c["person"]["languages"] = serde_json::json!(["az", "azerbaijani"]),
        "person.languages[1]",
    );
}

#[test]
fn rule_a_person_has_a_name() {
    refused(
        |c| {
            c["person"]["given_name"] = "".into();
            c["person"]["family_name"] = serde_json::Value::Null;
        },
        "person",
    );
}

#[test]
fn rule_required_fields() {
    refused(
        |c| {
            c["person"].as_object_mut().unwrap().remove("sex");
        },
        "person",
    );
    refused(
        |c| {
            c.as_object_mut().unwrap().remove("identified_on");
        },
        "",
    );
    refused(
        |c| c["exploitation"] = serde_json::json!([]),
        "exploitation",
    );
}

#[test]
fn rule_words_come_from_the_vocabulary() {
    let m = refused(|c| c["person"]["sex"] = "F".into(), "person.sex");
    assert!(m.contains("female"), "{m}");
    refused(|c| c["recognition"] = "yes".into(), "recognition");
}

#[test]
fn rule_unknown_fields_are_errors() {
    refused(|c| c["person"]["nickname"] = "x".into(), "person.nickname");
    refused(|c| c["colour"] = "x".into(), "colour");
}

#[test]
fn rule_a_field_is_given_once_at_any_depth() {
    // Read into a map, the last of two equal keys would win and the first vanish unseen.
    let secret = marker("twice");
    let case = base_case().to_string();
    let twice = |at: &str, with: String| {
        assert!(case.contains(at), "{case}");
        case.replacen(at, &with, 1)
    };
    let lines = [
        (
            twice("\"recognition\":", format!("\"ref\":\"{secret}\",\"ref\":\"{secret}\",\"recognition\":")),
            "ref",
        ),
        (
            twice("\"given_name\":\"Test\"", format!("\"given_name\":\"Test\",\"given_name\":\"{secret}\"")),
            "person.given_name",
        ),
        (
            twice(
                "\"identified_on\":",
                format!("\"notes\":[{{\"date\":\"2020-01-11\",\"text\":\"{secret}\",\"date\":\"2020-01-12\"}}],\"identified_on\":"),
            ),
            "notes[0].date",
        ),
        (twice("\"type\":\"case\"", "\"type\":\"case\",\"type\":\"case\"".into()), "type"),
        (
            format!("{{\"type\":\"organization\",\"name\":\"{secret}\",\"kind\":\"ngo\",\"sector\":\"ngo\",\"name\":\"{secret}\"}}"),
            "name",
        ),
    ];
    for (line, path) in lines {
        let m = refused_line(&line, path);
        assert!(m.contains("twice") && !m.contains(&secret), "{m}");
    }
}

#[test]
fn rule_names_hold_no_direction_controls_invisible_characters_or_line_breaks() {
    // U+202E shows "Ana\u{202E}eeL" as "AnaLee": one name displayed as another.
    let m = refused(
        |c| c["person"]["given_name"] = "Ana\u{202E}eeL".into(),
        "person.given_name",
    );
    assert!(!m.contains("Ana") && m.contains("invisible"), "{m}");
    refused(
        |c| c["person"]["family_name"] = "Lee\u{2067}Ana\u{2069}".into(),
        "person.family_name",
    );
    refused(
        |c| c["person"]["aliases"] = serde_json::json!(["Ana", "A\u{200B}na"]),
        "person.aliases[1]",
    );
    refused(|c| c["ref"] = "SRC\u{200F}-1".into(), "ref");
    refused(
        |c| c["person"]["given_name"] = "Ana\nline 9: ok".into(),
        "person.given_name",
    );
    refused(
        |c| c["notes"] = serde_json::json!([{"date": "2020-01-11", "text": "seen \u{202E}today"}]),
        "notes[0].text",
    );
    refused_line(
        r#"{"type":"organization","name":"Shelter\u202eOne","kind":"ngo","sector":"ngo"}"#,
        "name",
    );
}

#[test]
fn notes_keep_line_breaks_and_tabs_and_names_their_joiners() {
    let dir = tempfile::tempdir().unwrap();
    let (_v, mut s) = caseworker_vault(dir.path());
    let mut case = base_case();
    case["person"]["family_name"] = "Xoş\u{200C}nəvis".into();
    case["notes"] = serde_json::json!([{"date": "2020-01-11", "text": "first line\n\tsecond"}]);
    import(&mut s, &format!("{ORGS}\n{case}\n")).unwrap();
    assert_eq!(s.case_count().unwrap(), 1);
}

#[test]
fn the_app_refuses_invisible_characters_where_the_import_does() {
    use haven::records::interchange::{NoteRecord, OrganizationRecord};
    let dir = tempfile::tempdir().unwrap();
    let (_v, mut s) = caseworker_vault(dir.path());
    import(&mut s, &format!("{ORGS}\n{}\n", base_case())).unwrap();
    let code = s.list_cases(&CaseFilter::default()).unwrap()[0]
        .code
        .clone();
    let at = |e: Error| match e {
        Error::Problems(p) => p.into_iter().map(|p| p.path).collect::<Vec<_>>(),
        Error::Invalid { field, .. } => vec![field.to_owned()],
        other => panic!("{other:?}"),
    };
    let mut person = s.show_case(&code).unwrap().record.person;
    person.given_name = Some("Ana\u{202E}eeL".into());
    assert_eq!(
        at(s.edit_person(&code, person).unwrap_err()),
        ["person.given_name"]
    );
    let note = NoteRecord {
        date: haven::records::CivilDate::parse("2020-01-11").unwrap(),
        text: "a\u{2066}b".into(),
    };
    assert_eq!(at(s.add_note(&code, note).unwrap_err()), ["text"]);
    let org = OrganizationRecord {
        name: "Clinic\u{202E}".into(),
        kind: haven::records::vocab::OrganizationKind::Health,
        sector: haven::records::vocab::Sector::Private,
        capacity: None,
    };
    assert_eq!(at(s.add_organization(org).unwrap_err()), ["name"]);
    let e = s
        .add_document(
            &code,
            haven::cases::DocumentKind::Other,
            "scan\u{202E}fdp.exe",
            b"x",
        )
        .unwrap_err();
    assert_eq!(at(e), ["fileName"]);
    assert_eq!(export(&s).matches('\u{202E}').count(), 0);
}

#[test]
fn rule_dates_are_real_and_written_yyyy_mm_dd() {
    let m = refused(
        |c| c["identified_on"] = "10.01.2020".into(),
        "identified_on",
    );
    assert!(m.contains("YYYY-MM-DD"), "{m}");
    refused(
        |c| c["identified_on"] = "2020-02-30".into(),
        "identified_on",
    );
}

#[test]
fn rule_identification_is_not_in_the_future() {
    refused(
        |c| c["identified_on"] = "2999-01-01".into(),
        "identified_on",
    );
}

#[test]
fn rule_birth_not_after_identification_and_ages_0_to_120() {
    refused(
        |c| c["person"]["birth_date"] = "2020-01-11".into(),
        "person.birth_date",
    );
    refused(
        |c| c["person"]["age_at_identification"] = 121.into(),
        "person.age_at_identification",
    );
}

#[test]
fn rule_references_name_known_organizations() {
    refused(
        |c| {
            c["referrals"] =
                serde_json::json!([{"date": "2020-02-01", "to": "Nowhere", "status": "pending"}])
        },
        "referrals[0].to",
    );
    refused(
        |c| {
            c["services"] =
                serde_json::json!([{"kind": "legal", "date": "2020-02-01", "provider": "Nowhere"}])
        },
        "services[0].provider",
    );
}

#[test]
fn rule_refs_are_unique() {
    let dir = tempfile::tempdir().unwrap();
    let (_v, mut s) = caseworker_vault(dir.path());
    let mut case = base_case();
    case["ref"] = "SRC-1".into();
    import(&mut s, &format!("{ORGS}\n{case}\n")).unwrap();
    let Err(Error::Problems(p)) = import(&mut s, &format!("{case}\n")) else {
        panic!()
    };
    assert_eq!((p[0].line, p[0].path.as_str()), (Some(1), "ref"));
    assert_eq!(s.case_count().unwrap(), 1);
}

#[test]
fn rule_only_shelters_have_a_capacity() {
    let dir = tempfile::tempdir().unwrap();
    let (_v, mut s) = caseworker_vault(dir.path());
    let text =
        r#"{"type":"organization","name":"An NGO","kind":"ngo","sector":"ngo","capacity":5}"#;
    let Err(Error::Problems(p)) = import(&mut s, text) else {
        panic!()
    };
    assert_eq!(p[0].path, "capacity");
    let text = r#"{"type":"organization","name":"A shelter","kind":"shelter","sector":"ngo","capacity":0}"#;
    let Err(Error::Problems(p)) = import(&mut s, text) else {
        panic!()
    };
    assert_eq!(p[0].path, "capacity");
    assert_eq!(export(&s), "");
}

#[test]
fn every_problem_of_a_file_is_reported_with_its_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (_v, mut s) = caseworker_vault(dir.path());
    let good = base_case();
    let mut bad_sex = base_case();
    bad_sex["person"]["sex"] = "woman".into();
    let mut bad_money = base_case();
    bad_money["allowances"] = serde_json::json!([{"date": "2020-02-01", "amount": "1", "currency": "???", "kind": "one_time"}]);
    bad_money["closed_on"] = "2020-02-01".into();
    let text = format!("{ORGS}\n{good}\n{bad_sex}\nnot json at all\n\n{bad_money}\n{good}\n");
    let Err(Error::Problems(problems)) = import(&mut s, &text) else {
        panic!()
    };
    let places: Vec<(Option<u64>, &str)> =
        problems.iter().map(|p| (p.line, p.path.as_str())).collect();
    assert_eq!(
        places,
        vec![
            (Some(4), "person.sex"),
            (Some(5), ""),
            (Some(7), "closed_on"),
            (Some(7), "allowances[0].currency")
        ]
    );
    assert_eq!(s.case_count().unwrap(), 0);
    assert_eq!(export(&s), "");
}

#[test]
fn a_line_over_the_cap_is_refused_at_its_line_unread_and_the_lines_after_it_are_still_checked() {
    use haven::records::interchange::MAX_LINE_BYTES;
    let dir = tempfile::tempdir().unwrap();
    let (_v, mut s) = caseworker_vault(dir.path());
    // An organization line padded with spaces to exactly the cap is read as usual; one byte
    // more and it is a line too long.
    let org = r#"{"type":"organization","name":"Padded","kind":"ngo","sector":"ngo"}"#;
    let padded = |len: usize| format!("{org}{}", " ".repeat(len - org.len()));
    import(&mut s, &format!("{}\n", padded(MAX_LINE_BYTES))).unwrap();

    let mut bad_sex = base_case();
    bad_sex["person"]["sex"] = "woman".into();
    let secret = marker("long");
    let long = format!(
        r#"{{"type":"case","ref":"{secret}{}"}}"#,
        "a".repeat(MAX_LINE_BYTES)
    );
    let text = format!(
        "{ORGS}\n{long}\n{bad_sex}\n{}\n{long}",
        padded(MAX_LINE_BYTES + 1)
    );
    let Err(Error::Problems(problems)) = import(&mut s, &text) else {
        panic!()
    };
    let places: Vec<(Option<u64>, &str)> =
        problems.iter().map(|p| (p.line, p.path.as_str())).collect();
    assert_eq!(
        places,
        vec![
            (Some(3), ""),
            (Some(4), "person.sex"),
            (Some(5), ""),
            (Some(6), "")
        ]
    );
    assert!(problems[0].message.contains("4 MiB"), "{problems:?}");
    assert!(!format!("{problems:?}").contains(&secret));
    assert_eq!(s.case_count().unwrap(), 0);
    assert_eq!(
        export(&s).lines().count(),
        1,
        "only the first import's organization"
    );
}

#[test]
fn rule_a_case_holds_a_bounded_number_of_entries_of_each_kind() {
    use haven::records::validate::{MAX_EVENTS, MAX_NOTES, MAX_PERSON_LIST};
    let entry = |field: &str| match field {
        "consents" => serde_json::json!({"scope": "statistics", "given_on": "2020-01-10"}),
        "referrals" => {
            serde_json::json!({"date": "2020-01-11", "to": "Helping NGO", "status": "pending"})
        }
        "shelter_stays" => {
            serde_json::json!({"shelter": "Shelter One", "admitted_on": "2020-01-10", "discharged_on": "2020-01-10"})
        }
        "services" => serde_json::json!({"kind": "legal", "date": "2020-01-11"}),
        "allowances" => {
            serde_json::json!({"date": "2020-01-11", "amount": "1.00", "currency": "AZN", "kind": "one_time"})
        }
        "trainings" => {
            serde_json::json!({"course": "Sewing", "started_on": "2020-01-11", "outcome": "enrolled"})
        }
        "employments" => serde_json::json!({"employer": "A bakery", "started_on": "2020-01-11"}),
        "notes" => serde_json::json!({"date": "2020-01-11", "text": "seen"}),
        "aliases" => "Another".into(),
        _ => "az".into(),
    };
    let lists = [
        ("consents", MAX_EVENTS),
        ("referrals", MAX_EVENTS),
        ("shelter_stays", MAX_EVENTS),
        ("services", MAX_NOTES),
        ("allowances", MAX_EVENTS),
        ("trainings", MAX_EVENTS),
        ("employments", MAX_EVENTS),
        ("notes", MAX_NOTES),
        ("aliases", MAX_PERSON_LIST),
        ("languages", MAX_PERSON_LIST),
    ];
    let org = |name: &str, kind: &str| haven::records::validate::OrgRef {
        id: name.len() as i64,
        kind: haven::records::vocab::OrganizationKind::parse(kind).unwrap(),
        sector: haven::records::vocab::Sector::Ngo,
    };
    let mut dir = haven::records::validate::Directory::default();
    dir.insert("Shelter One", org("Shelter One", "shelter"));
    dir.insert("Helping NGO", org("Helping NGO", "ngo"));
    for (field, max) in lists {
        let path = match field {
            "aliases" | "languages" => format!("person.{field}"),
            _ => field.to_owned(),
        };
        let with = |n: usize| {
            let mut case = base_case();
            let list = serde_json::Value::Array(vec![entry(field); n]);
            match field {
                "aliases" | "languages" => case["person"][field] = list,
                _ => case[field] = list,
            }
            case
        };
        // At the cap a record is good (checked by the rules alone: fast); one more is refused at
        // the list, once, and nothing is written.
        let mut at_cap = with(max);
        at_cap.as_object_mut().unwrap().remove("type");
        let rec: haven::records::CaseRecord = serde_json::from_value(at_cap).unwrap();
        let today = haven::records::CivilDate::today();
        let found = haven::records::validate::case(&rec, &dir, None, today);
        let paths: Vec<&str> = found.iter().map(|p| p.path.as_str()).collect();
        assert!(
            !paths.contains(&path.as_str()),
            "{field} at its cap: {found:?}"
        );
        let over = with(max + 1).to_string();
        let m = refused_line(&over, &path);
        assert!(m.contains(&format!("at most {max}")), "{m}");
    }
}

#[test]
fn rule_a_case_fits_one_line_of_the_format() {
    // Notes of the longest length, as many as make the record a little over what one line
    // holds: the rules refuse it (it could not be exported and imported again), at the record.
    use haven::records::validate::{MAX_CASE_BYTES, MAX_NOTE};
    let mut case = base_case();
    case.as_object_mut().unwrap().remove("type");
    let n = MAX_CASE_BYTES / MAX_NOTE + 1;
    case["notes"] = serde_json::Value::Array(vec![
        serde_json::json!({"date": "2020-01-11", "text": "x".repeat(MAX_NOTE)});
        n
    ]);
    let mut rec: haven::records::CaseRecord = serde_json::from_value(case).unwrap();
    let dir = haven::records::validate::Directory::default();
    let today = haven::records::CivilDate::today();
    let found = haven::records::validate::case(&rec, &dir, None, today);
    let paths: Vec<&str> = found.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, vec![""], "{found:?}");
    assert!(found[0].message.contains("4 MiB"), "{found:?}");
    rec.notes.truncate(n - 10);
    assert_eq!(
        haven::records::validate::case(&rec, &dir, None, today),
        vec![]
    );
}

#[test]
fn problem_messages_never_quote_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let (_v, mut s) = caseworker_vault(dir.path());
    let secret = marker("value");
    let mut case = base_case();
    case["person"]["sex"] = secret.clone().into();
    case["recognition"] = serde_json::json!({ "x": secret });
    let err = import(&mut s, &format!("{ORGS}\n{case}\n")).unwrap_err();
    assert!(!format!("{err} {err:?}").contains(&secret), "{err:?}");
}

#[test]
fn roles_are_checked_in_the_core() {
    let dir = tempfile::tempdir().unwrap();
    let (vault, mut cw) = caseworker_vault(dir.path());
    import(&mut cw, SAMPLE).unwrap();
    drop(cw);
    let intake = with_user(&vault, "in.take", Role::Intake);
    let supervisor = with_user(&vault, "super.visor", Role::Supervisor);
    let mut admin = admin(&vault);
    let forbidden = |r: haven::Result<()>| assert_eq!(r.unwrap_err().kind(), ErrorKind::Forbidden);

    // Export with identities: caseworkers only.
    for s in [&intake, &supervisor, &admin] {
        forbidden(s.export(&mut Vec::new()).map(|_| ()));
    }
    // Import: caseworkers and admins.
    let mut intake = intake;
    let mut supervisor = supervisor;
    forbidden(import(&mut intake, ORGS).map(|_| ()));
    forbidden(import(&mut supervisor, ORGS).map(|_| ()));
    import(
        &mut admin,
        r#"{"type":"organization","name":"Added by admin","kind":"other","sector":"state"}"#,
    )
    .unwrap();
    // Reading cases: not admins.
    forbidden(admin.list_cases(&CaseFilter::default()).map(|_| ()));
    forbidden(admin.show_case("2014-0001").map(|_| ()));
    // Supervisors read cases without identities.
    let view = supervisor.show_case("2014-0001").unwrap();
    assert!(view.identity_hidden);
    let p = &view.record.person;
    assert!(
        p.given_name.is_none()
            && p.family_name.is_none()
            && p.aliases.is_empty()
            && p.phone.is_none()
    );
    assert!(view.record.notes.is_empty() && view.record.source_ref.is_none());
    assert_eq!(view.record.services.len(), 3, "events stay visible");
    let jobs = &view.record.employments;
    assert_eq!(jobs.len(), 1, "jobs stay visible");
    assert_eq!(jobs[0].employer, "", "but not their employers");
    assert!(supervisor
        .list_cases(&CaseFilter::default())
        .unwrap()
        .iter()
        .all(|c| c.name.is_none()));
    let full = intake.show_case("2014-0001").unwrap();
    assert_eq!(full.record.person.family_name.as_deref(), Some("Məmmədova"));
}

fn search(s: &Session, typed: &str) -> Vec<String> {
    let filter = CaseFilter {
        query: Some(typed.into()),
        ..Default::default()
    };
    s.list_cases(&filter)
        .unwrap()
        .into_iter()
        .map(|c| c.code)
        .collect()
}

#[test]
fn names_are_found_by_the_spellings_users_type() {
    let dir = tempfile::tempdir().unwrap();
    let (_v, mut s) = caseworker_vault(dir.path());
    import(&mut s, SAMPLE).unwrap();
    let cases = [
        (
            "2014-0001",
            &[
                "Məmmədova",
                "memmedova",
                "mammadova",
                "MƏMMƏDOVA",
                "aygun",
                "AYGÜN",
                "aya",
                "src-0001",
                "2014-0001",
            ][..],
        ),
        (
            "2015-0001",
            &[
                "ilkin",
                "İLKİN",
                "qasimov",
                "Qasımov",
                "gasimov",
                "ilkin qas",
            ][..],
        ),
        (
            "2016-0001",
            &["ирина", "ИРИНА", "елкина", "Ёлкина", "irina"][..],
        ),
        (
            "2013-0042",
            &[
                "sebnem",
                "şəbnəm",
                "celebi",
                "goyce",
                "Göyçə",
                "urek",
                "ÜRƏK",
                "20130042",
            ][..],
        ),
    ];
    for (code, spellings) in cases {
        for typed in spellings {
            assert_eq!(
                search(&s, typed),
                vec![code.to_string()],
                "{typed:?} should find {code}"
            );
        }
    }
    assert!(
        search(&s, "məmmədova ирина").is_empty(),
        "every word must match"
    );
    assert!(search(&s, "nobody").is_empty());
}

#[test]
fn a_supervisors_search_matches_codes_only() {
    let dir = tempfile::tempdir().unwrap();
    let (vault, mut cw) = caseworker_vault(dir.path());
    import(&mut cw, SAMPLE).unwrap();
    drop(cw);
    let supervisor = with_user(&vault, "super.visor", Role::Supervisor);
    assert!(search(&supervisor, "mammadova").is_empty());
    assert!(search(&supervisor, "SRC-0001").is_empty());
    assert_eq!(
        search(&supervisor, "2014-0001"),
        vec!["2014-0001".to_string()]
    );
}

#[test]
fn case_lists_filter_by_status() {
    let dir = tempfile::tempdir().unwrap();
    let (_v, mut s) = caseworker_vault(dir.path());
    import(&mut s, SAMPLE).unwrap();
    let closed = CaseFilter {
        status: Some(haven::records::vocab::CaseStatus::Closed),
        ..Default::default()
    };
    let codes: Vec<String> = s
        .list_cases(&closed)
        .unwrap()
        .into_iter()
        .map(|c| c.code)
        .collect();
    assert_eq!(codes, vec!["2014-0001".to_string()]);
    let all = s.list_cases(&CaseFilter::default()).unwrap();
    assert_eq!(all[0].code, "2016-0001", "newest first");
    assert_eq!(all[0].name.as_deref(), Some("Ирина Ёлкина"));
}

#[test]
fn no_name_or_note_written_through_the_api_reaches_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    let (vault, mut s) = caseworker_vault(&dir.path().join("vault"));
    let (given, family, alias, note) = (
        marker("given"),
        marker("family"),
        marker("alias"),
        marker("note"),
    );
    let mut case = base_case();
    case["person"] = serde_json::json!({"given_name": given, "family_name": family, "aliases": [alias], "sex": "female"});
    case["notes"] = serde_json::json!([{"date": "2020-01-11", "text": note}]);
    import(&mut s, &format!("{ORGS}\n{case}\n")).unwrap();
    assert_eq!(search(&s, &given).len(), 1);
    drop(s);
    let hits = canary_scan(&[vault.dir()], &[given, family, alias, note]);
    assert!(hits.is_empty(), "{hits:?}");
}
