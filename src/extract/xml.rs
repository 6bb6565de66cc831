//! Streaming XML for documents: parts of a ZIP package read as a flat stream of nodes.
//!
//! quick-xml reads one event at a time, so memory stays at one element whatever the part's
//! size, and nesting costs a counter, not a stack frame. DTDs are never expanded: only the five
//! predefined entities and character references are resolved, so a billion-laughs part is just
//! text with unknown references in it. Every byte read from a ZIP entry is charged to the
//! document's `Budget`, and an entry that expands far beyond its stored size is stopped as a bomb.

use std::io::{self, BufRead, BufReader, Read, Seek};

use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::document::{human_bytes, Budget, Failure, Stop};

/// One step through an XML part.
pub enum Node<'e> {
    /// An element starts (an empty element gives `Open` then `Close`).
    Open(&'e BytesStart<'e>),
    /// An element ends; its local name (without prefix).
    Close(&'e str),
    /// Character data, entities resolved.
    Text(&'e str),
}

/// Walks `reader`'s XML, calling `visit` for every node, within `budget`.
pub fn walk(
    reader: impl BufRead,
    budget: &Budget,
    mut visit: impl FnMut(Node<'_>) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut xml = quick_xml::Reader::from_reader(reader);
    // Office writers close what they open, but damaged files do not; a mismatch is no reason
    // to lose the rest of a document.
    xml.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    let mut depth = 0u32;
    let mut events = 0u64;
    loop {
        let event = match xml.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => {
                return Err(budget
                    .tripped()
                    .map_or_else(|| xml_error(&e), Failure::Stop))
            }
        };
        events += 1;
        if events.is_multiple_of(8192) {
            budget.check_time()?;
        }
        match event {
            Event::Start(e) => {
                depth += 1;
                budget.check_depth(depth)?;
                visit(Node::Open(&e))?;
            }
            Event::Empty(e) => {
                visit(Node::Open(&e))?;
                visit(Node::Close(e.local_name().as_ref()))?;
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                visit(Node::Close(e.local_name().as_ref()))?;
            }
            Event::Text(t) => visit(Node::Text(&t.xml10_content()))?,
            Event::CData(t) => visit(Node::Text(&t.into_inner()))?,
            Event::GeneralRef(r) => {
                if let Some(text) = resolve_reference(&r) {
                    visit(Node::Text(&text))?;
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

fn xml_error(e: &quick_xml::Error) -> Failure {
    Failure::Error(format!("malformed XML: {e}"))
}

/// The text of a predefined entity or character reference; anything a DTD would define is
/// left out, never expanded.
fn resolve_reference(r: &quick_xml::events::BytesRef<'_>) -> Option<String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c.to_string());
    }
    let text = match r.as_ref() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    };
    Some(text.to_string())
}

/// The value of attribute `local` (prefix ignored), unescaped.
pub fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_or_else(|_| a.value.to_string(), |v| v.into_owned())
        })
    })
}

/// Opens ZIP entry `name` for reading within `budget`; `None` when there is no such entry.
pub fn open_entry<'z, R: Read + Seek>(
    zip: &'z mut ZipArchive<R>,
    name: &str,
    budget: &Budget,
) -> Result<Option<BufReader<Guarded<zip::read::ZipFile<'z, R>>>>, Failure> {
    let entry = match zip.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(Failure::Error(format!("{name}: {e}"))),
    };
    let stored = entry.compressed_size();
    Ok(Some(BufReader::new(Guarded::new(entry, stored, budget))))
}

/// Reads ZIP entry `name` whole, within `budget`.
pub fn read_entry<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
    budget: &Budget,
) -> Result<Option<Vec<u8>>, Failure> {
    let Some(mut entry) = open_entry(zip, name, budget)? else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    entry.read_to_end(&mut bytes).map_err(|e| {
        budget
            .tripped()
            .map_or_else(|| Failure::from(e), Failure::Stop)
    })?;
    Ok(Some(bytes))
}

/// A decompressing reader that charges what it gives to the budget and stops an entry that
/// expands more than `max_ratio` times its stored size (past the first MiB, where small
/// entries legitimately reach high ratios).
pub struct Guarded<R> {
    inner: R,
    budget: Budget,
    stored: u64,
    read: u64,
}

impl<R> Guarded<R> {
    pub fn new(inner: R, stored: u64, budget: &Budget) -> Self {
        Guarded {
            inner,
            budget: budget.clone(),
            stored,
            read: 0,
        }
    }
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        let ratio = self.budget.limits.max_ratio;
        let stop = if self.read > (1 << 20) && self.read / self.stored.max(1) > ratio {
            Some(Stop::Limit(format!(
                "a part expands more than {ratio} times (zip bomb?) after {}",
                human_bytes(self.read >> 20 << 20)
            )))
        } else {
            self.budget.spend_bytes(n as u64).err()
        };
        if let Some(stop) = stop {
            let message = stop.to_string();
            self.budget.trip(stop);
            return Err(io::Error::other(message));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::document::Limits;

    fn texts(xml: &str) -> Result<Vec<String>, Failure> {
        let budget = Budget::new(Limits::default());
        let mut out = Vec::new();
        walk(xml.as_bytes(), &budget, |node| {
            if let Node::Text(t) = node {
                out.push(t.to_string());
            }
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn entities_are_resolved_but_never_expanded() {
        let got = texts("<a>x &amp; y &#65;&#x42; &lol9;</a>").unwrap();
        assert_eq!(got.concat(), "x & y AB ");
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>"#;
        assert_eq!(texts(laughs).unwrap().concat(), "");
    }

    #[test]
    fn depth_is_bounded() {
        let deep = format!("{}{}", "<a>".repeat(2000), "</a>".repeat(2000));
        assert!(matches!(texts(&deep), Err(Failure::Stop(Stop::Limit(_)))));
        let fine = format!("{}x{}", "<a>".repeat(500), "</a>".repeat(500));
        assert_eq!(texts(&fine).unwrap(), ["x"]);
    }

    #[test]
    fn a_bomb_is_stopped() {
        let budget = Budget::new(Limits::default());
        let zeros = io::repeat(b'a').take(10 << 20);
        let mut guarded = Guarded::new(zeros, 1000, &budget);
        let err = io::copy(&mut guarded, &mut io::sink()).unwrap_err();
        assert!(err.to_string().contains("zip bomb"), "{err}");
        assert!(budget.tripped().is_some());
    }
}
