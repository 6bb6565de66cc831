//! Keeps `fixtures/containers/expected.toml` and `hostile.toml` in step with what docgen writes:
//! every file is described, every described value is valid and normalised, and each planted
//! value is really in the member, table and row, or mail header the entry names. Members are
//! found by following the `!/` path through zip, tar, gzip, 7z, mbox, mail attachments and
//! Outlook attachments. The
//! reading is deliberately crude (string search after decoding): it checks the fixtures, not
//! snuffel.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

use docgen::expected::{containers_dir, load_from, Expected, Planted};

fn expected() -> Expected {
    load_from(&containers_dir().join("expected.toml")).unwrap()
}

fn hostile_expected() -> Expected {
    load_from(&containers_dir().join("hostile.toml")).unwrap()
}

fn files() -> BTreeMap<String, Vec<u8>> {
    docgen::containers().unwrap().into_iter().collect()
}

fn hostile_files() -> BTreeMap<String, Vec<u8>> {
    docgen::hostile_containers().unwrap().into_iter().collect()
}

/// The file a member path starts in.
fn top(path: &str) -> &str {
    path.split("!/").next().unwrap()
}

fn ext(path: &str) -> &str {
    path.rsplit('.').next().unwrap()
}

// ---- values -------------------------------------------------------------------------------

fn check_value(p: &Planted) {
    p.check_value().unwrap();
}

fn check_location(p: &Planted) {
    let last = p.file.rsplit("!/").next().unwrap();
    let database = ext(&p.file) == "sqlite";
    assert_eq!(p.table.is_some(), database, "{p:?}");
    assert!(p.row.is_none() || database, "{p:?}");
    assert_eq!(p.sheet.is_some(), p.cell.is_some(), "{p:?}");
    assert!(p.sheet.is_none() || ext(last) == "xlsx", "{p:?}");
    assert!(
        p.slide.is_none() && p.page.is_none() && p.gap.is_none(),
        "{p:?}"
    );
    if let Some(part) = &p.part {
        let parts: &[&str] = match p.file.ends_with(".msg") {
            true => &["mail_header", "body"],
            false => &["mail_header"],
        };
        assert!(parts.contains(&part.as_str()), "{p:?}");
    }
}

fn check_entries(e: &Expected, statuses: &[&str]) {
    for p in &e.planted {
        check_value(p);
        check_location(p);
    }
    for s in &e.status {
        assert!(statuses.contains(&s.status.as_str()), "{s:?}");
    }
}

#[test]
fn every_entry_is_valid_and_normalised() {
    check_entries(&expected(), &["protected", "unsupported", "skipped"]);
    let hostile = hostile_expected();
    check_entries(&hostile, &["error"]);
}

fn described(e: &Expected) -> BTreeSet<&str> {
    let mut names = BTreeSet::new();
    names.extend(e.planted.iter().map(|p| top(&p.file)));
    names.extend(e.clean.iter().map(|c| top(&c.file)));
    names.extend(e.status.iter().map(|s| top(&s.file)));
    names
}

#[test]
fn every_file_is_described_and_every_described_file_exists() {
    let e = expected();
    let files = files();
    let names: BTreeSet<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(described(&e), names);
    let hostile = hostile_expected();
    let hostile_files = hostile_files();
    for name in described(&hostile) {
        assert!(
            hostile_files.contains_key(name),
            "{name} in hostile.toml but missing"
        );
    }
}

#[test]
fn output_is_deterministic() {
    assert_eq!(docgen::containers().unwrap(), docgen::containers().unwrap());
    assert_eq!(
        docgen::hostile_containers().unwrap(),
        docgen::hostile_containers().unwrap()
    );
}

// ---- decoding -------------------------------------------------------------------------------

fn is_zip(b: &[u8]) -> bool {
    b.starts_with(b"PK\x03\x04")
}

fn is_tar(b: &[u8]) -> bool {
    b.len() > 262 && &b[257..262] == b"ustar"
}

/// Undoes a single-stream compression, keeping what a truncated stream gave.
fn decompress(b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let reader: Box<dyn Read + '_> = if b.starts_with(&[0x1f, 0x8b]) {
        Box::new(flate2::read::GzDecoder::new(b))
    } else if b.starts_with(b"BZh") {
        Box::new(bzip2::read::BzDecoder::new(b))
    } else if b.starts_with(b"\xFD7zXZ\0") {
        Box::new(lzma_rust2::XzReader::new(b, false))
    } else if b.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
        Box::new(zstd::stream::read::Decoder::new(b).unwrap())
    } else {
        return None;
    };
    let _ = reader.take(1 << 24).read_to_end(&mut out);
    Some(out)
}

fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let (mut bits, mut count, mut out) = (0u32, 0, Vec::new());
    for c in text.bytes() {
        let Some(v) = ALPHABET.iter().position(|&a| a == c) else {
            continue;
        };
        bits = bits << 6 | v as u32;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

fn qp_decode(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let b = joined.as_bytes();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < b.len() {
        let hex = joined
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A mail split at its first blank line.
fn header_and_body(mail: &str) -> (&str, &str) {
    mail.split_once("\r\n\r\n")
        .or_else(|| mail.split_once("\n\n"))
        .unwrap_or((mail, ""))
}

/// The mail headers with RFC 2047 "Q" words decoded.
fn mail_headers(mail: &str) -> String {
    let (headers, _) = header_and_body(mail);
    let decoded = headers
        .split("=?UTF-8?Q?")
        .map(|s| qp_decode(&s.replace('_', " ")))
        .collect::<String>();
    format!("{headers}\n{decoded}")
}

/// A mail's body with every base64 block and the quoted-printable text decoded.
fn mail_body(mail: &str) -> String {
    let (_, body) = header_and_body(mail);
    let mut hay = format!("{body}\n{}", qp_decode(body));
    // In these fixtures `Content-Transfer-Encoding: base64` is a part's last header line.
    for block in body.split("base64").skip(1) {
        let encoded = block.trim_start_matches(['\r', '\n']);
        let encoded = encoded.split("--").next().unwrap();
        hay.push('\n');
        hay.push_str(&String::from_utf8_lossy(&base64_decode(encoded)));
    }
    hay
}

/// The message numbered `n` (1-based) of an mboxrd mailbox, unquoted.
fn mbox_message(mbox: &str, n: usize) -> String {
    let message = mbox
        .split("\n\nFrom ")
        .nth(n - 1)
        .unwrap_or_else(|| panic!("no message {n}"));
    let body = message.split_once('\n').unwrap().1;
    body.lines()
        .map(|l| match l.strip_prefix('>') {
            Some(rest) if rest.trim_start_matches('>').starts_with("From ") => rest,
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The attachment of a mail with the given file name, decoded.
fn mail_attachment(mail: &str, name: &str) -> Vec<u8> {
    let needle = format!("filename=\"{name}\"");
    let start = mail
        .find(&needle)
        .unwrap_or_else(|| panic!("no attachment {name}"));
    let part_start = mail[..start].rfind("\n--").unwrap();
    let part = &mail[part_start..];
    let part = part.split_once('\n').unwrap().1;
    let (headers, content) = header_and_body(part);
    let end = content.rfind("\n--").unwrap();
    let content = &content[..end];
    if headers.contains("base64") {
        base64_decode(content)
    } else {
        content.as_bytes().to_vec()
    }
}

fn zip_member(zip: &[u8], name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    let mut out = Vec::new();
    archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn tar_member(tar: &[u8], name: &str) -> Vec<u8> {
    let mut archive = tar::Archive::new(tar);
    for entry in archive.entries().unwrap() {
        let Ok(mut entry) = entry else { break };
        if entry.path_bytes() == name.as_bytes() {
            let mut out = Vec::new();
            let _ = entry.read_to_end(&mut out);
            return out;
        }
    }
    panic!("no tar member {name}")
}

fn sevenz_member(archive: &[u8], name: &str) -> Vec<u8> {
    let mut reader =
        sevenz_rust2::ArchiveReader::new(Cursor::new(archive), sevenz_rust2::Password::empty())
            .unwrap();
    reader.read_file(name).unwrap()
}

/// The member `name` of the container `bytes`.
fn member(bytes: &[u8], name: &str) -> Vec<u8> {
    if let Some(plain) = decompress(bytes) {
        return member(&plain, name);
    }
    if is_zip(bytes) {
        zip_member(bytes, name)
    } else if is_tar(bytes) {
        tar_member(bytes, name)
    } else if bytes.starts_with(b"7z\xBC\xAF\x27\x1C") {
        sevenz_member(bytes, name)
    } else {
        let text = String::from_utf8_lossy(bytes);
        if text.starts_with("From ") {
            mbox_message(&text, name.parse().unwrap()).into_bytes()
        } else {
            mail_attachment(&text, name)
        }
    }
}

/// Follows a `!/` path to the bytes of its last member. Inside an Outlook message the path
/// goes through attached messages (storages), not files: `outlook_member` follows those.
fn resolve(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Vec<u8> {
    let names: Vec<&str> = path.split("!/").collect();
    let mut bytes = files[names[0]].clone();
    let mut rest = &names[1..];
    while let Some((name, after)) = rest.split_first() {
        if is_outlook(&bytes) {
            return outlook_member(&bytes, rest);
        }
        bytes = member(&bytes, name);
        rest = after;
    }
    bytes
}

// ---- Outlook messages -----------------------------------------------------------------------

type Ole = cfb::CompoundFile<std::io::Cursor<Vec<u8>>>;

fn is_outlook(b: &[u8]) -> bool {
    b.starts_with(b"\xD0\xCF\x11\xE0")
}

fn ole_stream(ole: &mut Ole, path: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    ole.open_stream(path).ok()?.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

fn utf16(bytes: &[u8]) -> String {
    let units = bytes
        .chunks_exact(2)
        .map(|u| u16::from_le_bytes([u[0], u[1]]));
    char::decode_utf16(units).map(|c| c.unwrap()).collect()
}

/// Every string and binary property under `storage`, attached messages included, as text;
/// with `only`, just those property ids.
fn outlook_text(ole: &mut Ole, storage: &str, only: Option<&[&str]>) -> String {
    let entries: Vec<(String, bool)> = ole
        .walk_storage(storage)
        .unwrap()
        .map(|e| (e.path().to_string_lossy().into_owned(), e.is_stream()))
        .collect();
    let mut text = String::new();
    for (path, is_stream) in entries {
        let name = path.rsplit('/').next().unwrap();
        let Some(tag) = name.strip_prefix("__substg1.0_").filter(|_| is_stream) else {
            continue;
        };
        if only.is_some_and(|ids| !ids.contains(&&tag[..4])) {
            continue;
        }
        let bytes = ole_stream(ole, &path).unwrap();
        match &tag[4..] {
            "001F" => text.push_str(&utf16(&bytes)),
            _ => text.push_str(&String::from_utf8_lossy(&bytes)),
        }
        text.push('\n');
    }
    text
}

/// The attachment `names[0]` of the message, and on through attached messages.
fn outlook_member(bytes: &[u8], names: &[&str]) -> Vec<u8> {
    let mut ole = cfb::CompoundFile::open(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut storage = String::new();
    for (i, name) in names.iter().enumerate() {
        let attachments: Vec<String> = ole
            .read_storage(if storage.is_empty() { "/" } else { &storage })
            .unwrap()
            .filter(|e| e.name().starts_with("__attach_version1.0_#"))
            .map(|e| e.path().to_string_lossy().into_owned())
            .collect();
        let found = attachments
            .into_iter()
            .find(|a| {
                ole_stream(&mut ole, &format!("{a}/__substg1.0_3707001F"))
                    .is_some_and(|n| utf16(&n) == *name)
            })
            .unwrap_or_else(|| panic!("no attachment {name}"));
        if let Some(data) = ole_stream(&mut ole, &format!("{found}/__substg1.0_37010102")) {
            assert_eq!(i, names.len() - 1, "a file attachment ends the path");
            return data;
        }
        storage = format!("{found}/__substg1.0_3701000D");
    }
    outlook_text(&mut ole, &storage, None).into_bytes()
}

/// What a planted value in an Outlook message itself is checked against: the header
/// properties (sender, recipients, subject) or every property.
fn outlook_place(bytes: &[u8], part: Option<&str>) -> String {
    let mut ole = cfb::CompoundFile::open(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let headers: &[&str] = &["0C1A", "0C1F", "5D01", "0E04", "0037", "3001", "39FE"];
    match part {
        Some("mail_header") => outlook_text(&mut ole, "/", Some(headers)),
        _ => outlook_text(&mut ole, "/", None),
    }
}

/// Text with XML tags removed and kept (attribute values count too).
fn without_tags(xml: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    format!("{xml}\n{text}")
}

/// The text of a workbook's cell, as rust_xlsxwriter writes it (a shared string).
fn xlsx_cell(bytes: &[u8], cell: &str) -> String {
    let sheet = String::from_utf8(zip_member(bytes, "xl/worksheets/sheet1.xml")).unwrap();
    let at = sheet
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("no cell {cell}"));
    let c = &sheet[at..at + sheet[at..].find("</c>").unwrap()];
    let v = c.split("<v>").nth(1).unwrap();
    let index: usize = v[..v.find("</v>").unwrap()].parse().unwrap();
    let shared = String::from_utf8(zip_member(bytes, "xl/sharedStrings.xml")).unwrap();
    without_tags(shared.split("<si>").nth(index + 1).unwrap())
}

/// What a database's table holds in `column`, at `row` if given.
fn sqlite_values(files: &BTreeMap<String, Vec<u8>>, p: &Planted) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(&p.file);
    std::fs::write(&path, &files[&p.file]).unwrap();
    if let Some(wal) = files.get(&format!("{}-wal", p.file)) {
        std::fs::write(dir.path().join(format!("{}-wal", p.file)), wal).unwrap();
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let (table, column) = (p.table.as_ref().unwrap(), p.column.as_ref().unwrap());
    let sql = match p.row {
        Some(row) => format!("SELECT CAST({column} AS TEXT) FROM {table} WHERE rowid = {row}"),
        None => format!("SELECT CAST({column} AS TEXT) FROM {table}"),
    };
    let mut stmt = conn.prepare(&sql).unwrap();
    let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
    rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
}

/// The text a planted entry's place holds, decoded.
fn place(files: &BTreeMap<String, Vec<u8>>, p: &Planted) -> String {
    if p.table.is_some() {
        return sqlite_values(files, p);
    }
    let bytes = resolve(files, &p.file);
    let bytes = decompress(&bytes).unwrap_or(bytes);
    if is_outlook(&bytes) {
        return outlook_place(&bytes, p.part.as_deref());
    }
    if let Some(cell) = &p.cell {
        return xlsx_cell(&bytes, cell);
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let is_mail =
        p.file.ends_with(".eml") || p.file.rsplit("!/").next().unwrap().parse::<usize>().is_ok();
    match (is_mail, p.part.as_deref()) {
        (true, Some("mail_header")) => mail_headers(&text),
        (true, _) => mail_body(&text),
        _ => text,
    }
}

/// Whether `hay` holds `value` in the way its kind is written.
fn holds(hay: &str, kind: &str, value: &str) -> bool {
    match kind {
        "be_national_number" | "be_bis_number" => hay.lines().any(|line| {
            let digits: String = line.chars().filter(char::is_ascii_digit).collect();
            digits.contains(value) || digits.contains(value.trim_start_matches('0'))
        }),
        "iban" => {
            let squeezed: String = hay.chars().filter(|c| !c.is_whitespace()).collect();
            squeezed.to_uppercase().contains(value)
        }
        _ => hay.to_lowercase().contains(value),
    }
}

/// With a column given, the place's header line names it (CSV, SQL column list, `COPY`).
fn column_is_named(hay: &str, p: &Planted) -> bool {
    match (&p.column, &p.table) {
        (Some(column), None) => hay.lines().any(|l| {
            l.split([';', ',', '(', ')', ' ', '\t'])
                .any(|field| field == column.as_str())
        }),
        _ => true,
    }
}

fn check_planted(files: &BTreeMap<String, Vec<u8>>, e: &Expected) {
    for p in &e.planted {
        let hay = place(files, p);
        assert!(holds(&hay, &p.kind, &p.value), "{p:?} not in:\n{hay}");
        assert!(
            column_is_named(&hay, p),
            "{p:?}: no header names the column"
        );
    }
}

#[test]
fn planted_values_are_where_expected_toml_says() {
    let e = expected();
    assert!(e.planted.len() > 60, "{}", e.planted.len());
    check_planted(&files(), &e);
}

#[test]
fn planted_values_are_where_hostile_toml_says() {
    check_planted(&hostile_files(), &hostile_expected());
}

#[test]
fn mail_header_values_are_not_in_the_body_only() {
    let files = files();
    for p in expected()
        .planted
        .iter()
        .filter(|p| p.part.as_deref() == Some("mail_header") && !p.file.ends_with(".msg"))
    {
        let text = String::from_utf8_lossy(&resolve(&files, &p.file)).into_owned();
        assert!(holds(&mail_headers(&text), &p.kind, &p.value), "{p:?}");
    }
}

#[test]
fn clean_members_hold_no_planted_value() {
    let e = expected();
    let files = files();
    for c in &e.clean {
        let text = String::from_utf8(resolve(&files, &c.file)).unwrap();
        assert!(!text.contains('@'), "{}", c.file);
        for p in &e.planted {
            assert!(
                !holds(&text, &p.kind, &p.value),
                "{} in {}",
                p.value,
                c.file
            );
        }
    }
}

#[test]
fn status_files_are_what_they_claim() {
    let files = files();
    for s in &expected().status {
        match (s.status.as_str(), ext(&s.file)) {
            ("protected", "csv") => {
                let (zip, name) = s.file.split_once("!/").unwrap();
                let mut archive = zip::ZipArchive::new(Cursor::new(&files[zip])).unwrap();
                assert!(
                    archive.by_name(name).is_err(),
                    "{s:?} opens without a password"
                );
                assert!(archive.by_name_decrypt(name, b"geheim").is_ok(), "{s:?}");
            }
            ("protected", "7z") => {
                let bytes = Cursor::new(&files[&s.file]);
                let open = sevenz_rust2::ArchiveReader::new(bytes, sevenz_rust2::Password::empty());
                assert!(open.is_err(), "{s:?} opens without a password");
            }
            ("skipped", _) => {
                assert!(
                    files[&s.file].starts_with(&[0x37, 0x7f, 0x06]),
                    "{s:?} is no WAL"
                );
            }
            ("unsupported", _) => {
                let bytes = &files[&s.file];
                assert!(!bytes.starts_with(b"SQLite format 3"), "{s:?}");
                assert!(bytes.len() >= 512, "{s:?}");
            }
            _ => panic!("no check for {s:?}"),
        }
    }
}

#[test]
fn hostile_containers_are_small_on_disk() {
    for (name, bytes) in hostile_files() {
        assert!(bytes.len() < 1_000_000, "{name} is {} bytes", bytes.len());
    }
}
