//! Word splitting exactly as BuildKit's Dockerfile parser does it before any
//! variable expansion: instruction flags, ENV/LABEL/ARG words, and plain
//! whitespace-separated lists.

/// A word and its byte range in the text it was split from.
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
pub(crate) fn is_ascii_go_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// Offsets of `s.trim()` inside `s` (Unicode white space, like Go's `strings.TrimSpace`).
pub(crate) fn trim_bounds(s: &str) -> (usize, usize) {
    let start = s.len() - s.trim_start().len();
    let end = start + s[start..].trim_end().len();
    (start, end)
}

/// Split on runs of `[\t\v\f\r ]`, as BuildKit's `parseStringsWhitespaceDelimited`.
pub(crate) fn split_separators(s: &str) -> Vec<RawWord> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i <= bytes.len() {
        if i == bytes.len() || is_separator(bytes[i]) {
            out.push(RawWord {
                value: s[start..i].to_owned(),
                start,
                end: i,
            });
            while i < bytes.len() && is_separator(bytes[i]) {
                i += 1;
            }
            start = i;
            if i == bytes.len() {
                break;
            }
            continue;
        }
        i += 1;
    }
    out
}

/// BuildKit's `parseWords`: split on white space, keep quotes, keep escapes
/// (an escape token and the character after it stay in the word), drop an
/// escape token at the very end.
pub(crate) fn parse_words(rest: &str, escape: char) -> Vec<RawWord> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut start = 0;
    let mut chars = rest.char_indices().peekable();
    loop {
        let Some((pos, ch)) = chars.next() else {
            if phase != Phase::Spaces && (blank_ok || !word.is_empty()) {
                words.push(RawWord {
                    value: std::mem::take(&mut word),
                    start,
                    end: rest.len(),
                });
            }
            break;
        };
        if phase == Phase::Spaces {
            if ch.is_whitespace() {
                continue;
            }
            phase = Phase::Word;
            start = pos;
        }
        let at_end_after = |w: usize| pos + w == rest.len();
        if phase == Phase::Word {
            if ch.is_whitespace() {
                phase = Phase::Spaces;
                if blank_ok || !word.is_empty() {
                    words.push(RawWord {
                        value: std::mem::take(&mut word),
                        start,
                        end: pos,
                    });
                }
                word.clear();
                blank_ok = false;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
            }
            if ch == escape {
                if at_end_after(ch.len_utf8()) {
                    continue;
                }
                word.push(ch);
                if let Some((_, next)) = chars.next() {
                    word.push(next);
                }
                continue;
            }
            word.push(ch);
            continue;
        }
        // Phase::Quote
        if ch == quote {
            phase = Phase::Word;
        }
        if ch == escape && quote != '\'' {
            if at_end_after(ch.len_utf8()) {
                phase = Phase::Word;
                continue;
            }
            word.push(ch);
            if let Some((_, next)) = chars.next() {
                word.push(next);
            }
            continue;
        }
        word.push(ch);
    }
    words
}

/// BuildKit's `extractBuilderFlags`: leading `--flag[=value]` words (quotes
/// removed, `\` escapes processed), stopping at the first word that does not
/// start with `--` or after a lone `--`. Returns the flags and the offset
/// where the arguments start.
pub(crate) fn extract_flags(line: &str) -> (Vec<RawWord>, usize) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let b = line.as_bytes();
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word: Vec<u8> = Vec::new();
    let mut quote = 0u8;
    let mut blank_ok = false;
    let mut start = 0;
    let mut pos = 0;
    let finish = |word: &mut Vec<u8>| String::from_utf8_lossy(&std::mem::take(word)).into_owned();
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
                return (words, pos);
            }
            phase = Phase::Word;
            start = pos;
        }
        if pos == b.len() {
            if word.as_slice() != b"--" && (blank_ok || !word.is_empty()) {
                words.push(RawWord {
                    value: finish(&mut word),
                    start,
                    end: pos,
                });
            }
            break;
        }
        let ch = b[pos];
        if phase == Phase::Word {
            if is_ascii_go_space(ch) {
                phase = Phase::Spaces;
                if word.as_slice() == b"--" {
                    return (words, pos);
                }
                if blank_ok || !word.is_empty() {
                    words.push(RawWord {
                        value: finish(&mut word),
                        start,
                        end: pos,
                    });
                }
                word.clear();
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == b'\'' || ch == b'"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                pos += 1;
                continue;
            }
            if ch == b'\\' {
                if pos + 1 == b.len() {
                    pos += 1;
                    continue;
                }
                pos += 1;
            }
            word.push(b[pos]);
            pos += 1;
            continue;
        }
        // Phase::Quote
        if ch == quote {
            phase = Phase::Word;
            pos += 1;
            continue;
        }
        if ch == b'\\' {
            if pos + 1 == b.len() {
                phase = Phase::Word;
                pos += 1;
                continue;
            }
            pos += 1;
        }
        word.push(b[pos]);
        pos += 1;
    }
    (words, b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(w: &[RawWord]) -> Vec<&str> {
        w.iter().map(|w| w.value.as_str()).collect()
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
    fn flags_only_line() {
        let (flags, rest) = extract_flags("--network=none");
        assert_eq!(values(&flags), ["--network=none"]);
        assert_eq!(rest, 14);
    }

    #[test]
    fn parse_words_keeps_quotes_and_escapes() {
        let w = parse_words(r#"A="x\$y" B=a\ b"#, '\\');
        assert_eq!(values(&w), [r#"A="x\$y""#, r"B=a\ b"]);
        assert_eq!((w[1].start, w[1].end), (9, 15));
        let w = parse_words(r#"X="a b" Y='c d'"#, '\\');
        assert_eq!(values(&w), [r#"X="a b""#, "Y='c d'"]);
        let w = parse_words("X=\"\"", '\\');
        assert_eq!(values(&w), ["X=\"\""]);
    }

    #[test]
    fn parse_words_drops_trailing_escape() {
        let w = parse_words(r"a b\", '\\');
        assert_eq!(values(&w), ["a", "b"]);
    }

    #[test]
    fn split_on_ascii_separators_only() {
        let w = split_separators("a \t b\u{a0}c");
        assert_eq!(values(&w), ["a", "b\u{a0}c"]);
        assert_eq!((w[1].start, w[1].end), (4, 8));
    }
}
