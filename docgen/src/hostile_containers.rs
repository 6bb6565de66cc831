//! Hostile containers: bombs (one huge member, recursion, members sharing bytes, a stream of
//! newlines), sizes that lie, truncated archives, names that climb out of the extraction
//! directory, and mail nested or split beyond reason. Each is small on disk; the tests lower
//! snuffel's limits on the command line so that these still hit them.
//! `fixtures/containers/hostile.toml` lists what must still be found and how each must end.

use std::io;

use crate::archives::{self, tar};
use crate::codec::{self, repeated_deflate};
use crate::mail::{multipart, part};
use crate::pkg::deflated;
use crate::values::*;
use crate::zipraw::{Member, RawZip, DEFLATED};

/// The size of `bomb.zip`'s one member, in MiB.
pub const BOMB_MIB: usize = 256;

/// `bomb.zip`: one member, `bom.txt`, 256 MiB of the letter `a` (no newline), deflated to about
/// a thousandth of that.
pub fn bomb_zip() -> io::Result<Vec<u8>> {
    let d = repeated_deflate(b"", b'a', BOMB_MIB)?;
    let member = Member {
        name: "bom.txt".into(),
        method: DEFLATED,
        flags: 0,
        crc: d.crc,
        data: d.bytes,
        size: d.size as u32,
    };
    let mut zip = RawZip::new();
    zip.add(&member);
    Ok(zip.finish())
}

/// The leaf of `recursive.zip`: a national number with its column header.
pub const RECURSIVE_LEAF: &str = "naam;rijksregisternummer\nJan;85.07.30-033.28\n";

/// A zip of ten copies of `inner`, named `{prefix}0{ext}` to `{prefix}9{ext}`.
fn ten_copies(inner: &[u8], prefix: &str, ext: &str) -> io::Result<Vec<u8>> {
    let names: Vec<String> = (0..10).map(|i| format!("{prefix}{i}{ext}")).collect();
    let members: Vec<_> = names
        .iter()
        .map(|n| (n.as_str(), inner, deflated()))
        .collect();
    archives::zip(&members)
}

/// `recursive.zip`, after 42.zip: ten `l3-N.zip`, each of ten `l2-N.zip`, each of ten
/// `l1-N.zip`, each of ten `leafN.csv`: 10,000 leaves four zips deep.
pub fn recursive_zip() -> io::Result<Vec<u8>> {
    let l1 = ten_copies(RECURSIVE_LEAF.as_bytes(), "leaf", ".csv")?;
    let l2 = ten_copies(&l1, "l1-", ".zip")?;
    let l3 = ten_copies(&l2, "l2-", ".zip")?;
    ten_copies(&l3, "l3-", ".zip")
}

/// The number of central directory entries in `overlap.zip`.
pub const OVERLAP_ENTRIES: usize = 20;

/// `overlap.zip`: one deflated member (1 MiB of `a`) and 20 central directory entries,
/// `a0.txt` to `a19.txt`, that all point at its local header (offset 0), as in a
/// non-recursive zip bomb: one compressed kernel unpacked again for every entry.
pub fn overlap_zip() -> io::Result<Vec<u8>> {
    let kernel = Member::deflated("a0.txt", &vec![b'a'; 1 << 20])?;
    let mut zip = RawZip::new();
    let offset = zip.local(&kernel);
    for i in 0..OVERLAP_ENTRIES {
        let entry = Member {
            name: format!("a{i}.txt"),
            ..kernel.clone()
        };
        zip.central(&entry, offset);
    }
    Ok(zip.finish())
}

/// Rows of CSV with no personal data (an id, a town, a sentence) until `bytes` are written.
fn filler_rows(bytes: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(bytes + 200);
    let mut id = 1;
    while out.len() < bytes {
        out.push_str(&format!("{id};{};{}\n", rng.pick(TOWNS), rng.pick(PROSE)));
        id += 1;
    }
    out
}

/// The size `liar.zip` declares for its member.
pub const LIAR_DECLARED: u32 = 100;

/// `liar.zip`: `leden.csv`, a header and a national number, then about 200 KB of rows without
/// personal data, deflated; local header and central directory both declare 100 bytes.
pub fn liar_zip() -> io::Result<Vec<u8>> {
    let mut csv = format!("naam;rijksregisternummer;opmerking\nJan Peeters;{NN_1985};lid\n");
    csv.push_str(&filler_rows(200_000, 0x11A2));
    let member = Member {
        size: LIAR_DECLARED,
        ..Member::deflated("leden.csv", csv.as_bytes())?
    };
    let mut zip = RawZip::new();
    zip.add(&member);
    Ok(zip.finish())
}

/// `truncated.zip`: the first half of `exports.zip`; the central directory is gone.
pub fn truncated_zip() -> io::Result<Vec<u8>> {
    let whole = archives::exports_zip()?;
    Ok(whole[..whole.len() / 2].to_vec())
}

/// `truncated.tar.gz`: `eerst.csv` (a national number) and `tweede.csv` (1 MiB of rows without
/// personal data), gzipped and cut at 60% of the compressed length; the first member is whole.
pub fn truncated_tar_gz() -> io::Result<Vec<u8>> {
    let first = format!("naam;rijksregisternummer\nMarie Dubois;{NN_1990}\n");
    let second = filler_rows(1 << 20, 0x7A2);
    let whole = codec::gzip(&tar(&[
        ("eerst.csv", first.as_bytes()),
        ("tweede.csv", second.as_bytes()),
    ])?)?;
    Ok(whole[..whole.len() * 6 / 10].to_vec())
}

/// A CSV with one national number under its header.
fn one_number_csv(name: &str, number: &str) -> String {
    format!("naam;rijksregisternummer\n{name};{number}\n")
}

/// The members of `traversal.tar`, with the national number each holds.
pub const TRAVERSAL_TAR: [(&str, &str); 3] = [
    ("../../etc/cron.d/snuffel", NN_1985),
    ("/etc/passwd-copy.csv", NN_1990),
    ("ok/../../../x.csv", NN_1978),
];

/// `traversal.tar`: members named outside the extraction directory (see [`TRAVERSAL_TAR`]),
/// the names written into the headers as they are.
pub fn traversal_tar() -> io::Result<Vec<u8>> {
    let contents: Vec<String> = TRAVERSAL_TAR
        .iter()
        .map(|(_, nn)| one_number_csv("Jan Peeters", nn))
        .collect();
    let members: Vec<(&str, &[u8])> = TRAVERSAL_TAR
        .iter()
        .zip(&contents)
        .map(|((name, _), c)| (*name, c.as_bytes()))
        .collect();
    tar(&members)
}

/// The members of `traversal.zip`, with the national number each holds.
pub const TRAVERSAL_ZIP: [(&str, &str); 2] = [("../evil.csv", NN_1992), ("/abs/evil.csv", NN_1967)];

/// `traversal.zip`: a relative and an absolute name that leave the extraction directory.
pub fn traversal_zip() -> io::Result<Vec<u8>> {
    let mut zip = RawZip::new();
    for (name, nn) in TRAVERSAL_ZIP {
        zip.add(&Member::stored(
            name,
            one_number_csv("Marie Dubois", nn).as_bytes(),
        ));
    }
    Ok(zip.finish())
}

/// The first line of `zeros.sql.gz`.
pub const ZEROS_FIRST_LINE: &str = "INSERT INTO leden VALUES ('85.07.30-033.28');\n";

/// `zeros.sql.gz`: one `INSERT` line, then 64 MiB of newlines, gzipped to about 64 KB, which is
/// what the first megabytes of a dump padded with a terabyte of nothing look like.
pub fn zeros_sql_gz() -> io::Result<Vec<u8>> {
    let d = repeated_deflate(ZEROS_FIRST_LINE.as_bytes(), b'\n', 64)?;
    Ok(codec::gzip_around(&d))
}

/// The header fields of the hostile mails: enough for a mail reader to take them for mail, no
/// address (so the only findings are the planted ones).
fn hostile_headers(subject: &str, content_type: &str) -> String {
    format!(
        "Subject: {subject}\nDate: Fri, 15 Mar 2024 10:00:00 +0100\nMIME-Version: 1.0\n\
         Content-Type: {content_type}\n\n"
    )
}

/// The depth of `deep.eml`'s multipart nesting.
pub const DEEP_LEVELS: usize = 10_000;

/// `deep.eml`: a text part with `top@example.be` at the top level, then multipart/mixed inside
/// multipart/mixed 10,000 levels deep (boundaries `b0` to `b9999`), a text part at the bottom.
pub fn deep_eml() -> Vec<u8> {
    let mut out = hostile_headers("diep", "multipart/mixed; boundary=\"b0\"");
    out.push_str("--b0\nContent-Type: text/plain; charset=utf-8\n\nContact: top@example.be\n\n");
    for level in 1..DEEP_LEVELS {
        out.push_str(&format!(
            "--b{}\nContent-Type: multipart/mixed; boundary=\"b{level}\"\n\n",
            level - 1
        ));
    }
    out.push_str(&format!(
        "--b{}\nContent-Type: text/plain\n\nbodem\n",
        DEEP_LEVELS - 1
    ));
    for level in (0..DEEP_LEVELS).rev() {
        out.push_str(&format!("--b{level}--\n"));
    }
    out.into_bytes()
}

/// The number of parts of `many-parts.eml`.
pub const MANY_PARTS: usize = 10_000;

/// `many-parts.eml`: multipart/mixed with 10,000 small text parts; only the last holds a
/// national number.
pub fn many_parts_eml() -> Vec<u8> {
    let mut parts: Vec<String> = (1..MANY_PARTS)
        .map(|i| part(&["Content-Type: text/plain"], &format!("deel {i}\n")))
        .collect();
    parts.push(part(
        &["Content-Type: text/plain"],
        &format!("Rijksregisternummer: {NN_1990}\n"),
    ));
    let mut out = hostile_headers("veel delen", "multipart/mixed; boundary=\"p\"");
    out.push_str(&multipart("p", &parts));
    out.into_bytes()
}

/// `bad-base64.eml`: a first part declared base64 that is not, then a text part with an IBAN.
pub fn bad_base64_eml() -> Vec<u8> {
    let parts = [
        part(
            &[
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: base64",
            ],
            "!!!! not base64 @@@@\n",
        ),
        part(
            &["Content-Type: text/plain; charset=utf-8"],
            &format!("Rekening: {IBAN_NL}\n"),
        ),
    ];
    let mut out = hostile_headers("slechte bijlage", "multipart/mixed; boundary=\"x\"");
    out.push_str(&multipart("x", &parts));
    out.into_bytes()
}

/// The hostile containers, by name.
pub fn all() -> io::Result<Vec<(String, Vec<u8>)>> {
    Ok(vec![
        ("bomb.zip".into(), bomb_zip()?),
        ("recursive.zip".into(), recursive_zip()?),
        ("overlap.zip".into(), overlap_zip()?),
        ("liar.zip".into(), liar_zip()?),
        ("truncated.zip".into(), truncated_zip()?),
        ("truncated.tar.gz".into(), truncated_tar_gz()?),
        ("traversal.tar".into(), traversal_tar()?),
        ("traversal.zip".into(), traversal_zip()?),
        ("zeros.sql.gz".into(), zeros_sql_gz()?),
        ("deep.eml".into(), deep_eml()),
        ("many-parts.eml".into(), many_parts_eml()),
        ("bad-base64.eml".into(), bad_base64_eml()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    fn zip_archive(bytes: Vec<u8>) -> zip::ZipArchive<Cursor<Vec<u8>>> {
        zip::ZipArchive::new(Cursor::new(bytes)).unwrap()
    }

    #[test]
    fn bomb_zip_is_small_and_declares_its_full_size() {
        let bytes = bomb_zip().unwrap();
        assert!(bytes.len() < 400_000, "{}", bytes.len());
        let mut zip = zip_archive(bytes);
        let mut member = zip.by_name("bom.txt").unwrap();
        assert_eq!(member.size(), (BOMB_MIB as u64) << 20);
        // The start of the stream, not all 256 MiB: the full stream is checked in `codec`.
        let mut head = vec![0; 1 << 16];
        member.read_exact(&mut head).unwrap();
        assert!(head.iter().all(|&b| b == b'a'));
    }

    #[test]
    fn recursive_zip_nests_four_deep_with_ten_thousand_leaves() {
        fn leaves(bytes: Vec<u8>, depth: usize) -> usize {
            let mut zip = zip_archive(bytes);
            let mut total = 0;
            for i in 0..zip.len() {
                let mut member = zip.by_index(i).unwrap();
                let mut inner = Vec::new();
                member.read_to_end(&mut inner).unwrap();
                if member.name().unwrap().ends_with(".zip") {
                    total += leaves(inner, depth + 1);
                } else {
                    assert_eq!(depth, 4);
                    assert_eq!(inner, RECURSIVE_LEAF.as_bytes());
                    total += 1;
                }
            }
            total
        }
        assert_eq!(leaves(recursive_zip().unwrap(), 1), 10_000);
    }

    #[test]
    fn overlap_zip_points_every_entry_at_offset_zero() {
        let mut zip = zip_archive(overlap_zip().unwrap());
        assert_eq!(zip.len(), OVERLAP_ENTRIES);
        assert!(zip.has_overlapping_files().unwrap());
        for i in 0..zip.len() {
            let member = zip.by_index_raw(i).unwrap();
            assert_eq!(member.header_start(), 0);
            assert_eq!(member.name().unwrap(), format!("a{i}.txt"));
        }
    }

    #[test]
    fn liar_zip_declares_less_than_it_holds() {
        let bytes = liar_zip().unwrap();
        // Uncompressed size at offset 22 of the local header and 24 of the central entry.
        assert_eq!(&bytes[22..26], &LIAR_DECLARED.to_le_bytes());
        let zip = zip_archive(bytes.clone());
        assert_eq!(zip.decompressed_size(), Some(u128::from(LIAR_DECLARED)));
        let mut inflated = Vec::new();
        let start = 30 + "leden.csv".len();
        flate2::read::DeflateDecoder::new(&bytes[start..])
            .read_to_end(&mut inflated)
            .unwrap();
        assert!(inflated.len() > 200_000);
        assert!(String::from_utf8(inflated).unwrap().contains(NN_1985));
    }

    #[test]
    fn truncated_files_are_cut() {
        assert!(zip::ZipArchive::new(Cursor::new(truncated_zip().unwrap())).is_err());
        let gz = truncated_tar_gz().unwrap();
        let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(&gz[..]));
        let mut entries = tar.entries().unwrap();
        let mut first = entries.next().unwrap().unwrap();
        let mut text = String::new();
        first.read_to_string(&mut text).unwrap();
        assert!(text.contains(NN_1990));
        let mut rest = Vec::new();
        let second = entries.next().unwrap().unwrap().read_to_end(&mut rest);
        assert!(second.is_err(), "the second member is cut off");
    }

    #[test]
    fn traversal_names_are_kept_as_written() {
        let tar_bytes = traversal_tar().unwrap();
        let mut tar = tar::Archive::new(&tar_bytes[..]);
        let names: Vec<String> = tar
            .entries()
            .unwrap()
            .map(|e| String::from_utf8(e.unwrap().path_bytes().to_vec()).unwrap())
            .collect();
        assert_eq!(names, TRAVERSAL_TAR.map(|(n, _)| n.to_string()));
        let zip = zip_archive(traversal_zip().unwrap());
        let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
        assert_eq!(names.len(), 2);
        for (name, _) in TRAVERSAL_ZIP {
            assert!(names.iter().any(|n| n == name), "{name}");
        }
    }

    #[test]
    fn zeros_sql_gz_expands_a_thousandfold() {
        let gz = zeros_sql_gz().unwrap();
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut out)
            .unwrap();
        assert!(out.starts_with(ZEROS_FIRST_LINE.as_bytes()));
        assert_eq!(out.len(), ZEROS_FIRST_LINE.len() + (64 << 20));
        assert!(out.len() / gz.len() > 500, "{}", out.len() / gz.len());
    }

    #[test]
    fn hostile_mails_are_what_they_claim() {
        let deep = String::from_utf8(deep_eml()).unwrap();
        assert_eq!(
            deep.matches("Content-Type: multipart/mixed").count(),
            DEEP_LEVELS
        );
        assert!(deep.find("top@example.be") < deep.find("boundary=\"b1\""));
        let many = String::from_utf8(many_parts_eml()).unwrap();
        assert_eq!(many.matches("\n--p\n").count(), MANY_PARTS);
        assert!(many.rfind("--p\n").unwrap() < many.find(NN_1990).unwrap());
        let bad = String::from_utf8(bad_base64_eml()).unwrap();
        assert!(bad.contains("base64\n\n!!!! not base64 @@@@\n"));
        assert!(bad.contains(IBAN_NL));
    }
}
