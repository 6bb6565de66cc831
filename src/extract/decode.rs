//! Decoding a byte stream to UTF-8 in bounded pieces.
//!
//! UTF-8 passes through without a copy; it is validated as it arrives, and at the first byte
//! that is not UTF-8 the rest of the stream is read as Windows-1252, the encoding of most
//! Belgian exports that are not UTF-8. UTF-16 (with a BOM) goes through encoding_rs, which also
//! does the streaming bookkeeping of characters split across reads.

use std::io::{self, Read};

use serde::Serialize;

/// The text encodings snuffel reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Encoding {
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "utf-16le")]
    Utf16Le,
    #[serde(rename = "utf-16be")]
    Utf16Be,
    #[serde(rename = "windows-1252")]
    Windows1252,
}

impl Encoding {
    /// The encoding a byte-order mark announces.
    pub fn from_bom(head: &[u8]) -> Option<Self> {
        if head.starts_with(b"\xEF\xBB\xBF") {
            Some(Encoding::Utf8)
        } else if head.starts_with(b"\xFF\xFE") {
            Some(Encoding::Utf16Le)
        } else if head.starts_with(b"\xFE\xFF") {
            Some(Encoding::Utf16Be)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }

    fn decoder(self) -> Option<encoding_rs::Decoder> {
        match self {
            Encoding::Utf8 => None,
            // `new_decoder` removes the BOM it finds.
            Encoding::Utf16Le => Some(encoding_rs::UTF_16LE.new_decoder()),
            Encoding::Utf16Be => Some(encoding_rs::UTF_16BE.new_decoder()),
            Encoding::Windows1252 => {
                Some(encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling())
            }
        }
    }
}

/// The first bytes of a stream decoded (lossily) for sniffing its structure.
pub fn decode_head(head: &[u8], encoding: Encoding) -> String {
    match encoding {
        Encoding::Utf8 => match simdutf8::basic::from_utf8(head) {
            Ok(text) => text.to_owned(),
            Err(_) => String::from_utf8_lossy(head).into_owned(),
        },
        Encoding::Utf16Le => encoding_rs::UTF_16LE.decode(head).0.into_owned(),
        Encoding::Utf16Be => encoding_rs::UTF_16BE.decode(head).0.into_owned(),
        Encoding::Windows1252 => encoding_rs::WINDOWS_1252.decode(head).0.into_owned(),
    }
}

/// A stream of UTF-8 text read in pieces.
pub struct TextReader<'a> {
    input: super::Stream<'a>,
    encoding: Encoding,
    decoder: Option<encoding_rs::Decoder>,
    raw: Vec<u8>,
    /// Bytes at the end of the output that may be the start of a UTF-8 character split by a read.
    pending: usize,
    eof: bool,
}

impl<'a> TextReader<'a> {
    pub fn new(input: super::Stream<'a>, encoding: Encoding) -> Self {
        TextReader {
            input,
            encoding,
            decoder: encoding.decoder(),
            raw: Vec::new(),
            pending: 0,
            eof: false,
        }
    }

    /// The encoding now in use (UTF-8 becomes Windows-1252 at the first invalid byte).
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// Appends about `want` bytes of UTF-8 text to `out`; returns how many, 0 at the end.
    pub fn fill(&mut self, out: &mut Vec<u8>, want: usize) -> io::Result<usize> {
        if self.eof {
            return Ok(0);
        }
        let before = out.len();
        match self.decoder.is_some() {
            true => self.fill_decoded(out, want)?,
            false => self.fill_utf8(out, want)?,
        }
        Ok(out.len() - before)
    }

    fn fill_utf8(&mut self, out: &mut Vec<u8>, want: usize) -> io::Result<()> {
        let start = out.len();
        // `read_to_end` on a `take` fills spare capacity without zeroing it first, and grows
        // the buffer only as far as the text goes: a 2 KB file costs 2 KB, not a chunk.
        let n = (&mut self.input).take(want as u64).read_to_end(out)?;
        self.eof = n < want;
        let from = start - self.pending.min(start);
        // simdutf8 rather than std: the same answer (and error position), several times faster
        // on text with accented letters, where std's ASCII fast path gives up.
        match simdutf8::compat::from_utf8(&out[from..]) {
            Ok(_) => self.pending = 0,
            Err(e) if e.error_len().is_none() && !self.eof => {
                self.pending = out.len() - from - e.valid_up_to();
            }
            Err(e) => self.switch_to_windows_1252(out, from + e.valid_up_to()),
        }
        Ok(())
    }

    /// Re-reads `out[at..]` as Windows-1252 and decodes the rest of the stream the same way.
    fn switch_to_windows_1252(&mut self, out: &mut Vec<u8>, at: usize) {
        let tail = out.split_off(at);
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&tail);
        out.extend_from_slice(text.as_bytes());
        self.encoding = Encoding::Windows1252;
        self.decoder = Encoding::Windows1252.decoder();
        self.pending = 0;
    }

    fn fill_decoded(&mut self, out: &mut Vec<u8>, want: usize) -> io::Result<()> {
        let before = out.len();
        // A read may end inside a character: read on until some text comes out.
        while out.len() == before && !self.eof {
            self.decode_some(out, want)?;
        }
        Ok(())
    }

    fn decode_some(&mut self, out: &mut Vec<u8>, want: usize) -> io::Result<()> {
        let decoder = self
            .decoder
            .as_mut()
            .expect("decoder set for non-UTF-8 input");
        self.raw.clear();
        let n = (&mut self.input)
            .take(want as u64)
            .read_to_end(&mut self.raw)?;
        self.eof = n < want;
        let mut input = &self.raw[..n];
        loop {
            let room = decoder
                .max_utf8_buffer_length(input.len())
                .unwrap_or(input.len() * 3 + 16);
            let start = out.len();
            out.resize(start + room, 0);
            let (result, read, written, _) =
                decoder.decode_to_utf8(input, &mut out[start..], self.eof);
            out.truncate(start + written);
            input = &input[read..];
            if result == encoding_rs::CoderResult::InputEmpty {
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8], encoding: Encoding, want: usize) -> (String, Encoding) {
        let mut r = TextReader::new(Box::new(io::Cursor::new(bytes.to_vec())), encoding);
        let mut out = Vec::new();
        while r.fill(&mut out, want).unwrap() > 0 {}
        (String::from_utf8(out).unwrap(), r.encoding())
    }

    #[test]
    fn utf8_split_across_reads() {
        let text = "Zoë en Anaïs: €5";
        for want in 1..8 {
            assert_eq!(read_all(text.as_bytes(), Encoding::Utf8, want).0, text);
        }
    }

    #[test]
    fn falls_back_to_windows_1252() {
        let (text, enc) = read_all(b"Fran\xE7ois \x80 5", Encoding::Utf8, 4);
        assert_eq!(text, "François € 5");
        assert_eq!(enc, Encoding::Windows1252);
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Zoë 85".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        for want in [1, 3, 64] {
            assert_eq!(read_all(&bytes, Encoding::Utf16Le, want).0, "Zoë 85");
        }
    }
}
