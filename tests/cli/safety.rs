//! The non-negotiables: no raw value leaves snuffel without `--reveal`, nothing in the scanned
//! tree changes, and files that cannot be read are listed, never reported as clean.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Command as Process;
use std::time::Duration;

use crate::util::{gzip, Env};

/// Raw values planted in the fixtures, in every way they are written there.
const RAW: &[&str] = &[
    "85073003328",
    "85.07.30-033.28",
    "69041215787",
    "01030503679",
    "78092328448",
    "55113099813",
    "BE68 5390 0754 7034",
    "BE68539007547034",
    // The IBAN's middle groups: a mask must not show them. (Not "5390" alone: four digits turn
    // up by chance in time stamps and durations.)
    "5390 0754",
    "53900754",
    "NL20INGB0001234567",
    "jan.peeters",
    "an.janssens",
    "marie.dubois",
];

#[test]
fn no_raw_value_in_any_format_without_reveal() {
    let env = Env::new();
    for name in [
        "leden.csv",
        "dump_mysql.sql",
        "dump_postgres.sql",
        "brief.txt",
    ] {
        env.fixture(name);
    }
    env.write(
        "nested/export.csv.gz",
        gzip(&crate::util::fixture("leden.csv")),
    );
    // Names are data too: a scan named after a national number, a folder per person.
    env.write(
        "Desktop/scan 69041215787.txt",
        "identiteitskaart, voorzijde\n",
    );
    env.write(
        "dossiers/78.09.23-284.48/verslag.txt",
        crate::util::fixture("brief.txt"),
    );
    for format in ["json", "ndjson", "text", "csv", "sarif", "html"] {
        let out = env.scan(&["--format", format, "tree"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let all = [out.stdout, out.stderr].concat();
        let all = String::from_utf8_lossy(&all);
        for raw in RAW {
            assert!(!all.contains(raw), "{format} output shows {raw}:\n{all}");
        }
    }
    let out = env
        .scan(&["--format", "json", "--reveal", "tree"])
        .output()
        .unwrap();
    let revealed = String::from_utf8_lossy(&out.stdout);
    assert!(revealed.contains("85073003328") && revealed.contains("BE68539007547034"));
    assert!(revealed.contains("scan 69041215787.txt") && revealed.contains("78.09.23-284.48/"));
}

#[test]
fn a_path_quoted_in_an_error_is_masked_too() {
    let env = Env::new();
    let folder = env.tree().join("dossiers/78.09.23-284.48");
    fs::create_dir_all(&folder).unwrap();
    std::os::unix::fs::symlink(".", folder.join("terug")).unwrap();
    let out = env
        .scan(&["--format", "json", "--follow-symlinks", "tree"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("symbolic link loop"), "{text}");
    assert!(!text.contains("78.09.23-284.48"), "{text}");
    assert!(text.contains("**.**.**-***.48"), "{text}");
}

#[test]
fn a_national_number_in_a_file_name_is_a_finding_and_is_masked() {
    let env = Env::new();
    env.write(
        "users/an/Desktop/78.09.23-284.48 id-kaart.txt",
        "voorzijde\n",
    );
    // Eleven bare digits in a name are weak evidence, as they are in text.
    env.write("scans/69041215787.txt", "achterzijde\n");
    env.write("dossiers/78.09.23-284.48/notities.txt", "niets\n");
    let (report, code) = env.scan_json(&["--fail-on", "none"]);
    assert_eq!(code, 0);
    assert_eq!(
        report.files.len(),
        2,
        "a folder's name is not its files' data"
    );
    let card = report.file("id-kaart.txt");
    assert_eq!(
        card.path,
        "tree/users/an/Desktop/**.**.**-***.48 id-kaart.txt"
    );
    assert_eq!(card.counts["be_national_number"].total, 1);
    assert_eq!(card.findings[0].location.part.as_deref(), Some("file_name"));
    let rules: Vec<&str> = card.violations.iter().map(|v| v.rule.as_str()).collect();
    assert_eq!(rules, ["clean-desk"]);
    let bare = report.file("scans/**.**.**-***.87.txt");
    assert_eq!(bare.counts["be_national_number"].low, 1);
    assert_eq!(bare.risk.as_deref(), Some("low"));
}

#[test]
fn fingerprints_are_keyed_and_stable() {
    let env = Env::new();
    env.fixture("brief.txt");
    env.write("kopie.txt", "INSZ 85073003328\n");
    let (report, _) = env.scan_json(&[]);
    let fp = |name: &str| {
        report
            .file(name)
            .findings
            .iter()
            .find(|f| f.kind == "be_national_number")
            .unwrap()
            .fingerprint
            .clone()
    };
    assert_eq!(
        fp("brief.txt"),
        fp("kopie.txt"),
        "same number, same fingerprint"
    );
    fs::write(
        env.dir.path().join("key.hex"),
        "ffeeddccbbaa99887766554433221100",
    )
    .unwrap();
    let (other, _) = env.scan_json(&[]);
    let other_fp = other.file("kopie.txt").findings[0].fingerprint.clone();
    assert_ne!(
        other_fp,
        fp("kopie.txt"),
        "another key, another fingerprint"
    );
}

#[test]
fn key_is_created_outside_the_tree_once() {
    let env = Env::new();
    env.fixture("brief.txt");
    let run = || {
        let out = env
            .snuffel()
            .args(["scan", "--format", "json", "--today", "2026-11-23", "tree"])
            .output()
            .unwrap();
        let report: crate::util::Report = serde_json::from_slice(&out.stdout).unwrap();
        report.file("brief.txt").findings[0].fingerprint.clone()
    };
    let first = run();
    let key = env.dir.path().join("config/snuffel/fingerprint.key");
    assert!(key.exists(), "key created in the config directory");
    assert_eq!(
        fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(run(), first, "the created key is reused");
}

#[test]
fn scanning_changes_nothing_in_the_tree() {
    let env = Env::new();
    env.fixture("leden.csv");
    env.fixture("brief.txt");
    env.write(
        "sub/dump.sql.gz",
        gzip(&crate::util::fixture("dump_mysql.sql")),
    );
    let listing = |env: &Env| {
        let mut entries: Vec<_> = walk(&env.tree())
            .into_iter()
            .map(|p| {
                let m = fs::metadata(&p).unwrap();
                (p, m.len(), m.modified().unwrap(), m.accessed().unwrap())
            })
            .collect();
        entries.sort();
        entries
    };
    // Put access times in the past, so that a read would visibly move them (even on relatime).
    for p in walk(&env.tree()) {
        let old = filetime_days_ago(&p, 3);
        assert!(old, "could not set times");
    }
    let before = listing(&env);
    std::thread::sleep(Duration::from_millis(20));
    env.scan(&["--format", "json", "-o", "tree/report.json", "tree"])
        .assert()
        .code(1);
    let mut after = listing(&env);
    after.retain(|(p, ..)| !p.ends_with("report.json"));
    assert_eq!(
        before, after,
        "sizes, modification and access times unchanged"
    );
    let report = fs::read_to_string(env.tree().join("report.json")).unwrap();
    assert!(
        !report.contains("\"path\":\"tree/report.json\""),
        "own report not scanned"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Sets access and modification times `days` ago with `touch`, without extra crates.
fn filetime_days_ago(path: &std::path::Path, days: u32) -> bool {
    Process::new("touch")
        .args(["-d", &format!("{days} days ago")])
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn named_pipe_is_listed_not_opened() {
    let env = Env::new();
    env.fixture("brief.txt");
    let fifo = env.tree().join("pipe");
    assert!(Process::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    // If snuffel opened the FIFO for reading it would block forever; assert_cmd's timeout
    // turns that into a failure.
    let out = env
        .scan(&["--format", "json", "tree"])
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: crate::util::Report = serde_json::from_slice(&out.stdout).unwrap();
    let pipe = report.skip_reason("pipe");
    assert!(pipe.contains("named pipe"), "{}", pipe);
    assert!(report.has_file("brief.txt"));
}

#[test]
fn unreadable_file_is_listed_as_an_error() {
    let env = Env::new();
    env.fixture("brief.txt");
    let secret = env.write("geheim.csv", crate::util::fixture("leden.csv"));
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads anything: run snuffel as `nobody` then, which needs the tree readable to others.
    let as_root = euid_is_root();
    let mut cmd = if as_root {
        for p in [
            env.dir.path().to_path_buf(),
            env.tree(),
            env.dir.path().join("key.hex"),
        ] {
            let mode = if p.is_dir() { 0o755 } else { 0o644 };
            fs::set_permissions(&p, fs::Permissions::from_mode(mode)).unwrap();
        }
        let mut c = Process::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(assert_cmd::cargo::cargo_bin("snuffel"));
        c
    } else {
        Process::new(assert_cmd::cargo::cargo_bin("snuffel"))
    };
    let key = env.dir.path().join("key.hex");
    let out = cmd
        .args([
            "scan",
            "--format",
            "json",
            "--today",
            "2026-11-23",
            "--key-file",
        ])
        .arg(&key)
        .arg(env.tree())
        .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: crate::util::Report = serde_json::from_slice(&out.stdout).unwrap();
    let error = report.error_reason("geheim.csv");
    assert!(error.contains("ermission denied"), "{}", error);
    assert!(
        !report.has_file("geheim.csv"),
        "never reported as clean or scanned"
    );
    assert_eq!(report.summary.errors, 1);
}

/// Whether the tests run as root (as CI here does), from `id -u`, without unsafe code.
fn euid_is_root() -> bool {
    Process::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn corrupt_gzip_is_an_error_with_what_was_found_before() {
    let env = Env::new();
    let mut text = String::from("rijksregisternummer 85.07.30-033.28\n");
    text.push_str(&"opvulling zonder gegevens\n".repeat(20_000));
    let mut gz = gzip(text.as_bytes());
    let cut = gz.len() - 100;
    gz.truncate(cut);
    env.write("kapot.txt.gz", gz);
    let (report, code) = env.scan_json(&["--chunk-size", "4K"]);
    let error = report.error_reason("kapot.txt.gz");
    assert!(error.contains("read failed"), "{}", error);
    assert_eq!(
        report.file("kapot.txt.gz").findings.len(),
        1,
        "found before the damage"
    );
    assert_eq!(code, 1);
}

#[test]
fn closed_output_pipe_ends_the_scan_quietly() {
    use std::io::{BufRead, BufReader};
    let env = Env::new();
    for i in 0..300 {
        env.write(
            &format!("d/f{i}.txt"),
            "rijksregisternummer 85.07.30-033.28\n",
        );
    }
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("snuffel"))
        .args([
            "scan",
            "--format",
            "ndjson",
            "--today",
            "2026-11-23",
            "--key-file",
        ])
        .arg(env.dir.path().join("key.hex"))
        .arg(env.tree())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("\"type\":\"run\""), "{first}");
    // The reader is gone now: the next write fails with a broken pipe.
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn decompression_bomb_is_stopped_with_what_was_found_before() {
    let env = Env::new();
    let mut text = b"rijksregisternummer 85.07.30-033.28\n".to_vec();
    text.extend(std::iter::repeat_n(b'a', 16 << 20));
    env.write("dump.sql.gz", gzip(&text));
    let (report, code) = env.scan_json(&[]);
    let error = report.error_reason("dump.sql.gz");
    assert!(error.contains("decompression bomb"), "{}", error);
    assert_eq!(
        report.file("dump.sql.gz").findings.len(),
        1,
        "found before the limit"
    );
    assert_eq!(code, 1);
}
