//! HG103: an image outside the configured `allowed-images`, or matching
//! `denied-images`.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::image_policy::{image_matches, pulled_images};

/// See [`META`].
pub(crate) struct DisallowedBaseImage;

static META: RuleMeta = RuleMeta {
    code: "HG103",
    name: "disallowed-base-image",
    severity: Severity::Error,
    category: Category::BaseImage,
    sources: &[],
    default_enabled: true,
    help: "Use an image your policy allows (`allowed-images`) and none it denies (`denied-images`), or change the policy.",
    docs: RuleDocs {
        what: "When `allowed-images` or `denied-images` is configured, flags every image the build pulls (`FROM`, `COPY --from=<image>`, `RUN --mount=from=<image>`) that matches a `denied-images` pattern, or matches no `allowed-images` pattern when that list is set. Patterns use the `trusted-registries` wildcards (`*`, `*suffix`, `prefix*`, else exact) and are matched against the image's short name, short name with tag (`latest` when none is written) or digest, and the same with the full `registry/repository` name: `python` allows every `python` tag, `python:3.12*` only 3.12 tags, `*:latest` denies untagged and `latest` images. `scratch`, build stages and unresolved ARGs are not checked. Without either setting the rule does nothing.",
        why: "Docker's security guide asks for trusted, approved base images. Teams that maintain a list of vetted images (or of images known to be abandoned or vulnerable) need every Dockerfile held to it, not only the ones someone reviews by hand.",
        bad: "# with allowed-images = [\"*-slim\"] in .hullguard.toml\nFROM python:3.12\nRUN echo hi\n",
        good: "# with allowed-images = [\"*-slim\"] in .hullguard.toml\nFROM python:3.12-slim\nRUN echo hi\n",
    },
};

impl Rule for DisallowedBaseImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let allowed: Vec<&str> = cx
            .settings
            .allowed_images
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        let denied: Vec<&str> = cx
            .settings
            .denied_images
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        if allowed.is_empty() && denied.is_empty() {
            return;
        }
        for p in pulled_images(cx) {
            let subject = p.kind.describe(p.image);
            if let Some(d) = denied.iter().find(|d| image_matches(d, p.image)) {
                out.push(Finding::new(
                    p.span,
                    format!("{subject} matches denied-images pattern `{d}`"),
                ));
            } else if !allowed.is_empty() && !allowed.iter().any(|a| image_matches(a, p.image)) {
                out.push(Finding::new(
                    p.span,
                    format!("{subject} matches no allowed-images pattern"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::RuleSettings;
    use crate::rules::testing::{assert_clean, assert_fires, findings_with};

    fn run(allowed: &[&str], denied: &[&str], text: &str) -> Vec<(usize, String)> {
        let settings = RuleSettings {
            allowed_images: allowed.iter().map(|s| (*s).to_owned()).collect(),
            denied_images: denied.iter().map(|s| (*s).to_owned()).collect(),
            ..RuleSettings::default()
        };
        findings_with(&DisallowedBaseImage, text, &settings)
    }

    fn lines(allowed: &[&str], denied: &[&str], text: &str) -> Vec<usize> {
        run(allowed, denied, text)
            .into_iter()
            .map(|(l, _)| l)
            .collect()
    }

    #[test]
    fn does_nothing_without_configuration() {
        assert_clean(&DisallowedBaseImage, "FROM python:3.12\n");
        assert_fires(&DisallowedBaseImage, "FROM evil/image:1\n", &[]);
    }

    #[test]
    fn allow_list() {
        let text =
            "FROM python:3.12-slim AS a\nFROM python:3.11\nFROM node:20\nFROM a\nFROM scratch\n";
        assert_eq!(lines(&["python:3.12*"], &[], text), [2, 3]);
        assert_eq!(lines(&["python", "node"], &[], text), Vec::<usize>::new());
        assert_eq!(
            lines(&["docker.io/library/*"], &[], text),
            Vec::<usize>::new()
        );
        let f = run(&["python"], &[], text);
        assert_eq!(
            f[0].1,
            "base image `node:20` matches no allowed-images pattern"
        );
    }

    #[test]
    fn deny_list_wins_and_covers_copy_and_mount_images() {
        let text = concat!(
            "ARG TAG=latest\n",
            "FROM node:${TAG}\n",
            "FROM node\n",
            "COPY --from=evil/tools:1 /t /t\n",
            "RUN --mount=from=evil/tools:2,target=/m true\n",
        );
        assert_eq!(lines(&[], &["*:latest", "evil/*"], text), [2, 3, 4, 5]);
        assert_eq!(lines(&["node", "evil/*"], &["evil/tools:2"], text), [5]);
        let f = run(&[], &["evil/*"], text);
        assert_eq!(
            f[0].1,
            "COPY --from image `evil/tools:1` matches denied-images pattern `evil/*`"
        );
    }
}
