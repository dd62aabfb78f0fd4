//! DL4006: a pipeline in a RUN script whose shell ignores failures on the
//! left of the pipe.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::model::{RunScript, ScriptOrigin, ScriptSource};
use crate::rules::support::commands::in_substitution;
use crate::shell::{
    Connector, Context as ShellContext, Pipeline, RedirectOp, Script, SimpleCommand,
};
use crate::span::Span;
use crate::syntax::CommandForm;

/// See [`META`].
pub(crate) struct PipeWithoutPipefail;

static META: RuleMeta = RuleMeta {
    code: "DL4006",
    name: "pipe-without-pipefail",
    severity: Severity::Warning,
    category: Category::Correctness,
    sources: &["hadolint:DL4006"],
    default_enabled: true,
    help: "Make the stage's shell fail on any failing pipe member: `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` (on Alpine/busybox `SHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]`), or start the script with `set -o pipefail &&` when its shell supports it.",
    docs: RuleDocs {
        what: "Flags the first pipe (`a | b`) of a `RUN` or `ONBUILD RUN` script (shell form, heredoc script, `sh -c` string, exec-form `[\"sh\", \"-c\", …]`) when `pipefail` is not in force: not turned on earlier in the same script (`set -o pipefail`, `set -euxo pipefail`, a `#!` line naming it), nor by the stage's `SHELL` (or the exec form's shell options), e.g. `[\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]`. Once per instruction. Not flagged: stages whose shell is PowerShell, `cmd` or another non-POSIX program; pipes inside `$( … )` or `<( … )`; pipes whose left side cannot fail (`echo`, `printf`, `yes`, `true`, `cat` of a here-document); and pipes whose status decides nothing for the build: the condition of `if`/`while`/`until`, or a pipeline followed by `|| true` (there pipefail changes nothing, or with `yes | …` and `… | grep -q`, turns SIGPIPE into a spurious failure).",
        why: "Correct, reproducible builds fail when a step fails. A POSIX shell takes a pipeline's exit status from its last command only, so in `curl -fsSL $URL | tar -xz` a failed download (HTTP error, cut connection) is forgotten if tar happens to accept the partial input, and the build goes on to produce an image without the files it was supposed to contain. With `pipefail` the pipeline fails when any member fails, and so does the build.",
        bad: "FROM debian:12-slim\nRUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt\n",
        good: "FROM debian:12-slim\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt\n",
    },
};

/// Whether shell options turn pipefail on: `-o pipefail`, `-eo pipefail`, …
fn enables_pipefail<'a>(args: impl IntoIterator<Item = &'a str>) -> bool {
    let mut previous: Option<&str> = None;
    for a in args {
        if a == "pipefail"
            && previous
                .is_some_and(|p| p.starts_with('-') && !p.starts_with("--") && p.contains('o'))
        {
            return true;
        }
        if a.starts_with("-o") && a.len() > 2 && a.ends_with("pipefail") {
            return true;
        }
        previous = Some(a);
    }
    false
}

/// Whether the instruction's own shell (SHELL, or the program of an
/// exec-form `["bash", "-o", "pipefail", "-c", …]`) runs with pipefail.
fn shell_has_pipefail(cx: &Context<'_>, run: &RunScript) -> bool {
    if run.source == ScriptSource::ExecShellC {
        let Some(ins) = cx.df.instructions.get(run.instruction) else {
            return false;
        };
        return match ins.trigger_or_self().command() {
            Some(CommandForm::Exec { args }) => {
                enables_pipefail(args.iter().map(|w| w.value.as_str()))
            }
            _ => false,
        };
    }
    let (_, argv) = cx.model.shell_at(cx.df, run.instruction);
    enables_pipefail(argv.iter().map(String::as_str))
}

/// Whether the script's `#!` line asks for pipefail (`#!/bin/bash -eo pipefail`).
fn shebang_has_pipefail(run: &RunScript) -> bool {
    run.text
        .text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("#!"))
        .is_some_and(|l| enables_pipefail(l.split_whitespace()))
}

/// Whether a `set` before command `before` turns pipefail on.
fn set_earlier(script: &Script, before: usize) -> bool {
    script
        .commands
        .iter()
        .take(before)
        .any(|c| c.is_program(&["set"]) && enables_pipefail(c.arg_texts()))
}

/// Whether the command only writes what it was given and cannot fail in a
/// way that matters.
fn cannot_fail(cmd: &SimpleCommand) -> bool {
    match cmd.program() {
        Some("echo" | "printf" | "yes" | "true" | ":") => true,
        Some("cat") => {
            cmd.args.is_empty()
                && cmd.redirects.iter().any(|r| {
                    matches!(
                        r.op,
                        RedirectOp::HereDoc | RedirectOp::HereDocStripTabs | RedirectOp::HereString
                    )
                })
        }
        _ => false,
    }
}

/// Whether the pipeline's status is tested or thrown away rather than
/// deciding the build: in a condition, or followed by `|| true`.
fn status_discarded(script: &Script, members: &[usize]) -> bool {
    let (Some(&first), Some(&last)) = (members.first(), members.last()) else {
        return false;
    };
    let Some(head) = script.commands.get(first) else {
        return false;
    };
    if head.context == ShellContext::Condition {
        return true;
    }
    let end = script.commands.get(last).map_or(0, |c| c.span.end);
    script
        .commands
        .iter()
        .skip(last + 1)
        .find(|c| {
            !c.wrapped
                && c.context == head.context
                && c.pipeline != head.pipeline
                && c.span.start >= end
        })
        .is_some_and(|next| next.connector == Connector::Or && next.is_program(&["true", ":"]))
}

/// A pipe: the commands on its left, the first command on its right (if the
/// right side is a simple command) and where the pipe is, in the script.
struct Pipe {
    left: Vec<usize>,
    right: Option<usize>,
    span: Span,
}

/// The pipe of pipeline `p`, if it has one. Compound members (`{ …; } | tee`,
/// `curl … | while read …`) are not listed in the pipeline; they are found by
/// the `|` written between them and the simple member.
fn pipe_of(script: &Script, text: &str, p: &Pipeline) -> Option<Pipe> {
    let members = p.commands.as_slice();
    if let [first, second, ..] = members {
        let (_, left) = members.split_last()?;
        let a = script.commands.get(*first)?;
        let b = script.commands.get(*second)?;
        return Some(Pipe {
            left: left.to_vec(),
            right: Some(*second),
            span: a.span.cover(b.span),
        });
    }
    let only = *members.first()?;
    let m = script.commands.get(only)?;
    let is_pipe = |t: &str| t.ends_with('|') && !t.ends_with("||");
    let before = text.get(p.span.start..m.span.start)?.trim_end();
    if is_pipe(before) {
        // `{ …; } | m`: everything written before `m` in the pipeline.
        let left = (0..only)
            .filter(|&k| {
                script
                    .commands
                    .get(k)
                    .is_some_and(|c| !c.wrapped && c.span.start >= p.span.start)
            })
            .collect();
        return Some(Pipe {
            left,
            right: Some(only),
            span: Span::new(p.span.start, m.span.end),
        });
    }
    let rest = text.get(m.span.end..p.span.end)?;
    let after = rest.trim_start();
    if after.starts_with('|') && !after.starts_with("||") {
        let bar = m.span.end + (rest.len() - after.len());
        return Some(Pipe {
            left: vec![only],
            right: None,
            span: Span::new(m.span.start, bar + 1),
        });
    }
    None
}

/// The first pipe of the script that pipefail would matter for.
fn first_pipe(script: &Script, text: &str) -> Option<Pipe> {
    script.pipelines.iter().find_map(|p| {
        let pipe = pipe_of(script, text, p)?;
        let head = *pipe.left.first()?;
        if in_substitution(script, head) {
            return None;
        }
        if pipe
            .left
            .iter()
            .all(|&i| script.commands.get(i).is_some_and(cannot_fail))
        {
            return None;
        }
        if status_discarded(script, &p.commands) {
            return None;
        }
        Some(pipe)
    })
}

impl Rule for PipeWithoutPipefail {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut reported: Option<usize> = None;
        for run in &cx.model.scripts {
            if !matches!(run.origin, ScriptOrigin::Run | ScriptOrigin::OnbuildRun)
                || reported == Some(run.instruction)
            {
                continue;
            }
            let Some(script) = &run.script else { continue };
            let Some(pipe) = first_pipe(script, &run.text.text) else {
                continue;
            };
            let head = pipe.left.first().copied().unwrap_or(0);
            if set_earlier(script, head) || shebang_has_pipefail(run) || shell_has_pipefail(cx, run)
            {
                continue;
            }
            let name = |i: Option<usize>| {
                i.and_then(|i| script.commands.get(i))
                    .and_then(SimpleCommand::program)
                    .unwrap_or("…")
                    .to_owned()
            };
            let (left, right) = (name(Some(head)), name(pipe.right));
            reported = Some(run.instruction);
            out.push(Finding::new(
                run.source_span(pipe.span),
                format!(
                    "`{left}` is piped into `{right}` without `pipefail`, so a failure of `{left}` does not fail the build"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_a_pipe_without_pipefail() {
        assert_fires(
            &PipeWithoutPipefail,
            "FROM debian:12\nRUN curl -fsSL https://example.com/a.tgz | tar -xz\n",
            &[2],
        );
        assert_fires(
            &PipeWithoutPipefail,
            "FROM debian:12\nRUN apt-get update && \\\n    curl -fsSL https://example.com/k.asc \\\n    | gpg --dearmor > /k.gpg\n",
            &[3],
        );
        // One finding per RUN, at the first pipe.
        assert_fires(
            &PipeWithoutPipefail,
            "FROM debian:12\nRUN wget -qO- https://a | tar -x && curl https://b | sh\n",
            &[2],
        );
        assert_fires(
            &PipeWithoutPipefail,
            "FROM debian:12\nRUN <<EOF\nset -e\ncurl -fsSL https://a | tar -xz\nEOF\n",
            &[4],
        );
        assert_fires(
            &PipeWithoutPipefail,
            "FROM debian:12\nRUN sh -c 'curl -fsSL https://a | tar -xz'\nONBUILD RUN curl https://b | sh\n",
            &[2, 3],
        );
        assert_fires(
            &PipeWithoutPipefail,
            "FROM debian:12\nRUN [\"sh\", \"-c\", \"curl https://a | tar -x\"]\n",
            &[2],
        );
        // Subshells do not hide failures from the pipe.
        assert_fires(
            &PipeWithoutPipefail,
            "FROM debian:12\nRUN (cd /src && git ls-files | xargs md5sum)\n",
            &[2],
        );
        // Compound members: a group that can fail, a loop fed by a download.
        assert_fires(
            &PipeWithoutPipefail,
            "FROM debian:12\nRUN { curl https://a; curl https://b; } | tar -x\n",
            &[2],
        );
        assert_fires(
            &PipeWithoutPipefail,
            "FROM debian:12\nRUN curl https://a | while read -r f; do echo \"$f\"; done\n",
            &[2],
        );
        // pipefail set after the pipe, or turned on in a SHELL that a later FROM drops.
        assert_fires(
            &PipeWithoutPipefail,
            "FROM debian:12\nRUN curl https://a | sh; set -o pipefail\n",
            &[2],
        );
        assert_fires(
            &PipeWithoutPipefail,
            "FROM debian:12 AS a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM debian:12\nRUN curl https://a | sh\n",
            &[4],
        );
        let got = findings(
            &PipeWithoutPipefail,
            "FROM debian:12\nRUN curl -fsSL https://a | tar -xz\n",
        );
        assert_eq!(
            got[0].1,
            "`curl` is piped into `tar` without `pipefail`, so a failure of `curl` does not fail the build"
        );
    }

    #[test]
    fn silent_when_pipefail_is_in_force() {
        assert_clean(
            &PipeWithoutPipefail,
            concat!(
                "FROM debian:12\n",
                "RUN set -o pipefail && curl https://a | tar -x\n",
                "RUN set -euxo pipefail; curl https://a | tar -x\n",
                "RUN <<EOF\nset -eo pipefail\ncurl https://a | tar -x\nEOF\n",
                "RUN <<EOF\n#!/bin/bash -eo pipefail\ncurl https://a | tar -x\nEOF\n",
                "RUN [\"bash\", \"-o\", \"pipefail\", \"-c\", \"curl https://a | tar -x\"]\n",
                "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n",
                "RUN curl https://a | tar -x\n",
                "ONBUILD RUN curl https://a | tar -x\n",
                "FROM alpine:3.20\n",
                "SHELL [\"/bin/ash\", \"-euxo\", \"pipefail\", \"-c\"]\n",
                "RUN wget -qO- https://a | tar -x\n",
            ),
        );
        // A stage built on one with a pipefail SHELL inherits it.
        assert_clean(
            &PipeWithoutPipefail,
            "FROM debian:12 AS base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM base\nRUN curl https://a | tar -x\n",
        );
    }

    #[test]
    fn silent_where_pipefail_would_change_nothing() {
        assert_clean(
            &PipeWithoutPipefail,
            concat!(
                "FROM debian:12\n",
                "RUN echo 'deb http://x stable main' | tee /etc/apt/sources.list.d/x.list\n",
                "RUN printf '%s\\n' a b | sort > /list\n",
                "RUN yes | ./configure\n",
                "RUN cat <<EOF | sh\necho hi\nEOF\n",
                "RUN VERSION=$(curl -s https://a | jq -r .tag) && echo $VERSION\n",
                "RUN if dpkg -l | grep -q nginx; then echo yes; fi\n",
                "RUN pip list | grep -i flask || true\n",
                "RUN echo ok && ls /tmp\n",
                "RUN { echo a; echo b; } | tee /etc/x.conf\n",
                "RUN ls || echo none\n",
            ),
        );
        // PowerShell stages have no POSIX pipes.
        assert_clean(
            &PipeWithoutPipefail,
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN Get-ChildItem | Select-Object Name\n",
        );
        assert_clean(
            &PipeWithoutPipefail,
            "FROM debian:12\nCMD curl https://a | sh\n",
        );
    }
}
