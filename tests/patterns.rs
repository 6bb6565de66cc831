//! Every pattern file's examples, run through the whole extract → detect → validate path:
//! each positive example gives its finding (with the value and confidence it states), no
//! negative example gives a finding of the detector's kind. Adding a detector adds its checks.

use std::io::Cursor;

use snuffel::config::{Config, FailOn};
use snuffel::detect::DetectorSet;
use snuffel::extract::worker::{Extractors, Isolation};
use snuffel::progress::Progress;
use snuffel::report::fingerprint::Fingerprinter;
use snuffel::report::{FileReport, Status};
use snuffel::scan::Scanner;
use std::sync::Arc;

fn config() -> Config {
    Config {
        reveal: true,
        today: jiff::civil::date(2026, 11, 23),
        fail_on: FailOn::default(),
        ..Config::default()
    }
}

fn scan_text(set: &DetectorSet, config: &Config, text: &str) -> FileReport {
    let fingerprints = Fingerprinter::new(b"test key for the pattern examples");
    let progress = Progress::new(false);
    let scanner = Scanner {
        config,
        detectors: set,
        fingerprints: &fingerprints,
        progress: &progress,
        extractors: &Arc::new(Extractors::new(Isolation::InProcess)),
        policy: &snuffel::policy::Policy::defaults(),
        dataset: None,
    };
    let mut report = FileReport::new("example".into());
    scanner.scan_input(
        Box::new(Cursor::new(text.as_bytes().to_vec())),
        None,
        &mut report,
        &mut |_| {},
    );
    assert_eq!(report.status, Status::Scanned, "{text:?}");
    report
}

#[test]
fn every_pattern_example_holds() {
    let config = config();
    let set = snuffel::load_detectors(&config).expect("built-in detectors load");
    let mut failures = Vec::new();
    for det in set.detectors() {
        let file = &det.spec.file;
        for ex in &file.examples {
            let report = scan_text(&set, &config, &ex.text);
            let found = report.findings.iter().find(|f| {
                *f.kind == *file.kind
                    && ex
                        .value
                        .as_ref()
                        .is_none_or(|v| f.value.as_ref() == Some(v))
            });
            match found {
                None => failures.push(format!("{}: no finding in {:?}", file.id, ex.text)),
                Some(f) if ex.confidence.is_some_and(|c| c != f.confidence) => {
                    failures.push(format!(
                        "{}: {:?} has {:?}, not {:?}",
                        file.id, ex.text, f.confidence, ex.confidence
                    ))
                }
                Some(_) => {}
            }
        }
        for neg in &file.negative_examples {
            let report = scan_text(&set, &config, &neg.text);
            if let Some(f) = report.findings.iter().find(|f| *f.kind == *file.kind) {
                failures.push(format!(
                    "{}: negative example {:?} ({}) gave {:?}",
                    file.id, neg.text, neg.why, f.value
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
