//! IBANs (ISO 13616) and the old Belgian account number.
//!
//! An IBAN is a country code, two check digits and a BBAN whose length is fixed per country.
//! It is valid when moving the first four characters to the end and reading letters as 10–35
//! gives a number that is 1 modulo 97. Check digits 00, 01 and 99 cannot come out of that
//! computation and are rejected outright. The Belgian BBAN carries its own check as well: the
//! last two digits are the first ten modulo 97 (0 written as 97), as in the pre-IBAN form
//! `123-4567890-12`.

use compact_str::CompactString;

use super::{mod97_digits, Valid};

/// BBAN+prefix length of every country in the SWIFT IBAN registry (release 2024/2025).
const COUNTRY_LENGTHS: &[(&[u8; 2], usize)] = &[
    (b"AD", 24),
    (b"AE", 23),
    (b"AL", 28),
    (b"AT", 20),
    (b"AZ", 28),
    (b"BA", 20),
    (b"BE", 16),
    (b"BG", 22),
    (b"BH", 22),
    (b"BI", 27),
    (b"BR", 29),
    (b"BY", 28),
    (b"CH", 21),
    (b"CR", 22),
    (b"CY", 28),
    (b"CZ", 24),
    (b"DE", 22),
    (b"DJ", 27),
    (b"DK", 18),
    (b"DO", 28),
    (b"EE", 20),
    (b"EG", 29),
    (b"ES", 24),
    (b"FI", 18),
    (b"FK", 18),
    (b"FO", 18),
    (b"FR", 27),
    (b"GB", 22),
    (b"GE", 22),
    (b"GI", 23),
    (b"GL", 18),
    (b"GR", 27),
    (b"GT", 28),
    (b"HN", 28),
    (b"HR", 21),
    (b"HU", 28),
    (b"IE", 22),
    (b"IL", 23),
    (b"IQ", 23),
    (b"IS", 26),
    (b"IT", 27),
    (b"JO", 30),
    (b"KW", 30),
    (b"KZ", 20),
    (b"LB", 28),
    (b"LC", 32),
    (b"LI", 21),
    (b"LT", 20),
    (b"LU", 20),
    (b"LV", 21),
    (b"LY", 25),
    (b"MC", 27),
    (b"MD", 24),
    (b"ME", 22),
    (b"MK", 19),
    (b"MN", 20),
    (b"MR", 27),
    (b"MT", 31),
    (b"MU", 30),
    (b"NI", 28),
    (b"NL", 18),
    (b"NO", 15),
    (b"OM", 23),
    (b"PK", 24),
    (b"PL", 28),
    (b"PS", 29),
    (b"PT", 25),
    (b"QA", 29),
    (b"RO", 24),
    (b"RS", 22),
    (b"RU", 33),
    (b"SA", 24),
    (b"SC", 31),
    (b"SD", 18),
    (b"SE", 24),
    (b"SI", 19),
    (b"SK", 24),
    (b"SM", 27),
    (b"SO", 23),
    (b"ST", 25),
    (b"SV", 28),
    (b"TL", 23),
    (b"TN", 24),
    (b"TR", 26),
    (b"UA", 29),
    (b"VA", 22),
    (b"VG", 24),
    (b"XK", 20),
    (b"YE", 30),
];

/// The registered IBAN length of a country, if it has IBANs at all.
pub fn country_length(country: &[u8]) -> Option<usize> {
    COUNTRY_LENGTHS
        .iter()
        .find(|(c, _)| c.as_slice() == country)
        .map(|&(_, len)| len)
}

/// Validates a candidate IBAN written compact or in groups, in any case.
///
/// The candidate regex takes groups of four greedily, so it may have swallowed a word or number
/// after the IBAN (`BE68 5390 0754 7034 voor`); the value ends where the country's length is
/// reached, provided that is where a group ends.
pub fn validate(candidate: &[u8]) -> Option<Valid> {
    let mut compact: Vec<u8> = Vec::with_capacity(34);
    let mut wanted = usize::MAX;
    let mut used = candidate.len();
    for (i, &b) in candidate.iter().enumerate() {
        if b == b' ' {
            continue;
        }
        compact.push(b.to_ascii_uppercase());
        if compact.len() == 2 {
            wanted = country_length(&compact)?;
        }
        if compact.len() == wanted {
            used = i + 1;
            break;
        }
    }
    let glued = candidate.get(used).is_some_and(|b| *b != b' ');
    if glued || !is_valid_compact(&compact) {
        return None;
    }
    Some(Valid {
        compact: !candidate[..used].contains(&b' '),
        value: CompactString::from_utf8(compact).ok()?,
        role: false,
        len: used,
    })
}

/// The full IBAN check over an upper-case IBAN without spaces.
pub fn is_valid_compact(iban: &[u8]) -> bool {
    if iban.len() < 5 || !iban.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let (country, check, bban) = (&iban[..2], &iban[2..4], &iban[4..]);
    if country_length(country) != Some(iban.len()) || !check.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if matches!(check, b"00" | b"01" | b"99") || iban_mod97(iban) != 1 {
        return false;
    }
    country != b"BE" || is_valid_be_bban(bban)
}

/// ISO 13616 remainder: the first four characters moved to the end, letters as 10..=35.
fn iban_mod97(iban: &[u8]) -> u32 {
    let rearranged = iban[4..].iter().chain(&iban[..4]);
    let mut acc = 0u32;
    for &c in rearranged {
        acc = if c.is_ascii_digit() {
            (acc * 10 + u32::from(c - b'0')) % 97
        } else {
            (acc * 100 + u32::from(c - b'A' + 10)) % 97
        };
    }
    acc
}

/// The Belgian national check: twelve digits, the last two the first ten mod 97 (0 as 97).
/// Twelve ASCII digits whose last two are the first ten modulo 97 (0 written 97): a Belgian
/// account number, and also a Belgian identity card number.
pub(crate) fn is_valid_be_bban(bban: &[u8]) -> bool {
    if bban.len() != 12 || !bban.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let rest = mod97_digits(bban[..10].iter().map(|b| b - b'0'));
    let check = u32::from(bban[10] - b'0') * 10 + u32::from(bban[11] - b'0');
    check == if rest == 0 { 97 } else { rest }
}

/// The pre-2002 Belgian account number, `123-4567890-12`, normalised to its twelve digits.
pub fn validate_be_legacy(candidate: &[u8]) -> Option<Valid> {
    let digits: Vec<u8> = candidate
        .iter()
        .copied()
        .filter(u8::is_ascii_digit)
        .collect();
    if !is_valid_be_bban(&digits) || digits[..10].iter().all(|&d| d == b'0') {
        return None;
    }
    Some(Valid {
        compact: candidate.iter().all(u8::is_ascii_digit),
        value: CompactString::from_utf8(digits).ok()?,
        role: false,
        len: candidate.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ibans_of_several_countries() {
        for iban in [
            "BE71 0961 2345 6769",
            "BE68539007547034",
            "be68 5390 0754 7034",
            "NL91ABNA0417164300",
            "DE89 3704 0044 0532 0130 00",
            "FR14 2004 1010 0505 0001 3M02 606",
            "GB29 NWBK 6016 1331 9268 19",
            "NO9386011117947",
            "LU280019400644750000",
        ] {
            assert!(validate(iban.as_bytes()).is_some(), "{iban}");
        }
    }

    #[test]
    fn invalid_ibans() {
        for iban in [
            "BE71 0961 2345 6768",         // one digit changed
            "BE68 5390 0754 703",          // too short for BE
            "NL91ABNA04171643001",         // too long for NL
            "XX91ABNA0417164300",          // no such country
            "DE00 3704 0044 0532 0130 00", // reserved check digits
        ] {
            assert!(validate(iban.as_bytes()).is_none(), "{iban}");
        }
    }

    #[test]
    fn belgian_iban_needs_its_internal_check() {
        // BE with a correct ISO check but a BBAN whose own mod-97 is wrong.
        let bban = b"539007547035";
        let mut s = b"BE00".to_vec();
        s.extend_from_slice(bban);
        let check = 98 - iban_mod97(&s);
        let iban = format!("BE{check:02}539007547035");
        assert_eq!(iban_mod97(iban.as_bytes()), 1, "ISO check holds");
        assert!(validate(iban.as_bytes()).is_none(), "{iban}");
    }

    #[test]
    fn iban_followed_by_more_groups() {
        let v = validate(b"BE68 5390 0754 7034 voor").unwrap();
        assert_eq!((v.value.as_str(), v.len), ("BE68539007547034", 19));
        assert!(validate(b"BE68 5390 0754 70345").is_none(), "glued digit");
    }

    #[test]
    fn legacy_account_numbers() {
        assert!(validate_be_legacy(b"539-0075470-34").is_some());
        assert!(validate_be_legacy(b"539-0075470-35").is_none());
        assert!(validate_be_legacy(b"000-0000000-97").is_none());
    }
}
