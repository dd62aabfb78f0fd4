//! DL3002: the final image's last `USER` is root.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::model::UserState;

use super::is_root_user;

/// See [`META`].
pub(crate) struct LastUserRoot;

static META: RuleMeta = RuleMeta {
    code: "DL3002",
    name: "last-user-root",
    severity: Severity::Warning,
    category: Category::Privileges,
    sources: &[
        "hadolint:DL3002",
        "trivy:DS-0002",
        "trivy:DS002",
        "checkov:CKV_DOCKER_8",
        "dockle:CIS-DI-0001",
    ],
    default_enabled: true,
    help: "Switch back to an unprivileged user (`USER app` or `USER 10001`) after the steps that need root.",
    docs: RuleDocs {
        what: "Flags the `USER` that decides who the final image runs as — the last one in the final stage or, when it sets none, in the stages it is built `FROM` — when it names root: `root`, `0`, `root:<group>` or `0:<group>`, after resolving ARG and ENV values (`USER ${APP_USER}`). Unlike hadolint, a `USER root` that is the last one of a build stage the final image only copies files from is not flagged: nothing of that stage's user ships.",
        why: "Docker's guide asks images to run as a non-root user. Switching to root for a few build steps is fine, but when the last USER is root, every container started from the image runs as root, and a compromised process gets root on the host's kernel.",
        bad: "FROM debian:12\nRUN useradd --system app\nUSER root\nCMD [\"app\"]\n",
        good: "FROM debian:12\nRUN useradd --system app\nUSER app\nCMD [\"app\"]\n",
    },
};

impl Rule for LastUserRoot {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(last) = cx.model.final_stage() else {
            return;
        };
        if let UserState::Set(user) = cx.model.effective_user(last.index)
            && is_root_user(&user.value)
        {
            let written = if user.written == user.value {
                String::new()
            } else {
                format!(" (from `{}`)", user.written)
            };
            out.push(Finding::new(
                user.span,
                format!(
                    "the final image runs as `{}`{written}: its last USER is root",
                    user.value
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
    fn fires_on_root_as_the_last_user_of_the_final_image() {
        assert_fires(&LastUserRoot, "FROM debian:12\nUSER root\n", &[2]);
        assert_fires(&LastUserRoot, "FROM debian:12\nUSER app\nUSER 0:0\n", &[3]);
        assert_fires(&LastUserRoot, "FROM debian:12\nUSER root:staff\n", &[2]);
        // ARG-resolved.
        assert_fires(
            &LastUserRoot,
            "FROM debian:12\nARG APP_USER=root\nUSER ${APP_USER}\n",
            &[3],
        );
        // The parent stage's USER carries over when the final stage sets none.
        assert_fires(
            &LastUserRoot,
            "FROM debian:12 AS base\nUSER root\nFROM base\nRUN echo hi\n",
            &[2],
        );
    }

    #[test]
    fn silent_on_non_root_or_build_stage_root() {
        assert_clean(
            &LastUserRoot,
            "FROM debian:12\nUSER root\nRUN apt-get update\nUSER app\n",
        );
        // Root in a build stage does not ship.
        assert_clean(
            &LastUserRoot,
            "FROM debian:12 AS build\nUSER root\nRUN make\nFROM debian:12\nCOPY --from=build /out /out\nUSER 10001\n",
        );
        // No USER at all is HG150's finding.
        assert_clean(&LastUserRoot, "FROM debian:12\n");
        assert_clean(&LastUserRoot, "FROM debian:12\nUSER rootless\n");
        // An unset ARG: unknown user.
        assert_clean(&LastUserRoot, "FROM debian:12\nARG U\nUSER ${U}\n");
    }
}
