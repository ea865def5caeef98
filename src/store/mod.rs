//! Every SQL statement of the domain, one module per family of tables. The layers above
//! (cases, report, users, audit, backup, the session) ask for rows and write rows through these
//! functions and never write SQL themselves; `vault` below keeps the schema, the pragmas and the
//! file-level work (migrations, snapshots, re-keying). A test (`tests/architecture.rs`) fails on
//! SQL anywhere else.
//!
//! Functions here check nothing about who asks: roles and the audit entry are the session's
//! business, validation the records'. They take a `&Connection` to read and a `&Transaction`
//! to write, so a write can only happen inside the one transaction of a user action.

pub(crate) mod audit_log;
pub(crate) mod board;
pub(crate) mod case_keys;
pub(crate) mod cases;
pub(crate) mod codes;
pub(crate) mod contributions;
pub(crate) mod ctdc;
pub(crate) mod documents;
pub(crate) mod entries;
pub(crate) mod events;
pub(crate) mod exchange;
pub(crate) mod lifecycle;
pub(crate) mod organizations;
pub(crate) mod releases;
pub(crate) mod search;
pub(crate) mod users;

use crate::{Error, Result};

/// Words of a vocabulary stored in one column, space-separated.
pub(crate) fn join_words<T: Copy + std::fmt::Display>(words: &[T]) -> String {
    words
        .iter()
        .map(|w| w.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of a column written by [`join_words`]; a word the vocabulary lacks is damage.
pub(crate) fn split_words<T>(text: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Vec<T>> {
    text.split_whitespace()
        .map(|w| parse(w).ok_or(Error::Damaged))
        .collect()
}

/// One stored word of a vocabulary; a word the vocabulary lacks is damage.
pub(crate) fn word<T>(text: String, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    parse(&text).ok_or(Error::Damaged)
}

/// Column `i` of a row as text, without copying it.
pub(crate) fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r str> {
    r.get_ref(i)?.as_str().map_err(|_| Error::Damaged)
}
