//! A document's replies turned back into one text, with marks saying where each piece sits.
//!
//! The detectors read a stream of bytes; a document extractor gives pieces (cells,
//! paragraphs, pages) with places. `LocatedText` writes each piece followed by a newline (so
//! pieces never glue into one number) and leaves a mark at the offset where it starts;
//! `LocatedColumns` follows the scan through the same offsets and tells, for any position,
//! the piece's place, cell and column header. Marks are dropped once passed, so memory stays
//! at what the text reader has read ahead.

use std::collections::{HashMap, VecDeque};
use std::io::{self, Read};
use std::sync::{Arc, Mutex};

use super::document::{Outcome, Place, Reply};
use super::worker::Replies;
use super::{ColumnTracker, DocPlace};

/// Where a piece of text starts and what it is.
struct Mark {
    at: u64,
    doc: DocPlace,
    header: Option<Arc<str>>,
}

/// What the reader learns for the scan: marks still ahead, the format, and how it ended.
#[derive(Default)]
pub struct Learned {
    marks: VecDeque<Mark>,
    pub format: Option<String>,
    pub outcome: Option<Outcome>,
    /// Files packed inside the document, to be scanned after it: (name, bytes).
    pub members: Vec<(String, Vec<u8>)>,
}

/// Reads a document's replies as text.
pub struct LocatedText {
    replies: Replies,
    learned: Arc<Mutex<Learned>>,
    pending: Vec<u8>,
    pos: usize,
    offset: u64,
    place: Arc<Place>,
    headers: HashMap<u32, Arc<str>>,
    row: Option<i64>,
}

/// Opens the text of a document and the tracker that locates positions in it.
pub fn open(replies: Replies) -> (LocatedText, LocatedColumns, Arc<Mutex<Learned>>) {
    let learned = Arc::new(Mutex::new(Learned::default()));
    let text = LocatedText {
        replies,
        learned: learned.clone(),
        pending: Vec::new(),
        pos: 0,
        offset: 0,
        place: Arc::new(Place::default()),
        headers: HashMap::new(),
        row: None,
    };
    let columns = LocatedColumns {
        learned: learned.clone(),
        fed: 0,
        current: None,
    };
    (text, columns, learned)
}

fn lock(learned: &Mutex<Learned>) -> std::sync::MutexGuard<'_, Learned> {
    learned.lock().unwrap_or_else(|e| e.into_inner())
}

/// Text gathered before it is handed on (more when a batch of replies holds more).
const GATHER: usize = 64 << 10;

impl LocatedText {
    /// Takes the replies at hand (waiting for one batch at most) into `pending`; false at the
    /// end of the document.
    fn gather(&mut self) -> bool {
        self.pending.clear();
        self.pos = 0;
        let mut marks = Vec::new();
        while self.pending.len() < GATHER {
            let Some(reply) = self.replies.next_reply() else {
                break;
            };
            match reply {
                Reply::Format(format) => lock(&self.learned).format = Some(format),
                Reply::Part(place) => {
                    self.place = Arc::new(place);
                    self.headers.clear();
                    self.row = None;
                }
                Reply::Row(row) => self.row = Some(row),
                Reply::Headers(headers) => {
                    self.headers = headers
                        .into_iter()
                        .map(|(col, text)| (col, Arc::from(text.trim())))
                        .collect();
                }
                Reply::Text {
                    cell,
                    numeric,
                    text,
                } => {
                    let header = cell.and_then(|(_, col)| self.headers.get(&col).cloned());
                    marks.push(Mark {
                        at: self.offset + self.pending.len() as u64,
                        doc: DocPlace {
                            place: self.place.clone(),
                            cell,
                            numeric,
                            row: self.row,
                        },
                        header,
                    });
                    self.pending.extend_from_slice(text.as_bytes());
                    self.pending.push(b'\n');
                }
                Reply::Member { name, bytes } => lock(&self.learned).members.push((name, bytes)),
                Reply::Done(outcome) => lock(&self.learned).outcome = Some(outcome),
            }
            if !self.pending.is_empty() && !self.replies.has_queued() {
                break;
            }
        }
        self.offset += self.pending.len() as u64;
        lock(&self.learned).marks.extend(marks);
        !self.pending.is_empty()
    }
}

impl Read for LocatedText {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.pending.len() && !self.gather() {
            return Ok(0);
        }
        let n = buf.len().min(self.pending.len() - self.pos);
        buf[..n].copy_from_slice(&self.pending[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Tells the place of the position the scan has reached.
pub struct LocatedColumns {
    learned: Arc<Mutex<Learned>>,
    fed: u64,
    current: Option<Mark>,
}

impl ColumnTracker for LocatedColumns {
    fn feed(&mut self, bytes: &[u8]) {
        self.fed += bytes.len() as u64;
        let mut learned = lock(&self.learned);
        while learned.marks.front().is_some_and(|m| m.at <= self.fed) {
            self.current = learned.marks.pop_front();
        }
    }

    fn column(&self) -> Option<&str> {
        self.current.as_ref()?.header.as_deref()
    }

    fn place(&self) -> Option<DocPlace> {
        self.current.as_ref().map(|m| m.doc.clone())
    }
}
