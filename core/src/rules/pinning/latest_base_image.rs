//! DL3007: a base image pinned to `latest` is not pinned at all.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::pinning::external_images;

/// See [`META`].
pub(crate) struct LatestBaseImage;

static META: RuleMeta = RuleMeta {
    code: "DL3007",
    name: "latest-base-image",
    severity: Severity::Warning,
    category: Category::Pinning,
    sources: &[
        "hadolint:DL3007",
        "trivy:DS-0001",
        "trivy:DS001",
        "checkov:CKV_DOCKER_7",
        "dockle:DKL-DI-0006",
    ],
    default_enabled: true,
    help: "Replace `latest` with a release tag (for example `alpine:3.20`), or pin a digest.",
    docs: RuleDocs {
        what: "Flags an image written with the `latest` tag and no digest, after resolving ARG defaults: a `FROM` base, and also an image read by `COPY --from=` or `RUN --mount=from=` (hadolint checks `FROM` only). `latest` together with a digest is fine: the digest decides.",
        why: "Docker's security guide asks for pinned, rebuildable images. `latest` is just the tag a publisher moved last; it can jump to a new major release between two builds, so the image you test is not the one you ship and a rebuild can break or pull in new vulnerabilities.",
        bad: "FROM alpine:latest\nRUN echo hi\n",
        good: "FROM alpine:3.20\nRUN echo hi\n",
    },
};

impl Rule for LatestBaseImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for i in external_images(cx) {
            if i.image.digest.is_none() && i.image.tag.as_deref() == Some("latest") {
                out.push(Finding::new(
                    i.span,
                    format!(
                        "{} `{}` uses the floating `latest` tag",
                        i.used.noun(),
                        i.name
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires_on_latest_including_arg_resolved_and_copy_from() {
        assert_fires(&LatestBaseImage, "FROM ubuntu:latest\n", &[1]);
        assert_fires(
            &LatestBaseImage,
            "ARG TAG=latest\nFROM node:${TAG} AS build\nFROM build\nCOPY --from=composer:latest /usr/bin/composer /usr/bin/\n",
            &[2, 4],
        );
        assert_fires(
            &LatestBaseImage,
            "FROM ghcr.io/org/app:latest\nRUN --mount=from=busybox:latest,target=/bb ls /bb\n",
            &[1, 2],
        );
    }

    #[test]
    fn silent_on_release_tags_digests_untagged_and_unresolved() {
        assert_clean(&LatestBaseImage, "FROM ubuntu:24.04\n");
        assert_clean(
            &LatestBaseImage,
            "FROM ubuntu:latest@sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
        );
        // No tag at all is DL3006's finding, not this rule's.
        assert_clean(&LatestBaseImage, "FROM ubuntu\n");
        assert_clean(&LatestBaseImage, "ARG TAG\nFROM node:${TAG}\n");
        assert_clean(
            &LatestBaseImage,
            "FROM alpine:3.20 AS latest\nFROM latest\nCOPY --from=latest /a /a\n",
        );
    }
}
