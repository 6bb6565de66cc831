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
//! evicts), and loading its database costs every run 45 ms: `build.rs` takes only the two
//! countries' patterns out of it, and this module compiles them once into one anchored DFA per
//! country.
//!
//! A national form (`0478/12.34.56`, `020 123 4567`) is tried as Belgian, then as Dutch; an
//! international one (`+32 …`, `0031 …`, `+32 (0)…`) says its country itself. The value is the
//! number in E.164 (`+32478123456`).

use std::sync::LazyLock;

use compact_str::CompactString;
use regex_automata::util::syntax;
use regex_automata::{dfa, Input};

use super::Valid;

mod metadata {
    include!(concat!(env!("OUT_DIR"), "/phone_plans.rs"));
}

/// One country's plan: its calling code and the numbers in it that reach a person.
struct Plan {
    code: &'static str,
    personal: dfa::regex::Regex,
    /// Bit n is set when a number of n digits may be one: the shorter parts of a candidate,
    /// tried when the whole is no number, mostly fail here, before the DFA runs.
    lengths: u32,
}

impl Plan {
    fn has(&self, national: &[u8]) -> bool {
        let length_fits = 1u32
            .checked_shl(national.len() as u32)
            .is_some_and(|bit| self.lengths & bit != 0);
        length_fits && self.personal.is_match(Input::new(national))
    }
}

/// Belgium first: a national form is tried in this order.
static PLANS: LazyLock<Vec<Plan>> = LazyLock::new(|| {
    metadata::PLANS
        .iter()
        .map(|&(code, pattern, lengths)| {
            // A fully compiled DFA: this runs for every phone-shaped number of a scan, on a few
            // digits, where a lazy DFA's or a backtracker's setup costs more than the match.
            // The metadata's patterns are laid out with whitespace, as libphonenumber's XML
            // writes them.
            let personal = dfa::regex::Regex::builder()
                .syntax(syntax::Config::new().ignore_whitespace(true).unicode(false))
                .build(&format!("^(?:{pattern})$"))
                .expect("libphonenumber's patterns compile");
            Plan {
                code,
                personal,
                lengths,
            }
        })
        .collect()
});

/// The candidate regex bounds a match to 20-odd bytes; a longer one is no phone number.
const MAX_DIGITS: usize = 24;

/// A candidate taken apart once: its digits, and after each group of them (a run between
/// separators) how many digits and bytes it has reached.
struct Groups {
    digits: [u8; MAX_DIGITS],
    /// (digits so far, bytes so far) at the end of each group.
    ends: [(u8, u8); MAX_DIGITS],
    len: usize,
    international: bool,
    /// How many leading groups may form a number: people write numbers in groups of two or
    /// more digits, and decimals in a table (`0465 2.0526`) are not a number. Only the group
    /// right after an international prefix may be one digit (`+32 2 …`, `+31 6 …`), and `(0)`.
    usable: usize,
}

impl Groups {
    fn of(candidate: &[u8]) -> Option<Groups> {
        if candidate.len() > usize::from(u8::MAX) {
            return None;
        }
        let mut g = Groups {
            digits: [0; MAX_DIGITS],
            ends: [(0, 0); MAX_DIGITS],
            len: 0,
            international: candidate.first() == Some(&b'+') || candidate.starts_with(b"00"),
            usable: usize::MAX,
        };
        let mut n = 0;
        let mut run = 0;
        for (i, &b) in candidate.iter().enumerate() {
            if b.is_ascii_digit() {
                *g.digits.get_mut(n)? = b;
                n += 1;
                run += 1;
            }
            let group_ends = run > 0 && candidate.get(i + 1).is_none_or(|c| !c.is_ascii_digit());
            if group_ends {
                g.note_group(run, n, i + 1);
                run = 0;
            }
        }
        Some(g)
    }

    fn note_group(&mut self, run: usize, digits: usize, bytes: usize) {
        let index = self.len;
        self.ends[index] = (digits as u8, bytes as u8);
        self.len += 1;
        if run > 1 || self.usable != usize::MAX {
            return;
        }
        // A lone digit: allowed as `(0)` after the country code, or as the group after it.
        let after_code =
            self.international && (index == 1 || (index == 2 && self.group(1) == b"0"));
        if !after_code {
            self.usable = index;
        }
    }

    fn group(&self, index: usize) -> &[u8] {
        let from = index.checked_sub(1).map_or(0, |i| self.ends[i].0 as usize);
        &self.digits[from..self.ends[index].0 as usize]
    }

    /// The number the first `k` groups spell, if a plan has it: (E.164 value, bytes taken).
    fn number(&self, k: usize) -> Option<(CompactString, usize)> {
        let (digits, bytes) = self.ends[k - 1];
        let digits = &self.digits[..digits as usize];
        let (plan, national) = if self.international {
            let rest = digits.strip_prefix(b"00").unwrap_or(digits);
            let plan = PLANS.iter().find(|p| rest.starts_with(p.code.as_bytes()))?;
            // `+32 (0)478 …`: the trunk zero in brackets is not dialled from abroad.
            let national = &rest[plan.code.len()..];
            let national = national.strip_prefix(b"0").unwrap_or(national);
            (plan.has(national).then_some(plan)?, national)
        } else {
            let national = digits.strip_prefix(b"0")?;
            (PLANS.iter().find(|p| p.has(national))?, national)
        };
        let national = std::str::from_utf8(national).ok()?; // ASCII digits
        let mut value = CompactString::with_capacity(1 + plan.code.len() + national.len());
        value.push('+');
        value.push_str(plan.code);
        value.push_str(national);
        Some((value, bytes as usize))
    }
}

/// The longest leading part of `candidate`, ending at a group, that is a number of a plan: a
/// match may run on into the next number (`0478 12 34 56 12 34`).
pub fn validate(candidate: &[u8]) -> Option<Valid> {
    let groups = Groups::of(candidate)?;
    let usable = groups.len.min(groups.usable);
    let (value, len) = (1..=usable).rev().find_map(|k| groups.number(k))?;
    Some(Valid {
        value,
        compact: candidate[..len].iter().all(u8::is_ascii_digit),
        role: false,
        len,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e164(text: &str) -> Option<String> {
        validate(text.as_bytes()).map(|v| v.value.to_string())
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
        assert_eq!(
            e164("+32 478 1 23 45 6"),
            None,
            "a lone digit past the prefix"
        );
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
