//! Erasure keeps the counts (lifecycle.md): every indicator report — whole years, a quarter, a
//! month, all time; exact (k = 1) and protected — is byte for byte the same, but for the time
//! it was generated, before and after cases are erased, purged of their narratives, or purged
//! at the end of the retention period. Over the demo data and over one case holding every kind
//! of event; with the setting `statistics_requires_consent` off and on.
#![forbid(unsafe_code)]

mod common;
mod lifecycle_support;

use common::*;
use haven::cases::Admission;
use haven::lifecycle::ErasureKind;
use haven::records::interchange::*;
use haven::records::vocab::*;
use haven::records::CaseRecord;
use haven::report::formats::{render, ReportFormat};
use haven::report::{Indicator, ReportRequest};
use haven::Session;
use lifecycle_support::*;

/// Reports as compared: what each is of (period and k), its JSON and its CSV.
type Reports = Vec<(String, Vec<u8>, Vec<u8>)>;

/// Every report of `periods` with k = 1 and the vault's default, rendered as JSON and CSV,
/// with `generated_at` made the same.
fn reports(sv: &Session, periods: &[(&str, &str)]) -> Reports {
    let mut out = Vec::new();
    for &(from, to) in periods {
        for k in [Some(1), None] {
            let mut r = sv
                .indicator_report(&ReportRequest {
                    from: from.into(),
                    to: to.into(),
                    min_cell: k,
                })
                .unwrap();
            r.generated_at = "2000-01-01T00:00:00Z".into();
            out.push((
                format!("{from}..{to} k={k:?}"),
                render(&r, ReportFormat::Json).unwrap(),
                render(&r, ReportFormat::Csv).unwrap(),
            ));
        }
    }
    out
}

/// Reports with the setting off and on (the setting is left off).
fn both(a: &mut Session, sv: &Session, periods: &[(&str, &str)]) -> [Reports; 2] {
    let mut settings = a.lifecycle_settings().unwrap();
    let off = reports(sv, periods);
    settings.statistics_requires_consent = true;
    a.set_lifecycle_settings(&settings).unwrap();
    let on = reports(sv, periods);
    settings.statistics_requires_consent = false;
    a.set_lifecycle_settings(&settings).unwrap();
    [off, on]
}

fn assert_same(before: &[Reports; 2], after: &[Reports; 2], what: &str) {
    for (setting, (b, a)) in ["off", "on"].iter().zip(before.iter().zip(after)) {
        assert_eq!(b.len(), a.len());
        for ((label, json, csv), (_, json2, csv2)) in b.iter().zip(a) {
            assert!(
                json == json2,
                "{what}: the JSON report {label} changed (statistics_requires_consent {setting})"
            );
            assert!(
                csv == csv2,
                "{what}: the CSV report {label} changed ({setting})"
            );
        }
    }
}

fn codes(s: &Session) -> Vec<String> {
    s.raw_connection()
        .prepare("SELECT code FROM cases ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn count(s: &Session, sql: &str) -> i64 {
    s.raw_connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn every_report_over_the_demo_data_is_the_same_after_erasures_purges_and_retention() {
    let dir = tempfile::tempdir().unwrap();
    let vault = team_vault(dir.path());
    let mut a = unlock(&vault, ADMIN_CW);
    let lines: String = haven::demo::lines(&haven::demo::DemoOptions {
        cases: 300,
        seed: 11,
        first_year: 2014,
        last_year: 2016,
    })
    .map(|l| l + "\n")
    .collect();
    a.import(&mut lines.as_bytes(), false, &mut |_| {}).unwrap();
    let sv = unlock(&vault, SUPERVISOR);
    let today = haven::records::CivilDate::today().to_string();
    let periods = [
        ("2014-01-01", "2014-12-31"),
        ("2015-01-01", "2015-12-31"),
        ("2016-01-01", "2016-12-31"),
        ("2015-04-01", "2015-06-30"),
        ("2016-06-01", "2016-06-30"),
        ("1900-01-01", today.as_str()),
    ];
    let before = both(&mut a, &sv, &periods);
    assert!(
        before[0]
            .iter()
            .zip(&before[1])
            .any(|(off, on)| off.1 != on.1),
        "the setting changes some report: the comparison with it on means something"
    );
    let with_notes = count(&a, "SELECT count(DISTINCT case_id) FROM notes");
    assert!(with_notes > 50, "the demo cases have notes: {with_notes}");

    // Every third case erased, every fourth of the others purged of its narratives.
    let all = codes(&a);
    assert_eq!(all.len(), 300);
    for (i, code) in all.iter().enumerate() {
        if i % 3 == 0 {
            a.erase(code, ErasureKind::Identity, "the person asked")
                .unwrap();
        } else if i % 4 == 1 {
            a.erase(code, ErasureKind::Narratives, "no longer needed")
                .unwrap();
        }
    }
    assert_same(
        &before,
        &both(&mut a, &sv, &periods),
        "after erasures and purges",
    );

    // The demo's cases closed in 2016 at the latest: all are past the retention period.
    let due: Vec<String> = a
        .retention_due()
        .unwrap()
        .into_iter()
        .map(|d| d.code)
        .collect();
    let closed = count(&a, "SELECT count(*) FROM cases WHERE status = 'closed' AND (erased IS NULL OR erased <> 'identity')");
    assert!(
        due.len() as i64 == closed && closed > 30,
        "{} due of {closed} closed",
        due.len()
    );
    assert_eq!(a.purge_due(&due).unwrap().len(), due.len());
    assert!(a.retention_due().unwrap().is_empty());
    let erased = count(&a, "SELECT count(*) FROM cases WHERE erased = 'identity'");
    assert!(erased > 100 + 30, "{erased} erased");
    let left = count(
        &a,
        "SELECT (SELECT count(*) FROM cases c JOIN persons p ON p.id = c.person_id
                 WHERE c.erased = 'identity' AND (p.given_name IS NOT NULL OR p.family_name IS NOT NULL))
              + (SELECT count(*) FROM notes WHERE case_id IN (SELECT id FROM cases WHERE erased IS NOT NULL))",
    );
    assert_eq!(left, 0, "names or notes left in erased cases");
    assert_same(
        &before,
        &both(&mut a, &sv, &periods),
        "after the purge of the cases due",
    );
}

/// One case with every kind of event, recorded through the API by `s`.
fn case_with_everything(s: &mut Session) -> String {
    let record: CaseRecord = serde_json::from_value(serde_json::json!({
        "ref": marker("ref"),
        "person": {"given_name": marker("given"), "family_name": marker("family"),
                   "aliases": [marker("alias")], "sex": "male", "birth_date": "2011-06-01",
                   "citizenship": "AZ", "languages": ["az", "ru"], "phone": marker("phone")},
        "identified_on": "2025-02-10",
        "identified_by": "police",
        "recognition": "recognized",
        "exploitation": ["forced_labour", "forced_begging"],
        "country_of_exploitation": "TR",
    }))
    .unwrap();
    let code = s.create_case(record).unwrap();
    let consent = |scope, given: &str, expires: &str| ConsentRecord {
        scope,
        given_on: d(given),
        expires_on: Some(d(expires)),
        organizations: vec![],
        withdrawn_on: None,
    };
    s.add_consent(
        &code,
        consent(ConsentScope::DataStorage, "2025-02-10", "2030-02-10"),
    )
    .unwrap();
    s.add_consent(
        &code,
        consent(ConsentScope::Statistics, "2025-02-10", "2027-02-10"),
    )
    .unwrap();
    s.add_consent(
        &code,
        consent(ConsentScope::Referrals, "2025-02-10", "2026-02-09"),
    )
    .unwrap();
    let mut r = |date: &str, to: &str| s.add_referral(&code, referral(date, to)).unwrap();
    r("2025-02-10", "Partner Shelter");
    r("2025-02-11", "Helping NGO");
    r("2025-03-03", "Victim Assistance Center");
    s.add_referral_with_override(
        &code,
        referral("2025-03-04", "Home Shelter"),
        &marker("reason"),
    )
    .unwrap();
    let admit = |shelter: &str, on: &str| Admission {
        shelter: shelter.into(),
        admitted_on: d(on),
        bed: None,
        over_capacity: false,
    };
    let stay = s.admit(&code, admit("Home Shelter", "2025-02-11")).unwrap();
    s.discharge(&code, stay, d("2025-03-15")).unwrap();
    let stay = s
        .admit(&code, admit("Partner Shelter", "2025-03-15"))
        .unwrap();
    s.discharge(&code, stay, d("2025-05-01")).unwrap();
    for (kind, date, provider) in [
        (ServiceKind::Legal, "2025-03-01", Some("Legal Aid")),
        (ServiceKind::Medical, "2025-03-02", Some("City Clinic")),
        (ServiceKind::Psychological, "2025-04-10", None),
    ] {
        let provider = provider.map(str::to_owned);
        s.record_service(
            &code,
            ServiceRecord {
                kind,
                date: d(date),
                provider,
            },
        )
        .unwrap();
    }
    for (date, amount, currency) in [
        ("2025-03-20", "150.00", "AZN"),
        ("2025-04-02", "40.00", "USD"),
    ] {
        let allowance = AllowanceRecord {
            date: d(date),
            amount: amount.into(),
            currency: currency.into(),
            kind: AllowanceKind::OneTime,
        };
        s.record_allowance(&code, allowance).unwrap();
    }
    s.record_training(
        &code,
        TrainingRecord {
            course: "Tailoring".into(),
            provider: None,
            started_on: d("2025-04-01"),
            ended_on: Some(d("2025-06-30")),
            outcome: TrainingOutcome::Completed,
        },
    )
    .unwrap();
    s.record_employment(
        &code,
        EmploymentRecord {
            employer: marker("employer"),
            started_on: d("2025-07-01"),
            ended_on: None,
        },
    )
    .unwrap();
    for text in [marker("note1"), marker("note2")] {
        s.add_note(
            &code,
            NoteRecord {
                date: d("2025-03-05"),
                text,
            },
        )
        .unwrap();
    }
    let scan = marked_document(&marker("doc"), 30_000);
    s.add_document(&code, DocumentKind::MedicalReport, "report.pdf", &scan)
        .unwrap();
    s.close_case(&code, d("2025-12-31")).unwrap();
    code
}

#[test]
fn every_report_of_a_case_with_every_kind_of_event_is_the_same_after_its_erasure() {
    let dir = tempfile::tempdir().unwrap();
    let vault = team_vault(dir.path());
    let mut a = unlock(&vault, ADMIN_CW);
    let code = case_with_everything(&mut a);
    let sv = unlock(&vault, SUPERVISOR);
    let periods = [
        ("2025-01-01", "2025-12-31"),
        ("2025-01-01", "2025-03-31"),
        ("2025-03-01", "2025-03-31"),
        ("1900-01-01", "2026-12-31"),
    ];
    // The one case is counted: a boy, a child when identified, under every indicator.
    let exact = sv
        .indicator_report(&ReportRequest {
            from: "2025-01-01".into(),
            to: "2025-12-31".into(),
            min_cell: Some(1),
        })
        .unwrap();
    let counted: Vec<Indicator> = exact
        .cells
        .iter()
        .filter(|c| c.breakdown.dimensions().is_empty() && c.value.is_some())
        .filter(|c| !matches!(c.value, Some(haven::report::CellValue::Count(0))))
        .map(|c| c.indicator)
        .collect();
    for indicator in [
        Indicator::VictimsIdentified,
        Indicator::ReferredToShelter,
        Indicator::Sheltered,
        Indicator::ReceivedLegalSupport,
        Indicator::ReceivedMedicalSupport,
        Indicator::ReceivedPsychologicalSupport,
        Indicator::AllowanceRecipients,
        Indicator::VocationalTraining,
        Indicator::JobPlacements,
        Indicator::ReferredToNgo,
        Indicator::ReferredToAssistanceCenter,
    ] {
        assert!(
            counted.contains(&indicator),
            "{indicator:?} does not count the case: {counted:?}"
        );
    }
    let child = exact.cells.iter().any(|c| {
        c.indicator == Indicator::VictimsIdentified
            && c.breakdown.dimensions() == vec![("age_group", "child")]
            && c.value == Some(haven::report::CellValue::Count(1))
    });
    assert!(child, "the case is a child at identification");
    let amounts = exact
        .cells_of(Indicator::AllowanceAmount)
        .filter(|c| c.value.is_some())
        .count();
    assert_eq!(amounts, 2, "paid in two currencies");

    let before = both(&mut a, &sv, &periods);
    a.erase(&code, ErasureKind::Narratives, "no longer needed")
        .unwrap();
    assert_same(
        &before,
        &both(&mut a, &sv, &periods),
        "after the purge of narratives",
    );
    a.erase(&code, ErasureKind::Identity, "the person asked")
        .unwrap();
    let r = a.show_case(&code).unwrap().record;
    assert_eq!(
        (r.person.birth_date, r.person.age_at_identification),
        (None, Some(13))
    );
    assert_same(&before, &both(&mut a, &sv, &periods), "after the erasure");
}
