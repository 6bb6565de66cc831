//! `snuffel`: arguments in, library call, exit code out.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use snuffel::cli::{Cli, Command};
use snuffel::config::{Config, OutputFormat};
use snuffel::exit;
use snuffel::report::check::CheckReporter;
use snuffel::report::csv::CsvReporter;
use snuffel::report::html::HtmlReporter;
use snuffel::report::sarif::SarifReporter;
use snuffel::report::{json::JsonReporter, ndjson::NdjsonReporter, text::TextReporter, Reporter};

fn main() -> ExitCode {
    quiet_parser_panics();
    match run() {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::from(exit::CLEAN),
        Err(err) => {
            eprintln!("snuffel: {err:#}");
            ExitCode::from(exit::FAILED)
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    match Cli::parse().command {
        Command::Scan(args) => {
            let config = args.into_config().map_err(anyhow::Error::msg)?;
            scan(&config)
        }
        Command::Check { paths } => check(paths),
        Command::Fingerprint {
            source,
            columns,
            output,
            key_file,
        } => fingerprint(&source, &columns, output.as_deref(), key_file.as_deref()),
        Command::Detectors { patterns, regexes } => {
            let config = Config {
                patterns_dir: patterns,
                ..Config::default()
            };
            list_detectors(&config, regexes)?;
            Ok(ExitCode::from(exit::CLEAN))
        }
        Command::Worker { memory } => {
            snuffel::extract::worker::serve(memory)?;
            Ok(ExitCode::from(exit::CLEAN))
        }
    }
}

fn scan(config: &Config) -> anyhow::Result<ExitCode> {
    let out: Box<dyn Write + Send> = match &config.output {
        Some(path) => Box::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Box::new(io::stdout()),
    };
    let out = BufWriter::new(out);
    let mut reporter: Box<dyn Reporter> = match config.format {
        OutputFormat::Json => Box::new(JsonReporter::new(out)),
        OutputFormat::Ndjson => Box::new(NdjsonReporter::new(out)),
        OutputFormat::Csv => Box::new(CsvReporter::new(out)),
        OutputFormat::Sarif => Box::new(SarifReporter::new(out)),
        OutputFormat::Html => Box::new(HtmlReporter::new(out)),
        OutputFormat::Text => {
            let colour = config.output.is_none() && io::stdout().is_terminal();
            Box::new(TextReporter::new(out, colour))
        }
    };
    let summary = snuffel::scan(config, reporter.as_mut())?;
    Ok(exit::for_summary(&summary, config.fail_on_incomplete))
}

/// `snuffel check`: the default policy and limits, workers, no progress line, one line out;
/// a file that could not be examined always fails.
fn check(paths: Vec<std::path::PathBuf>) -> anyhow::Result<ExitCode> {
    let exe = std::env::current_exe().context("cannot find snuffel's own binary")?;
    let config = Config {
        roots: paths,
        quiet: true,
        // Besides the identifiers: a file whose risk is medium or more (a list of phone
        // numbers) is not shareable either.
        fail_on: snuffel::config::FailOn::parse(&format!(
            "{},risk:medium",
            snuffel::config::FailOn::DEFAULT
        ))
        .map_err(anyhow::Error::msg)?,
        isolation: snuffel::extract::worker::Isolation::Workers {
            exe,
            memory: 1 << 30,
        },
        ..Config::default()
    };
    let mut reporter = CheckReporter::new(io::stdout());
    let summary = snuffel::scan(&config, &mut reporter)?;
    Ok(exit::for_summary(&summary, true))
}

/// `snuffel fingerprint`: a dataset's key columns as keyed hashes, for `scan --match`.
fn fingerprint(
    source: &std::path::Path,
    columns: &[String],
    output: Option<&std::path::Path>,
    key_file: Option<&std::path::Path>,
) -> anyhow::Result<ExitCode> {
    use snuffel::report::fingerprint::{load_key, Fingerprinter};
    let roots = [source.to_path_buf()];
    let (key, _) = load_key(key_file, &roots).context("fingerprint key")?;
    let fingerprints = Fingerprinter::new(&key);
    let mut out: Box<dyn Write> = match output {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(io::stdout().lock()),
    };
    let records =
        snuffel::policy::matching::fingerprint_export(source, columns, &fingerprints, &mut out)
            .map_err(anyhow::Error::msg)?;
    out.flush()?;
    eprintln!("snuffel: {records} records fingerprinted");
    Ok(ExitCode::from(exit::CLEAN))
}

fn list_detectors(config: &Config, regexes: bool) -> anyhow::Result<()> {
    let set = snuffel::load_detectors(config)?;
    let mut out = io::stdout().lock();
    if regexes {
        for pattern in set.automaton_patterns() {
            writeln!(out, "{pattern}")?;
        }
        return Ok(());
    }
    for d in set.detectors() {
        let file = &d.spec.file;
        writeln!(out, "{} ({}): {}", file.id, file.kind, file.name)?;
        writeln!(out, "  what: {}", one_line(&file.what))?;
        writeln!(out, "  why:  {}", one_line(&file.why))?;
    }
    Ok(())
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A document parser's panic is caught and reported with its document (scrubbed of values);
/// the default hook would also print its message, which may quote the document, to stderr.
/// Worker processes' stderr is never shown, so this matters for `--no-workers`.
fn quiet_parser_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some(snuffel::extract::worker::EXTRACT_THREAD) {
            return;
        }
        default(info);
    }));
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
