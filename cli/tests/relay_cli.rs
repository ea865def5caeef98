//! `haven relay` on the command line (exchange.md, the relay; cli.md): the operator's setup and
//! a site's role, `relay connect` with the password from `HAVEN_RELAY_PASSWORD`, a referral put
//! in the outbox (no `--out`), pushed and pulled between two vaults through a real PostgreSQL;
//! an unreachable relay exits 1 with the packets still waiting; a site's role cannot run the
//! operator's commands.
#![forbid(unsafe_code)]

#[path = "../../tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::postgres::{Postgres, OPERATOR_PASSWORD};
use haven::records::CivilDate;

const PASS: &str = "lantern quietly orbit mustard";

fn run_with(vault: &Path, args: &[&str], relay_password: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_haven"));
    cmd.args(args)
        .env("HAVEN_VAULT", vault)
        .env("HAVEN_USER", "admin.one")
        .env("HAVEN_PASSPHRASE", PASS)
        .env("HAVEN_NEW_PASSPHRASE", PASS)
        .env_remove("HAVEN_RELAY_PASSWORD")
        .stdin(std::process::Stdio::null());
    if let Some(p) = relay_password {
        cmd.env("HAVEN_RELAY_PASSWORD", p);
    }
    cmd.output().unwrap()
}

fn run(vault: &Path, args: &[&str]) -> Output {
    run_with(vault, args, None)
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "{}", err(&o));
    String::from_utf8_lossy(&o.stdout).trim().to_owned()
}

/// A vault whose admin is also a caseworker, with its agency identity and its card.
fn site(dir: &Path, name: &str, kind: &str) -> (PathBuf, String, PathBuf) {
    let path = dir.join(name.replace(' ', "-"));
    ok(run(&path, &["init"]));
    ok(run(
        &path,
        &[
            "user",
            "roles",
            "admin.one",
            "--role",
            "admin",
            "--role",
            "caseworker",
        ],
    ));
    let fp = ok(run(
        &path,
        &[
            "agency", "init", "--name", name, "--kind", kind, "--sector", "ngo",
        ],
    ));
    let card = dir.join(format!("{}.havencard", name.replace(' ', "-")));
    ok(run(
        &path,
        &["agency", "card", "--out", card.to_str().unwrap()],
    ));
    (path, fp, card)
}

/// The relay's user name and password for a site's card, as `relay add-site` prints them.
fn add_site(pg: &Postgres, card: &Path) -> (String, String) {
    let printed = ok(run_with(
        Path::new("/nonexistent"),
        &[
            "relay",
            "add-site",
            card.to_str().unwrap(),
            "--url",
            &pg.url("postgres"),
        ],
        Some(OPERATOR_PASSWORD),
    ));
    let field = |name: &str| {
        printed
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}\t")))
            .unwrap_or_else(|| panic!("no {name} in {printed}"))
            .to_owned()
    };
    (field("user"), field("password"))
}

fn status(vault: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(run(vault, &["relay", "status", "--json"]))).unwrap()
}

#[test]
fn a_referral_goes_through_the_relay_on_the_command_line() {
    let pg = Postgres::start();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let operator = pg.url("postgres");
    // The operator's setup, twice (idempotent).
    for _ in 0..2 {
        ok(run_with(
            Path::new("/nonexistent"),
            &["relay", "setup", "--url", &operator],
            Some(OPERATOR_PASSWORD),
        ));
    }
    let (shelter, shelter_fp, shelter_card) = site(d, "Test Relay Shelter", "shelter");
    let (ngo, ngo_fp, ngo_card) = site(d, "Test Relay NGO", "ngo");
    for (vault, card, fp) in [
        (&shelter, &ngo_card, &ngo_fp),
        (&ngo, &shelter_card, &shelter_fp),
    ] {
        ok(run(
            vault,
            &[
                "partner",
                "add",
                card.to_str().unwrap(),
                "--fingerprint",
                fp,
            ],
        ));
    }
    let (shelter_user, shelter_password) = add_site(&pg, &shelter_card);
    let (ngo_user, ngo_password) = add_site(&pg, &ngo_card);

    // A wrong password keeps nothing; the right one is kept in the vault, not printed.
    let o = run_with(
        &shelter,
        &["relay", "connect", "--url", &pg.url(&shelter_user)],
        Some("not-the-password"),
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("did not accept"), "{}", err(&o));
    assert_eq!(status(&shelter)["url"], serde_json::Value::Null);
    for (vault, user, password) in [
        (&shelter, &shelter_user, &shelter_password),
        (&ngo, &ngo_user, &ngo_password),
    ] {
        let o = run_with(
            vault,
            &["relay", "connect", "--url", &pg.url(user)],
            Some(password),
        );
        assert!(o.status.success(), "{}", err(&o));
        assert!(!err(&o).contains(password.as_str()));
    }
    assert_eq!(status(&shelter)["url"], pg.url(&shelter_user).as_str());

    // A site's role may not run the operator's commands.
    for args in [
        vec!["relay", "setup"],
        vec!["relay", "remove-site", &ngo_fp],
    ] {
        let url = pg.url(&shelter_user);
        let o = run_with(
            Path::new("/nonexistent"),
            &[&args[..], &["--url", &url]].concat(),
            Some(&shelter_password),
        );
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", err(&o));
        assert!(err(&o).contains("does not allow"), "{args:?}: {}", err(&o));
    }

    // A referral without --out waits in the outbox.
    let today = CivilDate::today();
    let cases = d.join("cases.jsonl");
    let line = serde_json::json!({"type": "case", "ref": "R-1",
        "person": {"given_name": "Testa", "family_name": "Relayeva", "sex": "female"},
        "identified_on": "2026-10-01", "recognition": "recognized", "exploitation": ["sexual"],
        "consents": [{"scope": "referrals", "given_on": today.add_days(-1).unwrap(),
                      "expires_on": today.add_months(3).unwrap(), "organizations": ["Test Relay NGO"]}]});
    std::fs::write(&cases, format!("{line}\n")).unwrap();
    ok(run(&shelter, &["import", cases.to_str().unwrap()]));
    let code = ok(run(&shelter, &["case", "list"]))
        .split('\t')
        .next()
        .unwrap()
        .to_owned();
    ok(run(
        &shelter,
        &["referral", "send", &code, "--to", "Test Relay NGO"],
    ));
    assert_eq!(status(&shelter)["waiting"], 1);

    // The relay down: exit 1, the message says the packets wait, and they do.
    pg.stop();
    let o = run(&shelter, &["relay", "push"]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("outbox"), "{}", err(&o));
    assert_eq!(status(&shelter)["waiting"], 1);
    pg.start_again();

    let o = run(&shelter, &["relay", "push"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("Handed 1 packets"), "{}", err(&o));
    assert_eq!(status(&shelter)["waiting"], 0);
    assert!(status(&shelter)["lastContact"].is_string());

    let o = run(&ngo, &["relay", "pull"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("1 referrals"), "{}", err(&o));
    assert!(ok(run(&ngo, &["case", "list"])).contains("Relayeva"));
    // Pulled again: nothing more, nothing twice.
    let o = run(&ngo, &["relay", "pull"]);
    assert!(err(&o).contains("Received 0 packets"), "{}", err(&o));
    assert_eq!(ok(run(&ngo, &["case", "list"])).lines().count(), 1);
}
