//! The process keeps secrets out of crash dumps and panic messages.
#![forbid(unsafe_code)]

mod common;

use std::process::Stdio;

#[test]
fn hardening_turns_off_core_dumps_and_dumpability() {
    if common::child_role().as_deref() == Some("harden") {
        haven::hardening::harden_process().unwrap();
        assert!(haven::hardening::is_hardened());
        return;
    }
    // In a child, so the test runner itself stays debuggable.
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "hardening_turns_off_core_dumps_and_dumpability",
            "--exact",
            "--test-threads=1",
        ])
        .env("HAVEN_TEST_CHILD", "harden")
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    assert!(
        !haven::hardening::is_hardened(),
        "the parent was not meant to be hardened"
    );
}

#[test]
fn a_panic_message_never_shows_its_payload() {
    let marker = common::marker("panic");
    if common::child_role().as_deref() == Some("panic") {
        haven::hardening::install_quiet_panic_hook("haven");
        let secret = std::env::var("HAVEN_TEST_MARKER").unwrap();
        panic!("record of {secret}");
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "a_panic_message_never_shows_its_payload",
            "--exact",
            "--test-threads=1",
            "--nocapture",
        ])
        .env("HAVEN_TEST_CHILD", "panic")
        .env("HAVEN_TEST_MARKER", &marker)
        .output()
        .unwrap();
    assert!(!out.status.success(), "the child was meant to panic");
    let all = [out.stdout, out.stderr].concat();
    let text = String::from_utf8_lossy(&all);
    assert!(
        text.contains("haven: internal error at tests/process_hardening.rs"),
        "{text}"
    );
    assert!(!text.contains(&marker), "the payload leaked: {text}");
}

/// Each byte of the secrets the memory scan looks for is stored XORed with this, so the test's
/// own copies are not what it finds.
const MASK: u8 = 0xA5;

fn masked(s: &str) -> Vec<u8> {
    s.bytes().map(|b| b ^ MASK).collect()
}

fn unmasked_string(m: &[u8]) -> String {
    String::from_utf8(m.iter().map(|b| b ^ MASK).collect()).unwrap()
}

/// Where in this process's readable memory any of `patterns` (masked) occurs: the labels found.
/// Reads /proc/self/maps and /proc/self/mem, a megabyte at a time with an overlap.
fn scan_own_memory(patterns: &[(&str, Vec<u8>)]) -> Vec<String> {
    use std::os::unix::fs::FileExt;
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    let mem = std::fs::File::open("/proc/self/mem").unwrap();
    let longest = patterns.iter().map(|(_, p)| p.len()).max().unwrap();
    let mut buf = vec![0u8; 1 << 20];
    let mut found = Vec::new();
    for line in maps.lines() {
        let mut parts = line.split_whitespace();
        let range = parts.next().unwrap();
        let perms = parts.next().unwrap();
        let path = parts.nth(3).unwrap_or("");
        if !perms.starts_with('r') || path.starts_with("[v") {
            continue;
        }
        let (start, end) = range.split_once('-').unwrap();
        let (start, end) = (
            u64::from_str_radix(start, 16).unwrap(),
            u64::from_str_radix(end, 16).unwrap(),
        );
        let mut at = start;
        while at < end {
            let n = (end - at).min(buf.len() as u64) as usize;
            let Ok(read) = mem.read_at(&mut buf[..n], at) else {
                break;
            };
            if read == 0 {
                break;
            }
            for (label, pattern) in patterns {
                let first = pattern[0] ^ MASK;
                let hit = buf[..read].iter().enumerate().any(|(i, &b)| {
                    b == first
                        && i + pattern.len() <= read
                        && pattern
                            .iter()
                            .zip(&buf[i..i + pattern.len()])
                            .all(|(p, m)| p ^ MASK == *m)
                });
                if hit && !found.iter().any(|f: &String| f == label) {
                    found.push(label.to_string());
                }
                if hit && std::env::var_os("HAVEN_SCAN_WHERE").is_some() {
                    println!("where: {label} in {line}");
                }
            }
            if at + read as u64 >= end {
                break;
            }
            at += (read - longest) as u64;
        }
    }
    // The buffer held process memory: wipe it before it is freed.
    buf.iter_mut().for_each(|b| *b = 0);
    found
}

/// The child half of the test below: unlocks, works, scans its own memory while unlocked (the
/// key must be found: the scan works), locks, scans again (nothing may be found).
fn key_scan_child() {
    let vault = haven::Vault::at(std::env::var("HAVEN_VAULT").unwrap());
    let masked_pass = hex::decode(std::env::var("HAVEN_MASKED_PASSPHRASE").unwrap()).unwrap();
    let mut session = vault
        .unlock(
            "scan.admin",
            &haven::Passphrase::new(unmasked_string(&masked_pass)),
        )
        .unwrap();
    let forms = session.masked_key_forms_for_test(MASK);
    let patterns = [
        ("data key", forms[0].clone()),
        ("data key as hex", forms[1].clone()),
        ("data key as lowercase hex", forms[2].clone()),
        ("passphrase", masked_pass.clone()),
    ];
    // Work that touches the key in every way: writes (audit chain), a backup (its MAC key),
    // a passphrase check (rotation is not needed: it ends the session).
    let mut line = String::from(
        r#"{"type":"organization","name":"Scan Shelter","kind":"shelter","sector":"state","capacity":3}"#,
    );
    line.push('\n');
    session
        .import(&mut line.as_bytes(), false, &mut |_| {})
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    session
        .backup(&dir.path().join("scan.havenbackup"))
        .unwrap();
    session.verify_audit(None).unwrap();

    let unlocked = scan_own_memory(&patterns[..1]);
    println!("after unlock: {}", unlocked.join(", "));
    session.lock();
    let locked = scan_own_memory(&patterns);
    println!("after lock: {}", locked.join(", "));
}

#[test]
fn after_lock_no_key_or_passphrase_bytes_remain_in_memory() {
    if common::child_role().as_deref() == Some("keyscan") {
        key_scan_child();
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // A passphrase of this run only, made here (in the parent) and handed over masked.
    let passphrase = format!("{} {}", common::ADMIN_PASSPHRASE, common::marker("p"));
    let vault = haven::Vault::at(dir.path());
    vault
        .create_with(
            "scan.admin",
            &passphrase.as_str().into(),
            haven::KdfParams::FLOOR,
        )
        .unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "after_lock_no_key_or_passphrase_bytes_remain_in_memory",
            "--exact",
            "--test-threads=1",
            "--nocapture",
        ])
        .env("HAVEN_TEST_CHILD", "keyscan")
        .env("HAVEN_VAULT", dir.path())
        .env("HAVEN_MASKED_PASSPHRASE", hex::encode(masked(&passphrase)))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = |p: &str| {
        text.lines()
            .find_map(|l| l.split_once(p).map(|(_, rest)| rest))
            .unwrap_or_else(|| panic!("no {p} line in {text}"))
            .trim()
            .to_owned()
    };
    // The control: while unlocked the scan finds the key, so a clean scan means something.
    assert_eq!(line("after unlock:"), "data key", "{text}");
    assert_eq!(line("after lock:"), "", "found after lock: {text}");
}
