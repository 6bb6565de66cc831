//! Shared by the targets: small limits, and a receiver that drops what it is sent.

use std::time::Duration;

use snuffel::extract::document::{Limits, Reply, Stop};

/// Small enough that a run spends its time on parsing, not on big legitimate documents;
/// libFuzzer's own `-timeout` (10 s in the README) is above `timeout`, so a timeout it reports
/// is code that does not look at the clock.
pub fn limits() -> Limits {
    Limits {
        max_bytes: 16 << 20,
        max_cells: 100_000,
        max_pdf_objects: 100_000,
        timeout: Duration::from_secs(5),
        ..Limits::default()
    }
}

/// Consumes the replies; the text is dropped (building it is what is being exercised).
pub fn sink(reply: Vec<Reply>) -> Result<(), Stop> {
    std::hint::black_box(reply);
    Ok(())
}
