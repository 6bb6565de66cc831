//! The fixture share: a small folder tree as a municipality's file server holds it, for the
//! policy tests. Each file is there for one verdict a serious DPO would expect from a scan of the
//! share against its `snuffel.toml` (two sanctioned places, the default clean-desk, dump and
//! camera-retention rules). The test writes the tree with [`crate::write_share`], which sets each
//! file's modification time to `today` minus its age.
//!
//! | path | age (days) | holds | expected verdict |
//! |---|---|---|---|
//! | `snuffel.toml` | 0 | the policy, [`POLICY`] | none: no personal data |
//! | `bevolking/register.csv` | 10 | the population register: 40 names and national numbers | sanctioned ("Bevolking" allows national numbers): at most `low`, no violation. The dataset the test fingerprints (`snuffel fingerprint --column rijksregisternummer`) |
//! | `projecten/register-kopie.csv` | 5 | a byte-identical copy of the register | `high`: unsanctioned copy and unsanitised dump (CSV); a duplicate of `bevolking/register.csv`; all 40 records of the fingerprinted dataset |
//! | `users/an/Desktop/selectie.xlsx` | 3 | 15 people of the register (rows [`SELECTION`]), numbers as 11 plain digits | `high`: breaks clean desk, unsanctioned copy, unsanitised export; a near-duplicate of the register: 15 of its records |
//! | `hr/personeel.csv` | 20 | 12 staff: national number, IBAN, personal e-mail | sanctioned ("HR" allows all three kinds): at most `low`, no violation |
//! | `db/oud.sql` | 400 | MySQL dump, 12 people: name, national number, IBAN | `high`: unsanctioned, unsanitised dump, and older than the 90 days a dump may be kept |
//! | `db/nieuw.sql` | 2 | the same shape, 12 other people | `high`: unsanctioned, unsanitised dump (recent, so no retention finding) |
//! | `db/geanonimiseerd.sql` | 2 | the same shape, sanitised: `persoon N`, `XX.XX.XX-XXX.XX`, `BE00 0000 0000 0000` | none: a sanitised dump is what the policy asks for; nothing passes a checksum |
//! | `db/geanonimiseerd-oud.sql` | 200 | the sanitised dump again, another table name (not byte-identical) | no personal data, but a dump older than 90 days: flagged for deletion (`dump-retention`) |
//! | `db/beveiligd.ods` | 2 | a password-protected spreadsheet | reported as protected (not readable); a protected dump is allowed, no violation |
//! | `users/an/Desktop/beveiligd-kopie.ods` | 1 | a byte-identical copy of `db/beveiligd.ods` | protected, so no content-based rule can be shown broken; a duplicate of `db/beveiligd.ods`, on a desktop: a DPO wants it listed |
//! | `camera/inkom/2026-09-01.mp4` | 83 | a tiny fake MP4 | camera footage kept 83 days, at most 28: `retention` |
//! | `camera/inkom/2026-11-20.mp4` | 3 | a tiny fake MP4 | within the 28 days: none |
//! | `zorg/dossiers.txt` | 30 | 12 lines, each a patient, a national number and a health term | `critical`: health data beside 12 identifiers outside every sanctioned place (GDPR art. 9), and an unsanctioned copy |
//! | `gemeente/privacyverklaring.txt` | 100 | the words "rijksregisternummer" and "gezondheid", role mailboxes | none or `low` (role mailboxes only): no personal data, no violation |
//! | `users/an/Documents/notities.txt` | 1 | a meeting note | none |
//!
//! Every value is synthetic and passes its checksum (see [`crate::values`]); each data set has its
//! own fixed seed, so the share is the same bytes on every run and no two files share a person
//! unless they are meant to.

use std::io;
use std::ops::Range;

use crate::odf;
use crate::values::*;
use crate::xlsx;

/// One file of the share: its path relative to the share root, its bytes, and its age in days
/// (the test sets the modification time to `today - age_days`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareFile {
    pub path: &'static str,
    pub bytes: Vec<u8>,
    pub age_days: u64,
}

/// `snuffel.toml`: the population register may hold national numbers, HR also IBANs and
/// e-mail addresses. Clean desk, dumps and retention keep the defaults.
pub const POLICY: &str = r#"[[sanctioned]]
name = "Bevolking"
paths = ["bevolking/**"]
kinds = ["be_national_number"]

[[sanctioned]]
name = "HR"
paths = ["hr/**"]
kinds = ["be_national_number", "iban", "email"]
"#;

/// People in the population register.
pub const REGISTER_PEOPLE: usize = 40;
/// The register rows (0-based, header not counted) copied into the desktop selection.
pub const SELECTION: Range<usize> = 10..25;
/// Staff in `hr/personeel.csv`.
pub const HR_PEOPLE: usize = 12;
/// People in each database dump, real or sanitised.
pub const DUMP_PEOPLE: usize = 12;
/// Lines (patients) in `zorg/dossiers.txt`.
pub const DOSSIERS: usize = 12;
/// The health terms of the dossiers, in turn (each is a word of `patterns/health_terms.txt`).
pub const DOSSIER_TERMS: &[&str] = &[
    "diabetes",
    "depressie",
    "kanker",
    "hartfalen",
    "astma",
    "epilepsie",
];

/// One seed per data set, so that adding a row to one leaves the others alone.
const SEED_REGISTER: u64 = 0x5EED_5A01;
const SEED_HR: u64 = 0x5EED_5A02;
const SEED_OLD_DUMP: u64 = 0x5EED_5A03;
const SEED_NEW_DUMP: u64 = 0x5EED_5A04;
const SEED_DOSSIERS: u64 = 0x5EED_5A05;
const SEED_CAMERA_OLD: u64 = 0x5EED_5A06;
const SEED_CAMERA_NEW: u64 = 0x5EED_5A07;

/// A generated person.
struct Person {
    first: &'static str,
    last: &'static str,
    /// 11 digits.
    national: String,
}

impl Person {
    fn name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
}

/// `count` people with distinct names (so that names and mailboxes are distinct too) and valid
/// national numbers; [`REGISTER_PEOPLE`] is far below the 400 names the lists make.
fn people(rng: &mut Rng, count: usize) -> Vec<Person> {
    let mut people: Vec<Person> = Vec::with_capacity(count);
    while people.len() < count {
        let first = *rng.pick(FIRST_NAMES);
        let last = *rng.pick(LAST_NAMES);
        if people.iter().any(|p| p.first == first && p.last == last) {
            continue;
        }
        let national = rng.national_number();
        people.push(Person {
            first,
            last,
            national,
        });
    }
    people
}

/// `voornaam.achternaam@example.be`: lower case, accents and spaces dropped.
fn mailbox(first: &str, last: &str) -> String {
    let fold = |s: &str| -> String {
        s.to_lowercase()
            .chars()
            .map(|c| match c {
                'à' | 'á' | 'â' | 'ä' => 'a',
                'è' | 'é' | 'ê' | 'ë' => 'e',
                'ì' | 'í' | 'î' | 'ï' => 'i',
                'ò' | 'ó' | 'ô' | 'ö' => 'o',
                'ù' | 'ú' | 'û' | 'ü' => 'u',
                'ç' => 'c',
                other => other,
            })
            .filter(char::is_ascii_alphanumeric)
            .collect()
    };
    format!("{}.{}@example.be", fold(first), fold(last))
}

/// `bevolking/register.csv`: `naam;rijksregisternummer`, numbers as on an eID card.
fn register_csv(register: &[Person]) -> Vec<u8> {
    let mut csv = String::from("naam;rijksregisternummer\n");
    for p in register {
        csv.push_str(&format!("{};{}\n", p.name(), format_national(&p.national)));
    }
    csv.into_bytes()
}

/// `users/an/Desktop/selectie.xlsx`: the [`SELECTION`] rows of the register on one sheet
/// "Selectie", the numbers as 11 plain digits (text cells), as a filter-and-copy leaves them.
fn selection_xlsx(register: &[Person]) -> io::Result<Vec<u8>> {
    let rows: Vec<[String; 2]> = register[SELECTION]
        .iter()
        .map(|p| [p.name(), p.national.clone()])
        .collect();
    let rows: Vec<[&str; 2]> = rows
        .iter()
        .map(|[n, nn]| [n.as_str(), nn.as_str()])
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    xlsx::named_text_sheet_xlsx("Selectie", &["naam", "rijksregisternummer"], &rows)
}

/// `hr/personeel.csv`: name, national number, printed IBAN and a personal mailbox per person.
fn personeel_csv() -> Vec<u8> {
    let mut rng = Rng::new(SEED_HR);
    let staff = people(&mut rng, HR_PEOPLE);
    let mut csv = String::from("naam;rijksregisternummer;iban;email\n");
    for p in &staff {
        csv.push_str(&format!(
            "{};{};{};{}\n",
            p.name(),
            format_national(&p.national),
            format_iban(&rng.belgian_iban()),
            mailbox(p.first, p.last)
        ));
    }
    csv.into_bytes()
}

/// A mysqldump (`--skip-dump-date`) of one table `(id, naam, rijksregisternummer, iban)` whose
/// rows are in a single multi-row `INSERT`; `rows` are (name, national number, IBAN) as written.
fn mysql_dump(table: &str, rows: &[[String; 3]]) -> Vec<u8> {
    let values: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(i, [name, national, iban])| format!("({},'{name}','{national}','{iban}')", i + 1))
        .collect();
    format!(
        "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n\
         --\n\
         -- Host: localhost    Database: gemeente\n\
         -- ------------------------------------------------------\n\
         \n\
         DROP TABLE IF EXISTS `{table}`;\n\
         CREATE TABLE `{table}` (\n\
         \x20 `id` int NOT NULL AUTO_INCREMENT,\n\
         \x20 `naam` varchar(100) NOT NULL,\n\
         \x20 `rijksregisternummer` char(15) DEFAULT NULL,\n\
         \x20 `iban` varchar(34) DEFAULT NULL,\n\
         \x20 PRIMARY KEY (`id`)\n\
         ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\
         \n\
         LOCK TABLES `{table}` WRITE;\n\
         INSERT INTO `{table}` VALUES {};\n\
         UNLOCK TABLES;\n\
         \n\
         -- Dump completed\n",
        values.join(",")
    )
    .into_bytes()
}

/// `db/oud.sql`, `db/nieuw.sql`: a dump of table `leden` with [`DUMP_PEOPLE`] real rows.
fn member_dump(seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let members = people(&mut rng, DUMP_PEOPLE);
    let rows: Vec<[String; 3]> = members
        .iter()
        .map(|p| {
            [
                p.name(),
                format_national(&p.national),
                format_iban(&rng.belgian_iban()),
            ]
        })
        .collect();
    mysql_dump("leden", &rows)
}

/// `db/geanonimiseerd*.sql`: the member dump's shape with every value masked, so that nothing
/// in it passes a checksum. `table` tells the two sanitised dumps apart.
fn sanitised_dump(table: &str) -> Vec<u8> {
    let rows: Vec<[String; 3]> = (1..=DUMP_PEOPLE)
        .map(|i| {
            [
                format!("persoon {i}"),
                "XX.XX.XX-XXX.XX".to_string(),
                "BE00 0000 0000 0000".to_string(),
            ]
        })
        .collect();
    mysql_dump(table, &rows)
}

/// A tiny fake MP4: an `ftyp` box (brand `isom`, as a camera recorder writes) and an `mdat` box
/// of 200 random bytes, different for each `seed`.
fn camera_mp4(seed: u64) -> Vec<u8> {
    const PAYLOAD: usize = 200;
    let mut rng = Rng::new(seed);
    let mut mp4 = b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2".to_vec();
    mp4.extend_from_slice(&((PAYLOAD + 8) as u32).to_be_bytes());
    mp4.extend_from_slice(b"mdat");
    mp4.extend((0..PAYLOAD).map(|_| rng.next_u64() as u8));
    mp4
}

/// `zorg/dossiers.txt`: one line per patient, each a name, a national number and a health term
/// from [`DOSSIER_TERMS`], so that every line is a special-category record.
fn dossiers_txt() -> Vec<u8> {
    let mut rng = Rng::new(SEED_DOSSIERS);
    let patients = people(&mut rng, DOSSIERS);
    let mut text = String::new();
    for (p, term) in patients.iter().zip(DOSSIER_TERMS.iter().cycle()) {
        text.push_str(&format!(
            "Patiënt {} (rijksregisternummer {}) werd opgenomen met {term}; behandeling loopt.\n",
            p.name(),
            format_national(&p.national)
        ));
    }
    text.into_bytes()
}

/// `gemeente/privacyverklaring.txt`: talks about national numbers and health, holds neither,
/// and lists only role mailboxes. No digits at all.
const PRIVACY_STATEMENT: &str = "\
Privacyverklaring van de gemeente

De gemeente verwerkt persoonsgegevens om haar taken van algemeen belang uit te voeren. Voor \
sommige diensten hebben wij uw rijksregisternummer nodig; wij vragen het enkel wanneer de wet \
dat toelaat.

Gegevens over uw gezondheid verwerken wij alleen met uw uitdrukkelijke toestemming of wanneer \
de wet het oplegt.

Wij bewaren uw gegevens niet langer dan nodig en geven ze niet door aan derden zonder \
wettelijke grond.

Vragen over deze verklaring stuurt u naar privacy@gemeente.be. De functionaris voor \
gegevensbescherming bereikt u via dpo@gemeente.be. Voor algemene vragen kunt u terecht bij \
info@gemeente.be.

U hebt het recht uw gegevens in te kijken, te laten verbeteren of te laten wissen. Bent u het \
niet eens met hoe wij uw gegevens verwerken, dan kunt u een klacht indienen bij de \
Gegevensbeschermingsautoriteit.
";

/// `users/an/Documents/notities.txt`: no personal data at all.
const NOTE: &str = "Vergadering dinsdag om 10 uur. Agenda volgt.\n";

/// Every file of the share, in the order of the table in the module doc.
pub fn share() -> io::Result<Vec<ShareFile>> {
    let register = people(&mut Rng::new(SEED_REGISTER), REGISTER_PEOPLE);
    let register_csv = register_csv(&register);
    let protected = odf::encrypted_ods()?;
    let file = |path, bytes, age_days| ShareFile {
        path,
        bytes,
        age_days,
    };
    Ok(vec![
        file("snuffel.toml", POLICY.as_bytes().to_vec(), 0),
        file("bevolking/register.csv", register_csv.clone(), 10),
        file("projecten/register-kopie.csv", register_csv, 5),
        file(
            "users/an/Desktop/selectie.xlsx",
            selection_xlsx(&register)?,
            3,
        ),
        file("hr/personeel.csv", personeel_csv(), 20),
        file("db/oud.sql", member_dump(SEED_OLD_DUMP), 400),
        file("db/nieuw.sql", member_dump(SEED_NEW_DUMP), 2),
        file("db/geanonimiseerd.sql", sanitised_dump("leden"), 2),
        file(
            "db/geanonimiseerd-oud.sql",
            sanitised_dump("leden_oud"),
            200,
        ),
        file("db/beveiligd.ods", protected.clone(), 2),
        file("users/an/Desktop/beveiligd-kopie.ods", protected, 1),
        file(
            "camera/inkom/2026-09-01.mp4",
            camera_mp4(SEED_CAMERA_OLD),
            83,
        ),
        file(
            "camera/inkom/2026-11-20.mp4",
            camera_mp4(SEED_CAMERA_NEW),
            3,
        ),
        file("zorg/dossiers.txt", dossiers_txt(), 30),
        file(
            "gemeente/privacyverklaring.txt",
            PRIVACY_STATEMENT.as_bytes().to_vec(),
            100,
        ),
        file(
            "users/an/Documents/notities.txt",
            NOTE.as_bytes().to_vec(),
            1,
        ),
    ])
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::io::Read;
    use std::path::PathBuf;

    use super::*;

    fn files() -> Vec<ShareFile> {
        share().unwrap()
    }

    fn bytes<'a>(files: &'a [ShareFile], path: &str) -> &'a [u8] {
        &files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path} missing"))
            .bytes
    }

    fn text<'a>(files: &'a [ShareFile], path: &str) -> &'a str {
        std::str::from_utf8(bytes(files, path)).unwrap()
    }

    fn digits(s: &str) -> String {
        s.chars().filter(char::is_ascii_digit).collect()
    }

    /// Whether `s` is written `yy.mm.dd-sss.cc`.
    fn is_formatted_national(s: &str) -> bool {
        s.len() == 15
            && s.bytes().enumerate().all(|(i, b)| match i {
                2 | 5 | 12 => b == b'.',
                8 => b == b'-',
                _ => b.is_ascii_digit(),
            })
    }

    /// The data rows of a `;`-separated CSV, split into fields.
    fn csv_rows(text: &str) -> Vec<Vec<&str>> {
        text.lines()
            .skip(1)
            .map(|l| l.split(';').collect())
            .collect()
    }

    /// The tuples of a dump's `INSERT`, split into fields with quotes removed.
    fn dump_rows(text: &str) -> Vec<Vec<String>> {
        let insert = text.lines().find(|l| l.starts_with("INSERT")).unwrap();
        let values = insert.split_once(" VALUES (").unwrap().1;
        let values = values.strip_suffix(");").unwrap();
        values
            .split("),(")
            .map(|t| t.split(',').map(|f| f.trim_matches('\'').into()).collect())
            .collect()
    }

    /// Checks the rows of a real member dump and returns their national numbers (digits).
    fn check_member_dump(text: &str) -> Vec<String> {
        let rows = dump_rows(text);
        assert_eq!(rows.len(), DUMP_PEOPLE);
        rows.iter()
            .map(|r| {
                assert_eq!(r.len(), 4, "{r:?}");
                assert!(is_formatted_national(&r[2]), "{}", r[2]);
                assert!(national_ok(&digits(&r[2])), "{}", r[2]);
                assert!(iban_ok(&r[3]), "{}", r[3]);
                digits(&r[2])
            })
            .collect()
    }

    /// The national numbers of the register (digits), checking each row on the way.
    fn register_numbers(files: &[ShareFile]) -> Vec<String> {
        let text = text(files, "bevolking/register.csv");
        assert!(text.starts_with("naam;rijksregisternummer\n"));
        let rows = csv_rows(text);
        assert_eq!(rows.len(), REGISTER_PEOPLE);
        rows.iter()
            .map(|r| {
                assert_eq!(r.len(), 2);
                assert!(r[0].contains(' '), "{}", r[0]);
                assert!(is_formatted_national(r[1]), "{}", r[1]);
                assert!(national_ok(&digits(r[1])), "{}", r[1]);
                digits(r[1])
            })
            .collect()
    }

    /// The text cells of the selection workbook, in order of first use.
    fn selection_strings(files: &[ShareFile]) -> Vec<String> {
        let xlsx = bytes(files, "users/an/Desktop/selectie.xlsx");
        let mut zip = zip::ZipArchive::new(io::Cursor::new(xlsx)).unwrap();
        let mut workbook = String::new();
        zip.by_name("xl/workbook.xml")
            .unwrap()
            .read_to_string(&mut workbook)
            .unwrap();
        assert!(workbook.contains(r#"name="Selectie""#));
        let mut shared = String::new();
        zip.by_name("xl/sharedStrings.xml")
            .unwrap()
            .read_to_string(&mut shared)
            .unwrap();
        shared
            .split("<t>")
            .skip(1)
            .map(|s| s.split_once("</t>").unwrap().0.to_string())
            .collect()
    }

    /// Every run of digits in `text`, digits joined across `.`, `-`, `/` and spaces, as a
    /// detector might join them.
    fn digit_runs(text: &str) -> Vec<String> {
        text.split(|c: char| !(c.is_ascii_digit() || ".-/ ".contains(c)))
            .map(digits)
            .filter(|d| !d.is_empty())
            .collect()
    }

    /// Whether any 11 consecutive digits of a run pass the national-number check.
    fn has_valid_national(text: &str) -> bool {
        digit_runs(text).iter().any(|run| {
            run.as_bytes()
                .windows(11)
                .any(|w| national_ok(std::str::from_utf8(w).unwrap()))
        })
    }

    /// The words of `patterns/health_terms.txt`.
    fn health_terms() -> Vec<String> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../patterns/health_terms.txt");
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('['))
            .map(|l| l.split(" | ").next().unwrap().to_string())
            .collect()
    }

    /// Whether `term` occurs in `text` as whole words (lower case; accents as written).
    fn has_word(text: &str, term: &str) -> bool {
        let text = text.to_lowercase();
        text.match_indices(term).any(|(i, m)| {
            let before = text[..i].chars().next_back();
            let after = text[i + m.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    }

    #[test]
    fn paths_are_unique_and_the_share_is_deterministic() {
        let files = files();
        let paths: HashSet<&str> = files.iter().map(|f| f.path).collect();
        assert_eq!(paths.len(), files.len());
        assert_eq!(files.len(), 16);
        assert_eq!(files, share().unwrap());
    }

    #[test]
    fn the_policy_parses() {
        let policy: toml::Value = toml::from_str(text(&files(), "snuffel.toml")).unwrap();
        let names: Vec<&str> = policy["sanctioned"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Bevolking", "HR"]);
    }

    #[test]
    fn the_identical_pairs_are_byte_identical_and_the_sanitised_dumps_are_not() {
        let files = files();
        assert_eq!(
            bytes(&files, "bevolking/register.csv"),
            bytes(&files, "projecten/register-kopie.csv")
        );
        assert_eq!(
            bytes(&files, "db/beveiligd.ods"),
            bytes(&files, "users/an/Desktop/beveiligd-kopie.ods")
        );
        assert_ne!(
            bytes(&files, "db/geanonimiseerd.sql"),
            bytes(&files, "db/geanonimiseerd-oud.sql")
        );
        assert_ne!(
            bytes(&files, "camera/inkom/2026-09-01.mp4"),
            bytes(&files, "camera/inkom/2026-11-20.mp4")
        );
    }

    #[test]
    fn the_register_holds_valid_distinct_numbers() {
        let numbers = register_numbers(&files());
        assert_eq!(
            numbers.iter().collect::<HashSet<_>>().len(),
            REGISTER_PEOPLE
        );
    }

    #[test]
    fn the_selection_is_register_rows_10_to_25_as_plain_digits() {
        let files = files();
        let register = register_numbers(&files);
        let strings = selection_strings(&files);
        assert_eq!(strings[..2], ["naam", "rijksregisternummer"]);
        let numbers: Vec<&String> = strings
            .iter()
            .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
            .collect();
        assert_eq!(numbers.len(), SELECTION.len());
        for (n, expected) in numbers.iter().zip(&register[SELECTION]) {
            assert_eq!(n.len(), 11);
            assert!(national_ok(n), "{n}");
            assert_eq!(*n, expected);
        }
        // A name, then its number: the names are the register's too.
        let names = csv_rows(text(&files, "bevolking/register.csv"));
        let selected: Vec<&str> = names[SELECTION].iter().map(|r| r[0]).collect();
        assert_eq!(strings[2..].iter().step_by(2).collect::<Vec<_>>(), selected);
    }

    #[test]
    fn the_staff_list_holds_valid_numbers_ibans_and_personal_mailboxes() {
        let files = files();
        let text = text(&files, "hr/personeel.csv");
        assert!(text.starts_with("naam;rijksregisternummer;iban;email\n"));
        let rows = csv_rows(text);
        assert_eq!(rows.len(), HR_PEOPLE);
        let roles = ["info", "privacy", "dpo", "hr", "personeel"];
        for r in &rows {
            assert!(is_formatted_national(r[1]), "{}", r[1]);
            assert!(national_ok(&digits(r[1])), "{}", r[1]);
            assert!(iban_ok(r[2]), "{}", r[2]);
            assert!(r[2].starts_with("BE") && r[2].len() == 19, "{}", r[2]);
            let (local, domain) = r[3].split_once('@').unwrap();
            assert_eq!(domain, "example.be");
            assert!(local
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.'));
            assert!(
                !roles.contains(&local.split('.').next().unwrap()),
                "{local}"
            );
        }
        let mails: HashSet<&str> = rows.iter().map(|r| r[3]).collect();
        assert_eq!(mails.len(), HR_PEOPLE);
    }

    #[test]
    fn the_dumps_hold_valid_numbers_and_ibans() {
        let files = files();
        for path in ["db/oud.sql", "db/nieuw.sql"] {
            check_member_dump(text(&files, path));
        }
    }

    #[test]
    fn the_sanitised_dumps_hold_nothing_that_passes_a_checksum() {
        let files = files();
        // The check finds what it looks for: the real dumps do not pass it.
        assert!(has_valid_national(text(&files, "db/nieuw.sql")));
        for (path, table) in [
            ("db/geanonimiseerd.sql", "leden"),
            ("db/geanonimiseerd-oud.sql", "leden_oud"),
        ] {
            let text = text(&files, path);
            assert!(text.contains(&format!("INSERT INTO `{table}` VALUES")));
            assert!(!has_valid_national(text), "{path}");
            let rows = dump_rows(text);
            assert_eq!(rows.len(), DUMP_PEOPLE);
            for (i, r) in rows.iter().enumerate() {
                assert_eq!(r[1], format!("persoon {}", i + 1));
                assert!(!iban_ok(&r[3]), "{}", r[3]);
            }
            assert!(!text.contains('@'));
        }
    }

    #[test]
    fn the_dossiers_hold_a_valid_number_and_a_health_term_per_line() {
        let files = files();
        let terms = health_terms();
        for term in DOSSIER_TERMS {
            assert!(terms.iter().any(|t| t == term), "{term} not in the lexicon");
        }
        let text = text(&files, "zorg/dossiers.txt");
        assert_eq!(text.lines().count(), DOSSIERS);
        for (line, term) in text.lines().zip(DOSSIER_TERMS.iter().cycle()) {
            let number = line
                .split_once("(rijksregisternummer ")
                .and_then(|(_, rest)| rest.split_once(')'))
                .unwrap()
                .0;
            assert!(is_formatted_national(number), "{line}");
            assert!(national_ok(&digits(number)), "{line}");
            assert!(has_word(line, term), "{line}");
        }
    }

    #[test]
    fn no_person_is_in_two_data_sets() {
        let files = files();
        let mut sets = vec![register_numbers(&files)];
        for path in ["db/oud.sql", "db/nieuw.sql"] {
            sets.push(check_member_dump(text(&files, path)));
        }
        for path in ["hr/personeel.csv", "zorg/dossiers.txt"] {
            let text = text(&files, path);
            let found: Vec<String> = text
                .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
                .filter(|s| is_formatted_national(s))
                .map(digits)
                .collect();
            sets.push(found);
        }
        let total: usize = sets.iter().map(Vec::len).sum();
        assert_eq!(
            total,
            REGISTER_PEOPLE + 2 * DUMP_PEOPLE + HR_PEOPLE + DOSSIERS
        );
        let distinct: HashSet<&String> = sets.iter().flatten().collect();
        assert_eq!(distinct.len(), total);
    }

    #[test]
    fn the_privacy_statement_and_the_note_hold_no_personal_data() {
        let files = files();
        let terms = health_terms();
        let statement = text(&files, "gemeente/privacyverklaring.txt");
        assert!(statement.contains("rijksregisternummer") && statement.contains("gezondheid"));
        assert!(!statement.bytes().any(|b| b.is_ascii_digit()));
        let mailboxes: Vec<&str> = statement
            .split_whitespace()
            .filter(|w| w.contains('@'))
            .map(|w| w.trim_end_matches('.'))
            .collect();
        assert_eq!(
            mailboxes,
            ["privacy@gemeente.be", "dpo@gemeente.be", "info@gemeente.be"]
        );
        let note = text(&files, "users/an/Documents/notities.txt");
        for (path, text) in [("privacyverklaring", statement), ("notities", note)] {
            for term in &terms {
                assert!(!has_word(text, term), "{path}: {term}");
            }
            assert!(!has_valid_national(text), "{path}");
        }
        assert!(!note.contains('@'));
    }

    #[test]
    fn the_camera_files_are_mp4_boxes() {
        let files = files();
        for path in ["camera/inkom/2026-09-01.mp4", "camera/inkom/2026-11-20.mp4"] {
            let mp4 = bytes(&files, path);
            assert_eq!(&mp4[4..12], b"ftypisom");
            assert_eq!(&mp4[28..32], b"mdat");
            let mdat = u32::from_be_bytes(mp4[24..28].try_into().unwrap()) as usize;
            assert_eq!(24 + mdat, mp4.len());
        }
    }

    #[test]
    fn the_protected_spreadsheet_is_an_encrypted_ods() {
        let files = files();
        let ods = bytes(&files, "db/beveiligd.ods");
        let mut zip = zip::ZipArchive::new(io::Cursor::new(ods)).unwrap();
        let mut mimetype = String::new();
        zip.by_index(0)
            .unwrap()
            .read_to_string(&mut mimetype)
            .unwrap();
        assert_eq!(mimetype, odf::ODS);
        let mut manifest = String::new();
        zip.by_name("META-INF/manifest.xml")
            .unwrap()
            .read_to_string(&mut manifest)
            .unwrap();
        assert!(manifest.contains("manifest:encryption-data"));
        assert!(manifest.contains(odf::ODS));
        assert_ne!(ods, odf::encrypted_odt().unwrap());
    }
}
