//! Quote removal for single words, done by hand on the word's source text so that every
//! output byte can be traced back to the byte it came from (needed to give `sh -c`
//! scripts and backquoted substitutions spans in the original text).

use super::lex::{self, Substitution};

/// How a word's text is quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// An ordinary shell word.
    Word,
    /// The body of a here-document with an unquoted delimiter: quotes are literal, and
    /// `\` only escapes `$`, `` ` ``, `\` and newlines.
    HereDoc,
}

/// The result of analysing a word.
#[derive(Debug, Default)]
pub(super) struct Analysis {
    /// The text after quote removal; expansions are kept exactly as written.
    pub text: String,
    /// `map[i]` is the byte of the raw word that produced byte `i` of `text`; one extra
    /// entry maps the end. Empty unless asked for.
    pub map: Vec<usize>,
    /// True when the word holds no expansion, so `text` is its value.
    pub literal: bool,
    /// Command substitutions in the word (byte ranges of their inner text in the raw word),
    /// not counting those nested inside other substitutions.
    pub subs: Vec<Substitution>,
}

struct Out {
    bytes: Vec<u8>,
    map: Vec<usize>,
    want_map: bool,
}

impl Out {
    fn push(&mut self, b: u8, from: usize) {
        self.bytes.push(b);
        if self.want_map {
            self.map.push(from);
        }
    }

    fn push_slice(&mut self, raw: &[u8], start: usize, end: usize) {
        let end = end.min(raw.len());
        if start >= end {
            return;
        }
        self.bytes.extend_from_slice(&raw[start..end]);
        if self.want_map {
            self.map.extend(start..end);
        }
    }

    fn push_char(&mut self, ch: char, from: usize) {
        let mut buf = [0u8; 4];
        for &b in ch.encode_utf8(&mut buf).as_bytes() {
            self.push(b, from);
        }
    }
}

/// Bytes that can make a word anything but its own literal text.
fn is_special(b: u8) -> bool {
    matches!(b, b'\\' | b'\'' | b'"' | b'$' | b'`')
}

/// Length of the UTF-8 sequence starting with byte `b`.
fn utf8_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Removes quotes from `raw` and finds its expansions and command substitutions.
pub(super) fn analyze(raw: &str, mode: Mode, want_map: bool) -> Analysis {
    let b = raw.as_bytes();
    if !b.iter().any(|&c| is_special(c)) {
        return Analysis {
            text: raw.to_owned(),
            map: if want_map {
                (0..=b.len()).collect()
            } else {
                Vec::new()
            },
            literal: true,
            subs: Vec::new(),
        };
    }
    let mut out = Out {
        bytes: Vec::with_capacity(b.len()),
        map: Vec::new(),
        want_map,
    };
    let mut literal = true;
    let mut subs = Vec::new();
    let mut in_dq = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\\' => {
                let next = b.get(i + 1).copied();
                let escapes = match (mode, in_dq, next) {
                    (_, _, None) => false,
                    (Mode::Word, false, Some(_)) => true,
                    (_, _, Some(n)) => {
                        matches!(n, b'$' | b'`' | b'\\' | b'\n') || (in_dq && n == b'"')
                    }
                };
                match next {
                    Some(b'\n') if escapes => i += 2,
                    Some(n) if escapes => {
                        let len = utf8_len(n);
                        out.push_slice(b, i + 1, i + 1 + len);
                        i += 1 + len;
                    }
                    _ => {
                        out.push(c, i);
                        i += 1;
                    }
                }
            }
            b'\'' if mode == Mode::Word && !in_dq => {
                let end = b[i + 1..]
                    .iter()
                    .position(|&q| q == b'\'')
                    .map_or(b.len(), |p| i + 1 + p);
                out.push_slice(b, i + 1, end);
                i = end + 1;
            }
            b'"' if mode == Mode::Word => {
                in_dq = !in_dq;
                i += 1;
            }
            b'$' => {
                let next = b.get(i + 1).copied();
                match next {
                    Some(b'\'') if mode == Mode::Word && !in_dq => {
                        i = ansi_c(b, i + 2, &mut out);
                    }
                    Some(b'"') if mode == Mode::Word && !in_dq => {
                        // `$"…"`: a translatable string, read as an ordinary one.
                        in_dq = true;
                        i += 2;
                    }
                    Some(b'(' | b'{' | b'[') => {
                        let (end, inner) = lex::construct_end(raw, i);
                        if next == Some(b'(') && b.get(i + 2) != Some(&b'(') {
                            let close = if end <= b.len() && b.get(end - 1) == Some(&b')') {
                                end - 1
                            } else {
                                end
                            };
                            subs.push(Substitution {
                                start: i + 2,
                                end: close.max(i + 2),
                                backtick: false,
                            });
                        } else {
                            subs.extend(inner);
                        }
                        literal = false;
                        out.push_slice(b, i, end);
                        i = end.max(i + 1);
                    }
                    Some(n) if n.is_ascii_alphabetic() || n == b'_' => {
                        let mut end = i + 2;
                        while b
                            .get(end)
                            .is_some_and(|&x| x.is_ascii_alphanumeric() || x == b'_')
                        {
                            end += 1;
                        }
                        literal = false;
                        out.push_slice(b, i, end);
                        i = end;
                    }
                    Some(n)
                        if n.is_ascii_digit()
                            || matches!(n, b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-') =>
                    {
                        literal = false;
                        out.push_slice(b, i, i + 2);
                        i += 2;
                    }
                    _ => {
                        out.push(c, i);
                        i += 1;
                    }
                }
            }
            b'`' => {
                let (end, _) = lex::construct_end(raw, i);
                let close = if b.get(end.wrapping_sub(1)) == Some(&b'`') && end > i + 1 {
                    end - 1
                } else {
                    end
                };
                subs.push(Substitution {
                    start: i + 1,
                    end: close.max(i + 1),
                    backtick: true,
                });
                literal = false;
                out.push_slice(b, i, end);
                i = end.max(i + 1);
            }
            _ => {
                out.push(c, i);
                i += 1;
            }
        }
    }
    if want_map {
        out.map.push(b.len());
    }
    Analysis {
        text: bytes_to_string(out.bytes),
        map: out.map,
        literal,
        subs,
    }
}

fn bytes_to_string(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

/// Decodes the body of `$'…'` starting at `i` (just after the quote). Returns the index
/// just past the closing quote.
fn ansi_c(b: &[u8], mut i: usize, out: &mut Out) -> usize {
    while i < b.len() {
        let c = b[i];
        if c == b'\'' {
            return i + 1;
        }
        if c != b'\\' {
            out.push(c, i);
            i += 1;
            continue;
        }
        let at = i;
        let Some(&e) = b.get(i + 1) else {
            out.push(c, i);
            return b.len();
        };
        i += 2;
        let simple = match e {
            b'n' => Some(b'\n'),
            b't' => Some(b'\t'),
            b'r' => Some(b'\r'),
            b'a' => Some(0x07),
            b'b' => Some(0x08),
            b'e' | b'E' => Some(0x1b),
            b'f' => Some(0x0c),
            b'v' => Some(0x0b),
            b'\\' | b'\'' | b'"' | b'?' => Some(e),
            _ => None,
        };
        if let Some(v) = simple {
            out.push(v, at);
            continue;
        }
        let (radix, max) = match e {
            b'x' => (16, 2),
            b'u' => (16, 4),
            b'U' => (16, 8),
            b'0'..=b'7' => {
                i -= 1;
                (8, 3)
            }
            _ => (0, 0),
        };
        if radix == 0 {
            out.push(b'\\', at);
            out.push(e, at + 1);
            continue;
        }
        let mut value: u32 = 0;
        let mut digits = 0;
        while digits < max {
            match b.get(i).and_then(|&d| char::from(d).to_digit(radix)) {
                Some(d) => {
                    value = value.saturating_mul(radix).saturating_add(d);
                    i += 1;
                    digits += 1;
                }
                None => break,
            }
        }
        if digits == 0 {
            out.push(b'\\', at);
            out.push(e, at + 1);
            continue;
        }
        if matches!(e, b'u' | b'U') {
            out.push_char(char::from_u32(value).unwrap_or('\u{FFFD}'), at);
        } else {
            // `\xHH` and octal escapes give a byte, which may not be valid UTF-8 alone.
            let byte = u8::try_from(value & 0xFF).unwrap_or(0);
            if byte.is_ascii() {
                out.push(byte, at);
            } else {
                out.push_char('\u{FFFD}', at);
            }
        }
    }
    b.len()
}

/// Undoes the escaping inside a backquoted command substitution (`\\`, `` \` `` and `\$`
/// stand for the character itself), keeping a map from output bytes to input bytes.
pub(super) fn unescape_backquoted(inner: &str) -> Option<(String, Vec<usize>)> {
    let b = inner.as_bytes();
    if !b.contains(&b'\\') {
        return None;
    }
    let mut out = Out {
        bytes: Vec::with_capacity(b.len()),
        map: Vec::with_capacity(b.len() + 1),
        want_map: true,
    };
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && matches!(b.get(i + 1), Some(b'\\' | b'`' | b'$')) {
            out.push(b[i + 1], i + 1);
            i += 2;
        } else {
            out.push(b[i], i);
            i += 1;
        }
    }
    out.map.push(b.len());
    Some((bytes_to_string(out.bytes), out.map))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(raw: &str) -> Option<String> {
        let a = analyze(raw, Mode::Word, false);
        a.literal.then_some(a.text)
    }

    #[test]
    fn quote_removal() {
        assert_eq!(value("plain").as_deref(), Some("plain"));
        assert_eq!(value("'a b'").as_deref(), Some("a b"));
        assert_eq!(value(r#""a \"b\" \$c""#).as_deref(), Some(r#"a "b" $c"#));
        assert_eq!(value(r"a\ b").as_deref(), Some("a b"));
        assert_eq!(value("a\\\nb").as_deref(), Some("ab"));
        assert_eq!(value(r"$'a\tb\x41\101'").as_deref(), Some("a\tbAA"));
        assert_eq!(value("--opt='x y'z").as_deref(), Some("--opt=x yz"));
        assert_eq!(
            value("/var/lib/apt/lists/*").as_deref(),
            Some("/var/lib/apt/lists/*")
        );
        assert_eq!(value("~/x{a,b}").as_deref(), Some("~/x{a,b}"));
        assert_eq!(value(r#""$""#).as_deref(), Some("$"));
        assert_eq!(value("'héllo'").as_deref(), Some("héllo"));
    }

    #[test]
    fn expansions_have_no_value() {
        for w in [
            "$X", "\"$X\"", "${X:-1}", "a$(b)", "`b`", "$((1+2))", "$1", "\"$@\"",
        ] {
            assert_eq!(value(w), None, "{w}");
        }
    }

    #[test]
    fn substitutions_and_map() {
        let raw = r#"-j"$(nproc)"x`id -u`"#;
        let a = analyze(raw, Mode::Word, true);
        assert_eq!(a.subs.len(), 2);
        assert_eq!(&raw[a.subs[0].start..a.subs[0].end], "nproc");
        assert_eq!(&raw[a.subs[1].start..a.subs[1].end], "id -u");
        assert!(a.subs[1].backtick);
        assert_eq!(a.text, "-j$(nproc)x`id -u`");
        assert_eq!(a.map.len(), a.text.len() + 1);
        // The `$` of `$(nproc)` comes from raw byte 3 (after `-j"`).
        assert_eq!(a.map[2], 3);
    }

    #[test]
    fn heredoc_mode_keeps_quotes() {
        let a = analyze("it's \"x\" \\$HOME $(date)\n", Mode::HereDoc, false);
        assert!(!a.literal);
        assert_eq!(a.subs.len(), 1);
        let a = analyze("it's \"x\"\n", Mode::HereDoc, false);
        assert_eq!(a.text, "it's \"x\"\n");
    }

    #[test]
    fn backquote_unescaping() {
        let (s, map) = unescape_backquoted(r"echo \`a\` \$b \\").unwrap_or_default();
        assert_eq!(s, r"echo `a` $b \");
        assert_eq!(map[5], 6);
        assert!(unescape_backquoted("plain").is_none());
    }
}
