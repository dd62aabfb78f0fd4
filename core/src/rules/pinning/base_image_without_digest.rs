//! HG110 (off by default): a base image selected by tag only, not by digest.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::pinning::external_images;

/// See [`META`].
pub(crate) struct BaseImageWithoutDigest;

static META: RuleMeta = RuleMeta {
    code: "HG110",
    name: "base-image-without-digest",
    severity: Severity::Info,
    category: Category::Pinning,
    sources: &[],
    default_enabled: false,
    help: "Pin the image by digest (`image:tag@sha256:…`) and let Renovate or Dependabot bump the digest when the tag moves.",
    docs: RuleDocs {
        what: "Flags an image that is not pinned by digest: a `FROM` base, or an image read by `COPY --from=` or `RUN --mount=from=`, after resolving ARG defaults. Off by default; enable it with `select = [\"HG110\"]`. Images already reported by DL3006 (no tag) or DL3007 (`latest`) are reported here too.",
        why: "Docker's security guide asks for pinned, rebuildable images, and only a digest pins the exact bytes: a tag such as `python:3.12-slim` is moved by its publisher every time the image is rebuilt, and a compromised or mistaken push changes what your build gets. The trade-off: a digest also freezes out the publisher's security fixes, so a digest-pinned Dockerfile must be bumped regularly — keep the tag beside the digest for readability and let Renovate or Dependabot open the update pull requests. That is why this rule is opt-in.",
        bad: "FROM python:3.12-slim\nRUN echo hi\n",
        good: "FROM python:3.12-slim@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8\nRUN echo hi\n",
    },
};

impl Rule for BaseImageWithoutDigest {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for i in external_images(cx) {
            if !i.image.is_pinned() {
                out.push(Finding::new(
                    i.span,
                    format!("{} `{}` is not pinned by digest", i.used.noun(), i.name),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    const DIGEST: &str = "sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8";

    #[test]
    fn fires_on_tags_without_digest() {
        assert_fires(
            &BaseImageWithoutDigest,
            "ARG V=3.12\nFROM python:${V}-slim AS build\nFROM build\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/\nFROM ubuntu\n",
            &[2, 4, 5],
        );
    }

    #[test]
    fn silent_on_digests_stages_scratch_and_unresolved() {
        assert_clean(
            &BaseImageWithoutDigest,
            &format!(
                "FROM python:3.12@{DIGEST} AS build\nFROM build\nFROM scratch\nCOPY --from=build /a /a\nCOPY --from=alpine@{DIGEST} /b /b\n"
            ),
        );
        assert_clean(&BaseImageWithoutDigest, "ARG BASE\nFROM ${BASE}\n");
    }
}
