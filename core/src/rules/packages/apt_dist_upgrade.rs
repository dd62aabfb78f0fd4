//! HG131: `apt-get dist-upgrade` / `apt full-upgrade` in an image build.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::packages::package_commands;

/// See [`META`].
pub(crate) struct AptDistUpgrade;

static META: RuleMeta = RuleMeta {
    code: "HG131",
    name: "apt-dist-upgrade",
    severity: Severity::Warning,
    category: Category::Pinning,
    sources: &["trivy:DS-0024", "trivy:DS024", "dockle:DKL-DI-0003"],
    default_enabled: true,
    help: "Build from a newer base image instead; if you need security fixes now, `apt-get upgrade` does not add or remove packages.",
    docs: RuleDocs {
        what: "Flags `apt-get dist-upgrade`, `apt-get full-upgrade`, `apt dist-upgrade` and `apt full-upgrade` in RUN instructions. The same pattern with zypper is DL3035.",
        why: "Docker's guide asks for pinned, rebuildable images built on a trusted base. A full upgrade may install new packages and remove others to follow changed dependencies, according to whatever the mirrors hold on the day of the build: the same Dockerfile yields different images, and the result is no longer the base image its tag names. Moving to a newer base image tag gets the same fixes reproducibly.",
        bad: "FROM debian:12\nRUN apt-get update && apt-get dist-upgrade -y && rm -rf /var/lib/apt/lists/*\n",
        good: "FROM debian:12.5\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n",
    },
};

impl Rule for AptDistUpgrade {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for pc in package_commands(cx) {
            if pc.manager.is_apt() && pc.is_action(&["dist-upgrade", "full-upgrade"]) {
                out.push(Finding::new(
                    pc.head_span(),
                    format!(
                        "`{}` may add and remove packages during the build",
                        pc.head_text()
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
    fn fires_on_full_upgrades() {
        assert_fires(
            &AptDistUpgrade,
            "FROM debian:12\nRUN apt-get update && apt-get -qq -y dist-upgrade \\\n && sudo apt full-upgrade -y\n",
            &[2, 3],
        );
        assert_fires(
            &AptDistUpgrade,
            "FROM debian:12\nRUN <<EOF\napt-get update\napt-get dist-upgrade -y\nEOF\nONBUILD RUN apt-get full-upgrade -y\n",
            &[4, 6],
        );
    }

    #[test]
    fn silent_on_other_calls() {
        assert_clean(
            &AptDistUpgrade,
            "FROM debian:12\nRUN apt-get update && apt-get upgrade -y && apt-get install -y dist-upgrade && echo apt-get dist-upgrade\n",
        );
    }
}
