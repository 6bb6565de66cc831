//! PDF: the text of every page, located by page number.
//!
//! Two crates, each for what it does best (measured on the 41 PDFs of `shared/corpus` against
//! poppler's `pdftotext`: pdf_oxide recovers 98% of its words, lopdf 74%, because lopdf
//! prefers a font's `/Encoding` over its `/ToUnicode` map and inserts no spaces from text
//! positioning, which glues digits to words):
//!
//! - lopdf parses the structure: it repairs damaged cross-reference tables, counts objects,
//!   decrypts a file that opens with the empty user password (owner-password-only PDFs are
//!   common: "no printing"), tells a file that needs a password, and gives the document
//!   properties;
//! - pdf_oxide extracts each page's text as lines grouped by their position on the page
//!   (97% of pdftotext's words); where it gives nothing for a page (it can lose an
//!   AES-encrypted stream silently), lopdf's text of that page is used.
//!
//! A PDF that needs a password is `protected`; one whose pages hold no text at all (a scanned
//! letter) is `no_text`, never clean. A page that fails in both is named in the error, and the
//! other pages are still read.

use std::io::Read;

use lopdf::{Document, LoadOptions};

use super::document::{human_bytes, Emitter, Failure, Input, Part, Place};

pub fn extract(input: Box<dyn Input>, out: &mut Emitter<'_>) -> Result<(), Failure> {
    out.format("pdf")?;
    let bytes = read_bounded(input, out)?;
    let (structure, locked) = load(&bytes, out);
    if let Some(doc) = &structure {
        let objects = doc.objects.len() as u64;
        if objects > out.budget.limits.max_pdf_objects {
            return Err(Failure::Error(format!(
                "stopped: more than {} PDF objects ({objects})",
                out.budget.limits.max_pdf_objects
            )));
        }
    }
    let text = open_text(bytes);
    // A file lopdf cannot decrypt may still open in pdf_oxide (one without an `/ID`, say).
    if locked && text.is_none() {
        return Err(Failure::Protected("pdf".into()));
    }
    if text.is_none() && structure.is_none() {
        return Err(Failure::Error(
            "damaged PDF: neither parser could open it".into(),
        ));
    }
    let pages = page_count(text.as_ref(), structure.as_ref());
    let mut failed = Vec::new();
    let mut with_text = 0u32;
    for page in 1..=pages {
        out.budget.check_time()?;
        match page_text(text.as_ref(), structure.as_ref(), page, out) {
            Ok(text) if !text.trim().is_empty() => {
                with_text += 1;
                out.budget.spend_bytes(text.len() as u64)?;
                out.place(Place {
                    part: Some(Part::Body),
                    page: Some(page),
                    ..Place::default()
                })?;
                out.text(text)?;
            }
            Ok(_) => {}
            Err(e) => failed.push(format!("page {page}: {e}")),
        }
    }
    if let Some(doc) = &structure {
        send_links(doc, out)?;
        send_properties(doc, out)?;
    }
    if !failed.is_empty() {
        let more = failed.len().saturating_sub(3);
        failed.truncate(3);
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        return Err(Failure::Error(format!("{}{tail}", failed.join("; "))));
    }
    if with_text == 0 {
        return Err(Failure::NoText);
    }
    Ok(())
}

/// pdf_oxide's view of the document, for text; `None` when it cannot open it or cannot
/// decrypt it.
fn open_text(bytes: Vec<u8>) -> Option<pdf_oxide::PdfDocument> {
    let doc = pdf_oxide::PdfDocument::from_bytes(bytes).ok()?;
    (!doc.is_encrypted() || doc.is_authenticated()).then_some(doc)
}

fn page_count(text: Option<&pdf_oxide::PdfDocument>, structure: Option<&Document>) -> u32 {
    let by_text = text.and_then(|d| d.page_count().ok()).unwrap_or(0) as u32;
    let by_structure = structure.map_or(0, |d| d.get_pages().len() as u32);
    by_text.max(by_structure)
}

/// The text of 1-based `page`: pdf_oxide's lines, or lopdf's text where pdf_oxide has none.
///
/// pdf_oxide's lines are grouped by position on the page, the way a reader sees them: its
/// plain `extract_text` can move a span that continues a line (a number whose second half is
/// set in another font) to the end of the page, where it no longer joins its first half.
fn page_text(
    text: Option<&pdf_oxide::PdfDocument>,
    structure: Option<&Document>,
    page: u32,
    out: &Emitter<'_>,
) -> Result<String, String> {
    let first = text.map(|d| oxide_lines(d, page as usize - 1));
    if let Some(Ok(t)) = &first {
        if !t.trim().is_empty() {
            return Ok(t.clone());
        }
    }
    let limit = usize::try_from(out.budget.limits.max_bytes).unwrap_or(usize::MAX);
    match (
        structure.map(|d| d.extract_text_with_limit(&[page], limit)),
        first,
    ) {
        (Some(Ok(t)), _) => Ok(t),
        (_, Some(Ok(t))) => Ok(t),
        (_, Some(Err(e))) => Err(e.to_string()),
        (Some(Err(e)), None) => Err(e.to_string()),
        (None, None) => Ok(String::new()),
    }
}

/// `mailto:` targets of link annotations, on the page that holds them: a link's address is
/// often not in its visible text.
fn send_links(doc: &Document, out: &mut Emitter<'_>) -> Result<(), Failure> {
    for (page, id) in doc.get_pages() {
        let Ok(annots) = doc
            .get_dictionary(id)
            .and_then(|p| p.get_deref(b"Annots", doc))
            .and_then(lopdf::Object::as_array)
        else {
            continue;
        };
        let targets: Vec<String> = annots
            .iter()
            .filter_map(|a| doc.dereference(a).ok()?.1.as_dict().ok())
            .filter_map(|a| a.get_deref(b"A", doc).ok()?.as_dict().ok())
            .filter_map(|action| action.get_deref(b"URI", doc).ok()?.as_str().ok())
            .map(text_string)
            .filter(|uri| uri.len() > 7 && uri[..7].eq_ignore_ascii_case("mailto:"))
            .collect();
        if targets.is_empty() {
            continue;
        }
        out.place(Place {
            part: Some(Part::Hyperlink),
            page: Some(page),
            ..Place::default()
        })?;
        for target in targets {
            out.text(target)?;
        }
    }
    Ok(())
}

fn oxide_lines(doc: &pdf_oxide::PdfDocument, index: usize) -> pdf_oxide::Result<String> {
    let lines = doc.extract_text_lines(index)?;
    Ok(lines
        .into_iter()
        .map(|line| line.text)
        .collect::<Vec<_>>()
        .join("\n"))
}

/// The document information dictionary: author, title, subject, keywords.
fn send_properties(doc: &Document, out: &mut Emitter<'_>) -> Result<(), Failure> {
    let Ok(info) = doc
        .trailer
        .get_deref(b"Info", doc)
        .and_then(lopdf::Object::as_dict)
    else {
        return Ok(());
    };
    let values: Vec<String> = [&b"Author"[..], b"Title", b"Subject", b"Keywords"]
        .iter()
        .filter_map(|key| info.get_deref(key, doc).ok()?.as_str().ok())
        .map(text_string)
        .filter(|v| !v.trim().is_empty())
        .collect();
    if !values.is_empty() {
        out.part(Part::Properties)?;
        for value in values {
            out.text(value)?;
        }
    }
    Ok(())
}

/// A PDF text string: UTF-16BE with a byte-order mark, UTF-8 with one (PDF 2.0), or
/// PDFDocEncoding, which matches Latin-1 for the letters, digits and `@` identifiers use.
fn text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(b"\xFE\xFF") {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(utf8) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(utf8).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// The whole file, which lopdf needs in memory; no more than the byte budget.
fn read_bounded(input: Box<dyn Input>, out: &Emitter<'_>) -> Result<Vec<u8>, Failure> {
    let max = out.budget.limits.max_bytes;
    let mut bytes = Vec::new();
    input.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(Failure::Error(format!(
            "stopped: PDF larger than {}",
            human_bytes(max)
        )));
    }
    Ok(bytes)
}

/// lopdf's view of the structure (`None` when it cannot parse the file: pdf_oxide may), and
/// whether the file is locked for lopdf.
///
/// lopdf tries the empty user password itself: when that opens the file it decrypts every
/// object and drops `/Encrypt` from the trailer; when it does not, the trailer keeps
/// `/Encrypt` and no page is readable.
fn load(bytes: &[u8], out: &Emitter<'_>) -> (Option<Document>, bool) {
    let options = LoadOptions {
        max_decompressed_size: usize::try_from(out.budget.limits.max_bytes).ok(),
        ..LoadOptions::default()
    };
    match Document::load_mem_with_options(bytes, options) {
        Ok(doc) if doc.is_encrypted() => (None, true),
        Ok(doc) => (Some(doc), false),
        Err(_) => (None, declares_encryption(bytes)),
    }
}

/// An `/Encrypt` entry in a trailer: the file needs a password lopdf did not have.
fn declares_encryption(bytes: &[u8]) -> bool {
    memchr::memmem::rfind(bytes, b"/Encrypt").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_decode() {
        assert_eq!(text_string(b"Jan Peeters"), "Jan Peeters");
        assert_eq!(text_string(b"\xFE\xFF\x00J\x00@"), "J@");
        assert_eq!(text_string(b"\xEF\xBB\xBFcaf\xC3\xA9"), "café");
        assert_eq!(text_string(b"caf\xE9"), "café");
    }
}
