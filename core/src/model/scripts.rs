//! The shell scripts a Dockerfile runs: every shell-form `RUN` (with its
//! heredoc bodies), `sh -c` exec forms, heredoc scripts, ONBUILD triggers and
//! the runtime commands of CMD/ENTRYPOINT/HEALTHCHECK, each parsed once as
//! POSIX sh or bash, with a map from script offsets back to the Dockerfile.

use serde::Serialize;

use super::Model;
use super::stage::ShellKind;
use crate::shell::{Dialect, Script, parse_script};
use crate::span::Span;
use crate::syntax::{
    CommandForm, Dockerfile, HealthcheckKind, Heredoc, Instruction, InstructionKind, Keyword,
    LogicalText, SyntaxDiagnostic, SyntaxErrorKind, SyntaxSeverity, Word,
};

/// Which instruction runs the script, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScriptOrigin {
    /// `RUN`, at build time.
    Run,
    /// `ONBUILD RUN`, at build time of a downstream image.
    OnbuildRun,
    /// `CMD`, at container start.
    Cmd,
    /// `ENTRYPOINT`, at container start.
    Entrypoint,
    /// `HEALTHCHECK CMD`, while the container runs.
    Healthcheck,
}

/// Where in the instruction the script text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", content = "index", rename_all = "kebab-case")]
pub enum ScriptSource {
    /// The shell-form command line (with any heredoc bodies it reads).
    ShellForm,
    /// The body of heredoc number `index`, run as a script.
    Heredoc(usize),
    /// The string after `-c` of an exec-form `["sh", "-c", "…"]`.
    ExecShellC,
}

/// One script and its parse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunScript {
    /// Index of the instruction in the Dockerfile.
    pub instruction: usize,
    /// The stage it belongs to.
    pub stage: Option<usize>,
    /// Which instruction kind runs it.
    pub origin: ScriptOrigin,
    /// Which part of the instruction holds it.
    pub source: ScriptSource,
    /// The shell in force.
    pub shell: ShellKind,
    /// The script text and its map back to the Dockerfile.
    #[serde(skip)]
    pub text: LogicalText,
    /// The parse; `None` when the shell is not POSIX (PowerShell, cmd…) or the
    /// script is input for another interpreter.
    pub script: Option<Script>,
}

impl RunScript {
    /// Map a span of the script text back to the Dockerfile.
    pub fn source_span(&self, span: Span) -> Span {
        self.text.map(span.start, span.end)
    }
}

const SHELLS: [&str; 7] = ["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"];

fn basename(program: &str) -> &str {
    program.rsplit('/').next().unwrap_or(program)
}

fn dialect_of(kind: ShellKind) -> Option<Dialect> {
    match kind {
        ShellKind::Posix => Some(Dialect::Posix),
        ShellKind::Bash => Some(Dialect::Bash),
        _ => None,
    }
}

/// The shell a `#!` line asks for: `Some(Some(d))` for sh/bash, `Some(None)`
/// for another interpreter, `None` when there is no shebang.
fn shebang_dialect(body: &str) -> Option<Option<Dialect>> {
    let first = body.lines().next()?.strip_prefix("#!")?;
    let mut words = first.split_whitespace();
    let mut program = basename(words.next().unwrap_or(""));
    if program == "env" {
        program = words.find(|w| !w.starts_with('-')).map_or("", basename);
    }
    Some(match program {
        "bash" => Some(Dialect::Bash),
        p if SHELLS.contains(&p) => Some(Dialect::Posix),
        _ => None,
    })
}

/// Whether the command line only names heredocs (`RUN <<EOF`), so that the
/// body itself is the script.
fn line_is_only_heredocs(line: &str) -> bool {
    line.split_whitespace().all(|w| {
        w.trim_start_matches(|c: char| c.is_ascii_digit())
            .starts_with("<<")
    })
}

/// Whether the command line feeds its heredocs to a shell (`RUN bash <<EOF`),
/// so that the bodies are scripts too.
fn line_feeds_a_shell(line: &str) -> Option<Dialect> {
    let mut words = line.split_whitespace();
    let program = basename(words.next()?);
    if !SHELLS.contains(&program) {
        return None;
    }
    if words.any(|w| w.starts_with('-') && !w.starts_with("--") && w.contains('c')) {
        return None;
    }
    Some(if program == "bash" {
        Dialect::Bash
    } else {
        Dialect::Posix
    })
}

fn heredoc_text(h: &Heredoc) -> LogicalText {
    let mut t = LogicalText::new();
    t.push(&h.content, h.body_span.start);
    t
}

/// The text a shell sees for a shell-form line: the line, then each heredoc
/// body and terminator, as BuildKit hands them to `sh -c`.
fn shell_form_text(ins: &Instruction, command: &Word, line: LogicalText) -> LogicalText {
    let mut t = line;
    let line_end = command.span.end;
    for h in &ins.heredocs {
        t.push("\n", line_end);
        t.push(&h.content, h.body_span.start);
        t.push(&format!("{}\n", h.name), h.terminator_span.start);
    }
    t
}

/// The script of an exec form `["sh", "-c", "…"]`, mapped onto its JSON string.
fn exec_shell_c(argv: &[Word], df: &Dockerfile) -> Option<(LogicalText, Option<Dialect>)> {
    let program = basename(&argv.first()?.value);
    if !SHELLS.contains(&program) {
        return None;
    }
    let c = argv.iter().position(|w| {
        w.value.starts_with('-') && !w.value.starts_with("--") && w.value.contains('c')
    })?;
    let body = argv.get(c + 1)?;
    let mut t = LogicalText::new();
    let inner = Span::new(body.span.start + 1, body.span.end.saturating_sub(1));
    // Exact mapping when the JSON string has no escapes; else anchor at its start.
    if df.slice(inner) == body.value {
        t.push(&body.value, inner.start);
    } else {
        t.push(&body.value, body.span.start);
    }
    let dialect = if program == "bash" {
        Dialect::Bash
    } else {
        Dialect::Posix
    };
    Some((t, Some(dialect)))
}

struct Collector<'a> {
    df: &'a Dockerfile<'a>,
    out: Vec<RunScript>,
}

impl Collector<'_> {
    fn push(
        &mut self,
        at: (usize, Option<usize>, ScriptOrigin, ShellKind),
        source: ScriptSource,
        text: LogicalText,
        dialect: Option<Dialect>,
    ) {
        let (instruction, stage, origin, shell) = at;
        let script = dialect.map(|d| parse_script(&text.text, d));
        self.out.push(RunScript {
            instruction,
            stage,
            origin,
            source,
            shell,
            text,
            script,
        });
    }

    fn command(
        &mut self,
        at: (usize, Option<usize>, ScriptOrigin, ShellKind),
        ins: &Instruction,
        command: CommandForm<'_>,
    ) {
        let dialect = dialect_of(at.3);
        match command {
            CommandForm::Exec { args: argv } => {
                if let Some((text, d)) = exec_shell_c(argv, self.df) {
                    self.push(at, ScriptSource::ExecShellC, text, d);
                }
            }
            CommandForm::Shell(word)
                if !ins.heredocs.is_empty() && line_is_only_heredocs(&word.value) =>
            {
                for (i, h) in ins.heredocs.iter().enumerate() {
                    let d = match shebang_dialect(&h.content) {
                        Some(d) => d,
                        None => dialect,
                    };
                    self.push(at, ScriptSource::Heredoc(i), heredoc_text(h), d);
                }
            }
            CommandForm::Shell(word) => {
                // The command with its source map (for HEALTHCHECK, what
                // follows `CMD`, not the whole arguments text).
                let line = self.df.logical_text(word.span);
                let feeds_a_shell = line_feeds_a_shell(&word.value);
                self.push(
                    at,
                    ScriptSource::ShellForm,
                    shell_form_text(ins, word, line),
                    dialect,
                );
                if dialect.is_some()
                    && let Some(d) = feeds_a_shell
                {
                    for (i, h) in ins.heredocs.iter().enumerate() {
                        self.push(at, ScriptSource::Heredoc(i), heredoc_text(h), Some(d));
                    }
                }
            }
        }
    }
}

/// Collect and parse every script of the Dockerfile.
pub(crate) fn collect(df: &Dockerfile, model: &Model) -> Vec<RunScript> {
    let mut c = Collector {
        df,
        out: Vec::new(),
    };
    let shells = model.shells(df);
    for (index, ins) in df.instructions.iter().enumerate() {
        let stage = model.stage_of.get(index).copied().flatten();
        let shell = shells.get(index).copied().unwrap_or(ShellKind::Posix);
        let (origin, target) = match ins.kind() {
            InstructionKind::Run { .. } => (ScriptOrigin::Run, ins),
            InstructionKind::Cmd { .. } => (ScriptOrigin::Cmd, ins),
            InstructionKind::Entrypoint { .. } => (ScriptOrigin::Entrypoint, ins),
            InstructionKind::Healthcheck {
                check: HealthcheckKind::Cmd { .. },
            } => (ScriptOrigin::Healthcheck, ins),
            InstructionKind::Onbuild { trigger: Some(t) } if t.keyword == Keyword::Run => {
                // The trigger's heredocs hang on the ONBUILD instruction.
                let mut trigger = t.clone();
                trigger.heredocs.clone_from(&ins.heredocs);
                if let Some(command) = trigger.command() {
                    c.command(
                        (index, stage, ScriptOrigin::OnbuildRun, shell),
                        &trigger,
                        command,
                    );
                }
                continue;
            }
            _ => continue,
        };
        if let Some(command) = target.command() {
            c.command((index, stage, origin, shell), target, command);
        }
    }
    c.out
}

/// Soft diagnostics for scripts that could not be parsed, at their Dockerfile position.
pub(crate) fn diagnostics(scripts: &[RunScript]) -> Vec<SyntaxDiagnostic> {
    scripts
        .iter()
        .filter_map(|s| {
            let err = s.script.as_ref()?.error.as_ref()?;
            Some(SyntaxDiagnostic {
                kind: SyntaxErrorKind::ShellSyntax,
                severity: SyntaxSeverity::Warning,
                message: format!("shell script could not be parsed: {}", err.message),
                span: s.source_span(err.span),
            })
        })
        .collect()
}
