//! Which new passphrases Haven accepts: at least 12 characters and a zxcvbn score of at least
//! 3 of 4. A refusal says why and how to do better.

use serde::Serialize;
use ts_rs::TS;

use crate::secret::Passphrase;
use crate::{Error, Result};

/// Fewest characters a passphrase may have.
pub const MIN_CHARS: usize = 12;
/// Lowest acceptable zxcvbn score (0-4).
pub const MIN_SCORE: u8 = 3;
/// Longest passphrase accepted (guards the estimator and the KDF against huge input).
pub const MAX_CHARS: usize = 1024;
/// zxcvbn's cost grows quickly with length; beyond this the estimate is of the first part only,
/// which can only underestimate.
const ESTIMATE_CHARS: usize = 100;

/// How strong a passphrase is, for the meter on the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Strength {
    /// zxcvbn's score, 0 (very weak) to 4 (strong).
    pub score: u8,
    /// Whether Haven accepts it.
    pub acceptable: bool,
    /// What is wrong and what would help (English for now).
    pub feedback: Vec<String>,
}

/// Estimates the strength of `passphrase`; `context` holds words that make it weaker (the user
/// name, the product name).
pub fn estimate(passphrase: &Passphrase, context: &[&str]) -> Strength {
    let text = passphrase.expose();
    let chars = passphrase.char_count();
    if chars == 0 {
        return Strength {
            score: 0,
            acceptable: false,
            feedback: vec![],
        };
    }
    let cut: String = text.chars().take(ESTIMATE_CHARS).collect();
    let cut = zeroize::Zeroizing::new(cut);
    let mut inputs: Vec<&str> = context.iter().copied().filter(|s| !s.is_empty()).collect();
    inputs.push("haven");
    let entropy = zxcvbn::zxcvbn(&cut, &inputs);
    let score = u8::from(entropy.score());
    let mut feedback = Vec::new();
    if chars < MIN_CHARS {
        feedback.push(format!(
            "Use at least {MIN_CHARS} characters (this one has {chars})."
        ));
    }
    if chars > MAX_CHARS {
        feedback.push(format!("Use at most {MAX_CHARS} characters."));
    }
    if let Some(f) = entropy.feedback() {
        if let Some(w) = f.warning() {
            feedback.push(w.to_string());
        }
        feedback.extend(f.suggestions().iter().map(|s| s.to_string()));
    }
    if score < MIN_SCORE && feedback.is_empty() {
        feedback.push("Add another word or two that are not related to each other.".into());
    }
    Strength {
        score,
        acceptable: (MIN_CHARS..=MAX_CHARS).contains(&chars) && score >= MIN_SCORE,
        feedback,
    }
}

/// Accepts `passphrase` as a new passphrase, or says why not. `field` names the input.
pub fn check(passphrase: &Passphrase, context: &[&str], field: &'static str) -> Result<()> {
    let s = estimate(passphrase, context);
    if s.acceptable {
        return Ok(());
    }
    let chars = passphrase.char_count();
    let mut reason = if chars < MIN_CHARS {
        format!("The passphrase is too short: it needs at least {MIN_CHARS} characters and has {chars}.")
    } else if chars > MAX_CHARS {
        format!("The passphrase is too long: at most {MAX_CHARS} characters.")
    } else {
        "The passphrase is too easy to guess.".to_string()
    };
    let advice: Vec<&String> = s
        .feedback
        .iter()
        .filter(|f| !f.starts_with("Use at"))
        .collect();
    if !advice.is_empty() {
        reason.push(' ');
        reason.push_str(
            &advice
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
    } else if chars >= MIN_CHARS {
        reason.push_str(" Add another word or two that are not related to each other.");
    }
    Err(Error::WeakPassphrase { field, reason })
}

/// Accepts a new passphrase typed twice: the two must match, then the policy applies.
pub fn confirm(
    first: Passphrase,
    second: &Passphrase,
    context: &[&str],
    field: &'static str,
    again_field: &'static str,
) -> Result<Passphrase> {
    if first != *second {
        return Err(Error::invalid(
            again_field,
            "The two passphrases are not the same; type it again.",
        ));
    }
    check(&first, context, field)?;
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(p: &str) -> String {
        match check(&p.into(), &["ana.admin"], "passphrase") {
            Err(Error::WeakPassphrase { reason, .. }) => reason,
            other => panic!("{p:?} was not refused: {other:?}"),
        }
    }

    #[test]
    fn short_passphrases_are_refused_with_the_count() {
        let why = refused("Tr0ub4dor&3");
        assert!(
            why.contains("at least 12") && why.contains("has 11"),
            "{why}"
        );
    }

    #[test]
    fn long_but_guessable_passphrases_are_refused() {
        let why = refused("passwordpassword");
        assert!(why.contains("too easy to guess"), "{why}");
        let why = refused("ana.admin12345");
        assert!(why.contains("too easy to guess"), "{why}");
    }

    #[test]
    fn unrelated_words_are_accepted() {
        check(&"correct horse battery staple".into(), &[], "passphrase").unwrap();
        check(&"lantern quietly orbit mustard".into(), &[], "passphrase").unwrap();
        let s = estimate(&"lantern quietly orbit mustard".into(), &[]);
        assert!(s.acceptable && s.score >= 3);
    }

    #[test]
    fn the_two_typings_must_match() {
        let e = confirm(
            "lantern quietly orbit mustard".into(),
            &"lantern quietly orbit mustarD".into(),
            &[],
            "p",
            "again",
        )
        .unwrap_err();
        assert_eq!(e.field(), Some("again"));
    }

    #[test]
    fn a_huge_passphrase_is_refused_quickly() {
        let huge = "lantern quietly orbit mustard ".repeat(100);
        assert!(check(&huge.as_str().into(), &[], "p").is_err());
    }
}
