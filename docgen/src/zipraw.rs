//! Zip records written byte by byte (APPNOTE 6.3.10, sections 4.3.7, 4.3.12, 4.3.16), for the
//! archives the zip crate will not write: a member encrypted with ZipCrypto (the crate keeps
//! that writer private, and fills the encryption header from the OS's random source, so the
//! bytes would change on every run), central directory entries that share one member's bytes,
//! sizes that lie, names that climb out of the extraction directory, and deflate streams built
//! by repetition ([`crate::codec::repeated_deflate`]).
//!
//! Only what these fixtures need: no zip64, no data descriptors, no extra fields.

use flate2::Crc;

/// Compression method 0.
pub const STORED: u16 = 0;
/// Compression method 8.
pub const DEFLATED: u16 = 8;
/// General purpose flag bit 0: the member is encrypted.
const ENCRYPTED: u16 = 1;

/// 10:00:00 in MS-DOS form (hour << 11 | minute << 5 | second / 2), as in `pkg`'s zips.
const DOS_TIME: u16 = 10 << 11;
/// 15 March 2024 in MS-DOS form ((year - 1980) << 9 | month << 5 | day).
const DOS_DATE: u16 = (2024 - 1980) << 9 | 3 << 5 | 15;

/// One member as its records describe it.
#[derive(Debug, Clone)]
pub struct Member {
    pub name: String,
    pub method: u16,
    pub flags: u16,
    /// CRC-32 of the uncompressed content.
    pub crc: u32,
    /// The bytes as stored: compressed, and encrypted if the flags say so.
    pub data: Vec<u8>,
    /// The uncompressed size the records declare (true unless a fixture lies).
    pub size: u32,
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = Crc::new();
    crc.update(data);
    crc.sum()
}

impl Member {
    /// A stored member.
    pub fn stored(name: &str, content: &[u8]) -> Member {
        Member {
            name: name.to_string(),
            method: STORED,
            flags: 0,
            crc: crc32(content),
            data: content.to_vec(),
            size: content.len() as u32,
        }
    }

    /// A member deflated at level 9.
    pub fn deflated(name: &str, content: &[u8]) -> std::io::Result<Member> {
        Ok(Member {
            name: name.to_string(),
            method: DEFLATED,
            flags: 0,
            crc: crc32(content),
            data: crate::codec::deflate(content, 9)?,
            size: content.len() as u32,
        })
    }

    /// The same member encrypted with ZipCrypto under `password`.
    pub fn encrypted(mut self, password: &[u8]) -> Member {
        self.data = zipcrypto_encrypt(password, self.crc, &self.data);
        self.flags |= ENCRYPTED;
        self
    }
}

/// A zip being written: members first, the central directory at the end.
#[derive(Default)]
pub struct RawZip {
    out: Vec<u8>,
    central: Vec<u8>,
    entries: u16,
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// The fields that local header and central directory entry share, from "version needed" to the
/// extra field length.
fn common_fields(out: &mut Vec<u8>, m: &Member) {
    put16(out, 20); // version needed: 2.0 (deflate, ZipCrypto)
    put16(out, m.flags);
    put16(out, m.method);
    put16(out, DOS_TIME);
    put16(out, DOS_DATE);
    put32(out, m.crc);
    put32(out, m.data.len() as u32);
    put32(out, m.size);
    put16(out, m.name.len() as u16);
    put16(out, 0); // extra field length
}

impl RawZip {
    pub fn new() -> RawZip {
        RawZip::default()
    }

    /// Adds a member: its local header and data, and its central directory entry.
    pub fn add(&mut self, m: &Member) -> &mut Self {
        let offset = self.local(m);
        self.central(m, offset)
    }

    /// Writes a local header and the member's data, and returns the header's offset; the member
    /// is not listed until [`RawZip::central`] names it.
    pub fn local(&mut self, m: &Member) -> u32 {
        let offset = self.out.len() as u32;
        put32(&mut self.out, 0x0403_4b50);
        common_fields(&mut self.out, m);
        self.out.extend_from_slice(m.name.as_bytes());
        self.out.extend_from_slice(&m.data);
        offset
    }

    /// Lists `m` in the central directory, with its local header at `offset`.
    pub fn central(&mut self, m: &Member, offset: u32) -> &mut Self {
        let c = &mut self.central;
        put32(c, 0x0201_4b50);
        put16(c, 3 << 8 | 20); // made by: Unix, version 2.0
        common_fields(c, m);
        put16(c, 0); // comment length
        put16(c, 0); // disk number start
        put16(c, 0); // internal attributes
        put32(c, 0o100_644 << 16); // external attributes: a regular file, rw-r--r--
        put32(c, offset);
        c.extend_from_slice(m.name.as_bytes());
        self.entries += 1;
        self
    }

    /// Appends the central directory and the end of central directory record.
    pub fn finish(mut self) -> Vec<u8> {
        let offset = self.out.len() as u32;
        let size = self.central.len() as u32;
        self.out.append(&mut self.central);
        let out = &mut self.out;
        put32(out, 0x0605_4b50);
        put16(out, 0); // this disk
        put16(out, 0); // disk with the central directory
        put16(out, self.entries);
        put16(out, self.entries);
        put32(out, size);
        put32(out, offset);
        put16(out, 0); // comment length
        self.out
    }
}

/// The traditional PKWARE cipher (APPNOTE 6.1): three keys stirred by CRC-32 steps.
struct ZipCrypto {
    keys: [u32; 3],
}

/// One CRC-32 step (the reflected polynomial 0xEDB88320), as the cipher's key update uses it.
fn crc32_step(crc: u32, byte: u8) -> u32 {
    let mut c = (crc ^ u32::from(byte)) & 0xff;
    for _ in 0..8 {
        c = if c & 1 == 1 {
            0xEDB8_8320 ^ (c >> 1)
        } else {
            c >> 1
        };
    }
    c ^ (crc >> 8)
}

impl ZipCrypto {
    fn new(password: &[u8]) -> ZipCrypto {
        let mut z = ZipCrypto {
            keys: [0x1234_5678, 0x2345_6789, 0x3456_7890],
        };
        for &b in password {
            z.update(b);
        }
        z
    }

    fn update(&mut self, plain: u8) {
        let [k0, k1, k2] = &mut self.keys;
        *k0 = crc32_step(*k0, plain);
        *k1 = k1
            .wrapping_add(*k0 & 0xff)
            .wrapping_mul(134_775_813)
            .wrapping_add(1);
        *k2 = crc32_step(*k2, (*k1 >> 24) as u8);
    }

    fn encrypt(&mut self, plain: u8) -> u8 {
        let t = (self.keys[2] | 2) & 0xffff;
        let stream = (t.wrapping_mul(t ^ 1) >> 8) as u8;
        self.update(plain);
        plain ^ stream
    }
}

/// `data` encrypted with ZipCrypto: a 12-byte encryption header, then the data. The header's
/// first eleven bytes are meant to be random; fixed ones keep the fixture the same on every
/// run. Its last byte is the high byte of the CRC, which readers use to check the password.
fn zipcrypto_encrypt(password: &[u8], crc: u32, data: &[u8]) -> Vec<u8> {
    let mut header = *b"docgen-zip\0\0";
    header[11] = (crc >> 24) as u8;
    let mut z = ZipCrypto::new(password);
    header.iter().chain(data).map(|&b| z.encrypt(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    #[test]
    fn the_zip_crate_reads_what_is_written_here() {
        let mut zip = RawZip::new();
        zip.add(&Member::stored("open.txt", b"open"));
        zip.add(
            &Member::deflated("dicht.txt", b"dicht dicht dicht")
                .unwrap()
                .encrypted(b"geheim"),
        );
        let bytes = zip.finish();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        archive
            .by_name("open.txt")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "open");
        assert!(archive.by_name("dicht.txt").is_err(), "needs a password");
        text.clear();
        archive
            .by_name_decrypt("dicht.txt", b"geheim")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "dicht dicht dicht");
    }
}
