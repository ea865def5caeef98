//! The desktop commands' arguments (src-tauri/src/commands/*.rs), without the desktop crate
//! (it needs the built UI and GTK).
//!
//! Tauri decodes each argument of a command from the page's JSON with serde, then the command
//! hands it to the core. Here the first byte picks an argument type, the rest is fed to
//! `serde_json::from_slice` for it, and what decodes goes through the checks the core runs on
//! it: the pure ones (`UserName::parse`, `RecoveryKey::parse`, the passphrase policy, the
//! audit head, `Period::parse`, `check_min_cell`, the idle timer), the record rules of every
//! case operation (`validate::case` on a record with the change applied, as
//! `Session::amend` does), and, on a scratch vault, the read-only commands that reach SQL with
//! what the page sent (the case list and search in both scopes, a case's history, the audit
//! search). Those must answer with a value or an input error, never a database error.

#![no_main]

use haven::audit::{AuditFilter, Head};
use haven::auto_lock::IdleTimer;
use haven::cases::{Admission, CaseFilter, DocumentKind, Identification};
use haven::passphrase_policy;
use haven::preferences::Language;
use haven::records::interchange::{
    AllowanceRecord, CaseRecord, ConsentRecord, EmploymentRecord, NoteRecord, PersonRecord,
    ReferralRecord, ServiceRecord, ShelterStayRecord, TrainingRecord,
};
use haven::records::validate::{self, Directory, OrgRef};
use haven::records::vocab::{CaseStatus, OrganizationKind, ReferralStatus, Sector};
use haven::records::CivilDate;
use haven::report::formats::ReportFormat;
use haven::report::{check_min_cell, Period, ReportRequest};
use haven::users::UserName;
use haven::{Error, ErrorKind, Passphrase, RecoveryKey, Role, Session};
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;

/// Runs `f` with two sessions on the scratch vault: a user who may read identities and
/// administer (list and search everything, a case's history, the audit search) and one who may
/// not (codes only). The vault holds organizations but no case, so no list shows a name and
/// nothing is audit-logged: every input meets the same vault.
fn with_sessions<R>(f: impl FnOnce(&mut Session, &mut Session) -> R) -> R {
    haven_fuzz::with_sessions(
        "command_args",
        &[
            ("fuzz.identity", &[Role::Intake, Role::Admin]),
            ("fuzz.supervisor", &[Role::Supervisor]),
        ],
        |s| match s {
            [_, identity, codes_only] => f(identity, codes_only),
            _ => unreachable!("three sessions"),
        },
    )
}

/// The scratch vault's organizations, as the record rules see them.
fn directory() -> Directory {
    let mut dir = Directory::default();
    for (id, name, kind, sector) in [
        (
            1,
            "Test State Shelter",
            OrganizationKind::Shelter,
            Sector::State,
        ),
        (
            2,
            "Test Assistance Center",
            OrganizationKind::AssistanceCenter,
            Sector::State,
        ),
        (3, "Test Women NGO", OrganizationKind::Ngo, Sector::Ngo),
        (4, "Test Clinic", OrganizationKind::Health, Sector::State),
    ] {
        dir.insert(name, OrgRef { id, kind, sector });
    }
    dir
}

/// A valid case (made-up values) the operations apply their change to.
fn base_case() -> CaseRecord {
    serde_json::from_str(
        r#"{"person":{"given_name":"Test","family_name":"Person","sex":"female"},
            "identified_on":"2014-03-05","recognition":"potential","exploitation":["sexual"]}"#,
    )
    .expect("the base case decodes")
}

/// Runs the record rules on `record` and checks what every problem must have.
fn rules(record: &CaseRecord) {
    for p in validate::case(record, &directory(), None, CivilDate::today()) {
        assert!(!p.message.is_empty(), "a problem says what is wrong");
        assert!(p.line.is_none());
    }
}

/// The base case with `change` applied, then the record rules (as `Session::amend` does).
fn amend(change: impl FnOnce(&mut CaseRecord)) {
    let mut record = base_case();
    change(&mut record);
    rules(&record);
}

/// A value that serializes (records, vocabularies) reads back the same.
fn round_trip<T: serde::Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(v: &T) {
    let json = serde_json::to_vec(v).expect("serializes");
    let back: T = serde_json::from_slice(&json).expect("reads back");
    assert_eq!(&back, v);
}

/// A read-only command must not end in a database error (or any internal one).
fn no_internal(result: haven::Result<impl Sized>) {
    if let Err(e) = result {
        assert!(
            !matches!(e.kind(), ErrorKind::Internal | ErrorKind::Damaged),
            "a read answered with an internal error: {:?}",
            e.kind()
        );
    }
}

/// The cheap checks a string argument meets, whichever command it is for.
fn string_argument(s: &str) {
    // user_add, user_remove, user_set_roles, user_reset_passphrase, unlock, create_vault,
    // case_assign_caseworker: the user name.
    if let Ok(name) = UserName::parse(s, "userName") {
        let n = name.as_str().chars().count();
        assert!((1..=haven::users::MAX_NAME_CHARS).contains(&n));
        assert!(!name.as_str().chars().any(char::is_control));
    }
    // user_reset_passphrase: the recovery key, as typed.
    if let Ok(key) = RecoveryKey::parse(s) {
        let again = RecoveryKey::parse(&key.grouped()).expect("a shown key reads back");
        assert_eq!(*again.grouped(), *key.grouped());
    }
    // audit_verify: the kept head.
    if let Ok(head) = s.trim().parse::<Head>() {
        assert_eq!(head.to_string().parse::<Head>().unwrap(), head);
    }
    // report_save's format is decoded by serde; the CLI reads the same words with FromStr.
    let _ = s.parse::<ReportFormat>();
}

/// A string as a passphrase: passphrase_strength, and every new passphrase (create_vault,
/// user_add, user_reset_passphrase, change_own_passphrase). A selector of its own, since
/// zxcvbn under the sanitizer is the slow part of this target (one estimate per input).
fn passphrase_argument(s: &str) {
    let p = Passphrase::new(s.to_owned());
    match passphrase_policy::check(&p, &["fuzz.user"], "passphrase") {
        Ok(()) => assert!(p.char_count() >= passphrase_policy::MIN_CHARS),
        Err(e) => assert!(matches!(
            e,
            Error::WeakPassphrase {
                field: "passphrase",
                ..
            }
        )),
    }
    let other = Passphrase::new(format!("{s}x"));
    let e = passphrase_policy::confirm(p, &other, &[], "passphrase", "again").unwrap_err();
    assert!(matches!(e, Error::Invalid { field: "again", .. }));
}

/// A string as a case code (case_show, case_history, case_documents, case_reopen …) and as
/// the case list's search words, through the scratch vault.
fn code_or_search_argument(s: &str) {
    with_sessions(|identity, codes_only| {
        assert!(matches!(identity.show_case(s), Err(Error::NoSuchCase)));
        assert!(matches!(identity.case_history(s), Err(Error::NoSuchCase)));
        let filter = CaseFilter {
            query: Some(s.to_owned()),
            ..Default::default()
        };
        no_internal(identity.list_cases(&filter));
        no_internal(codes_only.list_cases(&filter));
    });
}

/// Decodes `json` as `T` the way Tauri decodes one argument.
fn decode<T: DeserializeOwned>(json: &[u8]) -> Option<T> {
    serde_json::from_slice(json).ok()
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, json)) = data.split_first() else {
        return;
    };
    match pick % 26 {
        // String: most commands (user names, the recovery key, the audit head, paths); 24 and
        // 25 below take strings too.
        0 => {
            if let Some(s) = decode::<String>(json) {
                string_argument(&s);
            }
        }
        // Option<String>: audit_verify (head), case_assign_caseworker (caseworker).
        1 => {
            if let Some(Some(s)) = decode::<Option<String>>(json) {
                if let Ok(head) = s.trim().parse::<Head>() {
                    assert_eq!(head.to_string().parse::<Head>().unwrap(), head);
                }
                let _ = UserName::parse(&s, "caseworker");
            }
        }
        // Vec<Role>: user_add, user_set_roles.
        2 => {
            if let Some(roles) = decode::<Vec<Role>>(json) {
                round_trip(&roles);
                for r in &roles {
                    assert_eq!(r.as_str().parse::<Role>().unwrap(), *r);
                }
            }
        }
        // AuditFilter: audit_search (read-only; the scratch vault's log).
        3 => {
            if let Some(filter) = decode::<AuditFilter>(json) {
                with_sessions(|identity, _| no_internal(identity.audit_search(&filter)));
            }
        }
        // u32: settings_set_auto_lock (minutes), settings_set_min_cell (min_cell).
        4 => {
            if let Some(n) = decode::<u32>(json) {
                let k = check_min_cell(n);
                assert_eq!(k.is_ok(), (1..=100).contains(&n));
                let timer = IdleTimer::new(n, std::time::Instant::now());
                assert_eq!(timer.is_ok(), (1..=60).contains(&n));
            }
        }
        // Language: set_language.
        5 => {
            if let Some(l) = decode::<Language>(json) {
                round_trip(&l);
            }
        }
        // CaseFilter: cases_list (read-only; both scopes).
        6 => {
            if let Some(filter) = decode::<CaseFilter>(json) {
                with_sessions(|identity, codes_only| {
                    no_internal(identity.list_cases(&filter));
                    no_internal(codes_only.list_cases(&filter));
                });
            }
        }
        // CaseRecord: case_create (the intake form).
        7 => {
            if let Some(record) = decode::<CaseRecord>(json) {
                round_trip(&record);
                rules(&record);
            }
        }
        // PersonRecord: case_edit_person.
        8 => {
            if let Some(person) = decode::<PersonRecord>(json) {
                round_trip(&person);
                amend(|r| r.person = person);
            }
        }
        // Identification: case_edit_identification.
        9 => {
            if let Some(ident) = decode::<Identification>(json) {
                amend(|r| {
                    r.identified_on = ident.identified_on;
                    r.identified_by = ident.identified_by;
                    r.recognition = ident.recognition;
                    r.exploitation = ident.exploitation;
                    r.country_of_exploitation = ident.country_of_exploitation;
                });
            }
        }
        // CivilDate: case_close (closed_on), case_discharge (discharged_on).
        10 => {
            if let Some(date) = decode::<CivilDate>(json) {
                round_trip(&date);
                assert_eq!(CivilDate::parse(&date.to_string()), Some(date));
                amend(|r| {
                    r.status = CaseStatus::Closed;
                    r.closed_on = Some(date);
                });
                amend(|r| {
                    r.shelter_stays.push(ShelterStayRecord {
                        shelter: "Test State Shelter".into(),
                        admitted_on: r.identified_on,
                        discharged_on: Some(date),
                    })
                });
            }
        }
        // ConsentRecord: case_add_consent.
        11 => {
            if let Some(c) = decode::<ConsentRecord>(json) {
                round_trip(&c);
                amend(|r| r.consents.push(c));
            }
        }
        // ReferralRecord: case_add_referral.
        12 => {
            if let Some(rf) = decode::<ReferralRecord>(json) {
                round_trip(&rf);
                amend(|r| r.referrals.push(rf));
            }
        }
        // i64: case_set_referral_status (referral), case_discharge (stay),
        // case_document_save (document). Row ids: looked up, never trusted.
        13 => {
            let _ = decode::<i64>(json);
        }
        // ReferralStatus: case_set_referral_status.
        14 => {
            if let Some(status) = decode::<ReferralStatus>(json) {
                round_trip(&status);
                amend(|r| {
                    r.referrals.push(ReferralRecord {
                        date: r.identified_on,
                        to: "Test Women NGO".into(),
                        status,
                    })
                });
            }
        }
        // Admission: case_admit.
        15 => {
            if let Some(a) = decode::<Admission>(json) {
                amend(|r| {
                    r.shelter_stays.push(ShelterStayRecord {
                        shelter: a.shelter,
                        admitted_on: a.admitted_on,
                        discharged_on: None,
                    })
                });
            }
        }
        // ServiceRecord: case_record_service.
        16 => {
            if let Some(s) = decode::<ServiceRecord>(json) {
                round_trip(&s);
                amend(|r| r.services.push(s));
            }
        }
        // AllowanceRecord: case_record_allowance.
        17 => {
            if let Some(a) = decode::<AllowanceRecord>(json) {
                round_trip(&a);
                if let Some(cur) = haven::records::money::currency(&a.currency) {
                    if let Some(m) = haven::records::money::Money::parse(&a.amount, cur) {
                        assert!(m.minor > 0);
                        let again = haven::records::money::Money::parse(&m.amount_string(), cur);
                        assert_eq!(again, Some(m), "an amount as written reads back");
                    }
                }
                amend(|r| r.allowances.push(a));
            }
        }
        // TrainingRecord: case_record_training.
        18 => {
            if let Some(t) = decode::<TrainingRecord>(json) {
                round_trip(&t);
                amend(|r| r.trainings.push(t));
            }
        }
        // EmploymentRecord: case_record_employment.
        19 => {
            if let Some(e) = decode::<EmploymentRecord>(json) {
                round_trip(&e);
                amend(|r| r.employments.push(e));
            }
        }
        // NoteRecord: case_add_note.
        20 => {
            if let Some(n) = decode::<NoteRecord>(json) {
                round_trip(&n);
                amend(|r| r.notes.push(n));
            }
        }
        // DocumentKind: case_document_add.
        21 => {
            let _ = decode::<DocumentKind>(json);
        }
        // ReportRequest: report_preview (the checks indicator_report runs before counting).
        22 => {
            if let Some(req) = decode::<ReportRequest>(json) {
                round_trip(&req);
                if let Ok(period) = Period::parse(&req.from, &req.to) {
                    assert!(period.from <= period.to);
                }
                if let Some(k) = req.min_cell {
                    let _ = check_min_cell(k);
                }
            }
        }
        // String as a passphrase (see `passphrase_argument`).
        24 => {
            if let Some(s) = decode::<String>(json) {
                passphrase_argument(&s);
            }
        }
        // String as a case code or search words (see `code_or_search_argument`).
        25 => {
            if let Some(s) = decode::<String>(json) {
                code_or_search_argument(&s);
            }
        }
        // ReportFormat: report_save.
        _ => {
            if let Some(f) = decode::<ReportFormat>(json) {
                assert_eq!(f.extension().parse::<ReportFormat>().unwrap(), f);
            }
        }
    }
});
