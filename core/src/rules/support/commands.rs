//! Walking the simple commands of every parsed RUN script, with helpers to map
//! their spans back to the Dockerfile.

use crate::lint::Context;
use crate::model::{RunScript, ScriptOrigin};
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
    let model = cx.model;
    cx.memo
        .build_commands(|| {
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
        .iter()
        .filter_map(move |&(r, c)| cmd_at(cx, r, c))
}

/// The command `c` of script `r`.
pub(crate) fn cmd_at<'a>(cx: &'a Context<'_>, r: usize, c: usize) -> Option<Cmd<'a>> {
    let run = cx.model.scripts.get(r)?;
    let script = run.script.as_ref()?;
    Some(Cmd {
        run,
        script,
        index: c,
        cmd: script.commands.get(c)?,
    })
}
