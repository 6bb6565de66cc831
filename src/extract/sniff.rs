//! Recognising a source by its first bytes, never by its name.

use super::archive::ArchiveKind;
use super::compress::Codec;
use super::decode::Encoding;

/// What the first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A compression layer around something else.
    Compressed(Codec),
    /// An archive whose members snuffel scans.
    Archive(ArchiveKind),
    /// A database or archive snuffel recognises but cannot read, with its name.
    Unreadable(&'static str),
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
    // So are SQLite databases, 7z archives, RTF and e-mail; compression layers, tar and mbox
    // are unwrapped here (`Codec`, `ArchiveKind`).
    (b"PK\x05\x06", "zip archive (empty)"),
    // Beside a database that is read with it (see `sqlite`).
    (
        b"\x37\x7F\x06\x82",
        "sqlite write-ahead log, read with its database",
    ),
    (
        b"\x37\x7F\x06\x83",
        "sqlite write-ahead log, read with its database",
    ),
    (
        b"\xD9\xD5\x05\xF9\x20\xA1\x63\xD7",
        "sqlite rollback journal",
    ),
    (b"\x89PNG", "png image"),
    (b"\xFF\xD8\xFF", "jpeg image"),
    (b"GIF8", "gif image"),
    (b"\x7FELF", "executable"),
    (b"MZ", "windows executable"),
];

/// Databases and archives snuffel cannot read: each is still a copy of data that the
/// sanitisation rule is about, so it is reported as `unsupported`, never as clean.
fn unreadable(head: &[u8]) -> Option<&'static str> {
    let at = |offset: usize, magic: &[u8]| head.get(offset..).is_some_and(|h| h.starts_with(magic));
    if at(0, b"PGDMP") {
        Some("PostgreSQL custom-format dump")
    } else if at(4, b"Standard Jet DB") || at(4, b"Standard ACE DB") {
        Some("Access database")
    } else if at(0, b"TAPE") && head.len() >= 512 {
        // Microsoft Tape Format: what SQL Server's BACKUP writes to a `.bak`.
        Some("SQL Server backup")
    } else if is_innodb_tablespace(head) {
        Some("MySQL InnoDB tablespace")
    } else if at(0, b"Rar!\x1A\x07") {
        Some("rar archive")
    } else {
        None
    }
}

/// The first page of an InnoDB `.ibd` file: page number 0 of type FSP_HDR, with the
/// tablespace id written twice (file header and space header) and equal.
fn is_innodb_tablespace(head: &[u8]) -> bool {
    if head.len() < 42 {
        return false;
    }
    let word = |at: usize| u32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    let page_type = u16::from_be_bytes([head[24], head[25]]);
    word(4) == 0 && page_type == 8 && word(34) == word(38) && word(34) != 0
}

/// Video containers (MP4/MOV, AVI, Matroska/WebM, ASF/WMV, MPEG program streams): camera
/// footage, which the policy's retention rules are about.
fn is_video(head: &[u8]) -> bool {
    let at = |offset: usize, magic: &[u8]| head.get(offset..).is_some_and(|h| h.starts_with(magic));
    (at(4, b"ftyp") && !at(8, b"heic") && !at(8, b"avif"))
        || (at(0, b"RIFF") && at(8, b"AVI "))
        || at(0, b"\x1A\x45\xDF\xA3")
        || at(0, b"\x30\x26\xB2\x75\x8E\x66\xCF\x11")
        || at(0, b"\x00\x00\x01\xBA")
}

/// Classifies the first bytes of a stream.
pub fn sniff(head: &[u8]) -> Sniffed {
    if let Some(codec) = Codec::sniff(head) {
        return Sniffed::Compressed(codec);
    }
    if let Some(name) = unreadable(head) {
        return Sniffed::Unreadable(name);
    }
    if let Some((_, name)) = MAGIC.iter().find(|(m, _)| head.starts_with(m)) {
        return Sniffed::Binary(name);
    }
    if is_video(head) {
        return Sniffed::Binary("video");
    }
    if head.len() >= 262 && &head[257..262] == b"ustar" {
        return Sniffed::Archive(ArchiveKind::Tar);
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
        first >= 1
            && complete.iter().all(|l| count(l) == first)
            && !(first == 1 && complete.iter().any(|l| is_prose(l)))
    })
}

/// A line of sentences rather than fields: long, with many words. Prose with one semicolon or
/// comma per line splits into two "fields" on every line, like a two-column table would.
fn is_prose(line: &str) -> bool {
    line.len() > 60 && line.bytes().filter(|&b| b == b' ').count() > 8
}

/// Header fields that open an e-mail message (RFC 5322) as mail programs save it.
const MAIL_HEADERS: &[&str] = &[
    "received:",
    "return-path:",
    "from:",
    "to:",
    "cc:",
    "subject:",
    "date:",
    "message-id:",
    "mime-version:",
    "delivered-to:",
    "reply-to:",
    "content-type:",
    "x-mailer:",
    "dkim-signature:",
    "authentication-results:",
];

/// An e-mail message (`.eml`): it opens with header fields, and at least three of them are
/// ones a mail carries. A text that merely starts with `From:` is not enough.
pub fn is_mail(head: &str) -> bool {
    let mut known = 0;
    for line in head.lines().take(40) {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue; // a folded header line
        }
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return false;
        }
        let lower = line.to_ascii_lowercase();
        known += usize::from(MAIL_HEADERS.iter().any(|h| lower.starts_with(h)));
    }
    known >= 3
}

/// An mbox mailbox: a `From ` separator line, then a message.
pub fn is_mbox(head: &str) -> bool {
    let Some((first, rest)) = head.split_once('\n') else {
        return false;
    };
    first.starts_with("From ") && first.split_whitespace().count() >= 3 && is_mail(rest)
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
        assert_eq!(sniff(b"\x1f\x8b\x08\0"), Sniffed::Compressed(Codec::Gzip));
        assert_eq!(sniff(b"BZh91AY&SY"), Sniffed::Compressed(Codec::Bzip2));
        assert_eq!(sniff(b"BZh is a word"), Sniffed::Text(Encoding::Utf8));
        assert_eq!(
            sniff(b"\0\0\0\x18ftypisom\0\0\x02\0"),
            Sniffed::Binary("video")
        );
        assert_eq!(sniff(b"RIFF\x10\0\0\0AVI LIST"), Sniffed::Binary("video"));
        assert_eq!(
            sniff(b"PGDMP\x01\x0e\0"),
            Sniffed::Unreadable("PostgreSQL custom-format dump")
        );
        let mut access = b"\0\x01\0\0Standard ACE DB\0".to_vec();
        access.resize(2048, 0);
        assert_eq!(sniff(&access), Sniffed::Unreadable("Access database"));
        let mut ibd = vec![0u8; 16384];
        ibd[24..26].copy_from_slice(&8u16.to_be_bytes());
        ibd[34..38].copy_from_slice(&7u32.to_be_bytes());
        ibd[38..42].copy_from_slice(&7u32.to_be_bytes());
        assert_eq!(sniff(&ibd), Sniffed::Unreadable("MySQL InnoDB tablespace"));
        ibd[38] = 1;
        assert_eq!(sniff(&ibd), Sniffed::NoText, "space ids differ");
        assert_eq!(sniff(b"\xFF\xFEh\0i\0"), Sniffed::Text(Encoding::Utf16Le));
        assert_eq!(sniff(b"caf\xE9;x"), Sniffed::Text(Encoding::Windows1252));
        assert_eq!(sniff("café".as_bytes()), Sniffed::Text(Encoding::Utf8));
        assert_eq!(sniff(b"ab\0cd"), Sniffed::NoText);
    }

    #[test]
    fn mail_and_mailboxes() {
        let mail = "Return-Path: <a@example.org>\nFrom: Jan <jan@example.be>\nTo: x@example.be\n\
                    Subject: hallo\n\nTekst\n";
        assert!(is_mail(mail));
        assert!(is_mbox(&format!(
            "From jan@example.be Mon Jan  1 10:00:00 2024\n{mail}"
        )));
        assert!(!is_mail("From: Jan\nTo: Piet\n\nEen memo, geen mail.\n"));
        assert!(!is_mail(
            "Naam: Jan\nAdres: Kerkstraat 1\nTelefoon: 0478\nDate: gisteren\n"
        ));
        assert!(!is_mbox("From here on, we go on.\nSubject: none\n"));
    }

    #[test]
    fn structure_of_text() {
        assert_eq!(structure("a;b;c\n1;2;3\n"), Format::Csv { delimiter: b';' });
        assert_eq!(structure("a\tb\n1\t2\n"), Format::Csv { delimiter: b'\t' });
        assert_eq!(
            structure(
                "Patiënt Jan Peeters werd op maandag opgenomen met diabetes; de behandeling loopt nog.\n\
                 Patiënt An Claes werd op dinsdag opgenomen met astma; zij mag morgen weer naar huis.\n"
            ),
            Format::Text,
            "sentences with one semicolon each are not a two-column table"
        );
        assert_eq!(
            structure("naam;opmerking\nJan;kwam te laat\nAn;belt terug\n"),
            Format::Csv { delimiter: b';' }
        );
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
