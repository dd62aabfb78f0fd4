//! Runs brush-parser on a text, safely, and flattens its syntax tree into the
//! [`Script`] model; nested scripts (command substitutions, `sh -c` strings) go through
//! the same path with their own byte mapping back to the original text.

use std::borrow::Cow;
use std::panic::{AssertUnwindSafe, catch_unwind};

use brush_parser::ast::{self, SeparatorOperator};
use brush_parser::{ParseError, ParserOptions, SourcePosition, Token, TokenizerError};

use super::lex::{self, Substitution};
use super::plain;
use super::word::{self, Mode};
use super::wrappers::{self, Unwrapped};
use super::{
    Connector, Context, Dialect, Pipeline, Redirect, RedirectOp, Script, ShellError,
    ShellErrorKind, ShellWord, SimpleCommand,
};
use crate::span::Span;

/// How deeply constructs may nest (compound commands, subshells, expansions and nested
/// scripts together). brush-parser recurses for each level, using roughly 20 KiB of
/// stack per level in a debug build; 32 levels stay well inside a 2 MiB thread stack
/// while real `RUN` scripts rarely nest beyond 5.
pub(super) const MAX_NESTING: usize = 32;

/// brush re-parses the last arm of a `case` that does not end in `;;` (and every arm of
/// one that fails to parse), so nested `case`s cost `2^depth` times their size. We refuse
/// texts where `2^(case depth) × length` exceeds this many bytes of parsing work.
const CASE_WORK_LIMIT: usize = 4 << 20;

/// How many wrappers deep we look (`sudo env nice …`); each level copies arguments.
const MAX_WRAPPER_CHAIN: usize = 8;

/// Maps byte offsets of a parsed text back to byte offsets of the original script.
#[derive(Debug, Clone)]
enum Mapping {
    /// The parsed text is the original script's bytes from this offset on.
    Offset(usize),
    /// One entry per byte of the parsed text, plus one for its end.
    Table(Vec<usize>),
}

impl Mapping {
    fn abs(&self, local: usize) -> usize {
        match self {
            Mapping::Offset(o) => o + local,
            Mapping::Table(t) => t.get(local).or_else(|| t.last()).copied().unwrap_or(0),
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        match self {
            Mapping::Offset(o) => Span::new(o + start, o + end),
            Mapping::Table(_) if end > start => Span::new(self.abs(start), self.abs(end - 1) + 1),
            Mapping::Table(_) => Span::empty(self.abs(start)),
        }
    }

    /// The mapping of the sub-text `start..end`.
    fn slice(&self, start: usize, end: usize) -> Mapping {
        match self {
            Mapping::Offset(o) => Mapping::Offset(o + start),
            Mapping::Table(t) => Mapping::Table(
                t.get(start..=end)
                    .map(<[usize]>::to_vec)
                    .unwrap_or_default(),
            ),
        }
    }

    /// The mapping of a text derived from the sub-text at `base`, where `inner[i]` is the
    /// sub-text byte that produced derived byte `i`.
    fn compose(&self, base: usize, inner: &[usize]) -> Mapping {
        Mapping::Table(inner.iter().map(|&m| self.abs(base + m)).collect())
    }
}

/// One text handed to brush, with what is needed to map its positions back.
struct Src<'t> {
    text: &'t str,
    map: Mapping,
    /// Byte offset of each character, for non-ASCII text (brush counts characters).
    char_starts: Option<Vec<usize>>,
    dialect: Dialect,
}

/// A word located in a [`Src`].
struct LocalWord {
    word: ShellWord,
    start: usize,
    end: usize,
    subs: Vec<Substitution>,
}

impl<'t> Src<'t> {
    fn new(text: &'t str, map: Mapping, dialect: Dialect) -> Self {
        let char_starts = (!text.is_ascii()).then(|| {
            text.char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(text.len()))
                .collect()
        });
        Src {
            text,
            map,
            char_starts,
            dialect,
        }
    }

    /// Local byte offset of a brush position.
    fn local(&self, pos: &SourcePosition) -> usize {
        self.local_char(pos.index)
    }

    /// Local byte offset of a character index (what brush's positions count).
    fn local_char(&self, index: usize) -> usize {
        match &self.char_starts {
            None => index.min(self.text.len()),
            Some(starts) => starts.get(index).copied().unwrap_or(self.text.len()),
        }
    }

    fn error(&self, kind: ShellErrorKind, message: String, at: usize) -> ShellError {
        let mut at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let end = self.text[at..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8());
        ShellError {
            kind,
            message,
            span: self.map.span(at, end),
        }
    }

    /// Locates and analyses a word, dropping the blanks and line continuations that
    /// brush sometimes includes before a token.
    fn word(&self, w: &ast::Word) -> Option<LocalWord> {
        let (s, e) = self.word_range(w)?;
        self.word_at(s, e, Mode::Word)
    }

    /// The local byte range of a brush word, without analysing it.
    fn word_range(&self, w: &ast::Word) -> Option<(usize, usize)> {
        let loc = w.loc.as_ref()?;
        let s = self.local(&loc.start);
        let e = self.local(&loc.end).max(s);
        Some((self.token_start(s, e), e))
    }

    /// Where the token brush located at `s..e` really starts: brush may include the
    /// blanks and line continuations before it (and, after an operator, start inside a
    /// continuation).
    fn token_start(&self, mut s: usize, e: usize) -> usize {
        let b = self.text.as_bytes();
        loop {
            if s < e && matches!(b[s], b' ' | b'\t') {
                s += 1;
            } else if s + 1 < e && b[s] == b'\\' && b[s + 1] == b'\n' {
                s += 2;
            } else if s < e && s > 0 && b[s] == b'\n' && b[s - 1] == b'\\' {
                s += 1;
            } else {
                return s;
            }
        }
    }

    fn word_at(&self, s: usize, e: usize, mode: Mode) -> Option<LocalWord> {
        let raw = self.text.get(s..e)?;
        let a = word::analyze(raw, mode, false);
        let subs = a
            .subs
            .into_iter()
            .map(|x| Substitution {
                start: x.start + s,
                end: x.end + s,
                backtick: x.backtick,
            })
            .collect();
        Some(LocalWord {
            word: ShellWord {
                raw: raw.to_owned(),
                value: a.literal.then_some(a.text),
                span: self.map.span(s, e),
            },
            start: s,
            end: e,
            subs,
        })
    }

    fn loc_range(&self, loc: &brush_parser::SourceSpan) -> (usize, usize) {
        let s = self.local(&loc.start);
        (s, self.local(&loc.end).max(s))
    }
}

/// Where a walk is: the context for the commands it finds, the nesting so far, and the
/// `sh -c` command whose script is being walked, if any.
#[derive(Debug, Clone, Copy)]
struct Ctx {
    context: Context,
    depth: usize,
    wrapper: Option<usize>,
}

impl Ctx {
    fn inner(self, context: Context) -> Ctx {
        Ctx {
            context,
            depth: self.depth + 1,
            ..self
        }
    }
}

/// Work found in a command's words, done once the command itself is recorded (so
/// commands stay in source order).
enum Nested<'a> {
    Substitution(Substitution),
    Process(&'a ast::SubshellCommand),
}

type Range2 = Option<(usize, usize)>;

fn join(a: Range2, b: Range2) -> Range2 {
    match (a, b) {
        (Some((s1, e1)), Some((s2, e2))) => Some((s1.min(s2), e1.max(e2))),
        (x, None) | (None, x) => x,
    }
}

/// What a simple command is made of, gathered before it is recorded.
#[derive(Default)]
struct Parts<'a> {
    cover: Range2,
    nested: Vec<Nested<'a>>,
    assignments: Vec<(String, ShellWord)>,
    redirects: Vec<Redirect>,
    args: Vec<ShellWord>,
    arg_ranges: Vec<(usize, usize)>,
    name: Option<ShellWord>,
    /// Redirections without text of their own (the `2>&1` of `|&`).
    unplaced: Vec<usize>,
}

impl Parts<'_> {
    /// Sets the command name: its extent, the substitutions in it, and the word.
    fn name(&mut self, lw: LocalWord) {
        self.cover = join(self.cover, Some((lw.start, lw.end)));
        self.nested
            .extend(lw.subs.into_iter().map(Nested::Substitution));
        self.name = Some(lw.word);
    }

    /// Adds the assignment written at `src.text[start..end]` (`NAME=value`).
    fn assignment(&mut self, src: &Src<'_>, start: usize, end: usize) {
        self.cover = join(self.cover, Some((start, end)));
        let Some((var, value_at)) = src.text.get(start..end).and_then(split_assignment) else {
            return;
        };
        if let Some(value) = src.word_at(start + value_at, end, Mode::Word) {
            self.nested
                .extend(value.subs.into_iter().map(Nested::Substitution));
            self.assignments.push((var.to_owned(), value.word));
        }
    }

    /// Adds a redirection and its extent (`None` for the text-less `2>&1` of `|&`).
    fn redirect(&mut self, red: Redirect, range: Range2) {
        if range.is_none() {
            self.unplaced.push(self.redirects.len());
        }
        self.redirects.push(red);
        self.cover = join(self.cover, range);
    }

    /// Adds an argument: its extent, the substitutions in it, and the word.
    fn arg(&mut self, lw: LocalWord) {
        self.cover = join(self.cover, Some((lw.start, lw.end)));
        self.nested
            .extend(lw.subs.into_iter().map(Nested::Substitution));
        self.arg_ranges.push((lw.start, lw.end));
        self.args.push(lw.word);
    }
}

/// A [`Redirect`] starting at `start` (its descriptor or operator) and its extent;
/// the substitutions in its target go to `nested`.
fn finish_redirect<'a>(
    src: &Src<'_>,
    fd: Option<i32>,
    op: RedirectOp,
    start: usize,
    target: LocalWord,
    body: Option<ShellWord>,
    nested: &mut Vec<Nested<'a>>,
) -> (Redirect, Range2) {
    nested.extend(target.subs.into_iter().map(Nested::Substitution));
    let red = Redirect {
        fd,
        op,
        target: target.word,
        body,
        span: src.map.span(start, target.end),
    };
    (red, Some((start, target.end)))
}

/// Which parser reads a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Engine {
    /// The plain-script parser when it accepts the text, brush otherwise.
    Auto,
    /// brush only (the reference the plain parser is tested against).
    Brush,
}

struct Builder {
    commands: Vec<SimpleCommand>,
    pipelines: Vec<Pipeline>,
    nested_errors: Vec<ShellError>,
    engine: Engine,
}

pub(super) fn parse(text: &str, dialect: Dialect, engine: Engine) -> Script {
    let mut b = Builder {
        commands: Vec::new(),
        pipelines: Vec::new(),
        nested_errors: Vec::new(),
        engine,
    };
    let src = Src::new(text, Mapping::Offset(0), dialect);
    let ctx = Ctx {
        context: Context::TopLevel,
        depth: 0,
        wrapper: None,
    };
    let error = b.parse_src(&src, ctx).err();
    let mut script = Script {
        commands: b.commands,
        pipelines: b.pipelines,
        error,
        nested_errors: b.nested_errors,
    };
    sanitize_spans(&mut script, text);
    script
}

/// Makes every span fit `text` on character boundaries, so callers can slice with
/// them. Mapped spans already do; this guards the odd unterminated construct that
/// ends inside a multi-byte character.
fn sanitize_spans(script: &mut Script, text: &str) {
    let fix = |span: &mut Span| {
        let clamp = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        *span = Span::new(clamp(span.start), clamp(span.end));
    };
    for c in &mut script.commands {
        fix(&mut c.span);
        for w in c.name.iter_mut().chain(c.args.iter_mut()) {
            fix(&mut w.span);
        }
        for (_, w) in &mut c.assignments {
            fix(&mut w.span);
        }
        for r in &mut c.redirects {
            fix(&mut r.span);
            fix(&mut r.target.span);
            if let Some(b) = &mut r.body {
                fix(&mut b.span);
            }
        }
    }
    for p in &mut script.pipelines {
        fix(&mut p.span);
    }
    for e in script
        .error
        .iter_mut()
        .chain(script.nested_errors.iter_mut())
    {
        fix(&mut e.span);
    }
}

fn options(dialect: Dialect) -> ParserOptions {
    let posix = dialect == Dialect::Posix;
    ParserOptions {
        enable_extended_globbing: !posix,
        posix_mode: posix,
        sh_mode: posix,
        ..ParserOptions::default()
    }
}

/// Message and (character) position for a brush error.
fn describe(e: &ParseError, tokens: &[Token]) -> (ShellErrorKind, String, Option<usize>) {
    match e {
        ParseError::ParsingNear(pos) => {
            let near = tokens
                .iter()
                .find(|t| t.location().start.index >= pos.index)
                .map(|t| t.to_str().trim().to_owned())
                .unwrap_or_default();
            let message = if near.is_empty() {
                "syntax error".to_owned()
            } else {
                format!("syntax error near `{}`", near.escape_debug())
            };
            (ShellErrorKind::Syntax, message, Some(pos.index))
        }
        ParseError::ParsingAtEndOfInput => (
            ShellErrorKind::Syntax,
            "syntax error: unexpected end of script".to_owned(),
            None,
        ),
        ParseError::Tokenizing { inner, position } => {
            let (message, at) = match inner {
                TokenizerError::UnterminatedSingleQuote(p) => {
                    ("unterminated single quote", Some(p))
                }
                TokenizerError::UnterminatedDoubleQuote(p) => {
                    ("unterminated double quote", Some(p))
                }
                TokenizerError::UnterminatedAnsiCQuote(p) => ("unterminated $'…' quote", Some(p)),
                TokenizerError::UnterminatedBackquote(p) => ("unterminated backquote", Some(p)),
                TokenizerError::UnterminatedExtendedGlob(p) => {
                    ("unterminated extended glob", Some(p))
                }
                TokenizerError::UnterminatedVariable => ("unterminated ${…} expansion", None),
                TokenizerError::UnterminatedCommandSubstitution => {
                    ("unterminated command substitution", None)
                }
                TokenizerError::UnterminatedExpansion => ("unterminated expansion", None),
                TokenizerError::MissingHereTag(_)
                | TokenizerError::MissingHereTagForDocumentBody => {
                    ("missing here-document delimiter", None)
                }
                TokenizerError::UnterminatedHereDocuments(..) => {
                    ("unterminated here-document", None)
                }
                _ => ("", None),
            };
            let at = at.or(position.as_ref());
            let message = if message.is_empty() {
                inner.to_string()
            } else {
                message.to_owned()
            };
            (ShellErrorKind::Syntax, message, at.map(|p| p.index))
        }
    }
}

/// The most `case`s that may nest in a text of this length (see `CASE_WORK_LIMIT`).
fn max_case_depth(text_len: usize) -> usize {
    let mut max_cases = 0usize;
    while max_cases < 32 && (text_len.max(1) << (max_cases + 1)) <= CASE_WORK_LIMIT {
        max_cases += 1;
    }
    max_cases
}

/// Checks brush's tokens for what would make its grammar recurse too deeply (nested
/// compound commands) or panic (an I/O number that overflows `u32`). Returns a message
/// and a character position on refusal.
fn check_tokens(tokens: &[Token], budget: usize, text_len: usize) -> Result<(), (String, usize)> {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum K {
        Paren,
        If,
        Loop,
        Case,
        Brace,
        Test,
    }
    let mut stack: Vec<(K, usize)> = Vec::new();
    let mut extra = 0usize;
    let mut cases = 0usize;
    // The most `case`s that may nest for this text (see `CASE_WORK_LIMIT`).
    let max_cases = max_case_depth(text_len);
    let mut cmd_pos = true;
    for (k, t) in tokens.iter().enumerate() {
        match t {
            Token::Operator(op, loc) => {
                if op.starts_with(['<', '>'])
                    && let Some(Token::Word(w, wl)) = k.checked_sub(1).and_then(|p| tokens.get(p))
                    && w.len() >= 10
                    && w.bytes().all(|c| c.is_ascii_digit())
                    && wl.end.index == loc.start.index
                {
                    return Err((
                        "file descriptor number too large".to_owned(),
                        wl.start.index,
                    ));
                }
                match op.as_str() {
                    "(" => stack.push((K::Paren, 0)),
                    ")" if stack.last().is_some_and(|f| f.0 == K::Paren) => {
                        stack.pop();
                    }
                    "&&" | "||" => {
                        if let Some(top) = stack.last_mut().filter(|f| f.0 == K::Test) {
                            top.1 += 1;
                            extra += 1;
                        }
                    }
                    _ => {}
                }
                cmd_pos = !op.starts_with(['<', '>']) && !op.ends_with(['<', '>']);
            }
            Token::Word(w, _) => {
                let w = w.as_str();
                if stack.last().is_some_and(|f| f.0 == K::Test) {
                    if w == "]]" {
                        if let Some((_, n)) = stack.pop() {
                            extra = extra.saturating_sub(n);
                        }
                    } else if w == "!"
                        && let Some(top) = stack.last_mut()
                    {
                        top.1 += 1;
                        extra += 1;
                    }
                    cmd_pos = false;
                } else if cmd_pos {
                    let pop_if = |stack: &mut Vec<(K, usize)>, kind: K| {
                        if stack.last().is_some_and(|f| f.0 == kind) {
                            stack.pop();
                        }
                    };
                    cmd_pos = match w {
                        "if" => {
                            stack.push((K::If, 0));
                            true
                        }
                        "while" | "until" => {
                            stack.push((K::Loop, 0));
                            true
                        }
                        "for" | "select" => {
                            stack.push((K::Loop, 0));
                            false
                        }
                        "case" => {
                            stack.push((K::Case, 0));
                            cases += 1;
                            if cases > max_cases {
                                return Err((
                                    format!("`case` nested more than {max_cases} deep"),
                                    t.location().start.index,
                                ));
                            }
                            false
                        }
                        "{" => {
                            stack.push((K::Brace, 0));
                            true
                        }
                        "[[" => {
                            stack.push((K::Test, 0));
                            false
                        }
                        "fi" => {
                            pop_if(&mut stack, K::If);
                            false
                        }
                        "done" => {
                            pop_if(&mut stack, K::Loop);
                            false
                        }
                        "esac" => {
                            if stack.last().is_some_and(|f| f.0 == K::Case) {
                                stack.pop();
                                cases -= 1;
                            }
                            false
                        }
                        "}" => {
                            pop_if(&mut stack, K::Brace);
                            false
                        }
                        "coproc" => {
                            extra += 1;
                            true
                        }
                        "then" | "do" | "else" | "elif" | "!" | "time" | "in" => true,
                        _ => false,
                    };
                } else if w == "in" || w == "do" {
                    cmd_pos = true;
                }
            }
        }
        if stack.len() + extra > budget {
            return Err((
                format!("commands nested more than {budget} deep"),
                t.location().start.index,
            ));
        }
    }
    Ok(())
}

fn redirect_op(kind: &ast::IoFileRedirectKind) -> RedirectOp {
    match kind {
        ast::IoFileRedirectKind::Read => RedirectOp::Read,
        ast::IoFileRedirectKind::Write => RedirectOp::Write,
        ast::IoFileRedirectKind::Append => RedirectOp::Append,
        ast::IoFileRedirectKind::ReadAndWrite => RedirectOp::ReadWrite,
        ast::IoFileRedirectKind::Clobber => RedirectOp::Clobber,
        ast::IoFileRedirectKind::DuplicateInput => RedirectOp::DupInput,
        ast::IoFileRedirectKind::DuplicateOutput => RedirectOp::DupOutput,
    }
}

/// The operator text of a redirection.
fn operator_text(op: RedirectOp) -> &'static str {
    match op {
        RedirectOp::Read => "<",
        RedirectOp::Write => ">",
        RedirectOp::Append => ">>",
        RedirectOp::ReadWrite => "<>",
        RedirectOp::Clobber => ">|",
        RedirectOp::DupInput => "<&",
        RedirectOp::DupOutput => ">&",
        RedirectOp::HereDoc => "<<",
        RedirectOp::HereDocStripTabs => "<<-",
        RedirectOp::HereString => "<<<",
        RedirectOp::OutputAndError => "&>",
        RedirectOp::AppendOutputAndError => "&>>",
    }
}

/// Where the redirection whose target starts at `target` begins (its operator, and
/// its descriptor number when it has one).
fn operator_start(text: &str, target: usize, op: RedirectOp, has_fd: bool) -> usize {
    let b = text.as_bytes();
    let mut i = target.min(b.len());
    // Back over blanks and line continuations between the operator and its target.
    loop {
        if i > 0 && matches!(b[i - 1], b' ' | b'\t') {
            i -= 1;
        } else if i > 1 && b[i - 1] == b'\n' && b[i - 2] == b'\\' {
            i -= 2;
        } else {
            break;
        }
    }
    let op = operator_text(op).as_bytes();
    if i >= op.len() && &b[i - op.len()..i] == op {
        i -= op.len();
    } else {
        return target;
    }
    if has_fd {
        while i > 0 && b[i - 1].is_ascii_digit() {
            i -= 1;
        }
    }
    i
}

/// Extends `end` over a following `fi` (brush's `if` location stops at the `if`).
fn extend_over_keyword(text: &str, end: usize, keyword: &str) -> usize {
    let b = text.as_bytes();
    let mut i = end;
    loop {
        match (b.get(i), b.get(i + 1)) {
            // Blanks and the separator of the last command (`;`, newline or `&`).
            (Some(b' ' | b'\t' | b'\n' | b';' | b'&' | b'\r'), _) => i += 1,
            // A line continuation, as `RUN` scripts keep them.
            (Some(b'\\'), Some(b'\n')) => i += 2,
            _ => break,
        }
    }
    let kw = keyword.as_bytes();
    let after = i + kw.len();
    if b.get(i..after) == Some(kw)
        && b.get(after).is_none_or(|c| {
            matches!(
                c,
                b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b')' | b'>' | b'<'
            )
        })
    {
        after
    } else {
        end
    }
}

/// Splits `NAME=value` (or `NAME+=value`) at its first `=`.
fn split_assignment(raw: &str) -> Option<(&str, usize)> {
    let eq = raw.find('=')?;
    let name = raw[..eq].strip_suffix('+').unwrap_or(&raw[..eq]);
    Some((name, eq + 1))
}

impl Builder {
    /// Parses one text and adds its commands. On error nothing is added, except for a
    /// NUL byte, where the text before it is parsed.
    fn parse_src(&mut self, src: &Src<'_>, ctx: Ctx) -> Result<(), ShellError> {
        if let Some(nul) = src.text.find('\0') {
            // A shell receives its script as a C string, so it stops at the first NUL;
            // parse what it would see, and say so.
            let before = Src::new(&src.text[..nul], src.map.clone(), src.dialect);
            self.parse_src(&before, ctx)?;
            return Err(src.error(
                ShellErrorKind::Syntax,
                "NUL byte in script: the shell ignores everything after it".to_owned(),
                nul,
            ));
        }
        let budget = MAX_NESTING.saturating_sub(ctx.depth);
        lex::prescan_if_needed(src.text, budget).map_err(|r| {
            let kind = if r.syntax {
                ShellErrorKind::Syntax
            } else {
                ShellErrorKind::Refused
            };
            src.error(kind, r.message, r.at)
        })?;
        if self.engine == Engine::Auto
            && let Some(p) = plain::parse(src.text, budget, max_case_depth(src.text.len()))
        {
            self.plain_list(src, &p, p.root.clone(), ctx);
            return Ok(());
        }
        let options = options(src.dialect);
        let tok_options = options.tokenizer_options();
        let tokens = catch_unwind(AssertUnwindSafe(|| {
            brush_parser::uncached_tokenize_str(src.text, &tok_options)
        }))
        .map_err(|_| {
            src.error(
                ShellErrorKind::Internal,
                "the shell tokenizer failed".to_owned(),
                0,
            )
        })?
        .map_err(|e| {
            let (kind, message, at) = describe(
                &ParseError::Tokenizing {
                    inner: e,
                    position: None,
                },
                &[],
            );
            let at = at.map_or(src.text.len(), |c| src.local_char(c));
            src.error(kind, message, at)
        })?;
        check_tokens(&tokens, budget, src.text.len()).map_err(|(message, at)| {
            src.error(ShellErrorKind::Refused, message, src.local_char(at))
        })?;
        let program = catch_unwind(AssertUnwindSafe(|| {
            brush_parser::parse_tokens(&tokens, &options)
        }))
        .map_err(|_| {
            src.error(
                ShellErrorKind::Internal,
                "the shell parser failed".to_owned(),
                0,
            )
        })?
        .map_err(|e| {
            let (kind, message, at) = describe(&e, &tokens);
            let at = at.map_or(src.text.len(), |c| {
                // Token starts may include the blanks before them.
                let bytes = src.text.as_bytes();
                let mut b = src.local_char(c);
                while b < bytes.len() && matches!(bytes[b], b' ' | b'\t') {
                    b += 1;
                }
                b
            });
            src.error(kind, message, at)
        })?;
        drop(tokens);
        let mut prev = None;
        for list in &program.complete_commands {
            self.list(src, list, ctx, &mut prev);
        }
        Ok(())
    }

    /// Adds the commands of a list read by the plain-script parser, exactly as
    /// [`Builder::list`] does from brush's tree of the same text.
    fn plain_list(
        &mut self,
        src: &Src<'_>,
        p: &plain::Plain,
        list: plain::List,
        ctx: Ctx,
    ) -> Range2 {
        let mut cover = None;
        for pl in p.pipelines.get(list).unwrap_or_default() {
            let pidx = self.open_pipeline(pl.negated);
            let mut pcover = None;
            for cmd in p.commands.get(pl.commands.clone()).unwrap_or_default() {
                let c = match cmd {
                    plain::Command::Simple(items) => {
                        let items = p.items.get(items.clone()).unwrap_or_default();
                        self.plain_simple(src, items, ctx, pidx, pl.connector)
                    }
                    plain::Command::Compound {
                        kind,
                        span,
                        redirects,
                    } => {
                        self.plain_compound(src, p, kind, ctx);
                        let items = p.items.get(redirects.clone()).unwrap_or_default();
                        join(Some(*span), self.plain_redirects(src, items, ctx))
                    }
                };
                pcover = join(pcover, c);
            }
            self.close_pipeline(src, pidx, pcover);
            cover = join(cover, pcover);
        }
        cover
    }

    /// The commands inside a compound command, as [`Builder::compound`] walks them.
    fn plain_compound(
        &mut self,
        src: &Src<'_>,
        p: &plain::Plain,
        kind: &plain::Compound,
        ctx: Ctx,
    ) {
        use plain::Compound as C;
        match kind {
            C::Group(list) => {
                self.plain_list(src, p, list.clone(), ctx.inner(Context::Group));
            }
            C::Subshell(list) => {
                self.plain_list(src, p, list.clone(), ctx.inner(Context::Subshell));
            }
            C::Function(list) => {
                self.plain_list(src, p, list.clone(), ctx.inner(Context::Function));
            }
            C::If(arms) => {
                for (condition, body) in arms {
                    if let Some(condition) = condition {
                        self.plain_list(src, p, condition.clone(), ctx.inner(Context::Condition));
                    }
                    self.plain_list(src, p, body.clone(), ctx.inner(Context::Branch));
                }
            }
            C::For { words, body } => {
                for item in p.items.get(words.clone()).unwrap_or_default() {
                    if let plain::Item::Word { start, end } = *item {
                        self.word_substitutions(src, src.word_at(start, end, Mode::Word), ctx);
                    }
                }
                self.plain_list(src, p, body.clone(), ctx.inner(Context::Loop));
            }
            C::While { condition, body } => {
                self.plain_list(src, p, condition.clone(), ctx.inner(Context::Condition));
                self.plain_list(src, p, body.clone(), ctx.inner(Context::Loop));
            }
            C::Case { word, arms } => {
                self.word_substitutions(src, src.word_at(word.0, word.1, Mode::Word), ctx);
                for arm in arms {
                    self.plain_list(src, p, arm.clone(), ctx.inner(Context::Case));
                }
            }
        }
    }

    /// The redirections after a compound command: like [`Builder::redirect_list`], only
    /// their nested commands and extent matter.
    fn plain_redirects(&mut self, src: &Src<'_>, items: &[plain::Item], ctx: Ctx) -> Range2 {
        let mut cover = None;
        for item in items {
            if let plain::Item::Redirect {
                start,
                target: (ts, te),
                ..
            } = *item
                && let Some(target) = src.word_at(ts, te, Mode::Word)
            {
                cover = join(cover, Some((start, te)));
                let nested = target.subs.into_iter().map(Nested::Substitution).collect();
                self.run_nested(src, nested, ctx, None);
            }
        }
        cover
    }

    fn plain_simple(
        &mut self,
        src: &Src<'_>,
        items: &[plain::Item],
        ctx: Ctx,
        pidx: usize,
        connector: Connector,
    ) -> Range2 {
        let mut parts = Parts::default();
        for item in items {
            match *item {
                plain::Item::Assignment { start, end } => parts.assignment(src, start, end),
                plain::Item::Word { start, end } => {
                    let Some(lw) = src.word_at(start, end, Mode::Word) else {
                        continue;
                    };
                    if parts.name.is_none() && parts.args.is_empty() {
                        parts.name(lw);
                    } else {
                        parts.arg(lw);
                    }
                }
                plain::Item::Redirect {
                    fd,
                    op,
                    start,
                    target: (ts, te),
                } => {
                    let Some(target) = src.word_at(ts, te, Mode::Word) else {
                        continue;
                    };
                    let (red, range) =
                        finish_redirect(src, fd, op, start, target, None, &mut parts.nested);
                    parts.redirect(red, range);
                }
            }
        }
        self.finish_simple(src, parts, ctx, pidx, connector)
    }

    fn nested(&mut self, src: &Src<'_>, ctx: Ctx) {
        if let Err(e) = self.parse_src(src, ctx) {
            self.nested_errors.push(e);
        }
    }

    fn list(
        &mut self,
        src: &Src<'_>,
        list: &ast::CompoundList,
        ctx: Ctx,
        prev: &mut Option<SeparatorOperator>,
    ) -> Range2 {
        let mut cover = None;
        for ast::CompoundListItem(and_or, sep) in &list.0 {
            let connector = match prev {
                None => Connector::Start,
                Some(SeparatorOperator::Async) => Connector::Background,
                Some(SeparatorOperator::Sequence) => Connector::Seq,
            };
            cover = join(cover, self.pipeline(src, &and_or.first, ctx, connector));
            for next in &and_or.additional {
                let (p, c) = match next {
                    ast::AndOr::And(p) => (p, Connector::And),
                    ast::AndOr::Or(p) => (p, Connector::Or),
                };
                cover = join(cover, self.pipeline(src, p, ctx, c));
            }
            *prev = Some(sep.clone());
        }
        cover
    }

    fn inner_list(&mut self, src: &Src<'_>, list: &ast::CompoundList, ctx: Ctx) -> Range2 {
        self.list(src, list, ctx, &mut None)
    }

    fn pipeline(
        &mut self,
        src: &Src<'_>,
        p: &ast::Pipeline,
        ctx: Ctx,
        connector: Connector,
    ) -> Range2 {
        let pidx = self.open_pipeline(p.bang);
        let mut cover = None;
        for cmd in &p.seq {
            cover = join(cover, self.command(src, cmd, ctx, pidx, connector));
        }
        self.close_pipeline(src, pidx, cover);
        cover
    }

    /// Records a new pipeline (its commands add themselves); returns its index.
    fn open_pipeline(&mut self, negated: bool) -> usize {
        self.pipelines.push(Pipeline {
            commands: Vec::new(),
            negated,
            span: Span::default(),
        });
        self.pipelines.len() - 1
    }

    /// Gives pipeline `pidx` the extent `cover` of its commands.
    fn close_pipeline(&mut self, src: &Src<'_>, pidx: usize, cover: Range2) {
        if let (Some((s, e)), Some(pl)) = (cover, self.pipelines.get_mut(pidx)) {
            pl.span = src.map.span(s, e);
        }
    }

    fn command(
        &mut self,
        src: &Src<'_>,
        cmd: &ast::Command,
        ctx: Ctx,
        pidx: usize,
        connector: Connector,
    ) -> Range2 {
        match cmd {
            ast::Command::Simple(sc) => self.simple(src, sc, ctx, pidx, connector),
            ast::Command::Compound(cc, redirects) => {
                let cover = self
                    .compound(src, cc, ctx)
                    .map(|(s, e)| (src.token_start(s, e), e));
                join(cover, self.redirect_list(src, redirects.as_ref(), ctx))
            }
            ast::Command::Function(f) => {
                let name = f.fname.loc.as_ref().map(|l| {
                    let (s, e) = src.loc_range(l);
                    (src.token_start(s, e), e)
                });
                let ast::FunctionBody(body, redirects) = &f.body;
                let inner = ctx.inner(Context::Function);
                let body_range = match body {
                    // The braces (or parentheses) delimit the function body itself.
                    ast::CompoundCommand::BraceGroup(g) => {
                        self.inner_list(src, &g.list, inner);
                        Some(src.loc_range(&g.loc))
                    }
                    ast::CompoundCommand::Subshell(g) => {
                        self.inner_list(src, &g.list, inner);
                        Some(src.loc_range(&g.loc))
                    }
                    other => self.compound(src, other, inner),
                };
                let cover = join(name, body_range);
                join(cover, self.redirect_list(src, redirects.as_ref(), ctx))
            }
            ast::Command::ExtendedTest(t, redirects) => {
                let mut words = Vec::new();
                collect_test_words(&t.expr, &mut words);
                for w in words {
                    self.word_substitutions(src, src.word(w), ctx);
                }
                join(
                    Some(src.loc_range(&t.loc)),
                    self.redirect_list(src, redirects.as_ref(), ctx),
                )
            }
        }
    }

    /// Redirections on a compound command: only their nested commands are recorded.
    fn redirect_list(
        &mut self,
        src: &Src<'_>,
        list: Option<&ast::RedirectList>,
        ctx: Ctx,
    ) -> Range2 {
        let mut cover = None;
        for r in list.map(|l| l.0.as_slice()).unwrap_or_default() {
            let mut nested = Vec::new();
            if let Some((_, range)) = self.redirect(src, r, &mut nested) {
                cover = join(cover, range);
            }
            self.run_nested(src, nested, ctx, None);
        }
        cover
    }

    fn compound(&mut self, src: &Src<'_>, cc: &ast::CompoundCommand, ctx: Ctx) -> Range2 {
        use ast::CompoundCommand as C;
        match cc {
            C::Arithmetic(a) => Some(src.loc_range(&a.loc)),
            C::ArithmeticForClause(f) => {
                self.inner_list(src, &f.body.list, ctx.inner(Context::Loop));
                Some(src.loc_range(&f.loc))
            }
            C::BraceGroup(g) => {
                self.inner_list(src, &g.list, ctx.inner(Context::Group));
                Some(src.loc_range(&g.loc))
            }
            C::Subshell(s) => {
                self.inner_list(src, &s.list, ctx.inner(Context::Subshell));
                Some(src.loc_range(&s.loc))
            }
            C::ForClause(f) => {
                for w in f.values.iter().flatten() {
                    self.word_substitutions(src, src.word(w), ctx);
                }
                self.inner_list(src, &f.body.list, ctx.inner(Context::Loop));
                Some(src.loc_range(&f.loc))
            }
            C::CaseClause(c) => {
                self.word_substitutions(src, src.word(&c.value), ctx);
                for item in &c.cases {
                    if let Some(list) = &item.cmd {
                        self.inner_list(src, list, ctx.inner(Context::Case));
                    }
                }
                Some(src.loc_range(&c.loc))
            }
            C::IfClause(i) => {
                let mut cover = Some(src.loc_range(&i.loc));
                cover = join(
                    cover,
                    self.inner_list(src, &i.condition, ctx.inner(Context::Condition)),
                );
                cover = join(
                    cover,
                    self.inner_list(src, &i.then, ctx.inner(Context::Branch)),
                );
                for e in i.elses.iter().flatten() {
                    if let Some(cond) = &e.condition {
                        cover = join(
                            cover,
                            self.inner_list(src, cond, ctx.inner(Context::Condition)),
                        );
                    }
                    cover = join(
                        cover,
                        self.inner_list(src, &e.body, ctx.inner(Context::Branch)),
                    );
                }
                cover.map(|(s, e)| (s, extend_over_keyword(src.text, e, "fi")))
            }
            C::WhileClause(w) | C::UntilClause(w) => {
                let ast::WhileOrUntilClauseCommand(cond, body, loc) = w;
                self.inner_list(src, cond, ctx.inner(Context::Condition));
                self.inner_list(src, &body.list, ctx.inner(Context::Loop));
                Some(src.loc_range(loc))
            }
            C::Coprocess(c) => {
                let pidx = self.open_pipeline(false);
                let cover = self.command(
                    src,
                    &c.body,
                    ctx.inner(Context::Subshell),
                    pidx,
                    Connector::Start,
                );
                self.close_pipeline(src, pidx, cover);
                Some(src.loc_range(&c.loc))
            }
        }
    }

    /// Builds a [`Redirect`]; nested work found in it goes to `nested`.
    fn redirect<'a>(
        &self,
        src: &Src<'_>,
        r: &'a ast::IoRedirect,
        nested: &mut Vec<Nested<'a>>,
    ) -> Option<(Redirect, Range2)> {
        let mut body = None;
        let (fd, op, target) = match r {
            ast::IoRedirect::File(fd, kind, target) => {
                let op = redirect_op(kind);
                let target = match target {
                    ast::IoFileRedirectTarget::Filename(w)
                    | ast::IoFileRedirectTarget::Duplicate(w) => Some(src.word(w)?),
                    ast::IoFileRedirectTarget::Fd(n) => {
                        // Only `|&` produces this (as `2>&1`); it has no text of its own.
                        return Some((
                            Redirect {
                                fd: *fd,
                                op,
                                target: ShellWord {
                                    raw: n.to_string(),
                                    value: Some(n.to_string()),
                                    span: Span::default(),
                                },
                                body: None,
                                span: Span::default(),
                            },
                            None,
                        ));
                    }
                    ast::IoFileRedirectTarget::ProcessSubstitution(_, sub) => {
                        nested.push(Nested::Process(sub));
                        self.process_word(src, sub)
                    }
                };
                (*fd, op, target?)
            }
            ast::IoRedirect::HereDocument(fd, doc) => {
                let op = if doc.remove_tabs {
                    RedirectOp::HereDocStripTabs
                } else {
                    RedirectOp::HereDoc
                };
                body = self.heredoc_body(src, doc, nested);
                (*fd, op, src.word(&doc.here_end)?)
            }
            ast::IoRedirect::HereString(fd, w) => (*fd, RedirectOp::HereString, src.word(w)?),
            ast::IoRedirect::OutputAndError(w, append) => {
                let op = if *append {
                    RedirectOp::AppendOutputAndError
                } else {
                    RedirectOp::OutputAndError
                };
                (None, op, src.word(w)?)
            }
        };
        let start = operator_start(src.text, target.start, op, fd.is_some());
        Some(finish_redirect(src, fd, op, start, target, body, nested))
    }

    /// The word `<(…)`/`>(…)` for a process substitution.
    fn process_word(&self, src: &Src<'_>, sub: &ast::SubshellCommand) -> Option<LocalWord> {
        let (s, e) = src.loc_range(&sub.loc);
        let s = s.saturating_sub(1);
        let raw = src.text.get(s..e)?;
        Some(LocalWord {
            word: ShellWord {
                raw: raw.to_owned(),
                value: None,
                span: src.map.span(s, e),
            },
            start: s,
            end: e,
            subs: Vec::new(),
        })
    }

    fn heredoc_body<'a>(
        &self,
        src: &Src<'_>,
        doc: &ast::IoHereDocument,
        nested: &mut Vec<Nested<'a>>,
    ) -> Option<ShellWord> {
        let (s, e) = src.loc_range(doc.doc.loc.as_ref()?);
        let slice = src.text.get(s..e)?;
        // The located text runs through the delimiter line; drop that line.
        let without_nl = slice.strip_suffix('\n').unwrap_or(slice);
        let body_end = s + without_nl.rfind('\n').map_or(0, |p| p + 1);
        let strip = |t: &str| -> String {
            if doc.remove_tabs {
                t.split_inclusive('\n')
                    .map(|l| l.trim_start_matches('\t'))
                    .collect()
            } else {
                t.to_owned()
            }
        };
        if doc.requires_expansion {
            let lw = src.word_at(s, body_end, Mode::HereDoc)?;
            nested.extend(lw.subs.into_iter().map(Nested::Substitution));
            let mut w = lw.word;
            w.value = w.value.map(|v| strip(&v));
            Some(w)
        } else {
            let raw = src.text.get(s..body_end)?;
            Some(ShellWord {
                raw: raw.to_owned(),
                value: Some(strip(raw)),
                span: src.map.span(s, body_end),
            })
        }
    }

    fn simple(
        &mut self,
        src: &Src<'_>,
        sc: &ast::SimpleCommand,
        ctx: Ctx,
        pidx: usize,
        connector: Connector,
    ) -> Range2 {
        use ast::CommandPrefixOrSuffixItem as Item;
        let mut parts = Parts::default();

        for item in sc.prefix.iter().flat_map(|p| p.0.iter()) {
            match item {
                Item::IoRedirect(r) => {
                    if let Some((red, range)) = self.redirect(src, r, &mut parts.nested) {
                        parts.redirect(red, range);
                    }
                }
                Item::AssignmentWord(_, w) => {
                    if let Some((start, end)) = src.word_range(w) {
                        parts.assignment(src, start, end);
                    }
                }
                Item::Word(w) => {
                    if let Some(lw) = src.word(w) {
                        parts.arg(lw);
                    }
                }
                Item::ProcessSubstitution(_, sub) => {
                    if let Some(lw) = self.process_word(src, sub) {
                        parts.arg(lw);
                    }
                    parts.nested.push(Nested::Process(sub));
                }
            }
        }
        if let Some(lw) = sc.word_or_name.as_ref().and_then(|w| src.word(w)) {
            parts.name(lw);
        }
        for item in sc.suffix.iter().flat_map(|p| p.0.iter()) {
            match item {
                Item::IoRedirect(r) => {
                    if let Some((red, range)) = self.redirect(src, r, &mut parts.nested) {
                        parts.redirect(red, range);
                    }
                }
                Item::Word(w) | Item::AssignmentWord(_, w) => {
                    if let Some(lw) = src.word(w) {
                        parts.arg(lw);
                    }
                }
                Item::ProcessSubstitution(_, sub) => {
                    if let Some(lw) = self.process_word(src, sub) {
                        parts.arg(lw);
                    }
                    parts.nested.push(Nested::Process(sub));
                }
            }
        }

        self.finish_simple(src, parts, ctx, pidx, connector)
    }

    /// Records a simple command from its parts, then what it wraps and what is nested in
    /// its words. Returns its local range.
    fn finish_simple(
        &mut self,
        src: &Src<'_>,
        parts: Parts<'_>,
        ctx: Ctx,
        pidx: usize,
        connector: Connector,
    ) -> Range2 {
        let Parts {
            cover,
            nested,
            assignments,
            mut redirects,
            args,
            arg_ranges,
            name,
            unplaced,
        } = parts;
        let (s, e) = cover.unwrap_or((0, 0));
        let span = src.map.span(s, e);
        for &k in &unplaced {
            // The `2>&1` implied by `|&` has no text: place it at the end of the command.
            if let Some(r) = redirects.get_mut(k) {
                r.span = Span::empty(span.end);
                r.target.span = Span::empty(span.end);
            }
        }
        let idx = self.commands.len();
        self.commands.push(SimpleCommand {
            name,
            args,
            assignments,
            redirects,
            span,
            pipeline: pidx,
            connector,
            context: ctx.context,
            wrapper: ctx.wrapper,
            wraps: None,
            wrapped: false,
        });
        if let Some(p) = self.pipelines.get_mut(pidx) {
            p.commands.push(idx);
        }
        let script_word = self.look_through(src, idx, &arg_ranges, ctx);
        self.run_nested(src, nested, ctx, script_word);
        cover
    }

    fn run_nested(&mut self, src: &Src<'_>, nested: Vec<Nested<'_>>, ctx: Ctx, skip: Range2) {
        for n in nested {
            match n {
                Nested::Substitution(s) => {
                    // A `sh -c` script's substitutions are found when it is parsed.
                    if skip.is_some_and(|(a, b)| s.start >= a && s.end <= b) {
                        continue;
                    }
                    self.substitution(src, &s, ctx);
                }
                Nested::Process(sub) => {
                    self.inner_list(src, &sub.list, ctx.inner(Context::ProcessSubstitution));
                }
            }
        }
    }

    /// Parses the command substitutions in a word that belongs to no simple
    /// command (a `for` list, a `case` word, a `[[ ]]` operand).
    fn word_substitutions(&mut self, src: &Src<'_>, lw: Option<LocalWord>, ctx: Ctx) {
        for s in lw.into_iter().flat_map(|lw| lw.subs) {
            self.substitution(src, &s, ctx);
        }
    }

    fn substitution(&mut self, src: &Src<'_>, s: &Substitution, ctx: Ctx) {
        let Some(inner) = src.text.get(s.start..s.end) else {
            return;
        };
        let (text, map) = match s
            .backtick
            .then(|| word::unescape_backquoted(inner))
            .flatten()
        {
            Some((t, m)) => (Cow::Owned(t), src.map.compose(s.start, &m)),
            None => (Cow::Borrowed(inner), src.map.slice(s.start, s.end)),
        };
        let nested = Src::new(&text, map, src.dialect);
        self.nested(&nested, ctx.inner(Context::CommandSubstitution));
    }

    /// Records the commands run by wrapper `idx` (`sudo`, `env`, `find -exec`, …) and
    /// parses `sh -c` scripts. Returns the local range of the script word, if any.
    fn look_through(
        &mut self,
        src: &Src<'_>,
        idx: usize,
        arg_ranges: &[(usize, usize)],
        ctx: Ctx,
    ) -> Range2 {
        let mut script_word = None;
        // (command, offset of its first argument among the written command's arguments)
        let mut work = vec![(idx, 0usize)];
        let mut steps = 0;
        while let Some((cur, base)) = work.pop() {
            steps += 1;
            if steps > MAX_WRAPPER_CHAIN {
                break;
            }
            let Some(cmd) = self.commands.get(cur) else {
                break;
            };
            let Some(program) = cmd.program() else {
                continue;
            };
            let unwrapped = wrappers::unwrap(program, &cmd.args);
            let end = cmd.args.len();
            match unwrapped {
                Unwrapped::Nothing => {}
                Unwrapped::Command { name, assignments } => {
                    if let Some(new) = self.synthesize(cur, name, assignments, end) {
                        work.push((new, base + name + 1));
                    }
                }
                Unwrapped::Commands(ranges) => {
                    let mut made = Vec::new();
                    for r in ranges {
                        if let Some(new) = self.synthesize(cur, r.start, 0..0, r.end) {
                            made.push((new, base + r.start + 1));
                        }
                    }
                    work.extend(made.into_iter().rev());
                }
                Unwrapped::Script { script, dialect } => {
                    if let Some(&(s, e)) = arg_ranges.get(base + script) {
                        script_word = Some((s, e));
                        self.shell_c(src, s, e, dialect, ctx, cur);
                    }
                }
            }
        }
        script_word
    }

    /// Adds the command `args[name..end]` of command `cur` as a wrapped command.
    fn synthesize(
        &mut self,
        cur: usize,
        name: usize,
        assignments: std::ops::Range<usize>,
        end: usize,
    ) -> Option<usize> {
        let c = self.commands.get(cur)?;
        let name_word = c.args.get(name)?.clone();
        let args = c.args.get(name + 1..end)?.to_vec();
        let assignments = c
            .args
            .get(assignments)
            .unwrap_or_default()
            .iter()
            .filter_map(|w| {
                let (var, at) = split_assignment(&w.raw)?;
                let raw = w.raw.get(at..)?.to_owned();
                let a = word::analyze(&raw, Mode::Word, false);
                let start = (w.span.start + at).min(w.span.end);
                Some((
                    var.to_owned(),
                    ShellWord {
                        raw,
                        value: a.literal.then_some(a.text),
                        span: Span::new(start, w.span.end),
                    },
                ))
            })
            .collect();
        let span = args
            .last()
            .map_or(name_word.span, |a| name_word.span.cover(a.span));
        let new = SimpleCommand {
            name: Some(name_word),
            args,
            assignments,
            redirects: Vec::new(),
            span,
            pipeline: c.pipeline,
            connector: c.connector,
            context: c.context,
            wrapper: Some(cur),
            wraps: None,
            wrapped: true,
        };
        let idx = self.commands.len();
        self.commands.push(new);
        if let Some(c) = self.commands.get_mut(cur)
            && c.wraps.is_none()
        {
            c.wraps = Some(idx);
        }
        Some(idx)
    }

    /// Parses the script word `src.text[s..e]` of `sh -c` command `cur`.
    fn shell_c(
        &mut self,
        src: &Src<'_>,
        s: usize,
        e: usize,
        dialect: Dialect,
        ctx: Ctx,
        cur: usize,
    ) {
        let Some(raw) = src.text.get(s..e) else {
            return;
        };
        let a = word::analyze(raw, Mode::Word, true);
        let map = src.map.compose(s, &a.map);
        let nested = Src::new(&a.text, map, dialect);
        let inner = Ctx {
            context: Context::ShellC,
            depth: ctx.depth + 1,
            wrapper: Some(cur),
        };
        self.nested(&nested, inner);
    }
}

fn collect_test_words<'a>(e: &'a ast::ExtendedTestExpr, out: &mut Vec<&'a ast::Word>) {
    use ast::ExtendedTestExpr as E;
    match e {
        E::And(a, b) | E::Or(a, b) => {
            collect_test_words(a, out);
            collect_test_words(b, out);
        }
        E::Not(a) | E::Parenthesized(a) => collect_test_words(a, out),
        E::UnaryTest(_, w) => out.push(w),
        E::BinaryTest(_, a, b) => {
            out.push(a);
            out.push(b);
        }
    }
}
