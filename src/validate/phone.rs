//! Belgian and Dutch phone numbers, checked against the national numbering plans.
//!
//! The plans come from the `phonenumber` crate, which carries libphonenumber's metadata (fed by
//! the regulators' plans and refreshed with every release): for each country and type of
//! number, a pattern of the national significant number. Writing the plans out by hand would go
//! stale. Only numbers that reach a person count: fixed lines, mobiles, personal and VoIP
//! numbers; free, premium-rate and shared-cost service numbers (0800, 0900, 070 …) belong to
//! businesses.
//!
//! The crate's own `parse` and `is_valid` were measured at six times the cost of the whole scan
//! of a 200 MB dump (a general parser, and a small regex cache that recompiles the patterns it
//! evicts): this module takes only the patterns, compiled once into one anchored regex per
//! country.
//!
//! A national form (`0478/12.34.56`, `020 123 4567`) is tried as Belgian, then as Dutch; an
//! international one (`+32 …`, `0031 …`, `+32 (0)…`) says its country itself. The value is the
//! number in E.164 (`+32478123456`).

use std::sync::LazyLock;

use phonenumber::metadata::DATABASE;
use regex_automata::util::syntax;
use regex_automata::{dfa, Input};

use super::Valid;

/// One country's plan: its calling code and the numbers in it that reach a person.
struct Plan {
    code: &'static str,
    personal: dfa::regex::Regex,
}

impl Plan {
    fn has(&self, national: &str) -> bool {
        self.personal.is_match(Input::new(national))
    }
}

/// Belgium first: a national form is tried in this order.
static PLANS: LazyLock<Vec<Plan>> = LazyLock::new(|| {
    [("32", "BE"), ("31", "NL")]
        .into_iter()
        .filter_map(|(code, id)| {
            let meta = DATABASE.by_id(id)?;
            let d = meta.descriptors();
            let patterns: Vec<String> = [d.fixed_line(), d.mobile(), d.personal_number(), d.voip()]
                .into_iter()
                .flatten()
                .map(|desc| format!("(?:{})", desc.national_number().as_str()))
                .collect();
            // A fully compiled DFA: this runs for every phone-shaped number of a scan, on a few
            // digits, where a lazy DFA's or a backtracker's setup costs more than the match.
            // The metadata's patterns are laid out with whitespace, as libphonenumber's XML
            // writes them.
            let personal = dfa::regex::Regex::builder()
                .syntax(syntax::Config::new().ignore_whitespace(true).unicode(false))
                .build(&format!("^(?:{})$", patterns.join("|")))
                .ok()?;
            Some(Plan { code, personal })
        })
        .collect()
});

/// The longest leading part of `candidate`, ending at a group, that is a number of a plan: a
/// match may run on into the next number (`0478 12 34 56 12 34`).
pub fn validate(candidate: &[u8]) -> Option<Valid> {
    let ends = (1..=candidate.len())
        .rev()
        .filter(|&end| end == candidate.len() || !candidate[end].is_ascii_digit());
    for end in ends {
        if !candidate[end - 1].is_ascii_digit() {
            continue;
        }
        if let Some(valid) = validate_whole(&candidate[..end]) {
            return Some(valid);
        }
    }
    None
}

/// Whether a group of digits between separators has a single digit, other than the one right
/// after an international prefix (`+32 2 …`, `+31 6 …`): people write numbers in groups of two
/// or more, and decimals in a table (`0465 2.0526`) are not a number.
fn has_lone_digit(candidate: &[u8]) -> bool {
    let skip = match candidate.first() {
        Some(b'+') => 1,
        _ => 0,
    };
    let mut groups = candidate
        .split(|b| !b.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .skip(skip);
    if skip == 1 {
        // After `+32`, an optional `(0)`, then the area or mobile prefix may be one digit.
        groups.next();
        let mut rest: Vec<&[u8]> = groups.collect();
        if rest.first() == Some(&&b"0"[..]) {
            rest.remove(0);
        }
        return rest.iter().skip(1).any(|g| g.len() == 1);
    }
    let all: Vec<&[u8]> = groups.collect();
    match all.first() {
        // `0032 …`: the same after the country code.
        Some(first) if first.starts_with(b"00") => all.iter().skip(2).any(|g| g.len() == 1),
        _ => all.iter().any(|g| g.len() == 1),
    }
}

fn validate_whole(candidate: &[u8]) -> Option<Valid> {
    if has_lone_digit(candidate) {
        return None;
    }
    // The candidate regex bounds a match to 20-odd bytes: its digits fit on the stack (this runs
    // for every phone-shaped number of a scan).
    let mut buf = [0u8; 24];
    let mut n = 0;
    for &b in candidate.iter().filter(|b| b.is_ascii_digit()) {
        *buf.get_mut(n)? = b;
        n += 1;
    }
    let digits = std::str::from_utf8(&buf[..n]).ok()?;
    let text = std::str::from_utf8(candidate).ok()?;
    let (plan, national) = match international_digits(text, digits) {
        Some(rest) => {
            let plan = PLANS.iter().find(|p| rest.starts_with(p.code))?;
            // `+32 (0)478 …`: the trunk zero in brackets is not dialled from abroad.
            let national = &rest[plan.code.len()..];
            let national = national.strip_prefix('0').unwrap_or(national);
            plan.personal
                .is_match(national)
                .then_some((plan, national))?
        }
        None => {
            let national = digits.strip_prefix('0')?;
            let plan = PLANS.iter().find(|p| p.has(national))?;
            (plan, national)
        }
    };
    Some(Valid {
        value: format!("+{}{national}", plan.code),
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
    fn decimals_in_a_table_are_not_a_number() {
        assert_eq!(e164("0465 2.0526 2"), None);
        assert_eq!(e164("+32 2 511 22 33").as_deref(), Some("+3225112233"));
        assert_eq!(e164("0032 2 511 22 33").as_deref(), Some("+3225112233"));
        assert_eq!(e164("+32 (0)2 511 22 33").as_deref(), Some("+3225112233"));
    }

    #[test]
    fn a_match_that_runs_on_gives_the_number_it_starts_with() {
        let v = validate(b"0478 12 34 56 12 34").unwrap();
        assert_eq!((v.value.as_str(), v.len), ("+32478123456", 13));
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
