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
