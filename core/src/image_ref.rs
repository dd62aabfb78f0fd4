//! Container image references (`python:3.12-slim`,
//! `ghcr.io/org/app@sha256:...`), parsed and normalised the way Docker and
//! BuildKit do it.
//!
//! Rules about base images ("pin by digest", "avoid `latest`", "prefer
//! official images") must see a reference as the builder will: which
//! registry it comes from, whether an implicit `latest` applies, whether a
//! first path component is a registry host. This module follows the grammar
//! and normalisation of the `distribution/reference` Go package that both use
//! (`ParseNormalizedNamed`), and the digest checks of `go-digest`.
//!
//! ```text
//! reference  := name [ ":" tag ] [ "@" digest ]
//! name       := [ domain "/" ] path-component ( "/" path-component )*
//! domain     := host [ ":" port ]           host: DNS-like name or [IPv6]
//! component  := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
//! tag        := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
//! digest     := algorithm ":" hex           e.g. sha256 + 64 lowercase hex
//! ```

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// The registry Docker assumes when a reference names none.
pub const DOCKER_HUB: &str = "docker.io";

/// The historical Docker Hub host, normalised to [`DOCKER_HUB`].
pub const LEGACY_DOCKER_HUB: &str = "index.docker.io";

/// The Docker Hub namespace of official images.
pub const OFFICIAL_NAMESPACE: &str = "library";

/// Longest repository path (without registry) Docker accepts, in bytes.
pub const MAX_REPOSITORY_LENGTH: usize = 255;

/// Longest tag Docker accepts, in bytes.
pub const MAX_TAG_LENGTH: usize = 128;

/// The base "image" that means "start from nothing".
const SCRATCH: &str = "scratch";

/// A parsed, normalised image reference.
///
/// `FROM scratch` is represented too, since it appears where image
/// references do; it has no registry and `repository` is `"scratch"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ImageRef {
    /// Registry host, with port if any: `docker.io`, `ghcr.io`,
    /// `localhost:5000`, `[::1]:5000`. Empty only for `scratch`.
    pub registry: String,
    /// Repository path inside the registry: `library/python`, `org/app`.
    pub repository: String,
    /// Tag as written, without the colon.
    pub tag: Option<String>,
    /// Digest as written, `algorithm:hex`.
    pub digest: Option<String>,
    /// Whether this is the special `scratch` base.
    scratch: bool,
}

/// Why a string is not a usable image reference. Messages follow Docker's
/// where Docker has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub enum ImageRefError {
    /// The empty string.
    #[error("repository name must have at least one component")]
    Empty,
    /// A bare 64-character hex string, which Docker reserves for image IDs.
    #[error("invalid repository name ({reference}), cannot specify 64-byte hexadecimal strings")]
    HexIdentifier {
        /// The input.
        reference: String,
    },
    /// The repository path contains uppercase letters.
    #[error("invalid reference format: repository name ({name}) must be lowercase")]
    UppercaseRepository {
        /// The offending part, after Docker Hub normalisation.
        name: String,
    },
    /// The repository path (or the text around it) breaks the grammar.
    #[error("invalid reference format: {reason}")]
    InvalidFormat {
        /// What is wrong.
        reason: String,
    },
    /// The registry part is not a host name, IPv6 literal, or `host:port`.
    #[error("invalid reference format: invalid registry ({registry})")]
    InvalidRegistry {
        /// The registry part as written.
        registry: String,
    },
    /// The tag is empty, too long, or has characters tags cannot hold.
    #[error("invalid reference format: invalid tag ({tag})")]
    InvalidTag {
        /// The tag as written.
        tag: String,
    },
    /// The repository path is longer than [`MAX_REPOSITORY_LENGTH`].
    #[error("repository name must not be more than 255 characters (got {length})")]
    NameTooLong {
        /// Its length in bytes.
        length: usize,
    },
    /// The digest is not `algorithm:hex`, or its hex is not lowercase.
    #[error("invalid digest format ({digest})")]
    InvalidDigest {
        /// The digest as written.
        digest: String,
    },
    /// A known algorithm with the wrong number of hex digits.
    #[error("invalid checksum digest length ({digest}): {algorithm} needs {expected} hex digits")]
    InvalidDigestLength {
        /// The digest as written.
        digest: String,
        /// Its algorithm.
        algorithm: String,
        /// How many hex digits that algorithm has.
        expected: usize,
    },
    /// A well-formed digest with an algorithm Docker does not implement.
    #[error("unsupported digest algorithm ({algorithm})")]
    UnsupportedDigestAlgorithm {
        /// The algorithm as written.
        algorithm: String,
    },
}

impl ImageRef {
    /// Parses and normalises a reference as Docker's `ParseNormalizedNamed`
    /// does: no registry means Docker Hub, `index.docker.io` becomes
    /// `docker.io`, and a one-component Docker Hub path gains `library/`.
    ///
    /// A first path component is a registry when it is `localhost`, contains
    /// `.` or `:` (including bracketed IPv6), or contains uppercase letters
    /// (Docker Hub namespaces cannot, so `MyRegistry/app` names a host).
    /// The exact string `scratch` parses as the empty base image.
    ///
    /// # Errors
    ///
    /// Any [`ImageRefError`]: empty input, a bare image ID, uppercase in the
    /// repository path, a malformed registry, path, tag or digest, or a path
    /// longer than [`MAX_REPOSITORY_LENGTH`].
    pub fn parse(s: &str) -> Result<ImageRef, ImageRefError> {
        if s.is_empty() {
            return Err(ImageRefError::Empty);
        }
        if s == SCRATCH {
            return Ok(ImageRef {
                registry: String::new(),
                repository: SCRATCH.to_owned(),
                tag: None,
                digest: None,
                scratch: true,
            });
        }
        if s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(ImageRefError::HexIdentifier {
                reference: s.to_owned(),
            });
        }

        let (registry, remainder) = split_registry(s);
        // Docker checks the path before the first colon for case up front.
        let remote = remainder.split(':').next().unwrap_or_default();
        if remote.to_lowercase() != remote {
            return Err(ImageRefError::UppercaseRepository {
                name: remote.to_owned(),
            });
        }

        let (rest, digest) = match remainder.split_once('@') {
            Some((rest, digest)) => (rest, Some(digest)),
            None => (remainder.as_str(), None),
        };
        if let Some(digest) = digest {
            check_digest_syntax(digest)?;
        }
        // A colon after the last slash can only start a tag.
        let (path, tag) = match rest.rfind(':') {
            Some(at) if !rest[at..].contains('/') => (&rest[..at], Some(&rest[at + 1..])),
            _ => (rest, None),
        };
        if let Some(tag) = tag
            && !is_tag(tag)
        {
            return Err(ImageRefError::InvalidTag {
                tag: tag.to_owned(),
            });
        }
        if !is_registry(registry) {
            return Err(ImageRefError::InvalidRegistry {
                registry: registry.to_owned(),
            });
        }
        if !path.split('/').all(is_path_component) {
            return Err(ImageRefError::InvalidFormat {
                reason: format!("invalid repository path ({path})"),
            });
        }
        if path.len() > MAX_REPOSITORY_LENGTH {
            return Err(ImageRefError::NameTooLong { length: path.len() });
        }
        if let Some(digest) = digest {
            check_digest_algorithm(digest)?;
        }
        Ok(ImageRef {
            registry: registry.to_owned(),
            repository: path.to_owned(),
            tag: tag.map(str::to_owned),
            digest: digest.map(str::to_owned),
            scratch: false,
        })
    }

    /// Whether this is `FROM scratch`: no image at all. Only the exact,
    /// lowercase, untagged word counts, as in BuildKit.
    pub fn is_scratch(&self) -> bool {
        self.scratch
    }

    /// Whether the image comes from Docker Hub.
    pub fn is_docker_hub(&self) -> bool {
        !self.scratch && self.registry == DOCKER_HUB
    }

    /// Whether this is a Docker Official Image (`docker.io/library/<name>`).
    pub fn is_official(&self) -> bool {
        self.official_name().is_some()
    }

    /// The short name Docker shows: `python`, `bitnami/redis`,
    /// `ghcr.io/org/app`. No tag or digest.
    pub fn familiar_name(&self) -> String {
        if self.scratch {
            return SCRATCH.to_owned();
        }
        if let Some(name) = self.official_name() {
            return name.to_owned();
        }
        if self.is_docker_hub() {
            return self.repository.clone();
        }
        self.name()
    }

    /// The full name without tag or digest: `docker.io/library/python`.
    pub fn name(&self) -> String {
        if self.scratch {
            return SCRATCH.to_owned();
        }
        format!("{}/{}", self.registry, self.repository)
    }

    /// The short form with tag and digest: `python:3.12-slim`.
    pub fn familiar_string(&self) -> String {
        let mut out = self.familiar_name();
        self.push_suffix(&mut out);
        out
    }

    /// The tag the builder will resolve: the written tag, else `latest`;
    /// `None` when only a digest is given (the digest alone selects the
    /// image, so no tag applies) and for `scratch`.
    pub fn effective_tag(&self) -> Option<&str> {
        if self.scratch {
            return None;
        }
        match (&self.tag, &self.digest) {
            (Some(tag), _) => Some(tag),
            (None, Some(_)) => None,
            (None, None) => Some("latest"),
        }
    }

    /// Whether the image floats on `latest`: no digest, and the tag is
    /// `latest` or missing. False for `scratch`.
    pub fn is_tag_latest_or_missing(&self) -> bool {
        !self.scratch && self.digest.is_none() && self.tag.as_deref().is_none_or(|t| t == "latest")
    }

    /// Whether neither tag nor digest was written (an implicit `latest`).
    pub fn is_untagged(&self) -> bool {
        !self.scratch && self.tag.is_none() && self.digest.is_none()
    }

    /// Whether a digest pins the exact image content.
    pub fn is_pinned(&self) -> bool {
        self.digest.is_some()
    }

    /// The name under `library/` for official images.
    fn official_name(&self) -> Option<&str> {
        if !self.is_docker_hub() {
            return None;
        }
        let name = self
            .repository
            .strip_prefix(OFFICIAL_NAMESPACE)?
            .strip_prefix('/')?;
        (!name.contains('/')).then_some(name)
    }

    fn push_suffix(&self, out: &mut String) {
        if let Some(tag) = &self.tag {
            out.push(':');
            out.push_str(tag);
        }
        if let Some(digest) = &self.digest {
            out.push('@');
            out.push_str(digest);
        }
    }
}

impl fmt::Display for ImageRef {
    /// The fully normalised reference, e.g.
    /// `docker.io/library/python:3.12-slim`; `scratch` stays `scratch`.
    /// No implicit `:latest` is added.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = self.name();
        self.push_suffix(&mut out);
        f.write_str(&out)
    }
}

impl FromStr for ImageRef {
    type Err = ImageRefError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ImageRef::parse(s)
    }
}

/// Splits off the registry as Docker's `splitDockerDomain` does and applies
/// the Docker Hub normalisations. The remainder keeps any tag and digest.
fn split_registry(s: &str) -> (&str, String) {
    let Some((first, rest)) = s.split_once('/') else {
        return (DOCKER_HUB, format!("{OFFICIAL_NAMESPACE}/{s}"));
    };
    let (registry, remainder) = if first == "localhost" {
        (first, rest)
    } else if first == LEGACY_DOCKER_HUB {
        (DOCKER_HUB, rest)
    } else if first.contains(['.', ':']) || first.to_lowercase() != first {
        (first, rest)
    } else {
        (DOCKER_HUB, s)
    };
    if registry == DOCKER_HUB && !remainder.contains('/') {
        return (registry, format!("{OFFICIAL_NAMESPACE}/{remainder}"));
    }
    (registry, remainder.to_owned())
}

/// `[a-z0-9]+` runs joined by `.`, `_`, `__` or a run of `-`.
fn is_path_component(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    loop {
        let run = bytes
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            .count();
        if run == 0 {
            return false;
        }
        i += run;
        match bytes.get(i) {
            None => return true,
            Some(b'.') => i += 1,
            Some(b'_') => {
                i += if bytes.get(i + 1) == Some(&b'_') {
                    2
                } else {
                    1
                }
            }
            Some(b'-') => {
                i += bytes
                    .get(i..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|b| **b == b'-')
                    .count();
            }
            Some(_) => return false,
        }
    }
}

/// `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
fn is_tag(s: &str) -> bool {
    let bytes = s.as_bytes();
    let Some((first, rest)) = bytes.split_first() else {
        return false;
    };
    bytes.len() <= MAX_TAG_LENGTH
        && (first.is_ascii_alphanumeric() || *first == b'_')
        && rest
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// A host (DNS-like name or bracketed IPv6) with an optional numeric port.
fn is_registry(s: &str) -> bool {
    let (host_ok, port) = if let Some(inner) = s.strip_prefix('[') {
        match inner.split_once(']') {
            Some((addr, after)) => (
                !addr.is_empty() && addr.bytes().all(|b| b.is_ascii_hexdigit() || b == b':'),
                after,
            ),
            None => return false,
        }
    } else {
        let end = s.find(':').unwrap_or(s.len());
        (s[..end].split('.').all(is_domain_label), &s[end..])
    };
    host_ok
        && (port.is_empty()
            || port
                .strip_prefix(':')
                .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
}

/// One dot-separated host label: alphanumerics, with inner hyphens.
fn is_domain_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        _ => false,
    }
}

/// The reference grammar's digest shape: an algorithm of letter-led
/// alphanumeric parts joined by `-_+.`, a colon, and at least 32 hex digits.
fn check_digest_syntax(digest: &str) -> Result<(), ImageRefError> {
    let invalid = || ImageRefError::InvalidDigest {
        digest: digest.to_owned(),
    };
    let (algorithm, hex) = digest.split_once(':').ok_or_else(invalid)?;
    let algorithm_ok = algorithm.split(['-', '_', '+', '.']).all(|part| {
        let mut bytes = part.bytes();
        bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
            && bytes.all(|b| b.is_ascii_alphanumeric())
    });
    if algorithm_ok && hex.len() >= 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(invalid())
    }
}

/// `go-digest`'s checks on a digest already of the right shape: known
/// algorithms need exactly their length in lowercase hex.
fn check_digest_algorithm(digest: &str) -> Result<(), ImageRefError> {
    let (algorithm, hex) = digest.split_once(':').unwrap_or((digest, ""));
    let expected = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => {
            // go-digest only calls an algorithm unsupported when it is at
            // least written in its (lowercase) algorithm syntax.
            let lowercase = algorithm.bytes().all(|b| {
                b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || matches!(b, b'-' | b'_' | b'+' | b'.')
            });
            return Err(if lowercase {
                ImageRefError::UnsupportedDigestAlgorithm {
                    algorithm: algorithm.to_owned(),
                }
            } else {
                ImageRefError::InvalidDigest {
                    digest: digest.to_owned(),
                }
            });
        }
    };
    if hex.len() != expected {
        return Err(ImageRefError::InvalidDigestLength {
            digest: digest.to_owned(),
            algorithm: algorithm.to_owned(),
            expected,
        });
    }
    if !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Err(ImageRefError::InvalidDigest {
            digest: digest.to_owned(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX64: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn sha256() -> String {
        format!("sha256:{HEX64}")
    }

    fn parse(s: &str) -> ImageRef {
        ImageRef::parse(s).unwrap()
    }

    fn fail(s: &str) -> ImageRefError {
        ImageRef::parse(s).unwrap_err()
    }

    // --- real-world references ------------------------------------------------

    #[test]
    fn official_image_with_tag() {
        let r = parse("python:3.12-slim");
        assert_eq!(r.registry, "docker.io");
        assert_eq!(r.repository, "library/python");
        assert_eq!(r.tag.as_deref(), Some("3.12-slim"));
        assert_eq!(r.digest, None);
        assert!(r.is_docker_hub() && r.is_official() && !r.is_scratch());
        assert_eq!(r.familiar_name(), "python");
        assert_eq!(r.name(), "docker.io/library/python");
        assert_eq!(r.to_string(), "docker.io/library/python:3.12-slim");
        assert_eq!(r.familiar_string(), "python:3.12-slim");
    }

    #[test]
    fn fully_qualified_with_tag_and_digest() {
        let s = format!("docker.io/library/alpine:3.19@{}", sha256());
        let r = parse(&s);
        assert_eq!(r.registry, "docker.io");
        assert_eq!(r.repository, "library/alpine");
        assert_eq!(r.tag.as_deref(), Some("3.19"));
        assert_eq!(r.digest, Some(sha256()));
        assert_eq!(r.to_string(), s);
        assert_eq!(r.familiar_string(), format!("alpine:3.19@{}", sha256()));
        assert!(r.is_pinned() && !r.is_tag_latest_or_missing());
    }

    #[test]
    fn ghcr_image() {
        let r = parse("ghcr.io/org/img:v1");
        assert_eq!(r.registry, "ghcr.io");
        assert_eq!(r.repository, "org/img");
        assert_eq!(r.tag.as_deref(), Some("v1"));
        assert!(!r.is_docker_hub() && !r.is_official());
        assert_eq!(r.familiar_name(), "ghcr.io/org/img");
        assert_eq!(r.to_string(), "ghcr.io/org/img:v1");
    }

    #[test]
    fn localhost_registry_with_port() {
        let r = parse("localhost:5000/foo/bar");
        assert_eq!(r.registry, "localhost:5000");
        assert_eq!(r.repository, "foo/bar");
        assert_eq!(r.tag, None);
        assert_eq!(r.familiar_name(), "localhost:5000/foo/bar");
        let r = parse("localhost/foo");
        assert_eq!(r.registry, "localhost");
        assert_eq!(r.repository, "foo");
    }

    #[test]
    fn bare_localhost_is_a_hub_name_with_a_tag() {
        let r = parse("localhost:5000");
        assert_eq!(r.registry, "docker.io");
        assert_eq!(r.repository, "library/localhost");
        assert_eq!(r.tag.as_deref(), Some("5000"));
    }

    #[test]
    fn microsoft_registry() {
        let r = parse("mcr.microsoft.com/dotnet/sdk:8.0");
        assert_eq!(r.registry, "mcr.microsoft.com");
        assert_eq!(r.repository, "dotnet/sdk");
        assert_eq!(r.tag.as_deref(), Some("8.0"));
    }

    #[test]
    fn registry_with_port_and_no_dot() {
        let r = parse("registry:5000/a");
        assert_eq!(r.registry, "registry:5000");
        assert_eq!(r.repository, "a");
        assert!(!r.is_docker_hub());
    }

    #[test]
    fn ipv6_registry() {
        let r = parse("[::1]:5000/x");
        assert_eq!(r.registry, "[::1]:5000");
        assert_eq!(r.repository, "x");
        let r = parse("[2001:db8::1]/team/app:1");
        assert_eq!(r.registry, "[2001:db8::1]");
        assert_eq!(r.repository, "team/app");
        assert_eq!(r.tag.as_deref(), Some("1"));
    }

    #[test]
    fn temurin_with_tag_and_digest() {
        let s = format!("eclipse-temurin:24.0.2_12-jdk-noble@{}", sha256());
        let r = parse(&s);
        assert_eq!(r.repository, "library/eclipse-temurin");
        assert_eq!(r.tag.as_deref(), Some("24.0.2_12-jdk-noble"));
        assert_eq!(r.digest, Some(sha256()));
        assert_eq!(r.effective_tag(), Some("24.0.2_12-jdk-noble"));
    }

    #[test]
    fn user_namespace_on_hub() {
        let r = parse("bitnami/redis:7.2");
        assert_eq!(r.registry, "docker.io");
        assert_eq!(r.repository, "bitnami/redis");
        assert!(r.is_docker_hub() && !r.is_official());
        assert_eq!(r.familiar_name(), "bitnami/redis");
        assert_eq!(r.to_string(), "docker.io/bitnami/redis:7.2");
    }

    #[test]
    fn hub_normalisations() {
        assert_eq!(parse("docker.io/ubuntu").repository, "library/ubuntu");
        let r = parse("index.docker.io/ubuntu:22.04");
        assert_eq!(r.registry, "docker.io");
        assert_eq!(r.repository, "library/ubuntu");
        let r = parse("index.docker.io/me/app");
        assert_eq!(
            (r.registry.as_str(), r.repository.as_str()),
            ("docker.io", "me/app")
        );
        assert_eq!(parse("docker.io/library/nginx").familiar_name(), "nginx");
    }

    #[test]
    fn nested_library_paths_are_not_official() {
        let r = parse("library/a/b");
        assert_eq!(r.repository, "library/a/b");
        assert!(!r.is_official());
        assert_eq!(r.familiar_name(), "library/a/b");
        assert!(!parse("quay.io/library/x").is_official());
    }

    #[test]
    fn scratch_is_special() {
        let r = parse("scratch");
        assert!(r.is_scratch());
        assert!(!r.is_docker_hub() && !r.is_official() && !r.is_pinned());
        assert_eq!(r.registry, "");
        assert_eq!(r.repository, "scratch");
        assert_eq!(r.familiar_name(), "scratch");
        assert_eq!(r.name(), "scratch");
        assert_eq!(r.to_string(), "scratch");
        assert_eq!(r.effective_tag(), None);
        assert!(!r.is_tag_latest_or_missing() && !r.is_untagged());
    }

    #[test]
    fn only_exact_scratch_is_scratch() {
        let r = parse("scratch:latest");
        assert!(!r.is_scratch());
        assert_eq!(r.repository, "library/scratch");
        assert!(!parse("docker.io/library/scratch").is_scratch());
        assert!(matches!(
            fail("SCRATCH"),
            ImageRefError::UppercaseRepository { .. }
        ));
    }

    // --- tags, digests and latest ------------------------------------------

    #[test]
    fn effective_tags() {
        assert_eq!(parse("alpine").effective_tag(), Some("latest"));
        assert_eq!(parse("alpine:3").effective_tag(), Some("3"));
        assert_eq!(parse(&format!("alpine@{}", sha256())).effective_tag(), None);
    }

    #[test]
    fn latest_detection() {
        assert!(parse("alpine").is_tag_latest_or_missing());
        assert!(parse("alpine").is_untagged());
        assert!(parse("alpine:latest").is_tag_latest_or_missing());
        assert!(!parse("alpine:latest").is_untagged());
        assert!(!parse("alpine:3.19").is_tag_latest_or_missing());
        assert!(!parse("alpine:Latest").is_tag_latest_or_missing());
        assert!(!parse(&format!("alpine:latest@{}", sha256())).is_tag_latest_or_missing());
        let digest_only = parse(&format!("alpine@{}", sha256()));
        assert!(!digest_only.is_tag_latest_or_missing() && !digest_only.is_untagged());
    }

    #[test]
    fn tag_grammar() {
        assert_eq!(parse("a:_x.Y-1").tag.as_deref(), Some("_x.Y-1"));
        let longest = "t".repeat(MAX_TAG_LENGTH);
        assert_eq!(parse(&format!("a:{longest}")).tag, Some(longest.clone()));
        assert_eq!(
            fail(&format!("a:{longest}t")),
            ImageRefError::InvalidTag {
                tag: format!("{longest}t")
            }
        );
        assert_eq!(fail("a:"), ImageRefError::InvalidTag { tag: String::new() });
        assert_eq!(fail("a:.x"), ImageRefError::InvalidTag { tag: ".x".into() });
        assert_eq!(fail("a:-x"), ImageRefError::InvalidTag { tag: "-x".into() });
        assert_eq!(
            fail("a:x+y"),
            ImageRefError::InvalidTag { tag: "x+y".into() }
        );
    }

    #[test]
    fn two_tags_are_invalid() {
        assert!(matches!(fail("a:b:c"), ImageRefError::InvalidFormat { .. }));
        assert!(matches!(
            fail("ghcr.io/a:b:c"),
            ImageRefError::InvalidFormat { .. }
        ));
    }

    #[test]
    fn digest_algorithms() {
        let sha512 = format!("sha512:{}", HEX64.repeat(2));
        assert_eq!(parse(&format!("a@{sha512}")).digest, Some(sha512));
        let sha384 = format!("sha384:{}", &HEX64.repeat(2)[..96]);
        assert_eq!(parse(&format!("a@{sha384}")).digest, Some(sha384));
    }

    #[test]
    fn digest_length_is_checked() {
        assert_eq!(
            fail(&format!("a@sha256:{}", &HEX64[..40])),
            ImageRefError::InvalidDigestLength {
                digest: format!("sha256:{}", &HEX64[..40]),
                algorithm: "sha256".into(),
                expected: 64
            }
        );
        assert!(matches!(
            fail(&format!("a@sha512:{HEX64}")),
            ImageRefError::InvalidDigestLength { expected: 128, .. }
        ));
    }

    #[test]
    fn digest_hex_must_be_lowercase() {
        let upper = HEX64.to_uppercase();
        assert_eq!(
            fail(&format!("a@sha256:{upper}")),
            ImageRefError::InvalidDigest {
                digest: format!("sha256:{upper}")
            }
        );
    }

    #[test]
    fn digest_shape_is_checked() {
        for bad in [
            "a@sha256",
            "a@sha256:",
            "a@sha256:xyz",
            "a@:abc",
            "a@1sha:0123456789abcdef0123456789abcdef",
        ] {
            assert!(
                matches!(fail(bad), ImageRefError::InvalidDigest { .. }),
                "{bad}"
            );
        }
        // Fewer than 32 hex digits fails the shape check before the length check.
        assert!(matches!(
            fail("a@sha256:abcdef"),
            ImageRefError::InvalidDigest { .. }
        ));
        assert!(matches!(
            fail(&format!("a@{}@x", sha256())),
            ImageRefError::InvalidDigest { .. }
        ));
    }

    #[test]
    fn unknown_digest_algorithms() {
        assert_eq!(
            fail("a@md5:0123456789abcdef0123456789abcdef"),
            ImageRefError::UnsupportedDigestAlgorithm {
                algorithm: "md5".into()
            }
        );
        assert_eq!(
            fail("a@sha256+b64:0123456789abcdef0123456789abcdef"),
            ImageRefError::UnsupportedDigestAlgorithm {
                algorithm: "sha256+b64".into()
            }
        );
        assert!(matches!(
            fail("a:t@Blake3:0123456789abcdef0123456789abcdef"),
            ImageRefError::InvalidDigest { .. }
        ));
        // Without a tag, Docker's up-front case check sees the algorithm first.
        assert!(matches!(
            fail("a@Blake3:0123456789abcdef0123456789abcdef"),
            ImageRefError::UppercaseRepository { .. }
        ));
    }

    // --- names, case and length -------------------------------------------

    #[test]
    fn uppercase_repository_is_rejected() {
        assert_eq!(
            fail("foo/BAR"),
            ImageRefError::UppercaseRepository {
                name: "foo/BAR".into()
            }
        );
        assert_eq!(
            fail("Python:3"),
            ImageRefError::UppercaseRepository {
                name: "library/Python".into()
            }
        );
        assert_eq!(
            fail("ghcr.io/Org/app"),
            ImageRefError::UppercaseRepository {
                name: "Org/app".into()
            }
        );
    }

    #[test]
    fn uppercase_first_component_names_a_registry() {
        // Docker Hub namespaces are lowercase, so Docker reads this as a host.
        let r = parse("FOO/bar");
        assert_eq!(r.registry, "FOO");
        assert_eq!(r.repository, "bar");
        assert!(!r.is_docker_hub());
    }

    #[test]
    fn uppercase_tags_and_registries_are_fine() {
        assert_eq!(parse("a:V1").tag.as_deref(), Some("V1"));
        assert_eq!(
            parse("Registry.Example.COM/a").registry,
            "Registry.Example.COM"
        );
    }

    #[test]
    fn path_components() {
        for ok in [
            "a",
            "a.b",
            "a_b",
            "a__b",
            "a-b",
            "a---b",
            "a.b-c_d__e",
            "0",
            "x/y/z",
        ] {
            assert!(ImageRef::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "a..b", "a___b", "-a", "a-", "_a", "a_", ".a", "a._b", "a//b", "a/", "/a", "a b", "a+b",
        ] {
            assert!(
                matches!(fail(bad), ImageRefError::InvalidFormat { .. }),
                "{bad}: {:?}",
                ImageRef::parse(bad)
            );
        }
    }

    #[test]
    fn registry_grammar() {
        for ok in [
            "a.b/x",
            "a-b.c/x",
            "1.2.3.4/x",
            "1.2.3.4:80/x",
            "[fe80::1]/x",
            "h.io:1/x",
        ] {
            assert!(ImageRef::parse(ok).is_ok(), "{ok}");
        }
        // Without a dot, colon or capital it is a Docker Hub path, not a host.
        assert!(matches!(fail("[]/x"), ImageRefError::InvalidFormat { .. }));
        for bad in [
            "-a.b/x", "a-.b/x", "a..b/x", "a.b:/x", "a.b:x/y", "[::1/x", "[::g]/x", "[::1]x/y",
            "a_b.c/x",
        ] {
            assert!(
                matches!(fail(bad), ImageRefError::InvalidRegistry { .. }),
                "{bad}: {:?}",
                ImageRef::parse(bad)
            );
        }
    }

    #[test]
    fn name_length_limit_applies_to_the_path() {
        let path = format!("org/{}", "a".repeat(MAX_REPOSITORY_LENGTH - 4));
        assert!(ImageRef::parse(&format!("example.com/{path}")).is_ok());
        let long = format!("org/{}", "a".repeat(MAX_REPOSITORY_LENGTH - 3));
        assert_eq!(
            fail(&format!("example.com/{long}")),
            ImageRefError::NameTooLong { length: 256 }
        );
    }

    #[test]
    fn a_256_character_name_is_too_long() {
        let name = "a".repeat(256);
        assert_eq!(fail(&name), ImageRefError::NameTooLong { length: 264 });
        // `library/` counts, as Docker measures the normalised path.
        assert!(matches!(
            fail(&"b".repeat(248)),
            ImageRefError::NameTooLong { length: 256 }
        ));
        assert!(ImageRef::parse(&"b".repeat(247)).is_ok());
    }

    #[test]
    fn empty_and_hex_identifiers() {
        assert_eq!(fail(""), ImageRefError::Empty);
        assert_eq!(
            fail(HEX64),
            ImageRefError::HexIdentifier {
                reference: HEX64.into()
            }
        );
        // One character off and it is just a name.
        assert!(ImageRef::parse(&HEX64[..63]).is_ok());
    }

    #[test]
    fn garbage_is_rejected() {
        for bad in [
            ":",
            "@",
            ":tag",
            "a@",
            " alpine",
            "alpine ",
            "al pine:3",
            "ünïcode",
        ] {
            assert!(ImageRef::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn from_str_matches_parse() {
        let r: ImageRef = "nginx:1.27".parse().unwrap();
        assert_eq!(r, parse("nginx:1.27"));
        assert!("".parse::<ImageRef>().is_err());
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "python:3.12-slim",
            "ghcr.io/org/img:v1",
            "localhost:5000/foo/bar",
            "[::1]:5000/x",
        ] {
            let r = parse(s);
            assert_eq!(parse(&r.to_string()), r, "{s}");
            assert_eq!(parse(&r.familiar_string()), r, "{s}");
        }
    }

    #[test]
    fn error_messages() {
        assert_eq!(
            ImageRefError::Empty.to_string(),
            "repository name must have at least one component"
        );
        assert_eq!(
            fail("foo/BAR").to_string(),
            "invalid reference format: repository name (foo/BAR) must be lowercase"
        );
        assert_eq!(
            fail("a:").to_string(),
            "invalid reference format: invalid tag ()"
        );
        assert_eq!(
            fail(&"a".repeat(256)).to_string(),
            "repository name must not be more than 255 characters (got 264)"
        );
        assert_eq!(
            fail("a@md5:0123456789abcdef0123456789abcdef").to_string(),
            "unsupported digest algorithm (md5)"
        );
    }

    #[test]
    fn serializes_public_fields() {
        let json = serde_json::to_value(parse("ghcr.io/org/img:v1")).unwrap();
        assert_eq!(json["registry"], "ghcr.io");
        assert_eq!(json["repository"], "org/img");
        assert_eq!(json["tag"], "v1");
        assert!(json["digest"].is_null());
    }
}
