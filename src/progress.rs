//! The progress line on stderr while a scan runs: files and bytes done, rate, findings.
//!
//! Workers only bump atomic counters (no lock, no allocation per file); a ticker thread turns
//! them into a message a few times a second. Nothing is drawn unless stderr is a terminal.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(Default)]
pub struct Progress {
    files: AtomicU64,
    bytes: AtomicU64,
    findings: AtomicU64,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A progress line when `enabled` (the caller checks that stderr is a terminal).
    pub fn new(enabled: bool) -> Self {
        let bar = enabled.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4));
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                    .expect("valid progress template"),
            );
            bar
        });
        Progress {
            bar,
            ..Progress::default()
        }
    }

    pub fn add_bytes(&self, n: u64) {
        self.bytes.fetch_add(n, Relaxed);
    }

    /// Called per window of text, not per finding: a dump holds a million values, and an
    /// atomic add for each cost 2 % of its scan.
    pub fn add_findings(&self, n: u64) {
        self.findings.fetch_add(n, Relaxed);
    }

    pub fn file_done(&self) {
        self.files.fetch_add(1, Relaxed);
    }

    /// Redraws until `stop` is set; run it on its own thread.
    pub fn tick_until(&self, stop: &AtomicBool) {
        let Some(bar) = &self.bar else { return };
        let started = Instant::now();
        while !stop.load(Relaxed) {
            let secs = started.elapsed().as_secs_f64().max(0.001);
            let mb = self.bytes.load(Relaxed) as f64 / 1e6;
            bar.set_message(format!(
                "{} files, {mb:.1} MB ({:.1} MB/s), {} findings",
                self.files.load(Relaxed),
                mb / secs,
                self.findings.load(Relaxed)
            ));
            bar.tick();
            std::thread::sleep(Duration::from_millis(250));
        }
        bar.finish_and_clear();
    }
}
