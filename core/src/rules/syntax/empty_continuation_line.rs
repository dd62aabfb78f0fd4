//! HG005: An empty or whitespace-only line inside an instruction continued with `\\`.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::syntax::SyntaxErrorKind;

/// See [`META`].
pub(crate) struct EmptyContinuationLine;

static META: RuleMeta = RuleMeta {
    code: "HG005",
    name: "empty-continuation-line",
    severity: Severity::Warning,
    category: Category::Correctness,
    sources: &["buildkit:NoEmptyContinuation"],
    default_enabled: true,
    help: "Remove the empty line, or turn it into a comment.",
    docs: RuleDocs {
        what: "An empty or whitespace-only line inside an instruction continued with `\\`.",
        why: "BuildKit warns that empty continuation lines will become errors in a future release; they also make it easy to end an instruction by accident when editing.",
        bad: "FROM alpine:3.20\nRUN apk add --no-cache curl \\\n\n    git\n",
        good: "FROM alpine:3.20\nRUN apk add --no-cache curl \\\n    git\n",
    },
};

impl Rule for EmptyContinuationLine {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        super::report(cx, SyntaxErrorKind::EmptyContinuationLine, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires() {
        assert_fires(
            &EmptyContinuationLine,
            "FROM alpine:3.20\nRUN echo a \\\n   \n  b\n",
            &[3],
        );
    }

    #[test]
    fn clean() {
        assert_clean(
            &EmptyContinuationLine,
            "FROM alpine:3.20\nRUN echo a \\\n# comment\n  b\n",
        );
    }
}
