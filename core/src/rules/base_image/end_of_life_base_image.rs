//! HG102: a base image whose release cycle has reached its end of life.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::eol::{EOL_SOURCE, eol_hits};
use crate::rules::support::image_policy::pulled_images;

/// See [`META`].
pub(crate) struct EndOfLifeBaseImage;

static META: RuleMeta = RuleMeta {
    code: "HG102",
    name: "end-of-life-base-image",
    severity: Severity::Warning,
    category: Category::BaseImage,
    sources: &[],
    default_enabled: true,
    help: "Move to a supported release (a newer version tag or OS codename); end-of-life releases get no security fixes.",
    docs: RuleDocs {
        what: "Flags images the final image is built from or copies from (every stage it needs) whose tag names a release cycle that has reached its end of life: the image's own product (`python:3.8`, `node:16`, `postgres:11`, `centos:7`, `mcr.microsoft.com/dotnet/sdk:3.1`) and base-OS parts of the tag (`-buster`, `-bionic`, `-alpine3.12`, `ubi7`, `windowsservercore-1809`). A major-only tag (`python:2`) is flagged when every cycle it can float to has ended; `latest` and other floating tags are not. Dates come from endoflife.date, compiled into hullguard, and are compared with the date that data was read (2026-11-27), not with today's date, so results are reproducible; refresh the data to see later ends. Debian counts as ended when its free LTS period ends.",
        why: "Docker's security guide asks for base images that are kept up to date and rebuilt for fixes. Once a release reaches end of life, new vulnerabilities in it are no longer fixed, so an image built on it only accumulates known holes, and rebuilding it does not help.",
        bad: "FROM python:3.8-slim\nCMD [\"python\"]\n",
        good: "FROM python:3.13-slim\nCMD [\"python\"]\n",
    },
};

impl Rule for EndOfLifeBaseImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let needed = cx.model.reachable_stages();
        for p in pulled_images(cx) {
            if !needed.get(p.stage).copied().unwrap_or(false) {
                continue;
            }
            let hits = eol_hits(p.image);
            if hits.is_empty() {
                continue;
            }
            let subject = p.kind.describe(p.image);
            let list = hits
                .iter()
                .map(|h| h.describe())
                .collect::<Vec<_>>()
                .join(", ");
            out.push(Finding::new(
                p.span,
                format!("{subject} is end-of-life: {list}, per {EOL_SOURCE}"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_end_of_life_cycles() {
        assert_fires(&EndOfLifeBaseImage, "FROM python:3.8-slim\n", &[1]);
        assert_fires(&EndOfLifeBaseImage, "FROM node:16-alpine\n", &[1]);
        assert_fires(&EndOfLifeBaseImage, "FROM centos:7\n", &[1]);
        assert_fires(&EndOfLifeBaseImage, "FROM ubuntu:bionic\n", &[1]);
        assert_fires(&EndOfLifeBaseImage, "FROM python:3.12-slim-buster\n", &[1]);
        assert_fires(&EndOfLifeBaseImage, "FROM python:2\n", &[1]);
        let f = findings(&EndOfLifeBaseImage, "FROM python:3.8-buster\n");
        assert_eq!(
            f[0].1,
            "base image `python:3.8-buster` is end-of-life: python 3.8 (EOL 2024-10-07), debian 10 \"buster\" (LTS ended 2024-06-30), per endoflife.date data as of 2026-11-27 (commit a70eca3, 2026-08-22)"
        );
    }

    #[test]
    fn resolves_args_and_checks_needed_stages_and_copied_images() {
        assert_fires(
            &EndOfLifeBaseImage,
            "ARG GO=1.16\nFROM golang:${GO} AS build\nRUN go build\nFROM alpine:3.22\nCOPY --from=build /app /app\nCOPY --from=node:14 /usr/local/bin/node /usr/local/bin/\n",
            &[2, 6],
        );
    }

    #[test]
    fn supported_floating_unused_and_unresolved_pass() {
        assert_clean(&EndOfLifeBaseImage, "FROM python:3.13-slim\n");
        assert_clean(&EndOfLifeBaseImage, "FROM python:3\n");
        assert_clean(&EndOfLifeBaseImage, "FROM python\n");
        assert_clean(&EndOfLifeBaseImage, "FROM node:lts-alpine\n");
        assert_clean(&EndOfLifeBaseImage, "FROM debian:bookworm-slim\n");
        assert_clean(&EndOfLifeBaseImage, "FROM ubuntu:24.04\n");
        assert_clean(&EndOfLifeBaseImage, "ARG V\nFROM python:${V}\n");
        assert_clean(
            &EndOfLifeBaseImage,
            "FROM python:2.7 AS legacy-test\nRUN true\nFROM python:3.13-slim\n",
        );
    }
}
