//! DL3024: two stages with the same name.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};

/// See [`META`].
pub(crate) struct DuplicateStageName;

static META: RuleMeta = RuleMeta {
    code: "DL3024",
    name: "duplicate-stage-name",
    severity: Severity::Error,
    category: Category::MultiStage,
    sources: &[
        "hadolint:DL3024",
        "buildkit:DuplicateStageName",
        "trivy:DS-0012",
        "trivy:DS012",
        "checkov:CKV_DOCKER_11",
    ],
    default_enabled: true,
    help: "Give every stage a unique name.",
    docs: RuleDocs {
        what: "Flags a `FROM … AS <name>` whose name an earlier stage already uses. Names are compared case-insensitively, as BuildKit lower-cases them.",
        why: "BuildKit refuses a Dockerfile with duplicate stage names, and older builders silently resolve `--from` to one of them. Multi-stage builds keep build tools out of the final image only when each `--from` names exactly the stage it means.",
        bad: "FROM golang:1.22 AS build\nFROM node:20 AS Build\n",
        good: "FROM golang:1.22 AS build-go\nFROM node:20 AS build-web\n",
    },
};

impl Rule for DuplicateStageName {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let stages = &cx.model.stages;
        for (i, s) in stages.iter().enumerate() {
            let (Some(name), Some(span)) = (&s.name, s.name_span) else {
                continue;
            };
            let Some(first) = stages[..i].iter().find(|e| e.name.as_ref() == Some(name)) else {
                continue;
            };
            let line = cx
                .df
                .position(cx.df.instructions[first.from_instruction].span.start)
                .line;
            out.push(Finding::new(
                span,
                format!("stage name `{name}` is already used by the stage on line {line}"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires_on_repeated_names_case_insensitively() {
        assert_fires(
            &DuplicateStageName,
            "FROM golang:1.22 AS build\nFROM node:20 AS Build\nFROM alpine:3.20 AS build\n",
            &[2, 3],
        );
    }

    #[test]
    fn unique_and_unnamed_stages_pass() {
        assert_clean(
            &DuplicateStageName,
            "FROM golang:1.22 AS build\nFROM node:20 AS web\nFROM alpine:3.20\nFROM alpine:3.20\n",
        );
    }
}
