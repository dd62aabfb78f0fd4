//! DL3034: a `zypper` call that may ask for confirmation, without
//! `--non-interactive` or `-y`.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::packages::{Manager, PackageCommand, package_commands};

/// See [`META`].
pub(crate) struct ZypperWithoutNonInteractive;

static META: RuleMeta = RuleMeta {
    code: "DL3034",
    name: "zypper-without-non-interactive",
    severity: Severity::Warning,
    category: Category::Correctness,
    sources: &["hadolint:DL3034"],
    default_enabled: true,
    help: "Add `--non-interactive` before the command (`zypper -n install …`) or `-y` after it.",
    docs: RuleDocs {
        what: "Flags `zypper` calls that install, remove, update or patch packages (`install`/`in`, `remove`/`rm`, `update`/`up`, `patch`, `dist-upgrade`/`dup`, `source-install`/`si`…) without the global `-n`/`--non-interactive` (written before the command) or the command's `-y`/`--no-confirm`, and without answers piped in. A `-n` written after the command is not the global switch (for `install` it means `--name`).",
        why: "A rebuildable image needs a build that runs unattended. Without a non-interactive switch zypper asks for confirmation; a build has no terminal, so the call fails or waits, depending on the zypper version.",
        bad: "FROM opensuse/leap:15.6\nRUN zypper install curl && zypper clean --all\n",
        good: "FROM opensuse/leap:15.6\nRUN zypper --non-interactive install curl && zypper clean --all\n",
    },
};

/// zypper commands that may ask for confirmation.
const PROMPTING: &[&str] = &[
    "install",
    "in",
    "remove",
    "rm",
    "update",
    "up",
    "patch",
    "dist-upgrade",
    "dup",
    "source-install",
    "si",
    "install-new-recommends",
    "inr",
    "verify",
    "ve",
];

/// Whether the call cannot stall on a prompt.
fn non_interactive(pc: &PackageCommand<'_>) -> bool {
    let global = pc.global_options().any(|o| {
        let t = o.text();
        t == "--non-interactive"
            || t.strip_prefix('-')
                .filter(|c| !c.starts_with('-') && c.chars().all(|ch| ch.is_ascii_alphanumeric()))
                .is_some_and(|c| c.contains('n'))
    });
    global
        || pc.has_flag('y', "no-confirm")
        || pc.has_flag('\0', "non-interactive")
        || pc.answers_piped()
}

impl Rule for ZypperWithoutNonInteractive {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for pc in package_commands(cx) {
            if pc.manager != Manager::Zypper || !pc.is_action(PROMPTING) || non_interactive(pc) {
                continue;
            }
            out.push(Finding::new(
                pc.head_span(),
                format!(
                    "`{}` without `--non-interactive` or `-y` stops at zypper's confirmation prompt",
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
    fn fires_without_a_switch() {
        assert_fires(
            &ZypperWithoutNonInteractive,
            "FROM opensuse/leap:15.6\nRUN zypper install curl\n",
            &[2],
        );
        // `-n` after the command is `--name`, not the global switch.
        assert_fires(
            &ZypperWithoutNonInteractive,
            "FROM opensuse/leap:15.6\nRUN zypper --gpg-auto-import-keys refresh \\\n && sudo zypper in -n curl\n",
            &[3],
        );
        assert_fires(
            &ZypperWithoutNonInteractive,
            "FROM opensuse/leap:15.6\nRUN <<EOF\nzypper rm vim\nEOF\nONBUILD RUN zypper patch\n",
            &[3, 5],
        );
    }

    #[test]
    fn silent_with_a_switch() {
        assert_clean(
            &ZypperWithoutNonInteractive,
            "FROM opensuse/leap:15.6\nRUN zypper -n in curl && zypper --non-interactive install git && zypper install -y vim\n",
        );
        assert_clean(
            &ZypperWithoutNonInteractive,
            "FROM opensuse/leap:15.6\nRUN zypper -qn install curl && zypper in --no-confirm git && echo y | zypper rm vim\n",
        );
        assert_clean(
            &ZypperWithoutNonInteractive,
            "FROM opensuse/leap:15.6\nRUN zypper refresh && zypper search curl && sh -c 'zypper -n up'\n",
        );
    }
}
