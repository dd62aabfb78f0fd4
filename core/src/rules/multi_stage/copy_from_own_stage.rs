//! DL3023: `COPY --from` (or `RUN --mount=from=`) naming the stage it is in.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::model::{DependencyKind, DependencyTarget};

use super::{from_is_resolved, written_from};

/// See [`META`].
pub(crate) struct CopyFromOwnStage;

static META: RuleMeta = RuleMeta {
    code: "DL3023",
    name: "copy-from-own-stage",
    severity: Severity::Error,
    category: Category::MultiStage,
    sources: &["hadolint:DL3023", "trivy:DS-0006", "trivy:DS006"],
    default_enabled: true,
    help: "Copy from a different, earlier stage; inside one stage, use plain `COPY`/`RUN cp` on its own files.",
    docs: RuleDocs {
        what: "Flags `COPY --from=<name>` and `RUN --mount=from=<name>` whose name (case-insensitively, or by index) is the stage the instruction belongs to.",
        why: "A stage cannot read from itself: BuildKit rejects the circular dependency and the build fails. Multi-stage builds, which Docker's guide recommends to keep build tools out of the final image, need each `--from` to name another stage.",
        bad: "FROM golang:1.22 AS build\nCOPY --from=build /src /src\n",
        good: "FROM golang:1.22 AS deps\nRUN go mod download\nFROM golang:1.22 AS build\nCOPY --from=deps /go/pkg /go/pkg\n",
    },
};

impl Rule for CopyFromOwnStage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for s in &cx.model.stages {
            for d in &s.dependencies {
                if !matches!(d.kind, DependencyKind::CopyFrom | DependencyKind::MountFrom)
                    || d.target != DependencyTarget::Stage(s.index)
                {
                    continue;
                }
                let Some(written) = written_from(cx, d) else {
                    continue;
                };
                if !from_is_resolved(cx, d, written) {
                    continue;
                }
                out.push(Finding::new(
                    d.span,
                    format!(
                        "`--from={}` refers to stage `{}`, the stage this instruction is in",
                        d.name,
                        s.display_name()
                    ),
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
    fn fires_on_self_references_by_name_index_and_mount() {
        assert_fires(
            &CopyFromOwnStage,
            "FROM alpine:3.20 AS a\nCOPY --from=a /x /y\n",
            &[2],
        );
        assert_fires(
            &CopyFromOwnStage,
            "FROM alpine:3.20 AS Build\nCOPY --from=BUILD /x /y\n",
            &[2],
        );
        assert_fires(
            &CopyFromOwnStage,
            "FROM alpine:3.20\nFROM alpine:3.20\nCOPY --from=1 /x /y\n",
            &[3],
        );
        assert_fires(
            &CopyFromOwnStage,
            "FROM alpine:3.20 AS a\nRUN --mount=from=a,target=/a ls /a\n",
            &[2],
        );
        assert_fires(
            &CopyFromOwnStage,
            "FROM alpine:3.20 AS a\nARG S=a\nCOPY --from=$S /x /y\n",
            &[3],
        );
    }

    #[test]
    fn other_stages_pass() {
        assert_clean(
            &CopyFromOwnStage,
            "FROM alpine:3.20 AS a\nFROM alpine:3.20 AS b\nCOPY --from=a /x /y\nCOPY --from=0 /x /z\n",
        );
        assert_clean(
            &CopyFromOwnStage,
            "FROM alpine:3.20 AS a\nARG S\nCOPY --from=$S /x /y\n",
        );
    }
}
