//! HG101: the final image is built on the full-size variant of an official
//! image that also publishes a `-slim` or `-alpine` variant.

use crate::lint::{Category, Context, Edit, Finding, Fix, Rule, RuleDocs, RuleMeta, Severity};
use crate::model::BaseKind;
use crate::rules::support::official_images::{OfficialImage, official};

/// See [`META`].
pub(crate) struct FullSizeBaseImage;

static META: RuleMeta = RuleMeta {
    code: "HG101",
    name: "full-size-base-image",
    severity: Severity::Info,
    category: Category::BaseImage,
    sources: &[],
    default_enabled: true,
    help: "Build the final stage on the smaller variant (`-slim`, or `-alpine` if your software works with musl); install only what the application needs at run time.",
    docs: RuleDocs {
        what: "Flags the base of the final image (following `FROM <stage>` chains to the external image) when it is a Docker Official Image with a plain version tag (`python:3.12`, `node:20`, `debian:12`), no tag or `latest`, and the image publishes a smaller variant of that tag form: `-slim` or `-alpine`, per the docker-library snapshot compiled into hullguard. Only the final image is checked: build stages may need the full image's compilers and headers.",
        why: "Docker's security guide asks for minimal base images. The default variants of the official images carry compilers, headers, version control and hundreds of packages the application never runs; each is download size and attack surface, and each of their vulnerabilities is reported against your image. The `-slim` variants keep the runtime and drop the rest.",
        bad: "FROM python:3.12\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n",
        good: "FROM python:3.12-slim\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n",
    },
};

/// Words that already name a small variant.
const SMALL: [&str; 8] = [
    "slim",
    "alpine",
    "minimal",
    "distroless",
    "chiseled",
    "nano",
    "micro",
    "tiny",
];

/// Whether the library publishes `<token>-<variant>` for `token`, judging by
/// its example minimal tags: a version number when some example is a
/// version number with that suffix (`3-slim` → `3.12-slim`); a word (a
/// codename) only when that very tag is an example, or for Debian, which
/// publishes `<suite>-slim` for every suite.
fn publishes(image: &str, o: &OfficialImage, token: &str, variant: &str) -> bool {
    let numeric = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.');
    let wordy = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase());
    o.minimal_tags.iter().any(|t| {
        let Some(head) = t.strip_suffix(variant).and_then(|h| h.strip_suffix('-')) else {
            return false;
        };
        (numeric(token) && numeric(head))
            || (wordy(token) && (head == token || (image == "debian" && wordy(head))))
    })
}

/// The smaller tags to suggest for `tag` (`None`: untagged or `latest`).
fn smaller_tags(image: &str, o: &OfficialImage, tag: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    for (has, variant) in [(o.has_slim, "slim"), (o.has_alpine, "alpine")] {
        if !has {
            continue;
        }
        match tag {
            None | Some("latest") => {
                if o.minimal_tags.contains(&variant) {
                    out.push(variant.to_owned());
                }
            }
            Some(t) => {
                let plain = !t.contains('-') && !SMALL.iter().any(|s| t.contains(s));
                if plain && publishes(image, o, t, variant) {
                    out.push(format!("{t}-{variant}"));
                }
            }
        }
    }
    out
}

impl Rule for FullSizeBaseImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(last) = cx.model.final_stage() else {
            return;
        };
        let Some(&root) = cx.model.ancestry(last.index).last() else {
            return;
        };
        let stage = &cx.model.stages[root];
        let BaseKind::Image(image) = &stage.base.kind else {
            return;
        };
        if !stage.base.unresolved.is_empty() || image.digest.is_some() {
            return;
        }
        let Some((name, o)) = official(image) else {
            return;
        };
        let smaller = smaller_tags(name, o, image.tag.as_deref());
        let Some(first) = smaller.first() else {
            return;
        };
        let shown = |t: &str| format!("{name}:{t}");
        let alternatives = smaller
            .iter()
            .map(|t| format!("`{}`", shown(t)))
            .collect::<Vec<_>>()
            .join(" or ");
        let mut finding = Finding::new(
            stage.base.span,
            format!(
                "the final image is built on the full-size `{}`; {alternatives} is smaller",
                image.familiar_string()
            ),
        );
        // Offer the edit only when the reference is written literally.
        if stage.base.written == stage.base.expanded {
            let replacement = stage.base.written.rsplit_once(':').map_or_else(
                || format!("{}:{first}", stage.base.written),
                |(head, _)| format!("{head}:{first}"),
            );
            finding = finding.with_fix(Fix {
                title: format!("use `{}`", shown(first)),
                edits: vec![Edit {
                    start: stage.base.span.start,
                    end: stage.base.span.end,
                    replacement,
                }],
                safe: false,
            });
        }
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_full_size_final_images() {
        assert_fires(
            &FullSizeBaseImage,
            "FROM python:3.12\nCMD [\"python\"]\n",
            &[1],
        );
        assert_fires(&FullSizeBaseImage, "FROM node:20\n", &[1]);
        assert_fires(&FullSizeBaseImage, "FROM debian:12\n", &[1]);
        assert_fires(&FullSizeBaseImage, "FROM debian:bookworm\n", &[1]);
        assert_fires(&FullSizeBaseImage, "FROM nextcloud:fpm\n", &[1]);
        assert_fires(&FullSizeBaseImage, "FROM python\n", &[1]);
        let f = findings(&FullSizeBaseImage, "FROM python:3.12\n");
        assert!(
            f[0].1
                .contains("`python:3.12-slim` or `python:3.12-alpine`"),
            "{f:?}"
        );
        let f = findings(&FullSizeBaseImage, "FROM golang:1.22\n");
        assert!(f[0].1.contains("`golang:1.22-alpine` is smaller"), "{f:?}");
    }

    #[test]
    fn follows_stage_chains_and_arg_values() {
        assert_fires(
            &FullSizeBaseImage,
            "ARG V=3.12\nFROM python:${V} AS base\nRUN pip install x\nFROM base\n",
            &[2],
        );
    }

    #[test]
    fn build_stages_small_variants_and_images_without_variants_pass() {
        assert_clean(
            &FullSizeBaseImage,
            "FROM python:3.12 AS build\nRUN pip wheel .\nFROM python:3.12-slim\nCOPY --from=build /w /w\n",
        );
        assert_clean(&FullSizeBaseImage, "FROM node:20-alpine\n");
        assert_clean(&FullSizeBaseImage, "FROM ubuntu:24.04\n");
        assert_clean(&FullSizeBaseImage, "FROM python:3.12-bookworm\n");
        assert_clean(&FullSizeBaseImage, "FROM nginx:alpine\n");
        assert_clean(&FullSizeBaseImage, "FROM nextcloud:apache\n");
        assert_clean(&FullSizeBaseImage, "FROM python:bookworm\n");
        assert_clean(&FullSizeBaseImage, "FROM someone/python:3.12\n");
        assert_clean(&FullSizeBaseImage, "FROM scratch\n");
        assert_clean(&FullSizeBaseImage, "ARG V\nFROM python:${V}\n");
        assert_clean(
            &FullSizeBaseImage,
            "FROM python:3.12@sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
        );
    }

    #[test]
    fn fix_replaces_the_tag_when_written_literally() {
        let df = crate::syntax::parse("FROM node:20\n");
        let mut out = Vec::new();
        crate::rules::testing::with_context(&df, |cx| FullSizeBaseImage.check(cx, &mut out));
        let fix = out[0].fix.as_ref().unwrap();
        assert_eq!(fix.edits[0].replacement, "node:20-slim");
        assert!(!fix.safe);
    }
}
