//! Extract stage: turns a source's bytes into UTF-8 text, recognising what it is by content.
//!
//! A file is opened read-only, without updating its access time where the OS allows it, and
//! without blocking (named pipes and devices never reach this stage; see `walk`). Its first
//! bytes decide what it is: gzip is unwrapped (and sniffed again); ZIP packages, OLE compound
//! files and PDFs are documents, handed to the extractors of `document` (spreadsheets in
//! `sheet`, Office and OpenDocument text in `office`, PDF in `pdf`), which run in worker
//! processes (`worker`) and give located text (`located`); other binary formats are skipped
//! with their name; a BOM selects UTF-16 or UTF-8, NUL bytes mark a binary file, and otherwise
//! the text is UTF-8 with Windows-1252 as the fallback. The sniffed structure (CSV, SQL …)
//! gives the detect stage column headers.
//!
//! What the text contains is for the detect stage.

pub mod archive;
pub mod biff;
pub mod compress;
pub mod csv;
pub mod decode;
pub mod doc;
pub mod document;
pub mod located;
pub mod mail;
pub mod msg;
pub mod office;
pub mod pdf;
pub mod rtf;
pub mod sevenz;
pub mod sheet;
pub mod sniff;
pub mod sql;
pub mod sqlite;
mod structural;
pub mod worker;
mod xml;

use std::fs::{File, OpenOptions};
use std::io::{self, Cursor, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

pub use archive::{ArchiveKind, Unpacking};
pub use compress::Codec;
pub use decode::{Encoding, TextReader};
pub use document::Container;
pub use sniff::{Format, Sniffed};

/// A byte stream being extracted: a file, a member of an archive, a decompressed layer.
pub type Stream<'a> = Box<dyn Read + 'a>;

/// Bytes looked at to recognise a format.
const SNIFF_LEN: usize = 8 * 1024;
/// Compression layers unwrapped at most (a `.gz` of a `.gz` is fine; deeper is hostile).
const MAX_LAYERS: usize = 3;

/// Why a source yielded no text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// Not text, and not a format snuffel reads (yet).
    #[error("unsupported format: {0}")]
    Unsupported(&'static str),
    /// A database or archive snuffel recognises but cannot open: it may well hold personal
    /// data, so it is reported as not examined (`unsupported`), not as skipped.
    #[error("{0}")]
    Unreadable(&'static str),
    /// Binary data with no text in it.
    #[error("binary file with no text")]
    Binary,
    /// The bytes could not be read or decompressed.
    #[error("{0}")]
    Io(String),
}

impl ExtractError {
    fn io(context: &str, e: io::Error) -> Self {
        ExtractError::Io(format!("{context}: {e}"))
    }
}

/// What a source turned out to be.
pub enum Content<'a> {
    Text(Opened<'a>),
    /// A document for an extractor (see `document`): the whole stream, with the compression
    /// layers already unwrapped.
    Document {
        container: Container,
        stream: Stream<'a>,
        compression: Vec<&'static str>,
    },
    /// An archive whose members are scanned one by one (see `archive`).
    Archive {
        kind: ArchiveKind,
        stream: Stream<'a>,
        compression: Vec<&'static str>,
    },
}

/// A source opened as text.
pub struct Opened<'a> {
    pub text: TextReader<'a>,
    pub format: Format,
    /// Outer compression layers, outermost first (`gzip`, `xz` …).
    pub compression: Vec<&'static str>,
    /// Column headers for structured text (CSV, TSV, SQL dumps).
    pub columns: Option<Box<dyn ColumnTracker>>,
}

/// Follows a structured text as it streams by and tells the column header of each position.
pub trait ColumnTracker: Send {
    /// Consumes the next bytes of the text, in order, each byte once.
    fn feed(&mut self, bytes: &[u8]);
    /// The header of the column the next byte belongs to, if known.
    fn column(&self) -> Option<&str>;
    /// Where in a document the next byte sits (sheet and cell, page …), for document text.
    fn place(&self) -> Option<DocPlace> {
        None
    }
}

/// A position in a document, as a finding's location gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocPlace {
    pub place: std::sync::Arc<document::Place>,
    pub cell: Option<(u32, u32)>,
    /// The text was a number in a spreadsheet cell or a database's integer column.
    pub numeric: bool,
    /// A database row id.
    pub row: Option<i64>,
}

fn column_tracker(format: Format, head: &str) -> Option<Box<dyn ColumnTracker>> {
    match format {
        Format::Csv { delimiter } => Some(Box::new(csv::CsvColumns::new(delimiter))),
        Format::Sql => Some(Box::new(sql::SqlColumns::new(head.contains("PostgreSQL")))),
        _ => None,
    }
}

/// Opens a file for reading without changing it: no access-time update where the kernel
/// allows that (`O_NOATIME` needs ownership; others fall back to a plain read-only open), and
/// `O_NONBLOCK` so that a file swapped for a pipe after the walk cannot hang the scan.
pub fn open_file(path: &Path) -> io::Result<File> {
    let open = |flags| {
        OpenOptions::new()
            .read(true)
            .custom_flags(flags | libc::O_NONBLOCK | libc::O_NOCTTY)
            .open(path)
    };
    match open(libc::O_NOATIME) {
        Err(e) if e.raw_os_error() == Some(libc::EPERM) => open(0),
        other => other,
    }
}

/// Sniffs `input` and prepares it as a text stream, a document or an archive; compressed
/// layers are unwrapped, each guarded by the ratio limit (see `compress`) and charged to
/// `unpacking`.
pub fn open<'a>(input: Stream<'a>, unpacking: &'a Unpacking) -> Result<Content<'a>, ExtractError> {
    let mut input = input;
    let mut compression = Vec::new();
    loop {
        let head = read_head(&mut input).map_err(|e| ExtractError::io("read", e))?;
        let stream: Stream<'_> = Box::new(Cursor::new(head.clone()).chain(input));
        if let Some(container) = Container::sniff(&head) {
            return Ok(Content::Document {
                container,
                stream,
                compression,
            });
        }
        match sniff::sniff(&head) {
            Sniffed::Compressed(codec) if compression.len() < MAX_LAYERS => {
                compression.push(codec.name());
                let layer = compress::decompress(codec, stream, unpacking.limits.max_ratio);
                input = unpacking.meter(layer, None, None);
            }
            Sniffed::Compressed(_) => {
                return Err(ExtractError::Unsupported("compression nested too deep"))
            }
            Sniffed::Archive(kind) => {
                return Ok(Content::Archive {
                    kind,
                    stream,
                    compression,
                })
            }
            Sniffed::Unreadable(name) => return Err(ExtractError::Unreadable(name)),
            Sniffed::Binary(name) => return Err(ExtractError::Unsupported(name)),
            Sniffed::NoText => return Err(ExtractError::Binary),
            Sniffed::Text(encoding) => {
                let head = decode::decode_head(&head, encoding);
                if sniff::is_mbox(&head) {
                    return Ok(Content::Archive {
                        kind: ArchiveKind::Mbox,
                        stream,
                        compression,
                    });
                }
                if sniff::is_mail(&head) {
                    return Ok(Content::Document {
                        container: Container::Mail,
                        stream,
                        compression,
                    });
                }
                let format = sniff::structure(&head);
                return Ok(Content::Text(Opened {
                    text: TextReader::new(stream, encoding),
                    format,
                    compression,
                    columns: column_tracker(format, &head),
                }));
            }
        }
    }
}

/// Reads up to `SNIFF_LEN` bytes, fewer only at the end of the input.
fn read_head(input: &mut dyn Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(SNIFF_LEN);
    input.take(SNIFF_LEN as u64).read_to_end(&mut head)?;
    Ok(head)
}
