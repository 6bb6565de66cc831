//! The pattern-file schema and its loader.
//!
//! A detector is data: one TOML file per detector under `patterns/`, embedded in the binary at
//! build time (see `build.rs`) and extendable with a user directory. A file states what the
//! detector finds and why it matters, its candidate regex or lexicon, its context keywords in
//! Dutch, French, German and English, its confidence rules, and examples that the test suite
//! runs through the whole detect → validate path. The checks themselves (checksums, dates) are
//! Rust code in `validate/`, named here by `validator`.
//!
//! A malformed file is refused when the detectors are loaded, naming the file and the reason.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::validate::Validator;

include!(concat!(env!("OUT_DIR"), "/builtin_patterns.rs"));

/// How sure snuffel is that a finding is a person's data. Ordered: `Low < Medium < High`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

impl std::str::FromStr for Confidence {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "low" => Ok(Confidence::Low),
            "medium" => Ok(Confidence::Medium),
            "high" => Ok(Confidence::High),
            _ => Err(format!(
                "unknown confidence `{s}` (expected low, medium or high)"
            )),
        }
    }
}

/// One detector, as written in `patterns/<id>.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternFile {
    /// Unique id; a user file with the same id replaces the built-in one.
    pub id: String,
    /// The kind reported for its findings (several detectors may share a kind).
    pub kind: String,
    /// A human name.
    pub name: String,
    /// What it finds.
    pub what: String,
    /// Why it matters.
    pub why: String,
    #[serde(default)]
    pub references: Vec<String>,
    /// The check a candidate must pass.
    pub validator: Validator,
    /// Candidate regex (ASCII-only classes; its match length must be bounded).
    pub regex: Option<String>,
    /// Lexicon file name (for `validator = "lexicon"`).
    pub lexicon: Option<String>,
    /// For a lexicon of special-category data: the category every term stands for (`health`).
    /// Without it, each term's section in the lexicon names its category (`criminal_record`).
    #[serde(default)]
    pub special: Option<String>,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    /// Where two detectors' regexes match at the same place, the one with the lower priority
    /// (then the lower id) is tried: the search takes one candidate per place. Default 0.
    #[serde(default)]
    pub priority: i32,
    /// Search this regex in a pass of its own instead of in the shared automaton. Worth it for
    /// a regex with a required literal, such as the `@` of an address: on its own it skips
    /// through text at memchr speed, while in the shared automaton its counters multiply the
    /// states of every lexicon word (measured: 12% of the time of a dump scan).
    #[serde(default)]
    pub separate: bool,
    #[serde(default)]
    pub context: ContextSpec,
    pub confidence: ConfidenceSpec,
    /// Local parts of role mailboxes (e-mail detectors only).
    #[serde(default)]
    pub role_mailboxes: Vec<String>,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub negative_examples: Vec<NegativeExample>,
}

fn enabled_by_default() -> bool {
    true
}

/// Words near a candidate, and column headers above it, that change what it is worth.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextSpec {
    /// Bytes before the candidate searched for keywords.
    #[serde(default = "default_before")]
    pub before: usize,
    /// Bytes after the candidate searched for keywords.
    #[serde(default = "default_after")]
    pub after: usize,
    #[serde(default)]
    pub keywords: Words,
    #[serde(default)]
    pub negative_keywords: Words,
    /// Column headers (CSV, SQL INSERT/COPY column lists) that vouch for every value below them.
    #[serde(default)]
    pub headers: Vec<String>,
}

fn default_before() -> usize {
    48
}
fn default_after() -> usize {
    16
}

/// Words per language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    #[serde(default)]
    pub nl: Vec<String>,
    #[serde(default)]
    pub fr: Vec<String>,
    #[serde(default)]
    pub de: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
}

impl Words {
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.nl
            .iter()
            .chain(&self.fr)
            .chain(&self.de)
            .chain(&self.en)
    }
}

/// The confidence of a validated candidate: the first rule whose condition holds decides,
/// else `default`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfidenceSpec {
    /// When no rule holds; `reject` for a detector that counts only with context.
    pub default: Outcome,
    /// Tried in order; the first that holds decides. Keywords nearby are searched for only
    /// when a `keyword` or `negative_keyword` rule is reached, so a `header` rule written before
    /// a `keyword` rule of the same outcome spares that search in a column the header vouches for.
    #[serde(default)]
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub when: Condition,
    pub then: Outcome,
}

/// What a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// A keyword stands within the context window.
    Keyword,
    /// The column header vouches for the value.
    Header,
    /// A negative keyword stands nearby or in the column header (phone, order, VAT …).
    NegativeKeyword,
    /// Written without separators.
    Compact,
    /// A role mailbox.
    RoleMailbox,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Low,
    Medium,
    High,
    /// Not reported at all.
    Reject,
}

/// Text that must give a finding of this detector's kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    /// The normalised value expected.
    pub value: Option<String>,
    /// The confidence expected.
    pub confidence: Option<Confidence>,
}

/// Text that must give no finding of this detector's kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NegativeExample {
    pub text: String,
    /// Why it must not be reported.
    pub why: String,
}

/// A lexicon: terms with their category, parsed from a `.txt` file.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// (term in lower case with its accents, category)
    pub terms: Vec<(String, String)>,
}

/// A loaded detector: its file plus the lexicon it names.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub file: PatternFile,
    pub lexicon: Option<Lexicon>,
}

/// A pattern file that cannot be used, with the file and the reason.
#[derive(Debug, thiserror::Error)]
pub enum PatternError {
    #[error("{file}")]
    Toml {
        file: String,
        #[source]
        source: toml::de::Error,
    },
    #[error("{file}: {reason}")]
    Invalid { file: String, reason: String },
    #[error("{file}: cannot read")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

/// Loads the built-in detectors, then those of `user_dir` (same id replaces, `enabled = false`
/// disables).
pub fn load(user_dir: Option<&Path>) -> Result<Vec<Pattern>, PatternError> {
    let mut files: BTreeMap<String, String> = BUILTIN_FILES
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    if let Some(dir) = user_dir {
        read_user_dir(dir, &mut files)?;
    }
    let mut by_id: BTreeMap<String, Pattern> = BTreeMap::new();
    for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".toml")) {
        let pattern = parse_pattern(name, text, &files)?;
        by_id.insert(pattern.file.id.clone(), pattern);
    }
    let mut patterns: Vec<Pattern> = by_id.into_values().filter(|p| p.file.enabled).collect();
    // Stable: within a priority, the order of ids.
    patterns.sort_by_key(|p| p.file.priority);
    Ok(patterns)
}

fn read_user_dir(dir: &Path, files: &mut BTreeMap<String, String>) -> Result<(), PatternError> {
    let io_err = |source| PatternError::Io {
        file: dir.display().to_string(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io_err)? {
        let path = entry.map_err(io_err)?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name.ends_with(".toml") || name.ends_with(".txt") {
            let text = std::fs::read_to_string(&path).map_err(|source| PatternError::Io {
                file: path.display().to_string(),
                source,
            })?;
            files.insert(name.to_string(), text);
        }
    }
    Ok(())
}

/// Parses and checks one pattern file; `files` resolves its lexicon.
pub fn parse_pattern(
    name: &str,
    text: &str,
    files: &BTreeMap<String, String>,
) -> Result<Pattern, PatternError> {
    let invalid = |reason: String| PatternError::Invalid {
        file: name.to_string(),
        reason,
    };
    let file: PatternFile = toml::from_str(text).map_err(|source| PatternError::Toml {
        file: name.to_string(),
        source,
    })?;
    let lexicon = match (&file.regex, &file.lexicon, file.validator) {
        (Some(_), None, v) if v != Validator::Lexicon => None,
        (None, Some(lex), Validator::Lexicon) => {
            let text = files
                .get(lex)
                .ok_or_else(|| invalid(format!("lexicon file `{lex}` not found")))?;
            Some(parse_lexicon(text).map_err(|r| invalid(format!("{lex}: {r}")))?)
        }
        _ => {
            return Err(invalid(
                "give either `regex` with a checking validator, or `lexicon` with validator = \"lexicon\""
                    .into(),
            ))
        }
    };
    if file.examples.is_empty() || file.negative_examples.is_empty() {
        return Err(invalid(
            "a detector needs `examples` and `negative_examples`".into(),
        ));
    }
    if let Some(re) = &file.regex {
        max_match_len(re).map_err(invalid)?;
    }
    Ok(Pattern { file, lexicon })
}

/// The longest match a candidate regex can produce; refused when unbounded, because the
/// chunked reader must know how much to carry over from one chunk to the next.
pub fn max_match_len(regex: &str) -> Result<usize, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(regex)
        .map_err(|e| format!("regex: {e}"))?;
    hir.properties()
        .maximum_len()
        .ok_or_else(|| "regex: its match length must be bounded (use {m,n}, not + or *)".into())
}

/// Parses a lexicon: `[category]` lines, then one lower-case term per line, `| lang` optional.
pub fn parse_lexicon(text: &str) -> Result<Lexicon, String> {
    let mut category = None;
    let mut terms = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(cat) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            category = Some(cat.trim().to_string());
            continue;
        }
        let term = line.split('|').next().unwrap_or(line).trim();
        let Some(cat) = &category else {
            return Err(format!("line {}: term before any [category]", n + 1));
        };
        if term.chars().any(char::is_uppercase) {
            return Err(format!("line {}: `{term}` must be lower case", n + 1));
        }
        terms.push((term.to_string(), cat.clone()));
    }
    if terms.is_empty() {
        return Err("no terms".into());
    }
    Ok(Lexicon { terms })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_patterns_load() {
        let patterns = load(None).expect("built-in patterns are valid");
        let ids: Vec<_> = patterns.iter().map(|p| p.file.id.as_str()).collect();
        for id in [
            "be_national_number",
            "be_bis_number",
            "iban",
            "email",
            "health_term",
        ] {
            assert!(ids.contains(&id), "{id} missing from {ids:?}");
        }
    }

    #[test]
    fn unbounded_regex_is_refused() {
        assert!(max_match_len("[0-9]+").is_err());
        assert_eq!(max_match_len("[0-9]{2,4}"), Ok(4));
    }

    #[test]
    fn malformed_file_names_file_and_reason() {
        let err = parse_pattern("bad.toml", "id = 3", &BTreeMap::new()).unwrap_err();
        assert_eq!(err.to_string(), "bad.toml");
        let reason = std::error::Error::source(&err)
            .expect("a reason")
            .to_string();
        assert!(reason.contains("expected a string"), "{reason}");
    }
}
