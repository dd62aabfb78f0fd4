//! DL3014: `apt-get install` without `-y` stops at the "Do you want to
//! continue?" prompt, which a build answers with end-of-file: it aborts.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::packages::{
    PackageCommand, config_values, is_truthy, package_commands, written_before,
};

use super::apt_install_recommends::simulated;

/// See [`META`].
pub(crate) struct AptWithoutAssumeYes;

static META: RuleMeta = RuleMeta {
    code: "DL3014",
    name: "apt-without-assume-yes",
    severity: Severity::Warning,
    category: Category::Correctness,
    sources: &["hadolint:DL3014", "trivy:DS-0021", "trivy:DS021"],
    default_enabled: true,
    help: "Add `-y` (`apt-get install -y …`) so the build never waits for an answer.",
    docs: RuleDocs {
        what: "Flags `apt-get` and `apt` calls that can ask for confirmation (`install`, `remove`, `purge`, `upgrade`, `dist-upgrade`, `autoremove`, `build-dep`…) without `-y`/`--yes`/`--assume-yes`, `-qq` (which implies `-y`), `-o APT::Get::Assume-Yes=true`, an `APT::Get::Assume-Yes \"true\";` line written to an apt configuration file earlier in the stage, or answers piped in (`yes | apt-get …`). `DEBIAN_FRONTEND=noninteractive` does not count: it silences debconf questions, not apt's own prompt.",
        why: "A rebuildable image needs a build that runs unattended. Without `-y`, apt asks whether to continue whenever it installs more than was named or removes anything; a build has no terminal, so apt reads end-of-file and aborts, and whether that happens depends on what the base image already contains.",
        bad: "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends curl\n",
        good: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
    },
};

/// apt actions that may prompt.
const PROMPTING: &[&str] = &[
    "install",
    "reinstall",
    "remove",
    "purge",
    "autoremove",
    "autopurge",
    "upgrade",
    "dist-upgrade",
    "full-upgrade",
    "build-dep",
    "satisfy",
];

/// apt's quiet level from `-q`, `-qq`, `-q=2`, `--quiet`, `--quiet=2`.
fn quiet_level(pc: &PackageCommand<'_>) -> usize {
    let mut level = 0;
    for o in &pc.options {
        let t = o.text();
        if let Some(v) = t.strip_prefix("--quiet=").or_else(|| t.strip_prefix("-q=")) {
            level += v.parse::<usize>().unwrap_or(1);
        } else if t == "--quiet" {
            level += 1;
        } else if let Some(cluster) = t
            .strip_prefix('-')
            .filter(|c| !c.starts_with('-') && c.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            level += cluster.matches('q').count();
        }
    }
    level
}

/// Whether the command line itself answers yes.
fn yes_on_command(pc: &PackageCommand<'_>) -> bool {
    if pc.has_flag('y', "yes") || pc.has_flag('\0', "assume-yes") || quiet_level(pc) >= 2 {
        return true;
    }
    pc.options.iter().any(|w| {
        let t = w.text();
        config_values(t, "apt::get::assume-yes")
            .into_iter()
            .any(is_truthy)
    })
}

impl Rule for AptWithoutAssumeYes {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for pc in package_commands(cx) {
            if !pc.manager.is_apt() || !pc.is_action(PROMPTING) {
                continue;
            }
            if yes_on_command(pc) || simulated(pc) || pc.answers_piped() {
                continue;
            }
            let configured = written_before(cx, &pc.cmd, "apt-assume-yes", |t| {
                config_values(t, "assume-yes").into_iter().any(is_truthy)
            });
            if configured {
                continue;
            }
            out.push(Finding::new(
                pc.head_span(),
                format!(
                    "`{}` without `-y` aborts the build if apt asks for confirmation",
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
    fn fires_without_a_yes() {
        assert_fires(
            &AptWithoutAssumeYes,
            "FROM debian:12\nRUN apt-get update && apt-get install curl\n",
            &[2],
        );
        // DEBIAN_FRONTEND and a single -q do not answer apt's prompt.
        assert_fires(
            &AptWithoutAssumeYes,
            "FROM debian:12\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get -q install curl \\\n && DEBIAN_FRONTEND=noninteractive sudo apt-get purge git\n",
            &[3, 4],
        );
        assert_fires(
            &AptWithoutAssumeYes,
            "FROM debian:12\nRUN <<EOF\napt-get update\napt upgrade\nEOF\nONBUILD RUN apt-get remove vim\n",
            &[4, 6],
        );
        assert_fires(
            &AptWithoutAssumeYes,
            "FROM debian:12\nRUN sh -c 'apt-get install -o APT::Get::Assume-Yes=false curl'\n",
            &[2],
        );
    }

    #[test]
    fn silent_with_a_yes() {
        assert_clean(
            &AptWithoutAssumeYes,
            "FROM debian:12\nRUN apt-get install -y curl && apt-get -qy install git && apt-get install --yes vim\n",
        );
        assert_clean(
            &AptWithoutAssumeYes,
            "FROM debian:12\nRUN apt-get --assume-yes install curl && apt-get -qq install git && apt-get -q -q install vim\n",
        );
        assert_clean(
            &AptWithoutAssumeYes,
            "FROM debian:12\nRUN apt-get -o APT::Get::Assume-Yes=true install curl && yes | apt-get install git\n",
        );
        assert_clean(
            &AptWithoutAssumeYes,
            "FROM debian:12\nRUN echo 'APT::Get::Assume-Yes \"true\";' > /etc/apt/apt.conf.d/90assumeyes\nRUN apt-get install curl\n",
        );
        assert_clean(
            &AptWithoutAssumeYes,
            "FROM debian:12\nRUN apt-get update && apt-get -s install curl && apt-cache policy curl\n",
        );
    }
}
