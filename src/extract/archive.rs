//! Archives (zip, tar, mbox): their members, one by one, as streams, and what unpacking a
//! file may cost.
//!
//! Nothing is ever extracted to disk: a member is a stream read straight out of its archive
//! (or, where the next reader must seek, bytes in memory), so a member named `../../etc/x` or
//! `/etc/x` is only a name in the report. The scan stage decides what each member is by its
//! content, exactly as for a file, and reports it under `archive!/member`.
//!
//! Every byte unpacked from a top-level file, at any depth, is charged to one `Unpacking`:
//! total bytes, members, time, the ratio of each member to its stored size, and a member that
//! gives more than its header declares. The first limit hit stops the whole top-level file
//! (a bomb is hostile: there is nothing more to learn from it), and what was found before is
//! still reported. Nesting depth is judged by the scan stage, per member.

use std::io::{self, BufRead, BufReader, Read, Seek};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use zip::ZipArchive;

use super::compress::RATIO_FLOOR;
use super::document::human_bytes;
use super::Stream;

/// Archives whose members the scan stage unpacks itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveKind {
    /// A zip that is not an Office or OpenDocument package.
    Zip,
    Tar,
    /// A mailbox: one message after another, each opened by a `From ` line.
    Mbox,
}

impl ArchiveKind {
    pub fn name(self) -> &'static str {
        match self {
            ArchiveKind::Zip => "zip",
            ArchiveKind::Tar => "tar",
            ArchiveKind::Mbox => "mbox",
        }
    }
}

/// What one top-level file and everything packed inside it may cost. Part of `Config`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnpackLimits {
    /// Archives inside archives (a zip in a zip in a mail is depth 3).
    pub max_depth: u32,
    /// Bytes unpacked from one top-level file, at all depths.
    pub max_bytes: u64,
    /// Members of one top-level file, at all depths.
    pub max_members: u64,
    /// A member giving more than this many times its stored size is a bomb.
    pub max_ratio: u64,
    /// Time for one top-level file with everything inside it.
    pub timeout: Duration,
}

impl Default for UnpackLimits {
    fn default() -> Self {
        UnpackLimits {
            // Real shares nest a zip in a mail in a mailbox; 42.zip needs six levels.
            max_depth: 8,
            // A 20 GB database dump in a zip must still be read; a bomb stops far earlier,
            // on its ratio.
            max_bytes: 64 << 30,
            max_members: 100_000,
            // Exports compress 5 to 50 times; deflate's ceiling is about 1030.
            max_ratio: 250,
            timeout: Duration::from_secs(30 * 60),
        }
    }
}

/// What a top-level file has spent so far on unpacking.
#[derive(Debug)]
pub struct Unpacking {
    pub limits: UnpackLimits,
    bytes: AtomicU64,
    members: AtomicU64,
    deadline: Instant,
    /// The limit that stopped this file, once one did.
    tripped: Mutex<Option<String>>,
}

impl Unpacking {
    pub fn new(limits: UnpackLimits) -> Self {
        Unpacking {
            limits,
            bytes: AtomicU64::new(0),
            members: AtomicU64::new(0),
            deadline: Instant::now() + limits.timeout,
            tripped: Mutex::new(None),
        }
    }

    /// Why this file was stopped, if it was.
    pub fn tripped(&self) -> Option<String> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        self.tripped.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records a limit (the first one stays) and returns its reason.
    pub fn trip(&self, reason: String) -> String {
        self.lock().get_or_insert(reason).clone()
    }

    /// Counts one more member; the error is the limit that stops the file.
    pub fn count_member(&self) -> Result<(), String> {
        if let Some(reason) = self.tripped() {
            return Err(reason);
        }
        let members = self.members.fetch_add(1, Relaxed) + 1;
        if members > self.limits.max_members {
            return Err(self.trip(format!(
                "stopped: more than {} archive members",
                self.limits.max_members
            )));
        }
        self.check_time()
    }

    fn check_time(&self) -> Result<(), String> {
        if Instant::now() > self.deadline {
            return Err(self.trip(format!(
                "stopped: unpacking took longer than {} s",
                self.limits.timeout.as_secs()
            )));
        }
        Ok(())
    }

    fn spend(&self, n: u64) -> Result<(), String> {
        let bytes = self.bytes.fetch_add(n, Relaxed) + n;
        if bytes > self.limits.max_bytes {
            return Err(self.trip(format!(
                "stopped: more than {} unpacked",
                human_bytes(self.limits.max_bytes)
            )));
        }
        self.check_time()
    }

    /// A member's stream, charged to this file: it fails (and stops the file) when a limit is
    /// hit, when it gives more than `declared` bytes, or more than the ratio allows for its
    /// `stored` size.
    pub fn meter<'a>(
        &'a self,
        inner: Stream<'a>,
        declared: Option<u64>,
        stored: Option<u64>,
    ) -> Stream<'a> {
        Box::new(Metered {
            inner,
            unpacking: self,
            declared,
            stored,
            given: 0,
        })
    }
}

/// A member's bytes, counted.
struct Metered<'a> {
    inner: Stream<'a>,
    unpacking: &'a Unpacking,
    declared: Option<u64>,
    stored: Option<u64>,
    given: u64,
}

impl Metered<'_> {
    fn check(&self, n: u64) -> Result<(), String> {
        self.unpacking.spend(n)?;
        if self.declared.is_some_and(|d| self.given > d) {
            return Err(self.unpacking.trip(format!(
                "stopped: a member is larger than its header says ({} bytes)",
                self.declared.unwrap_or(0)
            )));
        }
        let max_ratio = self.unpacking.limits.max_ratio;
        if let Some(stored) = self.stored {
            if self.given > RATIO_FLOOR && self.given > stored.max(1).saturating_mul(max_ratio) {
                return Err(self.unpacking.trip(format!(
                    "stopped: a member decompressed to more than {max_ratio} times its stored \
                     size, likely a decompression bomb"
                )));
            }
        }
        Ok(())
    }
}

impl Read for Metered<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(reason) = self.unpacking.tripped() {
            return Err(io::Error::other(reason));
        }
        let n = self.inner.read(buf)?;
        self.given += n as u64;
        self.check(n as u64).map_err(io::Error::other)?;
        Ok(n)
    }
}

/// One member of an archive.
pub struct Member<'a> {
    /// Its name in the archive, as written there (control characters replaced).
    pub name: String,
    /// Its size when unpacked, as the archive declares it.
    pub size: Option<u64>,
    /// Its size as stored (compressed), when the archive says.
    pub stored: Option<u64>,
    pub modified: Option<jiff::Timestamp>,
    pub content: Result<Stream<'a>, Unread>,
}

/// Why a member cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unread {
    /// Encrypted: the kind of protection.
    Protected(String),
    Error(String),
}

/// What the visitor of members says: go on, or stop (a limit was hit).
pub type Flow = std::ops::ControlFlow<()>;

/// A member name fit for a report line: control characters (a newline could forge a line in a
/// text report) become `?`.
pub fn printable_name(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// A zip that is an Office Open XML or OpenDocument package, for the document extractors,
/// rather than an archive of files.
pub fn is_package<R: Read + Seek>(zip: &mut ZipArchive<R>) -> bool {
    if zip.index_for_name("[Content_Types].xml").is_some() {
        return true;
    }
    let Ok(mut mimetype) = zip.by_name("mimetype") else {
        return false;
    };
    let mut head = Vec::new();
    let _ = (&mut mimetype).take(100).read_to_end(&mut head);
    head.starts_with(b"application/vnd.oasis.opendocument")
}

/// Entries whose stored bytes overlap another's: the central directory of a legitimate zip
/// never points two members at the same bytes; a non-recursive zip bomb (Fifield's "better
/// zip bomb") does, to unpack one compressed kernel again and again.
pub fn overlapping_entries<R: Read + Seek>(zip: &ZipArchive<R>) -> bool {
    let mut spans: Vec<(u64, u64)> = (0..zip.len())
        .filter_map(|i| zip.by_index_data(i).ok())
        .map(|e| (e.header_start(), e.compressed_size()))
        .collect();
    spans.sort_unstable();
    spans
        .windows(2)
        .any(|w| w[0].0.saturating_add(w[0].1) > w[1].0)
}

/// Visits the members of a zip archive in the order of its central directory.
pub fn zip_members<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    visit: &mut dyn FnMut(Member<'_>) -> Flow,
) -> Result<(), String> {
    for i in 0..zip.len() {
        let entry = zip
            .by_index_data(i)
            .map_err(|e| format!("damaged zip: {e}"))?;
        if !entry.is_file() {
            continue;
        }
        let name = printable_name(&entry.name().unwrap_or_else(|_| format!("#{i}").into()));
        let (size, stored) = (Some(entry.size()), Some(entry.compressed_size()));
        let modified = entry.last_modified().and_then(dos_time);
        let encrypted = entry.encrypted();
        let content = if encrypted {
            Err(Unread::Protected("zip".into()))
        } else {
            match zip.by_index(i) {
                Ok(file) => Ok(Box::new(file) as Stream<'_>),
                Err(e) => Err(Unread::Error(format!("cannot read member: {e}"))),
            }
        };
        let member = Member {
            name,
            size,
            stored,
            modified,
            content,
        };
        if visit(member).is_break() {
            return Ok(());
        }
    }
    Ok(())
}

/// A zip's DOS time stamp (local time, two-second steps), read in the system's time zone.
fn dos_time(t: zip::DateTime) -> Option<jiff::Timestamp> {
    let civil = jiff::civil::DateTime::new(
        t.year() as i16,
        t.month() as i8,
        t.day() as i8,
        t.hour() as i8,
        t.minute() as i8,
        t.second() as i8,
        0,
    )
    .ok()?;
    civil
        .to_zoned(jiff::tz::TimeZone::system())
        .ok()
        .map(|z| z.timestamp())
}

/// Visits the members of a tar archive as they stream by.
pub fn tar_members(
    stream: Stream<'_>,
    visit: &mut dyn FnMut(Member<'_>) -> Flow,
) -> Result<(), String> {
    let mut archive = tar::Archive::new(stream);
    let entries = archive.entries().map_err(|e| format!("damaged tar: {e}"))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("damaged or truncated tar: {e}"))?;
        let header = entry.header();
        let kind = header.entry_type();
        if !matches!(
            kind,
            tar::EntryType::Regular | tar::EntryType::Continuous | tar::EntryType::GNUSparse
        ) {
            continue;
        }
        let name = printable_name(&String::from_utf8_lossy(&entry.path_bytes()));
        // A sparse member stores less than it reads as: its holes come back as zeros.
        let size = match kind {
            tar::EntryType::GNUSparse => None,
            _ => header.entry_size().ok(),
        };
        let modified = header
            .mtime()
            .ok()
            .and_then(|t| jiff::Timestamp::from_second(i64::try_from(t).ok()?).ok());
        let member = Member {
            name,
            size,
            stored: None,
            modified,
            content: Ok(Box::new(entry)),
        };
        if visit(member).is_break() {
            return Ok(());
        }
    }
    Ok(())
}

/// Visits the messages of an mbox mailbox, named by their 1-based number. Each message is
/// collected in memory (a mail parser needs it whole), at most `max_message` bytes.
pub fn mbox_members(
    stream: Stream<'_>,
    max_message: u64,
    visit: &mut dyn FnMut(Member<'_>) -> Flow,
) -> Result<(), String> {
    let mut input = BufReader::with_capacity(64 << 10, stream);
    let mut message: Vec<u8> = Vec::new();
    let mut line = Vec::new();
    let mut number = 0u64;
    let mut too_big = false;
    loop {
        line.clear();
        let n = (&mut input)
            .take(max_message + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("read failed: {e}"))?;
        let separator = n == 0 || (is_separator(&line) && message_ended(&message));
        if separator && number > 0 {
            let content = if too_big {
                Err(Unread::Error(format!(
                    "stopped: message larger than {}",
                    human_bytes(max_message)
                )))
            } else {
                Ok(Box::new(io::Cursor::new(std::mem::take(&mut message))) as Stream<'_>)
            };
            let member = Member {
                name: number.to_string(),
                size: None,
                stored: None,
                modified: None,
                content,
            };
            if visit(member).is_break() {
                return Ok(());
            }
            message.clear();
            too_big = false;
        }
        if n == 0 {
            return Ok(());
        }
        if separator {
            number += 1;
            continue; // the `From ` line belongs to the mailbox, not to the message
        }
        if too_big || message.len() as u64 + n as u64 > max_message {
            too_big = true;
            message.clear();
            if n as u64 > max_message {
                // An endless line: skip the rest of it without holding it.
                skip_line(&mut input).map_err(|e| format!("read failed: {e}"))?;
            }
            continue;
        }
        // mboxrd quotes `From ` at the start of a body line as `>From `; undo one level.
        let unquoted = if line.starts_with(b">")
            && line.iter().skip_while(|&&b| b == b'>').take(5).eq(b"From ")
        {
            &line[1..]
        } else {
            &line[..]
        };
        message.extend_from_slice(unquoted);
    }
}

/// `From sender date`: the envelope line that opens a message (`From jan@example.be Mon Jan
/// 1 10:00:00 2024`), told from a body line that happens to start with "From " by its time of
/// day.
fn is_separator(line: &[u8]) -> bool {
    line.starts_with(b"From ")
        && line
            .split(|b| b.is_ascii_whitespace())
            .filter(|w| !w.is_empty())
            .count()
            >= 4
        && line.windows(5).any(|w| {
            w[0].is_ascii_digit()
                && w[1].is_ascii_digit()
                && w[2] == b':'
                && w[3].is_ascii_digit()
                && w[4].is_ascii_digit()
        })
}

/// A `From ` line separates messages only after an empty line (or at the very start).
fn message_ended(message: &[u8]) -> bool {
    message.is_empty() || message.ends_with(b"\n\n") || message.ends_with(b"\r\n\r\n")
}

fn skip_line(input: &mut dyn BufRead) -> io::Result<()> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        match memchr::memchr(b'\n', buf) {
            Some(i) => {
                input.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buf.len();
                input.consume(n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    /// Each member's name and bytes (or why it could not be read).
    type Seen = Vec<(String, Result<Vec<u8>, Unread>)>;

    fn collect(
        run: impl FnOnce(&mut dyn FnMut(Member<'_>) -> Flow) -> Result<(), String>,
    ) -> (Seen, Result<(), String>) {
        let mut seen = Vec::new();
        let result = run(&mut |m: Member<'_>| {
            let content = m.content.map(|mut s| {
                let mut bytes = Vec::new();
                s.read_to_end(&mut bytes).unwrap();
                bytes
            });
            seen.push((m.name, content));
            Flow::Continue(())
        });
        (seen, result)
    }

    #[test]
    fn mbox_messages_are_split_on_from_lines() {
        let mbox = b"From a@example.be Mon Jan  1 10:00:00 2024\nSubject: een\n\nFrom the start\n>From here\n\nFrom b@example.be Tue Jan  2 10:00:00 2024\nSubject: twee\n\nbody\n";
        let (seen, result) =
            collect(|v| mbox_members(Box::new(Cursor::new(&mbox[..])), 1 << 20, v));
        result.unwrap();
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].0, "1");
        assert_eq!(
            seen[0].1.as_ref().unwrap(),
            b"Subject: een\n\nFrom the start\nFrom here\n\n",
            "a From line inside a paragraph is text; >From is unquoted"
        );
        assert_eq!(seen[1].1.as_ref().unwrap(), b"Subject: twee\n\nbody\n");
    }

    #[test]
    fn an_endless_line_in_a_mailbox_costs_no_more_than_the_limit() {
        let mut mbox = b"From a Mon Jan  1 10:00:00 2024\nSubject: x\n\n".to_vec();
        mbox.extend(std::iter::repeat_n(b'x', 5 << 20));
        mbox.extend_from_slice(b"\n\nFrom b Mon Jan  1 10:00:00 2024\nSubject: y\n\nok\n");
        let (seen, result) = collect(|v| mbox_members(Box::new(Cursor::new(mbox)), 1 << 20, v));
        result.unwrap();
        assert!(matches!(&seen[0].1, Err(Unread::Error(e)) if e.contains("larger than")));
        assert_eq!(seen[1].1.as_ref().unwrap(), b"Subject: y\n\nok\n");
    }

    #[test]
    fn metered_streams_stop_at_the_limits() {
        let limits = UnpackLimits {
            max_bytes: 10,
            ..UnpackLimits::default()
        };
        let unpacking = Unpacking::new(limits);
        let mut out = Vec::new();
        let err = unpacking
            .meter(Box::new(Cursor::new(vec![0u8; 20])), None, None)
            .read_to_end(&mut out)
            .unwrap_err();
        assert!(
            err.to_string().contains("more than 10 bytes unpacked"),
            "{err}"
        );
        assert!(unpacking.count_member().is_err(), "the file stays stopped");

        let liar = Unpacking::new(UnpackLimits::default());
        let err = liar
            .meter(Box::new(Cursor::new(vec![0u8; 20])), Some(5), None)
            .read_to_end(&mut out)
            .unwrap_err();
        assert!(
            err.to_string().contains("larger than its header says"),
            "{err}"
        );
    }

    #[test]
    fn zip_members_and_their_protection() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.add_directory("map/", options).unwrap();
        zip.start_file("map/a.csv", options).unwrap();
        zip.write_all(b"naam;iban\n").unwrap();
        zip.start_file("../../etc/evil\n.txt", options).unwrap();
        zip.write_all(b"x").unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let mut archive = ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert!(!is_package(&mut archive));
        assert!(!overlapping_entries(&archive));
        let (seen, result) = collect(|v| zip_members(&mut archive, v));
        result.unwrap();
        let names: Vec<&str> = seen.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["map/a.csv", "../../etc/evil?.txt"]);
        assert_eq!(seen[0].1.as_ref().unwrap(), b"naam;iban\n");
    }
}
