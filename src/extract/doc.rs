//! Word 97–2003 documents (`.doc`): the text through the document's piece table.
//!
//! Written here rather than taken from a crate: no maintained Rust crate reads `.doc` text.
//! The format ([MS-DOC]) keeps all text of a document — body, footnotes, headers and footers,
//! comments, endnotes, text boxes, in that order — as one run of character positions (CPs),
//! stored in pieces that may sit anywhere in the `WordDocument` stream, each either 8-bit
//! (Windows-1252) or UTF-16. The piece table (the `Clx`, in the `0Table` or `1Table` stream)
//! maps CPs to those bytes; the File Information Block (FIB) says where the table is and how
//! many CPs each part has. A document with the FIB's encryption flag is `protected`.

use std::io::Read;

use super::document::{Emitter, Failure, Input, Part};

type Ole = cfb::CompoundFile<Box<dyn Input>>;

/// Reads a Word document in an OLE compound file.
pub fn extract(ole: &mut Ole, out: &mut Emitter<'_>) -> Result<(), Failure> {
    let word = read_stream(ole, "/WordDocument", out)?;
    let fib = Fib::read(&word)?;
    if fib.encrypted {
        return Err(Failure::Protected("doc".into()));
    }
    let table = read_stream(ole, fib.table_stream(), out)?;
    send_text(&word, &fib, &table, out)
}

/// Reads a Word document from its two streams: `WordDocument` and the table stream
/// (`0Table` or `1Table`, as the FIB says). Public for the fuzz target.
pub fn read_streams(word: &[u8], table: &[u8], out: &mut Emitter<'_>) -> Result<(), Failure> {
    let fib = Fib::read(word)?;
    if fib.encrypted {
        return Err(Failure::Protected("doc".into()));
    }
    send_text(word, &fib, table, out)
}

fn send_text(word: &[u8], fib: &Fib, table: &[u8], out: &mut Emitter<'_>) -> Result<(), Failure> {
    let clx = table
        .get(fib.clx.0 as usize..)
        .and_then(|t| t.get(..fib.clx.1 as usize))
        .ok_or_else(|| damaged("the piece table lies outside its stream"))?;
    let pieces = pieces(clx)?;
    let mut text = TextOut::new(fib.parts(table));
    for piece in &pieces {
        piece.send(word, &mut text, out)?;
    }
    text.end_paragraph(out)
}

fn damaged(why: &str) -> Failure {
    Failure::Error(format!("damaged Word document: {why}"))
}

fn read_stream(ole: &mut Ole, name: &str, out: &Emitter<'_>) -> Result<Vec<u8>, Failure> {
    let stream = ole
        .open_stream(name)
        .map_err(|_| damaged(&format!("no {} stream", name.trim_start_matches('/'))))?;
    let len = stream.len();
    out.budget.spend_bytes(len)?;
    let mut bytes = Vec::with_capacity(len as usize);
    stream.take(len).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// What the File Information Block says.
#[derive(Debug)]
struct Fib {
    encrypted: bool,
    one_table: bool,
    /// Where the piece table is in the table stream: (offset, length).
    clx: (u32, u32),
    /// Where the header and footer stories are listed (`PlcfHdd`): (offset, length).
    hdd: (u32, u32),
    /// CPs of body, footnotes, headers, comments, endnotes, text boxes, header text boxes.
    ccp: [u32; 7],
}

impl Fib {
    const MAGIC: u16 = 0xA5EC;
    /// `fcClx` is the 34th (offset, length) pair of FibRgFcLcb97, `fcPlcfHdd` the 12th.
    const CLX_PAIR: usize = 33;
    const HDD_PAIR: usize = 11;

    fn read(word: &[u8]) -> Result<Fib, Failure> {
        let short = || damaged("its header is cut short");
        if u16_at(word, 0) != Some(Self::MAGIC) {
            return Err(damaged("no Word header"));
        }
        if u16_at(word, 2).ok_or_else(short)? < 101 {
            return Err(Failure::Skip(
                "unsupported format: Word 6/95 document".into(),
            ));
        }
        let flags = u16_at(word, 0x0A).ok_or_else(short)?;
        // The FIB grows by version: each block says its own length.
        let csw = u16_at(word, 32).ok_or_else(short)? as usize;
        let lw = 34 + csw * 2;
        let cslw = u16_at(word, lw).ok_or_else(short)? as usize;
        let lw_start = lw + 2;
        let fc = lw_start + cslw * 4;
        let pairs = u16_at(word, fc).ok_or_else(short)? as usize;
        if cslw < 11 || pairs <= Self::CLX_PAIR {
            return Err(damaged("its header is too short for Word 97"));
        }
        let pair = fc + 2 + Self::CLX_PAIR * 8;
        let hdd = fc + 2 + Self::HDD_PAIR * 8;
        let ccp_at = |i: usize| u32_at(word, lw_start + i * 4).unwrap_or(0);
        Ok(Fib {
            // fEncrypted, or fObfuscated (XOR "encryption", still a password).
            encrypted: flags & 0x0100 != 0 || flags & 0x8000 != 0,
            one_table: flags & 0x0200 != 0,
            clx: (
                u32_at(word, pair).ok_or_else(short)?,
                u32_at(word, pair + 4).ok_or_else(short)?,
            ),
            hdd: (
                u32_at(word, hdd).unwrap_or(0),
                u32_at(word, hdd + 4).unwrap_or(0),
            ),
            // ccpText, ccpFtn, ccpHdd, (ccpMcr skipped), ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx
            ccp: [3, 4, 5, 7, 8, 9, 10].map(ccp_at),
        })
    }

    fn table_stream(&self) -> &'static str {
        if self.one_table {
            "/1Table"
        } else {
            "/0Table"
        }
    }

    /// Where each part ends, in CPs, in the order Word stores them; the header story is
    /// split into its headers and footers.
    fn parts(&self, table: &[u8]) -> Vec<(u64, Part)> {
        let order = [
            Part::Body,
            Part::Footnote,
            Part::Header,
            Part::Comment,
            Part::Endnote,
            Part::Body,
            Part::Header,
        ];
        let mut parts = Vec::new();
        let mut end = 0u64;
        for (i, (&part, ccp)) in order.iter().zip(self.ccp).enumerate() {
            if i == 2 {
                parts.extend(self.header_stories(table, end, ccp));
            }
            end += u64::from(ccp);
            parts.push((end, part));
        }
        parts
    }

    /// The headers and footers of the header story (`PlcfHdd`): six separator stories, then
    /// per section even header, odd header, even footer, odd footer, first header, first
    /// footer. Ends are absolute CPs.
    fn header_stories(&self, table: &[u8], start: u64, ccp: u32) -> Vec<(u64, Part)> {
        let (offset, len) = (self.hdd.0 as usize, self.hdd.1 as usize);
        let Some(plc) = table.get(offset..).and_then(|t| t.get(..len)) else {
            return Vec::new();
        };
        let cps: Vec<u32> = plc
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        cps.windows(2)
            .enumerate()
            .filter(|(_, w)| w[1] <= ccp)
            .map(|(story, w)| {
                let part = match story.checked_sub(6).map(|s| s % 6) {
                    Some(2 | 3 | 5) => Part::Footer,
                    _ => Part::Header,
                };
                (start + u64::from(w[1]), part)
            })
            .collect()
    }
}

/// One piece: CPs `[start, end)` stored at `offset` of the WordDocument stream.
#[derive(Debug)]
struct Piece {
    start: u32,
    end: u32,
    offset: usize,
    /// 8-bit Windows-1252 rather than UTF-16.
    compressed: bool,
}

/// The pieces of the `Clx`: property runs (`Prc`, skipped) and then the piece table (`Pcdt`).
fn pieces(clx: &[u8]) -> Result<Vec<Piece>, Failure> {
    let mut at = 0;
    loop {
        match clx.get(at) {
            Some(0x01) => {
                let size = u16_at(clx, at + 1).ok_or_else(|| damaged("a cut property run"))?;
                at += 3 + size as usize;
            }
            Some(0x02) => {
                let len = u32_at(clx, at + 1).ok_or_else(|| damaged("a cut piece table"))?;
                let table = clx
                    .get(at + 5..at + 5 + len as usize)
                    .ok_or_else(|| damaged("a cut piece table"))?;
                return piece_table(table);
            }
            _ => return Err(damaged("no piece table")),
        }
    }
}

fn piece_table(table: &[u8]) -> Result<Vec<Piece>, Failure> {
    // n + 1 CPs of 4 bytes, then n piece descriptors of 8 bytes.
    if table.len() < 4 || !(table.len() - 4).is_multiple_of(12) {
        return Err(damaged("a piece table of the wrong size"));
    }
    let n = (table.len() - 4) / 12;
    let cp = |i: usize| u32_at(table, i * 4).unwrap_or(0);
    (0..n)
        .map(|i| {
            let pcd = 4 * (n + 1) + 8 * i;
            let fc = u32_at(table, pcd + 2).unwrap_or(0);
            let compressed = fc & 0x4000_0000 != 0;
            let fc = (fc & 0x3FFF_FFFF) as usize;
            Ok(Piece {
                start: cp(i),
                end: cp(i + 1),
                offset: if compressed { fc / 2 } else { fc },
                compressed,
            })
        })
        .collect()
}

impl Piece {
    fn send(&self, word: &[u8], text: &mut TextOut, out: &mut Emitter<'_>) -> Result<(), Failure> {
        let chars = self.end.saturating_sub(self.start) as usize;
        let width = if self.compressed { 1 } else { 2 };
        let bytes = word
            .get(self.offset..)
            .and_then(|b| b.get(..chars * width))
            .ok_or_else(|| damaged("a piece lies outside the document stream"))?;
        let mut cp = u64::from(self.start);
        if self.compressed {
            let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            for c in decoded.chars() {
                text.push(cp, c, out)?;
                cp += 1;
            }
        } else {
            let units = bytes
                .chunks_exact(2)
                .map(|u| u16::from_le_bytes([u[0], u[1]]));
            for c in char::decode_utf16(units) {
                text.push(cp, c.unwrap_or('\u{FFFD}'), out)?;
                cp += 1;
            }
        }
        Ok(())
    }
}

/// Turns the characters into paragraphs, each sent under its part.
struct TextOut {
    parts: Vec<(u64, Part)>,
    part: Option<Part>,
    paragraph: String,
    /// Fields being read: their instruction (`HYPERLINK "mailto:…"`), until its separator.
    fields: Vec<Option<String>>,
}

impl TextOut {
    fn new(parts: Vec<(u64, Part)>) -> Self {
        TextOut {
            parts,
            part: None,
            paragraph: String::new(),
            fields: Vec::new(),
        }
    }

    fn push(&mut self, cp: u64, c: char, out: &mut Emitter<'_>) -> Result<(), Failure> {
        let part = self
            .parts
            .iter()
            .find(|(end, _)| cp < *end)
            .map_or(Part::Body, |(_, part)| *part);
        if self.part != Some(part) {
            self.end_paragraph(out)?;
            out.part(part)?;
            self.part = Some(part);
        }
        if let Some(Some(instruction)) = self.fields.last_mut() {
            if !matches!(c, '\u{13}' | '\u{14}' | '\u{15}') {
                instruction.push(c);
                return Ok(());
            }
        }
        match c {
            // Paragraph, cell or row end, page or section break, line break.
            '\r' | '\u{7}' | '\u{c}' | '\u{b}' => self.end_paragraph(out)?,
            // A field: its instruction, then its result (the visible text).
            '\u{13}' => self.fields.push(Some(String::new())),
            '\u{14}' => self.end_instruction(out)?,
            '\u{15}' => {
                self.end_instruction(out)?;
                self.fields.pop();
            }
            '\u{1e}' => self.paragraph.push('-'),
            '\u{a0}' => self.paragraph.push(' '),
            // Anchors of pictures, objects, notes and comments; optional hyphens.
            c if c < ' ' && c != '\t' => {}
            '\u{1f}' => {}
            c => self.paragraph.push(c),
        }
        Ok(())
    }

    /// A hyperlink's target is sent as a piece of its own, under `hyperlink`; other
    /// instructions (`PAGE`, `MERGEFIELD naam`) are not text.
    fn end_instruction(&mut self, out: &mut Emitter<'_>) -> Result<(), Failure> {
        let Some(Some(instruction)) = self.fields.last_mut().map(Option::take) else {
            return Ok(());
        };
        if let Some(target) = instruction.trim().strip_prefix("HYPERLINK") {
            let part = self.part.unwrap_or(Part::Body);
            out.part(Part::Hyperlink)?;
            out.text(target.trim().to_string())?;
            out.part(part)?;
        }
        Ok(())
    }

    fn end_paragraph(&mut self, out: &mut Emitter<'_>) -> Result<(), Failure> {
        if !self.paragraph.is_empty() {
            out.text(std::mem::take(&mut self.paragraph))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A piece table of two pieces: CPs 0..5 8-bit at byte 0x800, CPs 5..8 UTF-16 at 0x1000.
    fn clx() -> Vec<u8> {
        let mut table = Vec::new();
        for cp in [0u32, 5, 8] {
            table.extend_from_slice(&cp.to_le_bytes());
        }
        for (fc, compressed) in [(0x800u32, true), (0x1000, false)] {
            table.extend_from_slice(&[0, 0]);
            let raw = if compressed {
                (fc * 2) | 0x4000_0000
            } else {
                fc
            };
            table.extend_from_slice(&raw.to_le_bytes());
            table.extend_from_slice(&[0, 0]);
        }
        let mut clx = vec![0x01, 2, 0, 0xAA, 0xBB, 0x02];
        clx.extend_from_slice(&(table.len() as u32).to_le_bytes());
        clx.extend_from_slice(&table);
        clx
    }

    #[test]
    fn pieces_are_read_from_the_clx() {
        let pieces = pieces(&clx()).unwrap();
        assert_eq!(pieces.len(), 2);
        assert_eq!(
            (pieces[0].start, pieces[0].end, pieces[0].offset),
            (0, 5, 0x800)
        );
        assert!(pieces[0].compressed);
        assert_eq!(
            (pieces[1].start, pieces[1].end, pieces[1].offset),
            (5, 8, 0x1000)
        );
        assert!(!pieces[1].compressed);
    }

    #[test]
    fn broken_piece_tables_are_errors() {
        assert!(pieces(&[]).is_err());
        assert!(pieces(&[0x02, 0xFF, 0xFF, 0xFF, 0x7F]).is_err());
        assert!(pieces(&[0x01, 0xFF, 0xFF]).is_err());
        assert!(piece_table(&[0; 7]).is_err());
    }
}
