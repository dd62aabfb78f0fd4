//! DL3038: a `dnf` (or `tdnf`, `microdnf`) call that may ask for
//! confirmation, without `-y`.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::packages::{Manager, package_commands, rpm_assumes_yes, rpm_may_prompt};

/// See [`META`].
pub(crate) struct DnfWithoutAssumeYes;

static META: RuleMeta = RuleMeta {
    code: "DL3038",
    name: "dnf-without-assume-yes",
    severity: Severity::Warning,
    category: Category::Correctness,
    sources: &["hadolint:DL3038"],
    default_enabled: true,
    help: "Add `-y` (`dnf install -y …`) so the build never waits for an answer.",
    docs: RuleDocs {
        what: "Flags `dnf`, `tdnf` and `microdnf` calls that install, remove, update or swap packages (`install`, `group install`, `module enable`, `upgrade`, `remove`…) without `-y`/`--assumeyes`, `--setopt=assumeyes=1`, answers piped in, or `assumeyes=1` written to a dnf configuration file earlier in the stage.",
        why: "A rebuildable image needs a build that runs unattended. Without `-y`, dnf (and microdnf since version 3.8) asks \"Is this ok [y/N]\"; a build has no terminal, so it reads end-of-file and exits without installing anything.",
        bad: "FROM fedora:40\nRUN dnf install httpd && dnf clean all\n",
        good: "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n",
    },
};

impl Rule for DnfWithoutAssumeYes {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for pc in package_commands(cx) {
            if !matches!(pc.manager, Manager::Dnf | Manager::Microdnf)
                || !rpm_may_prompt(pc)
                || rpm_assumes_yes(cx, pc)
            {
                continue;
            }
            out.push(Finding::new(
                pc.head_span(),
                format!(
                    "`{}` without `-y` stops at the confirmation prompt",
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
            &DnfWithoutAssumeYes,
            "FROM fedora:40\nRUN dnf install httpd && dnf clean all\n",
            &[2],
        );
        assert_fires(
            &DnfWithoutAssumeYes,
            "FROM oraclelinux:9-slim\nRUN microdnf install \\\n    gzip tar \\\n && microdnf clean all\n",
            &[2],
        );
        assert_fires(
            &DnfWithoutAssumeYes,
            "FROM fedora:40\nRUN <<EOF\ndnf module enable nodejs:20\ntdnf upgrade\nEOF\nONBUILD RUN sudo dnf groupinstall 'Development Tools'\n",
            &[3, 4, 6],
        );
    }

    #[test]
    fn silent_with_a_yes_or_without_a_prompt() {
        assert_clean(
            &DnfWithoutAssumeYes,
            "FROM fedora:40\nRUN dnf -y install httpd && microdnf install --assumeyes git && sh -c 'tdnf -qy update'\n",
        );
        assert_clean(
            &DnfWithoutAssumeYes,
            "FROM fedora:40\nRUN dnf --setopt=assumeyes=True install httpd && yes | dnf remove vim\n",
        );
        assert_clean(
            &DnfWithoutAssumeYes,
            "FROM fedora:40\nRUN printf '[main]\\nassumeyes=True\\n' > /etc/dnf/dnf.conf\nRUN dnf install httpd\n",
        );
        assert_clean(
            &DnfWithoutAssumeYes,
            "FROM fedora:40\nRUN dnf clean all && dnf makecache && dnf repoquery git && dnf module list\n",
        );
    }
}
