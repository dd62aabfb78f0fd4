//! HG208: the image does not say where it comes from.

use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};

/// See [`META`].
pub(crate) struct MissingProvenance;

/// The OCI annotations that tie an image to its source and its base.
const PROVENANCE: &[(&str, &str)] = &[
    ("org.opencontainers.image.source", "source repository"),
    ("org.opencontainers.image.revision", "source revision"),
    ("org.opencontainers.image.created", "build time"),
    ("org.opencontainers.image.base.name", "base image name"),
    ("org.opencontainers.image.base.digest", "base image digest"),
];

static META: RuleMeta = RuleMeta {
    code: "HG208",
    name: "image-without-provenance",
    severity: Severity::Info,
    category: Category::SupplyChain,
    sources: &[],
    default_enabled: true,
    help: "Record where the image comes from: `LABEL org.opencontainers.image.source=… org.opencontainers.image.revision=…` (or `docker buildx build --annotation`/`--label` from CI variables); BuildKit adds `org.opencontainers.image.base.name`/`.base.digest` to the manifest with `--annotation` or the `docker/metadata-action`, and `org.opencontainers.image.created` is the build time.",
    docs: RuleDocs {
        what: "Flags an image that lacks any of the OCI provenance annotations `org.opencontainers.image.source`, `.revision`, `.created`, `.base.name` and `.base.digest`, looked for in both the config labels and the manifest annotations. One finding lists everything missing. Empty values count as missing.",
        why: "Docker's guide asks for images built from trusted, traceable sources and rebuilt when their base changes. Without the source and revision nobody can tell which code an image runs or rebuild it; without the base image's name and digest, tools cannot tell that the base has a security update, so the image is never rebuilt on it.",
        bad: "image config: {\"config\": {\"Labels\": {\"maintainer\": \"team@example.com\"}}}",
        good: "image config with org.opencontainers.image.source, .revision, .created, .base.name and .base.digest in its labels or manifest annotations",
    },
};

impl ImageRule for MissingProvenance {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let has = |key: &str| {
            let set = |v: Option<&String>| v.is_some_and(|v| !v.trim().is_empty());
            set(cx.image.config.labels.get(key)) || set(cx.image.annotations.get(key))
        };
        let missing: Vec<String> = PROVENANCE
            .iter()
            .filter(|(key, _)| !has(key))
            .map(|(key, what)| format!("`{key}` ({what})"))
            .collect();
        if missing.is_empty() {
            return;
        }
        out.push(ImageFinding::new(
            "config.Labels",
            format!(
                "the image's labels and annotations lack {}",
                missing.join(", ")
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{findings, image, locations};

    const ALL: &str = r#"{"config": {"Labels": {
        "org.opencontainers.image.source": "https://github.com/o/r",
        "org.opencontainers.image.revision": "3f2a1c0",
        "org.opencontainers.image.created": "2026-11-20T10:00:00Z",
        "org.opencontainers.image.base.name": "docker.io/library/debian:12",
        "org.opencontainers.image.base.digest": "sha256:abc"}}}"#;

    #[test]
    fn fires_listing_everything_missing() {
        let f = findings(&MissingProvenance, &image("{}", vec![]));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].location, "config.Labels");
        for (key, _) in PROVENANCE {
            assert!(f[0].message.contains(key), "{}", f[0].message);
        }
        let some = image(
            r#"{"config": {"Labels": {"org.opencontainers.image.source": "https://github.com/o/r",
                "org.opencontainers.image.revision": ""}}}"#,
            vec![],
        );
        let f = findings(&MissingProvenance, &some);
        assert!(!f[0].message.contains(".source`"), "{}", f[0].message);
        assert!(f[0].message.contains(".revision`"), "{}", f[0].message);
    }

    #[test]
    fn quiet_when_labels_or_annotations_say_it_all() {
        assert!(locations(&MissingProvenance, &image(ALL, vec![])).is_empty());
        // Split between labels and manifest annotations.
        let mut img = image(
            r#"{"config": {"Labels": {"org.opencontainers.image.source": "https://github.com/o/r",
                "org.opencontainers.image.revision": "3f2a1c0"}}}"#,
            vec![],
        );
        for (k, v) in [
            ("org.opencontainers.image.created", "2026-11-20T10:00:00Z"),
            (
                "org.opencontainers.image.base.name",
                "docker.io/library/debian:12",
            ),
            ("org.opencontainers.image.base.digest", "sha256:abc"),
        ] {
            img.annotations.insert(k.into(), v.into());
        }
        assert!(locations(&MissingProvenance, &img).is_empty());
    }
}
