//! PDF with lopdf: the text of every page, located by page number.
//!
//! lopdf parses the file (repairing damaged cross-reference tables), decrypts it when it opens
//! with the empty user password (owner-password-only PDFs are common: "no printing"), and
//! decodes page text through fonts' ToUnicode maps and the standard encodings. A PDF that
//! needs a password is `protected`; one whose pages hold no text at all (a scanned letter) is
//! `no_text`, never clean. A page that fails to decode is named in the error, and the other
//! pages are still read.

use std::io::Read;

use lopdf::{Document, LoadOptions};

use super::document::{human_bytes, Emitter, Failure, Input, Part, Place};

pub fn extract(input: Box<dyn Input>, out: &mut Emitter<'_>) -> Result<(), Failure> {
    out.format("pdf")?;
    let bytes = read_bounded(input, out)?;
    let doc = load(&bytes, out)?;
    let objects = doc.objects.len() as u64;
    if objects > out.budget.limits.max_pdf_objects {
        return Err(Failure::Error(format!(
            "stopped: more than {} PDF objects ({objects})",
            out.budget.limits.max_pdf_objects
        )));
    }
    let limit = usize::try_from(out.budget.limits.max_bytes).unwrap_or(usize::MAX);
    let mut failed = Vec::new();
    let mut with_text = 0u32;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    for &page in &pages {
        out.budget.check_time()?;
        match doc.extract_text_with_limit(&[page], limit) {
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
    send_properties(&doc, out)?;
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

fn load(bytes: &[u8], out: &Emitter<'_>) -> Result<Document, Failure> {
    let options = LoadOptions {
        max_decompressed_size: usize::try_from(out.budget.limits.max_bytes).ok(),
        ..LoadOptions::default()
    };
    match Document::load_mem_with_options(bytes, options) {
        Ok(doc) if doc.is_encrypted() && doc.encryption_state.is_none() => {
            Err(Failure::Protected("pdf".into()))
        }
        Ok(doc) => Ok(doc),
        Err(e) if declares_encryption(bytes) => {
            let _ = e;
            Err(Failure::Protected("pdf".into()))
        }
        Err(e) => Err(Failure::Error(format!("damaged PDF: {e}"))),
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
