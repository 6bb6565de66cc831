//! Exit codes: 0 nothing found, 1 personal data found, 2 the scan could not run.

use crate::util::Env;

#[test]
fn clean_tree_exits_0() {
    let env = Env::new();
    env.fixture("decoys.txt");
    let (report, code) = env.scan_json(&["--reveal"]);
    assert_eq!(code, 0, "{:#?}", report.files);
    // The decoys' phone and mobile numbers are real numbers, found as contact data (the fax
    // number's prefix is not in the plan); nothing else is.
    let values: Vec<(String, String)> = report.files.iter().flat_map(|f| f.values()).collect();
    assert_eq!(
        values,
        [
            ("phone".to_string(), "+32478123456".to_string()),
            ("phone".to_string(), "+32478123456".to_string())
        ],
        "{:#?}",
        report.files
    );
    assert_eq!(report.files[0].risk.as_deref(), Some("low"));
}

#[test]
fn personal_data_exits_1() {
    let env = Env::new();
    env.fixture("brief.txt");
    assert_eq!(env.scan_json(&[]).1, 1);
}

#[test]
fn privacy_statement_is_not_a_failure() {
    let env = Env::new();
    env.fixture("privacy.txt");
    let (report, code) = env.scan_json(&[]);
    assert_eq!(code, 0);
    let file = report.file("privacy.txt");
    assert!(
        file.findings
            .iter()
            .all(|f| f.confidence == "low" && f.role),
        "{file:#?}"
    );
}

#[test]
fn fail_on_chooses_what_counts() {
    let env = Env::new();
    env.write("notitie.txt", "Patiënt met diabetes en astma.\n");
    assert_eq!(
        env.scan_json(&[]).1,
        0,
        "health terms alone do not fail by default"
    );
    assert_eq!(env.scan_json(&["--fail-on", "health_term"]).1, 1);
    assert_eq!(env.scan_json(&["--fail-on", "health_term:medium"]).1, 0);
    env.fixture("brief.txt");
    assert_eq!(env.scan_json(&["--fail-on", "none"]).1, 0);
    assert_eq!(env.scan_json(&["--fail-on", "iban:high"]).1, 1);
}

#[test]
fn bad_arguments_exit_2() {
    let env = Env::new();
    env.scan(&["--format", "yaml", "tree"]).assert().code(2);
    env.scan(&["--fail-on", "shoe_size", "tree"])
        .assert()
        .code(2);
    env.scan(&["--fail-on", "iban:sure", "tree"])
        .assert()
        .code(2);
    env.scan(&["--threads", "0", "tree"]).assert().code(2);
}

#[test]
fn missing_root_exits_2() {
    let env = Env::new();
    let out = env.scan(&["no/such/folder"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/folder"));
}

#[test]
fn malformed_user_pattern_exits_2_naming_the_file() {
    let env = Env::new();
    let dir = env.dir.path().join("patterns");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("broken.toml"), "id = \"x\"\nkind = 3\n").unwrap();
    let out = env
        .scan(&["--patterns", dir.to_str().unwrap(), "tree"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.toml"));
}

/// The privacy statements our users wrote (shared/policy, beside the repository in CI) mention
/// national numbers and health data and list role mailboxes: nothing in them is above low.
#[test]
fn shared_privacy_statements_give_nothing_above_low() {
    let policy = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/policy");
    if !policy.is_dir() {
        eprintln!("skipped: {} not present", policy.display());
        return;
    }
    let env = Env::new();
    let out = env
        .scan(&["--format", "json"])
        .arg(&policy)
        .output()
        .unwrap();
    let report: crate::util::Report = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{:#?}", report.files);
    for file in &report.files {
        assert!(
            matches!(file.risk.as_deref(), Some("none" | "low")),
            "{file:#?}"
        );
        // The municipality's own switchboard numbers are phone numbers; every other finding
        // (words, role mailboxes) is low.
        assert!(
            file.findings
                .iter()
                .all(|f| f.confidence == "low" || f.kind == "phone"),
            "{file:#?}"
        );
    }
}

#[test]
fn a_user_pattern_directory_can_disable_a_builtin_detector() {
    let env = Env::new();
    env.fixture("brief.txt");
    let dir = env.dir.path().join("patterns");
    std::fs::create_dir(&dir).unwrap();
    let iban = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns/iban.toml"),
    )
    .unwrap();
    // Top-level keys come before the first table.
    std::fs::write(dir.join("iban.toml"), format!("enabled = false\n{iban}")).unwrap();
    let (report, code) = env.scan_json(&["--patterns", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "the national number still counts");
    let file = report.file("brief.txt");
    assert!(!file.counts.contains_key("iban"), "{:?}", file.counts);
    assert!(file.counts.contains_key("be_national_number"));
}
