//! Property tests for the validators and the detect → validate path (issue #3):
//! every valid number, in every way people write it, is found; one changed digit makes it
//! invalid.

use std::io::Cursor;
use std::sync::LazyLock;

use jiff::civil::{date, Date};
use proptest::prelude::*;

use snuffel::config::Config;
use snuffel::detect::DetectorSet;
use snuffel::extract::worker::{Extractors, Isolation};
use snuffel::progress::Progress;
use snuffel::report::fingerprint::Fingerprinter;
use snuffel::report::FileReport;
use snuffel::scan::Scanner;
use snuffel::validate::{iban, national_number};
use std::sync::Arc;

const TODAY: Date = date(2026, 11, 23);

static CONFIG: LazyLock<Config> = LazyLock::new(|| Config {
    reveal: true,
    today: TODAY,
    ..Config::default()
});
static DETECTORS: LazyLock<DetectorSet> =
    LazyLock::new(|| snuffel::load_detectors(&CONFIG).expect("detectors load"));

/// (kind, value) of everything found in `text`.
fn found(text: &str) -> Vec<(String, String)> {
    let fingerprints = Fingerprinter::new(b"property test key");
    let progress = Progress::new(false);
    let scanner = Scanner {
        config: &CONFIG,
        detectors: &DETECTORS,
        fingerprints: &fingerprints,
        progress: &progress,
        extractors: &Arc::new(Extractors::new(Isolation::InProcess)),
        policy: &snuffel::policy::Policy::defaults(),
        dataset: None,
    };
    let mut report = FileReport::new("property".into());
    scanner.scan_input(
        Box::new(Cursor::new(text.as_bytes().to_vec())),
        None,
        &mut report,
        &mut |_| {},
    );
    report
        .findings
        .iter()
        .map(|f| (f.kind.to_string(), f.value.clone().unwrap()))
        .collect()
}

/// A valid national or BIS number: (digits, kind).
fn valid_number() -> impl Strategy<Value = (String, &'static str)> {
    let born = (1927i16..=2026, 1i8..=12, 1i8..=31)
        .prop_filter_map("a real date, not in the future", |(y, m, d)| {
            Date::new(y, m, d).ok().filter(|day| *day <= TODAY)
        });
    (
        born,
        1u32..=998,
        prop_oneof![Just(0u32), Just(20), Just(40)],
    )
        .prop_map(|(born, serial, bis)| {
            let yymmdd = format!(
                "{:02}{:02}{:02}",
                born.year() % 100,
                born.month() as u32 + bis,
                born.day()
            );
            let first9: u64 = format!("{yymmdd}{serial:03}").parse().unwrap();
            let base = if born.year() >= 2000 {
                2_000_000_000 + first9
            } else {
                first9
            };
            let kind = if bis == 0 {
                "be_national_number"
            } else {
                "be_bis_number"
            };
            (format!("{first9:09}{:02}", 97 - base % 97), kind)
        })
}

/// Whether random letters before a number happen to spell a word that says it is another kind
/// of number (`btw`: a VAT number, `tel` …): then not finding it is right.
fn names_another_number(before: &str) -> bool {
    const SHORT: [&str; 13] = [
        "tel", "gsm", "fax", "btw", "kbo", "ref", "tva", "bce", "vat", "mwst", "order", "phone",
        "handy",
    ];
    SHORT.iter().any(|k| before.contains(k))
}

/// The ways people write eleven digits `YYMMDDSSSCC`.
fn written(d: &str, form: usize) -> String {
    let (yy, mm, dd, sss, cc) = (&d[0..2], &d[2..4], &d[4..6], &d[6..9], &d[9..11]);
    match form {
        0 => d.to_string(),
        1 => format!("{yy}.{mm}.{dd}-{sss}.{cc}"),
        2 => format!("{yy}{mm}{dd} {sss} {cc}"),
        3 => format!("{yy} {mm} {dd} {sss} {cc}"),
        4 => format!("{yy}{mm}{dd}-{sss}-{cc}"),
        5 => format!("{yy}.{mm}.{dd}.{sss}.{cc}"),
        _ => format!("{yy}/{mm}/{dd}/{sss}/{cc}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_written_form_of_a_valid_number_is_found(
        (digits, kind) in valid_number(),
        form in 0usize..7,
        before in "[a-z ,;:(]{0,8}".prop_filter("no negative keyword", |b| !names_another_number(b)),
    ) {
        let text = format!("{before} {} einde", written(&digits, form));
        prop_assert_eq!(found(&text), vec![(kind.to_string(), digits)]);
    }

    /// One changed digit makes the number invalid, or — because the checksum also decides the
    /// century — valid only as a number of someone born a hundred years apart.
    #[test]
    fn one_changed_digit_invalidates(
        (digits, _) in valid_number(),
        at in 0usize..11,
        delta in 1u8..=9,
    ) {
        let mut d = national_number::digits(digits.as_bytes()).unwrap();
        let original = national_number::check(&d, TODAY).unwrap();
        d[at] = (d[at] + delta) % 10;
        if let Some(changed) = national_number::check(&d, TODAY) {
            prop_assert_ne!(changed.year / 100, original.year / 100);
        }
    }

    #[test]
    fn every_form_of_a_valid_iban_is_found(
        iban in valid_iban(),
        grouped in any::<bool>(),
        lower in any::<bool>(),
    ) {
        let mut text = if grouped { group_by_four(&iban) } else { iban.clone() };
        if lower {
            text = text.to_lowercase();
        }
        prop_assert_eq!(found(&format!("betaald via {text}.")), vec![("iban".to_string(), iban)]);
    }

    #[test]
    fn one_changed_iban_digit_invalidates(iban in valid_iban(), at in 2usize..34, delta in 1u8..=9) {
        let mut bytes = iban.into_bytes();
        let at = at % bytes.len();
        prop_assume!(bytes[at].is_ascii_digit());
        bytes[at] = b'0' + (bytes[at] - b'0' + delta) % 10;
        prop_assert!(!iban::is_valid_compact(&bytes));
    }
}

fn group_by_four(s: &str) -> String {
    s.as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Valid Belgian, Dutch and German IBANs built from random account numbers.
fn valid_iban() -> impl Strategy<Value = String> {
    let be = "[0-9]{10}".prop_map(|first10| {
        let rest = first10.parse::<u64>().unwrap() % 97;
        format!("{first10}{:02}", if rest == 0 { 97 } else { rest })
    });
    let nl = ("[A-Z]{4}", "[0-9]{10}").prop_map(|(bank, acct)| format!("{bank}{acct}"));
    let de = "[0-9]{18}";
    prop_oneof![
        be.prop_map(|b| with_check("BE", &b)),
        nl.prop_map(|b| with_check("NL", &b)),
        de.prop_map(|b| with_check("DE", &b)),
    ]
    .prop_filter("all-zero account numbers are no accounts", |i| {
        !i[4..].bytes().all(|b| b == b'0')
    })
}

/// ISO 13616 check digits for `country` + `bban`.
fn with_check(country: &str, bban: &str) -> String {
    let numeric: String = format!("{bban}{country}00")
        .chars()
        .map(|c| c.to_digit(36).unwrap().to_string())
        .collect();
    let rest = numeric
        .bytes()
        .fold(0u32, |acc, b| (acc * 10 + u32::from(b - b'0')) % 97);
    format!("{country}{:02}{bban}", 98 - rest)
}

/// A valid BSN (issue 8): eight random digits, the ninth chosen so the eleven-test holds
/// (when no digit can, the draw is discarded). It starts with 1-9: a grouped number with a
/// leading 0 is a phone number first (`012 345 672` is Tongeren's area code).
fn valid_bsn() -> impl Strategy<Value = String> {
    "[1-9][0-9]{7}".prop_filter_map("no ninth digit makes it valid", |first8| {
        let weighted: u32 = first8
            .bytes()
            .zip([9u32, 8, 7, 6, 5, 4, 3, 2])
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        let last = weighted % 11;
        (last <= 9).then(|| format!("{first8}{last}"))
    })
}

/// The ways people write a BSN.
fn written_bsn(d: &str, form: usize) -> String {
    match form {
        0 => d.to_string(),
        1 => format!("{}.{}.{}", &d[..4], &d[4..6], &d[6..]),
        2 => format!("{} {} {}", &d[..3], &d[3..6], &d[6..]),
        _ => format!("{}.{}.{}", &d[..3], &d[3..6], &d[6..]),
    }
}

/// A valid identity card number: ten random digits (not all zero) and their remainder
/// modulo 97, 0 written as 97.
fn valid_card_number() -> impl Strategy<Value = String> {
    "[0-9]{10}"
        .prop_filter("all zeros is no card", |d| d.bytes().any(|b| b != b'0'))
        .prop_map(|first10| {
            let rest = first10.parse::<u64>().unwrap() % 97;
            format!("{first10}{:02}", if rest == 0 { 97 } else { rest })
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_written_form_of_a_bsn_is_found_beside_its_keyword(
        digits in valid_bsn(),
        form in 0usize..4,
        keyword in prop_oneof![Just("BSN"), Just("burgerservicenummer"), Just("Sofinummer:")],
    ) {
        let text = format!("{keyword} {} einde", written_bsn(&digits, form));
        prop_assert_eq!(found(&text), vec![("nl_bsn".to_string(), digits)]);
    }

    /// Every weight of the eleven-test is below 11 and 11 is prime: one changed digit always
    /// breaks it.
    #[test]
    fn one_changed_bsn_digit_invalidates(
        digits in valid_bsn(),
        at in 0usize..9,
        delta in 1u8..=9,
    ) {
        let mut d = digits.into_bytes();
        d[at] = b'0' + (d[at] - b'0' + delta) % 10;
        prop_assert!(snuffel::validate::nl_bsn::validate(&d).is_none());
    }

    #[test]
    fn every_written_form_of_a_card_number_is_found_beside_its_keyword(
        digits in valid_card_number(),
        sep in prop_oneof![Just(""), Just("-"), Just(" ")],
        keyword in prop_oneof![Just("Identiteitskaart"), Just("carte d'identité n°"), Just("eID")],
    ) {
        let text = format!(
            "{keyword} {}{sep}{}{sep}{} einde",
            &digits[..3], &digits[3..10], &digits[10..]
        );
        prop_assert_eq!(found(&text), vec![("be_eid_card".to_string(), digits)]);
    }

    /// 97 is prime and above every digit: changing one digit of the first ten changes their
    /// remainder, and changing a check digit changes the check.
    #[test]
    fn one_changed_card_digit_invalidates(
        digits in valid_card_number(),
        at in 0usize..12,
        delta in 1u8..=9,
    ) {
        let mut d = digits.into_bytes();
        d[at] = b'0' + (d[at] - b'0' + delta) % 10;
        prop_assert!(snuffel::validate::be_eid::validate(&d).is_none());
    }
}
