//! Masks: what a report may show of a value without identifying the person.
//!
//! A national or BIS number keeps at most its two check digits, an IBAN its country and last
//! four characters, an e-mail address the first letter of the local part and the domain, a BSN
//! and an identity card number their last two digits, a phone number its country and last two
//! digits, and a lexicon term its first letter (the finding's category says what it is about).

use crate::validate::Validator;

/// The masked form of a normalised value.
pub fn mask(validator: Validator, value: &str) -> String {
    match validator {
        Validator::BeNationalNumber | Validator::BeBisNumber => national_number(value),
        Validator::Iban => iban(value),
        Validator::BeLegacyAccount => legacy_account(value),
        Validator::Email => email(value),
        Validator::NlBsn => format!("*******{}", last(value, 2)),
        Validator::BeEidCard => format!("***-*******-{}", last(value, 2)),
        Validator::Phone => phone(value),
        Validator::Lexicon => first_letter(value),
    }
}

/// `+32 *******56`: the country (the value is E.164) and the last two digits.
fn phone(value: &str) -> String {
    let country = value.get(..3).unwrap_or("+");
    let hidden = value.len().saturating_sub(5);
    format!("{country} {}{}", "*".repeat(hidden), last(value, 2))
}

fn last(value: &str, n: usize) -> &str {
    &value[value.len().saturating_sub(n)..]
}

fn national_number(value: &str) -> String {
    format!("**.**.**-***.{}", last(value, 2))
}

/// `BE** **** **** 0354`: grouped by four like a printed IBAN.
fn iban(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let keep_from = chars.len().saturating_sub(4);
    let masked: Vec<char> = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| if i < 2 || i >= keep_from { c } else { '*' })
        .collect();
    masked
        .chunks(4)
        .map(|g| g.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `***-*****90-12`.
fn legacy_account(value: &str) -> String {
    let d = value.as_bytes();
    if d.len() != 12 {
        return "***-*******-**".into();
    }
    format!(
        "***-*****{}-{}",
        String::from_utf8_lossy(&d[8..10]),
        String::from_utf8_lossy(&d[10..])
    )
}

fn email(value: &str) -> String {
    match value.rsplit_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".into(),
    }
}

fn first_letter(value: &str) -> String {
    let mut chars = value.chars();
    let first = chars.next().unwrap_or('*');
    std::iter::once(first)
        .chain(chars.map(|c| if c == ' ' { ' ' } else { '*' }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_hide_what_identifies() {
        assert_eq!(
            mask(Validator::BeNationalNumber, "85073003328"),
            "**.**.**-***.28"
        );
        assert_eq!(
            mask(Validator::Iban, "BE68539007547034"),
            "BE** **** **** 7034"
        );
        assert_eq!(
            mask(Validator::Iban, "NL91ABNA0417164300"),
            "NL** **** **** **43 00"
        );
        assert_eq!(
            mask(Validator::BeLegacyAccount, "539007547034"),
            "***-*****70-34"
        );
        assert_eq!(
            mask(Validator::Email, "jan.peeters@example.be"),
            "j***@example.be"
        );
        assert_eq!(mask(Validator::NlBsn, "111222333"), "*******33");
        assert_eq!(mask(Validator::BeEidCard, "448527911989"), "***-*******-89");
        assert_eq!(mask(Validator::Phone, "+32478123456"), "+32 *******56");
        assert_eq!(
            mask(Validator::Lexicon, "congé de maladie"),
            "c**** ** *******"
        );
    }
}
