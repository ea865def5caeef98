//! Each case's key (`crate::case_key`), kept in the vault: made when the case's first note or
//! document is sealed, destroyed first when the case's narratives are erased.

use rusqlite::{Connection, OptionalExtension, Transaction};

use crate::case_key::{CaseKey, Sealed};
use crate::{Error, Result};

/// The key of case `case`, if it has one.
pub(crate) fn of(conn: &Connection, case: i64) -> Result<Option<CaseKey>> {
    let stored: Option<Vec<u8>> = conn
        .prepare_cached("SELECT key FROM case_keys WHERE case_id = ?1")?
        .query_row([case], |r| r.get(0))
        .optional()?;
    let Some(mut stored) = stored else {
        return Ok(None);
    };
    let key = CaseKey::from_stored(&stored);
    zeroize::Zeroize::zeroize(&mut stored);
    key.map(Some)
}

/// The key of case `case`, made now if it has none yet.
fn of_or_new(tx: &Transaction<'_>, case: i64) -> Result<CaseKey> {
    if let Some(key) = of(tx, case)? {
        return Ok(key);
    }
    let key = CaseKey::generate()?;
    tx.prepare_cached("INSERT INTO case_keys (case_id, key) VALUES (?1, ?2)")?
        .execute(rusqlite::params![case, key.as_bytes()])?;
    Ok(key)
}

/// Destroys the key of case `case` (overwritten in place: the vault runs with
/// `secure_delete`). Whether there was one.
pub(crate) fn destroy(tx: &Transaction<'_>, case: i64) -> Result<bool> {
    Ok(tx
        .prepare_cached("DELETE FROM case_keys WHERE case_id = ?1")?
        .execute([case])?
        > 0)
}

/// What reads the sealed texts of one case: its key and its uuid.
pub(crate) struct Opener {
    key: Option<CaseKey>,
    uuid: String,
}

impl Opener {
    /// For case `case`.
    pub(crate) fn of(conn: &Connection, case: i64) -> Result<Self> {
        Ok(Self {
            key: of(conn, case)?,
            uuid: super::cases::uuid_of(conn, case)?,
        })
    }

    /// Opens a sealed `kind`; without the case's key there is nothing to open: damage.
    pub(crate) fn open(&self, kind: Sealed, sealed: &[u8]) -> Result<Vec<u8>> {
        self.key
            .as_ref()
            .ok_or(Error::Damaged)?
            .open(kind, &self.uuid, sealed)
    }

    /// [`Opener::open`] of a text.
    pub(crate) fn open_text(&self, kind: Sealed, sealed: &[u8]) -> Result<String> {
        String::from_utf8(self.open(kind, sealed)?).map_err(|_| Error::Damaged)
    }
}

/// Seals `plain` as a `kind` of case `case`, under the case's key (made if needed).
pub(crate) fn seal(tx: &Transaction<'_>, case: i64, kind: Sealed, plain: &[u8]) -> Result<Vec<u8>> {
    let key = of_or_new(tx, case)?;
    key.seal(kind, &super::cases::uuid_of(tx, case)?, plain)
}

/// Seals every note and document written before narratives were sealed (a vault from before
/// schema 5), each under its case's key. The number sealed.
pub(crate) fn seal_plaintext(tx: &Transaction<'_>) -> Result<u64> {
    let notes = tx
        .prepare("SELECT id, case_id, text FROM notes WHERE sealed IS NULL")?
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut sealed = 0;
    for (id, case, text) in notes {
        let blob = seal(tx, case, Sealed::Note, text.as_bytes())?;
        tx.prepare_cached("UPDATE notes SET text = '', sealed = ?2 WHERE id = ?1")?
            .execute(rusqlite::params![id, blob])?;
        sealed += 1;
    }
    let documents = tx
        .prepare("SELECT id, case_id FROM documents WHERE sealed = 0")?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, case) in documents {
        let content: Vec<u8> = tx
            .prepare_cached("SELECT content FROM documents WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        let blob = seal(tx, case, Sealed::Document, &content)?;
        tx.prepare_cached("UPDATE documents SET content = ?2, sealed = 1 WHERE id = ?1")?
            .execute(rusqlite::params![id, blob])?;
        sealed += 1;
    }
    Ok(sealed)
}
