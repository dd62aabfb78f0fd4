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

/// Every command of every build-time script (`RUN` and `ONBUILD RUN`).
pub(crate) fn build_commands<'a>(cx: &'a Context<'_>) -> impl Iterator<Item = Cmd<'a>> + 'a {
    cx.model
        .scripts
        .iter()
        .filter(|r| matches!(r.origin, ScriptOrigin::Run | ScriptOrigin::OnbuildRun))
        .filter_map(|run| run.script.as_ref().map(|s| (run, s)))
        .flat_map(|(run, script)| {
            script
                .commands
                .iter()
                .enumerate()
                .map(move |(index, cmd)| Cmd {
                    run,
                    script,
                    index,
                    cmd,
                })
        })
}
