//! NDJSON: one JSON object per line, written as soon as each source is done.
//!
//! Records carry a `type`: `run` first (with `schema_version`), then `file` (same fields as in
//! the JSON report's `files`), `skipped`, `error`, `protected` and `no_text` in the order sources finish, and `summary`
//! last. A consumer can act on each line without waiting for the scan to end.

use std::io::{self, Write};

use serde::Serialize;

use super::json::{ClosedWire, FileWire, NotCheckedWire, SCHEMA_VERSION, TOOL};
use super::{FileReport, Render, Reporter, RunInfo, Status, Summary};

#[derive(Serialize)]
struct Tagged<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(flatten)]
    record: T,
}

pub struct NdjsonReporter<W: Write> {
    out: W,
}

impl<W: Write> NdjsonReporter<W> {
    pub fn new(out: W) -> Self {
        NdjsonReporter { out }
    }

    fn line<T: Serialize>(&mut self, kind: &str, record: T) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, &Tagged { kind, record })?;
        self.out.write_all(b"\n")?;
        // Each line is a unit a consumer may act on: do not hold it back in a buffer.
        self.out.flush()
    }
}

/// A file's `file` line, if it is listed.
fn file_line(file: &FileReport) -> io::Result<Option<Vec<u8>>> {
    if !file.worth_listing() {
        return Ok(None);
    }
    let mut line = serde_json::to_vec(&Tagged {
        kind: "file",
        record: FileWire::new(file),
    })?;
    line.push(b'\n');
    Ok(Some(line))
}

#[derive(Serialize)]
struct RunRecord<'a> {
    schema_version: u32,
    tool: &'a super::json::Tool,
    #[serde(flatten)]
    run: &'a RunInfo,
}

impl<W: Write + Send> Reporter for NdjsonReporter<W> {
    fn begin(&mut self, run: &RunInfo) -> io::Result<()> {
        let record = RunRecord {
            schema_version: SCHEMA_VERSION,
            tool: &TOOL,
            run,
        };
        self.line("run", record)
    }

    fn render(&self) -> Option<Render> {
        Some(file_line)
    }

    fn file(&mut self, file: &FileReport) -> io::Result<()> {
        self.file_rendered(file, file_line(file))
    }

    fn file_rendered(
        &mut self,
        file: &FileReport,
        entry: io::Result<Option<Vec<u8>>>,
    ) -> io::Result<()> {
        let path = &file.path;
        // What was found in a file counts whatever became of it after (an error part-way, a
        // protected workbook whose properties were readable): its record comes first.
        if let Some(line) = entry? {
            self.out.write_all(&line)?;
            self.out.flush()?;
        }
        match &file.status {
            Status::Skipped {
                reason,
                listed: true,
            } => self.line("skipped", NotCheckedWire { path, reason }),
            Status::Error(reason) => self.line("error", NotCheckedWire { path, reason }),
            Status::Protected(format) => self.line("protected", ClosedWire { path, format }),
            Status::Unsupported(format) => self.line("unsupported", ClosedWire { path, format }),
            Status::NoText => {
                let format = file.format.unwrap_or("document");
                self.line("no_text", ClosedWire { path, format })
            }
            _ => Ok(()),
        }
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        for group in &summary.groups {
            self.line("group", group)?;
        }
        self.line("summary", summary)
    }
}
