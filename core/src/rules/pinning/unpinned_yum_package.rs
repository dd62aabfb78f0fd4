//! DL3033: `yum install` of packages without a version.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::packages::Manager;
use crate::rules::support::pinning::report_unpinned_rpm;

/// See [`META`].
pub(crate) struct UnpinnedYumPackage;

static META: RuleMeta = RuleMeta {
    code: "DL3033",
    name: "unpinned-yum-package",
    severity: Severity::Warning,
    category: Category::Pinning,
    sources: &["hadolint:DL3033"],
    default_enabled: true,
    help: "Pin each package as `name-version` (see `yum list --showduplicates name`) and each module as `name:stream`, or pin the base image by digest and install from a fixed repository snapshot.",
    docs: RuleDocs {
        what: "Flags each package of `yum install` given without a version, and each `yum module install` without a `:stream`. A package counts as pinned when its last or second-to-last dash-separated part starts with a digit (`httpd-2.4.6`, `httpd-2.4.6-99.el7`), and for `.rpm` files, paths, URLs, `@groups` and capabilities such as `perl(JSON)`. Unlike hadolint, a dash alone is not a version: `python3-devel` is reported. Package lists in ARG or ENV variables are expanded; unknown words are skipped.",
        why: "Docker's security guide asks for pinned, rebuildable images: an unpinned install gets whatever the repository serves at build time. The trade-off: repositories drop superseded builds, so exact pins eventually break rebuilds and need bumping; pinning the base image by digest and using a frozen repository snapshot is the alternative.",
        bad: "FROM centos:7\nRUN yum install -y httpd && yum clean all\n",
        good: "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n",
    },
};

impl Rule for UnpinnedYumPackage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        report_unpinned_rpm(cx, out, |m| m == Manager::Yum, "yum");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_unpinned_packages_and_modules() {
        assert_fires(
            &UnpinnedYumPackage,
            "FROM centos:7\nRUN yum install -y \\\n    httpd-2.4.6 \\\n    python3-devel \\\n    java-11-openjdk-devel\nRUN yum module install -y nodejs\n",
            &[4, 5, 6],
        );
        let f = findings(
            &UnpinnedYumPackage,
            "FROM centos:7\nRUN yum -y install git\n",
        );
        assert_eq!(f[0].1, "yum package `git` is not pinned to a version");
    }

    #[test]
    fn reads_wrappers_heredocs_onbuild_and_variables() {
        assert_fires(
            &UnpinnedYumPackage,
            "FROM centos:7\nENV PKGS=\"git-1.8.3 make\"\nRUN sudo yum install -y $PKGS\nONBUILD RUN yum install -y gcc\nRUN <<EOF\nyum install -y tar\nEOF\n",
            &[3, 4, 6],
        );
    }

    #[test]
    fn silent_on_versions_files_groups_and_streams() {
        assert_clean(
            &UnpinnedYumPackage,
            concat!(
                "FROM centos:7\n",
                "ARG KVER\n",
                "RUN yum install -y httpd-2.4.6-99.el7 nodejs-1:16.20.2 kernel-devel-${KVER} 'perl(JSON)'\n",
                "RUN yum install -y /tmp/x.rpm https://example.com/y.rpm @development\n",
                "RUN yum module install -y nodejs:18/common && yum update -y && yum remove -y git\n",
            ),
        );
    }
}
