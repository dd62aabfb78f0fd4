//! DL3018: `apk add` of packages without a version.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::packages::{Manager, PackageCommand};
use crate::rules::support::pinning::report_unpinned;
use crate::shell::ShellWord;

/// See [`META`].
pub(crate) struct UnpinnedApkPackage;

static META: RuleMeta = RuleMeta {
    code: "DL3018",
    name: "unpinned-apk-package",
    severity: Severity::Warning,
    category: Category::Pinning,
    sources: &["hadolint:DL3018"],
    default_enabled: true,
    help: "Pin each package as `name=version` or `name~major.minor` (see `apk policy name`), or pin the base image by digest and accept the release branch's updates.",
    docs: RuleDocs {
        what: "Flags each package of `apk add` given without a version constraint. `name=1.2.3-r0`, `name~1.2`, `name>1.2`, `name<2` and `.apk` files count as pinned; the name given to `--virtual`/`-t` is not a package. Package lists in ARG or ENV variables are expanded; words whose value is unknown are skipped.",
        why: "Docker's security guide asks for pinned, rebuildable images: an unpinned `apk add` installs whatever the Alpine mirror holds at build time. The trade-off is sharp on Alpine: a release branch keeps only the newest build of each package, so an exact `=1.2.3-r0` pin breaks the build as soon as a fix is published (hadolint issue #464). `name~1.2` (any 1.2.x) is the usual compromise; pinning the `alpine:3.x` base image by digest and leaving packages at the branch's current version is the other.",
        bad: "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
        good: "FROM alpine:3.20\nRUN apk add --no-cache curl~8.9\n",
    },
};

fn select<'a>(p: &PackageCommand<'a>) -> Option<Vec<&'a ShellWord>> {
    (p.manager == Manager::Apk && p.is_action(&["add"])).then(|| p.packages.clone())
}

fn pinned(word: &str) -> bool {
    word.contains(['=', '~', '<', '>']) || word.ends_with(".apk")
}

impl Rule for UnpinnedApkPackage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        report_unpinned(cx, out, select, &pinned, "apk");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_each_unpinned_package() {
        assert_fires(
            &UnpinnedApkPackage,
            "FROM alpine:3.20\nRUN apk add --no-cache \\\n    curl=8.9.1-r0 \\\n    git \\\n    bash\n",
            &[4, 5],
        );
        let f = findings(
            &UnpinnedApkPackage,
            "FROM alpine:3.20\nRUN apk --no-cache add git\n",
        );
        assert_eq!(f[0].1, "apk package `git` is not pinned to a version");
    }

    #[test]
    fn reads_wrappers_heredocs_onbuild_and_variables() {
        assert_fires(
            &UnpinnedApkPackage,
            "FROM alpine:3.20\nARG PKGS=\"git make=4.4-r0\"\nRUN sudo apk add $PKGS\nONBUILD RUN apk add --virtual .build-deps gcc\nRUN <<EOF\napk add tini\nEOF\n",
            &[3, 4, 6],
        );
    }

    #[test]
    fn silent_on_versions_constraints_files_and_virtual_names() {
        assert_clean(
            &UnpinnedApkPackage,
            concat!(
                "FROM alpine:3.20\n",
                "ARG V\n",
                "RUN apk add --no-cache curl~8.9 'git>2.40' 'bash<6' make=4.4.1-r2 tini=${V}\n",
                "RUN apk add --no-cache --virtual .build-deps gcc=13.2.1_git20240309-r0\n",
                "RUN apk add --allow-untrusted /tmp/pkg.apk && apk add $(cat /deps)\n",
                "RUN apk update && apk upgrade && apk del git\n",
            ),
        );
    }
}
