//! One layer, read once as a stream: every entry's metadata, its whiteouts,
//! and the content of the few files the checks read (account databases,
//! package databases, secret candidates), within the limits.

use std::collections::BTreeMap;
use std::io::Read;

use super::capture::{CaptureReason, SCAN_LIMIT, capture_reason, has_private_key_marker};
use super::decompress::{Compression, decode};
use super::digest::{Algorithm, HashingReader};
use super::error::ImageError;
use super::limits::Limits;
use super::tar::{EntryKind, TarReader};

/// One file, directory or link in a layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    /// Normalised path: no leading `/` or `./`, no trailing `/`.
    pub path: String,
    /// Kind.
    pub kind: EntryKind,
    /// Permission bits with setuid (0o4000), setgid (0o2000) and sticky (0o1000).
    pub mode: u32,
    /// Owner.
    pub uid: u64,
    /// Group.
    pub gid: u64,
    /// Size in bytes (0 for non-files).
    pub size: u64,
    /// Symlink or hard-link target.
    pub link: Option<String>,
}

/// Kept file content, and why it was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    /// Why the checks want it.
    pub reason: CaptureReason,
    /// The bytes.
    pub content: Vec<u8>,
}

/// Everything the checks need to know about one layer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LayerRecord {
    /// Position in the image, 0 = bottom.
    pub index: usize,
    /// The blob's digest as the manifest names it (verified), if known.
    pub digest: Option<String>,
    /// The media type the manifest gives.
    pub media_type: String,
    /// Compression found by sniffing.
    pub compression: Option<Compression>,
    /// Bytes as stored.
    pub compressed_size: u64,
    /// Bytes of the tar stream.
    pub uncompressed_size: u64,
    /// Entries in tar order, without the whiteout markers.
    pub entries: Vec<FileEntry>,
    /// Paths this layer deletes from lower layers (`.wh.<name>`).
    pub whiteouts: Vec<String>,
    /// Directories whose lower contents this layer hides (`.wh..wh..opq`).
    pub opaque_dirs: Vec<String>,
    /// Kept content by path.
    pub captured: BTreeMap<String, Captured>,
    /// Things worth knowing that are not errors (a missing tar trailer).
    pub warnings: Vec<String>,
    /// SHA-256 of the uncompressed tar stream, when asked for
    /// ([`OpenOptions::verify_diff_ids`](super::OpenOptions)).
    pub diff_id: Option<String>,
}

/// Normalise a tar entry name; `Ok(None)` for the root itself. A `..`
/// component is refused: no real layer has one, and a tool that extracts the
/// layer would write outside its root.
pub fn normalize_path(name: &str, what: &str) -> Result<Option<String>, ImageError> {
    let mut parts: Vec<&str> = Vec::new();
    for part in name.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                return Err(ImageError::UnsafePath {
                    what: what.to_owned(),
                    name: name.chars().take(300).collect(),
                });
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Ok(None);
    }
    Ok(Some(parts.join("/")))
}

/// How much of the decoding budget earlier layers used, and how much content they kept.
#[derive(Debug, Clone, Copy, Default)]
pub struct Budget {
    /// Uncompressed bytes read so far.
    pub uncompressed: u64,
    /// Captured content bytes so far.
    pub captured: u64,
}

/// Read one layer from `source` (compressed or not).
pub fn read_layer<R: Read>(
    source: R,
    what: &str,
    limits: Limits,
    budget: &mut Budget,
    hash_uncompressed: bool,
) -> Result<LayerRecord, ImageError> {
    let decoded = decode(source, what, limits, budget.uncompressed)?;
    let compression = decoded.compression();
    let decoded = HashingReader::new(decoded, hash_uncompressed.then_some(Algorithm::Sha256));
    let mut tar = TarReader::new(decoded, what, limits);
    let mut record = LayerRecord {
        compression: Some(compression),
        ..LayerRecord::default()
    };
    let mut buf: Vec<u8> = Vec::new();
    let mut scratch = vec![0u8; 64 * 1024];
    while let Some(h) = tar.next_entry()? {
        let Some(path) = normalize_path(&h.name, what)? else {
            continue;
        };
        let (dir, base) = match path.rsplit_once('/') {
            Some((d, b)) => (d, b),
            None => ("", path.as_str()),
        };
        if let Some(rest) = base.strip_prefix(".wh.") {
            if rest == ".wh..opq" {
                record.opaque_dirs.push(dir.to_owned());
            } else if rest.is_empty() {
                return Err(ImageError::UnsafePath {
                    what: what.to_owned(),
                    name: h.name,
                });
            } else if !rest.starts_with(".wh.") {
                // `.wh..wh.*` other than the opaque marker is AUFS bookkeeping.
                record.whiteouts.push(join(dir, rest));
            }
            continue;
        }
        let link = match &h.link {
            Some(l) if h.kind == EntryKind::Hardlink => {
                Some(normalize_path(l, what)?.unwrap_or_default())
            }
            other => other.clone(),
        };
        if h.kind == EntryKind::File {
            let reason = capture_reason(&path);
            let want = h.size <= limits.max_captured_file_bytes
                && budget.captured + h.size <= limits.max_captured_total_bytes
                && (reason.is_some() || h.size <= SCAN_LIMIT);
            if want {
                buf.clear();
                read_entry(&mut tar, &mut buf, &mut scratch)?;
                let reason = reason.or_else(|| {
                    has_private_key_marker(&buf).then_some(CaptureReason::SecretCandidate)
                });
                if let Some(reason) = reason {
                    budget.captured += buf.len() as u64;
                    record.captured.insert(
                        path.clone(),
                        Captured {
                            reason,
                            content: buf.clone(),
                        },
                    );
                }
            } else if reason.is_some() {
                record
                    .warnings
                    .push(format!("{path}: {} bytes, too large to inspect", h.size));
            }
        }
        record.entries.push(FileEntry {
            path,
            kind: h.kind,
            mode: h.mode,
            uid: h.uid,
            gid: h.gid,
            size: h.size,
            link,
        });
    }
    if tar.missing_trailer {
        record
            .warnings
            .push("the layer's tar stream lacks its end-of-archive blocks".to_owned());
    }
    // Drain what follows the end of the archive so the digest covers the whole blob.
    let mut hashing = tar.into_inner();
    let _ = std::io::copy(&mut hashing, &mut std::io::sink())
        .map_err(|e| super::tar::unwrap_image_error(e, what))?;
    let (decoded, diff_id) = hashing.into_parts();
    record.diff_id = diff_id.map(|d| d.to_string());
    record.compressed_size = decoded.consumed();
    record.uncompressed_size = decoded.produced();
    budget.uncompressed += decoded.produced();
    Ok(record)
}

fn read_entry<R: Read>(
    tar: &mut TarReader<R>,
    out: &mut Vec<u8>,
    scratch: &mut [u8],
) -> Result<(), ImageError> {
    loop {
        let n = tar.read_data(scratch)?;
        if n == 0 {
            return Ok(());
        }
        out.extend_from_slice(scratch.get(..n).unwrap_or_default());
    }
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}
