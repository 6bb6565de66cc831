//! Every text format and encoding of issue #3, read by content.

use crate::util::{gzip, utf16, Env};

#[test]
fn csv_header_vouches_for_its_column() {
    let env = Env::new();
    env.fixture("leden.csv");
    let (report, code) = env.scan_json(&["--reveal"]);
    assert_eq!(code, 1);
    let file = report.file("leden.csv");
    assert_eq!(file.format.as_deref(), Some("csv"));
    assert_eq!(
        file.values_of("be_national_number"),
        ["85073003328", "69041215787", "01030503679"]
    );
    assert_eq!(
        file.values_of("iban"),
        ["BE68539007547034", "BE62063001234561", "NL20INGB0001234567"]
    );
    assert_eq!(file.values_of("email")[0], "jan.peeters@example.be");
    for f in &file.findings {
        assert_eq!(f.confidence, "high", "{f:?}");
        assert!(f.context.contains(&"header".to_string()), "{f:?}");
    }
    let first = &file.findings[0];
    assert_eq!(first.location.line, 2);
    assert_eq!(
        first.location.column.as_deref(),
        Some("rijksregisternummer")
    );
}

#[test]
fn mysql_dump_columns_come_from_create_table() {
    let env = Env::new();
    env.fixture("dump_mysql.sql");
    let (report, _) = env.scan_json(&["--reveal"]);
    let file = report.file("dump_mysql.sql");
    assert_eq!(file.format.as_deref(), Some("sql"));
    let numbers: Vec<_> = file
        .findings
        .iter()
        .filter(|f| f.kind == "be_national_number")
        .map(|f| {
            (
                f.value.clone().unwrap(),
                f.location.column.clone(),
                f.confidence.clone(),
            )
        })
        .collect();
    let rrn = Some("rrn".to_string());
    assert_eq!(
        numbers,
        [
            ("78092328448".into(), rrn.clone(), "high".into()),
            ("88010141156".into(), rrn, "high".into())
        ]
    );
    // The IBAN in a free-text column is still found; the order numbers and timestamps are not.
    assert_eq!(file.values_of("iban"), ["BE39001112223319"]);
    assert_eq!(file.findings.len(), 3, "{:#?}", file.findings);
}

#[test]
fn postgres_copy_block_columns() {
    let env = Env::new();
    env.fixture("dump_postgres.sql");
    let (report, _) = env.scan_json(&["--reveal"]);
    let file = report.file("dump_postgres.sql");
    let insz = file
        .findings
        .iter()
        .find(|f| f.kind == "be_national_number")
        .unwrap();
    assert_eq!(insz.value.as_deref(), Some("55113099813"));
    assert_eq!(insz.location.column.as_deref(), Some("insz"));
    assert_eq!(insz.confidence, "high");
    let diagnoses: Vec<_> = file
        .findings
        .iter()
        .filter(|f| f.location.column.as_deref() == Some("diagnose"))
        .map(|f| (f.value.clone().unwrap(), f.confidence.clone()))
        .collect();
    assert_eq!(
        diagnoses,
        [
            ("diabetes".into(), "medium".into()),
            ("astma".into(), "medium".into())
        ]
    );
}

#[test]
fn gzip_is_read_by_content_not_name() {
    let env = Env::new();
    env.write(
        "backup.sql.gz",
        gzip(&crate::util::fixture("dump_mysql.sql")),
    );
    env.write("export.dat", gzip(&crate::util::fixture("leden.csv")));
    let (report, _) = env.scan_json(&["--reveal"]);
    let dump = report.file("backup.sql.gz");
    assert_eq!(dump.compression, ["gzip"]);
    assert_eq!(dump.format.as_deref(), Some("sql"));
    assert_eq!(
        dump.values_of("be_national_number"),
        ["78092328448", "88010141156"]
    );
    let csv = report.file("export.dat");
    assert_eq!(csv.format.as_deref(), Some("csv"));
    assert_eq!(csv.values_of("be_national_number").len(), 3);
}

#[test]
fn utf16_with_bom_both_byte_orders() {
    let env = Env::new();
    let text = "Naam: Zoë Maes\r\nRijksregisternummer: 85.07.30-033.28\r\n";
    env.write("le.txt", utf16(text, false));
    env.write("be.txt", utf16(text, true));
    let (report, _) = env.scan_json(&["--reveal"]);
    for (name, encoding) in [("le.txt", "utf-16le"), ("be.txt", "utf-16be")] {
        let file = report.file(name);
        assert_eq!(file.encoding.as_deref(), Some(encoding));
        assert_eq!(
            file.values_of("be_national_number"),
            ["85073003328"],
            "{name}"
        );
        assert_eq!(file.findings[0].location.line, 2);
        assert_eq!(file.findings[0].confidence, "high");
    }
}

#[test]
fn windows_1252_fallback() {
    let env = Env::new();
    let mut bytes = b"naam;pr\xE9nom;niss\nFran\xE7ois;\x80 12;85073003328\n".to_vec();
    bytes.extend_from_slice(b"C\xE9line;x;69041215787\n");
    env.write("export_cp1252.csv", bytes);
    let (report, _) = env.scan_json(&["--reveal"]);
    let file = report.file("export_cp1252.csv");
    assert_eq!(file.encoding.as_deref(), Some("windows-1252"));
    assert_eq!(
        file.values_of("be_national_number"),
        ["85073003328", "69041215787"]
    );
    assert!(file
        .findings
        .iter()
        .all(|f| f.location.column.as_deref() == Some("niss")));
}

#[test]
fn json_xml_and_logs() {
    let env = Env::new();
    env.write(
        "person.json",
        r#"{"persoon": {"naam": "Jan", "rijksregisternummer": "85073003328", "mail": "jan@example.be"}}"#,
    );
    env.write(
        "export.xml",
        "<?xml version=\"1.0\"?>\n<leden><lid><insz>69041215787</insz></lid></leden>\n",
    );
    env.write(
        "app.log",
        "2024-05-01 10:00:01 INFO login user=an.janssens@voorbeeld.nl\n2024-05-01 10:00:02 INFO ok\n",
    );
    let (report, _) = env.scan_json(&["--reveal"]);
    let json = report.file("person.json");
    assert_eq!(json.format.as_deref(), Some("json"));
    assert_eq!(
        json.findings[0].confidence, "high",
        "keyword just before the value"
    );
    let xml = report.file("export.xml");
    assert_eq!(xml.format.as_deref(), Some("xml"));
    assert_eq!(xml.values_of("be_national_number"), ["69041215787"]);
    assert_eq!(xml.findings[0].confidence, "high");
    let log = report.file("app.log");
    assert_eq!(log.format.as_deref(), Some("log"));
    assert_eq!(log.values_of("email"), ["an.janssens@voorbeeld.nl"]);
}

#[test]
fn stdin_is_a_source() {
    let env = Env::new();
    let out = env
        .scan(&["--format", "json", "--reveal", "-"])
        .write_stdin(crate::util::fixture("dump_mysql.sql"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: crate::util::Report = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report.files.len(), 1);
    assert_eq!(report.files[0].path, "-");
    assert_eq!(report.files[0].values_of("be_national_number").len(), 2);
}

#[test]
fn ndjson_one_record_per_line() {
    let env = Env::new();
    env.fixture("leden.csv");
    env.fixture("brief.txt");
    env.write("backup.rar", b"Rar!\x1A\x07\x00 rest of an archive");
    env.write("broken.pdf", b"%PDF-1.7\n%binary\n");
    let out = env.scan(&["--format", "ndjson", "tree"]).output().unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let types: Vec<&str> = lines.iter().map(|l| l["type"].as_str().unwrap()).collect();
    assert_eq!(types.first(), Some(&"run"));
    assert_eq!(lines[0]["schema_version"], 2);
    assert_eq!(types.last(), Some(&"summary"));
    assert_eq!(types.iter().filter(|t| **t == "file").count(), 2);
    assert_eq!(
        types.iter().filter(|t| **t == "unsupported").count(),
        1,
        "the rar archive"
    );
    assert_eq!(types.iter().filter(|t| **t == "error").count(), 1);
}

#[test]
fn text_report_puts_what_matters_first() {
    let env = Env::new();
    env.fixture("privacy.txt");
    env.fixture("leden.csv");
    let out = env.scan(&["--format", "text", "tree"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let leden = text.find("leden.csv").expect("leden listed");
    let privacy = text.find("privacy.txt").expect("privacy listed");
    assert!(leden < privacy, "{text}");
    assert!(text.contains("**.**.**-***.28"), "{text}");
    assert!(
        text.lines()
            .last()
            .unwrap()
            .contains("be_national_number 3"),
        "{text}"
    );
}

#[test]
fn binary_files_are_skipped_with_a_reason() {
    let env = Env::new();
    env.write("image.bin", [0u8, 1, 2, 3, 0, 0, 255, 254, 0, 7]);
    env.write("photo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    env.write("archive.rar", b"Rar!\x1A\x07\x00 rest of an archive");
    let (report, code) = env.scan_json(&[]);
    assert_eq!(code, 0);
    assert_eq!(report.summary.files_skipped, 2);
    assert_eq!(
        report
            .summary
            .skipped_by_reason
            .get("binary file with no text"),
        Some(&1)
    );
    assert_eq!(
        report.skipped.len(),
        1,
        "unsupported formats are listed: not checked"
    );
    assert!(
        report.skipped[0].reason.contains("png"),
        "{:?}",
        report.skipped
    );
    // An archive snuffel cannot open may hold anything: not examined, never skipped as clean.
    assert_eq!(report.summary.files_unsupported, 1);
    assert_eq!(report.unsupported[0].format, "rar archive");
}

#[test]
fn json_report_header_file_facts_and_summary() {
    let env = Env::new();
    env.fixture("brief.txt");
    env.fixture("decoys.txt");
    env.write("backup.rar", b"Rar!\x1A\x07\x00");
    let (report, _) = env.scan_json(&[]);
    assert_eq!(report.schema_version, 2);
    assert_eq!(report.tool["name"], "snuffel");
    assert_eq!(report.run["revealed"], false);
    assert!(report.run["fingerprint_key"]
        .as_str()
        .unwrap()
        .ends_with("key.hex"));
    let file = report.file("brief.txt");
    assert_eq!(
        file.size,
        Some(crate::util::fixture("brief.txt").len() as u64)
    );
    assert!(
        file.modified.as_deref().is_some_and(|m| m.ends_with('Z')),
        "{:?}",
        file.modified
    );
    let s = &report.summary;
    assert_eq!((s.files_seen, s.files_scanned, s.files_skipped), (3, 2, 0));
    assert_eq!(s.files_unsupported, 1, "the rar archive");
    assert!(s.bytes > 0 && s.duration_seconds >= 0.0);
    assert_eq!(
        s.failing_findings, 2,
        "the national number and the IBAN in the letter"
    );
}

/// Dumps written by the tools themselves (synthetic values; see fixtures/README.md): every
/// national number found under its column, and the order number that passes the checks, in an
/// `ordernummer` column, not reported.
#[test]
fn dumps_written_by_mariadb_dump_sqlite3_and_pg_dump() {
    let env = Env::new();
    let cases: [(&str, &str, &[&str]); 3] = [
        (
            "dump_mariadb.sql",
            "rrn",
            &["55101813466", "98101664137", "78012748163"],
        ),
        ("dump_sqlite.sql", "insz", &["85073003328", "69041215787"]),
        (
            "dump_pg_dump.sql",
            "rijksregisternummer",
            &["85073003328", "69041215787", "05061204562"],
        ),
    ];
    for (name, _, _) in &cases {
        env.fixture(name);
    }
    let (report, _) = env.scan_json(&["--reveal"]);
    for (name, column, numbers) in cases {
        let file = report.file(name);
        assert_eq!(file.format.as_deref(), Some("sql"), "{name}");
        let found: Vec<_> = file
            .findings
            .iter()
            .filter(|f| f.kind == "be_national_number")
            .map(|f| {
                (
                    f.value.as_deref().unwrap(),
                    f.location.column.as_deref(),
                    f.confidence.as_str(),
                )
            })
            .collect();
        let want: Vec<_> = numbers.iter().map(|n| (*n, Some(column), "high")).collect();
        assert_eq!(found, want, "{name}");
        let emails = file.values_of("email");
        assert_eq!(emails.len(), numbers.len(), "{name}: {emails:?}");
    }
}

#[test]
fn csv_report_one_row_per_file_and_no_formula_runs() {
    let env = Env::new();
    // Scanned by name from inside the tree, the path cell starts with `=`.
    env.write("=SUM(1+2).csv", crate::util::fixture("leden.csv"));
    env.fixture("brief.txt");
    env.write("leeg.txt", "niets hier\n");
    env.write(
        "geheim.docx",
        crate::util::fixture("documents/protected.docx"),
    );
    let out = env
        .scan(&["--format", "csv"])
        .current_dir(env.tree())
        .args(["=SUM(1+2).csv", "brief.txt", "leeg.txt", "geheim.docx"])
        .output()
        .unwrap();
    let mut rows = csv::Reader::from_reader(&out.stdout[..]);
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(&header[..4], ["path", "container", "owner", "modified"]);
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        3,
        "the export, the letter, the protected file; not the clean one"
    );
    let cell = |row: &csv::StringRecord, name: &str| {
        row[header.iter().position(|h| h == name).unwrap()].to_string()
    };
    let export = rows.iter().find(|r| r[0].contains("SUM")).unwrap();
    assert_eq!(&export[0], "'=SUM(1+2).csv", "a formula is escaped");
    assert_eq!(cell(export, "risk"), "high");
    assert_eq!(cell(export, "violations"), "unsanitised-dump");
    assert_eq!(cell(export, "be_national_number"), "3");
    let locked = rows.iter().find(|r| r[0].ends_with("geheim.docx")).unwrap();
    assert_eq!(cell(locked, "status"), "protected");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains("85.07.30") && !text.contains("85073003328"),
        "masked only"
    );
}

#[test]
fn sarif_report_one_result_per_violation_and_no_value() {
    let env = Env::new();
    env.write(
        "users/an/Desktop/leden.csv",
        crate::util::fixture("leden.csv"),
    );
    env.fixture("brief.txt");
    let out = env.scan(&["--format", "sarif", "tree"]).output().unwrap();
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    // The types serde-sarif generates from the OASIS SARIF 2.1.0 schema read it: every
    // required property is there, with its type and enumerated values.
    let typed: serde_sarif::sarif::Sarif =
        serde_json::from_value(log.clone()).expect("a SARIF 2.1.0 log");
    assert_eq!(typed.runs.len(), 1);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    // Files finish in any order: look results up by rule.
    let mut ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    // The letter names a pregnancy on the line of the IBAN: special-category data.
    assert_eq!(ids, ["clean-desk", "special-category", "unsanitised-dump"]);
    assert!(ids.iter().all(|id| rules.contains(id)));
    let by_rule = |id: &str| results.iter().find(|r| r["ruleId"] == id).unwrap();
    assert_eq!(
        by_rule("special-category")["properties"]["path"],
        "tree/brief.txt"
    );
    let desk = by_rule("clean-desk");
    assert_eq!(desk["level"], "error");
    assert_eq!(
        desk["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tree/users/an/Desktop/leden.csv"
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("snippet") && !text.contains("region"));
    assert!(
        !text.contains("85.07.30") && !text.contains("jan.peeters"),
        "no value"
    );
}

#[test]
fn text_report_groups_by_folder_riskiest_first() {
    let env = Env::new();
    env.write("a-brieven/privacy.txt", crate::util::fixture("privacy.txt"));
    env.write("z-exports/leden.csv", crate::util::fixture("leden.csv"));
    let out = env.scan(&["--format", "text", "tree"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let exports = text
        .find("tree/z-exports/  (1 file(s), highest risk high)")
        .expect("a folder line");
    let letters = text
        .find("tree/a-brieven/  (1 file(s), highest risk low)")
        .expect("a folder line");
    assert!(
        exports < letters,
        "the riskier folder first, whatever its name:\n{text}"
    );
}
