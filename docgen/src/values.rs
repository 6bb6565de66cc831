//! The synthetic values planted in the fixtures, and a seeded generator of more of them for the
//! large benchmark documents.
//!
//! Every national number, BIS number and IBAN here passes its checksum and belongs to nobody;
//! every e-mail address uses a reserved example domain. `fixtures/documents/expected.toml` lists
//! where each one is planted, normalised (digits only, IBAN without spaces, e-mail lowercased).

/// National number, born 30 July 1985, as written on an eID card.
pub const NN_1985: &str = "85.07.30-033.28";
/// National number, born 12 June 2005 (checksum over `2` + the first nine digits).
pub const NN_2005: &str = "05.06.12-045.62";
/// The 2005 number as a spreadsheet number: the leading zero is lost.
pub const NN_2005_AS_NUMBER: f64 = 5_061_204_562.0;
/// National number, born 15 February 1990.
pub const NN_1990: &str = "90.02.15-123.70";
/// National number, born 4 December 1978 (computed for these fixtures).
pub const NN_1978: &str = "78.12.04-123.24";
/// National number, born 11 June 1992 (computed for these fixtures).
pub const NN_1992: &str = "92.06.11-251.35";
/// National number, born 18 March 1967 (computed for these fixtures).
pub const NN_1967: &str = "67.03.18-040.72";
/// BIS number: month 25 is December plus 20 (sex known).
pub const BIS_1985: &str = "85.25.12-071.74";
/// BIS number: month 45 is May plus 40 (sex unknown), computed for these fixtures.
pub const BIS_1993: &str = "93.45.01-123.78";

/// Belgian IBAN, as printed on a statement.
pub const IBAN_BE_1: &str = "BE68 5390 0754 7034";
/// Dutch IBAN, electronic form.
pub const IBAN_NL: &str = "NL91ABNA0417164300";
/// German IBAN, printed form.
pub const IBAN_DE: &str = "DE89 3704 0044 0532 0130 00";
/// Belgian IBAN, printed form.
pub const IBAN_BE_2: &str = "BE21 0012 3456 7803";
/// Belgian IBAN computed for these fixtures.
pub const IBAN_BE_3: &str = "BE14 0631 2345 6783";
/// Belgian IBAN computed for these fixtures.
pub const IBAN_BE_4: &str = "BE56 3631 2345 6788";

/// The decoys: each line looks like an identifier and must give none. The two phone numbers are
/// real numbers in the Belgian plan, so since issue 8 they are found as phone numbers (contact
/// data), and `expected.toml` lists them.
pub const DECOYS: &[(&str, &str)] = &[
    ("Telefoon", "+32 470 12 34 56"),
    ("GSM", "0470/12.34.56"),
    ("BTW-nummer", "BE0123.456.749"),
    ("Bestelnummer", "20240011873"),
    ("Factuurnummer", "F2024-000123"),
    ("Referentie factuur", "45100234981"),
    ("Rijksregisternummer (fout)", "85.07.30-033.29"),
    ("IBAN (fout)", "BE68 5390 0754 7035"),
    ("Datum", "15/03/2024"),
    ("Vervaldag", "2024-04-15"),
    ("Bedrag", "EUR 1.234,56"),
];

/// Writes `11` digits as `yy.mm.dd-sss.cc`.
pub fn format_national(digits: &str) -> String {
    format!(
        "{}.{}.{}-{}.{}",
        &digits[0..2],
        &digits[2..4],
        &digits[4..6],
        &digits[6..9],
        &digits[9..11]
    )
}

/// Splits an electronic IBAN into groups of four, as printed.
pub fn format_iban(iban: &str) -> String {
    let chars: Vec<char> = iban.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A small deterministic generator (xorshift64*), so that the large documents are the same bytes
/// on every machine without a dependency on `rand`.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed; the seed 0 is replaced, as xorshift would stay at 0.
    pub fn new(seed: u64) -> Self {
        Rng(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// A birth date between 1940 and 2019 (days 1 to 28, so every month has them).
    pub fn birth_date(&mut self) -> (u16, u8, u8) {
        let year = 1940 + self.below(80) as u16;
        let month = 1 + self.below(12) as u8;
        let day = 1 + self.below(28) as u8;
        (year, month, day)
    }

    /// A valid national number (11 digits) for someone born on `date`: the date, a serial number
    /// and the check digits, computed over `2` + the first nine digits for births from 2000.
    pub fn national_number_born(&mut self, (year, month, day): (u16, u8, u8)) -> String {
        let serial = 1 + self.below(997);
        let base = u64::from(year % 100) * 10_000_000
            + u64::from(month) * 100_000
            + u64::from(day) * 1000
            + serial;
        let check = if year >= 2000 {
            97 - (2_000_000_000 + base) % 97
        } else {
            97 - base % 97
        };
        format!("{base:09}{check:02}")
    }

    /// A valid national number for a random birth date.
    pub fn national_number(&mut self) -> String {
        let born = self.birth_date();
        self.national_number_born(born)
    }

    /// A valid Belgian IBAN (16 characters, electronic form).
    pub fn belgian_iban(&mut self) -> String {
        let account = self.below(10_000_000_000);
        let mut check = account % 97;
        if check == 0 {
            check = 97;
        }
        let bban = format!("{account:010}{check:02}");
        // Check digits over BBAN + "BE00", letters as numbers (B = 11, E = 14).
        let rearranged = (account * 100 + check) * 1_000_000 + 111_400;
        let iban_check = 98 - rearranged % 97;
        format!("BE{iban_check:02}{bban}")
    }
}

/// Given names for the generated rows.
pub const FIRST_NAMES: &[&str] = &[
    "Jan", "Marie", "Lotte", "Luc", "Sophie", "An", "Pieter", "Els", "Karim", "Nathalie", "Tom",
    "Ines", "Wim", "Fatima", "Koen", "Julie", "Bart", "Amélie", "Yusuf", "Griet",
];

/// Family names for the generated rows.
pub const LAST_NAMES: &[&str] = &[
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Lambert",
    "Dupont",
    "Martin",
    "Simon",
    "Vermeulen",
    "El Amrani",
    "Van den Broeck",
    "Hermans",
    "Leclercq",
];

/// Reserved example domains only.
pub const DOMAINS: &[&str] = &["example.be", "example.org", "example.com", "example.net"];

/// Towns for the generated rows.
pub const TOWNS: &[&str] = &[
    "Antwerpen",
    "Gent",
    "Brugge",
    "Leuven",
    "Hasselt",
    "Namur",
    "Liège",
    "Mons",
    "Brussel",
    "Mechelen",
];

/// Sentences for prose; `{}`-free so they can be joined at will.
pub const PROSE: &[&str] = &[
    "De vergadering keurt het verslag van de vorige zitting goed.",
    "Het bestuur bespreekt de begroting voor het komende werkjaar.",
    "La cotisation annuelle est payable avant la fin du mois de mars.",
    "Er werden geen opmerkingen ontvangen binnen de gestelde termijn.",
    "Le secrétariat transmet le dossier au service compétent.",
    "De leden worden uitgenodigd voor de algemene vergadering.",
    "Les documents sont disponibles au secrétariat sur simple demande.",
    "De penningmeester licht de rekeningen van het afgelopen jaar toe.",
    "Het dossier wordt verder opgevolgd door de sociale dienst.",
    "Le comité remercie les bénévoles pour leur engagement.",
];

/// Health terms sprinkled (rarely) into generated prose.
pub const HEALTH_TERMS: &[&str] = &["diabetes", "depressie", "chemotherapie"];

/// Whether 11 digits pass the national-number check (born before 2000, or after with the `2`
/// prefix). docgen's own oracle for its fixtures, written apart from snuffel's validator so
/// that a bug in one is not hidden by the other.
pub fn national_ok(digits: &str) -> bool {
    let base: u64 = digits[..9].parse().unwrap();
    let check: u64 = digits[9..].parse().unwrap();
    97 - base % 97 == check || 97 - (2_000_000_000 + base) % 97 == check
}

/// Whether an IBAN (spaces allowed) passes mod-97; docgen's own oracle, as `national_ok`.
pub fn iban_ok(iban: &str) -> bool {
    let s: String = iban.chars().filter(|c| !c.is_whitespace()).collect();
    let moved = format!("{}{}", &s[4..], &s[..4]);
    let mut rem = 0u32;
    for c in moved.chars() {
        let v = c.to_digit(36).unwrap();
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(s: &str) -> String {
        s.chars().filter(char::is_ascii_digit).collect()
    }

    #[test]
    fn planted_values_pass_their_checks() {
        for n in [
            NN_1985, NN_2005, NN_1990, NN_1978, NN_1992, NN_1967, BIS_1985, BIS_1993,
        ] {
            assert!(national_ok(&digits(n)), "{n}");
        }
        for i in [IBAN_BE_1, IBAN_NL, IBAN_DE, IBAN_BE_2, IBAN_BE_3, IBAN_BE_4] {
            assert!(iban_ok(i), "{i}");
        }
        assert_eq!(format!("{:011}", NN_2005_AS_NUMBER as u64), digits(NN_2005));
    }

    #[test]
    fn decoys_fail_their_checks() {
        assert!(!national_ok("85073003329"));
        assert!(!national_ok("20240011873"));
        assert!(!national_ok("45100234981"));
        assert!(!iban_ok("BE68 5390 0754 7035"));
    }

    #[test]
    fn generated_values_pass_their_checks() {
        let mut rng = Rng::new(7);
        for _ in 0..1000 {
            assert!(national_ok(&rng.national_number()));
            assert!(iban_ok(&rng.belgian_iban()));
        }
    }
}
