//! The search index: the folded terms of every case's names, aliases, reference and code, in
//! an FTS5 table inside the vault (`crate::search` makes the terms and the queries).

use rusqlite::{params, Transaction};

use crate::records::CaseRecord;
use crate::search::fold;
use crate::Result;

/// Indexes (or re-indexes) the case with row id `case`.
pub(crate) fn index_case(
    tx: &Transaction<'_>,
    case: i64,
    rec: &CaseRecord,
    code: &str,
) -> Result<()> {
    let p = &rec.person;
    let mut names = String::new();
    for part in [
        p.given_name.as_deref(),
        p.family_name.as_deref(),
        rec.source_ref.as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        names.push_str(part);
        names.push(' ');
    }
    for alias in &p.aliases {
        names.push_str(alias);
        names.push(' ');
    }
    tx.prepare_cached("DELETE FROM case_search WHERE rowid = ?1")?
        .execute([case])?;
    tx.prepare_cached("INSERT INTO case_search (rowid, names, codes) VALUES (?1, ?2, ?3)")?
        .execute(params![
            case,
            fold::index_terms(&names),
            fold::index_terms(code)
        ])?;
    Ok(())
}
