//! Helpers of the lifecycle tests (tests/lifecycle_*.rs): reading a vault's pages as an
//! attacker holding the data key would, scanning them and every file of the folder for
//! markers, opening what a case's key sealed, a team of users, and a case whose every
//! identifying value is a marker.
//!
//! SQLCipher 4 with a raw key encrypts each page with AES-256-CBC under the 32-byte key itself
//! (no key derivation). The last 80 bytes of a page are reserved: a 16-byte IV, then the
//! page's 64-byte HMAC-SHA512. Page 1 begins with the file's 16-byte salt in the clear; the
//! encrypted span is bytes 16.. of page 1 and 0.. of the others, up to the reserve. The WAL
//! (a 32-byte header, then frames of a 24-byte header and one page, whose number is the
//! big-endian u32 at the frame's start) holds pages encrypted the same way.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use aes::cipher::{block_padding::NoPadding, BlockDecryptMut, KeyIvInit};
use haven::records::interchange::*;
use haven::records::vocab::*;
use haven::records::{CaseRecord, CivilDate};
use haven::{Role, Session, Vault};

use crate::common::*;

/// Haven's SQLCipher page size (`src/vault/database.rs`: `CIPHER_PAGE_SIZE`, 16 KiB).
pub const PAGE: usize = 16 * 1024;
/// The bytes reserved at the end of every page: IV and HMAC.
const RESERVE: usize = 80;
const IV_LEN: usize = 16;
const SALT_LEN: usize = 16;

pub fn d(s: &str) -> CivilDate {
    CivilDate::parse(s).unwrap()
}

/// The raw data key of an open session (the test-support accessor hands it masked).
pub fn data_key(s: &Session) -> [u8; 32] {
    let mask = 0xa5;
    let forms = s.masked_key_forms_for_test(mask);
    let mut key = [0u8; 32];
    for (k, m) in key.iter_mut().zip(&forms[0]) {
        *k = m ^ mask;
    }
    key
}

/// Decrypts one page (`number` counts from 1) of `PAGE` bytes: the plaintext of its encrypted
/// span, in place of the ciphertext (salt and reserve left as they are).
pub fn decrypt_page(key: &[u8; 32], number: u32, page: &[u8]) -> Vec<u8> {
    assert_eq!(page.len(), PAGE);
    let mut out = page.to_vec();
    let start = if number == 1 { SALT_LEN } else { 0 };
    let iv = &page[PAGE - RESERVE..PAGE - RESERVE + IV_LEN];
    cbc::Decryptor::<aes::Aes256>::new(key.into(), iv.into())
        .decrypt_padded_mut::<NoPadding>(&mut out[start..PAGE - RESERVE])
        .expect("whole blocks");
    out
}

/// Every page of the database file at `path`, decrypted (free pages too). Panics unless page
/// 1 decrypts to SQLite's header (page size and reserve): the key and the layout are right.
pub fn decrypt_database(path: &Path, key: &[u8; 32]) -> Vec<Vec<u8>> {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.len() >= PAGE && bytes.len().is_multiple_of(PAGE),
        "{} bytes",
        bytes.len()
    );
    let pages: Vec<Vec<u8>> = bytes
        .chunks(PAGE)
        .enumerate()
        .map(|(i, p)| decrypt_page(key, i as u32 + 1, p))
        .collect();
    let first = &pages[0];
    assert_eq!(
        (
            u16::from_be_bytes([first[16], first[17]]) as usize,
            first[20] as usize
        ),
        (PAGE, RESERVE),
        "page 1 of {} does not decrypt to SQLite's header",
        path.display()
    );
    pages
}

/// Every frame of the WAL at `path`, decrypted: (page number, page).
pub fn decrypt_wal(path: &Path, key: &[u8; 32]) -> Vec<(u32, Vec<u8>)> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    if bytes.len() < 32 {
        return Vec::new();
    }
    bytes[32..]
        .chunks_exact(24 + PAGE)
        .map(|frame| {
            let number = u32::from_be_bytes(frame[..4].try_into().unwrap());
            (number, decrypt_page(key, number.max(1), &frame[24..]))
        })
        .collect()
}

/// What to look for: byte strings, each with the label a hit reports.
#[derive(Default, Clone)]
pub struct Needles(Vec<(Vec<u8>, String)>);

impl Needles {
    /// A marker in every form it could be stored in: as given, upper and lower case, folded
    /// as the search index stores names (`haven::search::fold::index_terms`: lower case, words
    /// split at punctuation and joined again, alternative spellings), the random part alone
    /// (what the index's prefix compression leaves of a term), each in UTF-8 and UTF-16LE.
    pub fn text(mut self, marker: &str) -> Self {
        let mut forms = vec![
            marker.to_owned(),
            marker.to_uppercase(),
            marker.to_lowercase(),
        ];
        forms.extend(
            haven::search::fold::index_terms(marker)
                .split(' ')
                .filter(|t| t.len() >= 12)
                .map(str::to_owned),
        );
        let random = marker.rsplit('-').next().unwrap();
        if random.len() >= 12 {
            let tail = &random[random.len() - 12..];
            forms.push(tail.to_owned());
            forms.push(tail.to_uppercase());
        }
        for form in forms {
            let utf16: Vec<u8> = form.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
            self.0.push((form.into_bytes(), marker.to_owned()));
            self.0.push((utf16, marker.to_owned()));
        }
        self
    }

    /// These exact bytes (a key, a piece of ciphertext), reported as `label`.
    pub fn bytes(mut self, label: &str, bytes: &[u8]) -> Self {
        assert!(bytes.len() >= 16, "{label}: too short to be unique");
        self.0.push((bytes.to_vec(), label.to_owned()));
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The labels of the needles found in `haystack`.
    fn found_in(&self, haystack: &[u8]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (needle, label) in &self.0 {
            if !out.contains(label) && memchr::memmem::find(haystack, needle).is_some() {
                out.push(label.clone());
            }
        }
        out
    }
}

/// A decrypted page and where it was.
type Placed = (String, Vec<u8>);

/// One marker found: where (a file, and the page or WAL frame for decrypted ones) and which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub file: PathBuf,
    pub place: String,
    pub label: String,
}

/// Scans every file under `dir` as it is on disk, then the decrypted pages of its database
/// and of its WAL (each page alone and the pages in file order joined, so a value running over
/// into the next page is found too). `key` is the data key; `None` scans the raw files only.
pub fn scan(dir: &Path, key: Option<&[u8; 32]>, needles: &Needles) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().flatten().map(|e| e.path()));
        } else {
            files.push(p);
        }
    }
    assert!(!files.is_empty(), "nothing to scan in {}", dir.display());
    for f in &files {
        let bytes = std::fs::read(f).unwrap_or_default();
        for label in needles.found_in(&bytes) {
            hits.push(Hit {
                file: f.clone(),
                place: "raw".into(),
                label,
            });
        }
    }
    let Some(key) = key else {
        return hits;
    };
    let db = db_file(dir);
    let mut sources: Vec<(PathBuf, Vec<Placed>)> = Vec::new();
    sources.push((
        db.clone(),
        decrypt_database(&db, key)
            .into_iter()
            .enumerate()
            .map(|(i, p)| (format!("page {}", i + 1), p))
            .collect(),
    ));
    let wal = wal_file(dir);
    sources.push((
        wal.clone(),
        decrypt_wal(&wal, key)
            .into_iter()
            .enumerate()
            .map(|(i, (n, p))| (format!("frame {i} (page {n})"), p))
            .collect(),
    ));
    for (file, pages) in sources {
        let mut joined = Vec::with_capacity(pages.len() * PAGE);
        for (place, page) in &pages {
            for label in needles.found_in(page) {
                hits.push(Hit {
                    file: file.clone(),
                    place: place.clone(),
                    label,
                });
            }
            joined.extend_from_slice(&page[..PAGE - RESERVE]);
        }
        for label in needles.found_in(&joined) {
            if !hits.iter().any(|h| h.file == file && h.label == label) {
                hits.push(Hit {
                    file: file.clone(),
                    place: "across pages".into(),
                    label,
                });
            }
        }
    }
    hits
}

/// The labels among `hits`, once each, sorted.
pub fn labels(hits: &[Hit]) -> Vec<String> {
    let mut l: Vec<String> = hits.iter().map(|h| h.label.clone()).collect();
    l.sort();
    l.dedup();
    l
}

pub fn wal_file(dir: &Path) -> PathBuf {
    dir.join(format!("{}-wal", haven::vault::DATABASE_FILE))
}

/// Opens a text sealed under a case's key as src/case_key.rs seals it (XChaCha20-Poly1305,
/// the 24-byte nonce first, the associated data naming the format, the kind and the case).
pub fn unseal(key: &[u8], kind: &str, case_uuid: &str, sealed: &[u8]) -> Option<Vec<u8>> {
    use chacha20poly1305::aead::{Aead, KeyInit, Payload};
    let cipher = chacha20poly1305::XChaCha20Poly1305::new_from_slice(key).ok()?;
    let (nonce, body) = sealed.split_at_checked(24)?;
    let aad = [
        b"haven case seal v1".as_slice(),
        b"\0",
        kind.as_bytes(),
        b"\0",
        case_uuid.as_bytes(),
    ]
    .concat();
    cipher
        .decrypt(
            chacha20poly1305::XNonce::from_slice(nonce),
            Payload {
                msg: body,
                aad: &aad,
            },
        )
        .ok()
}

/// What a case's key sealed, read with SQL: its key, uuid, and each sealed note, document and
/// override reason.
#[derive(Debug, Default)]
pub struct SealedRows {
    pub key: Option<Vec<u8>>,
    pub uuid: String,
    pub notes: Vec<Vec<u8>>,
    pub documents: Vec<Vec<u8>>,
    pub overrides: Vec<Vec<u8>>,
}

pub fn sealed_rows(s: &Session, code: &str) -> SealedRows {
    let c = s.raw_connection();
    let (id, uuid): (i64, String) = c
        .query_row("SELECT id, uuid FROM cases WHERE code = ?1", [code], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let blobs = |sql: &str| -> Vec<Vec<u8>> {
        c.prepare(sql)
            .unwrap()
            .query_map([id], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    SealedRows {
        key: blobs("SELECT key FROM case_keys WHERE case_id = ?1").pop(),
        uuid,
        notes: blobs(
            "SELECT sealed FROM notes WHERE case_id = ?1 AND sealed IS NOT NULL ORDER BY id",
        ),
        documents: blobs(
            "SELECT content FROM documents WHERE case_id = ?1 AND sealed = 1 ORDER BY id",
        ),
        overrides: blobs("SELECT reason FROM consent_overrides WHERE case_id = ?1 ORDER BY id"),
    }
}

/// The identity of a case as a caseworker sees it: names, aliases, birth date, phone,
/// reference, employers, notes, documents.
pub fn identity_of(s: &Session, code: &str) -> String {
    let r = s.show_case(code).unwrap().record;
    let p = &r.person;
    format!(
        "{:?} {:?} {:?} {:?} {:?} {:?} {:?} notes={} documents={}",
        p.given_name,
        p.family_name,
        p.aliases,
        p.birth_date,
        p.phone,
        r.source_ref,
        r.employments
            .iter()
            .map(|e| &e.employer)
            .collect::<Vec<_>>(),
        r.notes.len(),
        s.list_documents(code).unwrap().len()
    )
}

/// What [`identity_of`] shows of an erased case.
pub const ERASED: &str = r#"None None [] None None None [""] notes=0 documents=0"#;

/// The organizations of the lifecycle tests.
pub const ORGS: &str = r#"{"type":"organization","name":"Home Shelter","kind":"shelter","sector":"state","capacity":20}
{"type":"organization","name":"Partner Shelter","kind":"shelter","sector":"ngo","capacity":5}
{"type":"organization","name":"Helping NGO","kind":"ngo","sector":"ngo"}
{"type":"organization","name":"Other NGO","kind":"ngo","sector":"ngo"}
{"type":"organization","name":"Victim Assistance Center","kind":"assistance_center","sector":"state"}
{"type":"organization","name":"Legal Aid","kind":"legal","sector":"ngo"}
{"type":"organization","name":"City Clinic","kind":"health","sector":"state"}"#;

pub const CASEWORKER: &str = "case.worker";
pub const SUPERVISOR: &str = "super.visor";
/// An administrator who is a caseworker too (records and erases).
pub const ADMIN_CW: &str = "admin.worker";

/// A vault in `dir` with the organizations and a caseworker, a supervisor and an
/// administrator-caseworker (all with `OTHER_PASSPHRASE`).
pub fn team_vault(dir: &Path) -> Vault {
    let vault = floor_vault(dir);
    let mut a = admin(&vault);
    for (name, roles) in [
        (CASEWORKER, &[Role::Caseworker][..]),
        (SUPERVISOR, &[Role::Supervisor][..]),
        (ADMIN_CW, &[Role::Admin, Role::Caseworker][..]),
    ] {
        a.add_user(name, roles, &pass(OTHER_PASSPHRASE)).unwrap();
    }
    a.import(&mut ORGS.as_bytes(), false, &mut |_| {}).unwrap();
    a.lock();
    vault
}

pub fn unlock(vault: &Vault, user: &str) -> Session {
    vault.unlock(user, &pass(OTHER_PASSPHRASE)).unwrap()
}

/// A consent to referrals from `given` to `expires`, covering `orgs` (none: any).
pub fn referrals_consent(given: &str, expires: &str, orgs: &[&str]) -> ConsentRecord {
    ConsentRecord {
        scope: ConsentScope::Referrals,
        given_on: d(given),
        expires_on: Some(d(expires)),
        organizations: orgs.iter().map(|o| o.to_string()).collect(),
        withdrawn_on: None,
    }
}

pub fn referral(date: &str, to: &str) -> ReferralRecord {
    ReferralRecord {
        date: d(date),
        to: to.into(),
        status: ReferralStatus::Pending,
    }
}

/// The markers of [`marked_case`]: every identifying value and narrative of one case.
pub struct Marked {
    pub code: String,
    pub names: Vec<String>,
    pub notes: Vec<String>,
    /// The documents' contents (each holds its marker, over and over).
    pub documents: Vec<(String, Vec<u8>)>,
    /// The documents' file names (kept in the clear beside their sealed content).
    pub file_names: Vec<String>,
}

impl Marked {
    /// The identity's markers: names, aliases, phone, reference, employer.
    pub fn identity(&self) -> Needles {
        self.names.iter().fold(Needles::default(), |n, m| n.text(m))
    }

    /// The narratives' markers: note texts and documents.
    pub fn narratives(&self) -> Needles {
        let n = self.notes.iter().fold(Needles::default(), |n, m| n.text(m));
        let n = self.file_names.iter().fold(n, |n, m| n.text(m));
        self.documents.iter().fold(n, |n, (m, _)| n.text(m))
    }

    pub fn all(&self) -> Needles {
        let mut n = self.identity();
        n.0.extend(self.narratives().0);
        n
    }
}

/// A document of about `size` bytes made of `marker`, repeated.
pub fn marked_document(marker: &str, size: usize) -> Vec<u8> {
    let line = format!("%scan of {marker} ");
    line.as_bytes().iter().copied().cycle().take(size).collect()
}

/// A case (recorded by `s`, a caseworker) whose given and family names, two aliases, phone,
/// source reference and employer, `notes` note texts and `documents` documents of
/// `document_size` bytes are markers; with a referral made under a consent.
pub fn marked_case(
    s: &mut Session,
    notes: usize,
    documents: usize,
    document_size: usize,
) -> Marked {
    let m = |l: &str| marker(l);
    let names: Vec<String> = [
        "given", "family", "alias1", "alias2", "phone", "ref", "employer",
    ]
    .iter()
    .map(|l| m(l))
    .collect();
    let record: CaseRecord = serde_json::from_value(serde_json::json!({
        "ref": names[5],
        "person": {"given_name": names[0], "family_name": names[1], "aliases": [names[2], names[3]],
                   "sex": "female", "birth_date": "1999-05-01", "phone": names[4]},
        "identified_on": "2025-03-01",
        "identified_by": "police",
        "recognition": "recognized",
        "exploitation": ["sexual"],
    }))
    .unwrap();
    let code = s.create_case(record).unwrap();
    s.add_consent(
        &code,
        referrals_consent("2025-03-01", "2026-02-28", &["Helping NGO"]),
    )
    .unwrap();
    s.add_referral(&code, referral("2025-03-02", "Helping NGO"))
        .unwrap();
    s.record_employment(
        &code,
        EmploymentRecord {
            employer: names[6].clone(),
            started_on: d("2025-06-01"),
            ended_on: None,
        },
    )
    .unwrap();
    let notes: Vec<String> = (0..notes).map(|i| m(&format!("note{i}"))).collect();
    for text in &notes {
        s.add_note(
            &code,
            NoteRecord {
                date: d("2025-03-05"),
                text: text.clone(),
            },
        )
        .unwrap();
    }
    let documents: Vec<(String, Vec<u8>)> = (0..documents)
        .map(|i| {
            let mk = m(&format!("doc{i}"));
            let content = marked_document(&mk, document_size);
            (mk, content)
        })
        .collect();
    let file_names: Vec<String> = (0..documents.len())
        .map(|i| m(&format!("file{i}")))
        .collect();
    for ((_, content), name) in documents.iter().zip(&file_names) {
        s.add_document(
            &code,
            DocumentKind::IdDocument,
            &format!("{name}.pdf"),
            content,
        )
        .unwrap();
    }
    Marked {
        code,
        names,
        notes,
        documents,
        file_names,
    }
}
