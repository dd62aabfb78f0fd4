//! HG001: An instruction BuildKit's parser rejects: a JSON array with non-string elements, `ENV` or `LABEL` without a value, `ONBUILD ONBUILD`.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::syntax::SyntaxErrorKind;

/// See [`META`].
pub(crate) struct InvalidInstruction;

static META: RuleMeta = RuleMeta {
    code: "HG001",
    name: "invalid-instruction",
    severity: Severity::Error,
    category: Category::Correctness,
    sources: &["buildkit:parse-error"],
    default_enabled: true,
    help: "Fix the instruction as the message says.",
    docs: RuleDocs {
        what: "An instruction BuildKit's parser rejects: a JSON array with non-string elements, `ENV` or `LABEL` without a value, `ONBUILD ONBUILD`.",
        why: "`docker build` refuses the whole file. hullguard reports the instruction and keeps checking the rest, so one typo does not hide every other finding.",
        bad: "FROM alpine:3.20\nENV ONLYNAME\n",
        good: "FROM alpine:3.20\nENV ONLYNAME=value\n",
    },
};

impl Rule for InvalidInstruction {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        super::report(cx, SyntaxErrorKind::InvalidInstruction, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires() {
        assert_fires(
            &InvalidInstruction,
            "FROM alpine:3.20\nCMD [\"a\", [1]]\nUSER app\n",
            &[2],
        );
    }

    #[test]
    fn clean() {
        assert_clean(
            &InvalidInstruction,
            "FROM alpine:3.20\nCMD [\"a\", \"b\"]\n",
        );
    }
}
