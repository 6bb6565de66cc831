//! Documents are parsed in worker processes: a worker that hangs or dies costs one document,
//! never the scan (issue 5).

use std::io::{Cursor, Write};

use crate::util::Env;

/// A small docx with one paragraph, built here so the test needs no fixture.
fn docx(text: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string(),
        ),
        (
            "word/document.xml",
            format!(
                r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"#
            ),
        ),
    ];
    for (name, body) in parts {
        zip.start_file(name, stored).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_document_is_read_in_a_worker() {
    let env = Env::new();
    env.write("brief.docx", docx("Rijksregisternummer: 85.07.30-033.28"));
    let (report, code) = env.scan_json(&["--reveal"]);
    assert_eq!(code, 1);
    let file = report.file("brief.docx");
    assert_eq!(file.format.as_deref(), Some("docx"));
    assert_eq!(
        file.values(),
        [("be_national_number".into(), "85073003328".into())]
    );
    assert_eq!(file.findings[0].location.part.as_deref(), Some("body"));
}

#[test]
fn a_hanging_worker_is_killed_and_the_scan_goes_on() {
    let env = Env::new();
    env.write("stuck.docx", docx("x"));
    env.write("brief.txt", "IBAN BE68 5390 0754 7034");
    let out = env
        .scan(&["--document-timeout", "1", "--format", "json", "tree"])
        .env("SNUFFEL_TEST_WORKER_FAULT", "hang")
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let report = crate::util::parse_report(&out.stdout);
    assert!(
        report
            .error_reason("stuck.docx")
            .contains("did not finish within 1 s"),
        "{:?}",
        report.errors
    );
    assert!(report.has_file("brief.txt"), "the scan went on");
}

#[test]
fn a_dying_worker_is_replaced_and_its_file_reported() {
    let env = Env::new();
    for i in 0..3 {
        env.write(&format!("crash{i}.docx"), docx("x"));
    }
    env.write("brief.txt", "IBAN BE68 5390 0754 7034");
    let out = env
        .scan(&["--format", "json", "-j", "1", "tree"])
        .env("SNUFFEL_TEST_WORKER_FAULT", "abort")
        .output()
        .unwrap();
    let report = crate::util::parse_report(&out.stdout);
    assert_eq!(report.errors.len(), 3, "each document gets its own worker");
    for e in &report.errors {
        assert!(e.reason.contains("extractor died"), "{e:?}");
    }
    assert!(report.has_file("brief.txt"));
}

#[test]
fn an_encrypted_office_file_is_protected_whatever_its_name() {
    let env = Env::new();
    let mut ole = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    ole.create_stream("/EncryptionInfo")
        .unwrap()
        .write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])
        .unwrap();
    ole.create_stream("/EncryptedPackage")
        .unwrap()
        .write_all(&[0x5a; 600])
        .unwrap();
    ole.flush().unwrap();
    env.write("salarissen.dat", ole.into_inner().into_inner());
    let (report, code) = env.scan_json(&[]);
    assert_eq!(code, 0);
    assert_eq!(report.summary.files_protected, 1);
    assert_eq!(report.protected[0].format, "ooxml");
    assert!(report.protected[0].path.ends_with("salarissen.dat"));
}

#[test]
fn hostile_documents_are_reported_and_the_scan_ends() {
    let env = Env::new();
    docgen::write_hostile(&env.tree()).unwrap();
    env.write("brief.txt", "IBAN BE68 5390 0754 7034");
    let out = env
        .scan(&["--format", "json", "--max-document-bytes", "10M", "tree"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let report = crate::util::parse_report(&out.stdout);
    assert!(
        report
            .error_reason("zip-bomb.docx")
            .contains("decompressed")
            || report.error_reason("zip-bomb.docx").contains("zip bomb")
    );
    assert!(report.error_reason("deep.docx").contains("nested deeper"));
    assert!(report.error_reason("truncated.xlsx").contains("damaged"));
    // A billion laughs is text with unknown entities in it; a declared dimension of a whole
    // sheet costs nothing with a streaming reader; a page tree that loops and a stream that
    // declares a terabyte are parsed as far as they go.
    for readable in ["laughs.docx", "huge-dim.xlsx", "loop.pdf", "hugelen.pdf"] {
        assert!(
            !report.errors.iter().any(|e| e.path.ends_with(readable)),
            "{readable}: {:?}",
            report.errors
        );
    }
    assert_eq!(report.summary.files_seen, 10);
    assert!(report.has_file("brief.txt"), "the scan went on");
}

#[test]
fn a_worker_out_of_memory_is_named_as_such() {
    let env = Env::new();
    env.write("big.docx", docx("x"));
    let out = env
        .scan(&["--format", "json", "--worker-memory", "512M", "tree"])
        .env("SNUFFEL_TEST_WORKER_FAULT", "oom")
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let report = crate::util::parse_report(&out.stdout);
    assert!(
        report
            .error_reason("big.docx")
            .contains("ran out of memory (limit 512 MiB)"),
        "{:?}",
        report.errors
    );
}

/// Found by the `ole` fuzz target: an xls whose two cells make calamine lay out a 128 GiB grid.
#[test]
fn regression_issue5_forged_xls_grid_is_stopped_before_calamine_allocates() {
    let env = Env::new();
    env.write(
        "forged.xls",
        crate::util::fixture("regressions/issue5-xls-forged-grid.xls"),
    );
    for isolation in [&[][..], &["--no-workers"][..]] {
        let (report, _) = env.scan_json(isolation);
        assert!(
            report
                .error_reason("forged.xls")
                .contains("calamine lays them out"),
            "{:?}",
            report.errors
        );
    }
}

/// Found by the `office` fuzz target: calamine panics on an xlsb without its shared strings;
/// the panic is one document's error.
#[test]
fn regression_issue5_a_parser_panic_is_the_documents_error() {
    let env = Env::new();
    env.write(
        "panic.xlsb",
        crate::util::fixture("regressions/issue5-xlsb-calamine-panic.xlsb"),
    );
    env.write("brief.txt", "IBAN BE68 5390 0754 7034");
    for isolation in [&[][..], &["--no-workers"][..]] {
        let out = env
            .scan(&["--format", "json", "tree"])
            .args(isolation)
            .output()
            .unwrap();
        let report = crate::util::parse_report(&out.stdout);
        assert!(
            report
                .error_reason("panic.xlsb")
                .starts_with("parser failed"),
            "{:?}",
            report.errors
        );
        assert!(report.has_file("brief.txt"));
        // The panic's own message (which may quote a document) is not printed as well.
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{isolation:?}: {stderr}");
    }
}
