//! SQLite databases, read strictly read-only in a worker process.
//!
//! SQLite never opens a database on a share itself when that can be avoided: snuffel reads the
//! file (as it reads every file: read-only, without touching its access time) into memory and
//! SQLite opens that copy. A `-wal` log beside it holds the newest rows until a checkpoint;
//! its committed frames are applied to the copy, as SQLite's own recovery would. Only a
//! database too large to copy (over `IN_MEMORY`) is opened in place, as `immutable`: SQLite
//! then takes no lock and creates no `-wal`, `-shm` or journal file, but it opens the file
//! without `O_NOATIME` (its VFS has no such option), and the log is not read. A database
//! inside an archive or a mail is opened from memory.
//!
//! Every table is read, every text and integer column of every row. An integer column holding
//! national numbers has lost the leading zero of ten-digit ones: it gets it back (as a
//! spreadsheet number does) and counts, like any number, only when its column name vouches for
//! it. Location: table, column, row id.

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, MAIN_DB};

use super::document::{DocSource, Emitter, Failure, Place};
use super::sheet::integer_digits;

/// Databases up to this size (with their log) are copied into memory: a worker's memory
/// limit (1 GiB by default) must hold the copy and SQLite's page cache.
const IN_MEMORY: u64 = 256 << 20;

/// Reads every table of a database.
pub fn extract(source: DocSource, out: &mut Emitter<'_>) -> Result<(), Failure> {
    out.format("sqlite")?;
    let max = out.budget.limits.max_bytes;
    let conn = match source {
        DocSource::Path(path) => match read_with_log(&path, max.min(IN_MEMORY))? {
            Some(image) => open_image(image)?,
            None => open_immutable(&path)?,
        },
        DocSource::Bytes(bytes) => open_image(bytes)?,
    };
    for table in tables(&conn)? {
        read_table(&conn, &table, out)?;
    }
    Ok(())
}

fn sqlite_error(e: rusqlite::Error) -> Failure {
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            Failure::Error("damaged SQLite database: not a database".into())
        }
        other => Failure::Error(format!("SQLite: {other}")),
    }
}

/// Opens a database file without writing anything, anywhere: read-only, immutable (no locks,
/// no `-shm`, no journal), by a `file:` URI.
fn open_immutable(path: &Path) -> Result<Connection, Failure> {
    let uri = format!("file:{}?mode=ro&immutable=1", uri_path(path));
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(uri, flags).map_err(sqlite_error)
}

/// A path as a `file:` URI path: every byte outside the unreserved set percent-encoded, so
/// that `?`, `#` or `%` in a file name cannot be read as URI syntax.
fn uri_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::new();
    for &b in absolute.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A database image opened in memory, read-only.
fn open_image(mut image: Vec<u8>) -> Result<Connection, Failure> {
    // Bytes 18 and 19 say "WAL mode" in a database that used a log; a copy in memory has no
    // log, and SQLite refuses to open it as one.
    if image.len() >= 20 && image[18] == 2 && image[19] == 2 {
        image[18] = 1;
        image[19] = 1;
    }
    let mut conn = Connection::open_in_memory().map_err(sqlite_error)?;
    let len = image.len();
    conn.deserialize_read_exact(MAIN_DB, &image[..], len, true)
        .map_err(sqlite_error)?;
    Ok(conn)
}

/// The database in memory, with the committed frames of a `-wal` log beside it applied;
/// `None` when the two do not fit in `max` bytes.
fn read_with_log(path: &Path, max: u64) -> Result<Option<Vec<u8>>, Failure> {
    let db_file = super::open_file(path)?;
    let db_len = db_file.metadata()?.len();
    let mut wal_path = PathBuf::from(path);
    wal_path.as_mut_os_string().push("-wal");
    let wal_file = super::open_file(&wal_path).ok();
    let wal_len = match &wal_file {
        Some(file) => file.metadata()?.len(),
        None => 0,
    };
    if db_len.saturating_add(wal_len) > max {
        return Ok(None);
    }
    let mut image = Vec::new();
    db_file.take(db_len).read_to_end(&mut image)?;
    if let Some(file) = wal_file {
        let mut wal = Vec::new();
        file.take(wal_len).read_to_end(&mut wal)?;
        wal::apply(&mut image, &wal);
    }
    Ok(Some(image))
}

/// The tables of the database, internal ones included (`sqlite_sequence` is harmless).
fn tables(conn: &Connection) -> Result<Vec<String>, Failure> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY rowid")
        .map_err(sqlite_error)?;
    let names = stmt
        .query_map([], |row| row.get::<_, String>(0))
        .map_err(sqlite_error)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(sqlite_error)?;
    Ok(names)
}

/// `"name"` with inner quotes doubled: an identifier SQL cannot misread.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Sends every text and integer value of a table, row by row.
fn read_table(conn: &Connection, table: &str, out: &mut Emitter<'_>) -> Result<(), Failure> {
    out.place(Place {
        table: Some(table.to_string()),
        ..Place::default()
    })?;
    // Tables declared WITHOUT ROWID have no row id to report.
    let with_rowid = format!("SELECT rowid, * FROM {}", quoted(table));
    let (mut stmt, skip) = match conn.prepare(&with_rowid) {
        Ok(stmt) => (stmt, 1),
        Err(_) => (
            conn.prepare(&format!("SELECT * FROM {}", quoted(table)))
                .map_err(sqlite_error)?,
            0,
        ),
    };
    let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    let headers = columns
        .iter()
        .skip(skip)
        .enumerate()
        .map(|(i, name)| (i as u32, name.clone()))
        .collect();
    out.headers(headers)?;
    let mut rows = stmt.query([]).map_err(sqlite_error)?;
    let mut index = 0u32;
    while let Some(row) = rows.next().map_err(sqlite_error)? {
        if skip == 1 {
            out.row(row.get::<_, i64>(0).map_err(sqlite_error)?)?;
        }
        for col in skip..columns.len() {
            out.budget.spend_cell()?;
            let (text, numeric) = match row.get_ref(col).map_err(sqlite_error)? {
                ValueRef::Text(bytes) => (String::from_utf8_lossy(bytes).into_owned(), false),
                ValueRef::Integer(i) => match integer_digits(i as f64) {
                    Some(digits) => (digits, true),
                    None => continue,
                },
                ValueRef::Real(f) => match integer_digits(f) {
                    Some(digits) => (digits, true),
                    None => continue,
                },
                ValueRef::Null | ValueRef::Blob(_) => continue,
            };
            out.cell(index, (col - skip) as u32, numeric, text)?;
        }
        index = index.saturating_add(1);
    }
    Ok(())
}

/// SQLite's write-ahead log, applied to a copy of the database in memory.
///
/// Written here rather than taken from a crate: no maintained crate reads a WAL without
/// opening the database through SQLite itself, which (without `immutable`) would create
/// `-shm` files and take locks on the share. The format is small and documented
/// (<https://www.sqlite.org/fileformat2.html#walformat>).
mod wal {
    const HEADER: usize = 32;
    const FRAME_HEADER: usize = 24;

    /// Applies the committed frames of `log` to `db`; false when the log holds none (or is not
    /// a log of this database).
    pub fn apply(db: &mut Vec<u8>, log: &[u8]) -> bool {
        let Some(header) = Header::read(log) else {
            return false;
        };
        let page = header.page_size;
        let mut sum = header.checksum(&log[..24], (0, 0));
        if sum != (word(log, 24), word(log, 28)) {
            return false;
        }
        // Frames after the last commit frame belong to a transaction that never finished.
        let mut pending: Vec<(u32, &[u8])> = Vec::new();
        let mut applied = false;
        let mut at = HEADER;
        while at + FRAME_HEADER + page <= log.len() {
            let frame = &log[at..at + FRAME_HEADER + page];
            if (word(frame, 8), word(frame, 12)) != header.salt {
                break;
            }
            sum = header.checksum(&frame[..8], sum);
            sum = header.checksum(&frame[FRAME_HEADER..], sum);
            if sum != (word(frame, 16), word(frame, 20)) {
                break;
            }
            pending.push((word(frame, 0), &frame[FRAME_HEADER..]));
            let commit_size = word(frame, 4);
            if commit_size != 0 {
                for (number, data) in pending.drain(..) {
                    write_page(db, number, page, data);
                }
                db.resize(commit_size as usize * page, 0);
                applied = true;
            }
            at += FRAME_HEADER + page;
        }
        applied
    }

    fn write_page(db: &mut Vec<u8>, number: u32, page: usize, data: &[u8]) {
        if number == 0 {
            return;
        }
        let start = (number as usize - 1) * page;
        if db.len() < start + page {
            db.resize(start + page, 0);
        }
        db[start..start + page].copy_from_slice(data);
    }

    fn word(bytes: &[u8], at: usize) -> u32 {
        u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
    }

    struct Header {
        page_size: usize,
        salt: (u32, u32),
        /// Checksums read the words big-endian (magic 0x377f0683) or little-endian.
        big_endian: bool,
    }

    impl Header {
        fn read(log: &[u8]) -> Option<Header> {
            if log.len() < HEADER {
                return None;
            }
            let big_endian = match word(log, 0) {
                0x377f_0682 => false,
                0x377f_0683 => true,
                _ => return None,
            };
            let page_size = match word(log, 8) {
                1 => 65536,
                n if (512..=65536).contains(&n) && n.is_power_of_two() => n as usize,
                _ => return None,
            };
            Some(Header {
                page_size,
                salt: (word(log, 16), word(log, 20)),
                big_endian,
            })
        }

        /// SQLite's running checksum over pairs of 32-bit words.
        fn checksum(&self, bytes: &[u8], (mut s0, mut s1): (u32, u32)) -> (u32, u32) {
            for pair in bytes.chunks_exact(8) {
                let read = |b: &[u8]| {
                    let w = [b[0], b[1], b[2], b[3]];
                    if self.big_endian {
                        u32::from_be_bytes(w)
                    } else {
                        u32::from_le_bytes(w)
                    }
                };
                s0 = s0.wrapping_add(read(&pair[..4])).wrapping_add(s1);
                s1 = s1.wrapping_add(read(&pair[4..])).wrapping_add(s0);
            }
            (s0, s1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_paths_cannot_smuggle_parameters() {
        let p = uri_path(Path::new("/data/a?mode=rw#x%.db"));
        assert_eq!(p, "/data/a%3Fmode%3Drw%23x%25.db");
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quoted(r#"le"den"#), r#""le""den""#);
    }

    #[test]
    fn a_log_with_a_wrong_header_is_not_applied() {
        let mut db = vec![0u8; 4096];
        assert!(!wal::apply(&mut db, &[0u8; 64]));
        assert!(!wal::apply(&mut db, b"short"));
    }
}
