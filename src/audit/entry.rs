//! What the audit log records, as types: the actions, an entry as stored and as people read
//! it, the chain's head and what verifying it found, the audit screen's filter. No SQL and no
//! keys here (`crate::audit` keeps the chain, `crate::store::audit_log` the rows).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result};

/// What an entry records. The words are stored; they never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A user unlocked the vault.
    Login,
    /// A user locked the vault.
    Lock,
    /// A user was added.
    UserAdd,
    /// A user was removed.
    UserRemove,
    /// A user's roles were replaced.
    UserRoles,
    /// An interchange file was imported.
    Import,
    /// Cases were exported with identities.
    Export,
    /// An organization was added or changed.
    Organization,
    /// A case was created.
    CaseCreate,
    /// A case was changed (any of its entries).
    CaseChange,
    /// A case file was opened with identities.
    CaseRead,
    /// A list or search showed names.
    CaseSearch,
    /// A document was added.
    DocumentAdd,
    /// A document was opened.
    DocumentRead,
    /// A passphrase was reset with the recovery key.
    PassphraseReset,
    /// The recovery key was replaced.
    RecoveryKeyReplaced,
    /// The data key was rotated.
    KeyRotation,
    /// Someone tried to unlock with a wrong user name or passphrase (recorded sealed while the
    /// vault was locked, moved here at the next unlock).
    LoginFailed,
    /// The indicator report was made (its period and `k` in the detail; never a count).
    Report,
    /// A vault setting was changed.
    Settings,
    /// A backup of the whole vault was written (its size in the detail; never the path).
    Backup,
    /// The vault was restored from a backup (the first entry the restored vault adds).
    Restore,
    /// An administrator repaired a key file changed outside Haven.
    KeyFileRepair,
    /// A referral was made without a valid consent, with a reason (sealed in the vault;
    /// never in the log).
    ConsentOverride,
    /// A case was erased, or its narratives purged (the kind in the detail; never a value).
    Erasure,
    /// The vault's agency identity was made.
    AgencyInit,
    /// A partner's agency card was added (its fingerprint in the detail).
    PartnerAdd,
    /// A partner was removed.
    PartnerRemove,
    /// A referral packet was made for a partner (the packet id in the detail).
    ReferralSend,
    /// A packet from a partner was received (a referral or an answer).
    ReferralReceive,
    /// A referred-in case was answered (accepted or declined).
    ReferralAnswer,
    /// The site's relay connection was set (or forgotten).
    RelayConnect,
    /// Packets of the outbox were handed to the relay (how many in the detail).
    RelayPush,
    /// The relay was asked for the packets addressed here (how many in the detail; each
    /// receipt is logged as its own `referral.receive`).
    RelayPull,
    /// The site's exact counts for a period were sealed for a consolidator.
    ReportContribute,
    /// A consolidated report was made from the contributions held.
    Consolidate,
    /// Anonymized microdata in the CTDC format were exported (period, `k`, rows; never a row).
    ExportCtdc,
    /// An administrator retired a release from the joint check, with a reason (sealed in the
    /// release ledger; the entry says which release).
    ReleaseRetire,
}

impl Action {
    /// Every action, in the order the audit screen lists them.
    pub const ALL: [Action; 38] = [
        Action::Login,
        Action::LoginFailed,
        Action::Lock,
        Action::CaseCreate,
        Action::CaseChange,
        Action::CaseRead,
        Action::CaseSearch,
        Action::DocumentAdd,
        Action::DocumentRead,
        Action::Import,
        Action::Export,
        Action::Organization,
        Action::Report,
        Action::UserAdd,
        Action::UserRemove,
        Action::UserRoles,
        Action::PassphraseReset,
        Action::RecoveryKeyReplaced,
        Action::KeyRotation,
        Action::Settings,
        Action::Backup,
        Action::Restore,
        Action::KeyFileRepair,
        Action::ConsentOverride,
        Action::Erasure,
        Action::AgencyInit,
        Action::PartnerAdd,
        Action::PartnerRemove,
        Action::ReferralSend,
        Action::ReferralReceive,
        Action::ReferralAnswer,
        Action::RelayConnect,
        Action::RelayPush,
        Action::RelayPull,
        Action::ReportContribute,
        Action::Consolidate,
        Action::ExportCtdc,
        Action::ReleaseRetire,
    ];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Login => "login",
            Action::Lock => "lock",
            Action::UserAdd => "user.add",
            Action::UserRemove => "user.remove",
            Action::UserRoles => "user.roles",
            Action::Import => "import",
            Action::Export => "export",
            Action::Organization => "organization",
            Action::CaseCreate => "case.create",
            Action::CaseChange => "case.change",
            Action::CaseRead => "case.read",
            Action::CaseSearch => "case.search",
            Action::DocumentAdd => "document.add",
            Action::DocumentRead => "document.read",
            Action::PassphraseReset => "user.passphrase_reset",
            Action::RecoveryKeyReplaced => "recovery_key.replace",
            Action::KeyRotation => "key.rotate",
            Action::LoginFailed => "login.failed",
            Action::Report => "report",
            Action::Settings => "settings",
            Action::Backup => "backup",
            Action::Restore => "restore",
            Action::KeyFileRepair => "key_file.repair",
            Action::ConsentOverride => "consent.override",
            Action::Erasure => "case.erase",
            Action::AgencyInit => "agency.init",
            Action::PartnerAdd => "partner.add",
            Action::PartnerRemove => "partner.remove",
            Action::ReferralSend => "referral.send",
            Action::ReferralReceive => "referral.receive",
            Action::ReferralAnswer => "referral.answer",
            Action::RelayConnect => "relay.connect",
            Action::RelayPush => "relay.push",
            Action::RelayPull => "relay.pull",
            Action::ReportContribute => "report.contribute",
            Action::Consolidate => "report.consolidate",
            Action::ExportCtdc => "export.ctdc",
            Action::ReleaseRetire => "report.release.retire",
        }
    }
}

/// What a change tells the log beyond its action: the case it touched and a non-identifying
/// detail (counts, a word), filled in by the code that made the change.
#[derive(Debug, Default, Clone)]
pub struct Note {
    /// Row id of the case the change touched.
    pub case: Option<i64>,
    /// Counts or a word; never a name, a note, a date of a person or free text.
    pub detail: Option<String>,
}

/// The newest entry's position and MAC: keep it elsewhere to detect a cut-off tail later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Head {
    /// The newest entry's sequence number.
    #[ts(type = "number")]
    pub seq: i64,
    /// Its MAC, hex.
    pub mac: String,
}

impl std::fmt::Display for Head {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.mac)
    }
}

impl std::str::FromStr for Head {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let bad = || {
            Error::invalid(
                "head",
                "A chain head is written SEQ:MAC, as `haven audit verify` prints it.",
            )
        };
        let (seq, mac) = s.trim().split_once(':').ok_or_else(bad)?;
        let seq = seq.parse().map_err(|_| bad())?;
        if mac.len() != 64 || !mac.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(Head {
            seq,
            mac: mac.to_ascii_lowercase(),
        })
    }
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Verification {
    /// Entries read.
    #[ts(type = "number")]
    pub entries: u64,
    /// The newest entry, if any.
    pub head: Option<Head>,
    /// The first entry that does not fit the chain (or where one is missing); `None` when the
    /// chain is intact.
    #[ts(type = "number | null")]
    pub first_broken: Option<i64>,
    /// Whether the log ends before a kept head (its newest entries were cut off).
    pub truncated: bool,
}

impl Verification {
    /// Whether the log is intact (and, if a head was given, reaches it).
    pub fn is_intact(&self) -> bool {
        self.first_broken.is_none() && !self.truncated
    }
}

/// What the audit screen asks for: every field narrows the log; empty fields do not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditFilter {
    /// A user name (as typed; case does not matter).
    #[ts(optional)]
    pub user: Option<String>,
    /// A case code.
    #[ts(optional)]
    pub case: Option<String>,
    /// An action word (see [`Action::ALL`]).
    #[ts(optional)]
    pub action: Option<String>,
    /// First day (UTC), `YYYY-MM-DD`, inclusive.
    #[ts(optional)]
    pub from: Option<String>,
    /// Last day (UTC), `YYYY-MM-DD`, inclusive.
    #[ts(optional)]
    pub to: Option<String>,
    /// Only entries older than this sequence number (the next page).
    #[ts(optional, type = "number")]
    pub before: Option<i64>,
    /// At most this many entries (default 100, at most 500).
    #[ts(optional)]
    pub limit: Option<u32>,
}

/// One page of the log, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AuditPage {
    /// The entries.
    pub lines: Vec<LogLine>,
    /// Whether older entries match too (ask again with `before` = the last entry's seq).
    pub more: bool,
}

/// The action words, in the order the audit screen lists them.
pub fn action_words() -> Vec<&'static str> {
    Action::ALL.iter().map(|a| a.as_str()).collect()
}

/// One entry as stored: the user's id and the case's UUID. The chain's MAC covers this form.
pub type Entry = LogLine;

/// An entry of the log. As people read it ([`LogLine`], from the log's searches) it names the
/// user and the case by user name and case code; as stored ([`Entry`]) by the user's id and the
/// case's UUID — never by anything of a person of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LogLine {
    /// Position in the chain.
    #[ts(type = "number")]
    pub seq: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// The user who acted, if one did: a staff login's name (or, stored, its id).
    pub user: Option<String>,
    /// The action's word.
    pub action: String,
    /// The case concerned, if any: its code (or, stored, its UUID).
    pub case: Option<String>,
    /// `ok`, or how it failed.
    pub outcome: String,
    /// Counts or a word.
    pub detail: Option<String>,
}

impl LogLine {
    /// A line from a row whose first seven columns are `seq, at, user, action, case, outcome,
    /// detail`.
    pub(crate) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            seq: r.get(0)?,
            at: r.get(1)?,
            user: r.get(2)?,
            action: r.get(3)?,
            case: r.get(4)?,
            outcome: r.get(5)?,
            detail: r.get(6)?,
        })
    }
}
