//! Documents: spreadsheets, word-processing files, slides and PDFs, turned into located text.
//!
//! A document extractor does not hand over one text: it sends a stream of `Reply` messages.
//! `Part` says where the following text sits (a sheet, the body, a header, a slide, a page),
//! `Headers` names a sheet's columns, each `Text` is one paragraph, cell or page, and `Done`
//! says how the document ended (scanned, protected, without a text layer, stopped by a limit).
//! The scan stage turns the stream back into one text with a boundary between pieces, so the
//! detectors read documents exactly as they read plain text, and a number never glues across
//! two cells or paragraphs.
//!
//! The same messages travel over a pipe when the extractor runs in a worker process
//! (`worker`), so the stages around an extractor do not know where it ran.
//!
//! Every extractor is given a `Budget` (bytes decompressed, XML depth, cells, PDF objects,
//! time) and stops with a reason when one is spent, after sending what it found before.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::io::{self, Read, Seek};
use std::rc::Rc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{mail, office, pdf, rtf, sevenz, sheet, sqlite};

/// What an extractor is asked to read, recognised by the first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Container {
    /// A ZIP file: an OOXML or OpenDocument package for the extractors, or a plain archive,
    /// whose members the scan stage unpacks itself (see `archive`).
    Zip,
    /// An OLE compound file: xls, doc, ppt, msg, or an encrypted OOXML package.
    Ole,
    Pdf,
    /// An e-mail message (`.eml`), recognised by its header fields.
    Mail,
    /// A SQLite database.
    Sqlite,
    /// A 7z archive: its members come back as `Member` replies.
    SevenZ,
    Rtf,
}

impl Container {
    /// The container a file's first bytes announce, if any (e-mail is recognised as text).
    pub fn sniff(head: &[u8]) -> Option<Container> {
        if head.starts_with(b"PK\x03\x04") {
            Some(Container::Zip)
        } else if head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
            Some(Container::Ole)
        } else if head.starts_with(b"%PDF-") {
            Some(Container::Pdf)
        } else if head.starts_with(b"SQLite format 3\0") {
            Some(Container::Sqlite)
        } else if head.starts_with(b"7z\xBC\xAF\x27\x1C") {
            Some(Container::SevenZ)
        } else if head.starts_with(b"{\\rtf") {
            Some(Container::Rtf)
        } else {
            None
        }
    }
}

/// Which part of a document a text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Body,
    Header,
    Footer,
    Footnote,
    Endnote,
    Comment,
    /// Document properties: author, last modified by, title …
    Properties,
    /// A link target (`mailto:`) that is not part of the visible text.
    Hyperlink,
    Slide,
    Notes,
    /// An e-mail's header fields (From, To, Cc, Reply-To, Subject).
    MailHeader,
    /// The file's own name: a scan named after the national number on it.
    FileName,
}

impl Part {
    pub fn name(self) -> &'static str {
        match self {
            Part::Body => "body",
            Part::Header => "header",
            Part::Footer => "footer",
            Part::Footnote => "footnote",
            Part::Endnote => "endnote",
            Part::Comment => "comment",
            Part::Properties => "properties",
            Part::Hyperlink => "hyperlink",
            Part::Slide => "slide",
            Part::Notes => "notes",
            Part::MailHeader => "mail header",
            Part::FileName => "file name",
        }
    }
}

/// Where the texts that follow sit in the document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub part: Option<Part>,
    pub sheet: Option<String>,
    /// 1-based slide (pptx, odp) or page (odp draws slides as pages).
    pub slide: Option<u32>,
    /// 1-based PDF page.
    pub page: Option<u32>,
    /// A database table.
    pub table: Option<String>,
}

/// One message of an extractor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// What the document is (`xlsx`, `docx`, `pdf` …), sent once, first.
    Format(String),
    /// The texts that follow belong here.
    Part(Place),
    /// The texts that follow are in this database row (SQLite's row id); the place and the
    /// column headers stay.
    Row(i64),
    /// Column headers of the current sheet: (0-based column, header text).
    Headers(Vec<(u32, String)>),
    /// A paragraph, cell or page.
    Text {
        /// 0-based (row, column) of a spreadsheet cell.
        cell: Option<(u32, u32)>,
        /// The cell held a number, written out in digits: a weaker sign than typed text.
        numeric: bool,
        text: String,
    },
    /// A file packed inside the document (an e-mail attachment, a member of a 7z archive),
    /// for the scan stage to scan as a file of its own, named `document!/name`.
    Member {
        name: String,
        bytes: Vec<u8>,
    },
    Done(Outcome),
}

/// How a document ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// Every part was read.
    Scanned,
    /// Encrypted with a password: nothing inside could be checked. Carries the document kind.
    Protected(String),
    /// Readable, but no page has a text layer (a scan or a photo): nothing was checked.
    NoText,
    /// Deliberately not read (a format snuffel does not open).
    Skipped(String),
    /// Reading failed or a limit was hit; texts sent before still count.
    Error(String),
}

/// Limits on what one document may cost. Plain data, part of `Config`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Bytes decompressed from a package's parts, in all.
    pub max_bytes: u64,
    /// A part whose entries expand more than this many times their stored size is a bomb.
    pub max_ratio: u64,
    /// Nesting of XML elements.
    pub max_depth: u32,
    /// Spreadsheet cells read.
    pub max_cells: u64,
    /// Cells of the full grids calamine lays out for an xls workbook (every sheet from its
    /// first to its last used cell, 32 bytes a cell, built twice), checked before it does.
    pub max_grid_cells: u64,
    /// Objects in a PDF.
    pub max_pdf_objects: u64,
    /// Time for one document.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 1 << 30,
            // Spreadsheet XML compresses well; 1000 is above what Office writes and below
            // what a bomb needs.
            max_ratio: 1000,
            max_depth: 1000,
            max_cells: 50_000_000,
            // 8 million cells is about 512 MB of grids: within a worker's default 1 GiB.
            max_grid_cells: 8_000_000,
            max_pdf_objects: 1_000_000,
            timeout: Duration::from_secs(120),
        }
    }
}

/// Why an extractor stopped before the end.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Stop {
    #[error("limit reached: {0}")]
    Limit(String),
    /// The receiving side is gone (the scan was stopped); nothing more to do.
    #[error("receiver closed")]
    Closed,
}

/// What one document may still spend. Clones share the same counters, so a reader deep in a
/// ZIP entry and the code walking its XML spend from one purse.
#[derive(Debug, Clone)]
pub struct Budget {
    pub limits: Limits,
    spent: Rc<Spent>,
}

#[derive(Debug)]
struct Spent {
    bytes: Cell<u64>,
    cells: Cell<u64>,
    deadline: Instant,
    /// A limit hit inside a reader, which can only return an `io::Error`: kept here so the
    /// caller can tell a limit from a broken file.
    tripped: RefCell<Option<Stop>>,
}

impl Budget {
    pub fn new(limits: Limits) -> Self {
        Budget {
            limits,
            spent: Rc::new(Spent {
                bytes: Cell::new(0),
                cells: Cell::new(0),
                deadline: Instant::now() + limits.timeout,
                tripped: RefCell::new(None),
            }),
        }
    }

    /// Counts `n` decompressed bytes.
    pub fn spend_bytes(&self, n: u64) -> Result<(), Stop> {
        let bytes = self.spent.bytes.get() + n;
        self.spent.bytes.set(bytes);
        if bytes > self.limits.max_bytes {
            return Err(Stop::Limit(format!(
                "more than {} decompressed",
                human_bytes(self.limits.max_bytes)
            )));
        }
        self.check_time()
    }

    /// Counts one spreadsheet cell (and looks at the clock now and then).
    pub fn spend_cell(&self) -> Result<(), Stop> {
        let cells = self.spent.cells.get() + 1;
        self.spent.cells.set(cells);
        if cells > self.limits.max_cells {
            return Err(Stop::Limit(format!(
                "more than {} cells",
                self.limits.max_cells
            )));
        }
        if cells.is_multiple_of(4096) {
            self.check_time()?;
        }
        Ok(())
    }

    /// Remembers a limit hit where only an `io::Error` could be returned.
    pub fn trip(&self, stop: Stop) {
        self.spent.tripped.replace(Some(stop));
    }

    pub fn tripped(&self) -> Option<Stop> {
        self.spent.tripped.borrow().clone()
    }

    pub fn check_depth(&self, depth: u32) -> Result<(), Stop> {
        if depth > self.limits.max_depth {
            return Err(Stop::Limit(format!(
                "XML nested deeper than {} elements",
                self.limits.max_depth
            )));
        }
        Ok(())
    }

    pub fn check_time(&self) -> Result<(), Stop> {
        if Instant::now() > self.spent.deadline {
            return Err(Stop::Limit(format!(
                "took longer than {} s",
                self.limits.timeout.as_secs()
            )));
        }
        Ok(())
    }
}

/// Sizes for messages: `1 GiB`, `64 MiB`, `512 KiB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    UNITS
        .iter()
        .find(|(size, _)| n >= *size && n.is_multiple_of(*size))
        .map_or_else(
            || format!("{n} bytes"),
            |(size, unit)| format!("{} {unit}", n / size),
        )
}

/// Replies handed on at a time: one message per spreadsheet cell would cost more in channel
/// and pipe traffic than the cell itself.
const BATCH: usize = 512;
/// Text handed on at a time, at most (a batch is sent once it holds this much).
const BATCH_BYTES: usize = 256 << 10;

/// Where an extractor's messages go, with the budget it spends. Replies travel in batches.
pub struct Emitter<'a> {
    send: &'a mut dyn FnMut(Vec<Reply>) -> Result<(), Stop>,
    batch: Vec<Reply>,
    batch_bytes: usize,
    pub budget: Budget,
    /// Texts sent, to tell a document without text from one that was read.
    pub texts: u64,
}

impl<'a> Emitter<'a> {
    pub fn new(limits: Limits, send: &'a mut dyn FnMut(Vec<Reply>) -> Result<(), Stop>) -> Self {
        Emitter {
            send,
            batch: Vec::with_capacity(BATCH),
            batch_bytes: 0,
            budget: Budget::new(limits),
            texts: 0,
        }
    }

    fn push(&mut self, reply: Reply) -> Result<(), Stop> {
        if let Reply::Text { text, .. } = &reply {
            self.batch_bytes += text.len();
        }
        self.batch.push(reply);
        if self.batch.len() >= BATCH || self.batch_bytes >= BATCH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Hands on what is batched.
    pub fn flush(&mut self) -> Result<(), Stop> {
        if self.batch.is_empty() {
            return Ok(());
        }
        self.batch_bytes = 0;
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        (self.send)(batch)
    }

    pub fn format(&mut self, name: &str) -> Result<(), Stop> {
        self.push(Reply::Format(name.to_string()))
    }

    pub fn place(&mut self, place: Place) -> Result<(), Stop> {
        self.push(Reply::Part(place))
    }

    pub fn part(&mut self, part: Part) -> Result<(), Stop> {
        self.place(Place {
            part: Some(part),
            ..Place::default()
        })
    }

    /// Hands on a file packed inside the document, charging its size to the budget.
    pub fn member(&mut self, name: String, bytes: Vec<u8>) -> Result<(), Stop> {
        self.budget.spend_bytes(bytes.len() as u64)?;
        self.batch_bytes += bytes.len();
        self.push(Reply::Member { name, bytes })
    }

    pub fn row(&mut self, row: i64) -> Result<(), Stop> {
        self.push(Reply::Row(row))
    }

    pub fn headers(&mut self, headers: Vec<(u32, String)>) -> Result<(), Stop> {
        self.push(Reply::Headers(headers))
    }

    /// Sends one piece of text; blank ones are dropped.
    pub fn text(&mut self, text: String) -> Result<(), Stop> {
        if text.trim().is_empty() {
            return Ok(());
        }
        self.texts += 1;
        self.push(Reply::Text {
            cell: None,
            numeric: false,
            text,
        })
    }

    pub fn cell(&mut self, row: u32, col: u32, numeric: bool, text: String) -> Result<(), Stop> {
        if text.is_empty() {
            return Ok(());
        }
        self.texts += 1;
        self.push(Reply::Text {
            cell: Some((row, col)),
            numeric,
            text,
        })
    }
}

/// A document for an extractor: a file it opens itself, or bytes in memory.
#[derive(Debug)]
pub enum DocSource {
    Path(std::path::PathBuf),
    Bytes(Vec<u8>),
}

impl DocSource {
    /// The document as a seekable stream.
    pub fn open(self) -> io::Result<Box<dyn Input>> {
        Ok(match self {
            DocSource::Path(path) => Box::new(super::open_file(&path)?),
            DocSource::Bytes(bytes) => Box::new(io::Cursor::new(bytes)),
        })
    }

    /// The whole document in memory, at most `max` bytes.
    pub fn into_bytes(self, max: u64) -> Result<Vec<u8>, Failure> {
        let bytes = match self {
            DocSource::Bytes(bytes) => bytes,
            DocSource::Path(path) => {
                let mut bytes = Vec::new();
                super::open_file(&path)?
                    .take(max + 1)
                    .read_to_end(&mut bytes)?;
                bytes
            }
        };
        if bytes.len() as u64 > max {
            return Err(Failure::Stop(Stop::Limit(format!(
                "larger than {}",
                human_bytes(max)
            ))));
        }
        Ok(bytes)
    }
}

/// A document as the extractors take it: a file or bytes in memory.
pub trait Input: Read + Seek + Send {}
impl<T: Read + Seek + Send> Input for T {}

/// Why a document could not be read at all.
#[derive(Debug)]
pub enum Failure {
    Stop(Stop),
    /// Not a document snuffel reads; the reason is listed under skipped.
    Skip(String),
    Protected(String),
    NoText,
    Error(String),
}

impl From<Stop> for Failure {
    fn from(s: Stop) -> Self {
        Failure::Stop(s)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Error(e.to_string())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Stop(s) => s.fmt(f),
            Failure::Skip(r) | Failure::Error(r) | Failure::Protected(r) => f.write_str(r),
            Failure::NoText => f.write_str("no text layer"),
        }
    }
}

/// Reads a document of `container` kind and sends its texts; always ends with `Done`.
///
/// Panics inside a parser are caught and reported as errors. What cannot be caught (a stack
/// overflow, a failed allocation) is why this runs in a worker process (see `worker`).
pub fn extract(
    container: Container,
    source: DocSource,
    limits: Limits,
    send: &mut dyn FnMut(Vec<Reply>) -> Result<(), Stop>,
) {
    let mut out = Emitter::new(limits, send);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        extract_container(container, source, &mut out)
    }))
    .unwrap_or_else(|panic| Err(Failure::Error(panic_message(panic))));
    let outcome = match result {
        Ok(()) => Outcome::Scanned,
        Err(Failure::Stop(Stop::Closed)) => return,
        Err(Failure::Stop(Stop::Limit(why))) => Outcome::Error(format!("stopped: {why}")),
        Err(Failure::Skip(why)) => Outcome::Skipped(why),
        Err(Failure::Protected(kind)) => Outcome::Protected(kind),
        Err(Failure::NoText) => Outcome::NoText,
        Err(Failure::Error(why)) => Outcome::Error(why),
    };
    let _ = out.push(Reply::Done(outcome)).and_then(|()| out.flush());
}

fn extract_container(
    container: Container,
    source: DocSource,
    out: &mut Emitter<'_>,
) -> Result<(), Failure> {
    let opened = |source: DocSource| {
        source
            .open()
            .map_err(|e| Failure::Error(format!("cannot open: {e}")))
    };
    let max_bytes = out.budget.limits.max_bytes;
    match container {
        Container::Zip => office::extract_package(opened(source)?, out),
        Container::Ole => sheet::extract_ole(opened(source)?, out),
        Container::Pdf => pdf::extract(opened(source)?, out),
        Container::Mail => mail::extract(&source.into_bytes(max_bytes)?, out),
        Container::Sqlite => sqlite::extract(source, out),
        Container::SevenZ => sevenz::extract(opened(source)?, out),
        Container::Rtf => rtf::extract(&source.into_bytes(max_bytes)?, out),
    }
}

fn panic_message(panic: Box<dyn std::any::Any + Send>) -> String {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown".into());
    format!("parser failed: {what}")
}

/// A1-style name of a 0-based cell: (13, 2) → `C14`.
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(13, 2), "C14");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn budget_stops_at_its_limits() {
        let limits = Limits {
            max_bytes: 100,
            max_cells: 2,
            max_depth: 3,
            ..Limits::default()
        };
        let b = Budget::new(limits);
        assert!(b.spend_bytes(100).is_ok());
        assert!(matches!(b.spend_bytes(1), Err(Stop::Limit(_))));
        assert!(b.spend_cell().is_ok() && b.spend_cell().is_ok());
        assert!(b.spend_cell().is_err());
        assert!(b.check_depth(3).is_ok() && b.check_depth(4).is_err());
        let expired = Budget::new(Limits {
            timeout: Duration::ZERO,
            ..limits
        });
        std::thread::sleep(Duration::from_millis(2));
        assert!(expired.check_time().is_err());
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_bytes(1 << 30), "1 GiB");
        assert_eq!(human_bytes(3 << 20), "3 MiB");
        assert_eq!(human_bytes(1000), "1000 bytes");
    }
}
