//! DL3064: an ARG or ENV whose name says it holds a secret.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::secrets::{is_non_secret_value, is_secret_name};
use crate::span::Span;
use crate::syntax::{InstructionKind, MountType, Word};

use super::{instructions, var_references};

/// See [`META`].
pub(crate) struct SecretInArgOrEnv;

static META: RuleMeta = RuleMeta {
    code: "DL3064",
    name: "secret-in-arg-or-env",
    severity: Severity::Warning,
    category: Category::Secrets,
    sources: &[
        "hadolint:DL3064",
        "buildkit:SecretsUsedInArgOrEnv",
        "trivy:DS-0031",
        "trivy:DS031",
    ],
    default_enabled: true,
    help: "Pass the secret with a secret mount instead: `RUN --mount=type=secret,id=token,env=TOKEN …` and `docker build --secret id=token,env=TOKEN`.",
    docs: RuleDocs {
        what: "Flags `ARG` and `ENV` names that hold secrets, matched as BuildKit does — by whole tokens, so `GITHUB_TOKEN`, `db_password` and `apiKey` match but `USERNAME`, `KEYBOARD` or `TOKENIZER_PARALLELISM` do not — extended with camelCase splitting, compound words (`PGPASSWORD`), `PASS`/`PWD` next to another word (`DB_PASS`), and known names (`AWS_ACCESS_KEY_ID`, `GITHUB_TOKEN`, `NPM_TOKEN`, with `VITE_`/`REACT_APP_` prefixes). A token such as `file`, `path`, `dir`, `url`, `id`, `version`, `public`, `gpg`, `fingerprint`, `sock` or `type` marks a name that points to or describes a secret (`MINIO_SECRET_KEY_FILE`, `GPG_KEY`, `SSH_AUTH_SOCK`) and is not flagged. Also not flagged: values that are empty, a boolean, or a path (`ENV GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/gcp.json`), and an ARG used only to name a secret mount (`RUN --mount=type=secret,id=$SECRET_ID`). Add names with the `secret-names` setting and exempt them with `allowed-secret-names` (both take `*` patterns).",
        why: "Docker's guide says never to put secrets in images. ENV values are stored in the image config for anyone who pulls the image; ARG values are recorded in the image history of every RUN that sees them, and both end up in build caches. Secret mounts give the build the value without writing it anywhere.",
        bad: "FROM node:22-slim\nARG NPM_TOKEN\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci && rm .npmrc\n",
        good: "FROM node:22-slim\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n",
    },
};

/// The span of the name at the start of a word written `NAME[=value]`.
fn name_span(word: &Word, name: &str, text: &str) -> Span {
    let start = word.span.start;
    if text.get(start..start + name.len()) == Some(name) {
        Span::new(start, start + name.len())
    } else {
        word.span
    }
}

/// Whether every use of ARG `name` declared by instruction `decl` is inside a
/// `--mount=type=secret` flag (`id=$NAME`), so it names a secret, not holds one.
fn only_names_secret_mounts(cx: &Context<'_>, decl: usize, name: &str) -> bool {
    let Some(stage) = cx.model.stage_of.get(decl).copied().flatten() else {
        return false;
    };
    let (mut inside, mut outside) = (0, 0);
    for &i in &cx.model.stages[stage].instructions {
        if i <= decl {
            continue;
        }
        let Some(ins) = cx.df.instructions.get(i) else {
            continue;
        };
        let secret_mounts: Vec<Span> = ins
            .mounts()
            .iter()
            .filter(|m| m.kind == MountType::Secret)
            .map(|m| m.span)
            .collect();
        let mut spans = vec![ins.span];
        spans.extend(ins.heredocs.iter().map(|h| h.body_span));
        for span in spans {
            for at in var_references(cx.df.slice(span), name) {
                let at = span.start + at;
                if secret_mounts.iter().any(|m| m.start <= at && at < m.end) {
                    inside += 1;
                } else {
                    outside += 1;
                }
            }
        }
    }
    inside > 0 && outside == 0
}

impl Rule for SecretInArgOrEnv {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, ins) in instructions(cx) {
            match ins.kind() {
                InstructionKind::Arg { args } => {
                    for decl in args {
                        if !is_secret_name(decl.name, cx.settings)
                            || decl.default.is_some_and(|d| {
                                // An empty default is still filled by `--build-arg`.
                                !d.trim_matches(['"', '\'']).is_empty() && is_non_secret_value(d)
                            })
                            || only_names_secret_mounts(cx, i, decl.name)
                        {
                            continue;
                        }
                        out.push(Finding::new(
                            name_span(decl.word, decl.name, &cx.df.text),
                            format!(
                                "ARG `{}` looks like a secret: build arguments are recorded in the image history",
                                decl.name
                            ),
                        ));
                    }
                }
                InstructionKind::Env { pairs } => {
                    for p in pairs {
                        let name = p.key.value.trim_matches(|c| c == '"' || c == '\'');
                        if !is_secret_name(name, cx.settings) || is_non_secret_value(&p.value.value)
                        {
                            continue;
                        }
                        out.push(Finding::new(
                            p.key.span,
                            format!(
                                "ENV `{name}` looks like a secret: environment variables are stored in the image config"
                            ),
                        ));
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::RuleSettings;
    use crate::rules::testing::{assert_clean, assert_fires, findings_with};

    #[test]
    fn fires_on_secret_names() {
        assert_fires(
            &SecretInArgOrEnv,
            "FROM alpine:3.20\nARG GITHUB_TOKEN\n",
            &[2],
        );
        assert_fires(&SecretInArgOrEnv, "ARG NPM_TOKEN\nFROM alpine:3.20\n", &[1]);
        assert_fires(
            &SecretInArgOrEnv,
            "FROM alpine:3.20\nENV DB_PASSWORD=hunter2 \\\n    apiKey=abc\n",
            &[2, 3],
        );
        assert_fires(
            &SecretInArgOrEnv,
            "FROM alpine:3.20\nENV AWS_SECRET_ACCESS_KEY wJalr\n",
            &[2],
        );
        assert_fires(
            &SecretInArgOrEnv,
            "FROM alpine:3.20\nARG SECRET_PASSPHRASE=\"\"\n",
            &[2],
        );
        assert_fires(
            &SecretInArgOrEnv,
            "FROM alpine:3.20\nARG TOKEN\nENV TOKEN=$TOKEN\n",
            &[2, 3],
        );
        assert_fires(
            &SecretInArgOrEnv,
            "FROM alpine:3.20\nONBUILD ARG PGPASSWORD\n",
            &[2],
        );
        // Used in a secret mount and elsewhere: still a secret value.
        assert_fires(
            &SecretInArgOrEnv,
            "FROM alpine:3.20\nARG API_TOKEN\nRUN --mount=type=secret,id=$API_TOKEN curl -H \"X: $API_TOKEN\" x\n",
            &[2],
        );
    }

    #[test]
    fn silent_on_names_that_only_look_like_secrets() {
        // hadolint's false alarms on the shared corpus.
        assert_clean(
            &SecretInArgOrEnv,
            "FROM alpine:3.20\nARG USERNAME=vscode\nARG USER_UID=1000\nENV MINIO_ACCESS_KEY_FILE=access_key \\\n    MINIO_SECRET_KEY_FILE=secret_key\n",
        );
        assert_clean(
            &SecretInArgOrEnv,
            "FROM python:3.12\nENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305\nENV PUBLIC_KEY=abc AUTH_MODULE_VERSION=2 password_file=/run/pw\n",
        );
        assert_clean(
            &SecretInArgOrEnv,
            "FROM alpine:3.20\nENV GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/gcp.json AUTH_ENABLED=false API_KEY=\"\"\n",
        );
        assert_clean(
            &SecretInArgOrEnv,
            "FROM alpine:3.20\nENV SSH_AUTH_SOCK=/ssh-agent TOKENIZERS_PARALLELISM=false\n",
        );
        // An ARG that only names a secret mount.
        assert_clean(
            &SecretInArgOrEnv,
            "FROM alpine:3.20\nARG SECRET_KEY_NAME=aws\nARG NPM_TOKEN_SECRET=npm\nRUN --mount=type=secret,id=${NPM_TOKEN_SECRET} npm ci\n",
        );
    }

    #[test]
    fn settings_add_and_allow_names() {
        let settings = RuleSettings {
            secret_names: vec!["*_LICENSE".into()],
            allowed_secret_names: vec!["BUILD_TOKEN".into()],
            ..RuleSettings::default()
        };
        let got = findings_with(
            &SecretInArgOrEnv,
            "FROM alpine:3.20\nARG BUILD_TOKEN\nARG RTI_LICENSE\n",
            &settings,
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, 3);
    }
}
