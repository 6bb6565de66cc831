//! Keeps `fixtures/documents/expected.toml` and the fixtures in step: every file is described,
//! every described value is valid and normalised, and each planted value is really in the part,
//! sheet and cell, slide or page the entry names. The reading here is deliberately crude (string
//! search in the XML, lopdf's text extraction): it checks the fixtures, not snuffel.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

use docgen::expected::{documents_dir, Planted};

fn expected() -> docgen::expected::Expected {
    docgen::expected::load().unwrap()
}

/// Generated fixtures and committed binaries, by name.
fn all_files() -> BTreeMap<String, Vec<u8>> {
    let mut files: BTreeMap<String, Vec<u8>> = docgen::fixtures()
        .unwrap()
        .into_iter()
        .map(|(n, b)| (n.to_string(), b))
        .collect();
    for entry in std::fs::read_dir(documents_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let source = [".fods", ".fodt", ".sh", ".py", ".toml", ".md"];
        if !source.iter().any(|ext| name.ends_with(ext)) {
            assert!(
                !files.contains_key(&name),
                "{name} both generated and committed"
            );
            files.insert(name, std::fs::read(&path).unwrap());
        }
    }
    files
}

// ---- values -------------------------------------------------------------------------------

fn is_cell_ref(s: &str) -> bool {
    let letters = s.chars().take_while(char::is_ascii_uppercase).count();
    (1..=3).contains(&letters)
        && s.len() > letters
        && s[letters..].chars().all(|c| c.is_ascii_digit())
        && !s[letters..].starts_with('0')
}

fn ext(file: &str) -> &str {
    file.rsplit('.').next().unwrap()
}

#[test]
fn every_entry_is_valid_and_normalised() {
    let e = expected();
    for p in &e.planted {
        p.check_value().unwrap();
        let sheet_file = ["xlsx", "xls", "ods", "dat"].contains(&ext(&p.file));
        assert_eq!(p.sheet.is_some(), p.cell.is_some(), "{p:?}");
        if let Some(cell) = &p.cell {
            assert!(sheet_file && is_cell_ref(cell), "{p:?}");
        }
        if p.slide.is_some() {
            assert!(["pptx", "odp"].contains(&ext(&p.file)), "{p:?}");
        }
        if p.page.is_some() {
            assert_eq!(ext(&p.file), "pdf", "{p:?}");
        }
        if let Some(part) = &p.part {
            let allowed: &[&str] = match ext(&p.file) {
                "docx" | "odt" | "doc" | "rtf" => &[
                    "body",
                    "header",
                    "footer",
                    "footnote",
                    "endnote",
                    "comment",
                    "properties",
                    "hyperlink",
                ],
                "pptx" | "odp" => &["slide", "notes", "comment", "properties"],
                "pdf" => &["hyperlink", "properties"],
                _ => &["comment", "properties"],
            };
            assert!(allowed.contains(&part.as_str()), "{p:?}");
        }
    }
    for s in &e.status {
        assert!(
            ["protected", "no_text"].contains(&s.status.as_str()),
            "{s:?}"
        );
    }
}

#[test]
fn every_file_is_described_and_every_described_file_exists() {
    let e = expected();
    let files = all_files();
    let mut described: BTreeSet<&str> = BTreeSet::new();
    described.extend(e.planted.iter().map(|p| p.file.as_str()));
    described.extend(e.clean.iter().map(|c| c.file.as_str()));
    described.extend(e.status.iter().map(|s| s.file.as_str()));
    for name in files.keys() {
        assert!(
            described.contains(name.as_str()),
            "{name} not in expected.toml"
        );
    }
    for name in described {
        assert!(
            files.contains_key(name),
            "{name} in expected.toml but missing"
        );
    }
}

#[test]
fn output_is_deterministic() {
    assert_eq!(docgen::fixtures().unwrap(), docgen::fixtures().unwrap());
}

// ---- reading --------------------------------------------------------------------------------

fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        parts.insert(
            f.name().unwrap().to_string(),
            String::from_utf8_lossy(&data).into_owned(),
        );
    }
    parts
}

/// Text with the tags removed (runs glued as a reader would glue them) and the XML kept too
/// (attribute values such as `mailto:` targets).
fn haystack(xml: &str) -> String {
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

/// Whether `hay` holds `value` in the way its kind is written.
fn holds(hay: &str, kind: &str, value: &str) -> bool {
    match kind {
        "be_national_number" | "be_bis_number" => {
            let digits: String = hay.chars().filter(char::is_ascii_digit).collect();
            digits.contains(value) || digits.contains(value.trim_start_matches('0'))
        }
        // E.164: the digits of the number after its country code (`+32470123456` is written
        // `0470/12.34.56` or `+32 470 12 34 56`).
        "phone" => {
            let digits: String = hay.chars().filter(char::is_ascii_digit).collect();
            digits.contains(&value[3..])
        }
        "iban" => {
            let squeezed: String = hay
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_uppercase();
            squeezed.contains(value)
        }
        _ => hay.to_lowercase().contains(value),
    }
}

/// The XML of one element that starts with `open` (up to its closing `close`).
fn element<'a>(xml: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = xml.find(open)?;
    let rest = &xml[start..];
    let end = rest.find(close).map_or(rest.len(), |e| e + close.len());
    Some(&rest[..end])
}

/// The value of an xlsx cell: shared, inline or literal.
fn xlsx_cell(parts: &BTreeMap<String, String>, sheet: &str, cell: &str) -> String {
    let workbook = &parts["xl/workbook.xml"];
    let index = workbook
        .split("<sheet ")
        .skip(1)
        .position(|s| s.contains(&format!("name=\"{sheet}\"")))
        .unwrap_or_else(|| panic!("no sheet {sheet}"));
    let xml = &parts[&format!("xl/worksheets/sheet{}.xml", index + 1)];
    let c = element(xml, &format!("<c r=\"{cell}\""), "</c>")
        .unwrap_or_else(|| panic!("no cell {sheet}!{cell}"));
    let v = element(c, "<v>", "</v>").unwrap_or(c);
    if c.contains("t=\"s\"") {
        let n: usize = haystack(v).lines().last().unwrap().parse().unwrap();
        let shared = &parts["xl/sharedStrings.xml"];
        let si = shared.split("<si>").nth(n + 1).unwrap();
        haystack(si)
    } else {
        haystack(c)
    }
}

fn xlsx_comment(parts: &BTreeMap<String, String>, cell: &str) -> String {
    parts
        .iter()
        .filter(|(n, _)| n.starts_with("xl/comments"))
        .filter_map(|(_, xml)| element(xml, &format!("<comment ref=\"{cell}\""), "</comment>"))
        .map(haystack)
        .collect()
}

/// The cell of an ODS sheet, by counting rows and cells (the fixtures repeat none).
fn ods_cell(content: &str, sheet: &str, cell: &str) -> String {
    let table = element(
        content,
        &format!("<table:table table:name=\"{sheet}\""),
        "</table:table>",
    )
    .unwrap();
    let letters = cell.chars().take_while(char::is_ascii_uppercase).count();
    let col = cell[..letters]
        .bytes()
        .fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1));
    let row: usize = cell[letters..].parse().unwrap();
    let r = table.split("<table:table-row").nth(row).unwrap();
    haystack(r.split("<table:table-cell").nth(col).unwrap())
}

/// The text of the places a docx, pptx or ODF entry names.
fn package_location(file: &str, parts: &BTreeMap<String, String>, p: &Planted) -> String {
    let part = p.part.as_deref().unwrap_or("");
    let pick = |prefixes: &[&str]| -> String {
        parts
            .iter()
            .filter(|(n, _)| prefixes.iter().any(|pre| n.starts_with(pre)))
            .map(|(_, xml)| haystack(xml))
            .collect()
    };
    match (ext(file), part) {
        ("docx", "body") => pick(&["word/document.xml"]),
        ("docx", "header") => pick(&["word/header"]),
        ("docx", "footer") => pick(&["word/footer"]),
        ("docx", "footnote") => pick(&["word/footnotes.xml"]),
        ("docx", "endnote") => pick(&["word/endnotes.xml"]),
        ("docx", "comment") => pick(&["word/comments.xml"]),
        ("docx", "hyperlink") => pick(&["word/_rels/document.xml.rels"]),
        ("docx" | "pptx" | "xlsx", "properties") => pick(&["docProps/"]),
        ("pptx", "slide") => pick(&[&format!("ppt/slides/slide{}.xml", p.slide.unwrap())]),
        ("pptx", "notes") => pick(&[&format!(
            "ppt/notesSlides/notesSlide{}.xml",
            p.slide.unwrap()
        )]),
        ("odt", "header" | "footer") => pick(&["styles.xml"]),
        ("odt" | "ods" | "odp", "properties") => pick(&["meta.xml"]),
        ("ods", "comment") => pick(&["content.xml"]),
        ("odt", _) => pick(&["content.xml"]),
        ("odp", "slide" | "notes") => {
            let content = &parts["content.xml"];
            let page = content
                .split("<draw:page ")
                .nth(p.slide.unwrap() as usize)
                .unwrap();
            let (slide, notes) = page.split_once("<presentation:notes").unwrap_or((page, ""));
            haystack(if part == "notes" { notes } else { slide })
        }
        _ => panic!("no location rule for {p:?}"),
    }
}

fn pdf_location(doc: &lopdf::Document, p: &Planted) -> String {
    match p.part.as_deref() {
        Some("properties") => {
            let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
            let info = doc.get_dictionary(info).unwrap();
            let author = info.get(b"Author").unwrap().as_str().unwrap();
            match author.strip_prefix(b"\xFE\xFF") {
                Some(utf16) => {
                    let units: Vec<u16> = utf16
                        .chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
                        .collect();
                    String::from_utf16(&units).unwrap()
                }
                None => String::from_utf8_lossy(author).into_owned(),
            }
        }
        Some("hyperlink") => {
            let page_id = doc.get_pages()[&p.page.unwrap()];
            let mut uris = String::new();
            for annot in doc.get_page_annotations(page_id).unwrap() {
                if let Ok(action) = annot.get_deref(b"A", doc).and_then(|a| a.as_dict()) {
                    if let Ok(uri) = action.get(b"URI").and_then(|u| u.as_str()) {
                        uris.push_str(&String::from_utf8_lossy(uri));
                    }
                }
            }
            uris
        }
        _ => doc.extract_text(&[p.page.unwrap()]).unwrap(),
    }
}

#[test]
fn planted_values_are_where_expected_toml_says() {
    let e = expected();
    let files = all_files();
    let mut checked = 0;
    for p in &e.planted {
        let bytes = &files[&p.file];
        let hay = if bytes.starts_with(b"PK") {
            let parts = unzip(bytes);
            match (&p.sheet, &p.cell, p.part.as_deref()) {
                (Some(_), Some(cell), Some("comment")) if parts.contains_key("xl/workbook.xml") => {
                    xlsx_comment(&parts, cell)
                }
                (Some(sheet), Some(cell), None) if parts.contains_key("xl/workbook.xml") => {
                    xlsx_cell(&parts, sheet, cell)
                }
                (Some(sheet), Some(cell), None) => ods_cell(&parts["content.xml"], sheet, cell),
                _ => package_location(&p.file, &parts, p),
            }
        } else if bytes.starts_with(b"%PDF") {
            let doc = lopdf::Document::load_mem(bytes).unwrap();
            pdf_location(&doc, p)
        } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
            // BIFF (lo-leden.xls) and Word 97 (lo-brief.doc): checked by hand with LibreOffice
            // (and xlrd for the xls); see README.md.
            continue;
        } else {
            haystack(&String::from_utf8_lossy(bytes))
        };
        assert!(holds(&hay, &p.kind, &p.value), "{p:?} not in:\n{hay}");
        checked += 1;
    }
    assert!(checked > 100, "only {checked} entries checked");
}

#[test]
fn clean_files_hold_no_planted_value() {
    let e = expected();
    let files = all_files();
    let values: BTreeSet<(&str, &str)> = e
        .planted
        .iter()
        .map(|p| (p.kind.as_str(), p.value.as_str()))
        .collect();
    for c in &e.clean {
        let bytes = &files[&c.file];
        let hay = if bytes.starts_with(b"PK") {
            unzip(bytes).values().map(|x| haystack(x)).collect()
        } else {
            let doc = lopdf::Document::load_mem(bytes).unwrap();
            doc.extract_text(&[1]).unwrap()
        };
        for (kind, value) in &values {
            // Digits glued across cells are not what this checks; search each line alone.
            for line in hay.lines() {
                assert!(!holds(line, kind, value), "{value} in {}", c.file);
            }
        }
    }
}

#[test]
fn status_files_are_what_they_claim() {
    let e = expected();
    let files = all_files();
    for s in &e.status {
        let bytes = &files[&s.file];
        match (s.status.as_str(), ext(&s.file)) {
            ("protected", "pdf") => {
                assert!(String::from_utf8_lossy(bytes).contains("/Encrypt"), "{s:?}");
                // Unreadable without the password, readable with it.
                let without = lopdf::Document::load_mem(bytes)
                    .ok()
                    .and_then(|d| d.extract_text(&[1]).ok())
                    .unwrap_or_default();
                assert!(!without.contains("Rijksregisternummer"), "{s:?}");
                let with = lopdf::Document::load_mem_with_options(
                    bytes,
                    lopdf::LoadOptions::with_password("geheim"),
                )
                .unwrap();
                assert!(with
                    .extract_text(&[1])
                    .unwrap()
                    .contains("Rijksregisternummer"));
            }
            ("protected", "odt") => {
                assert!(unzip(bytes)["META-INF/manifest.xml"].contains("encryption-data"))
            }
            ("protected", _) => assert!(bytes.starts_with(b"\xD0\xCF\x11\xE0"), "{s:?}"),
            ("no_text", "pdf") => {
                let doc = lopdf::Document::load_mem(bytes).unwrap();
                assert_eq!(doc.extract_text(&[1]).unwrap().trim(), "");
                let page = doc.get_pages()[&1];
                let content = doc.get_page_content(page);
                let ops = lopdf::content::Content::decode(&content).unwrap();
                assert!(ops
                    .operations
                    .iter()
                    .all(|op| !["Tj", "TJ", "'", "\""].contains(&op.operator.as_str())));
            }
            _ => panic!("no check for {s:?}"),
        }
    }
}

#[test]
fn hostile_files_are_small_and_hostile() {
    let files: BTreeMap<&str, Vec<u8>> = docgen::hostile().unwrap().into_iter().collect();
    for (name, bytes) in &files {
        assert!(bytes.len() < 100_000, "{name} is {} bytes", bytes.len());
    }
    let bomb = unzip(&files["zip-bomb.docx"]);
    assert!(bomb["word/document.xml"].len() > 50_000_000);
    let deep = unzip(&files["deep.docx"]);
    assert_eq!(
        deep["word/document.xml"].matches("<w:customXml ").count(),
        100_000
    );
    let laughs = unzip(&files["laughs.docx"]);
    assert!(laughs["word/document.xml"].contains("<!ENTITY lol9"));
    let dim = unzip(&files["huge-dim.xlsx"]);
    assert!(dim["xl/worksheets/sheet1.xml"].contains("r=\"XFD1048576\""));
    assert!(String::from_utf8_lossy(&files["hugelen.pdf"]).contains("/Length 1099511627776"));
    assert!(zip::ZipArchive::new(Cursor::new(&files["truncated.xlsx"])).is_err());
}
