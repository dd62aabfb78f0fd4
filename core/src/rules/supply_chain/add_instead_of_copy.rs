//! DL3020: `ADD` of local files or folders, where `COPY` does the same
//! without ADD's download and extraction behaviour.

use crate::expand::Lexer;
use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::syntax::{CopyArgs, Instruction, InstructionKind};

/// See [`META`].
pub(crate) struct AddInsteadOfCopy;

static META: RuleMeta = RuleMeta {
    code: "DL3020",
    name: "add-instead-of-copy",
    severity: Severity::Error,
    category: Category::SupplyChain,
    sources: &[
        "hadolint:DL3020",
        "trivy:DS-0005",
        "trivy:DS005",
        "checkov:CKV_DOCKER_4",
        "dockle:CIS-DI-0009",
    ],
    default_enabled: true,
    help: "Use `COPY` for local files and folders; keep `ADD` for archives it should unpack and for URLs or git repositories (with `--checksum`).",
    docs: RuleDocs {
        what: "Flags `ADD` (also as an `ONBUILD` trigger) when a source is a local file or folder: not an `http(s)://` URL, not a git repository (`git@…`, `git://…`, `….git`), not a tar archive ADD unpacks (`.tar`, `.tar.gz`, `.tgz`, `.bz2`, `.xz`, `.zst`, `.Z`…) and not a heredoc. Sources built from ARGs are checked with their values and skipped when a variable has none.",
        why: "`ADD` does more than copy: it downloads URLs and unpacks local archives, silently. Docker's best practices ask for `COPY` for plain files, so every remote fetch and every extraction in a build is explicit and reviewable; an `ADD` that merely copies hides where the other kind would be.",
        bad: "FROM alpine:3.20\nADD app/ /srv/app/\n",
        good: "FROM alpine:3.20\nCOPY app/ /srv/app/\nADD rootfs.tar.gz /\n",
    },
};

/// Extensions of archives ADD unpacks (hadolint's list, plus zstd, which
/// BuildKit also unpacks).
const ARCHIVES: [&str; 17] = [
    ".tar", ".z", ".bz2", ".gz", ".lz", ".lzma", ".tz", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz", ".zst", ".tzst",
];

fn unquote(s: &str) -> &str {
    let t = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = t.strip_prefix(q).and_then(|x| x.strip_suffix(q)) {
            return inner;
        }
    }
    t
}

/// Whether ADD does more than COPY would with this source.
fn is_remote_or_archive(src: &str) -> bool {
    let s = unquote(src);
    let lower = s.to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("git@")
        || lower.starts_with("git://")
        || lower.starts_with("ssh://")
        || lower.ends_with(".git")
        || ARCHIVES.iter().any(|ext| lower.ends_with(ext))
}

fn check_add(
    cx: &Context<'_>,
    index: usize,
    ins: &Instruction,
    args: CopyArgs<'_>,
    out: &mut Vec<Finding>,
) {
    let lexer = Lexer::new(cx.df.escape);
    let lookup = |name: &str| cx.model.lookup(index, name);
    let heredoc_names: Vec<&str> = ins.heredocs.iter().map(|h| h.name.as_str()).collect();
    for w in args.sources {
        if w.value.starts_with("<<") {
            let name = w.value.trim_start_matches("<<").trim_start_matches('-');
            let name = unquote(name);
            if heredoc_names.contains(&name) || !ins.heredocs.is_empty() {
                continue;
            }
        }
        let value = if w.value.contains('$') {
            match lexer.expand_word(&w.value, &lookup) {
                Ok(e) if e.unmatched.is_empty() => e.value,
                _ => return,
            }
        } else {
            w.value.to_string()
        };
        if !is_remote_or_archive(&value) {
            out.push(Finding::new(
                w.span,
                format!("`ADD {value}` copies a local file or folder; use `COPY`"),
            ));
            return;
        }
    }
}

impl Rule for AddInsteadOfCopy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, ins) in cx.df.instructions.iter().enumerate() {
            match ins.kind() {
                InstructionKind::Add(args) => check_add(cx, i, ins, args, out),
                InstructionKind::Onbuild { trigger: Some(t) } => {
                    if let InstructionKind::Add(args) = t.kind() {
                        check_add(cx, i, ins, args, out);
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
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires_on_local_sources() {
        assert_fires(
            &AddInsteadOfCopy,
            "FROM alpine:3.20\nADD app/ /srv/\n",
            &[2],
        );
        assert_fires(
            &AddInsteadOfCopy,
            "FROM alpine:3.20\nADD https://x/a.tar.gz \\\n    conf.ini /etc/\n",
            &[3],
        );
        assert_fires(
            &AddInsteadOfCopy,
            "FROM alpine:3.20\nADD dist.zip /srv/\n",
            &[2],
        );
        assert_fires(
            &AddInsteadOfCopy,
            "FROM alpine:3.20\nONBUILD ADD . /src\n",
            &[2],
        );
        assert_fires(
            &AddInsteadOfCopy,
            "FROM alpine:3.20\nARG SRC=app\nADD ${SRC} /srv/\n",
            &[3],
        );
        assert_fires(
            &AddInsteadOfCopy,
            "FROM alpine:3.20\nADD [\"a b\", \"/srv/\"]\n",
            &[2],
        );
    }

    #[test]
    fn urls_archives_git_heredocs_and_unresolved_pass() {
        assert_clean(
            &AddInsteadOfCopy,
            concat!(
                "FROM alpine:3.20\n",
                "ADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 https://example.com/tool /usr/bin/tool\n",
                "ADD rootfs.tar.xz /\n",
                "ADD \"vendor.TGZ\" /vendor/\n",
                "ADD git@github.com:moby/buildkit.git /src\n",
                "ADD https://github.com/moby/buildkit.git#v0.13.0 /src\n",
                "ADD <<EOF /etc/motd\nhello\nEOF\n",
                "ARG URL\n",
                "ADD ${URL} /srv/\n",
                "ARG TARBALL=app.tar.gz\n",
                "ADD $TARBALL /srv/\n",
                "COPY app/ /srv/\n",
            ),
        );
    }
}
