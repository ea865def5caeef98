//! What users do with case records: import and export the interchange format, list and search
//! cases, open one (this module), the operations that record what happens in a case
//! (`operations`), documents, and the shelter board with the dashboard's figures. Functions here
//! work inside the transaction or on the connection the session hands them; the session checked
//! the user's roles first and appends the audit entry.

pub(crate) mod board;
pub(crate) mod documents;
pub(crate) mod operations;

pub use crate::records::vocab::DocumentKind;
pub use board::{
    DashboardFigures, ExpiringConsent, Resident, ShelterBoard, ShelterCount, ShelterOccupancy,
    CONSENT_WARNING_DAYS,
};
pub use documents::{DocumentInfo, MAX_DOCUMENT_BYTES};
pub use operations::{Admission, Identification};

use std::collections::HashSet;
use std::io::{BufRead, Write};

use rusqlite::{Connection, Transaction};
use serde::Serialize;
use ts_rs::TS;

use crate::audit::Note;
use crate::error::Problem;
use crate::records::interchange::{parse_line, read_line, Line, LineRead, MAX_LINE_BYTES};
use crate::records::validate::{self, OrgRef};
use crate::records::vocab::{CaseStatus, Recognition, Sex};
use crate::records::{CaseRecord, CivilDate};
use crate::search::{self, Scope};
use crate::store::entries::{self, Entries};
use crate::store::{cases as store, codes, organizations};
use crate::{Error, Result};

/// Problems reported at most by one import (the rest are counted).
pub const MAX_REPORTED_PROBLEMS: usize = 100;

/// What an import created (or, in a dry run, would create).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// Organizations added.
    pub organizations: u64,
    /// Cases added.
    pub cases: u64,
    /// Lines read (blank ones included).
    pub lines: u64,
    /// Whether nothing was written because it was a dry run.
    pub dry_run: bool,
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ExportSummary {
    /// Organizations written.
    pub organizations: u64,
    /// Cases written.
    pub cases: u64,
    /// Erased cases left out: the format needs a name, and they have none left.
    #[serde(default)]
    pub erased_left_out: u64,
}

/// Which cases to list.
#[derive(Debug, Clone, Default, serde::Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
#[ts(export)]
pub struct CaseFilter {
    /// Words to search names, aliases and codes for (codes only without identity access).
    pub query: Option<String>,
    /// Only open or only closed cases.
    pub status: Option<CaseStatus>,
    /// Only the cases of this caseworker (a user name).
    #[ts(optional)]
    pub caseworker: Option<String>,
    /// Only the people in this shelter today (its name).
    #[ts(optional)]
    pub shelter: Option<String>,
    /// At most this many (0: 100).
    #[ts(type = "number")]
    pub limit: usize,
    /// Skip this many.
    #[ts(type = "number")]
    pub offset: usize,
}

/// A case as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CaseListItem {
    /// The case code.
    pub code: String,
    /// Open or closed.
    pub status: CaseStatus,
    /// When the person was identified.
    pub identified_on: CivilDate,
    /// The person's sex.
    pub sex: Sex,
    /// Potential or recognized.
    pub recognition: Recognition,
    /// The person's name, for users who may read identities.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub name: Option<String>,
    /// The caseworker's user name, if one is assigned.
    pub caseworker: Option<String>,
}

/// The ids of a case's entries that operations address (discharge a stay, change a
/// referral's status), parallel to the record's arrays.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EntryIds {
    /// One per referral.
    #[ts(type = "Array<number>")]
    pub referrals: Vec<i64>,
    /// One per shelter stay.
    #[ts(type = "Array<number>")]
    pub shelter_stays: Vec<i64>,
    /// The bed of each shelter stay, if labelled.
    pub beds: Vec<Option<String>>,
    /// One per consent, for withdrawing it.
    #[ts(type = "Array<number>")]
    pub consents: Vec<i64>,
}

/// A case file as the user may see it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CaseView {
    /// Whether the identity fields were left out for this user: names, aliases, birth date,
    /// phone, reference and notes (absent or empty) and each employment's employer (the empty
    /// string; the job's dates stay).
    pub identity_hidden: bool,
    /// Ids of the entries, for the operations that change them.
    pub entry_ids: EntryIds,
    /// The caseworker's user name, if one is assigned.
    pub caseworker: Option<String>,
    /// How far the case was erased (lifecycle.md): its narratives, or its identity too.
    pub erased: Option<crate::lifecycle::ErasureKind>,
    /// Where each consent stands today, in the record's order.
    pub consent_states: Vec<crate::lifecycle::ConsentState>,
    /// The partner organization that referred the person here with a referral packet.
    pub referred_in_from: Option<String>,
    /// Whether the person was identified at another agency (whose reports count it).
    pub identified_elsewhere: bool,
    /// The record (identity fields empty when hidden; see `identity_hidden`).
    #[serde(flatten)]
    pub record: CaseRecord,
}

/// Imports an interchange file inside `tx`: every line checked, every problem reported (up to
/// [`MAX_REPORTED_PROBLEMS`]) with its line and field; `Err` with all of them unless every line
/// is good. A line over [`MAX_LINE_BYTES`] is a problem of its own and is read past without
/// being held, so memory stays flat whatever the file. `progress` is told the number of lines
/// read now and then.
pub(crate) fn import(
    tx: &Transaction<'_>,
    note: &mut Note,
    input: &mut dyn BufRead,
    dry_run: bool,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportSummary> {
    let mut dir = organizations::load_directory(tx)?;
    let today = CivilDate::today();
    let mut summary = ImportSummary {
        dry_run,
        ..Default::default()
    };
    let mut problems: Vec<Problem> = Vec::new();
    let mut problem_count = 0usize;
    let mut report = |found: Vec<Problem>, problems: &mut Vec<Problem>| {
        problem_count += found.len();
        let room = MAX_REPORTED_PROBLEMS.saturating_sub(problems.len());
        problems.extend(found.into_iter().take(room));
    };
    let mut codes_in_file: HashSet<String> = HashSet::new();
    let mut buf = Vec::new();
    loop {
        let read = read_line(input, &mut buf)?;
        if read == LineRead::End {
            break;
        }
        summary.lines += 1;
        let n = summary.lines;
        if n.is_multiple_of(1000) {
            progress(n);
        }
        if read == LineRead::TooLong {
            let most = MAX_LINE_BYTES >> 20;
            report(
                vec![Problem::at(
                    n,
                    "",
                    format!("this line is longer than {most} MiB, the most one line may hold"),
                )],
                &mut problems,
            );
            continue;
        }
        let Ok(text) = std::str::from_utf8(&buf) else {
            report(
                vec![Problem::at(n, "", "this line is not UTF-8 text")],
                &mut problems,
            );
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        match parse_line(text, n) {
            Err(p) => report(vec![p], &mut problems),
            Ok(Line::Organization(org)) => {
                let found = validate::organization(&org, &dir, Some(n));
                if found.is_empty() {
                    let r: OrgRef = organizations::insert_organization(tx, &org)?;
                    dir.insert(&org.name, r);
                    summary.organizations += 1;
                } else {
                    report(found, &mut problems);
                }
            }
            Ok(Line::Case(case)) => {
                let mut found = validate::case(&case, &dir, Some(n), today);
                if let Some(r) = &case.source_ref {
                    if store::ref_exists(tx, r)? {
                        found.push(Problem::at(n, "ref", "a case with this ref already exists"));
                    }
                }
                if let Some(code) = &case.code {
                    if store::code_exists(tx, code)? || !codes_in_file.insert(code.clone()) {
                        found.push(Problem::at(
                            n,
                            "code",
                            "a case with this code already exists",
                        ));
                    }
                }
                if found.is_empty() {
                    // Writing on after a problem keeps the checks of later lines (duplicate
                    // refs, references) exact; the transaction is rolled back at the end.
                    let code = match &case.code {
                        Some(code) => {
                            codes::note_given(tx, code)?;
                            code.clone()
                        }
                        None => codes::next(tx, case.identified_on.year())?,
                    };
                    store::insert_case(tx, &case, &dir, &code)?;
                    summary.cases += 1;
                } else {
                    report(found, &mut problems);
                }
            }
        }
    }
    progress(summary.lines);
    if problem_count > problems.len() {
        let more = problem_count - problems.len();
        problems.push(Problem {
            line: None,
            path: String::new(),
            message: format!("and {more} more problems"),
        });
    }
    if !problems.is_empty() {
        return Err(Error::Problems(problems));
    }
    note.detail = Some(format!(
        "organizations={} cases={}",
        summary.organizations, summary.cases
    ));
    Ok(summary)
}

/// Writes every case (and first every organization) in the interchange format, identities
/// included.
pub(crate) fn export(conn: &Connection, out: &mut dyn Write) -> Result<ExportSummary> {
    let mut summary = ExportSummary::default();
    for org in organizations::organizations(conn)? {
        writeln!(out, "{}", Line::Organization(org).to_json())?;
        summary.organizations += 1;
    }
    for id in store::all_ids(conn)? {
        if crate::lifecycle::erasure::erased_kind(conn, id)?
            == Some(crate::lifecycle::ErasureKind::Identity)
        {
            summary.erased_left_out += 1;
            continue;
        }
        let case = store::read_case(conn, id)?;
        writeln!(out, "{}", Line::Case(Box::new(case)).to_json())?;
        summary.cases += 1;
    }
    out.flush()?;
    Ok(summary)
}

/// Cases, newest first, or the best matches of a search, with names when `identity` (and then
/// searching names too; codes only otherwise).
pub(crate) fn list(
    conn: &Connection,
    filter: &CaseFilter,
    identity: bool,
) -> Result<Vec<CaseListItem>> {
    let limit = if filter.limit == 0 {
        100
    } else {
        filter.limit.min(10_000)
    } as i64;
    let caseworker =
        crate::users::UserName::optional_key(filter.caseworker.as_deref(), "caseworker")?;
    let shelter = filter
        .shelter
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(validate::org_key);
    let scope = if identity {
        Scope::Everything
    } else {
        Scope::CodesOnly
    };
    let search = filter
        .query
        .as_deref()
        .and_then(|q| search::fts_query(q, scope));
    if filter.query.is_some() && search.is_none() {
        return Ok(Vec::new());
    }
    let rows = store::list(
        conn,
        &store::ListQuery {
            search: search.as_deref(),
            status: filter.status,
            caseworker: caseworker.as_deref(),
            shelter: shelter.as_deref(),
            today: CivilDate::today(),
            limit,
            offset: filter.offset as i64,
        },
    )?;
    Ok(rows
        .into_iter()
        .map(|r| CaseListItem {
            name: identity.then(|| display_name(r.given_name.as_deref(), r.family_name.as_deref())),
            code: r.code,
            status: r.status,
            identified_on: r.identified_on,
            sex: r.sex,
            recognition: r.recognition,
            caseworker: r.caseworker,
        })
        .collect())
}

/// The audit detail of a list or search that showed names: how many, never the words.
pub(crate) fn list_note(filter: &CaseFilter, shown: usize) -> Note {
    let what = if filter.query.is_some() {
        "search"
    } else {
        "list"
    };
    Note {
        case: None,
        detail: Some(format!("{what} results={shown}")),
    }
}

/// The case with `code` and its row id: the whole record when `identity`, the non-identifying
/// part otherwise (no names, aliases, birth date, phone, reference, notes or employers).
pub(crate) fn show(conn: &Connection, code: &str, identity: bool) -> Result<(i64, CaseView)> {
    let id = store::case_id_by_code(conn, code)?.ok_or(Error::NoSuchCase)?;
    let mut record = store::read_case(conn, id)?;
    if !identity {
        let p = &mut record.person;
        p.given_name = None;
        p.family_name = None;
        p.aliases.clear();
        p.birth_date = None;
        p.phone = None;
        record.source_ref = None;
        record.notes.clear();
        // An employer names where the person was (a small workshop, a hotel): identity. The
        // job's dates stay, as events; its employer is the empty string.
        for job in &mut record.employments {
            job.employer.clear();
        }
    }
    let stays = entries::stays_with_beds(conn, id)?;
    let consents = crate::lifecycle::consent::views(conn, id, CivilDate::today())?;
    let entry_ids = EntryIds {
        referrals: entries::ids(conn, Entries::Referrals, id)?,
        shelter_stays: stays.iter().map(|s| s.0).collect(),
        beds: stays.into_iter().map(|s| s.1).collect(),
        consents: consents.iter().map(|c| c.id).collect(),
    };
    let (referred_in_from, elsewhere) = crate::store::exchange::referred_in(conn, id)?;
    let view = CaseView {
        referred_in_from,
        identified_elsewhere: elsewhere.is_some(),
        identity_hidden: !identity,
        entry_ids,
        caseworker: store::caseworker_of(conn, id)?,
        erased: crate::lifecycle::erasure::erased_kind(conn, id)?,
        consent_states: consents.iter().map(|c| c.state).collect(),
        record,
    };
    Ok((id, view))
}

/// "Given Family", or whichever of the two exists.
fn display_name(given: Option<&str>, family: Option<&str>) -> String {
    [given, family]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
