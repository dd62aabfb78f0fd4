//! DL3041: `dnf install` (and `microdnf`, `tdnf`) of packages without a version.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::packages::Manager;
use crate::rules::support::pinning::report_unpinned_rpm;

/// See [`META`].
pub(crate) struct UnpinnedDnfPackage;

static META: RuleMeta = RuleMeta {
    code: "DL3041",
    name: "unpinned-dnf-package",
    severity: Severity::Warning,
    category: Category::Pinning,
    sources: &["hadolint:DL3041"],
    default_enabled: true,
    help: "Pin each package as `name-version` (see `dnf list --showduplicates name`) and each module as `name:stream`, or pin the base image by digest and install from a fixed repository snapshot.",
    docs: RuleDocs {
        what: "Flags each package of `dnf install`, `microdnf install` or `tdnf install` given without a version, and each `dnf module install` without a `:stream`. A package counts as pinned when its last or second-to-last dash-separated part starts with a digit (`nginx-1.24.0`, `nginx-1:1.24.0-1.el9`), and for `.rpm` files, paths, URLs, `@groups` and capabilities such as `dnf-command(config-manager)`. `dnf group install` is not checked. Package lists in ARG or ENV variables are expanded; unknown words are skipped.",
        why: "Docker's security guide asks for pinned, rebuildable images: an unpinned install gets whatever the repository serves at build time. The trade-off: repositories drop superseded builds, so exact pins eventually break rebuilds and need bumping; pinning the base image by digest and using a frozen repository snapshot is the alternative.",
        bad: "FROM fedora:40\nRUN dnf install -y nginx && dnf clean all\n",
        good: "FROM fedora:40\nRUN dnf install -y nginx-1.26.2 && dnf clean all\n",
    },
};

fn is_dnf(m: Manager) -> bool {
    matches!(m, Manager::Dnf | Manager::Microdnf)
}

impl Rule for UnpinnedDnfPackage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        report_unpinned_rpm(cx, out, is_dnf, "dnf");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_unpinned_packages_and_modules() {
        assert_fires(
            &UnpinnedDnfPackage,
            "FROM fedora:40\nRUN dnf install -y \\\n    nginx-1.26.2 \\\n    python3-pip\nRUN microdnf install -y git && dnf module install -y php\n",
            &[4, 5, 5],
        );
        let f = findings(
            &UnpinnedDnfPackage,
            "FROM fedora:40\nRUN dnf -y install git\n",
        );
        assert_eq!(f[0].1, "dnf package `git` is not pinned to a version");
    }

    #[test]
    fn reads_wrappers_heredocs_onbuild_and_variables() {
        assert_fires(
            &UnpinnedDnfPackage,
            "FROM fedora:40\nARG PKGS=\"git-2.46.0 make\"\nRUN sudo tdnf install -y $PKGS\nONBUILD RUN dnf install -y gcc\nRUN <<EOF\ndnf install -y tar\nEOF\n",
            &[3, 4, 6],
        );
    }

    #[test]
    fn silent_on_versions_files_groups_and_streams() {
        assert_clean(
            &UnpinnedDnfPackage,
            concat!(
                "FROM fedora:40\n",
                "RUN dnf install -y nginx-1:1.26.2-1.fc40 'dnf-command(config-manager)' /tmp/x.rpm @core\n",
                "RUN dnf module install -y nodejs:20 && dnf group install -y 'Development Tools'\n",
                "RUN dnf install -y $(cat /deps) && dnf upgrade -y && dnf remove -y git\n",
            ),
        );
    }
}
