//! Documents of a case, stored as blobs inside the encrypted database.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::case_key::Sealed;
use crate::records::vocab::DocumentKind;
use crate::Result;

/// Writes a document; returns its row id.
pub(crate) fn insert(
    tx: &Transaction<'_>,
    case: i64,
    kind: DocumentKind,
    file_name: &str,
    content: &[u8],
    added_at: &str,
    author: &str,
) -> Result<i64> {
    let sealed = super::case_keys::seal(tx, case, Sealed::Document, content)?;
    tx.execute(
        "INSERT INTO documents (case_id, kind, file_name, size, content, added_at, added_by, sealed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
        params![
            case,
            kind.as_str(),
            file_name,
            content.len() as i64,
            sealed,
            added_at,
            author
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// A document as listed: its row id, kind word, file name, size in bytes and when it was added.
pub(crate) type DocumentRow = (i64, String, String, i64, String);

/// A case's documents, oldest first.
pub(crate) fn list(conn: &Connection, case: i64) -> Result<Vec<DocumentRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, file_name, size, added_at FROM documents WHERE case_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([case], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The content of a document, if it belongs to the case, opened with the case's key.
pub(crate) fn content(conn: &Connection, case: i64, document: i64) -> Result<Option<Vec<u8>>> {
    let row: Option<(Vec<u8>, bool)> = conn
        .query_row(
            "SELECT content, sealed FROM documents WHERE id = ?1 AND case_id = ?2",
            params![document, case],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        None => Ok(None),
        Some((content, false)) => Ok(Some(content)),
        Some((sealed, true)) => {
            let opener = super::case_keys::Opener::of(conn, case)?;
            Ok(Some(opener.open(Sealed::Document, &sealed)?))
        }
    }
}
