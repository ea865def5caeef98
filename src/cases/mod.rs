//! What users do with case records: import and export the interchange format, list and search
//! cases, open one. Every operation checks the user's roles here, and every change goes through
//! the session's one transaction helper.

mod board;
mod documents;
mod operations;

pub use board::{
    DashboardFigures, ExpiringConsent, Resident, ShelterBoard, ShelterCount, ShelterOccupancy,
    CONSENT_WARNING_DAYS,
};
pub use crate::records::vocab::DocumentKind;
pub use documents::{DocumentInfo, MAX_DOCUMENT_BYTES};
pub use operations::{Admission, Identification};

use std::collections::HashSet;
use std::io::{BufRead, Write};

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::audit::{Action, Note};
use crate::error::Problem;
use crate::records::interchange::{parse_line, Line};
use crate::records::validate::{self, OrgRef};
use crate::records::vocab::{CaseStatus, Recognition, Sex};
use crate::records::{codes, store, CaseRecord, CivilDate};
use crate::roles::Permission;
use crate::search::{self, Scope};
use crate::session::Session;
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
}

/// A case file as the user may see it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CaseView {
    /// Whether names, birth date, contacts, references and notes were left out for this user.
    pub identity_hidden: bool,
    /// Ids of the entries, for the operations that change them.
    pub entry_ids: EntryIds,
    /// The caseworker's user name, if one is assigned.
    pub caseworker: Option<String>,
    /// The record (identity fields empty when hidden).
    #[serde(flatten)]
    pub record: CaseRecord,
}

impl Session {
    /// Imports an interchange file: all of it in one transaction, or nothing. Every problem is
    /// reported (up to [`MAX_REPORTED_PROBLEMS`]) with its line and field. `progress` is told
    /// the number of lines read now and then.
    pub fn import(
        &mut self,
        input: &mut dyn BufRead,
        dry_run: bool,
        progress: &mut dyn FnMut(u64),
    ) -> Result<ImportSummary> {
        self.require(Permission::ImportInterchange)?;
        self.transaction(!dry_run, Action::Import, |tx, note| {
            let mut dir = store::load_directory(tx)?;
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
                buf.clear();
                if input.read_until(b'\n', &mut buf)? == 0 {
                    break;
                }
                summary.lines += 1;
                let n = summary.lines;
                if n % 1000 == 0 {
                    progress(n);
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
                            let r: OrgRef = store::insert_organization(tx, &org)?;
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
                                found.push(Problem::at(
                                    n,
                                    "ref",
                                    "a case with this ref already exists",
                                ));
                            }
                        }
                        if let Some(code) = &case.code {
                            if store::code_exists(tx, code)? || !codes_in_file.insert(code.clone())
                            {
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
        })
    }

    /// Writes every case (and first every organization) in the interchange format, identities
    /// included. Callers ask the user to confirm first: the file is not encrypted.
    pub fn export(&self, out: &mut dyn Write) -> Result<ExportSummary> {
        self.require(Permission::ExportInterchange)?;
        let conn = self.conn();
        let mut summary = ExportSummary::default();
        for org in store::organizations(conn)? {
            writeln!(out, "{}", Line::Organization(org).to_json())?;
            summary.organizations += 1;
        }
        let mut stmt = conn.prepare("SELECT id FROM cases ORDER BY id")?;
        let ids = stmt.query_map([], |r| r.get::<_, i64>(0))?;
        for id in ids {
            let case = store::read_case(conn, id?)?;
            writeln!(out, "{}", Line::Case(Box::new(case)).to_json())?;
            summary.cases += 1;
        }
        out.flush()?;
        self.audit_read(
            Action::Export,
            Note {
                case: None,
                detail: Some(format!("cases={}", summary.cases)),
            },
        )?;
        Ok(summary)
    }

    /// Lists cases, newest first, or the best matches of a search. Names are shown (and
    /// searched) only for users who may read identities; others search codes.
    pub fn list_cases(&self, filter: &CaseFilter) -> Result<Vec<CaseListItem>> {
        self.require(Permission::ReadCaseData)?;
        let identity = self.may(Permission::ReadIdentity);
        let limit = if filter.limit == 0 {
            100
        } else {
            filter.limit.min(10_000)
        } as i64;
        let status = filter.status.map(|s| s.as_str());
        let columns =
            "c.code, c.status, c.identified_on, p.sex, c.recognition, p.given_name, p.family_name,
             (SELECT name FROM users u WHERE u.id = c.caseworker_id)";
        let caseworker = match filter
            .caseworker
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            None => None,
            Some(name) => Some(
                crate::users::UserName::parse(name, "caseworker")?
                    .key()
                    .to_owned(),
            ),
        };
        let shelter = filter
            .shelter
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(validate::org_key);
        // Both narrowings are conditions on the case, shared by the list and the search.
        let narrow = "(?5 IS NULL OR c.caseworker_id IN (SELECT id FROM users WHERE name_key = ?5))
             AND (?6 IS NULL OR c.id IN (SELECT s.case_id FROM shelter_stays s JOIN organizations o ON o.id = s.shelter_id
                  WHERE o.name_key = ?6 AND s.admitted_on <= ?7 AND (s.discharged_on IS NULL OR s.discharged_on > ?7)))";
        let today = crate::records::CivilDate::today();
        let query = filter.query.as_deref().and_then(|q| {
            search::fts_query(
                q,
                if identity {
                    Scope::Everything
                } else {
                    Scope::CodesOnly
                },
            )
        });
        let conn = self.conn();
        let rows = match (&filter.query, query) {
            (Some(_), None) => return Ok(Vec::new()),
            (_, Some(q)) => {
                let mut stmt = conn.prepare_cached(&format!(
                    "SELECT {columns} FROM case_search s JOIN cases c ON c.id = s.rowid JOIN persons p ON p.id = c.person_id
                     WHERE case_search MATCH ?1 AND (?2 IS NULL OR c.status = ?2) AND {narrow}
                     ORDER BY bm25(case_search, 1.0, 2.0) LIMIT ?3 OFFSET ?4"
                ))?;
                let rows = stmt.query_map(
                    params![
                        q,
                        status,
                        limit,
                        filter.offset as i64,
                        caseworker,
                        shelter,
                        today
                    ],
                    list_row,
                )?;
                rows.collect::<rusqlite::Result<Vec<_>>>()?
            }
            (None, None) => {
                let mut stmt = conn.prepare_cached(&format!(
                    "SELECT {columns} FROM cases c JOIN persons p ON p.id = c.person_id
                     WHERE (?1 IS NULL OR c.status = ?1) AND {narrow}
                     ORDER BY c.identified_on DESC, c.id DESC LIMIT ?2 OFFSET ?3"
                ))?;
                let rows = stmt.query_map(
                    params![
                        status,
                        limit,
                        filter.offset as i64,
                        Option::<String>::None,
                        caseworker,
                        shelter,
                        today
                    ],
                    list_row,
                )?;
                rows.collect::<rusqlite::Result<Vec<_>>>()?
            }
        };
        if identity && !rows.is_empty() {
            // Names are about to be shown: log that a list or search showed this many (the
            // search words themselves are not logged; they may be a name).
            let what = if filter.query.is_some() {
                "search"
            } else {
                "list"
            };
            self.audit_read(
                Action::CaseSearch,
                Note {
                    case: None,
                    detail: Some(format!("{what} results={}", rows.len())),
                },
            )?;
        }
        rows.into_iter()
            .map(
                |(code, status, identified_on, sex, recognition, given, family, caseworker)| {
                    let name = identity.then(|| display_name(given.as_deref(), family.as_deref()));
                    Ok(CaseListItem {
                        code,
                        status: CaseStatus::parse(&status).ok_or(Error::Damaged)?,
                        identified_on,
                        sex: Sex::parse(&sex).ok_or(Error::Damaged)?,
                        recognition: Recognition::parse(&recognition).ok_or(Error::Damaged)?,
                        name,
                        caseworker,
                    })
                },
            )
            .collect()
    }

    /// Opens the case with `code`: the whole record for users who may read identities, the
    /// non-identifying part for others.
    pub fn show_case(&self, code: &str) -> Result<CaseView> {
        self.require(Permission::ReadCaseData)?;
        let id = store::case_id_by_code(self.conn(), code)?.ok_or(Error::NoSuchCase)?;
        let mut record = store::read_case(self.conn(), id)?;
        let identity_hidden = !self.may(Permission::ReadIdentity);
        if !identity_hidden {
            self.audit_read(
                Action::CaseRead,
                Note {
                    case: Some(id),
                    detail: None,
                },
            )?;
        }
        if identity_hidden {
            let p = &mut record.person;
            p.given_name = None;
            p.family_name = None;
            p.aliases.clear();
            p.birth_date = None;
            p.phone = None;
            record.source_ref = None;
            record.notes.clear();
        }
        let conn = self.conn();
        let referrals = conn
            .prepare_cached("SELECT id FROM referrals WHERE case_id = ?1 ORDER BY id")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        let stays = conn
            .prepare_cached("SELECT id, bed FROM shelter_stays WHERE case_id = ?1 ORDER BY id")?
            .query_map([id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let entry_ids = EntryIds {
            referrals,
            shelter_stays: stays.iter().map(|s| s.0).collect(),
            beds: stays.into_iter().map(|s| s.1).collect(),
        };
        let caseworker = conn
            .prepare_cached(
                "SELECT u.name FROM cases c JOIN users u ON u.id = c.caseworker_id WHERE c.id = ?1",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?;
        Ok(CaseView {
            identity_hidden,
            entry_ids,
            caseworker,
            record,
        })
    }

    /// Number of cases in the vault.
    pub fn case_count(&self) -> Result<u64> {
        self.require(Permission::ReadCaseData)?;
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM cases", [], |r| r.get::<_, i64>(0))? as u64)
    }
}

type ListRow = (
    String,
    String,
    CivilDate,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn list_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ListRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
    ))
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
