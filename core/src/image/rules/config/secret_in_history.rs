//! HG204: a secret written into the image's build history.

use crate::image::history::base_history_len;
use crate::image::rules::common::secret_in_assignment;
use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};
use crate::rules::support::secrets::{find_secrets, redact};

/// See [`META`].
pub(crate) struct SecretInHistory;

static META: RuleMeta = RuleMeta {
    code: "HG204",
    name: "secret-in-image-history",
    severity: Severity::Error,
    category: Category::Secrets,
    sources: &["dockle:CIS-DI-0010", "trivy:DS-0031", "trivy:DS031"],
    default_enabled: true,
    help: "Revoke the secret and rebuild without it: pass secrets with a secret mount (`RUN --mount=type=secret,id=…`) instead of `--build-arg`, a literal in a RUN command or an ENV; a secret in the base image's history needs a fixed base image.",
    docs: RuleDocs {
        what: "Flags history entries of the image, the base image's included, whose command (`created_by`) or comment holds a literal secret — cloud keys, tokens, private keys, passwords in URLs — and RUN steps whose recorded build arguments (`|2 NPM_TOKEN=… A=b /bin/sh -c …`) give a value to a secret-named argument. The message shows only the first characters of the secret and whether the entry belongs to the base image. Other problems of RUN commands in the history are reported by the Dockerfile rules run over the history, against the same entries.",
        why: "Docker's guide says never to put secrets in images. The history is part of the image configuration: `docker history --no-trunc` shows every command and, for each RUN, the build arguments it saw with their values, to anyone who can pull the image — even when the secret never reached a file.",
        bad: "image config: {\"history\": [{\"created_by\": \"|1 NPM_TOKEN=npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8 /bin/sh -c npm ci\"}]}",
        good: "image config: {\"history\": [{\"created_by\": \"RUN /bin/sh -c npm ci # buildkit\"}]}",
    },
};

/// The build arguments recorded before a RUN command (`|2 A=1 B=2 /bin/sh
/// -c …`, with or without BuildKit's `RUN ` prefix), and where the command
/// itself starts.
fn build_args(created_by: &str) -> (Vec<(&str, &str)>, usize) {
    let lead = created_by.len() - created_by.trim_start().len();
    let mut at = lead;
    let rest = created_by.get(at..).unwrap_or_default();
    if rest.starts_with("RUN ") {
        at += 4;
    }
    let Some(after_bar) = created_by.get(at..).and_then(|r| r.strip_prefix('|')) else {
        return (Vec::new(), 0);
    };
    at += 1;
    let digits = after_bar
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(after_bar.len());
    let Some(count) = after_bar
        .get(..digits)
        .and_then(|d| d.parse::<usize>().ok())
    else {
        return (Vec::new(), 0);
    };
    at += digits;
    let mut args = Vec::new();
    for _ in 0..count {
        let rest = created_by.get(at..).unwrap_or_default();
        let word_start = at + (rest.len() - rest.trim_start().len());
        let word_rest = created_by.get(word_start..).unwrap_or_default();
        let word_len = word_rest.find(' ').unwrap_or(word_rest.len());
        let word = word_rest.get(..word_len).unwrap_or_default();
        let Some((name, value)) = word.split_once('=') else {
            break;
        };
        args.push((name, value));
        at = word_start + word_len;
    }
    (args, at)
}

impl ImageRule for SecretInHistory {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let history = &cx.image.config.history;
        let base = base_history_len(history);
        for (i, h) in history.iter().enumerate() {
            let whose = if i < base { " (base image)" } else { "" };
            let location = format!("history[{i}]");
            let mut said: Vec<String> = Vec::new();
            let mut say = |message: String| {
                if !said.contains(&message) {
                    said.push(message.clone());
                    out.push(ImageFinding::new(location.clone(), message));
                }
            };
            let (args, command_start) = build_args(&h.created_by);
            for (name, value) in args {
                if let Some(what) = secret_in_assignment(name, value, cx.settings) {
                    say(format!(
                        "build argument `{name}` is recorded in the history{whose} with {what}"
                    ));
                }
            }
            let command = h.created_by.get(command_start..).unwrap_or_default();
            let comment = h.comment.as_deref().unwrap_or_default();
            for (text, part) in [(command, "command"), (comment, "comment")] {
                for m in find_secrets(text) {
                    let secret = text.get(m.range.clone()).unwrap_or_default();
                    say(format!(
                        "the history{whose} holds a {} (`{}`) in a step's {part}",
                        m.kind.describe(),
                        redact(secret)
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{findings, image, locations};

    fn history(entries: &[(&str, Option<&str>, bool)]) -> crate::image::Image {
        let list: Vec<String> = entries
            .iter()
            .map(|(by, comment, empty)| {
                let comment = comment.map_or(String::new(), |c| format!(", \"comment\": {c:?}"));
                format!("{{\"created_by\": {by:?}, \"empty_layer\": {empty}{comment}}}")
            })
            .collect();
        image(&format!("{{\"history\": [{}]}}", list.join(",")), vec![])
    }

    const NPM: &str = "npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

    #[test]
    fn fires_on_build_args_with_secret_names() {
        let img = history(&[
            (
                "|2 NPM_TOKEN=s3cr3t-value APP=web /bin/sh -c npm ci",
                None,
                false,
            ),
            (
                "RUN |1 GH_TOKEN=abcdef123456 /bin/sh -c make # buildkit",
                None,
                false,
            ),
        ]);
        assert_eq!(
            locations(&SecretInHistory, &img),
            ["history[0]", "history[1]"]
        );
        let f = findings(&SecretInHistory, &img);
        assert!(f[0].message.contains("`NPM_TOKEN`"), "{}", f[0].message);
        assert!(!f[0].message.contains("s3cr3t-value"));
    }

    #[test]
    fn fires_on_literal_secrets_in_commands_and_comments_base_included() {
        let img = history(&[
            (
                "/bin/sh -c git clone https://bot:Xk29pLm4Qz@git.example.com/a.git",
                None,
                false,
            ),
            ("/bin/sh -c #(nop)  CMD [\"sh\"]", None, true),
            (
                &format!(
                    "RUN /bin/sh -c echo //registry.npmjs.org/:_authToken={NPM} > .npmrc # buildkit"
                ),
                None,
                false,
            ),
            (
                "COPY . /app # buildkit",
                Some("deployed with AKIA2OGYBAH6TESTK3YQ"),
                false,
            ),
        ]);
        assert_eq!(
            locations(&SecretInHistory, &img),
            ["history[0]", "history[2]", "history[3]"]
        );
        let f = findings(&SecretInHistory, &img);
        assert!(f[0].message.contains("(base image)"), "{}", f[0].message);
        assert!(
            f[1].message.contains("npm access token (`npm_…`)"),
            "{}",
            f[1].message
        );
        assert!(f[2].message.contains("comment"), "{}", f[2].message);
    }

    #[test]
    fn fires_once_for_a_secret_build_arg_value() {
        // A token passed as an innocuous-looking build argument.
        let img = history(&[(
            &format!("|1 REGISTRY_AUTH_VALUE={NPM} /bin/sh -c npm ci"),
            None,
            false,
        )]);
        let f = findings(&SecretInHistory, &img);
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn quiet_on_ordinary_history() {
        let img = history(&[
            ("/bin/sh -c #(nop) ADD file:abc in / ", None, false),
            (
                "|2 VERSION=1.2.3 TOKEN_FILE=/run/secrets/t /bin/sh -c make",
                None,
                false,
            ),
            ("|1 API_KEY= /bin/sh -c make", None, false),
            (
                "RUN /bin/sh -c curl https://${USER}:${PASS}@example.com # buildkit",
                None,
                false,
            ),
            (
                "ENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305",
                Some("buildkit.dockerfile.v0"),
                true,
            ),
            (
                "RUN /bin/sh -c grep -q 'BEGIN RSA PRIVATE KEY' /x # buildkit",
                None,
                false,
            ),
        ]);
        assert!(locations(&SecretInHistory, &img).is_empty());
    }

    #[test]
    fn build_args_are_split_by_count() {
        let (args, at) = build_args("|2 A=1 B=x y /bin/sh -c z");
        assert_eq!(args, [("A", "1"), ("B", "x")]);
        assert_eq!(at, 10);
        assert_eq!(build_args("/bin/sh -c x").0, []);
        assert_eq!(build_args("|x A=1").0, []);
        assert_eq!(build_args("RUN |1 T=1 /bin/sh -c id").0, [("T", "1")]);
    }
}
