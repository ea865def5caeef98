//! The relay and consolidated counts (exchange.md, the last two parts) against a real
//! PostgreSQL: a throw-away cluster from Debian's `postgresql` (tests/pg-cluster.sh), three
//! vaults — a shelter, an NGO and the ministry that consolidates — and the rows as each site's
//! own role sees them.
#![forbid(unsafe_code)]

mod common;

use std::io::Cursor;

use common::postgres::Postgres;
use common::sites::*;
use common::*;
use haven::demo::DemoOptions;
use haven::exchange::contribution::Contribute;
use haven::exchange::SendReferral;
use haven::packet::Answer;
use haven::records::interchange::ServiceRecord;
use haven::records::vocab::{OrganizationKind, ServiceKind};
use haven::records::CivilDate;
use haven::relay::{operator, Refused};
use haven::report::{Cell, IndicatorReport, ReportRequest};
use haven::{Error, ErrorKind, Session};

/// The operator makes the site's role from its card; the site's admin connects with it.
fn join(pg: &Postgres, site: &Site) -> operator::SiteRole {
    let (card, _) = site.card();
    let role = operator::add_site(&pg.operator(), &card).unwrap();
    let view = site
        .session()
        .connect_relay(&pg.url(&role.role), Some(&role.password))
        .unwrap();
    assert_eq!(view.url.as_deref(), Some(pg.url(&role.role).as_str()));
    assert!(view.last_contact.is_some());
    role
}

fn supervisor(site: &Site) -> Session {
    site.vault.unlock("sup", &pass(OTHER_PASSPHRASE)).unwrap()
}

/// Imports `cases` demo cases (seed `seed`, identified 2024–2025).
fn demo(s: &mut Session, seed: u64, cases: usize) {
    let options = DemoOptions {
        cases,
        seed,
        first_year: 2024,
        last_year: 2025,
    };
    let text: String = haven::demo::lines(&options)
        .map(|l| l + "\n")
        .collect::<String>();
    s.import(&mut Cursor::new(text.into_bytes()), false, &mut |_| {})
        .unwrap();
}

const FROM: &str = "2024-01-01";
const TO: &str = "2026-11-30";

fn period(k: u32) -> ReportRequest {
    ReportRequest {
        from: FROM.into(),
        to: TO.into(),
        min_cell: Some(k),
    }
}

fn contribution(to: &Site, correction: bool) -> Contribute {
    Contribute {
        from: FROM.into(),
        to: TO.into(),
        to_partner: to.name.into(),
        correction,
    }
}

fn no_progress() -> impl FnMut(haven::exchange::relay::RelayProgress) {
    |_| {}
}

/// The cells by name, for comparing two reports whatever their metadata.
fn cells(report: &IndicatorReport) -> Vec<(String, Option<String>)> {
    report
        .cells
        .iter()
        .map(|c: &Cell| {
            (
                format!(
                    "{}/{}",
                    c.indicator.as_str(),
                    serde_json::to_string(&c.breakdown).unwrap()
                ),
                c.value.as_ref().map(|v| serde_json::to_string(v).unwrap()),
            )
        })
        .collect()
}

fn total(report: &IndicatorReport, indicator: &str) -> u64 {
    let cell = report
        .cells
        .iter()
        .find(|c| c.indicator.as_str() == indicator && c.breakdown == Default::default())
        .unwrap();
    match &cell.value {
        Some(haven::report::CellValue::Count(n)) => *n,
        other => panic!("{indicator}: {other:?}"),
    }
}

/// How many envelopes the relay holds, as its operator sees them.
fn on_relay(pg: &Postgres) -> i64 {
    pg.client("postgres", common::postgres::OPERATOR_PASSWORD)
        .query_one("SELECT count(*) FROM haven.envelopes", &[])
        .unwrap()
        .get(0)
}

/// One interchange file of every site's records, as if one vault had held them all: each
/// organization once, the cases without their codes and with their refs told apart (two sites give the same
/// ones).
fn union_of(sites: &[&Site]) -> Vec<u8> {
    let mut names = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, site) in sites.iter().enumerate() {
        let mut file = Vec::new();
        site.session().export(&mut file).unwrap();
        for line in String::from_utf8(file).unwrap().lines() {
            let mut value: serde_json::Value = serde_json::from_str(line).unwrap();
            if value["type"] == "organization" && !names.insert(value["name"].to_string()) {
                continue;
            }
            let fields = value.as_object_mut().unwrap();
            fields.remove("code");
            if let Some(serde_json::Value::String(r)) = fields.get_mut("ref") {
                *r = format!("site{i}-{r}");
            }
            out.extend(serde_json::to_vec(&value).unwrap());
            out.push(b'\n');
        }
    }
    out
}

#[test]
fn three_sites_exchange_through_one_postgresql_and_the_counts_add_up() {
    let pg = Postgres::start();
    operator::setup(&pg.operator()).unwrap();
    // Idempotent: the operator may run it again (after an upgrade, say).
    operator::setup(&pg.operator()).unwrap();

    let shelter = Site::new("Test Shelter Ganja", OrganizationKind::Shelter);
    let ngo = Site::new("Test Harbour NGO", OrganizationKind::Ngo);
    let ministry = Site::new("Test Ministry Office", OrganizationKind::Government);
    partners(&shelter, &ngo);
    partners(&shelter, &ministry);
    partners(&ngo, &ministry);
    for site in [&shelter, &ngo, &ministry] {
        join(&pg, site);
    }
    demo(&mut shelter.session(), 11, 120);
    demo(&mut ngo.session(), 12, 90);

    // A referral from the shelter to the NGO, through the relay.
    let p = Person::new();
    let mut s = shelter.session();
    let code = case_for(&mut s, &p, Some(ngo.name));
    s.send_referral(
        &code,
        &SendReferral {
            to: ngo.name.into(),
            services: vec![ServiceKind::Medical],
            include_notes: true,
        },
        None,
    )
    .unwrap();
    assert_eq!(s.relay().unwrap().waiting, 1);
    let mut seen = Vec::new();
    let pushed = s.push(&mut |p| seen.push(p)).unwrap();
    assert_eq!(pushed.sent, 1);
    assert_eq!(seen.last().map(|p| (p.done, p.total)), Some((1, 1)));
    assert_eq!(s.relay().unwrap().waiting, 0);
    assert_eq!(on_relay(&pg), 1);

    let ngo_identified_before = total(
        &supervisor(&ngo).indicator_report(&period(1)).unwrap(),
        "victims_identified",
    );
    let mut r = ngo.session();
    let pulled = r.pull(&mut no_progress()).unwrap();
    assert_eq!((pulled.referrals, pulled.discarded), (1, 0));
    assert_eq!(on_relay(&pg), 0, "a received packet is taken off the relay");
    let referred = r
        .packets()
        .unwrap()
        .into_iter()
        .find_map(|p| p.case)
        .unwrap();
    assert!(r.show_case(&referred).unwrap().identified_elsewhere);
    r.record_service(
        &referred,
        ServiceRecord {
            kind: ServiceKind::Medical,
            date: CivilDate::today()
                .add_days(-1)
                .unwrap()
                .min(CivilDate::parse(TO).unwrap()),
            provider: None,
        },
    )
    .unwrap();
    // The person counts among the NGO's services, not among its identifications.
    assert_eq!(
        total(
            &supervisor(&ngo).indicator_report(&period(1)).unwrap(),
            "victims_identified"
        ),
        ngo_identified_before
    );

    // The answer goes back the same way.
    r.answer_referral(&referred, Answer::Accepted, None)
        .unwrap();
    assert_eq!(r.push(&mut no_progress()).unwrap().sent, 1);
    let back = s.pull(&mut no_progress()).unwrap();
    assert_eq!(back.answers, 1);
    let out = s.packets().unwrap();
    let referral = out
        .iter()
        .find(|p| p.case.as_deref() == Some(&code))
        .unwrap();
    assert_eq!(serde_json::to_value(referral.status).unwrap(), "accepted");

    // Both supervisors contribute; the ministry's pulls and consolidates.
    let mut s_sup = supervisor(&shelter);
    let mut n_sup = supervisor(&ngo);
    s_sup
        .contribute(&contribution(&ministry, false), None)
        .unwrap();
    n_sup
        .contribute(&contribution(&ministry, false), None)
        .unwrap();
    assert_eq!(s_sup.push(&mut no_progress()).unwrap().sent, 1);
    assert_eq!(n_sup.push(&mut no_progress()).unwrap().sent, 1);
    let mut m_sup = supervisor(&ministry);
    let pulled = m_sup.pull(&mut no_progress()).unwrap();
    assert_eq!(pulled.contributions, 2);
    let consolidated = m_sup.consolidate(&period(1)).unwrap();
    let how = consolidated.consolidation.clone().unwrap();
    assert_eq!((how.sites, how.corrections), (2, 0));

    // The same counts from one vault holding every site's records.
    let union_dir = tempfile::tempdir().unwrap();
    let union_vault = floor_vault(&union_dir.path().join("vault"));
    let mut union_admin = admin(&union_vault);
    union_admin
        .add_user("sup", &[haven::Role::Supervisor], &pass(OTHER_PASSPHRASE))
        .unwrap();
    union_admin
        .set_roles(ADMIN, &[haven::Role::Admin, haven::Role::Caseworker])
        .unwrap();
    drop(union_admin);
    let mut union_admin = admin(&union_vault);
    let file = union_of(&[&shelter, &ngo]);
    union_admin
        .import(&mut Cursor::new(file), false, &mut |_| {})
        .unwrap();
    // The person referred in is the NGO's copy: identified elsewhere, as at the NGO.
    let copies: Vec<String> = union_admin
        .list_cases(&Default::default())
        .unwrap()
        .into_iter()
        .map(|c| c.code)
        .filter(|code| {
            union_admin
                .show_case(code)
                .unwrap()
                .record
                .person
                .given_name
                .as_deref()
                == Some(p.given.as_str())
        })
        .collect();
    assert_eq!(copies.len(), 2);
    union_admin
        .raw_connection()
        .execute(
            "UPDATE cases SET identified_elsewhere = '00000 00000 00000 00000 00000 00000'
             WHERE code = ?1",
            [copies.iter().max().unwrap()],
        )
        .unwrap();
    let union_sup = union_vault.unlock("sup", &pass(OTHER_PASSPHRASE)).unwrap();
    let expected = union_sup.indicator_report(&period(1)).unwrap();
    assert_eq!(cells(&consolidated), cells(&expected));
    assert_eq!(
        total(&consolidated, "victims_identified"),
        total(
            &s_sup.indicator_report(&period(1)).unwrap(),
            "victims_identified"
        ) + ngo_identified_before,
        "the referred person is identified once, at the shelter"
    );
    // With k = 5 the sums are protected once, as a site's own report would be.
    let protected = m_sup.consolidate(&period(5)).unwrap();
    let union_protected = union_sup.indicator_report(&period(5)).unwrap();
    assert_eq!(cells(&protected), cells(&union_protected));

    // A second contribution for the same site and period is refused; a correction replaces.
    s_sup
        .contribute(&contribution(&ministry, false), None)
        .unwrap();
    s_sup.push(&mut no_progress()).unwrap();
    let again = m_sup.pull(&mut no_progress()).unwrap();
    assert_eq!((again.contributions, again.discarded), (0, 1));
    let file = shelter.folder().join("second.havenpacket");
    s_sup
        .contribute(&contribution(&ministry, false), Some(&file))
        .unwrap();
    match m_sup.receive_packet(&file) {
        Err(Error::PacketRefused(haven::packet::Refusal::SecondContribution)) => {}
        other => panic!("a second contribution was not refused: {other:?}"),
    }
    let extra = Person::new();
    case_for(&mut s, &extra, None);
    s_sup
        .contribute(&contribution(&ministry, true), None)
        .unwrap();
    s_sup.push(&mut no_progress()).unwrap();
    assert_eq!(m_sup.pull(&mut no_progress()).unwrap().contributions, 1);
    let held = m_sup.contributions().unwrap();
    assert_eq!(held.len(), 3);
    assert_eq!(held.iter().filter(|c| c.replaced).count(), 1);
    let corrected = m_sup.consolidate(&period(1)).unwrap();
    let how = corrected.consolidation.clone().unwrap();
    assert_eq!((how.sites, how.corrections), (2, 1));
    assert_eq!(
        total(&corrected, "victims_identified"),
        total(&consolidated, "victims_identified") + 1
    );
    assert_eq!(on_relay(&pg), 0);
    assert_eq!(m_sup.relay().unwrap().waiting, 0);

    // Nothing of any person, and no organization's name, in the relay's data folder. The
    // scan finds a marker put there on purpose, so it reads the folder's pages.
    let control = marker("relay-control");
    pg.client("postgres", common::postgres::OPERATOR_PASSWORD)
        .batch_execute(&format!(
            "CREATE TABLE scan_control (t text); INSERT INTO scan_control VALUES ('{control}')"
        ))
        .unwrap();
    pg.stop();
    let mut markers = p.markers();
    markers.extend(extra.markers());
    markers.push(p.phone.clone());
    markers.extend([shelter.name, ngo.name, ministry.name].map(String::from));
    assert!(count_files(&pg.data_dir()) > 100);
    assert!(
        !canary_scan(&[&pg.data_dir()], std::slice::from_ref(&control)).is_empty(),
        "the scan did not find the control marker: it read nothing"
    );
    assert_eq!(canary_scan(&[&pg.data_dir()], &markers), vec![]);
}

#[test]
fn a_site_role_sees_and_takes_only_what_is_addressed_to_it() {
    let pg = Postgres::start();
    operator::setup(&pg.operator()).unwrap();
    let shelter = Site::new("Test Shelter Lankaran", OrganizationKind::Shelter);
    let ngo = Site::new("Test Bridge NGO", OrganizationKind::Ngo);
    let other = Site::new("Test Other Centre", OrganizationKind::AssistanceCenter);
    partners(&shelter, &ngo);
    let roles: Vec<_> = [&shelter, &ngo, &other].map(|s| join(&pg, s)).into();
    let (shelter_fp, ngo_fp, other_fp) = (
        roles[0].fingerprint.clone(),
        roles[1].fingerprint.clone(),
        roles[2].fingerprint.clone(),
    );

    let mut s = shelter.session();
    let code = case_for(&mut s, &Person::new(), Some(ngo.name));
    for _ in 0..3 {
        s.send_referral(
            &code,
            &SendReferral {
                to: ngo.name.into(),
                services: vec![],
                include_notes: false,
            },
            None,
        )
        .unwrap();
    }
    assert_eq!(s.push(&mut no_progress()).unwrap().sent, 3);

    let own = |i: usize| pg.client(&roles[i].role, &roles[i].password);
    let count = |c: &mut ::postgres::Client| -> i64 {
        c.query_one("SELECT count(*) FROM haven.envelopes", &[])
            .unwrap()
            .get(0)
    };
    // The third site sees nothing, changes nothing and deletes nothing.
    let mut third = own(2);
    assert_eq!(count(&mut third), 0);
    let updated = third.execute("UPDATE haven.envelopes SET recipient = $1", &[&other_fp]);
    assert!(updated.is_err(), "a site role may update envelopes");
    assert_eq!(
        third.execute("DELETE FROM haven.envelopes", &[]).unwrap(),
        0
    );
    assert!(third.execute("TRUNCATE haven.envelopes", &[]).is_err());
    // Nor does it post as another site.
    let forged = third.execute(
        "INSERT INTO haven.envelopes (packet_id, recipient, sender, kind, packet)
         VALUES (gen_random_uuid(), $1, $2, 'referral', '\\x00')",
        &[&ngo_fp, &shelter_fp],
    );
    assert!(forged.is_err(), "a site role posted as another site");
    // The sender does not read what it sent either.
    assert_eq!(count(&mut own(0)), 0);
    assert_eq!(
        own(0).execute("DELETE FROM haven.envelopes", &[]).unwrap(),
        0
    );
    // Only the recipient does.
    assert_eq!(count(&mut own(1)), 3);
    assert_eq!(on_relay(&pg), 3, "the envelopes are all still there");
    // And the recipient cannot reach past the table.
    assert!(own(1)
        .execute("CREATE TABLE haven.extra (t text)", &[])
        .is_err());

    let pulled = ngo.session().pull(&mut no_progress()).unwrap();
    assert_eq!(pulled.referrals, 3);
    assert_eq!(on_relay(&pg), 0);

    // A removed site's role can no longer log in, and what waited for it goes with it.
    s.send_referral(
        &code,
        &SendReferral {
            to: ngo.name.into(),
            services: vec![],
            include_notes: false,
        },
        None,
    )
    .unwrap();
    s.push(&mut no_progress()).unwrap();
    assert_eq!(operator::remove_site(&pg.operator(), &ngo_fp).unwrap(), 1);
    let e = ngo.session().pull(&mut no_progress()).unwrap_err();
    assert!(
        matches!(e, Error::RelayRefused(Refused::Credentials)),
        "{e:?}"
    );
}

#[test]
fn an_unreachable_relay_leaves_the_packets_waiting_and_says_so() {
    let pg = Postgres::start();
    operator::setup(&pg.operator()).unwrap();
    let shelter = Site::new("Test Shelter Quba", OrganizationKind::Shelter);
    let ngo = Site::new("Test Compass NGO", OrganizationKind::Ngo);
    partners(&shelter, &ngo);
    let role = join(&pg, &shelter);

    // A wrong password is refused, and nothing of it is kept.
    let mut s = shelter.session();
    let before = s.relay().unwrap();
    let e = s
        .connect_relay(&pg.url(&role.role), Some("not-the-password"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RelayRefused);
    assert!(matches!(e, Error::RelayRefused(Refused::Credentials)));
    assert_eq!(s.relay().unwrap(), before);

    let code = case_for(&mut s, &Person::new(), Some(ngo.name));
    s.send_referral(
        &code,
        &SendReferral {
            to: ngo.name.into(),
            services: vec![],
            include_notes: false,
        },
        None,
    )
    .unwrap();
    pg.stop();
    let e = s.push(&mut no_progress()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RelayUnreachable, "{e:?}");
    let message = e.to_string();
    assert!(message.contains("outbox"), "{message}");
    assert_eq!(s.relay().unwrap().waiting, 1);
    let out = s.packets().unwrap();
    assert_eq!(serde_json::to_value(out[0].status).unwrap(), "waiting");
    // The message names no address, role or password.
    assert!(!message.contains(&role.role) && !message.contains(role.password.as_str()));
    let e = s.pull(&mut no_progress()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RelayUnreachable);
}
