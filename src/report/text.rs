//! The text report, for a person at a terminal.
//!
//! Files with findings come first, the ones that matter most on top: those whose findings count
//! towards the exit code, then by their highest confidence, then by how many identifiers they
//! hold. Each shows counts per kind and one masked example with its line. Sources that were not
//! checked follow, then one line of totals. Colours only when writing to a terminal.

use std::io::{self, Write};
use std::sync::Arc;

use super::json::NotChecked;
use super::{FileReport, Finding, KindCount, Reporter, RunInfo, Summary};
use crate::detect::Confidence;

/// What the text report keeps of a file with findings.
struct Entry {
    path: String,
    format: &'static str,
    failing: u64,
    best: Option<Confidence>,
    counts: Vec<(Arc<str>, KindCount, Option<Finding>)>,
}

impl Entry {
    fn identifiers(&self) -> u64 {
        self.counts
            .iter()
            .filter(|(k, _, _)| &**k != "health_term")
            .map(|(_, c, _)| c.total)
            .sum()
    }
}

pub struct TextReporter<W: Write> {
    out: W,
    colour: bool,
    entries: Vec<Entry>,
    not_checked: NotChecked,
}

impl<W: Write> TextReporter<W> {
    pub fn new(out: W, colour: bool) -> Self {
        TextReporter {
            out,
            colour,
            entries: Vec::new(),
            not_checked: NotChecked::default(),
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn label(&self, best: Option<Confidence>) -> String {
        match best {
            Some(Confidence::High) => self.paint("1;31", "HIGH  "),
            Some(Confidence::Medium) => self.paint("33", "MEDIUM"),
            _ => self.paint("2", "LOW   "),
        }
    }

    fn write_entry(&mut self, e: &Entry) -> io::Result<()> {
        let label = self.label(e.best);
        writeln!(self.out, "{label} {} ({})", e.path, e.format)?;
        for (kind, count, example) in &e.counts {
            let by = format!(
                "{} high, {} medium, {} low",
                count.high, count.medium, count.low
            );
            write!(self.out, "       {kind:<20} {:>7}  ({by})", count.total)?;
            if let Some(f) = example {
                write!(self.out, "  e.g. {} {}", f.masked, f.location.describe())?;
                if let Some(col) = &f.location.column {
                    write!(self.out, " [{col}]")?;
                }
            }
            writeln!(self.out)?;
        }
        Ok(())
    }
}

/// The first finding of `kind` with the highest confidence, as the example shown.
fn example(file: &FileReport, kind: &str) -> Option<Finding> {
    file.findings
        .iter()
        .filter(|f| &*f.kind == kind)
        .min_by_key(|f| std::cmp::Reverse(f.confidence))
        .cloned()
}

impl<W: Write + Send> Reporter for TextReporter<W> {
    fn begin(&mut self, _run: &RunInfo) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, file: &FileReport) -> io::Result<()> {
        self.not_checked.note(file);
        if file.counts.is_empty() {
            return Ok(());
        }
        let counts = file
            .counts
            .iter()
            .map(|(k, c)| (k.clone(), *c, example(file, k)))
            .collect();
        self.entries.push(Entry {
            path: file.path.clone(),
            format: file.format.unwrap_or("text"),
            failing: file.failing,
            best: file.best_confidence(),
            counts,
        });
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let mut entries = std::mem::take(&mut self.entries);
        entries.sort_by(|a, b| {
            (b.failing > 0, b.best, b.identifiers(), &a.path).cmp(&(
                a.failing > 0,
                a.best,
                a.identifiers(),
                &b.path,
            ))
        });
        for e in &entries {
            self.write_entry(e)?;
        }
        let not_checked = std::mem::take(&mut self.not_checked);
        if !not_checked.skipped.is_empty()
            || !not_checked.errors.is_empty()
            || !not_checked.protected.is_empty()
            || !not_checked.no_text.is_empty()
            || !not_checked.unsupported.is_empty()
        {
            writeln!(self.out, "\nNot checked:")?;
            for (path, kind) in &not_checked.protected {
                let tag = self.paint("33", "protected");
                writeln!(
                    self.out,
                    "  {tag} {path}: encrypted with a password ({kind})"
                )?;
            }
            for (path, format) in &not_checked.no_text {
                writeln!(
                    self.out,
                    "  no text  {path}: no text layer ({format}), nothing checked"
                )?;
            }
            for (path, kind) in &not_checked.unsupported {
                let tag = self.paint("33", "unsupported");
                writeln!(self.out, "  {tag} {path}: {kind}, cannot be read")?;
            }
            for (path, reason) in &not_checked.skipped {
                writeln!(self.out, "  skipped  {path}: {reason}")?;
            }
            for (path, reason) in &not_checked.errors {
                let tag = self.paint("31", "error");
                writeln!(self.out, "  {tag}    {path}: {reason}")?;
            }
        }
        writeln!(self.out, "\n{}", totals_line(summary))?;
        self.out.flush()
    }
}

/// `3 files with findings of 120 scanned (2 skipped, 1 error), 1.2 MB in 0.42 s: …`
fn totals_line(s: &Summary) -> String {
    let kinds: Vec<String> = s
        .findings
        .iter()
        .map(|(k, c)| format!("{k} {}", c.total))
        .collect();
    let kinds = if kinds.is_empty() {
        "no personal data found".to_string()
    } else {
        kinds.join(", ")
    };
    format!(
        "{} file(s) with findings of {} scanned ({} skipped, {} protected, {} without text, {} unsupported, {} error(s)), {:.1} MB in {:.2} s: {kinds}",
        s.files_with_findings,
        s.files_scanned,
        s.files_skipped,
        s.files_protected,
        s.files_no_text,
        s.files_unsupported,
        s.errors,
        s.bytes as f64 / 1e6,
        s.duration_seconds
    )
}
