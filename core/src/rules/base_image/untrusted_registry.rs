//! DL3026: an image pulled from a registry outside the configured
//! `trusted-registries` list.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::image_policy::{pulled_images, wildcard_match};

/// See [`META`].
pub(crate) struct UntrustedRegistry;

static META: RuleMeta = RuleMeta {
    code: "DL3026",
    name: "untrusted-registry",
    severity: Severity::Error,
    category: Category::BaseImage,
    sources: &["hadolint:DL3026"],
    default_enabled: true,
    help: "Pull images only from a registry listed in `trusted-registries`, or add the registry to that list.",
    docs: RuleDocs {
        what: "When `trusted-registries` is configured, flags every image the build pulls (`FROM`, `COPY --from=<image>`, `RUN --mount=from=<image>`) whose registry matches none of its patterns: `*` matches any registry, `*.example.com` a suffix, `registry.example.*` a prefix, anything else only itself. Images without a registry come from Docker Hub and pass when `docker.io` or `hub.docker.com` is trusted. `scratch`, build stages and bases whose ARGs have no value are not checked. Without the setting the rule does nothing.",
        why: "Docker's security guide asks for base images from trusted sources. An organisation that mirrors and scans approved images in its own registry needs every build to pull from there; one `FROM` that reaches a public registry bypasses that review.",
        bad: "# with trusted-registries = [\"registry.example.com\"] in .hullguard.toml\nFROM ghcr.io/someone/python:3.12\nRUN echo hi\n",
        good: "# with trusted-registries = [\"registry.example.com\"] in .hullguard.toml\nFROM registry.example.com/python:3.12\nRUN echo hi\n",
    },
};

/// The registry names an image is checked under.
fn registry_names(image: &crate::image_ref::ImageRef) -> Vec<&str> {
    if image.is_docker_hub() {
        vec!["docker.io", "hub.docker.com", "index.docker.io"]
    } else {
        vec![image.registry.as_str()]
    }
}

impl Rule for UntrustedRegistry {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let trusted = &cx.settings.trusted_registries;
        if trusted.iter().all(|t| t.trim().is_empty()) {
            return;
        }
        for p in pulled_images(cx) {
            let names = registry_names(p.image);
            if names
                .iter()
                .any(|n| trusted.iter().any(|t| wildcard_match(t, n)))
            {
                continue;
            }
            let subject = p.kind.describe(p.image);
            out.push(Finding::new(
                p.span,
                format!(
                    "{subject} comes from registry `{}`, which is not in trusted-registries",
                    names[0]
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::RuleSettings;
    use crate::rules::testing::{assert_clean, assert_fires, findings_with};

    fn lines_with(trusted: &[&str], text: &str) -> Vec<usize> {
        let settings = RuleSettings {
            trusted_registries: trusted.iter().map(|s| (*s).to_owned()).collect(),
            ..RuleSettings::default()
        };
        findings_with(&UntrustedRegistry, text, &settings)
            .into_iter()
            .map(|(l, _)| l)
            .collect()
    }

    #[test]
    fn does_nothing_without_configuration() {
        assert_clean(&UntrustedRegistry, "FROM ghcr.io/x/y:1\n");
        assert_fires(&UntrustedRegistry, "FROM ghcr.io/x/y:1\n", &[]);
    }

    #[test]
    fn flags_registries_outside_the_list() {
        let text = "FROM ghcr.io/x/y:1 AS a\nFROM python:3.12\nFROM a\nFROM scratch\n";
        assert_eq!(lines_with(&["docker.io"], text), [1]);
        assert_eq!(lines_with(&["ghcr.io"], text), [2]);
        assert_eq!(
            lines_with(&["hub.docker.com", "ghcr.io"], text),
            Vec::<usize>::new()
        );
        assert_eq!(lines_with(&["*"], text), Vec::<usize>::new());
    }

    #[test]
    fn wildcards_and_ports() {
        let text = "FROM registry.corp.example.com/base:1\nFROM localhost:5000/app:1\nFROM quay.io/a/b:1\n";
        assert_eq!(lines_with(&["*.example.com", "localhost*"], text), [3]);
        assert_eq!(lines_with(&["registry.*"], text), [2, 3]);
    }

    #[test]
    fn copy_from_and_mount_images_and_arg_resolution() {
        let text = concat!(
            "ARG REG=ghcr.io\n",
            "FROM ${REG}/x/base:1\n",
            "COPY --from=quay.io/tools/bin:1 /bin/tool /bin/\n",
            "RUN --mount=type=bind,from=gcr.io/distroless/static,target=/s true\n",
            "COPY --from=0 /a /b\n",
        );
        assert_eq!(lines_with(&["docker.io"], text), [2, 3, 4]);
        let findings = findings_with(
            &UntrustedRegistry,
            text,
            &RuleSettings {
                trusted_registries: vec!["docker.io".into()],
                ..RuleSettings::default()
            },
        );
        assert!(findings[0].1.contains("`ghcr.io`"), "{findings:?}");
        // Unresolved bases are not guessed at.
        assert_eq!(
            lines_with(&["docker.io"], "ARG REG\nFROM ${REG}/x:1\n"),
            Vec::<usize>::new()
        );
    }
}
