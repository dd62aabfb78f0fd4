//! Test helpers: images built as models (config, layers, files) without any
//! tar, for the rules' own firing and non-firing tests. The integration
//! tests in `core/tests/image_*.rs` build real archives.

use std::collections::BTreeMap;

use crate::image::capture::capture_reason;
use crate::image::layer::Captured;
use crate::image::tar::EntryKind;
use crate::image::{FileEntry, FileSystem, Format, Image, ImageConfig, LayerRecord};
use crate::lint::RuleSettings;

use super::{ImageContext, ImageFinding, ImageRule};

/// A fixed "now": 2026-11-27T00:00:00Z.
pub(crate) const NOW: i64 = 1_795_737_600;

/// A layer under construction.
#[derive(Default)]
pub(crate) struct LayerSpec {
    record: LayerRecord,
}

impl LayerSpec {
    fn push(
        mut self,
        path: &str,
        kind: EntryKind,
        mode: u32,
        content: &[u8],
        link: Option<&str>,
    ) -> Self {
        let path = path.trim_start_matches('/').to_owned();
        if kind == EntryKind::File {
            let reason = capture_reason(&path).or_else(|| {
                crate::image::capture::has_private_key_marker(content)
                    .then_some(crate::image::capture::CaptureReason::SecretCandidate)
            });
            if let Some(reason) = reason {
                self.record.captured.insert(
                    path.clone(),
                    Captured {
                        reason,
                        content: content.to_vec(),
                    },
                );
            }
        }
        self.record.entries.push(FileEntry {
            path,
            kind,
            mode,
            uid: 0,
            gid: 0,
            size: content.len() as u64,
            link: link.map(str::to_owned),
        });
        self
    }

    /// A regular file of `size` bytes whose content is not kept (too large
    /// to matter, or not one the checks read).
    pub(crate) fn sized(mut self, path: &str, mode: u32, size: u64) -> Self {
        self.record.entries.push(FileEntry {
            path: path.trim_start_matches('/').to_owned(),
            kind: EntryKind::File,
            mode,
            uid: 0,
            gid: 0,
            size,
            link: None,
        });
        self
    }

    /// Give the last entry an owner.
    pub(crate) fn owner(mut self, uid: u64, gid: u64) -> Self {
        if let Some(e) = self.record.entries.last_mut() {
            e.uid = uid;
            e.gid = gid;
        }
        self
    }

    /// A hard link to `target`.
    pub(crate) fn hardlink(self, path: &str, mode: u32, target: &str) -> Self {
        self.push(path, EntryKind::Hardlink, mode, b"", Some(target))
    }

    /// The layer's media type as a manifest would give it.
    pub(crate) fn media_type(mut self, media_type: &str) -> Self {
        self.record.media_type = media_type.to_owned();
        self
    }

    /// A regular file.
    pub(crate) fn file(self, path: &str, mode: u32, content: &[u8]) -> Self {
        self.push(path, EntryKind::File, mode, content, None)
    }

    /// A directory.
    pub(crate) fn dir(self, path: &str, mode: u32) -> Self {
        self.push(path, EntryKind::Dir, mode, b"", None)
    }

    /// A symlink.
    pub(crate) fn symlink(self, path: &str, target: &str) -> Self {
        self.push(path, EntryKind::Symlink, 0o777, b"", Some(target))
    }

    /// A whiteout of `path`.
    pub(crate) fn whiteout(mut self, path: &str) -> Self {
        self.record
            .whiteouts
            .push(path.trim_start_matches('/').to_owned());
        self
    }
}

/// An image model from a config JSON (`{"config": {...}, "history": [...]}`)
/// and layers.
pub(crate) fn image(config_json: &str, layers: Vec<LayerSpec>) -> Image {
    let config: ImageConfig =
        match crate::image::config::parse_config(config_json.as_bytes(), "config") {
            Ok(c) => c,
            Err(e) => panic!("bad test config: {e}"),
        };
    let layers: Vec<LayerRecord> = layers
        .into_iter()
        .enumerate()
        .map(|(i, l)| LayerRecord {
            index: i,
            ..l.record
        })
        .collect();
    let filesystem = Some(FileSystem::build(&layers));
    Image {
        format: Format::OciLayout,
        path: "test-image".into(),
        reference: None,
        annotations: BTreeMap::new(),
        config,
        config_digest: None,
        layers,
        filesystem,
        warnings: Vec::new(),
    }
}

/// A new layer.
pub(crate) fn layer() -> LayerSpec {
    LayerSpec::default()
}

/// Run one rule with default settings.
pub(crate) fn findings(rule: &dyn ImageRule, image: &Image) -> Vec<ImageFinding> {
    findings_with(rule, image, &RuleSettings::default())
}

/// Run one rule with settings.
pub(crate) fn findings_with(
    rule: &dyn ImageRule,
    image: &Image,
    settings: &RuleSettings,
) -> Vec<ImageFinding> {
    let cx = ImageContext {
        image,
        settings,
        now: NOW,
    };
    let mut out = Vec::new();
    rule.check(&cx, &mut out);
    out
}

/// The locations a rule reports.
pub(crate) fn locations(rule: &dyn ImageRule, image: &Image) -> Vec<String> {
    findings(rule, image)
        .into_iter()
        .map(|f| f.location)
        .collect()
}

#[test]
fn built_layers_stack_like_real_ones() {
    let img = image(
        "{}",
        vec![
            layer()
                .dir("etc", 0o755)
                .file("etc/shadow", 0o640, b"root:*:1::::::\n")
                .symlink("etc/alias", "shadow"),
            layer().whiteout("etc/shadow"),
        ],
    );
    let fs = img.filesystem.as_ref().map_or(0, |fs| fs.len());
    assert_eq!(fs, 2);
    assert!(img.layers[0].captured.contains_key("etc/shadow"));
}
