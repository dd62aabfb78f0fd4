//! BuildKit's line loop: parser directives at the top, comments, blank lines,
//! continuation lines joined into one logical line, and heredoc bodies read
//! after the line that opens them.

use super::ast::{
    Comment, Directive, Dockerfile, Heredoc, Instruction, InstructionKind, Keyword,
    SyntaxDiagnostic, SyntaxErrorKind, SyntaxSeverity,
};
use super::heredoc::heredocs_in_line;
use super::instruction::build_instruction;
use super::logical::LogicalText;
use crate::span::{LineIndex, Span};

/// One physical line: `start..content_end` is the text without its line
/// ending; `end` is past the `\n` (or the end of input).
#[derive(Debug, Clone, Copy)]
struct PhysLine {
    start: usize,
    content_end: usize,
    end: usize,
}

pub(crate) struct Scanner {
    text: String,
    pos: usize,
    line_no: usize,
    escape: char,
    directives_done: bool,
    directives: Vec<Directive>,
    comments: Vec<Comment>,
    instructions: Vec<Instruction>,
    diagnostics: Vec<SyntaxDiagnostic>,
}

/// Go's `\s` in RE2 (ASCII white space without `\v`).
fn is_re_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0c' | '\r')
}

impl Scanner {
    pub(crate) fn new(text: String) -> Self {
        let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Scanner {
            text,
            pos,
            line_no: 0,
            escape: '\\',
            directives_done: false,
            directives: Vec::new(),
            comments: Vec::new(),
            instructions: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    fn next_line(&mut self) -> Option<PhysLine> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let end = match bytes[start..].iter().position(|&b| b == b'\n') {
            Some(i) => start + i + 1,
            None => bytes.len(),
        };
        let mut content_end = end;
        while content_end > start && matches!(bytes[content_end - 1], b'\n' | b'\r') {
            content_end -= 1;
        }
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
        let text = std::mem::take(&mut self.text);
        self.directive_in(&text, token_start, token_end);
        self.text = text;
    }

    fn directive_in(&mut self, text: &str, token_start: usize, token_end: usize) {
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
        let name = body[..name_len].to_ascii_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            self.directives_done = true;
            return;
        }
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
        self.directives.push(Directive {
            name,
            value: value.to_owned(),
            span,
            value_span,
        });
    }

    /// BuildKit's continuation test: the line ends with the escape character
    /// and optional blanks, and that escape is not itself escaped. Returns the
    /// line with the escape removed, and whether the instruction continues.
    fn trim_continuation(&self, start: usize, end: usize) -> (usize, bool) {
        let s = &self.text[start..end];
        let t = s.trim_end_matches([' ', '\t']);
        let Some(before) = t.strip_suffix(self.escape) else {
            return (end, false);
        };
        if before.is_empty() || !before.ends_with(self.escape) {
            (start + before.len(), true)
        } else {
            (end, false)
        }
    }

    fn record_comment(&mut self, hash: usize, end: usize, inside: bool) {
        let text = self.text[hash + 1..end].trim().to_owned();
        self.comments.push(Comment {
            text,
            span: Span::new(hash, end),
            inside_instruction: inside,
        });
    }

    pub(crate) fn run(mut self) -> Dockerfile {
        while let Some(line) = self.next_line() {
            let content = &self.text[line.start..line.content_end];
            let token_start = line.content_end - content.trim_start().len();
            self.directive(token_start, line.content_end);
            if self.text[token_start..line.content_end].starts_with('#') {
                self.record_comment(token_start, line.content_end, false);
                continue;
            }
            let (piece_end, mut continues) = self.trim_continuation(token_start, line.content_end);
            if !continues && piece_end == token_start {
                continue;
            }
            let start_line = self.line_no;
            let mut logical = LogicalText::new();
            logical.push(&self.text[token_start..piece_end], token_start);
            let mut last_end = line.content_end;
            let mut empty_line: Option<usize> = None;
            while continues {
                let Some(next) = self.next_line() else {
                    break;
                };
                last_end = next.content_end;
                let content = &self.text[next.start..next.content_end];
                let trimmed = content.trim_start();
                if trimmed.starts_with('#') {
                    let hash = next.content_end - trimmed.len();
                    self.record_comment(hash, next.content_end, true);
                    continue;
                }
                if trimmed.is_empty() {
                    empty_line.get_or_insert(next.start);
                    continue;
                }
                let (piece_end, more) = self.trim_continuation(next.start, next.content_end);
                logical.push(&self.text[next.start..piece_end], next.start);
                continues = more;
            }
            if let Some(at) = empty_line {
                self.diagnostics.push(SyntaxDiagnostic {
                    kind: SyntaxErrorKind::EmptyContinuationLine,
                    severity: SyntaxSeverity::Warning,
                    message: "empty line inside a continued instruction; BuildKit warns and will reject this in a future release".into(),
                    span: Span::empty(at),
                });
            }
            let whole = Span::new(token_start, last_end);
            match build_instruction(&logical, self.escape, 0) {
                Ok(mut ins) => {
                    ins.line = start_line;
                    ins.span = Span::new(ins.span.start, last_end);
                    if can_contain_heredoc(&ins) {
                        self.read_heredocs(&mut ins, &logical);
                    }
                    ins.end_line = self.line_no;
                    if let InstructionKind::Onbuild {
                        trigger: Some(child),
                    } = &mut ins.kind
                    {
                        child.line = ins.line;
                        child.end_line = ins.end_line;
                    }
                    self.instructions.push(ins);
                }
                Err(message) => self.error(SyntaxErrorKind::InvalidInstruction, message, whole),
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
        let line_index = LineIndex::new(&self.text);
        Dockerfile {
            text: self.text,
            line_index,
            directives: self.directives,
            escape: self.escape,
            instructions: self.instructions,
            comments: self.comments,
            diagnostics: self.diagnostics,
        }
    }

    /// Read the bodies of the heredocs opened on this instruction's line.
    fn read_heredocs(&mut self, ins: &mut Instruction, logical: &LogicalText) {
        let headers = heredocs_in_line(&logical.text);
        for h in headers {
            let header_span = logical.map(h.start, h.end);
            let body_start = self.pos;
            let mut body_end = body_start;
            let mut terminator = None;
            while let Some(line) = self.next_line() {
                let mut candidate = &self.text[line.start..line.content_end];
                if h.chomp {
                    candidate = candidate.trim_start_matches('\t');
                }
                if candidate == h.name {
                    terminator = Some(Span::new(line.start, line.content_end));
                    break;
                }
                body_end = line.end;
            }
            let content = self.text[body_start..body_end].to_owned();
            let Some(terminator_span) = terminator else {
                let span = Span::new(ins.span.start, self.text.len());
                self.error(
                    SyntaxErrorKind::UnterminatedHeredoc,
                    "unterminated heredoc",
                    span,
                );
                ins.heredocs.push(Heredoc {
                    name: h.name,
                    fd: h.fd,
                    chomp: h.chomp,
                    expand: h.expand,
                    content,
                    header_span,
                    body_span: Span::new(body_start, body_end),
                    terminator_span: Span::empty(body_end),
                });
                return;
            };
            ins.span = Span::new(ins.span.start, terminator_span.end);
            ins.heredocs.push(Heredoc {
                name: h.name,
                fd: h.fd,
                chomp: h.chomp,
                expand: h.expand,
                content,
                header_span,
                body_span: Span::new(body_start, body_end),
                terminator_span,
            });
        }
    }
}

/// RUN, COPY and ADD in shell form (directly or under ONBUILD) may carry heredocs.
fn can_contain_heredoc(ins: &Instruction) -> bool {
    let target = match &ins.kind {
        InstructionKind::Onbuild {
            trigger: Some(child),
        } => child.as_ref(),
        _ => ins,
    };
    matches!(target.keyword, Keyword::Run | Keyword::Copy | Keyword::Add) && !target.json
}
