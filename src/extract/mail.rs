//! E-mail messages (`.eml`, and each message of a mailbox): header fields, bodies and
//! attachments, parsed by mail-parser in a worker process.
//!
//! mail-parser decodes what a person would read: RFC 2047 encoded words in names and
//! subjects, quoted-printable and base64 bodies, charsets; a part whose encoding is broken is
//! kept as it came. It parses without recursion, so a message nested 10,000 multipart levels
//! deep costs memory, not stack. The addresses of From, To, Cc, Bcc, Reply-To and Sender and
//! the subject are sent as `mail header` text, each body as `body` text (HTML turned into
//! text), and every attachment, a forwarded message included, as a `Member` that the scan
//! stage scans as the file it is (`bericht.eml!/bijlage.csv`).

use mail_parser::decoders::html::html_to_text;
use mail_parser::{Address, Message, MessageParser, MimeHeaders, PartType};

use super::document::{Emitter, Failure, Part};

/// Reads one message.
pub fn extract(raw: &[u8], out: &mut Emitter<'_>) -> Result<(), Failure> {
    out.format("eml")?;
    let message = MessageParser::default()
        .parse(raw)
        .ok_or_else(|| Failure::Error("not an e-mail message: no header fields".into()))?;
    send_headers(&message, out)?;
    send_parts(&message, out)
}

/// The people a message names, and its subject.
fn send_headers(message: &Message<'_>, out: &mut Emitter<'_>) -> Result<(), Failure> {
    out.part(Part::MailHeader)?;
    let fields = [
        ("From", message.from()),
        ("Sender", message.sender()),
        ("Reply-To", message.reply_to()),
        ("To", message.to()),
        ("Cc", message.cc()),
        ("Bcc", message.bcc()),
    ];
    for (field, address) in fields {
        for line in address.into_iter().flat_map(address_lines) {
            out.text(format!("{field}: {line}"))?;
        }
    }
    if let Some(subject) = message.subject() {
        out.text(format!("Subject: {subject}"))?;
    }
    Ok(())
}

/// One line per address: `Name <address>`, groups flattened.
fn address_lines(address: &Address<'_>) -> Vec<String> {
    address
        .iter()
        .map(|a| match (a.name(), a.address()) {
            (Some(name), Some(addr)) => format!("{name} <{addr}>"),
            (None, Some(addr)) => addr.to_string(),
            (Some(name), None) => name.to_string(),
            (None, None) => String::new(),
        })
        .collect()
}

/// Bodies as text; attachments as members.
fn send_parts(message: &Message<'_>, out: &mut Emitter<'_>) -> Result<(), Failure> {
    out.part(Part::Body)?;
    for (id, part) in message.parts.iter().enumerate() {
        let attached = message.attachments.contains(&(id as u32));
        match &part.body {
            PartType::Multipart(_) => {}
            PartType::Text(text) if !attached => out.text(text.to_string())?,
            PartType::Html(html) if !attached => out.text(html_as_text(html))?,
            _ => {
                let name = part
                    .attachment_name()
                    .map(str::to_string)
                    .unwrap_or_else(|| default_name(id, part.is_message()));
                out.member(name, part.contents().to_vec())?;
            }
        }
        if id % 256 == 0 {
            out.budget.check_time()?;
        }
    }
    Ok(())
}

/// The text of an HTML body, cells and paragraphs apart.
pub(super) fn html_as_text(html: &str) -> String {
    html_to_text(&separate_blocks(html))
}

/// HTML with a line break before each cell, row, paragraph and line break: mail-parser's
/// `html_to_text` joins `<td>Marie</td><td>BE68…</td>` into `MarieBE68…`, and a value glued
/// to a word is no value. Inline tags (`<b>`, `<span>`) stay as they are: a number split by
/// one must stay whole.
fn separate_blocks(html: &str) -> String {
    const BLOCKS: [&str; 8] = ["td", "th", "tr", "p", "br", "div", "li", "table"];
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tag = rest[at + 1..].trim_start_matches('/');
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if BLOCKS.contains(&name.as_str()) || (name.len() == 2 && name.starts_with('h')) {
            out.push('\n');
        }
        out.push('<');
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out
}

/// The name of an attachment that has none: its part number.
fn default_name(id: usize, message: bool) -> String {
    match message {
        true => format!("part-{id}.eml"),
        false => format!("part-{id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_cells_do_not_glue() {
        let html = "<table><tr><td>Marie Dubois</td><td>BE68 5390 0754 7034</td></tr></table>";
        let text = html_to_text(&separate_blocks(html));
        assert!(!text.contains("DuboisBE68"), "{text:?}");
        assert!(text.contains("BE68 5390 0754 7034"), "{text:?}");
        let inline = html_to_text(&separate_blocks("<p><b>85.07.30-</b>033.28</p>"));
        assert!(inline.contains("85.07.30-033.28"), "{inline:?}");
    }
}
