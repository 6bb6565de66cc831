//! The bytes as the two streams of a Word 97 document (snuffel's own reader): the first two
//! bytes say how long the `WordDocument` stream is, the rest is the table stream. Exercises
//! the FIB, the piece table (`Clx`), the header story table and the text of each piece,
//! without the compound file around them (the `ole` target covers that).
#![no_main]

use libfuzzer_sys::fuzz_target;
use snuffel::extract::doc;
use snuffel::extract::document::Emitter;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let split = 2 + (usize::from(u16::from_le_bytes([data[0], data[1]])) % (data.len() - 1));
    let (word, table) = data[2..].split_at((split - 2).min(data.len() - 2));
    let mut send = common::sink;
    let mut out = Emitter::new(common::limits(), &mut send);
    let _ = doc::read_streams(word, table, &mut out);
});
