//! ZIP packages: Office Open XML (docx, pptx, and the parts of xlsx calamine does not read)
//! and OpenDocument (odt, odp), read part by part with the streaming XML of `xml`.
//!
//! What a package is comes from inside it, never from its name: `[Content_Types].xml` names
//! an OOXML package's main part, the `mimetype` entry an OpenDocument one. A ZIP that is
//! neither is an archive (a later extractor's business). Spreadsheets go to `sheet`
//! (calamine), after this module has read what calamine leaves out: cell comments, document
//! properties and `mailto:` link targets.
//!
//! Text is sent a paragraph (or table cell, comment, property) at a time: runs inside a
//! paragraph are joined, so a number Word split over two runs is one number, and paragraphs
//! and cells stay apart, so two numbers in adjacent cells never glue into one.

use std::collections::BTreeMap;
use std::io::{Read, Seek};

use zip::ZipArchive;

use super::document::{Budget, Emitter, Failure, Input, Part, Place};
use super::sheet;
use super::xml::{self, attr, Node};

/// A paragraph longer than this is sent in pieces, so one element cannot hold all memory.
const MAX_PARAGRAPH: usize = 1 << 20;

/// Reads a ZIP package of any kind.
pub fn extract_package(input: Box<dyn Input>, out: &mut Emitter<'_>) -> Result<(), Failure> {
    let mut zip =
        ZipArchive::new(input).map_err(|e| Failure::Error(format!("damaged ZIP package: {e}")))?;
    let budget = out.budget.clone();
    if let Some(types) = xml::read_entry(&mut zip, "[Content_Types].xml", &budget)? {
        let types = ContentTypes::parse(&types, &budget)?;
        return extract_ooxml(zip, &types, out);
    }
    if let Some(mime) = xml::read_entry(&mut zip, "mimetype", &budget)? {
        let mime = String::from_utf8_lossy(&mime).trim().to_string();
        if let Some(kind) = odf_kind(&mime) {
            return extract_odf(zip, kind, out);
        }
    }
    Err(Failure::Skip("unsupported format: zip archive".into()))
}

/// `[Content_Types].xml`: the content type of every part.
struct ContentTypes {
    /// Part name without its leading slash → content type.
    parts: BTreeMap<String, String>,
    main: Option<String>,
}

impl ContentTypes {
    fn parse(bytes: &[u8], budget: &Budget) -> Result<Self, Failure> {
        let mut parts = BTreeMap::new();
        let mut defaults = BTreeMap::new();
        xml::walk(bytes, budget, |node| {
            if let Node::Open(e) = node {
                match e.local_name().as_ref() {
                    "Override" => {
                        if let (Some(name), Some(kind)) =
                            (attr(e, "PartName"), attr(e, "ContentType"))
                        {
                            parts.insert(name.trim_start_matches('/').to_string(), kind);
                        }
                    }
                    "Default" => {
                        if let (Some(ext), Some(kind)) =
                            (attr(e, "Extension"), attr(e, "ContentType"))
                        {
                            defaults.insert(ext.to_ascii_lowercase(), kind);
                        }
                    }
                    _ => {}
                }
            }
            Ok(())
        })?;
        // xlsb declares its main part by extension (`bin`), the others by part name.
        let main = parts
            .values()
            .chain(defaults.values())
            .find(|t| t.contains(".main"))
            .cloned();
        Ok(ContentTypes { parts, main })
    }

    /// The package kind, from its main part's content type.
    fn kind(&self) -> Option<&'static str> {
        let main = self.main.as_deref()?;
        let macros = main.contains("macroEnabled");
        let template = main.contains("template");
        Some(
            if main.contains("wordprocessingml") || main.contains("ms-word") {
                match (template, macros) {
                    (true, _) => "dotx",
                    (false, true) => "docm",
                    _ => "docx",
                }
            } else if main.contains("sheet.binary") {
                "xlsb"
            } else if main.contains("spreadsheetml") || main.contains("ms-excel") {
                match (template, macros) {
                    (true, _) => "xltx",
                    (false, true) => "xlsm",
                    _ => "xlsx",
                }
            } else if main.contains("presentationml") || main.contains("ms-powerpoint") {
                if main.contains("slideshow") {
                    "ppsx"
                } else if macros {
                    "pptm"
                } else {
                    "pptx"
                }
            } else {
                return None;
            },
        )
    }

    /// Parts whose content type ends with `suffix`, in natural order (`slide2` before `slide10`).
    fn parts_ending(&self, suffix: &str) -> Vec<String> {
        let mut names: Vec<String> = self
            .parts
            .iter()
            .filter(|(_, t)| t.ends_with(suffix))
            .map(|(n, _)| n.clone())
            .collect();
        names.sort_by_key(|n| natural_key(n));
        names
    }
}

/// Sorts `slide10` after `slide9`.
fn natural_key(name: &str) -> (String, u64) {
    let digits: String = name
        .chars()
        .rev()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let stem = name.trim_end_matches(|c: char| !c.is_ascii_digit());
    let stem = stem.trim_end_matches(|c: char| c.is_ascii_digit());
    (stem.to_string(), digits.parse().unwrap_or(0))
}

fn extract_ooxml(
    mut zip: ZipArchive<Box<dyn Input>>,
    types: &ContentTypes,
    out: &mut Emitter<'_>,
) -> Result<(), Failure> {
    let kind = types
        .kind()
        .ok_or_else(|| Failure::Skip("unsupported format: OOXML package of unknown kind".into()))?;
    out.format(kind)?;
    match kind {
        "docx" | "docm" | "dotx" => extract_word(&mut zip, types, out)?,
        "pptx" | "pptm" | "ppsx" => extract_slides(&mut zip, types, out)?,
        _ => {
            // Calamine reads the cells; comments and links are read here first.
            extract_cell_comments(&mut zip, out)?;
            extract_links(&mut zip, out)?;
            extract_properties(&mut zip, types, out)?;
            let input = zip.into_inner();
            return if kind == "xlsb" {
                sheet::extract_xlsb(input, out)
            } else {
                sheet::extract_xlsx(input, out)
            };
        }
    }
    extract_links(&mut zip, out)?;
    extract_properties(&mut zip, types, out)
}

/// Word: the body, then headers, footers, footnotes, endnotes and comments.
fn extract_word<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    types: &ContentTypes,
    out: &mut Emitter<'_>,
) -> Result<(), Failure> {
    const PARTS: [(&str, Part); 6] = [
        ("document.main+xml", Part::Body),
        ("header+xml", Part::Header),
        ("footer+xml", Part::Footer),
        ("footnotes+xml", Part::Footnote),
        ("endnotes+xml", Part::Endnote),
        ("comments+xml", Part::Comment),
    ];
    for (suffix, part) in PARTS {
        let mut names = types.parts_ending(suffix);
        if part == Part::Body {
            // Templates and macro documents name their main part differently.
            names.extend(types.parts_ending("template.main+xml"));
            names.extend(types.parts_ending("macroEnabled.main+xml"));
            names.extend(types.parts_ending("macroEnabledTemplate.main+xml"));
            names.retain(|n| !n.contains("glossary"));
        }
        for name in names {
            out.part(part)?;
            read_paragraphs(zip, &name, out)?;
        }
    }
    Ok(())
}

/// Slides in presentation order, each followed by its speaker notes, then comments.
fn extract_slides<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    types: &ContentTypes,
    out: &mut Emitter<'_>,
) -> Result<(), Failure> {
    let budget = out.budget.clone();
    let mut slides = slide_order(zip, &budget)?;
    if slides.is_empty() {
        slides = types.parts_ending("presentationml.slide+xml");
    }
    for (i, slide) in slides.iter().enumerate() {
        let number = i as u32 + 1;
        out.place(Place {
            part: Some(Part::Slide),
            slide: Some(number),
            ..Place::default()
        })?;
        read_paragraphs(zip, slide, out)?;
        let notes = relations(zip, slide, &budget)?
            .into_iter()
            .find(|r| r.kind.ends_with("/notesSlide"));
        if let Some(notes) = notes {
            out.place(Place {
                part: Some(Part::Notes),
                slide: Some(number),
                ..Place::default()
            })?;
            read_paragraphs(zip, &notes.target, out)?;
        }
    }
    for name in types.parts_ending("comments+xml") {
        out.part(Part::Comment)?;
        read_paragraphs(zip, &name, out)?;
    }
    Ok(())
}

/// The slide parts in the order `ppt/presentation.xml` lists them.
fn slide_order<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    budget: &Budget,
) -> Result<Vec<String>, Failure> {
    let rels = relations(zip, "ppt/presentation.xml", budget)?;
    let mut ids = Vec::new();
    if let Some(reader) = xml::open_entry(zip, "ppt/presentation.xml", budget)? {
        xml::walk(reader, budget, |node| {
            if let Node::Open(e) = node {
                if e.local_name().as_ref() == "sldId" {
                    ids.extend(relation_id(e));
                }
            }
            Ok(())
        })?;
    }
    Ok(ids
        .iter()
        .filter_map(|id| rels.iter().find(|r| &r.id == id))
        .map(|r| r.target.clone())
        .collect())
}

/// `r:id` of an element (the `id` attribute in the relationships namespace; the plain `id`
/// of `p:sldId` is a number, not a relationship).
fn relation_id(e: &quick_xml::events::BytesStart<'_>) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.as_ref();
        (key.ends_with(":id") && key != "xml:id").then(|| a.value.to_string())
    })
}

/// One relationship of a part.
struct Relation {
    id: String,
    kind: String,
    /// Resolved to a part name in the package (or the raw target when external).
    target: String,
    external: bool,
}

/// The relationships of `part` (from `dir/_rels/name.rels`).
fn relations<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    part: &str,
    budget: &Budget,
) -> Result<Vec<Relation>, Failure> {
    let (dir, name) = part.rsplit_once('/').unwrap_or(("", part));
    let rels_name = if dir.is_empty() {
        format!("_rels/{name}.rels")
    } else {
        format!("{dir}/_rels/{name}.rels")
    };
    let Some(reader) = xml::open_entry(zip, &rels_name, budget)? else {
        return Ok(Vec::new());
    };
    parse_relations(reader, dir, budget)
}

fn parse_relations(
    reader: impl std::io::BufRead,
    dir: &str,
    budget: &Budget,
) -> Result<Vec<Relation>, Failure> {
    let mut rels = Vec::new();
    xml::walk(reader, budget, |node| {
        if let Node::Open(e) = node {
            if e.local_name().as_ref() == "Relationship" {
                let external = attr(e, "TargetMode").is_some_and(|m| m == "External");
                let target = attr(e, "Target").unwrap_or_default();
                rels.push(Relation {
                    id: attr(e, "Id").unwrap_or_default(),
                    kind: attr(e, "Type").unwrap_or_default(),
                    target: if external {
                        target
                    } else {
                        resolve_target(dir, &target)
                    },
                    external,
                });
            }
        }
        Ok(())
    })?;
    Ok(rels)
}

/// `../slides/slide1.xml` relative to `ppt/notesSlides` → `ppt/slides/slide1.xml`.
fn resolve_target(dir: &str, target: &str) -> String {
    if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_string();
    }
    let mut path: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for piece in target.split('/') {
        match piece {
            ".." => {
                path.pop();
            }
            "." | "" => {}
            p => path.push(p),
        }
    }
    path.join("/")
}

/// Walks the XML of ZIP entry `name`, if there is one, handing every node and the emitter to
/// `visit`; false when the package has no such entry.
fn walk_part<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
    out: &mut Emitter<'_>,
    mut visit: impl FnMut(Node<'_>, &mut Emitter<'_>) -> Result<(), Failure>,
) -> Result<bool, Failure> {
    let budget = out.budget.clone();
    let Some(reader) = xml::open_entry(zip, name, &budget)? else {
        return Ok(false);
    };
    xml::walk(reader, &budget, |node| visit(node, out))?;
    Ok(true)
}

/// Sends the paragraphs (and table cells) of one OOXML part.
fn read_paragraphs<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
    out: &mut Emitter<'_>,
) -> Result<(), Failure> {
    let mut para = Paragraph::default();
    let mut in_text = false;
    walk_part(zip, name, out, |node, out| {
        match node {
            Node::Open(e) => match e.local_name().as_ref() {
                // Visible text, deleted text of tracked changes, and field codes (which hold
                // `HYPERLINK "mailto:…"`).
                "t" | "delText" | "instrText" => in_text = true,
                "tab" | "ptab" => para.push(" "),
                "br" | "cr" => para.flush(out)?,
                _ => {}
            },
            Node::Close(name) => match name {
                "t" | "delText" | "instrText" => in_text = false,
                "p" | "tc" | "tr" | "comment" | "footnote" | "endnote" => para.flush(out)?,
                _ => {}
            },
            Node::Text(text) if in_text => para.push_checked(text, out)?,
            Node::Text(_) => {}
        }
        Ok(())
    })?;
    para.flush(out)
}

/// Text of one paragraph being joined from its runs.
#[derive(Default)]
struct Paragraph {
    text: String,
}

impl Paragraph {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }

    fn push_checked(&mut self, s: &str, out: &mut Emitter<'_>) -> Result<(), Failure> {
        self.text.push_str(s);
        if self.text.len() > MAX_PARAGRAPH {
            self.flush(out)?;
        }
        Ok(())
    }

    fn flush(&mut self, out: &mut Emitter<'_>) -> Result<(), Failure> {
        if !self.text.is_empty() {
            out.text(std::mem::take(&mut self.text))?;
        }
        Ok(())
    }
}

/// `mailto:` targets of every part's relationships: a link's address is often not in its text.
fn extract_links<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    out: &mut Emitter<'_>,
) -> Result<(), Failure> {
    let budget = out.budget.clone();
    let rels_parts: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.ends_with(".rels"))
        .map(|n| n.into_owned())
        .collect();
    let mut targets = Vec::new();
    for name in rels_parts {
        if let Some(reader) = xml::open_entry(zip, &name, &budget)? {
            targets.extend(
                parse_relations(reader, "", &budget)?
                    .into_iter()
                    .filter(|r| r.external && is_mailto(&r.target))
                    .map(|r| r.target),
            );
        }
    }
    send_links(targets, out)
}

fn is_mailto(target: &str) -> bool {
    target.len() > 7 && target[..7].eq_ignore_ascii_case("mailto:")
}

fn send_links(targets: Vec<String>, out: &mut Emitter<'_>) -> Result<(), Failure> {
    if targets.is_empty() {
        return Ok(());
    }
    out.part(Part::Hyperlink)?;
    for target in targets {
        out.text(target)?;
    }
    Ok(())
}

/// Core, extended and custom properties: author, last modified by, company, manager …
fn extract_properties<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    types: &ContentTypes,
    out: &mut Emitter<'_>,
) -> Result<(), Failure> {
    let mut names = types.parts_ending("core-properties+xml");
    names.extend(types.parts_ending("extended-properties+xml"));
    names.extend(types.parts_ending("custom-properties+xml"));
    for name in names {
        out.part(Part::Properties)?;
        read_properties(zip, &name, out)?;
    }
    Ok(())
}

/// Every element's text on its own: properties are short values, not paragraphs.
fn read_properties<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
    out: &mut Emitter<'_>,
) -> Result<(), Failure> {
    let mut value = Paragraph::default();
    walk_part(zip, name, out, |node, out| {
        match node {
            Node::Text(text) => value.push_checked(text, out)?,
            Node::Open(_) | Node::Close(_) => value.flush(out)?,
        }
        Ok(())
    })?;
    value.flush(out)
}

/// Cell comments (notes) of every worksheet, located at their sheet and cell.
fn extract_cell_comments<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    out: &mut Emitter<'_>,
) -> Result<(), Failure> {
    let budget = out.budget.clone();
    let sheets = workbook_sheets(zip, &budget)?;
    for (sheet_name, sheet_part) in sheets {
        let comments = relations(zip, &sheet_part, &budget)?
            .into_iter()
            .filter(|r| r.kind.ends_with("/comments"));
        for rel in comments {
            out.place(Place {
                part: Some(Part::Comment),
                sheet: Some(sheet_name.clone()),
                ..Place::default()
            })?;
            read_comments(zip, &rel.target, out)?;
        }
    }
    Ok(())
}

/// (sheet name, worksheet part) from `xl/workbook.xml` and its relationships.
fn workbook_sheets<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    budget: &Budget,
) -> Result<Vec<(String, String)>, Failure> {
    let rels = relations(zip, "xl/workbook.xml", budget)?;
    let mut sheets = Vec::new();
    if let Some(reader) = xml::open_entry(zip, "xl/workbook.xml", budget)? {
        xml::walk(reader, budget, |node| {
            if let Node::Open(e) = node {
                if e.local_name().as_ref() == "sheet" {
                    if let (Some(name), Some(id)) = (attr(e, "name"), relation_id(e)) {
                        sheets.push((name, id));
                    }
                }
            }
            Ok(())
        })?;
    }
    Ok(sheets
        .into_iter()
        .filter_map(|(name, id)| {
            let rel = rels.iter().find(|r| r.id == id)?;
            Some((name, rel.target.clone()))
        })
        .collect())
}

/// `<comment ref="C14"><text><r><t>…` → the text, at cell C14.
fn read_comments<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
    out: &mut Emitter<'_>,
) -> Result<(), Failure> {
    let mut cell = None;
    let mut text = String::new();
    let mut in_text = false;
    walk_part(zip, name, out, |node, out| {
        match node {
            Node::Open(e) => match e.local_name().as_ref() {
                "comment" => cell = attr(e, "ref").and_then(|r| parse_cell(&r)),
                "t" => in_text = true,
                _ => {}
            },
            Node::Close("t") => in_text = false,
            Node::Close("comment") => {
                let body = std::mem::take(&mut text);
                match cell.take() {
                    Some((row, col)) => out.cell(row, col, false, body)?,
                    None => out.text(body)?,
                }
            }
            Node::Close(_) => {}
            Node::Text(t) if in_text && text.len() < MAX_PARAGRAPH => text.push_str(t),
            Node::Text(_) => {}
        }
        Ok(())
    })?;
    Ok(())
}

/// `C14` → (13, 2).
pub fn parse_cell(name: &str) -> Option<(u32, u32)> {
    let split = name.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = name.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters.bytes().try_fold(0u32, |acc, b| {
        b.is_ascii_alphabetic()
            .then(|| acc * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1))
    })?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// OpenDocument kinds by their `mimetype`.
fn odf_kind(mime: &str) -> Option<&'static str> {
    let sub = mime.strip_prefix("application/vnd.oasis.opendocument.")?;
    Some(match sub {
        "text" => "odt",
        "text-template" => "ott",
        "text-master" => "odm",
        "spreadsheet" => "ods",
        "spreadsheet-template" => "ots",
        "presentation" => "odp",
        "presentation-template" => "otp",
        "graphics" => "odg",
        _ => "odf",
    })
}

fn extract_odf(
    mut zip: ZipArchive<Box<dyn Input>>,
    kind: &'static str,
    out: &mut Emitter<'_>,
) -> Result<(), Failure> {
    out.format(kind)?;
    let budget = out.budget.clone();
    if odf_is_encrypted(&mut zip, &budget)? {
        return Err(Failure::Protected(kind.to_string()));
    }
    if matches!(kind, "ods" | "ots") {
        read_odf_part(&mut zip, "meta.xml", OdfPart::Meta, out)?;
        read_ods_comments(&mut zip, out)?;
        return sheet::extract_ods(zip.into_inner(), out);
    }
    read_odf_part(&mut zip, "content.xml", OdfPart::Content, out)?;
    read_odf_part(&mut zip, "styles.xml", OdfPart::Styles, out)?;
    read_odf_part(&mut zip, "meta.xml", OdfPart::Meta, out)
}

/// Cell comments (`office:annotation`) of a spreadsheet, which calamine does not read, at
/// their sheet and cell. Positions are counted through `table:number-rows-repeated` and
/// `table:number-columns-repeated`, which cost arithmetic, not memory.
fn read_ods_comments<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    out: &mut Emitter<'_>,
) -> Result<(), Failure> {
    let mut sheet = String::new();
    let (mut row, mut col) = (0u32, 0u32);
    let (mut row_repeat, mut col_repeat) = (1u32, 1u32);
    let mut in_comment = false;
    let mut text = Paragraph::default();
    let repeat = |e: &quick_xml::events::BytesStart<'_>, name: &str| {
        attr(e, name)
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(1)
            .max(1)
    };
    walk_part(zip, "content.xml", out, |node, out| {
        match node {
            Node::Open(e) => match e.local_name().as_ref() {
                "table" => {
                    sheet = attr(e, "name").unwrap_or_default();
                    row = 0;
                }
                "table-row" => {
                    col = 0;
                    row_repeat = repeat(e, "number-rows-repeated");
                }
                "table-cell" | "covered-table-cell" => {
                    col_repeat = repeat(e, "number-columns-repeated");
                }
                "annotation" => {
                    in_comment = true;
                    out.place(Place {
                        part: Some(Part::Comment),
                        sheet: Some(sheet.clone()),
                        ..Place::default()
                    })?;
                }
                _ => {}
            },
            Node::Close(name) => match name {
                "table-row" => row = row.saturating_add(row_repeat),
                "table-cell" | "covered-table-cell" => col = col.saturating_add(col_repeat),
                "annotation" => in_comment = false,
                "p" | "creator" | "date" if in_comment && !text.text.is_empty() => {
                    out.cell(row, col, false, std::mem::take(&mut text.text))?;
                }
                _ => {}
            },
            Node::Text(t) if in_comment => text.push_checked(t, out)?,
            Node::Text(_) => {}
        }
        Ok(())
    })?;
    Ok(())
}

/// The manifest marks every encrypted entry with `<manifest:encryption-data>`.
fn odf_is_encrypted<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    budget: &Budget,
) -> Result<bool, Failure> {
    let Some(reader) = xml::open_entry(zip, "META-INF/manifest.xml", budget)? else {
        return Ok(false);
    };
    let mut encrypted = false;
    xml::walk(reader, budget, |node| {
        if let Node::Open(e) = node {
            encrypted |= e.local_name().as_ref() == "encryption-data";
        }
        Ok(())
    })?;
    Ok(encrypted)
}

#[derive(Clone, Copy, PartialEq)]
enum OdfPart {
    /// content.xml: the body.
    Content,
    /// styles.xml: only the headers and footers of master pages hold text.
    Styles,
    /// meta.xml: properties.
    Meta,
}

/// Reads one OpenDocument part, following where its text sits: body, comment (annotation),
/// foot- or endnote, slide and speaker notes, header and footer.
fn read_odf_part<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
    which: OdfPart,
    out: &mut Emitter<'_>,
) -> Result<(), Failure> {
    let budget = out.budget.clone();
    let Some(reader) = xml::open_entry(zip, name, &budget)? else {
        return Ok(());
    };
    let base = match which {
        OdfPart::Content => Some(Part::Body),
        OdfPart::Styles => None,
        OdfPart::Meta => Some(Part::Properties),
    };
    let mut walker = OdfWalker {
        places: vec![place_of(base, None)],
        slide: 0,
        para: Paragraph::default(),
        links: Vec::new(),
        meta: which == OdfPart::Meta,
    };
    if base.is_some() {
        out.place(walker.places[0].clone())?;
    }
    xml::walk(reader, &budget, |node| walker.visit(node, out))?;
    walker.para.flush(out)?;
    send_links(walker.links, out)
}

fn place_of(part: Option<Part>, slide: Option<u32>) -> Place {
    Place {
        part,
        slide,
        ..Place::default()
    }
}

struct OdfWalker {
    /// Innermost last; text is collected only where the innermost place has a part.
    places: Vec<Place>,
    slide: u32,
    para: Paragraph,
    links: Vec<String>,
    /// meta.xml: every element is a value of its own.
    meta: bool,
}

impl OdfWalker {
    fn visit(&mut self, node: Node<'_>, out: &mut Emitter<'_>) -> Result<(), Failure> {
        match node {
            Node::Open(e) => self.open(e, out),
            Node::Close(name) => self.close(name, out),
            Node::Text(text) if self.collecting() => self.para.push_checked(text, out),
            Node::Text(_) => Ok(()),
        }
    }

    fn collecting(&self) -> bool {
        self.places.last().is_some_and(|p| p.part.is_some())
    }

    fn open(
        &mut self,
        e: &quick_xml::events::BytesStart<'_>,
        out: &mut Emitter<'_>,
    ) -> Result<(), Failure> {
        if self.meta {
            return self.para.flush(out);
        }
        let slide = self.places.last().and_then(|p| p.slide);
        let entered = match e.local_name().as_ref() {
            "s" | "tab" => {
                self.para.push(" ");
                None
            }
            "line-break" => {
                self.para.flush(out)?;
                None
            }
            "a" => {
                self.links.extend(attr(e, "href").filter(|h| is_mailto(h)));
                None
            }
            "annotation" => Some(place_of(Some(Part::Comment), slide)),
            "note" => Some(place_of(
                Some(match attr(e, "note-class").as_deref() {
                    Some("endnote") => Part::Endnote,
                    _ => Part::Footnote,
                }),
                slide,
            )),
            "page" => {
                self.slide += 1;
                Some(place_of(Some(Part::Slide), Some(self.slide)))
            }
            "notes" => Some(place_of(Some(Part::Notes), slide)),
            "header" | "header-left" | "header-first" => Some(place_of(Some(Part::Header), None)),
            "footer" | "footer-left" | "footer-first" => Some(place_of(Some(Part::Footer), None)),
            _ => None,
        };
        if let Some(place) = entered {
            self.para.flush(out)?;
            out.place(place.clone())?;
            self.places.push(place);
        }
        Ok(())
    }

    fn close(&mut self, name: &str, out: &mut Emitter<'_>) -> Result<(), Failure> {
        match name {
            "p" | "h" | "table-cell" | "frame" | "list-item" | "creator" | "date"
            | "note-citation" => self.para.flush(out),
            "annotation" | "note" | "page" | "notes" | "header" | "header-left"
            | "header-first" | "footer" | "footer-left" | "footer-first"
                if !self.meta && self.places.len() > 1 =>
            {
                self.para.flush(out)?;
                self.places.pop();
                match self.places.last() {
                    Some(parent) if parent.part.is_some() => Ok(out.place(parent.clone())?),
                    _ => Ok(()),
                }
            }
            _ if self.meta => self.para.flush(out),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_parse() {
        assert_eq!(parse_cell("A1"), Some((0, 0)));
        assert_eq!(parse_cell("C14"), Some((13, 2)));
        assert_eq!(parse_cell("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_cell("A0"), None);
        assert_eq!(parse_cell("14"), None);
    }

    #[test]
    fn targets_resolve() {
        assert_eq!(
            resolve_target("ppt/notesSlides", "../slides/slide1.xml"),
            "ppt/slides/slide1.xml"
        );
        assert_eq!(
            resolve_target("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve_target("xl", "/xl/comments1.xml"),
            "xl/comments1.xml"
        );
    }

    #[test]
    fn natural_order() {
        let mut names = vec![
            "ppt/slides/slide10.xml",
            "ppt/slides/slide9.xml",
            "ppt/slides/slide1.xml",
        ];
        names.sort_by_key(|n| natural_key(n));
        assert_eq!(
            names,
            [
                "ppt/slides/slide1.xml",
                "ppt/slides/slide9.xml",
                "ppt/slides/slide10.xml"
            ]
        );
    }
}
