//! HG007: A RUN script (or CMD/ENTRYPOINT/HEALTHCHECK command) that does not parse as POSIX sh or bash.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::syntax::SyntaxErrorKind;

/// See [`META`].
pub(crate) struct UnparsableShellScript;

static META: RuleMeta = RuleMeta {
    code: "HG007",
    name: "unparsable-shell-script",
    severity: Severity::Warning,
    category: Category::Correctness,
    sources: &[],
    default_enabled: true,
    help: "Fix the shell syntax (unbalanced quotes, `fi`/`done` mismatches), or declare a non-POSIX shell with `SHELL`.",
    docs: RuleDocs {
        what: "A RUN script (or CMD/ENTRYPOINT/HEALTHCHECK command) that does not parse as POSIX sh or bash.",
        why: "The shell will likely fail at build time, and hullguard cannot check commands it cannot read, so a parse failure hides other findings.",
        bad: "FROM alpine:3.20\nRUN echo 'unterminated\n",
        good: "FROM alpine:3.20\nRUN echo 'terminated'\n",
    },
};

impl Rule for UnparsableShellScript {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        super::report(cx, SyntaxErrorKind::ShellSyntax, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires() {
        assert_fires(
            &UnparsableShellScript,
            "FROM debian:12\nRUN if true; then echo x\n",
            &[2],
        );
    }

    #[test]
    fn clean() {
        assert_clean(
            &UnparsableShellScript,
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN if ($true) { echo 'x }\n",
        );
    }
}
