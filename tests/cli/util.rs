//! Helpers for running the real binary on small trees built by each test.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde::Deserialize;

/// A scratch directory with the tree to scan in `tree/` and snuffel's own files beside it.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir(dir.path().join("tree")).unwrap();
        fs::write(
            dir.path().join("key.hex"),
            "00112233445566778899aabbccddeeff",
        )
        .unwrap();
        Env { dir }
    }

    pub fn tree(&self) -> PathBuf {
        self.dir.path().join("tree")
    }

    /// Writes `bytes` to `tree/rel`, creating folders.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.tree().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
        path
    }

    /// Copies `fixtures/name` into the tree.
    pub fn fixture(&self, name: &str) -> PathBuf {
        self.write(name, fixture(name))
    }

    /// `snuffel` with a fixed key, a fixed day, and a config directory outside the tree.
    pub fn snuffel(&self) -> Command {
        let mut cmd = Command::cargo_bin("snuffel").unwrap();
        cmd.env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("HOME", self.dir.path().join("home"))
            .current_dir(self.dir.path());
        cmd
    }

    /// `snuffel scan` with the usual test flags, then `args`.
    pub fn scan(&self, args: &[&str]) -> Command {
        let mut cmd = self.snuffel();
        cmd.arg("scan")
            .arg("--key-file")
            .arg(self.dir.path().join("key.hex"))
            .args(["--today", "2026-11-23"])
            .args(args);
        cmd
    }

    /// `snuffel fingerprint SOURCE --column rijksregisternummer` with the tests' key, written
    /// beside the tree; returns the fingerprint file.
    pub fn fingerprint(&self, source: &Path) -> PathBuf {
        let name = source.file_name().unwrap().to_string_lossy();
        let fp = self.dir.path().join(format!("{name}.fp"));
        let out = self
            .snuffel()
            .arg("fingerprint")
            .arg(source)
            .args(["--column", "rijksregisternummer", "--key-file"])
            .arg(self.dir.path().join("key.hex"))
            .arg("-o")
            .arg(&fp)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        fp
    }

    /// Runs a JSON scan of the tree with `args`; returns the decoded report and the exit code.
    pub fn scan_json(&self, args: &[&str]) -> (Report, i32) {
        let out = self
            .scan(&["--format", "json", "tree"])
            .args(args)
            .output()
            .unwrap();
        let code = out.status.code().unwrap();
        if !out.stderr.is_empty() && out.stdout.is_empty() {
            panic!("no report: {}", String::from_utf8_lossy(&out.stderr));
        }
        (parse_report(&out.stdout), code)
    }
}

/// Decodes a JSON report strictly: an unknown field is a test failure, and so is a report
/// that does not validate against the JSON Schema generated from the report's types.
pub fn parse_report(stdout: &[u8]) -> Report {
    let value: serde_json::Value = serde_json::from_slice(stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(stdout)));
    let validator = schema_validator();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "report against the schema: {errors:#?}");
    serde_json::from_value(value)
        .unwrap_or_else(|e| panic!("not a report ({e}): {}", String::from_utf8_lossy(stdout)))
}

/// A validator for the report's JSON Schema, generated from the types.
pub fn schema_validator() -> jsonschema::Validator {
    jsonschema::validator_for(&snuffel::report::json::schema()).expect("the schema compiles")
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

pub fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

// The report as a dashboard reads it; unknown fields are refused so the schema stays documented.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub schema_version: u32,
    pub tool: serde_json::Value,
    pub run: serde_json::Value,
    pub files: Vec<File>,
    pub skipped: Vec<NotChecked>,
    pub errors: Vec<NotChecked>,
    pub protected: Vec<Closed>,
    pub no_text: Vec<Closed>,
    pub unsupported: Vec<Closed>,
    pub groups: Vec<Group>,
    pub summary: Summary,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub path: String,
    pub container: Option<String>,
    pub size: Option<u64>,
    pub modified: Option<String>,
    pub format: Option<String>,
    pub encoding: Option<String>,
    #[serde(default)]
    pub compression: Vec<String>,
    pub owner: Option<String>,
    pub counts: BTreeMap<String, Count>,
    pub findings: Vec<Finding>,
    pub findings_truncated: bool,
    pub risk: Option<String>,
    #[serde(default)]
    pub violations: Vec<Violation>,
    pub risk_inputs: Option<serde_json::Value>,
    pub matched_records: Option<u64>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Violation {
    pub rule: String,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Count {
    pub total: u64,
    pub high: u64,
    pub medium: u64,
    pub low: u64,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub kind: String,
    pub detector: String,
    pub masked: String,
    pub confidence: String,
    pub location: Location,
    pub fingerprint: String,
    #[serde(default)]
    pub context: Vec<String>,
    #[serde(default)]
    pub role: bool,
    pub category: Option<String>,
    pub value: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub line: u64,
    pub offset: u64,
    pub column: Option<String>,
    pub part: Option<String>,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub slide: Option<u32>,
    pub page: Option<u32>,
    pub table: Option<String>,
    pub row: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: usize,
    pub members: Vec<String>,
    pub identical: bool,
    pub shared: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotChecked {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closed {
    pub path: String,
    pub format: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub files_seen: u64,
    pub members_seen: u64,
    pub files_scanned: u64,
    pub files_skipped: u64,
    pub files_protected: u64,
    pub files_no_text: u64,
    pub files_unsupported: u64,
    pub files_with_findings: u64,
    pub errors: u64,
    pub bytes: u64,
    pub duration_seconds: f64,
    pub findings: BTreeMap<String, Count>,
    pub skipped_by_reason: BTreeMap<String, u64>,
    pub failing_findings: u64,
    pub failing_files: u64,
    pub files_matching: u64,
    pub risk: BTreeMap<String, u64>,
    pub violations: BTreeMap<String, u64>,
}

impl Report {
    /// The file whose path ends with `suffix`.
    pub fn file(&self, suffix: &str) -> &File {
        self.files
            .iter()
            .find(|f| f.path.ends_with(suffix))
            .unwrap_or_else(|| panic!("no file {suffix} in {:#?}", self.files))
    }

    pub fn has_file(&self, suffix: &str) -> bool {
        self.files.iter().any(|f| f.path.ends_with(suffix))
    }

    /// The reason the source whose path ends with `suffix` is listed under `errors`.
    pub fn error_reason(&self, suffix: &str) -> &str {
        reason_of(&self.errors, suffix, "errors")
    }

    /// The reason the source whose path ends with `suffix` is listed under `skipped`.
    pub fn skip_reason(&self, suffix: &str) -> &str {
        reason_of(&self.skipped, suffix, "skipped")
    }
}

fn reason_of<'a>(list: &'a [NotChecked], suffix: &str, name: &str) -> &'a str {
    list.iter()
        .find(|e| e.path.ends_with(suffix))
        .map(|e| e.reason.as_str())
        .unwrap_or_else(|| panic!("{suffix} not under {name}: {list:?}"))
}

impl File {
    /// (kind, value) of every finding; needs `--reveal`.
    pub fn values(&self) -> Vec<(String, String)> {
        self.findings
            .iter()
            .map(|f| (f.kind.clone(), f.value.clone().expect("scan with --reveal")))
            .collect()
    }

    pub fn values_of(&self, kind: &str) -> Vec<String> {
        self.values()
            .into_iter()
            .filter(|(k, _)| k == kind)
            .map(|(_, v)| v)
            .collect()
    }
}

/// Whether `f` is `planted` at its place (only the location fields given are compared).
pub fn found_at_place(planted: &docgen::expected::Planted, f: &Finding) -> bool {
    let l = &f.location;
    f.kind == planted.kind
        && f.value.as_deref() == Some(planted.value.as_str())
        && planted
            .part
            .as_ref()
            .is_none_or(|p| l.part.as_ref() == Some(p))
        && planted
            .sheet
            .as_ref()
            .is_none_or(|s| l.sheet.as_ref() == Some(s))
        && planted
            .cell
            .as_ref()
            .is_none_or(|c| l.cell.as_ref() == Some(c))
        && planted
            .table
            .as_ref()
            .is_none_or(|t| l.table.as_ref() == Some(t))
        && planted
            .column
            .as_ref()
            .is_none_or(|c| l.column.as_ref() == Some(c))
        && planted.row.is_none_or(|r| l.row == Some(r))
}

/// Takes each planted value's finding out of `found` (file name → findings) and fails the test
/// unless every planted value was found at its place and nothing else was: a multiset match,
/// so two cells glued into one number would be left over even when that number is planted
/// elsewhere. A planted value with a `gap` is known not to be found; finding it fails too
/// (then the gap must go).
pub fn assert_exactly_planted(
    mut found: BTreeMap<String, Vec<Finding>>,
    planted: &[docgen::expected::Planted],
    report: &Report,
) {
    let mut missing = Vec::new();
    let mut gaps_closed = Vec::new();
    for p in planted {
        let in_file = found.entry(p.file.clone()).or_default();
        match (in_file.iter().position(|f| found_at_place(p, f)), &p.gap) {
            (Some(_), Some(_)) => gaps_closed.push(p),
            (Some(i), None) => {
                in_file.remove(i);
            }
            (None, Some(why)) => eprintln!("known gap: {} {}: {why}", p.file, p.kind),
            (None, None) => missing.push(p),
        }
    }
    assert!(
        gaps_closed.is_empty(),
        "found after all, remove the gap: {gaps_closed:#?}"
    );
    let extra: Vec<(&String, &Finding)> = found
        .iter()
        .flat_map(|(file, fs)| fs.iter().map(move |f| (file, f)))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing: {missing:#?}\nunexpected: {extra:#?}\nerrors: {:?}\nskipped: {:?}",
        report.errors,
        report.skipped
    );
}
