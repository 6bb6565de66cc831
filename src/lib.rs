//! snuffel sniffs out personal data on file shares.
//!
//! A scan flows through one module per stage:
//!
//! `walk` (find sources, in parallel) → `extract` (bytes to text, by content) → `detect`
//! (candidates and their context) → `validate` (checksums, dates) → `report` (masked findings,
//! keyed fingerprints, JSON / NDJSON / text). `scan` runs one source through the middle stages.
//!
//! ```no_run
//! use snuffel::{config::Config, report::json::JsonReporter};
//!
//! let config = Config { roots: vec!["shares/hr".into()], ..Config::default() };
//! let mut reporter = JsonReporter::new(std::io::stdout());
//! let summary = snuffel::scan(&config, &mut reporter).expect("scan runs");
//! println!("{} files with findings", summary.files_with_findings);
//! ```

pub mod cli;
pub mod config;
pub mod detect;
pub mod exit;
pub mod extract;
pub mod policy;
pub mod progress;
pub mod report;
pub mod scan;
pub mod validate;
pub mod walk;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rayon::iter::{ParallelBridge, ParallelIterator};

use config::Config;
use detect::{DetectorSet, PatternError};
use extract::worker::Extractors;
use progress::Progress;
use report::fingerprint::{self, Fingerprinter, KeySource};
use report::{FileReport, Reporter, RunInfo, Summary};
use scan::Scanner;
use walk::FileId;

/// Why a scan could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("cannot read {path}")]
    Root {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("pattern file")]
    Patterns(#[from] PatternError),
    #[error(transparent)]
    Policy(#[from] policy::PolicyError),
    #[error("{0}")]
    Config(String),
    #[error("fingerprint key")]
    Key(#[source] std::io::Error),
    #[error("writing the report")]
    Report(#[source] std::io::Error),
}

/// Loads the detectors a configuration asks for.
pub fn load_detectors(config: &Config) -> Result<DetectorSet, ScanError> {
    let patterns = detect::pattern::load(config.patterns_dir.as_deref())?;
    let set = DetectorSet::new(patterns)?;
    // Only a --fail-on the user wrote must name loaded kinds: the default names the built-in
    // ones, and a user may have disabled some of them.
    let explicit = config.fail_on != config::FailOn::default();
    for kind in config.fail_on.kinds().filter(|_| explicit) {
        if !set.detectors().iter().any(|d| &*d.kind == kind) {
            return Err(ScanError::Config(format!(
                "--fail-on: no detector of kind `{kind}`"
            )));
        }
    }
    Ok(set)
}

/// Scans everything under `config.roots` and reports to `reporter`.
pub fn scan(config: &Config, reporter: &mut dyn Reporter) -> Result<Summary, ScanError> {
    let started = Instant::now();
    check_roots(&config.roots)?;
    let detectors = load_detectors(config)?;
    let policy = policy::Policy::find(config.policy_file.as_deref(), &config.roots)?;
    let dataset = config
        .match_file
        .as_deref()
        .map(policy::matching::Dataset::load)
        .transpose()
        .map_err(ScanError::Config)?;
    let (key, key_source) =
        fingerprint::load_key(config.key_file.as_deref(), &config.roots).map_err(ScanError::Key)?;
    let fingerprints = Fingerprinter::new(&key);
    if let (KeySource::Ephemeral(why), false) = (&key_source, config.quiet) {
        eprintln!("snuffel: fingerprints are for this run only ({why}); use --key-file");
    }
    let run = RunInfo {
        roots: config
            .roots
            .iter()
            .map(|r| r.display().to_string())
            .collect(),
        started: jiff::Timestamp::now(),
        revealed: config.reveal,
        fingerprint_key: match &key_source {
            KeySource::File(p) | KeySource::Created(p) => p.display().to_string(),
            KeySource::Ephemeral(why) => format!("ephemeral ({why})"),
        },
        detectors: detectors
            .detectors()
            .iter()
            .map(|d| d.id.to_string())
            .collect(),
        policy: policy.source.describe(),
    };
    reporter.begin(&run).map_err(ScanError::Report)?;
    let progress = Progress::new(config.progress && !config.quiet);
    let extractors = Arc::new(Extractors::new(config.isolation.clone()));
    let scanner = Scanner {
        config,
        detectors: &detectors,
        fingerprints: &fingerprints,
        progress: &progress,
        extractors: &extractors,
        policy: &policy,
        dataset: dataset.as_ref(),
    };
    let mut summary = run_workers(config, &scanner, reporter)?;
    summary.set_duration(started.elapsed());
    reporter.finish(&summary).map_err(ScanError::Report)?;
    Ok(summary)
}

/// An unreadable root means the scan cannot do what was asked: that is an error, not a skip.
fn check_roots(roots: &[PathBuf]) -> Result<(), ScanError> {
    for root in roots.iter().filter(|r| r.as_os_str() != "-") {
        let err = |source| ScanError::Root {
            path: root.clone(),
            source,
        };
        let meta = std::fs::metadata(root).map_err(err)?;
        if meta.is_dir() {
            std::fs::read_dir(root).map_err(err)?;
        }
    }
    Ok(())
}

/// Files that must not be scanned: the report being written.
fn own_files(config: &Config) -> Vec<FileId> {
    config
        .output
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| walk::file_id(&m))
        .collect()
}

/// Runs the walk and the scans, and hands every finished source to the reporter.
fn run_workers(
    config: &Config,
    scanner: &Scanner<'_>,
    reporter: &mut dyn Reporter,
) -> Result<Summary, ScanError> {
    let exclude = own_files(config);
    let judge = Judge {
        policy: scanner.policy,
        roots: config
            .roots
            .iter()
            .map(|r| r.display().to_string())
            .collect(),
        today: config.today,
        fail_on: &config.fail_on,
        dataset: scanner.dataset,
    };
    let sink = Sink::new(reporter, judge);
    let stop = AtomicBool::new(false);
    let walked = std::thread::scope(|s| {
        s.spawn(|| scanner.progress.tick_until(&stop));
        let result = if config.threads <= 1 {
            // One thread means one: walk and scan here, as ripgrep does with `-j1`.
            walk::walk_here(config, &exclude, |walked| sink.take(scanner, walked))
        } else {
            scan_in_parallel(config, scanner, &exclude, &sink)
        };
        stop.store(true, Ordering::Relaxed);
        result
    });
    walked.map_err(ScanError::Config)?;
    sink.finish(config.threads)
}

/// The walk on its own threads, the scans on a rayon pool.
fn scan_in_parallel(
    config: &Config,
    scanner: &Scanner<'_>,
    exclude: &[FileId],
    sink: &Sink<'_>,
) -> Result<(), String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| format!("threads: {e}"))?;
    let (tx, rx) = crossbeam_channel::bounded(64);
    std::thread::scope(|s| {
        let walker = s.spawn(|| {
            let result = walk::walk(config, exclude, &tx);
            drop(tx);
            result
        });
        pool.install(|| {
            rx.into_iter()
                .flatten()
                .par_bridge()
                .for_each(|walked| sink.take(scanner, walked))
        });
        walker
            .join()
            .unwrap_or_else(|_| Err("walker thread panicked".into()))
    })
}

/// The policy stage: every finished report is judged before it is reported.
struct Judge<'p> {
    policy: &'p policy::Policy,
    roots: Vec<String>,
    today: jiff::civil::Date,
    fail_on: &'p config::FailOn,
    dataset: Option<&'p policy::matching::Dataset>,
}

impl Judge<'_> {
    fn judge(&self, report: &mut FileReport, owner: Option<String>) {
        report.owner = owner;
        if let Some(dataset) = self.dataset {
            report.evidence.matched_records = dataset.records_in(&report.evidence.matched);
        }
        let assessment = policy::assess(report, self.policy, &self.roots, self.today);
        report.fails_by_risk = self.fail_on.fails_at(assessment.risk);
        report.assessment = Some(assessment);
    }
}

/// User names of owner ids, looked up once each.
#[derive(Default)]
struct Owners(std::collections::HashMap<u32, Option<String>>);

impl Owners {
    fn name(&mut self, uid: u32) -> Option<String> {
        self.0
            .entry(uid)
            .or_insert_with(|| {
                nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(uid))
                    .ok()
                    .flatten()
                    .map(|u| u.name)
            })
            .clone()
    }
}

/// Where finished sources go: the summary and the reporter, behind one lock.
struct Sink<'r> {
    shared: Mutex<Delivered<'r>>,
    owners: Mutex<Owners>,
    /// The reporter's entry renderer, run outside the lock (see `Reporter::render`).
    render: Option<report::Render>,
    failed: AtomicBool,
    judge: Judge<'r>,
}

/// What the sink's lock guards.
struct Delivered<'r> {
    summary: Summary,
    reporter: &'r mut dyn Reporter,
    /// The first error writing the report.
    failure: Option<std::io::Error>,
    copies: policy::copies::Copies,
}

impl<'r> Sink<'r> {
    fn new(reporter: &'r mut dyn Reporter, judge: Judge<'r>) -> Self {
        Sink {
            render: reporter.render(),
            shared: Mutex::new(Delivered {
                summary: Summary::default(),
                reporter,
                failure: None,
                copies: policy::copies::Copies::default(),
            }),
            owners: Mutex::new(Owners::default()),
            failed: AtomicBool::new(false),
            judge,
        }
    }

    /// Scans one walked entry and reports it.
    fn take(&self, scanner: &Scanner<'_>, walked: walk::Walked) {
        // Once the report cannot be written (a closed pipe), scanning on is pointless.
        if self.failed.load(Ordering::Relaxed) {
            return;
        }
        let report = scanner.scan(walked, &mut |mut member| {
            scanner.judge_name(&mut member);
            self.deliver(member)
        });
        scanner.progress.file_done();
        let mut report = report;
        scanner.judge_name(&mut report);
        self.deliver(report);
    }

    /// Judges one finished report (a file or a member) and hands it to the summary and the
    /// reporter.
    fn deliver(&self, mut report: FileReport) {
        let owner = report.uid.and_then(|uid| {
            let mut owners = self.owners.lock().unwrap_or_else(|e| e.into_inner());
            owners.name(uid)
        });
        self.judge.judge(&mut report, owner);
        let entry = self.render.map(|render| render(&report));
        let mut guard = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        let d = &mut *guard;
        let people = report.evidence.identifier_total() + report.evidence.contacts;
        // Only copies worth naming are compared byte for byte: personal data, a violation, or
        // nothing that could be checked.
        let disk = report
            .disk
            .as_deref()
            .zip(report.size)
            .filter(|_| report.worth_listing() || report.unexamined());
        d.copies
            .add(&report.path, people, &report.evidence.sketch, disk);
        d.summary.add(&report);
        if d.failure.is_none() {
            let written = match entry {
                Some(entry) => d.reporter.file_rendered(&report, entry),
                None => d.reporter.file(&report),
            };
            d.failure = written.err();
            self.failed.store(d.failure.is_some(), Ordering::Relaxed);
        }
    }

    fn finish(self, threads: usize) -> Result<Summary, ScanError> {
        let mut d = self.shared.into_inner().unwrap_or_else(|e| e.into_inner());
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| ScanError::Config(format!("threads: {e}")))?;
        pool.install(|| d.copies.hash_same_sizes());
        d.summary.groups = d.copies.groups();
        match d.failure {
            Some(e) => Err(ScanError::Report(e)),
            None => Ok(d.summary),
        }
    }
}
