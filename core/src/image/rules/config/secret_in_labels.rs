//! HG203: a secret stored in the image's labels.

use crate::image::rules::common::secret_in_assignment;
use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};

/// See [`META`].
pub(crate) struct SecretInLabels;

static META: RuleMeta = RuleMeta {
    code: "HG203",
    name: "secret-in-image-label",
    severity: Severity::Error,
    category: Category::Secrets,
    sources: &["trivy:DS-0031", "trivy:DS031"],
    default_enabled: true,
    help: "Revoke the secret, remove the `LABEL` (or the `--label` build option that set it) and rebuild; labels are public metadata, so keep credentials out of them entirely.",
    docs: RuleDocs {
        what: "Flags labels whose value is a literal secret (cloud keys, tokens, private keys, passwords in URLs such as a `vcs-url` with credentials), or a literal value under a key that says it is a secret (`com.example.api-token`), with the same name matching and settings as HG202. Values that are paths, switches, references or URLs without credentials are not flagged.",
        why: "Docker's guide says never to put secrets in images. Labels are stored in the image configuration and shown by `docker inspect`, registries and scanners to anyone who can see the image; CI systems often stamp labels from variables, which is how a repository URL with a token inside ends up in one.",
        bad: "image config: {\"config\": {\"Labels\": {\"org.opencontainers.image.source\": \"https://ci:glpat-Ab3dE6gH9jK2mN5pQ8sT@gitlab.com/team/app\"}}}",
        good: "image config: {\"config\": {\"Labels\": {\"org.opencontainers.image.source\": \"https://gitlab.com/team/app\"}}}",
    },
};

impl ImageRule for SecretInLabels {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        for (key, value) in &cx.image.config.labels {
            if let Some(what) = secret_in_assignment(key, value, cx.settings) {
                out.push(ImageFinding::new(
                    format!("config.Labels[{key}]"),
                    format!("label `{key}` holds {what}: labels are public image metadata"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{findings, image, locations};

    fn labels(pairs: &[(&str, &str)]) -> crate::image::Image {
        let list: Vec<String> = pairs.iter().map(|(k, v)| format!("{k:?}: {v:?}")).collect();
        image(
            &format!("{{\"config\": {{\"Labels\": {{{}}}}}}}", list.join(",")),
            vec![],
        )
    }

    #[test]
    fn fires_on_secret_values_and_secret_keys() {
        let img = labels(&[
            (
                "org.opencontainers.image.source",
                "https://ci:glpat-Ab3dE6gH9jK2mN5pQ8sT@gitlab.com/team/app",
            ),
            ("com.example.api-token", "tok-1234567890"),
            ("deploy.aws", "AKIA2OGYBAH6TESTK3YQ"),
        ]);
        assert_eq!(
            locations(&SecretInLabels, &img),
            [
                "config.Labels[com.example.api-token]",
                "config.Labels[deploy.aws]",
                "config.Labels[org.opencontainers.image.source]",
            ]
        );
        let f = findings(&SecretInLabels, &img);
        assert!(f.iter().all(|x| !x.message.contains("Ab3dE6gH")));
        assert!(f[2].message.contains("GitLab token"), "{}", f[2].message);
    }

    #[test]
    fn quiet_on_ordinary_labels() {
        let img = labels(&[
            ("org.opencontainers.image.source", "https://github.com/o/r"),
            ("org.opencontainers.image.revision", "3f2a1c0"),
            ("maintainer", "Team <team@example.com>"),
            ("com.example.auth-required", "true"),
            ("io.k8s.description", "A web server"),
            ("com.example.token-path", "/var/run/secrets/token"),
            (
                "traefik.http.middlewares.auth.forwardauth.address",
                "http://auth:4181",
            ),
        ]);
        assert!(locations(&SecretInLabels, &img).is_empty());
    }
}
