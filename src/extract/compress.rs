//! Single-stream compression around anything (`.sql.gz`, `.tgz`, `.csv.xz`, `.sql.zst`,
//! `.sql.bz2`), unwrapped as the text streams by and guarded against decompression bombs.
//!
//! A `.sql.gz` of a terabyte of zeros fits in a gigabyte; read to the end, it would hold a
//! scan thread for hours. Real exports compress 5 to 50 times. So once more than `RATIO_FLOOR`
//! bytes have come out, a stream that has given more than `max_ratio` times what it took in is
//! stopped with an error: what was found before is still reported, and the file is listed as
//! not (wholly) read. The decoders are the maintained crates (flate2, bzip2, lzma-rust2, zstd);
//! the xz decoder gets a memory limit, so a header asking for a 4 GiB dictionary is refused.

use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Arc;

use flate2::read::MultiGzDecoder;

use super::Stream;

/// Output below which no ratio is judged: small files of zeros or padding are common.
pub const RATIO_FLOOR: u64 = 1 << 20;
/// Memory an xz stream's dictionary may take (`xz -9` uses 64 MiB).
const XZ_MEMORY_KIB: u32 = 256 << 10;

/// A compression format, recognised by its magic number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    Gzip,
    Bzip2,
    Xz,
    Zstd,
}

impl Codec {
    pub fn sniff(head: &[u8]) -> Option<Codec> {
        if head.starts_with(&[0x1F, 0x8B]) {
            Some(Codec::Gzip)
        } else if head.starts_with(b"BZh") && head.get(3).is_some_and(|b| (b'1'..=b'9').contains(b))
        {
            Some(Codec::Bzip2)
        } else if head.starts_with(b"\xFD7zXZ\0") {
            Some(Codec::Xz)
        } else if head.starts_with(b"\x28\xB5\x2F\xFD") {
            Some(Codec::Zstd)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Codec::Gzip => "gzip",
            Codec::Bzip2 => "bzip2",
            Codec::Xz => "xz",
            Codec::Zstd => "zstd",
        }
    }
}

/// The decompressed stream of `compressed`, failing once it exceeds `max_ratio`.
pub fn decompress<'a>(codec: Codec, compressed: Stream<'a>, max_ratio: u64) -> Stream<'a> {
    let taken = Arc::new(AtomicU64::new(0));
    let counted = Counted {
        inner: compressed,
        taken: Arc::clone(&taken),
    };
    let inner: Stream<'a> = match codec {
        Codec::Gzip => Box::new(MultiGzDecoder::new(counted)),
        Codec::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(counted)),
        Codec::Xz => Box::new(lzma_rust2::XzReader::new_mem_limit(
            counted,
            true,
            XZ_MEMORY_KIB,
        )),
        Codec::Zstd => match zstd::stream::read::Decoder::new(counted) {
            Ok(decoder) => Box::new(decoder),
            Err(e) => Box::new(Failing(Some(e))),
        },
    };
    Box::new(Guarded {
        inner,
        taken,
        given: 0,
        max_ratio,
        codec,
    })
}

/// A stream that could not even start: its first read gives the reason.
struct Failing(Option<io::Error>);

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(self.0.take().unwrap_or_else(|| io::Error::other("failed")))
    }
}

/// Counts the compressed bytes the decoder takes.
struct Counted<'a> {
    inner: Stream<'a>,
    taken: Arc<AtomicU64>,
}

impl Read for Counted<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.taken.fetch_add(n as u64, Relaxed);
        Ok(n)
    }
}

/// Counts what comes out and stops a bomb.
struct Guarded<'a> {
    inner: Stream<'a>,
    taken: Arc<AtomicU64>,
    given: u64,
    max_ratio: u64,
    codec: Codec,
}

impl Read for Guarded<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self
            .inner
            .read(buf)
            .map_err(|e| io::Error::new(e.kind(), format!("{} stream: {e}", self.codec.name())))?;
        self.given += n as u64;
        let taken = self.taken.load(Relaxed).max(1);
        if self.given > RATIO_FLOOR && self.given > taken.saturating_mul(self.max_ratio) {
            return Err(bomb(self.max_ratio, self.given));
        }
        Ok(n)
    }
}

/// The error a stream stopped for its compression ratio gives.
pub fn bomb(max_ratio: u64, given: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "stopped: decompressed more than {max_ratio} times its compressed size, likely a \
             decompression bomb ({} MiB out)",
            given >> 20
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn compress(codec: Codec, bytes: &[u8]) -> Vec<u8> {
        match codec {
            Codec::Gzip => {
                let mut enc =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
                enc.write_all(bytes).unwrap();
                enc.finish().unwrap()
            }
            Codec::Bzip2 => {
                let mut enc =
                    bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
                enc.write_all(bytes).unwrap();
                enc.finish().unwrap()
            }
            Codec::Xz => {
                let mut enc =
                    lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::default())
                        .unwrap();
                enc.write_all(bytes).unwrap();
                enc.finish().unwrap()
            }
            Codec::Zstd => zstd::encode_all(bytes, 3).unwrap(),
        }
    }

    fn read_all(codec: Codec, compressed: Vec<u8>, max_ratio: u64) -> io::Result<usize> {
        assert_eq!(Codec::sniff(&compressed), Some(codec));
        let mut out = Vec::new();
        decompress(codec, Box::new(io::Cursor::new(compressed)), max_ratio).read_to_end(&mut out)
    }

    const ALL: [Codec; 4] = [Codec::Gzip, Codec::Bzip2, Codec::Xz, Codec::Zstd];

    #[test]
    fn ordinary_text_passes() {
        let text: String = (0..200_000).map(|i| format!("{i};naam {i}\n")).collect();
        for codec in ALL {
            let n = read_all(codec, compress(codec, text.as_bytes()), 250);
            assert_eq!(n.unwrap(), text.len(), "{codec:?}");
        }
    }

    #[test]
    fn a_bomb_is_stopped() {
        let bomb = vec![b'a'; 8 << 20];
        for codec in ALL {
            let err = read_all(codec, compress(codec, &bomb), 250).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidData, "{codec:?}");
            assert!(err.to_string().contains("decompression bomb"), "{err}");
        }
        let gz = compress(Codec::Gzip, &bomb);
        assert_eq!(
            read_all(Codec::Gzip, gz, 5000).unwrap(),
            bomb.len(),
            "higher limit"
        );
    }

    #[test]
    fn a_broken_stream_is_an_error() {
        for codec in ALL {
            let mut bytes = compress(codec, b"naam;iban\njan;BE68539007547034\n");
            bytes.truncate(bytes.len() / 2);
            assert!(read_all(codec, bytes, 250).is_err(), "{codec:?}");
        }
    }
}
