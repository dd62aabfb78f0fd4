//! DL3067: the final image copies a whole filesystem (`COPY --from=x / /`).

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::model::{BaseKind, DependencyKind, DependencyTarget};
use crate::syntax::InstructionKind;

/// See [`META`].
pub(crate) struct CopyWholeStageFilesystem;

static META: RuleMeta = RuleMeta {
    code: "DL3067",
    name: "copy-whole-stage-filesystem",
    severity: Severity::Warning,
    category: Category::MultiStage,
    sources: &["hadolint:DL3067"],
    default_enabled: true,
    help: "Copy only the files the image needs (`COPY --from=build /out/app /usr/local/bin/app`); collect them in a `FROM scratch` stage first if there are many.",
    docs: RuleDocs {
        what: "Flags `COPY --from=<stage or image> / /` in the final image (its last stage and the stages it is built `FROM`). Copying the root of a stage that is built `FROM scratch` passes: such a stage holds only the files put into it on purpose. Build stages are not checked, since what they copy does not ship.",
        why: "A multi-stage build is meant to leave the build stage's compilers, caches and sources behind, as Docker's guide recommends. Copying a whole filesystem brings all of it into the final image and undoes the separation.",
        bad: "FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build / /\n",
        good: "FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /usr/local/bin/app\n",
    },
};

fn unquote(s: &str) -> &str {
    let t = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = t.strip_prefix(q).and_then(|x| x.strip_suffix(q)) {
            return inner;
        }
    }
    t
}

fn is_root(path: &str) -> bool {
    matches!(unquote(path), "/" | "/." | "/./")
}

impl Rule for CopyWholeStageFilesystem {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(last) = cx.model.final_stage() else {
            return;
        };
        for i in cx.model.ancestry(last.index) {
            for d in &cx.model.stages[i].dependencies {
                if d.kind != DependencyKind::CopyFrom {
                    continue;
                }
                let Some(InstructionKind::Copy(c)) =
                    cx.df.instructions.get(d.instruction).map(|x| x.kind())
                else {
                    continue;
                };
                let whole = c.sources.iter().any(|w| is_root(&w.value))
                    && c.dest.is_some_and(|w| is_root(&w.value));
                if !whole {
                    continue;
                }
                if let DependencyTarget::Stage(j) = d.target
                    && matches!(
                        cx.model.root_base(j).map(|b| &b.kind),
                        Some(BaseKind::Scratch)
                    )
                {
                    continue;
                }
                out.push(Finding::new(
                    d.span,
                    format!(
                        "the final image copies the whole filesystem of `{}` with `COPY --from={} / /`",
                        d.name, d.name
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
    fn fires_on_root_copies_into_the_final_image() {
        assert_fires(
            &CopyWholeStageFilesystem,
            "FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=build / /\n",
            &[3],
        );
        assert_fires(
            &CopyWholeStageFilesystem,
            "FROM alpine:3.20\nCOPY --link --from=someone/image:1 \"/\" /\n",
            &[2],
        );
        assert_fires(
            &CopyWholeStageFilesystem,
            "FROM golang:1.22 AS build\nFROM alpine:3.20 AS base\nCOPY --from=build / /\nFROM base\n",
            &[3],
        );
    }

    #[test]
    fn build_stages_scratch_stages_and_file_copies_pass() {
        assert_clean(
            &CopyWholeStageFilesystem,
            "FROM tonistiigi/xx:1.6 AS xx\nFROM golang:1.22 AS build\nCOPY --from=xx / /\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n",
        );
        assert_clean(
            &CopyWholeStageFilesystem,
            "FROM golang:1.22 AS build\nFROM scratch AS out\nCOPY --from=build /app /app\nFROM alpine:3.20\nCOPY --from=out / /\n",
        );
        assert_clean(
            &CopyWholeStageFilesystem,
            "FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=build / /rootfs/\nCOPY / /\n",
        );
    }
}
