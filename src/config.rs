//! The scan's settings: plain data, built once from the command line (or by a library user)
//! and frozen. No clap type goes further than `cli.rs`.

use std::path::PathBuf;

use crate::detect::Confidence;
use crate::extract::archive::UnpackLimits;
use crate::extract::document::Limits;
use crate::extract::worker::Isolation;
use crate::policy::Risk;

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Text,
    Json,
    Ndjson,
    /// One row per file, for a spreadsheet.
    Csv,
    /// SARIF 2.1.0, one result per violation, for code-scanning views.
    Sarif,
    /// One self-contained page for a person: totals, charts, tables, copy groups.
    Html,
}

/// Which findings, or which files' risk, make the exit code 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailOn {
    /// (kind, or every kind; lowest confidence that counts)
    rules: Vec<(Option<String>, Confidence)>,
    /// `risk:LEVEL`: a file judged at this level or above fails the run.
    risk: Option<Risk>,
}

impl FailOn {
    /// The default: identifiers and personal e-mail addresses of medium confidence or more.
    /// Lexicon terms alone are words, not data about a person; role mailboxes never count; a
    /// phone number on its own is as often an organisation's switchboard as a person's (and has
    /// no tell like a role mailbox's), so phone numbers count through a file's risk instead
    /// (`risk:LEVEL`; more than five make a file `medium`).
    pub const DEFAULT: &'static str = "be_national_number:medium,be_bis_number:medium,\
         be_eid_card:medium,nl_bsn:medium,iban:medium,email:medium";

    /// Parses `none`, or a comma list of `KIND`, `KIND:LEVEL`, `LEVEL` (any kind) and
    /// `risk:LEVEL` (none, low, medium, high, critical: a file's risk as the policy judges it).
    pub fn parse(spec: &str) -> Result<Self, String> {
        if spec.trim() == "none" {
            return Ok(FailOn {
                rules: Vec::new(),
                risk: None,
            });
        }
        let mut risk = None;
        let rules = spec
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .filter(|item| match item.strip_prefix("risk:") {
                Some(level) => {
                    risk = Some(level.to_string());
                    false
                }
                None => true,
            })
            .collect::<Vec<_>>();
        let risk = risk.map(|l| Risk::parse(&l)).transpose()?;
        let rules = rules
            .into_iter()
            .map(|item| match item.split_once(':') {
                Some((kind, level)) => Ok((Some(kind.to_string()), level.parse()?)),
                None => match item.parse::<Confidence>() {
                    Ok(level) => Ok((None, level)),
                    Err(_) => Ok((Some(item.to_string()), Confidence::Low)),
                },
            })
            .collect::<Result<Vec<_>, String>>()?;
        if rules.is_empty() && risk.is_none() {
            return Err("empty --fail-on (use `none` to never fail)".into());
        }
        Ok(FailOn { rules, risk })
    }

    /// Whether a file judged at `risk` fails the run.
    pub fn fails_at(&self, risk: Risk) -> bool {
        self.risk.is_some_and(|at| risk >= at && risk > Risk::None)
    }

    /// The kinds named, to check them against the loaded detectors.
    pub fn kinds(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().filter_map(|(k, _)| k.as_deref())
    }

    pub fn counts(&self, kind: &str, confidence: Confidence, role: bool) -> bool {
        !role
            && self
                .rules
                .iter()
                .any(|(k, min)| k.as_deref().is_none_or(|k| k == kind) && confidence >= *min)
    }
}

impl Default for FailOn {
    fn default() -> Self {
        FailOn::parse(FailOn::DEFAULT).expect("default --fail-on parses")
    }
}

/// Everything a scan needs to know.
#[derive(Debug, Clone)]
pub struct Config {
    /// Files and folders to scan; `-` is standard input.
    pub roots: Vec<PathBuf>,
    pub format: OutputFormat,
    pub output: Option<PathBuf>,
    /// Put raw (normalised) values in the report.
    pub reveal: bool,
    pub threads: usize,
    /// Globs of paths not to scan.
    pub excludes: Vec<String>,
    pub hidden: bool,
    pub follow_symlinks: bool,
    pub max_file_size: Option<u64>,
    pub quiet: bool,
    pub progress: bool,
    pub fail_on: FailOn,
    /// Files that could not be examined (protected, unsupported, no text, errors) fail the
    /// run with their own exit code.
    pub fail_on_incomplete: bool,
    pub key_file: Option<PathBuf>,
    /// Extra pattern files (and replacements or `enabled = false` for built-in ones).
    pub patterns_dir: Option<PathBuf>,
    /// `--policy FILE`; without it, `snuffel.toml` in the scanned root or the defaults.
    pub policy_file: Option<PathBuf>,
    /// `--match FILE`: a fingerprint file (`snuffel fingerprint`) whose records are looked for.
    pub match_file: Option<PathBuf>,
    /// The day birth dates are judged against.
    pub today: jiff::civil::Date,
    /// Bytes of text read at a time.
    pub chunk_size: usize,
    /// Findings listed per file; more are counted only. 0: no limit.
    pub max_findings_per_file: usize,
    /// What unpacking one top-level file may cost: nesting, bytes, members, ratio, time.
    pub unpack: UnpackLimits,
    /// What one document (spreadsheet, Word file, PDF …) may cost.
    pub limits: Limits,
    /// Where document parsers run. The library default is in-process; the command line runs
    /// them in worker processes (its own binary), which a crash or a hang cannot take down.
    pub isolation: Isolation,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            roots: vec![PathBuf::from(".")],
            format: OutputFormat::Json,
            output: None,
            reveal: false,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            excludes: Vec::new(),
            hidden: false,
            follow_symlinks: false,
            max_file_size: None,
            quiet: false,
            progress: false,
            fail_on: FailOn::default(),
            fail_on_incomplete: false,
            key_file: None,
            patterns_dir: None,
            policy_file: None,
            match_file: None,
            today: jiff::Zoned::now().date(),
            chunk_size: 256 * 1024,
            max_findings_per_file: 1000,
            unpack: UnpackLimits::default(),
            limits: Limits::default(),
            isolation: Isolation::InProcess,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_on_rules() {
        let f = FailOn::default();
        assert!(f.counts("be_national_number", Confidence::Medium, false));
        assert!(!f.counts("be_national_number", Confidence::Low, false));
        assert!(!f.counts("health_term", Confidence::High, false));
        assert!(!f.counts("email", Confidence::High, true));
        let any = FailOn::parse("low").unwrap();
        assert!(any.counts("health_term", Confidence::Low, false));
        let kind = FailOn::parse("iban").unwrap();
        assert!(kind.counts("iban", Confidence::Low, false));
        assert!(!kind.counts("email", Confidence::High, false));
        assert!(!FailOn::parse("none")
            .unwrap()
            .counts("iban", Confidence::High, false));
        assert!(FailOn::parse("iban:sure").is_err());
        let risk = FailOn::parse("risk:high").unwrap();
        assert!(risk.fails_at(Risk::Critical) && risk.fails_at(Risk::High));
        assert!(!risk.fails_at(Risk::Medium));
        assert!(
            !risk.counts("iban", Confidence::High, false),
            "only the risk rule"
        );
        assert!(FailOn::parse("risk:grave").is_err());
        assert!(!FailOn::default().fails_at(Risk::Critical));
    }
}
