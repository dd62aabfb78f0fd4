//! DL3036: zypper installs without `zypper clean` keep repository metadata in
//! `/var/cache/zypp`.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::cache::{CachePath, keeps_cache, run_commands};
use crate::rules::support::commands::Cmd;
use crate::rules::support::packages::{Manager, read_cached};

/// See [`META`].
pub(crate) struct ZypperCacheLeftInLayer;

static META: RuleMeta = RuleMeta {
    code: "DL3036",
    name: "zypper-cache-left-in-layer",
    severity: Severity::Warning,
    category: Category::Packages,
    sources: &["hadolint:DL3036", "trivy:DS-0020", "trivy:DS020"],
    default_enabled: true,
    help: "End the same RUN with `zypper clean --all`, or mount a cache on `/var/cache/zypp`.",
    docs: RuleDocs {
        what: "Flags `zypper` calls that download metadata or packages (`install`/`in`, `update`/`up`, `patch`, `dist-upgrade`/`dup`, `source-install`/`si`, `refresh`/`ref`…) when the same RUN does not run `zypper clean --all` (or `zypper clean --metadata`) or delete `/var/cache/zypp` afterwards, and no cache or tmpfs mount holds it. A bare `zypper clean` only removes downloaded packages, which zypper already deletes after installing, so it does not count. Build stages whose files never reach the image are not flagged.",
        why: "Docker's guide asks for images without caches. zypper keeps the raw and parsed repository metadata (tens of megabytes per repository) in `/var/cache/zypp`; once a layer holds it, a later RUN cannot make the image smaller.",
        bad: "FROM opensuse/leap:15.6\nRUN zypper --non-interactive install curl\n",
        good: "FROM opensuse/leap:15.6\nRUN zypper --non-interactive install curl && zypper clean --all\n",
    },
};

/// `zypper clean --all` / `zypper cc -a` / `zypper clean --metadata`.
fn cleans(cx: &Context<'_>, c: &Cmd<'_>) -> bool {
    read_cached(cx, c).is_some_and(|p| {
        p.manager == Manager::Zypper
            && p.is_action(&["clean", "cc"])
            && (p.has_flag('a', "all") || p.has_flag('m', "metadata"))
    })
}

impl Rule for ZypperCacheLeftInLayer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        const FILLS: &[&str] = &[
            "install",
            "in",
            "update",
            "up",
            "patch",
            "dist-upgrade",
            "dup",
            "source-install",
            "si",
            "install-new-recommends",
            "inr",
            "refresh",
            "ref",
        ];
        let caches = [CachePath::abs("/var/cache/zypp")];
        for run in run_commands(cx) {
            for (pos, cmd) in run.cmds.iter().enumerate() {
                let Some(pc) = read_cached(cx, cmd) else {
                    continue;
                };
                if pc.manager != Manager::Zypper || !pc.is_action(FILLS) {
                    continue;
                }
                if keeps_cache(cx, run, pos, &caches, cleans) {
                    out.push(Finding::new(
                        pc.head_span(),
                        format!(
                            "`{}` leaves repository metadata in /var/cache/zypp: no `zypper clean --all` follows in this RUN",
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
    fn fires_without_clean_all() {
        assert_fires(
            &ZypperCacheLeftInLayer,
            "FROM opensuse/leap:15.6\nRUN zypper -n install curl\n",
            &[2],
        );
        // A bare `zypper clean` removes packages only, not metadata.
        assert_fires(
            &ZypperCacheLeftInLayer,
            "FROM opensuse/leap:15.6\nRUN zypper -n ref && \\\n    sudo zypper -n in curl && zypper clean\n",
            &[2, 3],
        );
        assert_fires(
            &ZypperCacheLeftInLayer,
            "FROM opensuse/leap:15.6\nRUN <<EOF\nzypper -n up\nEOF\nONBUILD RUN zypper -n in git\n",
            &[3, 5],
        );
    }

    #[test]
    fn silent_with_cleanup_or_mount() {
        assert_clean(
            &ZypperCacheLeftInLayer,
            "FROM opensuse/leap:15.6\nRUN zypper -n in curl && zypper clean --all && zypper -n in git && zypper cc -a\n",
        );
        assert_clean(
            &ZypperCacheLeftInLayer,
            "FROM opensuse/leap:15.6\nRUN zypper -n in curl && rm -rf /var/cache/zypp/*\n",
        );
        assert_clean(
            &ZypperCacheLeftInLayer,
            "FROM opensuse/leap:15.6\nRUN --mount=type=cache,target=/var/cache/zypp zypper -n in curl\n",
        );
        assert_clean(
            &ZypperCacheLeftInLayer,
            "FROM opensuse/leap:15.6\nRUN zypper -n rm vim && zypper search curl\n",
        );
    }
}
