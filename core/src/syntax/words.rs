//! Word splitting exactly as BuildKit's Dockerfile parser does it before any
//! variable expansion: instruction flags, ENV/LABEL/ARG words, and plain
//! whitespace-separated lists.

use super::byte_set::{ByteSet, byte_set};

/// A word and its byte range in the text it was split from.
#[cfg(test)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawWord {
    pub value: String,
    pub start: usize,
    pub end: usize,
}

/// BuildKit's `[\t\v\f\r ]` separator class (ASCII only; no newline).
pub(crate) fn is_separator(b: u8) -> bool {
    matches!(b, b'\t' | 0x0b | 0x0c | b'\r' | b' ')
}

/// Go's `unicode.IsSpace` applied to a single byte, restricted to ASCII so a
/// multi-byte character is never cut in two.
pub(crate) const fn is_ascii_go_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// `char::is_whitespace` for an ASCII byte (`[ \t\n\v\f\r]`).
#[inline]
fn is_ascii_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// Offset where `text[start..end].trim_start()` begins (Unicode white space;
/// ASCII is skipped byte by byte, anything else is left to `str`).
#[inline]
pub(crate) fn trim_start_at(text: &str, start: usize, end: usize) -> usize {
    let b = text.as_bytes();
    let mut i = start;
    while i < end && is_ascii_white(b[i]) {
        i += 1;
    }
    if i < end && b[i] >= 0x80 {
        return end - text[i..end].trim_start().len();
    }
    i
}

/// Offset where `text[start..end].trim_end()` ends.
#[inline]
pub(crate) fn trim_end_at(text: &str, start: usize, end: usize) -> usize {
    let b = text.as_bytes();
    let mut i = end;
    while i > start && is_ascii_white(b[i - 1]) {
        i -= 1;
    }
    if i > start && b[i - 1] >= 0x80 {
        return start + text[start..i].trim_end().len();
    }
    i
}

/// Offsets of `s.trim()` inside `s` (Unicode white space, like Go's `strings.TrimSpace`).
#[inline]
pub(crate) fn trim_bounds(s: &str) -> (usize, usize) {
    trim_range(s, 0, s.len())
}

/// `s[start..end]` without leading and trailing white space, as a range.
#[inline]
pub(crate) fn trim_range(s: &str, start: usize, end: usize) -> (usize, usize) {
    let from = trim_start_at(s, start, end);
    (from, trim_end_at(s, from, end))
}

/// Byte ranges `start..end` of the words of `s` split on runs of
/// `[\t\v\f\r ]`, as BuildKit's `parseStringsWhitespaceDelimited` (a leading
/// separator gives an empty first word; a trailing one gives none).
pub(crate) fn split_separators(s: &str) -> SplitSeparators<'_> {
    SplitSeparators {
        bytes: s.as_bytes(),
        pos: 0,
        done: false,
    }
}

/// Iterator of [`split_separators`].
pub(crate) struct SplitSeparators<'a> {
    bytes: &'a [u8],
    pos: usize,
    done: bool,
}

impl Iterator for SplitSeparators<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        if self.done {
            return None;
        }
        let b = self.bytes;
        let start = self.pos;
        let mut i = start;
        while i < b.len() && !is_separator(b[i]) {
            i += 1;
        }
        let end = i;
        while i < b.len() && is_separator(b[i]) {
            i += 1;
        }
        self.pos = i;
        self.done = i == b.len();
        Some((start, end))
    }
}

/// A word found by [`parse_words`]: `start..end` in the text, and its value
/// `text[start..value_end]` (an escape token at the very end of the text is
/// dropped from the value; nothing else ever is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WordRange {
    pub start: usize,
    pub end: usize,
    pub value_end: usize,
}

impl WordRange {
    /// The word's value.
    pub(crate) fn value(self, text: &str) -> &str {
        &text[self.start..self.value_end]
    }
}

/// Length of the UTF-8 character whose first byte is `lead`.
#[inline]
fn char_len(lead: u8) -> usize {
    match lead {
        0..0x80 => 1,
        0x80..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

/// Whether the character starting at byte `i` of `s` is white space
/// (`char::is_whitespace`), and its length.
#[inline(always)]
fn space_at(s: &str, i: usize) -> (bool, usize) {
    let lead = s.as_bytes()[i];
    if lead < 0x80 {
        return (is_ascii_white(lead), 1);
    }
    let c = s[i..].chars().next().unwrap_or('\0');
    (c.is_whitespace(), c.len_utf8())
}

/// BuildKit's `parseWords`: split on white space, keep quotes, keep escapes
/// (an escape token and the character after it stay in the word), drop an
/// escape token at the very end.
pub(crate) fn parse_words(rest: &str, escape: char) -> ParseWords<'_> {
    // The escape token is `\` or `` ` `` (the `escape` directive allows no
    // other); a byte that never occurs in UTF-8 stands for anything else.
    let escape = if escape.is_ascii() {
        escape as u8
    } else {
        0xFF
    };
    ParseWords {
        rest,
        pos: 0,
        escape,
    }
}

/// Bytes that may end or change a word outside quotes: controls and space,
/// quotes, both possible escape tokens, and every non-ASCII byte.
static WORD_SPECIAL: ByteSet =
    byte_set!(|b| b <= b' ' || b >= 0x80 || matches!(b, b'"' | b'\'' | b'\\' | b'`'));

/// Iterator of [`parse_words`].
pub(crate) struct ParseWords<'a> {
    rest: &'a str,
    pos: usize,
    escape: u8,
}

impl Iterator for ParseWords<'_> {
    type Item = WordRange;

    #[inline]
    fn next(&mut self) -> Option<WordRange> {
        let s = self.rest;
        let b = s.as_bytes();
        let n = b.len();
        let mut i = self.pos;
        while i < n {
            let (space, len) = space_at(s, i);
            if !space {
                break;
            }
            i += len;
        }
        if i == n {
            self.pos = n;
            return None;
        }
        let start = i;
        let mut blank_ok = false;
        let mut quote = 0u8;
        let escape = self.escape;
        loop {
            if quote == 0 {
                // The common case: a run of plain ASCII bytes.
                while i < n && !WORD_SPECIAL.contains(b[i]) {
                    i += 1;
                }
            } else {
                // Inside quotes only the closing quote and (between double
                // quotes) the escape token matter; other bytes, UTF-8
                // continuation bytes included, are skipped one by one.
                let escapes = quote != b'\'';
                while i < n && b[i] != quote && !(escapes && b[i] == escape) {
                    i += 1;
                }
            }
            if i == n {
                self.pos = n;
                return (blank_ok || n > start).then_some(WordRange {
                    start,
                    end: n,
                    value_end: n,
                });
            }
            let c = b[i];
            if quote == 0 {
                let (space, len) = space_at(s, i);
                if space {
                    self.pos = i + len;
                    return Some(WordRange {
                        start,
                        end: i,
                        value_end: i,
                    });
                }
                if c == b'\'' || c == b'"' {
                    quote = c;
                    blank_ok = true;
                    i += 1;
                    continue;
                }
            } else if c == quote {
                quote = 0;
                i += 1;
                continue;
            }
            if c == escape && quote != b'\'' {
                if i + 1 == n {
                    self.pos = n;
                    return (blank_ok || i > start).then_some(WordRange {
                        start,
                        end: n,
                        value_end: i,
                    });
                }
                i += 1 + char_len(b[i + 1]);
                continue;
            }
            i += char_len(c);
        }
    }
}

/// BuildKit's `extractBuilderFlags`: leading `--flag[=value]` words (quotes
/// removed, `\` escapes processed), stopping at the first word that does not
/// start with `--` or after a lone `--`. Returns the flags and the offset
/// where the arguments start.
#[cfg(test)]
pub(crate) fn extract_flags(line: &str) -> (Vec<RawWord>, usize) {
    let mut words = Vec::new();
    let rest = extract_flags_with(line, |value, start, end| {
        words.push(RawWord {
            value: value.to_owned(),
            start,
            end,
        })
    });
    (words, rest)
}

/// Bytes that matter inside an unquoted flag word: Go's ASCII white space
/// (which ends it), quotes and the backslash.
static FLAG_WORD_SPECIAL: ByteSet =
    byte_set!(|b| is_ascii_go_space(b) || matches!(b, b'"' | b'\'' | b'\\'));

/// The first byte of `FLAG_WORD_SPECIAL` at or after `pos` (or the end).
/// Kept out of line, where the scan runs in registers: inside the flag
/// loop its position was kept in memory.
#[inline(never)]
fn flag_word_special_from(b: &[u8], pos: usize) -> usize {
    FLAG_WORD_SPECIAL.first_from(b, pos)
}

/// [`extract_flags`], handing each flag (value, start, end) to `flag` as it
/// is found; returns the offset where the arguments start.
pub(crate) fn extract_flags_with(line: &str, mut flag: impl FnMut(&str, usize, usize)) -> usize {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let b = line.as_bytes();
    let mut phase = Phase::Spaces;
    // The word is built from runs of kept bytes: only ASCII quotes and
    // backslashes are ever dropped, so every run is whole UTF-8. A word
    // that drops nothing is handed on as its source text, without a copy.
    let mut word = String::new();
    let mut modified = false;
    let mut run = 0;
    let mut quote = 0u8;
    let mut blank_ok = false;
    let mut start = 0;
    let mut pos = 0;
    while pos <= b.len() {
        if phase == Phase::Spaces {
            if pos == b.len() {
                break;
            }
            let ch = b[pos];
            if is_ascii_go_space(ch) {
                pos += 1;
                continue;
            }
            if ch != b'-' || pos + 1 == b.len() || b[pos + 1] != b'-' {
                return pos;
            }
            phase = Phase::Word;
            start = pos;
            run = pos;
        }
        if phase == Phase::Word {
            // Bytes that neither end the word nor are dropped from it are
            // passed over without the per-byte dispatch below.
            pos = flag_word_special_from(b, pos);
        }
        if pos == b.len() {
            let value = if modified {
                word.push_str(&line[run..pos]);
                &word
            } else {
                &line[run..pos]
            };
            if value != "--" && (blank_ok || !value.is_empty()) {
                flag(value, start, pos);
            }
            break;
        }
        let ch = b[pos];
        if phase == Phase::Word {
            if is_ascii_go_space(ch) {
                let value = if modified {
                    word.push_str(&line[run..pos]);
                    &word
                } else {
                    &line[run..pos]
                };
                phase = Phase::Spaces;
                if value == "--" {
                    return pos;
                }
                if blank_ok || !value.is_empty() {
                    flag(value, start, pos);
                }
                word.clear();
                modified = false;
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == b'\'' || ch == b'"' {
                modified = true;
                word.push_str(&line[run..pos]);
                run = pos + 1;
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                pos += 1;
                continue;
            }
            if ch == b'\\' {
                modified = true;
                word.push_str(&line[run..pos]);
                run = pos + 1;
                if pos + 1 == b.len() {
                    pos += 1;
                    continue;
                }
                pos += 1;
            }
            pos += 1;
            continue;
        }
        // Phase::Quote
        if ch == quote {
            word.push_str(&line[run..pos]);
            run = pos + 1;
            phase = Phase::Word;
            pos += 1;
            continue;
        }
        if ch == b'\\' {
            word.push_str(&line[run..pos]);
            run = pos + 1;
            if pos + 1 == b.len() {
                phase = Phase::Word;
                pos += 1;
                continue;
            }
            pos += 1;
        }
        pos += 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(w: &[RawWord]) -> Vec<&str> {
        w.iter().map(|w| w.value.as_str()).collect()
    }

    fn words(text: &str, escape: char) -> Vec<RawWord> {
        parse_words(text, escape)
            .map(|w| RawWord {
                value: w.value(text).to_owned(),
                start: w.start,
                end: w.end,
            })
            .collect()
    }

    #[test]
    fn flags_stop_at_first_argument() {
        let (flags, rest) = extract_flags("--link --chmod=755 a /b");
        assert_eq!(values(&flags), ["--link", "--chmod=755"]);
        assert_eq!(&"--link --chmod=755 a /b"[rest..], "a /b");
    }

    #[test]
    fn flags_process_quotes_and_stop_at_double_dash() {
        let line = r#"--mount=type=cache,target="/root/.cache" -- --x y"#;
        let (flags, rest) = extract_flags(line);
        assert_eq!(values(&flags), ["--mount=type=cache,target=/root/.cache"]);
        assert_eq!(&line[rest..], " --x y");
        assert_eq!(flags[0].start, 0);
        assert_eq!(flags[0].end, 40);
    }

    #[test]
    fn flag_words_drop_quotes_and_escapes_around_plain_runs() {
        // Plain runs of every length before and after the bytes that matter
        // (the tokenizer passes over plain bytes without looking at each).
        let cases: &[(&str, &[&str], &str)] = &[
            (r#"--a=b"c d"e --f=g\ h x"#, &["--a=bc de", "--f=g h"], "x"),
            ("--x=\u{e9}\tq --y", &["--x=\u{e9}"], "q --y"),
            ("--v=1\x0bz --w", &["--v=1"], "z --w"),
            (r#"--t='a"b' --u="c'd""#, &["--t=a\"b", "--u=c'd"], ""),
            (
                r#"--mount=type=cache,target="/x y",id=abcdefgh z"#,
                &["--mount=type=cache,target=/x y,id=abcdefgh"],
                "z",
            ),
            ("--c=a\x01b rest", &["--c=a\x01b"], "rest"),
            (r"--e=abcdefghij\", &["--e=abcdefghij"], ""),
            (
                "--platform=$BUILDPLATFORM\r\n--link /a",
                &["--platform=$BUILDPLATFORM", "--link"],
                "/a",
            ),
        ];
        for &(line, expected, rest) in cases {
            let (flags, at) = extract_flags(line);
            assert_eq!(values(&flags), expected, "{line:?}");
            assert_eq!(&line[at..], rest, "{line:?}");
        }
    }

    #[test]
    fn flags_only_line() {
        let (flags, rest) = extract_flags("--network=none");
        assert_eq!(values(&flags), ["--network=none"]);
        assert_eq!(rest, 14);
    }

    #[test]
    fn parse_words_keeps_quotes_and_escapes() {
        let w = words(r#"A="x\$y" B=a\ b"#, '\\');
        assert_eq!(values(&w), [r#"A="x\$y""#, r"B=a\ b"]);
        assert_eq!((w[1].start, w[1].end), (9, 15));
        let w = words(r#"X="a b" Y='c d'"#, '\\');
        assert_eq!(values(&w), [r#"X="a b""#, "Y='c d'"]);
        let w = words("X=\"\"", '\\');
        assert_eq!(values(&w), ["X=\"\""]);
    }

    #[test]
    fn parse_words_drops_trailing_escape() {
        let w = words(r"a b\", '\\');
        assert_eq!(values(&w), ["a", "b"]);
    }

    #[test]
    fn split_on_ascii_separators_only() {
        let text = "a \t b\u{a0}c";
        let w: Vec<_> = split_separators(text).collect();
        assert_eq!(w, [(0, 1), (4, 8)]);
        assert_eq!(&text[w[1].0..w[1].1], "b\u{a0}c");
        assert_eq!(split_separators("").collect::<Vec<_>>(), [(0, 0)]);
        assert_eq!(
            split_separators(" a ").collect::<Vec<_>>(),
            [(0, 0), (1, 2)]
        );
    }
}
