//! Walk stage: finds the sources to scan, in parallel, and says why others are left out.
//!
//! The `ignore` crate walks the roots on several threads. Unlike a code search tool, snuffel
//! does not honour `.gitignore`: a dump that git ignores is still on the disk. It honours its own
//! `.snuffelignore` files (gitignore syntax) and `--exclude` globs, skips hidden files unless
//! asked, and does not follow symbolic links unless asked (then `ignore` detects loops). Named
//! pipes, sockets and devices are reported, never opened: opening a FIFO blocks.
//!
//! Walked entries go into a bounded channel in small batches, so a walk far ahead of the
//! scanners does not pile up paths in memory.

use std::fs::Metadata;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crossbeam_channel::Sender;
use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::{WalkBuilder, WalkState};

use crate::config::Config;

/// A file to scan.
#[derive(Debug, Clone)]
pub struct Source {
    /// `None` for standard input.
    pub path: Option<PathBuf>,
    /// The path as reported.
    pub display: String,
    pub size: Option<u64>,
    pub modified: Option<jiff::Timestamp>,
    /// The numeric owner.
    pub uid: Option<u32>,
}

impl Source {
    pub fn stdin() -> Self {
        Source {
            path: None,
            display: "-".into(),
            size: None,
            modified: None,
            uid: None,
        }
    }

    fn from_metadata(path: &Path, meta: &Metadata) -> Self {
        Source {
            path: Some(path.to_path_buf()),
            display: path.display().to_string(),
            size: Some(meta.len()),
            modified: meta
                .modified()
                .ok()
                .and_then(|t| jiff::Timestamp::try_from(t).ok()),
            uid: Some(std::os::unix::fs::MetadataExt::uid(meta)),
        }
    }
}

/// What the walk hands to the scanners.
#[derive(Debug)]
pub enum Walked {
    Source(Source),
    /// Not scanned on purpose; `listed` skips appear in reports, others are only counted.
    Skip {
        source: Source,
        reason: String,
        listed: bool,
    },
    /// Could not be listed or looked at.
    Error {
        path: String,
        reason: String,
    },
}

/// Identity of a file (device, inode), to leave out snuffel's own report.
pub type FileId = (u64, u64);

pub fn file_id(meta: &Metadata) -> FileId {
    (meta.dev(), meta.ino())
}

/// Walks every root on `config.threads` threads and sends what it finds, in batches; returns
/// when the walk is done.
pub fn walk(
    config: &Config,
    exclude_ids: &[FileId],
    tx: &Sender<Vec<Walked>>,
) -> Result<(), String> {
    if config.roots.iter().any(|r| r.as_os_str() == "-") {
        let _ = tx.send(vec![Walked::Source(Source::stdin())]);
    }
    let Some(builder) = walk_builder(config)? else {
        return Ok(());
    };
    builder.build_parallel().visit(&mut VisitorBuilder {
        tx,
        max_size: config.max_file_size,
        exclude_ids,
    });
    Ok(())
}

/// Walks every root on the calling thread, handing each entry to `visit` (for `--threads 1`,
/// which means one thread: a walker thread beside the scanner would be a second one).
pub fn walk_here(
    config: &Config,
    exclude_ids: &[FileId],
    mut visit: impl FnMut(Walked),
) -> Result<(), String> {
    if config.roots.iter().any(|r| r.as_os_str() == "-") {
        visit(Walked::Source(Source::stdin()));
    }
    let Some(builder) = walk_builder(config)? else {
        return Ok(());
    };
    for result in builder.build() {
        let walked = match result {
            Ok(entry) => classify(entry, config.max_file_size, exclude_ids),
            Err(e) => Some(walk_error(e)),
        };
        walked.into_iter().for_each(&mut visit);
    }
    Ok(())
}

/// The walk over every root but standard input, or `None` when there is none.
fn walk_builder(config: &Config) -> Result<Option<WalkBuilder>, String> {
    let paths: Vec<&PathBuf> = config
        .roots
        .iter()
        .filter(|r| r.as_os_str() != "-")
        .collect();
    let Some((first, rest)) = paths.split_first() else {
        return Ok(None);
    };
    let excludes = Arc::new(exclude_globs(&config.excludes)?);
    let roots: Arc<Vec<PathBuf>> = Arc::new(paths.iter().map(|p| p.to_path_buf()).collect());
    let mut builder = WalkBuilder::new(first);
    for root in rest {
        builder.add(root);
    }
    builder
        .hidden(!config.hidden)
        .parents(false)
        .ignore(false)
        .git_ignore(false)
        .git_global(false)
        .git_exclude(false)
        .require_git(false)
        .follow_links(config.follow_symlinks)
        .add_custom_ignore_filename(".snuffelignore")
        .threads(config.threads.max(1))
        .filter_entry(move |entry| !is_excluded(entry.path(), &roots, &excludes));
    Ok(Some(builder))
}

/// Entries go to the scanners in batches: one hand-over per file made the walker and the
/// scanners wake each other up for every file, which cost a third of a scan of small files.
const BATCH: usize = 32;
/// A file this large is handed over at once, so that its scan starts without waiting.
const SEND_AT_ONCE: u64 = 1 << 20;

struct VisitorBuilder<'a> {
    tx: &'a Sender<Vec<Walked>>,
    max_size: Option<u64>,
    exclude_ids: &'a [FileId],
}

impl<'s> ignore::ParallelVisitorBuilder<'s> for VisitorBuilder<'s> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(Visitor {
            tx: self.tx.clone(),
            max_size: self.max_size,
            exclude_ids: self.exclude_ids,
            batch: Vec::with_capacity(BATCH),
        })
    }
}

/// One walker thread's visitor, with the batch it is filling.
struct Visitor<'a> {
    tx: Sender<Vec<Walked>>,
    max_size: Option<u64>,
    exclude_ids: &'a [FileId],
    batch: Vec<Walked>,
}

impl ignore::ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, result: Result<ignore::DirEntry, ignore::Error>) -> WalkState {
        let walked = match result {
            Ok(entry) => classify(entry, self.max_size, self.exclude_ids),
            Err(e) => Some(walk_error(e)),
        };
        let Some(walked) = walked else {
            return WalkState::Continue;
        };
        let large = matches!(&walked, Walked::Source(s) if s.size.unwrap_or(0) >= SEND_AT_ONCE);
        self.batch.push(walked);
        if (large || self.batch.len() >= BATCH) && self.flush().is_err() {
            return WalkState::Quit;
        }
        WalkState::Continue
    }
}

impl Visitor<'_> {
    fn flush(&mut self) -> Result<(), ()> {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        self.tx.send(batch).map_err(|_| ())
    }
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        if !self.batch.is_empty() {
            let _ = self.flush();
        }
    }
}

fn exclude_globs(globs: &[String]) -> Result<GlobSet, String> {
    let mut set = GlobSetBuilder::new();
    for g in globs {
        let glob = globset::GlobBuilder::new(g)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("--exclude {g}: {e}"))?;
        set.add(glob);
        if !g.contains('/') {
            // A glob without a slash matches a name at any depth, as in .gitignore.
            set.add(Glob::new(&format!("**/{g}")).map_err(|e| format!("--exclude {g}: {e}"))?);
        }
    }
    set.build().map_err(|e| format!("--exclude: {e}"))
}

/// Matches a path relative to the root it lies under (and the full path).
fn is_excluded(path: &Path, roots: &[PathBuf], excludes: &GlobSet) -> bool {
    if excludes.is_empty() {
        return false;
    }
    let relative = roots
        .iter()
        .find_map(|r| path.strip_prefix(r).ok())
        .filter(|p| !p.as_os_str().is_empty());
    excludes.is_match(path) || relative.is_some_and(|p| excludes.is_match(p))
}

fn classify(entry: ignore::DirEntry, max_size: Option<u64>, exclude: &[FileId]) -> Option<Walked> {
    let file_type = entry.file_type()?;
    if file_type.is_dir() {
        return None;
    }
    let path = entry.path();
    let skip = |source: Source, reason: &str, listed: bool| Walked::Skip {
        source,
        reason: reason.to_string(),
        listed,
    };
    let bare = || Source {
        path: Some(path.to_path_buf()),
        display: path.display().to_string(),
        size: None,
        modified: None,
        uid: None,
    };
    if file_type.is_symlink() {
        return Some(skip(bare(), "symbolic link (not followed)", false));
    }
    let meta = match entry.metadata() {
        Ok(m) => m,
        Err(e) => return Some(walk_error(e)),
    };
    let source = Source::from_metadata(path, &meta);
    if exclude.contains(&file_id(&meta)) {
        return None;
    }
    if !file_type.is_file() {
        return Some(skip(
            source,
            &format!("not a regular file ({})", special_kind(&file_type)),
            true,
        ));
    }
    match max_size {
        Some(max) if meta.len() > max => {
            let reason = format!("larger than --max-file-size ({} > {max} bytes)", meta.len());
            Some(skip(source, &reason, true))
        }
        _ => Some(Walked::Source(source)),
    }
}

fn special_kind(t: &std::fs::FileType) -> &'static str {
    if t.is_fifo() {
        "named pipe"
    } else if t.is_socket() {
        "socket"
    } else if t.is_block_device() || t.is_char_device() {
        "device"
    } else {
        "special file"
    }
}

fn walk_error(e: ignore::Error) -> Walked {
    let path = error_path(&e).map_or_else(String::new, |p| p.display().to_string());
    Walked::Error {
        path,
        reason: error_reason(&e),
    }
}

fn error_path(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child),
        _ => None,
    }
}

/// The reason without the path (the report shows the path on its own).
fn error_reason(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => error_reason(err),
        ignore::Error::Loop { ancestor, .. } => {
            format!("symbolic link loop (back to {})", ancestor.display())
        }
        other => other.to_string(),
    }
}
