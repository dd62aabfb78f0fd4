//! HG112: `ADD <http(s) url>` without `--checksum=`.

use crate::expand::Lexer;
use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::syntax::{CopyArgs, Instruction, InstructionKind};

/// See [`META`].
pub(crate) struct AddUrlWithoutChecksum;

static META: RuleMeta = RuleMeta {
    code: "HG112",
    name: "add-url-without-checksum",
    severity: Severity::Info,
    category: Category::SupplyChain,
    sources: &[],
    default_enabled: true,
    help: "Add `--checksum=sha256:<hex>` to the ADD (BuildKit, `# syntax=docker/dockerfile:1.6` or later), or download in a RUN and check the file with `sha256sum -c`.",
    docs: RuleDocs {
        what: "Flags each http(s) URL source of `ADD` (and `ONBUILD ADD`) when the instruction has no `--checksum=` flag, after resolving ARG and ENV values. Git repositories (`https://host/repo.git#ref`, `git@host:repo`) are not file downloads and are not checked here.",
        why: "Docker's security guide asks for a verified supply chain. TLS only proves which server answered; it says nothing about whether the file is the one you reviewed. A release asset can be replaced, a mirror compromised, or a URL without a version start serving something new, and the build copies it in silently. With `--checksum` BuildKit refuses any file whose digest differs, and the digest also makes the build reproducible.",
        bad: "FROM alpine:3.20\nADD https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /tini\n",
        good: "FROM alpine:3.20\nADD --checksum=sha256:c5b0666b4cb676901f90dfcb37106783c5fe2077b04590973b885950611b30ee https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /tini\n",
    },
};

/// Whether a URL names a git repository rather than a file.
pub(crate) fn is_git_url(url: &str) -> bool {
    if url.starts_with("git@") || url.starts_with("git://") || url.starts_with("ssh://") {
        return true;
    }
    let without_fragment = url.split('#').next().unwrap_or(url);
    let path = without_fragment
        .split('?')
        .next()
        .unwrap_or(without_fragment);
    path.trim_end_matches('/').ends_with(".git")
}

/// Whether `url` is an http(s) URL (case-insensitive scheme).
pub(crate) fn is_http_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The ADD arguments of an instruction (`ADD` or `ONBUILD ADD`) and the flags
/// of the instruction that carries them.
pub(crate) fn add_args<'i>(
    ins: &'i Instruction<'i>,
) -> Option<(CopyArgs<'i>, &'i Instruction<'i>)> {
    let carrier = ins.trigger_or_self();
    match carrier.kind() {
        InstructionKind::Add(c) => Some((c, carrier)),
        _ => None,
    }
}

/// A source word of ADD after variable expansion, when it is an http(s) URL
/// (as written when some variable in it has no value).
pub(crate) fn source_url(cx: &Context<'_>, index: usize, raw: &str) -> Option<String> {
    let lookup = |name: &str| cx.model.lookup(index, name);
    let e = Lexer::new(cx.df.escape).expand_word(raw, &lookup).ok()?;
    if !is_http_url(&e.value) || is_git_url(&e.value) {
        return None;
    }
    // With a variable left unset, show the URL as written.
    Some(if e.unmatched.is_empty() {
        e.value
    } else {
        raw.to_owned()
    })
}

impl Rule for AddUrlWithoutChecksum {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (index, ins) in cx.df.instructions.iter().enumerate() {
            let Some((args, carrier)) = add_args(ins) else {
                continue;
            };
            if args.checksum.is_some() || carrier.flag("checksum").is_some() {
                continue;
            }
            for source in args.sources {
                if let Some(url) = source_url(cx, index, &source.value) {
                    out.push(Finding::new(
                        source.span,
                        format!("`ADD` downloads `{url}` without `--checksum`, so its content is not verified"),
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
    fn fires_on_urls_without_checksum() {
        assert_fires(
            &AddUrlWithoutChecksum,
            concat!(
                "FROM alpine:3.20\n",
                "ARG V=3.2.0.0\n",
                "ADD https://github.com/just-containers/s6-overlay/releases/download/v${V}/s6-overlay-noarch.tar.xz /tmp\n",
                "ARG URL=https://example.com/pkg.rpm\n",
                "ADD ${URL} /tmp/pkg.rpm\n",
                "ADD --chmod=755 \\\n    \"HTTP://example.com/tool\" /usr/bin/tool\n",
                "ONBUILD ADD https://example.com/x.tgz /x\n",
            ),
            &[3, 5, 7, 8],
        );
        let f = findings(
            &AddUrlWithoutChecksum,
            "FROM alpine:3.20\nARG V=1.0\nADD https://example.com/v${V}/a.tgz /a\n",
        );
        assert_eq!(
            f[0].1,
            "`ADD` downloads `https://example.com/v1.0/a.tgz` without `--checksum`, so its content is not verified"
        );
    }

    #[test]
    fn silent_with_checksum_local_git_and_unresolved_sources() {
        assert_clean(
            &AddUrlWithoutChecksum,
            concat!(
                "FROM alpine:3.20\n",
                "ARG SOURCE\n",
                "ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tgz /a\n",
                "ADD --keep-git-dir=true https://github.com/golangci/golangci-lint.git#v1.59.1 /src\n",
                "ADD git@github.com:moby/buildkit.git#v0.14.0 /bk\n",
                "ADD ./local.tgz ${SOURCE} /dst/\n",
                "COPY https.txt /https.txt\n",
            ),
        );
    }
}
