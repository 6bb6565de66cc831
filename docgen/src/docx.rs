//! WordprocessingML packages written by hand: `brief.docx` with a value in every place a Word
//! document can hide one, `decoys.docx`, and the plain package the hostile files reuse.

use std::io;

use crate::opc::{self, ct, rel, Rel};
use crate::pkg::{esc, Package};
use crate::values::*;

/// The opening tag of a WordprocessingML part with the namespaces used here.
pub fn open(tag: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:{tag} xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">"#
    )
}

/// A run of text.
pub fn run(text: &str) -> String {
    format!(
        r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
        esc(text)
    )
}

/// A paragraph of one run.
pub fn para(text: &str) -> String {
    format!("<w:p>{}</w:p>", run(text))
}

/// A table cell holding one paragraph.
fn cell(text: &str) -> String {
    format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>{}</w:tc>"#,
        para(text)
    )
}

/// A table of rows of cells.
pub fn table(rows: &[&[&str]]) -> String {
    let cols = rows.first().map_or(0, |r| r.len());
    let mut s = String::from(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr><w:tblGrid>"#,
    );
    for _ in 0..cols {
        s.push_str(r#"<w:gridCol w:w="3000"/>"#);
    }
    s.push_str("</w:tblGrid>");
    for row in rows {
        s.push_str("<w:tr>");
        for c in *row {
            s.push_str(&cell(c));
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
    s
}

const SECT_PR: &str = r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>"#;

/// A one-part docx: `word/document.xml` with the given body content, no header or notes.
pub fn plain_docx(body: &str, creator: &str) -> io::Result<Vec<u8>> {
    let document = format!(
        "{}<w:body>{body}{SECT_PR}</w:body></w:document>",
        open("document")
    );
    plain_docx_with_document(document.as_bytes(), creator)
}

/// A docx whose `word/document.xml` is exactly `document` (the hostile files need this).
pub fn plain_docx_with_document(document: &[u8], creator: &str) -> io::Result<Vec<u8>> {
    let mut p = Package::in_memory();
    p.add(
        "[Content_Types].xml",
        opc::content_types(&[("word/document.xml", &ct::wml("document.main"))]),
    )?
    .add("_rels/.rels", opc::package_rels("word/document.xml"))?
    .add(
        "docProps/core.xml",
        opc::core_props("Document", creator, creator),
    )?
    .add("docProps/app.xml", opc::app_props("docgen"))?
    .add("word/document.xml", document)?;
    p.into_bytes()
}

/// `brief.docx`: a letter with values in the body (split over runs, in a table, a text box,
/// tracked changes), the header, footer, a footnote, an endnote, a comment, a `mailto:`
/// hyperlink target and the core properties. See `fixtures/documents/expected.toml`.
pub fn brief_docx() -> io::Result<Vec<u8>> {
    let mut body = String::new();
    body.push_str(&para("Geachte heer Peeters,"));
    // The national number split over two runs of one paragraph, as Word does after an edit.
    body.push_str(&format!(
        "<w:p>{}{}{}</w:p>",
        run("Rijksregisternummer: "),
        run("85.07.30-"),
        run("033.28")
    ));
    body.push_str(&para(
        "Uw aanvraag werd besproken. De behandelende arts bevestigt de diagnose diabetes.",
    ));
    // A table: the first row holds two halves that would be a valid number only if glued.
    body.push_str(&table(&[
        &["850730", "03328"],
        &["Rekening", "NL91 ABNA 0417 1643 00"],
    ]));
    // A VML text box.
    body.push_str(&format!(
        r##"<w:p><w:r><w:pict><v:shape id="Tekstvak1" o:spid="_x0000_s1026" type="#_x0000_t202" style="width:300pt;height:40pt"><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"##,
        para(&format!("Terugbetaling op {IBAN_BE_1}"))
    ));
    // Tracked changes: an insertion and a deletion.
    body.push_str(&format!(
        r#"<w:p>{}<w:ins w:id="11" w:author="Redactie" w:date="2024-03-15T10:00:00Z">{}</w:ins></w:p>"#,
        run("Partner: "),
        run(&format!("rijksregisternummer {NN_1990}"))
    ));
    body.push_str(&format!(
        r#"<w:p>{}<w:del w:id="12" w:author="Redactie" w:date="2024-03-15T10:00:00Z"><w:r><w:delText xml:space="preserve">rijksregisternummer {NN_2005}</w:delText></w:r></w:del></w:p>"#,
        run("Kind: ")
    ));
    // Footnote, endnote and comment references.
    body.push_str(&format!(
        r#"<w:p>{}<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>{}<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:endnoteReference w:id="1"/></w:r></w:p>"#,
        run("Zie de voetnoot"),
        run(" en de eindnoot.")
    ));
    body.push_str(&format!(
        r#"<w:p><w:commentRangeStart w:id="0"/>{}<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>"#,
        run("De aanvrager is niet ingeschreven in het rijksregister.")
    ));
    // A hyperlink whose target, not its text, holds the address.
    body.push_str(&format!(
        r#"<w:p>{}<w:hyperlink r:id="rId20"><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>schrijf ons</w:t></w:r></w:hyperlink>{}</w:p>"#,
        run("Vragen? "),
        run(".")
    ));
    body.push_str(&para("Met vriendelijke groeten,"));
    body.push_str(&para("Het secretariaat"));

    let sect = r#"<w:sectPr><w:headerReference w:type="default" r:id="rId1"/><w:footerReference w:type="default" r:id="rId2"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>"#;
    let document = format!(
        "{}<w:body>{body}{sect}</w:body></w:document>",
        open("document")
    );

    let header = format!(
        "{}{}</w:hdr>",
        open("hdr"),
        para("Contact: an.janssens@example.com")
    );
    let footer = format!(
        "{}{}</w:ftr>",
        open("ftr"),
        para(&format!("Rekening vzw: {IBAN_BE_2}"))
    );
    let notes = |tag: &str, item: &str, text: &str| {
        format!(
            r#"{}<w:{item} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{item}><w:{item} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{item}><w:{item} w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{item}Ref/></w:r>{}</w:p></w:{item}></w:{tag}>"#,
            open(tag),
            run(text)
        )
    };
    let footnotes = notes(
        "footnotes",
        "footnote",
        &format!(" Vorig dossier op rijksregisternummer {NN_1978}."),
    );
    let endnotes = notes(
        "endnotes",
        "endnote",
        &format!(" Vroegere rekening {IBAN_DE}."),
    );
    let comments = format!(
        r#"{}<w:comment w:id="0" w:author="Secretariaat" w:date="2024-03-15T10:00:00Z" w:initials="S">{}</w:comment></w:comments>"#,
        open("comments"),
        para(&format!("Wel BIS-nummer {BIS_1985}"))
    );
    let doc_rels = opc::rels(&[
        Rel::new("rId1", rel::office("header"), "header1.xml"),
        Rel::new("rId2", rel::office("footer"), "footer1.xml"),
        Rel::new("rId3", rel::office("footnotes"), "footnotes.xml"),
        Rel::new("rId4", rel::office("endnotes"), "endnotes.xml"),
        Rel::new("rId5", rel::office("comments"), "comments.xml"),
        Rel::external(
            "rId20",
            rel::office("hyperlink"),
            "mailto:marie.dubois@example.org",
        ),
    ]);

    let mut p = Package::in_memory();
    p.add(
        "[Content_Types].xml",
        opc::content_types(&[
            ("word/document.xml", &ct::wml("document.main")),
            ("word/header1.xml", &ct::wml("header")),
            ("word/footer1.xml", &ct::wml("footer")),
            ("word/footnotes.xml", &ct::wml("footnotes")),
            ("word/endnotes.xml", &ct::wml("endnotes")),
            ("word/comments.xml", &ct::wml("comments")),
        ]),
    )?
    .add("_rels/.rels", opc::package_rels("word/document.xml"))?
    .add(
        "docProps/core.xml",
        opc::core_props("Brief", "luc.maes@example.net", "sophie.claes@example.be"),
    )?
    .add("docProps/app.xml", opc::app_props("docgen"))?
    .add("word/document.xml", document)?
    .add("word/_rels/document.xml.rels", doc_rels)?
    .add("word/header1.xml", header)?
    .add("word/footer1.xml", footer)?
    .add("word/footnotes.xml", footnotes)?
    .add("word/endnotes.xml", endnotes)?
    .add("word/comments.xml", comments)?;
    p.into_bytes()
}

/// `decoys.docx`: the decoys as a table and as prose, nothing to find.
pub fn decoys_docx() -> io::Result<Vec<u8>> {
    let mut body = para("Overzicht van referenties (geen persoonsgegevens).");
    let rows: Vec<[&str; 2]> = DECOYS.iter().map(|(k, v)| [*k, *v]).collect();
    let rows: Vec<&[&str]> = rows.iter().map(|r| &r[..]).collect();
    body.push_str(&table(&rows));
    for (label, value) in DECOYS {
        body.push_str(&para(&format!("{label}: {value}")));
    }
    plain_docx(&body, "Boekhouding")
}
