//! The SARIF 2.1.0 report, for code-scanning views in CI: one result per violation.
//!
//! A result names its rule, a level (`error` for a high or critical risk, `warning` for
//! medium, `note` below), the violation's reason as its message and the file as its location.
//! No result carries a snippet or a context region: the only text is the reason, which holds
//! counts and masked kinds, never a value. A member of an archive is located at its top-level
//! file, with the member path in the result's properties.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{FileReport, Reporter, RunInfo, Summary};
use crate::policy::Risk;

/// The rules a result can name, with what each means.
const RULES: [(&str, &str); 7] = [
    (
        "clean-desk",
        "Personal data in a clean-desk place (desktop, downloads, scans, public share)",
    ),
    (
        "unsanctioned-copy",
        "Personal data outside the places the policy sanctions for it",
    ),
    (
        "unsanitised-dump",
        "A dump or export with valid identifiers, neither sanitised nor protected",
    ),
    (
        "unverified-dump",
        "A database copy snuffel cannot read, so not shown to be sanitised",
    ),
    (
        "dump-retention",
        "A dump or export kept longer than the policy allows",
    ),
    (
        "retention",
        "A file kept longer than a retention rule allows",
    ),
    (
        "special-category",
        "Special-category data (health, criminal record, religion …) about a person, GDPR art. 9 and 10",
    ),
];

pub struct SarifReporter<W: Write> {
    out: W,
    results: Vec<Value>,
}

impl<W: Write> SarifReporter<W> {
    pub fn new(out: W) -> Self {
        SarifReporter {
            out,
            results: Vec::new(),
        }
    }
}

fn level(risk: Risk) -> &'static str {
    match risk {
        Risk::Critical | Risk::High => "error",
        Risk::Medium => "warning",
        Risk::Low | Risk::None => "note",
    }
}

/// A path as a relative URI reference: bytes outside the unreserved set and `/` escaped.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl<W: Write + Send> Reporter for SarifReporter<W> {
    fn begin(&mut self, _run: &RunInfo) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, file: &FileReport) -> io::Result<()> {
        let Some(assessment) = &file.assessment else {
            return Ok(());
        };
        let top = file.path.split("!/").next().unwrap_or(&file.path);
        for v in &assessment.violations {
            self.results.push(json!({
                "ruleId": v.rule,
                "level": level(assessment.risk),
                "message": { "text": v.reason },
                "locations": [{
                    "physicalLocation": { "artifactLocation": { "uri": uri(top) } }
                }],
                "properties": {
                    "path": file.path,
                    "risk": assessment.risk.name(),
                },
            }));
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        let rules: Vec<Value> = RULES
            .iter()
            .map(|(id, text)| json!({ "id": id, "shortDescription": { "text": text } }))
            .collect();
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "snuffel",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }},
                "results": std::mem::take(&mut self.results),
            }],
        });
        serde_json::to_writer_pretty(&mut self.out, &log)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            uri("shares/hr/leden lijst.csv"),
            "shares/hr/leden%20lijst.csv"
        );
        assert_eq!(uri("a#b?.csv"), "a%23b%3F.csv");
    }
}
