//! The command line, turned once into a `Config`.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{Config, FailOn, OutputFormat};
use crate::extract::archive::UnpackLimits;
use crate::extract::document::Limits;
use crate::extract::worker::Isolation;

#[derive(Debug, Parser)]
#[command(
    name = "snuffel",
    version,
    about = "Sniffs out personal data on file shares."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and folders for personal data.
    Scan(Box<ScanArgs>),
    /// May I share these files? One line, and exit 0 (no personal data found), 1 (not
    /// shareable) or 3 (a file could not be examined).
    Check {
        /// Files or folders to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Turn a sanctioned dataset (a CSV export) into a file of keyed hashes of its key
    /// columns, holding no plaintext, for `scan --match`.
    Fingerprint {
        /// The export: CSV, or a spreadsheet (xlsx, xlsm, xlsb, xls, ods).
        source: PathBuf,
        /// A key column, by its header (repeat for a key of several columns).
        #[arg(long = "column", value_name = "NAME", required = true)]
        columns: Vec<String>,
        /// Where to write the fingerprints (default: standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The fingerprint key: the one the scans use.
        #[arg(long, value_name = "FILE")]
        key_file: Option<PathBuf>,
    },
    /// List the detectors: what each finds and why it matters.
    Detectors {
        /// Directory with extra pattern files.
        #[arg(long, value_name = "DIR")]
        patterns: Option<PathBuf>,
        /// Print the candidate regexes of the scan automaton instead, one per line.
        #[arg(long)]
        regexes: bool,
    },
    /// A document-parsing worker, started by `scan` itself (not for direct use).
    #[command(name = "__worker", hide = true)]
    Worker {
        /// Address-space limit in bytes (0: none).
        #[arg(long, default_value_t = 0)]
        memory: u64,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    Ndjson,
    Csv,
    Sarif,
    Html,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or folders to scan; `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Report format [default: text on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Write the report to FILE instead of standard output (it is never scanned itself).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Include raw values in the report. Off by default: a report with raw values is itself a
    /// copy of the personal data.
    #[arg(long)]
    pub reveal: bool,
    /// Worker threads [default: number of cores].
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// Do not scan paths matching GLOB (repeatable; without a `/` it matches names at any depth).
    #[arg(long = "exclude", value_name = "GLOB")]
    pub excludes: Vec<String>,
    /// Scan hidden files and folders too.
    #[arg(long)]
    pub hidden: bool,
    /// Follow symbolic links (loops are detected and reported).
    #[arg(short = 'L', long)]
    pub follow_symlinks: bool,
    /// Skip (and list) files larger than SIZE (bytes, or with K, M, G).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_file_size: Option<u64>,
    /// No progress line and no warnings on stderr.
    #[arg(short, long)]
    pub quiet: bool,
    /// Which findings make the exit code 1: `none`, or a comma list of KIND, KIND:LEVEL or LEVEL
    /// (low, medium, high). Role mailboxes never count.
    #[arg(long, value_name = "SPEC", default_value = FailOn::DEFAULT)]
    pub fail_on: String,
    /// Exit with code 3 when files could not be examined (protected, unsupported, without a
    /// text layer, or in error) and nothing else failed the run.
    #[arg(long)]
    pub fail_on_incomplete: bool,
    /// Key for the fingerprints (hex) [default: created once in the user's config directory].
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// Directory with extra pattern files (same id replaces a built-in; `enabled = false` disables).
    #[arg(long, value_name = "DIR")]
    pub patterns: Option<PathBuf>,
    /// The policy (default: `snuffel.toml` in the scanned root, else built-in defaults).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Report which files hold records of this dataset (a file from `snuffel fingerprint`,
    /// made with the same --key-file), and how many.
    #[arg(long = "match", value_name = "FILE")]
    pub match_file: Option<PathBuf>,
    /// Findings listed per file; more are counted only (0: no limit, memory grows with findings).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub max_findings: usize,
    /// The day birth dates are judged against (YYYY-MM-DD), for reproducible runs and tests.
    #[arg(long, hide = true, value_name = "DATE")]
    pub today: Option<jiff::civil::Date>,
    /// Bytes of text read at a time (for tests of chunk boundaries).
    #[arg(long, hide = true, value_name = "SIZE", value_parser = parse_size)]
    pub chunk_size: Option<u64>,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub unpack: UnpackArgs,
}

/// What unpacking one file (archives in archives, mail attachments, compressed layers) may
/// cost; past a limit the file is stopped, with the reason, and what was found still counts.
#[derive(Debug, Args)]
#[command(next_help_heading = "Archive limits (per file, at all depths)")]
pub struct UnpackArgs {
    /// Containers inside containers (a zip in a mail in a mailbox is 3 deep).
    #[arg(long, value_name = "N", default_value_t = UnpackLimits::default().max_depth)]
    pub max_nesting: u32,
    /// Bytes unpacked from one file, in all.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "64G")]
    pub max_unpacked_bytes: u64,
    /// Archive members (and attachments) in one file, in all.
    #[arg(long, value_name = "N", default_value_t = UnpackLimits::default().max_members)]
    pub max_members: u64,
    /// A compressed stream or member that expands more than this many times is a bomb.
    #[arg(long, value_name = "N", default_value_t = UnpackLimits::default().max_ratio)]
    pub max_compression_ratio: u64,
    /// Seconds one file may take, with everything packed inside it.
    #[arg(long, value_name = "SECS", default_value_t = UnpackLimits::default().timeout.as_secs())]
    pub file_timeout: u64,
}

impl UnpackArgs {
    fn limits(&self) -> UnpackLimits {
        UnpackLimits {
            max_depth: self.max_nesting,
            max_bytes: self.max_unpacked_bytes,
            max_members: self.max_members,
            max_ratio: self.max_compression_ratio.max(1),
            timeout: std::time::Duration::from_secs(self.file_timeout),
        }
    }
}

/// What one document may cost; past a limit it is reported with the reason.
#[derive(Debug, Args)]
#[command(next_help_heading = "Document limits")]
pub struct LimitArgs {
    /// Bytes a document may decompress to, in all (ZIP parts, PDF streams).
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "1G")]
    pub max_document_bytes: u64,
    /// Nesting of XML elements in a document.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_depth)]
    pub max_xml_depth: u32,
    /// Spreadsheet cells read per document.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_cells)]
    pub max_cells: u64,
    /// Objects in a PDF.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_pdf_objects)]
    pub max_pdf_objects: u64,
    /// Seconds one document may take.
    #[arg(long, value_name = "SECS", default_value_t = Limits::default().timeout.as_secs())]
    pub document_timeout: u64,
    /// Memory (address space) of each document worker process.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "1G")]
    pub worker_memory: u64,
    /// Parse documents inside the scanning process instead of worker processes: no
    /// protection from a parser that crashes or hangs.
    #[arg(long)]
    pub no_workers: bool,
}

impl LimitArgs {
    fn limits(&self) -> Limits {
        Limits {
            max_bytes: self.max_document_bytes,
            max_depth: self.max_xml_depth,
            max_cells: self.max_cells,
            max_pdf_objects: self.max_pdf_objects,
            timeout: std::time::Duration::from_secs(self.document_timeout),
            ..Limits::default()
        }
    }

    fn isolation(&self) -> Result<Isolation, String> {
        if self.no_workers {
            return Ok(Isolation::InProcess);
        }
        let exe = std::env::current_exe()
            .map_err(|e| format!("cannot find snuffel's own binary for its workers: {e}"))?;
        Ok(Isolation::Workers {
            exe,
            memory: self.worker_memory,
        })
    }
}

impl ScanArgs {
    /// Freezes the arguments into a `Config`.
    pub fn into_config(self) -> Result<Config, String> {
        let defaults = Config::default();
        let to_terminal = self.output.is_none() && std::io::stdout().is_terminal();
        let format = match self.format {
            Some(FormatArg::Text) => OutputFormat::Text,
            Some(FormatArg::Json) => OutputFormat::Json,
            Some(FormatArg::Ndjson) => OutputFormat::Ndjson,
            Some(FormatArg::Csv) => OutputFormat::Csv,
            Some(FormatArg::Sarif) => OutputFormat::Sarif,
            Some(FormatArg::Html) => OutputFormat::Html,
            None if to_terminal => OutputFormat::Text,
            None => OutputFormat::Json,
        };
        if self.threads == Some(0) {
            return Err("--threads must be at least 1".into());
        }
        let chunk_size = match self.chunk_size {
            Some(n) if n < 64 => return Err("--chunk-size must be at least 64".into()),
            Some(n) => n as usize,
            None => defaults.chunk_size,
        };
        Ok(Config {
            roots: self.paths,
            format,
            output: self.output,
            reveal: self.reveal,
            threads: self.threads.unwrap_or(defaults.threads),
            excludes: self.excludes,
            hidden: self.hidden,
            follow_symlinks: self.follow_symlinks,
            max_file_size: self.max_file_size,
            quiet: self.quiet,
            progress: std::io::stderr().is_terminal(),
            fail_on: FailOn::parse(&self.fail_on).map_err(|e| format!("--fail-on: {e}"))?,
            fail_on_incomplete: self.fail_on_incomplete,
            key_file: self.key_file,
            patterns_dir: self.patterns,
            policy_file: self.policy,
            match_file: self.match_file,
            today: self.today.unwrap_or(defaults.today),
            chunk_size,
            max_findings_per_file: self.max_findings,
            unpack: self.unpack.limits(),
            limits: self.limits.limits(),
            isolation: self.limits.isolation()?,
        })
    }
}

/// `512`, `64K`, `10M`, `2G` (powers of 1024).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => s.split_at(i),
        None => (s, ""),
    };
    let n: u64 = digits.parse().map_err(|_| format!("`{s}` is not a size"))?;
    let factor = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        "T" => 1 << 40,
        _ => return Err(format!("`{s}`: unknown unit (use K, M, G or T)")),
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("`{s}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("512"), Ok(512));
        assert_eq!(parse_size("64K"), Ok(65536));
        assert_eq!(parse_size("10MiB"), Ok(10 << 20));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5X").is_err());
    }
}
