//! Word lists (lexicons) matched as whole words, case- and accent-insensitively.
//!
//! Folding the text itself (lower-casing, stripping accents) would cost a pass and a copy over
//! every byte scanned. Instead a lexicon becomes one more pattern of the detect stage's single
//! automaton: each accented letter matches as itself, upper-cased, or without its accent, and
//! ASCII letters match in any case. A match is then checked for being a whole word (looking at
//! the characters around it) and mapped back to its term through its folded form.
//!
//! Why not a separate aho-corasick pass over the text, the classic tool for word lists: both
//! automata step once per byte, so a second pass halves throughput (measured with
//! `cargo bench --bench detect`: 287 MiB/s with both passes, about 600 with one). Aho-corasick
//! stays where it shines here, finding context keywords in the few bytes around a candidate.

use std::collections::HashMap;

/// At most this many spellings per keyword; keywords with more accented letters keep the first.
const MAX_VARIANTS: usize = 64;

/// A regex that matches any of `terms` (longest first, so a longer term wins at the same
/// start). ASCII word boundaries are asserted where a term begins or ends with an ASCII letter
/// or digit; the caller checks whole words properly, including accented neighbours.
pub fn terms_regex(terms: &[&str]) -> String {
    let mut sorted: Vec<&str> = terms.to_vec();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.len()));
    let alternatives: Vec<String> = sorted.iter().map(|t| term_regex(t)).collect();
    format!("(?i:{})", alternatives.join("|"))
}

fn term_regex(term: &str) -> String {
    let ascii_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let mut out = String::new();
    if ascii_word(term.chars().next()) {
        out.push_str(r"\b");
    }
    for c in term.chars() {
        match (fold_accent(c), accented_forms(c)) {
            // An accented letter: itself, upper-cased, or plain (`diabète` ~ `DIABÈTE`, `diabete`).
            (Some(base), _) => {
                let upper: String = c.to_uppercase().collect();
                out.push_str(&format!("(?:{c}|{upper}|{base})"));
            }
            // A plain `e` also matches é, è, ê, ë: one term serves the languages that write the
            // same word with and without them (`depression` ~ `dépression`, `patient` ~
            // `patiënt`). Other plain letters match only themselves (the lexicon spells terms
            // with their accents): expanding every vowel made the scan 25% slower.
            (None, forms) if !forms.is_empty() => {
                out.push_str(&format!("(?:{c}|{})", forms.join("|")));
            }
            _ => out.push_str(&regex_syntax::escape(&c.to_string())),
        }
    }
    if ascii_word(term.chars().last()) {
        out.push_str(r"\b");
    }
    out
}

/// The form every spelling of a term folds to: lower case, without accents.
pub fn fold_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match fold_accent(c) {
            Some(base) => out.push_str(base),
            None => out.push(c),
        }
    }
    out
}

/// Maps folded forms back to term indexes.
pub fn term_index(terms: &[&str]) -> HashMap<String, usize> {
    terms
        .iter()
        .enumerate()
        .map(|(i, t)| (fold_key(t), i))
        .collect()
}

/// Every spelling of a term: each accented letter as itself, upper-cased, or without accent.
pub fn spellings(term: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for c in term.chars() {
        let options = match fold_accent(c) {
            Some(base) => {
                let mut o = vec![c.to_string(), base.to_string()];
                let upper: String = c.to_uppercase().collect();
                if upper != c.to_string() && upper.chars().count() == 1 {
                    o.push(upper);
                }
                o
            }
            None => vec![c.to_string()],
        };
        if out.len() * options.len() > MAX_VARIANTS {
            out.iter_mut().for_each(|s| s.push_str(&options[0]));
            continue;
        }
        out = out
            .iter()
            .flat_map(|prefix| options.iter().map(move |o| format!("{prefix}{o}")))
            .collect();
    }
    out
}

/// The accented letters a plain letter of a term also matches (see `term_regex`).
const ACCENTED: &str = "éèêëÉÈÊË";

/// The accented letters that fold to the ASCII letter `c` (and that a term's `c` matches).
fn accented_forms(c: char) -> Vec<String> {
    if !c.is_ascii_alphabetic() {
        return Vec::new();
    }
    let lower = c.to_ascii_lowercase();
    ACCENTED
        .chars()
        .filter(|a| {
            a.to_lowercase()
                .any(|l| fold_accent(l) == Some(&*lower.to_string()))
        })
        .map(String::from)
        .collect()
}

/// The unaccented form of a letter, for letters that have one.
fn fold_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => "a",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => "o",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        'œ' => "oe",
        'æ' => "ae",
        'ß' => "ss",
        _ => return None,
    })
}

/// True when `hay[start..end]` is not glued to a letter or digit on either side.
pub fn is_whole_word(hay: &[u8], start: usize, end: usize) -> bool {
    !ends_in_word_char(&hay[..start]) && !starts_with_word_char(&hay[end..])
}

fn starts_with_word_char(bytes: &[u8]) -> bool {
    match bytes.first() {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric() || *b == b'_',
        Some(_) => first_char(bytes).is_some_and(char::is_alphanumeric),
    }
}

fn ends_in_word_char(bytes: &[u8]) -> bool {
    match bytes.last() {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric() || *b == b'_',
        Some(_) => last_char(bytes).is_some_and(char::is_alphanumeric),
    }
}

fn first_char(bytes: &[u8]) -> Option<char> {
    let n = bytes.len().min(4);
    (1..=n).find_map(|i| std::str::from_utf8(&bytes[..i]).ok()?.chars().next())
}

fn last_char(bytes: &[u8]) -> Option<char> {
    let n = bytes.len().min(4);
    (1..=n).find_map(|i| {
        std::str::from_utf8(&bytes[bytes.len() - i..])
            .ok()?
            .chars()
            .last()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_cover_case_and_accents() {
        let s = spellings("diabète");
        assert!(s.contains(&"diabète".to_string()));
        assert!(s.contains(&"diabete".to_string()));
        assert!(s.contains(&"diabÈte".to_string()));
    }

    #[test]
    fn terms_regex_matches_any_case_and_accent() {
        let re = regex::bytes::RegexBuilder::new(&terms_regex(&[
            "diabète",
            "kanker",
            "congé de maladie",
            "depression",
        ]))
        .unicode(false)
        .build()
        .unwrap();
        let hay = "DIABETE, Diabète, kankerfonds, CONGÉ DE MALADIE, Dépression".as_bytes();
        let found: Vec<String> = re
            .find_iter(hay)
            .filter(|m| is_whole_word(hay, m.start(), m.end()))
            .map(|m| fold_key(std::str::from_utf8(m.as_bytes()).unwrap()))
            .collect();
        assert_eq!(
            found,
            ["diabete", "diabete", "conge de maladie", "depression"]
        );
    }

    #[test]
    fn accented_neighbours_count_as_letters() {
        let hay = "ékanker".as_bytes();
        assert!(!is_whole_word(hay, 2, hay.len()));
        assert!(is_whole_word(b"(kanker)", 1, 7));
    }
}
