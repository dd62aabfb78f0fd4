//! DL3063: a stage named `scratch` or `context`.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};

/// See [`META`].
pub(crate) struct ReservedStageName;

static META: RuleMeta = RuleMeta {
    code: "DL3063",
    name: "reserved-stage-name",
    severity: Severity::Warning,
    category: Category::MultiStage,
    sources: &["hadolint:DL3063", "buildkit:ReservedStageName"],
    default_enabled: true,
    help: "Rename the stage; `scratch` and `context` already mean the empty image and the build context.",
    docs: RuleDocs {
        what: "Flags a stage named `scratch` or `context` (in any case).",
        why: "`FROM scratch` means the empty image and `--from=context` (with named contexts) the build context, so a stage with either name is ambiguous: later references may not reach the stage at all. Clear stage references are what keeps a multi-stage build, and the separation of build tools from the final image, correct.",
        bad: "FROM alpine:3.20 AS scratch\nRUN echo hi\n",
        good: "FROM alpine:3.20 AS base\nRUN echo hi\n",
    },
};

impl Rule for ReservedStageName {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for s in &cx.model.stages {
            let (Some(name), Some(span)) = (&s.name, s.name_span) else {
                continue;
            };
            if name == "scratch" || name == "context" {
                out.push(Finding::new(
                    span,
                    format!("stage name `{name}` is reserved"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires_on_reserved_names() {
        assert_fires(
            &ReservedStageName,
            "FROM alpine:3.20 AS scratch\nFROM alpine:3.20 AS Context\n",
            &[1, 2],
        );
    }

    #[test]
    fn other_names_and_scratch_bases_pass() {
        assert_clean(
            &ReservedStageName,
            "FROM scratch AS empty\nFROM alpine:3.20 AS contexts\nFROM scratch\n",
        );
    }
}
