//! Files inside files: the members of archives, mailboxes and mails, each scanned as the file
//! it is and reported under `container!/member`.
//!
//! Members are scanned depth first, as they stream out of their container, and each report is
//! handed on as soon as it is finished, so a mailbox of 100,000 messages costs one message at a
//! time. Everything unpacked from one top-level file spends from its `Unpacking`; the first
//! limit hit stops that file at every depth, and each container on the way up says why.

use std::io::{Cursor, Read, Seek};
use std::path::Path;

use zip::ZipArchive;

use super::{scrub, Emit, Scanner};
use crate::extract::archive::{self, ArchiveKind, Flow, Member, Unpacking, Unread};
use crate::extract::document::Container;
use crate::extract::worker::DocSource;
use crate::extract::{self, Stream};
use crate::report::{FileReport, Status};

/// Where a source sits: how many containers deep, and the purse of its top-level file.
pub(super) struct Within<'u> {
    pub depth: u32,
    pub unpacking: &'u Unpacking,
    /// The owner of the top-level file, which every member shares.
    pub uid: Option<u32>,
}

impl Scanner<'_> {
    /// A ZIP file: an Office or OpenDocument package goes to the document extractors, any
    /// other zip is unpacked here. The central directory needs a seekable file: the file
    /// itself when it has a path, else its bytes in memory (within the document size limit).
    pub(super) fn scan_zip(
        &self,
        stream: Stream<'_>,
        path: Option<&Path>,
        report: &mut FileReport,
        within: &Within<'_>,
        emit: &mut Emit<'_>,
    ) {
        if let Some(path) = path {
            match extract::open_file(path).map(ZipArchive::new) {
                Ok(Ok(zip)) => {
                    let source = |_| DocSource::Path(path.to_path_buf());
                    self.scan_zip_archive(zip, source, report, within, emit);
                }
                Ok(Err(e)) => report.status = Status::Error(format!("damaged zip: {e}")),
                Err(e) => report.status = Status::Error(format!("cannot open: {e}")),
            }
            return;
        }
        match self
            .read_document(stream)
            .map(|b| ZipArchive::new(Cursor::new(b)))
        {
            Ok(Ok(zip)) => {
                let source = |zip: ZipArchive<Cursor<Vec<u8>>>| {
                    DocSource::Bytes(zip.into_inner().into_inner())
                };
                self.scan_zip_archive(zip, source, report, within, emit);
            }
            Ok(Err(e)) => report.status = Status::Error(format!("damaged zip: {e}")),
            Err(why) => report.status = Status::Error(why),
        }
    }

    fn scan_zip_archive<R: Read + Seek>(
        &self,
        mut zip: ZipArchive<R>,
        package_source: impl FnOnce(ZipArchive<R>) -> DocSource,
        report: &mut FileReport,
        within: &Within<'_>,
        emit: &mut Emit<'_>,
    ) {
        if archive::is_package(&mut zip) {
            let source = package_source(zip);
            return self.scan_document(Container::Zip, source, report, within, emit);
        }
        report.format = Some(ArchiveKind::Zip.name());
        if archive::overlapping_entries(&zip) {
            report.status = Status::Error(
                "stopped: members overlap each other (a non-recursive zip bomb); not unpacked"
                    .into(),
            );
            return;
        }
        let parent = report.path.clone();
        let result = archive::zip_members(&mut zip, &mut |member| {
            self.scan_member(member, &parent, within, emit)
        });
        self.close_container(result, report, within);
    }

    /// Tar archives and mailboxes, read as they stream by.
    pub(super) fn scan_archive(
        &self,
        kind: ArchiveKind,
        stream: Stream<'_>,
        report: &mut FileReport,
        within: &Within<'_>,
        emit: &mut Emit<'_>,
    ) {
        report.format = Some(kind.name());
        let parent = report.path.clone();
        let mut visit = |member: Member<'_>| self.scan_member(member, &parent, within, emit);
        let result = match kind {
            ArchiveKind::Tar => archive::tar_members(stream, &mut visit),
            ArchiveKind::Mbox => {
                archive::mbox_members(stream, self.config.limits.max_bytes, &mut visit)
            }
            ArchiveKind::Zip => unreachable!("zip files need a seekable source: scan_zip"),
        };
        self.close_container(result, report, within);
    }

    /// Files a document extractor found packed inside a document (mail attachments, 7z
    /// members), scanned after the document itself.
    pub(super) fn scan_packed(
        &self,
        members: Vec<(String, Vec<u8>)>,
        report: &mut FileReport,
        within: &Within<'_>,
        emit: &mut Emit<'_>,
    ) {
        if members.is_empty() {
            return;
        }
        let parent = report.path.clone();
        for (name, bytes) in members {
            let member = Member {
                name: archive::printable_name(&name),
                size: Some(bytes.len() as u64),
                stored: None,
                modified: None,
                content: Ok(Box::new(Cursor::new(bytes))),
            };
            if self.scan_member(member, &parent, within, emit).is_break() {
                break;
            }
        }
        if let (Some(reason), Status::Scanned) = (within.unpacking.tripped(), &report.status) {
            report.status = Status::Error(reason);
        }
    }

    /// Scans one member as a file of its own and hands its report on.
    fn scan_member(
        &self,
        member: Member<'_>,
        parent: &str,
        within: &Within<'_>,
        emit: &mut Emit<'_>,
    ) -> Flow {
        let unpacking = within.unpacking;
        if unpacking.count_member().is_err() {
            // Stopped before this member: the container's report says why.
            return Flow::Break(());
        }
        let mut report = FileReport::new(format!("{parent}!/{}", member.name));
        report.container = Some(parent.to_string());
        report.uid = within.uid;
        report.size = member.size;
        report.modified = member.modified;
        let max_depth = unpacking.limits.max_depth;
        match member.content {
            Err(Unread::Protected(kind)) => report.status = Status::Protected(kind),
            Err(Unread::Error(reason)) => report.status = Status::Error(scrub(&reason)),
            Ok(_) if within.depth + 1 > max_depth => {
                report.status = Status::Error(format!(
                    "stopped: nested more than {max_depth} containers deep"
                ));
            }
            Ok(stream) => {
                let stream = unpacking.meter(stream, member.size, member.stored);
                let inner = Within {
                    depth: within.depth + 1,
                    unpacking,
                    uid: within.uid,
                };
                self.scan_content(stream, None, &mut report, &inner, emit);
            }
        }
        self.progress.file_done();
        emit(report);
        match unpacking.tripped() {
            Some(_) => Flow::Break(()),
            None => Flow::Continue(()),
        }
    }

    /// A container's status once its members are done: a limit that stopped the file, or a
    /// container that broke part-way, is an error (what its members gave still counts). An
    /// archive crate's message may quote a member's name, which comes from inside the file:
    /// it is scrubbed like a parser's.
    fn close_container(
        &self,
        result: Result<(), String>,
        report: &mut FileReport,
        within: &Within<'_>,
    ) {
        report.status = match (within.unpacking.tripped(), result) {
            (Some(reason), _) => Status::Error(reason),
            (None, Err(reason)) => Status::Error(scrub(&reason)),
            (None, Ok(())) => Status::Scanned,
        };
    }
}
