//! BuildKit's line loop: parser directives at the top, comments, blank lines,
//! continuation lines joined into one logical line, and heredoc bodies read
//! after the line that opens them.

use super::ast::{
    Comment, Directive, Dockerfile, Heredoc, Instruction, Keyword, SyntaxDiagnostic,
    SyntaxErrorKind, SyntaxSeverity,
};

use super::heredoc::{HeredocHeader, HeredocName, heredocs_in_line};
use super::instruction::push_instruction;
use super::join_buffer::JoinBuffer;
use super::logical::{LineValues, LogicalRef, LogicalText};
use super::strings::Str;
use super::words::{trim_end_at, trim_start_at};
use crate::span::{Span, find_byte};

/// One physical line: `start..content_end` is the text without its line
/// ending; `end` is past the `\n` (or the end of input).
#[derive(Debug, Clone, Copy)]
struct PhysLine {
    start: usize,
    content_end: usize,
    end: usize,
}

/// BuildKit's continuation test on the line `bytes[start..end]` (line
/// ending excluded): the line ends with the escape character and optional
/// blanks, and that escape is not itself escaped. Returns where the line's
/// text ends (before the escape), and whether the instruction continues.
fn trim_continuation(bytes: &[u8], start: usize, end: usize, escape: char) -> (usize, bool) {
    // Blanks and the escape token (`\` or `` ` ``) are ASCII, so the line
    // can be read backwards byte by byte.
    let s = &bytes[start..end];
    let mut t = s.len();
    while t > 0 && matches!(s[t - 1], b' ' | b'\t') {
        t -= 1;
    }
    let escape = escape as u8;
    if t == 0 || s[t - 1] != escape {
        return (end, false);
    }
    let before = t - 1;
    if before == 0 || s[before - 1] != escape {
        (start + before, true)
    } else {
        (end, false)
    }
}

/// The end of the line starting at `start` without its line ending (the
/// `\n` and every `\r` before it), and the start of the next line.
fn line_bounds(bytes: &[u8], start: usize, newline: Option<usize>) -> (usize, usize) {
    let (mut content_end, end) = match newline {
        Some(newline) => (newline, newline + 1),
        None => (bytes.len(), bytes.len()),
    };
    while content_end > start && bytes[content_end - 1] == b'\r' {
        content_end -= 1;
    }
    (content_end, end)
}

/// The source text `span` of one instruction's line, joined as the scanner
/// joins continued lines (escapes at line ends, comment lines and blank
/// lines dropped), with its map back to the source.
pub(crate) fn join_lines(text: &str, escape: char, span: Span) -> LogicalText {
    let bytes = text.as_bytes();
    let mut joined = LogicalText::new();
    let end = span.end.min(bytes.len());
    let mut pos = span.start.min(end);
    // The first line is read from its own start: whether its escape is
    // itself escaped can depend on the byte before `span.start`.
    let mut line_start = bytes[..pos]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let mut first = true;
    while pos < end {
        let newline = find_byte(&bytes[line_start..], b'\n').map(|i| line_start + i);
        let (content_end, next) = line_bounds(bytes, line_start, newline);
        let trimmed = trim_start_at(text, line_start, content_end);
        let skipped = !first && (trimmed == content_end || bytes[trimmed] == b'#');
        if !skipped {
            let (piece_end, continues) = trim_continuation(bytes, line_start, content_end, escape);
            let piece_start = pos.max(line_start);
            let piece_end = piece_end.min(end);
            // `get`: a span from the caller may not fall on character boundaries.
            if let Some(piece) = text.get(piece_start..piece_end) {
                joined.push(piece, piece_start);
            }
            if !continues {
                break;
            }
        }
        first = false;
        line_start = next;
        pos = next;
    }
    joined
}

thread_local! {
    /// The joined-line buffer of the last file scanned on this thread, so
    /// that scanning many files does not allocate one for each.
    static JOINED: std::cell::Cell<JoinBuffer> = std::cell::Cell::new(JoinBuffer::default());
}

/// A joined-line buffer larger than this (a file with a huge continued
/// instruction) is freed rather than kept for the next file.
const KEPT_JOINED_BYTES: usize = 64 * 1024;

/// Unused room in the instruction vector up to this size is left to the
/// tree rather than given back with a reallocation.
const KEPT_UNUSED_BYTES: usize = 16 * 1024;

/// First capacity of the instruction or comment vector for `bytes` of
/// text: one slot per 128 bytes and a few, rounded up to a power of two so
/// that the block one file's tree gives back fits the next file's request
/// exactly, which the allocator serves fastest.
fn first_capacity(bytes: usize) -> usize {
    (bytes / 128 + 4).next_power_of_two()
}

/// Parse `text` (the whole file, byte order mark included).
pub(crate) fn scan(text: Str<'_>) -> Dockerfile<'_> {
    let out = Scanner::new(&text).run();
    out.into_dockerfile(text)
}

/// Everything the scanner found; the text itself stays with the caller.
struct ScanOutput<'a> {
    directives: Vec<Directive<'a>>,
    escape: char,
    instructions: Vec<Instruction<'a>>,
    comments: Vec<Comment<'a>>,
    diagnostics: Vec<SyntaxDiagnostic>,
}

impl<'a> ScanOutput<'a> {
    fn into_dockerfile(self, text: Str<'a>) -> Dockerfile<'a> {
        Dockerfile::new(
            text,
            self.directives,
            self.escape,
            self.instructions,
            self.comments,
            self.diagnostics,
        )
    }
}

struct Scanner<'t, 'a> {
    /// The source, for values of the tree that share it.
    source: &'t Str<'a>,
    text: &'t str,
    pos: usize,
    line_no: usize,
    escape: char,
    directives_done: bool,
    directives: Vec<Directive<'a>>,
    comments: Vec<Comment<'a>>,
    instructions: Vec<Instruction<'a>>,
    diagnostics: Vec<SyntaxDiagnostic>,
}

/// Go's `\s` in RE2 (ASCII white space without `\v`).
fn is_re_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0c' | '\r')
}

impl<'t, 'a> Scanner<'t, 'a> {
    fn new(source: &'t Str<'a>) -> Self {
        let text: &str = source;
        let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
        // Real Dockerfiles average about 220 bytes an instruction (comments
        // included); a guess on the high side saves growing the vector (a
        // copy of every instruction so far), and the end of `run` gives back
        // room a file with few instructions for its size left unused, when
        // there is much of it.
        Scanner {
            source,
            text,
            pos,
            line_no: 0,
            escape: '\\',
            directives_done: false,
            directives: Vec::new(),
            comments: Vec::new(),
            instructions: Vec::with_capacity(first_capacity(text.len())),
            diagnostics: Vec::new(),
        }
    }

    fn next_line(&mut self) -> Option<PhysLine> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let bytes = self.text.as_bytes();
        // `content_end` drops the line ending: the `\n` and every `\r` before it.
        let newline = find_byte(&bytes[start..], b'\n').map(|i| start + i);
        let (content_end, end) = line_bounds(bytes, start, newline);
        self.pos = end;
        self.line_no += 1;
        Some(PhysLine {
            start,
            content_end,
            end,
        })
    }

    fn error(&mut self, kind: SyntaxErrorKind, message: impl Into<String>, span: Span) {
        self.diagnostics.push(SyntaxDiagnostic {
            kind,
            severity: SyntaxSeverity::Error,
            message: message.into(),
            span,
        });
    }

    /// Look for a parser directive on a top-of-file line (already left-trimmed).
    fn directive(&mut self, token_start: usize, token_end: usize) {
        if self.directives_done {
            return;
        }
        let text = self.text;
        let token = &text[token_start..token_end];
        let Some(after_hash) = token.strip_prefix('#') else {
            self.directives_done = true;
            return;
        };
        let body = after_hash.trim_start();
        let name_len = body
            .char_indices()
            .take_while(|&(i, c)| {
                if i == 0 {
                    c.is_ascii_alphabetic()
                } else {
                    c.is_ascii_alphanumeric()
                }
            })
            .count();
        let after_name = body[name_len..].trim_start_matches(is_re_space);
        let value_part = match (name_len, after_name.strip_prefix('=')) {
            (1.., Some(v)) => v.trim_start_matches(is_re_space),
            _ => {
                self.directives_done = true;
                return;
            }
        };
        let value = value_part.trim_end_matches(is_re_space);
        if value.is_empty() {
            self.directives_done = true;
            return;
        }
        let written = &body[..name_len];
        let Some(name) = ["syntax", "escape", "check"]
            .into_iter()
            .find(|known| known.eq_ignore_ascii_case(written))
        else {
            self.directives_done = true;
            return;
        };
        let value_start = token_end - value_part.len();
        let span = Span::new(token_start, token_end);
        let value_span = Span::new(value_start, value_start + value.len());
        if self.directives.iter().any(|d| d.name == name) {
            self.error(
                SyntaxErrorKind::InvalidDirective,
                format!("only one {name} parser directive can be used"),
                span,
            );
            return;
        }
        if name == "escape" {
            match value {
                "\\" => self.escape = '\\',
                "`" => self.escape = '`',
                other => {
                    let msg = format!("invalid escape token '{other}' does not match ` or \\");
                    self.error(SyntaxErrorKind::InvalidDirective, msg, value_span);
                }
            }
        }
        let value = self.source.slice(value_start, value_start + value.len());
        self.directives.push(Directive {
            name: Str::borrowed(name),
            value,
            span,
            value_span,
        });
    }

    fn trim_continuation(&self, start: usize, end: usize) -> (usize, bool) {
        trim_continuation(self.text.as_bytes(), start, end, self.escape)
    }

    fn record_comment(&mut self, hash: usize, end: usize, inside: bool) {
        let text = self.text;
        let b = text.as_bytes();
        // Nearly every comment is `# text`: one space after the `#` and a
        // visible ASCII character at both ends, which needs no trimming loop.
        let visible = |i: usize| b.get(i).is_some_and(|&c| c > b' ' && c < 0x7f);
        let from = if b.get(hash + 1) == Some(&b' ') && hash + 2 < end && visible(hash + 2) {
            hash + 2
        } else {
            trim_start_at(text, hash + 1, end)
        };
        let to = if end > from && visible(end - 1) {
            end
        } else {
            trim_end_at(text, from, end)
        };
        if self.comments.capacity() == 0 {
            // Real Dockerfiles hold about one comment per 200 bytes, and two
            // in five of those with comments have more than one per 256
            // bytes from their first comment on: each growth copies them all.
            self.comments.reserve(first_capacity(text.len() - self.pos));
        }
        self.comments.push(Comment {
            text: self.source.slice(from, to),
            span: Span::new(hash, end),
            inside_instruction: inside,
        });
    }

    fn run(mut self) -> ScanOutput<'a> {
        let text = self.text;
        let bytes = text.as_bytes();
        // The joined text of a continued instruction, reused from one to the
        // next (and from one file to the next on this thread); an
        // instruction on one line is read from the source directly.
        let mut joined = JOINED.take();
        while let Some(line) = self.next_line() {
            let token_start = trim_start_at(text, line.start, line.content_end);
            self.directive(token_start, line.content_end);
            if token_start < line.content_end && bytes[token_start] == b'#' {
                self.record_comment(token_start, line.content_end, false);
                continue;
            }
            let (piece_end, mut continues) = self.trim_continuation(token_start, line.content_end);
            if !continues && piece_end == token_start {
                continue;
            }
            let start_line = self.line_no;
            // The first non-empty piece, while it is the only one; `joined`
            // holds them all once there are more.
            let mut first: Option<(usize, usize)> =
                (piece_end > token_start).then_some((token_start, piece_end));
            let mut is_joined = false;
            let mut last_end = line.content_end;
            let mut empty_line: Option<usize> = None;
            while continues {
                let Some(next) = self.next_line() else {
                    break;
                };
                last_end = next.content_end;
                let trimmed = trim_start_at(text, next.start, next.content_end);
                if trimmed == next.content_end {
                    empty_line.get_or_insert(next.start);
                    continue;
                }
                if bytes[trimmed] == b'#' {
                    self.record_comment(trimmed, next.content_end, true);
                    continue;
                }
                let (piece_end, more) = self.trim_continuation(next.start, next.content_end);
                continues = more;
                if piece_end == next.start {
                    continue;
                }
                match first {
                    None => first = Some((next.start, piece_end)),
                    Some((a, b)) => {
                        if !is_joined {
                            joined.clear();
                            joined.push(text, a, b);
                            is_joined = true;
                        }
                        joined.push(text, next.start, piece_end);
                    }
                }
            }
            if let Some(at) = empty_line {
                self.diagnostics.push(SyntaxDiagnostic {
                    kind: SyntaxErrorKind::EmptyContinuationLine,
                    severity: SyntaxSeverity::Warning,
                    message: "empty line inside a continued instruction; BuildKit warns and will reject this in a future release".into(),
                    span: Span::empty(at),
                });
            }
            let single;
            let logical = match first {
                _ if is_joined => joined.view(),
                Some((a, b)) => {
                    single = (0, a);
                    LogicalRef::one_piece(&text[a..b], &single)
                }
                None => LogicalRef {
                    text: "",
                    pieces: &[],
                },
            };
            let at = self.instructions.len();
            if let Err(message) = push_instruction(
                &mut self.instructions,
                self.source,
                logical.text,
                logical.pieces,
                self.escape,
                0,
            ) {
                let whole = Span::new(token_start, last_end);
                self.error(SyntaxErrorKind::InvalidInstruction, message, whole);
                continue;
            }
            let heredocs = {
                let ins = &mut self.instructions[at];
                ins.line = start_line;
                ins.span = Span::new(ins.span.start, last_end);
                can_contain_heredoc(ins)
            };
            if heredocs {
                self.read_heredocs(at, logical);
            }
            let end_line = self.line_no;
            let ins = &mut self.instructions[at];
            ins.end_line = end_line;
            if let Some(child) = &mut ins.trigger {
                child.line = start_line;
                child.end_line = end_line;
            }
        }
        if self.instructions.is_empty()
            && !self
                .diagnostics
                .iter()
                .any(|d| d.kind == SyntaxErrorKind::InvalidInstruction)
        {
            let end = self.text.len();
            self.error(
                SyntaxErrorKind::NoInstructions,
                "file with no instructions",
                Span::empty(end),
            );
        }
        // The first guess at the size was generous: give back what a file
        // with few instructions for its size left unused, when that is
        // worth a reallocation (a copy, and code cold enough to be fetched
        // from memory each time); a few kilobytes are not.
        let unused = self.instructions.capacity() - self.instructions.len();
        if unused * std::mem::size_of::<Instruction<'_>>() > KEPT_UNUSED_BYTES {
            self.instructions.shrink_to_fit();
        }
        joined.clear();
        if joined.capacity() <= KEPT_JOINED_BYTES {
            JOINED.set(joined);
        }
        ScanOutput {
            directives: self.directives,
            escape: self.escape,
            instructions: self.instructions,
            comments: self.comments,
            diagnostics: self.diagnostics,
        }
    }

    /// Read the bodies of the heredocs opened on the line of instruction `at`.
    fn read_heredocs(&mut self, at: usize, logical: LogicalRef<'_>) {
        for h in heredocs_in_line(logical.text) {
            // After an unterminated heredoc the rest of the file is its body.
            if !self.read_heredoc(at, logical, h) {
                return;
            }
        }
    }

    /// Read the body of heredoc `h` of instruction `at`; false when the
    /// file ends before its terminator.
    fn read_heredoc(&mut self, at: usize, logical: LogicalRef<'_>, h: HeredocHeader) -> bool {
        let text = self.text;
        let header_span = logical.map(h.start, h.end);
        let name = match h.name {
            HeredocName::InLine { start, end } => {
                LineValues::new(self.source, logical).str(start, end)
            }
            HeredocName::Cooked(name) => Str::from(name),
        };
        let body_start = self.pos;
        let mut body_end = body_start;
        let mut terminator = None;
        while let Some(line) = self.next_line() {
            let mut candidate = &text[line.start..line.content_end];
            if h.chomp {
                candidate = candidate.trim_start_matches('\t');
            }
            if candidate == &*name {
                terminator = Some(Span::new(line.start, line.content_end));
                break;
            }
            body_end = line.end;
        }
        let heredoc = Heredoc {
            name,
            fd: h.fd,
            chomp: h.chomp,
            expand: h.expand,
            content: self.source.slice(body_start, body_end),
            header_span,
            body_span: Span::new(body_start, body_end),
            terminator_span: terminator.unwrap_or(Span::empty(body_end)),
        };
        let ins = &mut self.instructions[at];
        let ins_start = ins.span.start;
        ins.heredocs.push(heredoc);
        let Some(terminator_span) = terminator else {
            let span = Span::new(ins_start, text.len());
            self.error(
                SyntaxErrorKind::UnterminatedHeredoc,
                "unterminated heredoc",
                span,
            );
            return false;
        };
        ins.span = Span::new(ins_start, terminator_span.end);
        true
    }
}

/// RUN, COPY and ADD in shell form (directly or under ONBUILD) may carry heredocs.
fn can_contain_heredoc(ins: &Instruction<'_>) -> bool {
    let target = ins.trigger_or_self();
    matches!(target.keyword, Keyword::Run | Keyword::Copy | Keyword::Add) && !target.json
}
