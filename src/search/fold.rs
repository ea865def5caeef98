//! Folding names, aliases and case codes for search.
//!
//! People type names the way their keyboard and habits let them: without diacritics, in any
//! case, `e` or `a` for `ə`, `kh` for `x`, `g` for `q`, Latin letters for a name stored in
//! Cyrillic. Search must still find the person.
//!
//! The design is asymmetric on purpose:
//!
//! - **Both sides** get the same *primary* fold ([`query_tokens`]): Unicode lower case
//!   (with `İ`/`ı`/`I` all becoming `i`), compatibility decomposition, combining marks dropped,
//!   letters Unicode does not decompose mapped by hand (`ə`→`e`, `ø`→`o`, `ß`→`ss`, …), Cyrillic
//!   kept Cyrillic but folded (`ё`→`е`, `й`→`и`, `ә`→`е`, …). Anything that is not a letter or
//!   digit separates words, except apostrophes, which are dropped (`O'Neil` → `oneil`).
//! - **Only the index side** adds *alternative spellings* ([`index_terms`]): `ə`→`a`, `x`→`kh`/`h`,
//!   `q`→`g`, `c`→`j`, `ş`→`sh`, `ç`→`ch`, … and a Latin transliteration of Cyrillic words.
//!   A query is one spelling, chosen by the user; the stored name is many. Expanding the
//!   stored side means a typed word only has to be a prefix of *one* indexed term, so the query
//!   stays a plain AND of prefixes, and expanding it too would only add noise.
//!
//! Alternatives are chosen per letter, uniformly within a word (someone writing `kh` for one `x`
//! writes it for all) except `ə`, which people spell `e` or `a` occurrence by occurrence
//! (`Rəsulzadə` → `rasulzade`). Combinations are ranked, most common rules and fewest mixed
//! spellings first, and capped at 16 spellings per word so that long or odd input stays cheap.
//! Words joined by punctuation (`2014-0007`, `Qurban-Əli`) are also indexed joined
//! (`20140007`), so either way of typing them finds them.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

/// The most spellings (the primary one included) indexed for one word.
const MAX_VARIANTS: usize = 16;

/// The most combinations of alternatives weighed for one word (bounds the work on odd input).
const MAX_TRIES: usize = 256;

/// The most occurrences of `ə` in a word spelled independently (`Cəfərova` → `cefarova`).
const MAX_SCHWAS: usize = 3;

/// Pseudo-letter for the choice between a Cyrillic word's own script and its transliteration.
const SCRIPT: char = '\u{E000}';
/// Pseudo-letter for Cyrillic `е` at the start of a word (`Елена` → `elena` or `yelena`).
const INITIAL_YE: char = '\u{E001}';
/// Pseudo-letter for Cyrillic `дж` (`Джафар` → `dzhafar`, `jafar` or `djafar`), put on the `д`.
const DZH: char = '\u{E002}';

/// Letters with alternative spellings, most common rule first: the letter, its spellings (the
/// first is primary), and the cost of each step away from the primary (2: less common).
/// The Latin entries apply to Latin letters; the Cyrillic ones only to a transliterated word.
#[rustfmt::skip]
const ALTS: &[(char, &[&str], u32)] = &[
    (SCRIPT, &["", ""], 0),
    ('ə', &["e", "a"], 1), ('x', &["x", "kh", "h"], 1), ('q', &["q", "g"], 1),
    ('c', &["c", "j", "dj"], 1), ('ş', &["s", "sh"], 1), ('ç', &["c", "ch"], 1),
    ('ğ', &["g", "gh"], 2), ('ı', &["i", "y"], 2), ('j', &["j", "zh"], 2),
    ('ö', &["o", "oe"], 2), ('ü', &["u", "ue"], 2),
    // Cyrillic, transliterated (from index FIRST_CYRILLIC_ALT on).
    ('й', &["y", "i"], 1), ('х', &["kh", "h", "x"], 1), ('ы', &["y", "i"], 1),
    (DZH, &["dzh", "j", "dj"], 1), ('я', &["ya", "ia"], 1), ('ю', &["yu", "iu"], 1),
    ('ё', &["yo", "e"], 1), (INITIAL_YE, &["e", "ye"], 1), ('ә', &["e", "a"], 1),
];

/// Where the Cyrillic transliteration entries of [`ALTS`] start.
const FIRST_CYRILLIC_ALT: usize = 12;

/// The independent spelling choices in one word.
struct Plan {
    /// One per choice, in priority order: the [`ALTS`] entry and which occurrence (for `ə`).
    slots: Vec<(usize, usize)>,
    /// For each letter of the word, the slot that spells it, if any.
    at: Vec<Option<usize>>,
    /// Whether the word has Cyrillic letters (then slot 0 chooses to transliterate them).
    cyrillic: bool,
}

/// Folds text for search: lower case, no diacritics, letters mapped to what users type.
/// Returns the folded tokens (words) of `text`, in order; the primary spelling only.
pub fn query_tokens(text: &str) -> Vec<String> {
    words(text)
        .iter()
        .map(|(_, word)| render(word, &plan(word), &[]))
        .filter(|token| !token.is_empty())
        .collect()
}

/// The terms to index for a stored name/alias/code: every token of `text` in its primary
/// folding PLUS the alternative spellings users commonly type, joined by single spaces,
/// deduplicated, in a deterministic order (each word's primary spelling first).
pub fn index_terms(text: &str) -> String {
    let words = words(text);
    let mut terms: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut add = |variants: Vec<String>| {
        for term in variants {
            if seen.insert(term.clone()) {
                terms.push(term);
            }
        }
    };
    let mut done = std::collections::HashSet::new();
    for chunk in words.chunk_by(|a, b| a.0 == b.0) {
        for (_, word) in chunk.iter().filter(|(_, word)| done.insert(word)) {
            add(variants(word));
        }
        if chunk.len() > 1 {
            // Words joined by punctuation: also the whole ("2014-0007" → "20140007").
            add(variants(
                &chunk
                    .iter()
                    .flat_map(|(_, w)| w.clone())
                    .collect::<Vec<_>>(),
            ));
        }
    }
    terms.join(" ")
}

/// Splits `text` into words of lower-case letters and digits (NFC, apostrophes and combining
/// marks removed), each with the number of the white-space-separated chunk it belongs to.
fn words(text: &str) -> Vec<(usize, Vec<char>)> {
    let mut words = Vec::new();
    let mut word: Vec<char> = Vec::new();
    let mut chunk = 0;
    let mut finish = |word: &mut Vec<char>, chunk: usize| {
        if !word.is_empty() {
            // Azerbaijani text often carries the Cyrillic schwa in Latin words: read it as Latin.
            let latin = word.iter().any(|&c| is_latin(c));
            for c in word.iter_mut().filter(|c| latin && **c == 'ә') {
                *c = 'ə';
            }
            words.push((chunk, std::mem::take(word)));
        }
    };
    for c in text.chars().filter(|&c| !is_apostrophe(c)).nfc() {
        if c.is_whitespace() {
            finish(&mut word, chunk);
            chunk += 1;
        } else if is_combining_mark(c) {
            // A mark NFC could not compose onto its letter: dropped, the word goes on.
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase().filter(|&l| !is_combining_mark(l)));
        } else {
            finish(&mut word, chunk);
        }
    }
    finish(&mut word, chunk);
    words
}

/// The spellings of one word: primary first, then the fully romanised one, then the cheapest
/// combinations of alternatives (see [`cost`]); deduplicated, at most [`MAX_VARIANTS`].
fn variants(word: &[char]) -> Vec<String> {
    let plan = plan(word);
    let radix = |slot: &(usize, usize)| ALTS[slot.0].1.len();
    // Only the highest-priority choices that fit in the budget vary; the rest stay primary.
    let (mut free, mut total) = (0, 1);
    while free < plan.slots.len() && total * radix(&plan.slots[free]) <= MAX_TRIES {
        total *= radix(&plan.slots[free]);
        free += 1;
    }
    let decode = |mut n: usize| -> Vec<u8> {
        let mut choice = vec![0; plan.slots.len()];
        for (s, slot) in plan.slots[..free].iter().enumerate() {
            choice[s] = (n % radix(slot)) as u8;
            n /= radix(slot);
        }
        choice
    };
    let mut ranked: Vec<(u32, usize)> = (0..total)
        .filter_map(|n| {
            let choice = decode(n);
            // Cyrillic spelling alternatives only exist once the word is transliterated.
            let mut slots = plan.slots.iter().zip(&choice);
            let moot = plan.cyrillic && choice[0] == 0;
            let moot = moot && slots.any(|(s, &c)| s.0 >= FIRST_CYRILLIC_ALT && c != 0);
            (!moot).then(|| (cost(&plan.slots, &choice), n))
        })
        .collect();
    ranked.sort_unstable();

    let mut out: Vec<String> = Vec::new();
    let mut push = |spelling: String| {
        if !spelling.is_empty() && out.len() < MAX_VARIANTS && !out.contains(&spelling) {
            out.push(spelling);
        }
    };
    push(render(word, &plan, &[]));
    push(render(word, &plan, &vec![1; plan.slots.len()]));
    for (_, n) in ranked {
        push(render(word, &plan, &decode(n)));
    }
    out
}

/// How unusual a combination of spellings is: each alternative's cost, plus one for every
/// letter spelled two ways within the word (`cefarova` costs more than `cafarova`).
fn cost(slots: &[(usize, usize)], choice: &[u8]) -> u32 {
    let mut used = [0u8; ALTS.len()]; // per letter, a bit for each spelling used
    let mut cost = 0;
    for (&(alt, _), &c) in slots.iter().zip(choice) {
        if used[alt] & (1 << c) == 0 {
            cost += u32::from(c) * ALTS[alt].2 + u32::from(used[alt] != 0);
            used[alt] |= 1 << c;
        }
    }
    cost
}

/// The spelling choices of `word`: one per letter with alternatives (one per occurrence, up to
/// [`MAX_SCHWAS`], for `ə`), and one for transliterating if it has Cyrillic letters.
fn plan(word: &[char]) -> Plan {
    let mut schwas = 0;
    let mut cyrillic = false;
    let keys: Vec<Option<(usize, usize)>> = word
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            cyrillic |= is_cyrillic(c);
            let key = match c {
                'е' if i == 0 => INITIAL_YE,
                'д' if word.get(i + 1) == Some(&'ж') => DZH,
                _ => c,
            };
            let alt = alt_index(key)?;
            if c != 'ə' {
                return Some((alt, 0));
            }
            schwas += 1;
            Some((alt, (schwas - 1).min(MAX_SCHWAS - 1)))
        })
        .collect();
    let mut slots: Vec<(usize, usize)> = keys.iter().flatten().copied().collect();
    if cyrillic {
        slots.push((0, 0));
    }
    slots.sort_unstable();
    slots.dedup();
    let at = keys
        .iter()
        .map(|k| k.map(|k| slots.binary_search(&k).unwrap_or(0)))
        .collect();
    Plan {
        slots,
        at,
        cyrillic,
    }
}

/// The position of `key` in [`ALTS`], if it has alternatives.
fn alt_index(key: char) -> Option<usize> {
    ALTS.iter().position(|&(k, _, _)| k == key)
}

/// Spells `word` with the alternatives chosen in `choice`, one per slot of `plan` (missing or
/// zero: the primary spelling).
fn render(word: &[char], plan: &Plan, choice: &[u8]) -> String {
    let transliterate = plan.cyrillic && choice.first() == Some(&1);
    let mut out = String::with_capacity(word.len());
    for (i, (&c, at)) in word.iter().zip(&plan.at).enumerate() {
        let pick = |s: usize| usize::from(choice.get(s).copied().unwrap_or(0));
        let alt = at.map(|s| ALTS[plan.slots[s].0].1[pick(s)]);
        match (is_cyrillic(c), alt) {
            (false, Some(spelling)) => out.push_str(spelling),
            (false, None) => fold_plain(c, &mut out),
            (true, _) if !transliterate => fold_cyrillic(c, &mut out),
            (true, _) if c == 'ж' && i > 0 && word[i - 1] == 'д' => {} // spelled with the д
            (true, Some(spelling)) => out.push_str(spelling),
            (true, None) => transliterate_cyrillic(c, &mut out),
        }
    }
    out
}

/// The primary fold of a letter or digit with no alternatives.
fn fold_plain(c: char, out: &mut String) {
    if let Some(s) = fold_special(c) {
        return out.push_str(s);
    }
    decompose_compatible(c, |d| {
        if let Some(s) = fold_special(d) {
            out.push_str(s);
        } else if d.is_alphanumeric() && !is_combining_mark(d) {
            out.extend(d.to_lowercase().filter(|&l| !is_combining_mark(l)));
        }
    });
}

/// Latin letters Unicode does not decompose, spelled as users type them.
#[rustfmt::skip]
fn fold_special(c: char) -> Option<&'static str> {
    Some(match c {
        'ə' | 'Ə' => "e", 'ı' => "i",
        'ø' | 'Ø' => "o", 'ł' | 'Ł' => "l", 'đ' | 'Đ' => "d", 'ħ' | 'Ħ' => "h",
        'ß' | 'ẞ' => "ss", 'æ' | 'Æ' => "ae", 'œ' | 'Œ' => "oe", 'þ' | 'Þ' => "th",
        _ => return None,
    })
}

/// The primary fold of a Cyrillic letter: still Cyrillic, without the distinctions users skip.
#[rustfmt::skip]
fn fold_cyrillic(c: char, out: &mut String) {
    let folded = match c {
        'ё' | 'ә' => 'е', 'й' => 'и', 'ғ' | 'ґ' | 'ҝ' => 'г', 'қ' => 'к', 'ө' => 'о',
        'ү' | 'ұ' => 'у', 'һ' | 'ҳ' => 'х', 'ң' => 'н', 'ҹ' | 'ҷ' => 'ч',
        _ => return fold_plain(c, out),
    };
    out.push(folded);
}

/// The Latin transliteration of a Cyrillic letter with a single spelling.
#[rustfmt::skip]
fn transliterate_cyrillic(c: char, out: &mut String) {
    let latin = match c {
        'а' => "a", 'б' => "b", 'в' => "v", 'г' | 'ғ' | 'ґ' | 'ҝ' => "g", 'д' => "d",
        'е' | 'э' | 'є' => "e", 'ж' => "zh", 'з' => "z", 'и' | 'і' => "i", 'к' | 'қ' => "k",
        'л' => "l", 'м' => "m", 'н' | 'ң' => "n", 'о' | 'ө' => "o", 'п' => "p", 'р' => "r",
        'с' => "s", 'т' => "t", 'у' | 'ү' | 'ұ' => "u", 'ф' => "f", 'ц' => "ts",
        'ч' | 'ҷ' => "ch", 'ҹ' => "j", 'ш' => "sh", 'щ' => "shch", 'ъ' | 'ь' => "", 'ы' => "y",
        'һ' | 'ҳ' => "h", 'ј' => "j",
        // Anything else (ї, ў, ӣ, …): transliterate what its decomposition folds to.
        _ => {
            let mut base = String::new();
            fold_plain(c, &mut base);
            for b in base.chars() {
                if b != c && is_cyrillic(b) { transliterate_cyrillic(b, out) } else { out.push(b) }
            }
            return;
        }
    };
    out.push_str(latin);
}

/// Whether `c` is in the Cyrillic blocks.
fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{400}'..='\u{52F}' | '\u{1C80}'..='\u{1C8F}' | '\u{A640}'..='\u{A69F}')
}

/// Whether `c` is a Latin letter.
fn is_latin(c: char) -> bool {
    c.is_alphabetic()
        && (c.is_ascii() || matches!(c, '\u{C0}'..='\u{24F}' | 'ə' | '\u{1E00}'..='\u{1EFF}'))
}

/// Apostrophe-like characters, dropped inside words rather than splitting them.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '`' | '´' | '‘' | '’' | 'ʼ' | 'ʻ' | '′')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether every query token of `typed` is a prefix of some indexed term of `stored`.
    fn finds(stored: &str, typed: &str) -> bool {
        let index = index_terms(stored);
        let tokens = query_tokens(typed);
        let indexed = |t: &String| index.split(' ').any(|term| term.starts_with(t.as_str()));
        !tokens.is_empty() && tokens.iter().all(indexed)
    }

    /// Stored names and the ways of typing them (separated by `|`) that must find them.
    #[rustfmt::skip]
    const FOUND: &[(&str, &str)] = &[
        ("Məmmədova", "memmedova|mammadova|Məmmədova|MƏMMƏDOVA|mamm"),
        ("Aygün Əliyeva", "aygun aliyeva|aygun eliyeva|AYGÜN|əli"),
        ("İlkin Qasımov", "ilkin|İLKİN|qasimov|gasimov|Qasımov|ILKIN QASIMOV"),
        ("Şəbnəm Çələbi", "sebnem|shabnam|celebi|chalabi"),
        ("Xədicə Cəfərova", "xedice|khadija|xadica|jafarova|djafarova|cefarova"),
        ("Gülnarə Hüseynova", "gulnara|guln|huseynova"),
        ("Rəsulzadə", "rasulzade|rasulzada|resulzade"),
        ("Ирина Ёлкина", "ирина|ИРИНА|елкина|ёлкина|irina|yolkina|elkina"),
        ("Наталья Иванова", "наталья|natalya|natalia|ivanova"),
        ("Сергей", "сергеи|сергей|sergey|sergei"),
        ("Елена Ханова", "elena|yelena|khanova|hanova|xanova"),
        ("Джафарова Гасымова", "джафарова|dzhafarova|jafarova|djafarova|gasimova|gasymova"),
        ("2014-0007", "2014-0007|20140007|2014|0007"),
        ("O'Neil", "oneil|o'neil|O’Neil"),
        ("Qurban'əli", "qurbanəli|gurbanali"),
    ];

    #[test]
    fn names_are_found_however_typed() {
        for (stored, typings) in FOUND {
            for typed in typings.split('|') {
                let index = index_terms(stored);
                assert!(
                    finds(stored, typed),
                    "{stored:?} not found by {typed:?} in {index:?}"
                );
            }
        }
    }

    #[test]
    fn non_matching_tokens_fail() {
        assert!(!finds("Məmmədova", "mammadov x"));
        assert!(!finds("Ирина", "марина"));
        assert!(!finds("Ирина", ""));
    }

    #[test]
    fn query_tokens_fold_to_the_primary_spelling() {
        assert_eq!(
            query_tokens("  İlkin   QASIMOV-Əli "),
            ["ilkin", "qasimov", "eli"]
        );
        assert_eq!(
            query_tokens("Søren Straße Æsir"),
            ["soren", "strasse", "aesir"]
        );
        // Decomposed input and the Cyrillic schwa typed in a Latin word fold the same.
        assert_eq!(
            query_tokens("S\u{327}\u{259}hla M\u{4D9}mm\u{4D9}d"),
            ["sehla", "memmed"]
        );
        assert_eq!(query_tokens("Ёлкина Сергей"), ["елкина", "сергеи"]);
        assert!(query_tokens("").is_empty() && query_tokens(" - ,. ").is_empty());
        assert!(index_terms("").is_empty());
    }

    #[test]
    fn index_terms_are_plain_deduplicated_and_deterministic() {
        let samples = [
            "Xədicə Cəfərova",
            "Ирина Ёлкина",
            "İLKİN Qasımov-Əli 2014/07",
            "Ǆuro ﬁ Ⅻ é\u{301}",
        ];
        for s in samples {
            let terms = index_terms(s);
            assert_eq!(terms, index_terms(s));
            assert!(!terms.starts_with(' ') && !terms.ends_with(' ') && !terms.contains("  "));
            for c in terms.chars().filter(|&c| c != ' ') {
                let plain = c.is_alphanumeric() && !c.is_uppercase() && !is_combining_mark(c);
                assert!(plain, "{c:?} in {terms:?}");
            }
            let list: Vec<&str> = terms.split(' ').collect();
            let unique: std::collections::HashSet<&&str> = list.iter().collect();
            assert_eq!(unique.len(), list.len(), "{terms:?}");
        }
        assert_eq!(
            index_terms("Məmmədova").split(' ').next(),
            Some("memmedova")
        );
    }

    #[test]
    fn variants_are_capped() {
        assert!(variants(&"xəqcşçğıjöü".chars().collect::<Vec<_>>()).len() <= MAX_VARIANTS);
        assert!(variants(&"йхяюёәеджы".chars().collect::<Vec<_>>()).len() <= MAX_VARIANTS);
        assert_eq!(alt_index('й'), Some(FIRST_CYRILLIC_ALT));
        assert_eq!(alt_index(SCRIPT), Some(0));
    }

    #[test]
    fn long_input_is_quick() {
        let long: String = "Xəqcşçğıjöü йхяюё-"
            .repeat(600)
            .chars()
            .take(10_000)
            .collect();
        let word: String = "xəqcşçğıjöüйхяюёдж"
            .repeat(600)
            .chars()
            .take(10_000)
            .collect();
        let started = std::time::Instant::now();
        assert!(!index_terms(&long).is_empty() && !index_terms(&word).is_empty());
        assert_eq!(query_tokens(&word).len(), 1);
        let elapsed = started.elapsed();
        assert!(elapsed < std::time::Duration::from_secs(2), "{elapsed:?}");
    }
}
