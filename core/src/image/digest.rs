//! Content digests (`sha256:<hex>`): strict parsing, so a digest can safely
//! name a file under `blobs/`, and hashing while a blob streams past, so that
//! every blob is read once and verified.

use std::io::Read;

use sha2::{Digest as _, Sha256, Sha512};

use super::error::ImageError;

/// A validated digest.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest {
    algorithm: Algorithm,
    hex: String,
}

/// The hash functions OCI images use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Algorithm {
    /// SHA-256 (all real images).
    Sha256,
    /// SHA-512 (allowed by the spec).
    Sha512,
}

impl Algorithm {
    fn name(self) -> &'static str {
        match self {
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha512 => "sha512",
        }
    }

    fn hex_len(self) -> usize {
        match self {
            Algorithm::Sha256 => 64,
            Algorithm::Sha512 => 128,
        }
    }
}

impl Digest {
    /// Parse `algorithm:hex`; only lower-case hex of the exact length is valid.
    pub fn parse(text: &str) -> Result<Digest, ImageError> {
        let bad = || ImageError::InvalidDigest {
            digest: text.chars().take(200).collect(),
        };
        let (alg, hex) = text.split_once(':').ok_or_else(bad)?;
        let algorithm = match alg {
            "sha256" => Algorithm::Sha256,
            "sha512" => Algorithm::Sha512,
            _ => return Err(bad()),
        };
        if hex.len() != algorithm.hex_len()
            || !hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(bad());
        }
        Ok(Digest {
            algorithm,
            hex: hex.to_owned(),
        })
    }

    /// A SHA-256 digest from its hex (as in bare-hex blob names).
    pub fn sha256_hex(hex: &str) -> Result<Digest, ImageError> {
        Digest::parse(&format!("sha256:{hex}"))
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The hex part.
    pub fn hex(&self) -> &str {
        &self.hex
    }

    /// The path of this blob inside an OCI layout: `blobs/<alg>/<hex>`.
    pub fn blob_path(&self) -> String {
        format!("blobs/{}/{}", self.algorithm.name(), self.hex)
    }

    /// Hash `bytes` with SHA-256.
    pub fn of_sha256(bytes: &[u8]) -> Digest {
        let mut h = Hasher::new(Algorithm::Sha256);
        h.update(bytes);
        h.finish()
    }

    /// Fail with [`ImageError::DigestMismatch`] unless `bytes` hash to this digest.
    pub fn verify(&self, what: &str, bytes: &[u8]) -> Result<(), ImageError> {
        let mut h = Hasher::new(self.algorithm);
        h.update(bytes);
        self.check(what, h.finish())
    }

    /// Compare with the digest actually computed.
    pub fn check(&self, what: &str, actual: Digest) -> Result<(), ImageError> {
        if *self == actual {
            Ok(())
        } else {
            Err(ImageError::DigestMismatch {
                what: what.to_owned(),
                expected: self.to_string(),
                actual: actual.to_string(),
            })
        }
    }
}

impl std::fmt::Display for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.algorithm.name(), self.hex)
    }
}

/// An incremental hash of one of the supported algorithms.
#[derive(Debug, Clone)]
pub enum Hasher {
    /// SHA-256 state.
    Sha256(Sha256),
    /// SHA-512 state.
    Sha512(Sha512),
}

impl Hasher {
    /// A fresh hash.
    pub fn new(algorithm: Algorithm) -> Hasher {
        match algorithm {
            Algorithm::Sha256 => Hasher::Sha256(Sha256::new()),
            Algorithm::Sha512 => Hasher::Sha512(Sha512::new()),
        }
    }

    /// Feed bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Sha256(h) => h.update(bytes),
            Hasher::Sha512(h) => h.update(bytes),
        }
    }

    /// The digest of everything fed.
    pub fn finish(self) -> Digest {
        let (algorithm, bytes): (Algorithm, Vec<u8>) = match self {
            Hasher::Sha256(h) => (Algorithm::Sha256, h.finalize().to_vec()),
            Hasher::Sha512(h) => (Algorithm::Sha512, h.finalize().to_vec()),
        };
        let mut hex = String::with_capacity(bytes.len() * 2);
        for b in bytes {
            hex.push(char::from(HEX[usize::from(b >> 4)]));
            hex.push(char::from(HEX[usize::from(b & 15)]));
        }
        Digest { algorithm, hex }
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A reader that hashes and counts what passes through it.
#[derive(Debug)]
pub struct HashingReader<R> {
    inner: R,
    hasher: Option<Hasher>,
    count: u64,
}

impl<R: Read> HashingReader<R> {
    /// Wrap `inner`; `None` counts without hashing.
    pub fn new(inner: R, algorithm: Option<Algorithm>) -> Self {
        HashingReader {
            inner,
            hasher: algorithm.map(Hasher::new),
            count: 0,
        }
    }

    /// Bytes read so far.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The digest of everything read (None when not hashing).
    pub fn finish(self) -> Option<Digest> {
        self.hasher.map(Hasher::finish)
    }

    /// The inner reader and the digest of everything read.
    pub fn into_parts(self) -> (R, Option<Digest>) {
        (self.inner, self.hasher.map(Hasher::finish))
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(h) = &mut self.hasher {
            h.update(buf.get(..n).unwrap_or_default());
        }
        self.count += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_parsing_keeps_digests_inside_blobs() {
        let ok = format!("sha256:{}", "a".repeat(64));
        assert_eq!(
            Digest::parse(&ok).unwrap().blob_path(),
            format!("blobs/sha256/{}", "a".repeat(64))
        );
        for bad in [
            "sha256:../../etc/passwd".to_owned(),
            format!("sha256:{}", "A".repeat(64)),
            format!("sha256:{}", "a".repeat(63)),
            format!("md5:{}", "a".repeat(32)),
            "nocolon".to_owned(),
            format!("sha256:{}/..", "a".repeat(61)),
        ] {
            let e = Digest::parse(&bad).unwrap_err();
            assert_eq!(e.code(), "IMAGE_DIGEST", "{bad}");
        }
    }

    #[test]
    fn hashes_match_known_values() {
        assert_eq!(
            Digest::of_sha256(b"").to_string(),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let mut r = HashingReader::new(&b"abc"[..], Some(Algorithm::Sha256));
        let mut sink = Vec::new();
        std::io::copy(&mut r, &mut sink).unwrap();
        assert_eq!(r.count(), 3);
        assert_eq!(
            r.finish().unwrap().hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let d = Digest::of_sha256(b"x");
        assert_eq!(
            d.verify("blob", b"y").unwrap_err().code(),
            "IMAGE_DIGEST_MISMATCH"
        );
        assert!(d.verify("blob", b"x").is_ok());
    }
}
