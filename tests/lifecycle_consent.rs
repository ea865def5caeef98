//! The consent gate (lifecycle.md): a referral to another organization than the vault's own
//! needs a valid consent to referrals covering it on the referral's date, or it is refused
//! with `consent_required` and nothing is written; the override needs its permission and a
//! reason, is logged without the reason, and keeps the reason sealed. Withdrawal takes effect
//! from its day; the dashboard lists the consents that need attention.
#![forbid(unsafe_code)]

mod common;
mod lifecycle_support;

use common::*;
use haven::lifecycle::ConsentState;
use haven::records::interchange::*;
use haven::records::vocab::ConsentScope;
use haven::records::{CaseRecord, CivilDate};
use haven::{Error, ErrorKind, Permission, Session, Vault};
use lifecycle_support::*;

fn new_case(s: &mut Session, given: &str) -> String {
    let record: CaseRecord = serde_json::from_value(serde_json::json!({
        "person": {"given_name": given, "family_name": "Consent", "sex": "female"},
        "identified_on": "2025-03-01",
        "recognition": "recognized",
        "exploitation": ["forced_labour"],
    }))
    .unwrap();
    s.create_case(record).unwrap()
}

/// The case's referrals, counted with SQL (opening the case would add to the audit log).
fn referrals_of(s: &Session, code: &str) -> i64 {
    s.raw_connection()
        .query_row(
            "SELECT count(*) FROM referrals WHERE case_id = (SELECT id FROM cases WHERE code = ?1)",
            [code],
            |r| r.get(0),
        )
        .unwrap()
}

/// Asserts that `attempt` is refused by the gate naming `org`, and that it wrote nothing: no
/// referral, no audit entry, no override.
fn assert_refused(
    s: &mut Session,
    log: &Session,
    code: &str,
    org: &str,
    attempt: impl FnOnce(&mut Session) -> haven::Result<i64>,
) {
    let referrals = referrals_of(s, code);
    let entries = log.audit_log(None).unwrap().len();
    let e = attempt(s).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ConsentRequired, "{e:?}");
    assert!(
        matches!(&e, Error::ConsentRequired { organization, .. } if organization == org),
        "{e:?}"
    );
    assert!(e.to_string().contains(org));
    assert_eq!(
        log.audit_log(None).unwrap().len(),
        entries,
        "a refused referral was logged"
    );
    assert_eq!(
        referrals_of(s, code),
        referrals,
        "a refused referral was written"
    );
    let overrides: i64 = s
        .raw_connection()
        .query_row("SELECT count(*) FROM consent_overrides", [], |r| r.get(0))
        .unwrap();
    assert_eq!(overrides, 0);
}

struct Team {
    _dir: tempfile::TempDir,
    vault: Vault,
    cw: Session,
    admin: Session,
}

fn team() -> Team {
    let dir = tempfile::tempdir().unwrap();
    let vault = team_vault(dir.path());
    Team {
        cw: unlock(&vault, CASEWORKER),
        admin: admin(&vault),
        vault,
        _dir: dir,
    }
}

#[test]
fn the_gate_refuses_each_uncovered_referral_and_writes_nothing() {
    let Team {
        mut cw, admin: log, ..
    } = team();
    let to = "Helping NGO";

    // No consent at all.
    let code = new_case(&mut cw, "None");
    assert_refused(&mut cw, &log, &code, to, |s| {
        s.add_referral(&code, referral("2025-04-01", to))
    });

    // Consents of other scopes cover no referral.
    let code = new_case(&mut cw, "Scopes");
    for scope in [ConsentScope::DataStorage, ConsentScope::Statistics] {
        let mut c = referrals_consent("2025-03-01", "2026-02-28", &[]);
        c.scope = scope;
        cw.add_consent(&code, c).unwrap();
    }
    assert_refused(&mut cw, &log, &code, to, |s| {
        s.add_referral(&code, referral("2025-04-01", to))
    });

    // Expired: valid on its last day, refused the day after.
    let code = new_case(&mut cw, "Expired");
    cw.add_consent(&code, referrals_consent("2025-03-10", "2025-06-30", &[]))
        .unwrap();
    assert_refused(&mut cw, &log, &code, to, |s| {
        s.add_referral(&code, referral("2025-07-01", to))
    });
    assert_refused(&mut cw, &log, &code, to, |s| {
        s.add_referral(&code, referral("2025-09-15", to))
    });
    cw.add_referral(&code, referral("2025-06-30", to)).unwrap();
    // Not yet given: the day before it was.
    assert_refused(&mut cw, &log, &code, to, |s| {
        s.add_referral(&code, referral("2025-03-09", to))
    });

    // Withdrawn: refused from the day of the withdrawal.
    let code = new_case(&mut cw, "Withdrawn");
    let consent = cw
        .add_consent(&code, referrals_consent("2025-03-01", "2026-02-28", &[]))
        .unwrap();
    cw.withdraw_consent(&code, consent, d("2025-05-01"))
        .unwrap();
    assert_refused(&mut cw, &log, &code, to, |s| {
        s.add_referral(&code, referral("2025-05-01", to))
    });
    assert_refused(&mut cw, &log, &code, to, |s| {
        s.add_referral(&code, referral("2025-08-01", to))
    });
    cw.add_referral(&code, referral("2025-04-30", to)).unwrap();

    // A consent naming other organizations only.
    let code = new_case(&mut cw, "Other");
    cw.add_consent(
        &code,
        referrals_consent("2025-03-01", "2026-02-28", &["Other NGO"]),
    )
    .unwrap();
    assert_refused(&mut cw, &log, &code, to, |s| {
        s.add_referral(&code, referral("2025-04-01", to))
    });
    cw.add_referral(&code, referral("2025-04-01", "Other NGO"))
        .unwrap();

    // The intake form's referral passes the gate too: without consent, no case at all.
    let form = |consents: serde_json::Value| -> CaseRecord {
        serde_json::from_value(serde_json::json!({
            "person": {"given_name": "Intake", "sex": "female"},
            "identified_on": "2025-03-01", "recognition": "potential", "exploitation": ["sexual"],
            "consents": consents,
            "referrals": [{"date": "2025-03-01", "to": to, "status": "pending"}],
        }))
        .unwrap()
    };
    let (cases, entries) = (cw.case_count().unwrap(), log.audit_log(None).unwrap().len());
    let e = cw.create_case(form(serde_json::json!([]))).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ConsentRequired, "{e:?}");
    assert_eq!(
        (cw.case_count().unwrap(), log.audit_log(None).unwrap().len()),
        (cases, entries)
    );
    let covered = serde_json::json!([{"scope": "referrals", "given_on": "2025-03-01",
                                      "expires_on": "2026-02-28", "organizations": [to]}]);
    cw.create_case(form(covered)).unwrap();
}

#[test]
fn the_own_organization_needs_no_consent_and_an_empty_list_covers_any() {
    let Team {
        mut cw,
        admin: mut a,
        ..
    } = team();
    let code = new_case(&mut cw, "Own");
    assert_refused(&mut cw, &a, &code, "Home Shelter", |s| {
        s.add_referral(&code, referral("2025-04-01", "Home Shelter"))
    });
    let mut settings = a.lifecycle_settings().unwrap();
    settings.own_organization = Some("home shelter".into());
    a.set_lifecycle_settings(&settings).unwrap();
    assert_eq!(
        cw.lifecycle_settings().unwrap().own_organization.as_deref(),
        Some("Home Shelter")
    );
    let own = cw
        .add_referral(&code, referral("2025-04-01", "Home Shelter"))
        .unwrap();
    // Any other organization still needs a consent.
    assert_refused(&mut cw, &a, &code, "Partner Shelter", |s| {
        s.add_referral(&code, referral("2025-04-01", "Partner Shelter"))
    });

    // A consent without organizations covers every one; each referral notes it.
    let consent = cw
        .add_consent(&code, referrals_consent("2025-03-01", "2026-02-28", &[]))
        .unwrap();
    let mut made = Vec::new();
    for to in [
        "Partner Shelter",
        "Helping NGO",
        "Other NGO",
        "Victim Assistance Center",
    ] {
        made.push(cw.add_referral(&code, referral("2025-05-01", to)).unwrap());
    }
    let under = |id: i64| -> Option<i64> {
        cw.raw_connection()
            .query_row(
                "SELECT consent_id FROM referrals WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(
        under(own),
        None,
        "the own organization's referral needs no consent"
    );
    for id in made {
        assert_eq!(under(id), Some(consent));
    }
    // A consent to referrals runs at most 12 months, unless the administrator allows up to 36.
    let long = referrals_consent("2025-03-01", "2026-03-02", &[]);
    assert_eq!(
        cw.add_consent(&code, long.clone()).unwrap_err().field(),
        Some("expiresOn")
    );
    settings.referral_consent_max_months = 36;
    a.set_lifecycle_settings(&settings).unwrap();
    cw.add_consent(&code, long).unwrap();
    let mut open = referrals_consent("2025-03-01", "2026-02-28", &[]);
    open.expires_on = None;
    assert_eq!(
        cw.add_consent(&code, open).unwrap_err().field(),
        Some("expiresOn")
    );
}

#[test]
fn an_override_needs_the_permission_and_a_reason_and_the_log_never_holds_the_reason() {
    let Team {
        vault,
        mut cw,
        admin: mut a,
        _dir,
    } = team();
    let code = new_case(&mut cw, "Override");
    let reason = marker("court-order");
    let to = "Helping NGO";
    let r = || referral("2025-04-01", to);

    // A caseworker without the grant may not; nor an administrator who does no intake.
    let (n, entries) = (referrals_of(&cw, &code), a.audit_log(None).unwrap().len());
    assert_eq!(
        cw.add_referral_with_override(&code, r(), &reason)
            .unwrap_err()
            .kind(),
        ErrorKind::Forbidden
    );
    assert_eq!(
        a.add_referral_with_override(&code, r(), &reason)
            .unwrap_err()
            .kind(),
        ErrorKind::Forbidden
    );
    // An administrator who is a caseworker too must give a reason.
    let mut ac = unlock(&vault, ADMIN_CW);
    for empty in ["", "   \n "] {
        let e = ac
            .add_referral_with_override(&code, r(), empty)
            .unwrap_err();
        assert_eq!(
            (e.kind(), e.field()),
            (ErrorKind::Invalid, Some("overrideReason"))
        );
    }
    // Nothing written but the login of the administrator-caseworker.
    assert_eq!(
        (referrals_of(&cw, &code), a.audit_log(None).unwrap().len()),
        (n, entries + 1)
    );

    let first = ac.add_referral_with_override(&code, r(), &reason).unwrap();
    // A caseworker granted the override may too (from their next session on).
    a.set_user_grant(CASEWORKER, Permission::ConsentOverride, true)
        .unwrap();
    cw.lock();
    let mut cw = unlock(&vault, CASEWORKER);
    let second = cw
        .add_referral_with_override(&code, referral("2025-04-02", "Other NGO"), &reason)
        .unwrap();
    assert_ne!(first, second);
    assert_eq!(referrals_of(&cw, &code), n + 2);
    // Taken back, it is gone again.
    a.set_user_grant(CASEWORKER, Permission::ConsentOverride, false)
        .unwrap();
    cw.lock();
    let mut cw = unlock(&vault, CASEWORKER);
    let e = cw
        .add_referral_with_override(&code, r(), &reason)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden);

    // Each override is in the log, by its kind; the reason is in no field of any line.
    let log = a.audit_log(None).unwrap();
    let overrides: Vec<_> = log
        .iter()
        .filter(|l| l.action == "consent.override")
        .collect();
    assert_eq!(overrides.len(), 2, "{log:#?}");
    assert!(overrides
        .iter()
        .all(|l| l.case.as_deref() == Some(code.as_str())));
    let folded = reason.to_lowercase();
    for l in &log {
        let fields = [
            l.seq.to_string(),
            l.at.clone(),
            l.user.clone().unwrap_or_default(),
            l.action.clone(),
            l.case.clone().unwrap_or_default(),
            l.outcome.clone(),
            l.detail.clone().unwrap_or_default(),
        ];
        for f in fields {
            assert!(
                !f.to_lowercase().contains(&folded),
                "the reason is in the log: {l:?}"
            );
            assert!(
                !f.contains(&reason[reason.len() - 12..]),
                "part of the reason in {l:?}"
            );
        }
    }
    // Nor is it anywhere in the clear: not in a file, not in a decrypted page.
    let key = data_key(&cw);
    let sealed = sealed_rows(&cw, &code);
    assert_eq!(sealed.overrides.len(), 2);
    let k = sealed.key.clone().unwrap();
    for blob in &sealed.overrides {
        assert_eq!(
            unseal(&k, "override reason", &sealed.uuid, blob).unwrap(),
            reason.as_bytes()
        );
    }
    let dir = vault.dir().to_path_buf();
    let needles = Needles::default().text(&reason);
    let hits = scan(&dir, Some(&key), &needles);
    assert!(hits.is_empty(), "the reason in the clear: {hits:?}");
    cw.lock();
    ac.lock();
    a.lock();
    assert!(scan(&dir, None, &needles).is_empty());
    assert!(scan(&dir, Some(&key), &needles).is_empty());
}

#[test]
fn a_withdrawn_consent_covers_nothing_from_its_day_and_the_dashboard_lists_what_needs_attention() {
    let Team {
        mut cw, admin: log, ..
    } = team();
    let today = CivilDate::today();
    let day = |n: i64| today.add_days(n).unwrap();
    let consent = |scope: ConsentScope, given: i64, expires: i64| ConsentRecord {
        scope,
        given_on: day(given),
        expires_on: Some(day(expires)),
        organizations: vec![],
        withdrawn_on: None,
    };
    let to = "Helping NGO";
    let refer_on = |n: i64| ReferralRecord {
        date: day(n),
        ..referral("2025-04-01", to)
    };

    // Withdrawn ten days ago: a referral of that day or later is refused, one before it is not.
    let withdrawn = new_case(&mut cw, "Withdrawn");
    let id = cw
        .add_consent(&withdrawn, consent(ConsentScope::Referrals, -100, 200))
        .unwrap();
    cw.add_referral(&withdrawn, refer_on(-12)).unwrap();
    cw.withdraw_consent(&withdrawn, id, day(-10)).unwrap();
    assert_refused(&mut cw, &log, &withdrawn, to, |s| {
        s.add_referral(&withdrawn, refer_on(-10))
    });
    assert_refused(&mut cw, &log, &withdrawn, to, |s| {
        s.add_referral(&withdrawn, refer_on(0))
    });
    cw.add_referral(&withdrawn, refer_on(-11)).unwrap();
    // Withdrawn once, in the past or today, never later than today.
    assert_eq!(
        cw.withdraw_consent(&withdrawn, id, day(-5))
            .unwrap_err()
            .field(),
        Some("withdrawnOn")
    );
    let other = cw
        .add_consent(&withdrawn, consent(ConsentScope::Statistics, -100, 200))
        .unwrap();
    assert_eq!(
        cw.withdraw_consent(&withdrawn, other, day(1))
            .unwrap_err()
            .field(),
        Some("withdrawnOn")
    );
    let states: Vec<ConsentState> = cw
        .consents(&withdrawn)
        .unwrap()
        .iter()
        .map(|c| c.state)
        .collect();
    assert_eq!(states, vec![ConsentState::Withdrawn, ConsentState::Valid]);

    let expiring = new_case(&mut cw, "Expiring");
    cw.add_consent(&expiring, consent(ConsentScope::Referrals, -300, 10))
        .unwrap();
    let expired = new_case(&mut cw, "Expired");
    cw.add_consent(&expired, consent(ConsentScope::Referrals, -300, -5))
        .unwrap();
    // Expired, but renewed: nothing to do.
    let renewed = new_case(&mut cw, "Renewed");
    cw.add_consent(&renewed, consent(ConsentScope::Referrals, -300, -5))
        .unwrap();
    cw.add_consent(&renewed, consent(ConsentScope::Referrals, -4, 300))
        .unwrap();
    let valid = new_case(&mut cw, "Valid");
    cw.add_consent(&valid, consent(ConsentScope::Referrals, -10, 200))
        .unwrap();
    // Statistics: listed while expiring, not once expired.
    let statistics = new_case(&mut cw, "Statistics");
    cw.add_consent(&statistics, consent(ConsentScope::Statistics, -300, 5))
        .unwrap();
    cw.add_consent(&statistics, consent(ConsentScope::Statistics, -300, -50))
        .unwrap();
    // A closed case is not listed, whatever its consents.
    let closed = new_case(&mut cw, "Closed");
    let c = cw
        .add_consent(&closed, consent(ConsentScope::Referrals, -300, 3))
        .unwrap();
    cw.withdraw_consent(&closed, c, day(-1)).unwrap();
    cw.close_case(&closed, today).unwrap();

    let mut alerts: Vec<(String, ConsentScope, ConsentState)> = cw
        .consent_alerts()
        .unwrap()
        .into_iter()
        .map(|a| (a.code, a.scope, a.state))
        .collect();
    alerts.sort_by(|a, b| a.0.cmp(&b.0));
    let mut want = vec![
        (
            withdrawn.clone(),
            ConsentScope::Referrals,
            ConsentState::Withdrawn,
        ),
        (expiring, ConsentScope::Referrals, ConsentState::Expiring),
        (expired, ConsentScope::Referrals, ConsentState::Expired),
        (statistics, ConsentScope::Statistics, ConsentState::Expiring),
    ];
    want.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(alerts, want);
    // Reopened, the closed case's withdrawal is listed again.
    cw.reopen_case(&closed).unwrap();
    assert!(cw
        .consent_alerts()
        .unwrap()
        .iter()
        .any(|a| a.code == closed));
}
