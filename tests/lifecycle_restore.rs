//! What outlives an erasure, and what takes it back (lifecycle.md): a backup made before an
//! erasure restored with the register of erasures keeps no trace of the erased, while one
//! restored without it brings the data back (the risk the screens warn of); a register of
//! another vault is refused. A vault from before narratives were sealed opens, reads its
//! notes and documents back, and holds none of them in the clear after its first unlock. And
//! retention: the closed cases past the period are listed, and purged only as confirmed.
#![forbid(unsafe_code)]

mod common;
mod lifecycle_support;

use std::path::Path;

use common::*;
use haven::backup::{self, RestoreWith};
use haven::lifecycle::ErasureKind;
use haven::records::CivilDate;
use haven::report::ReportRequest;
use haven::{ErrorKind, Session, Vault};
use lifecycle_support::*;

fn as_admin_worker<'a>(p: &'a haven::Passphrase) -> RestoreWith<'a> {
    RestoreWith::Passphrase {
        user: ADMIN_CW,
        passphrase: p,
    }
}

fn report_json(s: &Session) -> Vec<Vec<u8>> {
    [("2025-01-01", "2025-12-31"), ("2025-03-01", "2025-03-31")]
        .iter()
        .map(|(from, to)| {
            let request = ReportRequest {
                from: (*from).into(),
                to: (*to).into(),
                min_cell: Some(1),
            };
            let mut r = s.indicator_report(&request).unwrap();
            r.generated_at = String::new();
            haven::report::formats::render(&r, haven::report::formats::ReportFormat::Json).unwrap()
        })
        .collect()
}

/// A live vault with two marked cases and a backup of it taken before anything was erased.
struct Before {
    root: tempfile::TempDir,
    vault: Vault,
    erased: Marked,
    purged: Marked,
    key: [u8; 32],
    sealed: SealedRows,
    backup: std::path::PathBuf,
}

fn before() -> Before {
    let root = tempfile::tempdir().unwrap();
    let vault = team_vault(&root.path().join("live"));
    let mut a = unlock(&vault, ADMIN_CW);
    let erased = marked_case(&mut a, 2, 1, 20_000);
    let purged = marked_case(&mut a, 2, 1, 20_000);
    let key = data_key(&a);
    let sealed = sealed_rows(&a, &erased.code);
    let backup = root.path().join("old.havenbackup");
    a.backup(&backup).unwrap();
    a.lock();
    Before {
        root,
        vault,
        erased,
        purged,
        key,
        sealed,
        backup,
    }
}

#[test]
fn an_old_backup_restored_with_the_register_keeps_no_trace_of_the_erased() {
    let b = before();
    let mut a = unlock(&b.vault, ADMIN_CW);
    a.erase(&b.erased.code, ErasureKind::Identity, "the person asked")
        .unwrap();
    a.erase(&b.purged.code, ErasureKind::Narratives, "no longer needed")
        .unwrap();
    let register = b.root.path().join("erasures.json");
    assert_eq!(a.export_erasures(&register).unwrap(), 2);
    // The register holds codes, uuids, dates and kinds: no value, no reason.
    let text = std::fs::read_to_string(&register).unwrap();
    assert!(
        !text.contains("asked") && !text.contains("needed"),
        "{text}"
    );
    assert!(scan(b.root.path(), None, &b.erased.all())
        .iter()
        .all(|h| h.file == b.backup));
    let sv = unlock(&b.vault, SUPERVISOR);
    let reports = report_json(&sv);
    sv.lock();
    a.lock();

    let target = Vault::at(b.root.path().join("restored"));
    let p = pass(OTHER_PASSPHRASE);
    let bytes = std::fs::read(&register).unwrap();
    let summary = backup::restore_with_erasures(
        &b.backup,
        &target,
        as_admin_worker(&p),
        Some(&bytes),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(summary.erasures_reapplied, 2);
    assert!(summary.audit_intact);

    let r = unlock(&target, ADMIN_CW);
    assert_eq!(identity_of(&r, &b.erased.code), ERASED);
    let purged = identity_of(&r, &b.purged.code);
    assert!(
        purged.contains(&b.purged.names[0]) && purged.ends_with("notes=0 documents=0"),
        "{purged}"
    );
    let kinds: Vec<ErasureKind> = r.erasures().unwrap().iter().map(|e| e.line.kind).collect();
    assert_eq!(kinds, vec![ErasureKind::Identity, ErasureKind::Narratives]);
    r.check_integrity().unwrap();
    r.lock();
    let sv = unlock(&target, SUPERVISOR);
    assert_eq!(
        report_json(&sv),
        reports,
        "the restored vault's reports are the live one's"
    );
    sv.lock();

    // No trace in any file of the restored folder, decrypted or not (its key is the backup's).
    let gone = b
        .erased
        .all()
        .bytes("the case's key", b.sealed.key.as_ref().unwrap());
    let hits = scan(target.dir(), Some(&b.key), &gone);
    assert!(hits.is_empty(), "left in the restored vault: {hits:?}");
    let hits = scan(target.dir(), Some(&b.key), &b.purged.narratives());
    assert!(
        hits.is_empty(),
        "narratives left in the restored vault: {hits:?}"
    );
    let kept = scan(target.dir(), Some(&b.key), &b.purged.identity());
    assert_eq!(
        labels(&kept).len(),
        b.purged.names.len(),
        "the scan sees the restored vault: {kept:?}"
    );
}

#[test]
fn a_register_of_another_vault_is_refused_and_without_one_the_old_backup_brings_the_data_back() {
    let b = before();
    let mut a = unlock(&b.vault, ADMIN_CW);
    a.erase(&b.erased.code, ErasureKind::Identity, "the person asked")
        .unwrap();
    a.lock();
    let p = pass(OTHER_PASSPHRASE);

    // Another vault's register, and a file that is no register at all: refused, nothing left.
    let other = team_vault(&b.root.path().join("other"));
    let mut o = unlock(&other, ADMIN_CW);
    let code = marked_case(&mut o, 0, 0, 0).code;
    o.erase(&code, ErasureKind::Identity, "asked").unwrap();
    let foreign = b.root.path().join("foreign.json");
    o.export_erasures(&foreign).unwrap();
    o.lock();
    let target = Vault::at(b.root.path().join("refused"));
    for bytes in [
        std::fs::read(&foreign).unwrap(),
        b"{\"format\":\"something\"}".to_vec(),
    ] {
        let e = backup::restore_with_erasures(
            &b.backup,
            &target,
            as_admin_worker(&p),
            Some(&bytes),
            &mut |_| {},
        )
        .unwrap_err();
        assert_eq!(
            (e.kind(), e.field()),
            (ErrorKind::Invalid, Some("erasures")),
            "{e:?}"
        );
        assert!(!target.exists());
        let left = std::fs::read_dir(target.dir()).map_or(0, |d| d.count());
        assert_eq!(left, 0, "a refused restore left files");
    }

    // Without the register the old backup holds the erased person again: why the erase
    // confirmation and the backup screen say so, and why the register exists.
    let plain = Vault::at(b.root.path().join("plain"));
    let summary = backup::restore(&b.backup, &plain, as_admin_worker(&p)).unwrap();
    assert_eq!(summary.erasures_reapplied, 0);
    let r = unlock(&plain, ADMIN_CW);
    let identity = identity_of(&r, &b.erased.code);
    assert!(
        identity.contains(&b.erased.names[0]) && identity.ends_with("notes=2 documents=1"),
        "{identity}"
    );
    assert!(r.erasures().unwrap().is_empty());
    r.lock();
    let back = scan(plain.dir(), Some(&b.key), &b.erased.identity());
    assert_eq!(labels(&back).len(), b.erased.names.len());
}

/// The fixture of the first schema, copied to `to`.
fn copy_fixture(to: &Path) -> Vault {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault-schema-1");
    std::fs::create_dir_all(to).unwrap();
    for f in [haven::vault::DATABASE_FILE, haven::vault::KEY_FILE] {
        std::fs::copy(fixture.join(f), to.join(f)).unwrap();
    }
    Vault::at(to)
}

#[test]
fn a_vault_from_before_sealing_opens_and_its_notes_and_documents_are_sealed_at_first_unlock() {
    let root = tempfile::tempdir().unwrap();
    // The fixture's data key, from a copy that this build opens (and brings up to date).
    let probe = copy_fixture(&root.path().join("probe"));
    let key = data_key(&probe.unlock(ADMIN, &pass(ADMIN_PASSPHRASE)).unwrap());

    // Another copy taken to schema 4 with notes and documents written as that schema kept
    // them: in the clear, inside the encrypted database.
    let dir = root.path().join("old");
    let vault = copy_fixture(&dir);
    let (given, notes, doc) = (
        marker("given"),
        [marker("note1"), marker("note2")],
        marker("doc"),
    );
    let content = marked_document(&doc, 50_000);
    {
        let mut c = rusqlite::Connection::open(db_file(&dir)).unwrap();
        c.execute_batch(&format!(
            "PRAGMA key = \"x'{}'\"; PRAGMA cipher_page_size = {PAGE};",
            hex::encode(key)
        ))
        .unwrap();
        assert_eq!(haven::vault::database::schema_version(&c).unwrap(), 1);
        haven::vault::database::migrate_to(&mut c, 4).unwrap();
        let tx = c.transaction().unwrap();
        tx.execute(
            "INSERT INTO persons (given_name, family_name, sex, age_at_identification, languages)
             VALUES (?1, 'Older', 'female', 30, 'az')",
            [&given],
        )
        .unwrap();
        tx.execute_batch(
            "INSERT INTO cases (uuid, code, person_id, identified_on, recognition, exploitation, status,
                                created_at, updated_at)
             VALUES ('0190a4c8-5e1f-7000-8000-00000000c0de', '2020-0001', last_insert_rowid(), '2020-05-01',
                     'recognized', 'sexual', 'open', '2020-05-01T09:00:00Z', '2020-05-01T09:00:00Z');
             INSERT INTO case_code_sequences (year, last) VALUES (2020, 1);",
        )
        .unwrap();
        tx.execute(
            "INSERT INTO case_search (rowid, names, codes) VALUES (1, ?1, ?2)",
            [
                haven::search::fold::index_terms(&format!("{given} Older")),
                haven::search::fold::index_terms("2020-0001"),
            ],
        )
        .unwrap();
        for text in &notes {
            tx.execute(
                "INSERT INTO notes (case_id, date, text) VALUES (1, '2020-05-02', ?1)",
                [text],
            )
            .unwrap();
        }
        tx.execute(
            "INSERT INTO documents (case_id, kind, file_name, size, content, added_at)
             VALUES (1, 'medical_report', 'old-scan.pdf', ?1, ?2, '2020-05-03T09:00:00Z')",
            rusqlite::params![content.len() as i64, content],
        )
        .unwrap();
        tx.commit().unwrap();
    }
    let narratives = notes
        .iter()
        .fold(Needles::default().text(&doc), |n, m| n.text(m));
    let found = scan(&dir, Some(&key), &narratives);
    assert_eq!(
        labels(&found).len(),
        3,
        "the old schema keeps them in the clear: {found:?}"
    );
    assert!(found.iter().all(|h| h.place != "raw"));

    // The first unlock migrates and seals; everything reads back as it was.
    let s = vault
        .unlock("fixture.caseworker", &pass(OTHER_PASSPHRASE))
        .unwrap();
    assert_eq!(
        s.schema_version().unwrap(),
        haven::vault::database::SCHEMA_VERSION
    );
    let read: Vec<String> = s
        .show_case("2020-0001")
        .unwrap()
        .record
        .notes
        .into_iter()
        .map(|n| n.text)
        .collect();
    assert_eq!(read, notes);
    let docs = s.list_documents("2020-0001").unwrap();
    assert_eq!(
        (docs.len(), docs[0].file_name.as_str(), docs[0].size),
        (1, "old-scan.pdf", 50_000)
    );
    assert!(s.read_document("2020-0001", docs[0].id).unwrap() == content);
    let sealed = sealed_rows(&s, "2020-0001");
    assert_eq!(
        (sealed.notes.len(), sealed.documents.len()),
        (2, 1),
        "every note and document sealed"
    );
    let clear: i64 = s
        .raw_connection()
        .query_row(
            "SELECT count(*) FROM notes WHERE text <> '' OR sealed IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(clear, 0);
    s.check_integrity().unwrap();
    s.lock();
    let hits = scan(&dir, Some(&key), &narratives);
    assert!(
        hits.is_empty(),
        "notes or documents in the clear after the first unlock: {hits:?}"
    );
    let names = scan(&dir, Some(&key), &Needles::default().text(&given));
    assert_eq!(
        labels(&names).len(),
        1,
        "the scan still sees the names: {names:?}"
    );

    // Later unlocks read them the same.
    let s = vault
        .unlock("fixture.caseworker", &pass(OTHER_PASSPHRASE))
        .unwrap();
    let again: Vec<String> = s
        .show_case("2020-0001")
        .unwrap()
        .record
        .notes
        .into_iter()
        .map(|n| n.text)
        .collect();
    assert_eq!(again, notes);
}

#[test]
fn retention_lists_the_closed_cases_past_the_period_and_purges_exactly_the_confirmed_list() {
    let dir = tempfile::tempdir().unwrap();
    let vault = team_vault(dir.path());
    let mut a = unlock(&vault, ADMIN_CW);
    let today = CivilDate::today();
    let years_ago = |n: u32| today.sub_years(n).unwrap();
    // (code, closed on): two due under five years, one due on its day, three not.
    let cases = [
        ("2014-0001", Some(CivilDate::parse("2015-06-30").unwrap())),
        ("2014-0002", Some(years_ago(5))),
        ("2014-0003", Some(years_ago(5).add_days(1).unwrap())),
        ("2014-0004", Some(years_ago(4))),
        ("2014-0005", None),
        ("2014-0006", Some(CivilDate::parse("2016-01-15").unwrap())),
    ];
    let lines: String = cases
        .iter()
        .map(|(code, closed)| {
            let mut line = serde_json::json!({"type": "case", "code": code,
                "person": {"given_name": marker("due"), "sex": "female"},
                "identified_on": "2014-03-01", "recognition": "recognized", "exploitation": ["sexual"],
                "notes": [{"date": "2014-03-02", "text": marker("note")}]});
            if let Some(closed) = closed {
                line["status"] = "closed".into();
                line["closed_on"] = closed.to_string().into();
            }
            line.to_string() + "\n"
        })
        .collect();
    a.import(&mut lines.as_bytes(), false, &mut |_| {}).unwrap();
    assert_eq!(a.lifecycle_settings().unwrap().retention_years, 5);

    let due = a.retention_due().unwrap();
    let listed: Vec<(&str, CivilDate, CivilDate)> = due
        .iter()
        .map(|d| (d.code.as_str(), d.closed_on, d.due_on))
        .collect();
    let d = |s: &str| CivilDate::parse(s).unwrap();
    assert_eq!(
        listed,
        vec![
            ("2014-0001", d("2015-06-30"), d("2020-06-30")),
            ("2014-0006", d("2016-01-15"), d("2021-01-15")),
            ("2014-0002", years_ago(5), today),
        ],
        "closed cases due by today, the longest due first"
    );
    let codes: Vec<String> = due.iter().map(|d| d.code.clone()).collect();

    // Only administrators list and purge.
    let mut cw = unlock(&vault, CASEWORKER);
    assert_eq!(cw.retention_due().unwrap_err().kind(), ErrorKind::Forbidden);
    assert_eq!(
        cw.purge_due(&codes).unwrap_err().kind(),
        ErrorKind::Forbidden
    );
    // A list holding one case not due is refused whole, wherever that case stands in it.
    for bad in [
        vec!["2014-0004".to_owned(), codes[0].clone()],
        vec![codes[0].clone(), codes[1].clone(), "2014-0003".to_owned()],
        vec![codes[0].clone(), "2014-0005".to_owned()],
        vec![codes[0].clone(), "2099-0001".to_owned()],
    ] {
        let e = a.purge_due(&bad).unwrap_err();
        assert_eq!(
            (e.kind(), e.field()),
            (ErrorKind::Invalid, Some("cases")),
            "{bad:?}: {e:?}"
        );
        assert!(
            a.erasures().unwrap().is_empty(),
            "{bad:?}: something was purged"
        );
        assert!(identity_of(&a, &codes[0]).ends_with("notes=1 documents=0"));
    }
    let purged = a.purge_due(&codes).unwrap();
    assert_eq!(
        purged.iter().map(|p| p.code.clone()).collect::<Vec<_>>(),
        codes
    );
    for (code, _) in &cases {
        let shown = identity_of(&a, code);
        let erased = shown == "None None [] None None None [] notes=0 documents=0";
        assert!(
            erased || shown.ends_with("notes=1 documents=0"),
            "{code}: {shown}"
        );
        assert_eq!(erased, codes.iter().any(|c| c == code), "{code}");
    }
    assert!(a.retention_due().unwrap().is_empty());
    let reasons: Vec<String> = a
        .erasures()
        .unwrap()
        .into_iter()
        .map(|e| e.reason)
        .collect();
    assert_eq!(
        reasons,
        vec![haven::lifecycle::retention::PURGE_REASON.to_owned(); 3]
    );

    // A shorter period makes more cases due.
    let mut settings = a.lifecycle_settings().unwrap();
    settings.retention_years = 3;
    a.set_lifecycle_settings(&settings).unwrap();
    let now_due: Vec<String> = a
        .retention_due()
        .unwrap()
        .into_iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(
        now_due,
        vec!["2014-0003".to_owned(), "2014-0004".to_owned()]
    );
    cw.lock();
}
