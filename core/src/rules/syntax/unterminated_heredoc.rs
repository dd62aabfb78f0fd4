//! HG002: A heredoc (`<<EOF`) whose terminator line never comes.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::syntax::SyntaxErrorKind;

/// See [`META`].
pub(crate) struct UnterminatedHeredoc;

static META: RuleMeta = RuleMeta {
    code: "HG002",
    name: "unterminated-heredoc",
    severity: Severity::Error,
    category: Category::Correctness,
    sources: &["buildkit:parse-error"],
    default_enabled: true,
    help: "Add the terminator on a line of its own, exactly as named after `<<` (use `<<-` to allow leading tabs).",
    docs: RuleDocs {
        what: "A heredoc (`<<EOF`) whose terminator line never comes.",
        why: "BuildKit rejects the file. A missing terminator usually means the terminator line has leading spaces (only `<<-` strips leading tabs) or a typo.",
        bad: "FROM alpine:3.20\nRUN <<EOF\necho hi\n",
        good: "FROM alpine:3.20\nRUN <<EOF\necho hi\nEOF\n",
    },
};

impl Rule for UnterminatedHeredoc {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        super::report(cx, SyntaxErrorKind::UnterminatedHeredoc, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires() {
        assert_fires(
            &UnterminatedHeredoc,
            "FROM alpine:3.20\nRUN <<EOF\necho hi\n  EOF\n",
            &[2],
        );
    }

    #[test]
    fn clean() {
        assert_clean(
            &UnterminatedHeredoc,
            "FROM alpine:3.20\nRUN <<-EOF\n	echo hi\n	EOF\n",
        );
    }
}
