//! The JSON report: a contract for dashboards, versioned by `schema_version`.
//!
//! The document is written as a stream: the header first, then each file with findings as soon
//! as it is done, then the lists of sources that were not checked, then the summary. Memory does
//! not grow with the number of files; per file, findings beyond `--max-findings` are counted in
//! `counts` but not listed (`findings_truncated` is then true).
//!
//! ```json
//! {
//!   "schema_version": 2,
//!   "tool": { "name": "snuffel", "version": "0.1.0" },
//!   "run": { "roots": ["shares/hr"], "started": "2026-11-23T17:00:00Z", "revealed": false,
//!            "fingerprint_key": "/home/dpo/.config/snuffel/fingerprint.key",
//!            "detectors": ["be_bis_number", "be_national_number", "email", "iban"],
//!            "policy": "defaults (no snuffel.toml)" },
//!   "files": [
//!     { "path": "shares/hr/leden.csv", "size": 5120, "modified": "2026-10-02T08:14:00Z",
//!       "format": "csv", "encoding": "utf-8",
//!       "counts": { "be_national_number": { "total": 1, "high": 1, "medium": 0, "low": 0 } },
//!       "findings": [
//!         { "kind": "be_national_number", "detector": "be_national_number",
//!           "masked": "**.**.**-***.28", "confidence": "high",
//!           "location": { "line": 2, "offset": 31, "column": "rijksregisternummer" },
//!           "fingerprint": "5f0c…", "context": ["header"] } ],
//!       "findings_truncated": false }
//!   ],
//!   "skipped": [ { "path": "shares/hr/backup.7z", "reason": "unsupported format: 7z archive" } ],
//!   "errors":  [ { "path": "shares/hr/locked.csv", "reason": "open: Permission denied (os error 13)" } ],
//!   "protected": [ { "path": "shares/hr/salarissen.xlsx", "format": "ooxml" } ],
//!   "no_text": [ { "path": "shares/hr/scan.pdf", "format": "pdf" } ],
//!   "unsupported": [ { "path": "shares/hr/leden.accdb", "format": "Access database" } ],
//!   "groups": [ { "id": 1, "members": ["shares/hr/leden.csv", "users/an/Desktop/leden.xlsx"],
//!                 "identical": false, "shared": 312 } ],
//!   "summary": { "files_seen": 6, "members_seen": 0, "files_scanned": 1, "files_skipped": 1, "files_protected": 1,
//!                "files_no_text": 1, "files_unsupported": 1, "files_with_findings": 1,
//!                "errors": 1, "bytes": 5120, "duration_seconds": 0.01,
//!                "findings": { "be_national_number": { "total": 1, "high": 1, "medium": 0, "low": 0 } },
//!                "skipped_by_reason": { "unsupported format": 1 }, "failing_findings": 1 }
//! }
//! ```
//!
//! Fields of a file: `path` (a member of an archive, a mail or a mailbox is named by the path
//! of its container, `!/`, and its name there: `exports/2024.zip!/leden/leden.xlsx`,
//! `inbox.mbox!/42!/bijlage.csv`; every member is a file of its own; identifiers in it are
//! masked, `**.**.**-***.28 id-kaart.pdf`, unless `--reveal`), `container` (a member's
//! container, by path), `size` in bytes,
//! `modified` (RFC 3339, UTC), `format` (text, csv, tsv, sql, json, xml, html, log; for
//! documents xlsx, xlsm, xlsb, xls, ods, docx, docm, dotx, doc, rtf, pptx, ppsx, odt, odp, pdf,
//! eml, msg, sqlite; for containers zip, tar, mbox, 7z),
//! `encoding` (text only), `compression` (outermost first, omitted when none), `counts` per
//! kind and confidence, `findings`, `findings_truncated`, `owner` (the user name of the file's
//! owner; a member's is its top-level file's), and the policy's verdict: `risk` (none, low,
//! medium, high, critical), `violations` (each a `rule` — clean-desk, unsanctioned-copy,
//! unsanitised-dump, unverified-dump, dump-retention, retention, special-category — and a
//! `reason` in one line) and `risk_inputs`, what the level was judged from: `identifiers`
//! (distinct, medium confidence or more), `contacts` (distinct personal addresses),
//! `special_records` (rows or paragraphs with a special-category term — health, criminal
//! record, religion … — beside a person's data), `special_categories` (which: `health`,
//! `criminal_record`, `ethnic_origin`, `religion`, `sexual_orientation`, `trade_union`,
//! `genetic`, `biometric`),
//! `sanctioned` (the place's name), `clean_desk`, `dump`, `protected`, `age_days`. A file is
//! listed when something was found in it or it breaks a rule (an old dump, old camera footage).
//! With `--match`, `matched_records` is the number of the dataset's records the file holds, and
//! the summary counts `files_matching`. The summary counts files per `risk` level and
//! `violations` per rule. `groups` lists copies
//! of one dataset: files that hold largely the same people (an export and the spreadsheet made
//! from it, a dump and its copy) or the same bytes (a protected export and its copy), each with
//! an `id`, its `members`, `identical` (every member has the same SHA-256) and the estimated
//! number of people they share (`shared`, absent when nothing could be read in them).
//!
//! Fields of a finding: `kind` (be_national_number, be_bis_number, be_eid_card, nl_bsn, iban,
//! email, phone, health_term, special_category),
//! `detector` (the pattern file's id), `masked`, `confidence` (high, medium, low), `location`
//! (`line`, 1-based; `offset`, the byte offset in the text decoded to UTF-8 — for documents,
//! in the extracted text, one line per paragraph or cell; `column`, the header above the
//! value; and in documents, where a person would look: `sheet` and `cell` (`C14`), `part`
//! (body, header, footer, footnote, endnote, comment, properties, hyperlink, slide, notes,
//! mail_header, and file_name: an identifier in the file's own name), `slide`, `page`, and in databases `table` and `row` (the row id), the column
//! being `column`), `fingerprint` (HMAC-SHA-256 under the user's key, 32 hex digits: the same
//! value gives the same fingerprint), `context` (what vouched for it: `keyword`, `header`),
//! `role` (true for role mailboxes), `category` (lexicon terms: the lexicon's section, such as
//! `mental_health` or `criminal_record`), and `value` — the normalised raw
//! value — only in a report made with `--reveal`.
//!
//! Skipped sources (unsupported formats, files over `--max-file-size`, named pipes) and errors
//! (unreadable files, documents that hit a limit or whose parser failed) are listed with
//! `path` and `reason`, never with contents. `protected` lists documents encrypted with a
//! password, `no_text` documents without a text layer (scanned pages): in neither was
//! anything checked. `unsupported` lists databases and archives snuffel recognises but cannot
//! read (Access, PostgreSQL custom-format dumps, SQL Server backups, InnoDB tablespaces, rar),
//! with what each is in `format`. `schema_version` 2 (issue 7) added the policy's verdict, groups
//! and matches, and moved rar archives from `skipped` to `unsupported`. Binary files
//! and links that are not followed are only counted, in `summary.skipped_by_reason`.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::Serialize;

use super::{FileReport, Finding, KindCount, Location, Render, Reporter, RunInfo, Status, Summary};
use crate::policy::{Inputs, Risk, Violation};

/// Version of the JSON and NDJSON schema; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize, JsonSchema)]
pub(crate) struct Tool {
    name: &'static str,
    version: &'static str,
}

pub(crate) const TOOL: Tool = Tool {
    name: "snuffel",
    version: env!("CARGO_PKG_VERSION"),
};

/// A file on the wire.
#[derive(Serialize, JsonSchema)]
pub(crate) struct FileWire<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    container: Option<&'a str>,
    size: Option<u64>,
    modified: Option<String>,
    format: Option<&'a str>,
    encoding: Option<&'a str>,
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    compression: &'a [&'static str],
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<&'a str>,
    counts: &'a BTreeMap<Arc<str>, KindCount>,
    findings: Vec<FindingWire<'a>>,
    findings_truncated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    risk: Option<Risk>,
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    violations: &'a [Violation],
    #[serde(skip_serializing_if = "Option::is_none")]
    risk_inputs: Option<&'a Inputs>,
    /// Records of the `--match` dataset the file holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    matched_records: Option<u64>,
}

/// A finding on the wire.
#[derive(Serialize, JsonSchema)]
pub(crate) struct FindingWire<'a> {
    kind: &'a str,
    detector: &'a str,
    masked: &'a str,
    confidence: &'a str,
    location: &'a Location,
    fingerprint: &'a str,
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    context: &'a [&'static str],
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    role: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
}

/// The whole report, as one document: the reporter streams it in pieces, and this type exists
/// for its JSON Schema (`schema/report.schema.json`, checked against real reports by the tests).
#[derive(Serialize, JsonSchema)]
pub(crate) struct ReportDocument<'a> {
    schema_version: u32,
    tool: Tool,
    run: RunInfo,
    files: Vec<FileWire<'a>>,
    skipped: Vec<NotCheckedWire<'a>>,
    errors: Vec<NotCheckedWire<'a>>,
    protected: Vec<ClosedWire<'a>>,
    no_text: Vec<ClosedWire<'a>>,
    unsupported: Vec<ClosedWire<'a>>,
    groups: Vec<crate::policy::copies::Group>,
    summary: Summary,
}

/// The JSON Schema of the report, generated from the types that write it.
pub fn schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(ReportDocument<'static>))
        .expect("a schema is JSON");
    schema["title"] = "snuffel report".into();
    schema["$comment"] = format!("schema_version {SCHEMA_VERSION}").into();
    schema
}

/// A source that was not checked, on the wire.
#[derive(Serialize, JsonSchema)]
pub(crate) struct NotCheckedWire<'a> {
    pub path: &'a str,
    pub reason: &'a str,
}

impl<'a> FileWire<'a> {
    pub(crate) fn new(file: &'a FileReport) -> Self {
        FileWire {
            path: &file.path,
            container: file.container.as_deref(),
            size: file.size,
            modified: file.modified.map(|t| t.to_string()),
            format: file.format,
            encoding: file.encoding,
            compression: &file.compression,
            owner: file.owner.as_deref(),
            counts: &file.counts,
            findings: file.findings.iter().map(FindingWire::new).collect(),
            findings_truncated: file.truncated,
            risk: file.assessment.as_ref().map(|a| a.risk),
            violations: file
                .assessment
                .as_ref()
                .map_or(&[][..], |a| &a.violations[..]),
            risk_inputs: file.assessment.as_ref().map(|a| &a.inputs),
            matched_records: Some(file.evidence.matched_records).filter(|&n| n > 0),
        }
    }
}

impl<'a> FindingWire<'a> {
    fn new(f: &'a Finding) -> Self {
        FindingWire {
            kind: &f.kind,
            detector: &f.detector,
            masked: &f.masked,
            confidence: f.confidence.as_str(),
            location: &f.location,
            fingerprint: &f.fingerprint,
            context: &f.context,
            role: f.role,
            category: f.category.as_deref(),
            value: f.value.as_deref(),
        }
    }
}

/// A document that could not be checked inside, on the wire.
#[derive(Serialize, JsonSchema)]
pub(crate) struct ClosedWire<'a> {
    pub path: &'a str,
    pub format: &'a str,
}

/// Sources not checked, kept until the end of the document.
#[derive(Default)]
pub(crate) struct NotChecked {
    pub skipped: Vec<(String, String)>,
    pub errors: Vec<(String, String)>,
    /// (path, document kind)
    pub protected: Vec<(String, String)>,
    /// (path, format)
    pub no_text: Vec<(String, String)>,
    /// (path, what it is)
    pub unsupported: Vec<(String, String)>,
}

impl NotChecked {
    /// Remembers `file` if it was not checked and should be listed; returns whether it was.
    pub fn note(&mut self, file: &FileReport) -> bool {
        match &file.status {
            Status::Skipped {
                reason,
                listed: true,
            } => self.skipped.push((file.path.clone(), reason.clone())),
            Status::Error(reason) => self.errors.push((file.path.clone(), reason.clone())),
            Status::Protected(kind) => self.protected.push((file.path.clone(), kind.clone())),
            Status::NoText => self
                .no_text
                .push((file.path.clone(), file.format.unwrap_or("document").into())),
            Status::Unsupported(kind) => self.unsupported.push((file.path.clone(), kind.clone())),
            _ => return false,
        }
        true
    }
}

fn closed(list: &[(String, String)]) -> Vec<ClosedWire<'_>> {
    list.iter()
        .map(|(path, format)| ClosedWire { path, format })
        .collect()
}

fn wire(list: &[(String, String)]) -> Vec<NotCheckedWire<'_>> {
    list.iter()
        .map(|(path, reason)| NotCheckedWire { path, reason })
        .collect()
}

/// Writes one JSON document.
/// A file's entry in `files`, if it is listed there.
fn file_entry(file: &FileReport) -> io::Result<Option<Vec<u8>>> {
    match file.worth_listing() {
        true => Ok(Some(serde_json::to_vec(&FileWire::new(file))?)),
        false => Ok(None),
    }
}

pub struct JsonReporter<W: Write> {
    out: W,
    files_written: usize,
    not_checked: NotChecked,
}

impl<W: Write> JsonReporter<W> {
    pub fn new(out: W) -> Self {
        JsonReporter {
            out,
            files_written: 0,
            not_checked: NotChecked::default(),
        }
    }
}

impl<W: Write + Send> Reporter for JsonReporter<W> {
    fn begin(&mut self, run: &RunInfo) -> io::Result<()> {
        write!(self.out, "{{\"schema_version\":{SCHEMA_VERSION},\"tool\":")?;
        serde_json::to_writer(&mut self.out, &TOOL)?;
        write!(self.out, ",\"run\":")?;
        serde_json::to_writer(&mut self.out, run)?;
        write!(self.out, ",\"files\":[")
    }

    fn render(&self) -> Option<Render> {
        Some(file_entry)
    }

    fn file(&mut self, file: &FileReport) -> io::Result<()> {
        self.file_rendered(file, file_entry(file))
    }

    fn file_rendered(
        &mut self,
        file: &FileReport,
        entry: io::Result<Option<Vec<u8>>>,
    ) -> io::Result<()> {
        // A file that failed part-way is listed under errors, and what was found before the
        // failure is still reported.
        self.not_checked.note(file);
        let Some(entry) = entry? else {
            return Ok(());
        };
        if self.files_written > 0 {
            self.out.write_all(b",")?;
        }
        self.out.write_all(b"\n")?;
        self.out.write_all(&entry)?;
        self.files_written += 1;
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        write!(self.out, "\n],\"skipped\":")?;
        serde_json::to_writer(&mut self.out, &wire(&self.not_checked.skipped))?;
        write!(self.out, ",\"errors\":")?;
        serde_json::to_writer(&mut self.out, &wire(&self.not_checked.errors))?;
        write!(self.out, ",\"protected\":")?;
        serde_json::to_writer(&mut self.out, &closed(&self.not_checked.protected))?;
        write!(self.out, ",\"no_text\":")?;
        serde_json::to_writer(&mut self.out, &closed(&self.not_checked.no_text))?;
        write!(self.out, ",\"unsupported\":")?;
        serde_json::to_writer(&mut self.out, &closed(&self.not_checked.unsupported))?;
        write!(self.out, ",\"groups\":")?;
        serde_json::to_writer(&mut self.out, &summary.groups)?;
        write!(self.out, ",\"summary\":")?;
        serde_json::to_writer(&mut self.out, summary)?;
        writeln!(self.out, "}}")?;
        self.out.flush()
    }
}
