//! Bitmaps of the bytes that give a SQL dump its structure, 64 bytes at a time.
//!
//! Following quotes byte by byte costs a mispredicted branch at nearly every string boundary,
//! and a dump is mostly short strings (82% of the generated dump's bytes are inside strings,
//! 42 quotes per KB). Classifying a block with SIMD compares (the `wide` crate: SSE2 on
//! x86-64, NEON on ARM, scalar elsewhere) and finding the strings with a prefix XOR of the
//! quote bits, as simdjson does, follows them without a branch per string.

use wide::u8x16;

/// Bytes per block.
pub const BLOCK: usize = 64;

/// One bit per byte of a block (bit `i` for byte `i`), for each byte that matters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bitmaps {
    pub single_quote: u64,
    pub double_quote: u64,
    pub backslash: u64,
    pub open: u64,
    pub close: u64,
    pub comma: u64,
    pub semicolon: u64,
}

/// Classifies a block of exactly `BLOCK` bytes.
pub fn classify(block: &[u8]) -> Bitmaps {
    let mut maps = Bitmaps::default();
    for (k, chunk) in block.chunks_exact(16).enumerate() {
        let v = u8x16::new(chunk.try_into().expect("16 bytes"));
        let bits = |b: u8| u64::from(v.cmp_eq(u8x16::splat(b)).move_mask() as u16) << (16 * k);
        maps.single_quote |= bits(b'\'');
        maps.double_quote |= bits(b'"');
        maps.backslash |= bits(b'\\');
        maps.open |= bits(b'(');
        maps.close |= bits(b')');
        maps.comma |= bits(b',');
        maps.semicolon |= bits(b';');
    }
    maps
}

/// Bit `i` of the result is the XOR of bits `0..=i` of `x`: with `x` the quotes of a block,
/// whether byte `i` lies after an odd number of them.
pub fn prefix_xor(mut x: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        x ^= x << shift;
    }
    x
}

/// The bits `from..to` (`to` up to 64).
pub fn between(from: u32, to: u32) -> u64 {
    let below = |n: u32| if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
    below(to) & !below(from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_every_position() {
        let mut block = [b'a'; BLOCK];
        block[0] = b'\'';
        block[17] = b',';
        block[63] = b')';
        let maps = classify(&block);
        assert_eq!(maps.single_quote, 1);
        assert_eq!(maps.comma, 1 << 17);
        assert_eq!(maps.close, 1 << 63);
        assert_eq!(
            maps.open | maps.double_quote | maps.backslash | maps.semicolon,
            0
        );
    }

    #[test]
    fn prefix_xor_marks_the_inside_of_strings() {
        // Quotes at 2 and 5: bytes 2..5 are inside.
        assert_eq!(prefix_xor(0b100100), 0b011100);
        assert_eq!(between(2, 5), 0b11100);
        assert_eq!(between(0, 64), u64::MAX);
        assert_eq!(between(64, 64), 0);
    }
}
