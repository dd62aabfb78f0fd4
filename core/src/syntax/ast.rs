//! The Dockerfile syntax tree: what BuildKit's parser sees, plus a span on
//! every token so diagnostics can point at the exact text.

use serde::Serialize;

use std::sync::{Arc, OnceLock};

use super::flags::{Mount, parse_mount};
use super::logical::LogicalStr;
use super::strings::Str;
use crate::span::{LineIndex, Position, Span};

/// A parsed Dockerfile. It owns its text so spans can be resolved later.
#[derive(Debug, Clone)]
pub struct Dockerfile {
    /// The text that was parsed (byte order mark included, if any), shared
    /// with the long values of the tree that are slices of it.
    pub text: Arc<str>,
    /// Line starts of `text`, for turning spans into line:column; built on
    /// first use (see [`Dockerfile::line_index`]), as most spans never need it.
    line_index: OnceLock<LineIndex>,
    /// Parser directives (`# syntax=`, `# escape=`, `# check=`) from the top of the file.
    pub directives: Vec<Directive>,
    /// The escape character in force (`\` unless `# escape=` changed it).
    pub escape: char,
    /// Instructions in file order. An instruction that failed to parse is left
    /// out and reported in `diagnostics`; the rest of the file is still here.
    pub instructions: Vec<Instruction>,
    /// Every comment line in the file, directives and pragmas included.
    pub comments: Vec<Comment>,
    /// Syntax errors and warnings, in file order.
    pub diagnostics: Vec<SyntaxDiagnostic>,
}

impl Dockerfile {
    /// A parsed file (the scanner's parts put together).
    pub(crate) fn new(
        text: Arc<str>,
        directives: Vec<Directive>,
        escape: char,
        instructions: Vec<Instruction>,
        comments: Vec<Comment>,
        diagnostics: Vec<SyntaxDiagnostic>,
    ) -> Dockerfile {
        Dockerfile {
            text,
            line_index: OnceLock::new(),
            directives,
            escape,
            instructions,
            comments,
            diagnostics,
        }
    }

    /// The line index of `text`, for turning spans into line:column.
    pub fn line_index(&self) -> &LineIndex {
        self.line_index.get_or_init(|| LineIndex::new(&self.text))
    }

    /// Line and column (1-based, columns in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        self.line_index().position(&self.text, offset)
    }

    /// The source text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        span.slice(&self.text)
    }

    /// Whether any diagnostic is an error (BuildKit would refuse this file).
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == SyntaxSeverity::Error)
    }

    /// The value of a parser directive, if present (`name` in lower case).
    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.directives.iter().find(|d| d.name == name)
    }
}

/// A parser directive such as `# syntax=docker/dockerfile:1`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Directive {
    /// Lower-cased directive name: `syntax`, `escape` or `check`.
    pub name: Str,
    /// The value, trimmed.
    pub value: Str,
    /// The whole comment line.
    pub span: Span,
    /// Just the value.
    pub value_span: Span,
}

/// A comment line (`# …`), kept because pragmas and directives live in comments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// Text after the `#`, trimmed.
    pub text: Str,
    /// From the `#` to the end of the line (newline excluded).
    pub span: Span,
    /// Whether the comment sits inside a continued instruction.
    pub inside_instruction: bool,
}

/// How bad a syntax diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SyntaxSeverity {
    /// BuildKit refuses the file.
    Error,
    /// BuildKit accepts the file but warns, or the construct is risky.
    Warning,
}

/// What went wrong while reading the Dockerfile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SyntaxErrorKind {
    /// An instruction BuildKit's parser rejects (bad JSON array, `ENV` without value…).
    InvalidInstruction,
    /// A heredoc whose terminator never comes.
    UnterminatedHeredoc,
    /// A parser directive that is invalid or repeated.
    InvalidDirective,
    /// The file has no instruction at all.
    NoInstructions,
    /// An empty line inside a continued instruction (a BuildKit warning, an error in future).
    EmptyContinuationLine,
    /// The input was not valid UTF-8; invalid bytes were replaced.
    InvalidUtf8,
    /// A RUN script the shell parser cannot read (the file itself is fine).
    ShellSyntax,
}

impl SyntaxErrorKind {
    /// The stable diagnostic code of this kind.
    pub fn code(self) -> &'static str {
        match self {
            SyntaxErrorKind::InvalidInstruction => "HG001",
            SyntaxErrorKind::UnterminatedHeredoc => "HG002",
            SyntaxErrorKind::InvalidDirective => "HG003",
            SyntaxErrorKind::NoInstructions => "HG004",
            SyntaxErrorKind::EmptyContinuationLine => "HG005",
            SyntaxErrorKind::InvalidUtf8 => "HG006",
            SyntaxErrorKind::ShellSyntax => "HG007",
        }
    }

    /// The kebab-case name of this kind.
    pub fn name(self) -> &'static str {
        match self {
            SyntaxErrorKind::InvalidInstruction => "invalid-instruction",
            SyntaxErrorKind::UnterminatedHeredoc => "unterminated-heredoc",
            SyntaxErrorKind::InvalidDirective => "invalid-parser-directive",
            SyntaxErrorKind::NoInstructions => "no-instructions",
            SyntaxErrorKind::EmptyContinuationLine => "empty-continuation-line",
            SyntaxErrorKind::InvalidUtf8 => "invalid-utf8",
            SyntaxErrorKind::ShellSyntax => "unparsable-shell-script",
        }
    }
}

/// A syntax error or warning with its exact location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyntaxDiagnostic {
    /// What kind of problem.
    pub kind: SyntaxErrorKind,
    /// Error or warning.
    pub severity: SyntaxSeverity,
    /// One line saying what is wrong (BuildKit's wording where BuildKit has one).
    pub message: String,
    /// Where.
    pub span: Span,
}

/// The 18 Dockerfile instructions, and anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Keyword {
    /// `ADD`
    Add,
    /// `ARG`
    Arg,
    /// `CMD`
    Cmd,
    /// `COPY`
    Copy,
    /// `ENTRYPOINT`
    Entrypoint,
    /// `ENV`
    Env,
    /// `EXPOSE`
    Expose,
    /// `FROM`
    From,
    /// `HEALTHCHECK`
    Healthcheck,
    /// `LABEL`
    Label,
    /// `MAINTAINER` (deprecated)
    Maintainer,
    /// `ONBUILD`
    Onbuild,
    /// `RUN`
    Run,
    /// `SHELL`
    Shell,
    /// `STOPSIGNAL`
    Stopsignal,
    /// `USER`
    User,
    /// `VOLUME`
    Volume,
    /// `WORKDIR`
    Workdir,
    /// A word BuildKit's parser accepts but no builder knows.
    Unknown,
}

impl Keyword {
    /// Look up a keyword, case-insensitively, as BuildKit does.
    pub fn from_word(word: &str) -> Keyword {
        let b = word.as_bytes();
        let Some(&first) = b.first() else {
            return Keyword::Unknown;
        };
        // One candidate (two for `a…`) by length and first letter, then an
        // exact ASCII case-insensitive comparison.
        let candidate = match (b.len(), first.to_ascii_lowercase()) {
            (3, b'a') if b[1].eq_ignore_ascii_case(&b'd') => Keyword::Add,
            (3, b'a') => Keyword::Arg,
            (3, b'c') => Keyword::Cmd,
            (3, b'e') => Keyword::Env,
            (3, b'r') => Keyword::Run,
            (4, b'c') => Keyword::Copy,
            (4, b'f') => Keyword::From,
            (4, b'u') => Keyword::User,
            (5, b'l') => Keyword::Label,
            (5, b's') => Keyword::Shell,
            (6, b'e') => Keyword::Expose,
            (6, b'v') => Keyword::Volume,
            (7, b'o') => Keyword::Onbuild,
            (7, b'w') => Keyword::Workdir,
            (10, b'e') => Keyword::Entrypoint,
            (10, b'm') => Keyword::Maintainer,
            (10, b's') => Keyword::Stopsignal,
            (11, b'h') => Keyword::Healthcheck,
            _ => return Keyword::Unknown,
        };
        // Keywords are all letters, so `b | 0x20` folds exactly: it equals a
        // lower-case letter only for that letter and its upper case.
        let same = candidate
            .as_str()
            .bytes()
            .zip(b)
            .all(|(k, &w)| w | 0x20 == k | 0x20);
        if same { candidate } else { Keyword::Unknown }
    }

    /// The canonical upper-case spelling (`"UNKNOWN"` for unknown words).
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
            Keyword::Unknown => "UNKNOWN",
        }
    }
}

/// A word of an instruction: its value as BuildKit's parser hands it on, and
/// where it is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Word {
    /// The value (quotes kept where BuildKit keeps them; JSON strings unescaped).
    pub value: Str,
    /// The source text of the word (for a continued word, from its first to its last byte).
    pub span: Span,
}

/// A `--name[=value]` flag as written before an instruction's arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// The flag as BuildKit records it: `--name=value`, quotes and escapes processed.
    pub raw: Str,
    /// The name without dashes.
    pub name: Str,
    /// The value after `=`, if any.
    pub value: Option<Str>,
    /// The whole flag in the source.
    pub span: Span,
}

/// A heredoc attached to a RUN, COPY or ADD instruction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heredoc {
    /// The terminator word, quotes removed.
    pub name: Str,
    /// The file descriptor written before `<<` (`3<<EOF`), if any.
    pub fd: Option<u32>,
    /// `<<-`: leading tabs are stripped from the body when it is used.
    pub chomp: bool,
    /// Variables in the body are expanded (the terminator was not quoted).
    pub expand: bool,
    /// The body exactly as written, every line with its newline.
    pub content: Str,
    /// The `<<WORD` header on the instruction line.
    pub header_span: Span,
    /// The body lines (terminator excluded).
    pub body_span: Span,
    /// The terminator line.
    pub terminator_span: Span,
}

impl Heredoc {
    /// The body as the builder uses it: with leading tabs removed for `<<-`.
    pub fn effective_content(&self) -> String {
        if !self.chomp {
            return self.content.to_string();
        }
        let mut out = String::with_capacity(self.content.len());
        for line in self.content.split_inclusive('\n') {
            out.push_str(line.trim_start_matches('\t'));
        }
        out
    }
}

/// A command given to RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "lowercase")]
pub enum CommandForm {
    /// Shell form: one string for the shell, continuations joined.
    Shell(Word),
    /// Exec (JSON) form: the argument vector.
    Exec {
        /// The arguments.
        args: Vec<Word>,
    },
}

/// `KEY=value` of ENV or LABEL (or the legacy `KEY value` form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyValue {
    /// The key as written (quotes kept, as BuildKit's parser keeps them).
    pub key: Word,
    /// The value as written (quotes kept).
    pub value: Word,
    /// Written in the legacy `KEY value with spaces` form.
    pub legacy: bool,
}

/// One `name[=default]` of an ARG instruction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArgDecl {
    /// The name.
    pub name: Str,
    /// The default value as written (quotes kept), if there is an `=`.
    pub default: Option<Str>,
    /// The whole word.
    pub word: Word,
}

/// HEALTHCHECK's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum HealthcheckKind {
    /// `HEALTHCHECK NONE`: disables a health check inherited from the base image.
    None,
    /// `HEALTHCHECK [options] CMD …`.
    Cmd {
        /// The check command, if given.
        command: Option<CommandForm>,
    },
    /// Bare `HEALTHCHECK` or an unknown type word.
    Other {
        /// The type word, if any.
        word: Option<Word>,
    },
}

/// Arguments of COPY and ADD, with their flags typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct CopyArgs {
    /// Source paths, URLs or heredoc markers (all words but the last).
    pub sources: Vec<Word>,
    /// Destination (the last word), if there are at least two words.
    pub dest: Option<Word>,
    /// Written in JSON form.
    pub json: bool,
    /// `--from=`: a stage name, index or image.
    pub from: Option<Str>,
    /// `--chown=`
    pub chown: Option<Str>,
    /// `--chmod=`
    pub chmod: Option<Str>,
    /// `--link`
    pub link: bool,
    /// `--parents`
    pub parents: bool,
    /// `--exclude=` patterns.
    pub exclude: Vec<Str>,
    /// `--checksum=` (ADD).
    pub checksum: Option<Str>,
    /// `--keep-git-dir=` (ADD).
    pub keep_git_dir: Option<Str>,
    /// `--unpack=` (ADD).
    pub unpack: Option<Str>,
}

/// The typed reading of an instruction's arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum InstructionKind {
    /// `FROM [--platform=…] image [AS name]`
    From {
        /// The image reference as written (variables not yet expanded).
        image: Option<Word>,
        /// The stage name after `AS`.
        alias: Option<Word>,
        /// `--platform=`
        platform: Option<Str>,
    },
    /// `RUN`
    Run {
        /// The command (None for a bare `RUN`).
        command: Option<CommandForm>,
        /// `--mount=` flags, typed.
        mounts: Vec<Mount>,
        /// `--network=`
        network: Option<Str>,
        /// `--security=`
        security: Option<Str>,
        /// `--device=`
        devices: Vec<Str>,
    },
    /// `CMD`
    Cmd {
        /// The command.
        command: Option<CommandForm>,
    },
    /// `ENTRYPOINT`
    Entrypoint {
        /// The command.
        command: Option<CommandForm>,
    },
    /// `SHELL ["exe", "args"]`
    Shell {
        /// The shell's argument vector (shell form is kept as one word).
        argv: Vec<Word>,
        /// Written in JSON form (the only valid form).
        json: bool,
    },
    /// `COPY`
    Copy(CopyArgs),
    /// `ADD`
    Add(CopyArgs),
    /// `ENV`
    Env {
        /// The pairs.
        pairs: Vec<KeyValue>,
    },
    /// `LABEL`
    Label {
        /// The pairs.
        pairs: Vec<KeyValue>,
    },
    /// `ARG`
    Arg {
        /// The declarations.
        args: Vec<ArgDecl>,
    },
    /// `EXPOSE`
    Expose {
        /// Port specs as written.
        ports: Vec<Word>,
    },
    /// `VOLUME`
    Volume {
        /// Paths.
        paths: Vec<Word>,
    },
    /// `USER`
    User {
        /// `user[:group]`.
        user: Option<Word>,
    },
    /// `WORKDIR`
    Workdir {
        /// The path.
        path: Option<Word>,
    },
    /// `STOPSIGNAL`
    Stopsignal {
        /// The signal.
        signal: Option<Word>,
    },
    /// `MAINTAINER`
    Maintainer {
        /// The text.
        name: Option<Word>,
    },
    /// `HEALTHCHECK`
    Healthcheck {
        /// NONE, CMD or other.
        check: HealthcheckKind,
    },
    /// `ONBUILD <instruction>`
    Onbuild {
        /// The trigger instruction.
        trigger: Option<Box<Instruction>>,
    },
    /// An unknown instruction keyword.
    Unknown,
}

/// One instruction, with everything BuildKit's parser records about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instruction {
    /// Which instruction.
    pub keyword: Keyword,
    /// The keyword as written (case kept).
    pub keyword_word: Word,
    /// 1-based first source line.
    pub line: usize,
    /// 1-based last source line (heredoc terminators included).
    pub end_line: usize,
    /// From the keyword to the end of the instruction's last line (newline excluded).
    pub span: Span,
    /// Flags before the arguments.
    pub flags: Vec<Flag>,
    /// BuildKit's argument list (see `InstructionKind` for the typed view).
    pub args: Vec<Word>,
    /// The arguments were given in JSON (exec) form.
    pub json: bool,
    /// Heredocs, in order.
    pub heredocs: Vec<Heredoc>,
    /// The arguments text after flags (continuations joined) with its source map.
    #[serde(skip)]
    pub rest: LogicalStr,
    /// The typed reading.
    pub kind: InstructionKind,
}

impl Instruction {
    /// The first flag named `name` (without dashes).
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name == name)
    }

    /// Every flag named `name`.
    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags.iter().filter(move |f| f.name == name)
    }

    /// The command of RUN/CMD/ENTRYPOINT/HEALTHCHECK CMD, if any.
    pub fn command(&self) -> Option<&CommandForm> {
        match &self.kind {
            InstructionKind::Run { command, .. }
            | InstructionKind::Cmd { command }
            | InstructionKind::Entrypoint { command } => command.as_ref(),
            InstructionKind::Healthcheck {
                check: HealthcheckKind::Cmd { command },
            } => command.as_ref(),
            _ => None,
        }
    }

    /// The `--mount` flags of a RUN.
    pub fn mounts(&self) -> &[Mount] {
        match &self.kind {
            InstructionKind::Run { mounts, .. } => mounts,
            _ => &[],
        }
    }
}

pub(crate) fn mounts_from_flags(flags: &[Flag]) -> Vec<Mount> {
    flags
        .iter()
        .filter(|f| f.name == "mount")
        .map(|f| parse_mount(f.value.as_deref().unwrap_or(""), f.span))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_matched_ignoring_ascii_case_only() {
        const ALL: [Keyword; 18] = [
            Keyword::Add,
            Keyword::Arg,
            Keyword::Cmd,
            Keyword::Copy,
            Keyword::Entrypoint,
            Keyword::Env,
            Keyword::Expose,
            Keyword::From,
            Keyword::Healthcheck,
            Keyword::Label,
            Keyword::Maintainer,
            Keyword::Onbuild,
            Keyword::Run,
            Keyword::Shell,
            Keyword::Stopsignal,
            Keyword::User,
            Keyword::Volume,
            Keyword::Workdir,
        ];
        let reference = |w: &str| {
            ALL.iter()
                .copied()
                .find(|k| k.as_str().eq_ignore_ascii_case(w))
                .unwrap_or(Keyword::Unknown)
        };
        for k in ALL {
            let upper = k.as_str();
            let lower = upper.to_ascii_lowercase();
            let mixed: String = upper
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if i % 2 == 0 {
                        c.to_ascii_lowercase()
                    } else {
                        c
                    }
                })
                .collect();
            for w in [upper, lower.as_str(), mixed.as_str()] {
                assert_eq!(Keyword::from_word(w), k, "{w}");
            }
        }
        for w in [
            "",
            "a",
            "ad",
            "addd",
            "ard",
            "ADDx",
            "cmp",
            "envv",
            "rUm",
            "copi",
            "\u{212a}opy",
            "run\u{e9}",
            "ONBUIL",
            "workdirs",
            "healthcheck ",
            "stopsignaL",
            "entrypoinT",
            "maintaineR",
            "lab\u{0}l",
        ] {
            assert_eq!(Keyword::from_word(w), reference(w), "{w:?}");
        }
    }
}
