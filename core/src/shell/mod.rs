//! The shell scripts that `RUN` instructions hand to `/bin/sh -c` (or bash), as data:
//! which simple commands run, with which words, in which pipeline, joined by which
//! operator. Rules ask these questions instead of matching regexes over raw text.
//!
//! Parsing is done by `brush-parser`; this module guards it (nesting limits checked by a
//! linear pre-scan so it cannot overflow the stack, `catch_unwind` for its few panics),
//! flattens its syntax tree into a list of [`SimpleCommand`]s, parses command
//! substitutions and `sh -c '…'` strings as nested scripts, and looks through wrappers
//! such as `sudo`, `env` and `xargs`. Every span is a byte range into the text given to
//! [`parse_script`].

mod build;
mod lex;
mod plain;
mod word;
mod wrappers;

#[cfg(test)]
mod plain_equivalence;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::span::Span;

/// Which shell reads the script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Dialect {
    /// A POSIX `sh` (dash, busybox ash): bash-only syntax such as `[[`, `<(…)`, `&>` or
    /// arrays is not recognised, exactly as those shells would not.
    Posix,
    /// GNU bash, with its extensions.
    Bash,
}

/// What kind of failure a [`ShellError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ShellErrorKind {
    /// The text is not valid shell syntax (as far as brush-parser can tell).
    Syntax,
    /// The text was not handed to the parser because it would nest too deeply, take
    /// too long (heavy here-document or nested `case` use), or trip a known parser
    /// defect (huge descriptor numbers, blank here-document delimiters).
    Refused,
    /// The parser failed unexpectedly (it panicked); the text may well be valid.
    Internal,
}

/// A soft parse failure: the script could not be (fully) understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct ShellError {
    /// What went wrong.
    pub kind: ShellErrorKind,
    /// A human-readable description.
    pub message: String,
    /// Where, as a byte range in the parsed text (possibly empty).
    pub span: Span,
}

/// A parsed shell script.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Script {
    /// Every simple command in source order, including those nested in subshells,
    /// `{ }` groups, `if`/`while`/`for`/`case` bodies, functions, command substitutions,
    /// `sh -c` strings, and commands looked through wrappers (`sudo apt-get …` gives a
    /// `sudo` command followed by an `apt-get` one). A command comes before the
    /// commands nested in its words, and a wrapper right before what it wraps.
    pub commands: Vec<SimpleCommand>,
    /// Every pipeline (a single command is a pipeline of one), listing the simple
    /// commands written directly in it as indices into `commands`.
    pub pipelines: Vec<Pipeline>,
    /// Set when the script itself could not be parsed; `commands` is then empty.
    pub error: Option<ShellError>,
    /// Failures inside nested scripts (`sh -c` strings, command substitutions) whose
    /// surrounding script parsed fine; only the nested commands are missing.
    pub nested_errors: Vec<ShellError>,
}

/// One simple command: optional assignments and redirects, a name and arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SimpleCommand {
    /// The command name; `None` when the command is only assignments and/or redirects.
    pub name: Option<ShellWord>,
    /// The arguments after the name (assignment-looking words such as `make CC=gcc`
    /// included), in order.
    pub args: Vec<ShellWord>,
    /// `NAME=value` prefixes (and, for a command looked through `env`, its
    /// `NAME=value` arguments).
    pub assignments: Vec<(String, ShellWord)>,
    /// Redirections, in order.
    pub redirects: Vec<Redirect>,
    /// Byte range of the whole simple command (without here-document bodies).
    pub span: Span,
    /// Index into [`Script::pipelines`].
    pub pipeline: usize,
    /// How this command's pipeline is joined to the one before it in the same list.
    pub connector: Connector,
    /// The innermost construct that contains this command.
    pub context: Context,
    /// The command that runs this one: the wrapper (`sudo`, `env`, `xargs`,
    /// `find -exec`, …) for a command looked through it, or the `sh -c`/`su -c` command
    /// whose script contains it.
    pub wrapper: Option<usize>,
    /// For a wrapper, the first command it was looked through to.
    pub wraps: Option<usize>,
    /// True for a command looked through a wrapper: it is not written at its own place,
    /// and shares the wrapper's pipeline, connector and context.
    pub wrapped: bool,
}

/// A shell word as written, with its value when that is known statically.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShellWord {
    /// Exactly as written (quotes, escapes and expansions included). For words of
    /// nested `sh -c` scripts this is the text as the inner shell sees it.
    pub raw: String,
    /// The value after quote removal, when the word has no expansion (`$VAR`, `$(…)`,
    /// `` `…` ``, `$((…))`); `None` otherwise. Globs, `~` and `{a,b}` stay literal.
    pub value: Option<String>,
    /// Byte range of the word.
    pub span: Span,
}

/// What a redirection does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum RedirectOp {
    /// `<`
    Read,
    /// `>`
    Write,
    /// `>>`
    Append,
    /// `<>`
    ReadWrite,
    /// `>|`
    Clobber,
    /// `<&`
    DupInput,
    /// `>&` (as in `2>&1`)
    DupOutput,
    /// `<<`
    HereDoc,
    /// `<<-` (leading tabs stripped)
    HereDocStripTabs,
    /// `<<<`
    HereString,
    /// `&>`
    OutputAndError,
    /// `&>>`
    AppendOutputAndError,
}

/// A redirection such as `> /dev/null`, `2>&1` or `<<EOF`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redirect {
    /// The file descriptor written before the operator (`2` in `2>&1`), if any.
    pub fd: Option<i32>,
    /// The operator.
    pub op: RedirectOp,
    /// The target: a file name, a descriptor (`1`, `-`), a here-document delimiter, or
    /// `<(…)`/`>(…)` for a process substitution.
    pub target: ShellWord,
    /// For a here-document, its body (without the delimiter line).
    pub body: Option<ShellWord>,
    /// Byte range from the descriptor or operator to the end of the target.
    pub span: Span,
}

/// How a pipeline is joined to the previous one in its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Connector {
    /// First in its list (script, subshell, group, body, substitution, …).
    Start,
    /// After `&&`: runs only if the previous one succeeded.
    And,
    /// After `||`: runs only if the previous one failed.
    Or,
    /// After `;` or a newline.
    Seq,
    /// After `&`: the previous one was sent to the background.
    Background,
}

/// The innermost construct a command sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Context {
    /// Directly in the script.
    TopLevel,
    /// In `( … )` (or a `coproc`).
    Subshell,
    /// In `{ …; }`.
    Group,
    /// In the condition of `if`, `elif`, `while` or `until`.
    Condition,
    /// In a `then`/`elif`/`else` branch.
    Branch,
    /// In the body of `for`, `while`, `until` or `select`.
    Loop,
    /// In a `case` arm.
    Case,
    /// In a function body.
    Function,
    /// In `$( … )` or `` ` … ` ``.
    CommandSubstitution,
    /// In `<( … )` or `>( … )`.
    ProcessSubstitution,
    /// In the script string of `sh -c '…'`, `bash -c "…"` or `su -c '…'`.
    ShellC,
}

/// A pipeline: commands joined by `|` (or a single command).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pipeline {
    /// The simple commands written directly in this pipeline, in order, as indices into
    /// [`Script::commands`]; compound members (`( … ) | tee`) have their own pipelines.
    pub commands: Vec<usize>,
    /// Whether it is negated with `!`.
    pub negated: bool,
    /// Byte range of the whole pipeline.
    pub span: Span,
}

/// Parses `text` as a shell script. Never panics and never fails hard: problems are
/// reported in [`Script::error`] / [`Script::nested_errors`] and whatever could be
/// understood is returned.
pub fn parse_script(text: &str, dialect: Dialect) -> Script {
    build::parse(text, dialect, build::Engine::Auto)
}

/// [`parse_script`] with brush-parser alone: the reference the plain-script parser is
/// checked against (by the tests and the `shell` fuzz target). Same result, slower.
#[doc(hidden)]
pub fn parse_script_with_brush(text: &str, dialect: Dialect) -> Script {
    build::parse(text, dialect, build::Engine::Brush)
}

impl ShellWord {
    /// The value when known statically, otherwise the raw text.
    pub fn text(&self) -> &str {
        self.value.as_deref().unwrap_or(&self.raw)
    }

    /// Whether the word's value is known statically (no expansion).
    pub fn is_literal(&self) -> bool {
        self.value.is_some()
    }
}

/// The last path component of a command name (`/usr/bin/apt-get` → `apt-get`).
fn basename(name: &str) -> &str {
    // A byte loop: command names are short, and this runs for every rule
    // that asks every command its program.
    match name.bytes().rposition(|b| b == b'/') {
        Some(i) => name.get(i + 1..).unwrap_or(name),
        None => name,
    }
}

impl SimpleCommand {
    /// The command name's basename (`/usr/bin/apt-get` → `apt-get`), from its value
    /// when known, else from its raw text (so `$PM` stays `$PM`).
    pub fn program(&self) -> Option<&str> {
        self.name.as_ref().map(|n| basename(n.text()))
    }

    /// Whether [`SimpleCommand::program`] is one of `names`.
    pub fn is_program(&self, names: &[&str]) -> bool {
        self.program().is_some_and(|p| names.contains(&p))
    }

    /// The arguments' texts (value when known, raw otherwise).
    pub fn arg_texts(&self) -> impl Iterator<Item = &str> {
        self.args.iter().map(ShellWord::text)
    }

    /// Whether some argument is exactly `text`.
    pub fn has_arg(&self, text: &str) -> bool {
        self.arg_texts().any(|a| a == text)
    }

    /// The option arguments, up to a `--` that ends options.
    fn option_args(&self) -> impl Iterator<Item = &str> {
        self.arg_texts().take_while(|a| *a != "--")
    }

    /// Whether the command is given option `short` (matched inside combined short
    /// options: `-fsSL` has `f`, `s`, `S` and `L`) or `--long` (also as `--long=value`).
    /// Pass `'\0'` for no short form and `""` for no long form; `long` may be given with
    /// or without its leading dashes. Options after `--` do not count. A short option
    /// with an attached value (`-ofile`) is indistinguishable from combined flags.
    pub fn has_flag(&self, short: char, long: &str) -> bool {
        let long = long.trim_start_matches('-');
        self.option_args().any(|a| {
            if let Some(rest) = a.strip_prefix("--") {
                !long.is_empty()
                    && (rest == long || rest.strip_prefix(long).is_some_and(|r| r.starts_with('=')))
            } else if let Some(cluster) = a.strip_prefix('-') {
                // Letters up to the first other character (`-j"$(nproc)"` has `j`).
                short != '\0'
                    && cluster
                        .chars()
                        .take_while(char::is_ascii_alphanumeric)
                        .any(|c| c == short)
            } else {
                false
            }
        })
    }

    /// The value of an option that takes one: `--long=value`, `--long value`,
    /// `-svalue` or `-s value` (`short` last in a cluster, as in `-qO file`). Same
    /// conventions as [`SimpleCommand::has_flag`].
    pub fn flag_value(&self, short: char, long: &str) -> Option<&str> {
        let long = long.trim_start_matches('-');
        let texts: Vec<&str> = self.option_args().collect();
        for (k, a) in texts.iter().enumerate() {
            let next = || texts.get(k + 1).copied();
            if let Some(rest) = a.strip_prefix("--") {
                if long.is_empty() {
                    continue;
                }
                if rest == long {
                    return next();
                }
                if let Some(v) = rest.strip_prefix(long).and_then(|r| r.strip_prefix('=')) {
                    return Some(v);
                }
            } else if let Some(cluster) = a.strip_prefix('-') {
                if short == '\0' {
                    continue;
                }
                if let Some(pos) = cluster.find(short) {
                    let after = &cluster[pos + short.len_utf8()..];
                    return if after.is_empty() {
                        next()
                    } else {
                        Some(after)
                    };
                }
            }
        }
        None
    }

    /// The first argument that does not start with `-` (`install` in
    /// `apt-get -y install curl`). Options that take a separate value can fool it.
    pub fn subcommand(&self) -> Option<&str> {
        self.arg_texts().find(|a| !a.starts_with('-'))
    }
}

impl Script {
    /// Whether the script parsed without error (nested errors aside).
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
    }

    /// The command written at the place of `index`: itself, or for a command looked
    /// through wrappers, the outermost wrapper.
    pub fn written(&self, mut index: usize) -> usize {
        let mut guard = self.commands.len();
        while let Some(c) = self.commands.get(index) {
            match c.wrapper {
                Some(w) if c.wrapped && guard > 0 => {
                    index = w;
                    guard -= 1;
                }
                _ => break,
            }
        }
        index
    }

    /// The command that actually runs at the place of `index`, looking through
    /// wrappers: `sudo -u app npm ci` → the `npm` command.
    pub fn innermost(&self, mut index: usize) -> usize {
        let mut guard = self.commands.len();
        while let Some(w) = self.commands.get(index).and_then(|c| c.wraps) {
            if guard == 0 {
                break;
            }
            index = w;
            guard -= 1;
        }
        index
    }

    /// The command that `from`'s output is piped into: the next command in the same
    /// pipeline (as written; see [`Script::innermost`] to look through `sudo bash`).
    /// Commands looked through wrappers pipe where their wrapper does.
    pub fn pipes_into(&self, from: usize) -> Option<usize> {
        let from = self.written(from);
        let cmd = self.commands.get(from)?;
        let members = &self.pipelines.get(cmd.pipeline)?.commands;
        let pos = members.iter().position(|&c| c == from)?;
        members.get(pos + 1).copied()
    }

    /// The command piped into `to`, if any (the reverse of [`Script::pipes_into`]).
    pub fn piped_from(&self, to: usize) -> Option<usize> {
        let to = self.written(to);
        let cmd = self.commands.get(to)?;
        let members = &self.pipelines.get(cmd.pipeline)?.commands;
        let pos = members.iter().position(|&c| c == to)?;
        pos.checked_sub(1).and_then(|p| members.get(p).copied())
    }

    /// Indices of the commands whose [`SimpleCommand::program`] is one of `names`.
    pub fn find_programs<'a>(&'a self, names: &'a [&'a str]) -> impl Iterator<Item = usize> + 'a {
        self.commands
            .iter()
            .enumerate()
            .filter(move |(_, c)| c.is_program(names))
            .map(|(i, _)| i)
    }
}
