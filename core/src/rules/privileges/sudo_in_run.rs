//! DL3004: `sudo` in a build step.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::commands::build_commands;

/// See [`META`].
pub(crate) struct SudoInRun;

static META: RuleMeta = RuleMeta {
    code: "DL3004",
    name: "sudo-in-run",
    severity: Severity::Error,
    category: Category::Privileges,
    sources: &[
        "hadolint:DL3004",
        "trivy:DS-0010",
        "trivy:DS010",
        "checkov:CKV2_DOCKER_1",
        "dockle:DKL-DI-0001",
    ],
    default_enabled: true,
    help: "Drop `sudo`: switch with `USER root` for the steps that need it, then back to the unprivileged user; at run time step down with `gosu` or `su-exec` instead.",
    docs: RuleDocs {
        what: "Flags `sudo` run as a command in a `RUN` or `ONBUILD RUN` script, wherever it sits: after `&&`, in a heredoc script, inside `sh -c '…'`, or behind wrappers such as `env` or `xargs`. Installing the sudo package is not flagged here.",
        why: "Docker's guide advises against installing or using sudo in images: its TTY and signal-forwarding behaviour is unpredictable in containers, and an image that needs sudo at build time usually ships it, giving any process in the container an easy path back to root. Build steps can simply run as root with `USER root` and switch back afterwards.",
        bad: "FROM ubuntu:24.04\nUSER app\nRUN sudo apt-get update\n",
        good: "FROM ubuntu:24.04\nUSER root\nRUN apt-get update\nUSER app\n",
    },
};

impl Rule for SudoInRun {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for c in build_commands(cx) {
            if c.cmd.program() != Some("sudo") {
                continue;
            }
            let span = c.cmd.name.as_ref().map_or(c.span(), |n| c.map(n.span));
            let what = c
                .script
                .commands
                .get(c.script.innermost(c.index))
                .filter(|_| c.cmd.wraps.is_some())
                .and_then(|w| w.program())
                .map_or(String::new(), |p| format!(" to run `{p}`"));
            out.push(Finding::new(span, format!("RUN uses `sudo`{what}")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_sudo_anywhere_in_build_scripts() {
        assert_fires(
            &SudoInRun,
            "FROM ubuntu:24.04\nRUN sudo apt-get update\n",
            &[2],
        );
        assert_fires(
            &SudoInRun,
            "FROM ubuntu:24.04\nRUN apt-get update && \\\n    sudo apt-get install -y curl\n",
            &[3],
        );
        assert_fires(
            &SudoInRun,
            "FROM ubuntu:24.04\nRUN sh -c 'sudo make install'\n",
            &[2],
        );
        assert_fires(
            &SudoInRun,
            "FROM ubuntu:24.04\nRUN <<EOF\nset -e\nsudo make install\nEOF\n",
            &[4],
        );
        assert_fires(
            &SudoInRun,
            "FROM ubuntu:24.04\nONBUILD RUN sudo make\n",
            &[2],
        );
        assert_fires(
            &SudoInRun,
            "FROM ubuntu:24.04\nRUN find . -name x | xargs sudo rm\n",
            &[2],
        );
        let got = findings(&SudoInRun, "FROM ubuntu:24.04\nRUN sudo -u app npm ci\n");
        assert_eq!(got[0].1, "RUN uses `sudo` to run `npm`");
    }

    #[test]
    fn silent_without_sudo_as_a_command() {
        assert_clean(
            &SudoInRun,
            "FROM ubuntu:24.04\nRUN apt-get install -y sudo && echo sudo && grep -r sudo /etc\n",
        );
        assert_clean(&SudoInRun, "FROM ubuntu:24.04\nCMD sudo -E app\n");
        assert_clean(
            &SudoInRun,
            "FROM ubuntu:24.04\nRUN echo 'app ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/app\n",
        );
    }
}
