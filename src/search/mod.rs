//! Finding cases by name, alias or code inside the encrypted database.
//!
//! Names are folded in Rust (`fold`: case, diacritics, the Azerbaijani letters Unicode does not
//! decompose, Cyrillic variants, common romanisations) and the folded terms are kept in an FTS5
//! table inside the vault; a query is folded the same way and each of its words must begin
//! some term. People who may not read identities search codes only.

pub mod fold;

/// Which columns a search may look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Names, aliases, references and codes.
    Everything,
    /// Case codes only (for users who may not see identities).
    CodesOnly,
}

/// The FTS5 query for what a user typed: every folded word as a prefix. `None` when nothing
/// searchable was typed.
pub fn fts_query(typed: &str, scope: Scope) -> Option<String> {
    // A word typed with inner punctuation ("2014-0007", "O'Neil") is one word: its folded
    // parts joined, which the index also holds.
    let tokens: Vec<String> = typed
        .split_whitespace()
        .map(|chunk| fold::query_tokens(chunk).concat())
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.is_empty() {
        return None;
    }
    // Folded tokens hold only letters and digits, so quoting them is enough to escape them.
    let words: Vec<String> = tokens.iter().map(|t| format!("\"{t}\"*")).collect();
    let expr = words.join(" AND ");
    Some(match scope {
        Scope::Everything => expr,
        Scope::CodesOnly => format!("codes : ({expr})"),
    })
}
