//! Referral packets' costs (exchange.md): sending one packet (consent gate, sealing, the file
//! written and synced, the referral and packet recorded) and receiving one (every check, the
//! decryption, the intake case made), then 1,000 of each in a batch — one after the other, as a
//! caseworker's afternoon or a USB stick of packets would. Both vaults hold
//! HAVEN_BENCH_CASES demo cases first (default 10,000), at the production key-derivation cost.
//!
//! `cargo bench --bench exchange` (part of `make bench`). Prints a Markdown table for
//! docs/benchmarks.md.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use haven::exchange::{NewAgency, SendReferral};
use haven::records::vocab::{OrganizationKind, Sector, ServiceKind};
use haven::records::CivilDate;
use haven::{Role, Session, Vault};

const ADMIN: &str = "bench.admin";
const PASS: &str = "correct horse battery staple lantern";
const BATCH: usize = 1_000;

fn site(root: &Path, name: &str, kind: OrganizationKind, demo: &[u8]) -> Session {
    let vault = Vault::at(root.join(name.replace(' ', "-")));
    vault.create(ADMIN, &PASS.into()).unwrap();
    let mut s = vault.unlock(ADMIN, &PASS.into()).unwrap();
    s.set_roles(ADMIN, &[Role::Admin, Role::Caseworker])
        .unwrap();
    drop(s);
    let mut s = vault.unlock(ADMIN, &PASS.into()).unwrap();
    s.import(&mut &demo[..], false, &mut |_| {}).unwrap();
    s.init_agency(&NewAgency {
        name: name.into(),
        kind,
        sector: Sector::Ngo,
        country: Some("AZ".into()),
    })
    .unwrap();
    s
}

fn per(d: Duration, n: usize) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0 / n as f64)
}

fn main() {
    let n: usize = std::env::var("HAVEN_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let root = tempfile::tempdir().unwrap();
    let mut demo = Vec::new();
    for line in haven::demo::lines(&haven::demo::DemoOptions {
        cases: n,
        ..Default::default()
    }) {
        writeln!(demo, "{line}").unwrap();
    }
    let mut a = site(
        root.path(),
        "Bench Shelter",
        OrganizationKind::Shelter,
        &demo,
    );
    let mut b = site(root.path(), "Bench NGO", OrganizationKind::Ngo, &demo);
    let card = a.agency_card().unwrap();
    b.add_partner_card(&card.to_bytes(), &card.fingerprint)
        .unwrap();
    let card = b.agency_card().unwrap();
    a.add_partner_card(&card.to_bytes(), &card.fingerprint)
        .unwrap();

    // The cases to refer, each with a consent to referrals naming the NGO, and a note.
    let today = CivilDate::today();
    let mut lines = Vec::new();
    for i in 0..=BATCH {
        let line = serde_json::json!({"type": "case", "ref": format!("BENCH-{i}"),
            "person": {"given_name": format!("Bench{i}"), "family_name": "Referral", "sex": "female",
                       "birth_date": "1995-03-04", "languages": ["az"], "phone": "+994500000000"},
            "identified_on": "2026-10-01", "recognition": "recognized", "exploitation": ["forced_labour"],
            "consents": [{"scope": "referrals", "given_on": today.add_days(-1).unwrap(),
                          "expires_on": today.add_months(6).unwrap(), "organizations": ["Bench NGO"]}],
            "notes": [{"date": "2026-10-02", "text": "A note that goes with the referral."}]});
        writeln!(lines, "{line}").unwrap();
    }
    a.import(&mut &lines[..], false, &mut |_| {}).unwrap();
    let codes: Vec<String> = (0..=BATCH)
        .map(|i| {
            a.raw_connection()
                .query_row(
                    "SELECT code FROM cases WHERE source_ref = ?1",
                    [format!("BENCH-{i}")],
                    |r| r.get(0),
                )
                .unwrap()
        })
        .collect();
    let out = root.path().join("packets");
    std::fs::create_dir(&out).unwrap();
    let request = SendReferral {
        to: "Bench NGO".into(),
        services: vec![ServiceKind::Legal, ServiceKind::Psychological],
        include_notes: true,
    };
    let file = |i: usize| out.join(format!("{i}.havenpacket"));

    let t = Instant::now();
    a.send_referral(&codes[0], &request, Some(&file(0)))
        .unwrap();
    let send_one = t.elapsed();
    let size = std::fs::metadata(file(0)).unwrap().len();
    let t = Instant::now();
    b.receive_packet(&file(0)).unwrap();
    let receive_one = t.elapsed();

    let t = Instant::now();
    for (i, code) in codes.iter().enumerate().skip(1) {
        a.send_referral(code, &request, Some(&file(i))).unwrap();
    }
    let send_batch = t.elapsed();
    let t = Instant::now();
    for i in 1..=BATCH {
        b.receive_packet(&file(i)).unwrap();
    }
    let receive_batch = t.elapsed();

    println!("| {n} demo cases in each vault; packets with one note, written to files | |");
    println!("| --- | --- |");
    println!(
        "| send one referral (gate, seal, file written and synced, recorded) | {} |",
        per(send_one, 1)
    );
    println!(
        "| receive one (checks, decryption, intake case made) | {} |",
        per(receive_one, 1)
    );
    println!(
        "| send {BATCH} one after the other | {:.2} s ({} each) |",
        send_batch.as_secs_f64(),
        per(send_batch, BATCH)
    );
    println!(
        "| receive {BATCH} one after the other | {:.2} s ({} each) |",
        receive_batch.as_secs_f64(),
        per(receive_batch, BATCH)
    );
    println!("| a packet's size | {size} bytes |");
}
