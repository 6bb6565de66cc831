//! The text report, for a person at a terminal.
//!
//! Files with findings or violations come first, grouped by folder: the folder holding the
//! riskiest file on top, and within a folder the riskiest file first (then those whose findings
//! count towards the exit code, by their highest confidence, by how many identifiers they hold).
//! Each shows its risk, counts per kind with one masked example and its place, and the rules it
//! breaks with their reasons. Sources that were not checked follow, then one line of totals.
//! Colours only when writing to a terminal.

use std::io::{self, Write};
use std::sync::Arc;

use super::json::NotChecked;
use super::{FileReport, Finding, KindCount, Reporter, RunInfo, Summary};
use crate::detect::Confidence;
use crate::policy::copies::Group;
use crate::policy::{Risk, Violation};

/// What the text report keeps of a file with findings.
struct Entry {
    path: String,
    format: &'static str,
    failing: u64,
    best: Option<Confidence>,
    counts: Vec<(Arc<str>, KindCount, Option<Finding>)>,
    risk: Risk,
    violations: Vec<Violation>,
    owner: Option<String>,
    modified: Option<jiff::Timestamp>,
}

impl Entry {
    fn identifiers(&self) -> u64 {
        self.counts
            .iter()
            .filter(|(k, _, _)| !matches!(&**k, "health_term" | "special_category"))
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

    fn label(&self, risk: Risk) -> String {
        let text = format!("{:<8}", risk.name().to_uppercase());
        match risk {
            Risk::Critical => self.paint("1;35", &text),
            Risk::High => self.paint("1;31", &text),
            Risk::Medium => self.paint("33", &text),
            Risk::Low | Risk::None => self.paint("2", &text),
        }
    }

    fn write_entry(&mut self, e: &Entry, copies: Option<&Group>) -> io::Result<()> {
        let label = self.label(e.risk);
        let mut about = vec![e.format.to_string()];
        if let Some(owner) = &e.owner {
            about.push(format!("owner {owner}"));
        }
        if let Some(t) = e.modified {
            about.push(format!("changed {}", t.strftime("%Y-%m-%d")));
        }
        writeln!(self.out, "{label} {} ({})", e.path, about.join(", "))?;
        for v in &e.violations {
            let rule = self.paint("1", v.rule);
            writeln!(self.out, "         ! {rule}: {}", v.reason)?;
        }
        if let Some(g) = copies {
            writeln!(
                self.out,
                "         = copies: group {} ({}), with {} other file(s)",
                g.id,
                g.describe(),
                g.members.len() - 1
            )?;
        }
        for (kind, count, example) in &e.counts {
            let by = format!(
                "{} high, {} medium, {} low",
                count.high, count.medium, count.low
            );
            write!(self.out, "         {kind:<20} {:>7}  ({by})", count.total)?;
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

/// The folder a report path lies in (a member's: its top-level file's), with a trailing `/`.
fn folder(path: &str) -> &str {
    let top = path.split("!/").next().unwrap_or(path);
    top.rfind('/').map_or("./", |i| &top[..=i])
}

/// Entries (already riskiest first) grouped by folder, the folder with the riskiest file
/// first; within a folder the order stays.
fn by_folder(entries: &[Entry]) -> Vec<(&str, Vec<&Entry>)> {
    let mut folders: Vec<(&str, Vec<&Entry>)> = Vec::new();
    for e in entries {
        let name = folder(&e.path);
        match folders.iter_mut().find(|(f, _)| *f == name) {
            Some((_, files)) => files.push(e),
            None => folders.push((name, vec![e])),
        }
    }
    folders
}

/// The first finding of `kind` with the highest confidence, as the example shown.
pub(crate) fn example(file: &FileReport, kind: &str) -> Option<Finding> {
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
        if !file.worth_listing() {
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
            risk: file.assessment.as_ref().map_or(Risk::None, |a| a.risk),
            violations: file
                .assessment
                .as_ref()
                .map(|a| a.violations.clone())
                .unwrap_or_default(),
            owner: file.owner.clone(),
            modified: file.modified,
        });
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let mut entries = std::mem::take(&mut self.entries);
        entries.sort_by(|a, b| {
            (b.risk, b.failing > 0, b.best, b.identifiers(), &a.path).cmp(&(
                a.risk,
                a.failing > 0,
                a.best,
                a.identifiers(),
                &b.path,
            ))
        });
        let group_of = super::group_of(&summary.groups);
        for (folder, files) in by_folder(&entries) {
            let risk = files.first().map_or(Risk::None, |e| e.risk);
            writeln!(
                self.out,
                "\n{folder}  ({} file(s), highest risk {})",
                files.len(),
                risk.name()
            )?;
            for e in files {
                self.write_entry(e, group_of.get(e.path.as_str()).copied())?;
            }
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
        if !summary.groups.is_empty() {
            writeln!(self.out, "\nCopies of one dataset:")?;
            for g in &summary.groups {
                writeln!(self.out, "  group {}, {}:", g.id, g.describe())?;
                for path in &g.members {
                    writeln!(self.out, "    {path}")?;
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_of_files_and_members() {
        assert_eq!(folder("shares/hr/leden.csv"), "shares/hr/");
        assert_eq!(folder("shares/a.zip!/x/y.csv"), "shares/");
        assert_eq!(folder("leden.csv"), "./");
    }
}
