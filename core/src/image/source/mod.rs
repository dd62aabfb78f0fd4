//! Opening an image in any of the forms users hand over, detected from the
//! content: an OCI layout directory, an OCI archive, a `docker save` or
//! `podman save` archive (legacy and Docker 25+, gzipped or not), a skopeo
//! `dir:` directory, a bare image config, or `docker inspect` output.

mod oci;
mod store;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

pub use oci::Platform;
use oci::{Descriptor, choose_manifest, parse_manifest};
use store::Store;

use super::config::{ImageConfig, RawHistory, RawRunConfig, parse_config};
use super::digest::Digest;
use super::error::ImageError;
use super::filesystem::FileSystem;
use super::layer::LayerRecord;
use super::limits::Limits;

/// The form the image was given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An OCI image layout directory.
    OciLayout,
    /// An OCI image layout in a tar.
    OciArchive,
    /// `docker save`/`podman save` (`manifest.json`).
    DockerArchive,
    /// skopeo `dir:` / podman `docker-dir` / `oci-dir` output.
    ManifestDir,
    /// A bare image configuration JSON (no files).
    ConfigJson,
    /// `docker inspect`/`podman image inspect` JSON (no files).
    InspectJson,
}

impl Format {
    /// A short name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::OciLayout => "oci-layout",
            Format::OciArchive => "oci-archive",
            Format::DockerArchive => "docker-archive",
            Format::ManifestDir => "manifest-dir",
            Format::ConfigJson => "config-json",
            Format::InspectJson => "inspect-json",
        }
    }
}

/// How to open an image.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// Which image of a multi-platform index (default linux/amd64).
    pub platform: Option<Platform>,
    /// Resource limits.
    pub limits: Limits,
    /// Also hash every layer's uncompressed stream and check it against the
    /// config's `rootfs.diff_ids` (about twice the hashing work; compressed
    /// blobs are always verified against the manifest).
    pub verify_diff_ids: bool,
}

/// An image, read and verified.
#[derive(Debug, Clone)]
pub struct Image {
    /// The form it came in.
    pub format: Format,
    /// The path given.
    pub path: String,
    /// Its name, when the image records one (`docker.io/library/debian:12`).
    pub reference: Option<String>,
    /// Manifest annotations.
    pub annotations: BTreeMap<String, String>,
    /// The configuration.
    pub config: ImageConfig,
    /// The config digest, when known.
    pub config_digest: Option<String>,
    /// The layers, bottom first (empty for config-only inputs).
    pub layers: Vec<LayerRecord>,
    /// The final filesystem (`None` for config-only inputs).
    pub filesystem: Option<FileSystem>,
    /// Things worth knowing that are not errors.
    pub warnings: Vec<String>,
}

/// Open the image at `path`, detecting its format.
pub fn open_image(path: &Path, options: &OpenOptions) -> Result<Image, ImageError> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| ImageError::io(&shown, e))?;
    if meta.is_dir() {
        let store = Store::dir(path, options.limits, options.verify_diff_ids);
        if path.join("oci-layout").is_file() && path.join("index.json").is_file() {
            return from_layout(store, &shown, Format::OciLayout, options);
        }
        if path.join("manifest.json").is_file() {
            return from_manifest_dir(store, &shown, options);
        }
        return Err(ImageError::UnknownFormat { path: shown });
    }
    let mut head = [0u8; 512];
    let n = read_prefix(path, &mut head).map_err(|e| ImageError::io(&shown, e))?;
    let head = head.get(..n).unwrap_or_default();
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    if matches!(first, Some(b'{') | Some(b'[')) {
        return from_json(path, &shown, options);
    }
    let is_tar = head.len() >= 263 && head.get(257..262) == Some(b"ustar".as_slice());
    let is_gzip = head.starts_with(&[0x1f, 0x8b]) || head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]);
    if !(is_tar || is_gzip) {
        return Err(ImageError::UnknownFormat { path: shown });
    }
    let store = Store::archive(path, options.limits, options.verify_diff_ids)?;
    if store.contains("manifest.json") {
        return from_docker_archive(store, &shown, options);
    }
    if store.contains("index.json") {
        return from_layout(store, &shown, Format::OciArchive, options);
    }
    Err(ImageError::UnknownFormat { path: shown })
}

fn read_prefix(path: &Path, buf: &mut [u8]) -> std::io::Result<usize> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut got = 0;
    while got < buf.len() {
        let n = f.read(buf.get_mut(got..).unwrap_or_default())?;
        if n == 0 {
            break;
        }
        got += n;
    }
    Ok(got)
}

fn read_config(
    store: &Store,
    name: &str,
    digest: Option<&Digest>,
    limits: &Limits,
) -> Result<ImageConfig, ImageError> {
    let bytes = store.document(name, limits.max_json_bytes)?;
    if let Some(d) = digest {
        d.verify(name, &bytes)?;
    }
    parse_config(&bytes, name)
}

/// Read the layers named by `names`, verifying each against its digest.
fn read_layers(
    store: &mut Store,
    names: &[(String, Option<Digest>, String)],
) -> Result<Vec<LayerRecord>, ImageError> {
    let mut layers = Vec::with_capacity(names.len());
    for (index, (name, digest, media_type)) in names.iter().enumerate() {
        let (mut record, actual) = store.layer(name, digest.as_ref())?;
        record.index = index;
        record.digest = Some(actual.to_string());
        record.media_type = media_type.clone();
        layers.push(record);
    }
    Ok(layers)
}

/// Complete an image read from files: warnings gathered, platform checked,
/// layers stacked into the final filesystem.
fn finish(mut image: Image, options: &OpenOptions) -> Result<Image, ImageError> {
    image
        .warnings
        .extend(image.config.nonconformance.iter().cloned());
    for l in &image.layers {
        for w in &l.warnings {
            image.warnings.push(format!("layer {}: {w}", l.index + 1));
        }
    }
    if options.verify_diff_ids {
        if image.config.diff_ids.len() != image.layers.len() {
            return Err(ImageError::json(
                "config",
                format!(
                    "rootfs.diff_ids lists {} layers, the manifest {}",
                    image.config.diff_ids.len(),
                    image.layers.len()
                ),
            ));
        }
        for (layer, expected) in image.layers.iter().zip(&image.config.diff_ids) {
            let expected = Digest::parse(expected)?;
            let actual = layer.diff_id.as_deref().map(Digest::parse).transpose()?;
            if let Some(actual) = actual {
                expected.check(&format!("layer {} (uncompressed)", layer.index + 1), actual)?;
            }
        }
    }
    if let Some(p) = &options.platform
        && !image.config.os.is_empty()
        && (image.config.os != p.os || image.config.architecture != p.architecture)
    {
        return Err(ImageError::NoSuchPlatform {
            platform: p.to_string(),
            available: format!("{}/{}", image.config.os, image.config.architecture),
        });
    }
    image.filesystem = Some(FileSystem::build(&image.layers));
    Ok(image)
}

fn from_layout(
    mut store: Store,
    path: &str,
    format: Format,
    options: &OpenOptions,
) -> Result<Image, ImageError> {
    let limits = options.limits;
    let index = store.document("index.json", limits.max_json_bytes)?;
    let chosen = choose_manifest(&store, &index, options.platform.as_ref(), &limits)?;
    let config_desc = chosen
        .manifest
        .config
        .clone()
        .ok_or_else(|| ImageError::json(&chosen.descriptor.digest, "manifest has no config"))?;
    let config_digest = Digest::parse(&config_desc.digest)?;
    let config = read_config(
        &store,
        &config_digest.blob_path(),
        Some(&config_digest),
        &limits,
    )?;
    let names = layer_names(chosen.manifest.layers.as_deref().unwrap_or_default())?;
    let layers = read_layers(&mut store, &names)?;
    finish(
        Image {
            format,
            path: path.to_owned(),
            reference: chosen.reference,
            annotations: chosen.manifest.annotations.unwrap_or_default(),
            config,
            config_digest: Some(config_digest.to_string()),
            layers,
            filesystem: None,
            warnings: Vec::new(),
        },
        options,
    )
}

fn layer_names(layers: &[Descriptor]) -> Result<Vec<(String, Option<Digest>, String)>, ImageError> {
    layers
        .iter()
        .map(|d| {
            let digest = Digest::parse(&d.digest)?;
            Ok((
                digest.blob_path(),
                Some(digest),
                d.media_type.clone().unwrap_or_default(),
            ))
        })
        .collect()
}

/// One entry of `docker save`'s `manifest.json`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
struct SaveEntry {
    config: String,
    repo_tags: Option<Vec<String>>,
    layers: Option<Vec<String>>,
}

/// The digest a `docker save` member name implies: `blobs/sha256/<hex>`,
/// `<hex>.json`, `sha256:<hex>`; or `None` (legacy `<id>/layer.tar`).
fn digest_of_name(name: &str) -> Option<Digest> {
    if let Some(rest) = name.strip_prefix("blobs/") {
        let (alg, hex) = rest.split_once('/')?;
        return Digest::parse(&format!("{alg}:{hex}")).ok();
    }
    if let Ok(d) = Digest::parse(name) {
        return Some(d);
    }
    let stem = name
        .strip_suffix(".json")
        .or_else(|| name.strip_suffix(".tar"))?;
    Digest::sha256_hex(stem).ok()
}

fn from_docker_archive(
    mut store: Store,
    path: &str,
    options: &OpenOptions,
) -> Result<Image, ImageError> {
    let limits = options.limits;
    let bytes = store.document("manifest.json", limits.max_json_bytes)?;
    let entries: Vec<SaveEntry> =
        serde_json::from_slice(&bytes).map_err(|e| ImageError::json("manifest.json", e))?;
    let entry = entries
        .into_iter()
        .next()
        .ok_or_else(|| ImageError::json("manifest.json", "no images listed"))?;
    let config_name = entry.config.trim_start_matches("./").to_owned();
    let config_name = match Digest::parse(&config_name) {
        Ok(d) => d.blob_path(),
        Err(_) => config_name,
    };
    let config_digest = digest_of_name(&config_name);
    let config = read_config(&store, &config_name, config_digest.as_ref(), &limits)?;
    let mut names = Vec::new();
    for (i, layer) in entry.layers.unwrap_or_default().iter().enumerate() {
        let name = layer.trim_start_matches("./").to_owned();
        // A member named by its digest is verified against that; a legacy
        // `<id>/layer.tar` (always uncompressed) against the config's diff_id.
        let expected = digest_of_name(&name)
            .or_else(|| config.diff_ids.get(i).and_then(|d| Digest::parse(d).ok()));
        let name = match Digest::parse(&name) {
            Ok(d) => format!("{}.tar", d.hex()),
            Err(_) => name,
        };
        names.push((
            name,
            expected,
            "application/vnd.docker.image.rootfs.diff.tar".to_owned(),
        ));
    }
    let layers = read_layers(&mut store, &names)?;
    let reference = entry.repo_tags.and_then(|t| t.into_iter().next());
    finish(
        Image {
            format: Format::DockerArchive,
            path: path.to_owned(),
            reference,
            annotations: BTreeMap::new(),
            config,
            config_digest: config_digest.map(|d| d.to_string()),
            layers,
            filesystem: None,
            warnings: Vec::new(),
        },
        options,
    )
}

fn from_manifest_dir(
    mut store: Store,
    path: &str,
    options: &OpenOptions,
) -> Result<Image, ImageError> {
    let limits = options.limits;
    let bytes = store.document("manifest.json", limits.max_json_bytes)?;
    let manifest = parse_manifest(&bytes, "manifest.json")?;
    let config_desc = manifest.config.clone().ok_or_else(|| {
        ImageError::json("manifest.json", "no config (is this a skopeo dir: image?)")
    })?;
    let config_digest = Digest::parse(&config_desc.digest)?;
    let config = read_config(&store, config_digest.hex(), Some(&config_digest), &limits)?;
    let mut names = Vec::new();
    for d in manifest.layers.as_deref().unwrap_or_default() {
        let digest = Digest::parse(&d.digest)?;
        names.push((
            digest.hex().to_owned(),
            Some(digest),
            d.media_type.clone().unwrap_or_default(),
        ));
    }
    let layers = read_layers(&mut store, &names)?;
    finish(
        Image {
            format: Format::ManifestDir,
            path: path.to_owned(),
            reference: None,
            annotations: manifest.annotations.unwrap_or_default(),
            config,
            config_digest: Some(config_digest.to_string()),
            layers,
            filesystem: None,
            warnings: Vec::new(),
        },
        options,
    )
}

/// `docker inspect` / `podman image inspect` output (one element).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
struct Inspect {
    id: Option<String>,
    repo_tags: Option<Vec<String>>,
    created: Option<String>,
    architecture: Option<String>,
    os: Option<String>,
    variant: Option<String>,
    config: Option<RawRunConfig>,
    history: Option<Vec<RawHistory>>,
    #[serde(rename = "RootFS")]
    root_fs: Option<InspectRootFs>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
struct InspectRootFs {
    layers: Option<Vec<String>>,
}

fn from_json(path: &Path, shown: &str, options: &OpenOptions) -> Result<Image, ImageError> {
    let store = Store::dir(
        path.parent().unwrap_or(Path::new(".")),
        options.limits,
        false,
    );
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = store.document(&name, options.limits.max_json_bytes)?;
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| ImageError::json(shown, e))?;
    let (format, config, reference) = match &value {
        serde_json::Value::Array(items) => {
            let first = items
                .first()
                .ok_or_else(|| ImageError::json(shown, "an empty inspect array"))?;
            let looks_inspect = first.get("Id").is_some() || first.get("RootFS").is_some();
            if !looks_inspect {
                return Err(ImageError::UnknownFormat {
                    path: shown.to_owned(),
                });
            }
            let inspect: Inspect =
                serde_json::from_value(first.clone()).map_err(|e| ImageError::json(shown, e))?;
            let mut c = ImageConfig {
                created: inspect.created,
                architecture: inspect.architecture.unwrap_or_default(),
                os: inspect.os.unwrap_or_default(),
                variant: inspect.variant,
                history: inspect
                    .history
                    .unwrap_or_default()
                    .into_iter()
                    .map(RawHistory::into_history)
                    .collect(),
                diff_ids: inspect.root_fs.and_then(|r| r.layers).unwrap_or_default(),
                raw: String::from_utf8_lossy(&bytes).into_owned(),
                ..ImageConfig::default()
            };
            if let Some(run) = inspect.config {
                run.apply(&mut c);
            }
            let reference = inspect
                .repo_tags
                .and_then(|t| t.into_iter().next())
                .or(inspect.id);
            (Format::InspectJson, c, reference)
        }
        serde_json::Value::Object(map)
            if map.contains_key("rootfs")
                || map.contains_key("architecture")
                || map.contains_key("config") =>
        {
            (Format::ConfigJson, parse_config(&bytes, shown)?, None)
        }
        _ => {
            return Err(ImageError::UnknownFormat {
                path: shown.to_owned(),
            });
        }
    };
    let warnings = config.nonconformance.iter().cloned().collect();
    Ok(Image {
        format,
        path: shown.to_owned(),
        reference,
        annotations: BTreeMap::new(),
        config,
        config_digest: None,
        layers: Vec::new(),
        filesystem: None,
        warnings,
    })
}
