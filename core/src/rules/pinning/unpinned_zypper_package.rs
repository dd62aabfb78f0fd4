//! DL3037: `zypper install` of packages without a version.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::packages::{Manager, PackageCommand};
use crate::rules::support::pinning::report_unpinned;
use crate::shell::ShellWord;

/// See [`META`].
pub(crate) struct UnpinnedZypperPackage;

static META: RuleMeta = RuleMeta {
    code: "DL3037",
    name: "unpinned-zypper-package",
    severity: Severity::Warning,
    category: Category::Pinning,
    sources: &["hadolint:DL3037"],
    default_enabled: true,
    help: "Pin each package as `name=version` or `name>=version` (quote the word), or pin the base image by digest and install from a fixed repository snapshot.",
    docs: RuleDocs {
        what: "Flags each package of `zypper install` (or `zypper in`) given without a version. `name=1.2`, `'name>=1.2'`, `'name<2'` and `.rpm` files count as pinned, as do capabilities such as `'perl(JSON)'` and paths. Installs of patterns, products or patches (`-t pattern`) are not checked. Package lists in ARG or ENV variables are expanded; unknown words are skipped.",
        why: "Docker's security guide asks for pinned, rebuildable images: an unpinned install gets whatever the repository serves at build time. The trade-off: repositories drop superseded builds, so exact pins eventually break rebuilds and need bumping; pinning the base image by digest and using a frozen repository snapshot is the alternative.",
        bad: "FROM opensuse/leap:15.6\nRUN zypper install -y curl && zypper clean\n",
        good: "FROM opensuse/leap:15.6\nRUN zypper install -y curl=8.6.0 && zypper clean\n",
    },
};

fn select<'a>(p: &PackageCommand<'a>) -> Option<Vec<&'a ShellWord>> {
    if p.manager != Manager::Zypper || !p.is_action(&["install", "in"]) {
        return None;
    }
    let kind = p.cmd.cmd.flag_value('t', "type").unwrap_or("package");
    (kind == "package").then(|| p.packages.clone())
}

fn pinned(word: &str) -> bool {
    word.contains(['=', '<', '>', '(', '/']) || word.ends_with(".rpm")
}

impl Rule for UnpinnedZypperPackage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        report_unpinned(cx, out, select, &pinned, "zypper");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_each_unpinned_package() {
        assert_fires(
            &UnpinnedZypperPackage,
            "FROM opensuse/leap:15.6\nRUN zypper --non-interactive install \\\n    curl=8.6.0 \\\n    git\nRUN zypper -n in -y vim\n",
            &[4, 5],
        );
        let f = findings(
            &UnpinnedZypperPackage,
            "FROM opensuse/leap:15.6\nRUN zypper in -y git\n",
        );
        assert_eq!(f[0].1, "zypper package `git` is not pinned to a version");
    }

    #[test]
    fn reads_wrappers_heredocs_onbuild_and_variables() {
        assert_fires(
            &UnpinnedZypperPackage,
            "FROM opensuse/leap:15.6\nENV PKGS=\"git make=4.2\"\nRUN sudo zypper install -y $PKGS\nONBUILD RUN zypper in -y gcc\nRUN <<EOF\nzypper in -y tar\nEOF\n",
            &[3, 4, 6],
        );
    }

    #[test]
    fn silent_on_versions_files_and_patterns() {
        assert_clean(
            &UnpinnedZypperPackage,
            concat!(
                "FROM opensuse/leap:15.6\n",
                "RUN zypper install -y 'curl>=8' 'git<3' make=4.2 'perl(JSON)' /tmp/x.rpm\n",
                "RUN zypper install -y -t pattern devel_basis && zypper in --type=pattern base\n",
                "RUN zypper refresh && zypper update -y && zypper remove -y git\n",
            ),
        );
    }
}
