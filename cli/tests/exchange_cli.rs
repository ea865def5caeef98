//! Referral packets on the command line (exchange.md, cli.md): `agency init|card`, `partner
//! add|list|remove`, `referral send|receive|answer|list`, between two vaults — and every
//! refused packet or card exits 5 with nothing written; a send without consent exits 6.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use haven::records::CivilDate;

const PASS: &str = "lantern quietly orbit mustard";

fn run(vault: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(args)
        .env("HAVEN_VAULT", vault)
        .env("HAVEN_USER", "admin.one")
        .env("HAVEN_PASSPHRASE", PASS)
        .env("HAVEN_NEW_PASSPHRASE", PASS)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).trim().to_owned()
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "{}", err(&o));
    out(&o)
}

/// A vault whose admin is also a caseworker, with its agency identity; its fingerprint.
fn site(dir: &Path, name: &str, kind: &str) -> (PathBuf, String) {
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
            "agency",
            "init",
            "--name",
            name,
            "--kind",
            kind,
            "--sector",
            "ngo",
            "--country",
            "AZ",
        ],
    ));
    (path, fp)
}

fn packets(vault: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(run(vault, &["referral", "list", "--json"]))).unwrap()
}

fn case_count(vault: &Path) -> usize {
    ok(run(vault, &["case", "list"])).lines().count()
}

/// The refusal (exit 5) of receiving `file` in `vault`, after checking it wrote nothing.
fn refused(vault: &Path, file: &Path) -> String {
    let (cases, list) = (case_count(vault), packets(vault));
    let o = run(vault, &["referral", "receive", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(5), "{}", err(&o));
    assert_eq!(case_count(vault), cases);
    assert_eq!(packets(vault), list);
    err(&o)
}

#[test]
fn a_referral_between_two_vaults_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (shelter, shelter_fp) = site(d, "Test Shelter", "shelter");
    let (ngo, ngo_fp) = site(d, "Test NGO", "ngo");
    assert_eq!(shelter_fp.len(), 35, "{shelter_fp}");

    // Cards, and the fingerprint read aloud.
    let shelter_card = d.join("shelter.havencard");
    let ngo_card = d.join("ngo.havencard");
    assert_eq!(
        ok(run(
            &shelter,
            &["agency", "card", "--out", shelter_card.to_str().unwrap()]
        )),
        shelter_fp
    );
    assert_eq!(
        ok(run(
            &ngo,
            &["agency", "card", "--out", ngo_card.to_str().unwrap()]
        )),
        ngo_fp
    );
    let wrong = format!("{}1", &ngo_fp[..34]);
    let wrong = if wrong == ngo_fp {
        format!("{}2", &ngo_fp[..34])
    } else {
        wrong
    };
    let o = run(
        &shelter,
        &[
            "partner",
            "add",
            ngo_card.to_str().unwrap(),
            "--fingerprint",
            &wrong,
        ],
    );
    assert_eq!(o.status.code(), Some(5), "{}", err(&o));
    assert!(err(&o).contains("fingerprint"), "{}", err(&o));
    assert_eq!(ok(run(&shelter, &["partner", "list"])), "");
    ok(run(
        &shelter,
        &[
            "partner",
            "add",
            ngo_card.to_str().unwrap(),
            "--fingerprint",
            &ngo_fp,
        ],
    ));
    ok(run(
        &ngo,
        &[
            "partner",
            "add",
            shelter_card.to_str().unwrap(),
            "--fingerprint",
            &shelter_fp.replace(' ', ""),
        ],
    ));
    assert!(ok(run(&shelter, &["partner", "list"])).starts_with("Test NGO\t"));

    // A case, with and without a consent to referrals.
    let today = CivilDate::today();
    let cases = d.join("cases.jsonl");
    std::fs::write(
        &cases,
        format!(
            "{}\n{}\n",
            serde_json::json!({"type": "case", "ref": "T-1",
                "person": {"given_name": "Testa", "family_name": "Packetova", "sex": "female"},
                "identified_on": "2026-10-01", "recognition": "recognized", "exploitation": ["sexual"],
                "consents": [{"scope": "referrals", "given_on": today.add_days(-1).unwrap(),
                              "expires_on": today.add_months(3).unwrap(), "organizations": ["Test NGO"]}]}),
            serde_json::json!({"type": "case", "ref": "T-2",
                "person": {"given_name": "Nocon", "family_name": "Sentova", "sex": "female"},
                "identified_on": "2026-10-02", "recognition": "potential", "exploitation": ["sexual"]}),
        ),
    )
    .unwrap();
    ok(run(&shelter, &["import", cases.to_str().unwrap()]));
    let list = ok(run(&shelter, &["case", "list"]));
    let code_of = |name: &str| {
        list.lines()
            .find(|l| l.contains(name))
            .and_then(|l| l.split('\t').next())
            .unwrap()
            .to_owned()
    };
    let (code, bare) = (code_of("Packetova"), code_of("Sentova"));

    // No consent: exit 6, nothing in the outbox.
    let p0 = d.join("p0.havenpacket");
    let o = run(
        &shelter,
        &[
            "referral",
            "send",
            &bare,
            "--to",
            "Test NGO",
            "--out",
            p0.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(6), "{}", err(&o));
    assert!(!p0.exists());
    assert_eq!(packets(&shelter), serde_json::json!([]));

    // Sent, received with the answer at once, the answer received back.
    let p1 = d.join("p1.havenpacket");
    let id = ok(run(
        &shelter,
        &[
            "referral",
            "send",
            &code,
            "--to",
            "Test NGO",
            "--services",
            "legal,medical",
            "--include-notes",
            "--out",
            p1.to_str().unwrap(),
        ],
    ));
    assert_eq!(packets(&shelter)[0]["status"], "sent");
    assert_eq!(packets(&shelter)[0]["id"], id.as_str());
    let bytes = std::fs::read(&p1).unwrap();
    assert!(
        !bytes.windows(8).any(|w| w == b"Packetov"),
        "a name in clear"
    );

    // Its own packet, or one for another agency, is refused.
    let msg = refused(&shelter, &p1);
    assert!(msg.contains("another agency"), "{msg}");

    let ack = d.join("ack1.havenpacket");
    let new_code = ok(run(
        &ngo,
        &[
            "referral",
            "receive",
            p1.to_str().unwrap(),
            "--ack",
            "accepted",
            "--ack-out",
            ack.to_str().unwrap(),
        ],
    ));
    let shown: serde_json::Value =
        serde_json::from_str(&ok(run(&ngo, &["case", "show", &new_code, "--json"]))).unwrap();
    assert_eq!(shown["person"]["family_name"], "Packetova");
    assert_eq!(shown["referred_in_from"], "Test Shelter");
    let inbox = packets(&ngo);
    let inbox = inbox.as_array().unwrap();
    let referral = inbox.iter().find(|p| p["direction"] == "in").unwrap();
    assert_eq!(referral["status"], "accepted");
    assert_eq!(
        referral["services"],
        serde_json::json!(["legal", "medical"])
    );
    let answer = inbox.iter().find(|p| p["direction"] == "out").unwrap();
    assert_eq!(
        (&answer["kind"], &answer["status"]),
        (&"ack".into(), &"sent".into())
    );

    // Replay, and a changed byte: exit 5, nothing written.
    assert!(refused(&ngo, &p1).contains("received before"));
    let mut changed = bytes.clone();
    let mid = changed.len() / 2;
    changed[mid] ^= 0x04;
    let p1x = d.join("p1-changed.havenpacket");
    std::fs::write(&p1x, &changed).unwrap();
    assert!(refused(&ngo, &p1x).contains("changed"));

    ok(run(
        &shelter,
        &["referral", "receive", ack.to_str().unwrap()],
    ));
    let out_list = packets(&shelter);
    let sent = out_list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id.as_str())
        .unwrap();
    assert_eq!(sent["status"], "accepted");
    let shown: serde_json::Value =
        serde_json::from_str(&ok(run(&shelter, &["case", "show", &code, "--json"]))).unwrap();
    assert_eq!(shown["referrals"][0]["status"], "accepted");

    // A receipt stands when its answer cannot be written: the case is made and printed, the
    // answer fails alone (exit 1) and is given later with `referral answer`.
    let p3 = d.join("p3.havenpacket");
    ok(run(
        &shelter,
        &[
            "referral",
            "send",
            &code,
            "--to",
            "Test NGO",
            "--out",
            p3.to_str().unwrap(),
        ],
    ));
    let nowhere = d.join("no-such-folder").join("answer.havenpacket");
    let o = run(
        &ngo,
        &[
            "referral",
            "receive",
            p3.to_str().unwrap(),
            "--ack",
            "declined",
            "--ack-out",
            nowhere.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let third = out(&o);
    assert!(err(&o).contains("could not be saved"), "{}", err(&o));
    assert!(
        ok(run(&ngo, &["case", "list"])).contains(&third),
        "the receipt stands"
    );
    let later = d.join("answer3.havenpacket");
    ok(run(
        &ngo,
        &[
            "referral",
            "answer",
            &third,
            "--ack",
            "declined",
            "--out",
            later.to_str().unwrap(),
        ],
    ));
    ok(run(
        &shelter,
        &["referral", "receive", later.to_str().unwrap()],
    ));

    // A removed partner's packets are refused; the outbox keeps one waiting until saved.
    let waiting = ok(run(
        &shelter,
        &["referral", "send", &code, "--to", "Test NGO"],
    ));
    let p2 = d.join("p2.havenpacket");
    ok(run(
        &shelter,
        &["referral", "save", &waiting, "--out", p2.to_str().unwrap()],
    ));
    ok(run(&ngo, &["partner", "remove", "Test Shelter"]));
    assert!(refused(&ngo, &p2).contains("removed"));
    // Not a packet at all.
    assert!(refused(&ngo, &cases).contains("not a Haven"));
}
