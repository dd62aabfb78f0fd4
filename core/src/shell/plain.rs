//! A linear parser for the shell scripts most `RUN` instructions hold: lists of
//! simple commands joined by `|`, `&&`, `||`, `;`, `&` and newlines, with quoted
//! words, expansions, simple redirections, comments, `!`, the common compound
//! commands (`if`, `for … in`, `while`, `until`, `case`, `{ …; }`, `( … )`) and
//! functions with a `{ …; }` body. Reading them directly is many times cheaper than
//! brush's tokenizer and PEG grammar.
//!
//! brush stays the reference grammar: whenever a text holds anything else
//! (here-documents, arrays, `time`, `[[`, `((`, `|&`, `&>`, …) or
//! anything this parser is unsure of, [`parse`] returns `None` and the caller hands
//! the text to brush. Tests check that both paths build the same
//! [`Script`](super::Script) for every text this parser accepts.

use std::ops::Range;

use super::Connector;
use super::RedirectOp;
use super::lex;

/// One element of a simple command, as byte ranges of the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Item {
    /// `NAME=value` before the command name.
    Assignment { start: usize, end: usize },
    /// The command name (the first word) or an argument.
    Word { start: usize, end: usize },
    /// A redirection: `start` is where its descriptor number (or operator) begins.
    Redirect {
        fd: Option<i32>,
        op: RedirectOp,
        start: usize,
        target: (usize, usize),
    },
}

/// A pipeline: its connector, whether `!` negates it, and its commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PlainPipeline {
    pub connector: Connector,
    pub negated: bool,
    /// Range in [`Plain::commands`].
    pub commands: Range<usize>,
}

/// A command list, as a range in [`Plain::pipelines`].
pub(super) type List = Range<usize>;

/// A command of a pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Command {
    /// A simple command: a range in [`Plain::items`].
    Simple(Range<usize>),
    /// A compound command, the byte range from its first keyword to its last, and the
    /// redirections written after it (a range of [`Item::Redirect`]s).
    Compound {
        kind: Compound,
        span: (usize, usize),
        redirects: Range<usize>,
    },
}

/// The compound commands read here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Compound {
    /// `{ …; }`
    Group(List),
    /// `( … )`
    Subshell(List),
    /// `if`/`elif` arms (condition and branch), then an `else` branch (no condition).
    If(Vec<(Option<List>, List)>),
    /// `for NAME in WORDS; do …; done`: the words (as [`Item::Word`]s) and the body.
    For { words: Range<usize>, body: List },
    /// `while`/`until` condition and body.
    While { condition: List, body: List },
    /// `case WORD in …) …;; esac`: the word and each arm's commands.
    Case {
        word: (usize, usize),
        arms: Vec<List>,
    },
    /// `name() { …; }`: the body's commands.
    Function(List),
}

/// A parsed script. Lists, pipelines and commands are stored flat; every list's
/// pipelines (and every pipeline's commands) are contiguous.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Plain {
    /// The top-level list.
    pub root: List,
    pub pipelines: Vec<PlainPipeline>,
    pub commands: Vec<Command>,
    pub items: Vec<Item>,
}

/// Words that are reserved (or special to brush) in command position.
const RESERVED: [&[u8]; 22] = [
    b"!",
    b"{",
    b"}",
    b"[[",
    b"]]",
    b"case",
    b"coproc",
    b"do",
    b"done",
    b"elif",
    b"else",
    b"esac",
    b"fi",
    b"for",
    b"function",
    b"if",
    b"in",
    b"select",
    b"then",
    b"time",
    b"until",
    b"while",
];

/// Compound commands nested deeper than this go to brush (which applies its own
/// nesting limits to them).
const MAX_DEPTH: usize = 12;

/// What ends a list besides the end of the text.
#[derive(Clone, Copy)]
struct Ends<'k> {
    /// Reserved words that close it (`then`, `fi`, `done`, `}`, …).
    keywords: &'k [&'k [u8]],
    /// `)` closes it (a subshell).
    paren: bool,
    /// `;;` closes it (a `case` arm), and it may be empty.
    case_arm: bool,
}

impl Ends<'_> {
    const TOP: Ends<'static> = Ends {
        keywords: &[],
        paren: false,
        case_arm: false,
    };

    fn keywords<'k>(keywords: &'k [&'k [u8]]) -> Ends<'k> {
        Ends {
            keywords,
            paren: false,
            case_arm: false,
        }
    }

    fn is_top(&self) -> bool {
        self.keywords.is_empty() && !self.paren && !self.case_arm
    }
}

/// Parses `text` when it is a script this parser reads; `None` sends it to brush.
/// `max_depth` bounds compound nesting (brush's own budget for this text), and
/// `max_cases` how deeply `case` may nest.
pub(super) fn parse(text: &str, max_depth: usize, max_cases: usize) -> Option<Plain> {
    let b = text.as_bytes();
    // Here-documents, carriage returns and NULs: brush's business.
    if b.windows(2).any(|w| w == b"<<") || b.iter().any(|&c| c == b'\r' || c == 0) {
        return None;
    }
    let mut p = Parser {
        text,
        b,
        i: 0,
        max_depth: max_depth.min(MAX_DEPTH),
        max_cases,
        cases: 0,
        pending_pipelines: Vec::new(),
        pending_commands: Vec::new(),
        out: Plain::default(),
    };
    let root = p.list(Ends::TOP, 0)?;
    if p.i < b.len() {
        return None;
    }
    p.out.root = root;
    Some(p.out)
}

struct Parser<'t> {
    text: &'t str,
    b: &'t [u8],
    i: usize,
    max_depth: usize,
    max_cases: usize,
    /// `case`s open around the current position.
    cases: usize,
    /// Pipelines of the lists being read, and commands of the pipelines being
    /// read (inner ones on top), moved to `out` when each is complete.
    pending_pipelines: Vec<PlainPipeline>,
    pending_commands: Vec<Command>,
    out: Plain,
}

impl Parser<'_> {
    fn peek(&self, k: usize) -> Option<u8> {
        self.b.get(self.i + k).copied()
    }

    /// Skips blanks and line continuations (`\` before a newline, which the shell
    /// removes before it reads tokens; `RUN` scripts keep them from the Dockerfile).
    /// A `#` here starts a word, so it starts a comment, which runs to the newline.
    fn skip_blanks(&mut self) {
        loop {
            match (self.peek(0), self.peek(1)) {
                (Some(b' ' | b'\t'), _) => self.i += 1,
                (Some(b'\\'), Some(b'\n')) => self.i += 2,
                (Some(b'#'), _) => {
                    let rest = self.b.get(self.i..).unwrap_or_default();
                    self.i += rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
                }
                _ => return,
            }
        }
    }

    fn skip_blanks_and_newlines(&mut self) {
        loop {
            self.skip_blanks();
            if self.peek(0) == Some(b'\n') {
                self.i += 1;
            } else {
                return;
            }
        }
    }

    /// The word at the current position, if one starts here.
    fn peek_word(&self) -> Option<&[u8]> {
        let end = self.word_end()?;
        self.b.get(self.i..end)
    }

    /// Consumes the reserved word `kw` (after blanks and newlines), or fails.
    fn keyword(&mut self, kw: &[u8]) -> Option<()> {
        self.skip_blanks_and_newlines();
        if self.peek_word()? == kw {
            self.i += kw.len();
            Some(())
        } else {
            None
        }
    }

    /// Whether the list being read ends here; `None` at a premature end of text.
    fn list_ends(&self, ends: Ends<'_>) -> Option<bool> {
        match self.peek(0) {
            None => ends.is_top().then_some(true),
            Some(b')') => Some(ends.paren),
            Some(b';') => Some(ends.case_arm && self.peek(1) == Some(b';')),
            Some(_) => Some(
                !ends.keywords.is_empty()
                    && self.peek_word().is_some_and(|w| ends.keywords.contains(&w)),
            ),
        }
    }

    /// A list: and-or lists separated by `;`, `&` or newlines, up to what `ends` it.
    fn list(&mut self, ends: Ends<'_>, depth: usize) -> Option<List> {
        let base = self.pending_pipelines.len();
        let mut connector = Connector::Start;
        loop {
            self.skip_blanks_and_newlines();
            if self.list_ends(ends)? {
                break;
            }
            self.pipeline(connector, depth)?;
            // `&&` / `||` chains.
            loop {
                self.skip_blanks();
                let next = match (self.peek(0), self.peek(1)) {
                    (Some(b'&'), Some(b'&')) => Connector::And,
                    (Some(b'|'), Some(b'|')) => Connector::Or,
                    _ => break,
                };
                self.i += 2;
                self.skip_blanks_and_newlines();
                if self.i >= self.b.len() {
                    return None;
                }
                self.pipeline(next, depth)?;
            }
            connector = match (self.peek(0), self.peek(1)) {
                (None, _) => continue,
                (Some(b')'), _) if ends.paren => break,
                (Some(b';'), Some(b';')) if ends.case_arm => break,
                (Some(b'\n'), _) => Connector::Seq,
                (Some(b';'), next) if next != Some(b';') => Connector::Seq,
                (Some(b'&'), next) if next != Some(b'>') => Connector::Background,
                _ => return None,
            };
            self.i += 1;
            // A separator must follow a command, and a second one (`; ;`) is an error,
            // except the `;;` that closes a case arm.
            self.skip_blanks();
            let arm_end = ends.case_arm && self.peek(0) == Some(b';') && self.peek(1) == Some(b';');
            if matches!(self.peek(0), Some(b';' | b'&' | b'|')) && !arm_end {
                return None;
            }
        }
        if self.pending_pipelines.len() == base && !ends.is_top() && !ends.case_arm {
            return None;
        }
        let start = self.out.pipelines.len();
        self.out
            .pipelines
            .extend(self.pending_pipelines.drain(base..));
        Some(start..self.out.pipelines.len())
    }

    fn pipeline(&mut self, connector: Connector, depth: usize) -> Option<()> {
        let mut negated = false;
        if self.peek_word() == Some(b"!") {
            // `!(…)` is an extended glob in bash, a negated subshell in sh.
            if self.peek(1) == Some(b'(') {
                return None;
            }
            negated = true;
            self.i += 1;
            self.skip_blanks();
            if self.peek_word() == Some(b"!") {
                return None;
            }
        }
        let base = self.pending_commands.len();
        loop {
            let command = self.command(depth)?;
            self.pending_commands.push(command);
            self.skip_blanks();
            if self.peek(0) == Some(b'|') && self.peek(1) != Some(b'|') {
                if self.peek(1) == Some(b'&') {
                    return None;
                }
                self.i += 1;
                self.skip_blanks_and_newlines();
                if self.i >= self.b.len() || self.peek_word() == Some(b"!") {
                    return None;
                }
            } else {
                break;
            }
        }
        let start = self.out.commands.len();
        self.out
            .commands
            .extend(self.pending_commands.drain(base..));
        self.pending_pipelines.push(PlainPipeline {
            connector,
            negated,
            commands: start..self.out.commands.len(),
        });
        Some(())
    }

    fn command(&mut self, depth: usize) -> Option<Command> {
        self.skip_blanks();
        let start = self.i;
        let kind = if self.peek(0) == Some(b'(') {
            if self.peek(1) == Some(b'(') || depth >= self.max_depth {
                return None;
            }
            self.i += 1;
            let body = self.list(
                Ends {
                    keywords: &[],
                    paren: true,
                    case_arm: false,
                },
                depth + 1,
            )?;
            if self.peek(0) != Some(b')') {
                return None;
            }
            self.i += 1;
            Compound::Subshell(body)
        } else {
            let word = self.peek_word();
            let compound = matches!(
                word,
                Some(b"if" | b"while" | b"until" | b"for" | b"case" | b"{")
            );
            if !compound {
                let Some(body) = self.function_body_start(word) else {
                    return self.simple();
                };
                if depth >= self.max_depth {
                    return None;
                }
                self.i = body + 1;
                let list = self.list(Ends::keywords(&[b"}"]), depth + 1)?;
                self.keyword(b"}")?;
                return self.after_compound(Compound::Function(list), start);
            }
            if depth >= self.max_depth {
                return None;
            }
            match word {
                Some(b"if") => self.if_clause(depth + 1)?,
                Some(b"while" | b"until") => self.while_clause(depth + 1)?,
                Some(b"for") => self.for_clause(depth + 1)?,
                Some(b"case") => self.case_clause(depth + 1)?,
                _ => {
                    self.i += 1;
                    let body = self.list(Ends::keywords(&[b"}"]), depth + 1)?;
                    self.keyword(b"}")?;
                    Compound::Group(body)
                }
            }
        };
        self.after_compound(kind, start)
    }

    /// For a function definition `name() {` at the current position, where its `{` is.
    /// Only brace-group bodies and plain names are read here.
    fn function_body_start(&self, name: Option<&[u8]>) -> Option<usize> {
        let name = name?;
        let plain_name = name
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b':'));
        if !plain_name || RESERVED.contains(&name) {
            return None;
        }
        let b = self.b;
        let blanks = |mut j: usize| {
            while matches!(b.get(j), Some(b' ' | b'\t')) {
                j += 1;
            }
            j
        };
        let open = blanks(self.i + name.len());
        if b.get(open) != Some(&b'(') {
            return None;
        }
        let close = blanks(open + 1);
        if b.get(close) != Some(&b')') {
            return None;
        }
        let mut j = close + 1;
        while matches!(b.get(j), Some(b' ' | b'\t' | b'\n')) {
            j += 1;
        }
        let brace = b.get(j) == Some(&b'{') && matches!(b.get(j + 1), Some(b' ' | b'\t' | b'\n'));
        brace.then_some(j)
    }

    /// Reads the redirections after a compound command that started at `start`.
    fn after_compound(&mut self, kind: Compound, start: usize) -> Option<Command> {
        let span = (start, self.i);
        let first = self.out.items.len();
        loop {
            self.skip_blanks();
            match self.peek(0) {
                Some(b'<' | b'>') => self.redirect(None, self.i)?,
                Some(c) if c.is_ascii_digit() => {
                    let end = self.word_end()?;
                    let digits = self.b.get(self.i..end)?;
                    if digits.len() >= 10
                        || !digits.iter().all(u8::is_ascii_digit)
                        || !matches!(self.b.get(end), Some(b'<' | b'>'))
                    {
                        return None;
                    }
                    let fd = self.text.get(self.i..end)?.parse::<i32>().ok()?;
                    let at = self.i;
                    self.i = end;
                    self.redirect(Some(fd), at)?;
                }
                None | Some(b'\n' | b';' | b'&' | b'|' | b')') => break,
                Some(_) => return None,
            }
        }
        Some(Command::Compound {
            kind,
            span,
            redirects: first..self.out.items.len(),
        })
    }

    fn if_clause(&mut self, depth: usize) -> Option<Compound> {
        self.i += 2;
        let mut arms = Vec::new();
        let mut keyword: &[u8] = b"if";
        loop {
            match keyword {
                b"if" | b"elif" => {
                    let condition = self.list(Ends::keywords(&[b"then"]), depth)?;
                    self.keyword(b"then")?;
                    let body = self.list(Ends::keywords(&[b"elif", b"else", b"fi"]), depth)?;
                    arms.push((Some(condition), body));
                }
                b"else" => {
                    let body = self.list(Ends::keywords(&[b"fi"]), depth)?;
                    arms.push((None, body));
                    self.keyword(b"fi")?;
                    return Some(Compound::If(arms));
                }
                _ => return Some(Compound::If(arms)),
            }
            self.skip_blanks_and_newlines();
            keyword = match self.peek_word()? {
                b"elif" => b"elif",
                b"else" => b"else",
                b"fi" => b"fi",
                _ => return None,
            };
            self.i += keyword.len();
        }
    }

    fn while_clause(&mut self, depth: usize) -> Option<Compound> {
        self.i += self.peek_word()?.len();
        let condition = self.list(Ends::keywords(&[b"do"]), depth)?;
        self.keyword(b"do")?;
        let body = self.list(Ends::keywords(&[b"done"]), depth)?;
        self.keyword(b"done")?;
        Some(Compound::While { condition, body })
    }

    fn for_clause(&mut self, depth: usize) -> Option<Compound> {
        self.i += 3;
        self.skip_blanks();
        let name = self.peek_word()?;
        if !is_name(name) {
            return None;
        }
        self.i += name.len();
        self.skip_blanks();
        if self.peek_word()? != b"in" {
            return None;
        }
        self.i += 2;
        let first = self.out.items.len();
        loop {
            self.skip_blanks();
            match self.peek(0) {
                Some(b'\n') => break,
                Some(b';') if self.peek(1) != Some(b';') => break,
                None | Some(b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')') => return None,
                Some(_) => {
                    let start = self.i;
                    self.i = self.word_end()?;
                    self.out.items.push(Item::Word { start, end: self.i });
                }
            }
        }
        self.i += 1;
        let words = first..self.out.items.len();
        self.keyword(b"do")?;
        let body = self.list(Ends::keywords(&[b"done"]), depth)?;
        self.keyword(b"done")?;
        Some(Compound::For { words, body })
    }

    fn case_clause(&mut self, depth: usize) -> Option<Compound> {
        if self.cases >= self.max_cases {
            return None;
        }
        self.cases += 1;
        self.i += 4;
        self.skip_blanks();
        let start = self.i;
        self.i = self.word_end()?;
        let word = (start, self.i);
        self.skip_blanks();
        if self.peek_word()? != b"in" {
            return None;
        }
        self.i += 2;
        let mut arms = Vec::new();
        loop {
            self.skip_blanks_and_newlines();
            if self.peek_word() == Some(b"esac") {
                self.i += 4;
                break;
            }
            if self.peek(0) == Some(b'(') {
                self.i += 1;
            }
            // Patterns: words separated by `|`, closed by `)`.
            loop {
                self.skip_blanks();
                self.i = self.word_end()?;
                self.skip_blanks();
                match self.peek(0) {
                    Some(b'|') => self.i += 1,
                    Some(b')') => {
                        self.i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
            arms.push(self.list(
                Ends {
                    keywords: &[b"esac"],
                    paren: false,
                    case_arm: true,
                },
                depth,
            )?);
            self.skip_blanks_and_newlines();
            if self.peek(0) == Some(b';') {
                if self.peek(1) != Some(b';') || self.peek(2) == Some(b'&') {
                    return None;
                }
                self.i += 2;
            } else if self.peek_word()? == b"esac" {
                self.i += 4;
                break;
            } else {
                return None;
            }
        }
        self.cases -= 1;
        Some(Compound::Case { word, arms })
    }

    fn simple(&mut self) -> Option<Command> {
        let first = self.out.items.len();
        let mut named = false;
        loop {
            self.skip_blanks();
            match self.peek(0) {
                None | Some(b'\n' | b';' | b'&' | b'|' | b')') => break,
                Some(b'(') => return None,
                Some(b'<' | b'>') => self.redirect(None, self.i)?,
                Some(_) => {
                    let start = self.i;
                    let end = self.word_end()?;
                    self.i = end;
                    if matches!(self.peek(0), Some(b'<' | b'>')) {
                        // Only a descriptor number may touch an operator.
                        let digits = &self.b[start..end];
                        if digits.len() >= 10 || !digits.iter().all(u8::is_ascii_digit) {
                            return None;
                        }
                        let fd = self.text.get(start..end)?.parse::<i32>().ok()?;
                        self.redirect(Some(fd), start)?;
                        continue;
                    }
                    let word = &self.b[start..end];
                    // A continuation inside the word could join it into a reserved word
                    // or an assignment; only brush judges that.
                    if !named && word.windows(2).any(|w| w == b"\\\n") {
                        return None;
                    }
                    let item = if named {
                        Item::Word { start, end }
                    } else if is_assignment(word)? {
                        Item::Assignment { start, end }
                    } else if RESERVED.contains(&word) {
                        return None;
                    } else {
                        named = true;
                        Item::Word { start, end }
                    };
                    self.out.items.push(item);
                }
            }
        }
        if self.out.items.len() == first {
            return None;
        }
        Some(Command::Simple(first..self.out.items.len()))
    }

    /// A redirection whose operator is at `self.i`.
    fn redirect(&mut self, fd: Option<i32>, start: usize) -> Option<()> {
        let op = match (self.peek(0), self.peek(1)) {
            (Some(b'>'), Some(b'>')) => RedirectOp::Append,
            (Some(b'>'), Some(b'&')) => RedirectOp::DupOutput,
            (Some(b'>'), Some(b'|' | b'(')) | (Some(b'<'), Some(b'>' | b'(' | b'<')) => {
                return None;
            }
            (Some(b'>'), _) => RedirectOp::Write,
            (Some(b'<'), Some(b'&')) => RedirectOp::DupInput,
            (Some(b'<'), _) => RedirectOp::Read,
            _ => return None,
        };
        self.i += match op {
            RedirectOp::Write | RedirectOp::Read => 1,
            _ => 2,
        };
        self.skip_blanks();
        match self.peek(0) {
            None | Some(b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')') => {
                return None;
            }
            Some(_) => {}
        }
        let t_start = self.i;
        let t_end = self.word_end()?;
        self.i = t_end;
        if matches!(self.peek(0), Some(b'<' | b'>')) {
            return None;
        }
        self.out.items.push(Item::Redirect {
            fd,
            op,
            start,
            target: (t_start, t_end),
        });
        Some(())
    }

    /// The end of the word starting at `self.i`; `None` for what brush should judge
    /// (unterminated quotes or expansions, line continuations, `$'…'`).
    fn word_end(&self) -> Option<usize> {
        let b = self.b;
        let mut i = self.i;
        while let Some(&c) = b.get(i) {
            match c {
                b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')' => break,
                b'\\' => match b.get(i + 1) {
                    None => return None,
                    // Also a line continuation, which joins the word's two parts.
                    Some(_) => i += 2,
                },
                b'\'' => {
                    let close = b.get(i + 1..)?.iter().position(|&x| x == b'\'')?;
                    i += close + 2;
                }
                b'"' => i = self.double_quoted_end(i)?,
                b'`' => i = self.construct_end(i)?,
                b'$' => match b.get(i + 1) {
                    Some(b'(' | b'{' | b'[') => i = self.construct_end(i)?,
                    Some(b'\'' | b'"') => return None,
                    _ => i += 1,
                },
                _ => i += 1,
            }
        }
        (i > self.i).then_some(i.min(b.len()))
    }

    /// The end of `"…"` opening at `open`.
    fn double_quoted_end(&self, open: usize) -> Option<usize> {
        let b = self.b;
        let mut i = open + 1;
        while let Some(&c) = b.get(i) {
            match c {
                b'\\' => i += 2,
                b'"' => return Some(i + 1),
                b'`' => i = self.construct_end(i)?,
                b'$' if matches!(b.get(i + 1), Some(b'(' | b'{' | b'[')) => {
                    i = self.construct_end(i)?;
                }
                _ => i += 1,
            }
        }
        None
    }

    /// The end of the expansion or backquote at `start`, when it is terminated.
    fn construct_end(&self, start: usize) -> Option<usize> {
        lex::terminated_construct_end(self.text, start)
    }
}

/// Whether `word` is a valid variable name.
fn is_name(word: &[u8]) -> bool {
    word.first()
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        && word.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// Whether a word before the command name is an assignment (`NAME=value`); `None`
/// for the forms left to brush (`NAME+=…`, `NAME[i]=…`).
fn is_assignment(word: &[u8]) -> Option<bool> {
    let name_len = word
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_'))
        .unwrap_or(word.len());
    if name_len == 0 || word[0].is_ascii_digit() {
        return Some(false);
    }
    match word.get(name_len) {
        Some(b'=') => Some(true),
        Some(b'+' | b'[') => None,
        _ => Some(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Option<Plain> {
        super::parse(text, MAX_DEPTH, 4)
    }

    fn words(text: &str) -> Vec<&str> {
        let p = parse(text).expect("plain");
        p.items
            .iter()
            .map(|i| match i {
                Item::Word { start, end } | Item::Assignment { start, end } => &text[*start..*end],
                Item::Redirect { target, .. } => &text[target.0..target.1],
            })
            .collect()
    }

    #[test]
    fn reads_lists_pipelines_and_redirects() {
        let t = "A=1 apt-get update && curl -fsSL \"$U/x y\" | tar xz -C /opt 2>/dev/null; echo $(nproc) &\nls >>log";
        let p = parse(t).expect("plain");
        let connectors: Vec<Connector> = p.pipelines.iter().map(|x| x.connector).collect();
        assert_eq!(
            connectors,
            [
                Connector::Start,
                Connector::And,
                Connector::Seq,
                Connector::Background
            ]
        );
        assert_eq!(p.pipelines[1].commands.len(), 2);
        assert_eq!(
            words(t),
            [
                "A=1",
                "apt-get",
                "update",
                "curl",
                "-fsSL",
                "\"$U/x y\"",
                "tar",
                "xz",
                "-C",
                "/opt",
                "/dev/null",
                "echo",
                "$(nproc)",
                "ls",
                "log"
            ]
        );
        assert!(p.items.contains(&Item::Redirect {
            fd: Some(2),
            op: RedirectOp::Write,
            start: t.find("2>").expect("fd"),
            target: (
                t.find("/dev/null").expect("t"),
                t.find("; echo").expect("e")
            ),
        }));
    }

    #[test]
    fn leaves_everything_else_to_brush() {
        for t in [
            "if true; then a; fi x",
            "(cd x && make",
            "cat <<EOF\nx\nEOF",
            "a &>> f",
            "! ! false",
            "a |& b",
            "a &> f",
            "a && ",
            "a ; ; b",
            "a ;; b",
            "echo 'open",
            "echo $(open",
            "x=(1 2)",
            "X+=1 y",
            "a>b",
            "echo $'\\n'",
            "f() (a)",
            "{ a }",
            "a | | b",
            "99999999999>x a",
            "a <> f",
        ] {
            assert!(parse(t).is_none(), "{t:?} should go to brush");
        }
    }

    #[test]
    fn reads_compound_commands() {
        let t = "if [ -f x ]; then a; elif b; then c; else d; fi && for i in 1 $(j); do (e); done; case $k in a|b) f;; *) ;; esac; { g; } 2>&1";
        let p = parse(t).expect("plain");
        let kinds: Vec<&str> = p
            .commands
            .iter()
            .filter_map(|c| match c {
                Command::Compound { kind, span, .. } => Some((kind, &t[span.0..span.1])),
                Command::Simple(_) => None,
            })
            .map(|(kind, text)| match kind {
                Compound::If(arms) => {
                    assert_eq!(arms.len(), 3);
                    assert!(text.starts_with("if ") && text.ends_with("fi"));
                    "if"
                }
                Compound::For { words, .. } => {
                    assert_eq!(words.len(), 2);
                    "for"
                }
                Compound::Subshell(_) => "subshell",
                Compound::Case { arms, .. } => {
                    assert_eq!(arms.len(), 2);
                    "case"
                }
                Compound::Group(_) => "group",
                Compound::Function(_) => "function",
                Compound::While { .. } => "while",
            })
            .collect();
        // Inner commands are stored before the command that holds them.
        assert_eq!(kinds, ["if", "subshell", "for", "case", "group"]);
        // Compound nesting beyond the budget goes to brush.
        assert!(super::parse("{ { a; }; }", 1, 4).is_none());
        assert!(super::parse("case a in a) case b in b) c;; esac;; esac", 8, 1).is_none());
    }

    #[test]
    fn empty_and_blank_texts_are_plain() {
        assert_eq!(parse("").expect("plain").pipelines.len(), 0);
        assert_eq!(parse(" \n\t\n").expect("plain").pipelines.len(), 0);
    }
}
