//! The JSON Schema of the report (`schema/report.schema.json`) is generated from the Rust types
//! that write the report, and every report the CLI tests read is validated against it
//! (`util::parse_report`). After changing the report's types, regenerate it with
//! `SNUFFEL_UPDATE_SCHEMA=1 cargo test --test cli schema`.

use std::path::Path;

#[test]
fn the_committed_schema_is_the_one_the_types_give() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/report.schema.json");
    let generated = serde_json::to_string_pretty(&snuffel::report::json::schema()).unwrap() + "\n";
    if std::env::var_os("SNUFFEL_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "schema/report.schema.json is stale: run SNUFFEL_UPDATE_SCHEMA=1 cargo test --test cli schema"
    );
}

#[test]
fn the_schema_rejects_what_the_report_never_writes() {
    let validator = crate::util::schema_validator();
    let bad = serde_json::json!({ "schema_version": "two" });
    assert!(!validator.is_valid(&bad));
}
