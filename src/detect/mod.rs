//! Detect stage: finds candidates in text and judges their context.
//!
//! All candidate regexes and lexicons of all detectors run as one multi-pattern automaton
//! (`regex_automata::meta::Regex::new_many`), so each byte of text is read once for all of them
//! however many detectors there are (see `lexicon` for why word lists join it). A pattern file
//! may ask for a pass of its own (`separate`): the e-mail regex does, because its required `@`
//! lets it skip through text alone, while in the shared automaton it would multiply states.
//! Detectors that share a regex (national and BIS numbers) share one automaton pattern and are
//! told apart by their validators.
//!
//! Text arrives in windows (see `scan`): a candidate is reported only when it starts before the
//! window's cut, and the search resumes exactly where it stopped, so splitting the text into
//! chunks never changes what is found. Context (keywords nearby, the column header) is looked
//! at only for candidates that passed validation, which are rare.
//!
//! What a candidate is (checksums, dates) is the validate stage's business.

pub mod lexicon;
pub mod pattern;

use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::AhoCorasick;
use regex_automata::{meta, util::syntax, Input};

use pattern::{Condition, Outcome};
pub use pattern::{Confidence, Pattern, PatternError};

use crate::validate::{Valid, Validator};

/// One detector, ready to use.
#[derive(Debug)]
pub struct Detector {
    pub id: Arc<str>,
    pub kind: Arc<str>,
    pub validator: Validator,
    pub roles: crate::validate::email::Roles,
    pub spec: Pattern,
    keywords: Option<(AhoCorasick, Vec<bool>)>,
    headers: Vec<String>,
    negative_words: Vec<String>,
    /// Folded spelling → term index, for lexicon detectors.
    terms: HashMap<String, usize>,
}

/// A detector hit before any check: where it is in the current window, and which automaton
/// pattern found it (try the detectors of that `group` in turn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub group: usize,
    pub start: usize,
    pub end: usize,
}

/// What surrounds a validated candidate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Context {
    pub keyword: bool,
    pub negative: bool,
    pub header: bool,
}

/// One multi-pattern regex and the group of each of its patterns.
struct Automaton {
    regex: meta::Regex,
    groups: Vec<usize>,
}

/// Every enabled detector compiled into one matcher set.
pub struct DetectorSet {
    detectors: Vec<Detector>,
    automata: Vec<Automaton>,
    /// Every candidate pattern as written (for `snuffel detectors --regexes`).
    patterns: Vec<String>,
    /// Per candidate pattern (a group), the detectors that share it.
    groups: Vec<Vec<usize>>,
    max_match_len: usize,
    max_before: usize,
    max_after: usize,
}

impl std::fmt::Debug for DetectorSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DetectorSet")
            .field("detectors", &self.detectors.len())
            .finish()
    }
}

impl DetectorSet {
    /// Compiles loaded patterns. Fails only on a regex the engine refuses.
    pub fn new(patterns: Vec<Pattern>) -> Result<Self, PatternError> {
        let mut detectors = Vec::new();
        let mut regexes: Vec<String> = Vec::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut separate: Vec<bool> = Vec::new();
        let mut max_match_len = 0;
        let (mut max_before, mut max_after) = (0, 0);
        for (i, p) in patterns.into_iter().enumerate() {
            let regex = match (&p.file.regex, &p.lexicon) {
                (Some(re), _) => re.clone(),
                (None, Some(lex)) => {
                    let terms: Vec<&str> = lex.terms.iter().map(|(t, _)| t.as_str()).collect();
                    lexicon::terms_regex(&terms)
                }
                (None, None) => continue,
            };
            let invalid = |reason| PatternError::Invalid {
                file: p.file.id.clone(),
                reason,
            };
            max_match_len = max_match_len.max(pattern::max_match_len(&regex).map_err(invalid)?);
            match regexes.iter().position(|r| *r == regex) {
                Some(g) => groups[g].push(i),
                None => {
                    regexes.push(regex);
                    groups.push(vec![i]);
                    separate.push(p.file.separate);
                }
            }
            max_before = max_before.max(p.file.context.before);
            max_after = max_after.max(p.file.context.after);
            detectors.push(Detector::new(p));
        }
        let automata = build_automata(&regexes, &separate)?;
        Ok(DetectorSet {
            detectors,
            automata,
            patterns: regexes,
            groups,
            max_match_len,
            max_before,
            max_after,
        })
    }

    /// The candidate patterns of the one automaton, as standalone ASCII-mode regexes, so that
    /// another tool (the ripgrep comparison in `benches/compare.sh`) can search for exactly them.
    pub fn automaton_patterns(&self) -> impl Iterator<Item = String> + '_ {
        self.patterns.iter().map(|p| {
            let mut out = String::from("(?-u)");
            for c in p.chars() {
                if c.is_ascii() {
                    out.push(c);
                } else {
                    // As bytes: tools in UTF-8 mode refuse non-ASCII literals in ASCII mode.
                    let mut buf = [0u8; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        out.push_str(&format!("\\x{b:02X}"));
                    }
                }
            }
            out
        })
    }

    pub fn detectors(&self) -> &[Detector] {
        &self.detectors
    }

    /// The detectors to try, in order, for a regex candidate of automaton pattern `group`.
    pub fn group(&self, group: usize) -> &[usize] {
        &self.groups[group]
    }

    /// Bytes after a window's cut that a candidate starting before it may need: the longest
    /// match, a character for the word-boundary look, and the keyword window after it.
    pub fn overlap(&self) -> usize {
        self.max_match_len + self.max_after + 64
    }

    /// Bytes before the resume point kept for keyword context and word-boundary looks.
    pub fn keep_before(&self) -> usize {
        self.max_before + 64
    }

    /// How many automata search the text: `candidates` keeps a resume point for each.
    pub fn automata(&self) -> usize {
        self.automata.len()
    }

    /// Offers each candidate of `hay` that starts at or after its automaton's `resume` point
    /// and before `cut` to `judge` (in order for each automaton, automaton after automaton),
    /// and moves each resume point to where its search stopped. `judge` may answer how far an
    /// accepted value reaches when that is short of the match (an IBAN followed by another
    /// group of four): the search goes on from there.
    pub fn candidates(
        &self,
        hay: &[u8],
        resume: &mut [usize],
        cut: usize,
        judge: &mut dyn FnMut(Candidate) -> Option<usize>,
    ) {
        for (automaton, resume) in self.automata.iter().zip(resume.iter_mut()) {
            *resume = automaton.search(hay, *resume, cut, judge);
        }
    }
}

impl Automaton {
    fn search(
        &self,
        hay: &[u8],
        resume: usize,
        cut: usize,
        judge: &mut dyn FnMut(Candidate) -> Option<usize>,
    ) -> usize {
        let mut next = cut.max(resume);
        let mut at = resume.min(hay.len());
        // `search` takes its scratch space (the lazy DFA's states) from the regex's pool, where
        // each thread finds its own again: states built for one file serve the next. A cache
        // per file made a scan of 20,000 small files 200 times slower.
        while let Some(m) = self.regex.search(&Input::new(hay).range(at..)) {
            if m.start() >= cut {
                break;
            }
            let candidate = Candidate {
                group: self.groups[m.pattern().as_usize()],
                start: m.start(),
                end: m.end(),
            };
            at = match judge(candidate) {
                Some(end) if end > m.start() && end < m.end() => end,
                _ => m.end(),
            };
            next = next.max(at);
        }
        next
    }
}

/// The shared automaton (all patterns not marked `separate`) and one per separate pattern.
fn build_automata(regexes: &[String], separate: &[bool]) -> Result<Vec<Automaton>, PatternError> {
    let shared: Vec<usize> = (0..regexes.len()).filter(|&g| !separate[g]).collect();
    let mut sets: Vec<Vec<usize>> = (0..regexes.len())
        .filter(|&g| separate[g])
        .map(|g| vec![g])
        .collect();
    if !shared.is_empty() {
        sets.insert(0, shared);
    }
    sets.into_iter()
        .map(|groups| {
            let patterns: Vec<&str> = groups.iter().map(|&g| regexes[g].as_str()).collect();
            Ok(Automaton {
                regex: compile_regexes(&patterns)?,
                groups,
            })
        })
        .collect()
}

fn compile_regexes(regexes: &[&str]) -> Result<meta::Regex, PatternError> {
    // ASCII-only classes and word boundaries: Unicode `\b` and `\d` keep the fast lazy DFA
    // from running and make the scan several times slower. The text is searched as bytes.
    meta::Builder::new()
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .configure(
            meta::Config::new()
                .utf8_empty(false)
                .hybrid_cache_capacity(16 * (1 << 20)),
        )
        .build_many(regexes)
        .map_err(|e| PatternError::Invalid {
            file: "patterns/*.toml".into(),
            reason: format!("candidate regexes: {e}"),
        })
}

impl Detector {
    fn new(spec: Pattern) -> Self {
        let ctx = &spec.file.context;
        let mut words: Vec<String> = Vec::new();
        let mut negative: Vec<bool> = Vec::new();
        for (list, is_negative) in [(&ctx.keywords, false), (&ctx.negative_keywords, true)] {
            for w in list.all() {
                for v in lexicon::spellings(&w.to_lowercase()) {
                    words.push(v);
                    negative.push(is_negative);
                }
            }
        }
        let keywords = (!words.is_empty()).then(|| {
            let ac = AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&words)
                .expect("keyword automaton within aho-corasick's limits");
            (ac, negative)
        });
        Detector {
            id: spec.file.id.as_str().into(),
            kind: spec.file.kind.as_str().into(),
            validator: spec.file.validator,
            roles: spec
                .file
                .role_mailboxes
                .iter()
                .map(|r| r.to_lowercase())
                .collect(),
            headers: ctx.headers.iter().map(|h| h.to_lowercase()).collect(),
            negative_words: ctx
                .negative_keywords
                .all()
                .map(|w| w.to_lowercase())
                .collect(),
            terms: spec.lexicon.as_ref().map_or_else(HashMap::new, |lex| {
                let terms: Vec<&str> = lex.terms.iter().map(|(t, _)| t.as_str()).collect();
                lexicon::term_index(&terms)
            }),
            keywords,
            spec,
        }
    }

    /// The lexicon term (and its category) that `hay[start..end]` spells, when it stands as a
    /// whole word.
    pub fn term_at(&self, hay: &[u8], start: usize, end: usize) -> Option<&(String, String)> {
        if !lexicon::is_whole_word(hay, start, end) {
            return None;
        }
        let text = std::str::from_utf8(&hay[start..end]).ok()?;
        let index = *self.terms.get(&lexicon::fold_key(text))?;
        self.spec.lexicon.as_ref()?.terms.get(index)
    }

    /// What a column header says about this detector's values: (vouches for them, warns
    /// against them). Headers repeat on every row, so callers keep the answer (see `scan`).
    pub fn judge_header(&self, header: &str) -> (bool, bool) {
        let header = header.to_lowercase();
        (
            header_names(&header, &self.headers),
            header_names(&header, &self.negative_words),
        )
    }

    /// Judges a validated candidate at `hay[start..end]`: its confidence (`None` when a rule
    /// rejects it) and the context that decided it. `header` is `judge_header`'s answer for its
    /// column, if it has one. The keywords nearby are searched for only when a rule about them
    /// is reached before another decides: in a dump the column header vouches for most values,
    /// and a keyword search around each one cost 7 % of the scan (and 7 % of a share's, where
    /// every finding is listed).
    pub fn judge(
        &self,
        hay: &[u8],
        (start, end): (usize, usize),
        header: Option<(bool, bool)>,
        valid: &Valid,
    ) -> (Option<Confidence>, Context) {
        let (vouches, warns) = header.unwrap_or_default();
        let mut context = Context {
            keyword: false,
            negative: warns,
            header: vouches,
        };
        let mut looked = false;
        let mut look = |context: &mut Context| {
            if !std::mem::replace(&mut looked, true) {
                let (keyword, negative) = self.keywords_around(hay, start, end);
                context.keyword = keyword;
                context.negative |= negative;
            }
        };
        let spec = &self.spec.file.confidence;
        let mut outcome = spec.default;
        for rule in &spec.rules {
            if matches!(rule.when, Condition::Keyword | Condition::NegativeKeyword) {
                look(&mut context);
            }
            let holds = match rule.when {
                Condition::Keyword => context.keyword,
                Condition::Header => context.header,
                Condition::NegativeKeyword => context.negative,
                Condition::Compact => valid.compact,
                Condition::RoleMailbox => valid.role,
            };
            if holds {
                outcome = rule.then;
                break;
            }
        }
        let confidence = match outcome {
            Outcome::Low => Some(Confidence::Low),
            Outcome::Medium => Some(Confidence::Medium),
            Outcome::High => Some(Confidence::High),
            Outcome::Reject => None,
        };
        (confidence, context)
    }

    /// Whether a keyword, and whether a negative keyword, stands as a whole word within the
    /// context window around `hay[start..end]`.
    fn keywords_around(&self, hay: &[u8], start: usize, end: usize) -> (bool, bool) {
        let Some((ac, negative)) = &self.keywords else {
            return (false, false);
        };
        let ctx = &self.spec.file.context;
        let from = start.saturating_sub(ctx.before);
        let to = (end + ctx.after).min(hay.len());
        let mut found = (false, false);
        for m in ac.find_iter(aho_corasick::Input::new(hay).range(from..to)) {
            let outside = m.end() <= start || m.start() >= end;
            if outside && lexicon::is_whole_word(hay, m.start(), m.end()) {
                match negative[m.pattern().as_usize()] {
                    true => found.1 = true,
                    false => found.0 = true,
                }
            }
        }
        found
    }
}

/// Whether a (lower-case) column header names one of `names`: a whole token of it
/// (`rrn`, `rrn_kind`), or for longer names anywhere in it (`rijksregisternummerouder`).
fn header_names(header: &str, names: &[String]) -> bool {
    let tokens = || header.split(|c: char| !c.is_alphanumeric());
    names
        .iter()
        .any(|n| tokens().any(|t| t == n) || (n.len() >= 5 && header.contains(n.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_matching() {
        let names = vec!["rrn".to_string(), "rijksregisternummer".to_string()];
        assert!(header_names("rrn", &names));
        assert!(header_names("rrn_kind", &names));
        assert!(header_names("rijksregisternummer_ouder", &names));
        assert!(!header_names("errnummer", &names));
    }

    #[test]
    fn keywords_are_looked_for_only_when_a_rule_reaches_them() {
        let set = crate::load_detectors(&crate::config::Config::default()).unwrap();
        let phone = set.detectors().iter().find(|d| &*d.id == "phone").unwrap();
        let text = b"gsm 0478 12 34 56";
        let (start, end) = (4, text.len());
        let valid = crate::validate::phone::validate(&text[start..]).unwrap();
        // The header rule comes first and decides: the keyword is not looked for.
        let (confidence, context) = phone.judge(text, (start, end), Some((true, false)), &valid);
        assert_eq!(confidence, Some(Confidence::High));
        assert_eq!((context.header, context.keyword), (true, false));
        // Without a header the keyword rule is reached, and the keyword found.
        let (confidence, context) = phone.judge(text, (start, end), None, &valid);
        assert_eq!(confidence, Some(Confidence::High));
        assert_eq!((context.header, context.keyword), (false, true));
        let (confidence, _) = phone.judge(b"nr 0478 12 34 56", (3, 16), None, &valid);
        assert_eq!(confidence, Some(Confidence::Medium));
    }
}
