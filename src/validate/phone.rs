//! Belgian and Dutch phone numbers, checked against the national numbering plans.
//!
//! The plans come from the `phonenumber` crate (a port of Google's libphonenumber, whose
//! metadata the telecom regulators' plans feed): which prefixes exist, and how long a number
//! behind each is. Writing those plans out by hand would go stale; the crate's metadata is
//! refreshed with every libphonenumber release. Only numbers that reach a person count: fixed
//! lines, mobiles, personal and VoIP numbers. Free, premium-rate and shared-cost service numbers
//! (0800, 0900, 070 …) belong to businesses.
//!
//! A national form (`0478/12.34.56`, `020 123 4567`) is tried as Belgian, then as Dutch; an
//! international one (`+32 …`, `0031 …`) says its country itself. The value is the number in
//! E.164 (`+32478123456`).

use phonenumber::country::Id;
use phonenumber::{Mode, PhoneNumber, Type};

use super::Valid;

/// Country calling codes of the countries whose plans are checked.
const COUNTRIES: [(&str, Id); 2] = [("32", Id::BE), ("31", Id::NL)];

pub fn validate(candidate: &[u8]) -> Option<Valid> {
    let text = std::str::from_utf8(candidate).ok()?;
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let number = if let Some(rest) = international_digits(text, &digits) {
        let (_, country) = COUNTRIES.iter().find(|(code, _)| rest.starts_with(code))?;
        // `+32 (0)478 …`: the trunk zero in brackets is not dialled from abroad.
        let national = rest[2..].strip_prefix('0').unwrap_or(&rest[2..]);
        reachable(phonenumber::parse(Some(*country), format!("+{}{national}", &rest[..2])).ok()?)?
    } else {
        COUNTRIES
            .iter()
            .find_map(|(_, country)| reachable(phonenumber::parse(Some(*country), &digits).ok()?))?
    };
    Some(Valid {
        value: number.format().mode(Mode::E164).to_string(),
        compact: text.bytes().all(|b| b.is_ascii_digit()),
        role: false,
        len: candidate.len(),
    })
}

/// The digits after the international prefix (`+` or `00`), if the number has one.
fn international_digits<'d>(text: &str, digits: &'d str) -> Option<&'d str> {
    match (text.starts_with('+'), digits.strip_prefix("00")) {
        (true, _) => Some(digits),
        (false, Some(rest)) => Some(rest),
        _ => None,
    }
}

/// The number, if the plan says it exists and reaches a person.
fn reachable(number: PhoneNumber) -> Option<PhoneNumber> {
    let personal = matches!(
        number.number_type(&phonenumber::metadata::DATABASE),
        Type::FixedLine
            | Type::Mobile
            | Type::FixedLineOrMobile
            | Type::PersonalNumber
            | Type::Voip
    );
    (personal && phonenumber::is_valid(&number)).then_some(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e164(text: &str) -> Option<String> {
        validate(text.as_bytes()).map(|v| v.value)
    }

    #[test]
    fn belgian_numbers_as_people_write_them() {
        for text in [
            "+32 478 12 34 56",
            "0478/12.34.56",
            "0478 12 34 56",
            "0032 478 12 34 56",
            "+32 (0)478 12 34 56",
            "0478123456",
        ] {
            assert_eq!(e164(text).as_deref(), Some("+32478123456"), "{text}");
        }
        assert_eq!(e164("02 511 22 33").as_deref(), Some("+3225112233"));
        assert_eq!(e164("02/274.13.11").as_deref(), Some("+3222741311"));
        assert_eq!(e164("011 12 34 56").as_deref(), Some("+3211123456"));
    }

    #[test]
    fn dutch_numbers_as_people_write_them() {
        assert_eq!(e164("+31 6 12345678").as_deref(), Some("+31612345678"));
        assert_eq!(e164("06-12345678").as_deref(), Some("+31612345678"));
        assert_eq!(e164("020 123 4567").as_deref(), Some("+31201234567"));
    }

    #[test]
    fn numbers_outside_the_plans_or_of_businesses_are_not_phones() {
        assert_eq!(e164("0800 12 345"), None, "a free service number");
        assert_eq!(e164("0900 12 345"), None, "a premium-rate number");
        assert_eq!(e164("0123 45 67"), None, "no such prefix");
        assert_eq!(
            e164("02 123 45 67"),
            None,
            "Brussels has no numbers that start 021"
        );
        assert_eq!(
            e164("+44 20 7946 0958"),
            None,
            "not a Belgian or Dutch number"
        );
        assert_eq!(e164("0478 12 34 5"), None, "too short for a mobile");
    }
}
