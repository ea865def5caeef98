//! Which characters a text may hold: one rule for names, codes and labels (a single line) and
//! one for free text (notes), used by the record rules, user names, bed labels and document
//! file names alike.
//!
//! Refused everywhere: control characters (C0, DEL, C1 — a terminal acts on them: ESC starts
//! an escape sequence, CR goes back to the start of the line) and invisible formatting
//! characters (Unicode category Cf: the text-direction overrides, embeddings, isolates and
//! marks U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C, the zero-width space U+200B,
//! the word joiner, the byte-order mark U+FEFF, tag characters …), which reorder or hide what
//! is shown, so that one name could be displayed as another. Two Cf characters are kept: the
//! zero-width non-joiner and joiner (U+200C, U+200D), which are spelling in Persian and
//! Arabic-script Azerbaijani, in Indic scripts and in emoji, and move nothing. Free text may
//! also hold line breaks (LF, CR LF, U+2028, U+2029) and tabs; a single line may not.

/// What a text is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A name, code, label or file name: one line.
    Line,
    /// Free text (a note): line breaks and tabs allowed.
    Free,
}

/// Why a text is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// It holds a control character (or, in a single line, a line break or a tab).
    Control,
    /// It holds an invisible formatting character (a text-direction mark or override, a
    /// zero-width space, …).
    Invisible,
}

impl Refused {
    /// What a problem says, without quoting the text.
    pub fn message(self, kind: Kind) -> &'static str {
        match (self, kind) {
            (Refused::Control, Kind::Line) => {
                "line breaks, tabs and other control characters are not allowed"
            }
            (Refused::Control, Kind::Free) => {
                "control characters other than line breaks and tabs are not allowed"
            }
            (Refused::Invisible, _) => {
                "invisible formatting characters (text-direction marks, zero-width spaces) are not allowed"
            }
        }
    }
}

/// Checks every character of `text` for its use; the first refused one says why.
pub fn check(text: &str, kind: Kind) -> Result<(), Refused> {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // A carriage return counts as part of a Windows line break (CR LF), never alone.
        let crlf = c == '\r' && chars.peek() == Some(&'\n');
        let line_break = crlf || matches!(c, '\n' | '\t' | '\u{2028}' | '\u{2029}');
        if line_break {
            if kind == Kind::Line {
                return Err(Refused::Control);
            }
        } else if c.is_control() {
            return Err(Refused::Control);
        } else if invisible(c) {
            return Err(Refused::Invisible);
        }
    }
    Ok(())
}

/// Unicode's format characters (general category Cf, Unicode 16), but the zero-width
/// non-joiner and joiner.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{600}'..='\u{605}'
            | '\u{61C}'
            | '\u{6DD}'
            | '\u{70F}'
            | '\u{890}'..='\u{891}'
            | '\u{8E2}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_controls_and_zero_width_spaces_are_refused_everywhere() {
        for c in [
            '\u{202E}',
            '\u{202A}',
            '\u{2066}',
            '\u{2069}',
            '\u{200B}',
            '\u{200E}',
            '\u{200F}',
            '\u{061C}',
            '\u{FEFF}',
            '\u{E0041}',
        ] {
            let text = format!("Ana{c}Lee");
            assert_eq!(check(&text, Kind::Line), Err(Refused::Invisible), "{c:?}");
            assert_eq!(check(&text, Kind::Free), Err(Refused::Invisible), "{c:?}");
        }
    }

    #[test]
    fn line_breaks_and_tabs_are_free_text_only_and_other_controls_nowhere() {
        for c in ['\n', '\t', '\u{2028}'] {
            let text = format!("a{c}b");
            assert_eq!(check(&text, Kind::Line), Err(Refused::Control));
            assert_eq!(check(&text, Kind::Free), Ok(()));
        }
        assert_eq!(check("a\r\nb", Kind::Free), Ok(()), "a Windows line break");
        assert_eq!(check("a\r\nb", Kind::Line), Err(Refused::Control));
        for c in ['\r', '\u{1B}', '\u{7F}', '\u{85}', '\0'] {
            let text = format!("a{c}b");
            assert_eq!(check(&text, Kind::Line), Err(Refused::Control));
            assert_eq!(check(&text, Kind::Free), Err(Refused::Control));
        }
    }

    #[test]
    fn names_of_every_script_pass_joiners_included() {
        for name in [
            "Aygün Məmmədova",
            "Ирина Ёлкина",
            "خوش\u{200C}نویس",
            "👩\u{200D}⚕️",
            "李 小龍",
        ] {
            assert_eq!(check(name, Kind::Line), Ok(()), "{name}");
        }
    }
}
