//! Documents of a case (a scanned ID, a medical report): kept inside the encrypted database,
//! never as files on disk, up to 25 MB each.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::audit::{Action, Note};
use crate::records::store;
use crate::records::vocab::DocumentKind;
use crate::roles::Permission;
use crate::session::Session;
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

impl Session {
    /// Adds a document to a case.
    pub fn add_document(
        &mut self,
        code: &str,
        kind: DocumentKind,
        file_name: &str,
        content: &[u8],
    ) -> Result<DocumentInfo> {
        self.require(Permission::ReadIdentity)?;
        if !self.may(Permission::ManageIntake) && !self.may(Permission::RecordServices) {
            return Err(Error::Forbidden {
                action: Permission::RecordServices.describe(),
            });
        }
        let file_name = file_name.trim();
        if file_name.is_empty()
            || file_name.chars().count() > 200
            || file_name.chars().any(char::is_control)
        {
            return Err(Error::invalid(
                "fileName",
                "Give the document a file name of at most 200 characters.",
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
        let author = self.user().id.to_string();
        let added_at = crate::clock::now_utc();
        self.write(Action::DocumentAdd, |tx, note| {
            let case = store::case_id_by_code(tx, code)?.ok_or(Error::NoSuchCase)?;
            note.case = Some(case);
            tx.execute(
                "INSERT INTO documents (case_id, kind, file_name, size, content, added_at, added_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![case, kind.as_str(), file_name, content.len() as i64, content, added_at, author],
            )?;
            Ok(DocumentInfo {
                id: tx.last_insert_rowid(),
                kind,
                file_name: file_name.to_owned(),
                size: content.len() as u64,
                added_at: added_at.clone(),
            })
        })
    }

    /// The documents of a case, oldest first.
    pub fn list_documents(&self, code: &str) -> Result<Vec<DocumentInfo>> {
        self.require(Permission::ReadIdentity)?;
        let case = store::case_id_by_code(self.conn(), code)?.ok_or(Error::NoSuchCase)?;
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, kind, file_name, size, added_at FROM documents WHERE case_id = ?1 ORDER BY id")?;
        let rows = stmt.query_map([case], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get::<_, i64>(3)?,
                r.get(4)?,
            ))
        })?;
        rows.map(|row| {
            let (id, kind, file_name, size, added_at) = row?;
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

    /// The content of a document of a case.
    pub fn read_document(&self, code: &str, document: i64) -> Result<Vec<u8>> {
        self.require(Permission::ReadIdentity)?;
        let case = store::case_id_by_code(self.conn(), code)?.ok_or(Error::NoSuchCase)?;
        let content = self
            .conn()
            .query_row(
                "SELECT content FROM documents WHERE id = ?1 AND case_id = ?2",
                params![document, case],
                |r| r.get(0),
            )
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => {
                    Error::invalid("id", "That document does not belong to this case.")
                }
                e => e.into(),
            })?;
        self.audit_read(
            Action::DocumentRead,
            Note {
                case: Some(case),
                detail: None,
            },
        )?;
        Ok(content)
    }

    /// Writes a copy of a document to `path`, outside the vault and unencrypted, at the user's
    /// explicit request (the read is logged like any other).
    pub fn save_document_copy(
        &self,
        code: &str,
        document: i64,
        path: &std::path::Path,
    ) -> Result<()> {
        let content = zeroize::Zeroizing::new(self.read_document(code, document)?);
        crate::files::save_whole(&content, path, Error::CopyNotSaved)
    }
}
