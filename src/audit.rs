//! The audit log: who did what, when, to which case — never the identifying values themselves.
//!
//! An append-only table inside the encrypted database. Entry `i` carries
//! `mac_i = HMAC-SHA256(k_audit, mac_{i-1} ‖ entry_i)`, with `k_audit` derived from the data key
//! by HKDF, so that deleting, editing, reordering or inserting an entry breaks the chain from
//! there on; `verify` finds the first broken link. Cutting off the newest entries leaves a valid
//! chain, which is why the head (sequence number and MAC) can be printed and kept elsewhere:
//! verifying against a kept head detects the cut.
//!
//! Every change is appended by the one transaction helper ([`crate::Session`]'s `write`), in the
//! same transaction as the change; reads of identifying data append their own entry before the
//! data is returned.

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use ts_rs::TS;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::records::date::CivilDate;
use crate::roles::Permission;
use crate::secret::DataKey;
use crate::session::Session;
use crate::{Error, Result};

/// What an entry records. The words are stored; they never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A user unlocked the vault.
    Login,
    /// A user locked the vault.
    Lock,
    /// A user was added.
    UserAdd,
    /// A user was removed.
    UserRemove,
    /// A user's roles were replaced.
    UserRoles,
    /// An interchange file was imported.
    Import,
    /// Cases were exported with identities.
    Export,
    /// An organization was added or changed.
    Organization,
    /// A case was created.
    CaseCreate,
    /// A case was changed (any of its entries).
    CaseChange,
    /// A case file was opened with identities.
    CaseRead,
    /// A list or search showed names.
    CaseSearch,
    /// A document was added.
    DocumentAdd,
    /// A document was opened.
    DocumentRead,
    /// A passphrase was reset with the recovery key.
    PassphraseReset,
    /// The recovery key was replaced.
    RecoveryKeyReplaced,
    /// The data key was rotated.
    KeyRotation,
    /// Someone tried to unlock with a wrong user name or passphrase (recorded sealed while the
    /// vault was locked, moved here at the next unlock).
    LoginFailed,
    /// The indicator report was made (its period and `k` in the detail; never a count).
    Report,
    /// A vault setting was changed.
    Settings,
    /// A backup of the whole vault was written (its size in the detail; never the path).
    Backup,
    /// The vault was restored from a backup (the first entry the restored vault adds).
    Restore,
}

impl Action {
    /// Every action, in the order the audit screen lists them.
    pub const ALL: [Action; 22] = [
        Action::Login,
        Action::LoginFailed,
        Action::Lock,
        Action::CaseCreate,
        Action::CaseChange,
        Action::CaseRead,
        Action::CaseSearch,
        Action::DocumentAdd,
        Action::DocumentRead,
        Action::Import,
        Action::Export,
        Action::Organization,
        Action::Report,
        Action::UserAdd,
        Action::UserRemove,
        Action::UserRoles,
        Action::PassphraseReset,
        Action::RecoveryKeyReplaced,
        Action::KeyRotation,
        Action::Settings,
        Action::Backup,
        Action::Restore,
    ];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Login => "login",
            Action::Lock => "lock",
            Action::UserAdd => "user.add",
            Action::UserRemove => "user.remove",
            Action::UserRoles => "user.roles",
            Action::Import => "import",
            Action::Export => "export",
            Action::Organization => "organization",
            Action::CaseCreate => "case.create",
            Action::CaseChange => "case.change",
            Action::CaseRead => "case.read",
            Action::CaseSearch => "case.search",
            Action::DocumentAdd => "document.add",
            Action::DocumentRead => "document.read",
            Action::PassphraseReset => "user.passphrase_reset",
            Action::RecoveryKeyReplaced => "recovery_key.replace",
            Action::KeyRotation => "key.rotate",
            Action::LoginFailed => "login.failed",
            Action::Report => "report",
            Action::Settings => "settings",
            Action::Backup => "backup",
            Action::Restore => "restore",
        }
    }
}

/// What a change tells the log beyond its action: the case it touched and a non-identifying
/// detail (counts, a word), filled in by the code that made the change.
#[derive(Debug, Default, Clone)]
pub struct Note {
    /// Row id of the case the change touched.
    pub case: Option<i64>,
    /// Counts or a word; never a name, a note, a date of a person or free text.
    pub detail: Option<String>,
}

/// The key of the chain, derived from the data key.
#[derive(Zeroize, ZeroizeOnDrop)]
pub(crate) struct AuditKey([u8; 32]);

impl AuditKey {
    /// HKDF-SHA256 of the data key, salted with the vault id.
    pub(crate) fn derive(data_key: &DataKey, vault_id: &str) -> Self {
        let hk = Hkdf::<Sha256>::new(Some(vault_id.as_bytes()), data_key.as_bytes());
        let mut key = [0u8; 32];
        hk.expand(b"haven audit chain v1", &mut key)
            .expect("32 bytes is a valid HKDF length");
        Self(key)
    }
}

/// One entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// The user's id, if a user acted.
    pub user: Option<String>,
    /// The action's word.
    pub action: String,
    /// The case's id (its UUID, not its code), if a case was concerned.
    pub case: Option<String>,
    /// `ok`, or how it failed.
    pub outcome: String,
    /// Counts or a word.
    pub detail: Option<String>,
}

impl Entry {
    /// An entry from a row whose first seven columns are `seq, at, user_id, action, case_uuid,
    /// outcome, detail`.
    fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Entry {
            seq: r.get(0)?,
            at: r.get(1)?,
            user: r.get(2)?,
            action: r.get(3)?,
            case: r.get(4)?,
            outcome: r.get(5)?,
            detail: r.get(6)?,
        })
    }
}

/// The newest entry's position and MAC: keep it elsewhere to detect a cut-off tail later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Head {
    /// The newest entry's sequence number.
    #[ts(type = "number")]
    pub seq: i64,
    /// Its MAC, hex.
    pub mac: String,
}

impl std::fmt::Display for Head {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.mac)
    }
}

impl std::str::FromStr for Head {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let bad = || {
            Error::invalid(
                "head",
                "A chain head is written SEQ:MAC, as `haven audit verify` prints it.",
            )
        };
        let (seq, mac) = s.trim().split_once(':').ok_or_else(bad)?;
        let seq = seq.parse().map_err(|_| bad())?;
        if mac.len() != 64 || !mac.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(Head {
            seq,
            mac: mac.to_ascii_lowercase(),
        })
    }
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Verification {
    /// Entries read.
    #[ts(type = "number")]
    pub entries: u64,
    /// The newest entry, if any.
    pub head: Option<Head>,
    /// The first entry that does not fit the chain (or where one is missing); `None` when the
    /// chain is intact.
    #[ts(type = "number | null")]
    pub first_broken: Option<i64>,
    /// Whether the log ends before a kept head (its newest entries were cut off).
    pub truncated: bool,
}

impl Verification {
    /// Whether the log is intact (and, if a head was given, reaches it).
    pub fn is_intact(&self) -> bool {
        self.first_broken.is_none() && !self.truncated
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The MAC of an entry following `prev`. Every field is length-prefixed, so no two different
/// entries encode alike.
fn mac(key: &AuditKey, prev: &[u8], e: &Entry) -> [u8; 32] {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&key.0).expect("any key length");
    m.update(prev);
    m.update(&e.seq.to_be_bytes());
    for field in [
        Some(e.at.as_str()),
        e.user.as_deref(),
        Some(e.action.as_str()),
        e.case.as_deref(),
        Some(e.outcome.as_str()),
        e.detail.as_deref(),
    ] {
        match field {
            None => m.update(&[0]),
            Some(text) => {
                m.update(&[1]);
                m.update(&(text.len() as u64).to_be_bytes());
                m.update(text.as_bytes());
            }
        }
    }
    m.finalize().into_bytes().into()
}

/// Appends an entry (inside whatever transaction `conn` is in).
pub(crate) fn append(
    conn: &Connection,
    key: &AuditKey,
    user: Option<&str>,
    action: Action,
    note: &Note,
) -> Result<()> {
    let last: Option<(i64, Vec<u8>)> = conn
        .prepare_cached("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev) = last.unwrap_or((0, vec![0u8; 32]));
    let case: Option<String> = match note.case {
        Some(id) => Some(
            conn.prepare_cached("SELECT uuid FROM cases WHERE id = ?1")?
                .query_row([id], |r| r.get(0))?,
        ),
        None => None,
    };
    let entry = Entry {
        seq: seq + 1,
        at: crate::clock::now_utc(),
        user: user.map(str::to_owned),
        action: action.as_str().to_owned(),
        case,
        outcome: "ok".into(),
        detail: note.detail.clone(),
    };
    let mac = mac(key, &prev, &entry);
    conn.prepare_cached(
        "INSERT INTO audit_log (seq, at, user_id, action, case_uuid, outcome, detail, mac) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![entry.seq, entry.at, entry.user, entry.action, entry.case, entry.outcome, entry.detail, &mac[..]])?;
    Ok(())
}

/// Recomputes every MAC of the log in `schema` (an attached database) under `key`, in order:
/// the chain carried over to a new data key. The caller verified the old chain first.
pub(crate) fn reseal(conn: &Connection, schema: &str, key: &AuditKey) -> Result<()> {
    let mut read = conn.prepare(&format!(
        "SELECT seq, at, user_id, action, case_uuid, outcome, detail FROM {schema}.audit_log ORDER BY seq"
    ))?;
    let mut write = conn.prepare(&format!(
        "UPDATE {schema}.audit_log SET mac = ?2 WHERE seq = ?1"
    ))?;
    let mut prev = vec![0u8; 32];
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let entry = Entry::from_row(r)?;
        let m = mac(key, &prev, &entry);
        write.execute(params![entry.seq, &m[..]])?;
        prev = m.to_vec();
    }
    Ok(())
}

/// Recomputes the chain; with `kept`, also checks that the log still reaches that head.
pub(crate) fn verify(
    conn: &Connection,
    key: &AuditKey,
    kept: Option<&Head>,
) -> Result<Verification> {
    let mut stmt = conn.prepare("SELECT seq, at, user_id, action, case_uuid, outcome, detail, mac FROM audit_log ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    let mut prev = vec![0u8; 32];
    let mut expected = 1i64;
    let mut report = Verification {
        entries: 0,
        head: None,
        first_broken: None,
        truncated: false,
    };
    let mut kept_found = false;
    while let Some(r) = rows.next()? {
        let entry = Entry::from_row(r)?;
        let stored: Vec<u8> = r.get(7)?;
        report.entries += 1;
        if report.first_broken.is_none() {
            if entry.seq != expected {
                report.first_broken = Some(expected.min(entry.seq));
            } else if mac(key, &prev, &entry)[..] != stored[..] {
                report.first_broken = Some(entry.seq);
            }
        }
        if let Some(k) = kept {
            if k.seq == entry.seq {
                kept_found = true;
                if hex(&stored) != k.mac && report.first_broken.is_none() {
                    report.first_broken = Some(entry.seq);
                }
            }
        }
        expected = entry.seq + 1;
        report.head = Some(Head {
            seq: entry.seq,
            mac: hex(&stored),
        });
        prev = stored;
    }
    if let Some(k) = kept {
        report.truncated = !kept_found && report.head.as_ref().is_none_or(|h| h.seq < k.seq);
    }
    Ok(report)
}

/// The newest entry's head.
pub(crate) fn head(conn: &Connection) -> Result<Option<Head>> {
    Ok(conn
        .query_row(
            "SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| {
                Ok(Head {
                    seq: r.get(0)?,
                    mac: hex(&r.get::<_, Vec<u8>>(1)?),
                })
            },
        )
        .optional()?)
}

/// What the audit screen asks for: every field narrows the log; empty fields do not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditFilter {
    /// A user name (as typed; case does not matter).
    #[ts(optional)]
    pub user: Option<String>,
    /// A case code.
    #[ts(optional)]
    pub case: Option<String>,
    /// An action word (see [`Action::ALL`]).
    #[ts(optional)]
    pub action: Option<String>,
    /// First day (UTC), `YYYY-MM-DD`, inclusive.
    #[ts(optional)]
    pub from: Option<String>,
    /// Last day (UTC), `YYYY-MM-DD`, inclusive.
    #[ts(optional)]
    pub to: Option<String>,
    /// Only entries older than this sequence number (the next page).
    #[ts(optional, type = "number")]
    pub before: Option<i64>,
    /// At most this many entries (default 100, at most 500).
    #[ts(optional)]
    pub limit: Option<u32>,
}

/// One page of the log, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AuditPage {
    /// The entries.
    pub lines: Vec<LogLine>,
    /// Whether older entries match too (ask again with `before` = the last entry's seq).
    pub more: bool,
}

/// The action words, in the order the audit screen lists them.
pub fn action_words() -> Vec<&'static str> {
    Action::ALL.iter().map(|a| a.as_str()).collect()
}

/// An entry as people read it: the user's name and the case's code instead of ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LogLine {
    /// Position in the chain.
    #[ts(type = "number")]
    pub seq: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// The user's name (a staff login, not a person of a case).
    pub user: Option<String>,
    /// The action's word.
    pub action: String,
    /// The case code.
    pub case: Option<String>,
    /// `ok`, or how it failed.
    pub outcome: String,
    /// Counts or a word.
    pub detail: Option<String>,
}

impl LogLine {
    /// A line from a row whose first seven columns are `seq, at, user name, action, case code,
    /// outcome, detail`.
    fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            seq: r.get(0)?,
            at: r.get(1)?,
            user: r.get(2)?,
            action: r.get(3)?,
            case: r.get(4)?,
            outcome: r.get(5)?,
            detail: r.get(6)?,
        })
    }
}

impl Session {
    /// (admin) Recomputes the chain; with `kept`, also checks the log still reaches that head.
    pub fn verify_audit(&self, kept: Option<&Head>) -> Result<Verification> {
        self.require(Permission::Administer)?;
        verify(self.conn(), self.audit_key(), kept)
    }

    /// (admin) The newest entry's head, to keep somewhere else.
    pub fn audit_head(&self) -> Result<Option<Head>> {
        self.require(Permission::Administer)?;
        head(self.conn())
    }

    /// (admin) The log, oldest first; only the entries of one case when `case_code` is given.
    pub fn audit_log(&self, case_code: Option<&str>) -> Result<Vec<LogLine>> {
        self.require(Permission::Administer)?;
        self.log_lines(case_code)
    }

    /// (admin) One page of the log, newest first, narrowed by `filter`.
    pub fn audit_search(&self, filter: &AuditFilter) -> Result<AuditPage> {
        self.require(Permission::Administer)?;
        let limit = filter.limit.unwrap_or(100).clamp(1, 500);
        let user = match filter
            .user
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            None => None,
            Some(u) => Some(crate::users::UserName::parse(u, "user")?.key().to_owned()),
        };
        let case = match filter
            .case
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            None => None,
            Some(code) => Some(
                self.conn()
                    .query_row("SELECT uuid FROM cases WHERE code = ?1", [code], |r| {
                        r.get::<_, String>(0)
                    })
                    .optional()?
                    .ok_or_else(|| Error::invalid("case", "There is no case with this code."))?,
            ),
        };
        let action = match filter.action.as_deref().filter(|a| !a.is_empty()) {
            None => None,
            Some(a) => Some(
                Action::ALL
                    .iter()
                    .find(|x| x.as_str() == a)
                    .ok_or_else(|| Error::invalid("action", "Unknown action."))?
                    .as_str(),
            ),
        };
        let day = |d: &Option<String>, field: &'static str| -> Result<Option<CivilDate>> {
            match d.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                None => Ok(None),
                Some(text) => CivilDate::parse(text).map(Some).ok_or_else(|| {
                    Error::invalid(
                        field,
                        "Enter a date as YYYY-MM-DD (for example 2026-11-28).",
                    )
                }),
            }
        };
        let from = day(&filter.from, "from")?;
        let to = day(&filter.to, "to")?;
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(Error::invalid(
                    "to",
                    "The last day must be on or after the first.",
                ));
            }
        }
        // Entries are stamped `YYYY-MM-DDTHH:MM:SS…Z`: a day's entries sort after the day itself
        // and before the next day.
        let until = to.and_then(CivilDate::next_day).map(|d| d.to_string());
        let mut stmt = self.conn().prepare_cached(
            "SELECT a.seq, a.at, u.name, a.action, c.code, a.outcome, a.detail
             FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
                              LEFT JOIN cases c ON c.uuid = a.case_uuid
             WHERE (?1 IS NULL OR u.name_key = ?1) AND (?2 IS NULL OR a.case_uuid = ?2)
               AND (?3 IS NULL OR a.action = ?3) AND (?4 IS NULL OR a.at >= ?4)
               AND (?5 IS NULL OR a.at < ?5) AND (?6 IS NULL OR a.seq < ?6)
             ORDER BY a.seq DESC LIMIT ?7",
        )?;
        let rows = stmt.query_map(
            params![
                user,
                case,
                action,
                from.map(|d| d.to_string()),
                until,
                filter.before,
                i64::from(limit) + 1
            ],
            LogLine::from_row,
        )?;
        let mut lines = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        let more = lines.len() > limit as usize;
        lines.truncate(limit as usize);
        Ok(AuditPage { lines, more })
    }

    /// The latest changes to cases (who did what to which case), newest first: the dashboard's
    /// recent activity, for everyone who reads cases. Staff names and case codes only.
    pub fn recent_activity(&self, limit: u32) -> Result<Vec<LogLine>> {
        self.require(Permission::ReadCaseData)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT a.seq, a.at, u.name, a.action, c.code, a.outcome, a.detail
             FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
                              JOIN cases c ON c.uuid = a.case_uuid
             WHERE a.action IN ('case.create', 'case.change', 'document.add')
             ORDER BY a.seq DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([i64::from(limit.clamp(1, 50))], LogLine::from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The history of a case (who did what, when), for those who work on it.
    pub fn case_history(&self, case_code: &str) -> Result<Vec<LogLine>> {
        self.require(Permission::ReadIdentity)?;
        self.log_lines(Some(case_code))
    }

    fn log_lines(&self, case_code: Option<&str>) -> Result<Vec<LogLine>> {
        let uuid: Option<String> = match case_code {
            None => None,
            Some(code) => Some(
                self.conn()
                    .query_row(
                        "SELECT uuid FROM cases WHERE code = ?1",
                        [code.trim()],
                        |r| r.get(0),
                    )
                    .optional()?
                    .ok_or(Error::NoSuchCase)?,
            ),
        };
        let mut stmt = self.conn().prepare(
            "SELECT a.seq, a.at, u.name, a.action, c.code, a.outcome, a.detail
             FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN cases c ON c.uuid = a.case_uuid
             WHERE ?1 IS NULL OR a.case_uuid = ?1 ORDER BY a.seq",
        )?;
        let rows = stmt.query_map([uuid], LogLine::from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
