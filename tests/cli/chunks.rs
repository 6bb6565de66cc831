//! Reading in chunks must not change what is found (issue #3): a value straddling a chunk
//! boundary is found exactly once, and every chunk size gives the same findings.

use crate::util::Env;

/// A text with values at many offsets, long lines, and a single 300 KB line.
fn planted_text() -> String {
    let mut text = String::new();
    for i in 0..400 {
        text.push_str(&format!("regel {i:04} {} ", "opvulling ".repeat(i % 13)));
        match i % 4 {
            0 => text.push_str("rijksregisternummer 85.07.30-033.28\n"),
            1 => text.push_str("IBAN BE68 5390 0754 7034 en jan.peeters@example.be\n"),
            2 => text.push_str("patiënt met diabetes; 69041215787\n"),
            _ => text.push('\n'),
        }
    }
    text.push_str(&"x".repeat(300_000));
    text.push_str(" insz 01030503679 einde");
    text
}

fn findings_with_chunk(env: &Env, chunk: &str) -> Vec<crate::util::Finding> {
    let (report, _) = env.scan_json(&["--reveal", "--max-findings", "0", "--chunk-size", chunk]);
    report.file("planted.txt").findings.clone()
}

#[test]
fn chunk_size_does_not_change_findings() {
    let env = Env::new();
    env.write("planted.txt", planted_text());
    let reference = findings_with_chunk(&env, "4M");
    assert_eq!(reference.len(), 100 + 100 * 2 + 100 * 3 + 1);
    for chunk in ["64", "1000", "4099", "65536"] {
        assert_eq!(
            findings_with_chunk(&env, chunk),
            reference,
            "chunk size {chunk}"
        );
    }
}

#[test]
fn value_straddling_a_chunk_boundary_is_found_once() {
    let env = Env::new();
    // With 1000-byte chunks, the number starts 5 bytes before the first boundary.
    let prefix = "a".repeat(995 - " Rijksregisternummer: ".len());
    let text = format!("{prefix} Rijksregisternummer: 85.07.30-033.28 en niets meer\n");
    assert_eq!(text.find("85.07"), Some(995));
    env.write("straddle.txt", &text);
    for chunk in ["64", "1000", "1003"] {
        let (report, _) = env.scan_json(&["--reveal", "--chunk-size", chunk]);
        let file = report.file("straddle.txt");
        assert_eq!(
            file.values(),
            [("be_national_number".into(), "85073003328".into())]
        );
        assert_eq!(file.findings[0].location.offset, 995);
        assert_eq!(file.findings[0].confidence, "high");
    }
}
