//! DL3030: a `yum` call that may ask for confirmation, without `-y`.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::packages::{Manager, package_commands, rpm_assumes_yes, rpm_may_prompt};

/// See [`META`].
pub(crate) struct YumWithoutAssumeYes;

static META: RuleMeta = RuleMeta {
    code: "DL3030",
    name: "yum-without-assume-yes",
    severity: Severity::Warning,
    category: Category::Correctness,
    sources: &["hadolint:DL3030"],
    default_enabled: true,
    help: "Add `-y` (`yum install -y …`) so the build never waits for an answer.",
    docs: RuleDocs {
        what: "Flags `yum` calls that install, remove, update or swap packages (`install`, `groupinstall`, `group install`, `update`, `remove`…) without `-y`/`--assumeyes`, `--setopt=assumeyes=1`, answers piped in, or `assumeyes=1` written to a yum configuration file earlier in the stage.",
        why: "A rebuildable image needs a build that runs unattended. Without `-y`, yum asks \"Is this ok [y/N]\"; a build has no terminal, so yum reads end-of-file and exits without installing anything.",
        bad: "FROM centos:7\nRUN yum install httpd && yum clean all\n",
        good: "FROM centos:7\nRUN yum install -y httpd && yum clean all\n",
    },
};

impl Rule for YumWithoutAssumeYes {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for pc in package_commands(cx) {
            if pc.manager != Manager::Yum || !rpm_may_prompt(pc) || rpm_assumes_yes(cx, pc) {
                continue;
            }
            out.push(Finding::new(
                pc.head_span(),
                format!(
                    "`{}` without `-y` stops at yum's confirmation prompt",
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
            &YumWithoutAssumeYes,
            "FROM centos:7\nRUN yum install httpd && yum clean all\n",
            &[2],
        );
        assert_fires(
            &YumWithoutAssumeYes,
            "FROM centos:7\nRUN yum -q update \\\n && sudo yum group install 'Development Tools'\n",
            &[2, 3],
        );
        assert_fires(
            &YumWithoutAssumeYes,
            "FROM centos:7\nRUN <<EOF\nyum makecache\nyum remove -q vim\nEOF\nONBUILD RUN yum localinstall /tmp/x.rpm\n",
            &[4, 6],
        );
    }

    #[test]
    fn silent_with_a_yes_or_without_a_prompt() {
        assert_clean(
            &YumWithoutAssumeYes,
            "FROM centos:7\nRUN yum -y install httpd && yum install --assumeyes git && sh -c 'yum -qy update'\n",
        );
        assert_clean(
            &YumWithoutAssumeYes,
            "FROM centos:7\nRUN yum --setopt=assumeyes=1 install httpd && yes | yum remove vim\n",
        );
        assert_clean(
            &YumWithoutAssumeYes,
            "FROM centos:7\nRUN echo 'assumeyes=1' >> /etc/yum.conf\nRUN yum install httpd\n",
        );
        assert_clean(
            &YumWithoutAssumeYes,
            "FROM centos:7\nRUN yum clean all && yum makecache && yum list installed && yum info git\n",
        );
    }
}
