//! The operations of a case file, one by one, as shelter staff and caseworkers do them: each
//! checks its input with the import's rules, answers with the form's field, writes nothing when
//! refused, and checks the user's roles.
#![forbid(unsafe_code)]

mod common;

use common::*;
use haven::cases::{Admission, CaseFilter, DocumentKind, Identification};
use haven::records::interchange::*;
use haven::records::vocab::*;
use haven::records::CivilDate;
use haven::{Error, ErrorKind, Role, Session, Vault};

const ORGS: &str = r#"{"type":"organization","name":"Small Shelter","kind":"shelter","sector":"state","capacity":2}
{"type":"organization","name":"Helping NGO","kind":"ngo","sector":"ngo"}
{"type":"organization","name":"Victim Assistance Center","kind":"assistance_center","sector":"state"}"#;

fn d(s: &str) -> CivilDate {
    CivilDate::parse(s).unwrap()
}

struct Team {
    _dir: tempfile::TempDir,
    vault: Vault,
    intake: Session,
    caseworker: Session,
}

fn team() -> Team {
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    let mut a = admin(&vault);
    a.add_user("in.take", &[Role::Intake], &pass(OTHER_PASSPHRASE))
        .unwrap();
    a.add_user("case.worker", &[Role::Caseworker], &pass(OTHER_PASSPHRASE))
        .unwrap();
    a.add_user("super.visor", &[Role::Supervisor], &pass(OTHER_PASSPHRASE))
        .unwrap();
    a.import(&mut ORGS.as_bytes(), false, &mut |_| {}).unwrap();
    // The team works at Small Shelter: the intake form's referral there needs no consent
    // (lifecycle.md's gate covers referrals to other organizations).
    let mut settings = a.lifecycle_settings().unwrap();
    settings.own_organization = Some("Small Shelter".into());
    a.set_lifecycle_settings(&settings).unwrap();
    drop(a);
    let intake = vault.unlock("in.take", &pass(OTHER_PASSPHRASE)).unwrap();
    let caseworker = vault
        .unlock("case.worker", &pass(OTHER_PASSPHRASE))
        .unwrap();
    Team {
        _dir: dir,
        vault,
        intake,
        caseworker,
    }
}

/// The intake form: person, case and the first referral.
fn intake_form(given: &str, family: &str) -> CaseRecord {
    serde_json::from_value(serde_json::json!({
        "person": {"given_name": given, "family_name": family, "sex": "female", "birth_date": "1999-05-01"},
        "identified_on": "2024-03-01",
        "identified_by": "police",
        "recognition": "recognized",
        "exploitation": ["sexual"],
        "referrals": [{"date": "2024-03-01", "to": "Small Shelter", "status": "accepted"}]
    }))
    .unwrap()
}

fn field_of(e: Error) -> Vec<String> {
    match e {
        Error::Problems(p) => p.into_iter().map(|p| p.path).collect(),
        Error::Invalid { field, .. } => vec![field.to_string()],
        other => panic!("not an input problem: {other:?}"),
    }
}

fn admission(day: &str) -> Admission {
    Admission {
        shelter: "Small Shelter".into(),
        admitted_on: d(day),
        bed: None,
        over_capacity: false,
    }
}

#[test]
fn intake_creates_a_case_admits_and_discharges() {
    let mut t = team();
    let code = t
        .intake
        .create_case(intake_form("Gülnarə", "Hüseynova"))
        .unwrap();
    assert_eq!(code, "2024-0001");
    let stay = t.intake.admit(&code, admission("2024-03-02")).unwrap();
    let view = t.intake.show_case(&code).unwrap();
    assert_eq!(view.entry_ids.shelter_stays, vec![stay]);
    assert_eq!(view.record.referrals.len(), 1);

    // A discharge before the admission is refused at its field and changes nothing.
    let e = t
        .intake
        .discharge(&code, stay, d("2024-03-01"))
        .unwrap_err();
    assert_eq!(field_of(e), vec!["discharged_on"]);
    assert_eq!(
        t.intake.show_case(&code).unwrap().record.shelter_stays[0].discharged_on,
        None
    );
    t.intake.discharge(&code, stay, d("2024-04-15")).unwrap();
    assert_eq!(
        t.intake.show_case(&code).unwrap().record.shelter_stays[0].discharged_on,
        Some(d("2024-04-15"))
    );

    let found = t
        .intake
        .list_cases(&CaseFilter {
            query: Some("gulnara huseyn".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found[0].code, code);
}

#[test]
fn a_person_is_in_one_shelter_at_a_time() {
    let mut t = team();
    let code = t
        .intake
        .create_case(intake_form("Test", "Resident"))
        .unwrap();
    t.intake.admit(&code, admission("2024-03-02")).unwrap();
    let e = t.intake.admit(&code, admission("2024-03-05")).unwrap_err();
    assert!(field_of(e).iter().any(|f| f.ends_with("admitted_on")));
    assert_eq!(
        t.intake
            .show_case(&code)
            .unwrap()
            .record
            .shelter_stays
            .len(),
        1
    );
}

#[test]
fn a_full_shelter_refuses_unless_overridden() {
    let mut t = team();
    for name in ["One", "Two"] {
        let code = t.intake.create_case(intake_form(name, "Resident")).unwrap();
        t.intake.admit(&code, admission("2024-03-02")).unwrap();
    }
    let third = t
        .intake
        .create_case(intake_form("Three", "Resident"))
        .unwrap();
    let e = t.intake.admit(&third, admission("2024-03-03")).unwrap_err();
    assert!(e.to_string().contains("2 of 2 beds"), "{e}");
    assert_eq!(field_of(e), vec!["shelter"]);
    assert!(t
        .intake
        .show_case(&third)
        .unwrap()
        .record
        .shelter_stays
        .is_empty());
    t.intake
        .admit(
            &third,
            Admission {
                over_capacity: true,
                ..admission("2024-03-03")
            },
        )
        .unwrap();
}

#[test]
fn beds_are_not_shared_and_can_be_moved() {
    let mut t = team();
    let a = t.intake.create_case(intake_form("Bed", "One")).unwrap();
    let b = t.intake.create_case(intake_form("Bed", "Two")).unwrap();
    let stay_a = t
        .intake
        .admit(
            &a,
            Admission {
                bed: Some("A1".into()),
                ..admission("2024-03-02")
            },
        )
        .unwrap();
    let e = t
        .intake
        .admit(
            &b,
            Admission {
                bed: Some("A1".into()),
                ..admission("2024-03-02")
            },
        )
        .unwrap_err();
    assert_eq!(field_of(e), vec!["bed"]);
    t.intake.move_bed(&a, stay_a, "A2").unwrap();
    t.intake
        .admit(
            &b,
            Admission {
                bed: Some("A1".into()),
                ..admission("2024-03-02")
            },
        )
        .unwrap();
    assert_eq!(
        t.intake.show_case(&a).unwrap().entry_ids.beds,
        vec![Some("A2".to_string())]
    );
}

#[test]
fn a_caseworker_records_the_services_and_they_stay() {
    let mut t = team();
    let code = t
        .intake
        .create_case(intake_form("Səbinə", "Əliyeva"))
        .unwrap();
    let cw = &mut t.caseworker;
    for kind in [
        ServiceKind::Legal,
        ServiceKind::Medical,
        ServiceKind::Psychological,
    ] {
        cw.record_service(
            &code,
            ServiceRecord {
                kind,
                date: d("2024-03-05"),
                provider: Some("Helping NGO".into()),
            },
        )
        .unwrap();
    }
    cw.record_allowance(
        &code,
        AllowanceRecord {
            date: d("2024-03-10"),
            amount: "400.00".into(),
            currency: "AZN".into(),
            kind: AllowanceKind::OneTime,
        },
    )
    .unwrap();
    cw.record_training(
        &code,
        TrainingRecord {
            course: "Sewing".into(),
            provider: None,
            started_on: d("2024-04-01"),
            ended_on: None,
            outcome: TrainingOutcome::Enrolled,
        },
    )
    .unwrap();
    cw.record_employment(
        &code,
        EmploymentRecord {
            employer: "A bakery".into(),
            started_on: d("2024-06-01"),
            ended_on: None,
        },
    )
    .unwrap();
    // A referral to another organization needs the person's consent to it.
    cw.add_consent(
        &code,
        ConsentRecord {
            scope: ConsentScope::Referrals,
            given_on: d("2024-03-01"),
            expires_on: Some(d("2025-02-28")),
            organizations: vec!["Helping NGO".into()],
            withdrawn_on: None,
        },
    )
    .unwrap();
    let referral = cw
        .add_referral(
            &code,
            ReferralRecord {
                date: d("2024-03-06"),
                to: "Helping NGO".into(),
                status: ReferralStatus::Pending,
            },
        )
        .unwrap();
    cw.set_referral_status(&code, referral, ReferralStatus::Completed)
        .unwrap();
    cw.add_consent(
        &code,
        ConsentRecord {
            scope: ConsentScope::Statistics,
            given_on: d("2024-03-01"),
            expires_on: Some(d("2025-03-01")),
            organizations: vec![],
            withdrawn_on: None,
        },
    )
    .unwrap();
    cw.add_note(
        &code,
        NoteRecord {
            date: d("2024-03-05"),
            text: "First meeting went well.".into(),
        },
    )
    .unwrap();
    drop(t.caseworker);

    // After locking and unlocking everything is still there.
    let again = t
        .vault
        .unlock("case.worker", &pass(OTHER_PASSPHRASE))
        .unwrap();
    let r = again.show_case(&code).unwrap().record;
    let kinds: Vec<ServiceKind> = r.services.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        vec![
            ServiceKind::Legal,
            ServiceKind::Medical,
            ServiceKind::Psychological
        ]
    );
    assert_eq!(r.allowances[0].amount, "400.00");
    assert_eq!(
        (
            r.trainings.len(),
            r.employments.len(),
            r.notes.len(),
            r.consents.len()
        ),
        (1, 1, 1, 2)
    );
    assert_eq!(r.referrals[1].status, ReferralStatus::Completed);
}

#[test]
fn every_operation_answers_bad_input_at_its_field_and_writes_nothing() {
    let mut t = team();
    let code = t.intake.create_case(intake_form("Test", "Person")).unwrap();
    let before = t.caseworker.show_case(&code).unwrap();
    let cw = &mut t.caseworker;
    let cases: Vec<(haven::Result<i64>, &str)> = vec![
        (
            cw.record_allowance(
                &code,
                AllowanceRecord {
                    date: d("2024-03-10"),
                    amount: "-400".into(),
                    currency: "AZN".into(),
                    kind: AllowanceKind::OneTime,
                },
            ),
            "amount",
        ),
        (
            cw.record_allowance(
                &code,
                AllowanceRecord {
                    date: d("2024-03-10"),
                    amount: "400.00".into(),
                    currency: "AZM".into(),
                    kind: AllowanceKind::OneTime,
                },
            ),
            "currency",
        ),
        (
            cw.record_service(
                &code,
                ServiceRecord {
                    kind: ServiceKind::Legal,
                    date: d("2024-03-05"),
                    provider: Some("Nobody".into()),
                },
            ),
            "provider",
        ),
        (
            cw.record_training(
                &code,
                TrainingRecord {
                    course: "".into(),
                    provider: None,
                    started_on: d("2024-04-01"),
                    ended_on: None,
                    outcome: TrainingOutcome::Enrolled,
                },
            ),
            "course",
        ),
        (
            cw.record_employment(
                &code,
                EmploymentRecord {
                    employer: "X".into(),
                    started_on: d("2024-06-01"),
                    ended_on: Some(d("2024-05-01")),
                },
            ),
            "ended_on",
        ),
        (
            cw.add_consent(
                &code,
                ConsentRecord {
                    scope: ConsentScope::Statistics,
                    given_on: d("2024-03-01"),
                    expires_on: Some(d("2024-02-01")),
                    organizations: vec![],
                    withdrawn_on: None,
                },
            ),
            "expires_on",
        ),
        (
            cw.add_referral(
                &code,
                ReferralRecord {
                    date: d("2024-03-06"),
                    to: "Nowhere".into(),
                    status: ReferralStatus::Pending,
                },
            ),
            "to",
        ),
        (
            cw.add_note(
                &code,
                NoteRecord {
                    date: d("2024-03-05"),
                    text: " ".into(),
                },
            ),
            "text",
        ),
    ];
    for (result, field) in cases {
        let e = result.unwrap_err();
        assert_eq!(field_of(e), vec![field.to_string()]);
    }
    let e = cw.close_case(&code, d("2024-02-01")).unwrap_err();
    assert_eq!(field_of(e), vec!["closed_on"]);
    let mut person = before.record.person.clone();
    person.citizenship = Some("ZZ".into());
    assert_eq!(
        field_of(t.intake.edit_person(&code, person).unwrap_err()),
        vec!["person.citizenship"]
    );
    let ident = Identification {
        identified_on: d("1998-01-01"),
        identified_by: None,
        recognition: Recognition::Potential,
        exploitation: vec![],
        country_of_exploitation: None,
    };
    let fields = field_of(t.intake.edit_identification(&code, ident).unwrap_err());
    assert!(
        fields.contains(&"person.birth_date".to_string())
            && fields.contains(&"exploitation".to_string()),
        "{fields:?}"
    );
    assert_eq!(
        t.caseworker.show_case(&code).unwrap(),
        before,
        "a refused operation wrote something"
    );
}

#[test]
fn closing_and_reopening() {
    let mut t = team();
    let code = t.intake.create_case(intake_form("Test", "Person")).unwrap();
    t.caseworker.close_case(&code, d("2024-05-01")).unwrap();
    let closed = CaseFilter {
        status: Some(CaseStatus::Closed),
        ..Default::default()
    };
    assert_eq!(t.caseworker.list_cases(&closed).unwrap().len(), 1);
    assert!(t.caseworker.close_case(&code, d("2024-06-01")).is_err());
    t.caseworker.reopen_case(&code).unwrap();
    assert_eq!(
        t.caseworker.show_case(&code).unwrap().record.closed_on,
        None
    );
}

#[test]
fn editing_a_person_updates_the_search() {
    let mut t = team();
    let code = t.intake.create_case(intake_form("Old", "Name")).unwrap();
    let mut person = t.intake.show_case(&code).unwrap().record.person;
    person.family_name = Some("Cəfərova".into());
    person.aliases = vec!["Xədicə".into()];
    t.intake.edit_person(&code, person).unwrap();
    let search = |s: &Session, q: &str| {
        s.list_cases(&CaseFilter {
            query: Some(q.into()),
            ..Default::default()
        })
        .unwrap()
        .len()
    };
    assert_eq!(search(&t.intake, "jafarova"), 1);
    assert_eq!(search(&t.intake, "khadija"), 1);
    assert_eq!(search(&t.intake, "name"), 0);
}

#[test]
fn roles_are_checked_for_every_operation() {
    let mut t = team();
    let code = t.intake.create_case(intake_form("Test", "Person")).unwrap();
    let mut sv = t
        .vault
        .unlock("super.visor", &pass(OTHER_PASSPHRASE))
        .unwrap();
    let mut adm = admin(&t.vault);
    let forbidden = |r: haven::Result<()>| assert_eq!(r.unwrap_err().kind(), ErrorKind::Forbidden);
    let service = ServiceRecord {
        kind: ServiceKind::Legal,
        date: d("2024-03-05"),
        provider: None,
    };
    // Intake staff do not record services, allowances or notes.
    forbidden(t.intake.record_service(&code, service.clone()).map(|_| ()));
    forbidden(
        t.intake
            .add_note(
                &code,
                NoteRecord {
                    date: d("2024-03-05"),
                    text: "x".into(),
                },
            )
            .map(|_| ()),
    );
    forbidden(t.intake.close_case(&code, d("2024-05-01")));
    // Supervisors and admins change nothing in a case.
    for s in [&mut sv, &mut adm] {
        forbidden(s.create_case(intake_form("A", "B")).map(|_| ()));
        forbidden(s.admit(&code, admission("2024-03-02")).map(|_| ()));
        forbidden(s.record_service(&code, service.clone()).map(|_| ()));
        forbidden(
            s.add_document(&code, DocumentKind::Other, "x.txt", b"x")
                .map(|_| ()),
        );
    }
    forbidden(sv.list_documents(&code).map(|_| ()));
    // An intake form with services needs the caseworker's role.
    let mut with_service = intake_form("A", "B");
    with_service.services.push(service);
    forbidden(t.intake.create_case(with_service.clone()).map(|_| ()));
    t.caseworker.create_case(with_service).unwrap();
}

#[test]
fn documents_are_kept_encrypted_listed_with_type_and_size() {
    let mut t = team();
    let code = t.intake.create_case(intake_form("Doc", "Owner")).unwrap();
    let secret = marker("document");
    let content = format!("%PDF-1.4 scanned identity card of {secret}").repeat(50);
    let doc = t
        .caseworker
        .add_document(
            &code,
            DocumentKind::IdDocument,
            "id-card.pdf",
            content.as_bytes(),
        )
        .unwrap();
    let list = t.intake.list_documents(&code).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].kind, list[0].size),
        (DocumentKind::IdDocument, content.len() as u64)
    );
    assert_eq!(
        t.intake.read_document(&code, doc.id).unwrap(),
        content.as_bytes()
    );
    let too_big = vec![0u8; haven::cases::MAX_DOCUMENT_BYTES + 1];
    let e = t
        .caseworker
        .add_document(&code, DocumentKind::Other, "big.bin", &too_big)
        .unwrap_err();
    assert!(e.to_string().contains("25 MB"));
    assert_eq!(t.intake.list_documents(&code).unwrap().len(), 1);
    drop(t.intake);
    drop(t.caseworker);
    let hits = canary_scan(&[t.vault.dir()], &[secret]);
    assert!(hits.is_empty(), "{hits:?}");
}

#[test]
fn organizations_are_added_checked_and_listed() {
    let mut t = team();
    let shelter = OrganizationRecord {
        name: "New Shelter".into(),
        kind: OrganizationKind::Shelter,
        sector: Sector::Ngo,
        capacity: Some(12),
    };
    t.intake.add_organization(shelter.clone()).unwrap();
    assert_eq!(
        field_of(t.intake.add_organization(shelter).unwrap_err()),
        vec!["name"]
    );
    let clinic = OrganizationRecord {
        name: "Clinic".into(),
        kind: OrganizationKind::Health,
        sector: Sector::State,
        capacity: Some(3),
    };
    assert_eq!(
        field_of(t.intake.add_organization(clinic).unwrap_err()),
        vec!["capacity"]
    );
    t.intake.set_shelter_capacity("new shelter", 14).unwrap();
    assert_eq!(
        field_of(t.intake.set_shelter_capacity("Helping NGO", 3).unwrap_err()),
        vec!["shelter"]
    );
    let names: Vec<(String, Option<i64>)> = t
        .caseworker
        .list_organizations()
        .unwrap()
        .into_iter()
        .map(|o| (o.name, o.capacity))
        .collect();
    assert_eq!(
        names.last().unwrap(),
        &("New Shelter".to_string(), Some(14))
    );
    let mut sv = t
        .vault
        .unlock("super.visor", &pass(OTHER_PASSPHRASE))
        .unwrap();
    let other = OrganizationRecord {
        name: "X".into(),
        kind: OrganizationKind::Other,
        sector: Sector::Private,
        capacity: None,
    };
    assert_eq!(
        sv.add_organization(other).unwrap_err().kind(),
        ErrorKind::Forbidden
    );
}

#[test]
fn the_board_shows_who_is_in_each_shelter_today_and_names_only_to_identity_readers() {
    let mut t = team();
    let first = t.intake.create_case(intake_form("Aysel", "Board")).unwrap();
    let second = t.intake.create_case(intake_form("Leyla", "Board")).unwrap();
    let stay = t.intake.admit(&first, admission("2024-03-02")).unwrap();
    t.intake
        .admit(
            &second,
            Admission {
                bed: Some("B2".into()),
                ..admission("2024-03-05")
            },
        )
        .unwrap();
    t.intake
        .discharge(
            &second,
            t.intake.show_case(&second).unwrap().entry_ids.shelter_stays[0],
            d("2024-04-01"),
        )
        .unwrap();

    let board = t.intake.shelter_board().unwrap();
    assert_eq!(board.shelters.len(), 1, "only shelters are on the board");
    let shelter = &board.shelters[0];
    assert_eq!(
        (shelter.name.as_str(), shelter.capacity, shelter.occupied),
        ("Small Shelter", Some(2), 1)
    );
    assert_eq!(shelter.residents.len(), 1, "a discharged person is not in");
    let r = &shelter.residents[0];
    assert_eq!(
        (r.code.as_str(), r.stay, r.stay_index),
        (first.as_str(), stay, 0)
    );
    assert_eq!(r.name.as_deref(), Some("Aysel Board"));

    let figures = t.caseworker.dashboard_figures().unwrap();
    assert_eq!((figures.open_cases, figures.closed_cases), (2, 0));
    assert_eq!(figures.shelters[0].occupied, 1);
    assert_eq!(figures.pending_referrals, 0);

    // A supervisor sees the board and the figures, with codes and no names.
    let sv = t
        .vault
        .unlock("super.visor", &pass(OTHER_PASSPHRASE))
        .unwrap();
    let board = sv.shelter_board().unwrap();
    assert_eq!(board.shelters[0].residents[0].name, None);
    assert_eq!(board.shelters[0].residents[0].code, first);
    assert_eq!(sv.dashboard_figures().unwrap().open_cases, 2);
    // Admins read no case data.
    let a = admin(&t.vault);
    assert_eq!(a.shelter_board().unwrap_err().kind(), ErrorKind::Forbidden);
    assert_eq!(
        a.dashboard_figures().unwrap_err().kind(),
        ErrorKind::Forbidden
    );
}

#[test]
fn employers_are_identity_and_stay_hidden_from_users_without_it() {
    let mut t = team();
    let code = t.intake.create_case(intake_form("Sevda", "Job")).unwrap();
    t.intake.admit(&code, admission("2024-03-02")).unwrap();
    // A small workshop's name says where the person was; it is generated, as a name would be.
    let employer = marker("employer");
    t.caseworker
        .record_employment(
            &code,
            EmploymentRecord {
                employer: format!("Workshop {employer}"),
                started_on: d("2024-06-01"),
                ended_on: Some(d("2024-09-30")),
            },
        )
        .unwrap();
    let shown = |v: &haven::cases::CaseView| serde_json::to_string(v).unwrap();

    // Identity readers see it.
    for s in [&t.intake, &t.caseworker] {
        let view = s.show_case(&code).unwrap();
        assert!(!view.identity_hidden);
        assert_eq!(
            view.record.employments[0].employer,
            format!("Workshop {employer}")
        );
    }

    // A supervisor sees the job and its dates, and no employer: not in the case file…
    let sv = t
        .vault
        .unlock("super.visor", &pass(OTHER_PASSPHRASE))
        .unwrap();
    let view = sv.show_case(&code).unwrap();
    assert!(view.identity_hidden);
    let job = &view.record.employments[0];
    assert_eq!(job.employer, "", "a hidden employer is the empty string");
    assert_eq!(
        (job.started_on, job.ended_on),
        (d("2024-06-01"), Some(d("2024-09-30")))
    );
    assert!(!shown(&view).contains(&employer), "{}", shown(&view));
    // …nor found by a search for it (a supervisor's search matches codes only)…
    for typed in [employer.as_str(), "workshop"] {
        let filter = CaseFilter {
            query: Some(typed.into()),
            ..CaseFilter::default()
        };
        assert!(sv.list_cases(&filter).unwrap().is_empty(), "{typed}");
    }
    let listed = serde_json::to_string(&sv.list_cases(&CaseFilter::default()).unwrap()).unwrap();
    assert!(!listed.contains(&employer));
    // …nor on the board, the dashboard, the recent activity or in a report.
    let elsewhere = [
        serde_json::to_string(&sv.shelter_board().unwrap()).unwrap(),
        serde_json::to_string(&sv.dashboard_figures().unwrap()).unwrap(),
        serde_json::to_string(&sv.recent_activity(50).unwrap()).unwrap(),
        serde_json::to_string(
            &sv.indicator_report(&haven::report::ReportRequest {
                from: "2024-01-01".into(),
                to: "2024-12-31".into(),
                min_cell: Some(1),
            })
            .unwrap(),
        )
        .unwrap(),
    ];
    for text in elsewhere {
        assert!(!text.contains(&employer), "{text}");
    }
    // The full export, which would name it, is not a supervisor's.
    assert_eq!(
        sv.export(&mut Vec::new()).unwrap_err().kind(),
        ErrorKind::Forbidden
    );
}

#[test]
fn consents_about_to_expire_and_pending_referrals_are_on_the_dashboard() {
    let mut t = team();
    let code = t
        .intake
        .create_case(intake_form("Nigar", "Consent"))
        .unwrap();
    let today = CivilDate::today();
    let in_days = |n: usize| (0..n).fold(today, |d, _| d.next_day().unwrap());
    // A consent to referrals runs at most 12 months: this one was given 100 days ago.
    let days_ago = |n: i64| today.add_days(-n).unwrap();
    for (scope, given, expires) in [
        (ConsentScope::Statistics, d("2024-03-01"), in_days(10)),
        (ConsentScope::Referrals, days_ago(100), in_days(200)),
    ] {
        t.caseworker
            .add_consent(
                &code,
                ConsentRecord {
                    scope,
                    given_on: given,
                    expires_on: Some(expires),
                    organizations: vec![],
                    withdrawn_on: None,
                },
            )
            .unwrap();
    }
    t.intake
        .add_referral(
            &code,
            ReferralRecord {
                date: today,
                to: "Helping NGO".into(),
                status: ReferralStatus::Pending,
            },
        )
        .unwrap();
    let f = t.caseworker.dashboard_figures().unwrap();
    assert_eq!(f.pending_referrals, 1);
    assert_eq!(f.expiring_consents.len(), 1, "only the one within 30 days");
    assert_eq!(f.expiring_consents[0].code, code);
    assert_eq!(f.expiring_consents[0].scope, "statistics");
}

#[test]
fn a_case_is_assigned_to_a_caseworker_and_the_list_narrows_by_caseworker_and_shelter() {
    let mut t = team();
    let first = t
        .intake
        .create_case(intake_form("Aytən", "Filter"))
        .unwrap();
    let second = t
        .intake
        .create_case(intake_form("Könül", "Filter"))
        .unwrap();
    assert_eq!(
        t.intake.caseworkers().unwrap(),
        vec!["case.worker".to_string()]
    );
    t.intake
        .assign_caseworker(&first, Some("Case.Worker"))
        .unwrap();
    assert_eq!(
        t.intake
            .assign_caseworker(&second, Some("in.take"))
            .unwrap_err()
            .field(),
        Some("caseworker"),
        "only a caseworker can be assigned"
    );
    assert_eq!(
        t.caseworker
            .show_case(&first)
            .unwrap()
            .caseworker
            .as_deref(),
        Some("case.worker")
    );
    assert_eq!(t.caseworker.show_case(&second).unwrap().caseworker, None);
    t.intake.admit(&second, admission("2024-03-02")).unwrap();

    let codes = |f: CaseFilter| -> Vec<String> {
        t.caseworker
            .list_cases(&f)
            .unwrap()
            .into_iter()
            .map(|c| c.code)
            .collect()
    };
    assert_eq!(
        codes(CaseFilter {
            caseworker: Some("case.worker".into()),
            ..Default::default()
        }),
        vec![first.clone()]
    );
    assert_eq!(
        codes(CaseFilter {
            shelter: Some("small shelter".into()),
            ..Default::default()
        }),
        vec![second.clone()]
    );
    assert_eq!(
        codes(CaseFilter {
            query: Some("filter".into()),
            shelter: Some("Small Shelter".into()),
            ..Default::default()
        }),
        vec![second.clone()]
    );
    assert!(codes(CaseFilter {
        caseworker: Some("nobody".into()),
        ..Default::default()
    })
    .is_empty());
    let listed = t.caseworker.list_cases(&CaseFilter::default()).unwrap();
    let one = listed.iter().find(|c| c.code == first).unwrap();
    assert_eq!(one.caseworker.as_deref(), Some("case.worker"));

    // Recent activity: the changes, newest first, with codes, for a supervisor too.
    let mut sv = t
        .vault
        .unlock("super.visor", &pass(OTHER_PASSPHRASE))
        .unwrap();
    let recent = sv.recent_activity(10).unwrap();
    assert_eq!(recent[0].action, "case.change");
    assert_eq!(recent[0].case.as_deref(), Some(second.as_str()));
    assert!(recent
        .iter()
        .any(|l| l.action == "case.create" && l.case.as_deref() == Some(first.as_str())));
    assert!(recent.windows(2).all(|w| w[0].seq > w[1].seq));
    assert!(
        sv.assign_caseworker(&first, None).is_err(),
        "a supervisor cannot assign"
    );
    let a = admin(&t.vault);
    assert_eq!(
        a.recent_activity(5).unwrap_err().kind(),
        ErrorKind::Forbidden
    );
}

#[test]
fn a_copy_of_a_document_is_written_whole_and_a_failed_copy_says_so() {
    let mut t = team();
    let code = t
        .caseworker
        .create_case(intake_form("Copy", "Document"))
        .unwrap();
    let doc = t
        .caseworker
        .add_document(
            &code,
            DocumentKind::Legal,
            "court.pdf",
            b"%PDF court decision",
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("court.pdf");
    t.caseworker
        .save_document_copy(&code, doc.id, &path)
        .unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"%PDF court decision");
    let e = t
        .caseworker
        .save_document_copy(&code, doc.id, &dir.path().join("missing/court.pdf"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Storage);
    assert!(e.to_string().contains("copy could not be saved"), "{e}");
}
