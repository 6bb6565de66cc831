//! What the walk includes and leaves out.

use std::os::unix::fs::symlink;

use crate::util::Env;

const LETTER: &str = "rijksregisternummer 85.07.30-033.28\n";

#[test]
fn gitignore_is_not_honoured_but_snuffelignore_is() {
    let env = Env::new();
    env.write(".gitignore", "*.sql\n");
    env.write("dump.sql", LETTER);
    env.write(".snuffelignore", "scratch/\n");
    env.write("scratch/notes.txt", LETTER);
    let (report, _) = env.scan_json(&[]);
    assert!(
        report.has_file("dump.sql"),
        "a dump git ignores is still on the disk"
    );
    assert!(!report.has_file("notes.txt"));
}

#[test]
fn exclude_globs() {
    let env = Env::new();
    env.write("a/keep.txt", LETTER);
    env.write("a/skip.log", LETTER);
    env.write("b/cache/x.txt", LETTER);
    let (report, _) = env.scan_json(&["--exclude", "*.log", "--exclude", "cache"]);
    assert!(report.has_file("keep.txt"));
    assert!(!report.has_file("skip.log"));
    assert!(!report.has_file("x.txt"));
}

#[test]
fn hidden_files_only_when_asked() {
    let env = Env::new();
    env.write(".backup/old.txt", LETTER);
    assert!(!env.scan_json(&[]).0.has_file("old.txt"));
    assert!(env.scan_json(&["--hidden"]).0.has_file("old.txt"));
}

#[test]
fn symlinks_followed_only_when_asked_and_loops_reported() {
    let env = Env::new();
    let outside = env.dir.path().join("elders");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("kopie.txt"), LETTER).unwrap();
    symlink(&outside, env.tree().join("link")).unwrap();
    symlink(env.tree(), env.tree().join("loop")).unwrap();
    let (plain, _) = env.scan_json(&[]);
    assert!(!plain.has_file("kopie.txt"));
    let (followed, _) = env.scan_json(&["--follow-symlinks"]);
    assert!(followed.has_file("link/kopie.txt"));
    assert!(
        followed.errors.iter().any(|e| e.reason.contains("loop")),
        "{:?}",
        followed.errors
    );
}

#[test]
fn max_file_size_skips_and_lists() {
    let env = Env::new();
    env.write("big.txt", LETTER.repeat(100));
    env.write("small.txt", LETTER);
    let (report, _) = env.scan_json(&["--max-file-size", "1K"]);
    assert!(report.has_file("small.txt"));
    let big = report.skip_reason("big.txt");
    assert!(big.contains("max-file-size"), "{}", big);
}

#[test]
fn findings_beyond_the_limit_are_counted() {
    let env = Env::new();
    env.write("many.txt", LETTER.repeat(50));
    let (report, _) = env.scan_json(&["--max-findings", "10"]);
    let file = report.file("many.txt");
    assert_eq!(file.findings.len(), 10);
    assert!(file.findings_truncated);
    assert_eq!(file.counts["be_national_number"].total, 50);
}

#[test]
fn threads_give_the_same_result() {
    let env = Env::new();
    for i in 0..40 {
        env.write(&format!("d{}/f{i}.txt", i % 5), LETTER.repeat(i % 3 + 1));
    }
    let one = env.scan_json(&["--threads", "1"]).0.summary;
    let two = env.scan_json(&["--threads", "2"]).0.summary;
    assert_eq!(one.findings, two.findings);
    assert_eq!(one.files_with_findings, 40);
}
