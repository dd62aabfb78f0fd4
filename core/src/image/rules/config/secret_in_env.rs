//! HG202: a secret stored in the image's environment.

use crate::image::rules::common::secret_in_assignment;
use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};

/// See [`META`].
pub(crate) struct SecretInEnv;

static META: RuleMeta = RuleMeta {
    code: "HG202",
    name: "secret-in-image-env",
    severity: Severity::Error,
    category: Category::Secrets,
    sources: &["trivy:DS-0031", "trivy:DS031"],
    default_enabled: true,
    help: "Revoke the secret, remove the `ENV` from the Dockerfile (and from any base image you control) and rebuild; give the value at run time (`docker run -e`, an orchestrator secret) or at build time with a secret mount (`RUN --mount=type=secret,id=…`).",
    docs: RuleDocs {
        what: "Flags variables of the image's `Env` that hold a secret: a literal secret value whatever the name (cloud keys, GitHub/GitLab/npm/Slack tokens, private keys, passwords in URLs), or a literal value under a name that says it is a secret (`DB_PASSWORD`, `GITHUB_TOKEN`, `apiKey`; the same name matching as DL3064, with the `secret-names` and `allowed-secret-names` settings). Empty values, paths (`/run/secrets/db`), switches (`true`), unexpanded variables, URLs without credentials and secret-manager references are not flagged. The message shows only the first characters of the value.",
        why: "Docker's guide says never to put secrets in images. The environment is part of the image configuration: `docker inspect`, any registry client and every container started from the image can read it, and it is inherited by every image built `FROM` this one.",
        bad: "image config: {\"config\": {\"Env\": [\"DB_PASSWORD=s3cr3t-pw\"]}}",
        good: "image config: {\"config\": {\"Env\": [\"DB_PASSWORD_FILE=/run/secrets/db_password\"]}}",
    },
};

impl ImageRule for SecretInEnv {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        for (name, value) in cx.image.config.env_pairs() {
            if let Some(what) = secret_in_assignment(name, value, cx.settings) {
                out.push(ImageFinding::new(
                    format!("config.Env[{name}]"),
                    format!("Env `{name}` holds {what}: anyone who can pull the image can read it"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{findings, findings_with, image, locations};
    use crate::lint::RuleSettings;

    fn env(vars: &[&str]) -> crate::image::Image {
        let list: Vec<String> = vars.iter().map(|v| format!("{v:?}")).collect();
        image(
            &format!("{{\"config\": {{\"Env\": [{}]}}}}", list.join(",")),
            vec![],
        )
    }

    #[test]
    fn fires_on_secret_names_with_values_and_on_literal_secrets() {
        let img = env(&[
            "PATH=/usr/bin",
            "DB_PASSWORD=s3cr3t-pw",
            "GITHUB_TOKEN=abc123def456",
            "DATABASE_URL=postgres://app:pa55word@db:5432/app",
            "NOTE=ghp_R7aQ2mV9xK4pL8sT1wZ6bN3cF5dH0jY2uE7i",
        ]);
        assert_eq!(
            locations(&SecretInEnv, &img),
            [
                "config.Env[DB_PASSWORD]",
                "config.Env[GITHUB_TOKEN]",
                "config.Env[DATABASE_URL]",
                "config.Env[NOTE]"
            ]
        );
        let f = findings(&SecretInEnv, &img);
        assert!(
            f[3].message.contains("GitHub token (`ghp_…`)"),
            "{}",
            f[3].message
        );
        // Never the whole secret.
        for x in &f {
            for secret in ["s3cr3t-pw", "abc123def456", "pa55word", "ghp_R7aQ"] {
                assert!(!x.message.contains(secret), "{}", x.message);
            }
        }
    }

    #[test]
    fn fires_on_user_secret_names() {
        let settings = RuleSettings {
            secret_names: vec!["*_LICENSE".into()],
            ..RuleSettings::default()
        };
        let f = findings_with(&SecretInEnv, &env(&["APP_LICENSE=AB12-CD34"]), &settings);
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn quiet_on_references_switches_and_allowed_names() {
        let img = env(&[
            "DB_PASSWORD=",
            "DB_PASSWORD_FILE=/run/secrets/db",
            "GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/gcp.json",
            "GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305",
            "AUTH_ENABLED=false",
            "VAULT_ADDR=https://vault.internal:8200",
            "API_TOKEN=$API_TOKEN",
            "KEY_SERVER=hkps://keys.openpgp.org",
            "TOKENIZERS_PARALLELISM=false",
        ]);
        assert!(locations(&SecretInEnv, &img).is_empty());
        let settings = RuleSettings {
            allowed_secret_names: vec!["BUILD_TOKEN".into()],
            ..RuleSettings::default()
        };
        let f = findings_with(&SecretInEnv, &env(&["BUILD_TOKEN=local-dev"]), &settings);
        assert!(f.is_empty());
    }
}
