//! The interchange (import) format: arbitrary bytes as an import file.
//!
//! Two passes over the same bytes:
//! 1. every line alone through `parse_line` (what import reads): a line that parses must
//!    survive export's serializer (`Line::to_json`, which `expect`s) and read back equal;
//! 2. the whole input through the real entry point, `Session::import` as a dry run (all the
//!    rules, the vault lookups, the inserts, then a rollback) on a scratch vault that holds the
//!    fixture's organizations. It must answer with the summary or `Error::Problems`, never a
//!    panic and never another error (a database error would mean a rule let a bad value in).

#![no_main]

use haven::cases::MAX_REPORTED_PROBLEMS;
use haven::records::interchange::parse_line;
use haven::Error;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for (i, line) in data.split_inclusive(|&b| b == b'\n').enumerate() {
        let Ok(text) = std::str::from_utf8(line) else {
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        if let Ok(parsed) = parse_line(text, i as u64 + 1) {
            let json = parsed.to_json();
            let back = parse_line(&json, 1).expect("an exported line reads back");
            assert_eq!(back, parsed, "an exported line reads back the same");
        }
    }

    let result = haven_fuzz::with_sessions("interchange", &[], |s| {
        s[0].import(&mut &data[..], true, &mut |_| {})
    });
    match result {
        Ok(summary) => assert!(summary.dry_run),
        Err(Error::Problems(problems)) => {
            assert!(!problems.is_empty(), "a refusal names at least one problem");
            assert!(problems.len() <= MAX_REPORTED_PROBLEMS + 1);
        }
        // The kind only: the debug form of a database error may hold values.
        Err(e) => panic!("import failed other than with problems: {:?}", e.kind()),
    }
});
