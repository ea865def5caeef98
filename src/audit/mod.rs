//! The audit log: who did what, when, to which case — never the identifying values themselves.
//!
//! An append-only table inside the encrypted database. Entry `i` carries
//! `mac_i = HMAC-SHA256(k_audit, mac_{i-1} ‖ entry_i)`, with `k_audit` derived from the data key
//! by HKDF, so that deleting, editing, reordering or inserting an entry breaks the chain from
//! there on; `verify` finds the first broken link. Cutting off the newest entries leaves a valid
//! chain, which is why the head (sequence number and MAC) can be printed and kept elsewhere:
//! verifying against a kept head detects the cut.
//!
//! Every change is appended by the session's one write helper, in the same transaction as the
//! change; reads of identifying data append their own entry before the data is returned. The two
//! ways in without a session (a restore, a reset with the recovery key) append theirs through
//! [`append`] too; `tests/architecture.rs` names every caller.

pub mod entry;
pub(crate) mod integrity;

pub use entry::{
    action_words, Action, AuditFilter, AuditPage, Entry, Head, LogLine, Note, Verification,
};

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use rusqlite::Connection;
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::records::date::CivilDate;
use crate::secret::DataKey;
use crate::store::{audit_log, cases};
use crate::users::UserName;
use crate::vault::anchor::ChainHead;
use crate::{Error, Result};

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

/// Appends an entry (inside whatever transaction `conn` is in); the chain's new head, for the
/// integrity anchor once the transaction is committed.
pub(crate) fn append(
    conn: &Connection,
    key: &AuditKey,
    user: Option<&str>,
    action: Action,
    note: &Note,
) -> Result<ChainHead> {
    let (seq, prev) = audit_log::last(conn)?.unwrap_or((0, vec![0u8; 32]));
    let case = note.case.map(|id| cases::uuid_of(conn, id)).transpose()?;
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
    audit_log::insert(conn, &entry, &mac)?;
    Ok(ChainHead {
        seq: entry.seq,
        mac,
    })
}

/// Recomputes every MAC of the log in `schema` (an attached database) under `key`, in order:
/// the chain carried over to a new data key. The caller verified the old chain first.
pub(crate) fn reseal(conn: &Connection, schema: &str, key: &AuditKey) -> Result<()> {
    let mut prev = vec![0u8; 32];
    audit_log::rewrite_macs(conn, schema, &mut |entry| {
        let m = mac(key, &prev, entry);
        prev = m.to_vec();
        m
    })
}

/// Recomputes the chain; with `kept`, also checks that the log still reaches that head.
pub(crate) fn verify(
    conn: &Connection,
    key: &AuditKey,
    kept: Option<&Head>,
) -> Result<Verification> {
    let mut prev = vec![0u8; 32];
    let mut expected = 1i64;
    let mut report = Verification {
        entries: 0,
        head: None,
        first_broken: None,
        truncated: false,
    };
    let mut kept_found = false;
    audit_log::each(conn, &mut |entry, stored| {
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
    })?;
    if let Some(k) = kept {
        report.truncated = !kept_found && report.head.as_ref().is_none_or(|h| h.seq < k.seq);
    }
    Ok(report)
}

/// The newest entry's head.
pub(crate) fn head(conn: &Connection) -> Result<Option<Head>> {
    Ok(audit_log::last(conn)?.map(|(seq, mac)| Head {
        seq,
        mac: hex(&mac),
    }))
}

/// One page of the log, newest first, narrowed by `filter`.
pub(crate) fn search(conn: &Connection, filter: &AuditFilter) -> Result<AuditPage> {
    let limit = filter.limit.unwrap_or(100).clamp(1, 500);
    let user = UserName::optional_key(filter.user.as_deref(), "user")?;
    let case = match filter
        .case
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        None => None,
        Some(code) => Some(
            cases::uuid_by_code(conn, code)?
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
    let mut lines = audit_log::search(
        conn,
        &audit_log::Narrowing {
            user_key: user.as_deref(),
            case_uuid: case.as_deref(),
            action,
            from: from.map(|d| d.to_string()),
            until,
            before: filter.before,
            limit: i64::from(limit) + 1,
        },
    )?;
    let more = lines.len() > limit as usize;
    lines.truncate(limit as usize);
    Ok(AuditPage { lines, more })
}

/// The log, oldest first; only the entries of one case when `case_code` is given.
pub(crate) fn lines(conn: &Connection, case_code: Option<&str>) -> Result<Vec<LogLine>> {
    let uuid = match case_code {
        None => None,
        Some(code) => Some(cases::uuid_by_code(conn, code)?.ok_or(Error::NoSuchCase)?),
    };
    audit_log::lines(conn, uuid.as_deref())
}
