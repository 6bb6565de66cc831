//! gzip around anything, guarded against decompression bombs.
//!
//! A `.sql.gz` of a terabyte of text fits in a gigabyte; read to the end, it would hold a
//! worker for hours. Real exports compress 5 to 50 times; gzip cannot do better than about
//! 1030 to 1. So once more than `RATIO_FLOOR` bytes have come out, a stream that has given
//! more than `max_ratio` times what it took in is stopped with an error: what was found before
//! is still reported, and the file is listed as not (wholly) read.

use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Arc;

use flate2::read::MultiGzDecoder;

/// Output below which no ratio is judged: small files of zeros or padding are common.
pub const RATIO_FLOOR: u64 = 1 << 20;

/// The decompressed stream of `compressed`, failing once it exceeds `max_ratio`.
pub fn decompress(compressed: Box<dyn Read + Send>, max_ratio: u64) -> Box<dyn Read + Send> {
    let taken = Arc::new(AtomicU64::new(0));
    let counted = Counted {
        inner: compressed,
        taken: Arc::clone(&taken),
    };
    Box::new(Guarded {
        inner: MultiGzDecoder::new(counted),
        taken,
        given: 0,
        max_ratio,
    })
}

/// Counts the compressed bytes the decoder takes.
struct Counted {
    inner: Box<dyn Read + Send>,
    taken: Arc<AtomicU64>,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.taken.fetch_add(n as u64, Relaxed);
        Ok(n)
    }
}

/// Counts what comes out and stops a bomb.
struct Guarded {
    inner: MultiGzDecoder<Counted>,
    taken: Arc<AtomicU64>,
    given: u64,
    max_ratio: u64,
}

impl Read for Guarded {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.given += n as u64;
        let taken = self.taken.load(Relaxed).max(1);
        if self.given > RATIO_FLOOR && self.given > taken.saturating_mul(self.max_ratio) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "decompressed more than {} times its compressed size, likely a \
                     decompression bomb; stopped after {} MB",
                    self.max_ratio,
                    self.given >> 20
                ),
            ));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    fn read_all(compressed: Vec<u8>, max_ratio: u64) -> io::Result<usize> {
        let mut out = Vec::new();
        decompress(Box::new(io::Cursor::new(compressed)), max_ratio).read_to_end(&mut out)
    }

    #[test]
    fn ordinary_text_passes() {
        let text: String = (0..200_000).map(|i| format!("{i};naam {i}\n")).collect();
        assert_eq!(read_all(gzip(text.as_bytes()), 250).unwrap(), text.len());
    }

    #[test]
    fn a_bomb_is_stopped() {
        let bomb = vec![b'a'; 8 << 20];
        let err = read_all(gzip(&bomb), 250).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(err.to_string().contains("decompression bomb"), "{err}");
        assert_eq!(
            read_all(gzip(&bomb), 5000).unwrap(),
            bomb.len(),
            "under a higher limit"
        );
    }
}
