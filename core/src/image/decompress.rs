//! Layer streams: compression sniffed from the magic bytes (media types lie:
//! Docker 25 labels gzip layers `tar`), decoded in pure Rust (flate2 with
//! zlib-rs, ruzstd), with the decompression-bomb limits applied to every
//! byte that comes out.

use std::cell::Cell;
use std::io::{BufRead, BufReader, Read};
use std::rc::Rc;

use super::error::ImageError;
use super::limits::Limits;

/// How a layer is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// A plain tar.
    None,
    /// gzip (possibly several members).
    Gzip,
    /// Zstandard (possibly several frames).
    Zstd,
}

impl Compression {
    /// Recognise the compression from a stream's first bytes.
    pub fn sniff(prefix: &[u8]) -> Compression {
        if prefix.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if prefix.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }
}

/// A reader that counts bytes into a shared cell (the compressed side).
#[derive(Debug)]
pub struct Counted<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Decoded bytes with the bomb limits enforced.
pub struct Decoded<'a> {
    inner: Box<dyn Read + 'a>,
    compressed: Rc<Cell<u64>>,
    produced: u64,
    /// Uncompressed bytes already used by earlier layers.
    budget_used: u64,
    limits: Limits,
    what: String,
    compression: Compression,
}

impl std::fmt::Debug for Decoded<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decoded")
            .field("what", &self.what)
            .field("produced", &self.produced)
            .finish_non_exhaustive()
    }
}

impl Decoded<'_> {
    /// Uncompressed bytes produced so far.
    pub fn produced(&self) -> u64 {
        self.produced
    }

    /// Compressed bytes consumed so far.
    pub fn consumed(&self) -> u64 {
        self.compressed.get()
    }

    /// The compression found.
    pub fn compression(&self) -> Compression {
        self.compression
    }

    fn limit(&self, limit: &'static str, detail: String) -> std::io::Error {
        std::io::Error::other(ImageError::LimitExceeded {
            what: self.what.clone(),
            limit,
            detail,
        })
    }
}

impl Read for Decoded<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.produced += n as u64;
        let total = self.budget_used + self.produced;
        if total > self.limits.max_uncompressed_bytes {
            return Err(self.limit(
                "max_uncompressed_bytes",
                format!(
                    "{total} bytes uncompressed, limit {}",
                    self.limits.max_uncompressed_bytes
                ),
            ));
        }
        if self.compression != Compression::None && self.produced > self.limits.ratio_grace_bytes {
            let ratio = self.produced / self.compressed.get().max(1);
            if ratio > self.limits.max_compression_ratio {
                return Err(self.limit(
                    "max_compression_ratio",
                    format!(
                        "{} bytes from {} compressed, ratio {ratio}, limit {}",
                        self.produced,
                        self.compressed.get(),
                        self.limits.max_compression_ratio
                    ),
                ));
            }
        }
        Ok(n)
    }
}

/// Zstandard with every frame decoded, not just the first.
struct ZstdFrames<R: BufRead> {
    source: Option<R>,
    decoder: Option<ruzstd::decoding::StreamingDecoder<R, ruzstd::decoding::FrameDecoder>>,
}

impl<R: BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if let Some(d) = &mut self.decoder {
                let n = d.read(buf)?;
                if n > 0 || buf.is_empty() {
                    return Ok(n);
                }
                self.source = self.decoder.take().map(|d| d.into_inner());
            }
            let Some(mut src) = self.source.take() else {
                return Ok(0);
            };
            if src.fill_buf()?.is_empty() {
                return Ok(0);
            }
            let d = ruzstd::decoding::StreamingDecoder::new(src).map_err(std::io::Error::other)?;
            self.decoder = Some(d);
        }
    }
}

/// Decode `source` (compression sniffed), enforcing `limits`; `budget_used`
/// is the uncompressed total of the layers already read.
pub fn decode<'a, R: Read + 'a>(
    source: R,
    what: &str,
    limits: Limits,
    budget_used: u64,
) -> Result<Decoded<'a>, ImageError> {
    let count = Rc::new(Cell::new(0));
    let mut buffered = BufReader::with_capacity(
        64 * 1024,
        Counted {
            inner: source,
            count: Rc::clone(&count),
        },
    );
    let prefix = buffered
        .fill_buf()
        .map_err(|e| super::tar::unwrap_image_error(e, what))?;
    let compression = Compression::sniff(prefix);
    let inner: Box<dyn Read + 'a> = match compression {
        Compression::None => Box::new(buffered),
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(buffered)),
        Compression::Zstd => Box::new(ZstdFrames {
            source: Some(buffered),
            decoder: None,
        }),
    };
    Ok(Decoded {
        inner,
        compressed: count,
        produced: 0,
        budget_used,
        limits,
        what: what.to_owned(),
        compression,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn sniffs_and_decodes_gzip_members() {
        let mut two = gzip(b"hello ");
        two.extend(gzip(b"world"));
        let mut d = decode(&two[..], "l", Limits::default(), 0).unwrap();
        assert_eq!(d.compression(), Compression::Gzip);
        let mut out = String::new();
        d.read_to_string(&mut out).unwrap();
        assert_eq!(out, "hello world");
        let mut plain = decode(&b"tar bytes"[..], "l", Limits::default(), 0).unwrap();
        assert_eq!(plain.compression(), Compression::None);
        let mut out = Vec::new();
        plain.read_to_end(&mut out).unwrap();
        assert_eq!(out, b"tar bytes");
    }

    #[test]
    fn a_bomb_stops_at_the_ratio_limit() {
        let bomb = gzip(&vec![0u8; 8 << 20]);
        let limits = Limits {
            ratio_grace_bytes: 1 << 20,
            max_compression_ratio: 100,
            ..Limits::default()
        };
        let mut d = decode(&bomb[..], "bomb", limits, 0).unwrap();
        let e = std::io::copy(&mut d, &mut std::io::sink()).unwrap_err();
        let e = crate::image::tar::unwrap_image_error(e, "bomb");
        assert_eq!(e.code(), "IMAGE_LIMIT");
        assert!(e.to_string().contains("max_compression_ratio"), "{e}");
        let total = Limits {
            max_uncompressed_bytes: 1000,
            ..Limits::default()
        };
        let mut d = decode(&bomb[..], "bomb", total, 0).unwrap();
        let e = std::io::copy(&mut d, &mut std::io::sink()).unwrap_err();
        assert!(
            crate::image::tar::unwrap_image_error(e, "b")
                .to_string()
                .contains("max_uncompressed_bytes")
        );
    }

    #[test]
    fn truncated_gzip_is_an_error() {
        let g = gzip(&[1u8; 100_000]);
        let mut d = decode(&g[..g.len() / 2], "cut", Limits::default(), 0).unwrap();
        assert!(std::io::copy(&mut d, &mut std::io::sink()).is_err());
    }
}
