//! The Dutch citizen service number (burgerservicenummer, BSN; formerly the sofinummer).
//!
//! Nine digits (older eight-digit numbers are padded with a leading zero) that pass the
//! eleven-test: the digits weighted 9, 8, 7, 6, 5, 4, 3, 2 and −1 sum to a multiple of 11 that
//! is not 0. One random nine-digit number in eleven passes, so the check proves little on its
//! own: the pattern file asks for context (a keyword or a column header) before a BSN counts.
//!
//! Reference: Wet algemene bepalingen burgerservicenummer; the eleven-test as the Dutch
//! government's "Logisch ontwerp BSN" describes it.

use super::Valid;

/// Weights of the eleven-test, first digit to last.
const WEIGHTS: [i32; 9] = [9, 8, 7, 6, 5, 4, 3, 2, -1];

/// The digits of a candidate (eight or nine; separators `.`, ` `, `-` between them), padded
/// to nine.
fn digits(candidate: &[u8]) -> Option<[u8; 9]> {
    let mut found = [0u8; 9];
    let mut n = 0;
    for &b in candidate {
        match b {
            b'0'..=b'9' => {
                *found.get_mut(n)? = b - b'0';
                n += 1;
            }
            b' ' | b'.' | b'-' => {}
            _ => return None,
        }
    }
    match n {
        9 => Some(found),
        8 => {
            let mut padded = [0u8; 9];
            padded[1..].copy_from_slice(&found[..8]);
            Some(padded)
        }
        _ => None,
    }
}

/// Whether nine digits pass the eleven-test.
pub fn passes_eleven_test(d: &[u8; 9]) -> bool {
    let sum: i32 = d
        .iter()
        .zip(WEIGHTS)
        .map(|(&digit, w)| i32::from(digit) * w)
        .sum();
    sum != 0 && sum % 11 == 0
}

pub fn validate(candidate: &[u8]) -> Option<Valid> {
    let d = digits(candidate)?;
    if !passes_eleven_test(&d) {
        return None;
    }
    Some(Valid::of_digits(&d, candidate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleven_test() {
        // 9·1 + 8·1 + 7·1 + 6·2 + 5·2 + 4·2 + 3·3 + 2·3 − 3 = 66 = 6 × 11.
        assert_eq!(validate(b"111222333").unwrap().value, "111222333");
        // The same digits with the last one changed: 65.
        assert!(validate(b"111222334").is_none());
        assert!(validate(b"000000000").is_none(), "a sum of 0 is no number");
    }

    #[test]
    fn written_forms() {
        let grouped = validate(b"1112.22.333").unwrap();
        assert_eq!(
            (grouped.value.as_str(), grouped.compact),
            ("111222333", false)
        );
        assert_eq!(validate(b"111 222 333").unwrap().value, "111222333");
        assert!(validate(b"111222333").unwrap().compact);
    }

    #[test]
    fn eight_digits_are_padded() {
        // 012345672: 8·1 + 7·2 + 6·3 + 5·4 + 4·5 + 3·6 + 2·7 − 2 = 110.
        assert_eq!(validate(b"12345672").unwrap().value, "012345672");
        assert!(validate(b"1234567").is_none());
        assert!(validate(b"1111111234").is_none());
    }
}
