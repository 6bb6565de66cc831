//! Policy stage: what may live where, read from a TOML file (`snuffel.toml` in the scanned
//! root, or `--policy FILE`), or the defaults in `snuffel.example.toml`.
//!
//! A policy names sanctioned places (globs) and the kinds each may hold, clean-desk places
//! where any personal data is a violation, which formats are dumps and exports (to be sanitised
//! or protected, and deleted when old), retention per place or format, and allowlisted values,
//! fingerprints and role mailboxes. A malformed file is refused at start-up with its path, line
//! and reason: a scan judged against a policy nobody wrote is worse than no scan.

mod assess;
pub mod copies;
pub mod matching;

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;

pub use assess::{assess, Assessment, Inputs, Risk, Violation};

/// The defaults, which are also the commented example in the repository.
pub const DEFAULT: &str = include_str!("../../snuffel.example.toml");
/// The file looked for in a scanned root.
pub const FILE_NAME: &str = "snuffel.toml";

/// Why a policy was refused.
#[derive(Debug, thiserror::Error)]
#[error("policy {path}:{line}:{column}: {reason}")]
pub struct PolicyError {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub reason: String,
}

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    #[serde(default)]
    sanctioned: Vec<SanctionedFile>,
    clean_desk: Option<CleanDeskFile>,
    dumps: Option<DumpsFile>,
    retention: Option<Vec<RetentionFile>>,
    #[serde(default)]
    allow: AllowFile,
}

impl PolicyFile {
    /// The clean-desk places, dump formats and retention rules a file does not write are the
    /// defaults': a policy that only names its sanctioned places keeps the clean-desk rule.
    fn with_defaults(mut self) -> PolicyFile {
        if self.clean_desk.is_some() && self.dumps.is_some() && self.retention.is_some() {
            return self;
        }
        let defaults: PolicyFile = toml::from_str(DEFAULT).expect("the built-in policy parses");
        self.clean_desk = self.clean_desk.or(defaults.clean_desk);
        self.dumps = self.dumps.or(defaults.dumps);
        self.retention = self.retention.or(defaults.retention);
        self
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SanctionedFile {
    name: String,
    paths: Vec<String>,
    kinds: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CleanDeskFile {
    #[serde(default)]
    paths: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DumpsFile {
    #[serde(default)]
    formats: Vec<String>,
    max_age_days: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RetentionFile {
    name: String,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    formats: Vec<String>,
    #[serde(default)]
    kinds: Vec<String>,
    max_age_days: u32,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowFile {
    #[serde(default)]
    values: Vec<String>,
    #[serde(default)]
    fingerprints: Vec<String>,
    #[serde(default)]
    emails: Vec<String>,
}

/// Where a policy came from, as the report states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Defaults,
    File(PathBuf),
}

impl Source {
    pub fn describe(&self) -> String {
        match self {
            Source::Defaults => "defaults (no snuffel.toml)".into(),
            Source::File(path) => path.display().to_string(),
        }
    }
}

/// A sanctioned place.
#[derive(Debug)]
pub struct Sanctioned {
    pub name: String,
    paths: GlobSet,
    pub kinds: Vec<String>,
}

/// A retention rule.
#[derive(Debug)]
pub struct Retention {
    pub name: String,
    paths: Option<GlobSet>,
    pub formats: Vec<String>,
    pub kinds: Vec<String>,
    pub max_age_days: u32,
}

/// A policy, ready to judge paths.
#[derive(Debug)]
pub struct Policy {
    pub source: Source,
    pub sanctioned: Vec<Sanctioned>,
    clean_desk: GlobSet,
    pub dump_formats: Vec<String>,
    pub dump_max_age_days: Option<u32>,
    pub retention: Vec<Retention>,
    pub allowed_values: Vec<String>,
    pub allowed_fingerprints: Vec<String>,
    pub allowed_emails: Vec<String>,
}

impl Policy {
    /// The built-in defaults.
    pub fn defaults() -> Policy {
        Policy::parse(DEFAULT, Source::Defaults).expect("the built-in policy is valid")
    }

    /// `--policy FILE`, else `snuffel.toml` in the first root that is a folder and has one,
    /// else the defaults.
    pub fn find(explicit: Option<&Path>, roots: &[PathBuf]) -> Result<Policy, PolicyError> {
        let found = explicit.map(Path::to_path_buf).or_else(|| {
            roots
                .iter()
                .map(|r| r.join(FILE_NAME))
                .find(|p| p.is_file())
        });
        match found {
            None => Ok(Policy::defaults()),
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|e| PolicyError {
                    path: path.display().to_string(),
                    line: 0,
                    column: 0,
                    reason: e.to_string(),
                })?;
                Policy::parse(&text, Source::File(path))
            }
        }
    }

    /// Parses and checks a policy's text.
    pub fn parse(text: &str, source: Source) -> Result<Policy, PolicyError> {
        let path = source.describe();
        let at = |offset: usize, reason: String| {
            let (line, column) = line_and_column(text, offset);
            PolicyError {
                path: path.clone(),
                line,
                column,
                reason,
            }
        };
        let file: PolicyFile = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            at(offset, e.message().to_string())
        })?;
        let file = file.with_defaults();
        let (clean_desk, dumps) = (
            file.clean_desk.unwrap_or_default(),
            file.dumps.unwrap_or_default(),
        );
        // A glob error points at the glob where it is written.
        let globs = |patterns: &[String]| {
            globs(patterns).map_err(|(pattern, why)| {
                let offset = text.find(&format!("\"{pattern}\"")).unwrap_or(0);
                at(offset, format!("glob `{pattern}`: {why}"))
            })
        };
        let sanctioned = file
            .sanctioned
            .into_iter()
            .map(|s| {
                Ok(Sanctioned {
                    paths: globs(&s.paths)?,
                    name: s.name,
                    kinds: s.kinds,
                })
            })
            .collect::<Result<_, PolicyError>>()?;
        let retention = file
            .retention
            .unwrap_or_default()
            .into_iter()
            .map(|r| {
                Ok(Retention {
                    paths: match r.paths.is_empty() {
                        true => None,
                        false => Some(globs(&r.paths)?),
                    },
                    name: r.name,
                    formats: r.formats,
                    kinds: r.kinds,
                    max_age_days: r.max_age_days,
                })
            })
            .collect::<Result<_, PolicyError>>()?;
        Ok(Policy {
            clean_desk: globs(&clean_desk.paths)?,
            sanctioned,
            dump_formats: dumps.formats,
            dump_max_age_days: dumps.max_age_days,
            retention,
            allowed_values: file.allow.values,
            allowed_fingerprints: file.allow.fingerprints,
            allowed_emails: file.allow.emails.iter().map(|e| e.to_lowercase()).collect(),
            source,
        })
    }

    /// Whether a found value is known test data or a role mailbox the policy lists: never
    /// counted. `value` is normalised as the validators give it.
    pub fn allows(&self, value: &str, fingerprint: impl FnOnce() -> String) -> bool {
        if self
            .allowed_values
            .iter()
            .any(|a| normalise(a) == normalise(value))
            || self
                .allowed_emails
                .iter()
                .any(|a| a.eq_ignore_ascii_case(value))
        {
            return true;
        }
        !self.allowed_fingerprints.is_empty() && {
            let fp = fingerprint();
            self.allowed_fingerprints
                .iter()
                .any(|a| a.eq_ignore_ascii_case(&fp))
        }
    }

    /// Whether `place` (see `Place`) is a clean-desk place.
    pub fn is_clean_desk(&self, place: &Place<'_>) -> bool {
        place.matches(&self.clean_desk)
    }

    /// The sanctioned place `place` lies in, if any.
    pub fn sanctioned_for(&self, place: &Place<'_>) -> Option<&Sanctioned> {
        self.sanctioned.iter().find(|s| place.matches(&s.paths))
    }

    /// Whether files of `format` are dumps or exports.
    pub fn is_dump(&self, format: &str) -> bool {
        self.dump_formats
            .iter()
            .any(|f| f.eq_ignore_ascii_case(format))
    }

    /// The retention rules that apply to a file of `format` at `place`.
    pub fn retention_for<'p>(
        &'p self,
        place: &'p Place<'_>,
        format: Option<&'p str>,
    ) -> impl Iterator<Item = &'p Retention> + 'p {
        self.retention.iter().filter(move |r| {
            r.paths.as_ref().is_none_or(|p| place.matches(p))
                && (r.formats.is_empty()
                    || format.is_some_and(|f| r.formats.iter().any(|x| x.eq_ignore_ascii_case(f))))
        })
    }
}

/// A file's place on the share: its path relative to the scanned root, and the same with the
/// root's own folder name in front (scanning a Desktop folder itself still matches
/// `**/Desktop/**`). Folders above the scanned root do not count: a share mounted under `/tmp`
/// is not a clean-desk place. A member of an archive or mail is placed where its top-level
/// container is.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub relative: Option<&'a str>,
    /// From the root's last folder name on; the whole path when it lies under no root (stdin).
    pub named: Option<&'a str>,
}

impl<'a> Place<'a> {
    /// The place of a report path under `roots`.
    pub fn of(path: &'a str, roots: &[String]) -> Place<'a> {
        let full = path.split("!/").next().unwrap_or(path);
        let under = roots.iter().find_map(|root| {
            let root = root.trim_end_matches('/');
            let rest = full.strip_prefix(root)?.strip_prefix('/')?;
            Some((root, rest))
        });
        match under {
            Some((root, rest)) => {
                let name_at = root.rfind('/').map_or(0, |i| i + 1);
                let named = match &root[name_at..] {
                    "" | "." | ".." => None,
                    _ => Some(&full[name_at..]),
                };
                Place {
                    relative: Some(rest),
                    named,
                }
            }
            None => Place {
                relative: None,
                named: Some(full),
            },
        }
    }

    fn matches(&self, globs: &GlobSet) -> bool {
        [self.relative, self.named]
            .into_iter()
            .flatten()
            .any(|p| globs.is_match(p))
    }
}

/// Globs as the policy writes them: `**` crosses folders, `*` does not, case is ignored.
fn globs(patterns: &[String]) -> Result<GlobSet, (String, String)> {
    let mut set = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = GlobBuilder::new(pattern)
            .literal_separator(true)
            .case_insensitive(true)
            .build()
            .map_err(|e| (pattern.clone(), e.kind().to_string()))?;
        set.add(glob);
    }
    set.build().map_err(|e| (String::new(), e.to_string()))
}

/// A value as written (`85.07.30-033.28`, `BE68 5390 …`) compared as the validators normalise
/// it: letters and digits only, upper case; an e-mail address lower case.
fn normalise(value: &str) -> String {
    match value.contains('@') {
        true => value.trim().to_lowercase(),
        false => value
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect(),
    }
}

/// 1-based line and column of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(path: &str) -> Place<'_> {
        Place::of(path, &["share".to_string()])
    }

    #[test]
    fn the_defaults_parse_and_know_the_clean_desk_folders() {
        let p = Policy::defaults();
        assert_eq!(p.source, Source::Defaults);
        assert!(p.is_clean_desk(&place("share/users/jan/Desktop/leden.xlsx")));
        assert!(p.is_clean_desk(&place("share/Iedereen/export.csv")));
        assert!(
            p.is_clean_desk(&place("share/users/jan/downloads/x.csv")),
            "case"
        );
        assert!(!p.is_clean_desk(&place("share/hr/dossiers/x.csv")));
        assert!(p.is_dump("sql") && p.is_dump("Access database") && !p.is_dump("docx"));
        assert!(p.sanctioned.is_empty());
        let camera = place("share/cctv/2024/cam1.mp4");
        assert_eq!(p.retention_for(&camera, Some("video")).count(), 1);
        assert_eq!(p.retention_for(&camera, Some("pdf")).count(), 0);
    }

    #[test]
    fn folders_above_the_scanned_root_do_not_count() {
        let p = Policy::defaults();
        let roots = [
            "/tmp/mount/share".to_string(),
            "/home/an/Desktop".to_string(),
        ];
        assert!(!p.is_clean_desk(&Place::of("/tmp/mount/share/hr/x.csv", &roots)));
        assert!(
            p.is_clean_desk(&Place::of("/home/an/Desktop/x.csv", &roots)),
            "the root's own name counts"
        );
        assert!(p.is_clean_desk(&Place::of("/tmp/mount/share/tmp/x.csv", &roots)));
    }

    #[test]
    fn members_are_placed_where_their_container_is() {
        let p = Policy::defaults();
        assert!(p.is_clean_desk(&place("share/Desktop/mail.zip!/leden.csv")));
    }

    #[test]
    fn sanctioned_places_with_their_kinds() {
        let text = r#"
[[sanctioned]]
name = "HR"
paths = ["hr/**"]
kinds = ["be_national_number"]
"#;
        let p = Policy::parse(text, Source::Defaults).unwrap();
        let hr = p.sanctioned_for(&place("share/hr/a/b.csv")).unwrap();
        assert_eq!(hr.name, "HR");
        assert_eq!(hr.kinds, ["be_national_number"]);
        assert!(
            p.sanctioned_for(&place("share/x/hr/b.csv")).is_none(),
            "relative to root"
        );
        // What the file does not say, the defaults say.
        assert!(p.is_clean_desk(&place("share/Desktop/x.csv")));
        assert!(p.is_dump("sql"));
        let own = Policy::parse("[clean_desk]\npaths = [\"bureau/**\"]\n", Source::Defaults);
        let own = own.unwrap();
        assert!(
            !own.is_clean_desk(&place("share/Desktop/x.csv")),
            "a section replaces"
        );
        assert!(own.is_clean_desk(&place("share/bureau/x.csv")));
    }

    #[test]
    fn a_malformed_policy_is_refused_with_its_line() {
        let source = || Source::File("snuffel.toml".into());
        let err = Policy::parse("[clean_desk]\npaths = [\"a\"]\nfoo = 1\n", source()).unwrap_err();
        assert_eq!((err.line, err.path.as_str()), (3, "snuffel.toml"));
        assert!(err.reason.contains("unknown field"), "{err}");
        let err = Policy::parse("[dumps]\nmax_age_days = \"old\"\n", source()).unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        let err = Policy::parse("\n\n[clean_desk]\npaths = [\"a[\"]\n", source()).unwrap_err();
        assert_eq!(err.line, 4, "{err}");
        assert!(err.reason.contains("glob `a[`"), "{err}");
        let err = Policy::parse("[[sanctioned]]\nname = \"x\"\n", source()).unwrap_err();
        assert!(err.reason.contains("missing field"), "{err}");
    }
}
