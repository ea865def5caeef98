//! Erasure really erases (lifecycle.md): after a case is erased, or its narratives purged, no
//! file of the vault folder holds what was removed — neither as the files lie on disk nor in
//! any page of the database or frame of its log decrypted with the data key, free pages
//! included. The same scan finds every marker before the erasure, so it would see a leftover.
//! And a process killed in the middle of an erasure leaves the case untouched or wholly erased.
#![forbid(unsafe_code)]

mod common;
mod lifecycle_support;

use std::io::{BufRead, BufReader, Write};
use std::time::{Duration, Instant};

use common::*;
use haven::cases::CaseFilter;
use haven::lifecycle::ErasureKind;
use haven::records::interchange::NoteRecord;
use haven::records::vocab::DocumentKind;
use haven::ErrorKind;
use lifecycle_support::*;

/// Needles for the pieces of ciphertext and the case's key that an erasure must remove: the
/// key, and 32 bytes of each sealed text (after its nonce).
fn sealed_needles(rows: &SealedRows) -> Needles {
    let mut n = Needles::default().bytes("the case's key", rows.key.as_ref().expect("a key"));
    for (kind, blobs) in [
        ("note", &rows.notes),
        ("document", &rows.documents),
        ("override", &rows.overrides),
    ] {
        for (i, b) in blobs.iter().enumerate() {
            n = n.bytes(&format!("sealed {kind} {i}"), &b[24..56]);
        }
    }
    n
}

/// The marked case of a new team vault, an override's reason among its narratives, and a
/// second marked case that is left alone. Sessions locked; returns the markers.
struct Scene {
    _dir: tempfile::TempDir,
    vault: haven::Vault,
    case: Marked,
    reason: String,
    other: Marked,
    key: [u8; 32],
    sealed: SealedRows,
}

fn scene() -> Scene {
    let dir = tempfile::tempdir().unwrap();
    let vault = team_vault(dir.path());
    let mut cw = unlock(&vault, ADMIN_CW);
    let case = marked_case(&mut cw, 3, 2, 40_000);
    let other = marked_case(&mut cw, 1, 1, 5_000);
    // A referral without consent, for a reason that is sealed like a note.
    let reason = marker("reason");
    cw.add_referral_with_override(&case.code, referral("2025-04-01", "Other NGO"), &reason)
        .unwrap();
    let key = data_key(&cw);
    let sealed = sealed_rows(&cw, &case.code);

    // What the case's key sealed is what was written: the sealed rows are the narratives.
    let k = sealed.key.clone().unwrap();
    let open = |kind: &str, b: &Vec<u8>| unseal(&k, kind, &sealed.uuid, b).expect("opens");
    let notes: Vec<String> = sealed
        .notes
        .iter()
        .map(|b| String::from_utf8(open("note", b)).unwrap())
        .collect();
    assert_eq!(notes, case.notes);
    let docs: Vec<Vec<u8>> = sealed
        .documents
        .iter()
        .map(|b| open("document", b))
        .collect();
    assert_eq!(
        docs,
        case.documents
            .iter()
            .map(|(_, c)| c.clone())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        open("override reason", &sealed.overrides[0]),
        reason.as_bytes()
    );

    // The scan finds every identifying value and file name in the decrypted pages (the WAL
    // holds them, the session being open), none in the files as they lie on disk, and no
    // note, document or reason even decrypted: those are sealed.
    let hits = scan(dir.path(), Some(&key), &case.all().text(&reason));
    assert!(
        hits.iter().all(|h| h.place != "raw"),
        "plaintext on disk: {hits:?}"
    );
    let mut want = case.names.clone();
    want.extend(case.file_names.iter().cloned());
    want.sort();
    assert_eq!(labels(&hits), want, "{hits:?}");
    assert!(
        hits.iter().any(|h| h.file == wal_file(dir.path())),
        "the WAL's frames are read: {hits:?}"
    );
    let found = scan(dir.path(), Some(&key), &sealed_needles(&sealed));
    assert_eq!(
        labels(&found).len(),
        1 + 3 + 2 + 1,
        "the sealed rows are found: {found:?}"
    );
    cw.lock();
    Scene {
        _dir: dir,
        vault,
        case,
        reason,
        other,
        key,
        sealed,
    }
}

#[test]
fn an_erased_case_leaves_no_marker_in_any_file_or_decrypted_page() {
    let sc = scene();
    let dir = sc.vault.dir().to_path_buf();
    // After the lock the database holds it all (the WAL folded in): still found.
    let before = scan(&dir, Some(&sc.key), &sc.case.identity());
    assert_eq!(labels(&before).len(), sc.case.names.len(), "{before:?}");

    let mut a = unlock(&sc.vault, ADMIN_CW);
    let preview = a
        .erasure_preview(&sc.case.code, ErasureKind::Identity)
        .unwrap();
    assert!(preview.names && preview.birth_date && preview.phone && preview.reference);
    assert_eq!(
        (
            preview.aliases,
            preview.employers,
            preview.notes,
            preview.documents,
            preview.override_reasons
        ),
        (2, 1, 3, 2, 1)
    );
    let summary = a
        .erase(&sc.case.code, ErasureKind::Identity, "the person asked")
        .unwrap();
    assert_eq!(
        (summary.notes, summary.documents, summary.override_reasons),
        (3, 2, 1)
    );
    assert!(summary.log_truncated, "the log is emptied at once");
    assert_eq!(std::fs::metadata(wal_file(&dir)).map_or(0, |m| m.len()), 0);

    // The case keeps its code, dates and events; the identity and narratives are gone.
    assert_eq!(identity_of(&a, &sc.case.code), ERASED);
    let r = a.show_case(&sc.case.code).unwrap().record;
    assert_eq!(
        r.person.age_at_identification,
        Some(25),
        "the age at identification stays"
    );
    assert_eq!(
        (r.referrals.len(), r.consents.len(), r.employments.len()),
        (2, 1, 1)
    );
    for name in &sc.case.names[..4] {
        let found = a.list_cases(&CaseFilter {
            query: Some(name.clone()),
            ..Default::default()
        });
        assert!(found.unwrap().is_empty(), "{name} is still searchable");
    }
    // An erased case takes no more changes, and is not erased twice.
    let code = sc.case.code.clone();
    let person = a.show_case(&code).unwrap().record.person;
    let day = d("2025-05-01");
    let refused: Vec<(&str, haven::Result<()>)> = vec![
        (
            "note",
            a.add_note(
                &code,
                NoteRecord {
                    date: day,
                    text: "x".into(),
                },
            )
            .map(drop),
        ),
        ("person", a.edit_person(&code, person)),
        (
            "consent",
            a.add_consent(&code, referrals_consent("2025-05-01", "2026-04-30", &[]))
                .map(drop),
        ),
        (
            "referral",
            a.add_referral(&code, referral("2025-05-01", "Home Shelter"))
                .map(drop),
        ),
        (
            "document",
            a.add_document(&code, DocumentKind::Other, "x.pdf", b"x")
                .map(drop),
        ),
        ("caseworker", a.assign_caseworker(&code, Some(CASEWORKER))),
        (
            "erase",
            a.erase(&code, ErasureKind::Narratives, "again").map(drop),
        ),
    ];
    for (what, result) in refused {
        let e = result.unwrap_err();
        assert!(matches!(e, haven::Error::CaseErased), "{what}: {e:?}");
        assert_eq!(e.kind(), ErrorKind::Invalid);
    }
    // The work with the person can still end: an erased case closes and reopens.
    let closed = a.show_case(&code).unwrap().record.closed_on.is_some();
    if closed {
        a.reopen_case(&code).unwrap();
    }
    a.close_case(&code, day).unwrap();
    assert!(a.show_case(&code).unwrap().record.closed_on.is_some());
    // The other case is untouched.
    assert!(identity_of(&a, &sc.other.code).contains(&sc.other.names[0]));
    // The log says who erased which case and how far, never a value.
    let log = a.audit_log(Some(&sc.case.code)).unwrap();
    let entry = log
        .iter()
        .find(|l| l.action == "case.erase")
        .expect("logged");
    assert_eq!(entry.detail.as_deref(), Some("erasure kind=identity"));
    a.lock();

    let mut gone = sc.case.all().text(&sc.reason);
    gone = gone.bytes("the case's key", sc.sealed.key.as_ref().unwrap());
    let hits = scan(&dir, Some(&sc.key), &gone);
    assert!(hits.is_empty(), "left after the erasure: {hits:?}");
    let hits = scan(&dir, Some(&sc.key), &sealed_needles(&sc.sealed));
    assert!(
        hits.is_empty(),
        "sealed rows left after the erasure: {hits:?}"
    );
    // The scan still sees the other case.
    let kept = scan(&dir, Some(&sc.key), &sc.other.identity());
    assert_eq!(labels(&kept).len(), sc.other.names.len(), "{kept:?}");
}

#[test]
fn a_purge_of_narratives_removes_notes_and_documents_and_keeps_the_names() {
    let sc = scene();
    let dir = sc.vault.dir().to_path_buf();
    let mut cw = unlock(&sc.vault, CASEWORKER);
    // Not the case's caseworker: not allowed to purge it.
    let e = cw
        .erase(&sc.case.code, ErasureKind::Narratives, "asked")
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden);
    let mut a = unlock(&sc.vault, ADMIN_CW);
    a.assign_caseworker(&sc.case.code, Some(CASEWORKER))
        .unwrap();
    let identity = identity_of(&cw, &sc.case.code);
    let summary = cw
        .erase(&sc.case.code, ErasureKind::Narratives, "asked")
        .unwrap();
    assert_eq!(
        (summary.notes, summary.documents, summary.override_reasons),
        (3, 2, 1)
    );
    let after = identity_of(&cw, &sc.case.code);
    assert_eq!(
        after,
        identity.replace("notes=3 documents=2", "notes=0 documents=0")
    );
    cw.lock();
    a.lock();

    let mut gone = sc.case.narratives().text(&sc.reason);
    gone = gone.bytes("the case's key", sc.sealed.key.as_ref().unwrap());
    let hits = scan(&dir, Some(&sc.key), &gone);
    assert!(hits.is_empty(), "left after the purge: {hits:?}");
    let hits = scan(&dir, Some(&sc.key), &sealed_needles(&sc.sealed));
    assert!(
        hits.is_empty(),
        "sealed rows left after the purge: {hits:?}"
    );
    let kept = scan(&dir, Some(&sc.key), &sc.case.identity());
    assert!(kept.iter().all(|h| h.place != "raw"), "{kept:?}");
    assert_eq!(
        labels(&kept).len(),
        sc.case.names.len(),
        "the names stay: {kept:?}"
    );

    // A case purged of its narratives can take new notes (under a new key), and can still be
    // erased whole.
    let mut a = unlock(&sc.vault, ADMIN_CW);
    let later = marker("later-note");
    a.add_note(
        &sc.case.code,
        NoteRecord {
            date: d("2025-06-01"),
            text: later.clone(),
        },
    )
    .unwrap();
    a.erase(&sc.case.code, ErasureKind::Identity, "the person asked")
        .unwrap();
    let kinds: Vec<ErasureKind> = a.erasures().unwrap().iter().map(|e| e.line.kind).collect();
    assert_eq!(kinds, vec![ErasureKind::Narratives, ErasureKind::Identity]);
    a.lock();
    let hits = scan(&dir, Some(&sc.key), &sc.case.identity().text(&later));
    assert!(hits.is_empty(), "left after the erasure: {hits:?}");
}

// --- killed in the middle of an erasure -----------------------------------------------------

/// The child: unlocks, says so, erases the case, says so.
fn run_eraser() {
    let vault = haven::Vault::at(std::env::var("HAVEN_VAULT").unwrap());
    let code = std::fs::read_to_string(std::env::var("HAVEN_CODE").unwrap()).unwrap();
    let mut a = unlock(&vault, ADMIN_CW);
    let mut out = std::io::stdout().lock();
    writeln!(out, "\nERASER ready").unwrap();
    out.flush().unwrap();
    a.erase(code.trim(), ErasureKind::Identity, "the person asked")
        .unwrap();
    writeln!(out, "\nERASER erased").unwrap();
    out.flush().unwrap();
    a.lock();
}

fn copy_folder(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn an_erasure_killed_at_any_moment_leaves_the_case_whole_or_wholly_erased() {
    const TEST: &str = "an_erasure_killed_at_any_moment_leaves_the_case_whole_or_wholly_erased";
    if child_role().is_some() {
        return run_eraser();
    }
    let started = Instant::now();
    let root = tempfile::tempdir().unwrap();
    let template = root.path().join("template");
    let vault = team_vault(&template);
    let mut cw = unlock(&vault, ADMIN_CW);
    // Large narratives: deleting and overwriting them is most of the erasure's work.
    let case = marked_case(&mut cw, 40, 3, 2_000_000);
    let key = data_key(&cw);
    let whole = identity_of(&cw, &case.code);
    cw.lock();
    let code_file = root.path().join("code.txt");
    std::fs::write(&code_file, &case.code).unwrap();

    // How long an erasure takes here, on a copy: the kills are spread over it.
    let timing = root.path().join("timing");
    copy_folder(&template, &timing);
    let mut a = unlock(&haven::Vault::at(&timing), ADMIN_CW);
    let t = Instant::now();
    a.erase(&case.code, ErasureKind::Identity, "timing")
        .unwrap();
    let took = t.elapsed();
    a.lock();

    let (mut untouched, mut erased) = (0, 0);
    for round in 0..10u32 {
        let dir = root.path().join(format!("round{round}"));
        copy_folder(&template, &dir);
        let mut child = spawn_self(
            TEST,
            "eraser",
            &[("HAVEN_VAULT", &dir), ("HAVEN_CODE", &code_file)],
        );
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        while !lines
            .next()
            .expect("child output")
            .unwrap()
            .starts_with("ERASER ready")
        {}
        // From at once to a little after the erasure would have finished.
        let delay =
            took.mul_f64(f64::from(round) / 8.0) + Duration::from_micros(u64::from(round) * 397);
        std::thread::sleep(delay);
        let _ = child.kill();
        let reported = lines
            .map_while(Result::ok)
            .any(|l| l.starts_with("ERASER erased"));
        child.wait().unwrap();

        // The vault opens, is whole, and the case is as it was or erased whole.
        let vault = haven::Vault::at(&dir);
        let s = unlock(&vault, ADMIN_CW);
        s.check_integrity().expect("integrity after the kill");
        assert!(s.verify_audit(None).unwrap().is_intact());
        let now = identity_of(&s, &case.code);
        let register = s.erasures().unwrap().len();
        let was_erased = match (now.as_str(), register) {
            (n, 0) if n == whole => false,
            (ERASED, 1) => true,
            (n, r) => panic!("round {round} after {delay:?}: half erased: {n} (register {r})"),
        };
        assert!(
            !reported || was_erased,
            "round {round}: reported erased but is not"
        );
        if !was_erased {
            for (i, (_, content)) in case.documents.iter().enumerate() {
                let id = s.list_documents(&case.code).unwrap()[i].id;
                assert!(
                    s.read_document(&case.code, id).unwrap() == *content,
                    "document {i}"
                );
            }
            let notes: Vec<String> = s
                .show_case(&case.code)
                .unwrap()
                .record
                .notes
                .into_iter()
                .map(|n| n.text)
                .collect();
            assert_eq!(notes, case.notes);
        }
        s.lock();
        let hits = scan(&dir, Some(&key), &case.identity());
        if was_erased {
            erased += 1;
            assert!(
                hits.is_empty(),
                "round {round}: left after the erasure: {hits:?}"
            );
        } else {
            untouched += 1;
            assert_eq!(
                labels(&hits).len(),
                case.names.len(),
                "round {round}: {hits:?}"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
    println!(
        "erasure under SIGKILL: one erasure took {took:?}; 10 kills: {untouched} untouched, \
         {erased} erased; {:.1} s in all",
        started.elapsed().as_secs_f64()
    );
    assert!(erased > 0, "no round let the erasure finish");
}
