//! DL3006: a base image without a tag floats to whatever `latest` is today.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::images::external_bases;

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
        what: "Flags a `FROM` whose image has neither a tag nor a digest, after resolving ARG defaults. `scratch` and earlier stages are not images and are not flagged.",
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
        for (stage, image) in external_bases(cx) {
            if image.tag.is_none() && image.digest.is_none() {
                out.push(Finding::new(
                    stage.base.span,
                    format!(
                        "base image `{}` has no tag, so it floats to `latest`",
                        stage.base.expanded
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
}
