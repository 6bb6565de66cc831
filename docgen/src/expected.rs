//! The schema of `fixtures/documents/expected.toml` and of `fixtures/containers/expected.toml`
//! and `hostile.toml`: what each fixture holds and where. Read by docgen's own check (the
//! fixtures hold what the file says) and by snuffel's CLI test (snuffel finds it), so both read
//! one definition.
//!
//! In the container files `file` is the full member path from the fixture directory, members
//! joined with `!/` as snuffel reports them: `exports.zip!/nested.zip!/diep/leden.csv`,
//! `inbox.mbox!/2!/bijlage.zip!/leden.xlsx`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    pub planted: Vec<Planted>,
    #[serde(default)]
    pub clean: Vec<Clean>,
    #[serde(default)]
    pub status: Vec<Status>,
}

/// One planted value and the place it sits; only the location fields that apply are set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Planted {
    pub file: String,
    pub kind: String,
    /// Normalised: 11 digits, IBAN without spaces, e-mail lowercased, health term lowercased.
    pub value: String,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub part: Option<String>,
    pub slide: Option<u32>,
    pub page: Option<u32>,
    /// Databases: the table that holds the value.
    pub table: Option<String>,
    /// The column header (CSV, SQL dump) or database column that names the value.
    pub column: Option<String>,
    /// Databases: the row's rowid; not set for a `WITHOUT ROWID` table.
    pub row: Option<i64>,
    /// Why snuffel is known not to find this value (a documented gap).
    pub gap: Option<String>,
}

/// A file that must give no finding.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clean {
    pub file: String,
}

/// A file (or member) that is not scanned as text, and why:
///
/// - `protected`: encrypted;
/// - `no_text`: readable, but holds no text (a scanned image);
/// - `unsupported`: a format snuffel recognises and does not read (an Access database);
/// - `skipped`: deliberately not scanned on its own (a SQLite `-wal` file, read with its
///   database);
/// - `error`: stopped or broken part-way (a bomb, a truncated archive); what was found before
///   still counts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Status {
    pub file: String,
    pub status: String,
    /// A substring the reason snuffel gives must contain (for hostile files).
    pub reason: Option<String>,
}

impl Planted {
    /// Whether the value is valid and normalised as the schema says: a national or BIS number
    /// of 11 digits that passes its check (a BIS number's month above 12), an IBAN in upper
    /// case that passes mod-97, an e-mail address in lower case on a reserved example domain,
    /// a health term the fixtures plant. Shared by the checks of both fixture folders.
    pub fn check_value(&self) -> Result<(), String> {
        use crate::values::{iban_ok, national_ok, DOMAINS, HEALTH_TERMS};
        let v = &self.value;
        let ok = match self.kind.as_str() {
            "be_national_number" | "be_bis_number" => {
                let digits = v.len() == 11 && v.chars().all(|c| c.is_ascii_digit());
                digits
                    && national_ok(v)
                    && (v[2..4].parse::<u32>().unwrap_or(0) > 12) == (self.kind == "be_bis_number")
            }
            "iban" => {
                v.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                    && iban_ok(v)
            }
            "email" => {
                *v == v.to_lowercase()
                    && v.split_once('@').is_some_and(|(_, d)| DOMAINS.contains(&d))
            }
            // "diagnose" is a planted header word that is itself a health term.
            "health_term" => HEALTH_TERMS.contains(&v.as_str()) || v == "diagnose",
            // E.164, Belgian or Dutch.
            "phone" => {
                (v.starts_with("+32") || v.starts_with("+31"))
                    && v.len() > 9
                    && v[1..].chars().all(|c| c.is_ascii_digit())
            }
            other => return Err(format!("unknown kind {other} in {self:?}")),
        };
        match ok {
            true => Ok(()),
            false => Err(format!("not valid and normalised: {self:?}")),
        }
    }
}

/// `fixtures/documents/`: `expected.toml` and the committed fixtures.
pub fn documents_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/documents")
}

/// `fixtures/containers/`: `expected.toml` and `hostile.toml`.
pub fn containers_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/containers")
}

/// Reads `fixtures/documents/expected.toml`.
pub fn load() -> Result<Expected, String> {
    load_from(&documents_dir().join("expected.toml"))
}

/// Reads an expectations file in this schema, such as `containers_dir().join("hostile.toml")`.
pub fn load_from(path: &Path) -> Result<Expected, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}
