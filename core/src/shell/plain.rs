//! A linear parser for *plain* scripts: simple commands joined by `|`, `&&`, `||`,
//! `;`, `&` and newlines, with quoted words, expansions and simple redirections.
//! Most `RUN` scripts are exactly that, and reading them directly is many times
//! cheaper than brush's tokenizer and PEG grammar.
//!
//! brush stays the reference grammar: whenever a text holds anything else (compound
//! commands, subshells, here-documents, comments, `!`, `time`, functions, arrays,
//! `|&`, `&>`, …) or anything this parser is unsure of, [`parse`] returns `None` and
//! the caller hands the text to brush. Tests check that both paths build the same
//! [`Script`](super::Script) for every text this parser accepts.

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

/// A pipeline: its connector and the range of its commands in [`Plain::commands`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PlainPipeline {
    pub connector: Connector,
    pub commands: std::ops::Range<usize>,
}

/// A plain script, flattened: pipelines index commands, commands index items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Plain {
    pub pipelines: Vec<PlainPipeline>,
    pub commands: Vec<std::ops::Range<usize>>,
    pub items: Vec<Item>,
}

/// Words that are reserved (or special to brush) in command position. A plain script
/// never has one there.
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

/// Parses `text` when it is a plain script; `None` sends it to brush.
pub(super) fn parse(text: &str) -> Option<Plain> {
    let b = text.as_bytes();
    // Here-documents, carriage returns and NULs: brush's business.
    if b.windows(2).any(|w| w == b"<<") || b.iter().any(|&c| c == b'\r' || c == 0) {
        return None;
    }
    let mut p = Parser {
        text,
        b,
        i: 0,
        out: Plain::default(),
    };
    p.script()?;
    Some(p.out)
}

struct Parser<'t> {
    text: &'t str,
    b: &'t [u8],
    i: usize,
    out: Plain,
}

impl Parser<'_> {
    fn peek(&self, k: usize) -> Option<u8> {
        self.b.get(self.i + k).copied()
    }

    /// Skips blanks and line continuations (`\` before a newline, which the shell
    /// removes before it reads tokens; `RUN` scripts keep them from the Dockerfile).
    fn skip_blanks(&mut self) {
        loop {
            match (self.peek(0), self.peek(1)) {
                (Some(b' ' | b'\t'), _) => self.i += 1,
                (Some(b'\\'), Some(b'\n')) => self.i += 2,
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

    /// The whole text: and-or lists separated by `;`, `&` or newlines.
    fn script(&mut self) -> Option<()> {
        let mut connector = Connector::Start;
        loop {
            self.skip_blanks_and_newlines();
            if self.i >= self.b.len() {
                return Some(());
            }
            self.pipeline(connector)?;
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
                self.pipeline(next)?;
            }
            connector = match self.peek(0) {
                None => return Some(()),
                Some(b'\n') => Connector::Seq,
                Some(b';') if self.peek(1) != Some(b';') => Connector::Seq,
                Some(b'&') if self.peek(1) != Some(b'>') => Connector::Background,
                _ => return None,
            };
            self.i += 1;
            // A separator must follow a command, and a second one (`; ;`) is an error.
            self.skip_blanks();
            if matches!(self.peek(0), Some(b';' | b'&' | b'|')) {
                return None;
            }
        }
    }

    fn pipeline(&mut self, connector: Connector) -> Option<()> {
        let first = self.out.commands.len();
        loop {
            self.command()?;
            self.skip_blanks();
            if self.peek(0) == Some(b'|') && self.peek(1) != Some(b'|') {
                if self.peek(1) == Some(b'&') {
                    return None;
                }
                self.i += 1;
                self.skip_blanks_and_newlines();
                if self.i >= self.b.len() {
                    return None;
                }
            } else {
                break;
            }
        }
        self.out.pipelines.push(PlainPipeline {
            connector,
            commands: first..self.out.commands.len(),
        });
        Some(())
    }

    fn command(&mut self) -> Option<()> {
        let first = self.out.items.len();
        let mut named = false;
        loop {
            self.skip_blanks();
            match self.peek(0) {
                None | Some(b'\n' | b';' | b'&' | b'|') => break,
                Some(b'(' | b')' | b'#') => return None,
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
        self.out.commands.push(first..self.out.items.len());
        Some(())
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
            None | Some(b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')' | b'#') => {
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
            "if true; then a; fi",
            "(cd x && make)",
            "cat <<EOF\nx\nEOF",
            "a # comment",
            "! false",
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
            "f() { a; }",
            "{ a; }",
            "a | | b",
            "99999999999>x a",
            "a <> f",
        ] {
            assert!(parse(t).is_none(), "{t:?} should go to brush");
        }
    }

    #[test]
    fn empty_and_blank_texts_are_plain() {
        assert_eq!(parse("").expect("plain").pipelines.len(), 0);
        assert_eq!(parse(" \n\t\n").expect("plain").pipelines.len(), 0);
    }
}
