//! Anonymized microdata in the CTDC format through the core API (indicators.md, "Anonymized
//! microdata in the CTDC format"; docs/formats/ctdc.md), on real vaults: the file read back by
//! Python's csv module holds CTDC's column names and nothing else, every combination of the
//! quasi-identifiers occurs at least k times, generalization comes before suppression, the
//! consent-to-statistics setting and the identified-elsewhere rule count as in the indicator
//! report, only supervisors export, and the log and the release ledger record the export
//! without naming a case.
#![forbid(unsafe_code)]

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::*;
use haven::report::ctdc::{CtdcMetadata, CtdcRequest, COLUMNS, QUASI_IDENTIFIERS};
use haven::report::releases::ReleaseKind;
use haven::{Error, ErrorKind, Role, Session, Vault};
use serde_json::{json, Value};

const PERIOD: (&str, &str) = ("2014-01-01", "2014-12-31");

/// One person of a fixture: what a CTDC row is made of, and the identifying rest.
#[derive(Clone)]
struct Who {
    sex: &'static str,
    birth: Option<&'static str>,
    age: Option<u32>,
    citizenship: Option<&'static str>,
    country: Option<&'static str>,
    identified_on: &'static str,
    exploitation: &'static [&'static str],
}

const WOMAN_AZ: Who = Who {
    sex: "female",
    birth: Some("1989-03-04"),
    age: None,
    citizenship: Some("AZ"),
    country: Some("TR"),
    identified_on: "2014-05-06",
    exploitation: &["sexual"],
};

/// Interchange lines for `people`, each case with a marker name, ref and note (pushed to
/// `markers`) and a consent to statistics when `consented` says so.
fn lines(people: &[Who], markers: &mut Vec<String>, consented: impl Fn(usize) -> bool) -> String {
    let mut out = String::new();
    for (i, p) in people.iter().enumerate() {
        let mut mark = |label: &str| {
            let m = marker(label);
            markers.push(m.clone());
            m
        };
        let mut case = json!({
            "type": "case", "ref": mark("ref"), "code": format!("2014-{:04}", 7000 + i),
            "person": {"given_name": mark("given"), "family_name": mark("family"), "aliases": [],
                       "sex": p.sex, "birth_date": p.birth, "age_at_identification": p.age,
                       "citizenship": p.citizenship, "languages": ["az"], "phone": null},
            "identified_on": p.identified_on, "identified_by": "police",
            "recognition": "recognized", "exploitation": p.exploitation,
            "country_of_exploitation": p.country,
            "notes": [{"date": p.identified_on, "text": mark("note")}],
        });
        if consented(i) {
            case["consents"] =
                json!([{"scope": "statistics", "given_on": "2013-01-01", "expires_on": null}]);
        }
        out.push_str(&case.to_string());
        out.push('\n');
    }
    out
}

fn with_user(vault: &Vault, name: &str, roles: &[Role]) -> Session {
    let mut a = admin(vault);
    a.add_user(name, roles, &pass(OTHER_PASSPHRASE)).unwrap();
    drop(a);
    vault.unlock(name, &pass(OTHER_PASSPHRASE)).unwrap()
}

/// A vault holding `jsonl`, with a supervisor signed in.
fn supervised(dir: &Path, jsonl: &str) -> (Vault, Session) {
    let vault = floor_vault(&dir.join("vault"));
    let mut cw = with_user(&vault, "case.worker", &[Role::Caseworker]);
    cw.import(&mut jsonl.as_bytes(), false, &mut |_| {})
        .expect("the fixture imports");
    drop(cw);
    let sv = with_user(&vault, "super.visor", &[Role::Supervisor]);
    (vault, sv)
}

fn request(k: u32) -> CtdcRequest {
    CtdcRequest {
        from: PERIOD.0.into(),
        to: PERIOD.1.into(),
        min_k: Some(k),
    }
}

/// The system's Python.
fn python() -> &'static str {
    if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    }
}

/// The CSV file as Python's csv module reads it: its header and its rows, keyed by column.
fn read_with_python(csv: &Path) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let script = r#"
import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    reader = csv.DictReader(f, strict=True)
    rows = list(reader)
    print(json.dumps({"header": reader.fieldnames, "rows": rows}))
"#;
    let out = std::process::Command::new(python())
        .args(["-c", script])
        .arg(csv)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "Python's csv module could not read the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let header = serde_json::from_value(v["header"].clone()).unwrap();
    let rows = serde_json::from_value(v["rows"].clone()).unwrap();
    (header, rows)
}

/// How many rows share each combination of the quasi-identifiers.
fn classes(rows: &[HashMap<String, String>]) -> HashMap<Vec<String>, usize> {
    let mut out = HashMap::new();
    for r in rows {
        let key: Vec<String> = QUASI_IDENTIFIERS.iter().map(|c| r[*c].clone()).collect();
        *out.entry(key).or_insert(0) += 1;
    }
    out
}

fn metadata(csv: &Path) -> CtdcMetadata {
    let path = csv.with_extension("meta.json");
    serde_json::from_slice(&std::fs::read(path).expect("the metadata file")).unwrap()
}

#[test]
fn every_combination_in_the_file_occurs_at_least_k_times_with_ctdcs_columns_only() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl: String = haven::demo::lines(&haven::demo::DemoOptions {
        cases: 400,
        seed: 11,
        first_year: 2013,
        last_year: 2015,
    })
    .map(|l| l + "\n")
    .collect();
    let (_v, mut sv) = supervised(dir.path(), &jsonl);
    for k in [2, 5, 11] {
        let request = CtdcRequest {
            from: "2013-01-01".into(),
            to: "2015-12-31".into(),
            min_k: Some(k),
        };
        let preview = sv.ctdc_preview(&request).unwrap();
        let csv = dir.path().join(format!("ctdc-k{k}.csv"));
        let done = sv.export_ctdc(&request, &csv).unwrap();
        assert_eq!(
            done.summary, preview,
            "the preview is what the export wrote"
        );

        let (header, rows) = read_with_python(&csv);
        assert_eq!(
            header, COLUMNS,
            "the CTDC column names, in order, and no other"
        );
        assert!(rows.iter().all(|r| r.len() == COLUMNS.len()));
        assert_eq!(rows.len() as u64, done.summary.rows_written);
        assert!(rows.len() > 50, "k = {k}: only {} rows", rows.len());
        assert_eq!(
            done.summary.rows_written + done.summary.rows_suppressed,
            done.summary.rows_counted
        );
        for (combination, n) in classes(&rows) {
            assert!(n >= k as usize, "k = {k}: {combination:?} occurs {n} times");
        }
        // Every value is one CTDC knows.
        for r in &rows {
            let year: i32 = r["yearOfRegistration"].parse().unwrap();
            assert!((2013..=2015).contains(&year));
            assert!(
                ["Female", "Male", "Transgender/NonConforming", ""].contains(&r["gender"].as_str())
            );
            assert!([
                "0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+",
                ""
            ]
            .contains(&r["ageBroad"].as_str()));
            assert!(["Adult", "Minor", ""].contains(&r["majorityStatus"].as_str()));
            for flag in &COLUMNS[5..11] {
                assert!(["0", "1"].contains(&r[*flag].as_str()), "{flag}");
            }
            let sex_and_labour = r["isSexualExploit"] == "1" && r["isForcedLabour"] == "1";
            assert_eq!(r["isSexAndLabour"] == "1", sex_and_labour);
        }
        // The metadata says how the file was made.
        let meta = metadata(&csv);
        assert_eq!(meta.dataset, "ctdc");
        assert_eq!(meta.data_file, format!("ctdc-k{k}.csv"));
        assert_eq!(
            (meta.period.from.as_str(), meta.period.to.as_str()),
            ("2013-01-01", "2015-12-31")
        );
        assert_eq!(meta.k, k);
        assert_eq!(meta.rows_written, done.summary.rows_written);
        assert_eq!(meta.rows_suppressed, done.summary.rows_suppressed);
        assert_eq!(meta.generalizations, done.summary.generalizations);
        assert_eq!(meta.quasi_identifiers, QUASI_IDENTIFIERS);
        assert_eq!(meta.columns, COLUMNS);
        assert_eq!(meta.exact_small_counts, k < 5);
        assert!(meta.generator.starts_with("haven "));
        assert!(meta.generated_at.ends_with('Z'));
        assert_eq!(
            done.metadata_file,
            csv.with_extension("meta.json").to_string_lossy()
        );
    }
}

#[test]
fn generalizing_comes_first_and_rows_go_only_when_it_cannot_help() {
    // Twelve women: six Azerbaijani, six Georgian, aged 25 and 31. With k = 12 neither the age
    // bands nor the two countries can stay, but adults of Western Asia are twelve.
    let mut people = Vec::new();
    for (citizenship, birth) in [
        ("AZ", "1989-01-01"),
        ("GE", "1983-01-01"),
        ("AZ", "1983-01-01"),
        ("GE", "1989-01-01"),
    ] {
        for _ in 0..3 {
            people.push(Who {
                citizenship: Some(citizenship),
                birth: Some(birth),
                ..WOMAN_AZ
            });
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let mut markers = Vec::new();
    let (_v, mut sv) = supervised(dir.path(), &lines(&people, &mut markers, |_| false));
    let csv = dir.path().join("generalized.csv");
    let done = sv.export_ctdc(&request(12), &csv).unwrap();
    let s = &done.summary;
    assert_eq!(
        (s.rows_counted, s.rows_written, s.rows_suppressed),
        (12, 12, 0),
        "generalizing sufficed, so no row was left out"
    );
    assert_eq!(s.generalization_level, 2);
    let applied: Vec<(&str, &str)> = s
        .generalizations
        .iter()
        .map(|g| (g.column.as_str(), g.to.as_str()))
        .collect();
    assert_eq!(
        applied,
        [
            ("ageBroad", "majority_status_only"),
            ("citizenship", "m49_sub_region")
        ]
    );
    let (_, rows) = read_with_python(&csv);
    for r in &rows {
        assert_eq!(r["ageBroad"], "");
        assert_eq!(r["majorityStatus"], "Adult");
        assert_eq!(r["citizenship"], "Western Asia");
        assert_eq!(r["CountryOfExploitation"], "TR");
    }
    // With k = 6 the countries can stay: only the age bands go.
    let done = sv.export_ctdc(&request(6), &csv).unwrap();
    assert_eq!(
        (
            done.summary.generalization_level,
            done.summary.rows_suppressed
        ),
        (1, 0)
    );
    let (_, rows) = read_with_python(&csv);
    assert!(rows
        .iter()
        .all(|r| r["citizenship"] == "AZ" || r["citizenship"] == "GE"));

    // A man among them: gender is never generalized, so his row alone is left out, at the top
    // of the ladder.
    let dir = tempfile::tempdir().unwrap();
    people.push(Who {
        sex: "male",
        ..WOMAN_AZ
    });
    let (_v, mut sv) = supervised(dir.path(), &lines(&people, &mut markers, |_| false));
    let csv = dir.path().join("suppressed.csv");
    let done = sv.export_ctdc(&request(12), &csv).unwrap();
    let s = &done.summary;
    assert_eq!(
        (s.rows_counted, s.rows_written, s.rows_suppressed),
        (13, 12, 1)
    );
    assert_eq!(s.generalization_level, 5);
    let (_, rows) = read_with_python(&csv);
    assert!(rows
        .iter()
        .all(|r| r["gender"] == "Female" && r["citizenship"] == "Asia"));
    assert_eq!(metadata(&csv).rows_suppressed, 1);
}

#[test]
fn the_files_hold_no_name_ref_code_note_or_date_and_map_every_field() {
    let people = [
        WOMAN_AZ,
        Who {
            sex: "male",
            birth: None,
            age: Some(16),
            citizenship: None,
            country: Some("RU"),
            identified_on: "2014-12-31",
            exploitation: &["forced_labour", "sexual"],
        },
        Who {
            sex: "other",
            birth: None,
            age: None,
            citizenship: Some("UZ"),
            country: None,
            identified_on: "2014-01-01",
            exploitation: &["forced_marriage", "organ_removal", "other"],
        },
        Who {
            sex: "unknown",
            birth: Some("2010-02-03"),
            exploitation: &["domestic_servitude"],
            ..WOMAN_AZ
        },
        // Identified outside the period: not in the file.
        Who {
            identified_on: "2013-12-31",
            ..WOMAN_AZ
        },
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut markers = Vec::new();
    let jsonl = lines(&people, &mut markers, |_| false);
    let (_v, mut sv) = supervised(dir.path(), &jsonl);
    let csv = dir.path().join("exact.csv");
    let done = sv.export_ctdc(&request(1), &csv).unwrap();
    assert_eq!(
        (done.summary.rows_written, done.summary.generalization_level),
        (4, 0)
    );
    let (_, rows) = read_with_python(&csv);
    let line = |r: &HashMap<String, String>| -> Vec<String> {
        COLUMNS.iter().map(|c| r[*c].clone()).collect()
    };
    let mut got: Vec<Vec<String>> = rows.iter().map(line).collect();
    got.sort();
    let want = [
        [
            "2014", "", "0--8", "Minor", "AZ", "1", "0", "0", "0", "0", "0", "TR",
        ],
        [
            "2014", "Female", "24--26", "Adult", "AZ", "0", "1", "0", "0", "0", "0", "TR",
        ],
        [
            "2014", "Male", "9--17", "Minor", "", "1", "1", "0", "1", "0", "0", "RU",
        ],
        [
            "2014",
            "Transgender/NonConforming",
            "",
            "",
            "UZ",
            "0",
            "0",
            "1",
            "0",
            "1",
            "1",
            "",
        ],
    ];
    assert_eq!(got, want);

    // Nothing identifying in either file: names, refs, notes, codes, any day of the fixture.
    let mut needles = markers.clone();
    needles.extend((0..people.len()).map(|i| format!("2014-{:04}", 7000 + i)));
    needles.extend(["1989-03-04", "2010-02-03", "2014-05-06", "2013-12-31"].map(str::to_owned));
    for file in [csv.clone(), csv.with_extension("meta.json")] {
        let text = std::fs::read_to_string(&file).unwrap();
        for n in &needles {
            assert!(
                !text.contains(n.as_str()),
                "{n} found in {}",
                file.display()
            );
        }
    }
}

#[test]
fn the_consent_to_statistics_setting_counts_as_in_the_indicator_report() {
    let people: Vec<Who> = (0..6).map(|_| WOMAN_AZ).collect();
    let dir = tempfile::tempdir().unwrap();
    let mut markers = Vec::new();
    let (vault, mut sv) = supervised(dir.path(), &lines(&people, &mut markers, |i| i < 2));
    let csv = dir.path().join("consent.csv");
    let rows_now = |sv: &mut Session| sv.export_ctdc(&request(1), &csv).unwrap().summary;
    assert_eq!(rows_now(&mut sv).rows_written, 6);

    let mut a = admin(&vault);
    let mut settings = a.lifecycle_settings().unwrap();
    settings.statistics_requires_consent = true;
    a.set_lifecycle_settings(&settings).unwrap();
    let s = rows_now(&mut sv);
    assert_eq!((s.rows_counted, s.rows_written), (2, 2));
    assert_eq!(read_with_python(&csv).1.len(), 2);
    // The indicator report counts the same cases.
    let report = sv
        .indicator_report(&haven::report::ReportRequest {
            from: PERIOD.0.into(),
            to: PERIOD.1.into(),
            min_cell: Some(1),
        })
        .unwrap();
    let identified = serde_json::to_value(&report).unwrap()["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["indicator"] == "victims_identified" && c["breakdown"] == json!({}))
        .map(|c| c["value"].as_u64().unwrap())
        .unwrap();
    assert_eq!(identified, 2);
}

#[test]
fn a_person_identified_at_another_agency_is_not_a_row_here() {
    use common::sites::*;
    use haven::exchange::SendReferral;
    use haven::records::vocab::{OrganizationKind, ServiceKind};

    let shelter = Site::new("Test Shelter Ganja", OrganizationKind::Shelter);
    let ngo = Site::new("Test Support NGO", OrganizationKind::Ngo);
    partners(&shelter, &ngo);
    let mut s = shelter.session();
    let code = case_for(&mut s, &Person::new(), Some(ngo.name));
    let sent = s
        .send_referral(
            &code,
            &SendReferral {
                to: ngo.name.into(),
                services: vec![ServiceKind::Psychological],
                include_notes: false,
            },
            None,
        )
        .unwrap();
    ngo.session().receive_packet_bytes(&sent.bytes).unwrap();

    let export = |site: &Site| {
        let mut sup = site.vault.unlock("sup", &pass(OTHER_PASSPHRASE)).unwrap();
        let csv = site.folder().join("ctdc.csv");
        let request = CtdcRequest {
            from: "2026-01-01".into(),
            to: "2026-12-31".into(),
            min_k: Some(1),
        };
        let done = sup.export_ctdc(&request, &csv).unwrap();
        (done.summary.rows_written, read_with_python(&csv).1.len())
    };
    assert_eq!(
        export(&ngo),
        (0, 0),
        "the NGO has no row for the shelter's identification"
    );
    assert_eq!(export(&shelter), (1, 1));
}

#[test]
fn only_supervisors_export_and_a_refusal_writes_nothing() {
    let people: Vec<Who> = (0..3).map(|_| WOMAN_AZ).collect();
    let dir = tempfile::tempdir().unwrap();
    let mut markers = Vec::new();
    let (vault, _sv) = supervised(dir.path(), &lines(&people, &mut markers, |_| false));
    let csv = dir.path().join("refused.csv");
    let mut cw = vault
        .unlock("case.worker", &pass(OTHER_PASSPHRASE))
        .unwrap();
    let e = cw.export_ctdc(&request(1), &csv).unwrap_err();
    assert!(matches!(e, Error::Forbidden { .. }), "{e:?}");
    assert_eq!(
        cw.ctdc_preview(&request(1)).unwrap_err().kind(),
        ErrorKind::Forbidden
    );
    for role in [Role::Intake, Role::Admin] {
        let mut s = with_user(&vault, &format!("user.{role}"), &[role]);
        assert_eq!(
            s.export_ctdc(&request(1), &csv).unwrap_err().kind(),
            ErrorKind::Forbidden
        );
    }
    assert!(!csv.exists() && !csv.with_extension("meta.json").exists());
    let log = admin(&vault).audit_log(None).unwrap();
    assert!(log.iter().all(|e| e.action != "export.ctdc"));
    let sv = vault
        .unlock("super.visor", &pass(OTHER_PASSPHRASE))
        .unwrap();
    assert!(sv.releases().unwrap().is_empty());
}

#[test]
fn the_export_is_logged_without_a_case_and_is_a_release() {
    let people: Vec<Who> = (0..4).map(|_| WOMAN_AZ).collect();
    let dir = tempfile::tempdir().unwrap();
    let mut markers = Vec::new();
    let (vault, mut sv) = supervised(dir.path(), &lines(&people, &mut markers, |_| false));
    let csv = dir.path().join("logged.csv");
    sv.ctdc_preview(&request(3)).unwrap();
    let done = sv.export_ctdc(&request(3), &csv).unwrap();
    assert!(done.summary.exact_small_counts);

    let releases = sv.releases().unwrap();
    assert_eq!(releases.len(), 1);
    let r = &releases[0];
    assert_eq!(r.id, done.release);
    assert_eq!(r.kind, ReleaseKind::Ctdc);
    assert_eq!((r.from.as_str(), r.to.as_str()), PERIOD);
    assert_eq!((r.min_cell, r.format.as_str(), r.published), (3, "csv", 4));
    drop(sv);

    let a = admin(&vault);
    let log = a.audit_log(None).unwrap();
    let exports: Vec<_> = log.iter().filter(|e| e.action == "export.ctdc").collect();
    assert_eq!(exports.len(), 1);
    let e = exports[0];
    assert!(e.case.is_none(), "the entry names no case");
    assert!(e.user.is_some());
    assert_eq!(
        e.detail.as_deref(),
        Some("ctdc exported 2014-01-01..2014-12-31 k=3 level=0 rows=4 suppressed=0 exact_small_counts")
    );
    let previews: Vec<_> = log
        .iter()
        .filter(|e| {
            e.detail
                .as_deref()
                .is_some_and(|d| d.starts_with("ctdc preview"))
        })
        .collect();
    assert_eq!(previews.len(), 1);
    assert!(previews[0].case.is_none());
    for e in &log {
        let detail = e.detail.as_deref().unwrap_or_default();
        for m in &markers {
            assert!(!detail.contains(m.as_str()));
        }
    }
    assert_eq!(a.verify_audit(None).unwrap().first_broken, None);
}

#[test]
fn bad_input_is_refused_at_its_field_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut markers = Vec::new();
    let (_v, mut sv) = supervised(dir.path(), &lines(&[WOMAN_AZ], &mut markers, |_| false));
    let csv = dir.path().join("bad.csv");
    let mut ask = |from: &str, to: &str, k: Option<u32>, out: &Path| {
        sv.export_ctdc(
            &CtdcRequest {
                from: from.into(),
                to: to.into(),
                min_k: k,
            },
            out,
        )
        .unwrap_err()
    };
    assert_eq!(
        ask("2014-13-01", "2014-12-31", None, &csv).field(),
        Some("from")
    );
    assert_eq!(
        ask("2014-01-01", "31.12.2014", None, &csv).field(),
        Some("to")
    );
    assert_eq!(
        ask("2014-12-31", "2014-01-01", None, &csv).field(),
        Some("to")
    );
    assert_eq!(ask(PERIOD.0, PERIOD.1, Some(0), &csv).field(), Some("minK"));
    assert_eq!(
        ask(PERIOD.0, PERIOD.1, Some(101), &csv).field(),
        Some("minK")
    );
    assert_eq!(
        ask(PERIOD.0, PERIOD.1, None, Path::new("/")).field(),
        Some("out")
    );
    // A folder that is not there: the file cannot be written, and nothing is recorded.
    let e = ask(
        PERIOD.0,
        PERIOD.1,
        None,
        &dir.path().join("no/such/folder/x.csv"),
    );
    assert_eq!(e.kind(), ErrorKind::Storage, "{e:?}");
    assert!(!csv.exists());
    assert!(sv.releases().unwrap().is_empty());
    // Without a k, the vault's default minimum cell size.
    let done = sv
        .export_ctdc(
            &CtdcRequest {
                from: PERIOD.0.into(),
                to: PERIOD.1.into(),
                min_k: None,
            },
            &csv,
        )
        .unwrap();
    assert_eq!(done.summary.min_k, 11);
    assert_eq!(
        (done.summary.rows_written, done.summary.rows_suppressed),
        (0, 1)
    );
    let (header, rows) = read_with_python(&csv);
    assert_eq!((header.len(), rows.len()), (COLUMNS.len(), 0));
}
