//! Hostile files: small on disk, expensive or impossible to read naively. The tests lower the
//! limits in `Config`, so these stay small and still hit them.

use std::io::{self, Write};

use crate::pkg::{deflated, Package};
use crate::{docx, pdf, xlsx};

/// `zip-bomb.docx`: `word/document.xml` is about 50 MB of one repeated letter, deflated at
/// the highest level to well under 100 KB.
pub fn zip_bomb_docx() -> io::Result<Vec<u8>> {
    const SIZE: usize = 50 * 1024 * 1024;
    let mut p = Package::in_memory();
    p.add(
        "[Content_Types].xml",
        crate::opc::content_types(&[("word/document.xml", &crate::opc::ct::wml("document.main"))]),
    )?
    .add("_rels/.rels", crate::opc::package_rels("word/document.xml"))?;
    p.start("word/document.xml", deflated().compression_level(Some(9)))?;
    let w = p.writer();
    w.write_all(docx::open("document").as_bytes())?;
    w.write_all(b"<w:body><w:p><w:r><w:t>")?;
    let block = vec![b'A'; 1 << 20];
    for _ in 0..SIZE / block.len() {
        w.write_all(&block)?;
    }
    w.write_all(b"</w:t></w:r></w:p></w:body></w:document>")?;
    p.into_bytes()
}

/// `laughs.docx`: the billion laughs, a DTD whose nine levels of entities expand `&lol9;` to
/// 10^9 copies of "lol".
pub fn laughs_docx() -> io::Result<Vec<u8>> {
    let mut doc = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE w:document [\n  <!ENTITY lol0 \"lol\">\n",
    );
    for level in 1..=9 {
        let refs = format!("&lol{};", level - 1).repeat(10);
        doc.push_str(&format!("  <!ENTITY lol{level} \"{refs}\">\n"));
    }
    doc.push_str("]>\n");
    doc.push_str(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"#,
    );
    docx::plain_docx_with_document(doc.as_bytes(), "docgen")
}

/// `deep.docx`: 100,000 nested `w:customXml` elements (which may nest, per the schema) around
/// one paragraph.
pub fn deep_docx() -> io::Result<Vec<u8>> {
    const DEPTH: usize = 100_000;
    let open = r#"<w:customXml w:element="n">"#;
    let close = "</w:customXml>";
    let mut doc = docx::open("document");
    doc.reserve(DEPTH * (open.len() + close.len()) + 200);
    doc.push_str("<w:body>");
    for _ in 0..DEPTH {
        doc.push_str(open);
    }
    doc.push_str(&docx::para("diep"));
    for _ in 0..DEPTH {
        doc.push_str(close);
    }
    doc.push_str("</w:body></w:document>");
    docx::plain_docx_with_document(doc.as_bytes(), "docgen")
}

/// The hostile files, by name.
pub fn all() -> io::Result<Vec<(&'static str, Vec<u8>)>> {
    let leden = xlsx::leden_xlsx()?;
    let brief = pdf::brief_pdf()?;
    Ok(vec![
        ("zip-bomb.docx", zip_bomb_docx()?),
        ("laughs.docx", laughs_docx()?),
        ("deep.docx", deep_docx()?),
        ("huge-dim.xlsx", xlsx::huge_dim_xlsx()?),
        ("loop.pdf", pdf::loop_pdf()),
        ("hugelen.pdf", pdf::hugelen_pdf()),
        ("truncated.xlsx", leden[..leden.len() / 2].to_vec()),
        ("zeros.docx", vec![0; 4096]),
        ("truncated.pdf", brief[..brief.len() / 2].to_vec()),
    ])
}
