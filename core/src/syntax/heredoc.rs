//! Finding heredoc markers (`<<EOF`, `<<-'EOT'`, `3<<EOF`, `<< EOF`) on an
//! instruction line the way BuildKit does: split the line into shell words
//! keeping quotes and escapes raw, then read each word as a heredoc header.

use crate::span::{contains_byte, find_byte};

/// A heredoc header found on the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeredocHeader {
    pub name: HeredocName,
    pub fd: Option<u32>,
    pub chomp: bool,
    pub expand: bool,
    /// Byte range of the header word in the line.
    pub start: usize,
    pub end: usize,
}

/// The terminator word of a heredoc, quotes and escapes removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HeredocName {
    /// Bytes `start..end` of the line: the name as written (`EOF`), or
    /// inside one pair of quotes (`'EOF'`), which is how nearly all are.
    InLine { start: usize, end: usize },
    /// A name read by the shell lexer: quotes, escapes or variables inside
    /// it (`E"O"F`, `\EOF`, `$EOF`) change or may change how it reads.
    Cooked(String),
}

impl HeredocName {
    /// The name, read from `line` when it is a slice of it.
    #[cfg(test)]
    pub(crate) fn as_str<'l>(&'l self, line: &'l str) -> &'l str {
        match self {
            HeredocName::InLine { start, end } => line.get(*start..*end).unwrap_or_default(),
            HeredocName::Cooked(name) => name,
        }
    }
}

/// Options of the small shell-word lexer, mirroring BuildKit's.
#[derive(Clone, Copy)]
struct LexOptions {
    raw_quotes: bool,
    raw_escapes: bool,
}

/// Where the lexer puts the characters of the word it is reading.
trait WordSink {
    fn push(&mut self, c: char);
    fn push_str(&mut self, s: &str);
    fn is_empty(&self) -> bool;
    fn clear(&mut self);
    /// The word read, whose source text is `line[start..end]`.
    fn word<'s>(&'s self, line: &'s str, start: usize, end: usize) -> &'s str;
}

/// Builds each word: quotes or escapes may be dropped from it.
impl WordSink for String {
    fn push(&mut self, c: char) {
        String::push(self, c);
    }
    fn push_str(&mut self, s: &str) {
        String::push_str(self, s);
    }
    fn is_empty(&self) -> bool {
        str::is_empty(self)
    }
    fn clear(&mut self) {
        String::clear(self);
    }
    fn word<'s>(&'s self, _line: &'s str, _start: usize, _end: usize) -> &'s str {
        self
    }
}

/// With raw quotes and raw escapes every character of a word is kept, so
/// the word is its source text and need not be copied anywhere: this only
/// remembers whether it has any character yet.
#[derive(Default)]
struct Verbatim(bool);

impl WordSink for Verbatim {
    fn push(&mut self, _: char) {
        self.0 = true;
    }
    fn push_str(&mut self, _: &str) {
        self.0 = true;
    }
    fn is_empty(&self) -> bool {
        !self.0
    }
    fn clear(&mut self) {
        self.0 = false;
    }
    fn word<'s>(&'s self, line: &'s str, start: usize, end: usize) -> &'s str {
        line.get(start..end).unwrap_or_default()
    }
}

/// Split `s` into shell words without expanding anything (unset variables stay
/// as written), handing each to `each` with its byte range. `None` on a
/// lexing error (unterminated quote or `${`), in which case BuildKit finds no
/// heredoc on the line. One sink serves every word.
fn shell_words<W: WordSink>(
    s: &str,
    opts: LexOptions,
    word: &mut W,
    mut each: impl FnMut(&str, usize, usize),
) -> Option<()> {
    let mut in_word = false;
    let mut start = 0;
    // Where the word's text ends: the end of `s`, unless the line ends in
    // an escape with nothing after it, which is left out of the word.
    let mut text_end = s.len();
    let mut it = s.char_indices().peekable();
    while let Some((pos, ch)) = it.next() {
        match ch {
            '\'' => {
                if !in_word {
                    start = pos;
                }
                in_word = true;
                if opts.raw_quotes {
                    word.push('\'');
                }
                loop {
                    let (_, c) = it.next()?;
                    if c == '\'' {
                        break;
                    }
                    word.push(c);
                }
                if opts.raw_quotes {
                    word.push('\'');
                }
            }
            '"' => {
                if !in_word {
                    start = pos;
                }
                in_word = true;
                if opts.raw_quotes {
                    word.push('"');
                }
                loop {
                    let (_, c) = it.next()?;
                    match c {
                        '"' => break,
                        '\\' => {
                            let next = it.peek().map(|&(_, n)| n);
                            match next {
                                None => {}
                                Some(n @ ('"' | '$' | '\\')) => {
                                    it.next();
                                    if opts.raw_escapes {
                                        word.push('\\');
                                    }
                                    word.push(n);
                                }
                                Some(_) => word.push('\\'),
                            }
                        }
                        '$' => {
                            read_dollar(&mut it, word)?;
                        }
                        _ => word.push(c),
                    }
                }
                if opts.raw_quotes {
                    word.push('"');
                }
            }
            '$' => {
                if !in_word {
                    start = pos;
                }
                in_word = true;
                read_dollar(&mut it, word)?;
            }
            '\\' => {
                if !in_word {
                    start = pos;
                }
                let Some((_, n)) = it.next() else {
                    text_end = pos;
                    break;
                };
                in_word = true;
                if opts.raw_escapes {
                    word.push('\\');
                }
                word.push(n);
            }
            '<' if it.peek().map(|&(_, n)| n) == Some('<') => {
                // `<<` and the blanks after it join the next word, so `<< EOF`
                // reads as one heredoc word, as in current BuildKit.
                it.next();
                if !in_word {
                    start = pos;
                }
                in_word = true;
                word.push_str("<<");
                while let Some(&(_, n)) = it.peek() {
                    if n == ' ' || n == '\t' {
                        word.push(n);
                        it.next();
                    } else {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => {
                if in_word && !word.is_empty() {
                    each(word.word(s, start, pos), start, pos);
                    word.clear();
                }
                in_word = false;
            }
            c => {
                if !in_word {
                    start = pos;
                }
                in_word = true;
                word.push(c);
            }
        }
    }
    if !word.is_empty() {
        each(word.word(s, start, text_end), start, s.len());
    }
    Some(())
}

/// How many shell words `s` has, and the first (empty if none).
fn count_and_first(s: &str, opts: LexOptions) -> Option<(usize, String)> {
    let mut count = 0;
    let mut first = String::new();
    shell_words(s, opts, &mut String::new(), |word, _, _| {
        if count == 0 {
            first.push_str(word);
        }
        count += 1;
    })?;
    Some((count, first))
}

/// Copy a `$…` reference verbatim (no variables are set while finding heredocs).
fn read_dollar(
    it: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    word: &mut impl WordSink,
) -> Option<()> {
    word.push('$');
    if it.peek().map(|&(_, c)| c) != Some('{') {
        return Some(());
    }
    let mut depth = 0usize;
    for (_, c) in it.by_ref() {
        word.push(c);
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(());
                }
            }
            _ => {}
        }
    }
    None
}

/// Read a header word of the form `^(\d*)<<(-?)\s*([^<]*)$`.
fn header_from_word(word: &str) -> Option<(Option<u32>, bool, &str)> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let rest = word[digits..].strip_prefix("<<")?;
    let (chomp, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let rest = rest.trim_start_matches([' ', '\t', '\n', '\r', '\x0c']);
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let fd = if digits > 0 {
        word[..digits].parse().ok()
    } else {
        None
    };
    Some((fd, chomp, rest))
}

/// Whether `<<` occurs in `s` (the quick test that almost every line fails).
fn has_double_less_than(s: &[u8]) -> bool {
    if !contains_byte(s, b'<') {
        return false;
    }
    let mut from = 0;
    while let Some(i) = find_byte(&s[from..], b'<') {
        let at = from + i;
        if s.get(at + 1) == Some(&b'<') {
            return true;
        }
        from = at + 1;
    }
    false
}

/// Every heredoc header on `line`, in order (a vector only when there is
/// one: nearly every line has none).
pub(crate) fn heredocs_in_line(line: &str) -> Vec<HeredocHeader> {
    if !has_double_less_than(line.as_bytes()) {
        return Vec::new();
    }
    let raw = LexOptions {
        raw_quotes: true,
        raw_escapes: true,
    };
    let mut out = Vec::new();
    let lexed = shell_words(line, raw, &mut Verbatim::default(), |word, start, end| {
        out.extend(header_at(word, start, end));
    });
    // A line that does not lex has no heredocs at all.
    if lexed.is_none() {
        return Vec::new();
    }
    out
}

/// The heredoc header a shell word of the line is, if it is one. `word`
/// is the word's source text, which starts at `start` of the line.
fn header_at(word: &str, start: usize, end: usize) -> Option<HeredocHeader> {
    let (fd, chomp, rest) = header_from_word(word)?;
    // `rest` ends the word.
    let rest_at = start + (word.len() - rest.len());
    let (name, expand) = match plain_name(rest) {
        Some((from, to, quoted)) => (
            HeredocName::InLine {
                start: rest_at + from,
                end: rest_at + to,
            },
            !quoted,
        ),
        None => cooked_name(rest)?,
    };
    Some(HeredocHeader {
        name,
        fd,
        chomp,
        expand,
        start,
        end,
    })
}

/// Bytes that make a heredoc name more than its text: quotes, escapes,
/// variables and white space (a non-ASCII byte may start white space).
fn is_name_special(b: u8) -> bool {
    matches!(b, b'\'' | b'"' | b'\\' | b'$' | b'\t'..=b'\r' | b' ') || b >= 0x80
}

/// The name in `rest` when it is written plainly (`EOF`) or inside one
/// pair of quotes (`'EOF'`, `"EOF"`) with nothing special in it: its range
/// in `rest`, and whether it was quoted (which turns off expansion).
fn plain_name(rest: &str) -> Option<(usize, usize, bool)> {
    let b = rest.as_bytes();
    if !b.is_empty() && !b.iter().any(|&c| is_name_special(c)) {
        return Some((0, b.len(), false));
    }
    let (&open, inner) = b.split_first()?;
    let inner = inner.strip_suffix(&[open])?;
    let plain = match open {
        b'\'' => !inner.is_empty() && !inner.contains(&b'\''),
        b'"' => !inner.is_empty() && !inner.iter().any(|&c| is_name_special(c)),
        _ => false,
    };
    plain.then_some((1, b.len() - 1, true))
}

/// The name in `rest` read by the shell lexer (quotes and escapes removed),
/// and whether the body is expanded: `None` unless `rest` is one word.
fn cooked_name(rest: &str) -> Option<(HeredocName, bool)> {
    let cooked = LexOptions {
        raw_quotes: false,
        raw_escapes: false,
    };
    let quoted = LexOptions {
        raw_quotes: true,
        raw_escapes: false,
    };
    let (names, name) = count_and_first(rest, cooked)?;
    if names != 1 {
        return None;
    }
    let (raw_names, raw_name) = count_and_first(rest, quoted)?;
    let count = |s: &str| s.chars().filter(|&c| c == '\'' || c == '"').count();
    let expand = raw_names == 1 && count(&name) == count(&raw_name);
    Some((HeredocName::Cooked(name), expand))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(String, bool, bool)> {
        heredocs_in_line(line)
            .into_iter()
            .map(|h| (h.name.as_str(line).to_owned(), h.chomp, h.expand))
            .collect()
    }

    #[test]
    fn finds_headers_anywhere_on_the_line() {
        assert_eq!(names("RUN <<EOF"), [("EOF".into(), false, true)]);
        assert_eq!(
            names("RUN cat <<EOF > /etc/motd"),
            [("EOF".into(), false, true)]
        );
        assert_eq!(names("RUN <<-'EOT' sh"), [("EOT".into(), true, false)]);
        assert_eq!(
            names(r#"COPY <<"A" <<B /d"#),
            [("A".into(), false, false), ("B".into(), false, true)]
        );
        assert_eq!(names("RUN cat << EOF"), [("EOF".into(), false, true)]);
        let h = heredocs_in_line("RUN 3<<EOF cat /dev/fd/3");
        assert_eq!(h[0].fd, Some(3));
        assert_eq!((h[0].start, h[0].end), (4, 10));
    }

    #[test]
    fn quoted_or_embedded_markers_are_not_heredocs() {
        assert!(names(r#"RUN echo "<<EOF""#).is_empty());
        assert!(names("RUN echo $((1<<2))").is_empty());
        assert!(names("RUN echo 'unterminated <<EOF").is_empty());
        assert!(names("RUN a <<").is_empty());
    }

    #[test]
    fn unset_variables_stay_in_the_name() {
        assert_eq!(names("RUN <<$EOF"), [("$EOF".into(), false, true)]);
    }

    #[test]
    fn a_line_that_does_not_lex_has_no_heredocs_even_before_the_error() {
        assert!(names("RUN <<EOF cat 'unterminated").is_empty());
        assert!(names("RUN <<EOF echo ${A").is_empty());
    }

    #[test]
    fn plain_names_read_as_the_lexer_reads_them() {
        // Every name the shortcut takes must come out as the lexer would
        // cook it, with the same expansion; the rest go to the lexer.
        let parts = [
            "EOF", "a-b.c", "", "'", "\"", "\\", "$", " ", "\u{b}", "é", "x'y",
        ];
        let mut taken = 0;
        for a in parts {
            for b in parts {
                for c in parts {
                    let rest = format!("{a}{b}{c}");
                    let Some((from, to, quoted)) = plain_name(&rest) else {
                        continue;
                    };
                    taken += 1;
                    let (cooked, expand) = cooked_name(&rest).expect(&rest);
                    assert_eq!(cooked.as_str(""), &rest[from..to], "{rest:?}");
                    assert_eq!(expand, !quoted, "{rest:?}");
                }
            }
        }
        assert!(taken > 20);
        assert_eq!(plain_name("'a b'"), Some((1, 4, true)));
        assert_eq!(plain_name("\"a b\""), None);
        assert_eq!(plain_name("''"), None);
        assert_eq!(plain_name("E\\OF"), None);
        let h = heredocs_in_line("RUN cat <<'E\\OF'");
        assert_eq!(h[0].name, HeredocName::InLine { start: 11, end: 15 });
        let h = heredocs_in_line(r#"RUN cat <<E"O"F"#);
        assert_eq!(h[0].name, HeredocName::Cooked("EOF".into()));
        assert!(!h[0].expand);
    }
}
