//! A linear, iterative scanner over shell text that mirrors how brush's tokenizer
//! nests `$(..)`, `${..}`, `$((..))`, `$[..]`, backquotes, quotes and here-documents.
//!
//! It serves two purposes: before brush sees a text, it measures how deeply the
//! tokenizer would recurse (brush recurses once per nested expansion and would overflow
//! the stack on hostile input) and rejects the inputs that make brush's tokenizer
//! quadratic; and inside a word it finds where an expansion ends, so command
//! substitutions can be parsed as nested scripts. It never recurses itself.

/// Bytes allowed between the first pending `<<` of a line and the newline where the
/// here-document bodies start. brush queues every token of that stretch in a `Vec` that
/// it drains from the front, so the cost grows with the square of this length.
const HEREDOC_LINE_LIMIT: usize = 16 * 1024;

/// Here-document operators allowed in one text (brush's here-tag queue is quadratic too).
const HEREDOC_COUNT_LIMIT: usize = 1000;

/// How deeply plain parentheses may nest (subshells, `((`, groups inside
/// arithmetic). When such a text fails to parse, brush tries each both as
/// arithmetic and as a subshell, and backtracks through arithmetic
/// sub-expressions, doubling its work per parenthesis (28 took seven seconds,
/// 34 minutes). Real scripts nest two or three.
const MAX_PARENS: usize = 12;

/// Why a text was refused before parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refusal {
    pub message: String,
    /// Byte offset in the scanned text.
    pub at: usize,
    /// Whether the text is invalid anyway (rather than merely too much for brush).
    pub syntax: bool,
}

/// An open construct on the scanner's stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Frame {
    /// `$(` … `)`.
    Sub,
    /// A plain `(` in command context (subshell, `((`, process substitution, case pattern).
    Paren,
    /// `$((` … `))`: closed by the `)` that follows its inner [`Frame::Paren`].
    Arith,
    /// `$[` … `]`.
    Bracket,
    /// `${` … `}`.
    Param,
    /// `"` … `"`.
    Dq,
    /// `` ` `` … `` ` ``: opaque here, parsed as a nested script later.
    Backtick,
}

impl Frame {
    /// Frames for which brush's tokenizer calls itself recursively.
    fn recurses(self) -> bool {
        matches!(
            self,
            Frame::Sub | Frame::Arith | Frame::Bracket | Frame::Param | Frame::Backtick
        )
    }

    /// Frames whose inside is a command substitution, i.e. a nested script.
    fn is_substitution(self) -> bool {
        matches!(self, Frame::Sub | Frame::Backtick)
    }
}

/// A command substitution found while scanning: the byte range of its inner text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Substitution {
    pub start: usize,
    pub end: usize,
    pub backtick: bool,
}

#[derive(Debug)]
struct PendingHeredoc {
    delimiter: Vec<u8>,
    strip_tabs: bool,
}

struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
    stack: Vec<Frame>,
    /// Mirrors brush's single `arithmetic_expansion` flag: while set, `<<` is a shift.
    arith: bool,
    depth: usize,
    max_depth_seen: usize,
    /// Open plain parentheses (subshells, `((`, the inside of `$((`).
    parens: usize,
    pending: Vec<PendingHeredoc>,
    first_pending_at: usize,
    heredocs: usize,
    /// Open command substitutions, to record only the outermost ones.
    sub_nesting: usize,
    subs: Vec<Substitution>,
    sub_starts: Vec<usize>,
}

impl<'a> Lexer<'a> {
    fn new(b: &'a [u8], start: usize) -> Self {
        Lexer {
            b,
            i: start,
            stack: Vec::new(),
            arith: false,
            depth: 0,
            max_depth_seen: 0,
            parens: 0,
            pending: Vec::new(),
            first_pending_at: 0,
            heredocs: 0,
            sub_nesting: 0,
            subs: Vec::new(),
            sub_starts: Vec::new(),
        }
    }

    fn peek(&self, k: usize) -> Option<u8> {
        self.b.get(self.i + k).copied()
    }

    fn push(&mut self, f: Frame) {
        if f.recurses() {
            self.depth += 1;
            self.max_depth_seen = self.max_depth_seen.max(self.depth);
        }
        if f.is_substitution() {
            self.sub_nesting += 1;
            self.sub_starts.push(self.i);
        }
        if matches!(f, Frame::Arith | Frame::Bracket) {
            self.arith = true;
        }
        if f == Frame::Paren {
            self.parens += 1;
        }
        self.stack.push(f);
    }

    /// Pops the top frame; `closer_at` is where its closing delimiter starts.
    fn pop(&mut self, closer_at: usize) {
        if let Some(f) = self.stack.pop() {
            if f == Frame::Paren {
                self.parens = self.parens.saturating_sub(1);
            }
            if f.recurses() {
                self.depth = self.depth.saturating_sub(1);
            }
            if matches!(f, Frame::Arith | Frame::Bracket) {
                self.arith = false;
            }
            if f.is_substitution() {
                let start = self.sub_starts.pop().unwrap_or(closer_at);
                if self.sub_nesting == 1 {
                    self.subs.push(Substitution {
                        start,
                        end: closer_at,
                        backtick: f == Frame::Backtick,
                    });
                }
                self.sub_nesting = self.sub_nesting.saturating_sub(1);
            }
        }
    }

    fn top(&self) -> Option<Frame> {
        self.stack.last().copied()
    }

    /// Whether position `i` starts a word (for `#` comments).
    fn at_word_start(&self, origin: usize) -> bool {
        self.i == origin
            || matches!(
                self.b.get(self.i.wrapping_sub(1)),
                Some(b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>')
            )
    }

    /// Skips `'…'` starting at the opening quote.
    fn skip_single_quoted(&mut self) {
        self.i += 1;
        while let Some(c) = self.peek(0) {
            self.i += 1;
            if c == b'\'' {
                return;
            }
        }
    }

    /// Skips `$'…'` starting at the `$`.
    fn skip_ansi_c(&mut self) {
        self.i += 2;
        while let Some(c) = self.peek(0) {
            match c {
                b'\\' => self.i += 2,
                b'\'' => {
                    self.i += 1;
                    return;
                }
                _ => self.i += 1,
            }
        }
        self.i = self.i.min(self.b.len());
    }

    /// Handles a `$` in command, parameter or double-quote context. Returns false when
    /// the `$` starts nothing special.
    fn dollar(&mut self, in_dq: bool) -> bool {
        match self.peek(1) {
            Some(b'(') => {
                if self.peek(2) == Some(b'(') {
                    self.i += 3;
                    self.push(Frame::Arith);
                    self.push(Frame::Paren);
                } else {
                    self.i += 2;
                    self.push(Frame::Sub);
                }
                true
            }
            Some(b'{') => {
                self.i += 2;
                self.push(Frame::Param);
                true
            }
            Some(b'[') => {
                self.i += 2;
                self.push(Frame::Bracket);
                true
            }
            Some(b'\'') if !in_dq => {
                self.skip_ansi_c();
                true
            }
            _ => false,
        }
    }

    /// Reads a here-document delimiter after `<<`/`<<-` and records it as pending.
    /// `register` is false where brush's handling of `<<` is uncertain (inside `${…}`):
    /// the delimiter is only checked, and no body is skipped.
    fn heredoc_operator(&mut self, op_at: usize, register: bool) -> Result<(), Refusal> {
        let strip_tabs = self.peek(0) == Some(b'-');
        if strip_tabs {
            self.i += 1;
        }
        while matches!(self.peek(0), Some(b' ' | b'\t')) {
            self.i += 1;
        }
        let mut delimiter = Vec::new();
        while let Some(c) = self.peek(0) {
            match c {
                b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')' => break,
                b'\'' => {
                    self.i += 1;
                    while let Some(q) = self.peek(0) {
                        self.i += 1;
                        if q == b'\'' {
                            break;
                        }
                        delimiter.push(q);
                    }
                }
                b'"' => {
                    self.i += 1;
                    while let Some(q) = self.peek(0) {
                        self.i += 1;
                        match q {
                            b'"' => break,
                            b'\\' => {
                                if let Some(n) = self.peek(0) {
                                    delimiter.push(n);
                                    self.i += 1;
                                }
                            }
                            _ => delimiter.push(q),
                        }
                    }
                }
                b'\\' => {
                    self.i += 1;
                    if let Some(n) = self.peek(0) {
                        delimiter.push(n);
                        self.i += 1;
                    }
                }
                _ => {
                    delimiter.push(c);
                    self.i += 1;
                }
            }
        }
        if delimiter.is_empty() {
            return Ok(());
        }
        if !register {
            return Ok(());
        }
        self.heredocs += 1;
        if self.heredocs > HEREDOC_COUNT_LIMIT {
            return Err(Refusal {
                message: format!("more than {HEREDOC_COUNT_LIMIT} here-documents in one script"),
                at: op_at,
                syntax: false,
            });
        }
        if self.pending.is_empty() {
            self.first_pending_at = op_at;
        }
        self.pending.push(PendingHeredoc {
            delimiter,
            strip_tabs,
        });
        Ok(())
    }

    /// At an unquoted newline (at `self.i`, already consumed): skips the bodies of the
    /// pending here-documents, line by line, up to each delimiter line.
    fn heredoc_bodies(&mut self, newline_at: usize) -> Result<(), Refusal> {
        if self.pending.is_empty() {
            return Ok(());
        }
        if newline_at.saturating_sub(self.first_pending_at) > HEREDOC_LINE_LIMIT {
            return Err(Refusal {
                message: format!(
                    "more than {HEREDOC_LINE_LIMIT} bytes between a here-document operator and the end of its line"
                ),
                at: self.first_pending_at,
                syntax: false,
            });
        }
        let pending = std::mem::take(&mut self.pending);
        for doc in pending {
            let mut terminated = false;
            while self.i < self.b.len() {
                let line_start = self.i;
                let line_end = self.b[line_start..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(self.b.len(), |p| line_start + p);
                self.i = (line_end + 1).min(self.b.len());
                let mut line = &self.b[line_start..line_end];
                if doc.strip_tabs {
                    while let [b'\t', rest @ ..] = line {
                        line = rest;
                    }
                }
                if line == doc.delimiter.as_slice() {
                    terminated = true;
                    break;
                }
            }
            if !terminated {
                return Err(unterminated_heredoc(newline_at));
            }
        }
        Ok(())
    }

    /// Runs until the input ends or, when `until_empty`, until the stack empties.
    fn run(&mut self, origin: usize, until_empty: bool, max_depth: usize) -> Result<(), Refusal> {
        while let Some(c) = self.peek(0) {
            if until_empty && self.stack.is_empty() {
                return Ok(());
            }
            if self.parens > MAX_PARENS {
                return Err(Refusal {
                    message: format!("parentheses nested more than {MAX_PARENS} deep"),
                    at: self.i,
                    syntax: false,
                });
            }
            if self.depth > max_depth {
                return Err(Refusal {
                    message: format!("expansions nested more than {max_depth} deep"),
                    at: self.i,
                    syntax: false,
                });
            }
            let top = self.top();
            match top {
                Some(Frame::Backtick) => match c {
                    b'\\' => self.i += 2,
                    b'`' => {
                        let at = self.i;
                        self.i += 1;
                        self.pop(at);
                    }
                    _ => self.i += 1,
                },
                Some(Frame::Dq) => match c {
                    b'\\' => self.i += 2,
                    b'"' => {
                        let at = self.i;
                        self.i += 1;
                        self.pop(at);
                    }
                    b'`' => {
                        self.i += 1;
                        self.push(Frame::Backtick);
                    }
                    b'$' => {
                        if !self.dollar(true) {
                            self.i += 1;
                        }
                    }
                    _ => self.i += 1,
                },
                // Command context: the root, a subshell, `$(`, `$((`, `$[` and `${`.
                _ => self.command_char(c, top, origin)?,
            }
        }
        self.i = self.i.min(self.b.len());
        if !until_empty && !self.pending.is_empty() {
            return Err(unterminated_heredoc(self.first_pending_at));
        }
        Ok(())
    }

    fn command_char(&mut self, c: u8, top: Option<Frame>, origin: usize) -> Result<(), Refusal> {
        match c {
            b'\\' => self.i += 2,
            b'\'' => self.skip_single_quoted(),
            b'"' => {
                self.i += 1;
                self.push(Frame::Dq);
            }
            b'`' => {
                self.i += 1;
                self.push(Frame::Backtick);
            }
            b'$' => {
                if !self.dollar(false) {
                    self.i += 1;
                }
            }
            b'}' if top == Some(Frame::Param) => {
                let at = self.i;
                self.i += 1;
                self.pop(at);
            }
            b']' if top == Some(Frame::Bracket) => {
                let at = self.i;
                self.i += 1;
                self.pop(at);
            }
            b'(' => {
                // brush treats `((` as the start of arithmetic (no here-documents inside).
                if self.peek(1) == Some(b'(') && top != Some(Frame::Param) {
                    self.arith = true;
                }
                self.i += 1;
                self.push(Frame::Paren);
            }
            b')' => {
                let at = self.i;
                if self.arith && self.peek(1) == Some(b')') {
                    self.arith = false;
                }
                self.i += 1;
                match top {
                    Some(Frame::Paren) => {
                        self.stack.pop();
                        self.parens = self.parens.saturating_sub(1);
                        // `$((`: the second `)` closes the arithmetic frame itself.
                        if self.top() == Some(Frame::Arith) && self.peek(0) == Some(b')') {
                            let at2 = self.i;
                            self.i += 1;
                            self.pop(at2);
                        }
                    }
                    Some(Frame::Sub | Frame::Arith) => self.pop(at),
                    _ => {}
                }
            }
            b'#' if top != Some(Frame::Param) && self.at_word_start(origin) => {
                while let Some(n) = self.peek(0) {
                    if n == b'\n' {
                        break;
                    }
                    self.i += 1;
                }
            }
            b'<' if self.peek(1) == Some(b'<') => {
                let at = self.i;
                if self.peek(2) == Some(b'<') {
                    self.i += 3;
                } else {
                    self.i += 2;
                    if !self.arith {
                        self.heredoc_operator(at, top != Some(Frame::Param))?;
                    }
                }
            }
            b'\n' => {
                let at = self.i;
                self.i += 1;
                self.heredoc_bodies(at)?;
            }
            _ => self.i += 1,
        }
        Ok(())
    }
}

/// Checks a whole script text before brush tokenizes it: expansion nesting within
/// `max_depth`, and here-document use within the limits brush handles in linear time.
pub(super) fn prescan(text: &str, max_depth: usize) -> Result<(), Refusal> {
    blank_heredoc_delimiter(text.as_bytes())?;
    let mut lx = Lexer::new(text.as_bytes(), 0);
    lx.run(0, false, max_depth)
}

/// [`prescan`], skipped for texts it cannot refuse: those without parentheses,
/// without expansions that nest (`${`, `$[`, backquotes) and without
/// here-documents (`<<`).
/// Most scripts are such texts, and this byte check is far cheaper.
pub(super) fn prescan_if_needed(text: &str, max_depth: usize) -> Result<(), Refusal> {
    let b = text.as_bytes();
    let risky = b.iter().enumerate().any(|(i, &c)| match c {
        b'`' | b'(' => true,
        b'$' => matches!(b.get(i + 1), Some(b'(' | b'{' | b'[')),
        b'<' => b.get(i + 1) == Some(&b'<'),
        _ => false,
    });
    if risky {
        prescan(text, max_depth)
    } else {
        Ok(())
    }
}

/// A here-document whose body never starts or never ends. brush rejects these anyway,
/// and in some of them (inside an unterminated `$(`) loops forever, allocating.
fn unterminated_heredoc(at: usize) -> Refusal {
    Refusal {
        message: "unterminated here-document".to_owned(),
        at,
        syntax: true,
    }
}

/// brush loops forever, allocating, on a here-document delimiter that is empty once
/// it is trimmed (`trim_ascii_start`) or unquoted: `<<\r;#`, `${<<\r}`, `<<'';#`. Blanks
/// are skipped before the delimiter, so that happens when it starts with `\r`, a form
/// feed, `''` or `""`. It loops the same way on an unterminated expansion in the
/// delimiter. No real script writes such delimiters; refuse them wherever `<<` appears.
fn blank_heredoc_delimiter(b: &[u8]) -> Result<(), Refusal> {
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'<' && b[i + 1] == b'<' {
            let mut j = i + 2;
            let mut after_blank = false;
            while j < b.len() && matches!(b[j], b'-' | b' ' | b'\t' | b'<') {
                if b[j] == b'<' && after_blank {
                    // `<< <x`: the delimiter would be the operator `<`.
                    break;
                }
                after_blank |= matches!(b[j], b' ' | b'\t');
                j += 1;
            }
            // Inside `$(…)` brush keeps the blanks in the delimiter token, so a missing
            // delimiter is a blank one too (`$(<< `).
            let blank = matches!(
                b.get(j),
                None | Some(
                    b'\r' | b'\x0c' | b'\n' | b';' | b'&' | b'|' | b'>' | b'(' | b')' | b'<'
                )
            );
            let empty_quotes = matches!(b.get(j..j + 2), Some(b"''" | b"\"\""));
            if blank || empty_quotes {
                return Err(Refusal {
                    message: "blank or missing here-document delimiter".to_owned(),
                    at: i,
                    syntax: false,
                });
            }
            // An expansion in the delimiter (never expanded by shells) sends brush into
            // the same loop when it is left open (`<<$(  `).
            let mut k = j;
            while k < b.len()
                && !matches!(
                    b[k],
                    b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')'
                )
            {
                let expansion = b[k] == b'`'
                    || (b[k] == b'$' && matches!(b.get(k + 1), Some(b'(' | b'[' | b'{')));
                if expansion {
                    return Err(Refusal {
                        message: "expansion in a here-document delimiter".to_owned(),
                        at: i,
                        syntax: false,
                    });
                }
                k += 1;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    Ok(())
}

/// Finds the end of the construct that starts at `start` (`$(`, `$((`, `${`, `$[` or a
/// backquote) in `text`. Returns the byte offset just past its closing delimiter (or the
/// text length when unterminated) and the command substitutions directly inside it.
pub(super) fn construct_end(text: &str, start: usize) -> (usize, Vec<Substitution>) {
    let b = text.as_bytes();
    let Some(mut lx) = opened(b, start) else {
        return ((start + 1).min(b.len()), Vec::new());
    };
    let first_inner = lx.i;
    // Limits were checked by `prescan` on the whole text; the scan itself is iterative.
    let _ = lx.run(start, true, usize::MAX);
    let mut subs = lx.subs;
    subs.retain(|s| s.start != first_inner);
    (lx.i.min(b.len()), subs)
}

/// A lexer just inside the construct opening at `start`, if one does.
fn opened(b: &[u8], start: usize) -> Option<Lexer<'_>> {
    let mut lx = Lexer::new(b, start);
    match (b.get(start), b.get(start + 1)) {
        (Some(b'`'), _) => {
            lx.i += 1;
            lx.push(Frame::Backtick);
        }
        (Some(b'$'), Some(_)) if lx.dollar(false) => {}
        _ => return None,
    }
    Some(lx)
}

/// Like [`construct_end`], for the construct at `start` only when it is closed: the
/// offset just past its closing delimiter, or `None` when the text ends first.
pub(super) fn terminated_construct_end(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut lx = opened(b, start)?;
    // Limits were checked by `prescan` on the whole text; the scan itself is iterative.
    lx.run(start, true, usize::MAX).ok()?;
    lx.stack.is_empty().then_some(lx.i.min(b.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn construct_end_respects_quotes_and_nesting() {
        let t = r#"$(echo ")" $(a) 'x)' \) ) tail"#;
        let (end, subs) = construct_end(t, 0);
        assert_eq!(&t[..end], r#"$(echo ")" $(a) 'x)' \) )"#);
        // The outer substitution is the construct itself, so nothing inside is reported.
        assert!(subs.is_empty());
    }

    #[test]
    fn construct_end_reports_substitutions_inside_parameters() {
        let t = "${A:-$(cmd one)}rest";
        let (end, subs) = construct_end(t, 0);
        assert_eq!(&t[..end], "${A:-$(cmd one)}");
        assert_eq!(subs.len(), 1);
        assert_eq!(&t[subs[0].start..subs[0].end], "cmd one");
    }

    #[test]
    fn arithmetic_and_heredoc_inside_substitution() {
        let t = "$(( (1+2) << 3 )) x";
        assert_eq!(construct_end(t, 0).0, t.len() - 2);
        let t = "$(cat <<E\n)\nE\n) x";
        assert_eq!(construct_end(t, 0).0, t.len() - 2);
    }

    #[test]
    fn prescan_is_skipped_only_where_it_cannot_refuse() {
        // Subshells and arithmetic are not expansions brush recurses on, but they
        // are checked for their own limit.
        let parens = format!("{}a{}", "(".repeat(12), ")".repeat(12));
        assert!(prescan_if_needed(&parens, 2).is_ok());
        let deeper = format!("{}a{}", "(".repeat(13), ")".repeat(13));
        assert!(prescan_if_needed(&deeper, 32).is_err());
        let subs = format!("{}a{}", "$(".repeat(40), ")".repeat(40));
        assert!(prescan_if_needed(&subs, 2).is_err());
        let ticks = "echo `a \\`b\\` c`";
        assert_eq!(
            prescan_if_needed(ticks, 0).is_err(),
            prescan(ticks, 0).is_err()
        );
        assert!(prescan_if_needed("cat <<", 8).is_err());
        // brush loops forever, allocating, on an operator as the delimiter.
        assert!(prescan_if_needed("echo $(a <<- <set -e", 8).is_err());
        assert!(prescan_if_needed("cat <<< word", 8).is_ok());
        assert!(prescan_if_needed("echo $HOME \\$x '$(' <f", 0).is_ok());
    }

    #[test]
    fn prescan_limits_nesting_and_skips_heredoc_bodies() {
        let deep = format!("echo {}x{}", "$(".repeat(40), ")".repeat(40));
        assert!(prescan(&deep, 32).is_err());
        assert!(prescan(&deep, 64).is_ok());
        // A here-document body full of `$(` is not code.
        let body = format!("cat <<EOF\n{}\nEOF\necho ok", "$(".repeat(100));
        assert!(prescan(&body, 8).is_ok());
        // `<<` inside `((` is a shift, so the next line is code again.
        let shift = format!("(( x << 2 ))\n{}", "$(".repeat(100));
        assert!(prescan(&shift, 8).is_err());
    }

    #[test]
    fn prescan_refuses_long_heredoc_lines() {
        let long = format!("cat <<EOF {}\nbody\nEOF\n", "a ".repeat(20_000));
        assert!(prescan(&long, 32).is_err());
        let many = format!("cat {}\n", "<<E ".repeat(1200));
        assert!(prescan(&many, 32).is_err());
    }
}
