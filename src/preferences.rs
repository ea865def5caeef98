//! What users and administrators choose: each user's language, and the vault's auto-lock time.
//! Both live inside the vault; the language is remembered per user.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::Action;
use crate::auto_lock::{DEFAULT_MINUTES, MINUTES_RANGE};
use crate::roles::Permission;
use crate::session::Session;
use crate::{Error, Result};

/// The languages of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Language {
    /// Azerbaijani (Latin script).
    Az,
    /// Russian.
    Ru,
    /// English.
    En,
}

impl Language {
    /// The stored (and BCP 47) code.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Az => "az",
            Language::Ru => "ru",
            Language::En => "en",
        }
    }

    fn parse(code: &str) -> Option<Self> {
        match code {
            "az" => Some(Language::Az),
            "ru" => Some(Language::Ru),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}

const META_AUTO_LOCK: &str = "session.auto_lock_minutes";

impl Session {
    /// The signed-in user's language, if they chose one.
    pub fn language(&self) -> Result<Option<Language>> {
        let code: Option<String> = self
            .conn()
            .query_row(
                "SELECT language FROM user_preferences WHERE user_id = ?1",
                [self.user().id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        Ok(code.as_deref().and_then(Language::parse))
    }

    /// Remembers the signed-in user's language (any user, for themself).
    pub fn set_language(&mut self, language: Language) -> Result<()> {
        let user = self.user().id.to_string();
        self.write(Action::Settings, |tx, note| {
            tx.execute(
                "INSERT INTO user_preferences (user_id, language) VALUES (?1, ?2)
                 ON CONFLICT (user_id) DO UPDATE SET language = excluded.language",
                params![user, language.as_str()],
            )?;
            note.detail = Some(format!("language={}", language.as_str()));
            Ok(())
        })
    }

    /// Idle minutes before the vault locks itself (the vault's setting, 5 unless changed).
    pub fn auto_lock_minutes(&self) -> Result<u32> {
        match crate::vault::database::meta(self.conn(), META_AUTO_LOCK)? {
            None => Ok(DEFAULT_MINUTES),
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|m| MINUTES_RANGE.contains(m))
                .ok_or(Error::Damaged),
        }
    }

    /// Sets the vault's auto-lock time (administrators), from the next unlock on.
    pub fn set_auto_lock_minutes(&mut self, minutes: u32) -> Result<()> {
        self.require(Permission::Administer)?;
        if !MINUTES_RANGE.contains(&minutes) {
            return Err(Error::invalid(
                "autoLockMinutes",
                format!(
                    "Choose from {} to {} minutes.",
                    MINUTES_RANGE.start(),
                    MINUTES_RANGE.end()
                ),
            ));
        }
        self.write(Action::Settings, |tx, note| {
            crate::vault::database::set_meta(tx, META_AUTO_LOCK, &minutes.to_string())?;
            note.detail = Some(format!("auto_lock_minutes={minutes}"));
            Ok(())
        })
    }
}
