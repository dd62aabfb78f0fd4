//! HG162: credentials handed to a RUN command on its command line (or baked
//! into an ENV URL) instead of through a secret mount.

use std::ops::Range;

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::model::VarKind;
use crate::rules::support::commands::{Cmd, build_commands};
use crate::rules::support::secrets::{find_secrets, url_credentials};
use crate::shell::ShellWord;
use crate::span::Span;
use crate::syntax::{InstructionKind, MountType};

use super::{CredentialSource, credential_source, instructions, run_mounts, var_kind_at};

/// See [`META`].
pub(crate) struct CredentialOnCommandLine;

static META: RuleMeta = RuleMeta {
    code: "HG162",
    name: "credential-on-command-line",
    severity: Severity::Error,
    category: Category::Secrets,
    sources: &["trivy:DS-0031", "trivy:DS031"],
    default_enabled: true,
    help: "Read the credential from a secret mount at build time: `RUN --mount=type=secret,id=token,env=TOKEN …` (or `target=` a file), built with `docker build --secret id=token,env=TOKEN`.",
    docs: RuleDocs {
        what: "Flags credentials given to build commands on their command line: `aws configure set aws_secret_access_key|aws_access_key_id|aws_session_token`, `docker`/`podman`/`buildah`/`skopeo`/`helm` `login -p|--password` (and `--password-stdin` fed by `echo`), `npm`/`yarn`/`pnpm config set …_authToken`, `//registry/:_authToken=` written by any command, `az login -p|--password|--federated-token`, `doctl auth init -t|--access-token`, `curl -u user:password`, `wget --password`, `sshpass -p`, `Authorization:`/`PRIVATE-TOKEN:`/`X-API-Key:` headers, and `scheme://user:password@host` URLs whose user or password is a variable (`git clone https://${TOKEN}@github.com/…`, `pip install --index-url …`). A value counts when it is literal or comes from an ARG or ENV in scope; not when it is read at run time (`$(cat /run/secrets/token)`), set by the script itself, or provided by a secret mount's `env=`. Also flagged: `gcloud auth activate-service-account --key-file` in a RUN without a secret or bind mount (the key file must be in the image), and an ENV URL whose credentials come from an ARG. Literal passwords in URLs and recognisable tokens are HG160's findings and are not repeated here.",
        why: "Docker's guide says never to put secrets in images. Every RUN command line is recorded in the image history together with the build arguments it used, and files the command writes (`~/.aws/credentials`, `.npmrc`, `~/.docker/config.json`) stay in the layer. Secret mounts hand the value to one step without writing it anywhere.",
        bad: "FROM python:3.12-slim\nARG AWS_SECRET\nRUN aws configure set aws_secret_access_key \"$AWS_SECRET\" && aws s3 cp s3://bucket/model /model\n",
        good: "FROM python:3.12-slim\nRUN --mount=type=secret,id=aws,target=/root/.aws/credentials aws s3 cp s3://bucket/model /model\n",
    },
};

/// A word holding a credential, with the credential's bytes in its raw text.
struct Hit<'a> {
    word: &'a ShellWord,
    value: Range<usize>,
    what: String,
}

/// The values of options `-s VALUE`, `-sVALUE`, `--long VALUE`, `--long=VALUE`.
fn option_values<'a>(
    args: &'a [ShellWord],
    shorts: &[char],
    longs: &[&str],
) -> Vec<(&'a ShellWord, Range<usize>, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let w = &args[i];
        let t = w.text();
        if t == "--" {
            break;
        }
        if let Some(rest) = t.strip_prefix("--") {
            let name = rest.split('=').next().unwrap_or(rest);
            if longs.contains(&name) {
                match w.raw.find('=') {
                    Some(eq) => out.push((w, eq + 1..w.raw.len(), format!("--{name}"))),
                    None => {
                        if let Some(v) = args.get(i + 1) {
                            out.push((v, 0..v.raw.len(), format!("--{name}")));
                            i += 1;
                        }
                    }
                }
            }
        } else if let Some(cluster) = t.strip_prefix('-')
            && let Some(c) = cluster.chars().next()
            && shorts.contains(&c)
        {
            if cluster.len() == c.len_utf8() {
                if let Some(v) = args.get(i + 1) {
                    out.push((v, 0..v.raw.len(), format!("-{c}")));
                    i += 1;
                }
            } else if let Some(at) = w.raw.find(c) {
                out.push((w, at + c.len_utf8()..w.raw.len(), format!("-{c}")));
            }
        }
        i += 1;
    }
    out
}

const AUTH_HEADERS: &[&str] = &[
    "proxy-authorization:",
    "authorization:",
    "private-token:",
    "job-token:",
    "x-api-key:",
    "api-key:",
    "x-auth-token:",
    "x-jfrog-art-api:",
];

const NPM_AUTH_KEYS: &[&str] = &[":_authToken=", ":_auth=", ":_password="];

fn has_args(cmd: &crate::shell::SimpleCommand, words: &[&str]) -> bool {
    words.iter().all(|w| cmd.has_arg(w))
}

/// The credential words of one command, by what the command is.
fn command_hits<'a>(c: &Cmd<'a>) -> Vec<Hit<'a>> {
    let cmd = c.cmd;
    let args = &cmd.args;
    let Some(program) = cmd.program() else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    let push_options = |hits: &mut Vec<Hit<'a>>, shorts: &[char], longs: &[&str], label: &str| {
        for (word, value, opt) in option_values(args, shorts, longs) {
            hits.push(Hit {
                word,
                value,
                what: format!("`{label} {opt}`"),
            });
        }
    };
    match program {
        "aws" if has_args(cmd, &["configure", "set"]) => {
            for (k, a) in args.iter().enumerate() {
                let key = a.text().rsplit('.').next().unwrap_or("");
                if matches!(
                    key,
                    "aws_secret_access_key" | "aws_access_key_id" | "aws_session_token"
                ) && let Some(v) = args.get(k + 1)
                {
                    hits.push(Hit {
                        word: v,
                        value: 0..v.raw.len(),
                        what: format!("`aws configure set {key}`"),
                    });
                }
            }
        }
        "docker" | "podman" | "buildah" | "skopeo" | "nerdctl" | "helm" | "oras" | "crane"
            if cmd.has_arg("login") =>
        {
            push_options(
                &mut hits,
                &['p'],
                &["password"],
                &format!("{program} login"),
            );
            if cmd.has_flag('\0', "password-stdin")
                && let Some(from) = c.script.piped_from(c.index)
                && let Some(feeder) = c.script.commands.get(from)
                && feeder.is_program(&["echo", "printf"])
            {
                for w in feeder.args.iter().filter(|a| !a.text().starts_with('-')) {
                    hits.push(Hit {
                        word: w,
                        value: 0..w.raw.len(),
                        what: format!("`{program} login --password-stdin`"),
                    });
                }
            }
        }
        "npm" | "yarn" | "pnpm" => {
            if let Some(set) = args.iter().position(|a| a.text() == "set")
                && let Some(key) = args.get(set + 1)
            {
                let k = key.text();
                let is_auth = [
                    "_authToken",
                    "_auth",
                    "_password",
                    "npmAuthToken",
                    "npmAuthIdent",
                ]
                .iter()
                .any(|m| k.contains(m));
                if is_auth
                    && !k.contains('=')
                    && let Some(v) = args.get(set + 2)
                {
                    hits.push(Hit {
                        word: v,
                        value: 0..v.raw.len(),
                        what: format!("`{program} config set`"),
                    });
                }
            }
        }
        "az" if cmd.has_arg("login") => {
            push_options(
                &mut hits,
                &['p'],
                &["password", "federated-token"],
                "az login",
            );
        }
        "doctl" if has_args(cmd, &["auth", "init"]) => {
            push_options(&mut hits, &['t'], &["access-token"], "doctl auth init");
        }
        "curl" => {
            // Only the password part of `user:password` is a credential.
            for (word, value, opt) in option_values(args, &['u'], &["user", "proxy-user"]) {
                if let Some(colon) = word.raw[value.clone()].find(':') {
                    hits.push(Hit {
                        word,
                        value: value.start + colon + 1..value.end,
                        what: format!("`curl {opt}`"),
                    });
                }
            }
            push_options(&mut hits, &[], &["oauth2-bearer"], "curl");
        }
        "wget" => push_options(
            &mut hits,
            &[],
            &[
                "password",
                "http-password",
                "ftp-password",
                "proxy-password",
            ],
            "wget",
        ),
        "sshpass" => push_options(&mut hits, &['p'], &[], "sshpass"),
        _ => {}
    }
    hits
}

/// Credentials any command may carry in a word: auth headers, npm registry
/// tokens, URL user info.
fn word_hits(word: &ShellWord) -> Vec<Hit<'_>> {
    let raw = &word.raw;
    // Headers end in `:`, npm keys hold `:_`, URLs `://`: no colon, no hit
    // (most words), and no lower-casing or searching either.
    if !raw.as_bytes().contains(&b':') {
        return Vec::new();
    }
    let lower = raw.to_ascii_lowercase();
    let mut hits = Vec::new();
    if let Some((at, h)) = AUTH_HEADERS
        .iter()
        .find_map(|h| lower.find(h).map(|at| (at, h)))
    {
        let name = &raw[at..at + h.len() - 1];
        hits.push(Hit {
            word,
            value: at + h.len()..raw.len(),
            what: format!("the `{name}` header"),
        });
    } else if let Some((at, k)) = NPM_AUTH_KEYS
        .iter()
        .find_map(|k| raw.find(k).map(|at| (at, k)))
    {
        hits.push(Hit {
            word,
            value: at + k.len()..raw.len(),
            what: format!("the npm registry setting `{}`", k.trim_matches([':', '='])),
        });
    }
    // The password when it is a variable, else the user (a token given as
    // the user name, as in `https://${TOKEN}@github.com`).
    for u in url_credentials(raw) {
        let value = match u.password {
            Some(p) if raw[p.clone()].contains('$') => p,
            _ => u.user,
        };
        if raw[value.clone()].contains('$') {
            hits.push(Hit {
                word,
                value,
                what: "the URL credentials".to_owned(),
            });
        }
    }
    hits
}

impl Rule for CredentialOnCommandLine {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut seen: Vec<Span> = Vec::new();
        let mut report = |span: Span, message: String, out: &mut Vec<Finding>| {
            if !seen.contains(&span) {
                seen.push(span);
                out.push(Finding::new(span, message));
            }
        };
        for c in build_commands(cx) {
            let mut hits = command_hits(&c);
            if c.cmd.wraps.is_none() {
                for w in &c.cmd.args {
                    hits.extend(word_hits(w));
                }
            }
            for hit in hits {
                let value = &hit.word.raw[hit.value.clone()];
                let Some(source) = credential_source(cx, c.run, c.script, value) else {
                    continue;
                };
                if source == CredentialSource::Literal && !find_secrets(value).is_empty() {
                    continue;
                }
                report(
                    c.map(hit.word.span),
                    format!(
                        "{} gets {}, which the image history records",
                        hit.what,
                        source.describe()
                    ),
                    out,
                );
            }
            if c.cmd.is_program(&["gcloud"])
                && has_args(c.cmd, &["auth", "activate-service-account"])
                && let Some((word, _, _)) = option_values(&c.cmd.args, &[], &["key-file"]).first()
            {
                let mounted = run_mounts(cx, c.run.instruction)
                    .iter()
                    .any(|m| matches!(m.kind, MountType::Secret | MountType::Bind));
                if !mounted {
                    report(
                        c.map(word.span),
                        format!(
                            "`gcloud auth activate-service-account --key-file {}` needs the key file in the image",
                            word.text()
                        ),
                        out,
                    );
                }
            }
        }
        for (i, ins) in instructions(cx) {
            let InstructionKind::Env { pairs } = ins.kind() else {
                continue;
            };
            for p in pairs {
                for u in url_credentials(&p.value.value) {
                    let end = u.password.as_ref().map_or(u.user.end, |p| p.end);
                    let userinfo = &p.value.value[u.user.start..end];
                    let arg = crate::expand::referenced_variables(userinfo, cx.df.escape)
                        .into_iter()
                        .find(|n| var_kind_at(cx, i, n) == Some(VarKind::Arg));
                    if let Some(name) = arg {
                        let key = p.key.value.trim_matches(['"', '\'']);
                        report(
                            p.value.span,
                            format!(
                                "ENV `{key}` copies the ARG `{name}` into a URL's credentials in the image config"
                            ),
                            out,
                        );
                    }
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
    fn fires_on_credential_commands_with_literals_or_build_variables() {
        assert_fires(
            &CredentialOnCommandLine,
            "FROM python:3.12\nARG AWS_SECRET\nRUN aws configure set aws_secret_access_key \"$AWS_SECRET\"\n",
            &[3],
        );
        let got = findings(
            &CredentialOnCommandLine,
            "FROM python:3.12\nARG AWS_SECRET\nRUN aws configure set aws_secret_access_key \"$AWS_SECRET\"\n",
        );
        assert_eq!(
            got[0].1,
            "`aws configure set aws_secret_access_key` gets the ARG `AWS_SECRET`, which the image history records"
        );
        assert_fires(
            &CredentialOnCommandLine,
            "FROM docker:27\nRUN docker login -u me -p hunter2 registry.example.com\n",
            &[2],
        );
        assert_fires(
            &CredentialOnCommandLine,
            "FROM docker:27\nARG PASS\nRUN echo \"$PASS\" | docker login --password-stdin -u me r.example.com\n",
            &[3],
        );
        assert_fires(
            &CredentialOnCommandLine,
            "FROM node:22\nARG NPM_TOKEN\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci\n",
            &[3],
        );
        assert_fires(
            &CredentialOnCommandLine,
            "FROM node:22\nENV TOKEN=abc\nRUN npm config set //r.example.com/:_authToken $TOKEN\n",
            &[3],
        );
        assert_fires(
            &CredentialOnCommandLine,
            "FROM alpine:3.20\nARG GITHUB_TOKEN\nRUN git clone https://${GITHUB_TOKEN}@github.com/o/r.git\n",
            &[3],
        );
        assert_fires(
            &CredentialOnCommandLine,
            "FROM python:3.12\nARG PIP_PASS\nRUN pip install --index-url \"https://me:${PIP_PASS}@pypi.example.com/simple\" app\n",
            &[3],
        );
        assert_fires(
            &CredentialOnCommandLine,
            "FROM alpine:3.20\nRUN curl -u admin:admin123 -O https://nexus/x\n",
            &[2],
        );
        assert_fires(
            &CredentialOnCommandLine,
            "FROM alpine:3.20\nARG TOKEN\nRUN curl -fsSL -H \"Authorization: Bearer $TOKEN\" https://api/x\n",
            &[3],
        );
        assert_fires(
            &CredentialOnCommandLine,
            "FROM alpine:3.20\nRUN az login --service-principal -u id -p s3cret --tenant t\n",
            &[2],
        );
        assert_fires(
            &CredentialOnCommandLine,
            "FROM alpine:3.20\nARG DO\nRUN doctl auth init -t $DO\n",
            &[3],
        );
        assert_fires(
            &CredentialOnCommandLine,
            "FROM google/cloud-sdk:480.0.0\nCOPY key.json /key.json\nRUN gcloud auth activate-service-account --key-file=/key.json\n",
            &[3],
        );
        assert_fires(
            &CredentialOnCommandLine,
            "FROM alpine:3.20\nARG GH\nRUN git config --global url.\"https://${GH}:x-oauth-basic@github.com/\".insteadOf https://github.com/\n",
            &[3],
        );
        // Wrapped and in heredocs and ONBUILD.
        assert_fires(
            &CredentialOnCommandLine,
            "FROM alpine:3.20\nARG PW\nRUN sh -c 'wget --password=\"$PW\" https://x/y'\n",
            &[3],
        );
        assert_fires(
            &CredentialOnCommandLine,
            "FROM alpine:3.20\nARG PW\nRUN <<EOF\nset -e\nsshpass -p \"$PW\" scp a b:\nEOF\n",
            &[5],
        );
        assert_fires(
            &CredentialOnCommandLine,
            "FROM alpine:3.20\nARG PW\nONBUILD RUN sudo docker login -p $PW r.example.com\n",
            &[3],
        );
        // An ENV URL built from an ARG.
        assert_fires(
            &CredentialOnCommandLine,
            "FROM python:3.12\nARG PW\nENV PIP_INDEX_URL=https://me:${PW}@pypi.example.com/simple\n",
            &[3],
        );
    }

    #[test]
    fn silent_on_secret_mounts_runtime_reads_and_hg160_literals() {
        assert_clean(
            &CredentialOnCommandLine,
            "FROM alpine:3.20\nRUN --mount=type=secret,id=gh,env=GITHUB_TOKEN git clone https://${GITHUB_TOKEN}@github.com/o/r\n",
        );
        assert_clean(
            &CredentialOnCommandLine,
            "FROM docker:27\nRUN --mount=type=secret,id=pw docker login -u me -p \"$(cat /run/secrets/pw)\" r\n",
        );
        assert_clean(
            &CredentialOnCommandLine,
            "FROM alpine:3.20\nRUN --mount=type=secret,id=t TOKEN=$(cat /run/secrets/t) && curl -H \"Authorization: Bearer $TOKEN\" https://x\n",
        );
        // A user name from an ARG is not a secret.
        assert_clean(
            &CredentialOnCommandLine,
            "FROM alpine:3.20\nARG USER=app\nRUN --mount=type=secret,id=p,env=P curl -u \"$USER:$P\" https://x && git clone https://$USER:$P@h/r\n",
        );
        // A variable that is neither ARG nor ENV (set at run time elsewhere).
        assert_clean(
            &CredentialOnCommandLine,
            "FROM alpine:3.20\nCMD curl -u \"$U:$P\" https://x\n",
        );
        assert_clean(
            &CredentialOnCommandLine,
            "FROM alpine:3.20\nRUN curl -u \"$U:$P\" https://x && curl -u me https://y\n",
        );
        // Literal URL passwords and known tokens are HG160's.
        assert_clean(
            &CredentialOnCommandLine,
            "FROM alpine:3.20\nRUN git clone https://me:s3cret@git.example.com/r\n",
        );
        assert_clean(
            &CredentialOnCommandLine,
            "FROM alpine:3.20\nRUN docker login -p ghp_R7aQ2mV9xK4pL8sT1wZ6bN3cF5dH0jY2uE7i ghcr.io\n",
        );
        assert_clean(
            &CredentialOnCommandLine,
            "FROM google/cloud-sdk:480.0.0\nRUN --mount=type=secret,id=gcp,target=/key.json gcloud auth activate-service-account --key-file=/key.json\n",
        );
        assert_clean(
            &CredentialOnCommandLine,
            "FROM alpine:3.20\nARG VERSION=1\nRUN curl -H 'Accept: application/json' https://x/$VERSION && docker login --password-stdin < /run/secrets/pw\n",
        );
        assert_clean(
            &CredentialOnCommandLine,
            "FROM alpine:3.20\nARG REGISTRY\nENV PIP_INDEX_URL=https://${REGISTRY}/simple\n",
        );
    }
}
