//! Real images built in test code: layers written with the `tar` crate
//! (fixed timestamps, owners and modes, so digests are stable), laid out as
//! an OCI layout, an OCI archive, `docker save` archives (legacy and Docker
//! 25+), a skopeo `dir:`, a bare config or `docker inspect` output.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

pub const MTIME: u64 = 1_700_000_000;

/// How a layer blob is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

/// One entry of a layer.
#[derive(Clone, Debug)]
pub enum Entry {
    File {
        path: String,
        mode: u32,
        data: Vec<u8>,
    },
    Dir {
        path: String,
        mode: u32,
    },
    Symlink {
        path: String,
        target: String,
    },
    Hardlink {
        path: String,
        target: String,
    },
    /// A name written byte for byte (hostile cases), with a file body.
    Raw {
        name: Vec<u8>,
        data: Vec<u8>,
    },
}

#[derive(Clone, Debug, Default)]
pub struct Layer {
    pub entries: Vec<Entry>,
}

impl Layer {
    pub fn new() -> Self {
        Layer::default()
    }
    pub fn file(mut self, path: &str, mode: u32, data: &[u8]) -> Self {
        self.entries.push(Entry::File {
            path: path.into(),
            mode,
            data: data.to_vec(),
        });
        self
    }
    pub fn dir(mut self, path: &str, mode: u32) -> Self {
        self.entries.push(Entry::Dir {
            path: path.into(),
            mode,
        });
        self
    }
    pub fn symlink(mut self, path: &str, target: &str) -> Self {
        self.entries.push(Entry::Symlink {
            path: path.into(),
            target: target.into(),
        });
        self
    }
    pub fn hardlink(mut self, path: &str, target: &str) -> Self {
        self.entries.push(Entry::Hardlink {
            path: path.into(),
            target: target.into(),
        });
        self
    }
    /// `.wh.<name>` for `path`.
    pub fn whiteout(self, path: &str) -> Self {
        let (dir, base) = path.rsplit_once('/').unwrap_or(("", path));
        let wh = if dir.is_empty() {
            format!(".wh.{base}")
        } else {
            format!("{dir}/.wh.{base}")
        };
        self.file(&wh, 0o644, b"")
    }
    pub fn opaque(self, dir: &str) -> Self {
        self.file(&format!("{dir}/.wh..wh..opq"), 0o644, b"")
    }
    pub fn raw(mut self, name: &[u8], data: &[u8]) -> Self {
        self.entries.push(Entry::Raw {
            name: name.to_vec(),
            data: data.to_vec(),
        });
        self
    }

    /// The uncompressed tar.
    pub fn tar(&self) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for e in &self.entries {
            let mut h = tar::Header::new_ustar();
            h.set_mtime(MTIME);
            h.set_uid(0);
            h.set_gid(0);
            match e {
                Entry::File { path, mode, data } => {
                    h.set_entry_type(tar::EntryType::Regular);
                    h.set_mode(*mode);
                    h.set_size(data.len() as u64);
                    b.append_data(&mut h, path, &data[..]).unwrap();
                }
                Entry::Dir { path, mode } => {
                    h.set_entry_type(tar::EntryType::Directory);
                    h.set_mode(*mode);
                    h.set_size(0);
                    b.append_data(&mut h, path, &[][..]).unwrap();
                }
                Entry::Symlink { path, target } => {
                    h.set_entry_type(tar::EntryType::Symlink);
                    h.set_mode(0o777);
                    h.set_size(0);
                    b.append_link(&mut h, path, target).unwrap();
                }
                Entry::Hardlink { path, target } => {
                    h.set_entry_type(tar::EntryType::Link);
                    h.set_mode(0o644);
                    h.set_size(0);
                    b.append_link(&mut h, path, target).unwrap();
                }
                Entry::Raw { name, data } => {
                    h.set_entry_type(tar::EntryType::Regular);
                    h.set_mode(0o644);
                    h.set_size(data.len() as u64);
                    let bytes = h.as_mut_bytes();
                    bytes[..100].fill(0);
                    bytes[..name.len().min(100)].copy_from_slice(&name[..name.len().min(100)]);
                    h.set_cksum();
                    b.append(&h, &data[..]).unwrap();
                }
            }
        }
        b.into_inner().unwrap()
    }
}

pub fn compress(data: &[u8], c: Compression) -> Vec<u8> {
    match c {
        Compression::None => data.to_vec(),
        Compression::Gzip => {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        Compression::Zstd => {
            ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
        }
    }
}

/// A layer as stored and as its uncompressed tar.
pub type Blob = (Vec<u8>, Vec<u8>);

pub fn sha256(data: &[u8]) -> String {
    let d = Sha256::digest(data);
    let hex: String = d.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

fn hex(digest: &str) -> &str {
    digest.trim_start_matches("sha256:")
}

/// An image: a config's `config` object and history, and layers.
#[derive(Clone, Debug)]
pub struct ImageSpec {
    pub run_config: Value,
    pub history: Vec<Value>,
    pub layers: Vec<Layer>,
    pub compression: Compression,
    pub created: String,
    pub annotations: Value,
}

impl ImageSpec {
    pub fn new(run_config: Value, layers: Vec<Layer>) -> Self {
        ImageSpec {
            run_config,
            history: Vec::new(),
            layers,
            compression: Compression::Gzip,
            created: "2026-11-20T00:00:00Z".into(),
            annotations: json!({}),
        }
    }

    /// The config JSON text and the layer blobs (stored, uncompressed).
    pub fn blobs(&self) -> (Vec<u8>, Vec<Blob>) {
        let layers: Vec<(Vec<u8>, Vec<u8>)> = self
            .layers
            .iter()
            .map(|l| {
                let tar = l.tar();
                (compress(&tar, self.compression), tar)
            })
            .collect();
        let diff_ids: Vec<String> = layers.iter().map(|(_, t)| sha256(t)).collect();
        let history = if self.history.is_empty() {
            (0..self.layers.len())
                .map(|i| json!({"created": self.created, "created_by": format!("COPY layer{i} / # buildkit")}))
                .collect()
        } else {
            self.history.clone()
        };
        let config = json!({
            "created": self.created,
            "architecture": "amd64",
            "os": "linux",
            "config": self.run_config,
            "rootfs": {"type": "layers", "diff_ids": diff_ids},
            "history": history,
        });
        (serde_json::to_vec(&config).unwrap(), layers)
    }

    fn media_type(&self) -> &'static str {
        match self.compression {
            Compression::None => "application/vnd.oci.image.layer.v1.tar",
            Compression::Gzip => "application/vnd.oci.image.layer.v1.tar+gzip",
            Compression::Zstd => "application/vnd.oci.image.layer.v1.tar+zstd",
        }
    }

    /// The OCI manifest for these blobs.
    pub fn manifest(&self, config: &[u8], layers: &[Blob]) -> Vec<u8> {
        let m = json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": sha256(config), "size": config.len()},
            "layers": layers.iter().map(|(b, _)| json!({"mediaType": self.media_type(), "digest": sha256(b), "size": b.len()})).collect::<Vec<_>>(),
            "annotations": self.annotations,
        });
        serde_json::to_vec(&m).unwrap()
    }
}

/// A fresh, empty temporary directory for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("hullguard-img-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Files of an OCI layout: `(path, bytes)`.
pub fn oci_layout_files(spec: &ImageSpec) -> Vec<(String, Vec<u8>)> {
    let (config, layers) = spec.blobs();
    let manifest = spec.manifest(&config, &layers);
    let index = json!({
        "schemaVersion": 2,
        "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": sha256(&manifest), "size": manifest.len(),
            "annotations": {"org.opencontainers.image.ref.name": "test"},
            "platform": {"architecture": "amd64", "os": "linux"}
        }]
    });
    let mut files = vec![
        (
            "oci-layout".to_owned(),
            br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec(),
        ),
        ("index.json".to_owned(), serde_json::to_vec(&index).unwrap()),
        (
            format!("blobs/sha256/{}", hex(&sha256(&manifest))),
            manifest.clone(),
        ),
        (
            format!("blobs/sha256/{}", hex(&sha256(&config))),
            config.clone(),
        ),
    ];
    for (b, _) in &layers {
        files.push((format!("blobs/sha256/{}", hex(&sha256(b))), b.clone()));
    }
    files
}

pub fn write_dir(dir: &Path, files: &[(String, Vec<u8>)]) {
    for (name, data) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, data).unwrap();
    }
}

/// A tar of `files` (members in the order given), plus symlinks `(name, target)`.
pub fn tar_of(files: &[(String, Vec<u8>)], links: &[(String, String)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in files {
        let mut h = tar::Header::new_ustar();
        h.set_mtime(MTIME);
        h.set_mode(0o644);
        h.set_size(data.len() as u64);
        b.append_data(&mut h, name, &data[..]).unwrap();
    }
    for (name, target) in links {
        let mut h = tar::Header::new_ustar();
        h.set_entry_type(tar::EntryType::Symlink);
        h.set_mtime(MTIME);
        h.set_mode(0o777);
        h.set_size(0);
        b.append_link(&mut h, name, target).unwrap();
    }
    b.into_inner().unwrap()
}

pub fn write_oci_layout(dir: &Path, spec: &ImageSpec) {
    write_dir(dir, &oci_layout_files(spec));
}

pub fn write_oci_archive(path: &Path, spec: &ImageSpec) {
    std::fs::write(path, tar_of(&oci_layout_files(spec), &[])).unwrap();
}

/// `docker save` before Docker 25: `<hex>.json`, `<diffid>.tar` members,
/// `<id>/layer.tar` symlinks, `manifest.json` written last (as skopeo does).
pub fn docker_save_legacy(spec: &ImageSpec) -> Vec<u8> {
    let mut spec = spec.clone();
    spec.compression = Compression::None;
    let (config, layers) = spec.blobs();
    let config_name = format!("{}.json", hex(&sha256(&config)));
    let mut files = vec![(config_name.clone(), config.clone())];
    let mut links = Vec::new();
    let mut layer_names = Vec::new();
    for (i, (blob, _)) in layers.iter().enumerate() {
        let diff = hex(&sha256(blob)).to_owned();
        files.push((format!("{diff}.tar"), blob.clone()));
        let id = format!("{:064x}", i + 1);
        links.push((format!("{id}/layer.tar"), format!("../{diff}.tar")));
        files.push((format!("{id}/VERSION"), b"1.0".to_vec()));
        layer_names.push(format!("{id}/layer.tar"));
    }
    let manifest =
        json!([{"Config": config_name, "RepoTags": ["example/fixture:1"], "Layers": layer_names}]);
    let mut all = files;
    // manifest.json at the end of the archive, as skopeo writes it
    all.push((
        "repositories".to_owned(),
        br#"{"example/fixture":{"1":"x"}}"#.to_vec(),
    ));
    all.push((
        "manifest.json".to_owned(),
        serde_json::to_vec(&manifest).unwrap(),
    ));
    tar_of(&all, &links)
}

/// `docker save` from Docker 25: an OCI layout plus `manifest.json` naming blobs.
pub fn docker_save_25(spec: &ImageSpec) -> Vec<u8> {
    let mut spec = spec.clone();
    spec.compression = Compression::None;
    let mut files = oci_layout_files(&spec);
    let (config, layers) = spec.blobs();
    let manifest = json!([{
        "Config": format!("blobs/sha256/{}", hex(&sha256(&config))),
        "RepoTags": ["example/fixture:25"],
        "Layers": layers.iter().map(|(b, _)| format!("blobs/sha256/{}", hex(&sha256(b)))).collect::<Vec<_>>(),
    }]);
    files.push((
        "manifest.json".to_owned(),
        serde_json::to_vec(&manifest).unwrap(),
    ));
    tar_of(&files, &[])
}

/// skopeo `dir:`: `manifest.json`, `version`, bare-hex blobs.
pub fn write_manifest_dir(dir: &Path, spec: &ImageSpec) {
    let (config, layers) = spec.blobs();
    let manifest = spec.manifest(&config, &layers);
    let mut files = vec![
        ("manifest.json".to_owned(), manifest),
        (
            "version".to_owned(),
            b"Directory Transport Version: 1.1\n".to_vec(),
        ),
        (hex(&sha256(&config)).to_owned(), config.clone()),
    ];
    for (b, _) in &layers {
        files.push((hex(&sha256(b)).to_owned(), b.clone()));
    }
    write_dir(dir, &files);
}

/// `docker inspect` output for the spec's config.
pub fn inspect_json(spec: &ImageSpec) -> Vec<u8> {
    let (config, _) = spec.blobs();
    let c: Value = serde_json::from_slice(&config).unwrap();
    serde_json::to_vec(&json!([{
        "Id": sha256(&config),
        "RepoTags": ["example/fixture:1"],
        "Created": c["created"],
        "Architecture": "amd64",
        "Os": "linux",
        "Config": c["config"],
        "RootFS": {"Type": "layers", "Layers": c["rootfs"]["diff_ids"]},
    }]))
    .unwrap()
}
