//! Belgian national register numbers and BIS numbers.
//!
//! Eleven digits `YYMMDD SSS CC`: a birth date, a serial (odd for men, even for women; 001–998),
//! and a check `97 - (YYMMDDSSS mod 97)`. For people born from 2000 the check is computed over
//! the digit `2` followed by the nine digits, which is also how the century is told apart.
//! BIS numbers (for people not in the national register) raise the month by 20 (gender unknown at
//! issue) or 40 (gender known). A month or day of 00 stands for an unknown date part.
//!
//! Reference: Koninklijk besluit van 3 april 1984, and the Kruispuntbank (KSZ/BCSS) description
//! of the INSZ/NISS identification number.

use super::{Today, Valid};

/// Which register the number belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Register {
    National,
    Bis,
}

/// Extracts exactly eleven digits from a candidate, allowing separators between them.
pub fn digits(candidate: &[u8]) -> Option<[u8; 11]> {
    let mut out = [0u8; 11];
    let mut n = 0;
    for &b in candidate {
        match b {
            b'0'..=b'9' => {
                *out.get_mut(n)? = b - b'0';
                n += 1;
            }
            b' ' | b'.' | b'-' | b'/' => {}
            _ => return None,
        }
    }
    (n == 11).then_some(out)
}

/// Validates a candidate as a number of `register`; see the module docs for the rules.
pub fn validate(candidate: &[u8], today: Today, register: Register) -> Option<Valid> {
    let d = digits(candidate)?;
    // The month tells the registers apart: look at it before the full check, which the other
    // register's validator would otherwise repeat for every candidate.
    if register_of_month(d[2] * 10 + d[3])?.0 != register || check(&d, today)?.register != register
    {
        return None;
    }
    let value = super::digits_text(&d);
    Some(Valid {
        compact: candidate.len() == 11,
        value,
        role: false,
        len: candidate.len(),
    })
}

/// What a valid number says about its holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoded {
    pub register: Register,
    /// Year of birth, whose century the checksum decides.
    pub year: i16,
}

/// Full check of eleven digits: serial, checksum (which fixes the century), and birth date.
pub fn check(d: &[u8; 11], today: Today) -> Option<Decoded> {
    let num = |r: std::ops::Range<usize>| d[r].iter().fold(0u32, |a, &x| a * 10 + u32::from(x));
    let serial = num(6..9);
    if !(1..=998).contains(&serial) {
        return None;
    }
    let first9 = u64::from(num(0..9));
    let check = u64::from(num(9..11));
    let century = if 97 - first9 % 97 == check {
        1900
    } else if 97 - (2_000_000_000 + first9) % 97 == check {
        2000
    } else {
        return None;
    };
    let (register, month) = register_of_month(d[2] * 10 + d[3])?;
    let year = century + num(0..2) as i16;
    plausible_birth_date(year, month, num(4..6), today)?;
    Some(Decoded { register, year })
}

/// The register a month field belongs to, and the real month (0 when unknown).
fn register_of_month(field: u8) -> Option<(Register, u32)> {
    match u32::from(field) {
        m @ 0..=12 => Some((Register::National, m)),
        m @ 20..=32 => Some((Register::Bis, m - 20)),
        m @ 40..=52 => Some((Register::Bis, m - 40)),
        _ => None,
    }
}

/// A birth date with 00 allowed for an unknown month or day; never in the future.
fn plausible_birth_date(year: i16, month: u32, day: u32, today: Today) -> Option<()> {
    if day > 31 {
        return None;
    }
    // With an unknown part, the earliest date it could stand for must not lie in the future.
    let earliest = match (month, day) {
        (0, _) => jiff::civil::Date::new(year, 1, 1).ok()?,
        (m, 0) => jiff::civil::Date::new(year, m as i8, 1).ok()?,
        (m, d) => jiff::civil::Date::new(year, m as i8, d as i8).ok()?,
    };
    (earliest <= today).then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Today = date(2026, 11, 23);

    fn valid(s: &str) -> Option<Register> {
        Some(check(&digits(s.as_bytes())?, TODAY)?.register)
    }

    /// Builds a valid number from a date part and serial, for either century.
    fn make(yymmdd: &str, serial: u32, from_2000: bool) -> String {
        let first9: u64 = format!("{yymmdd}{serial:03}").parse().unwrap();
        let base = if from_2000 {
            2_000_000_000 + first9
        } else {
            first9
        };
        format!("{first9:09}{:02}", 97 - base % 97)
    }

    #[test]
    fn known_valid_numbers() {
        assert_eq!(valid("85073003328"), Some(Register::National));
        assert_eq!(valid("85.07.30-033.28"), Some(Register::National));
        assert_eq!(valid("850730 033 28"), Some(Register::National));
        assert_eq!(valid("85 07 30 033 28"), Some(Register::National));
        assert_eq!(valid(&make("050101", 123, true)), Some(Register::National));
        assert_eq!(valid(&make("900000", 17, false)), Some(Register::National));
        assert_eq!(valid(&make("852700", 17, false)), Some(Register::Bis));
        assert_eq!(valid(&make("854715", 17, false)), Some(Register::Bis));
        assert_eq!(valid(&make("964000", 17, false)), Some(Register::Bis));
    }

    #[test]
    fn rejects_bad_checksum_serial_and_dates() {
        assert_eq!(valid("85073003327"), None, "checksum");
        assert_eq!(valid(&make("850730", 0, false)), None, "serial 000");
        assert_eq!(valid(&make("850730", 999, false)), None, "serial 999");
        assert_eq!(valid(&make("851330", 1, false)), None, "month 13");
        assert_eq!(valid(&make("850231", 1, false)), None, "31 February");
        assert_eq!(valid(&make("850632", 1, false)), None, "day 32");
        assert_eq!(
            valid(&make("853330", 1, false)),
            None,
            "month 33 is neither"
        );
        assert_eq!(
            valid(&make("000229", 1, true)),
            Some(Register::National),
            "leap day 2000"
        );
        assert_eq!(
            valid(&make("010229", 1, true)),
            None,
            "no 29 February in 2001"
        );
    }

    #[test]
    fn future_dates_are_not_birth_dates() {
        assert_eq!(
            valid(&make("261123", 1, true)),
            Some(Register::National),
            "today"
        );
        assert_eq!(valid(&make("261124", 1, true)), None, "tomorrow");
        assert_eq!(valid(&make("270101", 1, true)), None, "next year");
        assert_eq!(
            valid(&make("261200", 1, true)),
            None,
            "next month, day unknown"
        );
        // The same digits with the 1900s check are a 1927 birth and valid.
        assert_eq!(valid(&make("270101", 1, false)), Some(Register::National));
    }

    #[test]
    fn digits_needs_exactly_eleven() {
        assert!(digits(b"8507300332").is_none());
        assert!(digits(b"850730033289").is_none());
        assert!(digits(b"85073003a28").is_none());
    }
}
