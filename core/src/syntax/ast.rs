//! The Dockerfile syntax tree: what BuildKit's parser sees, plus a span on
//! every token so diagnostics can point at the exact text.

use serde::Serialize;

use std::sync::OnceLock;

use super::flags::{Mount, MountCache};
use super::logical::LogicalText;
use super::strings::Str;
use super::word_list::Words;
use crate::span::{LineIndex, Position, Span};

/// A parsed Dockerfile. It owns its text so spans can be resolved later.
#[derive(Debug, Clone)]
pub struct Dockerfile<'a> {
    /// The text that was parsed (byte order mark included, if any): the
    /// caller's, which the values of the tree borrow, or a shared copy when
    /// it had to be repaired (invalid UTF-8).
    pub text: Str<'a>,
    /// Line starts of `text`, for turning spans into line:column; built on
    /// first use (see [`Dockerfile::line_index`]), as most spans never need it.
    line_index: OnceLock<LineIndex>,
    /// Parser directives (`# syntax=`, `# escape=`, `# check=`) from the top of the file.
    pub directives: Vec<Directive<'a>>,
    /// The escape character in force (`\` unless `# escape=` changed it).
    pub escape: char,
    /// Instructions in file order. An instruction that failed to parse is left
    /// out and reported in `diagnostics`; the rest of the file is still here.
    pub instructions: Vec<Instruction<'a>>,
    /// Every comment line in the file, directives and pragmas included.
    pub comments: Vec<Comment<'a>>,
    /// Syntax errors and warnings, in file order.
    pub diagnostics: Vec<SyntaxDiagnostic>,
}

impl<'a> Dockerfile<'a> {
    /// A parsed file (the scanner's parts put together).
    pub(crate) fn new(
        text: Str<'a>,
        directives: Vec<Directive<'a>>,
        escape: char,
        instructions: Vec<Instruction<'a>>,
        comments: Vec<Comment<'a>>,
        diagnostics: Vec<SyntaxDiagnostic>,
    ) -> Dockerfile<'a> {
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

    /// The arguments text of `ins` (after its flags), continued lines joined
    /// as BuildKit joins them, with its map back to the source. Built on
    /// request: most instructions are read through their words instead.
    pub fn arguments_text(&self, ins: &Instruction<'_>) -> LogicalText {
        self.logical_text(ins.arguments_span)
    }

    /// The source text of `span` (inside one instruction's line) with
    /// continued lines joined as BuildKit joins them, and its source map.
    pub fn logical_text(&self, span: Span) -> LogicalText {
        super::scanner::join_lines(&self.text, self.escape, span)
    }

    /// The value of a parser directive, if present (`name` in lower case).
    pub fn directive(&self, name: &str) -> Option<&Directive<'a>> {
        self.directives.iter().find(|d| d.name == name)
    }
}

/// A parser directive such as `# syntax=docker/dockerfile:1`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Directive<'a> {
    /// Lower-cased directive name: `syntax`, `escape` or `check`.
    pub name: Str<'a>,
    /// The value, trimmed.
    pub value: Str<'a>,
    /// The whole comment line.
    pub span: Span,
    /// Just the value.
    pub value_span: Span,
}

/// A comment line (`# …`), kept because pragmas and directives live in comments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment<'a> {
    /// Text after the `#`, trimmed.
    pub text: Str<'a>,
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
pub struct Word<'a> {
    /// The value (quotes kept where BuildKit keeps them; JSON strings unescaped).
    pub value: Str<'a>,
    /// The source text of the word (for a continued word, from its first to its last byte).
    pub span: Span,
}

/// A `--name[=value]` flag as written before an instruction's arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag<'a> {
    /// The flag as BuildKit records it: `--name=value`, quotes and escapes processed.
    pub raw: Str<'a>,
    /// The name without dashes.
    pub name: Str<'a>,
    /// The value after `=`, if any.
    pub value: Option<Str<'a>>,
    /// The whole flag in the source.
    pub span: Span,
}

/// A heredoc attached to a RUN, COPY or ADD instruction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heredoc<'a> {
    /// The terminator word, quotes removed.
    pub name: Str<'a>,
    /// The file descriptor written before `<<` (`3<<EOF`), if any.
    pub fd: Option<u32>,
    /// `<<-`: leading tabs are stripped from the body when it is used.
    pub chomp: bool,
    /// Variables in the body are expanded (the terminator was not quoted).
    pub expand: bool,
    /// The body exactly as written, every line with its newline.
    pub content: Str<'a>,
    /// The `<<WORD` header on the instruction line.
    pub header_span: Span,
    /// The body lines (terminator excluded).
    pub body_span: Span,
    /// The terminator line.
    pub terminator_span: Span,
}

impl Heredoc<'_> {
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "lowercase")]
pub enum CommandForm<'i> {
    /// Shell form: one string for the shell, continuations joined.
    Shell(&'i Word<'i>),
    /// Exec (JSON) form: the argument vector.
    Exec {
        /// The arguments.
        args: &'i [Word<'i>],
    },
}

impl<'i> CommandForm<'i> {
    /// The command of an argument list: the argument vector in JSON form,
    /// else the one shell string (none for an empty shell form).
    fn of(args: &'i [Word<'i>], json: bool) -> Option<CommandForm<'i>> {
        if json {
            Some(CommandForm::Exec { args })
        } else {
            args.first().map(CommandForm::Shell)
        }
    }
}

/// `KEY=value` of ENV or LABEL (or the legacy `KEY value` form).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KeyValue<'i> {
    /// The key as written (quotes kept, as BuildKit's parser keeps them).
    pub key: &'i Word<'i>,
    /// The value as written (quotes kept).
    pub value: &'i Word<'i>,
    /// Written in the legacy `KEY value with spaces` form.
    pub legacy: bool,
}

/// The pairs of an ENV or LABEL: its arguments taken two by two.
#[derive(Debug, Clone)]
pub struct KeyValues<'i> {
    pairs: std::slice::ChunksExact<'i, Word<'i>>,
    legacy: bool,
}

impl<'i> Iterator for KeyValues<'i> {
    type Item = KeyValue<'i>;

    fn next(&mut self) -> Option<KeyValue<'i>> {
        match self.pairs.next()? {
            [key, value] => Some(KeyValue {
                key,
                value,
                legacy: self.legacy,
            }),
            _ => None,
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.pairs.size_hint()
    }
}

/// One `name[=default]` of an ARG instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ArgDecl<'i> {
    /// The name.
    pub name: &'i str,
    /// The default value as written (quotes kept), if there is an `=`.
    pub default: Option<&'i str>,
    /// The whole word.
    pub word: &'i Word<'i>,
}

impl<'i> ArgDecl<'i> {
    /// Split an ARG word at its first `=`.
    fn of(word: &'i Word<'i>) -> ArgDecl<'i> {
        let (name, default) = match word.value.split_once('=') {
            Some((name, default)) => (name, Some(default)),
            None => (word.value.as_str(), None),
        };
        ArgDecl {
            name,
            default,
            word,
        }
    }
}

/// The declarations of an ARG: its arguments, each split at `=`.
pub type ArgDecls<'i> =
    std::iter::Map<std::slice::Iter<'i, Word<'i>>, fn(&'i Word<'i>) -> ArgDecl<'i>>;

fn arg_decls<'i>(args: &'i [Word<'i>]) -> ArgDecls<'i> {
    args.iter().map(ArgDecl::of)
}

/// HEALTHCHECK's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum HealthcheckKind<'i> {
    /// `HEALTHCHECK NONE`: disables a health check inherited from the base image.
    None,
    /// `HEALTHCHECK [options] CMD …`.
    Cmd {
        /// The check command, if given.
        command: Option<CommandForm<'i>>,
    },
    /// Bare `HEALTHCHECK` or an unknown type word.
    Other {
        /// The type word, if any.
        word: Option<&'i Word<'i>>,
    },
}

/// The values of every flag of one name, in order (a flag without `=` has none).
#[derive(Debug, Clone)]
pub struct FlagValues<'i> {
    flags: std::slice::Iter<'i, Flag<'i>>,
    name: &'static str,
}

impl<'i> Iterator for FlagValues<'i> {
    type Item = &'i str;

    fn next(&mut self) -> Option<&'i str> {
        let name = self.name;
        self.flags
            .by_ref()
            .filter(|f| f.name == name)
            .find_map(|f| f.value.as_deref())
    }
}

/// Arguments of COPY and ADD, with their flags typed.
#[derive(Debug, Clone)]
pub struct CopyArgs<'i> {
    /// Source paths, URLs or heredoc markers (all words but the last).
    pub sources: &'i [Word<'i>],
    /// Destination (the last word), if there are at least two words.
    pub dest: Option<&'i Word<'i>>,
    /// Written in JSON form.
    pub json: bool,
    /// `--from=`: a stage name, index or image.
    pub from: Option<&'i str>,
    /// `--chown=`
    pub chown: Option<&'i str>,
    /// `--chmod=`
    pub chmod: Option<&'i str>,
    /// `--link`
    pub link: bool,
    /// `--parents`
    pub parents: bool,
    /// `--exclude=` patterns.
    pub exclude: FlagValues<'i>,
    /// `--checksum=` (ADD).
    pub checksum: Option<&'i str>,
    /// `--keep-git-dir=` (ADD).
    pub keep_git_dir: Option<&'i str>,
    /// `--unpack=` (ADD).
    pub unpack: Option<&'i str>,
}

/// The typed reading of an instruction's arguments: a view of its
/// [`Instruction::args`] and [`Instruction::flags`], made on demand by
/// [`Instruction::kind`] (so that no value is stored twice).
#[derive(Debug, Clone)]
pub enum InstructionKind<'i> {
    /// `FROM [--platform=…] image [AS name]`
    From {
        /// The image reference as written (variables not yet expanded).
        image: Option<&'i Word<'i>>,
        /// The stage name after `AS`.
        alias: Option<&'i Word<'i>>,
        /// `--platform=`
        platform: Option<&'i str>,
    },
    /// `RUN`
    Run {
        /// The command (None for a bare `RUN`).
        command: Option<CommandForm<'i>>,
        /// `--mount=` flags, typed.
        mounts: &'i [Mount<'i>],
        /// `--network=`
        network: Option<&'i str>,
        /// `--security=`
        security: Option<&'i str>,
        /// `--device=`
        devices: FlagValues<'i>,
    },
    /// `CMD`
    Cmd {
        /// The command.
        command: Option<CommandForm<'i>>,
    },
    /// `ENTRYPOINT`
    Entrypoint {
        /// The command.
        command: Option<CommandForm<'i>>,
    },
    /// `SHELL ["exe", "args"]`
    Shell {
        /// The shell's argument vector (shell form is kept as one word).
        argv: &'i [Word<'i>],
        /// Written in JSON form (the only valid form).
        json: bool,
    },
    /// `COPY`
    Copy(CopyArgs<'i>),
    /// `ADD`
    Add(CopyArgs<'i>),
    /// `ENV`
    Env {
        /// The pairs.
        pairs: KeyValues<'i>,
    },
    /// `LABEL`
    Label {
        /// The pairs.
        pairs: KeyValues<'i>,
    },
    /// `ARG`
    Arg {
        /// The declarations.
        args: ArgDecls<'i>,
    },
    /// `EXPOSE`
    Expose {
        /// Port specs as written.
        ports: &'i [Word<'i>],
    },
    /// `VOLUME`
    Volume {
        /// Paths.
        paths: &'i [Word<'i>],
    },
    /// `USER`
    User {
        /// `user[:group]`.
        user: Option<&'i Word<'i>>,
    },
    /// `WORKDIR`
    Workdir {
        /// The path.
        path: Option<&'i Word<'i>>,
    },
    /// `STOPSIGNAL`
    Stopsignal {
        /// The signal.
        signal: Option<&'i Word<'i>>,
    },
    /// `MAINTAINER`
    Maintainer {
        /// The text.
        name: Option<&'i Word<'i>>,
    },
    /// `HEALTHCHECK`
    Healthcheck {
        /// NONE, CMD or other.
        check: HealthcheckKind<'i>,
    },
    /// `ONBUILD <instruction>`
    Onbuild {
        /// The trigger instruction.
        trigger: Option<&'i Instruction<'i>>,
    },
    /// An unknown instruction keyword.
    Unknown,
}

/// One instruction, with everything BuildKit's parser records about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction<'a> {
    /// Which instruction.
    pub keyword: Keyword,
    /// The keyword as written (case kept).
    pub keyword_word: Word<'a>,
    /// 1-based first source line.
    pub line: usize,
    /// 1-based last source line (heredoc terminators included).
    pub end_line: usize,
    /// From the keyword to the end of the instruction's last line (newline excluded).
    pub span: Span,
    /// Flags before the arguments.
    pub flags: Vec<Flag<'a>>,
    /// BuildKit's argument list (see [`Instruction::kind`] for the typed view).
    pub args: Words<'a>,
    /// The arguments were given in JSON (exec) form.
    pub json: bool,
    /// Heredocs, in order.
    pub heredocs: Vec<Heredoc<'a>>,
    /// Where the arguments text after the flags is (see
    /// [`Dockerfile::arguments_text`] for that text, continuations joined).
    pub arguments_span: Span,
    /// ENV or LABEL written in the legacy `KEY value with spaces` form.
    pub(crate) legacy_pair: bool,
    /// The `--mount` flags of a RUN, typed when first asked for.
    pub(crate) mount_cache: MountCache,
    /// The instruction ONBUILD defers.
    pub trigger: Option<Box<Instruction<'a>>>,
}

impl<'a> Instruction<'a> {
    /// The first flag named `name` (without dashes).
    pub fn flag(&self, name: &str) -> Option<&Flag<'a>> {
        self.flags.iter().find(|f| f.name == name)
    }

    /// Every flag named `name`.
    pub fn flags_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Flag<'a>> + 's {
        self.flags.iter().filter(move |f| f.name == name)
    }

    /// The value of the first flag named `name` (`""` for a flag written
    /// without `=`), if the flag is there.
    fn flag_value(&self, name: &str) -> Option<&str> {
        self.flag(name).map(|f| f.value.as_deref().unwrap_or(""))
    }

    /// The values of every flag named `name`.
    fn flag_values(&self, name: &'static str) -> FlagValues<'_> {
        FlagValues {
            flags: self.flags.iter(),
            name,
        }
    }

    /// The typed reading of this instruction's arguments and flags.
    pub fn kind(&self) -> InstructionKind<'_> {
        let args = self.args.as_slice();
        let one = args.first();
        match self.keyword {
            Keyword::From => InstructionKind::From {
                image: one,
                alias: match args {
                    [_, as_, alias, ..] if as_.value.eq_ignore_ascii_case("as") => Some(alias),
                    _ => None,
                },
                platform: self.flag_value("platform"),
            },
            Keyword::Run => InstructionKind::Run {
                command: CommandForm::of(args, self.json),
                mounts: self.mounts(),
                network: self.flag_value("network"),
                security: self.flag_value("security"),
                devices: self.flag_values("device"),
            },
            Keyword::Cmd => InstructionKind::Cmd {
                command: CommandForm::of(args, self.json),
            },
            Keyword::Entrypoint => InstructionKind::Entrypoint {
                command: CommandForm::of(args, self.json),
            },
            Keyword::Shell => InstructionKind::Shell {
                argv: args,
                json: self.json,
            },
            Keyword::Copy => InstructionKind::Copy(self.copy_args()),
            Keyword::Add => InstructionKind::Add(self.copy_args()),
            Keyword::Env => InstructionKind::Env {
                pairs: self.pairs(),
            },
            Keyword::Label => InstructionKind::Label {
                pairs: self.pairs(),
            },
            Keyword::Arg => InstructionKind::Arg {
                args: arg_decls(args),
            },
            Keyword::Expose => InstructionKind::Expose { ports: args },
            Keyword::Volume => InstructionKind::Volume { paths: args },
            Keyword::User => InstructionKind::User { user: one },
            Keyword::Workdir => InstructionKind::Workdir { path: one },
            Keyword::Stopsignal => InstructionKind::Stopsignal { signal: one },
            Keyword::Maintainer => InstructionKind::Maintainer { name: one },
            Keyword::Healthcheck => InstructionKind::Healthcheck {
                check: match args.split_first() {
                    None => HealthcheckKind::Other { word: None },
                    Some((typ, _)) if typ.value.eq_ignore_ascii_case("none") => {
                        HealthcheckKind::None
                    }
                    Some((typ, rest)) if typ.value.eq_ignore_ascii_case("cmd") => {
                        HealthcheckKind::Cmd {
                            command: CommandForm::of(rest, self.json),
                        }
                    }
                    Some((typ, _)) => HealthcheckKind::Other { word: Some(typ) },
                },
            },
            Keyword::Onbuild => InstructionKind::Onbuild {
                trigger: self.trigger.as_deref(),
            },
            Keyword::Unknown => InstructionKind::Unknown,
        }
    }

    /// COPY/ADD's sources, destination and flags.
    fn copy_args(&self) -> CopyArgs<'_> {
        let (sources, dest) = match self.args.split_last() {
            Some((dest, sources)) if !sources.is_empty() => (sources, Some(dest)),
            _ => (self.args.as_slice(), None),
        };
        CopyArgs {
            sources,
            dest,
            json: self.json,
            from: self.flag_value("from"),
            chown: self.flag_value("chown"),
            chmod: self.flag_value("chmod"),
            link: self.flag("link").is_some(),
            parents: self.flag("parents").is_some(),
            exclude: self.flag_values("exclude"),
            checksum: self.flag_value("checksum"),
            keep_git_dir: self.flag_value("keep-git-dir"),
            unpack: self.flag_value("unpack"),
        }
    }

    /// ENV/LABEL's pairs.
    fn pairs(&self) -> KeyValues<'_> {
        KeyValues {
            pairs: self.args.chunks_exact(2),
            legacy: self.legacy_pair,
        }
    }

    /// The command of RUN/CMD/ENTRYPOINT/HEALTHCHECK CMD, if any.
    pub fn command(&self) -> Option<CommandForm<'_>> {
        match self.kind() {
            InstructionKind::Run { command, .. }
            | InstructionKind::Cmd { command }
            | InstructionKind::Entrypoint { command }
            | InstructionKind::Healthcheck {
                check: HealthcheckKind::Cmd { command },
            } => command,
            _ => None,
        }
    }

    /// What this instruction runs: its ONBUILD trigger, or itself.
    pub fn trigger_or_self(&self) -> &Instruction<'a> {
        self.trigger.as_deref().unwrap_or(self)
    }

    /// The `--mount` flags of a RUN, typed (read from the flags on the
    /// first call). Empty for any other instruction.
    pub fn mounts(&self) -> &[Mount<'_>] {
        if self.keyword == Keyword::Run {
            self.mount_cache.get(&self.flags)
        } else {
            &[]
        }
    }
}

/// Written out by hand because the mounts are read on demand: the fields in
/// declaration order, with the mounts as [`Instruction::mounts`] gives them
/// (the arguments span is left out; the arguments are there).
impl Serialize for Instruction<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Instruction", 12)?;
        s.serialize_field("keyword", &self.keyword)?;
        s.serialize_field("keyword_word", &self.keyword_word)?;
        s.serialize_field("line", &self.line)?;
        s.serialize_field("end_line", &self.end_line)?;
        s.serialize_field("span", &self.span)?;
        s.serialize_field("flags", &self.flags)?;
        s.serialize_field("args", &self.args)?;
        s.serialize_field("json", &self.json)?;
        s.serialize_field("heredocs", &self.heredocs)?;
        s.serialize_field("legacy_pair", &self.legacy_pair)?;
        s.serialize_field("mounts", self.mounts())?;
        s.serialize_field("trigger", &self.trigger)?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> Instruction<'_> {
        let mut df = crate::syntax::parse(text);
        assert!(!df.has_errors(), "{:?}", df.diagnostics);
        df.instructions.remove(0)
    }

    #[test]
    fn kinds_are_views_of_args_and_flags() {
        let from = first("FROM alpine\n");
        assert!(matches!(
            from.kind(),
            InstructionKind::From { image: Some(w), alias: None, platform: None } if w.value == "alpine"
        ));
        let from = first("FROM a as b\n");
        assert!(
            matches!(from.kind(), InstructionKind::From { alias: Some(w), .. } if w.value == "b")
        );
        // One COPY word is a source without destination.
        let copy = first("COPY --exclude=*.md --exclude --exclude=x --link . \n");
        let InstructionKind::Copy(c) = copy.kind() else {
            panic!()
        };
        assert_eq!((c.sources.len(), c.dest, c.link), (1, None, true));
        assert_eq!(c.exclude.collect::<Vec<_>>(), ["*.md", "x"]);
        let add = first("ADD --checksum=sha256:0 --keep-git-dir=true a b c\n");
        let InstructionKind::Add(a) = add.kind() else {
            panic!()
        };
        assert_eq!(
            (a.sources.len(), a.dest.map(|d| d.value.as_str())),
            (2, Some("c"))
        );
        assert_eq!(
            (a.checksum, a.keep_git_dir, a.from),
            (Some("sha256:0"), Some("true"), None)
        );
        let run = first("RUN --device=a --device=b --security=insecure --network=none x\n");
        let InstructionKind::Run {
            devices,
            security,
            network,
            mounts,
            command,
        } = run.kind()
        else {
            panic!()
        };
        assert_eq!(devices.collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(
            (security, network, mounts.len()),
            (Some("insecure"), Some("none"), 0)
        );
        assert!(matches!(command, Some(CommandForm::Shell(w)) if w.value == "x"));
        assert!(matches!(
            first("CMD []\n").command(),
            Some(CommandForm::Exec { args: [] })
        ));
        assert!(first("RUN\n").command().is_none());
    }

    #[test]
    fn env_label_and_arg_views_split_their_words() {
        let legacy = first("ENV NAME some value\n");
        let InstructionKind::Env { pairs } = legacy.kind() else {
            panic!()
        };
        let pairs: Vec<_> = pairs.collect();
        assert_eq!(pairs.len(), 1);
        assert!(pairs[0].legacy);
        assert_eq!(
            (pairs[0].key.value.as_str(), pairs[0].value.value.as_str()),
            ("NAME", "some value")
        );
        let label = first("LABEL a=1 \"b c\"=2\n");
        let InstructionKind::Label { pairs } = label.kind() else {
            panic!()
        };
        let keys: Vec<_> = pairs.map(|p| (p.key.value.as_str(), p.legacy)).collect();
        assert_eq!(keys, [("a", false), ("\"b c\"", false)]);
        let arg = first("ARG A B=1 C=\n");
        let InstructionKind::Arg { args } = arg.kind() else {
            panic!()
        };
        let decls: Vec<_> = args.map(|d| (d.name, d.default)).collect();
        assert_eq!(decls, [("A", None), ("B", Some("1")), ("C", Some(""))]);
    }

    #[test]
    fn healthcheck_and_onbuild_views() {
        let none = first("HEALTHCHECK none\n");
        assert!(matches!(
            none.kind(),
            InstructionKind::Healthcheck {
                check: HealthcheckKind::None
            }
        ));
        let cmd = first("HEALTHCHECK --interval=5s CMD [\"curl\", \"-f\"]\n");
        assert!(matches!(
            cmd.command(),
            Some(CommandForm::Exec { args: [a, _] }) if a.value == "curl"
        ));
        let bare = first("HEALTHCHECK\n");
        assert!(matches!(
            bare.kind(),
            InstructionKind::Healthcheck {
                check: HealthcheckKind::Other { word: None }
            }
        ));
        let other = first("HEALTHCHECK maybe\n");
        assert!(matches!(
            other.kind(),
            InstructionKind::Healthcheck { check: HealthcheckKind::Other { word: Some(w) } } if w.value == "maybe"
        ));
        let onbuild = first("ONBUILD RUN --mount=type=cache,target=/c make\n");
        let InstructionKind::Onbuild { trigger: Some(t) } = onbuild.kind() else {
            panic!()
        };
        assert_eq!(t.mounts().len(), 1);
        assert!(std::ptr::eq(onbuild.trigger_or_self(), t));
        assert!(onbuild.mounts().is_empty());
        let user = first("USER app:app\n");
        assert!(std::ptr::eq(user.trigger_or_self(), &user));
        assert!(
            matches!(user.kind(), InstructionKind::User { user: Some(w) } if w.value == "app:app")
        );
    }

    #[test]
    fn mounts_are_read_on_first_use_and_kept() {
        let text =
            "RUN --mount=type=cache,target=/c --network=none --mount=from=b,source=/s make\n";
        let run = first(text);
        let untouched = run.clone();
        let mounts = run.mounts();
        assert_eq!(mounts.len(), 2);
        assert_eq!(mounts[0].kind, crate::syntax::MountType::Cache);
        assert_eq!(mounts[1].from.as_deref(), Some("b"));
        // The span is the flag's, so a mount can be found in the source.
        assert_eq!(
            &text[mounts[1].span.start..mounts[1].span.end],
            "--mount=from=b,source=/s"
        );
        // Read once: the same list comes back.
        assert!(std::ptr::eq(mounts, run.mounts()));
        // Whether the mounts were read yet is not part of equality.
        assert_eq!(run, untouched);
        assert_eq!(untouched.mounts(), mounts);
        assert!(first("COPY --mount=type=cache a b\n").mounts().is_empty());
    }

    #[test]
    fn instructions_serialize_with_their_mounts() {
        let run = first("RUN --mount=type=secret,id=tok cat /run/secrets/tok\n");
        let v = serde_json::to_value(&run).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        let mut expected = [
            "keyword",
            "keyword_word",
            "line",
            "end_line",
            "span",
            "flags",
            "args",
            "json",
            "heredocs",
            "legacy_pair",
            "mounts",
            "trigger",
        ];
        expected.sort_unstable();
        assert_eq!(keys, expected);
        assert_eq!(v["keyword"], "RUN");
        assert_eq!(v["mounts"][0]["kind"], "secret");
        assert_eq!(v["mounts"][0]["id"], "tok");
        assert_eq!(v["args"][0]["value"], "cat /run/secrets/tok");
        assert!(v["trigger"].is_null());
    }

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
