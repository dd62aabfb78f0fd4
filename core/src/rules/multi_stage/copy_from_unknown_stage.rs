//! DL3022: `COPY --from` (or `RUN --mount=from=`) naming no earlier stage and
//! no plausible image.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::model::{DependencyKind, DependencyTarget};

use super::{from_is_resolved, written_from};

/// See [`META`].
pub(crate) struct CopyFromUnknownStage;

static META: RuleMeta = RuleMeta {
    code: "DL3022",
    name: "copy-from-unknown-stage",
    severity: Severity::Warning,
    category: Category::MultiStage,
    sources: &["hadolint:DL3022"],
    default_enabled: true,
    help: "Name a stage defined earlier with `FROM … AS <name>` (or its index), or write the image with its tag (`--from=nginx:1.27`) if you mean an image.",
    docs: RuleDocs {
        what: "Flags `COPY --from=<name>` and `RUN --mount=from=<name>` where the name is no stage defined earlier in the file: a bare word that is no stage name (BuildKit would try to pull it as an image, so a typo such as `--from=biuld` fails late or pulls a stranger's image), a stage index that does not exist or is not earlier, a stage defined later, or a value that is not a valid reference at all. Values that look like image references (with a registry, namespace, tag or digest, such as `nginx:1.27` or `docker/buildx-bin`) are images, not typos, and pass; so do values built from ARGs without a value.",
        why: "Multi-stage builds are how Docker's guide keeps build tools out of the final image; they only work when each `--from` names the stage it was meant to. An unknown name silently turns into an image pull from Docker Hub: at best the build fails, at worst it copies files from an image nobody chose.",
        bad: "FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=biuld /app /app\n",
        good: "FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\n",
    },
};

/// Whether a `--from` value is written like an image reference rather than a
/// stage name: with a registry or namespace, a tag or a digest.
fn looks_like_image(name: &str) -> bool {
    name.contains(['/', ':', '@', '.'])
}

impl Rule for CopyFromUnknownStage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let count = cx.model.stages.len();
        for s in &cx.model.stages {
            for d in &s.dependencies {
                if !matches!(d.kind, DependencyKind::CopyFrom | DependencyKind::MountFrom) {
                    continue;
                }
                let Some(written) = written_from(cx, d) else {
                    continue;
                };
                if !from_is_resolved(cx, d, written) {
                    continue;
                }
                let flag = if d.kind == DependencyKind::CopyFrom {
                    "COPY --from"
                } else {
                    "RUN --mount from"
                };
                let name = &d.name;
                let numeric = name.bytes().all(|b| b.is_ascii_digit());
                let message = match &d.target {
                    DependencyTarget::Stage(j) if *j < s.index => continue,
                    // Copying from itself is DL3023.
                    DependencyTarget::Stage(j) if *j == s.index => continue,
                    DependencyTarget::Stage(_) => format!(
                        "{flag}=`{name}` refers to a stage defined later; reference only stages defined before this one"
                    ),
                    DependencyTarget::Image(_) if numeric => format!(
                        "{flag}=`{name}` is not a stage index: the file has {count} stage(s), numbered from 0"
                    ),
                    DependencyTarget::Image(_) if looks_like_image(name) => continue,
                    DependencyTarget::Image(_) => format!(
                        "{flag}=`{name}` names no stage defined before it; BuildKit would pull the image `{name}:latest`"
                    ),
                    DependencyTarget::Unknown(_) => format!(
                        "{flag}=`{name}` is neither a stage defined before it nor a valid image reference"
                    ),
                };
                out.push(Finding::new(d.span, message));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_unknown_names_indexes_and_forward_references() {
        assert_fires(
            &CopyFromUnknownStage,
            "FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=biuld /app /app\n",
            &[3],
        );
        assert_fires(
            &CopyFromUnknownStage,
            "FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=5 /app /app\n",
            &[3],
        );
        assert_fires(
            &CopyFromUnknownStage,
            "FROM alpine:3.20\nCOPY --from=later /app /app\nFROM golang:1.22 AS later\n",
            &[2],
        );
        assert_fires(
            &CopyFromUnknownStage,
            "FROM alpine:3.20\nRUN --mount=type=bind,from=biuld,target=/b ls /b\n",
            &[2],
        );
        let f = findings(
            &CopyFromUnknownStage,
            "FROM alpine:3.20\nCOPY --from=biuld /app /app\n",
        );
        assert!(f[0].1.contains("`biuld:latest`"), "{f:?}");
    }

    #[test]
    fn earlier_stages_indexes_images_and_unresolved_args_pass() {
        assert_clean(
            &CopyFromUnknownStage,
            concat!(
                "FROM golang:1.22 AS Build\n",
                "FROM alpine:3.20\n",
                "COPY --from=build /app /app\n",
                "COPY --from=0 /app /app2\n",
                "COPY --from=nginx:1.27 /etc/nginx /etc/nginx\n",
                "COPY --from=docker/buildx-bin /buildx /usr/libexec/docker/cli-plugins/\n",
                "COPY --from=gcr.io/distroless/static /etc/passwd /etc/passwd\n",
                "RUN --mount=type=bind,from=build,target=/b ls /b\n",
                "ARG SRC\n",
                "COPY --from=${SRC} /x /x\n",
            ),
        );
        assert_clean(
            &CopyFromUnknownStage,
            "ARG BASE=build\nFROM golang:1.22 AS build\nFROM alpine:3.20\nARG BASE\nCOPY --from=${BASE} /a /a\n",
        );
    }

    #[test]
    fn onbuild_and_self_references_are_left_to_other_rules() {
        assert_clean(
            &CopyFromUnknownStage,
            "FROM alpine:3.20 AS a\nCOPY --from=a /x /y\n",
        );
    }
}
