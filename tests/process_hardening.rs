//! The process keeps secrets out of crash dumps and panic messages.

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
