//! Crash safety: a child process writing to the vault is killed with SIGKILL at random moments
//! (during start-up and unlock, during its first write, or after some writes), over and over on
//! the same, growing vault. After every kill the vault must unlock, pass SQLCipher's and
//! SQLite's integrity checks and the audit chain check, and hold every write whose success the
//! child had reported — whole, with its values and its audit entry. The same for the key file
//! while a user's passphrase is changed again and again. And no record is ever on disk in
//! plaintext, not even in the WAL a killed writer left behind.
//!
//! `HAVEN_CRASH_KILLS` sets the number of kills per scenario (default 20; `make stress` runs
//! 1000), `HAVEN_CRASH_SEED` replays the random choices of an earlier run (its seed is printed).
//! docs/crash-safety.md says more.
#![forbid(unsafe_code)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;
use haven::records::interchange::*;
use haven::records::vocab::{AllowanceKind, ServiceKind};
use haven::records::CivilDate;
use haven::vault::keyfile::{KeyFile, SlotKind};
use haven::{Error, Role, Vault};

/// What the child's own lines start with (its stdout also carries the test runner's lines).
const REPORT: &str = "CRASH ";
const WRITER: &str = "crash.writer";
const CHECKER: &str = "crash.checker";
const DEFAULT_KILLS: usize = 20;
/// A child that was never killed stops by itself after this long (the parent then fails).
const CHILD_LIFETIME: Duration = Duration::from_secs(120);
/// How long the parent waits for a child's report before it gives up.
const REPORT_TIMEOUT: Duration = Duration::from_secs(120);

// --- randomness, configuration ---------------------------------------------------------------

/// SplitMix64: small, seedable, good enough to pick moments and operations.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A duration uniform in `0..max`, to the microsecond.
    fn up_to(&mut self, max: Duration) -> Duration {
        Duration::from_micros(self.below((max.as_micros() as u64).max(1)))
    }
}

/// The run's seed: `HAVEN_CRASH_SEED` (decimal or 0x-hex) or a fresh random one.
fn seed() -> u64 {
    if let Ok(s) = std::env::var("HAVEN_CRASH_SEED") {
        let s = s.trim();
        let parsed = match s.strip_prefix("0x") {
            Some(hex) => u64::from_str_radix(hex, 16),
            None => s.parse(),
        };
        return parsed.expect("HAVEN_CRASH_SEED is a number");
    }
    let mut b = [0u8; 8];
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .unwrap()
        .read_exact(&mut b)
        .unwrap();
    u64::from_le_bytes(b)
}

fn kills() -> usize {
    std::env::var("HAVEN_CRASH_KILLS")
        .ok()
        .map(|k| k.trim().parse().expect("HAVEN_CRASH_KILLS is a number"))
        .unwrap_or(DEFAULT_KILLS)
}

fn env_var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is set for the child"))
}

/// One line to the parent, in a single write (shorter than PIPE_BUF, so it arrives whole or
/// not at all), flushed at once.
fn report(what: &str) {
    let line = format!("{REPORT}{what}\n");
    let mut out = std::io::stdout().lock();
    out.write_all(line.as_bytes()).unwrap();
    out.flush().unwrap();
}

// --- a child run, killed ---------------------------------------------------------------------

/// A child process and the reports read from its stdout by a thread.
struct ChildRun {
    child: Child,
    started: Instant,
    rx: mpsc::Receiver<(Instant, String)>,
    reader: Option<std::thread::JoinHandle<()>>,
    /// Reports received so far, with when they arrived.
    reports: Vec<(Instant, String)>,
    ended: bool,
}

/// When to kill a child.
#[derive(Debug, Clone, Copy)]
enum Moment {
    /// This long after the process was started: while it starts up or unlocks.
    FromSpawn(Duration),
    /// This long after it reported `ready`: during its first write.
    AfterReady(Duration),
    /// This long after its `n`th reported write.
    AfterWrites(usize, Duration),
}

impl ChildRun {
    fn spawn(test: &str, role: &str, env: &[(&str, &Path)]) -> Self {
        let mut child = spawn_self(test, role, env);
        let started = Instant::now();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            let mut line = String::new();
            loop {
                line.clear();
                match r.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
                // A line cut short by the kill was never reported.
                // (The first may follow the test runner's `test NAME ... ` on the same line.)
                if let Some(body) = line.strip_suffix('\n') {
                    if let Some((_, body)) = body.split_once(REPORT) {
                        if tx.send((Instant::now(), body.to_owned())).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        Self {
            child,
            started,
            rx,
            reader: Some(reader),
            reports: Vec::new(),
            ended: false,
        }
    }

    fn writes(&self) -> usize {
        self.reports.iter().filter(|(_, r)| r != "ready").count()
    }

    fn ready(&self) -> bool {
        self.reports.iter().any(|(_, r)| r == "ready")
    }

    /// Reads reports until `done` holds; false if the child ended first.
    fn wait_until(&mut self, done: impl Fn(&Self) -> bool) -> bool {
        let deadline = Instant::now() + REPORT_TIMEOUT;
        while !done(self) {
            if self.ended {
                return false;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "the child reported nothing for too long");
            match self.rx.recv_timeout(left) {
                Ok(r) => self.reports.push(r),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => self.ended = true,
            }
        }
        true
    }

    /// Kills the child with SIGKILL at `moment` and collects every report it made. Panics if
    /// the child ended on its own first (it writes until killed, so that is a failed write).
    fn kill_at(mut self, moment: Moment) -> Killed {
        let (reached, delay) = match moment {
            Moment::FromSpawn(d) => (true, self.started + d),
            Moment::AfterReady(d) => {
                let ok = self.wait_until(Self::ready);
                (ok, Instant::now() + d)
            }
            Moment::AfterWrites(n, d) => {
                let ok = self.wait_until(|s| s.writes() >= n);
                (ok, Instant::now() + d)
            }
        };
        if reached {
            let now = Instant::now();
            if delay > now {
                std::thread::sleep(delay - now);
            }
            // SIGKILL (std's `kill` on Unix) to our own child, not waited for yet.
            let _ = self.child.kill();
        }
        let status = self.child.wait().unwrap();
        let mut reports = std::mem::take(&mut self.reports);
        reports.extend(self.rx.iter());
        self.reader.take().unwrap().join().unwrap();
        assert!(
            reached && status.code().is_none(),
            "the child ended by itself ({status:?}) before it was killed at {moment:?}"
        );
        Killed {
            started: self.started,
            reports,
            _status: status,
        }
    }
}

impl Drop for ChildRun {
    /// A parent that fails half-way leaves no writer behind.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Killed {
    started: Instant,
    reports: Vec<(Instant, String)>,
    _status: ExitStatus,
}

impl Killed {
    fn ready_at(&self) -> Option<Instant> {
        self.reports
            .iter()
            .find(|(_, r)| r == "ready")
            .map(|(t, _)| *t)
    }

    fn writes(&self) -> impl Iterator<Item = &str> {
        self.reports
            .iter()
            .filter(|(_, r)| r != "ready")
            .map(|(_, r)| r.as_str())
    }

    /// The mean time per reported write (after `ready`), if there were two or more.
    fn time_per_write(&self) -> Option<Duration> {
        let ready = self.ready_at()?;
        let times: Vec<Instant> = self
            .reports
            .iter()
            .filter(|(_, r)| r != "ready")
            .map(|(t, _)| *t)
            .collect();
        (times.len() >= 2).then(|| (*times.last().unwrap() - ready) / times.len() as u32)
    }
}

/// A running estimate, so the random moments scale with the machine and the build profile.
struct Estimate(Duration);

impl Estimate {
    fn update(&mut self, sample: Option<Duration>) {
        if let Some(s) = sample {
            self.0 = (self.0 * 3 + s) / 4;
        }
    }
}

/// The folders of one scenario: the vault, the child's TMPDIR and HOME, scratch space.
struct Layout {
    root: tempfile::TempDir,
    vault: PathBuf,
    tmp: PathBuf,
    home: PathBuf,
}

fn layout() -> Layout {
    let root = tempfile::tempdir().unwrap();
    let vault = root.path().join("vault");
    let tmp = root.path().join("tmp");
    let home = root.path().join("home");
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    Layout {
        root,
        vault,
        tmp,
        home,
    }
}

fn assert_no_plaintext(roots: &[&Path], needles: &[String], when: &str) {
    let hits = canary_scan(roots, needles);
    assert!(hits.is_empty(), "{when}: plaintext on disk: {hits:?}");
    let head = std::fs::read(db_file(roots[0])).unwrap();
    assert!(
        !head.starts_with(b"SQLite format 3"),
        "{when}: the database file has a plaintext header"
    );
}

/// Copies the files of vault directory `from` into a fresh directory `to`.
fn copy_vault(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

// --- scenario 1: database writes -------------------------------------------------------------

const ORGS: &str = r#"{"type":"organization","name":"Helping NGO","kind":"ngo","sector":"ngo"}"#;
const SERVICE_KINDS: [ServiceKind; 6] = [
    ServiceKind::Legal,
    ServiceKind::Medical,
    ServiceKind::Psychological,
    ServiceKind::Social,
    ServiceKind::Education,
    ServiceKind::Other,
];

/// What a child wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Case,
    Note,
    Service,
    Employment,
    Allowance,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Case => "case",
            Kind::Note => "note",
            Kind::Service => "service",
            Kind::Employment => "employment",
            Kind::Allowance => "allowance",
        }
    }

    fn from_word(w: &str) -> Self {
        match w {
            "case" => Kind::Case,
            "note" => Kind::Note,
            "service" => Kind::Service,
            "employment" => Kind::Employment,
            "allowance" => Kind::Allowance,
            other => panic!("unknown report {other}"),
        }
    }
}

/// Write `i` of round `round`: the values the child writes, derived from those two numbers
/// alone, so the parent checks what is stored against its own copy.
fn item_marker(prefix: &str, round: u64, i: u64) -> String {
    format!("{prefix}-r{round}-w{i}")
}

fn item_date(round: u64, i: u64) -> CivilDate {
    let j = (round * 7 + i) % (9 * 28);
    CivilDate::from_ymd(2024, 3 + (j / 28) as u8, 1 + (j % 28) as u8).unwrap()
}

fn service_kind(round: u64, i: u64) -> ServiceKind {
    SERVICE_KINDS[((round + i) % 6) as usize]
}

/// An allowance amount and its value in minor units.
fn allowance_amount(round: u64, i: u64) -> (String, i64) {
    let (units, cents) = (1 + i % 500, round % 100);
    (format!("{units}.{cents:02}"), (units * 100 + cents) as i64)
}

fn intake_form(marker: &str, date: CivilDate) -> CaseRecord {
    serde_json::from_value(serde_json::json!({
        "person": {"given_name": marker, "family_name": "Crashtest", "sex": "female"},
        "identified_on": "2024-03-01",
        "identified_by": "police",
        "recognition": "recognized",
        "exploitation": ["sexual"],
        // The consent the referral is made under (the gate, lifecycle.md): it covers every
        // item date, March to November 2024.
        "consents": [{"scope": "referrals", "given_on": "2024-03-01", "expires_on": "2025-02-28",
                      "organizations": ["Helping NGO"]}],
        "referrals": [{"date": date.to_string(), "to": "Helping NGO", "status": "pending"}]
    }))
    .unwrap()
}

/// The child: unlocks and writes a mix of case creations and case entries until killed,
/// reporting `KIND I CODE ID` after each write returns Ok.
fn run_db_writer() {
    let vault = Vault::at(env_var("HAVEN_VAULT"));
    let round: u64 = env_var("HAVEN_CRASH_ROUND").parse().unwrap();
    let prefix = env_var("HAVEN_CRASH_PREFIX");
    let mut rng = Rng::new(env_var("HAVEN_CRASH_CHILD_SEED").parse().unwrap());
    let mut codes: Vec<String> = std::fs::read_to_string(env_var("HAVEN_CRASH_CODES"))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let mut s = vault
        .unlock(WRITER, &pass(OTHER_PASSPHRASE))
        .expect("the writer unlocks");
    report("ready");
    let until = Instant::now() + CHILD_LIFETIME;
    for i in 0u64.. {
        if Instant::now() > until {
            return;
        }
        let kind = if codes.is_empty() || rng.below(6) == 0 {
            Kind::Case
        } else {
            [Kind::Note, Kind::Service, Kind::Employment, Kind::Allowance][rng.below(4) as usize]
        };
        let marker = item_marker(&prefix, round, i);
        let date = item_date(round, i);
        let code = if kind == Kind::Case {
            String::new()
        } else {
            codes[rng.below(codes.len() as u64) as usize].clone()
        };
        let (code, id) = match kind {
            Kind::Case => (
                s.create_case(intake_form(&marker, date)).expect("create"),
                0,
            ),
            Kind::Note => {
                let note = NoteRecord { date, text: marker };
                let id = s.add_note(&code, note).expect("note");
                (code, id)
            }
            Kind::Service => {
                let service = ServiceRecord {
                    kind: service_kind(round, i),
                    date,
                    provider: Some("Helping NGO".into()),
                };
                let id = s.record_service(&code, service).expect("service");
                (code, id)
            }
            Kind::Employment => {
                let job = EmploymentRecord {
                    employer: marker,
                    started_on: date,
                    ended_on: None,
                };
                let id = s.record_employment(&code, job).expect("employment");
                (code, id)
            }
            Kind::Allowance => {
                let allowance = AllowanceRecord {
                    date,
                    amount: allowance_amount(round, i).0,
                    currency: "AZN".into(),
                    kind: AllowanceKind::OneTime,
                };
                let id = s.record_allowance(&code, allowance).expect("allowance");
                (code, id)
            }
        };
        report(&format!("{} {i} {code} {id}", kind.word()));
        if kind == Kind::Case {
            codes.push(code);
        }
    }
}

/// A write the parent expects to find: reported by a child, or found committed though the
/// child was killed before it could say so (it must then stay, too).
#[derive(Debug, Clone)]
struct Written {
    kind: Kind,
    round: u64,
    i: u64,
    code: String,
    id: i64,
    reported: bool,
}

/// The value a write stored, as the parent reads it back with SQL.
fn expected_value(w: &Written, prefix: &str) -> String {
    match w.kind {
        Kind::Case | Kind::Note | Kind::Employment => item_marker(prefix, w.round, w.i),
        Kind::Service => format!(
            "{} {}",
            service_kind(w.round, w.i).as_str(),
            item_date(w.round, w.i)
        ),
        Kind::Allowance => allowance_amount(w.round, w.i).1.to_string(),
    }
}

/// Everything stored, as `(kind, id or 0 for cases) → (case code, value)`, read with SQL.
type Stored = BTreeMap<(Kind, i64, String), (String, String)>;

fn read_stored(conn: &rusqlite::Connection) -> rusqlite::Result<Stored> {
    let queries = [
        (Kind::Case, "SELECT 0, c.code, ifnull(p.given_name, '') FROM cases c JOIN persons p ON p.id = c.person_id"),

        (Kind::Service, "SELECT s.id, c.code, s.kind || ' ' || s.date FROM services s JOIN cases c ON c.id = s.case_id"),
        (Kind::Employment, "SELECT e.id, c.code, e.employer FROM employments e JOIN cases c ON c.id = e.case_id"),
        (Kind::Allowance, "SELECT a.id, c.code, a.amount_minor FROM allowances a JOIN cases c ON c.id = a.case_id"),
    ];
    let mut stored = Stored::new();
    for (kind, sql) in queries {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| {
            let value: rusqlite::types::Value = r.get(2)?;
            let value = match value {
                rusqlite::types::Value::Integer(n) => n.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => format!("{other:?}"),
            };
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, value))
        })?;
        for row in rows {
            let (id, code, value) = row?;
            // Cases are keyed by their code, entries by their id.
            let key_code = if kind == Kind::Case {
                code.clone()
            } else {
                String::new()
            };
            stored.insert((kind, id, key_code), (code, value));
        }
    }
    // A note's text is sealed under its case's key (src/case_key.rs): read the key and open
    // the text here, as an attacker holding the data key would.
    let mut stmt = conn.prepare(
        "SELECT n.id, c.code, c.uuid, k.key, n.sealed FROM notes n
         JOIN cases c ON c.id = n.case_id LEFT JOIN case_keys k ON k.case_id = n.case_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<Vec<u8>>>(3)?,
            r.get::<_, Option<Vec<u8>>>(4)?,
        ))
    })?;
    for row in rows {
        let (id, code, uuid, key, sealed) = row?;
        let text = match (key, sealed) {
            (Some(key), Some(sealed)) => unseal(&key, "note", &uuid, &sealed)
                .map(|t| String::from_utf8_lossy(&t).into_owned())
                .unwrap_or_else(|| "<does not open>".to_owned()),
            _ => "<not sealed>".to_owned(),
        };
        stored.insert((Kind::Note, id, String::new()), (code, text));
    }
    Ok(stored)
}

/// Opens a text sealed under a case's key (XChaCha20-Poly1305: the 24-byte nonce first; the
/// associated data names the format, the kind and the case), as src/case_key.rs seals it.
fn unseal(key: &[u8], kind: &str, case_uuid: &str, sealed: &[u8]) -> Option<Vec<u8>> {
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

fn key_of(w: &Written) -> (Kind, i64, String) {
    match w.kind {
        Kind::Case => (Kind::Case, 0, w.code.clone()),
        k => (k, w.id, String::new()),
    }
}

/// What the parent knows of the database scenario.
struct DbState {
    prefix: String,
    /// Every write expected to be there, by its key.
    writes: BTreeMap<(Kind, i64, String), Written>,
    /// The audit head seen at the last check made on the vault itself.
    kept: Option<haven::audit::Head>,
    confirmed: usize,
    unreported_found: usize,
    checked: usize,
    /// Failed logins made (one before each child): each must reach the audit log once.
    failed_logins: i64,
    /// Unlocks after a kill whose integrity anchor was reached and whose whole check passed:
    /// every one of them, or the test fails (a false alarm fails the unlock).
    anchor_checks: usize,
}

/// Opens the vault in `dir` and checks it against `st`. `round_writes` are the writes of the
/// round just killed (none for the final check). Returns the problems found.
fn check_db(
    dir: &Path,
    st: &mut DbState,
    round: u64,
    round_writes: &[Written],
    in_place: bool,
) -> Vec<String> {
    let mut problems = Vec::new();
    let vault = Vault::at(dir);
    let s = match vault.unlock(CHECKER, &pass(OTHER_PASSPHRASE)) {
        Ok(s) => s,
        Err(e) => return vec![format!("the vault does not unlock: {e:?}")],
    };
    // The whole check: every page, the chain against the integrity anchor (a false alarm of the
    // anchor would have stopped the unlock above already), the key file's seal.
    match s.check() {
        Ok(report) if report.is_intact() => st.anchor_checks += 1,
        Ok(report) => problems.push(format!("integrity check: {:?}", report.findings())),
        Err(e) => problems.push(format!("integrity check: {e:?}")),
    }
    match s.verify_audit(st.kept.as_ref()) {
        Ok(v) if v.is_intact() => {}
        Ok(v) => problems.push(format!("the audit chain is broken: {v:?}")),
        Err(e) => problems.push(format!("audit verification failed: {e:?}")),
    }
    let conn = s.raw_connection();
    let one = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    // No half-written case: each has its person, its referral (noted as made under the
    // intake form's consent), its search entry, and each change has its audit entry (written
    // in the same transaction).
    let cases = one("SELECT count(*) FROM cases");
    let half = one("SELECT count(*) FROM cases c WHERE
           (SELECT count(*) FROM referrals r WHERE r.case_id = c.id AND r.consent_id IS NOT NULL) != 1
           OR (SELECT count(*) FROM case_search f WHERE f.rowid = c.id) != 1");
    if half > 0 {
        problems.push(format!("{half} cases are half-written"));
    }
    let persons = one("SELECT count(*) FROM persons");
    let searchable = one("SELECT count(*) FROM case_search");
    if persons != cases || searchable != cases {
        problems.push(format!(
            "{cases} cases but {persons} persons and {searchable} search entries"
        ));
    }
    let entries = one(
        "SELECT (SELECT count(*) FROM notes) + (SELECT count(*) FROM services)
              + (SELECT count(*) FROM employments) + (SELECT count(*) FROM allowances)",
    );
    // Every failed login reached the log, once (this unlock took the last ones in).
    let failed = one("SELECT count(*) FROM audit_log WHERE action = 'login.failed'");
    if failed < st.failed_logins {
        problems.push(format!(
            "LOST: {} of {} failed logins are not in the audit log",
            st.failed_logins - failed,
            st.failed_logins
        ));
    } else if failed > st.failed_logins {
        problems.push(format!(
            "{failed} failed logins logged for {} made",
            st.failed_logins
        ));
    }
    let created = one("SELECT count(*) FROM audit_log WHERE action = 'case.create'");
    let changed = one("SELECT count(*) FROM audit_log WHERE action = 'case.change'");
    if (created, changed) != (cases, entries) {
        problems.push(format!(
            "{cases} cases and {entries} entries, but {created} and {changed} audit entries"
        ));
    }

    let stored = read_stored(conn).unwrap();
    // Every expected write is there, with its values.
    let mut checked = 0;
    for (key, w) in &st.writes {
        match stored.get(key) {
            None => problems.push(format!(
                "LOST: {} {} of round {} (case {}, id {}, reported: {})",
                w.kind.word(),
                w.i,
                w.round,
                w.code,
                w.id,
                w.reported
            )),
            Some((code, value)) => {
                let want = expected_value(w, &st.prefix);
                if code != &w.code || value != &want {
                    problems.push(format!(
                        "CHANGED: {} {} of round {}: stored in {code} as {value:?}, written in {} as {want:?}",
                        w.kind.word(), w.i, w.round, w.code
                    ));
                } else if w.reported {
                    checked += 1;
                }
            }
        }
    }
    // What is there beyond the expected writes: at most the one write the killed child had
    // under way, committed but not yet reported. It must stay from now on.
    let extra: Vec<_> = stored
        .iter()
        .filter(|(k, _)| !st.writes.contains_key(*k))
        .collect();
    if extra.len() > 1 {
        problems.push(format!(
            "{} writes found that no child reported (at most one may be)",
            extra.len()
        ));
    }
    let mut found = Vec::new();
    for ((kind, id, _), (code, value)) in extra {
        // Which write of the round it was: the one after the last reported.
        let i = round_writes.last().map_or(0, |w| w.i + 1);
        let w = Written {
            kind: *kind,
            round,
            i,
            code: code.clone(),
            id: *id,
            reported: false,
        };
        let want = expected_value(&w, &st.prefix);
        if value != &want {
            problems.push(format!(
                "an unreported {} in {code} holds {value:?}, not the next write's {want:?}",
                kind.word()
            ));
        }
        found.push(w);
    }

    // The public API shows the round's writes in their cases, too.
    let mut by_case: BTreeMap<&str, Vec<&Written>> = BTreeMap::new();
    for w in round_writes.iter().chain(&found) {
        by_case.entry(&w.code).or_default().push(w);
    }
    for (code, writes) in by_case {
        let view = match s.show_case(code) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("case {code} does not open: {e:?}"));
                continue;
            }
        };
        let r = &view.record;
        for w in writes {
            let marker = item_marker(&st.prefix, w.round, w.i);
            let date = item_date(w.round, w.i);
            let shown = match w.kind {
                Kind::Case => r.person.given_name.as_deref() == Some(marker.as_str()),
                Kind::Note => r.notes.iter().any(|n| n.text == marker && n.date == date),
                Kind::Service => r
                    .services
                    .iter()
                    .any(|x| x.kind == service_kind(w.round, w.i) && x.date == date),
                Kind::Employment => r
                    .employments
                    .iter()
                    .any(|x| x.employer == marker && x.started_on == date),
                Kind::Allowance => {
                    let amount = allowance_amount(w.round, w.i).0;
                    r.allowances
                        .iter()
                        .any(|x| x.amount == amount && x.date == date)
                }
            };
            if !shown {
                problems.push(format!(
                    "case {code} does not show {} {} of round {}",
                    w.kind.word(),
                    w.i,
                    w.round
                ));
            }
        }
    }

    if in_place {
        st.kept = s.audit_head().unwrap();
    }
    drop(s);
    st.unreported_found += found.len();
    for w in found {
        st.writes.insert(key_of(&w), w);
    }
    st.checked = checked;
    problems
}

/// Parses a round's reports into writes.
fn round_writes(killed: &Killed, round: u64) -> Vec<Written> {
    killed
        .writes()
        .map(|line| {
            let mut f = line.split(' ');
            let kind = Kind::from_word(f.next().unwrap());
            let i = f.next().unwrap().parse().unwrap();
            let code = f.next().unwrap().to_owned();
            let id = f.next().unwrap().parse().unwrap();
            Written {
                kind,
                round,
                i,
                code,
                id,
                reported: true,
            }
        })
        .collect()
}

#[test]
fn database_writes_survive_sigkill_at_random_moments() {
    const TEST: &str = "database_writes_survive_sigkill_at_random_moments";
    if child_role().is_some() {
        return run_db_writer();
    }
    let wall = Instant::now();
    let seed = seed();
    let kills = kills();
    println!(
        "crash-safety[database]: seed {seed} (replay with HAVEN_CRASH_SEED={seed}), {kills} kills"
    );
    let mut rng = Rng::new(seed ^ 0xdb);
    let l = layout();
    let vault = floor_vault(&l.vault);
    {
        let mut a = admin(&vault);
        a.add_user(WRITER, &[Role::Caseworker], &pass(OTHER_PASSPHRASE))
            .unwrap();
        a.add_user(
            CHECKER,
            &[Role::Caseworker, Role::Admin],
            &pass(OTHER_PASSPHRASE),
        )
        .unwrap();
        a.import(&mut ORGS.as_bytes(), false, &mut |_| {}).unwrap();
    }
    // Every marker starts with this prefix. The scan looks for its random part alone: that
    // finds every marker, and also the words the search index splits a name into.
    let prefix = marker("crash");
    let needles = vec![prefix.rsplit('-').next().unwrap().to_owned()];
    let codes_file = l.root.path().join("codes.txt");
    let check_copy = l.root.path().join("check");
    let mut st = DbState {
        prefix: prefix.clone(),
        writes: BTreeMap::new(),
        kept: None,
        confirmed: 0,
        unreported_found: 0,
        checked: 0,
        failed_logins: 0,
        anchor_checks: 0,
    };
    let (mut start_time, mut per_write) = (
        Estimate(Duration::from_millis(150)),
        Estimate(Duration::from_millis(20)),
    );
    let mut moments = [0usize; 3];
    let (mut in_place_checks, mut copy_checks) = (0, 0);
    let mut checking = Duration::ZERO;
    let (mut wals_scanned, mut largest_wal) = (0usize, 0u64);
    let summary = |st: &DbState, moments: &[usize; 3], lost: usize, wall: Instant| {
        format!(
            "crash-safety[database]: seed {seed}: {} kills ({} during start-up/unlock, {} in the first write, {} later); \
             writes confirmed {}, checked {}, lost {lost}; committed but unreported {}; \
             integrity anchor reached at {} unlocks, false alarms 0; {:.1} s",
            moments.iter().sum::<usize>(),
            moments[0],
            moments[1],
            moments[2],
            st.confirmed,
            st.checked,
            st.unreported_found,
            st.anchor_checks,
            wall.elapsed().as_secs_f64()
        )
    };

    for round in 0..kills as u64 {
        let codes: BTreeSet<&str> = st.writes.values().map(|w| w.code.as_str()).collect();
        std::fs::write(
            &codes_file,
            codes.into_iter().collect::<Vec<_>>().join("\n"),
        )
        .unwrap();
        // Someone mistypes: the attempt is sealed into `vault.events`, and the child's unlock
        // moves it into the audit log.
        let wrong = vault.unlock(WRITER, &pass("not the writer's passphrase at all"));
        assert!(matches!(wrong, Err(Error::WrongCredentials)));
        st.failed_logins += 1;
        let round_s = round.to_string();
        let child_seed = rng.next().to_string();
        let run = ChildRun::spawn(
            TEST,
            "db-writer",
            &[
                ("HAVEN_VAULT", &l.vault),
                ("HAVEN_CRASH_ROUND", Path::new(&round_s)),
                ("HAVEN_CRASH_PREFIX", Path::new(&prefix)),
                ("HAVEN_CRASH_CHILD_SEED", Path::new(&child_seed)),
                ("HAVEN_CRASH_CODES", &codes_file),
                ("TMPDIR", &l.tmp),
                ("SQLITE_TMPDIR", &l.tmp),
                ("HOME", &l.home),
            ],
        );
        // Start-up and unlock, the first write, or a random point of one of the few writes
        // after the nth report (a span of several writes, so the point falls anywhere in a
        // write whatever the lag of the report).
        let moment = match rng.below(10) {
            0 => Moment::FromSpawn(rng.up_to(start_time.0 * 11 / 10)),
            // The end of the unlock, where it writes: the login's audit entry and the failed
            // logins taken from `vault.events`.
            1 => Moment::FromSpawn(start_time.0 * 17 / 20 + rng.up_to(start_time.0 / 5)),
            2 | 3 => Moment::AfterReady(rng.up_to(per_write.0 * 3 / 2)),
            _ => Moment::AfterWrites(1 + rng.below(30) as usize, rng.up_to(per_write.0 * 3)),
        };
        let killed = run.kill_at(moment);
        if let Some(ready) = killed.ready_at() {
            start_time.update(Some(ready - killed.started));
        }
        per_write.update(killed.time_per_write());
        let writes = round_writes(&killed, round);
        moments[match (killed.ready_at(), writes.len()) {
            (None, _) => 0,
            (Some(_), 0) => 1,
            _ => 2,
        }] += 1;
        st.confirmed += writes.len();
        for w in &writes {
            st.writes.insert(key_of(w), w.clone());
        }

        // What the kill left on disk, before anything opens it again.
        let check_started = Instant::now();
        let wal = std::fs::metadata(l.vault.join(format!("{}-wal", haven::vault::DATABASE_FILE)))
            .map_or(0, |m| m.len());
        if wal > 0 {
            wals_scanned += 1;
            largest_wal = largest_wal.max(wal);
        }
        assert_no_plaintext(
            &[&l.vault, &l.tmp, &l.home],
            &needles,
            &format!("round {round}"),
        );

        // Half the time the check works on a copy, so the next writer recovers the WAL its
        // killed predecessor left, and the check after it sees what that recovery made.
        let in_place = rng.below(2) == 0;
        let dir = if in_place {
            in_place_checks += 1;
            l.vault.clone()
        } else {
            copy_checks += 1;
            copy_vault(&l.vault, &check_copy);
            check_copy.clone()
        };
        let problems = check_db(&dir, &mut st, round, &writes, in_place);
        checking += check_started.elapsed();
        if !problems.is_empty() {
            let lost = problems.iter().filter(|p| p.starts_with("LOST")).count();
            println!("{}", summary(&st, &moments, lost, wall));
            panic!(
                "after kill {round} at {moment:?} (seed {seed}), checked {}: {problems:#?}",
                if in_place { "in place" } else { "on a copy" }
            );
        }
    }

    // The final state, opened in place, holds everything.
    let problems = check_db(&l.vault, &mut st, kills as u64, &[], true);
    let lost = problems.iter().filter(|p| p.starts_with("LOST")).count();
    println!("{}", summary(&st, &moments, lost, wall));
    println!(
        "crash-safety[database]: checks in place {in_place_checks}, on a copy {copy_checks}; \
         the vault holds {} writes ({} reported), {} KiB; a write took ~{} ms, start-up and unlock \
         ~{} ms; the checks took {:.1} s in all; {wals_scanned} kills left a WAL for the scan \
         (largest {} KiB); failed logins made {} (each in the audit log once)",
        st.writes.len(),
        st.confirmed,
        std::fs::metadata(db_file(&l.vault)).unwrap().len() / 1024,
        per_write.0.as_millis(),
        start_time.0.as_millis(),
        checking.as_secs_f64(),
        largest_wal / 1024,
        st.failed_logins
    );
    assert!(
        problems.is_empty(),
        "final check (seed {seed}): {problems:#?}"
    );
    assert_eq!(st.checked, st.confirmed, "every reported write was checked");
    assert!(
        count_files(&l.vault) >= 2,
        "the scan must see the vault's files"
    );
    assert_no_plaintext(
        &[&l.vault, &l.tmp, &l.home, &check_copy],
        &needles,
        "at the end",
    );
}

// --- scenario 2: the key file during passphrase changes --------------------------------------

/// Passphrase number `k` of the sequence the child walks (its change `k` goes from `k - 1` to
/// `k`). Every number gives a different passphrase: with a short cycle, the old slot that a
/// change stopped between its two writes leaves behind would open under a later number.
fn passphrase(k: u64) -> haven::Passphrase {
    pass(&format!("copper lagoon {k} whistle thimble"))
}

/// The child: changes the user's passphrase again and again from number `HAVEN_CRASH_FROM`,
/// reporting `K` (the number now in force) after each change returns Ok.
fn run_key_changer() {
    let vault = Vault::at(env_var("HAVEN_VAULT"));
    let user = env_var("HAVEN_CRASH_USER");
    let mut k: u64 = env_var("HAVEN_CRASH_FROM").parse().unwrap();
    report("ready");
    let until = Instant::now() + CHILD_LIFETIME;
    while Instant::now() < until {
        vault
            .change_passphrase(&user, &passphrase(k), &passphrase(k + 1))
            .expect("change passphrase");
        k += 1;
        report(&k.to_string());
    }
}

/// Whether `user` unlocks with `p`; any answer but a wrong-credentials refusal is a problem.
fn opens(vault: &Vault, user: &str, p: &haven::Passphrase) -> Result<bool, String> {
    match vault.unlock(user, p) {
        Ok(s) => {
            s.check_integrity()
                .map_err(|e| format!("integrity check: {e:?}"))?;
            Ok(true)
        }
        Err(Error::WrongCredentials) => Ok(false),
        Err(e) => Err(format!("unlock failed: {e:?}")),
    }
}

/// What a kill during a passphrase change left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyOutcome {
    /// Killed before the change's first key file write (or between changes): as before.
    Unchanged,
    /// Killed between the two writes: the new slot beside the old one(s), both open.
    Between,
    /// Killed after the change completed, before it was reported: only the new one opens.
    CompletedUnreported,
}

#[test]
fn key_file_survives_sigkill_during_passphrase_changes() {
    const TEST: &str = "key_file_survives_sigkill_during_passphrase_changes";
    if child_role().is_some() {
        return run_key_changer();
    }
    let wall = Instant::now();
    let seed = seed();
    let kills = kills();
    println!(
        "crash-safety[key file]: seed {seed} (replay with HAVEN_CRASH_SEED={seed}), {kills} kills"
    );
    let mut rng = Rng::new(seed ^ 0x4b);
    let l = layout();
    let vault = Vault::at(&l.vault);
    let recovery = vault
        .create_with(ADMIN, &pass(ADMIN_PASSPHRASE), haven::KdfParams::FLOOR)
        .unwrap();
    // The user names are markers: the key file must name no one, even mid-change.
    let (alpha, beta) = (marker("alpha"), marker("beta"));
    {
        let mut a = admin(&vault);
        a.add_user(&alpha, &[Role::Caseworker], &passphrase(0))
            .unwrap();
        a.add_user(&beta, &[Role::Intake], &pass(OTHER_PASSPHRASE))
            .unwrap();
    }
    let needles = vec![alpha.clone(), beta.clone()];
    // Besides alpha's slots: the admin's, beta's and the recovery key's.
    const OTHER_SLOTS: usize = 3;
    // The numbers of the passphrases that open alpha's slots now.
    let mut open: BTreeSet<u64> = BTreeSet::from([0]);
    let (mut start_time, mut per_change) = (
        Estimate(Duration::from_millis(30)),
        Estimate(Duration::from_millis(150)),
    );
    let (mut confirmed, mut checked, mut lost) = (0usize, 0usize, 0usize);
    let (mut unreported, mut between, mut most_open) = (0usize, 0usize, 1usize);
    let mut moments = [0usize; 3];
    let summary = |k: usize,
                   confirmed: usize,
                   checked: usize,
                   lost: usize,
                   unreported: usize,
                   between: usize,
                   most_open: usize,
                   moments: &[usize; 3]| {
        format!(
            "crash-safety[key file]: seed {seed}: {k} kills ({} before the first change, {} in it, {} later); \
             changes confirmed {confirmed}, checked {checked}, lost {lost}; completed but unreported {unreported}; \
             killed between a change's two writes (old and new both open) {between}, \
             most passphrases open at once {most_open}; {:.1} s",
            moments[0],
            moments[1],
            moments[2],
            wall.elapsed().as_secs_f64()
        )
    };

    for round in 0..kills {
        // The child starts from any passphrase that opens (the older one, too, after a kill
        // between a change's two writes).
        let open_now: Vec<u64> = open.iter().copied().collect();
        let from = open_now[rng.below(open_now.len() as u64) as usize];
        let from_s = from.to_string();
        let run = ChildRun::spawn(
            TEST,
            "key-changer",
            &[
                ("HAVEN_VAULT", &l.vault),
                ("HAVEN_CRASH_USER", Path::new(&alpha)),
                ("HAVEN_CRASH_FROM", Path::new(&from_s)),
                ("TMPDIR", &l.tmp),
                ("HOME", &l.home),
            ],
        );
        let moment = match rng.below(10) {
            0 => Moment::FromSpawn(rng.up_to(start_time.0)),
            1..=4 => Moment::AfterReady(rng.up_to(per_change.0 * 6 / 5)),
            _ => Moment::AfterWrites(1 + rng.below(4) as usize, rng.up_to(per_change.0 * 2)),
        };
        let killed = run.kill_at(moment);
        if let Some(ready) = killed.ready_at() {
            start_time.update(Some(ready - killed.started));
        }
        per_change.update(killed.time_per_write());
        let reported: Vec<u64> = killed.writes().map(|k| k.parse().unwrap()).collect();
        assert!(
            reported
                .iter()
                .copied()
                .eq(from + 1..=from + reported.len() as u64),
            "the child reported {reported:?} from {from}"
        );
        moments[match (killed.ready_at(), reported.len()) {
            (None, _) => 0,
            (Some(_), 0) => 1,
            _ => 2,
        }] += 1;
        confirmed += reported.len();
        assert_no_plaintext(
            &[&l.vault, &l.tmp, &l.home],
            &needles,
            &format!("round {round}"),
        );

        // What may open now: the passphrases in force when the change under way began (the
        // last reported, or those of the round's start), with or without the next one — or the
        // next one alone. Nothing else, not even the one after it.
        let last = reported.last().copied();
        let settled: BTreeSet<u64> = match last {
            Some(k) => BTreeSet::from([k]),
            None => open.clone(),
        };
        let next = last.unwrap_or(from) + 1;
        let mut with_next = settled.clone();
        with_next.insert(next);
        let candidates: BTreeSet<u64> = open.iter().copied().chain(from..=next + 1).collect();

        let mut problems = Vec::new();
        let kf = match KeyFile::load(&vault.key_file_path()) {
            Ok(kf) => Some(kf),
            Err(e) => {
                problems.push(format!("the key file does not load: {e:?}"));
                None
            }
        };
        let mut observed = BTreeSet::new();
        for &k in &candidates {
            match opens(&vault, &alpha, &passphrase(k)) {
                Ok(true) => {
                    observed.insert(k);
                }
                Ok(false) => {}
                Err(e) => problems.push(format!("passphrase {k}: {e}")),
            }
        }
        let outcome = if observed == settled {
            Some(KeyOutcome::Unchanged)
        } else if observed == with_next {
            Some(KeyOutcome::Between)
        } else if observed == BTreeSet::from([next]) {
            Some(KeyOutcome::CompletedUnreported)
        } else {
            None
        };
        match outcome {
            Some(KeyOutcome::Unchanged) => {}
            Some(KeyOutcome::Between) => between += 1,
            Some(KeyOutcome::CompletedUnreported) => unreported += 1,
            None => {
                // A reported change is lost when neither it nor the next one opens.
                if last.is_some_and(|k| !observed.contains(&k) && !observed.contains(&next)) {
                    lost += 1;
                    problems.push(format!("LOST: reported change {last:?} does not open"));
                }
                problems.push(format!(
                    "passphrases {observed:?} of {candidates:?} open; expected {settled:?}, \
                     {with_next:?} or [{next}]"
                ));
            }
        }
        most_open = most_open.max(observed.len());
        // One slot per passphrase that opens, no other slot of alpha's.
        if let Some(kf) = &kf {
            if kf.slots.len() != OTHER_SLOTS + observed.len() {
                problems.push(format!(
                    "{} slots for {} opening passphrases",
                    kf.slots.len(),
                    observed.len()
                ));
            }
            let recovery_slots = kf
                .slots
                .iter()
                .filter(|s| s.kind == SlotKind::Recovery)
                .count();
            if recovery_slots != 1 {
                problems.push(format!("{recovery_slots} recovery slots"));
            }
        }
        // The other users' slots and the recovery key.
        for (user, p) in [(ADMIN, ADMIN_PASSPHRASE), (beta.as_str(), OTHER_PASSPHRASE)] {
            match opens(&vault, user, &pass(p)) {
                Ok(true) => {}
                Ok(false) => problems.push("another user's passphrase no longer opens".into()),
                Err(e) => problems.push(e),
            }
        }
        if let Err(e) = vault.reset_passphrase(&recovery, &beta, &pass(OTHER_PASSPHRASE)) {
            problems.push(format!("the recovery key no longer opens the vault: {e:?}"));
        }
        if !problems.is_empty() {
            println!(
                "{}",
                summary(
                    round + 1,
                    confirmed,
                    checked,
                    lost,
                    unreported,
                    between,
                    most_open,
                    &moments
                )
            );
            panic!("after kill {round} at {moment:?} (seed {seed}): {problems:#?}");
        }
        checked += reported.len();
        open = observed;
    }

    // A last change goes through cleanly: from then on only its passphrase opens, with one slot
    // per user and no temporary file left.
    let from = *open.iter().next().unwrap();
    let last = *open.iter().next_back().unwrap() + 1;
    vault
        .change_passphrase(&alpha, &passphrase(from), &passphrase(last))
        .unwrap();
    for k in open.iter().copied().chain([last]) {
        assert_eq!(
            opens(&vault, &alpha, &passphrase(k)).unwrap(),
            k == last,
            "passphrase {k} after a clean change"
        );
    }
    assert_eq!(
        KeyFile::load(&vault.key_file_path()).unwrap().slots.len(),
        OTHER_SLOTS + 1
    );
    let leftovers: Vec<_> = std::fs::read_dir(&l.vault)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    println!(
        "{}",
        summary(kills, confirmed, checked, lost, unreported, between, most_open, &moments)
    );
    println!(
        "crash-safety[key file]: a change took ~{} ms (two Argon2id derivations at the floor cost \
         and two key file saves)",
        per_change.0.as_millis()
    );
    assert_eq!(lost, 0);
    assert_no_plaintext(&[&l.vault, &l.tmp, &l.home], &needles, "at the end");
}
