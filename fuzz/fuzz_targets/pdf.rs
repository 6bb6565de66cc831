//! The bytes as a PDF (lopdf: parsing, xref repair, decryption with the empty password,
//! page text through fonts' encodings).
//!
//! Calls the extractor directly, not `document::extract`, so that a panic is not caught by
//! its `catch_unwind` and shows up as a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use snuffel::extract::document::{Emitter, Input};
use snuffel::extract::pdf;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let input: Box<dyn Input> = Box::new(std::io::Cursor::new(data.to_vec()));
    let mut send = common::sink;
    let mut out = Emitter::new(common::limits(), &mut send);
    let _ = pdf::extract(input, &mut out);
});
