//! Validate stage: decides whether a candidate the detect stage found is real.
//!
//! Every check here is arithmetic or calendar logic (mod-97, birth dates, per-country IBAN
//! lengths, plausible e-mail domains), never a regular expression: the regexes in `patterns/`
//! only propose candidates. A validator turns the candidate's bytes into a normalised value
//! (digits only, upper-case IBAN, lower-case address) or rejects it.
//!
//! What a finding is worth (its confidence) is decided by the detect stage from context; this
//! stage only answers "is this a well-formed, checksum-valid identifier".

pub mod be_eid;
pub mod email;
pub mod iban;
pub mod national_number;
pub mod nl_bsn;
pub mod phone;

use compact_str::CompactString;
use serde::Deserialize;

/// The day against which birth dates are judged, injectable so tests stay deterministic.
pub type Today = jiff::civil::Date;

/// Which check a pattern file asks for (`validator = "..."` in `patterns/*.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Validator {
    /// Belgian national register number (rijksregisternummer / numéro de registre national).
    BeNationalNumber,
    /// Belgian BIS number: a national number with the month raised by 20 or 40.
    BeBisNumber,
    /// ISO 13616 IBAN, any country.
    Iban,
    /// The pre-2002 Belgian account number `123-4567890-12`.
    BeLegacyAccount,
    /// An e-mail address.
    Email,
    /// The Dutch citizen service number (BSN).
    NlBsn,
    /// The number of a Belgian identity card.
    BeEidCard,
    /// A Belgian or Dutch phone number.
    Phone,
    /// A lexicon term: the detect stage already matched a whole word from a list.
    Lexicon,
}

/// A candidate that passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valid {
    /// The normalised value (the only form the report ever fingerprints or, with `--reveal`, shows).
    /// Kept inline up to 24 bytes (every number snuffel validates): a dump yields a million
    /// values, and a heap allocation for each cost 2 % of its scan.
    pub value: CompactString,
    /// Written without any separator (`85073003328`), which makes it look like any other number.
    pub compact: bool,
    /// A role mailbox (info@, privacy@ …): a contact point, not a person's data.
    pub role: bool,
    /// How many bytes of the candidate the value takes (the candidate regex may match more).
    pub len: usize,
}

impl Validator {
    /// Whether a valid value identifies a person (a national number, a BSN, an account),
    /// rather than being a way to reach one (an address, a phone number) or a word.
    pub fn identifies(self) -> bool {
        !matches!(
            self,
            Validator::Email | Validator::Phone | Validator::Lexicon
        )
    }

    /// Checks `candidate` (the exact bytes the detector matched).
    pub fn validate(self, candidate: &[u8], today: Today, roles: &email::Roles) -> Option<Valid> {
        match self {
            Validator::BeNationalNumber => {
                national_number::validate(candidate, today, national_number::Register::National)
            }
            Validator::BeBisNumber => {
                national_number::validate(candidate, today, national_number::Register::Bis)
            }
            Validator::Iban => iban::validate(candidate),
            Validator::BeLegacyAccount => iban::validate_be_legacy(candidate),
            Validator::Email => email::validate(candidate, roles),
            Validator::NlBsn => nl_bsn::validate(candidate),
            Validator::BeEidCard => be_eid::validate(candidate),
            Validator::Phone => phone::validate(candidate),
            Validator::Lexicon => None,
        }
    }
}

/// Digits (`0`-`9` as numbers) as text, written once: collecting them a character at a time
/// cost 5 % of the detect stage on a CSV export.
pub(crate) fn digits_text(digits: &[u8]) -> CompactString {
    let ascii: Vec<u8>;
    let mut buf = [0u8; 24];
    let text = match buf.get_mut(..digits.len()) {
        Some(out) => {
            out.iter_mut().zip(digits).for_each(|(o, &d)| *o = b'0' + d);
            &*out
        }
        None => {
            ascii = digits.iter().map(|&d| b'0' + d).collect();
            &ascii
        }
    };
    CompactString::from_utf8(text).unwrap_or_default()
}

impl Valid {
    /// A number's value: its digits (`0`-`9` as numbers), as written in `candidate`.
    pub(crate) fn of_digits(digits: &[u8], candidate: &[u8]) -> Valid {
        Valid {
            value: digits_text(digits),
            compact: candidate.iter().all(u8::is_ascii_digit),
            role: false,
            len: candidate.len(),
        }
    }
}

/// Remainder of a decimal digit string modulo 97, digit by digit, so any length fits.
pub(crate) fn mod97_digits(digits: impl IntoIterator<Item = u8>) -> u32 {
    digits
        .into_iter()
        .fold(0u32, |acc, d| (acc * 10 + u32::from(d)) % 97)
}
