//! HG160: a secret written out in the Dockerfile: cloud keys, tokens, private
//! keys, passwords in URLs.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::secrets::{find_secrets, redact};
use crate::span::Span;

/// See [`META`].
pub(crate) struct LiteralSecret;

static META: RuleMeta = RuleMeta {
    code: "HG160",
    name: "literal-secret",
    severity: Severity::Error,
    category: Category::Secrets,
    sources: &["trivy:DS-0031", "trivy:DS031", "dockle:CIS-DI-0010"],
    default_enabled: true,
    help: "Revoke the secret now, remove it from the Dockerfile and its history, and pass it at build time with a secret mount (`RUN --mount=type=secret,id=…`).",
    docs: RuleDocs {
        what: "Flags secret values written out anywhere in an instruction — ARG/ENV/LABEL values, RUN scripts, heredoc bodies, COPY heredocs, CMD/ENTRYPOINT: AWS access key ids (`AKIA…`, `ASIA…`), AWS secret keys assigned to `aws_secret_access_key`, PEM private key blocks, GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`), GitLab (`glpat-`…), npm (`npm_`) and Slack (`xox?-`) tokens, and passwords in URLs (`https://user:password@host`). Values made of variables (`${TOKEN}`), documentation examples (`AKIAIOSFODNN7EXAMPLE`) and placeholders (`ghp_xxxx…`, `<password>`) are not flagged. Comments outside instructions are not read.",
        why: "Docker's guide says never to put secrets in images. A secret in a Dockerfile is in version control, in every image layer or config built from it, and in the build history — anyone who can pull the image can read it, and deleting it in a later step does not remove it from earlier layers.",
        bad: "FROM alpine:3.20\nRUN git clone https://deploy:Xk29pLm4Qz@git.example.com/app.git /app\n",
        good: "FROM alpine:3.20\nRUN --mount=type=secret,id=git_auth,env=GIT_AUTH \\\n    git clone \"https://deploy:${GIT_AUTH}@git.example.com/app.git\" /app\n",
    },
};

impl Rule for LiteralSecret {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut seen: Vec<Span> = Vec::new();
        for ins in &cx.df.instructions {
            let mut areas = vec![ins.span];
            for h in &ins.heredocs {
                if !(ins.span.start <= h.body_span.start && h.body_span.end <= ins.span.end) {
                    areas.push(h.body_span);
                }
            }
            for area in areas {
                let text = cx.df.slice(area);
                for m in find_secrets(text) {
                    let span = Span::new(area.start + m.range.start, area.start + m.range.end);
                    if seen.contains(&span) {
                        continue;
                    }
                    seen.push(span);
                    out.push(Finding::new(
                        span,
                        format!(
                            "{} writes out a {} (`{}`)",
                            ins.keyword.as_str(),
                            m.kind.describe(),
                            redact(&text[m.range])
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

    const GH: &str = "ghp_R7aQ2mV9xK4pL8sT1wZ6bN3cF5dH0jY2uE7i";

    #[test]
    fn fires_on_literal_secrets_everywhere() {
        assert_fires(
            &LiteralSecret,
            &format!("FROM alpine:3.20\nARG T={GH}\n"),
            &[2],
        );
        assert_fires(
            &LiteralSecret,
            "FROM alpine:3.20\nENV AWS_ACCESS_KEY_ID=AKIA2OGYBAH6TESTK3YQ\n",
            &[2],
        );
        assert_fires(
            &LiteralSecret,
            "FROM alpine:3.20\nLABEL repo=\"https://ci:Pa55w0rd@git.example.com/x\"\n",
            &[2],
        );
        assert_fires(
            &LiteralSecret,
            &format!(
                "FROM alpine:3.20\nRUN apk add git && \\\n    git clone https://x:{GH}@github.com/o/r\n"
            ),
            &[3],
        );
        // Heredoc bodies: RUN scripts and COPY files.
        assert_fires(
            &LiteralSecret,
            "FROM alpine:3.20\nRUN <<EOF\nset -e\nnpm config set //registry.npmjs.org/:_authToken npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\nEOF\n",
            &[4],
        );
        assert_fires(
            &LiteralSecret,
            "FROM alpine:3.20\nCOPY <<EOF /root/.aws/credentials\n[default]\naws_secret_access_key = Zx9k2LmQ7pR4tV8wY1aB3cD5eF6gH0iJ+kL/mN2o\nEOF\n",
            &[4],
        );
        assert_fires(
            &LiteralSecret,
            "FROM alpine:3.20\nRUN echo '-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU' > /root/.ssh/id\n",
            &[2],
        );
        assert_fires(
            &LiteralSecret,
            "FROM alpine:3.20\nONBUILD RUN curl -H 'Authorization: token ghp_R7aQ2mV9xK4pL8sT1wZ6bN3cF5dH0jY2uE7i' x\n",
            &[2],
        );
        let got = findings(&LiteralSecret, &format!("FROM alpine:3.20\nENV T={GH}\n"));
        assert_eq!(got[0].1, "ENV writes out a GitHub token (`ghp_…`)");
    }

    #[test]
    fn spans_cover_exactly_the_secret() {
        use crate::syntax::parse;
        let text = format!(
            "FROM alpine:3.20\nRUN echo start && \\\n    curl https://me:Pa55w0rd@h.example.com/ -H 'X: {GH}'\n"
        );
        let df = parse(&text);
        let mut out = Vec::new();
        crate::rules::testing::with_context(&df, |cx| LiteralSecret.check(cx, &mut out));
        let got: Vec<&str> = out.iter().map(|f| df.slice(f.span)).collect();
        assert_eq!(got, ["Pa55w0rd", GH]);
    }

    #[test]
    fn silent_on_variables_examples_and_placeholders() {
        assert_clean(
            &LiteralSecret,
            "FROM alpine:3.20\nARG GITHUB_TOKEN\nRUN git clone https://x-access-token:${GITHUB_TOKEN}@github.com/o/r\n",
        );
        assert_clean(
            &LiteralSecret,
            "FROM alpine:3.20\nENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE http_proxy=http://proxy:3128\n",
        );
        assert_clean(
            &LiteralSecret,
            "FROM alpine:3.20\nRUN --mount=type=secret,id=pw,env=PW curl -u \"me:$PW\" https://me@example.com/\n",
        );
        assert_clean(
            &LiteralSecret,
            "FROM alpine:3.20\n# token: ghp_R7aQ2mV9xK4pL8sT1wZ6bN3cF5dH0jY2uE7i\nRUN true\n",
        );
        assert_clean(
            &LiteralSecret,
            "FROM alpine:3.20\nRUN grep -q 'BEGIN RSA PRIVATE KEY' /etc/key || true\n",
        );
    }
}
