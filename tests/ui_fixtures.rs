//! What the UI's tests take from the core instead of copying it: every word list the
//! `vocabularies` command answers, and the permissions each role grants. Written into
//! `ui/src/bindings/` (beside the ts-rs bindings, like them generated and never edited) each time
//! this test runs; `make bindings-check` fails when the committed copies are stale, so a change
//! to a vocabulary or to the role matrix cannot leave the UI's tests on an old one.
#![forbid(unsafe_code)]

use std::collections::BTreeMap;
use std::path::Path;

use haven::records::vocab::Vocabularies;
use haven::roles::{granted, Permission, Role};

fn write(name: &str, value: &serde_json::Value) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings");
    let text = serde_json::to_string_pretty(value).unwrap() + "\n";
    let path = dir.join(name);
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&path, text).unwrap();
    }
}

#[test]
fn the_ui_tests_get_the_cores_vocabularies_and_role_matrix() {
    let vocabularies = serde_json::to_value(Vocabularies::all()).unwrap();
    assert!(vocabularies["sex"]
        .as_array()
        .is_some_and(|w| !w.is_empty()));
    write("vocabularies.json", &vocabularies);

    let matrix: BTreeMap<&str, serde_json::Value> = Role::ALL
        .iter()
        .map(|r| {
            (
                r.as_str(),
                serde_json::to_value(granted(&[*r], &[])).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        matrix["supervisor"],
        serde_json::json!(["readCaseData", "produceReport"])
    );
    let all = serde_json::to_value(Permission::ALL).unwrap();
    write(
        "permissions.json",
        &serde_json::json!({ "order": all, "roles": matrix }),
    );
}
