//! HG161: COPY/ADD of a file whose name says it holds a secret.

use crate::expand::Lexer;
use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::secrets::{is_public_key_destination, secret_file_kind};
use crate::syntax::InstructionKind;

use super::instructions;

/// See [`META`].
pub(crate) struct SecretFileCopied;

static META: RuleMeta = RuleMeta {
    code: "HG161",
    name: "secret-file-copied",
    severity: Severity::Error,
    category: Category::Secrets,
    sources: &["trivy:DS-0031", "trivy:DS031", "dockle:CIS-DI-0010"],
    default_enabled: true,
    help: "Mount the file only for the step that needs it (`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci`), and list it in `.dockerignore`.",
    docs: RuleDocs {
        what: "Flags `COPY`/`ADD` sources named like secret files: SSH private keys (`id_rsa`, `id_ed25519`, `id_ecdsa`, `id_dsa`), `.env` and `.env.*` (not `.env.example`, `.sample`, `.template`, `.dist`, `.defaults`), `.npmrc`, `.pypirc`, `.netrc`, `.pgpass`, `.git-credentials`, `.dockercfg`, `.docker/config.json`, `.aws/credentials`, `.kube/config`, `kubeconfig`, `credentials`/`credentials.json`, `*.key` (not repository signing keys such as `nodesource.gpg.key` or `Release.key`), `*.p12`, `*.pfx`, and `*.pem` unless the name marks a certificate (`cert`, `ca`, `chain`, `bundle`, `pub`…). A `*.key` or `*.pem` copied to a public-key or certificate destination (`*.pub`, `*.asc`, `*.gpg`, `*.crt`, a `keyrings`, `gpg` or `ca-certificates` directory) is not flagged. Variables in sources are resolved. Heredoc sources, URLs and whole directories (`COPY . .`) are not flagged: their contents cannot be known from the Dockerfile.",
        why: "Docker's guide says never to put secrets in images. A copied file is stored in a layer for good: deleting it in a later step only hides it, and a build stage's layers still reach build caches and `--target` builds. Secret mounts make the file available to one RUN without writing it to any layer.",
        bad: "FROM node:22-slim\nWORKDIR /app\nCOPY .npmrc package.json package-lock.json ./\nRUN npm ci && rm .npmrc\n",
        good: "FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n",
    },
};

impl Rule for SecretFileCopied {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let lexer = Lexer::new(cx.df.escape);
        for (i, ins) in instructions(cx) {
            let (InstructionKind::Copy(args) | InstructionKind::Add(args)) = ins.kind() else {
                continue;
            };
            let dest = args.dest.as_ref().map_or("", |d| d.value.as_str());
            for src in args.sources {
                let written = src.value.as_str();
                if written.starts_with("<<")
                    || written.contains("://")
                    || written.starts_with("git@")
                {
                    continue;
                }
                let lookup = |name: &str| cx.model.lookup(i, name);
                let path = if written.contains('$') {
                    match lexer.expand_word(written, &lookup) {
                        Ok(e) if e.unmatched.is_empty() => e.value,
                        _ => continue,
                    }
                } else {
                    written.to_owned()
                };
                let Some(kind) = secret_file_kind(&path) else {
                    continue;
                };
                let key_like = matches!(kind, "private key" | "PEM key file");
                if !(key_like && is_public_key_destination(dest)) {
                    out.push(Finding::new(
                        src.span,
                        format!(
                            "{} puts `{path}` ({kind}) into an image layer",
                            ins.keyword.as_str()
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_secret_files() {
        assert_fires(
            &SecretFileCopied,
            "FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\n",
            &[2],
        );
        assert_fires(
            &SecretFileCopied,
            "FROM node:22\nCOPY package.json .npmrc \\\n     .env.production ./\n",
            &[2, 3],
        );
        assert_fires(
            &SecretFileCopied,
            "FROM alpine:3.20\nADD --chown=app certs/server.key /etc/tls/\n",
            &[2],
        );
        assert_fires(
            &SecretFileCopied,
            "FROM alpine:3.20\nCOPY [\"secrets/credentials.json\", \"/app/\"]\n",
            &[2],
        );
        assert_fires(
            &SecretFileCopied,
            "FROM alpine:3.20\nARG KEY=deploy.pem\nCOPY ${KEY} /k\n",
            &[3],
        );
        assert_fires(
            &SecretFileCopied,
            "FROM alpine:3.20\nCOPY --from=build /root/.docker/config.json /x\n",
            &[2],
        );
        assert_fires(
            &SecretFileCopied,
            "FROM alpine:3.20\nONBUILD COPY .env /app/\n",
            &[2],
        );
        let got = findings(&SecretFileCopied, "FROM alpine:3.20\nCOPY id_ed25519 /k\n");
        assert_eq!(
            got[0].1,
            "COPY puts `id_ed25519` (SSH private key) into an image layer"
        );
    }

    #[test]
    fn silent_on_ordinary_files_directories_and_heredocs() {
        assert_clean(
            &SecretFileCopied,
            "FROM alpine:3.20\nCOPY . .\nCOPY config/ /etc/app/\n",
        );
        assert_clean(
            &SecretFileCopied,
            "FROM alpine:3.20\nCOPY .env.example ca.pem id_rsa.pub fullchain.pem /app/\n",
        );
        assert_clean(
            &SecretFileCopied,
            "FROM alpine:3.20\nCOPY <<EOF /root/.npmrc\nregistry=https://r.example.com\nEOF\n",
        );
        assert_clean(
            &SecretFileCopied,
            "FROM alpine:3.20\nADD https://example.com/server.key /tmp/\n",
        );
        assert_clean(&SecretFileCopied, "FROM alpine:3.20\nARG F\nCOPY ${F} /x\n");
        assert_clean(
            &SecretFileCopied,
            "FROM debian:12\nCOPY nodesource.gpg.key /etc/apt/keyrings/\n",
        );
        // A repository signing key copied for gpg, a CA added to the trust store.
        assert_clean(
            &SecretFileCopied,
            "FROM debian:12\nCOPY jenkins.io-2026.key /war/jenkins-key.pub\n",
        );
        assert_clean(
            &SecretFileCopied,
            "FROM debian:12\nCOPY corp-root.pem /usr/local/share/ca-certificates/corp.crt\n",
        );
        // The same names elsewhere are still flagged.
        assert_fires(
            &SecretFileCopied,
            "FROM debian:12\nCOPY tls.key /etc/ssl/private/\n",
            &[2],
        );
    }
}
