//! The HTML report: one self-contained page for the data-protection officer.
//!
//! Totals first, then two charts (risk by folder, risk by kind) drawn as inline SVG, the
//! violations and the files with personal data in sortable tables, the copy groups, and what
//! could not be examined. Everything is in the one file: no script, style sheet, font or image
//! is fetched, and the page's Content-Security-Policy (`default-src 'none'`, the inline script
//! and style allowed by their SHA-256 only) forbids every network request, so the page can be
//! mailed or opened offline and leaks nothing when it is. Values are masked, always: even a
//! run with `--reveal` puts no raw value on a page meant to be passed around.
//!
//! A table's sort can be given in the address: `report.html#sort=violations:risk:desc` (the
//! table, a column's key, the direction); clicking a header writes it there, so a sorted view
//! can be bookmarked.
//!
//! The page is written at the end of the scan, from what was kept of each file (a row, not its
//! findings). At most `MAX_ROWS` files are kept, the riskiest; the totals count them all.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::check::thousands;
use super::json::NotChecked;
use super::{FileReport, Reporter, RunInfo, Summary};
use crate::policy::{Risk, Violation};

/// Files kept for the tables; past this, the least risky are dropped (and counted).
const MAX_ROWS: usize = 10_000;
/// Sources listed per kind under "not examined".
const MAX_NOT_EXAMINED: usize = 1_000;
/// Bars in the folder chart; the other folders are summed in one more bar.
const MAX_BARS: usize = 12;
/// Masked examples shown per file.
const EXAMPLES: usize = 3;

const STYLE: &str = include_str!("html/report.css");
const SCRIPT: &str = include_str!("html/sort.js");

/// The risk levels drawn in the charts, riskiest first, with their colours.
const LEVELS: [(Risk, &str); 4] = [
    (Risk::Critical, "#7f1d1d"),
    (Risk::High, "#dc2626"),
    (Risk::Medium, "#f59e0b"),
    (Risk::Low, "#93c5fd"),
];

/// What the page keeps of a file.
struct Row {
    path: String,
    format: &'static str,
    owner: Option<String>,
    modified: Option<jiff::Timestamp>,
    risk: Risk,
    violations: Vec<Violation>,
    /// (kind, total)
    counts: Vec<(Arc<str>, u64)>,
    /// Masked values with their place: `**.**.**-***.28 (Leden!C14)`.
    examples: Vec<String>,
    identifiers: u64,
}

/// A list of sources not examined: (id, title, (path, why) pairs).
type Unexamined<'a> = (&'static str, &'static str, &'a [(String, String)]);

/// Files per risk level (indexed like `LEVELS`).
type Levels = [u64; 4];

pub struct HtmlReporter<W: Write> {
    out: W,
    run: Option<RunInfo>,
    rows: Vec<Row>,
    dropped: u64,
    by_folder: BTreeMap<String, Levels>,
    by_kind: BTreeMap<Arc<str>, Levels>,
    not_checked: NotChecked,
}

impl<W: Write> HtmlReporter<W> {
    pub fn new(out: W) -> Self {
        HtmlReporter {
            out,
            run: None,
            rows: Vec::new(),
            dropped: 0,
            by_folder: BTreeMap::new(),
            by_kind: BTreeMap::new(),
            not_checked: NotChecked::default(),
        }
    }

    /// Sorts the rows riskiest first and drops those past `MAX_ROWS`.
    fn keep_riskiest(&mut self) {
        self.rows.sort_by(|a, b| {
            (b.risk, b.violations.len(), b.identifiers, &a.path).cmp(&(
                a.risk,
                a.violations.len(),
                a.identifiers,
                &b.path,
            ))
        });
        if self.rows.len() > MAX_ROWS {
            self.dropped += (self.rows.len() - MAX_ROWS) as u64;
            self.rows.truncate(MAX_ROWS);
        }
    }
}

/// The index of `risk` in `LEVELS`, if it is drawn.
fn level_index(risk: Risk) -> Option<usize> {
    LEVELS.iter().position(|(r, _)| *r == risk)
}

/// The folder a report path lies in (a member's: its top-level file's).
fn folder(path: &str) -> &str {
    let top = path.split("!/").next().unwrap_or(path);
    top.rfind('/').map_or(".", |i| &top[..i.max(1)])
}

/// Escapes text for HTML content and quoted attribute values. (Five replacements: a crate
/// would add a dependency for less than this function.)
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `'sha256-…'`: how the Content-Security-Policy allows one inline script or style.
fn csp_hash(source: &str) -> String {
    use base64::Engine as _;
    let digest = Sha256::digest(source.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The page's Content-Security-Policy: nothing from anywhere, the inline style and script by
/// hash.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src {}; script-src {}; img-src 'none'; connect-src 'none'; \
         base-uri 'none'; form-action 'none'",
        csp_hash(STYLE),
        csp_hash(SCRIPT)
    )
}

/// A horizontal bar per label, stacked by risk level, with the total at its end.
fn stacked_bars(id: &str, caption: &str, bars: &[(String, Levels)]) -> String {
    const WIDTH: u32 = 760;
    const LABEL: u32 = 250;
    const BAR: u32 = 18;
    const GAP: u32 = 8;
    const LEGEND: u32 = 28;
    let plot = f64::from(WIDTH - LABEL - 60);
    let max = bars
        .iter()
        .map(|(_, l)| l.iter().sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let height = LEGEND + bars.len() as u32 * (BAR + GAP) + GAP;
    let mut svg = format!(
        "<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"{WIDTH}\" height=\"{height}\">",
        esc(caption)
    );
    for (i, (risk, colour)) in LEVELS.iter().enumerate() {
        let x = LABEL + i as u32 * 100;
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"16\" class=\"legend\">{}</text>",
            x + 16,
            risk.name()
        );
    }
    for (n, (label, levels)) in bars.iter().enumerate() {
        let y = LEGEND + n as u32 * (BAR + GAP);
        let total: u64 = levels.iter().sum();
        let _ = write!(
            svg,
            "<g class=\"bar\" data-label=\"{}\" data-total=\"{total}\"><title>{}: {}</title>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            esc(label),
            esc(label),
            levels_text(levels),
            LABEL - 8,
            y + BAR - 5,
            esc(&shorten(label, 36)),
        );
        let mut x = f64::from(LABEL);
        for (i, &count) in levels.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let w = count as f64 / max * plot;
            let _ = write!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"{BAR}\" fill=\"{}\" \
                 data-level=\"{}\" data-count=\"{count}\"/>",
                LEVELS[i].1,
                LEVELS[i].0.name()
            );
            x += w;
        }
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{}\" class=\"count\">{}</text></g>",
            x + 6.0,
            y + BAR - 5,
            thousands(total)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// `2 critical, 5 high`.
fn levels_text(levels: &Levels) -> String {
    let parts: Vec<String> = LEVELS
        .iter()
        .zip(levels)
        .filter(|(_, &n)| n > 0)
        .map(|((risk, _), n)| format!("{} {}", thousands(*n), risk.name()))
        .collect();
    parts.join(", ")
}

/// The end of a long label, which says the most about a path: `…/Desktop/exports`.
fn shorten(label: &str, max: usize) -> String {
    let chars: Vec<char> = label.chars().collect();
    match chars.len() > max {
        true => format!(
            "…{}",
            chars[chars.len() - (max - 1)..].iter().collect::<String>()
        ),
        false => label.to_string(),
    }
}

/// The folders with the riskiest files (the most critical ones first, then high …), at most
/// `MAX_BARS`; and how many other folders hold how many files at risk. The others are not one
/// more bar: their sum would dwarf every folder shown.
fn folder_bars(by_folder: &BTreeMap<String, Levels>) -> (Vec<(String, Levels)>, usize, u64) {
    let mut folders: Vec<(&String, &Levels)> = by_folder.iter().collect();
    folders.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let bars = folders
        .iter()
        .take(MAX_BARS)
        .map(|(f, l)| ((*f).clone(), **l))
        .collect();
    let rest = &folders[folders.len().min(MAX_BARS)..];
    let files = rest.iter().map(|(_, l)| l.iter().sum::<u64>()).sum();
    (bars, rest.len(), files)
}

/// `2.4 MB`: sizes for people, in decimal units as file managers show them.
fn size(bytes: u64) -> String {
    const UNITS: [(f64, &str); 4] = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")];
    let n = bytes as f64;
    UNITS.iter().find(|(unit, _)| n >= *unit).map_or_else(
        || format!("{bytes} bytes"),
        |(unit, name)| format!("{:.1} {name}", n / unit),
    )
}

/// One cell of a sortable table: `key` is what it sorts by when its text would not do.
fn cell(text: &str, key: Option<&str>) -> String {
    match key {
        Some(k) => format!("<td data-v=\"{}\">{}</td>", esc(k), text),
        None => format!("<td>{text}</td>"),
    }
}

fn risk_badge(risk: Risk) -> String {
    format!("<span class=\"risk r-{0}\">{0}</span>", risk.name())
}

/// The sort key of a risk: its rank.
fn risk_key(risk: Risk) -> String {
    (risk as u8).to_string()
}

/// The header of a sortable table: (key, label, numeric).
fn table_head(id: &str, columns: &[(&str, &str, bool)]) -> String {
    let mut html = format!("<table class=\"sortable\" id=\"{id}\"><thead><tr>");
    for (key, label, numeric) in columns {
        let _ = write!(
            html,
            "<th data-key=\"{key}\" data-type=\"{}\" aria-sort=\"none\"><button type=\"button\">{label}</button></th>",
            if *numeric { "number" } else { "text" }
        );
    }
    html.push_str("</tr></thead><tbody>");
    html
}

fn date(t: Option<jiff::Timestamp>) -> (String, String) {
    match t {
        Some(t) => (
            t.strftime("<time>%Y-%m-%d</time>").to_string(),
            t.as_second().to_string(),
        ),
        None => (String::new(), "0".to_string()),
    }
}

impl<W: Write> HtmlReporter<W> {
    fn totals(&self, s: &Summary) -> String {
        let risk = |level: &str| s.risk.get(level).copied().unwrap_or(0);
        let violations: u64 = s.violations.values().sum();
        let items = [
            ("files_seen", s.files_seen, "files and members seen"),
            (
                "files_with_findings",
                s.files_with_findings,
                "with personal data",
            ),
            ("critical", risk("critical"), "critical"),
            ("high", risk("high"), "high risk"),
            ("medium", risk("medium"), "medium risk"),
            ("low", risk("low"), "low risk"),
            ("violations", violations, "violations"),
            ("groups", s.groups.len() as u64, "copy groups"),
            ("not_examined", s.not_examined(), "not examined"),
        ];
        let mut html = String::from("<section id=\"totals\"><h2>Totals</h2><div class=\"cards\">");
        for (key, n, label) in items {
            let _ = write!(
                html,
                "<div class=\"card c-{key}\" data-total=\"{key}\"><span class=\"n\">{}</span>\
                 <span class=\"l\">{label}</span></div>",
                thousands(n)
            );
        }
        let _ = write!(
            html,
            "</div><p class=\"meta\">{} read in {:.1} s; {} skipped, {} errors.</p></section>",
            size(s.bytes),
            s.duration_seconds,
            thousands(s.files_skipped),
            thousands(s.errors)
        );
        html
    }

    fn charts(&self) -> String {
        let mut html = String::from("<section id=\"charts\">");
        html.push_str("<h2>Risk by folder</h2>");
        match self.by_folder.is_empty() {
            true => html.push_str("<p class=\"empty\">No folder holds personal data.</p>"),
            false => {
                let (bars, others, files) = folder_bars(&self.by_folder);
                html.push_str(&stacked_bars(
                    "chart-folders",
                    "files per risk level, by folder",
                    &bars,
                ));
                if others > 0 {
                    let _ = write!(
                        html,
                        "<p class=\"meta\" id=\"other-folders\">And {} other folders with {} \
                         files at risk.</p>",
                        thousands(others as u64),
                        thousands(files)
                    );
                }
            }
        }
        html.push_str("<h2>Risk by kind</h2>");
        let kinds: Vec<(String, Levels)> = self
            .by_kind
            .iter()
            .map(|(k, l)| (k.to_string(), *l))
            .collect();
        match kinds.is_empty() {
            true => html.push_str("<p class=\"empty\">Nothing found.</p>"),
            false => html.push_str(&stacked_bars(
                "chart-kinds",
                "files per risk level, by kind of data",
                &kinds,
            )),
        }
        html.push_str("</section>");
        html
    }

    fn violations_table(&self) -> String {
        let mut html = String::from("<section id=\"violations\"><h2>Violations</h2>");
        if self.rows.iter().all(|r| r.violations.is_empty()) {
            html.push_str("<p class=\"empty\">No file breaks a rule of the policy.</p></section>");
            return html;
        }
        html.push_str(&table_head(
            "violations-table",
            &[
                ("risk", "Risk", true),
                ("rule", "Rule", false),
                ("file", "File", false),
                ("owner", "Owner", false),
                ("modified", "Modified", true),
                ("reason", "Reason", false),
            ],
        ));
        for row in &self.rows {
            let (day, when) = date(row.modified);
            for v in &row.violations {
                html.push_str("<tr>");
                html.push_str(&cell(&risk_badge(row.risk), Some(&risk_key(row.risk))));
                html.push_str(&cell(&format!("<code>{}</code>", v.rule), Some(v.rule)));
                html.push_str(&cell(&esc(&row.path), Some(&row.path)));
                html.push_str(&cell(&esc(row.owner.as_deref().unwrap_or("")), None));
                html.push_str(&cell(&day, Some(&when)));
                html.push_str(&cell(&esc(&v.reason), None));
                html.push_str("</tr>");
            }
        }
        html.push_str("</tbody></table></section>");
        html
    }

    fn files_table(&self, s: &Summary) -> String {
        let group_of = super::group_of(&s.groups);
        let mut html = String::from("<section id=\"files\"><h2>Files</h2>");
        if self.rows.is_empty() {
            html.push_str("<p class=\"empty\">No file holds personal data.</p></section>");
            return html;
        }
        if self.dropped > 0 {
            let _ = write!(
                html,
                "<p class=\"meta\">The {} riskiest files; {} more are in the totals and in the \
                 JSON report.</p>",
                thousands(self.rows.len() as u64),
                thousands(self.dropped)
            );
        }
        html.push_str(&table_head(
            "files-table",
            &[
                ("risk", "Risk", true),
                ("file", "File", false),
                ("format", "Format", false),
                ("owner", "Owner", false),
                ("modified", "Modified", true),
                ("identifiers", "Identifiers", true),
                ("found", "Found", false),
                ("examples", "Examples (masked)", false),
                ("copies", "Copies", true),
            ],
        ));
        for row in &self.rows {
            let (day, when) = date(row.modified);
            let found: Vec<String> = row
                .counts
                .iter()
                .map(|(k, n)| format!("{} {}", thousands(*n), esc(k)))
                .collect();
            let examples: Vec<String> = row
                .examples
                .iter()
                .map(|e| format!("<code>{}</code>", esc(e)))
                .collect();
            html.push_str("<tr>");
            html.push_str(&cell(&risk_badge(row.risk), Some(&risk_key(row.risk))));
            html.push_str(&cell(&esc(&row.path), Some(&row.path)));
            html.push_str(&cell(row.format, None));
            html.push_str(&cell(&esc(row.owner.as_deref().unwrap_or("")), None));
            html.push_str(&cell(&day, Some(&when)));
            html.push_str(&cell(
                &thousands(row.identifiers),
                Some(&row.identifiers.to_string()),
            ));
            html.push_str(&cell(&found.join("<br>"), None));
            html.push_str(&cell(&examples.join("<br>"), None));
            match group_of.get(row.path.as_str()) {
                Some(g) => {
                    html.push_str(&cell(&format!("group {}", g.id), Some(&g.id.to_string())))
                }
                None => html.push_str(&cell("", Some("0"))),
            }
            html.push_str("</tr>");
        }
        html.push_str("</tbody></table></section>");
        html
    }

    fn groups(&self, s: &Summary) -> String {
        let mut html = String::from("<section id=\"groups\"><h2>Copies of one dataset</h2>");
        if s.groups.is_empty() {
            html.push_str("<p class=\"empty\">No copies found.</p></section>");
            return html;
        }
        html.push_str("<ol class=\"groups\">");
        for g in &s.groups {
            let _ = write!(
                html,
                "<li data-group=\"{}\"><span class=\"what\">group {}: {}</span><ul>",
                g.id,
                g.id,
                esc(&g.describe())
            );
            for m in &g.members {
                let _ = write!(html, "<li>{}</li>", esc(m));
            }
            html.push_str("</ul></li>");
        }
        html.push_str("</ol></section>");
        html
    }

    fn not_examined(&self) -> String {
        let n = &self.not_checked;
        let lists: [Unexamined<'_>; 4] = [
            ("protected", "Encrypted with a password", &n.protected),
            ("unsupported", "Recognised but not readable", &n.unsupported),
            ("no_text", "No text layer", &n.no_text),
            ("errors", "Could not be read", &n.errors),
        ];
        let mut html = String::from("<section id=\"not-examined\"><h2>Not examined</h2>");
        if lists.iter().all(|(_, _, l)| l.is_empty()) {
            html.push_str("<p class=\"empty\">Every file was examined.</p></section>");
            return html;
        }
        html.push_str(
            "<p class=\"meta\">Nothing inside these was checked: they may hold personal data.</p>",
        );
        for (id, title, list) in lists.iter().filter(|(_, _, l)| !l.is_empty()) {
            let _ = write!(
                html,
                "<h3>{title} ({})</h3><ul id=\"not-{id}\">",
                thousands(list.len() as u64)
            );
            for (path, why) in list.iter().take(MAX_NOT_EXAMINED) {
                let _ = write!(html, "<li>{}: {}</li>", esc(path), esc(why));
            }
            if list.len() > MAX_NOT_EXAMINED {
                let _ = write!(
                    html,
                    "<li>and {} more</li>",
                    thousands((list.len() - MAX_NOT_EXAMINED) as u64)
                );
            }
            html.push_str("</ul>");
        }
        html.push_str("</section>");
        html
    }
}

impl<W: Write + Send> Reporter for HtmlReporter<W> {
    fn begin(&mut self, run: &RunInfo) -> io::Result<()> {
        self.run = Some(run.clone());
        Ok(())
    }

    fn file(&mut self, file: &FileReport) -> io::Result<()> {
        self.not_checked.note(file);
        let risk = file.assessment.as_ref().map_or(Risk::None, |a| a.risk);
        if let Some(level) = level_index(risk) {
            self.by_folder
                .entry(folder(&file.path).to_string())
                .or_default()[level] += 1;
            for kind in file.counts.keys() {
                self.by_kind.entry(kind.clone()).or_default()[level] += 1;
            }
        }
        if !file.worth_listing() {
            return Ok(());
        }
        let examples = file
            .counts
            .keys()
            .filter_map(|kind| super::text::example(file, kind))
            .take(EXAMPLES)
            .map(|f| format!("{} ({})", f.masked, f.location.describe()))
            .collect();
        self.rows.push(Row {
            path: file.path.clone(),
            format: file.format.unwrap_or("text"),
            owner: file.owner.clone(),
            modified: file.modified,
            risk,
            violations: file
                .assessment
                .as_ref()
                .map(|a| a.violations.clone())
                .unwrap_or_default(),
            counts: file
                .counts
                .iter()
                .map(|(k, c)| (k.clone(), c.total))
                .collect(),
            examples,
            identifiers: file.evidence.identifier_total(),
        });
        if self.rows.len() >= 2 * MAX_ROWS {
            self.keep_riskiest();
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.keep_riskiest();
        let run = self
            .run
            .take()
            .ok_or_else(|| io::Error::other("the HTML report was finished before it was begun"))?;
        let roots = run.roots.join(", ");
        let mut page = String::new();
        let _ = write!(
            page,
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\
             <meta name=\"referrer\" content=\"no-referrer\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>snuffel: {}</title><style>{STYLE}</style></head><body>\
             <header><h1>Personal data on {}</h1><p class=\"meta\">Scanned {} by snuffel {}. \
             Policy: {}. Values are masked.</p></header><main>",
            content_security_policy(),
            esc(&roots),
            esc(&roots),
            run.started.strftime("%Y-%m-%d %H:%M UTC"),
            env!("CARGO_PKG_VERSION"),
            esc(&run.policy)
        );
        page.push_str(&self.totals(summary));
        page.push_str(&self.charts());
        page.push_str(&self.violations_table());
        page.push_str(&self.files_table(summary));
        page.push_str(&self.groups(summary));
        page.push_str(&self.not_examined());
        let _ = writeln!(page, "</main><script>{SCRIPT}</script></body></html>");
        self.out.write_all(page.as_bytes())?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_files_is_escaped() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn the_policy_allows_exactly_the_inline_script_and_style() {
        let csp = content_security_policy();
        assert!(csp.starts_with("default-src 'none';"));
        assert_eq!(csp.matches("'sha256-").count(), 2);
        assert!(!csp.contains("unsafe"), "{csp}");
    }

    #[test]
    fn folders_beyond_the_bars_are_counted() {
        let mut by_folder = BTreeMap::new();
        for i in 0..20u64 {
            by_folder.insert(format!("map{i:02}"), [0, i, 0, 1]);
        }
        let (bars, others, files) = folder_bars(&by_folder);
        assert_eq!(bars.len(), MAX_BARS);
        assert_eq!(bars[0].0, "map19", "the riskiest first");
        assert_eq!(others, 8);
        assert_eq!(files, (0..8).sum::<u64>() + 8);
    }

    #[test]
    fn sizes_are_in_decimal_units() {
        assert_eq!(size(999), "999 bytes");
        assert_eq!(size(89_428_909), "89.4 MB");
        assert_eq!(size(20_000_000_000_000), "20.0 TB");
    }

    #[test]
    fn a_member_lies_in_its_containers_folder() {
        assert_eq!(folder("share/hr/export.zip!/leden/leden.csv"), "share/hr");
        assert_eq!(folder("leden.csv"), ".");
        assert_eq!(folder("/leden.csv"), "/");
    }
}
