//! Finding heredoc markers (`<<EOF`, `<<-'EOT'`, `3<<EOF`, `<< EOF`) on an
//! instruction line the way BuildKit does: split the line into shell words
//! keeping quotes and escapes raw, then read each word as a heredoc header.

use crate::span::{contains_byte, find_byte};

/// A heredoc header found on the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeredocHeader {
    pub name: String,
    pub fd: Option<u32>,
    pub chomp: bool,
    pub expand: bool,
    /// Byte range of the header word in the line.
    pub start: usize,
    pub end: usize,
}

/// Options of the small shell-word lexer, mirroring BuildKit's.
#[derive(Clone, Copy)]
struct LexOptions {
    raw_quotes: bool,
    raw_escapes: bool,
}

/// Split `s` into shell words without expanding anything (unset variables stay
/// as written), handing each to `each` with its byte range. `None` on a
/// lexing error (unterminated quote or `${`), in which case BuildKit finds no
/// heredoc on the line. One buffer serves every word.
fn shell_words(s: &str, opts: LexOptions, mut each: impl FnMut(&str, usize, usize)) -> Option<()> {
    let mut word = String::new();
    let mut in_word = false;
    let mut start = 0;
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
                            read_dollar(&mut it, &mut word)?;
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
                read_dollar(&mut it, &mut word)?;
            }
            '\\' => {
                if !in_word {
                    start = pos;
                }
                let Some((_, n)) = it.next() else {
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
                    each(&word, start, pos);
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
        each(&word, start, s.len());
    }
    Some(())
}

/// How many shell words `s` has, and the first (empty if none).
fn count_and_first(s: &str, opts: LexOptions) -> Option<(usize, String)> {
    let mut count = 0;
    let mut first = String::new();
    shell_words(s, opts, |word, _, _| {
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
    word: &mut String,
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

/// Every heredoc header on `line`, in order.
pub(crate) fn heredocs_in_line(line: &str) -> Vec<HeredocHeader> {
    if !has_double_less_than(line.as_bytes()) {
        return Vec::new();
    }
    let raw = LexOptions {
        raw_quotes: true,
        raw_escapes: true,
    };
    let mut out = Vec::new();
    let lexed = shell_words(line, raw, |word, start, end| {
        out.extend(header_at(word, start, end));
    });
    if lexed.is_none() {
        return Vec::new();
    }
    out
}

/// The heredoc header a shell word of the line is, if it is one.
fn header_at(word: &str, start: usize, end: usize) -> Option<HeredocHeader> {
    let (fd, chomp, rest) = header_from_word(word)?;
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
    Some(HeredocHeader {
        name,
        fd,
        chomp,
        expand,
        start,
        end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(String, bool, bool)> {
        heredocs_in_line(line)
            .into_iter()
            .map(|h| (h.name, h.chomp, h.expand))
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
}
