//! DL3009: `apt-get update` downloads package lists that stay in the layer
//! unless the same RUN deletes them (or keeps them on a cache mount).

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::cache::{CachePath, keeps_cache, run_commands};
use crate::rules::support::packages::read_cached;

/// See [`META`].
pub(crate) struct AptListsLeftInLayer;

static META: RuleMeta = RuleMeta {
    code: "DL3009",
    name: "apt-lists-left-in-layer",
    severity: Severity::Info,
    category: Category::Packages,
    sources: &["hadolint:DL3009", "dockle:DKL-DI-0005"],
    default_enabled: true,
    help: "End the same RUN with `rm -rf /var/lib/apt/lists/*`, or keep the lists on a cache mount (`RUN --mount=type=cache,target=/var/lib/apt/lists …`).",
    docs: RuleDocs {
        what: "Flags `apt-get update` (or `apt update`) when the same RUN does not delete `/var/lib/apt/lists` afterwards (`rm -rf /var/lib/apt/lists/*`, `find … -delete`, `apt-get distclean`) and no cache or tmpfs mount holds that directory. Cleanup written before the update does not count. Stages whose files never reach the image (build stages that later stages only copy a few paths out of) are not flagged; ONBUILD triggers always are.",
        why: "Docker's guide asks for images without unnecessary files. The package lists are tens of megabytes that nothing needs at run time; once a layer holds them, deleting them in a later RUN no longer makes the image smaller. Stale lists also tempt later `apt-get install` calls to use outdated indexes.",
        bad: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
        good: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n",
    },
};

impl Rule for AptListsLeftInLayer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let lists = [CachePath::abs("/var/lib/apt/lists")];
        let distclean = |cx: &Context<'_>, c: &crate::rules::support::commands::Cmd<'_>| {
            read_cached(cx, c)
                .is_some_and(|p| p.manager.is_apt() && p.is_action(&["distclean", "dist-clean"]))
        };
        for run in run_commands(cx) {
            for (pos, cmd) in run.cmds.iter().enumerate() {
                let Some(pc) = read_cached(cx, cmd) else {
                    continue;
                };
                if !pc.manager.is_apt() || !pc.is_action(&["update"]) {
                    continue;
                }
                if keeps_cache(cx, run, pos, &lists, distclean) {
                    out.push(Finding::new(
                        pc.head_span(),
                        format!(
                            "`{}` leaves package lists in /var/lib/apt/lists that this RUN never deletes",
                            pc.head_text()
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
    fn fires_on_updates_without_cleanup() {
        assert_fires(
            &AptListsLeftInLayer,
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
            &[2],
        );
        // The offending word's line in a continued RUN; `apt` too.
        assert_fires(
            &AptListsLeftInLayer,
            "FROM debian:12\nRUN set -eux; \\\n    apt update; \\\n    apt install -y curl\n",
            &[3],
        );
        // Cleanup before the update does not count (hadolint #957).
        assert_fires(
            &AptListsLeftInLayer,
            "FROM debian:12\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y git\n",
            &[2],
        );
        // A second update after the cleanup.
        assert_fires(
            &AptListsLeftInLayer,
            "FROM debian:12\nRUN apt-get update && rm -rf /var/lib/apt/lists/* \\\n && apt-get update && apt-get install -y git\n",
            &[3],
        );
    }

    #[test]
    fn fires_through_wrappers_heredocs_and_onbuild() {
        assert_fires(
            &AptListsLeftInLayer,
            "FROM debian:12\nRUN sudo apt-get update\nRUN sh -c 'apt-get -qq update'\n",
            &[2, 3],
        );
        assert_fires(
            &AptListsLeftInLayer,
            "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nEOF\n",
            &[4],
        );
        assert_fires(
            &AptListsLeftInLayer,
            "FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y curl\n",
            &[2],
        );
        // A stage nothing builds on is an image of its own (`--target dev`).
        assert_fires(
            &AptListsLeftInLayer,
            "FROM debian:12 AS dev\nRUN apt-get update\nFROM debian:12\nRUN echo\n",
            &[2],
        );
    }

    #[test]
    fn silent_when_lists_are_removed_or_mounted() {
        assert_clean(
            &AptListsLeftInLayer,
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
        );
        assert_clean(
            &AptListsLeftInLayer,
            "FROM debian:12\nRUN apt-get update; apt-get install -y curl; \\\n  apt-get clean; sudo rm -r /var/lib/apt/lists\n",
        );
        assert_clean(
            &AptListsLeftInLayer,
            "FROM debian:12\nARG LISTS=/var/lib/apt/lists\nRUN apt-get update && rm -rf \"${LISTS}\"/*\n",
        );
        assert_clean(
            &AptListsLeftInLayer,
            "FROM debian:12\nRUN apt-get update && find /var/lib/apt/lists -mindepth 1 -delete\n",
        );
        assert_clean(
            &AptListsLeftInLayer,
            "FROM debian:13\nRUN apt-get update && apt-get install -y git && apt-get distclean\n",
        );
        assert_clean(
            &AptListsLeftInLayer,
            "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n    --mount=type=cache,target=/var/cache/apt \\\n    apt-get update && apt-get install -y curl\n",
        );
        assert_clean(
            &AptListsLeftInLayer,
            "FROM debian:12\nRUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n",
        );
        assert_clean(
            &AptListsLeftInLayer,
            "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\n",
        );
        assert_clean(
            &AptListsLeftInLayer,
            "FROM debian:12\nRUN apt-get install -y curl\nRUN echo apt-get update\n",
        );
    }

    #[test]
    fn silent_in_build_stages_that_do_not_ship() {
        assert_clean(
            &AptListsLeftInLayer,
            "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nRUN gcc -o /app main.c\nFROM debian:12-slim\nCOPY --from=build /app /app\n",
        );
        // ...but a stage copied whole, or built upon, ships.
        assert_fires(
            &AptListsLeftInLayer,
            "FROM debian:12 AS build\nRUN apt-get update\nFROM scratch\nCOPY --from=build / /\n",
            &[2],
        );
        assert_fires(
            &AptListsLeftInLayer,
            "FROM debian:12 AS base\nRUN apt-get update\nFROM base\nRUN echo\n",
            &[2],
        );
    }
}
