//! Prints the text snuffel extracts from a document (xlsx, docx, pdf …), one piece per line,
//! with a `# place` line where the place changes: what the detectors read.
//!
//! `cargo run --release --example doc_text -- FILE`
//!
//! `benches/pdf_recall.py` uses it to measure PDF text against poppler's `pdftotext`.

use std::io::{Read, Write};
use std::process::ExitCode;

use snuffel::extract::document::{self, Container, Limits, Reply};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: doc_text FILE");
        return ExitCode::from(2);
    };
    let mut bytes = Vec::new();
    if let Err(e) = std::fs::File::open(&path).and_then(|mut f| f.read_to_end(&mut bytes)) {
        eprintln!("{path}: {e}");
        return ExitCode::from(2);
    }
    let Some(container) = Container::sniff(&bytes) else {
        eprintln!("{path}: not a document (zip, OLE or PDF)");
        return ExitCode::from(2);
    };
    let mut out = std::io::stdout().lock();
    document::extract(
        container,
        document::DocSource::Bytes(bytes),
        Limits::default(),
        &mut |batch| {
            for reply in batch {
                let _ = match reply {
                    Reply::Part(place) => writeln!(out, "# {place:?}"),
                    Reply::Text { text, .. } => writeln!(out, "{text}"),
                    Reply::Done(outcome) => writeln!(out, "# {outcome:?}"),
                    _ => Ok(()),
                };
            }
            Ok(())
        },
    );
    ExitCode::SUCCESS
}
