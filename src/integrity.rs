//! What an integrity check of a vault found, as types: every page's authentication, SQLite's
//! structure, the bytes around the last page, the audit chain, the integrity anchor and the key
//! file's seal. The check itself is `crate::audit::integrity`; `haven check`, `haven audit
//! verify`, every backup and the admin's screen show this report.

use serde::Serialize;
use ts_rs::TS;

use crate::audit::entry::Verification;

/// What the integrity anchor says about the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum AnchorState {
    /// The database holds the head the anchor names: no saved change is missing.
    Reached,
    /// The database lacks the head the anchor names: saved changes are missing (a lost or
    /// damaged log file, an older copy of the database, a cut-off tail).
    NotReached,
    /// The anchor file is gone.
    Missing,
    /// The anchor file is damaged or was edited.
    Unreadable,
}

/// What the key file's seal says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum KeyFileState {
    /// As Haven last wrote it.
    Sealed,
    /// Changed outside Haven (a slot removed, the events key replaced …); an administrator
    /// repairs it with `haven check --repair`.
    Changed,
}

/// Everything a check of the whole vault found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IntegrityReport {
    /// Database pages read and authenticated.
    #[ts(type = "number")]
    pub pages: u64,
    /// Pages that fail SQLCipher's authentication or have the wrong size.
    #[ts(type = "number")]
    pub damaged_pages: u64,
    /// Whether SQLite's own structure check passed.
    pub structure_intact: bool,
    /// Bytes in the database file after its last page: added to the file, or a cut-off page.
    #[ts(type = "number")]
    pub trailing_bytes: u64,
    /// The audit chain, verified against the anchor's head.
    pub chain: Verification,
    /// The integrity anchor.
    pub anchor: AnchorState,
    /// The key file's seal.
    pub key_file: KeyFileState,
}

/// One thing an integrity check found wrong, in words for the person reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    /// Pages fail their authentication.
    DamagedPages(u64),
    /// SQLite's structure check failed.
    BrokenStructure,
    /// Bytes after the last page.
    TrailingBytes(u64),
    /// The audit chain breaks at this entry.
    BrokenChain(i64),
    /// The database lacks saved changes.
    ChangesMissing,
    /// The anchor file is gone.
    AnchorMissing,
    /// The anchor file is damaged.
    AnchorUnreadable,
    /// The key file was changed outside Haven.
    KeyFileChanged,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Finding::DamagedPages(n) => write!(
                f,
                "{n} of the database's pages fail their authentication (damaged or edited)"
            ),
            Finding::BrokenStructure => f.write_str("the database's structure is damaged"),
            Finding::TrailingBytes(n) => write!(
                f,
                "the database file has {n} bytes after its last page (added to it, or a page cut short)"
            ),
            Finding::BrokenChain(seq) => write!(f, "the audit log is broken at entry {seq}"),
            Finding::ChangesMissing => f.write_str(
                "changes that were saved are missing from the database (a lost or damaged log file, or an older copy of the database)",
            ),
            Finding::AnchorMissing => f.write_str("the vault's integrity record is missing"),
            Finding::AnchorUnreadable => {
                f.write_str("the vault's integrity record is damaged or was edited")
            }
            Finding::KeyFileChanged => f.write_str(
                "the key file was changed outside Haven (an administrator can repair it)",
            ),
        }
    }
}

impl IntegrityReport {
    /// What is wrong, most serious first; empty when the vault is intact.
    pub fn findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        match self.anchor {
            AnchorState::Reached => {}
            AnchorState::NotReached => out.push(Finding::ChangesMissing),
            AnchorState::Missing => out.push(Finding::AnchorMissing),
            AnchorState::Unreadable => out.push(Finding::AnchorUnreadable),
        }
        if self.damaged_pages > 0 {
            out.push(Finding::DamagedPages(self.damaged_pages));
        }
        if !self.structure_intact {
            out.push(Finding::BrokenStructure);
        }
        if let Some(seq) = self.chain.first_broken {
            out.push(Finding::BrokenChain(seq));
        } else if self.chain.truncated && self.anchor == AnchorState::Reached {
            out.push(Finding::ChangesMissing);
        }
        if self.trailing_bytes > 0 {
            out.push(Finding::TrailingBytes(self.trailing_bytes));
        }
        if self.key_file == KeyFileState::Changed {
            out.push(Finding::KeyFileChanged);
        }
        out
    }

    /// Whether nothing is wrong.
    pub fn is_intact(&self) -> bool {
        self.findings().is_empty()
    }

    /// What stops a backup, if anything: a backup must restore to what the vault holds, so
    /// everything but a changed key file (a restore seals its copy anew) must be intact.
    pub fn stops_backup(&self) -> Option<Finding> {
        self.findings()
            .into_iter()
            .find(|f| *f != Finding::KeyFileChanged)
    }
}
