//! The schema of `fixtures/documents/expected.toml`: what each fixture holds and where. Read by
//! docgen's own check (the fixtures hold what the file says) and by snuffel's CLI test (snuffel
//! finds it), so both read one definition.

use std::path::PathBuf;

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
    /// Why snuffel is known not to find this value (a documented gap).
    pub gap: Option<String>,
}

/// A file that must give no finding.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clean {
    pub file: String,
}

/// A file that cannot be read as text: `protected` or `no_text`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Status {
    pub file: String,
    pub status: String,
}

/// `fixtures/documents/`: `expected.toml` and the committed fixtures.
pub fn documents_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/documents")
}

/// Reads `expected.toml`.
pub fn load() -> Result<Expected, String> {
    let path = documents_dir().join("expected.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}
