//! Retention (lifecycle.md): a closed case's identity and narratives are kept for the vault's
//! retention period after closure; then the case is due, and an administrator purges the
//! cases due after confirming the list. Purging is an erasure (`super::erasure`).

use rusqlite::{Connection, Transaction};
use serde::Serialize;
use ts_rs::TS;

use super::erasure::{self, ErasureKind, ErasureSummary};
use crate::audit::Note;
use crate::records::CivilDate;
use crate::store::{cases, lifecycle as store};
use crate::{Error, Result};

/// The reason recorded for a purge of cases due.
pub const PURGE_REASON: &str = "retention period after closure ended";

/// A closed case past the retention period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DueCase {
    /// The case's code.
    pub code: String,
    /// When it was closed.
    pub closed_on: CivilDate,
    /// The day it became due.
    pub due_on: CivilDate,
}

/// The closed cases due on `today` under a retention of `years` years, longest due first.
pub(crate) fn due(conn: &Connection, today: CivilDate, years: u32) -> Result<Vec<DueCase>> {
    let cutoff = today.sub_years(years).ok_or(Error::Damaged)?;
    store::closed_before(conn, cutoff)?
        .into_iter()
        .map(|(code, closed_on)| {
            Ok(DueCase {
                due_on: closed_on.add_years(years).ok_or(Error::Damaged)?,
                code,
                closed_on,
            })
        })
        .collect()
}

/// Purges the cases of `confirmed`, the list the administrator confirmed: each must still be
/// due, or nothing is purged.
pub(crate) fn purge(
    tx: &Transaction<'_>,
    notes: &mut Vec<Note>,
    confirmed: &[String],
    today: CivilDate,
    years: u32,
    user: &str,
) -> Result<Vec<ErasureSummary>> {
    let due: std::collections::HashSet<String> =
        due(tx, today, years)?.into_iter().map(|d| d.code).collect();
    let mut out = Vec::with_capacity(confirmed.len());
    for code in confirmed {
        let code = code.trim();
        if !due.contains(code) {
            return Err(Error::invalid(
                "cases",
                format!("Case {code} is not due for purging; nothing was purged. List the cases due again."),
            ));
        }
        let case = cases::case_id_by_code(tx, code)?.ok_or(Error::NoSuchCase)?;
        out.push(erasure::erase_case(
            tx,
            case,
            ErasureKind::Identity,
            PURGE_REASON,
            Some(user),
        )?);
        notes.push(Note {
            case: Some(case),
            detail: Some("erasure kind=identity retention".to_owned()),
        });
    }
    Ok(out)
}
