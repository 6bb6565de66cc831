//! The number of a Belgian identity card (eID, kids-ID, foreigner's card): twelve digits,
//! written `448-5279119-89` or compact. The last two digits are the first ten modulo 97, with a
//! remainder of 0 written as 97.
//!
//! The old Belgian bank account number (`123-4567890-12`) has exactly this shape and this check,
//! so the digits cannot tell a card from an account: the pattern files decide by context (a
//! card's keyword makes a card; otherwise the account detector, which shares the candidate
//! regex, has its turn).
//!
//! Reference: FOD Binnenlandse Zaken, Algemene Directie Instellingen en Bevolking, "De
//! elektronische identiteitskaart" (structure of the card number).

use super::Valid;

pub fn validate(candidate: &[u8]) -> Option<Valid> {
    let mut digits = Vec::with_capacity(12);
    for &b in candidate {
        match b {
            b'0'..=b'9' => digits.push(b),
            b'-' | b' ' | b'.' => {}
            _ => return None,
        }
    }
    // The account number's check is the card's (see the module docs).
    if !super::iban::is_valid_be_bban(&digits) || digits[..10].iter().all(|&d| d == b'0') {
        return None;
    }
    let digits: Vec<u8> = digits.iter().map(|d| d - b'0').collect();
    Some(Valid::of_digits(&digits, candidate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_is_the_first_ten_digits_modulo_97() {
        // 4485279119 mod 97 = 89.
        assert_eq!(validate(b"448-5279119-89").unwrap().value, "448527911989");
        assert!(validate(b"448527911989").unwrap().compact);
        assert!(validate(b"448-5279119-88").is_none());
        assert!(validate(b"448-5279119").is_none());
    }

    #[test]
    fn a_remainder_of_zero_is_written_97() {
        // 97 × 46391752 = 4499999944: its remainder is 0.
        assert!(validate(b"449-9999944-97").is_some());
        assert!(validate(b"449-9999944-00").is_none());
        assert!(validate(b"000-0000000-97").is_none());
    }
}
