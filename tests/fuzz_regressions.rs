//! What the fuzz targets (fuzz/, docs/fuzzing.md) check, run on stable by `cargo test`: the
//! committed seed corpora go through the same public entry points, and every input a fuzzer
//! ever crashed on gets a test here that feeds it through the public API.
//!
//! The fuzzing campaigns recorded in docs/fuzzing.md found no crash in the core: no panic in
//! the import, the key file parser or the decoding and checking of the desktop commands'
//! arguments. The one finding of this round, a valid shelter stay refused as an overlap, came
//! from the property tests and is tested in tests/validation_properties.rs.
#![forbid(unsafe_code)]

mod common;

use std::path::{Path, PathBuf};

use common::*;
use haven::cases::MAX_REPORTED_PROBLEMS;
use haven::records::interchange::parse_line;
use haven::vault::keyfile::KeyFile;
use haven::Error;

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    files
}

/// The `interchange` target's checks on one input, through the public API.
fn import_dry_run(s: &mut haven::Session, data: &[u8]) {
    for (i, line) in data.split_inclusive(|&b| b == b'\n').enumerate() {
        let Ok(text) = std::str::from_utf8(line) else {
            continue;
        };
        if let Ok(parsed) = parse_line(text, i as u64 + 1) {
            assert_eq!(parse_line(&parsed.to_json(), 1).unwrap(), parsed);
        }
    }
    match s.import(&mut &data[..], true, &mut |_| {}) {
        Ok(summary) => assert!(summary.dry_run),
        Err(Error::Problems(p)) => assert!(!p.is_empty() && p.len() <= MAX_REPORTED_PROBLEMS + 1),
        Err(e) => panic!("import failed other than with problems: {e}"),
    }
}

#[test]
fn the_interchange_seeds_import_or_report_problems() {
    let dir = tempfile::tempdir().unwrap();
    let vault = floor_vault(dir.path());
    let mut s = admin(&vault);
    // The scratch vault of the fuzz target holds the fixture's organizations.
    let sample = include_str!("fixtures/interchange/sample.jsonl");
    let orgs: String = sample
        .lines()
        .filter(|l| l.contains("\"organization\""))
        .map(|l| format!("{l}\n"))
        .collect();
    s.import(&mut orgs.as_bytes(), false, &mut |_| {}).unwrap();
    for file in corpus("interchange") {
        import_dry_run(&mut s, &std::fs::read(&file).unwrap());
    }
}

#[test]
fn the_key_file_seeds_parse_or_are_damage() {
    let mut parsed = 0;
    for file in corpus("key_file") {
        match KeyFile::parse(&std::fs::read(&file).unwrap()) {
            Ok(kf) => {
                parsed += 1;
                let again = KeyFile::parse(&serde_json::to_vec_pretty(&kf).unwrap()).unwrap();
                assert_eq!(
                    serde_json::to_string(&again).unwrap(),
                    serde_json::to_string(&kf).unwrap()
                );
            }
            Err(e) => assert!(matches!(e, Error::Damaged), "{}: {e:?}", file.display()),
        }
    }
    assert!(parsed > 0, "the seeds include real key files");
}

#[test]
fn the_packet_seeds_are_read_or_refused_and_only_the_vector_verifies() {
    use haven::packet::file::Sealed;
    use haven::packet::AgencyCard;
    let (_, sender) = AgencyCard::read(include_bytes!("fixtures/packet/sender.card.json")).unwrap();
    let mut verified = 0;
    for file in corpus("packet") {
        let data = std::fs::read(&file).unwrap();
        if let Ok(sealed) = Sealed::read(&data) {
            if sealed.verify(&sender).is_ok() {
                verified += 1;
                assert_eq!(data, include_bytes!("fixtures/packet/referral.havenpacket"));
            }
        }
    }
    assert_eq!(verified, 1, "the seeds include the test vector");
}

#[test]
fn the_agency_card_seeds_read_back_or_are_refused() {
    use haven::packet::AgencyCard;
    let mut read = 0;
    for file in corpus("agency_card") {
        if let Ok((card, keys)) = AgencyCard::read(&std::fs::read(&file).unwrap()) {
            read += 1;
            assert_eq!(AgencyCard::read(&card.to_bytes()).unwrap(), (card, keys));
        }
    }
    assert_eq!(read, 2, "the two cards of the test vector");
}
