//! Archives and compressed files: zip (every compression method the zip crate writes, a zip in
//! a zip, zip64, a partly encrypted zip), tar inside gzip, single-stream `.gz`, `.bz2`, `.xz`
//! and `.zst` text, and 7z (plain and encrypted). `fixtures/containers/expected.toml` lists what
//! each member holds; the member names here are the paths it uses after `!/`.
//!
//! Every timestamp is fixed: zip entries at 15 March 2024 10:00 (`pkg`), tar headers at
//! 1700000000, 7z entries without times.

use std::io::{self, Cursor};

use sevenz_rust2::encoder_options::AesEncoderOptions;
use sevenz_rust2::{ArchiveEntry, ArchiveWriter, EncoderConfiguration, EncoderMethod, Password};
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

use crate::codec;
use crate::pkg::{deflated, stored, Package};
use crate::values::*;
use crate::xlsx;
use crate::zipraw::{Member, RawZip};

/// The modification time of every tar member: 14 November 2023, 22:13:20 UTC.
const TAR_MTIME: u64 = 1_700_000_000;

/// A tar header for a regular file of `size` bytes, owned by root, mode 0644, with `name`
/// written into the name field as is. The tar crate's `set_path` refuses `..` and absolute
/// paths, and `traversal.tar` needs exactly those.
pub fn tar_header(name: &str, size: u64) -> io::Result<tar::Header> {
    let mut h = tar::Header::new_ustar();
    let field = &mut h.as_old_mut().name;
    if name.len() > field.len() {
        return Err(io::Error::other(format!("tar name too long: {name}")));
    }
    field[..name.len()].copy_from_slice(name.as_bytes());
    h.set_size(size);
    h.set_mode(0o644);
    h.set_mtime(TAR_MTIME);
    h.set_uid(0);
    h.set_gid(0);
    h.set_entry_type(tar::EntryType::Regular);
    h.set_cksum();
    Ok(h)
}

/// A tar archive of `members` (name, content), in order.
pub fn tar(members: &[(&str, &[u8])]) -> io::Result<Vec<u8>> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, content) in members {
        b.append(&tar_header(name, content.len() as u64)?, *content)?;
    }
    b.into_inner()
}

/// A zip written with the zip crate: `members` (name, content, options), in order.
pub fn zip(members: &[(&str, &[u8], SimpleFileOptions)]) -> io::Result<Vec<u8>> {
    let mut p = Package::in_memory();
    for (name, content, options) in members {
        p.add_with(name, content, *options)?;
    }
    p.into_bytes()
}

/// Options for a member compressed with `method` at the zip crate's default level.
fn method(method: CompressionMethod) -> SimpleFileOptions {
    stored().compression_method(method)
}

/// `exports.zip!/leden/leden.csv`: two members, every column with a header that names it.
pub fn leden_csv() -> String {
    format!(
        "naam;rijksregisternummer;iban;email\n\
         Jan Peeters;{NN_1985};{IBAN_BE_1};jan.peeters@example.be\n\
         Marie Dubois;{NN_2005};{IBAN_NL};marie.dubois@example.org\n"
    )
}

/// `exports.zip!/leden/leden.xlsx`: sheet "Leden", a national number as text in B2 and an IBAN
/// in C2.
fn leden_xlsx() -> io::Result<Vec<u8>> {
    xlsx::text_sheet_xlsx(
        &["naam", "rijksregisternummer", "iban"],
        &[&["Luc Maes", NN_1978, IBAN_DE]],
    )
}

/// `exports.zip!/nested.zip`: a zip in the zip, holding `diep/leden.csv`.
fn nested_zip() -> io::Result<Vec<u8>> {
    let csv =
        format!("naam;rijksregisternummer;email\nSophie Claes;{NN_1992};sophie.claes@example.be\n");
    zip(&[("diep/leden.csv", csv.as_bytes(), deflated())])
}

/// `exports.zip!/leesmij.txt`: no personal data.
const LEESMIJ: &str = "Export van de ledenadministratie.\n\
    De lijsten staan in de map leden; oudere exports staan in nested.zip.\n";

/// `exports.zip`: a stored CSV, a deflated workbook, a zip in the zip, one CSV for each other
/// method the zip crate writes (bzip2, zstd, xz; it cannot write LZMA) and a clean text.
pub fn exports_zip() -> io::Result<Vec<u8>> {
    let bz2 = format!("naam;rijksregisternummer\nPieter Jacobs;{NN_1967}\n");
    let zst = format!("naam;iban\nEls Wouters;{IBAN_BE_2}\n");
    let xz = format!("naam;bisnummer\nAn Janssens;{BIS_1993}\n");
    zip(&[
        ("leden/leden.csv", leden_csv().as_bytes(), stored()),
        ("leden/leden.xlsx", &leden_xlsx()?, deflated()),
        ("nested.zip", &nested_zip()?, stored()),
        ("bz2.csv", bz2.as_bytes(), method(CompressionMethod::Bzip2)),
        ("zstd.csv", zst.as_bytes(), method(CompressionMethod::Zstd)),
        ("xz.csv", xz.as_bytes(), method(CompressionMethod::Xz)),
        ("leesmij.txt", LEESMIJ.as_bytes(), deflated()),
    ])
}

/// `zip64.zip`: one member, `groot/leden.csv`, written as a large file so that its headers carry
/// zip64 extra fields although it is small.
pub fn zip64_zip() -> io::Result<Vec<u8>> {
    let csv = format!("naam;rijksregisternummer;iban\nTom Willems;{NN_1990};{IBAN_BE_3}\n");
    zip(&[(
        "groot/leden.csv",
        csv.as_bytes(),
        deflated().large_file(true),
    )])
}

/// `backup.tar.gz!/backup/dump.sql`: a mysqldump with a multi-row `INSERT` naming its columns.
fn mysql_dump() -> String {
    format!(
        "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n\
         --\n\
         -- Host: localhost    Database: vereniging\n\
         -- ------------------------------------------------------\n\
         \n\
         DROP TABLE IF EXISTS leden;\n\
         CREATE TABLE leden (\n\
         \x20 id int NOT NULL AUTO_INCREMENT,\n\
         \x20 naam varchar(100) NOT NULL,\n\
         \x20 rijksregisternummer char(15) DEFAULT NULL,\n\
         \x20 iban varchar(34) DEFAULT NULL,\n\
         \x20 PRIMARY KEY (id)\n\
         ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\
         \n\
         LOCK TABLES leden WRITE;\n\
         INSERT INTO leden (naam, rijksregisternummer, iban) VALUES \
         ('Jan Peeters','{NN_1985}','{IBAN_BE_1}'),('Lotte Peeters','{NN_2005}',NULL);\n\
         UNLOCK TABLES;\n\
         \n\
         -- Dump completed on 2024-03-15 10:00:00\n"
    )
}

/// `backup.tar.gz`: a gzipped tar with a MySQL dump and a clean note.
pub fn backup_tar_gz() -> io::Result<Vec<u8>> {
    let notes = b"Nachtelijke backup van de ledendatabank. Bewaartermijn: 30 dagen.\n";
    let tar = tar(&[
        ("backup/dump.sql", mysql_dump().as_bytes()),
        ("backup/notes.txt", notes),
    ])?;
    codec::gzip(&tar)
}

/// `dump.tgz!/dump.sql`: a pg_dump in plain format, the rows in a tab-separated `COPY` block.
fn postgres_dump() -> String {
    format!(
        "--\n\
         -- PostgreSQL database dump\n\
         --\n\
         \n\
         SET statement_timeout = 0;\n\
         SET client_encoding = 'UTF8';\n\
         \n\
         CREATE TABLE leden (\n\
         \x20   naam text NOT NULL,\n\
         \x20   rijksregisternummer text\n\
         );\n\
         \n\
         COPY leden (naam, rijksregisternummer) FROM stdin;\n\
         Luc Maes\t{NN_1978}\n\
         Sophie Claes\t{NN_1992}\n\
         \\.\n\
         \n\
         --\n\
         -- PostgreSQL database dump complete\n\
         --\n"
    )
}

/// `dump.tgz`: a gzipped tar with one member, `dump.sql`.
pub fn dump_tgz() -> io::Result<Vec<u8>> {
    codec::gzip(&tar(&[("dump.sql", postgres_dump().as_bytes())])?)
}

/// `leden.sql.bz2`: one `INSERT` with a national number and an e-mail address.
pub fn leden_sql_bz2() -> io::Result<Vec<u8>> {
    let sql = format!(
        "INSERT INTO leden (naam, rijksregisternummer, email) VALUES \
         ('Pieter Jacobs','{NN_1967}','pieter.jacobs@example.net');\n"
    );
    codec::bzip2(sql.as_bytes())
}

/// `leden.csv.xz`: a national number and an IBAN.
pub fn leden_csv_xz() -> io::Result<Vec<u8>> {
    let csv = format!("naam;rijksregisternummer;iban\nEls Wouters;{NN_1990};{IBAN_BE_4}\n");
    codec::xz(csv.as_bytes())
}

/// `leden.sql.zst`: one `INSERT` with a BIS number.
pub fn leden_sql_zst() -> io::Result<Vec<u8>> {
    let sql =
        format!("INSERT INTO leden (naam, bisnummer) VALUES ('Sophie Claes','{BIS_1985}');\n");
    codec::zstd(sql.as_bytes())
}

/// `leden.csv.gz`: an e-mail address and an IBAN.
pub fn leden_csv_gz() -> io::Result<Vec<u8>> {
    let csv = format!("naam;email;iban\nKarim El Amrani;karim.elamrani@example.com;{IBAN_DE}\n");
    codec::gzip(csv.as_bytes())
}

/// The password of every encrypted fixture, as in `fixtures/documents`.
pub const PASSWORD: &str = "geheim";

/// `gemengd.zip`: `geheim.csv` encrypted with ZipCrypto (password [`PASSWORD`]), `open.csv` in
/// the clear.
pub fn gemengd_zip() -> io::Result<Vec<u8>> {
    let secret = format!("naam;rijksregisternummer\nJan Peeters;{NN_1985}\n");
    let open = format!("naam;iban\nWim Mertens;{IBAN_BE_2}\n");
    let mut zip = RawZip::new();
    zip.add(&Member::deflated("geheim.csv", secret.as_bytes())?.encrypted(PASSWORD.as_bytes()))
        .add(&Member::deflated("open.csv", open.as_bytes())?);
    Ok(zip.finish())
}

/// Turns a sevenz-rust2 error into an I/O error.
fn sevenz_err(e: sevenz_rust2::Error) -> io::Error {
    io::Error::other(e)
}

/// A 7z archive of `members` with the given coders (compression last), entries without times.
fn sevenz(members: &[(&str, &[u8])], methods: Vec<EncoderConfiguration>) -> io::Result<Vec<u8>> {
    let mut w = ArchiveWriter::new(Cursor::new(Vec::new())).map_err(sevenz_err)?;
    w.set_content_methods(methods);
    for (name, content) in members {
        w.push_archive_entry(ArchiveEntry::new_file(name), Some(*content))
            .map_err(sevenz_err)?;
    }
    Ok(w.finish()?.into_inner())
}

/// `archief.7z`: LZMA2, `leden.csv` with a national number and an IBAN, `map/brief.txt` with an
/// e-mail address in prose.
pub fn archief_7z() -> io::Result<Vec<u8>> {
    let csv = format!("naam;rijksregisternummer;iban\nFatima El Amrani;{NN_1992};{IBAN_NL}\n");
    let brief = "Beste,\n\nDe ledenlijst zit in bijlage. Vragen kunnen naar \
                 griet.hermans@example.be tot het einde van de maand.\n\nGroeten,\nGriet\n";
    sevenz(
        &[
            ("leden.csv", csv.as_bytes()),
            ("map/brief.txt", brief.as_bytes()),
        ],
        vec![EncoderConfiguration::new(EncoderMethod::LZMA2)],
    )
}

/// AES-256 with a fixed salt and IV (the crate draws both at random) and the crate's default
/// key stretching (2^8 rounds; 7-Zip itself uses 2^19, slow to test in a debug build).
fn fixed_aes() -> EncoderConfiguration {
    AesEncoderOptions {
        password: Password::from(PASSWORD),
        iv: *b"docgen-7z-iv-016",
        salt: *b"docgen-7z-salt16",
        num_cycles_power: 8,
    }
    .into()
}

/// `geheim.7z`: AES-256 over LZMA2 (password [`PASSWORD`]), headers encrypted too, so without
/// the password not even the member names can be read.
pub fn geheim_7z() -> io::Result<Vec<u8>> {
    let csv = format!("naam;rijksregisternummer\nJan Peeters;{NN_1985}\n");
    sevenz(
        &[("leden.csv", csv.as_bytes())],
        vec![fixed_aes(), EncoderConfiguration::new(EncoderMethod::LZMA2)],
    )
}

/// Every archive and compressed file, by name.
pub fn all() -> io::Result<Vec<(String, Vec<u8>)>> {
    Ok(vec![
        ("exports.zip".into(), exports_zip()?),
        ("zip64.zip".into(), zip64_zip()?),
        ("backup.tar.gz".into(), backup_tar_gz()?),
        ("dump.tgz".into(), dump_tgz()?),
        ("leden.sql.bz2".into(), leden_sql_bz2()?),
        ("leden.csv.xz".into(), leden_csv_xz()?),
        ("leden.sql.zst".into(), leden_sql_zst()?),
        ("leden.csv.gz".into(), leden_csv_gz()?),
        ("gemengd.zip".into(), gemengd_zip()?),
        ("archief.7z".into(), archief_7z()?),
        ("geheim.7z".into(), geheim_7z()?),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn zip_names(bytes: &[u8]) -> Vec<String> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        archive
            .file_names()
            .map(|n| n.unwrap().into_owned())
            .collect()
    }

    fn zip_member(bytes: &[u8], name: &str) -> Vec<u8> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = Vec::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn exports_zip_holds_every_method_and_a_nested_zip() {
        let bytes = exports_zip().unwrap();
        let mut names = zip_names(&bytes);
        names.sort();
        assert_eq!(
            names,
            [
                "bz2.csv",
                "leden/leden.csv",
                "leden/leden.xlsx",
                "leesmij.txt",
                "nested.zip",
                "xz.csv",
                "zstd.csv"
            ]
        );
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        for (name, method) in [
            ("leden/leden.csv", CompressionMethod::Stored),
            ("leden/leden.xlsx", CompressionMethod::Deflated),
            ("bz2.csv", CompressionMethod::Bzip2),
            ("zstd.csv", CompressionMethod::Zstd),
            ("xz.csv", CompressionMethod::Xz),
        ] {
            assert_eq!(
                archive.by_name(name).unwrap().compression(),
                method,
                "{name}"
            );
        }
        let xz = String::from_utf8(zip_member(&bytes, "xz.csv")).unwrap();
        assert!(xz.contains(BIS_1993));
        let nested = zip_member(&bytes, "nested.zip");
        let deep = String::from_utf8(zip_member(&nested, "diep/leden.csv")).unwrap();
        assert!(deep.contains(NN_1992));
    }

    #[test]
    fn zip64_zip_has_zip64_extra_fields() {
        let bytes = zip64_zip().unwrap();
        // Extra field header ID 0x0001, in the local header and the central directory.
        let zip64_ids = bytes.windows(2).filter(|w| *w == [1, 0]).count();
        assert!(zip64_ids >= 2, "{zip64_ids}");
        assert_eq!(zip_names(&bytes), ["groot/leden.csv"]);
    }

    fn tar_members(bytes: &[u8]) -> Vec<(String, u64, String)> {
        let mut archive = tar::Archive::new(bytes);
        archive
            .entries()
            .unwrap()
            .map(|e| {
                let mut e = e.unwrap();
                let name = String::from_utf8(e.path_bytes().to_vec()).unwrap();
                let mtime = e.header().mtime().unwrap();
                let mut text = String::new();
                e.read_to_string(&mut text).unwrap();
                (name, mtime, text)
            })
            .collect()
    }

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn tarballs_hold_their_dumps() {
        let backup = tar_members(&gunzip(&backup_tar_gz().unwrap()));
        assert_eq!(backup[0].0, "backup/dump.sql");
        assert_eq!(backup[0].1, TAR_MTIME);
        assert!(backup[0].2.starts_with("-- MySQL dump 10.13"));
        assert_eq!(backup[1].0, "backup/notes.txt");
        let dump = tar_members(&gunzip(&dump_tgz().unwrap()));
        assert_eq!(dump.len(), 1);
        assert!(dump[0]
            .2
            .contains("COPY leden (naam, rijksregisternummer) FROM stdin;\n"));
        assert!(dump[0].2.contains("\n\\.\n"));
    }

    #[test]
    fn gemengd_zip_needs_a_password_for_one_member() {
        let bytes = gemengd_zip().unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        assert!(archive.by_name("geheim.csv").is_err());
        let mut text = String::new();
        archive
            .by_name_decrypt("geheim.csv", PASSWORD.as_bytes())
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert!(text.contains(NN_1985));
        let open = String::from_utf8(zip_member(&bytes, "open.csv")).unwrap();
        assert!(open.contains(IBAN_BE_2));
    }

    #[test]
    fn sevenz_archives_open_as_they_should() {
        let mut reader =
            sevenz_rust2::ArchiveReader::new(Cursor::new(archief_7z().unwrap()), Password::empty())
                .unwrap();
        let brief = String::from_utf8(reader.read_file("map/brief.txt").unwrap()).unwrap();
        assert!(brief.contains("griet.hermans@example.be"));
        let secret = geheim_7z().unwrap();
        assert!(
            sevenz_rust2::ArchiveReader::new(Cursor::new(&secret), Password::empty()).is_err(),
            "the header is encrypted"
        );
        let mut reader =
            sevenz_rust2::ArchiveReader::new(Cursor::new(&secret), Password::from(PASSWORD))
                .unwrap();
        let csv = String::from_utf8(reader.read_file("leden.csv").unwrap()).unwrap();
        assert!(csv.contains(NN_1985));
    }
}
