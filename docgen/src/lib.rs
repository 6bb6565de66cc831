//! Builds the document fixtures of snuffel's tests: spreadsheets, Word and OpenDocument texts,
//! slides and PDFs with synthetic personal data at known places, decoys that must give no
//! finding, and hostile files. The project keeps binary fixtures as code, not as committed
//! blobs (see `STYLE.md`, "Tests"); `fixtures/documents/expected.toml` says what each file
//! holds and where, and `fixtures/documents/README.md` describes each file.
//!
//! The container fixtures (archives, compressed files, mail, databases) and their hostile
//! counterparts are described the same way in `fixtures/containers/`: `expected.toml` for
//! [`containers`], `hostile.toml` for [`hostile_containers`].
//!
//! The policy tests scan a whole folder tree, the fixture share of [`mod@share`]: what each
//! file is there for, and the verdict a DPO would expect, is in that module's doc.
//!
//! The output is deterministic: fixed timestamps in every zip entry, tar header and in the
//! document properties, fixed salts where a format wants random ones, and a seeded generator
//! for the large documents.
//!
//! ```no_run
//! let dir = std::env::temp_dir().join("fixtures");
//! std::fs::create_dir_all(&dir)?;
//! docgen::write_fixtures(&dir)?;
//! # Ok::<(), std::io::Error>(())
//! ```

use std::fs;
use std::io;
use std::path::Path;
use std::time::{Duration, SystemTime};

mod archives;
mod big_docx;
mod codec;
mod database;
mod docx;
pub mod expected;
mod hostile;
mod hostile_containers;
mod mail;
mod odf;
mod opc;
mod other;
mod outlook;
mod pdf;
mod pkg;
mod pptx;
pub mod share;
pub mod values;
mod xlsx;
mod zipraw;

pub use share::{share, ShareFile};

/// Every generated fixture, by file name, in memory.
pub fn fixtures() -> io::Result<Vec<(&'static str, Vec<u8>)>> {
    let leden = xlsx::leden_xlsx()?;
    Ok(vec![
        ("leden.xlsx", leden.clone()),
        ("inline.xlsx", xlsx::inline_xlsx()?),
        ("brief.docx", docx::brief_docx()?),
        ("slides.pptx", pptx::slides_pptx()?),
        ("verslag.odt", odf::verslag_odt()?),
        ("slides.odp", odf::slides_odp()?),
        ("leden.ods", odf::leden_ods()?),
        ("brief.pdf", pdf::brief_pdf()?),
        ("scan.pdf", pdf::scan_pdf()?),
        ("decoys.xlsx", xlsx::decoys_xlsx()?),
        ("decoys.docx", docx::decoys_docx()?),
        ("decoys.pdf", pdf::decoys_pdf()?),
        ("renamed.dat", leden),
        ("bankexport.xls", other::bankexport_xls()),
        ("fake.docx", other::fake_docx()),
        ("odf-encrypted.odt", odf::encrypted_odt()?),
    ])
}

/// Every hostile file, by file name, in memory.
pub fn hostile() -> io::Result<Vec<(&'static str, Vec<u8>)>> {
    hostile::all()
}

/// Every container fixture, by file name, in memory: archives and compressed files, mail, and
/// databases. The names are flat; members are inside.
pub fn containers() -> io::Result<Vec<(String, Vec<u8>)>> {
    let mut files = archives::all()?;
    files.extend(mail::all()?);
    files.extend(outlook::all()?);
    files.extend(database::all()?);
    Ok(files)
}

/// Every hostile container, by file name, in memory.
pub fn hostile_containers() -> io::Result<Vec<(String, Vec<u8>)>> {
    hostile_containers::all()
}

fn write_all<N: AsRef<Path>>(dir: &Path, files: Vec<(N, Vec<u8>)>) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    for (name, bytes) in files {
        fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}

/// Writes every generated fixture into `dir` (created if missing), under the flat names that
/// `expected.toml` uses.
pub fn write_fixtures(dir: &Path) -> io::Result<()> {
    write_all(dir, fixtures()?)
}

/// Writes the hostile files into `dir` (created if missing). They are small on disk; what makes
/// each hostile is in its doc comment and in `fixtures/documents/README.md`.
pub fn write_hostile(dir: &Path) -> io::Result<()> {
    write_all(dir, hostile()?)
}

/// Writes the container fixtures into `dir` (created if missing), under the flat names that
/// `fixtures/containers/expected.toml` uses.
pub fn write_containers(dir: &Path) -> io::Result<()> {
    write_all(dir, containers()?)
}

/// Writes the hostile containers into `dir` (created if missing). They are small on disk; what
/// makes each hostile is in its doc comment and in `fixtures/containers/README.md`.
pub fn write_hostile_containers(dir: &Path) -> io::Result<()> {
    write_all(dir, hostile_containers()?)
}

/// Writes the fixture share into `dir` (created if missing): every file of [`share()`] under its
/// relative path, folders created, and its modification time set to `today` minus its age in
/// days.
pub fn write_share(dir: &Path, today: SystemTime) -> io::Result<()> {
    for file in share()? {
        let path = dir.join(file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, &file.bytes)?;
        let modified = today
            .checked_sub(Duration::from_secs(file.age_days * 86_400))
            .ok_or_else(|| {
                io::Error::other(format!(
                    "{}: {} days before `today` is not a time",
                    file.path, file.age_days
                ))
            })?;
        fs::File::options()
            .write(true)
            .open(&path)?
            .set_modified(modified)?;
    }
    Ok(())
}

/// Writes a member export of about `target_bytes` to `path` for benchmarks: names, e-mail
/// addresses, IBANs, national numbers (as text and as numbers), dates, amounts, phone numbers
/// and remarks, in constant-memory mode.
pub fn big_xlsx(path: &Path, target_bytes: u64) -> io::Result<()> {
    xlsx::big_xlsx(path, target_bytes)
}

/// Writes case notes of about `target_bytes` to `path` for benchmarks: prose paragraphs with
/// names, national numbers, e-mail addresses, IBANs, phone numbers, dates and amounts, and small
/// tables, streamed so memory stays flat.
pub fn big_docx(path: &Path, target_bytes: u64) -> io::Result<()> {
    big_docx::big_docx(path, target_bytes)
}
