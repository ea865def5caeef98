//! Referral packets between two vaults (exchange.md): agency identities, partner cards
//! checked by fingerprint, a referral sent, received and answered, and every refusal — an
//! unknown sender, another recipient, any changed byte, replay, an expired packet, a removed
//! partner, a card whose fingerprint does not match — writing nothing at all.
#![forbid(unsafe_code)]

mod common;

use common::sites::*;
use common::*;
use haven::exchange::SendReferral;
use haven::packet::{Answer, Refusal};
use haven::records::vocab::{OrganizationKind, ServiceKind};
use haven::records::CaseRecord;
use haven::{Error, ErrorKind, Session};

fn send(s: &mut Session, code: &str, to: &str, notes: bool) -> haven::Result<Vec<u8>> {
    s.send_referral(
        code,
        &SendReferral {
            to: to.into(),
            services: vec![ServiceKind::Medical, ServiceKind::Legal],
            include_notes: notes,
        },
        None,
    )
    .map(|sent| sent.bytes)
}

/// What a refusal must leave as it was: rows of every table a receipt writes, and the log.
fn footprint(s: &Session) -> (i64, i64, i64, i64, usize) {
    let c = s.raw_connection();
    let n = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    (
        n("SELECT count(*) FROM cases"),
        n("SELECT count(*) FROM packets"),
        n("SELECT count(*) FROM persons"),
        n("SELECT count(*) FROM referrals WHERE status <> 'pending'"),
        s.audit_log(None).unwrap().len(),
    )
}

fn refused(s: &mut Session, bytes: &[u8]) -> Refusal {
    let before = footprint(s);
    let e = s.receive_packet_bytes(bytes).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::PacketRefused, "{e:?}");
    assert_eq!(footprint(s), before, "a refused packet wrote something");
    match e {
        Error::PacketRefused(r) => r,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_referral_travels_and_its_answer_comes_back() {
    let shelter = Site::new("Test Shelter Baku", OrganizationKind::Shelter);
    let ngo = Site::new("Test Women NGO", OrganizationKind::Ngo);
    partners(&shelter, &ngo);
    let p = Person::new();
    let mut s = shelter.session();
    let code = case_for(&mut s, &p, Some(ngo.name));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("referral.havenpacket");
    let sent = s
        .send_referral(
            &code,
            &SendReferral {
                to: ngo.name.into(),
                services: vec![ServiceKind::Psychological],
                include_notes: true,
            },
            Some(&file),
        )
        .unwrap();
    assert_eq!(sent.notes, 1);
    let out = s.packets().unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(serde_json::to_value(out[0].status).unwrap(), "sent");

    // Nothing of the person is in the packet file in clear.
    let mut markers = p.markers();
    markers.push(p.phone.clone());
    assert!(canary_scan(&[dir.path()], &markers).is_empty());

    let mut r = ngo.session();
    let received = r.receive_packet(&file).unwrap();
    let new_code = received.case.clone().unwrap();
    assert_eq!(received.partner, shelter.name);
    assert_eq!(received.notes, 1);
    let view = r.show_case(&new_code).unwrap();
    let rec = &view.record;
    let original = s.show_case(&code).unwrap().record;
    // Exactly what was consented: the person and the identification as the shelter has them.
    assert_eq!(rec.person, original.person);
    assert_eq!(
        (
            rec.identified_on,
            rec.identified_by,
            rec.recognition,
            &rec.exploitation
        ),
        (
            original.identified_on,
            original.identified_by,
            original.recognition,
            &original.exploitation
        )
    );
    assert_eq!(view.referred_in_from.as_deref(), Some(shelter.name));
    assert!(view.identified_elsewhere);
    assert_eq!(rec.person.given_name.as_deref(), Some(p.given.as_str()));
    assert_eq!(rec.person.phone.as_deref(), Some(p.phone.as_str()));
    assert_eq!(rec.person.languages, vec!["az", "ru"]);
    assert_eq!(rec.notes.len(), 1);
    assert_eq!(rec.notes[0].text, p.note);
    assert!(rec.services.is_empty() && rec.referrals.is_empty() && rec.shelter_stays.is_empty());
    assert_eq!(rec.consents.len(), 1);
    assert_eq!(rec.consents[0].organizations, vec![ngo.name.to_owned()]);
    let inbox = r.packets().unwrap();
    assert_eq!(inbox[0].services, vec![ServiceKind::Psychological]);
    assert_eq!(serde_json::to_value(inbox[0].status).unwrap(), "received");

    // Counted once: the NGO's report does not count the identification made at the shelter.
    let identified = |site: &Site| {
        let sup = site.vault.unlock("sup", &pass(OTHER_PASSPHRASE)).unwrap();
        let report = sup
            .indicator_report(&haven::report::ReportRequest {
                from: "2026-01-01".into(),
                to: "2026-12-31".into(),
                min_cell: Some(1),
            })
            .unwrap();
        let cells = serde_json::to_value(&report).unwrap()["cells"].clone();
        cells
            .as_array()
            .unwrap()
            .iter()
            .find(|c| {
                c["indicator"] == "victims_identified" && c["breakdown"] == serde_json::json!({})
            })
            .map(|c| c["value"].as_i64().unwrap())
            .unwrap()
    };
    assert_eq!(
        identified(&ngo),
        0,
        "the NGO does not count the shelter's identification"
    );
    assert_eq!(identified(&shelter), 1);

    // The answer goes back; the shelter's referral is accepted.
    let ack_file = dir.path().join("answer.havenpacket");
    r.answer_referral(&new_code, Answer::Accepted, Some(&ack_file))
        .unwrap();
    let back = s.receive_packet(&ack_file).unwrap();
    assert_eq!(back.answer, Some(Answer::Accepted));
    assert_eq!(back.case.as_deref(), Some(code.as_str()));
    let shown = s.show_case(&code).unwrap();
    assert_eq!(
        serde_json::to_value(shown.record.referrals[0].status).unwrap(),
        "accepted"
    );
    let out = s.packets().unwrap();
    let referral = out.iter().find(|p| p.id == sent.id).unwrap();
    assert_eq!(serde_json::to_value(referral.status).unwrap(), "accepted");
    assert!(!referral.savable, "an answered packet's bytes are let go");

    // The same packets again are replays, refused without a trace.
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(refused(&mut r, &bytes), Refusal::Replay);
    let bytes = std::fs::read(&ack_file).unwrap();
    assert_eq!(refused(&mut s, &bytes), Refusal::Replay);

    // Neither vault's folder holds a name in clear (both are SQLCipher), nor the temp dirs.
    for site in [&shelter, &ngo] {
        assert!(count_files(site.folder()) >= 3);
        assert!(canary_scan(&[site.folder()], &markers).is_empty());
    }
    assert!(canary_scan(&[&std::env::temp_dir()], &markers).is_empty());
}

#[test]
fn notes_go_only_where_the_consent_names_the_partner() {
    let shelter = Site::new("Test Shelter Ganja", OrganizationKind::Shelter);
    let ngo = Site::new("Test Legal NGO", OrganizationKind::Ngo);
    partners(&shelter, &ngo);
    let p = Person::new();
    let mut s = shelter.session();
    let code = case_for(&mut s, &p, None);
    let e = send(&mut s, &code, ngo.name, true).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Invalid);
    assert_eq!(e.field(), Some("includeNotes"));
    assert!(s.packets().unwrap().is_empty());
    let bytes = send(&mut s, &code, ngo.name, false).unwrap();
    let mut r = ngo.session();
    let got = r.receive_packet_bytes(&bytes).unwrap();
    assert_eq!(got.notes, 0);
    let view = r.show_case(got.case.as_deref().unwrap()).unwrap();
    assert!(view.record.notes.is_empty());
    assert!(!serde_json::to_string(&view).unwrap().contains(&p.note));
}

#[test]
fn sending_needs_a_partner_and_a_valid_consent() {
    let shelter = Site::new("Test Shelter Quba", OrganizationKind::Shelter);
    let ngo = Site::new("Test Health NGO", OrganizationKind::Ngo);
    let p = Person::new();
    let mut s = shelter.session();
    let code = case_for(&mut s, &p, None);
    // Not a partner yet.
    assert_eq!(
        send(&mut s, &code, ngo.name, false).unwrap_err().field(),
        Some("to")
    );
    partners(&shelter, &ngo);
    // A case without a consent to referrals: consent_required, nothing written.
    let bare: CaseRecord = serde_json::from_value(serde_json::json!({
        "person": {"given_name": marker("g"), "sex": "male"},
        "identified_on": "2026-09-01", "recognition": "potential", "exploitation": ["sexual"],
    }))
    .unwrap();
    let bare = s.create_case(bare).unwrap();
    let e = send(&mut s, &bare, ngo.name, false).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ConsentRequired);
    assert!(s.packets().unwrap().is_empty());
    // Withdrawal cancels what waits in the outbox.
    send(&mut s, &code, ngo.name, false).unwrap();
    let consent = s.consents(&code).unwrap()[0].id;
    s.withdraw_consent(&code, consent, haven::records::CivilDate::today())
        .unwrap();
    let out = s.packets().unwrap();
    assert_eq!(serde_json::to_value(out[0].status).unwrap(), "cancelled");
    assert!(!out[0].savable);
    assert_eq!(
        send(&mut s, &code, ngo.name, false).unwrap_err().kind(),
        ErrorKind::ConsentRequired
    );
}

#[test]
fn every_refusal_writes_nothing() {
    let shelter = Site::new("Test Shelter Sheki", OrganizationKind::Shelter);
    let ngo = Site::new("Test Youth NGO", OrganizationKind::Ngo);
    let other = Site::new("Test Other NGO", OrganizationKind::Ngo);
    partners(&shelter, &ngo);
    partners(&shelter, &other);
    let p = Person::new();
    let mut s = shelter.session();
    let code = case_for(&mut s, &p, None);
    let packet = send(&mut s, &code, ngo.name, false).unwrap();

    // A packet for another recipient.
    let mut o = other.session();
    assert_eq!(refused(&mut o, &packet), Refusal::AnotherRecipient);
    drop(o);

    // An unknown sender: the NGO never added `other`'s card.
    let mut o = other.session();
    let code_o = case_for(&mut o, &Person::new(), None);
    let (card, fp) = ngo.card();
    o.add_partner_card(&card, &fp).unwrap();
    let from_other = send(&mut o, &code_o, ngo.name, false).unwrap();
    let mut r = ngo.session();
    assert_eq!(refused(&mut r, &from_other), Refusal::UnknownSender);

    // Every single-byte change, over the whole header and sampled over the body.
    let header_end = packet.iter().position(|b| *b == b'\n').unwrap();
    let step = (packet.len() / 300).max(1);
    let offsets: Vec<usize> = (0..=header_end)
        .chain((header_end + 1..packet.len()).step_by(step))
        .chain(packet.len() - 64..packet.len())
        .collect();
    for &i in &offsets {
        for flip in [0x01u8, 0x80] {
            let mut changed = packet.clone();
            changed[i] ^= flip;
            let before = footprint(&r);
            let e = r.receive_packet_bytes(&changed).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::PacketRefused, "byte {i}: {e:?}");
            assert_eq!(footprint(&r), before, "byte {i}");
        }
    }
    // Cut short, or with a byte added.
    assert_eq!(
        refused(&mut r, &packet[..packet.len() - 1]),
        Refusal::Changed
    );
    let mut longer = packet.clone();
    longer.push(0);
    assert_eq!(refused(&mut r, &longer), Refusal::Changed);
    assert_eq!(refused(&mut r, b"not a packet"), Refusal::NotAPacket);

    // The packet itself goes through once, then is a replay.
    r.receive_packet_bytes(&packet).unwrap();
    assert_eq!(refused(&mut r, &packet), Refusal::Replay);

    // A removed partner.
    let code2 = case_for(&mut s, &Person::new(), None);
    let second = send(&mut s, &code2, ngo.name, false).unwrap();
    r.remove_partner(shelter.name).unwrap();
    assert_eq!(refused(&mut r, &second), Refusal::RemovedPartner);
    // Added again (its fingerprint checked again), its packets are received.
    let (card, fp) = shelter.card();
    r.add_partner_card(&card, &fp).unwrap();
    r.receive_packet_bytes(&second).unwrap();
}

#[test]
fn a_packet_is_received_within_thirty_days() {
    use haven::packet::file::{seal, Header, PacketKind};
    let shelter = Site::new("Test Shelter Lankaran", OrganizationKind::Shelter);
    let ngo = Site::new("Test Rights NGO", OrganizationKind::Ngo);
    partners(&shelter, &ngo);
    // A packet dated 31 days ago, sealed with the shelter's real keys: the test plays a sender
    // whose packet lay in a drawer.
    let keys = shelter.session().agency_keys_for_test();
    let ngo_keys = ngo.session().agency_keys_for_test().public();
    let today = haven::records::CivilDate::today();
    let dated = |days: i64| {
        let header = Header::new(
            PacketKind::Ack,
            keys.public().fingerprint(),
            ngo_keys.fingerprint(),
            today.add_days(days).unwrap(),
        );
        let body = serde_json::json!({"packet": header.id, "sender": header.sender,
            "answers": uuid_v7(), "answer": "accepted", "date": today});
        seal(&header, body.to_string().as_bytes(), &ngo_keys, &keys)
    };
    let mut r = ngo.session();
    assert_eq!(refused(&mut r, &dated(-31)), Refusal::Expired);
    assert_eq!(refused(&mut r, &dated(2)), Refusal::FromTheFuture);
    // Thirty days old is still in time (and this answer answers nothing sent from here).
    assert_eq!(refused(&mut r, &dated(-30)), Refusal::UnknownReferral);
}

fn uuid_v7() -> String {
    // A v7-shaped id for a referral nobody sent.
    "01900000-0000-7000-8000-000000000000".into()
}

#[test]
fn a_card_whose_fingerprint_does_not_match_is_not_stored() {
    let shelter = Site::new("Test Shelter Mingachevir", OrganizationKind::Shelter);
    let ngo = Site::new("Test Family NGO", OrganizationKind::Ngo);
    let (card, fp) = ngo.card();
    let mut s = shelter.session();
    let orgs = s.list_organizations().unwrap().len();
    let mut wrong: Vec<char> = fp.chars().collect();
    wrong[0] = if wrong[0] == '9' { '1' } else { '9' };
    let wrong: String = wrong.into_iter().collect();
    let log = s.audit_log(None).unwrap().len();
    let e = s.add_partner_card(&card, &wrong).unwrap_err();
    assert!(
        matches!(e, Error::PacketRefused(Refusal::FingerprintMismatch)),
        "{e:?}"
    );
    assert!(s.partners().unwrap().is_empty());
    assert_eq!(s.list_organizations().unwrap().len(), orgs);
    assert_eq!(s.audit_log(None).unwrap().len(), log);
    // A card edited to carry another agency's keys under its own fingerprint.
    let mut edited: serde_json::Value = serde_json::from_slice(&card).unwrap();
    edited["signing_key"] = shelter.session().agency_card().unwrap().signing_key.into();
    let edited = serde_json::to_vec(&edited).unwrap();
    let e = s.add_partner_card(&edited, &fp).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::PacketRefused);
    // Typed right (with dashes, as people write it), the card is added.
    s.add_partner_card(&card, &fp.replace(' ', "-")).unwrap();
    assert_eq!(s.partners().unwrap()[0].name, ngo.name);
    // The vault's own card is not a partner.
    let (own, own_fp) = shelter.card();
    assert_eq!(
        s.add_partner_card(&own, &own_fp).unwrap_err().field(),
        Some("card")
    );
}
