//! Single-stream compression (gzip, bzip2, xz, zstd) and raw deflate, with fixed settings so the
//! bytes are the same on every run.
//!
//! The decompression bombs need hundreds of megabytes of output. Compressing that much in a
//! debug build takes seconds, so [`repeated_deflate`] builds the stream the way a bomb maker
//! would: deflate one mebibyte once, ending on a byte boundary, and repeat those blocks. Deflate
//! allows any number of non-final blocks in a row, so the copies decode as one long stream.

use std::io::{self, Write};

use flate2::write::{DeflateEncoder, GzEncoder};
use flate2::{Compress, Compression, Crc, FlushCompress, GzBuilder};
use lzma_rust2::{XzOptions, XzWriter};

/// Gzip with no file name and modification time 0 (flate2's default), at level 9.
pub fn gzip(data: &[u8]) -> io::Result<Vec<u8>> {
    let mut gz: GzEncoder<Vec<u8>> = GzBuilder::new().write(Vec::new(), Compression::best());
    gz.write_all(data)?;
    gz.finish()
}

/// Bzip2 at level 9 (900 KB blocks).
pub fn bzip2(data: &[u8]) -> io::Result<Vec<u8>> {
    let mut bz = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::best());
    bz.write_all(data)?;
    bz.finish()
}

/// Xz at preset 6, the `xz` tool's default.
pub fn xz(data: &[u8]) -> io::Result<Vec<u8>> {
    let mut xz = XzWriter::new(Vec::new(), XzOptions::with_preset(6))?;
    xz.write_all(data)?;
    xz.finish()
}

/// Zstandard at level 19.
pub fn zstd(data: &[u8]) -> io::Result<Vec<u8>> {
    zstd::encode_all(data, 19)
}

/// Raw deflate (no zlib or gzip framing) at `level`, as a zip member stores it.
pub fn deflate(data: &[u8], level: u32) -> io::Result<Vec<u8>> {
    let mut d = DeflateEncoder::new(Vec::new(), Compression::new(level));
    d.write_all(data)?;
    d.finish()
}

/// A raw deflate stream with what it decodes to: its CRC-32 and length.
pub struct Deflated {
    pub bytes: Vec<u8>,
    pub crc: u32,
    pub size: u64,
}

/// An empty final block with fixed codes: `BFINAL = 1`, `BTYPE = 01`, then the end-of-block
/// code (seven zero bits). It closes a stream of non-final blocks.
const FINAL_EMPTY_BLOCK: [u8; 2] = [0x03, 0x00];

/// Non-final deflate blocks for `data`, ending on a byte boundary (a sync flush), so that they
/// can be followed by any other such piece.
fn deflate_piece(data: &[u8]) -> io::Result<Vec<u8>> {
    let mut c = Compress::new(Compression::best(), false);
    // A sync flush of deflated 'a's or newlines is about a thousandth of the input; the extra
    // room covers incompressible text.
    let mut out = Vec::with_capacity(data.len() + 1024);
    c.compress_vec(data, &mut out, FlushCompress::Sync)
        .map_err(io::Error::other)?;
    if c.total_in() != data.len() as u64 {
        return Err(io::Error::other("deflate piece: output buffer too small"));
    }
    Ok(out)
}

/// `head`, then `mebibytes` MiB of the byte `fill`, as one deflate stream of about a thousandth
/// of that size, built by repeating the deflated mebibyte rather than compressing it again.
pub fn repeated_deflate(head: &[u8], fill: u8, mebibytes: usize) -> io::Result<Deflated> {
    let block = vec![fill; 1 << 20];
    let piece = deflate_piece(&block)?;
    let mut bytes = deflate_piece(head)?;
    bytes.reserve(piece.len() * mebibytes + FINAL_EMPTY_BLOCK.len());
    let mut crc = Crc::new();
    crc.update(head);
    let mut block_crc = Crc::new();
    block_crc.update(&block);
    for _ in 0..mebibytes {
        bytes.extend_from_slice(&piece);
        crc.combine(&block_crc);
    }
    bytes.extend_from_slice(&FINAL_EMPTY_BLOCK);
    Ok(Deflated {
        bytes,
        crc: crc.sum(),
        size: (head.len() + mebibytes * block.len()) as u64,
    })
}

/// A gzip file around a raw deflate stream: the ten-byte header of [`gzip`] (no name, time 0,
/// "unknown" system) and the trailer with the CRC-32 and the size modulo 2^32 (RFC 1952).
pub fn gzip_around(deflated: &Deflated) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255];
    out.extend_from_slice(&deflated.bytes);
    out.extend_from_slice(&deflated.crc.to_le_bytes());
    out.extend_from_slice(&(deflated.size as u32).to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn repeated_deflate_decodes_to_head_and_fill() {
        let d = repeated_deflate(b"begin\n", b'x', 3).unwrap();
        let mut out = Vec::new();
        flate2::read::DeflateDecoder::new(&d.bytes[..])
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out.len(), 6 + 3 * (1 << 20));
        assert!(out.starts_with(b"begin\nxxx"));
        assert!(out[6..].iter().all(|&b| b == b'x'));
        assert_eq!(d.size, out.len() as u64);
        let mut crc = Crc::new();
        crc.update(&out);
        assert_eq!(d.crc, crc.sum());
    }

    #[test]
    fn gzip_around_is_a_valid_gzip_file() {
        let d = repeated_deflate(b"kop\n", b'\n', 1).unwrap();
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&gzip_around(&d)[..])
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out.len() as u64, d.size);
    }

    #[test]
    fn every_codec_round_trips() {
        let text = b"naam;email\nJan;jan@example.be\n";
        let mut out = Vec::new();
        bzip2::read::BzDecoder::new(&bzip2(text).unwrap()[..])
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, text);
        assert_eq!(zstd::decode_all(&zstd(text).unwrap()[..]).unwrap(), text);
        out.clear();
        lzma_rust2::XzReader::new(&xz(text).unwrap()[..], false)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, text);
    }
}
