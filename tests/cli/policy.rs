//! The policy file (issue 7): found in the scanned root or given with `--policy`, refused at
//! start-up with its path, line and reason when malformed, and named in every report.

use crate::util::Env;

#[test]
fn without_a_policy_file_the_report_says_defaults_were_used() {
    let env = Env::new();
    env.fixture("leden.csv");
    let (report, _) = env.scan_json(&[]);
    assert_eq!(report.run["policy"], "defaults (no snuffel.toml)");
}

#[test]
fn snuffel_toml_in_the_root_is_the_policy() {
    let env = Env::new();
    env.fixture("leden.csv");
    env.write("snuffel.toml", include_str!("../../snuffel.example.toml"));
    let (report, _) = env.scan_json(&[]);
    assert_eq!(report.run["policy"], "tree/snuffel.toml");
}

#[test]
fn a_malformed_policy_is_refused_with_file_line_and_reason() {
    let env = Env::new();
    env.fixture("leden.csv");
    let policy = env.dir.path().join("beleid.toml");
    std::fs::write(
        &policy,
        "[dumps]\nformats = [\"sql\"]\nmax_age_days = \"lang\"\n",
    )
    .unwrap();
    let out = env
        .scan(&["tree", "--policy"])
        .arg(&policy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a scan that cannot run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("beleid.toml:3:"), "{stderr}");
    assert!(stderr.contains("invalid type"), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "no report against a policy nobody wrote"
    );
}

/// Sets a file's modification time `days` before the tests' fixed day (2026-11-23).
fn age(path: &std::path::Path, days: u64) {
    let today = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_392_000);
    let then = today - std::time::Duration::from_secs(days * 86_400);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(then)
        .unwrap();
}

fn rules(file: &crate::util::File) -> Vec<&str> {
    file.violations.iter().map(|v| v.rule.as_str()).collect()
}

#[test]
fn the_default_policy_judges_places_dumps_and_age() {
    let env = Env::new();
    let leden = crate::util::fixture("leden.csv");
    env.write("users/jan/Desktop/leden.csv", &leden);
    let old = env.write("db/oud.sql", crate::util::fixture("dump_mysql.sql"));
    age(&old, 400);
    env.write("db/nieuw.sql", crate::util::fixture("dump_mysql.sql"));
    env.fixture("privacy.txt");
    let (report, _) = env.scan_json(&["--fail-on", "none"]);
    let desk = report.file("Desktop/leden.csv");
    assert_eq!(desk.risk.as_deref(), Some("high"));
    assert_eq!(rules(desk), ["clean-desk", "unsanitised-dump"]);
    assert!(desk.violations[0].reason.contains("clean-desk place"));
    assert!(desk.owner.is_some(), "the owner's user name");
    let old = report.file("db/oud.sql");
    assert_eq!(rules(old), ["unsanitised-dump", "dump-retention"]);
    assert_eq!(old.risk_inputs.as_ref().unwrap()["age_days"], 400);
    assert_eq!(rules(report.file("db/nieuw.sql")), ["unsanitised-dump"]);
    let privacy = report.file("privacy.txt");
    assert_eq!(
        (privacy.risk.as_deref(), privacy.violations.len()),
        (Some("low"), 0),
        "words and role mailboxes are not a risk"
    );
    assert_eq!(report.summary.violations["unsanitised-dump"], 3);
    assert_eq!(
        report.summary.risk["high"], 3,
        "the desktop export and both dumps"
    );
}

#[test]
fn a_sanctioned_place_holds_what_it_allows() {
    let env = Env::new();
    let leden = crate::util::fixture("leden.csv");
    env.write("hr/leden.csv", &leden);
    env.write("projecten/leden.csv", &leden);
    env.write(
        "snuffel.toml",
        "[[sanctioned]]\nname = \"HR\"\npaths = [\"hr/**\"]\n\
         kinds = [\"be_national_number\", \"iban\", \"email\"]\n",
    );
    let (report, _) = env.scan_json(&["--fail-on", "none"]);
    let hr = report.file("hr/leden.csv");
    assert_eq!((hr.risk.as_deref(), hr.violations.len()), (Some("low"), 0));
    let elsewhere = report.file("projecten/leden.csv");
    assert_eq!(rules(elsewhere), ["unsanctioned-copy", "unsanitised-dump"]);
}

#[test]
fn allowlisted_test_data_is_not_counted() {
    let env = Env::new();
    env.fixture("brief.txt");
    env.write("snuffel.toml", "[allow]\nvalues = [\"85.07.30-033.28\"]\n");
    let (report, _) = env.scan_json(&["--fail-on", "none"]);
    let brief = report.file("brief.txt");
    assert!(
        !brief.counts.contains_key("be_national_number"),
        "{:?}",
        brief.counts
    );
    assert!(brief.counts.contains_key("iban"), "the rest is still found");
}

#[test]
fn the_privacy_statements_are_not_a_risk() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/policy");
    if !dir.is_dir() {
        eprintln!("skipped: ../shared/policy is not beside the repository");
        return;
    }
    let env = Env::new();
    let out = env
        .scan(&["--format", "json", "--fail-on", "none"])
        .arg(&dir)
        .output()
        .unwrap();
    let report = crate::util::parse_report(&out.stdout);
    for file in &report.files {
        assert!(
            matches!(file.risk.as_deref(), Some("none" | "low")) && file.violations.is_empty(),
            "{} is judged {:?} {:?}",
            file.path,
            file.risk,
            file.violations
        );
    }
}

#[test]
fn camera_footage_kept_longer_than_four_weeks_breaks_retention() {
    let env = Env::new();
    let mp4 = b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2mp41\0\0\0\x08free";
    age(&env.write("cctv/ingang/2026-10-01.mp4", mp4), 53);
    env.write("cctv/ingang/2026-11-20.mp4", mp4);
    let (report, _) = env.scan_json(&["--fail-on", "none"]);
    let old = report.file("2026-10-01.mp4");
    assert_eq!(old.risk.as_deref(), Some("medium"));
    assert_eq!(rules(old), ["retention"]);
    assert!(old.violations[0]
        .reason
        .contains("camera footage kept 53 days"));
    assert!(!report.has_file("2026-11-20.mp4"), "recent footage is fine");
}

/// `snuffel check` on `paths` (relative to the tree): (exit code, the one line).
fn check(env: &Env, paths: &[&str]) -> (i32, String) {
    let out = env
        .snuffel()
        .arg("check")
        .args(paths.iter().map(|p| env.tree().join(p)))
        .output()
        .unwrap();
    let line = String::from_utf8(out.stdout).unwrap();
    assert_eq!(line.lines().count(), 1, "one line: {line}");
    (out.status.code().unwrap(), line.trim().to_string())
}

#[test]
fn check_answers_may_i_share_this_in_one_line() {
    let env = Env::new();
    env.fixture("dump_mysql.sql");
    env.fixture("privacy.txt");
    env.write(
        "geheim.docx",
        crate::util::fixture("documents/protected.docx"),
    );
    let (code, line) = check(&env, &["dump_mysql.sql"]);
    assert_eq!(code, 1);
    assert_eq!(line, "not shareable: 2 valid national numbers, 1 IBAN");
    assert_eq!(
        check(&env, &["privacy.txt"]),
        (0, "no personal data found".into())
    );
    let (code, line) = check(&env, &["privacy.txt", "geheim.docx"]);
    assert_eq!(code, 3, "a file it could not open is never shareable");
    assert!(line.contains("geheim.docx (protected)"), "{line}");
}

#[test]
fn fail_on_risk_and_fail_on_incomplete_have_their_exit_codes() {
    let env = Env::new();
    env.fixture("privacy.txt");
    env.write(
        "geheim.docx",
        crate::util::fixture("documents/protected.docx"),
    );
    let (_, code) = env.scan_json(&[]);
    assert_eq!(code, 0, "protected files alone do not fail a scan");
    let (report, code) = env.scan_json(&["--fail-on-incomplete"]);
    assert_eq!((code, report.summary.files_protected), (3, 1));
    env.write(
        "users/an/Desktop/leden.csv",
        crate::util::fixture("leden.csv"),
    );
    let (report, code) = env.scan_json(&["--fail-on", "risk:critical"]);
    assert_eq!(
        (code, report.summary.failing_files),
        (0, 0),
        "high is below critical"
    );
    let (report, code) = env.scan_json(&["--fail-on", "risk:high", "--fail-on-incomplete"]);
    assert_eq!(
        (code, report.summary.failing_files),
        (1, 1),
        "found beats incomplete"
    );
    assert_eq!(report.summary.risk["high"], 1);
}

#[test]
fn an_export_and_a_selection_from_it_are_one_dataset() {
    let env = Env::new();
    let mut rng = docgen::values::Rng::new(6);
    let people: Vec<String> = (0..60).map(|_| rng.national_number()).collect();
    let others: Vec<String> = (0..60).map(|_| rng.national_number()).collect();
    let csv = |rows: &[String]| {
        let mut text = String::from("naam;rijksregisternummer\n");
        for (i, nn) in rows.iter().enumerate() {
            text.push_str(&format!("persoon {i};{nn}\n"));
        }
        text
    };
    env.write("export/leden.csv", csv(&people));
    env.write("users/an/Desktop/selectie.csv", csv(&people[10..40]));
    env.write("andere/leden.csv", csv(&others));
    let (report, _) = env.scan_json(&["--fail-on", "none"]);
    assert_eq!(report.groups.len(), 1, "{:?}", report.groups);
    let group = &report.groups[0];
    assert_eq!(
        group.members,
        [
            "tree/export/leden.csv",
            "tree/users/an/Desktop/selectie.csv"
        ]
    );
    assert!(
        (25..=35).contains(&group.shared.unwrap()),
        "about 30 people: {}",
        group.shared.unwrap()
    );
    assert!(!group.identical);
    assert_eq!(group.id, 1);
}

#[test]
fn exact_data_match_counts_the_records_of_a_fingerprinted_dataset() {
    let env = Env::new();
    let mut rng = docgen::values::Rng::new(7);
    let people: Vec<String> = (0..60).map(|_| rng.national_number()).collect();
    let mut register = String::from("naam,rijksregisternummer\n");
    for (i, nn) in people.iter().enumerate() {
        register.push_str(&format!("persoon {i},{nn}\n"));
    }
    let source = env.dir.path().join("register.csv");
    std::fs::write(&source, &register).unwrap();
    let fp = env.fingerprint(&source);
    let hashes = std::fs::read_to_string(&fp).unwrap();
    assert!(
        people
            .iter()
            .all(|nn| !hashes.contains(&nn.replace(['.', '-'], ""))),
        "no plaintext in the fingerprint file"
    );
    // A selection of 20 of them, written as digits, in another file; and strangers.
    let mut selection = String::from("id;nummer\n");
    for nn in &people[20..40] {
        selection.push_str(&format!("x;{}\n", nn.replace(['.', '-'], "")));
    }
    env.write("Desktop/selectie.csv", selection);
    let mut strangers = String::from("id;rijksregisternummer\n");
    for _ in 0..10 {
        strangers.push_str(&format!("y;{}\n", rng.national_number()));
    }
    env.write("andere.csv", strangers);
    let fp_arg = fp.to_str().unwrap().to_string();
    let (report, _) = env.scan_json(&["--fail-on", "none", "--match", &fp_arg]);
    assert_eq!(report.file("selectie.csv").matched_records, Some(20));
    assert_eq!(report.file("andere.csv").matched_records, None);
    assert_eq!(report.summary.files_matching, 1);
}
