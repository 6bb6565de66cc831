//! Exact data match: which files hold records of a sanctioned dataset, and how many.
//!
//! `snuffel fingerprint SOURCE --column NAME` reads a CSV export and writes, per record, the
//! keyed hashes of its key columns' values: a file that holds no plaintext, safe to keep
//! beside the scan job. `scan --match FILE` hashes every validated value it finds the same
//! way (the same key: `--key-file`) and counts, per file, the records all of whose key values
//! it holds. Values are compared as the policy's allowlist compares them: letters and digits
//! only, upper case (`85.07.30-033.28` is `85073003328`), an e-mail address lower case.

use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead, Write};
use std::path::Path;

use crate::report::fingerprint::Fingerprinter;

/// The first line of a fingerprint file.
const MAGIC: &str = "snuffel-fingerprints 1";
/// The domain of the hashes: not the kind of a finding, so that a value matches whatever
/// detector found it.
const DOMAIN: &str = "exact-match";

/// The hash of one key value.
pub fn key_hash(fingerprints: &Fingerprinter, value: &str) -> String {
    fingerprints.fingerprint(DOMAIN, &super::normalise(value))
}

/// Reads a CSV export and writes its fingerprint file: the magic line, a `# columns:` line,
/// then per record its key hashes, space-separated. Returns the number of records.
pub fn fingerprint_csv(
    source: &Path,
    columns: &[String],
    fingerprints: &Fingerprinter,
    out: &mut dyn Write,
) -> Result<u64, String> {
    let file = std::fs::File::open(source).map_err(|e| format!("{}: {e}", source.display()))?;
    let head = {
        let mut r = io::BufReader::new(&file);
        let mut line = String::new();
        r.read_line(&mut line).map_err(|e| e.to_string())?;
        line
    };
    let delimiter = [b';', b',', b'\t', b'|']
        .into_iter()
        .max_by_key(|d| head.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_path(source)
        .map_err(|e| format!("{}: {e}", source.display()))?;
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let positions: Vec<usize> = columns
        .iter()
        .map(|c| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(c))
                .ok_or_else(|| format!("{}: no column `{c}`", source.display()))
        })
        .collect::<Result<_, _>>()?;
    let write =
        |out: &mut dyn Write, line: &str| writeln!(out, "{line}").map_err(|e| e.to_string());
    write(out, MAGIC)?;
    write(out, &format!("# columns: {}", columns.join(", ")))?;
    let mut records = 0;
    for row in reader.records() {
        let row = row.map_err(|e| e.to_string())?;
        let hashes: Vec<String> = positions
            .iter()
            .filter_map(|&i| row.get(i))
            .filter(|v| !v.trim().is_empty())
            .map(|v| key_hash(fingerprints, v))
            .collect();
        if hashes.len() == positions.len() {
            write(out, &hashes.join(" "))?;
            records += 1;
        }
    }
    Ok(records)
}

/// A loaded fingerprint file.
#[derive(Debug, Default)]
pub struct Dataset {
    /// What the report calls it: the file's path.
    pub name: String,
    /// Each record's key hashes.
    records: Vec<Vec<u32>>,
    /// Key hash → its number.
    hashes: HashMap<String, u32>,
}

impl Dataset {
    pub fn load(path: &Path) -> Result<Dataset, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut lines = text.lines();
        if lines.next() != Some(MAGIC) {
            return Err(format!(
                "{}: not a snuffel fingerprint file",
                path.display()
            ));
        }
        let mut dataset = Dataset {
            name: path.display().to_string(),
            ..Dataset::default()
        };
        for line in lines.filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let record = line
                .split(' ')
                .map(|h| {
                    let next = dataset.hashes.len() as u32;
                    *dataset.hashes.entry(h.to_string()).or_insert(next)
                })
                .collect();
            dataset.records.push(record);
        }
        Ok(dataset)
    }

    /// The number of a key hash, if the dataset has it.
    pub fn lookup(&self, hash: &str) -> Option<u32> {
        self.hashes.get(hash).copied()
    }

    /// Records all of whose key values are among `seen`.
    pub fn records_in(&self, seen: &HashSet<u32>) -> u64 {
        if seen.is_empty() {
            return 0;
        }
        self.records
            .iter()
            .filter(|r| r.iter().all(|h| seen.contains(h)))
            .count() as u64
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_match_by_their_key_values_whatever_their_writing() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("register.csv");
        std::fs::write(
            &source,
            "naam;rijksregisternummer\nJan;85.07.30-033.28\nAn;05.06.12-045.62\nleeg;\n",
        )
        .unwrap();
        let fp = Fingerprinter::new(b"test key");
        let mut out = Vec::new();
        let n = fingerprint_csv(&source, &["rijksregisternummer".into()], &fp, &mut out).unwrap();
        assert_eq!(n, 2, "the record without a key value is left out");
        let text = String::from_utf8(out).unwrap();
        assert!(
            !text.contains("85.07.30") && !text.contains("85073003328"),
            "no plaintext"
        );
        assert!(!text.contains("Jan"));
        let file = dir.path().join("register.fp");
        std::fs::write(&file, &text).unwrap();
        let dataset = Dataset::load(&file).unwrap();
        assert_eq!(dataset.len(), 2);
        let seen: HashSet<u32> = [key_hash(&fp, "85073003328")]
            .iter()
            .filter_map(|h| dataset.lookup(h))
            .collect();
        assert_eq!(dataset.records_in(&seen), 1);
        let other_key = Fingerprinter::new(b"another key");
        assert!(dataset
            .lookup(&key_hash(&other_key, "85073003328"))
            .is_none());
    }

    #[test]
    fn a_missing_column_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("x.csv");
        std::fs::write(&source, "a,b\n1,2\n").unwrap();
        let fp = Fingerprinter::new(b"k");
        let err = fingerprint_csv(&source, &["c".into()], &fp, &mut Vec::new()).unwrap_err();
        assert!(err.contains("no column `c`"), "{err}");
    }
}
