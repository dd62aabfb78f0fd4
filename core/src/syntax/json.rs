//! The exec-form test BuildKit applies: arguments that are a valid JSON array
//! of strings are exec form; valid JSON that is not an array of strings is an
//! error; anything else is shell form. Iterative, so deep nesting cannot
//! overflow the stack.

use super::byte_set::{ByteSet, byte_set};

/// A JSON string element and its byte range (quotes included) in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonString {
    /// The unescaped value, or `None` when the string has no escapes and its
    /// value is the input between the quotes.
    pub value: Option<String>,
    pub start: usize,
    pub end: usize,
}

/// Outcome of reading arguments as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JsonArgs<L = Vec<JsonString>> {
    /// A valid array of strings, collected into `L`.
    Strings(L),
    /// Valid JSON array, but an element is not a string.
    NotStrings,
    /// Not JSON (or not an array): shell form.
    NotJson,
}

pub(crate) const NOT_STRING_ARRAY: &str =
    "when using JSON array syntax, arrays must be comprised of strings only";

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Read `s` (already left-trimmed) as BuildKit's `parseJSON` would.
#[cfg(test)]
pub(crate) fn parse_json_args(s: &str) -> JsonArgs {
    parse_json_args_into(s, Vec::push)
}

/// [`parse_json_args`], adding each string element to a list of the
/// caller's type as it is read (no list in between).
pub(crate) fn parse_json_args_into<L: Default>(
    s: &str,
    mut add: impl FnMut(&mut L, JsonString),
) -> JsonArgs<L> {
    let b = s.as_bytes();
    if b.first() != Some(&b'[') {
        return JsonArgs::NotJson;
    }
    let mut stack = CtxStack::default();
    let mut elements = L::default();
    let mut all_strings = true;
    let mut i = 0;
    // States: expecting a value (`want_value`), or after a value expecting `,` or a closer.
    let mut want_value = true;
    let mut allow_close = false; // an empty container may close right away
    let mut want_key = false;
    loop {
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        if stack.is_empty() && !want_value {
            // Top-level array finished: only white space may follow.
            return if i == b.len() {
                if all_strings {
                    JsonArgs::Strings(elements)
                } else {
                    JsonArgs::NotStrings
                }
            } else {
                JsonArgs::NotJson
            };
        }
        let Some(&c) = b.get(i) else {
            return JsonArgs::NotJson;
        };
        if want_value {
            let top_level_element = stack.len() == 1 && stack.last() == Some(Ctx::Array);
            if allow_close && (c == b']' || c == b'}') {
                let expected = if c == b']' { Ctx::Array } else { Ctx::Object };
                if stack.pop() != Some(expected) {
                    return JsonArgs::NotJson;
                }
                i += 1;
                want_value = false;
                allow_close = false;
                want_key = false;
                continue;
            }
            allow_close = false;
            if want_key {
                if c != b'"' {
                    return JsonArgs::NotJson;
                }
                let Some((_, next)) = read_string(s, i) else {
                    return JsonArgs::NotJson;
                };
                i = next;
                while i < b.len() && is_ws(b[i]) {
                    i += 1;
                }
                if b.get(i) != Some(&b':') {
                    return JsonArgs::NotJson;
                }
                i += 1;
                want_key = false;
                continue;
            }
            match c {
                b'[' => {
                    if !stack.is_empty() && top_level_element {
                        all_strings = false;
                    }
                    stack.push(Ctx::Array);
                    allow_close = true;
                    i += 1;
                    continue;
                }
                b'{' => {
                    if top_level_element {
                        all_strings = false;
                    }
                    stack.push(Ctx::Object);
                    allow_close = true;
                    want_key = true;
                    i += 1;
                    // `{}` is handled by allow_close before the key check.
                    continue;
                }
                b'"' => {
                    let Some((value, next)) = read_string(s, i) else {
                        return JsonArgs::NotJson;
                    };
                    if top_level_element {
                        add(
                            &mut elements,
                            JsonString {
                                value,
                                start: i,
                                end: next,
                            },
                        );
                    }
                    i = next;
                }
                _ => {
                    let Some(next) = read_scalar(b, i) else {
                        return JsonArgs::NotJson;
                    };
                    if top_level_element {
                        all_strings = false;
                    }
                    i = next;
                }
            }
            want_value = false;
            continue;
        }
        // After a value: `,` or the closer of the current container.
        match (c, stack.last()) {
            (b',', Some(Ctx::Array)) => {
                want_value = true;
                i += 1;
            }
            (b',', Some(Ctx::Object)) => {
                want_value = true;
                want_key = true;
                i += 1;
            }
            (b']', Some(Ctx::Array)) | (b'}', Some(Ctx::Object)) => {
                stack.pop();
                i += 1;
            }
            _ => return JsonArgs::NotJson,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Ctx {
    Array,
    Object,
}

/// The open containers, innermost last: a bit per level in a word for the
/// first 64 levels (no allocation for ordinary arguments), a vector beyond.
#[derive(Default)]
struct CtxStack {
    len: usize,
    objects: u64,
    deep: Vec<Ctx>,
}

impl CtxStack {
    fn len(&self) -> usize {
        self.len
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn push(&mut self, c: Ctx) {
        if self.len < 64 {
            let bit = 1u64 << self.len;
            if c == Ctx::Object {
                self.objects |= bit;
            } else {
                self.objects &= !bit;
            }
        } else {
            self.deep.push(c);
        }
        self.len += 1;
    }

    fn last(&self) -> Option<Ctx> {
        match self.len {
            0 => None,
            n @ 1..=64 => Some(if self.objects & (1u64 << (n - 1)) != 0 {
                Ctx::Object
            } else {
                Ctx::Array
            }),
            _ => self.deep.last().copied(),
        }
    }

    fn pop(&mut self) -> Option<Ctx> {
        let top = self.last()?;
        if self.len > 64 {
            self.deep.pop();
        }
        self.len -= 1;
        Some(top)
    }
}

/// Bytes that end a run of plain characters inside a JSON string: the
/// closing quote, an escape, or a control character (not allowed there).
static STRING_SPECIAL: ByteSet = byte_set!(|b| b < 0x20 || b == b'"' || b == b'\\');

/// `{}` needs the key check skipped when the object is empty; handled by the
/// caller through `allow_close`. Reads a JSON string starting at the quote.
fn read_string(s: &str, start: usize) -> Option<(Option<String>, usize)> {
    let b = s.as_bytes();
    let mut out = String::new();
    let mut escaped = false;
    let mut i = start + 1;
    let mut run = i;
    while i < b.len() {
        // Plain characters are passed over in one go.
        i = STRING_SPECIAL.first_from(b, i);
        let Some(&c) = b.get(i) else {
            break;
        };
        match c {
            b'"' if !escaped => return Some((None, i + 1)),
            b'"' => {
                out.push_str(&s[run..i]);
                return Some((Some(out), i + 1));
            }
            b'\\' => {
                escaped = true;
                out.push_str(&s[run..i]);
                let esc = *b.get(i + 1)?;
                i += 2;
                match esc {
                    b'"' => out.push('"'),
                    b'\\' => out.push('\\'),
                    b'/' => out.push('/'),
                    b'b' => out.push('\u{8}'),
                    b'f' => out.push('\u{c}'),
                    b'n' => out.push('\n'),
                    b'r' => out.push('\r'),
                    b't' => out.push('\t'),
                    b'u' => {
                        let hi = hex4(b, i)?;
                        i += 4;
                        if (0xD800..0xDC00).contains(&hi) {
                            // A surrogate pair, if a low half follows; else U+FFFD.
                            if b.get(i) == Some(&b'\\')
                                && b.get(i + 1) == Some(&b'u')
                                && let Some(lo) = hex4(b, i + 2)
                                && (0xDC00..0xE000).contains(&lo)
                            {
                                let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                                i += 6;
                                run = i;
                                continue;
                            }
                            out.push('\u{FFFD}');
                        } else {
                            out.push(char::from_u32(hi).unwrap_or('\u{FFFD}'));
                        }
                    }
                    _ => return None,
                }
                run = i;
            }
            c if c < 0x20 => return None,
            _ => i += 1,
        }
    }
    None
}

fn hex4(b: &[u8], i: usize) -> Option<u32> {
    let digits = b.get(i..i + 4)?;
    let mut v = 0u32;
    for &d in digits {
        v = v * 16 + (d as char).to_digit(16)?;
    }
    Some(v)
}

/// A number, `true`, `false` or `null`; returns the offset after it.
fn read_scalar(b: &[u8], start: usize) -> Option<usize> {
    for lit in [&b"true"[..], b"false", b"null"] {
        if b[start..].starts_with(lit) {
            return Some(start + lit.len());
        }
    }
    let mut i = start;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(c) if c.is_ascii_digit() => {
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &str) -> Vec<String> {
        match parse_json_args(s) {
            JsonArgs::Strings(v) => v
                .into_iter()
                .map(|e| {
                    e.value
                        .unwrap_or_else(|| s[e.start + 1..e.end - 1].to_owned())
                })
                .collect(),
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn string_arrays_are_exec_form() {
        assert_eq!(strings(r#"["echo", "hi"]"#), ["echo", "hi"]);
        assert_eq!(strings(r#"[]"#), Vec::<String>::new());
        assert_eq!(strings(r#"["a\/b", "\u0041\t"]  "#), ["a/b", "A\t"]);
        assert_eq!(strings(r#"["\ud83d\ude00"]"#), ["😀"]);
        // Escapes between long plain runs, non-ASCII among them.
        assert_eq!(
            strings(r#"["a plain run \u00e9 then \"quoted\" and \\ after é", "z"]"#),
            ["a plain run é then \"quoted\" and \\ after é", "z"]
        );
    }

    #[test]
    fn element_spans_include_quotes() {
        let JsonArgs::Strings(v) = parse_json_args(r#"[ "a", "bc" ]"#) else {
            panic!()
        };
        assert_eq!((v[1].start, v[1].end), (7, 11));
    }

    #[test]
    fn valid_json_that_is_not_strings_is_an_error() {
        assert_eq!(
            parse_json_args(r#"[ "echo", [ "nested json" ] ]"#),
            JsonArgs::NotStrings
        );
        assert_eq!(parse_json_args(r#"["a", 1]"#), JsonArgs::NotStrings);
        assert_eq!(
            parse_json_args(r#"[{"a": [1, {}]}, null]"#),
            JsonArgs::NotStrings
        );
    }

    #[test]
    fn anything_else_is_shell_form() {
        for s in [
            "['echo', 'hi']",
            r#"["a",]"#,
            r#"["a""#,
            r#"["a"] x"#,
            "[\"a\nb\"]",
            "[\"a long plain run\tthen a raw tab\"]",
            r#"["\x"]"#,
            "echo",
            "[01]",
            "[1.]",
            "[{1:2}]",
        ] {
            assert_eq!(parse_json_args(s), JsonArgs::NotJson, "{s}");
        }
    }

    #[test]
    fn mixed_nesting_deeper_than_a_word() {
        let open = "{\"k\": [".repeat(100);
        let close = "]}".repeat(100);
        let s = format!("[{open}1{close}]");
        assert_eq!(parse_json_args(&s), JsonArgs::NotStrings);
        let bad = format!("[{open}1{}]]]", "]}".repeat(99));
        assert_eq!(parse_json_args(&bad), JsonArgs::NotJson);
        let s = format!("[\"a\", {open}\"b\"{close}, \"c\"]");
        assert_eq!(parse_json_args(&s), JsonArgs::NotStrings);
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let s = format!("[{}{}]", "[".repeat(200_000), "]".repeat(200_000));
        assert_eq!(parse_json_args(&s), JsonArgs::NotStrings);
    }
}
