//! A file's risk and the rules it breaks, judged from what the scan found and where the file
//! lies. Every level is explainable from the inputs the report shows beside it.
//!
//! The content gives a base level:
//! - `none`: nothing found; `low`: only words (a health term alone), role mailboxes, values of
//!   low confidence, or a few personal addresses;
//! - `medium`: 1 to 9 distinct identifiers, or more than 5 personal addresses;
//! - `high`: 10 or more distinct identifiers: a dataset about people.
//!
//! A special-category term (health, criminal record, religion …) in the same row, record or
//! paragraph as an identifier or a personal address is data about a person (GDPR art. 9 and
//! 10): one level up. Then the place:
//! in a sanctioned place that allows every kind found, the level is capped at `low`; each
//! violation sets a floor (clean desk and unsanitised dumps: `high`; special-category data
//! outside a sanctioned place in a dataset: `critical`).

use schemars::JsonSchema;
use serde::Serialize;

use super::{Place, Policy};
use crate::report::{FileReport, Status};

/// How much harm a copy could do, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    None,
    Low,
    Medium,
    High,
    Critical,
}

impl Risk {
    pub fn name(self) -> &'static str {
        match self {
            Risk::None => "none",
            Risk::Low => "low",
            Risk::Medium => "medium",
            Risk::High => "high",
            Risk::Critical => "critical",
        }
    }

    /// `none`, `low`, `medium`, `high` or `critical`.
    pub fn parse(level: &str) -> Result<Risk, String> {
        [
            Risk::None,
            Risk::Low,
            Risk::Medium,
            Risk::High,
            Risk::Critical,
        ]
        .into_iter()
        .find(|r| r.name() == level)
        .ok_or_else(|| format!("unknown risk level `{level}` (none, low, medium, high, critical)"))
    }

    fn up(self) -> Risk {
        match self {
            Risk::None => Risk::None,
            Risk::Low => Risk::Medium,
            Risk::Medium => Risk::High,
            Risk::High | Risk::Critical => Risk::Critical,
        }
    }
}

/// A rule the file breaks, with one line a person understands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Violation {
    pub rule: &'static str,
    pub reason: String,
}

/// What the level was judged from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Inputs {
    /// Distinct identifiers (national and BIS numbers, IBANs …), medium confidence or more.
    pub identifiers: u64,
    /// Distinct personal e-mail addresses.
    pub contacts: u64,
    /// Rows, records or paragraphs with a special-category term beside a person's data.
    pub special_records: u64,
    /// What those terms are about: `health`, `criminal_record`, `religion` …
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub special_categories: Vec<String>,
    /// The sanctioned place the file lies in, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sanctioned: Option<String>,
    pub clean_desk: bool,
    /// A dump or export (by format).
    pub dump: bool,
    pub protected: bool,
    /// Days since the file was last modified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_days: Option<i64>,
}

/// The policy stage's verdict on a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Assessment {
    pub risk: Risk,
    pub violations: Vec<Violation>,
    pub inputs: Inputs,
}

/// Judges a finished file against the policy. `roots` are the scanned roots as reported;
/// `today` is the day ages are counted to.
pub fn assess(
    file: &FileReport,
    policy: &Policy,
    roots: &[String],
    today: jiff::civil::Date,
) -> Assessment {
    let place = Place::of(&file.path, roots);
    let evidence = &file.evidence;
    let sanctioned = policy.sanctioned_for(&place);
    let format = file.format;
    let unsupported_kind = match &file.status {
        Status::Unsupported(kind) => Some(kind.as_str()),
        _ => None,
    };
    let inputs = Inputs {
        identifiers: evidence.identifier_total(),
        contacts: evidence.contacts,
        special_records: evidence.special_records,
        special_categories: evidence.special_categories.iter().cloned().collect(),
        sanctioned: sanctioned.map(|s| s.name.clone()),
        clean_desk: policy.is_clean_desk(&place),
        dump: format
            .or(unsupported_kind)
            .is_some_and(|f| policy.is_dump(f)),
        protected: matches!(file.status, Status::Protected(_)),
        age_days: file.modified.map(|m| age_in_days(m, today)),
    };
    let personal = inputs.identifiers > 0 || inputs.contacts > 0;
    let mut risk = content_risk(file, &inputs);
    let kinds_allowed = sanctioned.is_some_and(|s| {
        evidence
            .identifiers
            .keys()
            .all(|k| s.kinds.iter().any(|a| a == k.as_ref()))
            && evidence
                .contact_kinds
                .iter()
                .all(|k| s.kinds.iter().any(|a| a == k.as_ref()))
    });
    if kinds_allowed {
        risk = risk.min(Risk::Low);
    }
    let mut violations = Vec::new();
    let mut floor = |risk: &mut Risk, at_least: Risk, rule: &'static str, reason: String| {
        *risk = (*risk).max(at_least);
        violations.push(Violation { rule, reason });
    };
    let what = describe(file);
    if inputs.clean_desk && personal {
        floor(
            &mut risk,
            Risk::High,
            "clean-desk",
            format!(
                "personal data in a clean-desk place ({what}); the clean-desk policy forbids it"
            ),
        );
    }
    if !policy.sanctioned.is_empty() && personal && !kinds_allowed {
        let why = match sanctioned {
            Some(s) => format!("{what} in \"{}\", which does not allow all of them", s.name),
            None => format!("{what} outside every sanctioned place"),
        };
        floor(&mut risk, Risk::Medium, "unsanctioned-copy", why);
    }
    // A sanctioned place that allows what the export holds is where it belongs.
    if inputs.dump && inputs.identifiers > 0 && !inputs.protected && !kinds_allowed {
        floor(
            &mut risk,
            Risk::High,
            "unsanitised-dump",
            format!("a dump or export with valid identifiers ({what}), neither sanitised nor password-protected"),
        );
    }
    if let Some(kind) = unsupported_kind.filter(|_| inputs.dump) {
        floor(
            &mut risk,
            Risk::Medium,
            "unverified-dump",
            format!("a database copy ({kind}) that cannot be shown to be sanitised"),
        );
    }
    if let (Some(max), Some(age)) = (policy.dump_max_age_days, inputs.age_days) {
        if inputs.dump && age > i64::from(max) {
            floor(
                &mut risk,
                Risk::Low,
                "dump-retention",
                format!("a dump or export last changed {age} days ago (kept at most {max} days)"),
            );
        }
    }
    for rule in policy.retention_for(&place, format) {
        if let Some(age) = inputs
            .age_days
            .filter(|&a| a > i64::from(rule.max_age_days))
        {
            floor(
                &mut risk,
                Risk::Medium,
                "retention",
                format!(
                    "{} kept {age} days (at most {} days)",
                    rule.name, rule.max_age_days
                ),
            );
        }
    }
    if inputs.special_records > 0 && !kinds_allowed {
        let at_least = match inputs.identifiers >= 10 {
            true => Risk::Critical,
            false => Risk::High,
        };
        floor(
            &mut risk,
            at_least,
            "special-category",
            format!(
                "{} row(s) or paragraph(s) with {} beside a person's data ({})",
                inputs.special_records,
                special_what(&inputs.special_categories),
                gdpr_articles(&inputs.special_categories)
            ),
        );
    }
    Assessment {
        risk,
        violations,
        inputs,
    }
}

/// `health data`, `health and criminal record data`.
fn special_what(categories: &[String]) -> String {
    let names: Vec<String> = categories.iter().map(|c| c.replace('_', " ")).collect();
    match names.split_last() {
        None => "special-category data".to_string(),
        Some((last, [])) => format!("{last} data"),
        Some((last, rest)) => format!("{} and {last} data", rest.join(", ")),
    }
}

/// Criminal records are GDPR article 10; the other special categories article 9.
fn gdpr_articles(categories: &[String]) -> &'static str {
    let criminal = categories.iter().any(|c| c == "criminal_record");
    let other = categories.iter().any(|c| c != "criminal_record");
    match (other, criminal) {
        (true, true) => "GDPR art. 9 and 10",
        (false, true) => "GDPR art. 10",
        _ => "GDPR art. 9",
    }
}

/// The level the content alone gives.
fn content_risk(file: &FileReport, inputs: &Inputs) -> Risk {
    let base = match (inputs.identifiers, inputs.contacts) {
        (10.., _) => Risk::High,
        (1.., _) | (0, 6..) => Risk::Medium,
        (0, 1..) => Risk::Low,
        (0, 0) if !file.counts.is_empty() => Risk::Low,
        (0, 0) => Risk::None,
    };
    match inputs.special_records > 0 {
        true => base.up(),
        false => base,
    }
}

/// `3 be_national_number, 2 iban, 1 personal address`.
fn describe(file: &FileReport) -> String {
    let e = &file.evidence;
    let mut parts: Vec<String> = e
        .identifiers
        .iter()
        .map(|(kind, n)| format!("{n} {kind}"))
        .collect();
    if e.contacts > 0 {
        parts.push(format!("{} personal address(es)", e.contacts));
    }
    parts.join(", ")
}

fn age_in_days(modified: jiff::Timestamp, today: jiff::civil::Date) -> i64 {
    let day = modified.to_zoned(jiff::tz::TimeZone::UTC).date();
    (today - day).get_days().into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Source;
    use std::sync::Arc;

    fn date(s: &str) -> jiff::civil::Date {
        s.parse().unwrap()
    }

    /// A file at `path` with `n` distinct national numbers, modified on `modified`.
    fn file(path: &str, format: &'static str, n: u64, modified: &str) -> FileReport {
        let mut f = FileReport::new(path.into());
        f.format = Some(format);
        f.modified = Some(format!("{modified}T12:00:00Z").parse().unwrap());
        let kind: Arc<str> = Arc::from("be_national_number");
        for i in 0..n {
            f.evidence
                .note_person(&kind, &format!("{i:011}"), false, true, i + 1);
            f.counts.entry(kind.clone()).or_default().total += 1;
        }
        f
    }

    fn judge(f: &FileReport, policy: &Policy) -> Assessment {
        assess(f, policy, &["share".into()], date("2026-11-23"))
    }

    fn rules(a: &Assessment) -> Vec<&str> {
        a.violations.iter().map(|v| v.rule).collect()
    }

    #[test]
    fn content_alone_gives_the_base_level() {
        let p = Policy::defaults();
        assert_eq!(
            judge(&file("share/a.txt", "text", 0, "2026-11-01"), &p).risk,
            Risk::None
        );
        assert_eq!(
            judge(&file("share/a.txt", "text", 1, "2026-11-01"), &p).risk,
            Risk::Medium
        );
        assert_eq!(
            judge(&file("share/a.txt", "text", 12, "2026-11-01"), &p).risk,
            Risk::High
        );
        let mut words = FileReport::new("share/privacy.txt".into());
        words
            .counts
            .entry(Arc::from("health_term"))
            .or_default()
            .total += 3;
        assert_eq!(
            judge(&words, &p).risk,
            Risk::Low,
            "words are not data about a person"
        );
    }

    #[test]
    fn clean_desk_and_dumps() {
        let p = Policy::defaults();
        let desk = judge(
            &file("share/jan/Desktop/leden.txt", "text", 2, "2026-11-01"),
            &p,
        );
        assert_eq!((desk.risk, rules(&desk)), (Risk::High, vec!["clean-desk"]));
        let dump = judge(&file("share/db/dump.sql", "sql", 3, "2026-11-01"), &p);
        assert_eq!(
            (dump.risk, rules(&dump)),
            (Risk::High, vec!["unsanitised-dump"])
        );
        let sanitised_old = judge(&file("share/db/dump.sql", "sql", 0, "2025-01-01"), &p);
        assert_eq!(rules(&sanitised_old), vec!["dump-retention"]);
        assert_eq!(sanitised_old.inputs.age_days, Some(691));
        let mut protected = file("share/db/dump.sql", "sql", 0, "2026-11-01");
        protected.status = Status::Protected("zip".into());
        assert!(judge(&protected, &p).violations.is_empty());
    }

    #[test]
    fn sanctioned_places_cap_the_level_for_the_kinds_they_allow() {
        let text = "[[sanctioned]]\nname = \"HR\"\npaths = [\"hr/**\"]\nkinds = [\"be_national_number\"]\n";
        let p = Policy::parse(text, Source::Defaults).unwrap();
        let inside = judge(&file("share/hr/leden.txt", "text", 50, "2026-11-01"), &p);
        assert_eq!((inside.risk, inside.violations.len()), (Risk::Low, 0));
        assert_eq!(inside.inputs.sanctioned.as_deref(), Some("HR"));
        let outside = judge(&file("share/tmpmap/leden.txt", "text", 2, "2026-11-01"), &p);
        assert_eq!(rules(&outside), vec!["unsanctioned-copy"]);
    }

    #[test]
    fn special_category_data_raises_the_level() {
        let p = Policy::defaults();
        let mut f = file("share/zorg.txt", "text", 12, "2026-11-01");
        f.evidence.note_special(12, "health"); // the line of the last identifier
        let a = judge(&f, &p);
        assert_eq!(a.inputs.special_records, 1);
        assert_eq!(
            (a.risk, rules(&a)),
            (Risk::Critical, vec!["special-category"])
        );
    }

    #[test]
    fn old_camera_footage_breaks_retention() {
        let p = Policy::defaults();
        let old = judge(&file("share/cctv/cam1.mp4", "video", 0, "2026-09-01"), &p);
        assert_eq!((old.risk, rules(&old)), (Risk::Medium, vec!["retention"]));
        let recent = judge(&file("share/cctv/cam1.mp4", "video", 0, "2026-11-10"), &p);
        assert!(recent.violations.is_empty());
    }
}
