//! DL3008: `apt-get install` of packages without `=version`.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::packages::{Manager, PackageCommand};
use crate::rules::support::pinning::report_unpinned;
use crate::shell::ShellWord;

/// See [`META`].
pub(crate) struct UnpinnedAptPackage;

static META: RuleMeta = RuleMeta {
    code: "DL3008",
    name: "unpinned-apt-package",
    severity: Severity::Warning,
    category: Category::Pinning,
    sources: &["hadolint:DL3008"],
    default_enabled: true,
    help: "Pin each package as `name=version` (see `apt-cache policy name`), or pin the base image by digest and install from a snapshot repository such as snapshot.debian.org.",
    docs: RuleDocs {
        what: "Flags each package of `apt-get install` (and `apt install`) given without a version. `name=version` (also `name=1.2*` and `name:arch=version`), `name/release`, paths and `.deb` files count as pinned. Package lists in ARG or ENV variables are expanded; words whose value is unknown (`$(cat list)`, ARGs without default) are skipped. `-t release` alone is not a version.",
        why: "Docker's security guide asks for pinned, rebuildable images: without a version every build installs whatever the mirror serves that day, so two builds of the same Dockerfile differ and a broken or compromised update slips in unnoticed. The trade-off is real: Debian and Ubuntu remove old versions from their mirrors, so a pinned install stops building after the next point release (hadolint issues #204 and #464) and must be bumped by hand. If that churn is too much, pin the base image by digest and point apt at a dated snapshot repository (snapshot.debian.org, snapshot.ubuntu.com) instead, and ignore this rule.",
        bad: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
        good: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\n",
    },
};

fn select<'a>(p: &PackageCommand<'a>) -> Option<Vec<&'a ShellWord>> {
    (matches!(p.manager, Manager::AptGet | Manager::Apt) && p.is_action(&["install"]))
        .then(|| p.packages.clone())
}

fn pinned(word: &str) -> bool {
    word.contains('=') || word.contains('/') || word.ends_with(".deb")
}

impl Rule for UnpinnedAptPackage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        report_unpinned(cx, out, select, &pinned, "apt");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_each_unpinned_package() {
        assert_fires(
            &UnpinnedAptPackage,
            "FROM debian:12\nRUN apt-get update && apt-get install -y \\\n    curl=7.88 \\\n    git \\\n    ca-certificates\n",
            &[4, 5],
        );
        let f = findings(
            &UnpinnedAptPackage,
            "FROM debian:12\nRUN apt-get install -y git\n",
        );
        assert_eq!(f[0].1, "apt package `git` is not pinned to a version");
    }

    #[test]
    fn reads_apt_wrappers_heredocs_and_onbuild() {
        assert_fires(
            &UnpinnedAptPackage,
            "FROM debian:12\nRUN sudo apt install -y git\nRUN sh -c 'apt-get -q install -y vim'\nONBUILD RUN apt-get install -y make\n",
            &[2, 3, 4],
        );
        assert_fires(
            &UnpinnedAptPackage,
            "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y -t bookworm-backports git\nEOF\n",
            &[5],
        );
    }

    #[test]
    fn expands_package_lists_from_arg_and_env() {
        let text = "FROM debian:12\nENV PKGS=\"git=1:2.39 curl\"\nARG EXTRA\nRUN apt-get install -y $PKGS $EXTRA\n";
        let f = findings(&UnpinnedAptPackage, text);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 4);
        assert_eq!(
            f[0].1,
            "apt package `curl` (from `$PKGS`) is not pinned to a version"
        );
    }

    #[test]
    fn expands_package_lists_assigned_in_the_script() {
        assert_fires(
            &UnpinnedAptPackage,
            "FROM debian:12\nRUN set -eux; \\\n    fetchDeps=' \\\n        wget=1.21 \\\n        gnupg \\\n    '; \\\n    export more=\"dirmngr\"; \\\n    apt-get install -y $fetchDeps $more\n",
            &[8, 8],
        );
    }

    #[test]
    fn silent_on_versions_releases_files_and_unknown_words() {
        assert_clean(
            &UnpinnedAptPackage,
            concat!(
                "FROM debian:12\n",
                "ARG CURL_VERSION\n",
                "RUN apt-get install -y --no-install-recommends curl=${CURL_VERSION} git=1:2.39* libc6:amd64=2.36-9\n",
                "RUN apt-get install -y ./pkg.deb /tmp/other.deb nginx/bookworm-backports\n",
                "RUN apt-get install -y $(cat /tmp/packages.txt) && apt-get install -f\n",
                "RUN apt-get update && apt-get upgrade -y && apt-get remove -y git\n",
                "RUN echo apt-get install git\n",
            ),
        );
    }
}
