//! HG310: a credential deleted (or replaced) by a later layer, which still
//! ships in the layer that added it.

use crate::image::rules::common::{at_layer, filesystem};
use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};

use super::credentials::credential_kind;

/// See [`META`].
pub(crate) struct DeletedSecret;

static META: RuleMeta = RuleMeta {
    code: "HG310",
    name: "deleted-secret-in-layer",
    severity: Severity::Error,
    category: Category::Secrets,
    sources: &[],
    default_enabled: true,
    help: "Revoke the credential: it can be read from the image. Rebuild so it never lands in a layer — a secret mount (`RUN --mount=type=secret,id=…`) for the step that needs it, or a build stage whose files are not copied into the final one; `docker build --squash` or a later `rm` do not take it out of layers already pushed.",
    docs: RuleDocs {
        what: "Flags credentials — the same files and the same judgement as HG302 — that a layer added and a later layer deleted (a whiteout, an opaque directory) or replaced: the final filesystem does not show them, but the lower layer still holds them. The location names the layer that holds the file and the one that hid it. A copy identical to the one the final image shows is left to HG302.",
        why: "Docker's guide says never to put secrets in images and to use secret mounts instead. Layers are immutable: `RUN rm id_rsa` in a later step only adds a marker that hides the file in a running container, while `docker save`, `skopeo copy` or any registry client hands out the original layer, file included — the image leaks the secret even though `ls` does not show it.",
        bad: "image whose layer 2 adds /root/.ssh/id_rsa (a private key) and layer 3 deletes it",
        good: "image built with `RUN --mount=type=secret,id=ssh_key,target=/root/.ssh/id_rsa git clone …`, so no layer holds the key",
    },
};

impl ImageRule for DeletedSecret {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let Some(fs) = filesystem(cx.image) else {
            return;
        };
        let layers = &cx.image.layers;
        for (layer, path, captured) in fs.hidden_secrets(layers) {
            let size = captured.content.len() as u64;
            let Some(kind) = credential_kind(path, size, Some(&captured.content), cx.settings)
            else {
                continue;
            };
            // The same bytes still visible: HG302 reports that copy.
            let same_visible = fs
                .read(layers, path, crate::image::rules::common::MAX_HOPS)
                .is_some_and(|c| c.content == captured.content);
            if same_visible {
                continue;
            }
            let hidden = fs
                .shadowed
                .iter()
                .find(|s| s.layer == layer && s.path == path);
            let how = match hidden {
                Some(s) if s.deleted => format!("deleted in layer {}", s.hidden_by + 1),
                Some(s) => format!("replaced in layer {}", s.hidden_by + 1),
                None => "hidden in the final image".to_owned(),
            };
            out.push(ImageFinding::new(
                format!("{} ({how})", at_layer(layer, path)),
                format!(
                    "{kind} `/{path}` is {how} but still ships in layer {}: anyone who pulls the image can extract it",
                    layer + 1
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{findings, image, layer, locations};

    const KEY: &[u8] = b"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM\n-----END RSA PRIVATE KEY-----\n";

    #[test]
    fn fires_on_deleted_and_replaced_credentials() {
        let img = image(
            "{}",
            vec![
                layer().file("etc/hostname", 0o644, b"x"),
                layer()
                    .dir("root/.ssh", 0o700)
                    .file("root/.ssh/id_rsa", 0o600, KEY)
                    .file(
                        "app/.npmrc",
                        0o600,
                        b"//registry.npmjs.org/:_authToken=abc123def456\n",
                    ),
                layer().whiteout("root/.ssh/id_rsa"),
                layer().file("app/.npmrc", 0o600, b"fund=false\n"),
            ],
        );
        assert_eq!(
            locations(&DeletedSecret, &img),
            [
                "layer 2: /app/.npmrc (replaced in layer 4)",
                "layer 2: /root/.ssh/id_rsa (deleted in layer 3)",
            ]
        );
        let f = findings(&DeletedSecret, &img);
        assert_eq!(
            f[1].message,
            "SSH private key `/root/.ssh/id_rsa` is deleted in layer 3 but still ships in layer 2: anyone who pulls the image can extract it"
        );
        // A whole directory removed by an opaque marker or a whiteout of it.
        let img = image(
            "{}",
            vec![
                layer()
                    .dir("build", 0o755)
                    .file("build/deploy.pem", 0o600, KEY),
                layer().whiteout("build"),
            ],
        );
        assert_eq!(
            locations(&DeletedSecret, &img),
            ["layer 1: /build/deploy.pem (deleted in layer 2)"]
        );
    }

    #[test]
    fn quiet_on_visible_copies_non_secrets_and_fixtures() {
        let img = image(
            "{}",
            vec![
                layer()
                    .file("root/.ssh/id_rsa", 0o600, KEY)
                    .file("app/.npmrc", 0o600, b"fund=false\n")
                    .file("src/tests/fixtures/server.key", 0o600, KEY)
                    .file(
                        "app/cert.pem",
                        0o644,
                        b"-----BEGIN CERTIFICATE-----\nMIIB\n",
                    ),
                // Re-added unchanged (a chmod): the visible copy is HG302's.
                layer().file("root/.ssh/id_rsa", 0o400, KEY),
                layer()
                    .whiteout("app/.npmrc")
                    .whiteout("src")
                    .whiteout("app/cert.pem"),
            ],
        );
        assert!(locations(&DeletedSecret, &img).is_empty());
    }
}
