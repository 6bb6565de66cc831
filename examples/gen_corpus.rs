//! Deterministic synthetic corpus generator for benchmarking and testing snuffel.
//!
//! ```text
//! cargo run --release --example gen_corpus -- OUT_DIR [--dump-mb 200] [--small-files 20000] [--seed N]
//! ```
//!
//! Writes
//! * `OUT_DIR/dump.sql`: a mysqldump-like file (extended `INSERT` lines of ~1 MB for the tables
//!   `leden` and `orders`, plus a PostgreSQL `COPY public.patients ... FROM stdin;` block);
//! * `OUT_DIR/small/`: N small files (1–8 KB) of type .txt/.csv/.log/.json in 100 nested folders;
//! * `OUT_DIR/manifest.tsv`: per-file counts of what was planted.
//!
//! and prints one line per output with its size and the number of *valid* Belgian national
//! numbers, IBANs (BE/NL/DE, ISO 13616 checked), e-mail addresses and health terms that were
//! planted (occurrences, not distinct values). Every other number in the corpus (order numbers,
//! phone numbers, timestamps, amounts, VAT numbers, EAN codes, deliberate typos) is guaranteed not
//! to pass the national-number checksum (under either the pre-2000 or the 2000+ rule) or the IBAN
//! check, so a correct scanner must report exactly the printed counts. Planted national numbers
//! never have a "negative" context word (order, factuur, tel, btw ...) within 48 characters
//! before or 16 after them. Role mailboxes (info@, contact@ ...) are included in `emails` and
//! also counted as `role_emails`. `health_terms` counts the terms planted in values (diabetes,
//! zwangerschap, depressie, chemotherapie and the French diabète, grossesse, dépression,
//! chimiothérapie); the mandated header `COPY public.patients (id, naam, insz, diagnose)` holds
//! two more words a health lexicon may list.
//!
//! The output is byte-for-byte deterministic for a given seed and set of options; the dump does
//! not depend on `--small-files` and vice versa. Only std is used (own xorshift64* PRNG).

use std::env;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

// ---------------------------------------------------------------------------------------------
// PRNG: splitmix64-seeded xorshift64*
// ---------------------------------------------------------------------------------------------

struct Rng {
    s: u64,
}

impl Rng {
    fn new(seed: u64) -> Self {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng {
            s: if z == 0 { 0x1234_5678_9ABC_DEF1 } else { z },
        }
    }

    #[inline]
    fn next(&mut self) -> u64 {
        let mut x = self.s;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.s = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    #[inline]
    fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    #[inline]
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p / 10_000`.
    #[inline]
    fn bp(&mut self, p: u64) -> bool {
        self.below(10_000) < p
    }

    #[inline]
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

// ---------------------------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------------------------

const FIRST_M: &[&str] = &[
    "Jan",
    "Pieter",
    "Tom",
    "Wout",
    "Lucas",
    "Louis",
    "Arthur",
    "Noah",
    "Liam",
    "Jules",
    "Victor",
    "Mathis",
    "Bram",
    "Kobe",
    "Stijn",
    "Jens",
    "Thomas",
    "Maxime",
    "Antoine",
    "Nicolas",
    "Julien",
    "François",
    "Jérôme",
    "Noël",
    "Luc",
    "Marc",
    "Dirk",
    "Koen",
    "Geert",
    "Bart",
    "Joris",
    "Emile",
    "Hugo",
    "Achille",
    "Senne",
    "Ruben",
    "Mohamed",
    "Adam",
    "Rayan",
    "Théo",
];
const FIRST_F: &[&str] = &[
    "Emma", "Marie", "Louise", "Olivia", "Elise", "Lotte", "Noor", "Julie", "Sarah", "Laura",
    "Sofie", "Anneleen", "Els", "Katrien", "An", "Inge", "Hilde", "Nathalie", "Isabelle",
    "Camille", "Chloé", "Zoë", "Anaïs", "Mélanie", "Céline", "Hélène", "Manon", "Léa", "Amélie",
    "Fien", "Nora", "Yasmine", "Lena", "Ines", "Febe",
];
const LAST: &[&str] = &[
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
    "Laurent",
    "Leclercq",
    "Van den Broeck",
    "Vermeulen",
    "Hermans",
    "Pauwels",
    "De Clercq",
    "Michiels",
    "Segers",
    "Lemmens",
    "Verstraete",
    "Desmet",
    "Van Damme",
    "D'Hondt",
    "Declercq",
    "Lejeune",
    "Renard",
    "Mathieu",
    "Denis",
    "Dumont",
    "Lefèvre",
    "François",
    "Moreau",
    "Wuyts",
    "Coppens",
    "Aerts",
    "Hendrickx",
    "Verhoeven",
    "Smets",
    "Van de Velde",
    "Cools",
    "Stevens",
    "Devos",
    "Thys",
    "Bogaerts",
    "El Amrani",
    "Van Acker",
    "Vandenberghe",
    "Baert",
    "Lenaerts",
];
const STREETS: &[&str] = &[
    "Kerkstraat",
    "Stationsstraat",
    "Molenstraat",
    "Dorpsstraat",
    "Nieuwstraat",
    "Schoolstraat",
    "Kapelstraat",
    "Beekstraat",
    "Veldstraat",
    "Lindenlaan",
    "Kastanjelaan",
    "Grote Markt",
    "Rue de la Station",
    "Chaussée de Louvain",
    "Rue Haute",
    "Avenue Louise",
    "Rue du Moulin",
    "Rue de l'Église",
    "Place communale",
    "Rue des Écoles",
    "Boulevard Anspach",
    "Meir",
];
const CITIES: &[(&str, &str)] = &[
    ("2000", "Antwerpen"),
    ("9000", "Gent"),
    ("1000", "Brussel"),
    ("3000", "Leuven"),
    ("4000", "Liège"),
    ("5000", "Namur"),
    ("8000", "Brugge"),
    ("6000", "Charleroi"),
    ("3500", "Hasselt"),
    ("2800", "Mechelen"),
    ("7000", "Mons"),
    ("1300", "Wavre"),
    ("8500", "Kortrijk"),
    ("9300", "Aalst"),
    ("2300", "Turnhout"),
    ("1050", "Ixelles"),
    ("6700", "Arlon"),
    ("8400", "Oostende"),
    ("3800", "Sint-Truiden"),
    ("1400", "Nivelles"),
];
const EMAIL_DOMAINS: &[&str] = &[
    "example.be",
    "example.be",
    "example.be",
    "voorbeeld.nl",
    "exemple.fr",
    "example.com",
    "mail.example.be",
    "example.org",
];
const ROLE_BOXES: &[&str] = &[
    "info",
    "contact",
    "secretariaat",
    "boekhouding",
    "facturation",
    "admin",
    "onthaal",
    "accueil",
    "klantendienst",
    "support",
];
const ORG_DOMAINS: &[&str] = &[
    "example.be",
    "sportclub.example.be",
    "bakkerij-janssens.example.be",
    "voorbeeld.nl",
    "exemple.fr",
    "vzw-ons-huis.example.be",
    "asbl-solidaire.exemple.fr",
];
const COMPANIES: &[&str] = &[
    "Bakkerij Janssens BV",
    "Garage Peeters NV",
    "Drukkerij De Smet",
    "Boulangerie Dubois SRL",
    "Schrijnwerkerij Maes",
    "Fleuriste Laurent",
    "Transport Willems BV",
    "Brasserie du Centre",
    "Tuinaanleg Claes",
    "Librairie Moreau",
    "IT-Diensten Wouters",
    "Quincaillerie Lambert",
];
const ORDER_STATUS: &[&str] = &[
    "betaald",
    "verzonden",
    "geleverd",
    "geannuleerd",
    "in behandeling",
    "terugbetaald",
    "open",
];

const SENT_NL: &[&str] = &[
    "Lid sinds de opstart van de afdeling.",
    "Betaalt het lidgeld steeds op tijd.",
    "Heeft interesse in de vrijwilligerswerking.",
    "Verhuisd naar een nieuw adres, gegevens aangepast.",
    "Neemt deel aan de fietstocht in het voorjaar.",
    "Graag contact opnemen na 18 uur.",
    "Wil de nieuwsbrief niet meer op papier ontvangen.",
    "Korting toegekend voor het tweede gezinslid.",
    "Sleutel van het lokaal afgegeven aan de conciërge.",
    "Aanwezig op de algemene vergadering van maart.",
    "Herinnering verstuurd voor de jaarlijkse bijdrage.",
    "Helpt mee met de organisatie van het eetfestijn.",
    "Vraagt een fiscaal attest voor de gift.",
    "Adreswijziging doorgegeven via het secretariaat.",
    "Speelt in de tweede ploeg op zaterdag.",
    "Nog geen foto voor de lidkaart ontvangen.",
    "Heeft de huisregels ondertekend.",
    "Wacht op bevestiging van de overschrijving.",
    "Trainer van de jeugdploeg sinds vorig seizoen.",
    "Komt meestal met de fiets naar de training.",
    "Heeft twee kinderen die ook lid zijn.",
    "Opzeg ontvangen, lidmaatschap loopt af eind december.",
    "Bezorgt elk jaar taarten voor de kerstmarkt.",
    "Contactpersoon voor de sponsors van de club.",
];
const SENT_FR: &[&str] = &[
    "Membre depuis la création de la section.",
    "Paie toujours sa cotisation à temps.",
    "A déménagé, adresse mise à jour.",
    "Souhaite recevoir la lettre d'information par courrier.",
    "Participe à la marche du dimanche.",
    "Merci de rappeler après 18 heures.",
    "Réduction accordée pour le deuxième membre de la famille.",
    "A rendu la clé du local au concierge.",
    "Présent à l'assemblée générale de mars.",
    "Rappel envoyé pour la cotisation annuelle.",
    "Aide à l'organisation du souper annuel.",
    "Demande une attestation fiscale pour le don.",
    "Joue dans l'équipe B le samedi.",
    "En attente de la confirmation du virement.",
    "Entraîneur de l'équipe des jeunes depuis la saison dernière.",
    "Vient généralement à vélo.",
    "Résiliation reçue, l'affiliation prend fin en décembre.",
    "Personne de contact pour les sponsors du club.",
];
const ORDER_NOTES: &[&str] = &[
    "Levering tussen 9 en 12 uur.",
    "Bij afwezigheid bij de buren afgeven.",
    "Factuur op naam van de firma.",
    "Retour aangevraagd, wacht op label.",
    "Pakket beschadigd aangekomen, nieuwe zending vertrokken.",
    "Klant vraagt levering na het weekend.",
    "Afhalen in de winkel.",
    "Livraison à l'arrière du bâtiment.",
    "Facture à envoyer au service comptable.",
    "Commande groupée avec la précédente.",
    "Le client souhaite un emballage cadeau.",
    "Retrait en magasin.",
    "Colis déposé en point relais.",
];
const HEALTH_NL: &[&str] = &["diabetes", "zwangerschap", "depressie", "chemotherapie"];
const HEALTH_FR: &[&str] = &["diabète", "grossesse", "dépression", "chimiothérapie"];
const HEALTH_SENT_NL: &[&str] = &[
    "Meldt {} bij de inschrijving voor het kamp.",
    "Let op: {} vermeld door het lid zelf.",
    "Afwezig wegens {} tot het einde van het seizoen.",
    "Vraagt aangepaste begeleiding omwille van {} bij activiteiten.",
];
const HEALTH_SENT_FR: &[&str] = &[
    "Signale une {} lors de l'inscription.",
    "Attention : {} mentionnée par le membre.",
    "Absent pour cause de {} jusqu'à la fin de la saison.",
];
const LOG_MSGS: &[&str] = &[
    "request completed",
    "cache refreshed",
    "scheduled job finished",
    "connection pool resized",
    "retrying upstream call",
    "config reloaded",
    "session expired",
    "export written",
    "queue drained",
];
const DEPTS: &[&str] = &[
    "financien",
    "hr",
    "it",
    "juridisch",
    "marketing",
    "verkoop",
    "aankoop",
    "logistiek",
    "directie",
    "archief",
];
const SUBS: &[&str] = &[
    "2019",
    "2020",
    "2021",
    "2022",
    "2023",
    "2024",
    "projecten",
    "diversen",
    "oud/backup",
    "gedeeld/team",
];

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

fn push_u(buf: &mut Vec<u8>, mut n: u64) {
    let mut tmp = [0u8; 20];
    let mut i = 20;
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

fn push_pad(buf: &mut Vec<u8>, n: u64, width: usize) {
    let mut tmp = [b'0'; 20];
    let mut i = 20;
    let mut n = n;
    while n > 0 {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    let start = 20usize.saturating_sub(width).min(i);
    buf.extend_from_slice(&tmp[start..]);
}

fn is_leap(y: u64) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(y: u64, m: u64) -> u64 {
    match m {
        2 => {
            if is_leap(y) {
                29
            } else {
                28
            }
        }
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Would `v` (an 11-digit value) pass the national-number checksum under either rule?
fn nn_check_any(v: u64) -> bool {
    let base = v / 100;
    let cc = v % 100;
    cc == 97 - base % 97 || cc == 97 - (2_000_000_000 + base) % 97
}

/// Does `s` contain 11 digits, optionally separated by single ` `, `.`, `/` or `-`, not
/// preceded or followed by a digit, that pass the national-number checksum? (What a very
/// lenient scanner would flag.)
fn loose_nn_hit(s: &[u8]) -> bool {
    let is_sep = |c: u8| matches!(c, b' ' | b'.' | b'/' | b'-');
    for i in 0..s.len() {
        if !s[i].is_ascii_digit() || (i > 0 && s[i - 1].is_ascii_digit()) {
            continue;
        }
        let (mut j, mut n, mut v) = (i, 0, 0u64);
        while j < s.len() && n < 11 {
            if s[j].is_ascii_digit() {
                v = v * 10 + (s[j] - b'0') as u64;
                n += 1;
                j += 1;
            } else if n > 0 && is_sep(s[j]) && j + 1 < s.len() && s[j + 1].is_ascii_digit() {
                j += 1;
            } else {
                break;
            }
        }
        if n == 11 && !(j < s.len() && s[j].is_ascii_digit()) && nn_check_any(v) {
            return true;
        }
    }
    false
}

/// ISO 13616 check digits for `country` + `bban` (uppercase ASCII letters and digits).
fn iban_check_digits(country: &[u8], bban: &[u8]) -> u32 {
    let mut r: u32 = 0;
    for &c in bban.iter().chain(country.iter()).chain(b"00".iter()) {
        if c.is_ascii_digit() {
            r = (r * 10 + (c - b'0') as u32) % 97;
        } else {
            r = (r * 100 + (c - b'A') as u32 + 10) % 97;
        }
    }
    98 - r
}

fn iban_valid(iban: &[u8]) -> bool {
    if iban.len() < 5 {
        return false;
    }
    let cd = ((iban[2] - b'0') * 10 + (iban[3] - b'0')) as u32;
    iban_check_digits(&iban[..2], &iban[4..]) == cd
}

/// Lowercase ASCII fold of a name for use in an e-mail local part.
fn fold_into(buf: &mut Vec<u8>, s: &str) {
    for ch in s.chars() {
        let c = match ch {
            'é' | 'è' | 'ê' | 'ë' | 'É' => 'e',
            'ï' | 'î' => 'i',
            'ô' | 'ö' => 'o',
            'ç' => 'c',
            'à' | 'â' => 'a',
            'ü' | 'û' => 'u',
            ' ' | '\'' => continue,
            c => c.to_ascii_lowercase(),
        };
        buf.push(c as u8);
    }
}

// ---------------------------------------------------------------------------------------------
// Counts
// ---------------------------------------------------------------------------------------------

#[derive(Default, Clone, Copy)]
struct Counts {
    nn: u64,
    iban_be: u64,
    iban_nl: u64,
    iban_de: u64,
    email: u64,
    email_role: u64,
    health: u64,
    decoy_nn: u64,
    decoy_iban: u64,
}

impl Counts {
    fn ibans(&self) -> u64 {
        self.iban_be + self.iban_nl + self.iban_de
    }
    fn add(&mut self, o: &Counts) {
        self.nn += o.nn;
        self.iban_be += o.iban_be;
        self.iban_nl += o.iban_nl;
        self.iban_de += o.iban_de;
        self.email += o.email;
        self.email_role += o.email_role;
        self.health += o.health;
        self.decoy_nn += o.decoy_nn;
        self.decoy_iban += o.decoy_iban;
    }
    fn valid_total(&self) -> u64 {
        self.nn + self.ibans() + self.email
    }
}

// ---------------------------------------------------------------------------------------------
// Generator
// ---------------------------------------------------------------------------------------------

struct Person {
    first: &'static str,
    last: &'static str,
    y: u64,
    m: u64,
    d: u64,
    /// 11-digit national number (valid).
    nn: u64,
}

struct Gen {
    r: Rng,
    c: Counts,
}

impl Gen {
    fn new(seed: u64) -> Self {
        Gen {
            r: Rng::new(seed),
            c: Counts::default(),
        }
    }

    fn person(&mut self) -> Person {
        let female = self.r.bp(5000);
        let first = if female {
            *self.r.pick(FIRST_F)
        } else {
            *self.r.pick(FIRST_M)
        };
        let last = *self.r.pick(LAST);
        let y = self.r.range(1930, 2015);
        let m = self.r.range(1, 12);
        let d = self.r.range(1, days_in_month(y, m));
        // Serial: odd for men (001..997), even for women (002..998).
        let k = self.r.below(499);
        let serial = if female { 2 * k + 2 } else { 2 * k + 1 };
        let base = (y % 100) * 10_000_000 + m * 100_000 + d * 1_000 + serial;
        let x = if y >= 2000 {
            2_000_000_000 + base
        } else {
            base
        };
        let cc = 97 - x % 97;
        let nn = base * 100 + cc;
        debug_assert!(nn_check_any(nn));
        Person {
            first,
            last,
            y,
            m,
            d,
            nn,
        }
    }

    fn write_nn_value(&mut self, buf: &mut Vec<u8>, v: u64) {
        let mut digits = Vec::with_capacity(11);
        push_pad(&mut digits, v, 11);
        match self.r.below(20) {
            0..=11 => buf.extend_from_slice(&digits),
            12..=16 => {
                // 85.07.30-033.28
                buf.extend_from_slice(&digits[0..2]);
                buf.push(b'.');
                buf.extend_from_slice(&digits[2..4]);
                buf.push(b'.');
                buf.extend_from_slice(&digits[4..6]);
                buf.push(b'-');
                buf.extend_from_slice(&digits[6..9]);
                buf.push(b'.');
                buf.extend_from_slice(&digits[9..11]);
            }
            _ => {
                // 850730 033 28
                buf.extend_from_slice(&digits[0..6]);
                buf.push(b' ');
                buf.extend_from_slice(&digits[6..9]);
                buf.push(b' ');
                buf.extend_from_slice(&digits[9..11]);
            }
        }
    }

    /// A valid national number (counted).
    fn write_nn(&mut self, buf: &mut Vec<u8>, p: &Person) {
        self.c.nn += 1;
        self.write_nn_value(buf, p.nn);
    }

    /// A national number with a typo in its check digits (fails both rules; not counted).
    fn write_bad_nn(&mut self, buf: &mut Vec<u8>) {
        let p = self.person();
        let base = p.nn / 100;
        let mut cc = p.nn % 100;
        loop {
            cc = (cc + 1 + self.r.below(9)) % 100;
            if !nn_check_any(base * 100 + cc) {
                break;
            }
        }
        self.c.decoy_nn += 1;
        self.write_nn_value(buf, base * 100 + cc);
    }

    /// An 11-digit number that is *not* a valid national number (order numbers etc.).
    fn write_id11(&mut self, buf: &mut Vec<u8>) {
        loop {
            let v = self.r.range(10_000_000_000, 99_999_999_999);
            if !nn_check_any(v) {
                push_u(buf, v);
                return;
            }
        }
    }

    fn iban_be(&mut self) -> Vec<u8> {
        const BANKS: &[u64] = &[
            1, 68, 63, 96, 91, 310, 363, 370, 735, 737, 751, 103, 123, 143,
        ];
        let bank = *self.r.pick(BANKS);
        let acct = self.r.below(10_000_000);
        let first10 = bank * 10_000_000 + acct;
        let chk = match first10 % 97 {
            0 => 97,
            c => c,
        };
        let mut bban = Vec::with_capacity(12);
        push_pad(&mut bban, first10 * 100 + chk, 12);
        self.assemble(b"BE", &bban)
    }

    fn iban_nl(&mut self) -> Vec<u8> {
        const BANKS: &[&[u8]] = &[
            b"ABNA", b"INGB", b"RABO", b"TRIO", b"SNSB", b"ASNB", b"KNAB", b"BUNQ",
        ];
        let bank = *self.r.pick(BANKS);
        // 10-digit account number satisfying the Dutch eleven test.
        let digits = loop {
            let mut d = [0u8; 10];
            let mut sum = 0u64;
            for (i, slot) in d.iter_mut().enumerate().take(9) {
                *slot = self.r.below(10) as u8;
                sum += *slot as u64 * (10 - i as u64);
            }
            let last = (11 - sum % 11) % 11;
            if last < 10 {
                d[9] = last as u8;
                break d;
            }
        };
        let mut bban = bank.to_vec();
        bban.extend(digits.iter().map(|d| b'0' + d));
        self.assemble(b"NL", &bban)
    }

    fn iban_de(&mut self) -> Vec<u8> {
        const BLZ: &[&[u8]] = &[
            b"37040044",
            b"10070000",
            b"20041133",
            b"50010517",
            b"70020270",
            b"30020900",
        ];
        let mut bban = self.r.pick(BLZ).to_vec();
        push_pad(&mut bban, self.r.below(10_000_000_000), 10);
        self.assemble(b"DE", &bban)
    }

    fn assemble(&mut self, cc: &[u8], bban: &[u8]) -> Vec<u8> {
        let cd = iban_check_digits(cc, bban);
        let mut v = Vec::with_capacity(4 + bban.len());
        v.extend_from_slice(cc);
        v.push(b'0' + (cd / 10) as u8);
        v.push(b'0' + (cd % 10) as u8);
        v.extend_from_slice(bban);
        debug_assert!(iban_valid(&v));
        v
    }

    fn write_iban_form(&mut self, buf: &mut Vec<u8>, iban: &[u8]) {
        if self.r.bp(6000) {
            buf.extend_from_slice(iban);
        } else {
            for (i, &c) in iban.iter().enumerate() {
                if i > 0 && i % 4 == 0 {
                    buf.push(b' ');
                }
                buf.push(c);
            }
        }
    }

    /// A valid IBAN (counted): mostly Belgian, some Dutch and German.
    fn write_iban(&mut self, buf: &mut Vec<u8>) {
        let iban = match self.r.below(20) {
            0..=16 => {
                self.c.iban_be += 1;
                self.iban_be()
            }
            17 | 18 => {
                self.c.iban_nl += 1;
                self.iban_nl()
            }
            _ => {
                self.c.iban_de += 1;
                self.iban_de()
            }
        };
        self.write_iban_form(buf, &iban);
    }

    /// A Belgian IBAN with one wrong digit (fails ISO 13616; not counted).
    fn write_bad_iban(&mut self, buf: &mut Vec<u8>) {
        let mut iban = self.iban_be();
        let last = iban.len() - 1;
        let d = iban[last] - b'0';
        iban[last] = b'0' + ((d as u64 + 1 + self.r.below(9)) % 10) as u8;
        debug_assert!(!iban_valid(&iban));
        self.c.decoy_iban += 1;
        self.write_iban_form(buf, &iban);
    }

    /// A personal e-mail address (counted).
    fn write_email(&mut self, buf: &mut Vec<u8>, p: &Person) {
        self.c.email += 1;
        match self.r.below(10) {
            0..=6 => {
                fold_into(buf, p.first);
                buf.push(b'.');
                fold_into(buf, p.last);
            }
            7 => {
                fold_into(buf, &p.first[..1]);
                buf.push(b'.');
                fold_into(buf, p.last);
            }
            8 => {
                fold_into(buf, p.first);
                buf.push(b'_');
                fold_into(buf, p.last);
            }
            _ => {
                fold_into(buf, p.first);
                fold_into(buf, p.last);
                push_pad(buf, p.y % 100, 2);
            }
        }
        buf.push(b'@');
        buf.extend_from_slice(self.r.pick(EMAIL_DOMAINS).as_bytes());
    }

    /// A role mailbox such as info@example.be (counted as e-mail).
    fn write_role_email(&mut self, buf: &mut Vec<u8>) {
        self.c.email += 1;
        self.c.email_role += 1;
        buf.extend_from_slice(self.r.pick(ROLE_BOXES).as_bytes());
        buf.push(b'@');
        buf.extend_from_slice(self.r.pick(ORG_DOMAINS).as_bytes());
    }

    fn write_health_sentence(&mut self, buf: &mut Vec<u8>, french: bool) {
        self.c.health += 1;
        let (tpl, term) = if french {
            (*self.r.pick(HEALTH_SENT_FR), *self.r.pick(HEALTH_FR))
        } else {
            (*self.r.pick(HEALTH_SENT_NL), *self.r.pick(HEALTH_NL))
        };
        let (a, b) = tpl.split_once("{}").unwrap();
        buf.extend_from_slice(a.as_bytes());
        buf.extend_from_slice(term.as_bytes());
        buf.extend_from_slice(b.as_bytes());
    }

    /// Phone number in one of several Belgian/Dutch/German notations. Guaranteed not to form a
    /// valid national number when its digits are joined.
    fn write_phone(&mut self, buf: &mut Vec<u8>) {
        loop {
            let mut tmp = Vec::with_capacity(20);
            let a = self.r.range(70, 99);
            let b = self.r.below(100);
            let c = self.r.below(100);
            let d = self.r.below(100);
            match self.r.below(8) {
                0 | 1 => {
                    tmp.extend_from_slice(b"+32 4");
                    push_pad(&mut tmp, a, 2);
                    tmp.push(b' ');
                    push_pad(&mut tmp, b, 2);
                    tmp.push(b' ');
                    push_pad(&mut tmp, c, 2);
                    tmp.push(b' ');
                    push_pad(&mut tmp, d, 2);
                }
                2 | 3 => {
                    tmp.extend_from_slice(b"04");
                    push_pad(&mut tmp, a, 2);
                    tmp.push(b' ');
                    push_pad(&mut tmp, b, 2);
                    tmp.push(b' ');
                    push_pad(&mut tmp, c, 2);
                    tmp.push(b' ');
                    push_pad(&mut tmp, d, 2);
                }
                4 => {
                    tmp.extend_from_slice(b"04");
                    push_pad(&mut tmp, a, 2);
                    tmp.push(b'/');
                    push_pad(&mut tmp, b, 2);
                    tmp.push(b'.');
                    push_pad(&mut tmp, c, 2);
                    tmp.push(b'.');
                    push_pad(&mut tmp, d, 2);
                }
                5 => {
                    tmp.extend_from_slice(b"+32 2 ");
                    push_u(&mut tmp, self.r.range(200, 799));
                    tmp.push(b' ');
                    push_pad(&mut tmp, c, 2);
                    tmp.push(b' ');
                    push_pad(&mut tmp, d, 2);
                }
                6 => {
                    tmp.extend_from_slice(b"+31 6 ");
                    push_pad(&mut tmp, self.r.below(100_000_000), 8);
                }
                _ => {
                    tmp.extend_from_slice(b"+324");
                    push_pad(&mut tmp, a, 2);
                    push_pad(&mut tmp, b, 2);
                    push_pad(&mut tmp, c, 2);
                    push_pad(&mut tmp, d, 2);
                }
            }
            let mut v: u64 = 0;
            let mut n = 0;
            for &ch in &tmp {
                if ch.is_ascii_digit() {
                    v = v * 10 + (ch - b'0') as u64;
                    n += 1;
                }
            }
            if n == 11 && nn_check_any(v) {
                continue;
            }
            buf.extend_from_slice(&tmp);
            return;
        }
    }

    /// A private IPv4 address whose joined digits never form a valid national number.
    fn write_ip(&mut self, buf: &mut Vec<u8>) {
        loop {
            let (b, c, d) = (self.r.below(256), self.r.below(256), self.r.range(1, 254));
            let mut tmp = Vec::with_capacity(16);
            tmp.extend_from_slice(b"10.");
            push_u(&mut tmp, b);
            tmp.push(b'.');
            push_u(&mut tmp, c);
            tmp.push(b'.');
            push_u(&mut tmp, d);
            let digits: Vec<u8> = tmp.iter().copied().filter(u8::is_ascii_digit).collect();
            if digits.len() == 11 {
                let v = digits.iter().fold(0u64, |a, &x| a * 10 + (x - b'0') as u64);
                if nn_check_any(v) {
                    continue;
                }
            }
            buf.extend_from_slice(&tmp);
            return;
        }
    }

    /// Valid-looking Belgian VAT number BE0123.456.789 (enterprise-number mod 97 check).
    fn write_vat(&mut self, buf: &mut Vec<u8>) {
        let first8 = self.r.range(2_000_000, 19_999_999);
        let num = first8 * 100 + (97 - first8 % 97);
        let mut d = Vec::with_capacity(10);
        push_pad(&mut d, num, 10);
        buf.extend_from_slice(b"BE");
        buf.extend_from_slice(&d[0..4]);
        buf.push(b'.');
        buf.extend_from_slice(&d[4..7]);
        buf.push(b'.');
        buf.extend_from_slice(&d[7..10]);
    }

    fn write_date(&mut self, buf: &mut Vec<u8>, y: u64, m: u64, d: u64) {
        push_u(buf, y);
        buf.push(b'-');
        push_pad(buf, m, 2);
        buf.push(b'-');
        push_pad(buf, d, 2);
    }

    fn write_timestamp(&mut self, buf: &mut Vec<u8>, sep: u8) {
        let y = self.r.range(2019, 2025);
        let m = self.r.range(1, 12);
        let d = self.r.range(1, days_in_month(y, m));
        self.write_date(buf, y, m, d);
        buf.push(sep);
        push_pad(buf, self.r.below(24), 2);
        buf.push(b':');
        push_pad(buf, self.r.below(60), 2);
        buf.push(b':');
        push_pad(buf, self.r.below(60), 2);
    }

    fn write_amount(&mut self, buf: &mut Vec<u8>, max_units: u64, sep: u8) {
        push_u(buf, self.r.below(max_units));
        buf.push(sep);
        push_pad(buf, self.r.below(100), 2);
    }

    fn write_address(&mut self, buf: &mut Vec<u8>) {
        buf.extend_from_slice(self.r.pick(STREETS).as_bytes());
        buf.push(b' ');
        push_u(buf, self.r.range(1, 250));
        if self.r.bp(1000) {
            buf.extend_from_slice(b" bus ");
            push_u(buf, self.r.range(1, 12));
        }
        buf.extend_from_slice(b", ");
        let (pc, city) = *self.r.pick(CITIES);
        buf.extend_from_slice(pc.as_bytes());
        buf.push(b' ');
        buf.extend_from_slice(city.as_bytes());
    }

    fn write_full_name(&mut self, buf: &mut Vec<u8>, p: &Person) {
        buf.extend_from_slice(p.first.as_bytes());
        buf.push(b' ');
        buf.extend_from_slice(p.last.as_bytes());
    }

    /// One filler sentence (no personal data), possibly with harmless numbers.
    fn write_filler_sentence(&mut self, buf: &mut Vec<u8>, french: bool) {
        match self.r.below(12) {
            0 => {
                if french {
                    buf.extend_from_slice("Facture n° ".as_bytes());
                } else {
                    buf.extend_from_slice(b"Factuur ");
                }
                let y = self.r.range(2019, 2025);
                push_u(buf, y);
                buf.push(b'/');
                push_pad(buf, self.r.below(10_000), 4);
                buf.extend_from_slice(if french {
                    b" payee le "
                } else {
                    b" betaald op "
                });
                let m = self.r.range(1, 12);
                let d = self.r.range(1, 28);
                self.write_date(buf, y, m, d);
                buf.push(b'.');
            }
            1 => {
                buf.extend_from_slice(if french {
                    &b"Montant de "[..]
                } else {
                    &b"Bedrag van "[..]
                });
                self.write_amount(buf, 500, b',');
                buf.extend_from_slice(if french {
                    b" EUR recu."
                } else {
                    b" EUR ontvangen."
                });
            }
            2 => {
                buf.extend_from_slice(if french {
                    &b"Numero de membre "[..]
                } else {
                    &b"Lidnummer "[..]
                });
                push_u(buf, self.r.range(1000, 99_999));
                buf.extend_from_slice(if french {
                    &b", equipe "[..]
                } else {
                    &b", ploeg "[..]
                });
                push_u(buf, self.r.range(1, 9));
                buf.push(b'.');
            }
            _ => {
                let s = if french {
                    *self.r.pick(SENT_FR)
                } else {
                    *self.r.pick(SENT_NL)
                };
                buf.extend_from_slice(s.as_bytes());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Escaping helpers
// ---------------------------------------------------------------------------------------------

/// Append `s` as a MySQL single-quoted string literal.
fn sql_str(line: &mut Vec<u8>, s: &[u8]) {
    line.push(b'\'');
    for &b in s {
        match b {
            b'\'' => line.extend_from_slice(b"\\'"),
            b'\\' => line.extend_from_slice(b"\\\\"),
            b'\n' => line.extend_from_slice(b"\\n"),
            _ => line.push(b),
        }
    }
    line.push(b'\'');
}

// ---------------------------------------------------------------------------------------------
// dump.sql
// ---------------------------------------------------------------------------------------------

const DUMP_HEADER: &str = "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: localhost    Database: vereniging
-- ------------------------------------------------------
-- Server version\t8.0.36-0ubuntu0.22.04.1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!50503 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

";

const DUMP_FOOTER: &str = "/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed on 2024-06-14 23:05:12
";

const CREATE_LEDEN: &str = "CREATE TABLE `leden` (
  `id` int NOT NULL AUTO_INCREMENT,
  `voornaam` varchar(64) NOT NULL,
  `achternaam` varchar(96) NOT NULL,
  `rijksregisternummer` varchar(15) DEFAULT NULL,
  `iban` varchar(34) DEFAULT NULL,
  `email` varchar(190) DEFAULT NULL,
  `geboortedatum` date DEFAULT NULL,
  `telefoon` varchar(24) DEFAULT NULL,
  `opmerking` text,
  PRIMARY KEY (`id`),
  KEY `idx_achternaam` (`achternaam`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
";

const CREATE_ORDERS: &str = "CREATE TABLE `orders` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `ordernummer` bigint NOT NULL,
  `klant_id` int NOT NULL,
  `besteld_op` datetime NOT NULL,
  `bedrag` decimal(10,2) NOT NULL,
  `btw_bedrag` decimal(10,2) NOT NULL,
  `btw_nummer` varchar(16) DEFAULT NULL,
  `ean` char(13) DEFAULT NULL,
  `telefoon` varchar(24) DEFAULT NULL,
  `status` varchar(20) NOT NULL,
  `leveradres` varchar(255) DEFAULT NULL,
  `opmerking` varchar(500) DEFAULT NULL,
  `contact_email` varchar(190) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_ordernummer` (`ordernummer`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
";

struct CountingWriter<W: Write> {
    inner: W,
    bytes: u64,
}

impl<W: Write> CountingWriter<W> {
    fn put(&mut self, b: &[u8]) -> io::Result<()> {
        self.bytes += b.len() as u64;
        self.inner.write_all(b)
    }
}

fn table_prologue(w: &mut CountingWriter<impl Write>, name: &str, create: &str) -> io::Result<()> {
    let s = format!(
        "--\n-- Table structure for table `{name}`\n--\n\nDROP TABLE IF EXISTS `{name}`;\n\
         /*!40101 SET @saved_cs_client     = @@character_set_client */;\n\
         /*!50503 SET character_set_client = utf8mb4 */;\n{create}\
         /*!40101 SET character_set_client = @saved_cs_client */;\n\n\
         --\n-- Dumping data for table `{name}`\n--\n\n\
         LOCK TABLES `{name}` WRITE;\n/*!40000 ALTER TABLE `{name}` DISABLE KEYS */;\n"
    );
    w.put(s.as_bytes())
}

fn table_epilogue(w: &mut CountingWriter<impl Write>, name: &str) -> io::Result<()> {
    let s = format!("/*!40000 ALTER TABLE `{name}` ENABLE KEYS */;\nUNLOCK TABLES;\n\n");
    w.put(s.as_bytes())
}

fn leden_row(g: &mut Gen, line: &mut Vec<u8>, f: &mut Vec<u8>, id: u64) {
    let p = g.person();
    line.push(b'(');
    push_u(line, id);
    line.push(b',');
    sql_str(line, p.first.as_bytes());
    line.push(b',');
    sql_str(line, p.last.as_bytes());
    line.push(b',');
    if g.r.bp(9200) {
        f.clear();
        g.write_nn(f, &p);
        sql_str(line, f);
    } else {
        line.extend_from_slice(b"NULL");
    }
    line.push(b',');
    if g.r.bp(8000) {
        f.clear();
        g.write_iban(f);
        sql_str(line, f);
    } else {
        line.extend_from_slice(b"NULL");
    }
    line.push(b',');
    match g.r.below(100) {
        0..=84 => {
            f.clear();
            g.write_email(f, &p);
            sql_str(line, f);
        }
        85..=89 => {
            f.clear();
            g.write_role_email(f);
            sql_str(line, f);
        }
        _ => line.extend_from_slice(b"NULL"),
    }
    line.push(b',');
    f.clear();
    g.write_date(f, p.y, p.m, p.d);
    sql_str(line, f);
    line.push(b',');
    f.clear();
    g.write_phone(f);
    sql_str(line, f);
    line.push(b',');
    // Free-text remarks, Dutch or French.
    f.clear();
    let french = g.r.bp(3500);
    let n = g.r.range(3, 16);
    for i in 0..n {
        if i > 0 {
            f.push(b' ');
        }
        match g.r.below(1000) {
            0..=14 => g.write_health_sentence(f, french),
            15..=19 => {
                f.extend_from_slice(if french {
                    &b"Ancien numero de registre national errone : "[..]
                } else {
                    &b"Oud rijksregisternummer met typfout: "[..]
                });
                g.write_bad_nn(f);
                f.push(b'.');
            }
            20..=24 => {
                f.extend_from_slice(if french {
                    &b"Copie envoyee a "[..]
                } else {
                    &b"Kopie gestuurd naar "[..]
                });
                let q = g.person();
                g.write_email(f, &q);
                f.push(b'.');
            }
            _ => g.write_filler_sentence(f, french),
        }
    }
    sql_str(line, f);
    line.push(b')');
}

fn orders_row(g: &mut Gen, line: &mut Vec<u8>, f: &mut Vec<u8>, id: u64) {
    line.push(b'(');
    push_u(line, id);
    line.push(b',');
    g.write_id11(line);
    line.push(b',');
    push_u(line, g.r.range(1, 250_000));
    line.push(b',');
    f.clear();
    g.write_timestamp(f, b' ');
    sql_str(line, f);
    line.push(b',');
    // Amount incl. 21% VAT, and the VAT part of it.
    let cents = g.r.range(100, 200_000);
    let vat = cents * 21 / 121;
    for c in [cents, vat] {
        push_u(line, c / 100);
        line.push(b'.');
        push_pad(line, c % 100, 2);
        line.push(b',');
    }
    if g.r.bp(4000) {
        f.clear();
        g.write_vat(f);
        sql_str(line, f);
    } else {
        line.extend_from_slice(b"NULL");
    }
    line.push(b',');
    f.clear();
    f.extend_from_slice(b"54");
    push_pad(f, g.r.below(100_000_000_000), 11);
    sql_str(line, f);
    line.push(b',');
    if g.r.bp(7000) {
        f.clear();
        g.write_phone(f);
        sql_str(line, f);
    } else {
        line.extend_from_slice(b"NULL");
    }
    line.push(b',');
    sql_str(line, g.r.pick(ORDER_STATUS).as_bytes());
    line.push(b',');
    f.clear();
    if g.r.bp(3000) {
        f.extend_from_slice(g.r.pick(COMPANIES).as_bytes());
        f.extend_from_slice(b", ");
    }
    g.write_address(f);
    sql_str(line, f);
    line.push(b',');
    if g.r.bp(6000) {
        f.clear();
        let n = g.r.range(1, 3);
        for i in 0..n {
            if i > 0 {
                f.push(b' ');
            }
            match g.r.below(100) {
                0..=9 => {
                    f.extend_from_slice(b"Klant belde voor status, ordernummer ");
                    g.write_id11(f);
                    f.extend_from_slice(b" doorgegeven.");
                }
                10..=14 => {
                    f.extend_from_slice(b"Bereikbaar op ");
                    g.write_phone(f);
                    f.push(b'.');
                }
                15 => {
                    f.extend_from_slice(b"Terugbetaling naar ");
                    g.write_bad_iban(f);
                    f.extend_from_slice(b" mislukt, rekeningnummer ongeldig.");
                }
                16 => {
                    f.extend_from_slice(b"Terugbetaling op ");
                    g.write_iban(f);
                    f.extend_from_slice(b" uitgevoerd.");
                }
                _ => f.extend_from_slice(g.r.pick(ORDER_NOTES).as_bytes()),
            }
        }
        sql_str(line, f);
    } else {
        line.extend_from_slice(b"NULL");
    }
    line.push(b',');
    match g.r.below(1000) {
        0..=11 => {
            f.clear();
            let p = g.person();
            g.write_email(f, &p);
            sql_str(line, f);
        }
        12..=17 => {
            f.clear();
            g.write_role_email(f);
            sql_str(line, f);
        }
        _ => line.extend_from_slice(b"NULL"),
    }
    line.push(b')');
}

fn patients_row(g: &mut Gen, line: &mut Vec<u8>, id: u64) {
    const NOTES_NL: &[&str] = &[
        "opvolging over 3 maanden",
        "doorverwezen door huisarts",
        "volgende afspraak in september",
        "dossier overgedragen",
    ];
    const NOTES_FR: &[&str] = &[
        "suivi dans 3 mois",
        "rendez-vous en septembre",
        "dossier transfere",
    ];
    let p = g.person();
    push_u(line, id);
    line.push(b'\t');
    g.write_full_name(line, &p);
    line.push(b'\t');
    if g.r.bp(9500) {
        g.write_nn(line, &p);
    } else {
        line.extend_from_slice(b"\\N");
    }
    line.push(b'\t');
    if g.r.bp(6000) {
        let french = g.r.bp(3500);
        g.c.health += 1;
        let term = if french {
            *g.r.pick(HEALTH_FR)
        } else {
            *g.r.pick(HEALTH_NL)
        };
        line.extend_from_slice(term.as_bytes());
        line.extend_from_slice(b", ");
        let note = if french {
            *g.r.pick(NOTES_FR)
        } else {
            *g.r.pick(NOTES_NL)
        };
        line.extend_from_slice(note.as_bytes());
    } else if g.r.bp(5000) {
        line.extend_from_slice(b"controle");
    } else {
        line.extend_from_slice(b"\\N");
    }
    line.push(b'\n');
}

fn write_insert_table(
    g: &mut Gen,
    w: &mut CountingWriter<impl Write>,
    name: &str,
    budget: u64,
    line_target: usize,
    row: fn(&mut Gen, &mut Vec<u8>, &mut Vec<u8>, u64),
) -> io::Result<u64> {
    let start = w.bytes;
    let mut line = Vec::with_capacity(line_target + 64 * 1024);
    let mut f = Vec::with_capacity(4096);
    let mut id = 0u64;
    let prefix = format!("INSERT INTO `{name}` VALUES ");
    while w.bytes - start < budget {
        line.clear();
        line.extend_from_slice(prefix.as_bytes());
        let mut first = true;
        // End the line at ~line_target bytes, or earlier when the table's budget is used up.
        let room = (budget - (w.bytes - start)) as usize;
        while line.len() < line_target.min(room) {
            if !first {
                line.push(b',');
            }
            first = false;
            id += 1;
            row(g, &mut line, &mut f, id);
        }
        line.extend_from_slice(b";\n");
        w.put(&line)?;
    }
    Ok(id)
}

fn gen_dump(path: &Path, seed: u64, target: u64) -> io::Result<(u64, Counts)> {
    let mut g = Gen::new(seed);
    let file = File::create(path)?;
    let mut w = CountingWriter {
        inner: BufWriter::with_capacity(4 << 20, file),
        bytes: 0,
    };
    // mysqldump-like extended inserts of ~1 MB, smaller for tiny corpora.
    let line_target = (target / 16).clamp(4096, 1_000_000) as usize;
    let leden_budget = target * 5 / 100;
    let patients_budget = target / 100;
    w.put(DUMP_HEADER.as_bytes())?;

    table_prologue(&mut w, "leden", CREATE_LEDEN)?;
    write_insert_table(
        &mut g,
        &mut w,
        "leden",
        leden_budget,
        line_target,
        leden_row,
    )?;
    table_epilogue(&mut w, "leden")?;

    table_prologue(&mut w, "orders", CREATE_ORDERS)?;
    let orders_budget = target.saturating_sub(w.bytes + patients_budget + 2048);
    write_insert_table(
        &mut g,
        &mut w,
        "orders",
        orders_budget,
        line_target,
        orders_row,
    )?;
    table_epilogue(&mut w, "orders")?;

    w.put(
        b"--\n-- PostgreSQL database dump (pg_dump 15.4), table data, schema public\n--\n\n\
          COPY public.patients (id, naam, insz, diagnose) FROM stdin;\n",
    )?;
    let start = w.bytes;
    let mut block = Vec::with_capacity(line_target + 4096);
    let mut id = 0u64;
    while w.bytes - start < patients_budget {
        block.clear();
        let room = (patients_budget - (w.bytes - start)) as usize;
        while block.len() < line_target.min(room) {
            id += 1;
            patients_row(&mut g, &mut block, id);
        }
        w.put(&block)?;
    }
    w.put(b"\\.\n\n")?;
    w.put(DUMP_FOOTER.as_bytes())?;
    w.inner.flush()?;
    Ok((w.bytes, g.c))
}

// ---------------------------------------------------------------------------------------------
// small/
// ---------------------------------------------------------------------------------------------

fn gen_txt(g: &mut Gen, buf: &mut Vec<u8>, target: usize, pii: bool) {
    let french = g.r.bp(3000);
    if pii {
        let p = g.person();
        buf.extend_from_slice(if french {
            &b"Dossier de "[..]
        } else {
            &b"Dossier van "[..]
        });
        g.write_full_name(buf, &p);
        buf.push(b'\n');
        // The number comes before the address, so the free text (which may start with
        // "Factuur") never sits right after it.
        buf.extend_from_slice(if french {
            &b"Numero national : "[..]
        } else {
            &b"Rijksregisternummer: "[..]
        });
        g.write_nn(buf, &p);
        buf.push(b'\n');
        buf.extend_from_slice(if french {
            &b"Adresse : "[..]
        } else {
            &b"Adres: "[..]
        });
        g.write_address(buf);
        buf.push(b'\n');
        if g.r.bp(6000) {
            buf.extend_from_slice(if french {
                &b"Compte : "[..]
            } else {
                &b"Rekening: "[..]
            });
            g.write_iban(buf);
            buf.push(b'\n');
        }
        if g.r.bp(7000) {
            buf.extend_from_slice(b"E-mail: ");
            g.write_email(buf, &p);
            buf.push(b'\n');
        }
        buf.push(b'\n');
    } else {
        buf.extend_from_slice(if french {
            &b"Note interne\n\n"[..]
        } else {
            &b"Interne nota\n\n"[..]
        });
    }
    while buf.len() < target {
        let n = g.r.range(2, 6);
        for i in 0..n {
            if i > 0 {
                buf.push(b' ');
            }
            if pii && g.r.bp(300) {
                g.write_health_sentence(buf, french);
            } else {
                g.write_filler_sentence(buf, french);
            }
        }
        buf.extend_from_slice(b"\n\n");
    }
}

fn gen_csv(g: &mut Gen, buf: &mut Vec<u8>, target: usize, pii: bool) {
    if pii {
        buf.extend_from_slice(b"id;voornaam;achternaam;rijksregisternummer;iban;email;gemeente\n");
    } else {
        buf.extend_from_slice(b"id;ordernummer;datum;bedrag;btw_nummer;gemeente;telefoon\n");
    }
    let mut id = g.r.range(1, 5000);
    while buf.len() < target {
        id += 1;
        push_u(buf, id);
        buf.push(b';');
        if pii {
            let p = g.person();
            buf.extend_from_slice(p.first.as_bytes());
            buf.push(b';');
            buf.extend_from_slice(p.last.as_bytes());
            buf.push(b';');
            if g.r.bp(5000) {
                g.write_nn(buf, &p);
            }
            buf.push(b';');
            if g.r.bp(3000) {
                g.write_iban(buf);
            }
            buf.push(b';');
            if g.r.bp(4000) {
                g.write_email(buf, &p);
            }
        } else {
            g.write_id11(buf);
            buf.push(b';');
            g.write_timestamp(buf, b' ');
            buf.push(b';');
            g.write_amount(buf, 3000, b',');
            buf.push(b';');
            if g.r.bp(3000) {
                g.write_vat(buf);
            }
            buf.push(b';');
            buf.extend_from_slice(g.r.pick(CITIES).1.as_bytes());
            buf.push(b';');
            g.write_phone(buf);
            buf.push(b'\n');
            continue;
        }
        buf.push(b';');
        buf.extend_from_slice(g.r.pick(CITIES).1.as_bytes());
        buf.push(b'\n');
    }
}

fn gen_log(g: &mut Gen, buf: &mut Vec<u8>, target: usize, pii: bool) {
    const LEVELS: &[&str] = &["INFO ", "INFO ", "INFO ", "DEBUG", "WARN ", "ERROR"];
    while buf.len() < target {
        g.write_timestamp(buf, b'T');
        buf.push(b'.');
        push_pad(buf, g.r.below(1000), 3);
        buf.extend_from_slice(b"Z ");
        buf.extend_from_slice(g.r.pick(LEVELS).as_bytes());
        buf.extend_from_slice(b" [worker-");
        push_u(buf, g.r.below(8));
        buf.extend_from_slice(b"] ");
        match g.r.below(100) {
            0..=29 => {
                buf.extend_from_slice(b"order ");
                g.write_id11(buf);
                buf.extend_from_slice(b" processed in ");
                push_u(buf, g.r.range(3, 900));
                buf.extend_from_slice(b" ms (customer ");
                push_u(buf, g.r.range(1, 250_000));
                buf.push(b')');
            }
            30..=39 => {
                // "orders/3667 200 1458" would join to 11 digits: keep such runs invalid.
                let mut tmp = Vec::with_capacity(64);
                loop {
                    tmp.clear();
                    tmp.extend_from_slice(b"GET /api/v2/orders/");
                    push_u(&mut tmp, g.r.range(1, 9_999_999));
                    tmp.extend_from_slice(b" 200 ");
                    push_u(&mut tmp, g.r.range(200, 90_000));
                    if !loose_nn_hit(&tmp) {
                        break;
                    }
                }
                buf.extend_from_slice(&tmp);
                buf.extend_from_slice(b" bytes from ");
                g.write_ip(buf);
            }
            40..=49 if pii => {
                buf.extend_from_slice(b"login ok for ");
                if g.r.bp(1500) {
                    g.write_role_email(buf);
                } else {
                    let p = g.person();
                    g.write_email(buf, &p);
                }
            }
            50..=52 if pii => {
                buf.extend_from_slice(b"payment received from ");
                g.write_iban(buf);
            }
            53 if pii => {
                buf.extend_from_slice(b"eid lookup ok nn=");
                let p = g.person();
                g.write_nn(buf, &p);
            }
            _ => {
                buf.extend_from_slice(g.r.pick(LOG_MSGS).as_bytes());
                buf.extend_from_slice(b" duration_ms=");
                push_u(buf, g.r.range(1, 5000));
            }
        }
        buf.push(b'\n');
    }
}

fn gen_json(g: &mut Gen, buf: &mut Vec<u8>, target: usize, pii: bool) {
    buf.extend_from_slice(b"[\n");
    let mut first = true;
    let mut id = g.r.range(1, 90_000);
    while buf.len() < target {
        if !first {
            buf.extend_from_slice(b",\n");
        }
        first = false;
        id += 1;
        buf.extend_from_slice(b"  {\"id\": ");
        push_u(buf, id);
        let p = g.person();
        buf.extend_from_slice(b", \"klant\": \"");
        g.write_full_name(buf, &p);
        buf.push(b'"');
        // Personal fields first, well away from the order number and the remarks (whose
        // words, such as "Factuur", a scanner may read as context against a national number).
        if pii && g.r.bp(1500) {
            buf.extend_from_slice(b", \"rijksregisternummer\": \"");
            g.write_nn(buf, &p);
            buf.push(b'"');
        }
        if pii && g.r.bp(3500) {
            buf.extend_from_slice(b", \"email\": \"");
            g.write_email(buf, &p);
            buf.push(b'"');
        }
        if pii && g.r.bp(1000) {
            buf.extend_from_slice(b", \"iban\": \"");
            g.write_iban(buf);
            buf.push(b'"');
        }
        buf.extend_from_slice(b", \"adres\": \"");
        g.write_address(buf);
        buf.extend_from_slice(b"\", \"ordernummer\": ");
        g.write_id11(buf);
        buf.extend_from_slice(b", \"datum\": \"");
        g.write_timestamp(buf, b'T');
        buf.extend_from_slice(b"\", \"bedrag\": ");
        g.write_amount(buf, 1500, b'.');
        buf.extend_from_slice(b", \"opmerking\": \"");
        let french = g.r.bp(3000);
        g.write_filler_sentence(buf, french);
        buf.extend_from_slice(b"\"}");
    }
    buf.extend_from_slice(b"\n]\n");
}

fn gen_small(out: &Path, seed: u64, n: u64, manifest: &mut Vec<u8>) -> io::Result<(u64, Counts)> {
    let mut g = Gen::new(seed ^ 0x5A11_F11E_5EED_0001);
    let root = out.join("small");
    for d in DEPTS {
        for s in SUBS {
            fs::create_dir_all(root.join(d).join(s))?;
        }
    }
    let mut total = Counts::default();
    let mut bytes = 0u64;
    let mut buf = Vec::with_capacity(16 * 1024);
    for i in 0..n {
        let slot = (i % 100) as usize;
        let dir = format!("{}/{}", DEPTS[slot / 10], SUBS[slot % 10]);
        let pii = g.r.bp(800);
        let target = g.r.range(1024, 7800) as usize;
        let (stem, ext) = match g.r.below(100) {
            0..=34 => ("notitie", "txt"),
            35..=59 => ("export", "csv"),
            60..=84 => ("server", "log"),
            _ => ("records", "json"),
        };
        buf.clear();
        g.c = Counts::default();
        match ext {
            "txt" => gen_txt(&mut g, &mut buf, target, pii),
            "csv" => gen_csv(&mut g, &mut buf, target, pii),
            "log" => gen_log(&mut g, &mut buf, target, pii),
            _ => gen_json(&mut g, &mut buf, target, pii),
        }
        let rel = format!("small/{dir}/{stem}_{i:05}.{ext}");
        fs::write(out.join(&rel), &buf)?;
        bytes += buf.len() as u64;
        let c = g.c;
        total.add(&c);
        manifest_line(manifest, &rel, buf.len() as u64, &c);
    }
    Ok((bytes, total))
}

// ---------------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------------

fn manifest_line(m: &mut Vec<u8>, rel: &str, bytes: u64, c: &Counts) {
    let _ = writeln!(
        m,
        "{rel}\t{bytes}\t{}\t{}\t{}\t{}",
        c.nn,
        c.ibans(),
        c.email,
        c.health
    );
}

fn summary_line(path: &Path, bytes: u64, c: &Counts, extra: &str) -> String {
    format!(
        "{}\tbytes={bytes}\tnational_numbers={}\tibans={}\temails={}\thealth_terms={}\t\
         iban_be={}\tiban_nl={}\tiban_de={}\trole_emails={}\tdecoy_national_numbers={}\t\
         decoy_ibans={}{extra}",
        path.display(),
        c.nn,
        c.ibans(),
        c.email,
        c.health,
        c.iban_be,
        c.iban_nl,
        c.iban_de,
        c.email_role,
        c.decoy_nn,
        c.decoy_iban,
    )
}

fn usage() -> &'static str {
    "usage: gen_corpus OUT_DIR [--dump-mb 200] [--small-files 20000] [--seed N]\n\
     \n\
     Writes OUT_DIR/dump.sql (~dump-mb * 10^6 bytes), OUT_DIR/small/ (N files of 1-8 KB) and\n\
     OUT_DIR/manifest.tsv, then prints per output: path, bytes and the number of planted valid\n\
     national numbers, IBANs, e-mail addresses and health terms (occurrences)."
}

fn parse_u64(s: &str) -> Option<u64> {
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        u64::from_str_radix(h, 16).ok()
    } else {
        s.parse().ok()
    }
}

fn self_check() {
    // Published example IBANs must validate with our ISO 13616 implementation.
    for ok in [
        &b"BE71096123456769"[..],
        b"NL91ABNA0417164300",
        b"DE89370400440532013000",
    ] {
        assert!(iban_valid(ok), "{}", String::from_utf8_lossy(ok));
    }
    assert!(!iban_valid(b"BE71096123456768"));
    // 85073003328: born 1985, 97 - (850730033 mod 97) = 28.
    assert!(nn_check_any(85_073_003_328));
}

fn main() -> ExitCode {
    self_check();
    let mut out: Option<PathBuf> = None;
    let mut dump_mb: u64 = 200;
    let mut small_files: u64 = 20_000;
    let mut seed: u64 = 0x005E_EDB3;
    let mut args = env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = |name: &str| -> Option<u64> {
            let v = args.next().and_then(|v| parse_u64(&v));
            if v.is_none() {
                eprintln!(
                    "gen_corpus: {name} needs a non-negative integer\n{}",
                    usage()
                );
            }
            v
        };
        match a.as_str() {
            "--dump-mb" => match val("--dump-mb") {
                Some(v) => dump_mb = v,
                None => return ExitCode::from(2),
            },
            "--small-files" => match val("--small-files") {
                Some(v) => small_files = v,
                None => return ExitCode::from(2),
            },
            "--seed" => match val("--seed") {
                Some(v) => seed = v,
                None => return ExitCode::from(2),
            },
            "-h" | "--help" => {
                println!("{}", usage());
                return ExitCode::SUCCESS;
            }
            s if s.starts_with('-') => {
                eprintln!("gen_corpus: unknown option {s}\n{}", usage());
                return ExitCode::from(2);
            }
            s => {
                if out.is_some() {
                    eprintln!("gen_corpus: more than one OUT_DIR\n{}", usage());
                    return ExitCode::from(2);
                }
                out = Some(PathBuf::from(s));
            }
        }
    }
    let Some(out) = out else {
        eprintln!("{}", usage());
        return ExitCode::from(2);
    };
    match run(&out, dump_mb, small_files, seed) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(out: &Path, dump_mb: u64, small_files: u64, seed: u64) -> io::Result<()> {
    let t0 = Instant::now();
    fs::create_dir_all(out)?;
    let small = out.join("small");
    let manifest_path = out.join("manifest.tsv");
    if small.exists() {
        // Only wipe a small/ that we generated before (recognised by our manifest).
        if manifest_path.exists() {
            fs::remove_dir_all(&small)?;
        } else if fs::read_dir(&small)?.next().is_some() {
            return Err(io::Error::other(format!(
                "{} exists, is not empty and was not made by gen_corpus; refusing to overwrite",
                small.display()
            )));
        }
    }
    let mut manifest = Vec::new();
    manifest.extend_from_slice(b"# path\tbytes\tnational_numbers\tibans\temails\thealth_terms\n");

    let dump_path = out.join("dump.sql");
    let (dump_bytes, dump_c) = gen_dump(&dump_path, seed, dump_mb * 1_000_000)?;
    manifest_line(&mut manifest, "dump.sql", dump_bytes, &dump_c);
    let t_dump = t0.elapsed();

    fs::create_dir_all(&small)?;
    let (small_bytes, small_c) = gen_small(out, seed, small_files, &mut manifest)?;
    fs::write(&manifest_path, &manifest)?;

    let mut all = dump_c;
    all.add(&small_c);
    let stdout = io::stdout();
    let mut so = stdout.lock();
    writeln!(so, "{}", summary_line(&dump_path, dump_bytes, &dump_c, ""))?;
    writeln!(
        so,
        "{}",
        summary_line(
            &small,
            small_bytes,
            &small_c,
            &format!("\tfiles={small_files}")
        )
    )?;
    eprintln!(
        "gen_corpus: seed {seed:#x}; dump {:.1} MB in {:.2?} (one valid value per {:.0} bytes), \
         small/ {small_files} files {:.1} MB; total {:.2?}; per-file counts in {}",
        dump_bytes as f64 / 1e6,
        t_dump,
        dump_bytes as f64 / dump_c.valid_total().max(1) as f64,
        small_bytes as f64 / 1e6,
        t0.elapsed(),
        manifest_path.display(),
    );
    Ok(())
}
