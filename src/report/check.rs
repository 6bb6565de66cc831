//! `snuffel check`: the developer's question "may I share this?", answered in one line.
//!
//! `not shareable: 1,204 valid national numbers, 1,187 IBANs, 2 health terms next to
//! identifiers`, or `no personal data found`, or, when a file could not be examined (protected,
//! unsupported, without a text layer, in error), which ones: "nothing found" must never hide
//! "not everything could be examined".

use std::io::{self, Write};

use super::json::NotChecked;
use super::{FileReport, Reporter, RunInfo, Summary};

/// Collects what the one line needs.
pub struct CheckReporter<W: Write> {
    out: W,
    not_checked: NotChecked,
    special_records: u64,
}

impl<W: Write> CheckReporter<W> {
    pub fn new(out: W) -> Self {
        CheckReporter {
            out,
            not_checked: NotChecked::default(),
            special_records: 0,
        }
    }
}

impl<W: Write + Send> Reporter for CheckReporter<W> {
    fn begin(&mut self, _run: &RunInfo) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, file: &FileReport) -> io::Result<()> {
        self.not_checked.note(file);
        self.special_records += file.evidence.special_records;
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let line = verdict(summary, self.special_records, &self.not_checked);
        writeln!(self.out, "{line}")?;
        self.out.flush()
    }
}

/// The one line.
fn verdict(summary: &Summary, special_records: u64, not_checked: &NotChecked) -> String {
    let mut parts: Vec<String> = summary
        .findings
        .iter()
        .filter(|(kind, _)| !matches!(&***kind, "health_term" | "special_category"))
        .map(|(kind, count)| (kind, count.high + count.medium))
        .filter(|(_, n)| *n > 0)
        .map(|(kind, n)| format!("{} {}", thousands(n), noun(kind, n)))
        .collect();
    if special_records > 0 {
        parts.push(format!(
            "{} special-category term(s) (health …) next to identifiers",
            thousands(special_records)
        ));
    }
    let unexamined: Vec<String> = not_checked
        .errors
        .iter()
        .map(|(p, why)| format!("{p} ({why})"))
        .chain(
            not_checked
                .protected
                .iter()
                .map(|(p, _)| format!("{p} (protected)")),
        )
        .chain(
            not_checked
                .unsupported
                .iter()
                .map(|(p, k)| format!("{p} ({k})")),
        )
        .chain(
            not_checked
                .no_text
                .iter()
                .map(|(p, _)| format!("{p} (no text layer)")),
        )
        .collect();
    let failing = summary.failing_findings > 0 || summary.failing_files > 0;
    match (failing, unexamined.is_empty()) {
        (true, _) => format!("not shareable: {}", parts.join(", ")),
        (false, false) => format!(
            "not examined, so not known to be shareable: {}",
            unexamined.join(", ")
        ),
        (false, true) => "no personal data found".to_string(),
    }
}

fn noun(kind: &str, n: u64) -> String {
    let one = match kind {
        "be_national_number" => "valid national number",
        "be_bis_number" => "valid BIS number",
        "iban" => "IBAN",
        "be_legacy_account" => "Belgian account number",
        "email" => "personal e-mail address",
        "nl_bsn" => "valid BSN",
        "be_eid_card" => "identity card number",
        "phone" => "phone number",
        other => other,
    };
    match (n, one.ends_with("address")) {
        (1, _) => one.to_string(),
        (_, true) => format!("{one}es"),
        _ => format!("{one}s"),
    }
}

/// `1204` → `1,204`.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::KindCount;

    #[test]
    fn the_line_names_what_blocks_sharing() {
        let mut s = Summary::default();
        let count = |high| KindCount {
            total: high,
            high,
            medium: 0,
            low: 0,
        };
        s.findings.insert("be_national_number".into(), count(1204));
        s.findings.insert("iban".into(), count(1187));
        s.findings.insert("health_term".into(), count(40));
        s.failing_findings = 2391;
        assert_eq!(
            verdict(&s, 2, &NotChecked::default()),
            "not shareable: 1,204 valid national numbers, 1,187 IBANs, 2 special-category term(s) (health …) next to identifiers"
        );
        let clean = Summary::default();
        assert_eq!(
            verdict(&clean, 0, &NotChecked::default()),
            "no personal data found"
        );
        let mut locked = NotChecked::default();
        locked
            .protected
            .push(("dump.zip!/a.sql".into(), "zip".into()));
        assert!(verdict(&clean, 0, &locked).starts_with("not examined"));
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1204), "1,204");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
