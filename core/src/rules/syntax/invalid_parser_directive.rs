//! HG003: A parser directive that is repeated (`# syntax=` twice) or has an invalid value (`# escape=` other than `\\` or a backtick).

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::syntax::SyntaxErrorKind;

/// See [`META`].
pub(crate) struct InvalidParserDirective;

static META: RuleMeta = RuleMeta {
    code: "HG003",
    name: "invalid-parser-directive",
    severity: Severity::Error,
    category: Category::Correctness,
    sources: &["buildkit:parse-error"],
    default_enabled: true,
    help: "Keep one of each directive, at the very top of the file, and use `\\` or a backtick for `escape`.",
    docs: RuleDocs {
        what: "A parser directive that is repeated (`# syntax=` twice) or has an invalid value (`# escape=` other than `\\` or a backtick).",
        why: "BuildKit rejects a file with a repeated directive or an invalid escape character, so the build fails before it starts.",
        bad: "# syntax=docker/dockerfile:1\n# syntax=docker/dockerfile:1.7\nFROM alpine:3.20\n",
        good: "# syntax=docker/dockerfile:1.7\nFROM alpine:3.20\n",
    },
};

impl Rule for InvalidParserDirective {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        super::report(cx, SyntaxErrorKind::InvalidDirective, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires() {
        assert_fires(
            &InvalidParserDirective,
            "# escape=x\nFROM alpine:3.20\n",
            &[1],
        );
    }

    #[test]
    fn clean() {
        assert_clean(&InvalidParserDirective, "# escape=`\nFROM alpine:3.20\n");
    }
}
