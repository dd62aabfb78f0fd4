//! DL3035: `zypper dist-upgrade` in an image build.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::packages::{Manager, package_commands};

/// See [`META`].
pub(crate) struct ZypperDistUpgrade;

static META: RuleMeta = RuleMeta {
    code: "DL3035",
    name: "zypper-dist-upgrade",
    severity: Severity::Warning,
    category: Category::Pinning,
    sources: &["hadolint:DL3035"],
    default_enabled: true,
    help: "Build from a newer base image instead, or install only the packages you need with `zypper install`.",
    docs: RuleDocs {
        what: "Flags `zypper dist-upgrade` (`zypper dup`) in RUN instructions. The same pattern with apt is HG131.",
        why: "Docker's guide asks for pinned, rebuildable images built on a trusted base. A distribution upgrade replaces, adds and removes packages according to whatever the repositories hold on the day of the build, so the same Dockerfile yields different images, and the result is no longer the base image its tag names. Upgrading is the base image's job: move to a newer tag.",
        bad: "FROM opensuse/tumbleweed:latest\nRUN zypper --non-interactive dist-upgrade\n",
        good: "FROM opensuse/tumbleweed:20240601\nRUN zypper --non-interactive install curl\n",
    },
};

impl Rule for ZypperDistUpgrade {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for pc in package_commands(cx) {
            if pc.manager == Manager::Zypper && pc.is_action(&["dist-upgrade", "dup"]) {
                out.push(Finding::new(
                    pc.head_span(),
                    format!(
                        "`{}` upgrades the whole distribution during the build",
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
    fn fires_on_dist_upgrade() {
        assert_fires(
            &ZypperDistUpgrade,
            "FROM opensuse/leap:15.6\nRUN zypper -n dup && \\\n    sudo zypper --non-interactive dist-upgrade --no-recommends\nONBUILD RUN zypper dup\n",
            &[2, 3, 4],
        );
    }

    #[test]
    fn silent_on_other_calls() {
        assert_clean(
            &ZypperDistUpgrade,
            "FROM opensuse/leap:15.6\nRUN zypper -n update && zypper -n install dup && echo zypper dup\n",
        );
    }
}
