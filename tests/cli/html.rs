//! The HTML report, opened in headless Chromium (Debian's `chromium`, which `.ci/run`
//! installs): the page renders the scan's numbers, its script sorts under its own
//! Content-Security-Policy, nothing is fetched, and no raw value is on it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, UNIX_EPOCH};

use regex::Regex;

use crate::util::Env;

/// The share of `share.rs`, scanned to HTML and to JSON.
fn share_reports() -> (Env, PathBuf, crate::util::Report) {
    let env = Env::new();
    let today = UNIX_EPOCH + Duration::from_secs(1_795_392_000);
    docgen::write_share(&env.tree(), today).unwrap();
    let page = env.dir.path().join("report.html");
    let out = env
        .scan(&["--format", "html", "tree", "-o"])
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (report, _) = env.scan_json(&[]);
    (env, page, report)
}

/// Chromium, from `SNUFFEL_CHROMIUM` or the path.
fn chromium() -> String {
    let name = std::env::var("SNUFFEL_CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let found = Command::new(&name).arg("--version").output();
    assert!(
        found.as_ref().is_ok_and(|o| o.status.success()),
        "this test opens the report in Chromium: install it (`apt-get install chromium`, as \
         .ci/run does) or name it in SNUFFEL_CHROMIUM"
    );
    name
}

/// Opens `url` headless, with no network and a fresh profile; returns the DOM after the
/// page's script ran, and Chromium's log (console messages included).
fn render(url: &str, profile: &Path) -> (String, String) {
    let out = Command::new("timeout")
        .arg("120")
        .arg(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "chromium failed: {log}");
    (String::from_utf8(out.stdout).unwrap(), log)
}

/// The number shown on the totals card `key`.
fn total(dom: &str, key: &str) -> u64 {
    let re = Regex::new(&format!(
        r#"data-total="{key}"><span class="n">([0-9,]+)</span>"#
    ))
    .unwrap();
    let caps = re.captures(dom).unwrap_or_else(|| panic!("no card {key}"));
    caps[1].replace(',', "").parse().unwrap()
}

/// The rows of the table `id`, each as its cells' sort keys (or texts).
fn rows(dom: &str, id: &str) -> Vec<Vec<String>> {
    let start = dom
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no table {id}"));
    let body = &dom[start..];
    let body = &body[body.find("<tbody>").unwrap()..body.find("</tbody>").unwrap()];
    let cell = Regex::new(r#"<td(?: data-v="([^"]*)")?>(.*?)</td>"#).unwrap();
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            cell.captures_iter(row)
                .map(|c| c.get(1).map_or(&c[2], |v| v.as_str()).to_string())
                .collect()
        })
        .collect()
}

#[test]
fn the_page_renders_its_numbers_in_chromium_and_fetches_nothing() {
    let (env, page, report) = share_reports();
    let url = format!("file://{}#sort=files:identifiers:asc", page.display());
    let (dom, log) = render(&url, &env.dir.path().join("profile"));
    // The inline style and script ran under the page's policy, and nothing was blocked: a
    // request for anything (a font, an image, a fetch) would be refused and logged here.
    assert!(
        !log.contains("Content Security Policy") && !log.contains("Refused to"),
        "{log}"
    );
    assert!(dom.contains("aria-sort=\"ascending\""), "the script sorted");

    let s = &report.summary;
    assert_eq!(total(&dom, "files_seen"), s.files_seen);
    assert_eq!(total(&dom, "files_with_findings"), s.files_with_findings);
    assert_eq!(total(&dom, "critical"), s.risk["critical"]);
    assert_eq!(total(&dom, "high"), s.risk["high"]);
    assert_eq!(
        total(&dom, "violations"),
        s.violations.values().sum::<u64>()
    );
    assert_eq!(total(&dom, "groups"), report.groups.len() as u64);
    assert_eq!(total(&dom, "not_examined"), 2, "the protected spreadsheets");

    // One row per violation; one per listed file, sorted as the address asked.
    let violations = rows(&dom, "violations-table");
    assert_eq!(violations.len() as u64, s.violations.values().sum::<u64>());
    assert!(violations
        .iter()
        .any(|r| r[1] == "special-category" && r[2] == "tree/zorg/dossiers.txt"));
    let files = rows(&dom, "files-table");
    assert_eq!(files.len(), report.files.len());
    let identifiers: Vec<u64> = files.iter().map(|r| r[5].parse().unwrap()).collect();
    assert!(
        identifiers.windows(2).all(|w| w[0] <= w[1]),
        "{identifiers:?}"
    );
    assert_eq!(identifiers.last(), Some(&40), "the register and its copy");
    let selection = files
        .iter()
        .find(|r| r[1] == "tree/users/an/Desktop/selectie.xlsx")
        .unwrap();
    assert_eq!(selection[8], "1", "in copy group 1");

    // The charts: a bar for the folder of the health records, one per kind.
    let bar = Regex::new(r#"<g class="bar" data-label="([^"]+)" data-total="(\d+)">"#).unwrap();
    let bars: Vec<(String, u64)> = bar
        .captures_iter(&dom)
        .map(|c| (c[1].to_string(), c[2].parse().unwrap()))
        .collect();
    assert!(bars.contains(&("tree/zorg".to_string(), 1)), "{bars:?}");
    let with_numbers = report
        .files
        .iter()
        .filter(|f| f.counts.contains_key("be_national_number"))
        .count() as u64;
    assert_eq!(
        with_numbers, 7,
        "the register, its copy, the selection, HR, two dumps, the dossiers"
    );
    assert!(
        bars.contains(&("be_national_number".to_string(), with_numbers)),
        "{bars:?}"
    );
    assert!(dom.contains("identical copies"), "the protected pair");
}

#[test]
fn the_page_is_self_contained_and_holds_no_raw_value() {
    let (env, page, _) = share_reports();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
    );
    for outside in ["src=", "href=", "url(", "@import", "http:", "https:"] {
        assert!(!html.contains(outside), "{outside} in the page");
    }
    let register = std::fs::read_to_string(env.tree().join("bevolking/register.csv")).unwrap();
    for line in register.lines().skip(1) {
        let number = line.split(';').nth(1).unwrap();
        let digits = number.replace(['.', '-'], "");
        assert!(
            !html.contains(number) && !html.contains(&digits),
            "raw value on the page"
        );
    }
    assert!(html.contains("**.**.**-***."), "masked values");
}

#[test]
fn names_from_the_share_cannot_inject_markup() {
    let env = Env::new();
    env.write(
        "users/an/Desktop/<img src=x onerror=alert(1)>.csv",
        crate::util::fixture("leden.csv"),
    );
    let out = env
        .scan(&["--format", "html", "tree", "--fail-on", "none"])
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(!html.contains("<img"), "a file name became markup");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;.csv"));
}
