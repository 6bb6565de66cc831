//! The bytes as RTF (snuffel's own reader): groups, control words, `\'hh` and `\u` escapes,
//! code pages, `\bin` lengths, nesting.
#![no_main]

use libfuzzer_sys::fuzz_target;
use snuffel::extract::document::Emitter;
use snuffel::extract::rtf;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let mut send = common::sink;
    let mut out = Emitter::new(common::limits(), &mut send);
    let _ = rtf::extract(data, &mut out);
});
