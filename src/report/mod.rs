//! Report stage: what a scan found, in the shape each reader needs.
//!
//! The scan hands every finished source to one `Reporter` as a `FileReport`; reporters stream
//! (JSON and NDJSON write each file as it finishes), so memory does not grow with the number of
//! files or findings. A `FileReport` carries masked values and keyed fingerprints only; the raw,
//! normalised value is present only when the user asked for it with `--reveal`.

pub mod check;
pub mod csv;
pub mod fingerprint;
pub mod html;
pub mod json;
pub mod mask;
pub mod ndjson;
pub mod sarif;
pub mod text;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::detect::Confidence;
pub use crate::extract::document::Part;

/// Where a finding is, as a person would look for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Location {
    /// 1-based line number.
    pub line: u64,
    /// Byte offset in the text decoded to UTF-8 (the file offset for UTF-8 files).
    pub offset: u64,
    /// The column header above the value (CSV, SQL, spreadsheets), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// In a document: which part (body, header, comment, notes …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
    /// In a spreadsheet: the sheet's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// In a spreadsheet: the cell, A1-style (`C14`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// In a presentation: the 1-based slide.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slide: Option<u32>,
    /// In a PDF: the 1-based page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// In a database: the table (the column is in `column`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// In a database: the row id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<i64>,
}

impl Location {
    /// A location in plain text.
    pub fn text(line: u64, offset: u64, column: Option<String>) -> Self {
        Location {
            line,
            offset,
            column,
            part: None,
            sheet: None,
            cell: None,
            slide: None,
            page: None,
            table: None,
            row: None,
        }
    }

    /// Where a person would look: `Leden!C14`, `page 2`, `slide 3 notes`, `header`, or
    /// `line 12`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        match (&self.sheet, &self.cell) {
            (Some(sheet), Some(cell)) => parts.push(format!("{sheet}!{cell}")),
            (Some(sheet), None) => parts.push(sheet.clone()),
            _ => {}
        }
        if let Some(slide) = self.slide {
            parts.push(format!("slide {slide}"));
        }
        if let Some(page) = self.page {
            parts.push(format!("page {page}"));
        }
        match (&self.table, &self.column) {
            (Some(table), Some(column)) => parts.push(format!("{table}.{column}")),
            (Some(table), None) => parts.push(table.clone()),
            _ => {}
        }
        if let Some(row) = self.row {
            parts.push(format!("row {row}"));
        }
        match self.part {
            None | Some(Part::Body) if !parts.is_empty() => {}
            None | Some(Part::Slide) => {}
            Some(part) => parts.push(part.name().to_string()),
        }
        if parts.is_empty() {
            format!("line {}", self.line)
        } else {
            parts.join(" ")
        }
    }
}

/// One validated finding, owned and ready to serialise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Arc<str>,
    pub detector: Arc<str>,
    pub masked: String,
    pub confidence: Confidence,
    pub location: Location,
    pub fingerprint: String,
    /// What vouched for its confidence, as the rules looked: `header`, `keyword`. Rules are
    /// tried in order, so where the column header vouches, keywords nearby are not looked for.
    pub context: Vec<&'static str>,
    /// A role mailbox (e-mail only).
    pub role: bool,
    /// The lexicon category (health terms only).
    pub category: Option<String>,
    /// The normalised raw value: only with `--reveal`.
    pub value: Option<String>,
}

/// Counts of one kind in one file or a whole scan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct KindCount {
    pub total: u64,
    pub high: u64,
    pub medium: u64,
    pub low: u64,
}

impl KindCount {
    pub fn add(&mut self, confidence: Confidence, n: u64) {
        self.total += n;
        match confidence {
            Confidence::High => self.high += n,
            Confidence::Medium => self.medium += n,
            Confidence::Low => self.low += n,
        }
    }

    pub fn merge(&mut self, other: &KindCount) {
        self.total += other.total;
        self.high += other.high;
        self.medium += other.medium;
        self.low += other.low;
    }

    /// The highest confidence present.
    pub fn best(&self) -> Option<Confidence> {
        [
            (self.high, Confidence::High),
            (self.medium, Confidence::Medium),
            (self.low, Confidence::Low),
        ]
        .into_iter()
        .find(|(n, _)| *n > 0)
        .map(|(_, c)| c)
    }
}

/// What became of a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Read to the end.
    Scanned,
    /// Deliberately not read; `listed` ones appear in reports, the others are only counted
    /// (binary files, links that are not followed).
    Skipped { reason: String, listed: bool },
    /// Could not be read; never reported as clean.
    Error(String),
    /// Encrypted with a password: nothing inside was checked. Carries the document kind.
    Protected(String),
    /// A document without a text layer (scanned pages): nothing was checked.
    NoText,
    /// A database or archive snuffel recognises but cannot read (an Access database, a
    /// PostgreSQL custom-format dump, a rar archive): nothing inside was checked, and it is a
    /// copy of data all the same. Carries what it is.
    Unsupported(String),
}

/// Everything about one finished source.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    /// Where a top-level file lies on disk (not stdin, not a member), to read it again for its
    /// content hash.
    pub disk: Option<std::path::PathBuf>,
    /// For a member of an archive, a mailbox or a mail: the path of what holds it.
    pub container: Option<String>,
    pub size: Option<u64>,
    pub modified: Option<jiff::Timestamp>,
    pub format: Option<&'static str>,
    pub encoding: Option<&'static str>,
    pub compression: Vec<&'static str>,
    pub status: Status,
    pub findings: Vec<Finding>,
    pub counts: BTreeMap<Arc<str>, KindCount>,
    /// Findings beyond `--max-findings` were counted but not listed.
    pub truncated: bool,
    /// Findings that count towards the exit code (`--fail-on`).
    pub failing: u64,
    /// The numeric owner of the file (of the top-level file, for a member).
    pub uid: Option<u32>,
    /// The owner's user name, when the system knows it.
    pub owner: Option<String>,
    /// What the policy stage judges the file by.
    pub evidence: Evidence,
    /// The policy stage's verdict.
    pub assessment: Option<crate::policy::Assessment>,
    /// Its risk fails the run (`--fail-on risk:LEVEL`).
    pub fails_by_risk: bool,
}

/// What the policy stage judges a file by, gathered while it is scanned: distinct values (not
/// occurrences: a value repeated on every page is one person), and where a special-category
/// term stands beside an identifier.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// Distinct identifiers (national and BIS numbers, IBANs …) per kind, at medium
    /// confidence or more.
    pub identifiers: BTreeMap<Arc<str>, u64>,
    /// Distinct personal e-mail addresses (role mailboxes aside) and phone numbers, at medium
    /// confidence or more.
    pub contacts: u64,
    /// The kinds of those contacts (`email`, `phone`).
    pub contact_kinds: BTreeSet<Arc<str>>,
    /// Lines of the text (a row, a record, a paragraph, a cell) where a special-category term
    /// (health, criminal record …) stands beside an identifier or a personal address: data
    /// about a person.
    pub special_records: u64,
    /// The categories of the special-category terms on those lines (`health`,
    /// `criminal_record` …).
    pub special_categories: BTreeSet<String>,
    /// Categories of the special-category terms on the line being read.
    line_categories: Vec<String>,
    /// The hashes below, kept as they are: they are well mixed already, and hashing them
    /// again with the standard SipHash cost 3 % of a dump scan.
    seen: HashSet<u64, rustc_hash::FxBuildHasher>,
    /// Key values of the `--match` dataset found in the file (their numbers).
    pub matched: HashSet<u32>,
    /// Records of the `--match` dataset all of whose key values the file holds.
    pub matched_records: u64,
    /// The smallest hashes of the file's values about people (a bottom-k sketch): enough to
    /// tell, without keeping every value, which files hold the same people.
    pub sketch: BTreeSet<u64>,
    /// The line being read: (line, identifier seen, special term seen, already counted).
    line: (u64, bool, bool, bool),
}

impl Evidence {
    /// Distinct values remembered per file; past this, counts are lower bounds.
    const MAX_SEEN: usize = 200_000;
    /// Hashes kept in the sketch.
    pub const SKETCH: usize = 1024;

    /// Notes a value about a person on `line`: an identifier, or a way to reach them
    /// (`contact`: an address, a phone number). Only values that may tell which people a file
    /// holds (`in_sketch`) go into the sketch that groups copies: a phone list on its own is not
    /// a copy of an identity dataset.
    pub fn note_person(
        &mut self,
        kind: &Arc<str>,
        value: &str,
        contact: bool,
        in_sketch: bool,
        line: u64,
    ) {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (kind.as_ref(), value).hash(&mut h);
        let hash = h.finish();
        let below_sketch = || self.sketch.len() < Self::SKETCH || self.sketch.last() > Some(&hash);
        if in_sketch && below_sketch() {
            self.sketch.insert(hash);
            if self.sketch.len() > Self::SKETCH {
                self.sketch.pop_last();
            }
        }
        if self.seen.len() < Self::MAX_SEEN && self.seen.insert(hash) {
            match contact {
                true => {
                    self.contacts += 1;
                    if !self.contact_kinds.contains(kind) {
                        self.contact_kinds.insert(kind.clone());
                    }
                }
                false => match self.identifiers.get_mut(kind) {
                    Some(n) => *n += 1,
                    None => _ = self.identifiers.insert(kind.clone(), 1),
                },
            }
        }
        self.on_line(line, true, None);
    }

    /// Notes a special-category term of `category` on `line`.
    pub fn note_special(&mut self, line: u64, category: &str) {
        self.on_line(line, false, Some(category));
    }

    fn on_line(&mut self, line: u64, person: bool, special: Option<&str>) {
        if self.line.0 != line {
            self.line = (line, false, false, false);
            self.line_categories.clear();
        }
        self.line.1 |= person;
        self.line.2 |= special.is_some();
        if let Some(c) = special.filter(|c| !self.line_categories.iter().any(|l| l == c)) {
            self.line_categories.push(c.to_string());
        }
        if self.line.1 && self.line.2 {
            if !self.line.3 {
                self.line.3 = true;
                self.special_records += 1;
            }
            for c in self.line_categories.drain(..) {
                self.special_categories.insert(c);
            }
        }
    }

    /// Distinct identifiers of every kind.
    pub fn identifier_total(&self) -> u64 {
        self.identifiers.values().sum()
    }
}

impl FileReport {
    pub fn new(path: String) -> Self {
        FileReport {
            path,
            disk: None,
            container: None,
            size: None,
            modified: None,
            format: None,
            encoding: None,
            compression: Vec::new(),
            status: Status::Scanned,
            findings: Vec::new(),
            counts: BTreeMap::new(),
            truncated: false,
            failing: 0,
            uid: None,
            owner: None,
            evidence: Evidence::default(),
            assessment: None,
            fails_by_risk: false,
        }
    }

    /// Whether a report lists the file among `files`: something was found, or the policy has
    /// something to say about it (an old dump, a database it could not read on a desktop).
    pub fn worth_listing(&self) -> bool {
        !self.counts.is_empty()
            || self
                .assessment
                .as_ref()
                .is_some_and(|a| !a.violations.is_empty())
    }

    /// Whether nothing inside could be checked: protected, unsupported or without text.
    pub fn unexamined(&self) -> bool {
        matches!(
            self.status,
            Status::Protected(_) | Status::Unsupported(_) | Status::NoText
        )
    }

    /// Findings counted so far, of every kind and confidence.
    pub fn finding_total(&self) -> u64 {
        self.counts.values().map(|c| c.total).sum()
    }

    /// The highest confidence of any finding that is not a role mailbox.
    pub fn best_confidence(&self) -> Option<Confidence> {
        self.counts.values().filter_map(KindCount::best).max()
    }
}

/// Totals of a whole scan.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct Summary {
    /// Files and members of containers.
    pub files_seen: u64,
    /// Of those, members of archives, mailboxes and mails.
    pub members_seen: u64,
    pub files_scanned: u64,
    pub files_skipped: u64,
    /// Documents encrypted with a password.
    pub files_protected: u64,
    /// Documents without a text layer.
    pub files_no_text: u64,
    /// Databases and archives recognised but not readable.
    pub files_unsupported: u64,
    pub files_with_findings: u64,
    pub errors: u64,
    /// Bytes of the files read (as stored, before decompression).
    pub bytes: u64,
    pub duration_seconds: f64,
    pub findings: BTreeMap<Arc<str>, KindCount>,
    pub skipped_by_reason: BTreeMap<String, u64>,
    /// Findings that count towards the exit code.
    pub failing_findings: u64,
    /// Files whose risk fails the run (`--fail-on risk:LEVEL`).
    pub failing_files: u64,
    /// Files holding records of the `--match` dataset.
    pub files_matching: u64,
    /// Files per risk level.
    pub risk: BTreeMap<&'static str, u64>,
    /// Violations per rule.
    pub violations: BTreeMap<&'static str, u64>,
    /// Files that hold largely the same people: copies of one dataset (reported beside the
    /// summary, not in it).
    #[serde(skip)]
    pub groups: Vec<crate::policy::copies::Group>,
}

impl Summary {
    /// Adds one finished source.
    pub fn add(&mut self, file: &FileReport) {
        self.files_seen += 1;
        self.members_seen += u64::from(file.container.is_some());
        match &file.status {
            Status::Scanned => {
                self.files_scanned += 1;
                self.bytes += file.size.unwrap_or(0);
            }
            Status::Skipped { reason, .. } => {
                self.files_skipped += 1;
                *self
                    .skipped_by_reason
                    .entry(skip_class(reason))
                    .or_default() += 1;
            }
            Status::Error(_) => self.errors += 1,
            Status::Protected(_) => self.files_protected += 1,
            Status::NoText => self.files_no_text += 1,
            Status::Unsupported(_) => self.files_unsupported += 1,
        }
        if !file.counts.is_empty() {
            self.files_with_findings += 1;
        }
        for (kind, count) in &file.counts {
            self.findings.entry(kind.clone()).or_default().merge(count);
        }
        self.failing_findings += file.failing;
        self.failing_files += u64::from(file.fails_by_risk);
        self.files_matching += u64::from(file.evidence.matched_records > 0);
        if let Some(a) = &file.assessment {
            *self.risk.entry(a.risk.name()).or_default() += 1;
            for v in &a.violations {
                *self.violations.entry(v.rule).or_default() += 1;
            }
        }
    }

    /// Files that could not be examined: protected, unsupported, without a text layer, or in
    /// error. "Nothing found" says nothing about them.
    pub fn not_examined(&self) -> u64 {
        self.files_protected + self.files_unsupported + self.files_no_text + self.errors
    }

    pub fn set_duration(&mut self, d: Duration) {
        self.duration_seconds = d.as_secs_f64();
    }
}

/// Each grouped file's group, by path.
pub(crate) fn group_of(
    groups: &[crate::policy::copies::Group],
) -> std::collections::HashMap<&str, &crate::policy::copies::Group> {
    groups
        .iter()
        .flat_map(|g| g.members.iter().map(move |m| (m.as_str(), g)))
        .collect()
}

/// A skip reason without its details (`larger than 10 bytes` → `larger than`), for counting.
fn skip_class(reason: &str) -> String {
    reason
        .split(['(', ':'])
        .next()
        .unwrap_or(reason)
        .trim()
        .to_string()
}

/// Facts about the run that every report states.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RunInfo {
    pub roots: Vec<String>,
    #[schemars(with = "String")]
    pub started: jiff::Timestamp,
    pub revealed: bool,
    /// Where the fingerprint key came from (a path, or why it is for this run only).
    pub fingerprint_key: String,
    pub detectors: Vec<String>,
    /// The policy the files are judged against: a path, or that the defaults were used.
    pub policy: String,
}

/// Renders the entry a reporter writes for one file, on its own (`None`: nothing to list).
pub type Render = fn(&FileReport) -> io::Result<Option<Vec<u8>>>;

/// Receives the results of a scan as they happen.
pub trait Reporter: Send {
    fn begin(&mut self, run: &RunInfo) -> io::Result<()>;
    /// For a reporter that writes each file's entry as it comes: how to render one, which the
    /// caller runs on the worker that scanned the file, outside the lock that serialises the
    /// calls below, and then calls `file_rendered` instead of `file`. A share's JSON entries
    /// take as long to write as its text to scan, and written under the lock they kept the
    /// other workers waiting.
    fn render(&self) -> Option<Render> {
        None
    }
    /// Called once per finished source, from any worker (the caller serialises the calls).
    fn file(&mut self, file: &FileReport) -> io::Result<()>;
    /// `file`, with the entry `render` made for it.
    fn file_rendered(
        &mut self,
        file: &FileReport,
        entry: io::Result<Option<Vec<u8>>>,
    ) -> io::Result<()> {
        let _ = entry;
        self.file(file)
    }
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}
