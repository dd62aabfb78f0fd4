//! DL3047: `wget` left to draw its progress display into the build log.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::commands::build_commands;
use crate::shell::{RedirectOp, SimpleCommand};

/// See [`META`].
pub(crate) struct WgetProgressBar;

static META: RuleMeta = RuleMeta {
    code: "DL3047",
    name: "wget-progress-bar",
    severity: Severity::Info,
    category: Category::Packages,
    sources: &["hadolint:DL3047"],
    default_enabled: true,
    help: "Give `wget` `-q` (quiet), `-nv` (one line per file) or `--progress=dot:giga`, or send its log elsewhere with `-o FILE`.",
    docs: RuleDocs {
        what: "Flags a `wget` download in a `RUN` or `ONBUILD RUN` script (after `&&`, in heredoc scripts, inside `sh -c '…'`, behind `sudo`) that says nothing about its progress display: none of `-q`/`--quiet`, `-nv`/`--no-verbose`, `--progress=…`, and its log not sent elsewhere (`-o`/`--output-file`, `-a`/`--append-output`, `-b`/`--background`, or standard error redirected to a file or `/dev/null`). `wget -O - … | tar x` is flagged too: the document goes to the pipe, but the progress display still goes to standard error, into the log. `wget --help` and `wget --version` are not downloads and pass.",
        why: "Build hygiene: without a terminal, wget falls back to its dot display and writes a line of dots for every few dozen kilobytes, so one large download adds thousands of lines to the build log. The real errors and warnings of the build are buried, CI log limits are hit, and the log says nothing more useful than `-nv`'s one line per file.",
        bad: "FROM debian:12-slim\nRUN wget https://example.com/tool.tar.gz\n",
        good: "FROM debian:12-slim\nRUN wget -nv https://example.com/tool.tar.gz\n",
    },
};

/// Whether the options quiet the progress display or send the log elsewhere.
fn progress_handled(cmd: &SimpleCommand) -> bool {
    cmd.has_flag('q', "quiet")
        || cmd.has_flag('\0', "no-verbose")
        || cmd.has_flag('\0', "progress")
        || cmd.has_flag('o', "output-file")
        || cmd.has_flag('a', "append-output")
        || cmd.has_flag('b', "background")
        || cmd
            .arg_texts()
            .take_while(|a| *a != "--")
            .any(|a| a.starts_with("-nv"))
}

/// Whether the command is not a download at all (help, version, no operand).
fn not_a_download(cmd: &SimpleCommand) -> bool {
    cmd.args.is_empty() || cmd.has_flag('h', "help") || cmd.has_flag('V', "version")
}

/// Whether standard error goes to a file (or `/dev/null`) rather than the log.
fn stderr_redirected(cmd: &SimpleCommand) -> bool {
    let mut stdout_to_file = false;
    for r in &cmd.redirects {
        match (r.fd, r.op) {
            (_, RedirectOp::OutputAndError | RedirectOp::AppendOutputAndError) => return true,
            (Some(2), RedirectOp::Write | RedirectOp::Append | RedirectOp::Clobber) => {
                return true;
            }
            (None | Some(1), RedirectOp::Write | RedirectOp::Append | RedirectOp::Clobber) => {
                stdout_to_file = true;
            }
            (Some(2), RedirectOp::DupOutput) if r.target.text() == "1" && stdout_to_file => {
                return true;
            }
            _ => {}
        }
    }
    false
}

impl Rule for WgetProgressBar {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for c in build_commands(cx) {
            if c.cmd.program() != Some("wget") || progress_handled(c.cmd) || not_a_download(c.cmd) {
                continue;
            }
            // A wrapped wget (`sudo wget …`) shares its wrapper's redirects.
            let written = c.script.written(c.index);
            let redirected = stderr_redirected(c.cmd)
                || c.script
                    .commands
                    .get(written)
                    .is_some_and(stderr_redirected);
            if redirected {
                continue;
            }
            let span = c.cmd.name.as_ref().map_or(c.span(), |n| c.map(n.span));
            out.push(Finding::new(
                span,
                "`wget` runs without `-q`, `-nv` or `--progress=…`, so its progress display fills the build log",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_wget_with_its_default_display() {
        assert_fires(
            &WgetProgressBar,
            "FROM debian:12\nRUN wget https://example.com/a.tgz\n",
            &[2],
        );
        assert_fires(
            &WgetProgressBar,
            "FROM debian:12\nRUN apt-get update && \\\n    wget -O /tmp/a.tgz https://example.com/a.tgz\n",
            &[3],
        );
        // The document goes to the pipe; the progress display still goes to stderr.
        assert_fires(
            &WgetProgressBar,
            "FROM debian:12\nRUN wget -O - https://example.com/a.tgz | tar xz\n",
            &[2],
        );
        assert_fires(
            &WgetProgressBar,
            "FROM debian:12\nRUN <<EOF\nset -e\nwget --show-progress https://example.com/a.tgz\nEOF\n",
            &[4],
        );
        assert_fires(
            &WgetProgressBar,
            "FROM debian:12\nRUN sh -c 'wget https://example.com/a'\nONBUILD RUN sudo wget https://example.com/b\n",
            &[2, 3],
        );
        // Only stdout goes to the file; the display is on stderr.
        assert_fires(
            &WgetProgressBar,
            "FROM debian:12\nRUN wget -O- https://example.com/a > /tmp/a\n",
            &[2],
        );
        let got = findings(
            &WgetProgressBar,
            "FROM debian:12\nRUN wget https://example.com/a\n",
        );
        assert_eq!(
            got[0].1,
            "`wget` runs without `-q`, `-nv` or `--progress=…`, so its progress display fills the build log"
        );
    }

    #[test]
    fn silent_when_the_display_is_handled() {
        assert_clean(
            &WgetProgressBar,
            concat!(
                "FROM debian:12\n",
                "RUN wget -q https://example.com/a\n",
                "RUN wget -qO- https://example.com/a | tar xz\n",
                "RUN wget --quiet https://example.com/a\n",
                "RUN wget -nv https://example.com/a\n",
                "RUN wget --no-verbose https://example.com/a\n",
                "RUN wget --progress=dot:giga https://example.com/a\n",
                "RUN wget --progress bar:force https://example.com/a\n",
                "RUN wget -o /tmp/wget.log https://example.com/a\n",
                "RUN wget -a /tmp/wget.log https://example.com/a\n",
                "RUN wget https://example.com/a 2>/dev/null\n",
                "RUN wget https://example.com/a >/dev/null 2>&1\n",
                "RUN sudo wget https://example.com/a 2> /tmp/log\n",
                "RUN wget --version && curl -fsSL https://example.com/a\n",
                "RUN <<EOF\nwget -q https://example.com/a\nEOF\n",
                "RUN echo wget https://example.com/a\n",
            ),
        );
        // `&>` is bash's; for POSIX sh it sends wget to the background instead.
        assert_clean(
            &WgetProgressBar,
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN wget https://example.com/a &> /tmp/log\n",
        );
        assert_fires(
            &WgetProgressBar,
            "FROM debian:12\nRUN wget https://example.com/a &> /tmp/log\n",
            &[2],
        );
        // CMD runs at container start, not in the build log.
        assert_clean(
            &WgetProgressBar,
            "FROM debian:12\nCMD wget https://example.com/a\n",
        );
    }
}
