//! DL3003: `cd` in a RUN script where `WORKDIR` would do.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::model::ScriptOrigin;
use crate::rules::support::commands::{Cmd, build_commands, in_substitution};
use crate::shell::{Context as ShellContext, Script, SimpleCommand};

/// See [`META`].
pub(crate) struct CdInsteadOfWorkdir;

static META: RuleMeta = RuleMeta {
    code: "DL3003",
    name: "cd-instead-of-workdir",
    severity: Severity::Warning,
    category: Category::Correctness,
    sources: &["hadolint:DL3003", "trivy:DS-0013", "trivy:DS013"],
    default_enabled: true,
    help: "Set the directory with `WORKDIR /path` before the RUN (it is created if missing and stays in force for later instructions) instead of `cd /path && …`.",
    docs: RuleDocs {
        what: "Flags the first `cd` of a `RUN` or `ONBUILD RUN` script (shell form, heredoc script, `sh -c` string) that changes the directory for the commands after it, at the `cd` word. Not flagged, since `WORKDIR` could not replace them: `cd` in a subshell `( cd x && make )`, in `$( … )` (as in `$(cd \"$(dirname \"$0\")\" && pwd)`) or as a member of a multi-command pipeline, where the change ends with that child shell; `cd -`; `cd` into a directory known only at run time, from a command substitution or a variable the script sets itself (`tmp=\"$(mktemp -d)\" && cd \"$tmp\"`, usually a build directory it deletes again), and relative `cd`s after it; and `cd` in loop or function bodies, which visit several directories in turn. Scripts of non-POSIX shells are not read.",
        why: "Docker's best practices ask for `WORKDIR` instead of `RUN cd … && do-something`: a directory change lasts only until the end of its RUN, so `RUN cd /app` followed by `RUN make` builds in the wrong directory without any error, and a `cd` that fails in a `;`-joined script leaves the following commands (an `rm -rf *`, say) running wherever the shell already was. `WORKDIR` creates the directory, fails the build when it cannot, and states where later instructions run.",
        bad: "FROM debian:12-slim\nCOPY . /src\nRUN cd /src && make install\n",
        good: "FROM debian:12-slim\nCOPY . /src\nWORKDIR /src\nRUN make install\n",
    },
};

/// Whether the directory is only known when the script runs: a command
/// substitution, or a variable the script itself assigns
/// (`tmp="$(mktemp -d)" && cd "$tmp"`).
fn computed_at_run_time(script: &Script, cmd: &SimpleCommand) -> bool {
    cmd.args.iter().any(|a| {
        a.raw.contains("$(")
            || a.raw.contains('`')
            || script.commands.iter().any(|c| {
                c.assignments.iter().any(|(name, _)| {
                    a.raw.contains(&format!("${name}")) || a.raw.contains(&format!("${{{name}}}"))
                })
            })
    })
}

/// The `cd` operand, if a single plain one is given.
fn target(cmd: &SimpleCommand) -> Option<&str> {
    let mut operands = cmd.arg_texts().filter(|a| !a.starts_with('-') || *a == "-");
    let first = operands.next()?;
    operands.next().is_none().then_some(first)
}

/// Whether command `index` runs in a shell of its own whose state (directory,
/// options) cannot reach the rest of the script: in `( … )`, in `$( … )` or
/// `<( … )`, or as a member of a multi-command pipeline. Wrappers are looked
/// through: a command of a `sh -c` string counts where the `sh` command sits.
fn runs_in_child_shell(script: &Script, text: &str, index: usize) -> bool {
    let mut current = Some(index);
    let mut guard = script.commands.len();
    while let Some(i) = current {
        let Some(cmd) = script.commands.get(i) else {
            return false;
        };
        if isolated(script, text, i, cmd) {
            return true;
        }
        if guard == 0 {
            return false;
        }
        guard -= 1;
        current = cmd.wrapper;
    }
    false
}

fn isolated(script: &Script, text: &str, index: usize, cmd: &SimpleCommand) -> bool {
    if cmd.context == crate::shell::Context::Subshell || in_substitution(script, index) {
        return true;
    }
    let written = script.written(index);
    let Some(w) = script.commands.get(written) else {
        return false;
    };
    if script
        .pipelines
        .get(w.pipeline)
        .is_some_and(|p| p.commands.len() > 1)
    {
        return true;
    }
    // Nested deeper than the context says (`( if …; then cd x; fi )`):
    // a pipeline that encloses the command and starts with `(`.
    let span = w.span;
    script.pipelines.iter().any(|p| {
        p.span.start < span.start
            && span.end <= p.span.end
            && text.get(p.span.start..p.span.end).is_some_and(|t| {
                let t = t.trim_start_matches(|c: char| c == '!' || c.is_whitespace());
                t.starts_with('(') && !t.starts_with("((")
            })
    })
}

/// Whether `cd` command `c` is one WORKDIR could replace.
fn replaceable(c: &Cmd<'_>) -> bool {
    !c.cmd.wrapped
        && !matches!(c.cmd.context, ShellContext::Loop | ShellContext::Function)
        && target(c.cmd) != Some("-")
        && !runs_in_child_shell(c.script, &c.run.text.text, c.index)
}

impl Rule for CdInsteadOfWorkdir {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut reported: Option<usize> = None;
        // The instruction whose script last went to a directory computed at
        // run time: its later relative `cd`s cannot be WORKDIRs either.
        let mut dynamic: Option<usize> = None;
        for c in build_commands(cx) {
            if c.cmd.program() != Some("cd")
                || reported == Some(c.run.instruction)
                || !matches!(c.run.origin, ScriptOrigin::Run | ScriptOrigin::OnbuildRun)
                || !replaceable(&c)
            {
                continue;
            }
            let absolute = target(c.cmd).is_some_and(|d| d.starts_with('/'));
            if computed_at_run_time(c.script, c.cmd) {
                dynamic = Some(c.run.instruction);
                continue;
            }
            if dynamic == Some(c.run.instruction) && !absolute {
                continue;
            }
            reported = Some(c.run.instruction);
            let span = c.cmd.name.as_ref().map_or(c.span(), |n| c.map(n.span));
            let message = match target(c.cmd) {
                Some(dir) if dir.starts_with('/') => format!(
                    "`cd {dir}` changes directory only until the end of this RUN; use `WORKDIR {dir}`"
                ),
                _ => "`cd` changes directory only until the end of this RUN; use `WORKDIR`"
                    .to_owned(),
            };
            out.push(Finding::new(span, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_cd_that_changes_the_scripts_directory() {
        assert_fires(
            &CdInsteadOfWorkdir,
            "FROM debian:12\nRUN cd /src && make\n",
            &[2],
        );
        // A cd on its own: the next RUN does not run there.
        assert_fires(
            &CdInsteadOfWorkdir,
            "FROM debian:12\nRUN cd /app\nRUN make\n",
            &[2],
        );
        // Once per RUN, at the first cd.
        assert_fires(
            &CdInsteadOfWorkdir,
            "FROM debian:12\nRUN apt-get update && \\\n    cd /tmp && \\\n    curl -fsSLO https://a && cd / && rm -rf /tmp/a\n",
            &[3],
        );
        assert_fires(
            &CdInsteadOfWorkdir,
            "FROM debian:12\nRUN <<EOF\nset -e\ncd /src\nmake\nEOF\n",
            &[4],
        );
        assert_fires(
            &CdInsteadOfWorkdir,
            "FROM debian:12\nRUN sh -c 'cd /src && make'\nONBUILD RUN cd /src && make\n",
            &[2, 3],
        );
        assert_fires(
            &CdInsteadOfWorkdir,
            "FROM debian:12\nRUN if [ -d /src ]; then cd /src; fi; make\n",
            &[2],
        );
        // After a run-time directory, an absolute cd is a WORKDIR again.
        assert_fires(
            &CdInsteadOfWorkdir,
            "FROM debian:12\nRUN cd \"$(mktemp -d)\" && cd build && cd /src && make\n",
            &[2],
        );
        // A piped `{ }` group is not written as a scope: WORKDIR still fits.
        assert_fires(
            &CdInsteadOfWorkdir,
            "FROM debian:12\nRUN { cd /src && make; } | tee /build.log\n",
            &[2],
        );
        let got = findings(&CdInsteadOfWorkdir, "FROM debian:12\nRUN cd /src && make\n");
        assert_eq!(
            got[0].1,
            "`cd /src` changes directory only until the end of this RUN; use `WORKDIR /src`"
        );
        let got = findings(
            &CdInsteadOfWorkdir,
            "FROM debian:12\nRUN cd build && make\n",
        );
        assert_eq!(
            got[0].1,
            "`cd` changes directory only until the end of this RUN; use `WORKDIR`"
        );
    }

    #[test]
    fn silent_when_the_change_is_scoped_or_dynamic() {
        assert_clean(
            &CdInsteadOfWorkdir,
            concat!(
                "FROM debian:12\n",
                "RUN (cd /src && make) && make -C /other\n",
                "RUN ( if true; then cd /src; fi; make )\n",
                "RUN DIR=$(cd /src && pwd) && echo $DIR\n",
                "RUN echo \"$(cd /src; git rev-parse HEAD)\" > /rev\n",
                "RUN cd - \n",
                "RUN cd \"$(mktemp -d)\" && curl -fsSLO https://a\n",
                "RUN for d in a b; do cd /src/$d; make; done\n",
                "RUN tmp=\"$(mktemp -d)\" && cd \"$tmp\" && tar xf /a.tgz && cd a-1.0 && make\n",
                "RUN su app -c 'cd \"$HOME\"' && HOME=/x\n",
                "RUN echo cd /src\n",
                "RUN <<EOF\n(cd /src && make)\nEOF\n",
                "RUN sh -c '(cd /src && make)'\n",
            ),
        );
        assert_clean(
            &CdInsteadOfWorkdir,
            "FROM debian:12\nCMD cd /app && ./run\n",
        );
        assert_clean(
            &CdInsteadOfWorkdir,
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN cd C:\\app && build.cmd\n",
        );
    }
}
