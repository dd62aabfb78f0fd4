//! Turning one logical line into an [`Instruction`], dispatching on the
//! keyword exactly as BuildKit's line parsers do.

use super::ast::{Flag, Instruction, Keyword, Word};
use super::json::{JsonArgs, JsonString, NOT_STRING_ARRAY, parse_json_args_into};

use super::flags::MountCache;
use super::logical::{LineValues, LogicalRef};
use super::strings::Str;
use super::word_list::Words;
use super::words::{
    WordRange, extract_flags_with, is_ascii_go_space, is_separator, parse_words, split_separators,
    trim_bounds,
};
use crate::span::Span;

/// Why an instruction could not be read (BuildKit's wording).
pub(crate) type BuildError = String;

/// Words of the argument text, with offsets relative to that text.
struct Args<'s, 'a> {
    values: &'s LineValues<'s, 'a>,
    logical: LogicalRef<'s>,
    /// Offset of the argument text inside `logical`.
    base: usize,
    text: &'s str,
    /// The argument text as a slice of the source and where it starts
    /// there, for an instruction on one line: its words are then slices
    /// and their spans offsets, with no lookup in the logical line.
    direct: Option<(&'a str, usize)>,
}

impl<'s, 'a> Args<'s, 'a> {
    fn new(
        values: &'s LineValues<'s, 'a>,
        logical: LogicalRef<'s>,
        base: usize,
        text: &'s str,
    ) -> Self {
        let direct = values
            .direct()
            .and_then(|(line, at)| Some((line.get(base..base + text.len())?, at + base)));
        Args {
            values,
            logical,
            base,
            text,
            direct,
        }
    }

    fn word(&self, value: Str<'a>, start: usize, end: usize) -> Word<'a> {
        Word {
            value,
            span: self.logical.map(self.base + start, self.base + end),
        }
    }

    /// The word whose value is `value_start..value_end` and whose source
    /// text is `start..end` (offsets in the argument text).
    #[inline(always)]
    fn sliced_word(
        &self,
        value_start: usize,
        value_end: usize,
        start: usize,
        end: usize,
    ) -> Word<'a> {
        match self.direct {
            Some((text, at)) => Word {
                value: Str::borrowed(text.get(value_start..value_end).unwrap_or_default()),
                // The argument text as a line of its own, one piece at `at`.
                span: LogicalRef::one_piece(text, &(0, at)).map(start, end),
            },
            None => self.word(self.str(value_start, value_end), start, end),
        }
    }

    /// Push the word [`Args::sliced_word`] gives onto `words`: written
    /// straight into the list, not returned and then moved.
    #[inline(never)]
    fn push_sliced_word(
        &self,
        words: &mut Words<'a>,
        value_start: usize,
        value_end: usize,
        start: usize,
        end: usize,
    ) {
        words.push(self.sliced_word(value_start, value_end, start, end));
    }

    /// Push the word whose value is the text `start..end` itself.
    #[inline]
    fn push_text_word(&self, words: &mut Words<'a>, start: usize, end: usize) {
        self.push_sliced_word(words, start, end, start, end);
    }

    /// Push the words of the argument text split on separators, as
    /// BuildKit's `parseStringsWhitespaceDelimited` (none for an empty text).
    fn push_separated_words(&self, words: &mut Words<'a>) {
        if self.text.is_empty() {
            return;
        }
        for (start, end) in split_separators(self.text) {
            self.push_text_word(words, start, end);
        }
    }

    /// Push the key and the value of a word whose first `=` is at `eq` of
    /// its value. The value may differ from the source text (a dropped
    /// trailing escape), so the split is mapped by source positions.
    #[inline(never)]
    fn push_key_value(&self, words: &mut Words<'a>, w: WordRange, eq: usize) {
        let key_end = (w.start + eq).min(w.end);
        words.push(self.sliced_word(w.start, w.start + eq, w.start, key_end));
        words.push(self.sliced_word(
            w.start + eq + 1,
            w.value_end,
            (key_end + 1).min(w.end),
            w.end,
        ));
    }

    /// The text `start..end` (of the argument text) as a value.
    fn str(&self, start: usize, end: usize) -> Str<'a> {
        self.values.str(self.base + start, self.base + end)
    }

    /// A JSON string element as a word.
    fn json_word(&self, s: JsonString) -> Word<'a> {
        let value = match s.value {
            Some(v) => Str::from(v),
            None => self.str(s.start + 1, s.end - 1),
        };
        self.word(value, s.start, s.end)
    }
}

/// Parse the logical line `text` (continuations already joined; `pieces`
/// maps it to the source, see [`LogicalRef`]) and push the instruction onto
/// `out`. Nothing is pushed on an error. `depth` is 0 at top level and 1
/// inside ONBUILD.
///
/// The line comes as its two slices rather than one `LogicalRef`: a struct
/// of that size is passed through memory, and reading it back right after
/// the caller wrote it waited for those writes.
pub(crate) fn push_instruction<'a>(
    out: &mut Vec<Instruction<'a>>,
    source: &Str<'a>,
    text: &str,
    pieces: &[(usize, usize)],
    escape: char,
    depth: u8,
) -> Result<(), BuildError> {
    let l = LogicalRef { text, pieces };
    let values = LineValues::new(source, l);
    let (ts, te) = trim_bounds(text);
    let t = &text[ts..te];
    let kw_len = t.bytes().position(is_separator).unwrap_or(t.len());
    let keyword_text = &t[..kw_len];
    let mut after = kw_len;
    while after < t.len() && is_separator(t.as_bytes()[after]) {
        after += 1;
    }
    let flags_base = ts + after;
    let mut flags: Vec<Flag<'a>> = Vec::new();
    // Flags start with `--`; any other first byte (separators are skipped
    // already) means there are none, as `extract_flags_with` would find.
    let may_have_flags = matches!(t.as_bytes().get(after), Some(b'-' | b'\n'));
    let rem = if may_have_flags && (after < t.len() || kw_len < t.len()) {
        extract_flags_with(&t[after..], |raw, start, end| {
            // A flag without quotes or escapes is its source text; its name
            // and value are slices of it either way.
            let raw_value = if raw.len() == end - start {
                values.str(flags_base + start, flags_base + end)
            } else {
                Str::from(raw.to_owned())
            };
            let dashes = if raw.starts_with("--") { 2 } else { 0 };
            let (name, value) = match find_equals(&raw[dashes..]) {
                Some(eq) => (
                    raw_value.slice(dashes, dashes + eq),
                    Some(raw_value.slice(dashes + eq + 1, raw.len())),
                ),
                None => (raw_value.slice(dashes, raw.len()), None),
            };
            flags.push(Flag {
                span: l.map(flags_base + start, flags_base + end),
                raw: raw_value,
                name,
                value,
            });
        })
    } else {
        0
    };
    let args_from = (flags_base + rem).min(te);
    let (as_, ae) = trim_bounds(&text[args_from..te]);
    let base = args_from + as_;
    let rest_text = &text[base..args_from + ae];
    let args = Args::new(&values, l, base, rest_text);
    let keyword = Keyword::from_word(keyword_text);
    let keyword_word = Word {
        value: values.str(ts, ts + kw_len),
        span: l.map(ts, ts + kw_len),
    };
    let rest_span = l.map(base, base + rest_text.len());
    // The instruction is put in its place first and its parts written
    // there as they are read: built on the stack and then moved, it was
    // copied several times (hundreds of bytes) right after being written,
    // and each copy waited for those writes to complete.
    let at = out.len();
    out.push(BLANK);
    let Some(ins) = out.last_mut() else {
        return Ok(());
    };
    ins.keyword = keyword;
    ins.keyword_word = keyword_word;
    ins.span = l.map(ts, te);
    ins.flags = flags;
    ins.arguments_span = rest_span;
    let read = Read {
        args: &args,
        source,
        escape,
        depth,
    };
    if let Err(message) = read.arguments(ins) {
        out.truncate(at);
        return Err(message);
    }
    Ok(())
}

/// A fresh instruction, its parts to be written in place.
#[allow(clippy::declare_interior_mutable_const)] // only ever copied out as a new value
const BLANK: Instruction<'static> = Instruction {
    keyword: Keyword::Unknown,
    keyword_word: Word {
        value: Str::new(),
        span: Span { start: 0, end: 0 },
    },
    line: 0,
    end_line: 0,
    span: Span { start: 0, end: 0 },
    flags: Vec::new(),
    args: Words::new(),
    json: false,
    heredocs: Vec::new(),
    arguments_span: Span { start: 0, end: 0 },
    legacy_pair: false,
    mount_cache: MountCache::new(),
    trigger: None,
};

/// What reading an instruction's arguments needs besides the arguments
/// themselves (which carry the line and its values).
struct Read<'r, 's, 'a> {
    args: &'r Args<'s, 'a>,
    source: &'r Str<'a>,
    escape: char,
    depth: u8,
}

impl<'a> Read<'_, '_, 'a> {
    /// Write the argument list of `ins` (keyword, flags and spans already
    /// set), whether it was JSON, whether the legacy `KEY value` form was
    /// used, and ONBUILD's trigger.
    fn arguments(&self, ins: &mut Instruction<'a>) -> Result<(), BuildError> {
        let args = self.args;
        let rest_text = args.text;
        let words = &mut ins.args;
        match ins.keyword {
            Keyword::From | Keyword::Expose => args.push_separated_words(words),
            Keyword::Copy | Keyword::Add | Keyword::Volume => {
                ins.json = maybe_json_list(args, words)?;
            }
            Keyword::Shell | Keyword::Cmd | Keyword::Entrypoint | Keyword::Run => {
                ins.json = maybe_json(args, words)?;
            }
            Keyword::Env | Keyword::Label => {
                ins.legacy_pair = name_values(args, self.escape, ins.keyword, words)?;
            }
            Keyword::Arg => {
                for w in parse_words(rest_text, self.escape) {
                    args.push_sliced_word(words, w.start, w.value_end, w.start, w.end);
                }
            }
            Keyword::User | Keyword::Workdir | Keyword::Stopsignal | Keyword::Maintainer => {
                if !rest_text.is_empty() {
                    args.push_text_word(words, 0, rest_text.len());
                }
            }
            Keyword::Healthcheck => {
                let b = rest_text.as_bytes();
                let sep = b
                    .iter()
                    .position(|&c| is_ascii_go_space(c))
                    .unwrap_or(b.len());
                if sep > 0 {
                    let mut next = sep;
                    while next < b.len() && is_ascii_go_space(b[next]) {
                        next += 1;
                    }
                    let sub = Args::new(
                        args.values,
                        args.logical,
                        args.base + next,
                        &rest_text[next..],
                    );
                    let mut command = Words::new();
                    ins.json = maybe_json(&sub, &mut command)?;
                    args.push_text_word(words, 0, sep);
                    for word in command.iter() {
                        words.push(word.clone());
                    }
                }
            }
            Keyword::Onbuild if !rest_text.is_empty() => {
                if self.depth > 0 {
                    return Err("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".into());
                }
                // The trigger is read from the argument text.
                let trigger_text = args.logical.slice(args.base, args.base + rest_text.len());
                let trigger = trigger_text.view();
                let mut child = Vec::with_capacity(1);
                push_instruction(
                    &mut child,
                    self.source,
                    trigger.text,
                    trigger.pieces,
                    self.escape,
                    self.depth + 1,
                )?;
                if let Some(mut child) = child.pop() {
                    child.span = ins.arguments_span;
                    *words = child.args.clone();
                    ins.json = child.json;
                    ins.trigger = Some(Box::new(child));
                }
            }
            Keyword::Onbuild | Keyword::Unknown => {}
        }
        Ok(())
    }
}

/// Offset of the first `=` (a plain byte search: these strings are short).
#[inline]
fn find_equals(s: &str) -> Option<usize> {
    s.bytes().position(|b| b == b'=')
}

/// The arguments read as a JSON array, its strings as words.
fn json_words<'a>(args: &Args<'_, 'a>) -> JsonArgs<Words<'a>> {
    parse_json_args_into(args.text, |words: &mut Words<'a>, s| {
        words.push(args.json_word(s));
    })
}

/// `parseMaybeJSON`: JSON string array, or the whole text as one shell
/// string, onto `words`; whether it was JSON.
fn maybe_json<'a>(args: &Args<'_, 'a>, words: &mut Words<'a>) -> Result<bool, BuildError> {
    if args.text.is_empty() {
        return Ok(false);
    }
    match json_words(args) {
        JsonArgs::Strings(json) => {
            *words = json;
            Ok(true)
        }
        JsonArgs::NotStrings => Err(NOT_STRING_ARRAY.into()),
        JsonArgs::NotJson => {
            args.push_text_word(words, 0, args.text.len());
            Ok(false)
        }
    }
}

/// `parseMaybeJSONToList`: JSON string array, or whitespace-separated
/// words, onto `words`; whether it was JSON.
fn maybe_json_list<'a>(args: &Args<'_, 'a>, words: &mut Words<'a>) -> Result<bool, BuildError> {
    match json_words(args) {
        JsonArgs::Strings(json) => {
            *words = json;
            Ok(true)
        }
        JsonArgs::NotStrings => Err(NOT_STRING_ARRAY.into()),
        JsonArgs::NotJson => {
            args.push_separated_words(words);
            Ok(false)
        }
    }
}

/// `parseNameVal`: `k=v …`, or the legacy `k value with spaces`, onto
/// `out` as BuildKit's argument list (keys and values in turn); whether the
/// legacy form was used.
fn name_values<'a>(
    args: &Args<'_, 'a>,
    escape: char,
    keyword: Keyword,
    out: &mut Words<'a>,
) -> Result<bool, BuildError> {
    let text = args.text;
    let mut words = parse_words(text, escape);
    let Some(first) = words.next() else {
        return Ok(false);
    };
    let Some(first_eq) = find_equals(first.value(text)) else {
        let b = text.as_bytes();
        let Some(sep) = b.iter().position(|&c| is_separator(c)) else {
            return Err(format!("{} must have two arguments", keyword.as_str()));
        };
        let mut val = sep;
        while val < b.len() && is_separator(b[val]) {
            val += 1;
        }
        args.push_text_word(out, 0, sep);
        args.push_text_word(out, val, b.len());
        return Ok(true);
    };
    args.push_key_value(out, first, first_eq);
    for w in words {
        let value = w.value(text);
        let Some(eq) = find_equals(value) else {
            return Err(format!(
                "Syntax error - can't find = in {value:?}. Must be of the form: name=value"
            ));
        };
        args.push_key_value(out, w, eq);
    }
    Ok(false)
}
