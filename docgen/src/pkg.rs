//! Zip packages with stable bytes: fixed timestamps, fixed order, fixed compression level.
//!
//! OOXML and ODF are both zip files of XML parts; the only difference that matters here is ODF's
//! `mimetype`, which must be the first entry and stored uncompressed.

use std::io::{self, Cursor, Seek, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Turns a zip error into an I/O error, keeping its message.
pub fn zip_err(e: zip::result::ZipError) -> io::Error {
    match e {
        zip::result::ZipError::Io(e) => e,
        other => io::Error::other(other),
    }
}

/// The timestamp of every entry: 15 March 2024, 10:00.
fn fixed_time() -> DateTime {
    // A valid date by construction; `default()` (1980-01-01) is the fallback that cannot happen.
    DateTime::from_date_and_time(2024, 3, 15, 10, 0, 0).unwrap_or_default()
}

/// Options for a deflated entry.
pub fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(fixed_time())
        .unix_permissions(0o644)
}

/// Options for a stored (uncompressed) entry.
pub fn stored() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(fixed_time())
        .unix_permissions(0o644)
}

/// A zip package being written.
pub struct Package<W: Write + Seek> {
    zip: ZipWriter<W>,
}

impl Package<Cursor<Vec<u8>>> {
    /// A package written to memory.
    pub fn in_memory() -> Self {
        Package {
            zip: ZipWriter::new(Cursor::new(Vec::new())),
        }
    }

    /// The finished package's bytes.
    pub fn into_bytes(self) -> io::Result<Vec<u8>> {
        Ok(self.finish()?.into_inner())
    }
}

impl<W: Write + Seek> Package<W> {
    /// A package written to `w`.
    pub fn new(w: W) -> Self {
        Package {
            zip: ZipWriter::new(w),
        }
    }

    /// Adds a deflated part.
    pub fn add(&mut self, name: &str, data: impl AsRef<[u8]>) -> io::Result<&mut Self> {
        self.add_with(name, data, deflated())
    }

    /// Adds a part with the given options.
    pub fn add_with(
        &mut self,
        name: &str,
        data: impl AsRef<[u8]>,
        options: SimpleFileOptions,
    ) -> io::Result<&mut Self> {
        self.zip.start_file(name, options).map_err(zip_err)?;
        self.zip.write_all(data.as_ref())?;
        Ok(self)
    }

    /// Starts a part to be written through [`Package::writer`], for parts too large for memory.
    pub fn start(&mut self, name: &str, options: SimpleFileOptions) -> io::Result<()> {
        self.zip.start_file(name, options).map_err(zip_err)
    }

    /// The writer of the part started last.
    pub fn writer(&mut self) -> &mut impl Write {
        &mut self.zip
    }

    /// Writes the central directory and hands back the writer.
    pub fn finish(self) -> io::Result<W> {
        self.zip.finish().map_err(zip_err)
    }
}

/// Escapes text for XML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}
