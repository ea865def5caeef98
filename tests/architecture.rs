//! The architecture's invariants, checked on the source itself (docs/ARCHITECTURE.md names each
//! test here beside the invariant it enforces).
//!
//! The core is in layers that only look down: the ground (errors, keys, records, names: no
//! database) → `vault` (keys, the database file, migrations) → `store` (every SQL statement of
//! the domain) → the domain (cases, report, audit, backup, demo) → `session` (who is signed in,
//! what they may do, the one write helper) → the crate root. These tests read `src/` as text:
//! they need no build of anything else and fail with the file and line at fault.
#![forbid(unsafe_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const GROUND: u8 = 0;
const VAULT: u8 = 1;
const STORE: u8 = 2;
const DOMAIN: u8 = 3;
const SESSION: u8 = 4;
const ROOT: u8 = 5;

/// Each module of the core and its layer; a module not named takes its parent's.
const LAYERS: &[(&str, u8)] = &[
    ("error", GROUND),
    ("secret", GROUND),
    ("clock", GROUND),
    ("random", GROUND),
    ("system", GROUND),
    ("hardening", GROUND),
    ("files", GROUND),
    ("roles", GROUND),
    ("recovery", GROUND),
    ("passphrase_policy", GROUND),
    ("auto_lock", GROUND),
    ("records", GROUND),
    ("users", GROUND),
    ("search", GROUND),
    ("preferences", GROUND),
    ("audit::entry", GROUND),
    ("integrity", GROUND),
    ("case_key", GROUND),
    ("packet", GROUND),
    ("vault", VAULT),
    ("store", STORE),
    ("cases", DOMAIN),
    ("report", DOMAIN),
    ("report::indicators", GROUND),
    ("audit", DOMAIN),
    ("backup", DOMAIN),
    ("demo", DOMAIN),
    ("lifecycle", DOMAIN),
    ("exchange", DOMAIN),
    ("relay", STORE),
    ("relay::refused", GROUND),
    ("session", SESSION),
];

fn layer_name(layer: u8) -> &'static str {
    [
        "ground",
        "vault",
        "store",
        "domain",
        "session",
        "crate root",
    ][layer as usize]
}

/// The layer of a module path (`store::users`, `audit::entry`); `None` for the crate root.
fn layer_of(path: &str) -> Option<u8> {
    LAYERS
        .iter()
        .filter(|(prefix, _)| path == *prefix || path.starts_with(&format!("{prefix}::")))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, layer)| *layer)
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, with its module path relative to `src/` (`store::users`).
fn rust_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(src()).unwrap_or(&path).with_extension("");
                let mut parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
                    parts.pop();
                }
                out.push((path, parts.join("::")));
            }
        }
    }
    out.sort();
    out
}

/// The text of a file with comments and the contents of string literals blanked out (bytes
/// and lines kept, so offsets and line numbers still match the text; the quotes of a string
/// literal stay, so literals can still be found).
fn code_only(text: &str) -> String {
    fn blank(out: &mut String, s: &str) {
        for c in s.chars() {
            if c == '\n' {
                out.push('\n');
            } else {
                out.push_str(&" ".repeat(c.len_utf8()));
            }
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            blank(&mut out, &rest[..end]);
            i += end;
        } else if rest.starts_with("r#\"") || rest.starts_with("r\"") {
            let hashes = rest[1..].chars().take_while(|&c| c == '#').count();
            let close = format!("\"{}", "#".repeat(hashes));
            let body_start = 2 + hashes;
            let end = rest[body_start..]
                .find(&close)
                .map_or(rest.len(), |e| body_start + e);
            out.push_str(&rest[..body_start]);
            blank(&mut out, &rest[body_start..end]);
            i += end;
        } else if rest.starts_with('"') {
            let rb = rest.as_bytes();
            let mut j = 1;
            while j < rb.len() && rb[j] != b'"' {
                j += if rb[j] == b'\\' { 2 } else { 1 };
            }
            let j = j.min(rest.len());
            out.push('"');
            blank(&mut out, &rest[1..j]);
            if j < rest.len() {
                out.push('"');
            }
            i += j + 1;
        } else if rest.starts_with("'\"'") {
            out.push_str("   ");
            i += 3;
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Every `crate::…` path a file names, with its line: inline paths and the items of
/// `use crate::{a, b::c}` groups.
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            if let Some(group) = after.strip_prefix('{') {
                let close = group.find('}').unwrap_or(group.len());
                for item in group[..close].split(',') {
                    let item = item.trim();
                    if !item.is_empty() {
                        out.push((n + 1, item.trim_end_matches("::{").to_owned()));
                    }
                }
                rest = &group[close..];
            } else {
                let path: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                out.push((n + 1, path.trim_end_matches(':').to_owned()));
                rest = &after[path.len()..];
            }
        }
    }
    out
}

/// Multi-line `use crate::{…}` groups joined onto one line, so [`crate_paths`] sees them whole.
fn join_use_groups(code: &str) -> String {
    let mut out = String::new();
    let mut open = false;
    for line in code.lines() {
        if open {
            out.push_str(line.trim());
            if line.contains('}') {
                open = false;
                out.push('\n');
            } else {
                out.push(' ');
            }
        } else if line.contains("crate::{") && !line.contains('}') {
            open = true;
            out.push_str(line);
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn every_module_of_the_core_imports_only_from_its_layer_or_below() {
    let mut wrong = Vec::new();
    for (path, module) in rust_files(&src()) {
        let text = fs::read_to_string(&path).unwrap();
        let Some(own) = (if module.is_empty() {
            Some(ROOT)
        } else {
            layer_of(&module)
        }) else {
            wrong.push(format!(
                "{module}: a module without a layer (add it to LAYERS)"
            ));
            continue;
        };
        let code = join_use_groups(&code_only(&text));
        for (line, target) in crate_paths(&code) {
            let first = target.split("::").next().unwrap_or_default();
            // `crate::Error`, `crate::Result`: the root re-exports of the ground's error type.
            if matches!(first, "Error" | "Result" | "ErrorKind" | "self" | "") {
                continue;
            }
            if module.is_empty() {
                continue;
            }
            let Some(theirs) = layer_of(&target) else {
                wrong.push(format!(
                    "{}:{line}: `crate::{target}` goes through the crate root; name the module",
                    path.display()
                ));
                continue;
            };
            if theirs > own {
                wrong.push(format!(
                    "{}:{line}: {module} ({}) imports crate::{target} ({}), a layer above it",
                    path.display(),
                    layer_name(own),
                    layer_name(theirs)
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "upward imports:\n{}", wrong.join("\n"));
}

/// Words that start SQL statements, as Haven writes them (upper case).
const SQL: &[&str] = &[
    "SELECT ", "INSERT ", "UPDATE ", "DELETE ", "CREATE ", "DROP ", "PRAGMA ", "ATTACH ",
    "DETACH ", "ALTER ", "BEGIN", "COMMIT",
];

/// The string literals of a file, with their lines.
fn string_literals(text: &str) -> Vec<(usize, String)> {
    let code = code_only(text);
    let mut out = Vec::new();
    let mut quotes = code.match_indices('"').map(|(i, _)| i);
    while let (Some(open), Some(close)) = (quotes.next(), quotes.next()) {
        let line = text[..open].matches('\n').count() + 1;
        out.push((line, text[open + 1..close].to_owned()));
    }
    out
}

#[test]
fn sql_is_written_only_in_store_and_vault() {
    let mut wrong = Vec::new();
    for (path, module) in rust_files(&src()) {
        if matches!(layer_of(&module), Some(VAULT | STORE)) {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        for (line, literal) in string_literals(&text) {
            let trimmed = literal.trim_start();
            if SQL.iter().any(|k| trimmed.starts_with(k)) {
                wrong.push(format!("{}:{line}: {trimmed:.60}", path.display()));
            }
        }
        let code = code_only(&text);
        for (n, l) in code.lines().enumerate() {
            for call in [
                ".execute(",
                ".execute_batch(",
                ".prepare(",
                ".prepare_cached(",
                ".query_row(",
            ] {
                if l.contains(call) {
                    wrong.push(format!(
                        "{}:{}: a statement run outside the store ({call})",
                        path.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "SQL outside store/ and vault/:\n{}",
        wrong.join("\n")
    );
}

/// Where each function may be called from: (what, the files allowed).
const CALLERS: &[(&str, &[&str])] = &[
    // The session's write and read helpers; the two ways in without a session.
    (
        "audit::append(",
        &["session/mod.rs", "session/open.rs", "backup/restore.rs"],
    ),
    // The log's rows go in through the chain alone.
    ("audit_log::insert(", &["audit/mod.rs"]),
];

#[test]
fn audit_entries_are_appended_only_by_the_write_helper_and_the_ways_in() {
    let mut wrong = Vec::new();
    let mut seen: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (path, _) in rust_files(&src()) {
        let rel = path
            .strip_prefix(src())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let code = code_only(&fs::read_to_string(&path).unwrap());
        for (call, allowed) in CALLERS {
            for (n, l) in code.lines().enumerate() {
                if l.contains(call) && !l.contains("fn ") {
                    seen.entry(call).or_default().push(rel.clone());
                    if !allowed.contains(&rel.as_str()) {
                        wrong.push(format!("src/{rel}:{}: calls {call}", n + 1));
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "audit entries appended elsewhere:\n{}",
        wrong.join("\n")
    );
    // The helpers themselves are where this test says: a rename must update it.
    assert!(
        seen["audit::append("].iter().any(|f| f == "session/mod.rs"),
        "{seen:?}"
    );
}

#[test]
fn the_write_helper_commits_the_change_and_its_audit_entry_in_one_transaction() {
    let text = fs::read_to_string(src().join("session/mod.rs")).unwrap();
    let start = text
        .find("pub(crate) fn transaction<T>(")
        .expect("the write helper");
    let body = &text[start..start + text[start..].find("\n    }\n").unwrap()];
    let append = body
        .find("audit::append(")
        .expect("the helper appends the entry");
    let commit = body.find("tx.commit()").expect("and commits");
    assert!(
        append < commit,
        "the entry is appended before the one commit"
    );
    assert_eq!(body.matches(".commit()").count(), 1);
}

#[test]
fn no_module_of_the_core_or_its_shells_is_over_700_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut long = Vec::new();
    for dir in ["src", "cli/src", "src-tauri/src"] {
        let dir = root.join(dir);
        if !dir.is_dir() {
            continue;
        }
        for (path, _) in rust_files(&dir) {
            let lines = fs::read_to_string(&path).unwrap().lines().count();
            if lines > 700 {
                long.push(format!("{} ({lines} lines)", path.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "split along a seam of the domain:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_core_depends_on_no_shell() {
    let manifest =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let deps = manifest
        .split("\n[dependencies]\n")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .expect("a [dependencies] table");
    for shell in ["tauri", "clap", "rpassword", "dirs", "arboard"] {
        assert!(
            !deps
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{shell} "))
                    || l.trim_start().starts_with(&format!("{shell}="))),
            "the core depends on {shell}"
        );
    }
    for (path, module) in rust_files(&src()) {
        let code = code_only(&fs::read_to_string(&path).unwrap());
        // The one exception: the panic hook the shells install writes its one line (no
        // payload, no value) to standard error.
        let words: &[&str] = if module == "hardening" {
            &["tauri::", "println!", "std::io::stdin", "std::io::stdout"]
        } else {
            &[
                "tauri::",
                "println!",
                "eprintln!",
                "print!(",
                "std::io::stdin",
                "std::io::stdout",
            ]
        };
        for word in words {
            // A whole word: `println!` must not match inside `eprintln!`.
            let found = code.match_indices(word).any(|(i, _)| {
                !code[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            assert!(!found, "{} uses {word}", path.display());
        }
    }
}

#[test]
fn the_layering_check_sees_an_upward_import() {
    // The test of the test: a store module naming the session is caught.
    let code = join_use_groups(&code_only(
        "use crate::{session::Session,\n    records::CaseRecord};\nfn f() { crate::cases::x(); }\n// crate::session in a comment\nconst S: &str = \"crate::session\";",
    ));
    let paths: Vec<String> = crate_paths(&code).into_iter().map(|(_, p)| p).collect();
    assert_eq!(
        paths,
        ["session::Session", "records::CaseRecord", "cases::x"]
    );
    assert!(layer_of("session::Session").unwrap() > layer_of("store::users").unwrap());
    assert_eq!(layer_of("audit::entry::Action"), Some(GROUND));
    assert_eq!(layer_of("audit"), Some(DOMAIN));
    let literals = string_literals("let q = \"SELECT 1\"; // \"DELETE x\"\nlet c = '\"';");
    assert_eq!(literals, [(1, "SELECT 1".to_owned())]);
}
