//! HG100: a base image that is neither a Docker Official Image nor from a
//! trusted publisher.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::image_policy::{
    BUILTIN_TRUSTED_PUBLISHERS, from_publisher, pulled_images,
};
use crate::rules::support::official_images::{LIBRARY_AS_OF, library_name, official};

/// See [`META`].
pub(crate) struct UntrustedBaseImage;

static META: RuleMeta = RuleMeta {
    code: "HG100",
    name: "untrusted-base-image",
    severity: Severity::Info,
    category: Category::BaseImage,
    sources: &[],
    default_enabled: false,
    help: "Build on a Docker Official Image or an image from a publisher you trust; list your trusted publishers (Docker Hub namespaces or registry paths) in `trusted-publishers`.",
    docs: RuleDocs {
        what: "Off by default (enable with `select = [\"HG100\"]`): on real projects many bases come from publishers a team trusts but hullguard cannot know, so this is a policy to opt into together with `trusted-publishers`. Flags images the final image is built from or copies from (every stage it needs, not unused stages) that are neither Docker Official Images (`docker.io/library/<name>` present in the docker-library snapshot compiled into hullguard, its per-architecture namespaces such as `arm64v8/`, or the ECR Public and mirror.gcr.io mirrors) nor from a trusted publisher. Built-in trusted publishers: `docker.io/docker`, `mcr.microsoft.com`, `gcr.io/distroless`, `registry.access.redhat.com`, `registry.redhat.io`, `docker.io/redhat`, `public.ecr.aws/docker/library`, `public.ecr.aws/amazonlinux`, `public.ecr.aws/lambda`, `cgr.dev/chainguard`, `quay.io/centos`, `quay.io/fedora`, `registry.suse.com`, `container-registry.oracle.com`, `nvcr.io/nvidia`, `docker.io/nvidia`; add your own with `trusted-publishers` (a Docker Hub namespace like `bitnami`, a registry, a registry path prefix, or a `*` pattern). Official names that are no longer maintained (`centos`, `java`) are flagged too. Bases whose ARGs have no value are skipped.",
        why: "Docker's security guide starts with choosing a trusted base image: Docker Official Images and images from verified publishers are built from public sources, rebuilt for security fixes and reviewed. An image from an arbitrary account can be abandoned, unpatched or malicious, and everything in it ships in your image.",
        bad: "FROM someuser/python:3.12\nRUN echo hi\n",
        good: "FROM python:3.12-slim\nRUN echo hi\n",
    },
};

impl Rule for UntrustedBaseImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let needed = cx.model.reachable_stages();
        for p in pulled_images(cx) {
            if !needed.get(p.stage).copied().unwrap_or(false) {
                continue;
            }
            let image = p.image;
            let subject = p.kind.describe(image);
            if let Some((name, o)) = official(image) {
                if o.active {
                    continue;
                }
                out.push(Finding::new(
                    p.span,
                    format!(
                        "{subject} is a deprecated Docker Official Image: `{name}` has no maintained tags in {LIBRARY_AS_OF}"
                    ),
                ));
                continue;
            }
            let trusted = BUILTIN_TRUSTED_PUBLISHERS
                .iter()
                .copied()
                .chain(cx.settings.trusted_publishers.iter().map(String::as_str))
                .any(|publisher| from_publisher(publisher, image));
            if trusted {
                continue;
            }
            let message = match library_name(image) {
                Some(name) => format!(
                    "{subject} is not a Docker Official Image ({LIBRARY_AS_OF} has no `{name}`) nor from a trusted publisher"
                ),
                None => format!(
                    "{subject} is neither a Docker Official Image nor from a trusted publisher"
                ),
            };
            out.push(Finding::new(p.span, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::RuleSettings;
    use crate::rules::testing::{assert_clean, assert_fires, findings, findings_with};

    #[test]
    fn fires_on_images_from_unknown_publishers() {
        assert_fires(&UntrustedBaseImage, "FROM someuser/python:3.12\n", &[1]);
        assert_fires(&UntrustedBaseImage, "FROM ghcr.io/someone/app:1\n", &[1]);
        assert_fires(
            &UntrustedBaseImage,
            "ARG IMG=someuser/base:1\nFROM ${IMG}\n",
            &[2],
        );
        let f = findings(&UntrustedBaseImage, "FROM centos:7\n");
        assert_eq!(
            f[0].1,
            "base image `centos:7` is not a Docker Official Image (the docker-library snapshot of 2026-11-27, commit 37079fb, has no `centos`) nor from a trusted publisher"
        );
    }

    #[test]
    fn fires_on_images_copied_from_by_the_final_image() {
        assert_fires(
            &UntrustedBaseImage,
            "FROM golang:1.22 AS build\nCOPY --from=someone/tools:1 /t /t\nFROM alpine:3.20\nCOPY --from=build /t /t\n",
            &[2],
        );
    }

    #[test]
    fn official_and_trusted_publishers_pass() {
        assert_clean(
            &UntrustedBaseImage,
            concat!(
                "FROM python:3.12 AS a\n",
                "FROM docker.io/library/node:20 AS b\n",
                "FROM arm64v8/alpine:3.20 AS c\n",
                "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS d\n",
                "FROM gcr.io/distroless/static:nonroot AS e\n",
                "FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4 AS f\n",
                "FROM public.ecr.aws/docker/library/python:3.12 AS g\n",
                "FROM docker/dockerfile:1 AS h\n",
                "FROM scratch\n",
                "COPY --from=a / /a\nCOPY --from=b / /b\nCOPY --from=c / /c\nCOPY --from=d / /d\n",
                "COPY --from=e / /e\nCOPY --from=f / /f\nCOPY --from=g / /g\nCOPY --from=h / /h\n",
            ),
        );
    }

    #[test]
    fn stages_the_image_does_not_need_and_unresolved_bases_are_skipped() {
        assert_clean(
            &UntrustedBaseImage,
            "FROM someuser/lint:1 AS lint\nRUN lint\nFROM alpine:3.20\n",
        );
        assert_clean(&UntrustedBaseImage, "ARG IMG\nFROM ${IMG}\n");
    }

    #[test]
    fn configured_publishers_are_trusted() {
        let settings = RuleSettings {
            trusted_publishers: vec!["bitnami".into(), "*.azurecr.io".into()],
            ..RuleSettings::default()
        };
        let text = "FROM bitnami/redis:7 AS a\nFROM myco.azurecr.io/base:1 AS b\nFROM other/x:1\nCOPY --from=a / /a\nCOPY --from=b / /b\n";
        let got: Vec<usize> = findings_with(&UntrustedBaseImage, text, &settings)
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        assert_eq!(got, [3]);
    }
}
