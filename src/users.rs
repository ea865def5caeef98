//! Users and their roles: who may unlock the vault and what each may do there.
//!
//! Users as the core names them: the user name's rules, the signed-in user, a user as the
//! administrator's list shows them. A user exists twice: a row in the encrypted database (name, roles) and a key slot in the key
//! file found by a hash of the name. Adding writes the slot inside the database transaction, so
//! a failed key file write leaves no user behind; removing deletes the slot first, so a crash
//! half-way leaves a user who can no longer unlock, never a slot that still opens the vault.

use serde::Serialize;
use ts_rs::TS;
use unicode_normalization::UnicodeNormalization;
use uuid::Uuid;

use crate::records::text::{self, Kind, Refused};
use crate::roles::Role;
use crate::{Error, Result};

/// Longest user name, in characters.
pub const MAX_NAME_CHARS: usize = 64;

const CONTROL: &str = "A user name cannot contain control characters.";

/// A user name: trimmed, NFC, 1-64 characters, no control or invisible formatting characters
/// (`records::text`: a text-direction override would show one name as another). Names
/// compare without regard to case (`key`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserName {
    name: String,
    key: String,
}

impl UserName {
    /// Checks a typed user name; `field` names the input in the error.
    pub fn parse(typed: &str, field: &'static str) -> Result<Self> {
        let name = Self::find(typed, field)?;
        match text::check(name.as_str(), Kind::Line) {
            Ok(()) => Ok(name),
            Err(Refused::Control) => Err(Error::invalid(field, CONTROL)),
            Err(Refused::Invisible) => Err(Error::invalid(
                field,
                "A user name cannot contain invisible formatting characters (text-direction marks, zero-width spaces).",
            )),
        }
    }

    /// A typed name of a user who may already exist: [`UserName::parse`] but for the rule on
    /// invisible characters, which came later, so that the administrator can still remove or
    /// change a user added before it.
    pub(crate) fn find(typed: &str, field: &'static str) -> Result<Self> {
        let name: String = typed.trim().nfc().collect();
        let chars = name.chars().count();
        if chars == 0 {
            return Err(Error::invalid(field, "A user name is required."));
        }
        if chars > MAX_NAME_CHARS {
            return Err(Error::invalid(
                field,
                format!("A user name has at most {MAX_NAME_CHARS} characters."),
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(Error::invalid(field, CONTROL));
        }
        let key = name.to_lowercase().nfc().collect();
        Ok(Self { name, key })
    }

    /// The lookup key of a name typed in a filter or an optional field; `None` when left
    /// empty.
    pub(crate) fn optional_key(typed: Option<&str>, field: &'static str) -> Result<Option<String>> {
        match typed.map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(name) => Ok(Some(Self::find(name, field)?.key)),
        }
    }

    /// The name as written.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The name as compared and looked up.
    pub(crate) fn key(&self) -> &str {
        &self.key
    }
}

/// The signed-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedInUser {
    /// The user's id.
    pub id: Uuid,
    /// The user name as it was written when the user was added.
    pub name: String,
    /// The user's roles, in [`Role::ALL`] order.
    pub roles: Vec<Role>,
    /// Permissions an administrator granted this user beyond their roles.
    pub grants: Vec<crate::roles::Permission>,
}

/// A user as the administrator sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UserSummary {
    /// The user name.
    pub name: String,
    /// The user's roles.
    pub roles: Vec<Role>,
    /// Permissions granted to this user beyond their roles (`consentOverride`).
    pub grants: Vec<crate::roles::Permission>,
    /// When the user was added (RFC 3339, UTC).
    pub created_at: String,
}

pub(crate) fn check_roles(roles: &[Role]) -> Result<Vec<Role>> {
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        return Err(Error::invalid(
            "role",
            "Give the user at least one role: intake, caseworker, supervisor or admin.",
        ));
    }
    Ok(roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_compared_without_case() {
        let a = UserName::parse("  Aysel.Mammadova ", "userName").unwrap();
        let b = UserName::parse("aysel.mammadova", "userName").unwrap();
        assert_eq!(a.as_str(), "Aysel.Mammadova");
        assert_eq!(a.key(), b.key());
    }

    #[test]
    fn empty_long_control_and_invisible_names_are_refused_naming_the_field() {
        for bad in [
            "",
            "   ",
            "a\u{7}b",
            "a\nb",
            &"x".repeat(65),
            "a\u{202E}b",
            "a\u{200B}",
        ] {
            let e = UserName::parse(bad, "adminName").unwrap_err();
            assert_eq!(e.field(), Some("adminName"), "{bad:?}");
        }
    }

    #[test]
    fn a_name_from_before_the_invisible_character_rule_is_still_found() {
        let old = UserName::find("ana\u{200B}lee", "userName").unwrap();
        assert_eq!(old.key(), "ana\u{200B}lee");
        assert!(UserName::find("a\u{7}b", "userName").is_err());
    }
}
