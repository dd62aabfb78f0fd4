//! DL3027: `apt` in a build script; it is the interactive front end.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::packages::{Manager, package_commands};

/// See [`META`].
pub(crate) struct AptInsteadOfAptGet;

static META: RuleMeta = RuleMeta {
    code: "DL3027",
    name: "apt-instead-of-apt-get",
    severity: Severity::Warning,
    category: Category::Correctness,
    sources: &["hadolint:DL3027", "checkov:CKV_DOCKER_9"],
    default_enabled: true,
    help: "Use `apt-get` to install and remove packages, `apt-cache` to query them.",
    docs: RuleDocs {
        what: "Flags every `apt` command in RUN instructions (and ONBUILD RUN), including ones run through `sudo` or `sh -c`.",
        why: "A rebuildable image needs a build whose behaviour does not drift. `apt` is meant for people at a terminal: its output and behaviour may change between releases without notice (it says so on stderr: \"apt does not have a stable CLI interface\"), it shows progress bars meant for terminals, and options differ from `apt-get`'s. Scripts should use `apt-get` and `apt-cache`, whose interfaces are stable.",
        bad: "FROM debian:12\nRUN apt update && apt install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
        good: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
    },
};

impl Rule for AptInsteadOfAptGet {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for pc in package_commands(cx) {
            if pc.manager != Manager::Apt {
                continue;
            }
            let instead = match pc.action() {
                "search" | "show" | "showsrc" | "policy" | "depends" | "rdepends" | "madison" => {
                    "apt-cache"
                }
                "list" => "dpkg-query or apt-cache",
                _ => "apt-get",
            };
            out.push(Finding::new(
                pc.head_span(),
                format!(
                    "`{}` uses the interactive `apt` front end; use `{instead}` in scripts",
                    pc.head_text()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires_on_apt() {
        assert_fires(
            &AptInsteadOfAptGet,
            "FROM debian:12\nRUN apt update && \\\n    sudo apt install -y curl\n",
            &[2, 3],
        );
        assert_fires(
            &AptInsteadOfAptGet,
            "FROM debian:12\nRUN <<EOF\napt-get update\n/usr/bin/apt show curl\nEOF\nONBUILD RUN sh -c 'apt list --installed'\n",
            &[4, 6],
        );
    }

    #[test]
    fn silent_on_apt_get_and_apt_cache() {
        assert_clean(
            &AptInsteadOfAptGet,
            "FROM debian:12\nRUN apt-get update && apt-cache policy curl && apt-get install -y apt && echo apt install\n",
        );
        assert_clean(&AptInsteadOfAptGet, "FROM debian:12\nCMD apt list\n");
    }
}
