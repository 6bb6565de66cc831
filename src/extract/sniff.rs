//! Recognising a source by its first bytes, never by its name.

use super::decode::Encoding;

/// What the first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Gzip,
    /// A binary format with a name (skipped with that name until an extractor reads it).
    Binary(&'static str),
    /// Binary data of no known format.
    NoText,
    Text(Encoding),
}

/// The structure of a text, which decides where column headers come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv { delimiter: u8 },
    Sql,
    Json,
    Xml,
    Html,
    Log,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Csv { delimiter: b'\t' } => "tsv",
            Format::Csv { .. } => "csv",
            Format::Sql => "sql",
            Format::Json => "json",
            Format::Xml => "xml",
            Format::Html => "html",
            Format::Log => "log",
        }
    }
}

/// Magic numbers of binary formats people leave on shares, with the name reported.
const MAGIC: &[(&[u8], &str)] = &[
    // ZIP packages, OLE compound files and PDFs are documents (`document::Container`),
    // recognised before this table is consulted.
    (b"PK\x05\x06", "zip archive (empty)"),
    (b"SQLite format 3\0", "sqlite database"),
    (b"PGDMP", "PostgreSQL custom-format dump"),
    (b"BZh", "bzip2"),
    (b"\xFD7zXZ\0", "xz"),
    (b"\x28\xB5\x2F\xFD", "zstd"),
    (b"7z\xBC\xAF\x27\x1C", "7z archive"),
    (b"Rar!\x1A\x07", "rar archive"),
    (b"{\\rtf", "rtf"),
    (b"\x89PNG", "png image"),
    (b"\xFF\xD8\xFF", "jpeg image"),
    (b"GIF8", "gif image"),
    (b"\x7FELF", "executable"),
    (b"MZ", "windows executable"),
];

/// Classifies the first bytes of a stream.
pub fn sniff(head: &[u8]) -> Sniffed {
    if head.starts_with(&[0x1F, 0x8B]) {
        return Sniffed::Gzip;
    }
    if let Some((_, name)) = MAGIC.iter().find(|(m, _)| head.starts_with(m)) {
        return Sniffed::Binary(name);
    }
    if head.len() >= 262 && &head[257..262] == b"ustar" {
        return Sniffed::Binary("tar archive");
    }
    if let Some(encoding) = Encoding::from_bom(head) {
        return Sniffed::Text(encoding);
    }
    if looks_binary(head) {
        return Sniffed::NoText;
    }
    match simdutf8::compat::from_utf8(head) {
        Ok(_) => Sniffed::Text(Encoding::Utf8),
        // Cut in the middle of a character at the end of the head: still UTF-8.
        Err(e) if e.error_len().is_none() => Sniffed::Text(Encoding::Utf8),
        Err(_) => Sniffed::Text(Encoding::Windows1252),
    }
}

/// A NUL byte, or mostly control characters, in text that has no BOM.
fn looks_binary(head: &[u8]) -> bool {
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    controls * 10 > head.len()
}

/// Guesses the structure of a text from its first (decoded) characters.
pub fn structure(head: &str) -> Format {
    let trimmed = head.trim_start_matches('\u{FEFF}').trim_start();
    let upper = trimmed.to_ascii_uppercase();
    if looks_like_sql(&upper) {
        return Format::Sql;
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return Format::Json;
    }
    if upper.starts_with("<!DOCTYPE HTML") || upper.starts_with("<HTML") {
        return Format::Html;
    }
    if trimmed.starts_with('<') {
        return Format::Xml;
    }
    if let Some(delimiter) = csv_delimiter(head) {
        return Format::Csv { delimiter };
    }
    if looks_like_log(head) {
        return Format::Log;
    }
    Format::Text
}

fn looks_like_sql(upper: &str) -> bool {
    const MARKERS: &[&str] = &[
        "-- MYSQL DUMP",
        "-- MARIADB DUMP",
        "-- POSTGRESQL DATABASE DUMP",
        "INSERT INTO ",
        "CREATE TABLE ",
        "\nCOPY ",
        "/*!40101 SET",
        "BEGIN TRANSACTION;",
    ];
    MARKERS.iter().any(|m| upper.contains(m))
}

/// The delimiter that splits the first lines into the same number (≥ 2) of fields.
fn csv_delimiter(head: &str) -> Option<u8> {
    let lines: Vec<&str> = head.lines().take(6).collect();
    // The last line of the head may be cut short; judge by complete lines when there are any.
    let complete = if lines.len() > 1 && !head.ends_with('\n') {
        &lines[..lines.len() - 1]
    } else {
        &lines[..]
    };
    // One line with a comma in it is a sentence, not a table.
    if complete.len() < 2 {
        return None;
    }
    [b';', b',', b'\t', b'|'].into_iter().find(|&d| {
        let count = |l: &str| l.bytes().filter(|&b| b == d).count();
        let first = count(complete[0]);
        first >= 1 && complete.iter().all(|l| count(l) == first)
    })
}

/// Most lines start with a date or a time.
fn looks_like_log(head: &str) -> bool {
    let lines: Vec<&str> = head.lines().take(10).collect();
    let dated = lines
        .iter()
        .filter(|l| {
            let b = l.as_bytes();
            b.len() > 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[7] == b'-'
        })
        .count();
    !lines.is_empty() && dated * 2 > lines.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_by_content() {
        assert_eq!(sniff(b"\x1f\x8b\x08\0"), Sniffed::Gzip);
        assert_eq!(
            sniff(b"7z\xBC\xAF\x27\x1C\0"),
            Sniffed::Binary("7z archive")
        );
        assert_eq!(sniff(b"\xFF\xFEh\0i\0"), Sniffed::Text(Encoding::Utf16Le));
        assert_eq!(sniff(b"caf\xE9;x"), Sniffed::Text(Encoding::Windows1252));
        assert_eq!(sniff("café".as_bytes()), Sniffed::Text(Encoding::Utf8));
        assert_eq!(sniff(b"ab\0cd"), Sniffed::NoText);
    }

    #[test]
    fn structure_of_text() {
        assert_eq!(structure("a;b;c\n1;2;3\n"), Format::Csv { delimiter: b';' });
        assert_eq!(structure("a\tb\n1\t2\n"), Format::Csv { delimiter: b'\t' });
        assert_eq!(
            structure("-- MySQL dump 10.13\nINSERT INTO t VALUES (1);"),
            Format::Sql
        );
        assert_eq!(structure(" {\"a\": 1}"), Format::Json);
        assert_eq!(structure("<?xml version=\"1.0\"?><a/>"), Format::Xml);
        assert_eq!(
            structure("2024-01-02 10:00 start\n2024-01-02 10:01 stop\n"),
            Format::Log
        );
        assert_eq!(
            structure("Beste Jan,\nHierbij, zoals gevraagd.\nGroeten\n"),
            Format::Text
        );
    }
}
