//! Archives, mailboxes, mails and databases (issue 6): every planted value is found under its
//! full member path (`exports.zip!/nested.zip!/diep/leden.csv`), statuses are reported
//! (`protected`, `unsupported`), every limit stops a hostile container with its reason while
//! what was found before still counts, and a database is read without touching its folder.
//! The fixtures are written by `docgen` (`containers`, `hostile-containers`); what each holds
//! is data: `fixtures/containers/expected.toml` and `hostile.toml`.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use docgen::expected::{containers_dir, load_from, Expected};

use crate::util::{assert_exactly_planted, Env, Finding, Report};

/// A report path relative to the scanned tree.
fn relative(path: &str) -> String {
    path.strip_prefix("tree/").unwrap_or(path).to_string()
}

/// Checks that the planted values of `expected` are exactly what the report found (a
/// multiset: anything found and not planted fails too), and that each listed status holds.
fn check(report: &Report, expected: &Expected) {
    let found: BTreeMap<String, Vec<Finding>> = report
        .files
        .iter()
        .map(|f| (relative(&f.path), f.findings.clone()))
        .collect();
    assert_exactly_planted(found, &expected.planted, report);
    for s in &expected.status {
        let listed: Vec<(String, String)> = match s.status.as_str() {
            "protected" => pairs(report.protected.iter().map(|c| (&c.path, &c.format))),
            "unsupported" => pairs(report.unsupported.iter().map(|c| (&c.path, &c.format))),
            "no_text" => pairs(report.no_text.iter().map(|c| (&c.path, &c.format))),
            "skipped" => pairs(report.skipped.iter().map(|c| (&c.path, &c.reason))),
            "error" => pairs(report.errors.iter().map(|c| (&c.path, &c.reason))),
            other => panic!("unknown status {other}"),
        };
        let hit = listed.iter().find(|(path, _)| *path == s.file);
        assert!(
            hit.is_some_and(|(_, why)| s.reason.as_ref().is_none_or(|r| why.contains(r))),
            "{} should be {} ({:?}): {listed:#?}",
            s.file,
            s.status,
            s.reason
        );
    }
}

fn pairs<'a>(items: impl Iterator<Item = (&'a String, &'a String)>) -> Vec<(String, String)> {
    items.map(|(p, w)| (relative(p), w.clone())).collect()
}

#[test]
fn every_planted_value_is_found_under_its_member_path_and_nothing_else() {
    let env = Env::new();
    docgen::write_containers(&env.tree()).unwrap();
    let (report, _) = env.scan_json(&["--reveal", "--fail-on", "none"]);
    check(
        &report,
        &load_from(&containers_dir().join("expected.toml")).unwrap(),
    );
    // Members name their container, so a dashboard can group them.
    let member = report
        .files
        .iter()
        .find(|f| f.path.ends_with("nested.zip!/diep/leden.csv"))
        .expect("zip → zip → csv");
    assert_eq!(
        member.container.as_deref(),
        Some("tree/exports.zip!/nested.zip")
    );
}

#[test]
fn in_process_extraction_gives_the_same_findings() {
    let env = Env::new();
    docgen::write_containers(&env.tree()).unwrap();
    let (report, _) = env.scan_json(&["--reveal", "--fail-on", "none", "--no-workers"]);
    check(
        &report,
        &load_from(&containers_dir().join("expected.toml")).unwrap(),
    );
}

/// The hostile containers, scanned with the default limits.
#[test]
fn hostile_containers_end_with_their_reason_and_keep_what_was_found() {
    let env = Env::new();
    docgen::write_hostile_containers(&env.tree()).unwrap();
    let outside = env.dir.path().join("etc");
    // The recursive bomb is for the tests of nesting and member limits below.
    std::fs::remove_file(env.tree().join("recursive.zip")).unwrap();
    let (report, _) = env.scan_json(&["--reveal", "--fail-on", "none"]);
    check(
        &report,
        &load_from(&containers_dir().join("hostile.toml")).unwrap(),
    );
    // Member names with `../` or `/` are names in a report, never places on disk.
    assert!(!outside.exists(), "a traversal name wrote outside the tree");
    assert!(!Path::new("/abs/evil.csv").exists());
}

/// Runs the scan of one hostile file with `args` and returns the report.
fn scan_one(name: &str, args: &[&str]) -> Report {
    let env = Env::new();
    let files = docgen::hostile_containers().unwrap();
    let (_, bytes) = files.into_iter().find(|(n, _)| n == name).unwrap();
    env.write(name, bytes);
    env.scan_json(&[&["--reveal", "--fail-on", "none"], args].concat())
        .0
}

#[test]
fn the_member_limit_stops_a_recursive_bomb() {
    let report = scan_one("recursive.zip", &["--max-members", "300"]);
    assert!(
        report
            .error_reason("recursive.zip")
            .contains("more than 300 archive members"),
        "{:?}",
        report.errors
    );
    // The leaves read before the limit still count; the limit holds across all depths.
    assert!(report.summary.members_seen <= 300, "{:?}", report.summary);
    let leaves = report
        .files
        .iter()
        .filter(|f| f.path.ends_with(".csv"))
        .count();
    assert!(leaves > 200, "{leaves} leaves read before the limit");
}

#[test]
fn the_nesting_limit_stops_descent_but_not_the_scan() {
    let report = scan_one("recursive.zip", &["--max-nesting", "2"]);
    assert!(report.files.is_empty(), "leaves sit at depth 4");
    let too_deep: Vec<_> = report
        .errors
        .iter()
        .filter(|e| e.reason.contains("nested more than 2 containers deep"))
        .collect();
    assert_eq!(too_deep.len(), 1000, "10 × 10 × 10 zips at depth 3");
}

#[test]
fn the_unpacked_bytes_limit_and_the_time_limit_give_their_reasons() {
    let env = Env::new();
    docgen::write_containers(&env.tree()).unwrap();
    let (report, _) = env.scan_json(&["--fail-on", "none", "--max-unpacked-bytes", "100"]);
    assert!(
        report
            .error_reason("exports.zip")
            .contains("more than 100 bytes unpacked"),
        "{:?}",
        report.errors
    );
    let (report, _) = env.scan_json(&["--fail-on", "none", "--file-timeout", "0"]);
    assert!(
        report
            .error_reason("inbox.mbox")
            .contains("took longer than 0 s"),
        "{:?}",
        report.errors
    );
}

/// A hash of a file's contents, read without touching its access time (as snuffel reads).
fn contents_hash(path: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let mut bytes = Vec::new();
    std::fs::File::options()
        .read(true)
        .custom_flags(libc::O_NOATIME)
        .open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .unwrap();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Name, size, a hash of the contents, and the three time stamps of every entry of a folder.
type Entry = (String, u64, u64, (i64, i64), (i64, i64), (i64, i64));

fn snapshot(dir: &Path) -> Vec<Entry> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let meta = std::fs::metadata(&path).unwrap();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                meta.len(),
                contents_hash(&path),
                (meta.atime(), meta.atime_nsec()),
                (meta.mtime(), meta.mtime_nsec()),
                (meta.ctime(), meta.ctime_nsec()),
            )
        })
        .collect();
    entries.sort();
    entries
}

#[test]
fn scanning_a_database_leaves_its_folder_as_it_was() {
    let env = Env::new();
    let files = docgen::containers().unwrap();
    for (name, bytes) in files.iter().filter(|(n, _)| n.contains(".sqlite")) {
        env.write(name, bytes);
    }
    // Access times older than the modification time: a read would update them even under
    // `relatime`, so a test that reads would see it.
    for entry in std::fs::read_dir(env.tree()).unwrap() {
        let path = entry.unwrap().path();
        let old = std::fs::FileTimes::new()
            .set_accessed(std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1));
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_times(old)
            .unwrap();
    }
    let before = snapshot(&env.tree());
    let (report, _) = env.scan_json(&["--reveal", "--fail-on", "none"]);
    assert!(report.has_file("leden.sqlite"), "{:?}", report.errors);
    assert!(report.has_file("recent.sqlite"), "{:?}", report.errors);
    assert_eq!(
        snapshot(&env.tree()),
        before,
        "no -wal, -shm or journal file, no byte and no time stamp changed"
    );
}
