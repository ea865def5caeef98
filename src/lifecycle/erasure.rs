//! Erasure and partial purge (lifecycle.md). Erasing a case removes the person's identity
//! (names, aliases, birth date — the age at identification stays as a number —, phone, the
//! source reference, employers' names) and its narratives (notes, documents, the reasons of
//! consent overrides); a partial purge removes the narratives only. What stays — the case
//! code, categories, dates and the non-identifying events — is everything the indicator
//! report reads, so every report for any period is the same before and after.
//!
//! Crypto-shredding: the case's key is destroyed first, then the rows are deleted. The vault
//! runs with `secure_delete`, so deleted cells and freed pages are overwritten with zeros, the
//! search index removes a deleted row's terms at once, and after the commit the log file is
//! checkpointed and truncated so no older copy of a page stays in it. A mark in `vault_meta`
//! (`shred_pending`) makes the next unlock finish that checkpoint if the process died first.
//!
//! The vault keeps a register of erasures (codes, uuids, dates and kinds; never a value):
//! exported, it re-applies every erasure to a backup made before them, when it is restored.

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::Note;
use crate::records::text::{self, Kind};
use crate::records::CivilDate;
use crate::store::{cases, documents, lifecycle as store};
use crate::vault::database;
use crate::{Error, Result};

/// The `vault_meta` mark of an erasure whose log checkpoint has not completed yet.
pub(crate) const SHRED_PENDING: &str = "shred_pending";
/// The longest reason for an erasure, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// How much of a case is erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErasureKind {
    /// Notes and documents only (`haven case purge-narratives`).
    Narratives,
    /// The person's identity and every narrative (`haven case erase`).
    Identity,
}

impl ErasureKind {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            ErasureKind::Narratives => "narratives",
            ErasureKind::Identity => "identity",
        }
    }

    fn parse(word: &str) -> Option<Self> {
        match word {
            "narratives" => Some(ErasureKind::Narratives),
            "identity" => Some(ErasureKind::Identity),
            _ => None,
        }
    }
}

/// What an erasure of a case would remove and what it keeps: the confirmation lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ErasurePreview {
    /// The case's code.
    pub code: String,
    /// The erasure this previews.
    pub kind: ErasureKind,
    /// How far the case was erased before.
    pub erased_before: Option<ErasureKind>,
    /// Goes: whether the person has a name recorded.
    pub names: bool,
    /// Goes: aliases.
    pub aliases: u32,
    /// Goes: whether a birth date is recorded (the age at identification stays).
    pub birth_date: bool,
    /// Goes: whether a phone number is recorded.
    pub phone: bool,
    /// Goes: whether the source system's reference is recorded.
    pub reference: bool,
    /// Goes: employers' names (the jobs' dates stay).
    pub employers: u32,
    /// Goes: notes.
    pub notes: u32,
    /// Goes: documents.
    pub documents: u32,
    /// Goes: reasons given for consent overrides.
    pub override_reasons: u32,
    /// Stays: the events the reports count (referrals, stays, services, allowances,
    /// trainings, jobs and consents), in all.
    pub events_kept: u32,
}

/// What an erasure removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ErasureSummary {
    /// The case's code.
    pub code: String,
    /// The erasure made.
    pub kind: ErasureKind,
    /// Notes deleted.
    pub notes: u32,
    /// Documents deleted.
    pub documents: u32,
    /// Reasons of consent overrides deleted.
    pub override_reasons: u32,
    /// Whether the log file was emptied at once (otherwise the next unlock does it).
    pub log_truncated: bool,
}

/// Checks the reason for an erasure as typed.
pub(crate) fn check_reason(reason: &str) -> Result<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid(
            "reason",
            "Give the reason for the erasure (for example: the person asked; the retention period ended).",
        ));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(Error::invalid(
            "reason",
            format!("Keep the reason to at most {MAX_REASON_CHARS} characters."),
        ));
    }
    if let Err(refused) = text::check(reason, Kind::Line) {
        return Err(Error::invalid(
            "reason",
            format!("In the reason, {}.", refused.message(Kind::Line)),
        ));
    }
    Ok(reason.to_owned())
}

/// How far case `case` was erased.
pub(crate) fn erased_kind(conn: &Connection, case: i64) -> Result<Option<ErasureKind>> {
    erased_before(conn, case)
}

fn erased_before(conn: &Connection, case: i64) -> Result<Option<ErasureKind>> {
    store::erased(conn, case)?
        .map(|w| ErasureKind::parse(&w).ok_or(Error::Damaged))
        .transpose()
}

/// What erasing the case `code` as `kind` would remove and keep.
pub(crate) fn preview(conn: &Connection, code: &str, kind: ErasureKind) -> Result<ErasurePreview> {
    let case = cases::case_id_by_code(conn, code)?.ok_or(Error::NoSuchCase)?;
    let r = cases::read_case(conn, case)?;
    let identity = kind == ErasureKind::Identity;
    let p = &r.person;
    let n = |v: usize| v as u32;
    Ok(ErasurePreview {
        code: code.trim().to_owned(),
        kind,
        erased_before: erased_before(conn, case)?,
        names: identity && (p.given_name.is_some() || p.family_name.is_some()),
        aliases: if identity { n(p.aliases.len()) } else { 0 },
        birth_date: identity && p.birth_date.is_some(),
        phone: identity && p.phone.is_some(),
        reference: identity && r.source_ref.is_some(),
        employers: if identity {
            n(r.employments
                .iter()
                .filter(|e| !e.employer.is_empty())
                .count())
        } else {
            0
        },
        notes: n(r.notes.len()),
        documents: n(documents::list(conn, case)?.len()),
        override_reasons: n(store::override_reasons(conn, case)?.len()),
        events_kept: n(r.referrals.len()
            + r.shelter_stays.len()
            + r.services.len()
            + r.allowances.len()
            + r.trainings.len()
            + r.employments.len()
            + r.consents.len()),
    })
}

/// Erases case `case` as `kind` inside `tx`: the key first, then the rows; the register gets
/// a line and the vault the mark that the log must be truncated.
pub(crate) fn erase_case(
    tx: &Transaction<'_>,
    case: i64,
    kind: ErasureKind,
    reason: &str,
    user: Option<&str>,
) -> Result<ErasureSummary> {
    let before = erased_before(tx, case)?;
    if before == Some(ErasureKind::Identity) {
        return Err(Error::CaseErased);
    }
    let record = cases::read_case(tx, case)?;
    let code = record.code.clone().ok_or(Error::Damaged)?;
    let deleted = store::delete_narratives(tx, case)?;
    // Packets made for partners may hold the notes (encrypted to the partner): the vault
    // lets go of them too, and what still waited to be sent is cancelled.
    crate::store::exchange::drop_case_packets(tx, case)?;
    if kind == ErasureKind::Identity {
        // The report reads the age group from the birth date when there is one: keep the age
        // it gives, so the group stays the same.
        let age = match record.person.birth_date {
            Some(born) => Some(i64::from(record.identified_on.years_since(born))),
            None => record.person.age_at_identification,
        };
        store::erase_identity(tx, case, age)?;
        let erased = cases::read_case(tx, case)?;
        crate::store::search::index_case(tx, case, &erased, &code)?;
    }
    let mark = match (before, kind) {
        (_, ErasureKind::Identity) => ErasureKind::Identity,
        _ => ErasureKind::Narratives,
    };
    store::mark_erased(tx, case, mark.as_str())?;
    store::insert_erasure(
        tx,
        &store::ErasureRow {
            case_uuid: cases::uuid_of(tx, case)?,
            case_code: code.clone(),
            kind: kind.as_str().to_owned(),
            erased_on: CivilDate::today(),
            reason: reason.to_owned(),
        },
        user,
    )?;
    database::set_meta(tx, SHRED_PENDING, "1")?;
    cases::touch(tx, case)?;
    Ok(ErasureSummary {
        code,
        kind,
        notes: deleted.notes as u32,
        documents: deleted.documents as u32,
        override_reasons: deleted.overrides as u32,
        log_truncated: false,
    })
}

/// [`erase_case`] of the case `code`, with the audit note (the kind only, never a value).
pub(crate) fn erase(
    tx: &Transaction<'_>,
    note: &mut Note,
    code: &str,
    kind: ErasureKind,
    reason: &str,
    user: &str,
) -> Result<ErasureSummary> {
    let case = cases::case_id_by_code(tx, code)?.ok_or(Error::NoSuchCase)?;
    note.case = Some(case);
    note.detail = Some(format!("erasure kind={}", kind.as_str()));
    erase_case(tx, case, kind, reason, Some(user))
}

/// After an erasure's commit: empties the log file, then clears the mark. Whether the log
/// was emptied (another reader may hold it; the mark stays and the next unlock retries).
pub(crate) fn finish_shredding(conn: &Connection) -> Result<bool> {
    if database::meta(conn, SHRED_PENDING)?.is_none() {
        return Ok(true);
    }
    if !database::truncate_log(conn)? {
        return Ok(false);
    }
    database::delete_meta(conn, SHRED_PENDING)?;
    database::truncate_log(conn)
}

/// Rebuilds the database without free pages (`VACUUM`) and empties the log; whether the log
/// was emptied.
pub(crate) fn compact(conn: &Connection) -> Result<bool> {
    database::vacuum(conn)?;
    database::truncate_log(conn)
}

/// One line of the register, as exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ErasureLine {
    /// The case's code.
    pub case: String,
    /// The case's uuid (which case of a restored backup it is).
    pub uuid: String,
    /// How much was erased.
    pub kind: ErasureKind,
    /// The day of the erasure.
    pub erased_on: CivilDate,
}

/// The register of erasures as a file (docs/formats/erasures.md): the vault it belongs to and
/// every erasure, oldest first. Never a value of a person, nor the reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ErasureRegister {
    /// Always `haven-erasures`.
    pub format: String,
    /// Version of the format: 1.
    pub version: u32,
    /// The id of the vault the erasures were made in.
    pub vault: String,
    /// The erasures, oldest first.
    pub erasures: Vec<ErasureLine>,
}

/// The format word of a register file.
pub const REGISTER_FORMAT: &str = "haven-erasures";

/// The register of the vault `vault_id`.
pub(crate) fn register(conn: &Connection, vault_id: &str) -> Result<ErasureRegister> {
    let erasures = store::erasures(conn)?
        .into_iter()
        .map(|e| {
            Ok(ErasureLine {
                case: e.case_code,
                uuid: e.case_uuid,
                kind: ErasureKind::parse(&e.kind).ok_or(Error::Damaged)?,
                erased_on: e.erased_on,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ErasureRegister {
        format: REGISTER_FORMAT.to_owned(),
        version: 1,
        vault: vault_id.to_owned(),
        erasures,
    })
}

/// An erasure register entry with its reason, as the administrator's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ErasureRecord {
    /// The erasure.
    pub line: ErasureLine,
    /// The reason the administrator gave.
    pub reason: String,
}

/// The register with the reasons, for the administrator's screen.
pub(crate) fn records(conn: &Connection) -> Result<Vec<ErasureRecord>> {
    store::erasures(conn)?
        .into_iter()
        .map(|e| {
            Ok(ErasureRecord {
                line: ErasureLine {
                    case: e.case_code,
                    uuid: e.case_uuid,
                    kind: ErasureKind::parse(&e.kind).ok_or(Error::Damaged)?,
                    erased_on: e.erased_on,
                },
                reason: e.reason,
            })
        })
        .collect()
}

/// Reads a register file: the format, its version, the vault it belongs to.
pub fn parse_register(bytes: &[u8], vault_id: &str) -> Result<ErasureRegister> {
    let bad = || {
        Error::invalid(
            "erasures",
            "This file is not a register of erasures written by `haven erasures export`.",
        )
    };
    let register: ErasureRegister = serde_json::from_slice(bytes).map_err(|_| bad())?;
    if register.format != REGISTER_FORMAT || register.version != 1 {
        return Err(bad());
    }
    if register.vault != vault_id {
        return Err(Error::invalid(
            "erasures",
            "This register of erasures belongs to another vault; nothing was restored.",
        ));
    }
    Ok(register)
}

/// Re-applies every erasure of `register` inside `tx` (a backup being restored): each case is
/// found by its uuid and erased again unless it already was. The number re-applied.
pub(crate) fn reapply(tx: &Transaction<'_>, register: &ErasureRegister) -> Result<u32> {
    let mut applied = 0;
    for line in &register.erasures {
        let Some((case, _code)) = store::case_by_uuid(tx, &line.uuid)? else {
            continue;
        };
        let before = erased_before(tx, case)?;
        // A purge the backup already holds (the same line in its own register) is done; any
        // other is made again (for a purge of narratives, that also takes notes written
        // after it and before the backup: the register keeps no finer time).
        let recorded = store::erasures(tx)?.iter().any(|e| {
            e.case_uuid == line.uuid
                && e.kind == line.kind.as_str()
                && e.erased_on == line.erased_on
        });
        if before != Some(ErasureKind::Identity) && !recorded {
            erase_case(
                tx,
                case,
                line.kind,
                "re-applied from the register of erasures",
                None,
            )?;
            applied += 1;
        }
    }
    Ok(applied)
}

/// The `vault_meta` mark of a vault whose notes and documents are all sealed.
const NARRATIVES_SEALED: &str = "narratives_sealed";

/// At unlock: seals the notes and documents of a vault from before sealing (once), and
/// finishes the log truncation of an erasure the process did not live to complete.
pub(crate) fn on_unlock(conn: &mut Connection) -> Result<()> {
    if database::meta(conn, NARRATIVES_SEALED)?.is_none() {
        let tx = conn.transaction()?;
        let sealed = crate::store::case_keys::seal_plaintext(&tx)?;
        database::set_meta(&tx, NARRATIVES_SEALED, "1")?;
        if sealed > 0 {
            // The plaintext rows were overwritten in place (`secure_delete`); the log's copies
            // go with the truncation below.
            database::set_meta(&tx, SHRED_PENDING, "1")?;
        }
        tx.commit()?;
    }
    finish_shredding(conn)?;
    Ok(())
}
