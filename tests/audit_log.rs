//! The audit log: every change and every read of identifying data leaves exactly one entry,
//! entries hold no identifying value, and tampering with them is detected.
#![forbid(unsafe_code)]

mod common;

use common::audit::{caseworker, setup, tamper};
use common::*;
use haven::audit::Head;
use haven::cases::CaseFilter;
use haven::Vault;

fn entries(vault: &Vault) -> Vec<haven::audit::LogLine> {
    admin(vault).audit_log(None).unwrap()
}

#[test]
fn a_caseworkers_read_of_a_case_leaves_exactly_one_entry() {
    let s = setup();
    let cw = caseworker(&s.vault);
    let before = entries(&s.vault).len();
    cw.show_case("2020-0001").unwrap();
    let after = entries(&s.vault);
    // The admin's own login to read the log adds one entry too.
    let new: Vec<_> = after[before..]
        .iter()
        .filter(|e| e.user.as_deref() != Some(ADMIN))
        .collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0].user.as_deref(), Some("case.worker"));
    assert_eq!(new[0].action, "case.read");
    assert_eq!(new[0].case.as_deref(), Some("2020-0001"));
    assert_eq!(new[0].outcome, "ok");
}

#[test]
fn changes_searches_exports_logins_and_locks_are_logged_without_identifying_values() {
    let s = setup();
    let mut cw = caseworker(&s.vault);
    let found = cw
        .list_cases(&CaseFilter {
            query: Some("GIVENMARK".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.len(), 1);
    cw.add_note(
        "2020-0001",
        haven::records::interchange::NoteRecord {
            date: haven::records::CivilDate::parse("2020-02-01").unwrap(),
            text: "SECONDNOTEMARK".into(),
        },
    )
    .unwrap();
    cw.export(&mut Vec::new()).unwrap();
    cw.lock();
    let sv = s
        .vault
        .unlock("super.visor", &pass(OTHER_PASSPHRASE))
        .unwrap();
    sv.show_case("2020-0001").unwrap();
    drop(sv);

    let log = entries(&s.vault);
    let actions: Vec<(&str, Option<&str>)> = log
        .iter()
        .filter(|e| e.user.as_deref() == Some("case.worker"))
        .map(|e| (e.action.as_str(), e.case.as_deref()))
        .collect();
    assert_eq!(
        actions,
        vec![
            ("login", None),
            ("import", None),
            ("login", None),
            ("case.search", None),
            ("case.change", Some("2020-0001")),
            ("export", None),
            ("lock", None),
        ]
    );
    let search = log.iter().find(|e| e.action == "case.search").unwrap();
    assert_eq!(search.detail.as_deref(), Some("search results=1"));
    // A supervisor's read shows no identities, so it is not an identity read.
    let sv_actions: Vec<&str> = log
        .iter()
        .filter(|e| e.user.as_deref() == Some("super.visor"))
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(sv_actions, vec!["login"]);

    let a = admin(&s.vault);
    let raw: Vec<String> = a
        .raw_connection()
        .prepare("SELECT seq || at || ifnull(user_id,'') || action || ifnull(case_uuid,'') || outcome || ifnull(detail,'') FROM audit_log")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for mark in [
        "GIVENMARK",
        "FAMILYMARK",
        "NOTEMARK",
        "SECONDNOTEMARK",
        "2020-0001",
    ] {
        assert!(
            raw.iter().all(|r| !r.contains(mark)),
            "{mark} stored in the audit log"
        );
    }
}

#[test]
fn an_untouched_log_verifies_and_its_head_matches() {
    let s = setup();
    let a = admin(&s.vault);
    let report = a.verify_audit(None).unwrap();
    assert!(report.is_intact() && report.entries >= 5);
    let head = a.audit_head().unwrap().unwrap();
    assert_eq!(report.head.as_ref(), Some(&head));
    assert!(a.verify_audit(Some(&head)).unwrap().is_intact());
    assert_eq!(head.to_string().parse::<Head>().unwrap(), head);
}

#[test]
fn deleting_an_entry_is_detected_at_its_place() {
    let s = setup();
    let a = tamper(&s.vault, "DELETE FROM audit_log WHERE seq = 3");
    assert_eq!(a.verify_audit(None).unwrap().first_broken, Some(3));
}

#[test]
fn editing_an_entry_is_detected() {
    let s = setup();
    let a = tamper(
        &s.vault,
        "UPDATE audit_log SET action = 'lock' WHERE seq = 4",
    );
    assert_eq!(a.verify_audit(None).unwrap().first_broken, Some(4));
    let s = setup();
    let a = tamper(
        &s.vault,
        "UPDATE audit_log SET at = '2000-01-01T00:00:00Z' WHERE seq = 2",
    );
    assert_eq!(a.verify_audit(None).unwrap().first_broken, Some(2));
}

#[test]
fn reordering_entries_is_detected() {
    let s = setup();
    let a = tamper(
        &s.vault,
        "UPDATE audit_log SET seq = -1 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 4; UPDATE audit_log SET seq = 4 WHERE seq = -1;",
    );
    assert_eq!(a.verify_audit(None).unwrap().first_broken, Some(3));
}

#[test]
fn a_cut_off_tail_is_detected_against_a_kept_head() {
    let s = setup();
    let kept = admin(&s.vault).audit_head().unwrap().unwrap();
    let a = tamper(
        &s.vault,
        &format!("DELETE FROM audit_log WHERE seq >= {}", kept.seq - 1),
    );
    let alone = a.verify_audit(None).unwrap();
    assert!(
        alone.first_broken.is_none(),
        "a cut tail leaves a valid chain: {alone:?}"
    );
    let against = a.verify_audit(Some(&kept)).unwrap();
    assert!(against.truncated && !against.is_intact(), "{against:?}");
}

#[test]
fn the_log_cannot_be_changed_through_sql_without_removing_its_guards() {
    let s = setup();
    let a = admin(&s.vault);
    assert!(a
        .raw_connection()
        .execute("DELETE FROM audit_log WHERE seq = 1", [])
        .is_err());
    assert!(a
        .raw_connection()
        .execute("UPDATE audit_log SET action = 'x'", [])
        .is_err());
}

#[test]
fn the_history_of_a_case_and_who_may_read_the_log() {
    let s = setup();
    let mut cw = caseworker(&s.vault);
    cw.show_case("2020-0001").unwrap();
    cw.close_case(
        "2020-0001",
        haven::records::CivilDate::parse("2020-06-01").unwrap(),
    )
    .unwrap();
    let history: Vec<String> = cw
        .case_history("2020-0001")
        .unwrap()
        .into_iter()
        .map(|l| l.action)
        .collect();
    assert_eq!(history, vec!["case.read", "case.change"]);
    assert_eq!(
        cw.audit_log(None).unwrap_err().kind(),
        haven::ErrorKind::Forbidden
    );
    assert_eq!(
        cw.verify_audit(None).unwrap_err().kind(),
        haven::ErrorKind::Forbidden
    );
    let sv = s
        .vault
        .unlock("super.visor", &pass(OTHER_PASSPHRASE))
        .unwrap();
    assert_eq!(
        sv.case_history("2020-0001").unwrap_err().kind(),
        haven::ErrorKind::Forbidden
    );
}

#[test]
fn failed_logins_are_sealed_while_locked_and_logged_at_the_next_unlock() {
    let s = setup();
    let typed_name = marker("typed-name");
    let typed_pass = marker("typed-pass");
    assert!(s.vault.unlock("case.worker", &pass(&typed_pass)).is_err());
    assert!(s.vault.unlock(&typed_name, &pass(&typed_pass)).is_err());
    let events = s.vault.dir().join("vault.events");
    assert!(events.is_file(), "the attempts were not recorded");
    let hits = canary_scan(&[s.vault.dir()], &[typed_name.clone(), typed_pass.clone()]);
    assert!(hits.is_empty(), "{hits:?}");

    let log = entries(&s.vault);
    let failed: Vec<_> = log.iter().filter(|l| l.action == "login.failed").collect();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert_eq!(failed[0].user.as_deref(), Some("case.worker"));
    assert!(failed[0]
        .detail
        .as_deref()
        .unwrap()
        .starts_with("wrong passphrase"));
    assert_eq!(failed[1].user, None);
    assert!(failed[1]
        .detail
        .as_deref()
        .unwrap()
        .starts_with("unknown user name"));
    assert!(!events.exists(), "the sealed attempts were not removed");
    assert!(admin(&s.vault).verify_audit(None).unwrap().is_intact());
    for l in &log {
        let text = format!("{l:?}");
        assert!(!text.contains(&typed_name) && !text.contains(&typed_pass));
    }
}

#[test]
fn a_vault_made_before_failed_logins_were_recorded_starts_recording_after_one_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/vault-schema-1");
    for f in ["vault.db", "vault.keys"] {
        std::fs::copy(std::path::Path::new(fixture).join(f), dir.path().join(f)).unwrap();
    }
    let vault = Vault::at(dir.path());
    assert!(vault.unlock(ADMIN, &pass("wrong wrong wrong")).is_err());
    assert!(
        !dir.path().join("vault.events").exists(),
        "no events key yet: nothing to seal to"
    );
    drop(admin(&vault));
    assert!(vault.unlock(ADMIN, &pass("wrong wrong wrong")).is_err());
    assert!(dir.path().join("vault.events").exists());
    let log = admin(&vault).audit_log(None).unwrap();
    assert_eq!(log.iter().filter(|l| l.action == "login.failed").count(), 1);
}

#[test]
fn the_audit_screen_filters_by_user_case_action_and_day_and_pages_newest_first() {
    use haven::audit::AuditFilter;
    let s = setup();
    let cw = caseworker(&s.vault);
    let code = cw
        .list_cases(&CaseFilter {
            limit: 10,
            ..Default::default()
        })
        .unwrap()[0]
        .code
        .clone();
    cw.show_case(&code).unwrap();
    cw.show_case(&code).unwrap();
    drop(cw);
    let a = admin(&s.vault);
    let all = entries(&s.vault);
    let search = |f: AuditFilter| a.audit_search(&f).unwrap();

    let page = search(AuditFilter::default());
    assert_eq!(page.lines.len(), all.len().min(100));
    assert!(
        page.lines.windows(2).all(|w| w[0].seq > w[1].seq),
        "newest first"
    );

    let mine = search(AuditFilter {
        user: Some(" CASE.Worker ".into()),
        ..Default::default()
    });
    assert!(!mine.lines.is_empty());
    assert!(mine
        .lines
        .iter()
        .all(|l| l.user.as_deref() == Some("case.worker")));

    let reads = search(AuditFilter {
        action: Some("case.read".into()),
        case: Some(code.clone()),
        ..Default::default()
    });
    assert_eq!(reads.lines.len(), 2);
    assert!(reads
        .lines
        .iter()
        .all(|l| l.case.as_deref() == Some(code.as_str()) && l.action == "case.read"));

    // Today (UTC) holds everything; tomorrow nothing.
    let today = &all[0].at[..10];
    let on = |from: &str, to: &str| {
        search(AuditFilter {
            from: Some(from.into()),
            to: Some(to.into()),
            limit: Some(500),
            ..Default::default()
        })
        .lines
        .len()
    };
    let next = time::Date::parse(
        today,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap()
    .next_day()
    .unwrap()
    .to_string();
    assert_eq!(
        on(today, today),
        a.audit_search(&AuditFilter {
            limit: Some(500),
            ..Default::default()
        })
        .unwrap()
        .lines
        .len()
    );
    assert_eq!(on(&next, &next), 0);

    // Pages of two, each older than the last, covering everything once.
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let p = search(AuditFilter {
            limit: Some(2),
            before,
            ..Default::default()
        });
        seen.extend(p.lines.iter().map(|l| l.seq));
        if !p.more {
            break;
        }
        before = p.lines.last().map(|l| l.seq);
    }
    let mut want: Vec<i64> = a.audit_log(None).unwrap().iter().map(|l| l.seq).collect();
    want.reverse();
    assert_eq!(seen, want);

    // Wrong input is answered at its field; only admins read the log.
    let field = |f: AuditFilter| a.audit_search(&f).unwrap_err().field();
    assert_eq!(
        field(AuditFilter {
            case: Some("1999-0001".into()),
            ..Default::default()
        }),
        Some("case")
    );
    assert_eq!(
        field(AuditFilter {
            action: Some("delete".into()),
            ..Default::default()
        }),
        Some("action")
    );
    assert_eq!(
        field(AuditFilter {
            from: Some("yesterday".into()),
            ..Default::default()
        }),
        Some("from")
    );
    assert_eq!(
        field(AuditFilter {
            from: Some("2026-02-02".into()),
            to: Some("2026-02-01".into()),
            ..Default::default()
        }),
        Some("to")
    );
    drop(a);
    let cw = caseworker(&s.vault);
    assert!(matches!(
        cw.audit_search(&AuditFilter::default()),
        Err(haven::Error::Forbidden { .. })
    ));
}
