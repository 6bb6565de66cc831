//! The fixture share (issue 7's proof): a municipality's file server, built by `docgen share`,
//! scanned against its own `snuffel.toml`. Every file's risk, violations and copy group is
//! stated exactly, as is the fingerprinted dataset's reach.

use std::collections::BTreeMap;
use std::time::{Duration, UNIX_EPOCH};

use crate::util::{Env, Report};

/// The tests' fixed day, 2026-11-23, as `--today` says.
fn today() -> std::time::SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_392_000)
}

/// Fingerprints the export `rel` of the share by its national numbers; returns the file.
fn fingerprint(env: &Env, rel: &str) -> std::path::PathBuf {
    env.fingerprint(&env.tree().join(rel))
}

/// The share in `tree/`, the register fingerprinted beside it, and the JSON report of a scan
/// that matches against it.
fn scan_share() -> (Env, Report) {
    let env = Env::new();
    docgen::write_share(&env.tree(), today()).unwrap();
    let fp = fingerprint(&env, "bevolking/register.csv");
    let fp = fp.to_str().unwrap().to_string();
    let (report, code) = env.scan_json(&["--match", &fp]);
    assert_eq!(code, 1, "personal data where the policy forbids it");
    (env, report)
}

/// path → (risk, rules broken, records of the register it holds)
type Verdicts = BTreeMap<String, (String, Vec<String>, Option<u64>)>;

fn verdicts(report: &Report) -> Verdicts {
    report
        .files
        .iter()
        .map(|f| {
            let path = f.path.strip_prefix("tree/").unwrap().to_string();
            let rules = f.violations.iter().map(|v| v.rule.clone()).collect();
            let risk = f.risk.clone().unwrap_or_default();
            (path, (risk, rules, f.matched_records))
        })
        .collect()
}

#[test]
fn every_file_of_the_share_gets_its_exact_verdict() {
    let (_env, report) = scan_share();
    let expected: Verdicts = [
        // Sanctioned: the register may hold national numbers, HR all three kinds.
        ("bevolking/register.csv", "low", &[][..], Some(40)),
        ("hr/personeel.csv", "low", &[], None),
        // A copy of the register outside every sanctioned place.
        (
            "projecten/register-kopie.csv",
            "high",
            &["unsanctioned-copy", "unsanitised-dump"],
            Some(40),
        ),
        // A selection of it on a desktop.
        (
            "users/an/Desktop/selectie.xlsx",
            "high",
            &["clean-desk", "unsanctioned-copy", "unsanitised-dump"],
            Some(15),
        ),
        (
            "db/oud.sql",
            "high",
            &["unsanctioned-copy", "unsanitised-dump", "dump-retention"],
            None,
        ),
        (
            "db/nieuw.sql",
            "high",
            &["unsanctioned-copy", "unsanitised-dump"],
            None,
        ),
        // Sanitised, but kept too long.
        (
            "db/geanonimiseerd-oud.sql",
            "low",
            &["dump-retention"],
            None,
        ),
        (
            "camera/inkom/2026-09-01.mp4",
            "medium",
            &["retention"],
            None,
        ),
        // Health data beside 12 identifiers (GDPR art. 9).
        (
            "zorg/dossiers.txt",
            "critical",
            &["unsanctioned-copy", "special-category"],
            None,
        ),
        // Words and role mailboxes only.
        ("gemeente/privacyverklaring.txt", "low", &[], None),
    ]
    .into_iter()
    .map(|(path, risk, rules, matched)| {
        let rules = rules.iter().map(|r| r.to_string()).collect();
        (path.to_string(), (risk.to_string(), rules, matched))
    })
    .collect();
    assert_eq!(verdicts(&report), expected);
    // Not listed, and rightly so: the sanitised recent dump, recent footage, a note.
    let risk = &report.summary.risk;
    assert_eq!(report.summary.files_seen, 16);
    assert_eq!(
        (risk["critical"], risk["high"], risk["medium"], risk["low"]),
        (1, 4, 1, 4)
    );
    assert_eq!(
        risk["none"], 6,
        "snuffel.toml, notities.txt, geanonimiseerd.sql, the recent footage and the two \
         protected spreadsheets, which are listed as such"
    );
    let protected: Vec<&str> = report.protected.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        protected,
        [
            "tree/db/beveiligd.ods",
            "tree/users/an/Desktop/beveiligd-kopie.ods"
        ]
    );
    assert_eq!(report.summary.files_matching, 3);
    let old = report.file("db/oud.sql");
    assert_eq!(old.risk_inputs.as_ref().unwrap()["age_days"], 400);
    assert_eq!(old.risk_inputs.as_ref().unwrap()["identifiers"], 24);
    let dossiers = report.file("zorg/dossiers.txt");
    assert_eq!(
        dossiers.risk_inputs.as_ref().unwrap()["special_records"],
        12
    );
    let hr = report.file("hr/personeel.csv");
    assert_eq!(hr.risk_inputs.as_ref().unwrap()["sanctioned"], "HR");
}

#[test]
fn copies_of_one_dataset_are_grouped_by_content_and_by_people() {
    let (_env, report) = scan_share();
    assert_eq!(report.groups.len(), 2, "{:#?}", report.groups);
    let register = &report.groups[0];
    assert_eq!(
        register.members,
        [
            "tree/bevolking/register.csv",
            "tree/projecten/register-kopie.csv",
            "tree/users/an/Desktop/selectie.xlsx",
        ]
    );
    assert!(!register.identical, "the selection is not the same bytes");
    let shared = register.shared.unwrap();
    assert!(
        (12..=18).contains(&shared),
        "about the 15 people of the selection: {shared}"
    );
    let protected = &report.groups[1];
    assert_eq!(
        protected.members,
        [
            "tree/db/beveiligd.ods",
            "tree/users/an/Desktop/beveiligd-kopie.ods"
        ]
    );
    assert!(protected.identical);
    assert_eq!(protected.shared, None, "nothing could be read in them");
    assert_eq!((register.id, protected.id), (1, 2));
}

#[test]
fn a_spreadsheet_export_is_fingerprinted_like_a_csv_one() {
    let env = Env::new();
    docgen::write_share(&env.tree(), today()).unwrap();
    let hashes = |fp: &std::path::Path| -> Vec<String> {
        let text = std::fs::read_to_string(fp).unwrap();
        text.lines().skip(2).map(str::to_string).collect()
    };
    let register = hashes(&fingerprint(&env, "bevolking/register.csv"));
    let selection_fp = fingerprint(&env, "users/an/Desktop/selectie.xlsx");
    let selection = hashes(&selection_fp);
    assert_eq!(selection.len(), 15);
    assert_eq!(
        selection,
        register[docgen::share::SELECTION],
        "the same people, the same hashes, whatever file they came from"
    );
    let fp = selection_fp.to_str().unwrap().to_string();
    let (report, _) = env.scan_json(&["--match", &fp]);
    for path in [
        "bevolking/register.csv",
        "projecten/register-kopie.csv",
        "Desktop/selectie.xlsx",
    ] {
        assert_eq!(report.file(path).matched_records, Some(15), "{path}");
    }
    assert_eq!(report.summary.files_matching, 3);
}

#[test]
fn the_text_report_says_who_owns_a_copy_and_where_its_other_copies_are() {
    let env = Env::new();
    docgen::write_share(&env.tree(), today()).unwrap();
    let out = env.scan(&["--format", "text", "tree"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let owner = report_owner(&env);
    let selection = format!(
        "HIGH     tree/users/an/Desktop/selectie.xlsx (xlsx, owner {owner}, changed 2026-11-20)\n"
    );
    let at = text.find(&selection).unwrap_or_else(|| panic!("{text}"));
    let entry = &text[at..];
    let entry = &entry[..entry.find("\n\n").unwrap_or(entry.len())];
    assert!(
        entry.contains("! clean-desk: personal data in a clean-desk place"),
        "{entry}"
    );
    assert!(
        entry.contains("= copies: group 1 (about ") && entry.contains("), with 2 other file(s)"),
        "{entry}"
    );
    assert!(text.contains("group 2, identical copies:"), "{text}");
}

/// The user name the JSON report gives the share's files (whoever runs the tests).
fn report_owner(env: &Env) -> String {
    let (report, _) = env.scan_json(&[]);
    report.file("selectie.xlsx").owner.clone().unwrap()
}
