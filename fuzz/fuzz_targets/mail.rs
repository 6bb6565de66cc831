//! The bytes as an e-mail message: mail-parser's MIME parsing (nesting, encodings, charsets)
//! and snuffel's headers, HTML-to-text and attachment hand-off.
#![no_main]

use libfuzzer_sys::fuzz_target;
use snuffel::extract::document::Emitter;
use snuffel::extract::mail;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let mut send = common::sink;
    let mut out = Emitter::new(common::limits(), &mut send);
    let _ = mail::extract(data, &mut out);
});
