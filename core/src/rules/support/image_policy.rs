//! Which external images a build pulls (`FROM`, `COPY --from=<image>`,
//! `RUN --mount=from=<image>`), and the pattern and publisher matching that
//! registry, allow/deny and trust policies share.

use crate::image_ref::ImageRef;
use crate::lint::Context;
use crate::model::{BaseKind, DependencyKind, DependencyTarget};
use crate::span::Span;

/// How a build uses an external image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ImageUse {
    /// A stage is built `FROM` it.
    From,
    /// Files are copied out of it (`COPY --from=<image>`).
    CopyFrom,
    /// It is mounted into a RUN (`RUN --mount=from=<image>`).
    MountFrom,
}

impl ImageUse {
    /// `FROM`, `COPY --from`, `RUN --mount=from`.
    pub fn as_str(self) -> &'static str {
        match self {
            ImageUse::From => "FROM",
            ImageUse::CopyFrom => "COPY --from",
            ImageUse::MountFrom => "RUN --mount from",
        }
    }

    /// How messages name an image used this way: ``base image `python:3.12` ``,
    /// ``COPY --from image `tools:1` ``.
    pub fn describe(self, image: &ImageRef) -> String {
        match self {
            ImageUse::From => format!("base image `{}`", image.familiar_string()),
            _ => format!("{} image `{}`", self.as_str(), image.familiar_string()),
        }
    }
}

/// One external image the build pulls.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PulledImage<'a> {
    /// The stage that uses it.
    pub stage: usize,
    /// How.
    pub kind: ImageUse,
    /// The reference, after variable expansion.
    pub image: &'a ImageRef,
    /// The image word, `--from` flag or `--mount` flag in the source.
    pub span: Span,
}

/// Every external image the build pulls, in file order: stage bases first
/// within each stage, then `COPY --from` and `RUN --mount` images. Bases whose
/// variables are unresolved are skipped; `scratch` and stages are not images.
pub(crate) fn pulled_images<'a>(cx: &'a Context<'_>) -> Vec<PulledImage<'a>> {
    let mut out = Vec::new();
    for s in &cx.model.stages {
        if let BaseKind::Image(r) = &s.base.kind
            && s.base.unresolved.is_empty()
            && !r.is_scratch()
        {
            out.push(PulledImage {
                stage: s.index,
                kind: ImageUse::From,
                image: r,
                span: s.base.span,
            });
        }
        for d in &s.dependencies {
            let DependencyTarget::Image(r) = &d.target else {
                continue;
            };
            if r.is_scratch() {
                continue;
            }
            let kind = match d.kind {
                DependencyKind::Base => ImageUse::From,
                DependencyKind::CopyFrom => ImageUse::CopyFrom,
                DependencyKind::MountFrom => ImageUse::MountFrom,
            };
            out.push(PulledImage {
                stage: s.index,
                kind,
                image: r,
                span: d.span,
            });
        }
    }
    out
}

/// hadolint's `trustedRegistries` pattern semantics, case-insensitive:
/// `*` matches anything, `*suffix` a suffix, `prefix*` a prefix, anything
/// else only itself.
pub(crate) fn wildcard_match(pattern: &str, value: &str) -> bool {
    let p = pattern.trim().to_ascii_lowercase();
    let v = value.to_ascii_lowercase();
    if p == "*" {
        return true;
    }
    if let Some(suffix) = p.strip_prefix('*') {
        return v.ends_with(suffix);
    }
    if let Some(prefix) = p.strip_suffix('*') {
        return v.starts_with(prefix);
    }
    p == v
}

/// The forms an image is matched against by allow/deny lists: familiar
/// name, familiar name with tag (`latest` when none is written) and/or
/// digest, and the same with the full `registry/repository` name.
pub(crate) fn image_forms(image: &ImageRef) -> Vec<String> {
    let mut forms = Vec::new();
    for name in [image.familiar_name(), image.name()] {
        if let Some(tag) = image.effective_tag() {
            forms.push(format!("{name}:{tag}"));
        }
        if let Some(digest) = &image.digest {
            forms.push(format!("{name}@{digest}"));
            if let Some(tag) = &image.tag {
                forms.push(format!("{name}:{tag}@{digest}"));
            }
        }
        forms.push(name);
    }
    forms.dedup();
    forms
}

/// Whether a pattern of an allow/deny list matches the image.
pub(crate) fn image_matches(pattern: &str, image: &ImageRef) -> bool {
    image_forms(image)
        .iter()
        .any(|f| wildcard_match(pattern, f))
}

/// Publishers trusted without configuration, besides the Docker Official
/// Images: vendors' own registries and namespaces for their base images.
pub(crate) const BUILTIN_TRUSTED_PUBLISHERS: [&str; 16] = [
    // Docker, Inc. (docker/dockerfile, docker/buildx-bin…)
    "docker.io/docker",
    // Microsoft (dotnet, windows, mariner/azurelinux, devcontainers…)
    "mcr.microsoft.com",
    // Google's distroless images
    "gcr.io/distroless",
    // Red Hat (UBI)
    "registry.access.redhat.com",
    "registry.redhat.io",
    "docker.io/redhat",
    // AWS: the Docker Official Images mirror, Amazon Linux, Lambda bases
    "public.ecr.aws/docker/library",
    "public.ecr.aws/amazonlinux",
    "public.ecr.aws/lambda",
    // Chainguard
    "cgr.dev/chainguard",
    // The CentOS and Fedora projects
    "quay.io/centos",
    "quay.io/fedora",
    // SUSE (BCI), Oracle, NVIDIA
    "registry.suse.com",
    "container-registry.oracle.com",
    "nvcr.io/nvidia",
    "docker.io/nvidia",
];

/// Whether `image` comes from `publisher`: a Docker Hub namespace
/// (`bitnami`), a registry (`mcr.microsoft.com`), a registry path prefix
/// (`gcr.io/distroless`), or a pattern with `*` matched against the full
/// name and the registry.
pub(crate) fn from_publisher(publisher: &str, image: &ImageRef) -> bool {
    let p = publisher.trim().trim_end_matches('/').to_ascii_lowercase();
    if p.is_empty() {
        return false;
    }
    let name = image.name();
    if p.contains('*') {
        return wildcard_match(&p, &name) || wildcard_match(&p, &image.registry);
    }
    let first = p.split('/').next().unwrap_or("");
    let is_host = first.contains(['.', ':']) || first == "localhost";
    let full = if is_host { p } else { format!("docker.io/{p}") };
    name == full || name.starts_with(&format!("{full}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> ImageRef {
        ImageRef::parse(s).unwrap()
    }

    #[test]
    fn wildcards_follow_hadolint() {
        assert!(wildcard_match("*", "anything"));
        assert!(wildcard_match("*.example.com", "registry.example.com"));
        assert!(!wildcard_match("*.example.com", "example.com"));
        assert!(wildcard_match("docker.*", "docker.io"));
        assert!(wildcard_match("Docker.IO", "docker.io"));
        assert!(!wildcard_match("docker.io", "docker.iox"));
    }

    #[test]
    fn image_forms_cover_names_tags_and_digests() {
        let forms = image_forms(&r("python"));
        assert!(forms.contains(&"python".to_owned()));
        assert!(forms.contains(&"python:latest".to_owned()));
        assert!(forms.contains(&"docker.io/library/python:latest".to_owned()));
        assert!(image_matches("python:3.12*", &r("python:3.12-slim")));
        assert!(image_matches("*:latest", &r("node")));
        assert!(!image_matches("*:latest", &r("node:20")));
        assert!(image_matches("ghcr.io/org/*", &r("ghcr.io/org/app:1")));
    }

    #[test]
    fn publishers_are_namespaces_registries_or_prefixes() {
        assert!(from_publisher("bitnami", &r("bitnami/redis:7")));
        assert!(!from_publisher("bitnami", &r("bitnamilegacy/redis:7")));
        assert!(from_publisher(
            "mcr.microsoft.com",
            &r("mcr.microsoft.com/dotnet/sdk:8.0")
        ));
        assert!(from_publisher(
            "gcr.io/distroless",
            &r("gcr.io/distroless/static:nonroot")
        ));
        assert!(!from_publisher(
            "gcr.io/distroless",
            &r("gcr.io/other/static")
        ));
        assert!(from_publisher("*.azurecr.io", &r("myco.azurecr.io/base:1")));
        assert!(from_publisher(
            "docker.io/docker",
            &r("docker/dockerfile:1")
        ));
    }
}
