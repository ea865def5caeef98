//! The canary: marker strings written through the public API appear in no file of the vault
//! directory, the temp directory or the home folder — also after a writer is killed with
//! SIGKILL in the middle of its writes, when every write that reported success must be there.
#![forbid(unsafe_code)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use common::*;
use haven::Role;

/// The child half of the tests below: writes users named by the markers in `HAVEN_MARKERS`
/// (one per line), printing `committed NAME` after each write returns.
fn run_writer() {
    let vault = haven::Vault::at(std::env::var("HAVEN_VAULT").unwrap());
    let mut session = admin(&vault);
    let markers = std::fs::read_to_string(std::env::var("HAVEN_MARKERS").unwrap()).unwrap();
    let mut out = std::io::stdout().lock();
    for m in markers.lines() {
        session
            .add_user(m, &[Role::Caseworker], &pass(OTHER_PASSPHRASE))
            .unwrap();
        writeln!(out, "committed {m}").unwrap();
        out.flush().unwrap();
    }
}

struct Layout {
    _root: tempfile::TempDir,
    vault: PathBuf,
    tmp: PathBuf,
    home: PathBuf,
    markers_file: PathBuf,
}

fn layout(markers: &[String]) -> Layout {
    let root = tempfile::tempdir().unwrap();
    let (vault, tmp, home) = (
        root.path().join("vault"),
        root.path().join("tmp"),
        root.path().join("home"),
    );
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    floor_vault(&vault);
    // The list of markers lives outside the scanned folders.
    let markers_file = root.path().join("markers.txt");
    std::fs::write(&markers_file, markers.join("\n")).unwrap();
    Layout {
        _root: root,
        vault,
        tmp,
        home,
        markers_file,
    }
}

fn writer(test: &str, l: &Layout) -> std::process::Child {
    spawn_self(
        test,
        "writer",
        &[
            ("HAVEN_VAULT", &l.vault),
            ("HAVEN_MARKERS", &l.markers_file),
            ("TMPDIR", &l.tmp),
            ("SQLITE_TMPDIR", &l.tmp),
            ("HOME", &l.home),
        ],
    )
}

fn assert_no_plaintext(l: &Layout, markers: &[String]) {
    let roots: [&Path; 3] = [&l.vault, &l.tmp, &l.home];
    assert!(
        count_files(&l.vault) >= 2,
        "the scan must see the vault's files"
    );
    let hits = canary_scan(&roots, markers);
    assert!(hits.is_empty(), "plaintext found on disk: {hits:?}");
    let head = std::fs::read(db_file(&l.vault)).unwrap();
    assert!(
        !head.starts_with(b"SQLite format 3"),
        "the database file has a plaintext header"
    );
}

fn assert_opening_without_the_key_fails(dir: &Path) {
    let conn = rusqlite::Connection::open(db_file(dir)).unwrap();
    let read = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    });
    assert!(read.is_err(), "the database opened without its key");
    let wrong_key = rusqlite::Connection::open(db_file(dir)).unwrap();
    wrong_key
        .execute_batch(&format!("PRAGMA key = \"x'{}'\";", "11".repeat(32)))
        .unwrap();
    let read = wrong_key.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    });
    assert!(read.is_err(), "the database opened with a wrong key");
}

#[test]
fn no_marker_written_through_the_api_reaches_the_disk_in_plaintext() {
    if child_role().is_some() {
        return run_writer();
    }
    let markers: Vec<String> = (0..5).map(|i| marker(&format!("user{i}"))).collect();
    let l = layout(&markers);
    let mut child = writer(
        "no_marker_written_through_the_api_reaches_the_disk_in_plaintext",
        &l,
    );
    let status = child.wait().unwrap();
    assert!(status.success());

    let session = admin(&haven::Vault::at(&l.vault));
    let names = user_names(&session);
    for m in &markers {
        assert!(names.contains(m), "{m} was not stored");
    }
    drop(session);
    assert_no_plaintext(&l, &markers);
    assert_opening_without_the_key_fails(&l.vault);
}

#[test]
fn a_writer_killed_mid_write_loses_no_reported_write_and_leaks_nothing() {
    if child_role().is_some() {
        return run_writer();
    }
    for round in 0..3u64 {
        let markers: Vec<String> = (0..200).map(|i| marker(&format!("k{round}-{i}"))).collect();
        let l = layout(&markers);
        let mut child = writer(
            "a_writer_killed_mid_write_loses_no_reported_write_and_leaks_nothing",
            &l,
        );
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut committed = Vec::new();
        // Kill after a varying number of writes, at a varying moment inside the next one.
        let kill_after = 3 + (round as usize) * 4;
        // The child's stdout also carries the test harness's own lines, and its first report
        // follows the harness's "test NAME ... " on the same line.
        while committed.len() < kill_after {
            let line = lines.next().expect("child output").unwrap();
            if let Some((_, name)) = line.split_once("committed ") {
                committed.push(name.to_owned());
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(7 * round + 3));
        // SIGKILL (std's `kill` on Unix) to our own child.
        let _ = child.kill();
        for line in lines.map_while(Result::ok) {
            if let Some((_, name)) = line.split_once("committed ") {
                committed.push(name.to_owned());
            }
        }
        child.wait().unwrap();

        let vault = haven::Vault::at(&l.vault);
        let session = admin(&vault);
        session.check_integrity().expect("integrity after the kill");
        let names = user_names(&session);
        for m in &committed {
            assert!(
                names.contains(m),
                "round {round}: a reported write was lost"
            );
        }
        // Every stored user can unlock: no half-written key slot.
        for m in names.iter().filter(|n| n.as_str() != ADMIN) {
            vault
                .unlock(m, &pass(OTHER_PASSPHRASE))
                .expect("a stored user unlocks");
        }
        drop(session);
        assert_no_plaintext(&l, &markers);
    }
}
