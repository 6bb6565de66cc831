//! The bytes as an OLE compound file (cfb): xls workbooks (calamine), encrypted OOXML
//! packages, and the legacy formats snuffel recognises and skips (doc, ppt, msg).
//!
//! Calls the extractor directly, not `document::extract`, so that a panic is not caught by
//! its `catch_unwind` and shows up as a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use snuffel::extract::document::{Emitter, Input};
use snuffel::extract::sheet;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let input: Box<dyn Input> = Box::new(std::io::Cursor::new(data.to_vec()));
    let mut send = common::sink;
    let mut out = Emitter::new(common::limits(), &mut send);
    let _ = sheet::extract_ole(input, &mut out);
});
