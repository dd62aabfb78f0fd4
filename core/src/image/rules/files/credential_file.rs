//! HG302: a private key or credential store in the final image.

use crate::image::capture::{CaptureReason, credential_path_kind};
use crate::image::rules::common::{at_layer, visible};
use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::image::tar::EntryKind;
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};

use super::credentials::credential_kind;

/// See [`META`].
pub(crate) struct CredentialFile;

static META: RuleMeta = RuleMeta {
    code: "HG302",
    name: "credential-file-in-image",
    severity: Severity::Error,
    category: Category::Secrets,
    sources: &["dockle:CIS-DI-0010"],
    default_enabled: true,
    help: "Revoke the credential, keep the file out of the build context (`.dockerignore`) and the image, and give it to the build with a secret mount (`RUN --mount=type=secret,id=…,target=…`) or to the container at run time (a mounted secret); deleting it in a later step is not enough (see HG310).",
    docs: RuleDocs {
        what: "Flags files of the final image that hold credentials: private keys, by name (`id_rsa`, `*.key`, `*.pem`) or by a PEM `PRIVATE KEY` block in any file up to 64 KiB, Google service account keys, PKCS#12 key stores; cloud CLI credentials (`.aws/credentials`, gcloud's `application_default_credentials.json` and credential databases, Azure CLI token caches); `.env` and `credentials` files with a secret-named key set to a literal value; `.npmrc` with an `_authToken`/`_auth`/`_password`, `.pypirc` with a password; `.netrc` with a password, `.git-credentials`, `.pgpass`; Docker's `config.json` with inline `auths`; kube configs with a token, client key or password; GitHub CLI, Terraform and Vault tokens; git configs whose remote URL or auth header carries a credential. To keep false alarms low, files under `usr/share/`, `usr/include/`, `usr/src/`, in test, fixture, example or documentation directories, or named like test files or stand-ins (`*_test.go`, `example.key`, `dummy.pem`) are skipped (packages ship throwaway keys for their tests), as is Debian's generated `ssl-cert-snakeoil.key`; key files must really hold a private key (certificates and public keys do not count), and configuration files must really hold a credential.",
        why: "Docker's guide says never to put secrets in images. Every file of every layer is readable by anyone who can pull the image — registries, CI caches, every host that runs it — and a credential in an image cannot be taken back, only revoked.",
        bad: "image with /root/.ssh/id_ed25519 holding an OpenSSH private key",
        good: "image with only /root/.ssh/known_hosts and /etc/ssl/certs/ca-certificates.crt",
    },
};

impl ImageRule for CredentialFile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let layers = &cx.image.layers;
        for (layer, e) in visible(cx.image) {
            if e.kind != EntryKind::File {
                continue;
            }
            let captured = layers
                .get(layer)
                .and_then(|l| l.captured.get(&e.path))
                .filter(|c| c.reason == CaptureReason::SecretCandidate);
            if captured.is_none() && credential_path_kind(&e.path).is_none() {
                continue;
            }
            let content = captured.map(|c| c.content.as_slice());
            if let Some(kind) = credential_kind(&e.path, e.size, content, cx.settings) {
                out.push(ImageFinding::new(
                    at_layer(layer, &e.path),
                    format!("{kind} shipped in the image: `/{}`", e.path),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{findings, image, layer, locations};

    const KEY: &[u8] = b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\n";

    #[test]
    fn fires_on_keys_and_credential_stores() {
        let img = image(
            "{}",
            vec![
                layer()
                    .file("root/.ssh/id_ed25519", 0o600, KEY)
                    .file("app/config/signing", 0o600, KEY)
                    .file(
                        "root/.npmrc",
                        0o600,
                        b"//registry.npmjs.org/:_authToken=abcdef123456\n",
                    )
                    .file("app/.env", 0o644, b"DB_PASSWORD=hunter2hunter2\n"),
                layer()
                    .file(
                        "root/.docker/config.json",
                        0o600,
                        br#"{"auths": {"registry.example.com": {"auth": "Ym90OnMzY3IzdA=="}}}"#,
                    )
                    .file(
                        "root/.aws/credentials",
                        0o600,
                        b"[default]\naws_secret_access_key = abc\n",
                    ),
            ],
        );
        assert_eq!(
            locations(&CredentialFile, &img),
            [
                "layer 1: /app/.env",
                "layer 1: /app/config/signing",
                "layer 2: /root/.aws/credentials",
                "layer 2: /root/.docker/config.json",
                "layer 1: /root/.npmrc",
                "layer 1: /root/.ssh/id_ed25519",
            ]
        );
        let f = findings(&CredentialFile, &img);
        assert_eq!(
            f[5].message,
            "SSH private key shipped in the image: `/root/.ssh/id_ed25519`"
        );
        assert_eq!(
            f[0].message,
            "environment file with a secret shipped in the image: `/app/.env`"
        );
        // Too large to have been kept: judged by its name where that is enough.
        let img = image(
            "{}",
            vec![layer().sized("root/.aws/credentials", 0o600, 10 << 20)],
        );
        assert_eq!(
            locations(&CredentialFile, &img),
            ["layer 1: /root/.aws/credentials"]
        );
    }

    #[test]
    fn quiet_on_public_keys_fixtures_and_clean_configs() {
        let img = image(
            "{}",
            vec![
                layer()
                    .file("root/.ssh/id_ed25519.pub", 0o644, b"ssh-ed25519 AAAAC3Nza")
                    .file(
                        "root/.ssh/known_hosts",
                        0o644,
                        b"github.com ssh-ed25519 AAAA",
                    )
                    .file(
                        "etc/ssl/certs/ca.pem",
                        0o644,
                        b"-----BEGIN CERTIFICATE-----\nMIIB\n",
                    )
                    .file(
                        "usr/lib/python3/dist-packages/tornado/test/test.key",
                        0o644,
                        KEY,
                    )
                    .file("usr/share/doc/x/example.key", 0o644, KEY)
                    .file("root/.npmrc", 0o644, b"fund=false\n")
                    .file("app/.env", 0o644, b"NODE_ENV=production\n")
                    .file("app/.env.example", 0o644, b"DB_PASSWORD=changeme\n")
                    .file(
                        "root/.docker/config.json",
                        0o644,
                        br#"{"credsStore": "pass"}"#,
                    ),
                // A key deleted later is HG310's business, not this rule's.
                layer().file("tmp/key", 0o600, KEY),
                layer().whiteout("tmp/key"),
            ],
        );
        assert!(locations(&CredentialFile, &img).is_empty());
    }
}
