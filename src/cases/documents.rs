//! Documents of a case (a scanned ID, a medical report): kept inside the encrypted database,
//! never as files on disk, up to 25 MB each.

use rusqlite::{Connection, Transaction};
use serde::Serialize;

use crate::audit::Note;
use crate::records::text::{self, Kind};
use crate::records::vocab::DocumentKind;
use crate::store::{cases, documents as store};
use crate::{Error, Result};

/// Largest document Haven keeps, in bytes (25 MB).
pub const MAX_DOCUMENT_BYTES: usize = 25 * 1000 * 1000;

/// A document as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DocumentInfo {
    /// Its id within the vault.
    #[ts(type = "number")]
    pub id: i64,
    /// What it is.
    pub kind: DocumentKind,
    /// The file name it was added under.
    pub file_name: String,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub size: u64,
    /// When it was added (RFC 3339, UTC).
    pub added_at: String,
}

/// Checks a document as given: a file name of at most 200 characters (one line, with no
/// invisible characters: "scan\u{202E}fdp.exe" would show as "scanexe.pdf"), some content, at
/// most [`MAX_DOCUMENT_BYTES`].
pub(crate) fn check(file_name: &str, content: &[u8]) -> Result<()> {
    if file_name.is_empty() || file_name.chars().count() > 200 {
        return Err(Error::invalid(
            "fileName",
            "Give the document a file name of at most 200 characters.",
        ));
    }
    if let Err(refused) = text::check(file_name, Kind::Line) {
        return Err(Error::invalid(
            "fileName",
            format!("In a file name, {}.", refused.message(Kind::Line)),
        ));
    }
    if content.is_empty() {
        return Err(Error::invalid("content", "The document is empty."));
    }
    if content.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::invalid(
            "content",
            "A document can be at most 25 MB.",
        ));
    }
    Ok(())
}

/// Adds a checked document to the case with `code`, by the user `author`.
pub(crate) fn add(
    tx: &Transaction<'_>,
    note: &mut Note,
    code: &str,
    kind: DocumentKind,
    file_name: &str,
    content: &[u8],
    author: &str,
) -> Result<DocumentInfo> {
    let case = cases::case_id_by_code(tx, code)?.ok_or(Error::NoSuchCase)?;
    note.case = Some(case);
    super::operations::refuse_erased(tx, case)?;
    let added_at = crate::clock::now_utc();
    let id = store::insert(tx, case, kind, file_name, content, &added_at, author)?;
    Ok(DocumentInfo {
        id,
        kind,
        file_name: file_name.to_owned(),
        size: content.len() as u64,
        added_at,
    })
}

/// The documents of the case with `code`, oldest first.
pub(crate) fn list(conn: &Connection, code: &str) -> Result<Vec<DocumentInfo>> {
    let case = cases::case_id_by_code(conn, code)?.ok_or(Error::NoSuchCase)?;
    store::list(conn, case)?
        .into_iter()
        .map(|(id, kind, file_name, size, added_at)| {
            Ok(DocumentInfo {
                id,
                kind: DocumentKind::parse(&kind).ok_or(Error::Damaged)?,
                file_name,
                size: size as u64,
                added_at,
            })
        })
        .collect()
}

/// The content of a document of the case with `code`, and the case's row id.
pub(crate) fn read(conn: &Connection, code: &str, document: i64) -> Result<(i64, Vec<u8>)> {
    let case = cases::case_id_by_code(conn, code)?.ok_or(Error::NoSuchCase)?;
    let content = store::content(conn, case, document)?
        .ok_or_else(|| Error::invalid("id", "That document does not belong to this case."))?;
    Ok((case, content))
}
