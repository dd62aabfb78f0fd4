//! DL3019: `apk add` without `--no-cache` keeps the package index in
//! `/var/cache/apk`.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::cache::{CachePath, keeps_cache, resolve, run_commands};
use crate::rules::support::packages::{Manager, read_cached};

/// See [`META`].
pub(crate) struct ApkCacheLeftInLayer;

static META: RuleMeta = RuleMeta {
    code: "DL3019",
    name: "apk-cache-left-in-layer",
    severity: Severity::Info,
    category: Category::Packages,
    sources: &[
        "hadolint:DL3019",
        "trivy:DS-0025",
        "trivy:DS025",
        "dockle:DKL-DI-0004",
    ],
    default_enabled: true,
    help: "Use `apk add --no-cache …` (no `apk update` needed), or mount a cache on `/var/cache/apk`.",
    docs: RuleDocs {
        what: "Flags `apk add`, `apk update` and `apk upgrade` without `--no-cache` (or `--no-network`, which downloads nothing), unless the same RUN later deletes `/var/cache/apk` (`rm -rf /var/cache/apk/*`) or a cache or tmpfs mount holds it (or `/etc/apk/cache`, which apk then uses instead, or the `--cache-dir` given). Build stages whose files never reach the image are not flagged.",
        why: "Docker's guide asks for images without caches. Without `--no-cache`, apk stores the repository indexes it downloads in `/var/cache/apk`, where they stay in the layer for good: a few megabytes that nothing needs at run time, in images whose point is to be small.",
        bad: "FROM alpine:3.20\nRUN apk update && apk add curl\n",
        good: "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
    },
};

impl Rule for ApkCacheLeftInLayer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for run in run_commands(cx) {
            for (pos, cmd) in run.cmds.iter().enumerate() {
                let Some(pc) = read_cached(cx, cmd) else {
                    continue;
                };
                if pc.manager != Manager::Apk
                    || !pc.is_action(&["add", "update", "upgrade"])
                    || pc.has_flag('\0', "no-cache")
                    || pc.has_flag('\0', "no-network")
                {
                    continue;
                }
                // With /etc/apk/cache present (a cache mount there, as
                // Docker's docs suggest), apk keeps its indexes in it.
                let mut caches = vec![
                    CachePath::abs("/var/cache/apk"),
                    CachePath::abs("/etc/apk/cache"),
                ];
                if let Some(dir) = cmd.cmd.flag_value('\0', "cache-dir") {
                    let dir = resolve(cx, run.instruction, dir).unwrap_or_default();
                    caches = vec![CachePath::abs(&dir)];
                }
                if keeps_cache(cx, run, pos, &caches, |_, _| false) {
                    out.push(Finding::new(
                        pc.head_span(),
                        format!(
                            "`{}` without `--no-cache` leaves the package index in {}",
                            pc.head_text(),
                            caches[0].display()
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires_without_no_cache() {
        assert_fires(
            &ApkCacheLeftInLayer,
            "FROM alpine:3.20\nRUN apk add curl\n",
            &[2],
        );
        // `apk update` leaves the index even when `add` uses --no-cache.
        assert_fires(
            &ApkCacheLeftInLayer,
            "FROM alpine:3.20\nRUN apk update && \\\n    sudo apk add --no-cache curl && apk --update add git\n",
            &[2, 3],
        );
        assert_fires(
            &ApkCacheLeftInLayer,
            "FROM alpine:3.20\nRUN <<EOF\napk add curl\nEOF\nONBUILD RUN sh -c 'apk add git'\n",
            &[3, 5],
        );
        // Cleanup before the add does not count.
        assert_fires(
            &ApkCacheLeftInLayer,
            "FROM alpine:3.20\nRUN rm -rf /var/cache/apk/* && apk add curl\n",
            &[2],
        );
    }

    #[test]
    fn silent_with_no_cache_cleanup_or_mount() {
        assert_clean(
            &ApkCacheLeftInLayer,
            "FROM alpine:3.20\nRUN apk add --no-cache curl && apk --no-cache upgrade && apk info\n",
        );
        assert_clean(
            &ApkCacheLeftInLayer,
            "FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc \\\n && scanelf --needed /usr/local | xargs -rt apk add --no-network --virtual .rundeps\n",
        );
        assert_clean(
            &ApkCacheLeftInLayer,
            "FROM alpine:3.20\nRUN apk update && apk add curl && rm -rf /var/cache/apk/*\n",
        );
        assert_clean(
            &ApkCacheLeftInLayer,
            "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n",
        );
        assert_clean(
            &ApkCacheLeftInLayer,
            "FROM alpine:3.20\nRUN --mount=type=cache,target=/tmp/apk apk add --cache-dir /tmp/apk curl\n",
        );
        assert_clean(
            &ApkCacheLeftInLayer,
            "FROM alpine:3.20\nRUN --mount=type=cache,id=apk,target=/etc/apk/cache,sharing=locked \\\n    apk update && apk add git\n",
        );
        assert_clean(
            &ApkCacheLeftInLayer,
            "FROM alpine:3.20 AS build\nRUN apk add gcc musl-dev && gcc -o /app app.c\nFROM alpine:3.20\nCOPY --from=build /app /app\n",
        );
    }
}
