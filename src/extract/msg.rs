//! Outlook messages (`.msg`): an OLE compound file of MAPI properties, read with cfb.
//!
//! Written here rather than taken from a crate: the `.msg` readers on crates.io are
//! unmaintained or read only a few fixed properties. The format ([MS-OXMSG]) is a storage per
//! message: each property a stream named `__substg1.0_` + its id and type in hex (`0037001F`
//! is the subject as UTF-16), recipients in `__recip_version1.0_#N` storages, attachments in
//! `__attach_version1.0_#N` storages. An attached message is a storage of the same shape
//! (`__substg1.0_3701000D`) and is read the same way, its attachments handed on too.
//!
//! Sent: sender, recipients, the To/Cc/Bcc display lines, the subject and the transport
//! headers as `mail header` text; the plain and HTML bodies as `body`; every attachment as a
//! `Member`, scanned by the scan stage as the file it is.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::document::{Emitter, Failure, Input, Part};
use super::mail::html_as_text;

type Ole = cfb::CompoundFile<Box<dyn Input>>;

/// Attached messages inside attached messages, at most.
const MAX_DEPTH: u32 = 8;

/// Property ids (MS-OXPROPS) of the header fields, in the order they are sent.
const HEADER_PROPERTIES: [(u16, &str); 10] = [
    (0x0C1A, "From"),
    (0x0C1F, "From"),
    (0x5D01, "From"),
    (0x0042, "Sent representing"),
    (0x0065, "Sent representing"),
    (0x0E04, "To"),
    (0x0E03, "Cc"),
    (0x0E02, "Bcc"),
    (0x0037, "Subject"),
    (0x007D, "Headers"),
];
/// Recipient properties: display name, address, SMTP address.
const RECIPIENT_PROPERTIES: [u16; 3] = [0x3001, 0x3003, 0x39FE];
const BODY: u16 = 0x1000;
const HTML_BODY: u16 = 0x1013;
/// Attachment properties: long file name, short file name, display name, data.
const ATTACH_LONG_NAME: u16 = 0x3707;
const ATTACH_NAME: u16 = 0x3704;
const ATTACH_DISPLAY_NAME: u16 = 0x3001;
const ATTACH_DATA: u16 = 0x3701;

/// Reads an Outlook message.
pub fn extract(ole: &mut Ole, out: &mut Emitter<'_>) -> Result<(), Failure> {
    out.format("msg")?;
    read_message(ole, Path::new("/"), "", 0, out)
}

/// Reads the message stored at `root`; its attachments are named with `prefix` (the path of
/// an attached message inside the outer one).
fn read_message(
    ole: &mut Ole,
    root: &Path,
    prefix: &str,
    depth: u32,
    out: &mut Emitter<'_>,
) -> Result<(), Failure> {
    out.budget.check_time()?;
    out.part(Part::MailHeader)?;
    for (id, field) in HEADER_PROPERTIES {
        if let Some(value) = string_property(ole, root, id, out)? {
            out.text(format!("{field}: {value}"))?;
        }
    }
    for recipient in storages(ole, root, "__recip_version1.0_#") {
        for id in RECIPIENT_PROPERTIES {
            if let Some(value) = string_property(ole, &recipient, id, out)? {
                out.text(format!("Recipient: {value}"))?;
            }
        }
    }
    out.part(Part::Body)?;
    if let Some(body) = string_property(ole, root, BODY, out)? {
        out.text(body)?;
    }
    let html = match binary_property(ole, root, HTML_BODY, out)? {
        Some(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        None => string_property(ole, root, HTML_BODY, out)?,
    };
    if let Some(html) = html {
        out.text(html_as_text(&html))?;
    }
    for (n, attachment) in storages(ole, root, "__attach_version1.0_#")
        .into_iter()
        .enumerate()
    {
        read_attachment(ole, &attachment, prefix, n, depth, out)?;
    }
    Ok(())
}

/// Hands on an attachment's bytes, or reads an attached message in place.
fn read_attachment(
    ole: &mut Ole,
    storage: &Path,
    prefix: &str,
    n: usize,
    depth: u32,
    out: &mut Emitter<'_>,
) -> Result<(), Failure> {
    let mut name = None;
    for id in [ATTACH_LONG_NAME, ATTACH_NAME, ATTACH_DISPLAY_NAME] {
        name = name.or(string_property(ole, storage, id, out)?);
    }
    let name = name.unwrap_or_else(|| format!("attachment-{}", n + 1));
    let embedded = storage.join(format!("__substg1.0_{ATTACH_DATA:04X}000D"));
    if ole.is_storage(&embedded) {
        if depth >= MAX_DEPTH {
            return Ok(());
        }
        let inner = format!("{prefix}{name}!/");
        return read_message(ole, &embedded, &inner, depth + 1, out);
    }
    if let Some(bytes) = binary_property(ole, storage, ATTACH_DATA, out)? {
        out.member(format!("{prefix}{name}"), bytes)?;
    }
    Ok(())
}

/// The storages directly under `root` whose names start with `kind`, in name order.
fn storages(ole: &Ole, root: &Path, kind: &str) -> Vec<PathBuf> {
    let Ok(entries) = ole.read_storage(root) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter(|e| e.is_storage() && e.name().starts_with(kind))
        .map(|e| e.path().to_path_buf())
        .collect();
    found.sort();
    found
}

/// A stream's bytes, charged to the budget; `None` when the message lacks it.
fn stream(ole: &mut Ole, path: &Path, out: &Emitter<'_>) -> Result<Option<Vec<u8>>, Failure> {
    if !ole.is_stream(path) {
        return Ok(None);
    }
    let stream = ole.open_stream(path)?;
    let len = stream.len();
    out.budget.spend_bytes(len)?;
    let mut bytes = Vec::with_capacity(len as usize);
    stream.take(len).read_to_end(&mut bytes)?;
    Ok(Some(bytes))
}

/// A string property: UTF-16 (`001F`) or 8-bit (`001E`, read as Windows-1252).
fn string_property(
    ole: &mut Ole,
    root: &Path,
    id: u16,
    out: &Emitter<'_>,
) -> Result<Option<String>, Failure> {
    let unicode = root.join(format!("__substg1.0_{id:04X}001F"));
    if let Some(bytes) = stream(ole, &unicode, out)? {
        let units = bytes
            .chunks_exact(2)
            .map(|u| u16::from_le_bytes([u[0], u[1]]));
        let text: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{FFFD}'))
            .collect();
        return Ok(Some(text.trim_end_matches('\0').to_string()));
    }
    let ansi = root.join(format!("__substg1.0_{id:04X}001E"));
    Ok(stream(ole, &ansi, out)?.map(|bytes| {
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
        text.trim_end_matches('\0').to_string()
    }))
}

fn binary_property(
    ole: &mut Ole,
    root: &Path,
    id: u16,
    out: &Emitter<'_>,
) -> Result<Option<Vec<u8>>, Failure> {
    stream(ole, &root.join(format!("__substg1.0_{id:04X}0102")), out)
}
