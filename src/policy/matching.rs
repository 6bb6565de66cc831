//! Exact data match: which files hold records of a sanctioned dataset, and how many.
//!
//! `snuffel fingerprint SOURCE --column NAME` reads a CSV or spreadsheet export and writes, per record, the
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

/// Reads a sanctioned export (CSV, or a spreadsheet: xlsx, xlsm, xlsb, xls, ods) and writes
/// its fingerprint file: the magic line, a `# columns:` line, then per record its key hashes,
/// space-separated. Returns the number of records. In a spreadsheet, the first sheet whose
/// first row names every key column is read.
pub fn fingerprint_export(
    source: &Path,
    columns: &[String],
    fingerprints: &Fingerprinter,
    out: &mut dyn Write,
) -> Result<u64, String> {
    let at = |e: &dyn std::fmt::Display| format!("{}: {e}", source.display());
    let mut file = std::fs::File::open(source).map_err(|e| at(&e))?;
    let mut magic = [0u8; 4];
    let n = io::Read::read(&mut file, &mut magic).map_err(|e| at(&e))?;
    let spreadsheet = n == 4 && (&magic == b"PK\x03\x04" || magic == [0xD0, 0xCF, 0x11, 0xE0]);
    let mut records = Records::new(source, columns, fingerprints, out)?;
    match spreadsheet {
        true => fingerprint_sheet(source, columns, &mut records)?,
        false => fingerprint_csv(source, columns, &mut records)?,
    }
    Ok(records.count)
}

/// Writes records' key hashes as they are read.
struct Records<'a> {
    fingerprints: &'a Fingerprinter,
    out: &'a mut dyn Write,
    count: u64,
}

impl<'a> Records<'a> {
    fn new(
        source: &Path,
        columns: &[String],
        fingerprints: &'a Fingerprinter,
        out: &'a mut dyn Write,
    ) -> Result<Self, String> {
        let write_error = |e: io::Error| format!("{}: writing fingerprints: {e}", source.display());
        writeln!(out, "{MAGIC}").map_err(write_error)?;
        writeln!(out, "# columns: {}", columns.join(", ")).map_err(write_error)?;
        Ok(Records {
            fingerprints,
            out,
            count: 0,
        })
    }

    /// One record's key values, in the order of the key columns; a record missing one is
    /// left out (it could never match whole).
    fn add<'v>(&mut self, values: impl Iterator<Item = &'v str>) -> Result<(), String> {
        let hashes: Vec<String> = values
            .filter(|v| !v.trim().is_empty())
            .map(|v| key_hash(self.fingerprints, v))
            .collect();
        if hashes.is_empty() {
            return Ok(());
        }
        writeln!(self.out, "{}", hashes.join(" ")).map_err(|e| e.to_string())?;
        self.count += 1;
        Ok(())
    }
}

/// Where each key column is among `headers`.
fn key_positions(
    source: &Path,
    headers: &[String],
    columns: &[String],
) -> Result<Vec<usize>, String> {
    columns
        .iter()
        .map(|c| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(c))
                .ok_or_else(|| format!("{}: no column `{c}`", source.display()))
        })
        .collect()
}

fn fingerprint_csv(
    source: &Path,
    columns: &[String],
    records: &mut Records<'_>,
) -> Result<(), String> {
    let head = {
        let file = std::fs::File::open(source).map_err(|e| format!("{}: {e}", source.display()))?;
        let mut line = String::new();
        io::BufReader::new(file)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
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
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(str::to_string)
        .collect();
    let positions = key_positions(source, &headers, columns)?;
    for row in reader.records() {
        let row = row.map_err(|e| e.to_string())?;
        if positions
            .iter()
            .all(|&i| row.get(i).is_some_and(|v| !v.trim().is_empty()))
        {
            records.add(positions.iter().filter_map(|&i| row.get(i)))?;
        }
    }
    Ok(())
}

/// A spreadsheet export, through calamine: numbers become digits as the scan reads them (a
/// national number typed as a number gets its leading zero back), so they hash alike.
fn fingerprint_sheet(
    source: &Path,
    columns: &[String],
    records: &mut Records<'_>,
) -> Result<(), String> {
    use calamine::{Data, Reader};
    let at = |e: &dyn std::fmt::Display| format!("{}: {e}", source.display());
    let mut book = calamine::open_workbook_auto(source).map_err(|e| at(&e))?;
    let text = |cell: &Data| -> String {
        match cell {
            Data::Int(i) => crate::extract::sheet::integer_digits(*i as f64).unwrap_or_default(),
            Data::Float(f) => crate::extract::sheet::integer_digits(*f).unwrap_or_default(),
            other => other.to_string(),
        }
    };
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| at(&e))?;
        let mut rows = range.rows();
        let Some(first) = rows.next() else { continue };
        let headers: Vec<String> = first.iter().map(text).collect();
        let Ok(positions) = key_positions(source, &headers, columns) else {
            continue;
        };
        for row in rows {
            let values: Vec<String> = positions
                .iter()
                .map(|&i| row.get(i).map(text).unwrap_or_default())
                .collect();
            if values.iter().all(|v| !v.trim().is_empty()) {
                records.add(values.iter().map(String::as_str))?;
            }
        }
        return Ok(());
    }
    Err(format!(
        "{}: no sheet whose first row names {}",
        source.display(),
        columns.join(", ")
    ))
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
        let n =
            fingerprint_export(&source, &["rijksregisternummer".into()], &fp, &mut out).unwrap();
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
        let err = fingerprint_export(&source, &["c".into()], &fp, &mut Vec::new()).unwrap_err();
        assert!(err.contains("no column `c`"), "{err}");
    }
}
