//! The relay's costs (exchange.md, the relay and consolidated counts) against a throw-away
//! PostgreSQL (tests/pg-cluster.sh, Debian's `postgresql`): pushing 10,000 referral packets
//! from a shelter's outbox and pulling them into an NGO's vault (each receipt makes an intake
//! case), the rows and bytes the relay holds per packet, and a ministry consolidating the
//! contributions of 50 sites. Vaults at the production key-derivation cost.
//!
//! `cargo bench --bench relay` (part of `make bench`); HAVEN_BENCH_PACKETS (default 10,000) and
//! HAVEN_BENCH_SITES (default 50) change the sizes. Prints a Markdown table for
//! docs/benchmarks.md.

// Only the cluster and the clients of the shared test helper are used here.
#[allow(dead_code)]
#[path = "../tests/common/postgres.rs"]
mod postgres;

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use haven::exchange::{Contribute, NewAgency, SendReferral};
use haven::records::vocab::{OrganizationKind, Sector, ServiceKind};
use haven::records::CivilDate;
use haven::relay::operator;
use haven::report::ReportRequest;
use haven::{Role, Session, Vault};
use postgres::{Postgres, OPERATOR_PASSWORD};

const ADMIN: &str = "bench.admin";
const PASS: &str = "correct horse battery staple lantern";
/// The most referrals one case may hold.
const PER_CASE: usize = 1_000;
const FROM: &str = "2024-01-01";
const TO: &str = "2025-12-31";

fn size(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A vault whose admin does everything, with its agency identity and `demo` imported.
fn site(root: &Path, name: &str, kind: OrganizationKind, demo: &[u8]) -> Session {
    let vault = Vault::at(root.join(name.replace(' ', "-")));
    vault.create(ADMIN, &PASS.into()).unwrap();
    let mut s = vault.unlock(ADMIN, &PASS.into()).unwrap();
    s.set_roles(ADMIN, &[Role::Admin, Role::Caseworker, Role::Supervisor])
        .unwrap();
    drop(s);
    let mut s = vault.unlock(ADMIN, &PASS.into()).unwrap();
    if !demo.is_empty() {
        s.import(&mut &demo[..], false, &mut |_| {}).unwrap();
    }
    s.init_agency(&NewAgency {
        name: name.into(),
        kind,
        sector: Sector::Ngo,
        country: Some("AZ".into()),
    })
    .unwrap();
    s
}

fn partners(a: &mut Session, b: &mut Session) {
    let card = a.agency_card().unwrap();
    b.add_partner_card(&card.to_bytes(), &card.fingerprint)
        .unwrap();
    let card = b.agency_card().unwrap();
    a.add_partner_card(&card.to_bytes(), &card.fingerprint)
        .unwrap();
}

fn join(pg: &Postgres, s: &mut Session) {
    let card = s.agency_card().unwrap();
    let role = operator::add_site(&pg.operator(), &card.to_bytes()).unwrap();
    s.connect_relay(&pg.url(&role.role), Some(&role.password))
        .unwrap();
}

fn demo(cases: usize, seed: u64) -> Vec<u8> {
    let mut out = Vec::new();
    for line in haven::demo::lines(&haven::demo::DemoOptions {
        cases,
        seed,
        first_year: 2024,
        last_year: 2025,
    }) {
        writeln!(out, "{line}").unwrap();
    }
    out
}

fn main() {
    let packets = size("HAVEN_BENCH_PACKETS", 10_000);
    let sites = size("HAVEN_BENCH_SITES", 50);
    let root = tempfile::tempdir().unwrap();
    let pg = Postgres::start();
    operator::setup(&pg.operator()).unwrap();

    let mut shelter = site(root.path(), "Bench Shelter", OrganizationKind::Shelter, &[]);
    let mut ngo = site(root.path(), "Bench NGO", OrganizationKind::Ngo, &[]);
    partners(&mut shelter, &mut ngo);
    join(&pg, &mut shelter);
    join(&pg, &mut ngo);

    // The cases to refer, a consent to referrals naming the NGO on each.
    let today = CivilDate::today();
    let cases = packets.div_ceil(PER_CASE);
    let mut lines = Vec::new();
    for i in 0..cases {
        let line = serde_json::json!({"type": "case", "ref": format!("BENCH-{i}"),
            "person": {"given_name": format!("Bench{i}"), "family_name": "Relay", "sex": "female"},
            "identified_on": "2025-10-01", "recognition": "recognized", "exploitation": ["forced_labour"],
            "consents": [{"scope": "referrals", "given_on": today.add_days(-1).unwrap(),
                          "expires_on": today.add_months(6).unwrap(), "organizations": ["Bench NGO"]}]});
        writeln!(lines, "{line}").unwrap();
    }
    shelter.import(&mut &lines[..], false, &mut |_| {}).unwrap();
    let codes: Vec<String> = (0..cases)
        .map(|i| {
            shelter
                .raw_connection()
                .query_row(
                    "SELECT code FROM cases WHERE source_ref = ?1",
                    [format!("BENCH-{i}")],
                    |r| r.get(0),
                )
                .unwrap()
        })
        .collect();
    let request = SendReferral {
        to: "Bench NGO".into(),
        services: vec![ServiceKind::Legal],
        include_notes: false,
    };
    let t = Instant::now();
    for i in 0..packets {
        shelter
            .send_referral(&codes[i / PER_CASE], &request, None)
            .unwrap();
    }
    let made = t.elapsed();

    let t = Instant::now();
    let pushed = shelter.push(&mut |_| {}).unwrap();
    let push = t.elapsed();
    assert_eq!(pushed.sent as usize, packets);

    let mut client = pg.client("postgres", OPERATOR_PASSWORD);
    let row = client
        .query_one(
            "SELECT count(*), sum(octet_length(packet))::bigint,
                    pg_total_relation_size('haven.envelopes')
             FROM haven.envelopes",
            &[],
        )
        .unwrap();
    let (rows, payload, on_disk): (i64, i64, i64) = (row.get(0), row.get(1), row.get(2));

    let t = Instant::now();
    let pulled = ngo.pull(&mut |_| {}).unwrap();
    let pull = t.elapsed();
    assert_eq!(pulled.referrals as usize, packets);

    // Consolidation: each site contributes its counts to the ministry in a file.
    let mut ministry = site(
        root.path(),
        "Bench Ministry",
        OrganizationKind::Government,
        &[],
    );
    let files = root.path().join("contributions");
    std::fs::create_dir(&files).unwrap();
    for i in 0..sites {
        let mut s = site(
            root.path(),
            &format!("Bench Site {i}"),
            OrganizationKind::Ngo,
            &demo(200, i as u64 + 1),
        );
        partners(&mut s, &mut ministry);
        s.contribute(
            &Contribute {
                from: FROM.into(),
                to: TO.into(),
                to_partner: "Bench Ministry".into(),
                correction: false,
            },
            Some(&files.join(format!("{i}.havenpacket"))),
        )
        .unwrap();
    }
    let t = Instant::now();
    for i in 0..sites {
        ministry
            .receive_packet(&files.join(format!("{i}.havenpacket")))
            .unwrap();
    }
    let receive_contributions = t.elapsed();
    let request = ReportRequest {
        from: FROM.into(),
        to: TO.into(),
        min_cell: Some(5),
    };
    let t = Instant::now();
    let report = ministry.consolidate(&request).unwrap();
    let consolidate = t.elapsed();
    assert_eq!(report.consolidation.unwrap().sites as usize, sites);

    let per = |d: std::time::Duration, n: usize| d.as_secs_f64() * 1000.0 / n as f64;
    println!("| the relay: a throw-away PostgreSQL on 127.0.0.1 | |");
    println!("| --- | --- |");
    println!(
        "| make {packets} referral packets into the outbox | {:.1} s ({:.2} ms each) |",
        made.as_secs_f64(),
        per(made, packets)
    );
    println!(
        "| push {packets} (batches of 200, each committed on the relay, then marked sent) | {:.2} s ({:.2} ms each) |",
        push.as_secs_f64(),
        per(push, packets)
    );
    println!(
        "| pull {packets} (each received, an intake case made, then deleted from the relay) | {:.2} s ({:.2} ms each) |",
        pull.as_secs_f64(),
        per(pull, packets)
    );
    println!(
        "| the relay per packet | {} row, {} bytes of packet, {} bytes on disk with the index and TOAST |",
        rows / packets as i64,
        payload / rows,
        on_disk / rows
    );
    println!(
        "| receive {sites} contributions (200 demo cases a site) | {:.2} s ({:.1} ms each) |",
        receive_contributions.as_secs_f64(),
        per(receive_contributions, sites)
    );
    println!(
        "| consolidate {sites} contributions (sums, then disclosure control with k = 5) | {:.0} ms |",
        consolidate.as_secs_f64() * 1000.0
    );
    // The process's peak resident memory (Linux), every vault above included.
    if let Some(peak) = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_owned)
        })
    {
        let kib: u64 = peak
            .split_whitespace()
            .nth(1)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        println!("| peak memory of the whole run | {} MiB |", kib / 1024);
    }
}
