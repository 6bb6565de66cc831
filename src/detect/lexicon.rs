//! Whole-word, case- and accent-insensitive matching of word lists with aho-corasick.
//!
//! Folding the text itself (lower-casing, stripping accents) would cost a pass and a copy over
//! every byte scanned. Instead, each term is expanded into its accent variants (`diabète`,
//! `DIABÈTE`, `diabete`) and the automaton matches ASCII letters case-insensitively, so the text is
//! read as it is. Whole-word checks look at the characters around a match only.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// At most this many spellings per term; terms with more accented letters keep the first ones.
const MAX_VARIANTS: usize = 64;

/// Builds a leftmost-longest, ASCII-case-insensitive automaton over every variant of `terms`.
/// Returns it with, per automaton pattern, the index of its term.
pub fn build(terms: &[&str]) -> (AhoCorasick, Vec<u32>, usize) {
    let mut variants = Vec::new();
    let mut owners = Vec::new();
    for (i, term) in terms.iter().enumerate() {
        for v in spellings(term) {
            variants.push(v);
            owners.push(i as u32);
        }
    }
    let max_len = variants.iter().map(String::len).max().unwrap_or(0);
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&variants)
        .expect("lexicon automaton within aho-corasick's limits");
    (ac, owners, max_len)
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
    fn matches_whole_words_only() {
        let (ac, owners, _) = build(&["diabète", "kanker"]);
        let hay = "Diagnose: DIABETE; kankerfonds; Kanker.".as_bytes();
        let found: Vec<u32> = ac
            .find_iter(hay)
            .filter(|m| is_whole_word(hay, m.start(), m.end()))
            .map(|m| owners[m.pattern().as_usize()])
            .collect();
        assert_eq!(found, vec![0, 1]);
    }

    #[test]
    fn accented_neighbours_count_as_letters() {
        let hay = "ékanker".as_bytes();
        assert!(!is_whole_word(hay, 2, hay.len()));
        assert!(is_whole_word(b"(kanker)", 1, 7));
    }
}
