//! OpenDocument packages written by hand: `verslag.odt`, `slides.odp`, `leden.ods`, the
//! encrypted `odf-encrypted.odt`, and the fixture share's encrypted `beveiligd.ods`. `mimetype`
//! comes first and is stored, as ODF 1.3 part 2 §3.3 requires.

use std::io;

use crate::pkg::{esc, stored, Package};
use crate::values::*;

const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" office:version="1.3""#;
const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
"#;

/// The media types of the three kinds.
pub const ODT: &str = "application/vnd.oasis.opendocument.text";
pub const ODP: &str = "application/vnd.oasis.opendocument.presentation";
pub const ODS: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// A text paragraph.
fn p(text: &str) -> String {
    format!("<text:p>{}</text:p>", esc(text))
}

/// `meta.xml` with an initial creator and a last editor.
fn meta(initial_creator: &str, creator: &str) -> String {
    format!(
        r#"{XML_DECL}<office:document-meta {NS}><office:meta><meta:generator>docgen</meta:generator><meta:initial-creator>{}</meta:initial-creator><dc:creator>{}</dc:creator><meta:creation-date>2024-03-15T10:00:00</meta:creation-date><dc:date>2024-03-15T11:00:00</dc:date></office:meta></office:document-meta>"#,
        esc(initial_creator),
        esc(creator)
    )
}

/// `META-INF/manifest.xml` listing the XML parts.
fn manifest(media_type: &str, parts: &[&str]) -> String {
    let mut s = format!(
        r#"{XML_DECL}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="{media_type}"/>"#
    );
    for part in parts {
        s.push_str(&format!(
            r#"<manifest:file-entry manifest:full-path="{part}" manifest:media-type="text/xml"/>"#
        ));
    }
    s.push_str("</manifest:manifest>");
    s
}

/// A package of `mimetype` (stored, first), the given parts and a manifest listing them.
fn package(media_type: &str, parts: &[(&str, String)]) -> io::Result<Vec<u8>> {
    let mut pkg = Package::in_memory();
    pkg.add_with("mimetype", media_type, stored())?;
    for (name, data) in parts {
        pkg.add(name, data)?;
    }
    let names: Vec<&str> = parts.iter().map(|(n, _)| *n).collect();
    pkg.add("META-INF/manifest.xml", manifest(media_type, &names))?;
    pkg.into_bytes()
}

/// `styles.xml` of a text document: the page layout and the master page "Standard", whose
/// header and footer hold the given paragraphs.
fn text_styles(header: &str, footer: &str) -> String {
    format!(
        r#"{XML_DECL}<office:document-styles {NS}><office:styles><style:default-style style:family="paragraph"><style:text-properties fo:font-size="11pt"/></style:default-style></office:styles><office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/><style:header-style><style:header-footer-properties fo:min-height="0.5cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0.5cm"/></style:footer-style></style:page-layout></office:automatic-styles><office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"><style:header>{}</style:header><style:footer>{}</style:footer></style:master-page></office:master-styles></office:document-styles>"#,
        p(header),
        p(footer)
    )
}

/// A table of string cells.
fn table(name: &str, style: Option<&str>, rows: &[Vec<Cell>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let style = style.map_or(String::new(), |s| format!(r#" table:style-name="{s}""#));
    let mut s = format!(
        r#"<table:table table:name="{}"{style}><table:table-column table:number-columns-repeated="{cols}"/>"#,
        esc(name)
    );
    for row in rows {
        s.push_str("<table:table-row>");
        for c in row {
            s.push_str(&c.xml());
        }
        s.push_str("</table:table-row>");
    }
    s.push_str("</table:table>");
    s
}

/// A table cell.
enum Cell {
    Text(String),
    Float(f64),
    /// A string cell with a comment (`office:annotation`).
    Noted(String, String),
}

impl Cell {
    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn xml(&self) -> String {
        match self {
            Cell::Text(t) => format!(
                r#"<table:table-cell office:value-type="string">{}</table:table-cell>"#,
                p(t)
            ),
            Cell::Float(v) => format!(
                r#"<table:table-cell office:value-type="float" office:value="{v}">{}</table:table-cell>"#,
                p(&v.to_string())
            ),
            Cell::Noted(t, note) => format!(
                r#"<table:table-cell office:value-type="string"><office:annotation><dc:creator>Secretariaat</dc:creator><dc:date>2024-03-15T10:00:00</dc:date>{}</office:annotation>{}</table:table-cell>"#,
                p(note),
                p(t)
            ),
        }
    }
}

fn texts(cells: &[&str]) -> Vec<Cell> {
    cells.iter().map(|c| Cell::text(c)).collect()
}

/// `verslag.odt`: body text split over spans, a table, a footnote, an annotation, a `mailto:`
/// link, a header and footer on the master page, and e-mail addresses in `meta.xml`.
pub fn verslag_odt() -> io::Result<Vec<u8>> {
    let mut body = String::new();
    body.push_str(r#"<text:h text:outline-level="1">Verslag huisbezoek</text:h>"#);
    body.push_str(
        "<text:p>Rijksregisternummer: <text:span>85.07.30-</text:span><text:span>033.28</text:span></text:p>",
    );
    body.push_str(&format!(
        r#"<text:p>De cliënt volgt een behandeling voor depressie.<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body>{}</text:note-body></text:note></text:p>"#,
        p(&format!("Partner: rijksregisternummer {NN_1990}"))
    ));
    body.push_str(&format!(
        r#"<text:p><office:annotation><dc:creator>Secretariaat</dc:creator><dc:date>2024-03-15T10:00:00</dc:date>{}</office:annotation>Inschrijving nakijken.</text:p>"#,
        p(&format!("BIS-nummer {BIS_1985}"))
    ));
    body.push_str(
        r#"<text:p>Vragen? <text:a xlink:type="simple" xlink:href="mailto:marie.dubois@example.org">Mail ons</text:a>.</text:p>"#,
    );
    body.push_str(&table(
        "Rekeningen",
        None,
        &[
            texts(&["Rekening", IBAN_NL]),
            texts(&["Lidgeld", "25 euro"]),
        ],
    ));
    let content = format!(
        r#"{XML_DECL}<office:document-content {NS}><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    package(
        ODT,
        &[
            ("content.xml", content),
            (
                "styles.xml",
                text_styles(
                    "Contact: an.janssens@example.com",
                    &format!("Rekening vzw: {IBAN_BE_2}"),
                ),
            ),
            (
                "meta.xml",
                meta("luc.maes@example.net", "sophie.claes@example.be"),
            ),
        ],
    )
}

/// A presentation page: a title frame, a text frame and optional speaker notes.
fn draw_page(n: u32, title: &str, text: &str, notes: Option<&str>) -> String {
    let frame = |y: &str, t: &str| {
        format!(
            r#"<draw:frame svg:x="2cm" svg:y="{y}" svg:width="24cm" svg:height="3cm"><draw:text-box>{}</draw:text-box></draw:frame>"#,
            p(t)
        )
    };
    let notes = notes.map_or(String::new(), |n| {
        format!(
            r#"<presentation:notes><draw:frame presentation:class="notes" svg:x="2cm" svg:y="14cm" svg:width="17cm" svg:height="10cm"><draw:text-box>{}</draw:text-box></draw:frame></presentation:notes>"#,
            p(n)
        )
    });
    format!(
        r#"<draw:page draw:name="page{n}" draw:master-page-name="Standaard">{}{}{notes}</draw:page>"#,
        frame("2cm", title),
        frame("6cm", text)
    )
}

/// `slides.odp`: an IBAN on page 2, a national number in the notes of page 1.
pub fn slides_odp() -> io::Result<Vec<u8>> {
    let pages = format!(
        "{}{}",
        draw_page(
            1,
            "Ledenvergadering 2024",
            "Agenda: verslag, begroting, varia",
            Some(&format!(
                "Voorzitter: rijksregisternummer {NN_1985} voor de aangifte."
            ))
        ),
        draw_page(2, "Lidgeld", &format!("Te storten op {IBAN_BE_1}"), None)
    );
    let content = format!(
        r#"{XML_DECL}<office:document-content {NS}><office:body><office:presentation>{pages}</office:presentation></office:body></office:document-content>"#
    );
    let styles = format!(
        r#"{XML_DECL}<office:document-styles {NS}><office:automatic-styles><style:page-layout style:name="PM1"><style:page-layout-properties fo:page-width="28cm" fo:page-height="21cm" style:print-orientation="landscape"/></style:page-layout></office:automatic-styles><office:master-styles><style:master-page style:name="Standaard" style:page-layout-name="PM1"/></office:master-styles></office:document-styles>"#
    );
    package(
        ODP,
        &[
            ("content.xml", content),
            ("styles.xml", styles),
            ("meta.xml", meta("Secretariaat", "Secretariaat")),
        ],
    )
}

/// `leden.ods`: a header row, string values, a comment on A2, a national number as a float,
/// and a hidden sheet.
pub fn leden_ods() -> io::Result<Vec<u8>> {
    let leden = vec![
        texts(&["naam", "rijksregisternummer", "iban", "e-mail", "diagnose"]),
        vec![
            Cell::Noted(
                "Jan Peeters".into(),
                format!("Terugbetaling op {IBAN_BE_3}"),
            ),
            Cell::text(NN_1985),
            Cell::text(IBAN_BE_1),
            Cell::text("jan.peeters@example.be"),
            Cell::text("diabetes"),
        ],
        vec![
            Cell::text("Marie Dubois"),
            Cell::Float(90_021_512_370.0),
            Cell::text(IBAN_NL),
            Cell::text("marie.dubois@example.org"),
            Cell::text("depressie"),
        ],
    ];
    let verborgen = vec![
        texts(&["naam", "bisnummer"]),
        texts(&["Sophie Claes", BIS_1985]),
    ];
    let content = format!(
        r#"{XML_DECL}<office:document-content {NS}><office:automatic-styles><style:style style:name="ta1" style:family="table" style:master-page-name="Default"><style:table-properties table:display="true"/></style:style><style:style style:name="ta2" style:family="table" style:master-page-name="Default"><style:table-properties table:display="false"/></style:style></office:automatic-styles><office:body><office:spreadsheet>{}{}</office:spreadsheet></office:body></office:document-content>"#,
        table("Leden", Some("ta1"), &leden),
        table("Verborgen", Some("ta2"), &verborgen)
    );
    let styles = format!(
        r#"{XML_DECL}<office:document-styles {NS}><office:automatic-styles><style:page-layout style:name="Mpm1"/></office:automatic-styles><office:master-styles><style:master-page style:name="Default" style:page-layout-name="Mpm1"/></office:master-styles></office:document-styles>"#
    );
    package(
        ODS,
        &[
            ("content.xml", content),
            ("styles.xml", styles),
            ("meta.xml", meta("Secretariaat", "Secretariaat")),
        ],
    )
}

/// `odf-encrypted.odt`: what a password-protected ODF text looks like from outside. The manifest
/// marks `content.xml` and `styles.xml` with `<manifest:encryption-data>` (AES-256-CBC, PBKDF2,
/// as LibreOffice writes); their bytes are random, as ciphertext would be.
pub fn encrypted_odt() -> io::Result<Vec<u8>> {
    encrypted(ODT, 0x0DF0_0DF0)
}

/// `beveiligd.ods` of the fixture share: a password-protected spreadsheet, built as
/// [`encrypted_odt`] with the spreadsheet media type and other random bytes.
pub fn encrypted_ods() -> io::Result<Vec<u8>> {
    encrypted(ODS, 0x0DF5_0DF5)
}

/// A password-protected package of `media_type`: `content.xml` and `styles.xml` marked as
/// encrypted in the manifest, their bytes random from `seed`.
fn encrypted(media_type: &str, seed: u64) -> io::Result<Vec<u8>> {
    let mut rng = Rng::new(seed);
    let mut random = |n: usize| -> Vec<u8> { (0..n).map(|_| rng.next_u64() as u8).collect() };
    let content = random(1536);
    let styles = random(1024);
    let entry = |path: &str, size: usize| {
        format!(
            r#"<manifest:file-entry manifest:full-path="{path}" manifest:media-type="text/xml" manifest:size="{size}"><manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="NsJo4K4gcD0mmRf6bdp3X8DX7Wp2VxjkdXLiJo8MZnU="><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="sIRR27Q9xrOhR5sjPAPVzQ=="/><manifest:start-key-generation manifest:start-key-generation-name="http://www.w3.org/2000/09/xmldsig#sha256" manifest:key-size="32"/><manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="nCSHs2oQu3xw3Ii8HW7I0g=="/></manifest:encryption-data></manifest:file-entry>"#
        )
    };
    let manifest = format!(
        r#"{XML_DECL}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="{media_type}"/>{}{}<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
        entry("content.xml", 4096),
        entry("styles.xml", 2048)
    );
    let mut pkg = Package::in_memory();
    pkg.add_with("mimetype", media_type, stored())?;
    // Encrypted entries are stored: the ciphertext would not compress.
    pkg.add_with("content.xml", &content, stored())?
        .add_with("styles.xml", &styles, stored())?
        .add("meta.xml", meta("Secretariaat", "Secretariaat"))?
        .add("META-INF/manifest.xml", manifest)?;
    pkg.into_bytes()
}
