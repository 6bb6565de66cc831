//! Column headers of CSV and TSV text.
//!
//! The first record is the header when it holds no purely numeric field. Afterwards the tracker
//! only counts delimiters and newlines outside quotes, jumping between them with `memchr`, so
//! that for every position of the text it can tell the header of the column it lies in.

use memchr::{memchr, memchr3};

use super::ColumnTracker;

/// Longest header kept; a longer first field is not a header.
const MAX_HEADER: usize = 256;

pub struct CsvColumns {
    delimiter: u8,
    headers: Vec<String>,
    reading_header: bool,
    field: Vec<u8>,
    column: usize,
    in_quotes: bool,
}

impl CsvColumns {
    pub fn new(delimiter: u8) -> Self {
        CsvColumns {
            delimiter,
            headers: Vec::new(),
            reading_header: true,
            field: Vec::new(),
            column: 0,
            in_quotes: false,
        }
    }

    fn end_header_field(&mut self) {
        let text = String::from_utf8_lossy(&self.field);
        let name = text.trim_matches(|c: char| c == '\u{FEFF}' || c == '"' || c.is_whitespace());
        self.headers.push(name.to_lowercase());
        self.field.clear();
    }

    fn end_header(&mut self) {
        self.end_header_field();
        self.reading_header = false;
        let numeric =
            |h: &String| !h.is_empty() && h.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        if self.headers.iter().any(numeric) {
            self.headers.clear();
        }
    }

    fn feed_header(&mut self, bytes: &[u8]) -> usize {
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'"' => self.in_quotes = !self.in_quotes,
                b'\n' if !self.in_quotes => {
                    self.end_header();
                    self.column = 0;
                    return i + 1;
                }
                d if d == self.delimiter && !self.in_quotes => {
                    self.end_header_field();
                    self.column += 1;
                }
                _ if self.field.len() < MAX_HEADER => self.field.push(b),
                _ => {}
            }
        }
        bytes.len()
    }
}

impl ColumnTracker for CsvColumns {
    fn feed(&mut self, mut bytes: &[u8]) {
        if self.reading_header {
            let used = self.feed_header(bytes);
            bytes = &bytes[used..];
        }
        while !bytes.is_empty() {
            let next = if self.in_quotes {
                memchr(b'"', bytes)
            } else {
                memchr3(self.delimiter, b'\n', b'"', bytes)
            };
            let Some(i) = next else { return };
            match bytes[i] {
                b'"' => self.in_quotes = !self.in_quotes,
                b'\n' => self.column = 0,
                _ => self.column += 1,
            }
            bytes = &bytes[i + 1..];
        }
    }

    fn column(&self) -> Option<&str> {
        if self.reading_header {
            return None;
        }
        self.headers.get(self.column).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns_at(text: &str, delim: u8, marks: &[&str]) -> Vec<Option<String>> {
        let mut t = CsvColumns::new(delim);
        let mut fed = 0;
        marks
            .iter()
            .map(|m| {
                let at = text.find(m).unwrap();
                t.feed(&text.as_bytes()[fed..at]);
                fed = at;
                t.column().map(str::to_string)
            })
            .collect()
    }

    #[test]
    fn tracks_columns_with_quotes() {
        let text = "\u{FEFF}id;\"naam\";RRN\n1;\"Peeters; Jan\";X1\n2;\"A \"\"B\"\"\nC\";X2\n";
        let got = columns_at(text, b';', &["Peeters", "X1", "X2"]);
        assert_eq!(
            got,
            vec![Some("naam".into()), Some("rrn".into()), Some("rrn".into())]
        );
    }

    #[test]
    fn numeric_first_row_is_no_header() {
        let got = columns_at("1,2,3\n4,5,X\n", b',', &["X"]);
        assert_eq!(got, vec![None]);
    }
}
