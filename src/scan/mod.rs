//! One source through the pipeline: extract → detect → validate → a `FileReport`.
//!
//! Text is read in chunks into one buffer. Each round searches the buffer up to a cut that
//! leaves `overlap` bytes unsearched at its end (a candidate starting before the cut is then
//! wholly inside the buffer), keeps a little text before the resume point for context, drops
//! the rest, and reads on. Because the search resumes exactly where the previous round stopped,
//! results do not depend on the chunk size, and memory stays at one chunk plus the overlap
//! whatever the file's size or line length.

mod nested;

use std::collections::HashMap;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::detect::Confidence;
use crate::detect::{Candidate, Detector, DetectorSet};
use crate::extract::archive::Unpacking;
use crate::extract::document::{cell_name, human_bytes, Container, Outcome, Part};
use crate::extract::worker::{DocSource, Extractors};
use crate::extract::{
    self, located, ColumnTracker, Content, DocPlace, Encoding, ExtractError, Opened, Stream,
    TextReader,
};
use crate::policy::matching::{self, Dataset};
use crate::policy::Policy;
use crate::progress::Progress;
use crate::report::fingerprint::Fingerprinter;
use crate::report::{mask, FileReport, Finding, Location, Status};
use crate::validate::{Valid, Validator};
use crate::walk::{Source, Walked};
use nested::Within;

/// Scans sources; shared by all worker threads.
pub struct Scanner<'a> {
    pub config: &'a Config,
    pub detectors: &'a DetectorSet,
    pub fingerprints: &'a Fingerprinter,
    pub progress: &'a Progress,
    /// Runs document parsers (in worker processes on the command line).
    pub extractors: &'a Arc<Extractors>,
    /// Allowlisted values and mailboxes are never counted.
    pub policy: &'a Policy,
    /// The `--match` dataset, if any.
    pub dataset: Option<&'a Dataset>,
}

/// A validated candidate in the current buffer.
struct Hit {
    /// The candidate the automaton found (a validator may use less of it).
    candidate: Candidate,
    detector: usize,
    start: usize,
    end: usize,
    valid: Valid,
    category: Option<String>,
}

/// Where member reports go as they finish (each before the archive holding it).
pub type Emit<'e> = dyn FnMut(FileReport) + 'e;

impl Scanner<'_> {
    /// Turns one walked entry into its report; the members of an archive, a mailbox or a
    /// mail each get a report of their own, handed to `emit` as they finish.
    pub fn scan(&self, walked: Walked, emit: &mut Emit<'_>) -> FileReport {
        match walked {
            Walked::Source(source) => self.scan_source(&source, emit),
            Walked::Skip {
                source,
                reason,
                listed,
            } => {
                let mut report = report_for(&source);
                report.status = Status::Skipped { reason, listed };
                report
            }
            Walked::Error { path, reason } => {
                let mut report = FileReport::new(path);
                report.status = Status::Error(reason);
                report
            }
        }
    }

    fn scan_source(&self, source: &Source, emit: &mut Emit<'_>) -> FileReport {
        let mut report = report_for(source);
        let input: Stream<'_> = match &source.path {
            None => Box::new(io::stdin()),
            Some(path) => match extract::open_file(path) {
                Ok(file) => Box::new(file),
                Err(e) => {
                    report.status = Status::Error(format!("cannot open: {e}"));
                    return report;
                }
            },
        };
        self.scan_input(input, source.path.as_deref(), &mut report, emit);
        report
    }

    /// Extracts text from `input` (the file at `path`, when it has one) and scans it into
    /// `report`, with a purse of its own for what unpacking it may cost.
    pub fn scan_input(
        &self,
        input: Stream<'_>,
        path: Option<&Path>,
        report: &mut FileReport,
        emit: &mut Emit<'_>,
    ) {
        let unpacking = Unpacking::new(self.config.unpack);
        let within = Within {
            depth: 0,
            unpacking: &unpacking,
            uid: report.uid,
        };
        self.scan_content(input, path, report, &within, emit);
    }

    /// Scans a source or a member, as what its content says it is.
    fn scan_content(
        &self,
        input: Stream<'_>,
        path: Option<&Path>,
        report: &mut FileReport,
        within: &Within<'_>,
        emit: &mut Emit<'_>,
    ) {
        match extract::open(input, within.unpacking) {
            Ok(Content::Document {
                container,
                stream,
                compression,
            }) => {
                report.compression = compression;
                // A worker opens a plain file itself; anything else travels as bytes.
                let plain = path.filter(|_| report.compression.is_empty());
                if container == Container::Zip {
                    return self.scan_zip(stream, plain, report, within, emit);
                }
                let source = match plain {
                    Some(path) => DocSource::Path(path.to_path_buf()),
                    None => match self.read_document(stream) {
                        Ok(bytes) => DocSource::Bytes(bytes),
                        Err(why) => {
                            report.status = Status::Error(why);
                            return;
                        }
                    },
                };
                self.scan_document(container, source, report, within, emit);
            }
            Ok(Content::Archive {
                kind,
                stream,
                compression,
            }) => {
                report.compression = compression;
                self.scan_archive(kind, stream, report, within, emit);
            }
            Ok(Content::Text(mut opened)) => {
                report.format = Some(opened.format.name());
                report.compression = opened.compression.clone();
                let result = self.scan_text(&mut opened, report);
                report.encoding = Some(opened.text.encoding().name());
                if let Err(e) = result {
                    report.status = Status::Error(read_failed(&e));
                }
            }
            Err(ExtractError::Binary) => {
                report.status = Status::Skipped {
                    reason: ExtractError::Binary.to_string(),
                    listed: false,
                }
            }
            Err(e @ ExtractError::Unsupported(kind)) => {
                // What it is (`video`, `png image`) is its format: retention rules are by format.
                report.format = Some(kind);
                report.status = Status::Skipped {
                    reason: e.to_string(),
                    listed: true,
                }
            }
            Err(ExtractError::Unreadable(kind)) => {
                report.status = Status::Unsupported(kind.to_string())
            }
            Err(ExtractError::Io(e)) => report.status = Status::Error(e),
        }
        if let (Some(reason), Status::Error(_)) = (within.unpacking.tripped(), &report.status) {
            // The read failed because a limit stopped the whole file: say which.
            report.status = Status::Error(reason);
        }
    }

    /// A document without a path of its own, read into memory within the byte budget.
    fn read_document(&self, stream: Stream<'_>) -> Result<Vec<u8>, String> {
        let max = self.config.limits.max_bytes;
        let mut bytes = Vec::new();
        stream
            .take(max + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| read_failed(&e))?;
        if bytes.len() as u64 > max {
            return Err(format!(
                "stopped: document larger than {}",
                human_bytes(max)
            ));
        }
        Ok(bytes)
    }

    /// Scans a document's text as its extractor gives it, then records how it ended.
    fn scan_document(
        &self,
        container: Container,
        source: DocSource,
        report: &mut FileReport,
        within: &Within<'_>,
        emit: &mut Emit<'_>,
    ) {
        let replies = self.extractors.run(container, source, self.config.limits);
        let (text, columns, learned) = located::open(replies);
        let mut opened = Opened {
            text: TextReader::new(Box::new(text), Encoding::Utf8),
            format: extract::Format::Text,
            compression: report.compression.clone(),
            columns: Some(Box::new(columns)),
        };
        let result = self.scan_text(&mut opened, report);
        let mut learned = learned.lock().unwrap_or_else(|e| e.into_inner());
        report.format = Some(document_format(learned.format.as_deref(), container));
        report.status = match (result, learned.outcome.clone()) {
            (Err(e), _) => Status::Error(read_failed(&e)),
            (Ok(()), Some(Outcome::Scanned)) => Status::Scanned,
            (Ok(()), Some(Outcome::Protected(kind))) => Status::Protected(kind),
            (Ok(()), Some(Outcome::NoText)) => Status::NoText,
            (Ok(()), Some(Outcome::Skipped(reason))) => Status::Skipped {
                reason,
                listed: true,
            },
            (Ok(()), Some(Outcome::Error(reason))) => Status::Error(scrub(&reason)),
            (Ok(()), None) => Status::Error("extractor ended without an answer".into()),
        };
        let members = std::mem::take(&mut learned.members);
        drop(learned);
        self.scan_packed(members, report, within, emit);
    }

    fn scan_text(&self, opened: &mut Opened, report: &mut FileReport) -> io::Result<()> {
        let detectors = self.detectors;
        let (overlap, keep) = (detectors.overlap(), detectors.keep_before());
        let chunk = self.config.chunk_size.max(1);
        // Grows as the text needs it, up to a chunk plus what is kept: small files stay small.
        let mut buf: Vec<u8> = Vec::new();
        let mut base = 0u64;
        let mut resume = vec![0; detectors.automata()];
        let mut lines = LineCounter::default();
        let mut columns = Columns::new(opened.columns.take());
        let mut hits: Vec<Hit> = Vec::new();
        let mut headers = HeaderVerdicts::default();
        let mut told = report.finding_total();
        loop {
            let n = opened.text.fill(&mut buf, chunk)?;
            self.progress.add_bytes(n as u64);
            let eof = n == 0;
            if !eof && buf.len() < overlap + keep + chunk / 2 {
                continue; // Too little text yet to search past the overlap.
            }
            let cut = if eof { buf.len() } else { buf.len() - overlap };
            hits.clear();
            detectors.candidates(&buf, &mut resume, cut, &mut |c| {
                let hit = self.validate(&buf, &c)?;
                let end = hit.end;
                hits.push(hit);
                Some(end)
            });
            // Automata report one after the other; the column tracker needs positions in order.
            hits.sort_by_key(|h| h.start);
            for hit in &hits {
                columns.feed_to(&buf, base, hit.start);
                let line = lines.line_at(&buf, base, hit.start);
                let column = columns.current();
                let mut place_of = |hit: &Hit| Place {
                    offset: base + hit.start as u64,
                    line,
                    column,
                    header: column.map(|h| {
                        headers.judge(&detectors.detectors()[hit.detector], hit.detector, h)
                    }),
                    doc: columns.place(),
                };
                if self.record(report, &buf, hit, place_of(hit)) {
                    continue;
                }
                // Rejected by its context: the next detector of the group may take it.
                let mut next = self.validate_after(&buf, &hit.candidate, Some(hit.detector));
                while let Some(other) = next {
                    next = match self.record(report, &buf, &other, place_of(&other)) {
                        true => None,
                        false => self.validate_after(&buf, &other.candidate, Some(other.detector)),
                    };
                }
            }
            let total = report.finding_total();
            self.progress.add_findings(total - told);
            told = total;
            if eof {
                return Ok(());
            }
            columns.feed_to(&buf, base, cut);
            let drop = resume
                .iter()
                .fold(cut, |d, &r| d.min(r))
                .saturating_sub(keep);
            lines.line_at(&buf, base, drop);
            buf.drain(..drop);
            base += drop as u64;
            resume.iter_mut().for_each(|r| *r -= drop);
        }
    }

    /// Runs a candidate through the checks of its detectors; the first that accepts it decides
    /// its kind.
    fn validate(&self, buf: &[u8], c: &Candidate) -> Option<Hit> {
        self.validate_after(buf, c, None)
    }

    /// Like `validate`, trying only the detectors of the candidate's group after `after`: when
    /// the context rejects a value for one detector, the next may still take it (an identity
    /// card's number and an old bank account's look alike; the words around them tell).
    fn validate_after(&self, buf: &[u8], c: &Candidate, after: Option<usize>) -> Option<Hit> {
        let detectors = self.detectors.detectors();
        let group = self.detectors.group(c.group);
        let from = after.map_or(0, |a| {
            group
                .iter()
                .position(|&d| d == a)
                .map_or(group.len(), |i| i + 1)
        });
        group[from..].iter().find_map(|&d| {
            let det = &detectors[d];
            if det.validator == Validator::Lexicon {
                let (term, category) = det.term_at(buf, c.start, c.end)?;
                let valid = Valid {
                    value: term.as_str().into(),
                    compact: false,
                    role: false,
                    len: c.end - c.start,
                };
                return Some(Hit {
                    candidate: *c,
                    detector: d,
                    start: c.start,
                    end: c.end,
                    valid,
                    category: Some(category.clone()),
                });
            }
            let valid =
                det.validator
                    .validate(&buf[c.start..c.end], self.config.today, &det.roles)?;
            let end = c.start + valid.len;
            if in_dotted_number(buf, c.start, end) {
                return None;
            }
            Some(Hit {
                candidate: *c,
                detector: d,
                start: c.start,
                end,
                valid,
                category: None,
            })
        })
    }

    /// Judges a hit's context and adds it to the report. Returns whether the detector took it:
    /// `false` when its context rules reject it (the next detector of the group may take it).
    fn record(&self, report: &mut FileReport, buf: &[u8], hit: &Hit, place: Place<'_>) -> bool {
        let det = &self.detectors.detectors()[hit.detector];
        let cap = self.config.max_findings_per_file;
        let listed = cap == 0 || report.findings.len() < cap;
        let (confidence, context) = det.judge(buf, (hit.start, hit.end), place.header, &hit.valid);
        let Some(mut confidence) = confidence else {
            return false;
        };
        let fingerprint = || self.fingerprints.fingerprint(&det.kind, &hit.valid.value);
        if self.policy.allows(&hit.valid.value, fingerprint) {
            return true; // known test data or a role mailbox the policy names
        }
        // A number in a spreadsheet cell is weaker evidence than typed text: amounts, counts
        // and codes are numbers too. Its column header can still vouch for it.
        if place.doc.as_ref().is_some_and(|d| d.numeric) && !context.header {
            confidence = Confidence::Low;
        }
        match report.counts.get_mut(&det.kind) {
            Some(count) => count.add(confidence, 1),
            None => report
                .counts
                .entry(det.kind.clone())
                .or_default()
                .add(confidence, 1),
        }
        note_evidence(
            report,
            det,
            &hit.valid,
            hit.category.as_deref(),
            confidence,
            place.line,
        );
        if let Some(dataset) = self.dataset {
            let hash = matching::key_hash(self.fingerprints, &hit.valid.value);
            if let Some(id) = dataset.lookup(&hash) {
                report.evidence.matched.insert(id);
            }
        }
        if self
            .config
            .fail_on
            .counts(&det.kind, confidence, hit.valid.role)
        {
            report.failing += 1;
        }
        if !listed {
            report.truncated = true;
            return true;
        }
        let mut vouched = Vec::new();
        if context.keyword {
            vouched.push("keyword");
        }
        if context.header {
            vouched.push("header");
        }
        report.findings.push(Finding {
            kind: det.kind.clone(),
            detector: det.id.clone(),
            masked: mask::mask(det.validator, &hit.valid.value),
            confidence,
            location: location(&place),
            fingerprint: self.fingerprints.fingerprint(&det.kind, &hit.valid.value),
            context: vouched,
            role: hit.valid.role,
            category: hit.category.clone(),
            value: self.config.reveal.then(|| hit.valid.value.to_string()),
        });
        true
    }
}

impl Scanner<'_> {
    /// Identifiers in a path (a folder or a scan named after a national number): those in the
    /// file's own name are findings of the file (part `file_name`), and, unless `--reveal` was
    /// given, every one is masked in the path and the container's path the report shows. The
    /// path is how a person finds the file, so the rest of it stays as it is. The same goes for
    /// a path quoted in the container's name or in an error or skip reason.
    pub fn judge_name(&self, report: &mut FileReport) {
        let path = std::mem::take(&mut report.path);
        let hits = self.identifiers_in(path.as_bytes());
        let own = own_name_start(&path);
        for hit in hits.iter().filter(|h| h.start >= own) {
            let place = Place {
                offset: (hit.start - own) as u64,
                line: 0,
                column: None,
                header: None,
                doc: Some(DocPlace {
                    place: Arc::new(crate::extract::document::Place {
                        part: Some(Part::FileName),
                        ..Default::default()
                    }),
                    cell: None,
                    numeric: false,
                    row: None,
                }),
            };
            // A name has no column or keyword of a second detector's: the first decides.
            let before = report.finding_total();
            self.record(report, path.as_bytes(), hit, place);
            self.progress.add_findings(report.finding_total() - before);
        }
        report.path = match self.config.reveal {
            true => path,
            false => self.masked(&path, &hits),
        };
        if self.config.reveal {
            return;
        }
        // A member's container, and a reason that quotes a path (a link loop names the folder
        // it leads back to), are paths too.
        let quoted = match &mut report.status {
            Status::Error(reason) | Status::Skipped { reason, .. } => Some(reason),
            _ => None,
        };
        for text in report.container.iter_mut().chain(quoted) {
            let hits = self.identifiers_in(text.as_bytes());
            if !hits.is_empty() {
                *text = self.masked(text, &hits);
            }
        }
    }

    /// Validated identifiers and addresses in `text` (not lexicon terms: a word in a name is
    /// not data about a person).
    fn identifiers_in(&self, text: &[u8]) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut resume = vec![0; self.detectors.automata()];
        self.detectors
            .candidates(text, &mut resume, text.len(), &mut |c| {
                let hit = self.validate(text, &c)?;
                let end = hit.end;
                let lexicon =
                    self.detectors.detectors()[hit.detector].validator == Validator::Lexicon;
                if !lexicon {
                    hits.push(hit);
                }
                Some(end)
            });
        hits.sort_by_key(|h| h.start);
        hits.dedup_by(|b, a| b.start < a.end);
        hits
    }

    /// `text` with each hit replaced by its masked form.
    fn masked(&self, text: &str, hits: &[Hit]) -> String {
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for hit in hits {
            let validator = self.detectors.detectors()[hit.detector].validator;
            out.push_str(&text[at..hit.start]);
            out.push_str(&mask::mask(validator, &hit.valid.value));
            at = hit.end;
        }
        out.push_str(&text[at..]);
        out
    }
}

/// Where a report path's own name starts: after the last `/` (a member's: of its name in its
/// container).
fn own_name_start(path: &str) -> usize {
    path.rfind('/').map_or(0, |i| i + 1)
}

/// Whether the number at `buf[start..end]` is glued by a dot to more digits: part of an IP
/// address (`10.228.136.106` holds `228.136.106`, which passes the BSN's eleven-test), a
/// version or a decimal. A word boundary lets a candidate start or end at the dot.
fn in_dotted_number(buf: &[u8], start: usize, end: usize) -> bool {
    let digit = |i: usize| buf.get(i).is_some_and(u8::is_ascii_digit);
    let dot = |i: usize| buf.get(i) == Some(&b'.');
    let before = start >= 2 && digit(start) && dot(start - 1) && digit(start - 2);
    let after = end >= 1 && digit(end - 1) && dot(end) && digit(end + 1);
    before || after
}

/// What the policy stage needs: distinct values about people, and special-category terms on
/// the same line (row, record, paragraph, cell) as one.
fn note_evidence(
    report: &mut FileReport,
    det: &Detector,
    valid: &Valid,
    category: Option<&str>,
    confidence: Confidence,
    line: u64,
) {
    match det.validator {
        Validator::Lexicon => {
            let category = det.spec.file.special.as_deref().or(category);
            report
                .evidence
                .note_special(line, category.unwrap_or("other"));
        }
        _ if valid.role || confidence < Confidence::Medium => {}
        v if v.identifies() => {
            report
                .evidence
                .note_person(&det.kind, &valid.value, false, true, line)
        }
        v => {
            report
                .evidence
                .note_person(&det.kind, &valid.value, true, v == Validator::Email, line)
        }
    }
}

/// A finding's location: line and offset in the text, and where in a document.
fn location(place: &Place<'_>) -> Location {
    let mut location = Location::text(place.line, place.offset, place.column.map(str::to_string));
    if let Some(doc) = &place.doc {
        location.part = doc.place.part;
        location.sheet = doc.place.sheet.clone();
        location.cell = doc.cell.map(|(row, col)| cell_name(row, col));
        location.slide = doc.place.slide;
        location.page = doc.place.page;
        location.table = doc.place.table.clone();
        location.row = doc.row;
    }
    location
}

/// Why reading stopped: a limit says so itself (`stopped: …`); anything else is a failed read.
fn read_failed(e: &io::Error) -> String {
    let why = e.to_string();
    match why.starts_with("stopped:") {
        true => why,
        false => format!("read failed: {why}"),
    }
}

/// A parser's error message with anything that could be a value from the document blanked:
/// words with an `@`, and words with nine digits or more. Third-party parsers sometimes quote what
/// they could not parse, and a report must not carry a raw value by default. (Nine digits:
/// national numbers have eleven, IBANs more; a limit of eight million cells survives.)
fn scrub(reason: &str) -> String {
    reason
        .split(' ')
        .map(|word| {
            let digits = word.bytes().filter(u8::is_ascii_digit).count();
            if word.contains('@') || digits >= 9 {
                "[…]"
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The format name a document reports (`xlsx`, `pdf` …): a fixed set, so it can be static.
fn document_format(said: Option<&str>, container: Container) -> &'static str {
    const KNOWN: [&str; 21] = [
        "xlsx", "xlsm", "xltx", "xlsb", "xls", "ods", "ots", "docx", "docm", "dotx", "pptx",
        "pptm", "ppsx", "odt", "ott", "odm", "odp", "otp", "pdf", "doc", "msg",
    ];
    if let Some(known) = said.and_then(|s| KNOWN.iter().find(|k| **k == s)) {
        return known;
    }
    match (said, container) {
        (Some("odg"), _) => "odg",
        (Some("ooxml"), _) => "ooxml",
        (_, Container::Zip) => "zip",
        (_, Container::Ole) => "ole",
        (_, Container::Pdf) => "pdf",
        (_, Container::Mail) => "eml",
        (_, Container::Sqlite) => "sqlite",
        (_, Container::SevenZ) => "7z",
        (_, Container::Rtf) => "rtf",
    }
}

fn report_for(source: &Source) -> FileReport {
    let mut report = FileReport::new(source.display.clone());
    report.disk = source.path.clone();
    report.size = source.size;
    report.modified = source.modified;
    report.uid = source.uid;
    report
}

/// Where a hit is: its offset and line in the text, its column and what the header says.
struct Place<'a> {
    offset: u64,
    line: u64,
    column: Option<&'a str>,
    header: Option<(bool, bool)>,
    doc: Option<DocPlace>,
}

/// What each column header says to each detector, remembered: a header repeats on every row.
/// Looked up by the header's text once per hit: a list searched pair by pair cost 2 % of a
/// dump scan.
#[derive(Default)]
struct HeaderVerdicts {
    /// Header → the verdict for each detector (by index) that has asked.
    known: HashMap<String, Vec<Option<(bool, bool)>>, rustc_hash::FxBuildHasher>,
}

impl HeaderVerdicts {
    /// Bounded: a file with more distinct headers than this has the others judged afresh.
    const MAX: usize = 256;

    fn judge(&mut self, det: &Detector, index: usize, header: &str) -> (bool, bool) {
        if let Some(known) = self.known.get(header).and_then(|v| v.get(index).copied()?) {
            return known;
        }
        let verdict = det.judge_header(header);
        let remember = |verdicts: &mut Vec<Option<(bool, bool)>>| {
            if verdicts.len() <= index {
                verdicts.resize(index + 1, None);
            }
            verdicts[index] = Some(verdict);
        };
        let full = self.known.len() >= Self::MAX;
        match self.known.get_mut(header) {
            Some(verdicts) => remember(verdicts),
            None if !full => remember(self.known.entry(header.to_string()).or_default()),
            None => {}
        }
        verdict
    }
}

/// Line numbers of positions visited in increasing order, counting newlines once.
#[derive(Default)]
struct LineCounter {
    /// Absolute offset up to which newlines are counted.
    counted: u64,
    newlines: u64,
    /// Absolute offset of the first newline at or after `counted`, or of the end of the text
    /// searched for it: a position before it is on the same line. A dump's line holds
    /// thousands of values, and counting afresh for each cost 3 % of its scan.
    same_line_until: u64,
}

impl LineCounter {
    fn line_at(&mut self, buf: &[u8], base: u64, pos: usize) -> u64 {
        let abs = base + pos as u64;
        if abs > self.counted {
            if abs > self.same_line_until {
                let from = (self.counted - base) as usize;
                self.newlines += memchr::memchr_iter(b'\n', &buf[from..pos]).count() as u64;
                let next = memchr::memchr(b'\n', &buf[pos..]).unwrap_or(buf.len() - pos);
                self.same_line_until = abs + next as u64;
            }
            self.counted = abs;
        }
        self.newlines + 1
    }
}

/// The column tracker of a structured text, fed each byte once.
struct Columns {
    tracker: Option<Box<dyn ColumnTracker>>,
    fed: u64,
}

impl Columns {
    fn new(tracker: Option<Box<dyn ColumnTracker>>) -> Self {
        Columns { tracker, fed: 0 }
    }

    fn feed_to(&mut self, buf: &[u8], base: u64, pos: usize) {
        let abs = base + pos as u64;
        if let Some(t) = &mut self.tracker {
            // Also at the position already reached (an empty slice): a document's tracker
            // learns the place of its first piece only when fed, even a hit at offset 0.
            if abs >= self.fed {
                t.feed(&buf[(self.fed - base) as usize..pos]);
                self.fed = abs;
            }
        }
    }

    fn current(&self) -> Option<&str> {
        self.tracker.as_ref()?.column()
    }

    fn place(&self) -> Option<DocPlace> {
        self.tracker.as_ref()?.place()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_messages_lose_what_could_be_a_value() {
        assert_eq!(
            scrub("cannot parse '85.07.30-033.28' near jan@example.be in sheet 2"),
            "cannot parse […] near […] in sheet 2"
        );
        assert_eq!(
            scrub("stopped: more than 8000000 cells"),
            "stopped: more than 8000000 cells"
        );
        assert_eq!(scrub("bad IBAN BE68539007547034."), "bad IBAN […]");
    }

    #[test]
    fn numbers_glued_to_a_dotted_number_are_part_of_it() {
        let text = b"van 10.228.136.106 en 228.136.106. Versie 111.222.333.4";
        let at = |needle: &[u8], from: usize| {
            let start = from
                + text[from..]
                    .windows(needle.len())
                    .position(|w| w == needle)
                    .unwrap();
            (start, start + needle.len())
        };
        let (s, e) = at(b"228.136.106", 0);
        assert!(in_dotted_number(text, s, e), "inside an IP address");
        let (s, e) = at(b"228.136.106", e);
        assert!(
            !in_dotted_number(text, s, e),
            "a full stop after it ends a sentence"
        );
        let (s, e) = at(b"111.222.333", 0);
        assert!(in_dotted_number(text, s, e), "a version number");
    }

    #[test]
    fn line_numbers_hold_across_windows_and_long_lines() {
        let text: Vec<u8> = (0..400)
            .flat_map(|i| {
                let mut line = vec![b'x'; (i * 37) % 90];
                line.push(b'\n');
                line
            })
            .collect();
        let line_of = |abs: usize| text[..abs].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        let mut counter = LineCounter::default();
        // The text arrives in windows, and the part before `base` is dropped, as in `scan_text`.
        let (mut base, mut pos) = (0usize, 0usize);
        for window_end in (500..=text.len()).step_by(500).chain([text.len()]) {
            let buf = &text[base..window_end];
            while base + pos < window_end {
                assert_eq!(counter.line_at(buf, base as u64, pos), line_of(base + pos));
                pos += 13;
            }
            counter.line_at(buf, base as u64, buf.len() - 100);
            pos -= buf.len() - 100;
            base = window_end - 100;
        }
    }
}
