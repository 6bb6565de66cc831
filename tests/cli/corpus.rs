//! The real-world documents in `../shared/corpus/real-docs` (235 files from public projects'
//! test suites, broken, encrypted and hostile ones among them): every one is read, protected,
//! without text, or listed with a reason, and the scan ends (issue 5). Skipped with a message
//! when the corpus is not beside the repository.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::util::{parse_report, Env};

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real-docs");
    dir.is_dir().then_some(dir)
}

fn count_files(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| if p.is_dir() { count_files(&p) } else { 1 })
        .sum()
}

/// Documents that need a password (their MANIFEST says so, and a reference reader agrees).
const PROTECTED: [&str; 9] = [
    "xlsx/calamine__pass_protected.xlsx",
    "xlsb/calamine__pass_protected.xlsb",
    "ods/calamine__pass_protected.ods",
    "pdf/pypdf__r2-user-password.pdf",
    "pdf/pypdf__r4-aes-user-password.pdf",
    "pdf/pypdf__libreoffice-writer-password.pdf",
    "pdf/pypdf__encrypted-file.pdf",
    "pdf/pypdf__crazyones-encrypted-256.pdf",
    "pdf/pdf-rs__passwords_aes_256.pdf",
];

const DOCUMENT_FOLDERS: [&str; 9] = [
    "docx", "xlsx", "xlsb", "xls", "ods", "odt", "odp", "pptx", "pdf",
];

#[test]
fn every_real_document_is_read_protected_or_listed_with_a_reason() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus/real-docs is not beside the repository");
        return;
    };
    let env = Env::new();
    let out = env
        .scan(&[
            "--format",
            "json",
            "--fail-on",
            "none",
            "--worker-memory",
            "512M",
        ])
        .arg(&corpus)
        .timeout(Duration::from_secs(600))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = parse_report(&out.stdout);
    let s = &report.summary;
    assert_eq!(
        s.files_seen - s.members_seen,
        count_files(&corpus),
        "every file is accounted for"
    );
    assert_eq!(
        s.files_scanned
            + s.files_skipped
            + s.files_protected
            + s.files_no_text
            + s.files_unsupported
            + s.errors,
        s.files_seen
    );
    for name in PROTECTED {
        assert!(
            report.protected.iter().any(|p| p.path.ends_with(name)),
            "{name} is protected: {:?}",
            report.protected
        );
    }
    for listed in report.errors.iter().chain(&report.skipped) {
        assert!(!listed.reason.trim().is_empty(), "{listed:?}");
        let folder = listed.path.rsplit('/').nth(1).unwrap_or_default();
        if DOCUMENT_FOLDERS.contains(&folder) {
            assert!(
                !listed.reason.starts_with("unsupported"),
                "a document format snuffel reads was skipped: {listed:?}"
            );
        }
    }
    let documents_in_error = report
        .errors
        .iter()
        .filter(|e| {
            DOCUMENT_FOLDERS
                .iter()
                .any(|f| e.path.contains(&format!("/{f}/")))
        })
        .count();
    assert!(
        documents_in_error <= 3,
        "only the deliberately broken documents fail: {:?}",
        report.errors
    );
    // Role and test-author addresses live in these documents; that they are found shows the
    // text was really read.
    assert!(
        s.findings.get("email").is_some_and(|c| c.total > 50),
        "{:?}",
        s.findings
    );
}
