//! The other personal data the policies name (issue 8): Dutch BSNs, Belgian identity card
//! numbers, phone numbers and the special categories, each beside the decoys that must not
//! come out as them.

use crate::util::Env;

#[test]
fn bsn_card_numbers_phones_and_special_categories_are_found_and_decoys_are_not() {
    let env = Env::new();
    env.fixture("identities.txt");
    let (report, code) = env.scan_json(&["--reveal"]);
    assert_eq!(code, 1);
    let file = report.file("identities.txt");
    let mut found = file.values();
    found.sort();
    let expected: Vec<(String, String)> = [
        ("be_eid_card", "448527911989"),
        ("be_national_number", "69041215787"),
        ("be_national_number", "85073003328"),
        // The old account number has the card's shape and check: "Rekening" says which.
        ("iban", "539007547034"),
        ("nl_bsn", "111222333"),
        ("phone", "+31612345678"),
        ("phone", "+32478123456"),
        ("special_category", "moslim"),
        ("special_category", "strafblad"),
        ("special_category", "vakbondslid"),
        ("special_category", "veroordeeld"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(found, expected, "the decoys' order and account numbers, structured payment references, service numbers, IP addresses, versions and ordinary words give nothing");
    let categories: Vec<&str> = file
        .findings
        .iter()
        .filter_map(|f| f.category.as_deref())
        .collect();
    assert_eq!(
        categories,
        [
            "criminal_record",
            "criminal_record",
            "trade_union",
            "religion"
        ]
    );
    let inputs = file.risk_inputs.as_ref().unwrap();
    assert_eq!(inputs["special_records"], 2);
    assert_eq!(inputs["contacts"], 2, "the phone numbers are contact data");
    assert_eq!(inputs["identifiers"], 5, "they are not identifiers");
    assert_eq!(
        inputs["special_categories"],
        serde_json::json!(["criminal_record", "religion", "trade_union"])
    );
    assert_eq!(file.risk.as_deref(), Some("high"));
    let reason = &file.violations[0].reason;
    assert_eq!(file.violations[0].rule, "special-category");
    assert!(
        reason.contains("criminal record, religion and trade union data")
            && reason.contains("GDPR art. 9 and 10"),
        "{reason}"
    );
}

#[test]
fn a_phone_list_is_contact_data_not_an_identity_dataset() {
    let env = Env::new();
    let phones = [
        "0478 12 34 56",
        "0479 22 33 44",
        "0485 11 22 33",
        "0496 55 66 77",
        "+31 6 12345678",
        "+31 6 87654321",
    ];
    let list = |title: &str| {
        let mut text = format!("{title}\nnaam;telefoon\n");
        for (i, p) in phones.iter().enumerate() {
            text.push_str(&format!("persoon {i};{p}\n"));
        }
        text
    };
    env.write("vrijwilligers.csv", list("Vrijwilligers 2026"));
    env.write(
        "kopie/vrijwilligers.csv",
        list("Vrijwilligers 2026 (kopie)"),
    );
    let (report, code) = env.scan_json(&[]);
    assert_eq!(
        code, 0,
        "phone numbers alone do not fail the default --fail-on"
    );
    for file in &report.files {
        assert_eq!(file.counts["phone"].total, 6);
        assert_eq!(
            file.risk.as_deref(),
            Some("medium"),
            "more than five ways to reach people"
        );
        assert!(
            file.violations.is_empty(),
            "not identifiers: no unsanitised export"
        );
    }
    assert!(
        report.groups.is_empty(),
        "the same phone numbers do not make two files copies of an identity dataset: {:?}",
        report.groups
    );
    // The developer's question: a list of people's phone numbers is not shareable.
    let out = env
        .snuffel()
        .args(["check", "tree/vrijwilligers.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "not shareable: 6 phone numbers\n"
    );
}

#[test]
fn check_names_the_new_identifiers() {
    let env = Env::new();
    env.fixture("identities.txt");
    let out = env
        .snuffel()
        .args(["check", "tree/identities.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let line = String::from_utf8_lossy(&out.stdout);
    assert!(
        line.contains("1 identity card number") && line.contains("1 valid BSN"),
        "{line}"
    );
}
