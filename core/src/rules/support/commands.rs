//! Walking the simple commands of every parsed RUN script, with helpers to map
//! their spans back to the Dockerfile.

use crate::lint::Context;
use crate::model::{Model, RunScript, ScriptOrigin};
use crate::shell::{Script, SimpleCommand};

/// A command of a build-time script, with the script it belongs to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cmd<'a> {
    /// The script (for span mapping and instruction/stage).
    pub run: &'a RunScript,
    /// Its parse.
    pub script: &'a Script,
    /// Index of the command in `script.commands`.
    pub index: usize,
    /// The command.
    pub cmd: &'a SimpleCommand,
}

impl Cmd<'_> {
    /// The command's span in the Dockerfile.
    pub fn span(&self) -> crate::span::Span {
        self.run.source_span(self.cmd.span)
    }

    /// A span of the script, in the Dockerfile.
    pub fn map(&self, span: crate::span::Span) -> crate::span::Span {
        self.run.source_span(span)
    }
}

/// Every command of every build-time script (`RUN` and `ONBUILD RUN`). The
/// list is made once per lint; every rule that asks walks the same list.
pub(crate) fn build_commands<'a>(cx: &'a Context<'_>) -> impl Iterator<Item = Cmd<'a>> + 'a {
    build_command_keys(cx)
        .iter()
        .filter_map(move |&(r, c)| cmd_at(cx, r, c))
}

/// `(script, command)` of every build-time command, in file order, listed once.
pub(crate) fn build_command_keys<'m>(cx: &Context<'m>) -> &'m [(usize, usize)] {
    let model = cx.model;
    cx.memo.build_commands(|| {
        let mut out = Vec::new();
        for (r, run) in model.scripts.iter().enumerate() {
            if !matches!(run.origin, ScriptOrigin::Run | ScriptOrigin::OnbuildRun) {
                continue;
            }
            if let Some(script) = &run.script {
                out.extend((0..script.commands.len()).map(|c| (r, c)));
            }
        }
        out
    })
}

/// The command `c` of script `r`.
pub(crate) fn cmd_at<'a>(cx: &'a Context<'_>, r: usize, c: usize) -> Option<Cmd<'a>> {
    cmd_in(cx.model, r, c)
}

/// The command `c` of script `r` of `model`, borrowed for as long as the model.
pub(crate) fn cmd_in(model: &Model, r: usize, c: usize) -> Option<Cmd<'_>> {
    let run = model.scripts.get(r)?;
    let script = run.script.as_ref()?;
    Some(Cmd {
        run,
        script,
        index: c,
        cmd: script.commands.get(c)?,
    })
}

/// Whether command `index` sits in a `$( … )`, `` ` … ` `` or `<( … )`,
/// directly or deeper (inside an `if` in the substitution, say): in the words
/// of another command that does not merely wrap it.
pub(crate) fn in_substitution(script: &Script, index: usize) -> bool {
    use crate::shell::Context as Sh;
    let written = script.written(index);
    let Some(w) = script.commands.get(written) else {
        return false;
    };
    if matches!(w.context, Sh::CommandSubstitution | Sh::ProcessSubstitution) {
        return true;
    }
    let span = w.span;
    script.commands.iter().enumerate().any(|(k, o)| {
        k != written
            && !o.wrapped
            && o.span.start <= span.start
            && span.end <= o.span.end
            && o.span.len() > span.len()
            && !chain_contains(script, written, k)
    })
}

/// Whether `ancestor` is on the wrapper chain of `index`.
fn chain_contains(script: &Script, index: usize, ancestor: usize) -> bool {
    let mut current = script.commands.get(index).and_then(|c| c.wrapper);
    let mut guard = script.commands.len();
    while let Some(i) = current {
        if i == ancestor {
            return true;
        }
        if guard == 0 {
            return false;
        }
        guard -= 1;
        current = script.commands.get(i).and_then(|c| c.wrapper);
    }
    false
}
