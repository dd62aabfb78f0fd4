//! The Docker Official Images library, compiled in: which `docker.io/library`
//! names exist and which of them publish smaller `-slim` / `-alpine` variants.
//!
//! Source: `docker-library/official-images`, `library/` at commit `37079fb`
//! (2026-08-21), read 2026-11-27 (see `data/official-images.tsv`).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::image_ref::ImageRef;

/// The library snapshot, in words, for messages.
pub(crate) const LIBRARY_AS_OF: &str = "the docker-library snapshot of 2026-11-27, commit 37079fb,";

const DATA: &str = include_str!("data/official-images.tsv");

/// One official image.
#[derive(Debug, Clone)]
pub(crate) struct OfficialImage {
    /// Whether the library file still lists tags (a few images are kept
    /// with every tag commented out: deprecated).
    pub active: bool,
    /// Some tag contains `slim`.
    pub has_slim: bool,
    /// Some tag contains `alpine`.
    pub has_alpine: bool,
    /// Up to five example tags of minimal variants (`slim`, `3-alpine`…).
    pub minimal_tags: Vec<&'static str>,
}

fn table() -> &'static HashMap<&'static str, OfficialImage> {
    static TABLE: OnceLock<HashMap<&'static str, OfficialImage>> = OnceLock::new();
    TABLE.get_or_init(|| {
        DATA.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                let name = f.next()?;
                let active = f.next()? == "true";
                let has_slim = f.next()? == "true";
                let has_alpine = f.next()? == "true";
                let minimal_tags = f
                    .next()
                    .unwrap_or("")
                    .split(',')
                    .filter(|t| !t.is_empty())
                    .collect();
                Some((
                    name,
                    OfficialImage {
                        active,
                        has_slim,
                        has_alpine,
                        minimal_tags,
                    },
                ))
            })
            .collect()
    })
}

/// Docker Hub namespaces that republish the official images for one
/// architecture (`arm64v8/python` is `python` built for arm64).
const ARCH_NAMESPACES: [&str; 12] = [
    "amd64",
    "arm32v5",
    "arm32v6",
    "arm32v7",
    "arm64v8",
    "i386",
    "ppc64le",
    "s390x",
    "riscv64",
    "mips64le",
    "windows-amd64",
    "winamd64",
];

/// Registries that mirror the official images under the same names.
const MIRRORS: [(&str, &str); 2] = [
    ("public.ecr.aws", "docker/library/"),
    ("mirror.gcr.io", "library/"),
];

/// The official-library name an image reference stands for, if it is on
/// Docker Hub under `library/`, an architecture namespace, or an official
/// mirror. Whether the name is in the library is not checked.
pub(crate) fn library_name(image: &ImageRef) -> Option<&str> {
    let repo = image.repository.as_str();
    if image.is_docker_hub() {
        let (ns, name) = repo.split_once('/')?;
        if name.contains('/') {
            return None;
        }
        return (ns == "library" || ARCH_NAMESPACES.contains(&ns)).then_some(name);
    }
    MIRRORS
        .iter()
        .find(|(registry, _)| image.registry == *registry)
        .and_then(|(_, prefix)| repo.strip_prefix(prefix))
        .filter(|name| !name.contains('/'))
}

/// The official image an image reference names, if it is one.
pub(crate) fn official(image: &ImageRef) -> Option<(&str, &'static OfficialImage)> {
    let name = library_name(image)?;
    table().get(name).map(|o| (name, o))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> ImageRef {
        ImageRef::parse(s).unwrap_or_else(|e| unreachable!("{s}: {e}"))
    }

    #[test]
    fn table_is_read() {
        assert_eq!(table().len(), 144);
        let python = &table()["python"];
        assert!(python.active && python.has_slim && python.has_alpine);
        assert!(python.minimal_tags.contains(&"slim"));
        assert!(!table()["notary"].active);
    }

    #[test]
    fn names_through_namespaces_and_mirrors() {
        assert_eq!(library_name(&r("python:3.12")), Some("python"));
        assert_eq!(library_name(&r("docker.io/library/python")), Some("python"));
        assert_eq!(library_name(&r("arm64v8/python:3.12")), Some("python"));
        assert_eq!(
            library_name(&r("public.ecr.aws/docker/library/node:20")),
            Some("node")
        );
        assert_eq!(library_name(&r("bitnami/python:3.12")), None);
        assert_eq!(library_name(&r("ghcr.io/library/python")), None);
        assert!(official(&r("centos:7")).is_none());
        assert!(official(&r("alpine:3.20")).is_some());
    }
}
