//! OCI indexes and manifests (and Docker's manifest lists and v2 manifests,
//! which share the shape): nested indexes followed with a cycle guard, one
//! manifest picked by platform, its config and layers read and verified.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use super::store::Store;
use crate::image::digest::Digest;
use crate::image::error::ImageError;
use crate::image::limits::Limits;

/// A content descriptor, read leniently.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Descriptor {
    /// Media type.
    pub media_type: Option<String>,
    /// Digest (validated when used).
    pub digest: String,
    /// Size in bytes.
    pub size: Option<i64>,
    /// Platform of a manifest in an index.
    pub platform: Option<Platform>,
    /// Annotations.
    pub annotations: Option<BTreeMap<String, String>>,
}

/// A platform as an index describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Platform {
    /// `amd64`, `arm64`, …
    pub architecture: String,
    /// `linux`, `windows`, …
    pub os: String,
    /// `v8`, `v7`, …
    pub variant: Option<String>,
}

impl Platform {
    /// Parse `os/arch[/variant]`.
    pub fn parse(text: &str) -> Option<Platform> {
        let mut parts = text.split('/');
        let os = parts.next().filter(|s| !s.is_empty())?.to_owned();
        let architecture = parts.next().filter(|s| !s.is_empty())?.to_owned();
        let variant = parts.next().map(str::to_owned);
        if parts.next().is_some() {
            return None;
        }
        Some(Platform {
            architecture,
            os,
            variant,
        })
    }

    fn matches(&self, wanted: &Platform) -> bool {
        self.os == wanted.os
            && self.architecture == wanted.architecture
            && (wanted.variant.is_none() || self.variant == wanted.variant)
    }
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if let Some(v) = &self.variant {
            write!(f, "/{v}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Index {
    manifests: Option<Vec<Descriptor>>,
}

/// An image manifest, read leniently.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Manifest {
    /// The config blob.
    pub config: Option<Descriptor>,
    /// Layer blobs, bottom first.
    pub layers: Option<Vec<Descriptor>>,
    /// Annotations (`org.opencontainers.image.*`).
    pub annotations: Option<BTreeMap<String, String>>,
    /// An index (read when a "manifest" turns out to be one).
    pub manifests: Option<Vec<Descriptor>>,
}

fn is_index(media_type: Option<&str>) -> bool {
    matches!(
        media_type,
        Some("application/vnd.oci.image.index.v1+json")
            | Some("application/vnd.docker.distribution.manifest.list.v2+json")
    )
}

fn is_attestation(d: &Descriptor) -> bool {
    d.annotations.as_ref().is_some_and(|a| {
        a.get("vnd.docker.reference.type")
            .is_some_and(|t| t == "attestation-manifest")
    }) || d
        .platform
        .as_ref()
        .is_some_and(|p| p.os == "unknown" && p.architecture == "unknown")
}

/// The manifest chosen from an index, with how it was named.
#[derive(Debug)]
pub struct Chosen {
    /// The manifest descriptor.
    pub descriptor: Descriptor,
    /// Its parsed content.
    pub manifest: Manifest,
    /// The reference (`io.containerd.image.name` or `org.opencontainers.image.ref.name`).
    pub reference: Option<String>,
}

/// Parse an index or manifest document.
pub fn parse_manifest(bytes: &[u8], what: &str) -> Result<Manifest, ImageError> {
    serde_json::from_slice(bytes).map_err(|e| ImageError::json(what, e))
}

/// Walk `index.json` (and nested indexes) to the manifest for `platform`.
pub fn choose_manifest(
    store: &Store,
    index_bytes: &[u8],
    platform: Option<&Platform>,
    limits: &Limits,
) -> Result<Chosen, ImageError> {
    let index: Index =
        serde_json::from_slice(index_bytes).map_err(|e| ImageError::json("index.json", e))?;
    let mut leaves: Vec<(Descriptor, Manifest, Option<String>)> = Vec::new();
    let mut visited: HashSet<String> = HashSet::new();
    // (descriptors, depth, inherited reference)
    let mut stack: Vec<(Vec<Descriptor>, usize, Option<String>)> =
        vec![(index.manifests.unwrap_or_default(), 0, None)];
    while let Some((descriptors, depth, inherited)) = stack.pop() {
        for d in descriptors.into_iter().rev() {
            if is_attestation(&d) {
                continue;
            }
            let digest = Digest::parse(&d.digest)?;
            if depth >= limits.max_index_depth {
                return Err(ImageError::IndexCycle {
                    digest: digest.to_string(),
                    depth: limits.max_index_depth,
                });
            }
            // Several tags may name one manifest: read it once.
            if leaves.iter().any(|(l, _, _)| l.digest == d.digest) {
                continue;
            }
            let bytes = store.document(&digest.blob_path(), limits.max_json_bytes)?;
            digest.verify(&digest.blob_path(), &bytes)?;
            let m = parse_manifest(&bytes, &digest.to_string())?;
            let reference = d
                .annotations
                .as_ref()
                .and_then(|a| {
                    a.get("io.containerd.image.name")
                        .or_else(|| a.get("org.opencontainers.image.ref.name"))
                })
                .cloned()
                .or_else(|| inherited.clone());
            if is_index(d.media_type.as_deref()) || (m.manifests.is_some() && m.config.is_none()) {
                // A digest names its content, so a true cycle cannot verify;
                // an index reached twice is a loop in the walk all the same.
                if !visited.insert(digest.to_string()) {
                    return Err(ImageError::IndexCycle {
                        digest: digest.to_string(),
                        depth: limits.max_index_depth,
                    });
                }
                stack.push((
                    m.manifests.clone().unwrap_or_default(),
                    depth + 1,
                    reference,
                ));
            } else {
                leaves.push((d, m, reference));
            }
        }
    }
    pick(leaves, platform)
}

fn pick(
    leaves: Vec<(Descriptor, Manifest, Option<String>)>,
    platform: Option<&Platform>,
) -> Result<Chosen, ImageError> {
    let default = Platform {
        os: "linux".into(),
        architecture: "amd64".into(),
        variant: None,
    };
    let wanted = platform.unwrap_or(&default);
    let describe = |leaves: &[(Descriptor, Manifest, Option<String>)]| {
        let names: Vec<String> = leaves
            .iter()
            .map(|(d, _, _)| {
                d.platform
                    .as_ref()
                    .map_or("unspecified".to_owned(), |p| p.to_string())
            })
            .collect();
        if names.is_empty() {
            "no manifests".to_owned()
        } else {
            names.join(", ")
        }
    };
    let exact = leaves
        .iter()
        .position(|(d, _, _)| d.platform.as_ref().is_some_and(|p| p.matches(wanted)));
    let index = match exact {
        Some(i) => Some(i),
        // One image without platform information: take it unless a platform was asked for
        // that it might not be (its config tells; checked by the caller).
        None if leaves.len() == 1
            && leaves.first().is_some_and(|(d, _, _)| d.platform.is_none()) =>
        {
            Some(0)
        }
        None if platform.is_none() && leaves.iter().all(|(d, _, _)| d.platform.is_none()) => {
            Some(0).filter(|_| !leaves.is_empty())
        }
        None => None,
    };
    match index {
        Some(i) => {
            let available = describe(&leaves);
            let (descriptor, manifest, reference) =
                leaves
                    .into_iter()
                    .nth(i)
                    .ok_or(ImageError::NoSuchPlatform {
                        platform: wanted.to_string(),
                        available,
                    })?;
            Ok(Chosen {
                descriptor,
                manifest,
                reference,
            })
        }
        None => Err(ImageError::NoSuchPlatform {
            platform: wanted.to_string(),
            available: describe(&leaves),
        }),
    }
}
