//! HG114: a `# syntax=` frontend that floats.

use crate::image_ref::ImageRef;
use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};

/// See [`META`].
pub(crate) struct UnpinnedSyntaxFrontend;

static META: RuleMeta = RuleMeta {
    code: "HG114",
    name: "unpinned-syntax-frontend",
    severity: Severity::Warning,
    category: Category::Pinning,
    sources: &[],
    default_enabled: true,
    help: "Name a frontend release: `# syntax=docker/dockerfile:1.10` (or `:1.10.0`, or a digest); with `# check=error=true`, pin the full version.",
    docs: RuleDocs {
        what: "Flags a `# syntax=` parser directive whose frontend image has no tag, or a floating branch tag (`latest`, `master`, `nightly`, `labs`). When the file also sets `# check=error=true`, a tag that is not a full `x.y.z` release (`docker/dockerfile:1`, `:1.7`, `:1-labs`) is flagged too. A digest always counts as pinned. `docker/dockerfile:1` alone is not flagged: it only follows backward-compatible 1.x releases, which is what Docker's documentation recommends.",
        why: "Docker's security guide asks for pinned, rebuildable images, and the frontend named by `# syntax=` is an image too: BuildKit pulls it and lets it translate the whole Dockerfile. Without a tag, or on a development branch, every build may run a different parser, including future major versions with breaking changes. With `check=error=true`, each new frontend release can add build checks that fail a build that passed yesterday, so BuildKit's documentation advises pinning the exact version there.",
        bad: "# syntax=docker/dockerfile\nFROM alpine:3.20\nRUN echo hi\n",
        good: "# syntax=docker/dockerfile:1.10\nFROM alpine:3.20\nRUN echo hi\n",
    },
};

const FLOATING: [&str; 5] = ["latest", "master", "main", "nightly", "labs"];

/// Whether a tag names one exact release (`1.10.0`, `1.10.0-labs`).
fn is_full_release(tag: &str) -> bool {
    let version = tag.split('-').next().unwrap_or(tag);
    let parts: Vec<&str> = version.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `# check=` turns findings into errors.
fn checks_are_errors(cx: &Context<'_>) -> bool {
    cx.df.directive("check").is_some_and(|d| {
        d.value.split(';').any(|part| {
            part.split_once('=').is_some_and(|(k, v)| {
                k.trim() == "error"
                    && matches!(v.trim(), "true" | "1" | "t" | "T" | "TRUE" | "True")
            })
        })
    })
}

impl Rule for UnpinnedSyntaxFrontend {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(d) = cx.df.directive("syntax") else {
            return;
        };
        let Ok(image) = ImageRef::parse(&d.value) else {
            return;
        };
        if image.is_pinned() {
            return;
        }
        let message = match image.tag.as_deref() {
            None => format!(
                "`# syntax={}` has no tag, so each build may use a different frontend",
                d.value
            ),
            Some(t) if FLOATING.contains(&t) => format!(
                "`# syntax={}` follows the moving `{t}` tag, so each build may use a different frontend",
                d.value
            ),
            Some(t) if checks_are_errors(cx) && !is_full_release(t) => format!(
                "`# syntax={}` floats within `{t}` while `check=error=true` is set, so a new frontend release can add checks that fail the build",
                d.value
            ),
            Some(_) => return,
        };
        out.push(Finding::new(d.value_span, message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_untagged_and_branch_frontends() {
        assert_fires(
            &UnpinnedSyntaxFrontend,
            "# syntax = docker/dockerfile\nFROM alpine:3.20\n",
            &[1],
        );
        assert_fires(
            &UnpinnedSyntaxFrontend,
            "# syntax=docker/dockerfile-upstream:master\nFROM alpine:3.20\n",
            &[1],
        );
        let f = findings(
            &UnpinnedSyntaxFrontend,
            "# syntax=docker.io/docker/dockerfile:latest\nFROM alpine:3.20\n",
        );
        assert_eq!(
            f[0].1,
            "`# syntax=docker.io/docker/dockerfile:latest` follows the moving `latest` tag, so each build may use a different frontend"
        );
    }

    #[test]
    fn fires_on_floating_majors_only_when_checks_are_errors() {
        assert_fires(
            &UnpinnedSyntaxFrontend,
            "# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended;error=true\nFROM alpine:3.20\n",
            &[1],
        );
        assert_fires(
            &UnpinnedSyntaxFrontend,
            "# syntax=docker/dockerfile:1.7-labs\n# check=error=true\nFROM alpine:3.20\n",
            &[1],
        );
        assert_clean(
            &UnpinnedSyntaxFrontend,
            "# syntax=docker/dockerfile:1.10.0\n# check=error=true\nFROM alpine:3.20\n",
        );
    }

    #[test]
    fn silent_on_versions_digests_and_no_directive() {
        assert_clean(
            &UnpinnedSyntaxFrontend,
            "# syntax=docker/dockerfile:1\nFROM alpine:3.20\n",
        );
        assert_clean(
            &UnpinnedSyntaxFrontend,
            "# syntax=docker/dockerfile:1.4\nFROM alpine:3.20\n",
        );
        assert_clean(
            &UnpinnedSyntaxFrontend,
            "# syntax=docker/dockerfile@sha256:4c68376a702446fc3c79af22de146a148bc3367e73c25a5803d453b6b3f722fb\nFROM alpine:3.20\n",
        );
        assert_clean(
            &UnpinnedSyntaxFrontend,
            "FROM alpine:3.20\n# syntax=docker/dockerfile\n",
        );
    }
}
