//! The CSV report: one row per file that matters (something found, a rule broken, or not
//! examined), for a spreadsheet.
//!
//! A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel
//! and LibreOffice ("CSV injection"): a file named `=HYPERLINK(…)` on a share would run when the
//! DPO opens the report. Such cells get a leading `'`, which spreadsheets show as text. Values
//! are masked as everywhere; the counts are per kind.

use std::io::{self, Write};

use super::{FileReport, Reporter, RunInfo, Status, Summary};

/// The kinds given a column of their own, in this order.
const KINDS: [&str; 9] = [
    "be_national_number",
    "be_bis_number",
    "be_eid_card",
    "nl_bsn",
    "iban",
    "email",
    "phone",
    "health_term",
    "special_category",
];

pub struct CsvReporter<W: Write> {
    out: csv::Writer<W>,
}

impl<W: Write> CsvReporter<W> {
    pub fn new(out: W) -> Self {
        CsvReporter {
            out: csv::Writer::from_writer(out),
        }
    }
}

/// A cell a spreadsheet shows as text, never runs.
pub fn cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

fn status(file: &FileReport) -> (&'static str, String) {
    match &file.status {
        Status::Scanned => ("scanned", String::new()),
        Status::Skipped { reason, .. } => ("skipped", reason.clone()),
        Status::Error(reason) => ("error", reason.clone()),
        Status::Protected(kind) => ("protected", kind.clone()),
        Status::NoText => ("no_text", String::new()),
        Status::Unsupported(kind) => ("unsupported", kind.clone()),
    }
}

/// Whether the file gets a row: something found, a rule broken, or not examined.
fn has_row(file: &FileReport) -> bool {
    file.worth_listing()
        || matches!(
            file.status,
            Status::Error(_) | Status::Protected(_) | Status::NoText | Status::Unsupported(_)
        )
}

impl<W: Write + Send> Reporter for CsvReporter<W> {
    fn begin(&mut self, _run: &RunInfo) -> io::Result<()> {
        let mut header = vec![
            "path",
            "container",
            "owner",
            "modified",
            "format",
            "status",
            "status_detail",
            "risk",
            "violations",
            "identifiers",
            "personal_addresses",
            "special_records",
        ];
        header.extend(KINDS);
        self.out.write_record(&header)?;
        Ok(())
    }

    fn file(&mut self, file: &FileReport) -> io::Result<()> {
        if !has_row(file) {
            return Ok(());
        }
        let (status, detail) = status(file);
        let assessment = file.assessment.as_ref();
        let violations = assessment
            .map(|a| {
                a.violations
                    .iter()
                    .map(|v| v.rule)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        let evidence = &file.evidence;
        let mut row = vec![
            cell(&file.path),
            cell(file.container.as_deref().unwrap_or("")),
            cell(file.owner.as_deref().unwrap_or("")),
            file.modified.map(|t| t.to_string()).unwrap_or_default(),
            file.format.unwrap_or("").to_string(),
            status.to_string(),
            cell(&detail),
            assessment.map_or("", |a| a.risk.name()).to_string(),
            violations,
            evidence.identifier_total().to_string(),
            evidence.contacts.to_string(),
            evidence.special_records.to_string(),
        ];
        row.extend(
            KINDS
                .iter()
                .map(|k| file.counts.get(*k).map_or(0, |c| c.total).to_string()),
        );
        self.out.write_record(&row)?;
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_escaped() {
        assert_eq!(
            cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(cell("+32 470"), "'+32 470");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("shares/hr/leden.csv"), "shares/hr/leden.csv");
        assert_eq!(cell(""), "");
    }
}
