//! DL3006: a base image without a tag floats to whatever `latest` is today.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::pinning::external_images;

/// See [`META`].
pub(crate) struct UntaggedBaseImage;

static META: RuleMeta = RuleMeta {
    code: "DL3006",
    name: "untagged-base-image",
    severity: Severity::Warning,
    category: Category::Pinning,
    sources: &[
        "hadolint:DL3006",
        "trivy:DS-0001",
        "trivy:DS001",
        "checkov:CKV_DOCKER_7",
    ],
    default_enabled: true,
    help: "Name a version tag (for example `python:3.12-slim`), or pin a digest.",
    docs: RuleDocs {
        what: "Flags an image with neither a tag nor a digest, after resolving ARG defaults: a `FROM` base, and also an image read by `COPY --from=` or `RUN --mount=from=` (hadolint checks `FROM` only). `scratch`, stages and references whose ARGs have no value are not flagged.",
        why: "Docker's security guide asks for pinned, rebuildable images. Without a tag the build uses `latest`, so two builds of the same Dockerfile can get different base images, with different packages and vulnerabilities, and nobody can tell which one shipped.",
        bad: "FROM ubuntu\nRUN echo hi\n",
        good: "FROM ubuntu:24.04\nRUN echo hi\n",
    },
};

impl Rule for UntaggedBaseImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for i in external_images(cx) {
            if i.image.is_untagged() {
                out.push(Finding::new(
                    i.span,
                    format!(
                        "{} `{}` has no tag, so it floats to `latest`",
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
    fn fires_on_untagged_images_including_arg_resolved_ones() {
        assert_fires(&UntaggedBaseImage, "FROM ubuntu\n", &[1]);
        assert_fires(
            &UntaggedBaseImage,
            "ARG IMG=debian\nFROM ${IMG} AS b\nFROM b\n",
            &[2],
        );
    }

    #[test]
    fn silent_on_tags_digests_stages_scratch_and_unresolved() {
        assert_clean(&UntaggedBaseImage, "FROM ubuntu:24.04\n");
        assert_clean(
            &UntaggedBaseImage,
            "FROM ubuntu@sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
        );
        assert_clean(
            &UntaggedBaseImage,
            "FROM golang:1.22 AS build\nFROM build\nFROM scratch\n",
        );
        assert_clean(&UntaggedBaseImage, "ARG BASE\nFROM ${BASE}\n");
        assert_clean(&UntaggedBaseImage, "ARG V=3.12\nFROM python:${V}\n");
    }

    #[test]
    fn images_read_by_copy_and_mount_count_too() {
        assert_fires(
            &UntaggedBaseImage,
            "FROM php:8.3\nCOPY --from=composer /usr/bin/composer /usr/bin/\nRUN --mount=type=bind,from=alpine,target=/a ls /a\n",
            &[2, 3],
        );
        assert_clean(
            &UntaggedBaseImage,
            "FROM golang:1.22 AS build\nFROM php:8.3\nARG TAG\nCOPY --from=build /x /x\nCOPY --from=later /y /y\nCOPY --from=composer:2.7 /usr/bin/composer /usr/bin/\nCOPY --from=img${TAG} /z /z\nFROM alpine:3.20 AS later\n",
        );
    }
}
