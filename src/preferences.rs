//! What users and administrators choose: each user's language, and the vault's auto-lock time.
//! Both live inside the vault; the language is remembered per user.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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

    pub(crate) fn parse(code: &str) -> Option<Self> {
        match code {
            "az" => Some(Language::Az),
            "ru" => Some(Language::Ru),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}
