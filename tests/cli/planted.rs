//! Every value planted in the document fixtures is found where it was put, and nothing else
//! (issue 5). The fixtures are written by `docgen` (rust_xlsxwriter, the zip crate, lopdf);
//! the few written by other producers (LibreOffice, msoffcrypto-tool, qpdf) are committed in
//! `fixtures/documents/`. What each holds is data: `fixtures/documents/expected.toml`.

use std::collections::BTreeMap;

use docgen::expected::{documents_dir, Expected};

use crate::util::{assert_exactly_planted, Env, Finding, Report};

fn expected() -> Expected {
    docgen::expected::load().unwrap()
}

/// A tree with every document fixture: generated ones and the committed ones.
fn fixture_tree() -> Env {
    let env = Env::new();
    docgen::write_fixtures(&env.tree()).unwrap();
    for entry in std::fs::read_dir(documents_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "toml" | "md" | "sh" | "py" | "fods" | "fodt") {
            env.write(&name, std::fs::read(&path).unwrap());
        }
    }
    env
}

fn findings_by_file(report: &Report) -> BTreeMap<String, Vec<Finding>> {
    report
        .files
        .iter()
        .map(|f| {
            let name = f.path.rsplit('/').next().unwrap().to_string();
            (name, f.findings.clone())
        })
        .collect()
}

#[test]
fn every_planted_value_is_found_at_its_place_and_nothing_else() {
    let expected = expected();
    let env = fixture_tree();
    let (report, _) = env.scan_json(&["--reveal", "--fail-on", "none"]);
    assert_exactly_planted(findings_by_file(&report), &expected.planted, &report);
}

#[test]
fn decoy_documents_give_nothing_and_statuses_are_reported() {
    let expected = expected();
    let env = fixture_tree();
    let (report, _) = env.scan_json(&["--reveal", "--fail-on", "none"]);
    for clean in &expected.clean {
        assert!(
            !report.has_file(&clean.file),
            "{} should give nothing: {:?}",
            clean.file,
            report.files.iter().find(|f| f.path.ends_with(&clean.file))
        );
        assert!(
            !report.errors.iter().any(|e| e.path.ends_with(&clean.file)),
            "{} was read",
            clean.file
        );
    }
    for s in &expected.status {
        let list = match s.status.as_str() {
            "protected" => &report.protected,
            "no_text" => &report.no_text,
            other => panic!("unknown status {other}"),
        };
        assert!(
            list.iter().any(|c| c.path.ends_with(&s.file)),
            "{} should be {}: protected {:?}, no_text {:?}, errors {:?}",
            s.file,
            s.status,
            report.protected,
            report.no_text,
            report.errors
        );
    }
}
