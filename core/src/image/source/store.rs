//! Where an image's files live: a directory (OCI layout, skopeo `dir:`), or a
//! tar archive (OCI archive, `docker save`, possibly gzipped) read in one
//! streaming pass. Either way every blob is read once: small JSON files are
//! kept, everything else is walked as a layer while it is hashed.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use crate::image::decompress::decode;
use crate::image::digest::{Algorithm, Digest, HashingReader};
use crate::image::error::ImageError;
use crate::image::layer::{Budget, LayerRecord, normalize_path, read_layer};
use crate::image::limits::Limits;
use crate::image::tar::{EntryKind, TarReader};

/// A layer read from an archive member, with the digest of its stored bytes.
type ReadLayer = Result<(LayerRecord, Digest), ImageError>;

/// The files of an image.
#[derive(Debug)]
pub enum Store {
    /// A directory.
    Dir {
        /// Its root.
        root: PathBuf,
        /// Limits.
        limits: Limits,
        /// Decoding budget used so far.
        budget: Budget,
        /// Hash uncompressed layers too.
        diff_ids: bool,
    },
    /// An archive, already read.
    Archive {
        /// Small (JSON-like) members by normalised name.
        small: HashMap<String, Vec<u8>>,
        /// Members read as layers by normalised name.
        layers: HashMap<String, ReadLayer>,
        /// Symlinks and hard links between members.
        links: HashMap<String, String>,
    },
}

/// Open the file `name` under `root`; a missing file is a missing blob.
fn open_blob(root: &Path, name: &str) -> Result<(File, String), ImageError> {
    let path = root.join(name);
    let shown = path.display().to_string();
    match File::open(&path) {
        Ok(f) => Ok((f, shown)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ImageError::MissingBlob {
            digest: name.to_owned(),
        }),
        Err(e) => Err(ImageError::io(&shown, e)),
    }
}

/// Members whose first byte is one of these, and that are small, are kept as
/// documents rather than walked as layers.
fn looks_like_document(prefix: &[u8]) -> bool {
    matches!(
        prefix.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'{') | Some(b'[') | None
    ) || prefix.starts_with(b"Directory Transport Version")
        || prefix
            .iter()
            .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
}

struct EntryData<'a, R: Read>(&'a mut TarReader<R>);

impl<R: Read> Read for EntryData<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read_data(buf).map_err(std::io::Error::other)
    }
}

impl Store {
    /// A directory store.
    pub fn dir(root: &Path, limits: Limits, diff_ids: bool) -> Store {
        Store::Dir {
            root: root.to_path_buf(),
            limits,
            budget: Budget::default(),
            diff_ids,
        }
    }

    /// Read an archive at `path` in one pass (gzip-compressed archives too).
    pub fn archive(path: &Path, limits: Limits, diff_ids: bool) -> Result<Store, ImageError> {
        let shown = path.display().to_string();
        let file = File::open(path).map_err(|e| ImageError::io(&shown, e))?;
        let outer = decode(BufReader::new(file), &shown, limits, 0)?;
        let mut tar = TarReader::new(outer, shown.clone(), limits);
        let mut small = HashMap::new();
        let mut layers = HashMap::new();
        let mut links = HashMap::new();
        let mut budget = Budget::default();
        let mut small_total: u64 = 0;
        while let Some(h) = tar.next_entry()? {
            let Some(name) = normalize_path(&h.name, &shown)? else {
                continue;
            };
            match h.kind {
                EntryKind::Symlink | EntryKind::Hardlink => {
                    if let Some(target) = &h.link {
                        // Link targets may climb with `..` (`../<id>.tar`):
                        // resolved inside the archive, clamped at its root.
                        let base = if h.kind == EntryKind::Symlink {
                            name.rsplit_once('/').map_or("", |(d, _)| d)
                        } else {
                            ""
                        };
                        let resolved = crate::image::filesystem::join_link(base, target);
                        if !resolved.is_empty() {
                            links.insert(name, resolved);
                        }
                    }
                    continue;
                }
                EntryKind::File => {}
                _ => continue,
            }
            // Peek at the start to tell documents from layers.
            let mut head = vec![0u8; usize::try_from(h.size.min(512)).unwrap_or(512)];
            let mut got = 0;
            while got < head.len() {
                let n = tar.read_data(head.get_mut(got..).unwrap_or_default())?;
                if n == 0 {
                    break;
                }
                got += n;
            }
            head.truncate(got);
            if h.size <= limits.max_json_bytes && looks_like_document(&head) {
                small_total += h.size;
                if small_total > limits.max_json_bytes.saturating_mul(4) {
                    return Err(ImageError::LimitExceeded {
                        what: shown,
                        limit: "max_json_bytes",
                        detail: "too many metadata documents".to_owned(),
                    });
                }
                let mut data = head;
                EntryData(&mut tar)
                    .read_to_end(&mut data)
                    .map_err(|e| crate::image::tar::unwrap_image_error(e, &shown))?;
                small.insert(name, data);
                continue;
            }
            let what = format!("{shown}:{name}");
            let chained = std::io::Cursor::new(head).chain(EntryData(&mut tar));
            let mut hashing = HashingReader::new(chained, Some(Algorithm::Sha256));
            let result = read_layer(&mut hashing, &what, limits, &mut budget, diff_ids);
            let result = match result {
                Ok(record) => {
                    // Drain the rest of the member so the hash covers it all.
                    std::io::copy(&mut hashing, &mut std::io::sink())
                        .map_err(|e| crate::image::tar::unwrap_image_error(e, &what))?;
                    match hashing.finish() {
                        Some(d) => Ok((record, d)),
                        None => Err(ImageError::MissingBlob {
                            digest: name.clone(),
                        }),
                    }
                }
                // A limit ends the whole read; other failures matter only
                // if a manifest names this member as a layer.
                Err(e @ ImageError::LimitExceeded { .. }) => return Err(e),
                Err(e) => Err(e),
            };
            layers.insert(name, result);
        }
        Ok(Store::Archive {
            small,
            layers,
            links,
        })
    }

    fn resolve_name(links: &HashMap<String, String>, name: &str) -> String {
        let mut current = name.to_owned();
        for _ in 0..16 {
            match links.get(&current) {
                Some(next) => current = next.clone(),
                None => break,
            }
        }
        current
    }

    /// Whether a file exists in the store.
    pub fn contains(&self, name: &str) -> bool {
        match self {
            Store::Dir { root, .. } => root.join(name).is_file(),
            Store::Archive {
                small,
                layers,
                links,
            } => {
                let n = Self::resolve_name(links, name);
                small.contains_key(&n) || layers.contains_key(&n)
            }
        }
    }

    /// A small document (JSON), at most `limit` bytes.
    pub fn document(&self, name: &str, limit: u64) -> Result<Vec<u8>, ImageError> {
        match self {
            Store::Dir { root, .. } => {
                let (file, shown) = open_blob(root, name)?;
                let mut data = Vec::new();
                file.take(limit + 1)
                    .read_to_end(&mut data)
                    .map_err(|e| ImageError::io(&shown, e))?;
                if data.len() as u64 > limit {
                    return Err(ImageError::LimitExceeded {
                        what: shown,
                        limit: "max_json_bytes",
                        detail: format!("more than {limit} bytes"),
                    });
                }
                Ok(data)
            }
            Store::Archive {
                small,
                links,
                layers,
            } => {
                let n = Self::resolve_name(links, name);
                match small.get(&n) {
                    Some(d) => Ok(d.clone()),
                    None if layers.contains_key(&n) => Err(ImageError::LimitExceeded {
                        what: name.to_owned(),
                        limit: "max_json_bytes",
                        detail: "a document that is not small JSON".to_owned(),
                    }),
                    None => Err(ImageError::MissingBlob {
                        digest: name.to_owned(),
                    }),
                }
            }
        }
    }

    /// Read the layer stored as `name`; verify it against `expected` when given.
    /// Returns the record and the digest of the stored bytes.
    pub fn layer(
        &mut self,
        name: &str,
        expected: Option<&Digest>,
    ) -> Result<(LayerRecord, Digest), ImageError> {
        let (record, actual) = match self {
            Store::Dir {
                root,
                limits,
                budget,
                diff_ids,
            } => {
                let (file, shown) = open_blob(root, name)?;
                let algorithm = expected.map_or(Algorithm::Sha256, Digest::algorithm);
                let mut hashing = HashingReader::new(BufReader::new(file), Some(algorithm));
                let record = read_layer(&mut hashing, &shown, *limits, budget, *diff_ids)?;
                std::io::copy(&mut hashing, &mut std::io::sink())
                    .map_err(|e| ImageError::io(&shown, e))?;
                let digest = hashing.finish().ok_or_else(|| ImageError::MissingBlob {
                    digest: name.to_owned(),
                })?;
                (record, digest)
            }
            Store::Archive {
                layers,
                links,
                small,
            } => {
                let n = Self::resolve_name(links, name);
                match layers.remove(&n) {
                    Some(Ok(pair)) => {
                        // Put a copy back: two manifests may share a layer.
                        layers.insert(n, Ok(pair.clone()));
                        pair
                    }
                    Some(Err(e)) => return Err(e),
                    None if small.contains_key(&n) => {
                        return Err(ImageError::BadTar {
                            what: name.to_owned(),
                            message: "a layer that is not a tar stream".to_owned(),
                        });
                    }
                    None => {
                        return Err(ImageError::MissingBlob {
                            digest: name.to_owned(),
                        });
                    }
                }
            }
        };
        if let Some(expected) = expected {
            expected.check(name, actual.clone())?;
        }
        Ok((record, actual))
    }
}
