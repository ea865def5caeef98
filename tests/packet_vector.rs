//! The packet format's test vector (docs/formats/packet.md): committed cards, the recipient's
//! secret key, a referral packet and the exact body it decrypts to. A second implementation
//! checks the same files; this test checks that Haven reads them as the format says.
//!
//! `HAVEN_WRITE_PACKET_VECTOR=1 cargo test --test packet_vector -- --ignored` makes a new
//! vector (new keys, new packet): only when the format changes.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

use haven::packet::card::CARD_FORMAT;
use haven::packet::file::{seal, Header, PacketKind, Sealed};
use haven::packet::{AgencyCard, AgencyKeys, ReferralBody};
use haven::records::vocab::{OrganizationKind, Sector};
use haven::records::CivilDate;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packet")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn the_committed_vector_verifies_and_opens() {
    let (sender, sender_keys) = AgencyCard::read(&read("sender.card.json")).unwrap();
    let (recipient, recipient_keys) = AgencyCard::read(&read("recipient.card.json")).unwrap();
    assert_eq!(sender.fingerprint, sender_keys.fingerprint().to_string());
    assert_eq!(
        recipient.fingerprint,
        recipient_keys.fingerprint().to_string()
    );

    let packet = read("referral.havenpacket");
    let sealed = Sealed::read(&packet).unwrap();
    assert_eq!(sealed.header.kind, PacketKind::Referral);
    assert_eq!(sealed.header.sender(), sender_keys.fingerprint());
    assert_eq!(sealed.header.recipient(), recipient_keys.fingerprint());
    sealed.verify(&sender_keys).unwrap();
    assert!(sealed.verify(&recipient_keys).is_err());

    // The recipient's secret: the age key from its file, no signing seed needed to open.
    let secret = String::from_utf8(read("recipient.secret.txt")).unwrap();
    let keys = AgencyKeys::from_secrets(secret.trim(), &[7; 32]).unwrap();
    assert_eq!(keys.public().encryption_key(), recipient.encryption_key);
    let body = sealed.open(&keys).unwrap();
    assert_eq!(
        body,
        read("body.json"),
        "the body decrypts to body.json exactly"
    );
    let body: ReferralBody = serde_json::from_slice(&body).unwrap();
    assert_eq!(body.packet, sealed.header.id);
    assert_eq!(body.sender, sealed.header.sender);

    // The header line is the documented one, and a changed byte anywhere breaks the seal.
    let line = packet.split(|b| *b == b'\n').next().unwrap();
    let header: serde_json::Value = serde_json::from_slice(line).unwrap();
    assert_eq!(header["format"], "haven-packet/1");
    for i in [
        0,
        line.len() / 2,
        line.len() + 10,
        packet.len() / 2,
        packet.len() - 1,
    ] {
        let mut changed = packet.clone();
        changed[i] ^= 0x20;
        assert!(Sealed::read(&changed)
            .and_then(|s| s.verify(&sender_keys))
            .is_err());
    }
}

#[test]
#[ignore = "writes a new vector: run on purpose when the format changes"]
fn write_vector() {
    if std::env::var_os("HAVEN_WRITE_PACKET_VECTOR").is_none() {
        return;
    }
    let card = |name: &str, kind, keys: &AgencyKeys| AgencyCard {
        format: CARD_FORMAT.into(),
        name: name.into(),
        kind,
        sector: Sector::Ngo,
        country: Some("AZ".into()),
        encryption_key: keys.public().encryption_key(),
        signing_key: keys.public().signing_key(),
        fingerprint: keys.public().fingerprint().to_string(),
    };
    let (a, b) = (AgencyKeys::generate(), AgencyKeys::generate());
    let d = dir();
    std::fs::write(
        d.join("sender.card.json"),
        card("Test Vector Shelter", OrganizationKind::Shelter, &a).to_bytes(),
    )
    .unwrap();
    std::fs::write(
        d.join("recipient.card.json"),
        card("Test Vector NGO", OrganizationKind::Ngo, &b).to_bytes(),
    )
    .unwrap();
    std::fs::write(
        d.join("recipient.secret.txt"),
        format!("{}\n", b.encryption_secret().as_str()),
    )
    .unwrap();
    let day = CivilDate::parse("2026-12-04").unwrap();
    let header = Header::new(
        PacketKind::Referral,
        a.public().fingerprint(),
        b.public().fingerprint(),
        day,
    );
    let body = serde_json::json!({
        "packet": header.id,
        "sender": header.sender,
        "date": "2026-12-04",
        "person": {"given_name": "Testa", "family_name": "Vectorova", "aliases": [], "sex": "female",
                   "birth_date": "1990-01-02", "age_at_identification": null, "citizenship": "AZ",
                   "languages": ["az"], "phone": "+994500000000"},
        "identified_on": "2026-11-20",
        "identified_by": "police",
        "identified_at": {"name": "Test Vector Shelter", "fingerprint": a.public().fingerprint().to_string()},
        "recognition": "recognized",
        "exploitation": ["forced_labour"],
        "country_of_exploitation": "TR",
        "services": ["legal", "medical"],
        "consent": {"given_on": "2026-11-25", "expires_on": "2027-05-25"},
        "notes": []
    });
    let body = serde_json::to_vec(&body).unwrap();
    let _: ReferralBody = serde_json::from_slice(&body).unwrap();
    std::fs::write(d.join("body.json"), &body).unwrap();
    std::fs::write(
        d.join("referral.havenpacket"),
        seal(&header, &body, &b.public(), &a),
    )
    .unwrap();
}
