//! HG006: A Dockerfile that is not valid UTF-8.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::syntax::SyntaxErrorKind;

/// See [`META`].
pub(crate) struct InvalidUtf8;

static META: RuleMeta = RuleMeta {
    code: "HG006",
    name: "invalid-utf8",
    severity: Severity::Warning,
    category: Category::Correctness,
    sources: &[],
    default_enabled: true,
    help: "Save the file as UTF-8.",
    docs: RuleDocs {
        what: "A Dockerfile that is not valid UTF-8.",
        why: "Invalid bytes are read as U+FFFD, so names, paths and values containing them may not be what the build sees.",
        bad: "FROM alpine:3.20\nLABEL a=\u{fffd}\n",
        good: "FROM alpine:3.20\nLABEL a=b\n",
    },
};

impl Rule for InvalidUtf8 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        super::report(cx, SyntaxErrorKind::InvalidUtf8, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires_on_invalid_bytes_and_not_on_utf8() {
        let df = crate::syntax::parse_bytes(b"FROM alpine:3.20\nLABEL a=\xff\n");
        let mut out = Vec::new();
        crate::rules::testing::with_context(&df, |cx| InvalidUtf8.check(cx, &mut out));
        assert_eq!(out.len(), 1);
        assert_eq!(df.position(out[0].span.start).line, 2);
        assert_fires(&InvalidUtf8, "FROM alpine:3.20\n", &[]);
        assert_clean(&InvalidUtf8, "FROM alpine:3.20\nLABEL a=\u{e9}\n");
    }
}
