//! RTF: control words stripped, text decoded, in a worker process like every document.
//!
//! Written here rather than taken from a crate: the RTF readers on crates.io either drop the
//! code page (`\'e9` becomes the wrong letter in a Polish or Russian letter) or build a whole
//! document tree in memory. This one streams: it keeps a stack of group states (destination
//! skipped or not, part, code page, `\uc` count), turns `\'hh` bytes into text through the
//! document's code page (`\ansicpg`, or the charset of the current font), `\uN` into the
//! character N (surrogate pairs joined, the `\uc` fallback skipped), and sends a piece per
//! paragraph, table cell, header, footer, footnote, comment, and the `\info` properties.
//! Pictures, objects, font and style tables and `\binN` data are skipped unread.

use std::collections::HashMap;

use encoding_rs::Encoding;

use super::document::{Emitter, Failure, Part};

/// Reads an RTF document.
pub fn extract(bytes: &[u8], out: &mut Emitter<'_>) -> Result<(), Failure> {
    out.format("rtf")?;
    if !bytes.starts_with(b"{\\rtf") {
        return Err(Failure::Error("not an RTF document".into()));
    }
    let mut reader = Reader::new(out);
    reader.run(bytes)?;
    reader.flush()
}

/// What a group (`{…}`) sets for the text inside it.
#[derive(Debug, Clone)]
struct Group {
    /// Text in this destination is not document text (a font table, a picture …).
    skip: bool,
    part: Part,
    /// The code page of `\'hh` bytes: the current font's, else the document's.
    encoding: &'static Encoding,
    /// Characters that stand in for a `\uN` in readers without Unicode, skipped after it.
    uc: u32,
    /// Inside the font table: the font being defined.
    font_table: bool,
}

/// Destinations whose content is not text a person reads in the document.
const SKIPPED: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "listtable",
    "listoverridetable",
    "pict",
    "object",
    "objdata",
    "themedata",
    "colorschememapping",
    "datastore",
    "latentstyles",
    "rsidtbl",
    "generator",
    "xmlnstbl",
    "mmathPr",
    "revtbl",
    "filetbl",
    "pgdsctbl",
    "bkmkstart",
    "bkmkend",
    "shppict",
    "nonshppict",
    "atnid",
    "atnauthor",
    "atnref",
    "atndate",
    "wgrffmtfilter",
    "fldtype",
    "blipuid",
];

struct Reader<'o, 'e> {
    out: &'o mut Emitter<'e>,
    stack: Vec<Group>,
    group: Group,
    document_encoding: &'static Encoding,
    /// Font number → the code page of its charset (`\fcharset`).
    fonts: HashMap<i32, &'static Encoding>,
    /// The font being defined in the font table.
    defining_font: Option<i32>,
    text: String,
    /// Text of outer parts, waiting while a header, footnote or comment group is read.
    waiting: Vec<String>,
    /// `\'hh` bytes not yet decoded: a double-byte code page needs them together.
    bytes: Vec<u8>,
    /// Fallback characters still to skip after a `\uN`.
    skip_chars: u32,
    /// A high surrogate waiting for its low half.
    high_surrogate: Option<u16>,
    /// The part whose texts are being sent.
    sent_part: Option<Part>,
}

impl<'o, 'e> Reader<'o, 'e> {
    fn new(out: &'o mut Emitter<'e>) -> Self {
        let group = Group {
            skip: false,
            part: Part::Body,
            encoding: encoding_rs::WINDOWS_1252,
            uc: 1,
            font_table: false,
        };
        Reader {
            out,
            stack: Vec::new(),
            group,
            document_encoding: encoding_rs::WINDOWS_1252,
            fonts: HashMap::new(),
            defining_font: None,
            text: String::new(),
            waiting: Vec::new(),
            bytes: Vec::new(),
            skip_chars: 0,
            high_surrogate: None,
            sent_part: None,
        }
    }

    fn run(&mut self, input: &[u8]) -> Result<(), Failure> {
        let mut i = 0;
        while i < input.len() {
            if i % 65_536 == 0 {
                self.out.budget.check_time()?;
            }
            match input[i] {
                b'{' => {
                    self.decode_bytes();
                    self.stack.push(self.group.clone());
                    self.out.budget.check_depth(self.stack.len() as u32)?;
                    i += 1;
                }
                b'}' => {
                    self.decode_bytes();
                    self.end_group()?;
                    i += 1;
                }
                b'\\' => i = self.control(input, i + 1)?,
                b'\r' | b'\n' => i += 1,
                _ => {
                    let end = input[i..]
                        .iter()
                        .position(|b| matches!(b, b'{' | b'}' | b'\\' | b'\r' | b'\n'))
                        .map_or(input.len(), |p| i + p);
                    self.plain(&input[i..end]);
                    i = end;
                }
            }
        }
        Ok(())
    }

    fn end_group(&mut self) -> Result<(), Failure> {
        let Some(outer) = self.stack.pop() else {
            return Ok(()); // an unbalanced `}`: ignore it
        };
        if self.group.part != outer.part {
            self.paragraph()?;
            self.text = self.waiting.pop().unwrap_or_default();
        }
        if self.group.font_table && !outer.font_table {
            self.defining_font = None;
        }
        self.group = outer;
        Ok(())
    }

    /// Reads the control word or symbol after a backslash at `i`; returns where the next token
    /// starts.
    fn control(&mut self, input: &[u8], i: usize) -> Result<usize, Failure> {
        let Some(&first) = input.get(i) else {
            return Ok(i);
        };
        if !first.is_ascii_alphabetic() {
            return self.symbol(input, i);
        }
        let name_end = input[i..]
            .iter()
            .take(32)
            .position(|b| !b.is_ascii_alphabetic())
            .map_or((i + 32).min(input.len()), |p| i + p);
        let name = std::str::from_utf8(&input[i..name_end]).unwrap_or("");
        let mut end = name_end;
        if input.get(end) == Some(&b'-') {
            end += 1;
        }
        let digits_end = input[end..]
            .iter()
            .take(10)
            .position(|b| !b.is_ascii_digit())
            .map_or((end + 10).min(input.len()), |p| end + p);
        let param = std::str::from_utf8(&input[name_end..digits_end])
            .ok()
            .and_then(|s| s.parse::<i64>().ok());
        end = digits_end;
        if input.get(end) == Some(&b' ') {
            end += 1; // the space that ends a control word belongs to it
        }
        if name != "u" && name != "bin" {
            self.decode_bytes();
        }
        if name == "bin" {
            // Raw binary data of the given length follows.
            let n = param.unwrap_or(0).max(0) as usize;
            return Ok(end.saturating_add(n).min(input.len()));
        }
        if self.skip_chars > 0 && name != "u" {
            self.skip_chars -= 1;
            return Ok(end);
        }
        self.word(name, param)?;
        Ok(end)
    }

    fn symbol(&mut self, input: &[u8], i: usize) -> Result<usize, Failure> {
        let sym = input[i];
        if sym == b'\'' {
            let hex = input
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                if self.skip_chars > 0 {
                    self.skip_chars -= 1;
                } else if !self.group.skip {
                    self.bytes.push(byte);
                }
                return Ok(i + 3);
            }
            return Ok(i + 1);
        }
        self.decode_bytes();
        if self.skip_chars > 0 {
            self.skip_chars -= 1;
            return Ok(i + 1);
        }
        match sym {
            b'*' => self.group.skip = true,
            b'\\' | b'{' | b'}' => self.push_char(sym as char),
            b'~' => self.push_char(' '),
            b'_' => self.push_char('-'),
            b'\r' | b'\n' => self.paragraph()?,
            b'\t' => self.push_char('\t'),
            _ => {} // `\-` optional hyphen, `\|`, `\:` …: no text
        }
        Ok(i + 1)
    }

    fn word(&mut self, name: &str, param: Option<i64>) -> Result<(), Failure> {
        match name {
            "par" | "line" | "sect" | "page" | "cell" | "row" | "nestcell" | "nestrow" => {
                self.paragraph()?
            }
            "tab" => self.push_char('\t'),
            "emdash" => self.push_char('—'),
            "endash" => self.push_char('–'),
            "lquote" | "rquote" => self.push_char('\''),
            "ldblquote" | "rdblquote" => self.push_char('"'),
            "bullet" => self.push_char('•'),
            "u" => self.unicode(param.unwrap_or(0)),
            "uc" => self.group.uc = param.unwrap_or(1).clamp(0, 8) as u32,
            "ansicpg" => {
                if let Some(enc) = param.and_then(code_page) {
                    self.document_encoding = enc;
                    self.group.encoding = enc;
                }
            }
            "mac" => self.set_document_encoding(encoding_rs::MACINTOSH),
            "pc" | "pca" => self.set_document_encoding(encoding_rs::IBM866),
            "fonttbl" => {
                self.group.skip = true;
                self.group.font_table = true;
            }
            "f" if self.group.font_table => self.defining_font = param.map(|p| p as i32),
            "fcharset" if self.group.font_table => {
                if let (Some(font), Some(enc)) =
                    (self.defining_font, param.and_then(charset_code_page))
                {
                    self.fonts.insert(font, enc);
                }
            }
            "f" => {
                self.group.encoding = param
                    .and_then(|p| self.fonts.get(&(p as i32)).copied())
                    .unwrap_or(self.document_encoding);
            }
            "info" => self.read_part(Part::Properties),
            // A field's instruction (`HYPERLINK "mailto:…"`) holds the link target, which is
            // not in the visible text.
            "fldinst" => self.read_part(Part::Hyperlink),
            "header" | "headerl" | "headerr" | "headerf" => self.read_part(Part::Header),
            "footer" | "footerl" | "footerr" | "footerf" => self.read_part(Part::Footer),
            "footnote" => self.read_part(Part::Footnote),
            "annotation" => self.read_part(Part::Comment),
            _ if SKIPPED.contains(&name) => self.group.skip = true,
            _ => {}
        }
        // Each property of `\info` (author, title …) is a piece of its own.
        if matches!(
            name,
            "title" | "subject" | "author" | "operator" | "keywords" | "comment" | "company"
        ) {
            self.paragraph()?;
        }
        Ok(())
    }

    fn set_document_encoding(&mut self, encoding: &'static Encoding) {
        self.document_encoding = encoding;
        self.group.encoding = encoding;
    }

    fn unicode(&mut self, n: i64) {
        // Written as a signed 16-bit number: \u-3913 is U+F0B7.
        let unit = if n < 0 { (n + 65_536) as u16 } else { n as u16 };
        if (0xD800..0xDC00).contains(&unit) {
            self.high_surrogate = Some(unit);
        } else if (0xDC00..0xE000).contains(&unit) {
            if let Some(high) = self.high_surrogate.take() {
                let c = char::decode_utf16([high, unit]).next().and_then(Result::ok);
                self.push_char(c.unwrap_or('\u{FFFD}'));
            }
        } else {
            self.high_surrogate = None;
            self.push_char(char::from_u32(unit.into()).unwrap_or('\u{FFFD}'));
        }
        self.skip_chars = self.group.uc;
    }

    fn plain(&mut self, bytes: &[u8]) {
        self.decode_bytes();
        let mut bytes = bytes;
        while self.skip_chars > 0 && !bytes.is_empty() {
            self.skip_chars -= 1;
            bytes = &bytes[1..];
        }
        if self.group.skip || bytes.is_empty() {
            return;
        }
        // Plain RTF text is 7-bit; anything else is read in the document's code page.
        let (text, _, _) = self.group.encoding.decode(bytes);
        self.text.push_str(&text);
    }

    fn push_char(&mut self, c: char) {
        if self.group.skip {
            return;
        }
        self.text.push(c);
    }

    fn decode_bytes(&mut self) {
        if self.bytes.is_empty() {
            return;
        }
        let (text, _, _) = self.group.encoding.decode(&self.bytes);
        let text = text.into_owned();
        self.bytes.clear();
        self.text.push_str(&text);
    }

    /// A destination snuffel reads, even when marked `\*` ("skip if unknown"): its text is
    /// read unless the group around it is skipped.
    fn read_part(&mut self, part: Part) {
        self.group.skip = self.stack.last().is_some_and(|outer| outer.skip);
        self.set_part(part);
    }

    /// Starts a group of another part (a footnote in the middle of a sentence): the text
    /// around it waits, and goes on after it.
    fn set_part(&mut self, part: Part) {
        if part != self.group.part {
            self.decode_bytes();
            self.waiting.push(std::mem::take(&mut self.text));
            self.group.part = part;
        }
    }

    /// Ends the current piece of text.
    fn paragraph(&mut self) -> Result<(), Failure> {
        self.decode_bytes();
        if self.text.trim().is_empty() {
            self.text.clear();
            return Ok(());
        }
        if self.sent_part != Some(self.group.part) {
            self.out.part(self.group.part)?;
            self.sent_part = Some(self.group.part);
        }
        let text = std::mem::take(&mut self.text);
        self.out.text(text)?;
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Failure> {
        self.paragraph()
    }
}

/// The encoding of a Windows code page number.
fn code_page(page: i64) -> Option<&'static Encoding> {
    let label = match page {
        437 | 850 | 866 => "ibm866",
        874 => "windows-874",
        932 => "shift_jis",
        936 => "gbk",
        949 => "euc-kr",
        950 => "big5",
        1250..=1258 => return Encoding::for_label(format!("windows-{page}").as_bytes()),
        10000 => "macintosh",
        65001 => "utf-8",
        _ => return None,
    };
    Encoding::for_label(label.as_bytes())
}

/// The code page of a font's `\fcharset`.
fn charset_code_page(charset: i64) -> Option<&'static Encoding> {
    code_page(match charset {
        0 => 1252,
        77 => 10000,
        128 => 932,
        129 => 949,
        134 => 936,
        136 => 950,
        161 => 1253,
        162 => 1254,
        163 => 1258,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        204 => 1251,
        222 => 874,
        238 => 1250,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::document::{Limits, Reply, Stop};

    /// The pieces an RTF document gives, with the part of each.
    fn pieces(rtf: &str) -> Vec<(Part, String)> {
        let mut replies = Vec::new();
        let mut send = |batch: Vec<Reply>| -> Result<(), Stop> {
            replies.extend(batch);
            Ok(())
        };
        let mut out = Emitter::new(Limits::default(), &mut send);
        extract(rtf.as_bytes(), &mut out).unwrap();
        out.flush().unwrap();
        let mut part = Part::Body;
        let mut pieces = Vec::new();
        for reply in replies {
            match reply {
                Reply::Part(place) => part = place.part.unwrap_or(Part::Body),
                Reply::Text { text, .. } => pieces.push((part, text)),
                _ => {}
            }
        }
        pieces
    }

    fn texts(rtf: &str) -> Vec<String> {
        pieces(rtf).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn control_words_are_stripped_and_paragraphs_split() {
        let rtf = r"{\rtf1\ansi\deff0{\fonttbl{\f0 Times;}}{\colortbl;\red255;}\f0\fs24 Beste {\b Jan},\par Rijksregisternummer 85.07.30-033.28\par}";
        assert_eq!(
            texts(rtf),
            ["Beste Jan,", "Rijksregisternummer 85.07.30-033.28"]
        );
    }

    #[test]
    fn code_page_escapes_and_unicode() {
        let rtf = r"{\rtf1\ansi\ansicpg1250 Gda\'f1sk \'b9 caf\u233?\uc2\u8364\'80\'80 x\par}";
        assert_eq!(texts(rtf), ["Gdańsk ą café€ x"]);
        let rtf = r"{\rtf1\ansi\ansicpg1252 caf\'e9\par}";
        assert_eq!(texts(rtf), ["café"]);
    }

    #[test]
    fn font_charsets_choose_the_code_page() {
        let rtf = r"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0\fcharset0 Arial;}{\f1\fcharset204 Arial Cyr;}}\f1 \'cf\'f0\'e8\'e2\'e5\'f2\f0  caf\'e9\par}";
        assert_eq!(texts(rtf), ["Привет café"]);
    }

    #[test]
    fn surrogate_pairs_join() {
        let rtf = r"{\rtf1\ansi\u-10179?\u-8704? ok\par}";
        assert_eq!(texts(rtf), ["😀 ok"]);
    }

    #[test]
    fn skipped_destinations_and_binary_data() {
        let rtf = "{\\rtf1{\\*\\generator Word;}{\\pict\\pngblip 89504e47}{\\*\\unknown secret}zichtbaar\\bin4 \\{x} na\\par}";
        assert_eq!(texts(rtf), ["zichtbaar na"]);
    }

    #[test]
    fn parts_headers_footnotes_and_properties() {
        let rtf = r"{\rtf1{\info{\author Jan Peeters}{\title Verslag}}{\header Kop jan@example.be\par}Tekst{\footnote Voetnoot\par} verder\par}";
        let got = pieces(rtf);
        assert!(
            got.contains(&(Part::Properties, "Jan Peeters".into())),
            "{got:?}"
        );
        assert!(
            got.contains(&(Part::Properties, "Verslag".into())),
            "{got:?}"
        );
        assert!(
            got.contains(&(Part::Header, "Kop jan@example.be".into())),
            "{got:?}"
        );
        assert!(
            got.contains(&(Part::Footnote, "Voetnoot".into())),
            "{got:?}"
        );
        assert!(
            got.contains(&(Part::Body, "Tekst verder".into())),
            "{got:?}"
        );
    }

    #[test]
    fn table_cells_are_pieces() {
        let rtf = r"{\rtf1\trowd\cellx1000\cellx2000 naam\cell 85.07.30-033.28\cell\row}";
        assert_eq!(texts(rtf), ["naam", "85.07.30-033.28"]);
    }

    #[test]
    fn hostile_input_ends() {
        let deep = format!("{{\\rtf1{}x{}}}", "{".repeat(5000), "}".repeat(5000));
        let mut send = |_: Vec<Reply>| -> Result<(), Stop> { Ok(()) };
        let mut out = Emitter::new(Limits::default(), &mut send);
        assert!(matches!(
            extract(deep.as_bytes(), &mut out),
            Err(Failure::Stop(Stop::Limit(_)))
        ));
        texts("{\\rtf1 \\u");
        texts("{\\rtf1 \\'");
        texts("{\\rtf1 \\bin99999999999 x}");
        texts("{\\rtf1 }}}}} x\\par");
    }
}
