//! The vault checked whole: the integrity anchor at unlock, and `haven check` — every page, the
//! structure, the bytes after the last page, the chain against the anchor, the key file's seal.

use std::path::Path;

use rusqlite::Connection;

use super::AuditKey;
use crate::audit::entry::Head;
use crate::integrity::{AnchorState, IntegrityReport, KeyFileState};
use crate::store::audit_log;
use crate::vault::anchor::{Anchor, ChainHead, Reading, ANCHORED};
use crate::vault::database;
use crate::{Error, Result};

/// The newest entry of the log open on `conn`, as the anchor records it.
pub(crate) fn current_head(conn: &Connection) -> Result<ChainHead> {
    match audit_log::last(conn)? {
        Some((seq, mac)) => ChainHead::from_stored(seq, &mac),
        None => Ok(ChainHead::EMPTY),
    }
}

/// Whether the database holds the head `reading` names.
fn state(conn: &Connection, reading: Reading) -> Result<AnchorState> {
    Ok(match reading {
        Reading::Missing => AnchorState::Missing,
        Reading::Unreadable => AnchorState::Unreadable,
        Reading::Head(head) if head.seq == 0 => AnchorState::Reached,
        Reading::Head(head) => match audit_log::mac_at(conn, head.seq)? {
            Some(mac) if mac[..] == head.mac[..] => AnchorState::Reached,
            _ => AnchorState::NotReached,
        },
    })
}

/// The check at unlock: the database must hold the head the anchor names (`reading`, read
/// before the database was). A database from before anchors gets its first one; a database
/// that had one refuses to open without it.
pub(crate) fn check_anchor(conn: &Connection, anchor: &Anchor, reading: Reading) -> Result<()> {
    match state(conn, reading)? {
        AnchorState::Reached => Ok(()),
        AnchorState::NotReached => Err(Error::ChangesMissing),
        AnchorState::Unreadable => Err(Error::AnchorDamaged),
        AnchorState::Missing if database::meta(conn, ANCHORED)?.is_some() => {
            Err(Error::AnchorMissing)
        }
        AnchorState::Missing => start(conn, anchor),
    }
}

/// Gives a database its first anchor: the file first, then the mark in the database that says
/// it has one. A crash between leaves a file and no mark, and the next unlock writes both again.
pub(crate) fn start(conn: &Connection, anchor: &Anchor) -> Result<()> {
    anchor.create(current_head(conn)?)?;
    database::set_meta(conn, ANCHORED, "1")
}

/// Checks the whole vault whose database (at `database_path`) is open on `conn`.
pub(crate) fn check(
    conn: &Connection,
    audit_key: &AuditKey,
    anchor: &Anchor,
    database_path: &Path,
    key_file: KeyFileState,
) -> Result<IntegrityReport> {
    let reading = anchor.read()?;
    let pages = database::check_pages(conn, database_path)?;
    let anchor_state = state(conn, reading)?;
    let kept = match reading {
        Reading::Head(head) if head.seq > 0 => Some(Head {
            seq: head.seq,
            mac: super::hex(&head.mac),
        }),
        _ => None,
    };
    let chain = super::verify(conn, audit_key, kept.as_ref())?;
    Ok(IntegrityReport {
        pages: pages.pages,
        damaged_pages: pages.damaged,
        structure_intact: pages.structure_intact,
        trailing_bytes: pages.trailing_bytes,
        chain,
        anchor: anchor_state,
        key_file,
    })
}
