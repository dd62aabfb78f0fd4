//! HG004: A Dockerfile with no instruction at all (empty, or only comments).

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::syntax::SyntaxErrorKind;

/// See [`META`].
pub(crate) struct NoInstructions;

static META: RuleMeta = RuleMeta {
    code: "HG004",
    name: "no-instructions",
    severity: Severity::Error,
    category: Category::Correctness,
    sources: &["buildkit:parse-error"],
    default_enabled: true,
    help: "Point the build at the real Dockerfile, or add a `FROM`.",
    docs: RuleDocs {
        what: "A Dockerfile with no instruction at all (empty, or only comments).",
        why: "BuildKit refuses it with \"file with no instructions\"; usually the wrong file was passed.",
        bad: "# nothing here yet\n",
        good: "FROM alpine:3.20\n",
    },
};

impl Rule for NoInstructions {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        super::report(cx, SyntaxErrorKind::NoInstructions, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires() {
        assert_fires(&NoInstructions, "\n\n", &[3]);
    }

    #[test]
    fn clean() {
        assert_clean(&NoInstructions, "FROM scratch\n");
    }
}
