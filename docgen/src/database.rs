//! Database files: `leden.sqlite` (a national number stored as an integer, a table without
//! rowid), `recent.sqlite` with its `-wal` file holding a row the main file does not, and the
//! first bytes of database formats snuffel does not read (Access, pg_dump's custom format, SQL
//! Server backups, InnoDB tablespaces), which it must report as unsupported rather than scan as
//! binary noise.
//!
//! SQLite writes the files; each is built in a temporary directory and read back as bytes.

use std::fs;
use std::io;
use std::path::Path;

use rusqlite::{params, Connection};

use crate::values::*;

/// Turns a rusqlite error into an I/O error.
fn sql_err(e: rusqlite::Error) -> io::Error {
    io::Error::other(e)
}

/// Runs a pragma (or any statement) and drops the rows it returns: `journal_mode` and
/// `wal_checkpoint` answer with a row, which `execute` would refuse.
fn pragma(conn: &Connection, sql: &str) -> io::Result<()> {
    let mut stmt = conn.prepare(sql).map_err(sql_err)?;
    let mut rows = stmt.query([]).map_err(sql_err)?;
    while rows.next().map_err(sql_err)?.is_some() {}
    Ok(())
}

/// The 11 digits of a national number as the integer a database column would hold; a leading
/// zero is lost (05.06.12-045.62 becomes 5061204562).
fn as_integer(national: &str) -> i64 {
    national
        .chars()
        .filter(char::is_ascii_digit)
        .fold(0, |n, c| n * 10 + i64::from(c as u8 - b'0'))
}

/// An IBAN in electronic form, as a database stores it.
fn electronic(iban: &str) -> String {
    iban.replace(' ', "")
}

/// Fills `leden.sqlite`: see [`leden_sqlite`].
fn fill_leden(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE leden (id INTEGER PRIMARY KEY, naam TEXT, rijksregisternummer INTEGER, \
             email TEXT, iban TEXT);
         CREATE TABLE notities (tekst TEXT);
         CREATE TABLE rekeningen (iban TEXT PRIMARY KEY, houder TEXT) WITHOUT ROWID;",
    )?;
    let insert = "INSERT INTO leden VALUES (?1, ?2, ?3, ?4, ?5)";
    conn.execute(
        insert,
        params![
            1,
            "Jan Peeters",
            as_integer(NN_1985),
            "jan.peeters@example.be",
            electronic(IBAN_BE_1)
        ],
    )?;
    conn.execute(
        insert,
        params![
            2,
            "Lotte Peeters",
            as_integer(NN_2005),
            "lotte.peeters@example.be",
            electronic(IBAN_NL)
        ],
    )?;
    conn.execute(
        "INSERT INTO notities (tekst) VALUES (?1)",
        ["Marie Dubois (marie.dubois@example.org) volgt een behandeling voor diabetes."],
    )?;
    conn.execute(
        "INSERT INTO rekeningen VALUES (?1, ?2)",
        [IBAN_BE_2, "Wim Mertens"],
    )?;
    Ok(())
}

/// `leden.sqlite`, rollback journal: table `leden` with the national numbers as INTEGER (row 1
/// 85073003328, row 2 5061204562: the 2005 number without its leading zero), e-mail addresses
/// and IBANs; `notities` with an address and a health term in a sentence (row 1); and
/// `rekeningen`, a `WITHOUT ROWID` table keyed by an IBAN.
pub fn leden_sqlite() -> io::Result<Vec<u8>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("leden.sqlite");
    {
        let conn = Connection::open(&path).map_err(sql_err)?;
        pragma(&conn, "PRAGMA journal_mode=DELETE")?;
        fill_leden(&conn).map_err(sql_err)?;
    }
    fs::read(&path)
}

/// The row only the write-ahead log of `recent.sqlite` holds.
pub const RECENT_NAME: &str = "Els Wouters";

/// Writes `recent.sqlite` at `path`: the old row checkpointed into the main file, then
/// automatic checkpoints off and the new row written, so it stays in the WAL. Returns the main
/// file and the WAL, read while the connection is still open (closing would checkpoint).
fn write_recent(path: &Path) -> io::Result<(Vec<u8>, Vec<u8>)> {
    let conn = Connection::open(path).map_err(sql_err)?;
    pragma(&conn, "PRAGMA journal_mode=WAL")?;
    conn.execute_batch(
        "CREATE TABLE leden (id INTEGER PRIMARY KEY, naam TEXT, rijksregisternummer TEXT);",
    )
    .map_err(sql_err)?;
    let insert = "INSERT INTO leden VALUES (?1, ?2, ?3)";
    conn.execute(insert, params![1, "Luc Maes", NN_1978])
        .map_err(sql_err)?;
    pragma(&conn, "PRAGMA wal_checkpoint(TRUNCATE)")?;
    pragma(&conn, "PRAGMA wal_autocheckpoint=0")?;
    conn.execute(insert, params![2, RECENT_NAME, NN_1967])
        .map_err(sql_err)?;
    let main = fs::read(path)?;
    let wal = fs::read(path.with_extension("sqlite-wal"))?;
    drop(conn);
    Ok((main, wal))
}

/// `recent.sqlite` and `recent.sqlite-wal`: the newest row (a national number) only in the WAL.
pub fn recent_sqlite() -> io::Result<(Vec<u8>, Vec<u8>)> {
    let dir = tempfile::tempdir()?;
    let (main, mut wal) = write_recent(&dir.path().join("recent.sqlite"))?;
    fix_wal_salts(&mut wal)?;
    Ok((main, wal))
}

/// The salts every WAL header and frame carry, fixed for the fixture.
const WAL_SALTS: [u8; 8] = *b"docgen\0\x01";

/// SQLite's WAL checksum (file format, section 4.1): over pairs of 32-bit words, in big-endian
/// order if the magic number's low bit is set, else little-endian, seeded by the previous one.
fn wal_checksum(big_endian: bool, seed: (u32, u32), data: &[u8]) -> (u32, u32) {
    let (mut s0, mut s1) = seed;
    for pair in data.chunks_exact(8) {
        let word = |b: &[u8]| {
            let b = [b[0], b[1], b[2], b[3]];
            if big_endian {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            }
        };
        s0 = s0.wrapping_add(word(&pair[..4])).wrapping_add(s1);
        s1 = s1.wrapping_add(word(&pair[4..])).wrapping_add(s0);
    }
    (s0, s1)
}

fn put_checksum(at: &mut [u8], (s0, s1): (u32, u32)) {
    at[..4].copy_from_slice(&s0.to_be_bytes());
    at[4..8].copy_from_slice(&s1.to_be_bytes());
}

/// Replaces the WAL's salts with [`WAL_SALTS`] and recomputes the checksum chain. SQLite draws
/// the salts from the OS's random source; fixed ones make the fixture the same on every run,
/// and a reader still accepts every frame, as each frame's salts match the header's and each
/// checksum follows from the one before.
fn fix_wal_salts(wal: &mut [u8]) -> io::Result<()> {
    const HEADER: usize = 32;
    const FRAME_HEADER: usize = 24;
    if wal.len() < HEADER {
        return Err(io::Error::other("WAL shorter than its header"));
    }
    let big_endian = wal[3] & 1 == 1;
    let page_size = u32::from_be_bytes([wal[8], wal[9], wal[10], wal[11]]) as usize;
    wal[16..24].copy_from_slice(&WAL_SALTS);
    let mut sum = wal_checksum(big_endian, (0, 0), &wal[..24]);
    put_checksum(&mut wal[24..32], sum);
    for frame in wal[HEADER..].chunks_exact_mut(FRAME_HEADER + page_size) {
        frame[8..16].copy_from_slice(&WAL_SALTS);
        sum = wal_checksum(big_endian, sum, &frame[..8]);
        sum = wal_checksum(big_endian, sum, &frame[FRAME_HEADER..]);
        put_checksum(&mut frame[16..24], sum);
    }
    Ok(())
}

/// `size` bytes: each of `parts` (offset, bytes) in its place, zeros elsewhere.
fn header_file(size: usize, parts: &[(usize, &[u8])]) -> Vec<u8> {
    let mut out = vec![0; size];
    for (at, bytes) in parts {
        out[*at..*at + bytes.len()].copy_from_slice(bytes);
    }
    out
}

/// `leden.accdb`: an Access 2007+ (ACE) file's first page: `00 01 00 00`, then the format name.
pub fn leden_accdb() -> Vec<u8> {
    header_file(4096, &[(0, &[0, 1, 0, 0]), (4, b"Standard ACE DB\0")])
}

/// `oud.mdb`: an Access 97-2003 (Jet) file's first page.
pub fn oud_mdb() -> Vec<u8> {
    header_file(4096, &[(0, &[0, 1, 0, 0]), (4, b"Standard Jet DB\0")])
}

/// `prod.pgdump`: pg_dump's custom format: `PGDMP`, version 1.14.0, 4-byte integers, 8-byte
/// offsets, format 1 (custom).
pub fn prod_pgdump() -> Vec<u8> {
    header_file(2048, &[(0, b"PGDMP"), (5, &[1, 14, 0, 4, 8, 1])])
}

/// `backup.bak`: a SQL Server backup, which starts with a Microsoft Tape Format `TAPE` block.
pub fn backup_bak() -> Vec<u8> {
    header_file(1024, &[(0, b"TAPE")])
}

/// The tablespace id of `leden.ibd`.
const IBD_SPACE_ID: u32 = 7;

/// `leden.ibd`: an InnoDB tablespace's first page (16 KiB): page number 0, page type 8
/// (`FIL_PAGE_TYPE_FSP_HDR`), and the space id both in the page header (offset 34) and in the
/// file space header that follows (offset 38).
pub fn leden_ibd() -> Vec<u8> {
    let space = IBD_SPACE_ID.to_be_bytes();
    header_file(
        16384,
        &[
            (4, &[0; 4]),
            (24, &8u16.to_be_bytes()),
            (34, &space),
            (38, &space),
        ],
    )
}

/// Every database fixture, by name.
pub fn all() -> io::Result<Vec<(String, Vec<u8>)>> {
    let (recent, recent_wal) = recent_sqlite()?;
    Ok(vec![
        ("leden.sqlite".into(), leden_sqlite()?),
        ("recent.sqlite".into(), recent),
        ("recent.sqlite-wal".into(), recent_wal),
        ("leden.accdb".into(), leden_accdb()),
        ("oud.mdb".into(), oud_mdb()),
        ("prod.pgdump".into(), prod_pgdump()),
        ("backup.bak".into(), backup_bak()),
        ("leden.ibd".into(), leden_ibd()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::OpenFlags;

    fn contains(hay: &[u8], needle: &str) -> bool {
        hay.windows(needle.len()).any(|w| w == needle.as_bytes())
    }

    #[test]
    fn leden_sqlite_holds_integers_and_a_table_without_rowid() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("leden.sqlite");
        fs::write(&path, leden_sqlite().unwrap()).unwrap();
        let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let count = |table: &str| -> i64 {
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(
            (count("leden"), count("notities"), count("rekeningen")),
            (2, 1, 1)
        );
        let numbers: Vec<(i64, i64)> = conn
            .prepare("SELECT rowid, rijksregisternummer FROM leden ORDER BY rowid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(numbers, [(1, 85_073_003_328), (2, 5_061_204_562)]);
        let kind: String = conn
            .query_row("SELECT typeof(rijksregisternummer) FROM leden", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(kind, "integer");
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = 'rekeningen'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(sql.ends_with("WITHOUT ROWID"));
    }

    #[test]
    fn the_newest_recent_row_is_only_in_the_wal() {
        let (main, wal) = recent_sqlite().unwrap();
        assert!(contains(&main, "Luc Maes"));
        assert!(!contains(&main, RECENT_NAME) && !contains(&main, NN_1967));
        assert!(contains(&wal, RECENT_NAME) && contains(&wal, NN_1967));
        // With the WAL beside it (salts rewritten), SQLite sees both rows; without, only one.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recent.sqlite");
        fs::write(&path, &main).unwrap();
        let rows = |path: &Path| -> i64 {
            let conn = Connection::open(path).unwrap();
            conn.query_row("SELECT count(*) FROM leden", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(rows(&path), 1);
        let both = dir.path().join("both.sqlite");
        fs::write(&both, &main).unwrap();
        fs::write(dir.path().join("both.sqlite-wal"), &wal).unwrap();
        assert_eq!(rows(&both), 2);
    }

    #[test]
    fn recent_sqlite_is_the_same_bytes_every_time() {
        assert_eq!(recent_sqlite().unwrap(), recent_sqlite().unwrap());
    }

    #[test]
    fn unsupported_headers_are_where_readers_look() {
        assert_eq!(&leden_accdb()[4..20], b"Standard ACE DB\0");
        assert_eq!(&oud_mdb()[4..20], b"Standard Jet DB\0");
        assert!(prod_pgdump().starts_with(b"PGDMP"));
        assert!(backup_bak().starts_with(b"TAPE") && backup_bak().len() >= 512);
        let ibd = leden_ibd();
        assert_eq!(ibd.len(), 16384);
        assert_eq!(&ibd[4..8], &[0; 4]);
        assert_eq!(&ibd[24..26], &[0, 8]);
        assert_eq!(ibd[34..38], ibd[38..42]);
        assert_ne!(&ibd[34..38], &[0; 4]);
    }
}
