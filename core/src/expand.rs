//! Dockerfile variable expansion, matching BuildKit's shell lexer.
//!
//! BuildKit expands `$VAR` and `${VAR...}` in most instructions (`FROM`,
//! `COPY`, `ENV`, `ARG`, `WORKDIR`, `USER`, `LABEL`, `EXPOSE`, ...) with a small
//! lexer of its own rather than a real shell. Rules that reason about what an
//! instruction will actually do need the *same* answer BuildKit computes, quirks
//! included, so this module mirrors its behaviour: quote removal, the
//! configurable escape token, the `${V:-d}`-style modifiers, shell-pattern
//! trimming and replacement, word splitting, and the set of variables that were
//! referenced but not set.
//!
//! Deliberate departures from BuildKit are listed on [`Lexer`].

use std::collections::HashSet;

use serde::Serialize;

/// How deeply `${...}` substitutions may nest inside one another.
///
/// Expansion recurses once per nesting level; the cap keeps hostile input
/// from exhausting the stack.
pub const MAX_NESTING: usize = 64;

/// A variable lookup: `Some(value)` when the name is set (possibly to the
/// empty string), `None` when it is unset.
pub type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Expands variables in Dockerfile words the way BuildKit does.
///
/// Build one per escape token (`\` by default, or `` ` `` after an
/// `# escape=` directive) and toggle BuildKit's options with the `with_*`
/// setters.
///
/// Behaviour that intentionally differs from BuildKit (all on inputs BuildKit
/// rejects or mangles):
/// - `${NAME` cut off by the end of input reports [`ExpandError::MissingBrace`]
///   where BuildKit reports an "unsupported modifier" naming the replacement
///   character.
/// - An empty variable name (as in `${/a/b}`) is never looked up and never
///   reported; it simply counts as unset.
/// - With [`Lexer::with_skip_unset`], `${V//a/b}` on an unset `V` is kept as
///   `${V//a/b}`; BuildKit drops one slash and turns it into a replace-first.
/// - In [`Lexer::expand_words`], text before a `${V:-...}`-style substitution
///   stays in the same word; the newest BuildKit loses it through a shared
///   buffer, which older BuildKit releases and every POSIX shell do not.
/// - Name characters use Rust's `is_alphabetic`/`is_numeric`, which agree with
///   Go's `unicode.IsLetter`/`unicode.IsDigit` on ASCII and on the letters
///   and decimal digits of other scripts, and differ only on rare code points:
///   letter-like numerals (`Ⅻ`), other numeric symbols (`①`), and combining
///   vowel signs.
///
/// BuildKit quirks kept on purpose, because its output depends on them:
/// - `${V//p/r}` reads `r` as a Go regexp template (`$0` is the match, `$$`
///   a dollar sign) while `${V/p/r}` inserts `r` literally.
/// - `*` and `?` in patterns never match a newline.
/// - With raw escapes, an escape token before an ordinary character inside
///   double quotes comes out doubled.
/// - Names referenced inside an unused default (`$B` in `${A:-$B}`) are still
///   looked up and reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Lexer {
    escape: char,
    skip_unset: bool,
    raw_quotes: bool,
    raw_escapes: bool,
    skip_process_quotes: bool,
}

impl Default for Lexer {
    /// The lexer for a Dockerfile without an `# escape=` directive.
    fn default() -> Self {
        Lexer::new('\\')
    }
}

/// The result of expanding one word.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Expansion {
    /// The expanded text with quotes removed and inner spacing kept
    /// (BuildKit's `ProcessWord`).
    pub value: String,
    /// The expanded text split into words, honouring quotes
    /// (BuildKit's `ProcessWords`). Empty quoted strings produce no word.
    pub words: Vec<String>,
    /// Names that were looked up and found set, in first-lookup order.
    pub matched: Vec<String>,
    /// Names that were looked up and found unset, in first-lookup order.
    pub unmatched: Vec<String>,
}

/// Why a word could not be expanded. Every variant carries the byte offset
/// in the input word where the offending construct starts (the `$` of a
/// substitution, the opening quote, or the modifier character).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub enum ExpandError {
    /// `${` without a closing `}`.
    #[error("syntax error: missing '}}'")]
    MissingBrace {
        /// Offset of the `$`.
        offset: usize,
    },
    /// `${}`, `${{...}`, `${:...}`.
    #[error("syntax error: bad substitution")]
    BadSubstitution {
        /// Offset of the `$`.
        offset: usize,
    },
    /// `${V/pattern` with no `/` before the end of input.
    #[error("syntax error: missing '/' in ${{}}")]
    MissingSlash {
        /// Offset of the `$`.
        offset: usize,
    },
    /// An operator BuildKit does not implement, such as `${V=x}` or `${V:#x}`.
    #[error("unsupported modifier ({modifier}) in substitution")]
    UnsupportedModifier {
        /// The operator as written (`=`, `:#`, ...).
        modifier: String,
        /// Offset of the operator.
        offset: usize,
    },
    /// `${V?msg}` on an unset `V`, or `${V:?msg}` on an unset or empty one.
    #[error("{name}: {message}")]
    Required {
        /// The variable.
        name: String,
        /// The expanded message, or BuildKit's default wording.
        message: String,
        /// Offset of the `$`.
        offset: usize,
    },
    /// A `'` with no closing `'`.
    #[error("unexpected end of statement while looking for matching single-quote")]
    UnterminatedSingleQuote {
        /// Offset of the opening quote.
        offset: usize,
    },
    /// A `"` with no closing `"`.
    #[error("unexpected end of statement while looking for matching double-quote")]
    UnterminatedDoubleQuote {
        /// Offset of the opening quote.
        offset: usize,
    },
    /// A trim or replace pattern with a backslash before something other
    /// than `*`, `?`, `\`, `}` or `/`.
    #[error("invalid pattern ({pattern}) in substitution: {reason}")]
    InvalidPattern {
        /// The pattern after expansion.
        pattern: String,
        /// What is wrong with it.
        reason: String,
        /// Offset of the `$`.
        offset: usize,
    },
    /// More than [`MAX_NESTING`] substitutions nested inside one another.
    #[error("substitutions nested more than 64 levels deep")]
    TooDeep {
        /// Offset of the `$` that went one level too deep.
        offset: usize,
    },
}

impl ExpandError {
    /// Byte offset in the input word where the problem starts.
    pub fn offset(&self) -> usize {
        match self {
            ExpandError::MissingBrace { offset }
            | ExpandError::BadSubstitution { offset }
            | ExpandError::MissingSlash { offset }
            | ExpandError::UnsupportedModifier { offset, .. }
            | ExpandError::Required { offset, .. }
            | ExpandError::UnterminatedSingleQuote { offset }
            | ExpandError::UnterminatedDoubleQuote { offset }
            | ExpandError::InvalidPattern { offset, .. }
            | ExpandError::TooDeep { offset } => *offset,
        }
    }
}

impl Lexer {
    /// A lexer using `escape` as the escape token, with every option off.
    pub const fn new(escape: char) -> Self {
        Lexer {
            escape,
            skip_unset: false,
            raw_quotes: false,
            raw_escapes: false,
            skip_process_quotes: false,
        }
    }

    /// Leave references to unset variables in the output as written
    /// (BuildKit's `SkipUnsetEnv`), so a later pass can expand them.
    /// `${V?msg}` on an unset `V` then no longer fails.
    #[must_use]
    pub const fn with_skip_unset(mut self, on: bool) -> Self {
        self.skip_unset = on;
        self
    }

    /// Keep quote characters in the output (BuildKit's `RawQuotes`).
    #[must_use]
    pub const fn with_raw_quotes(mut self, on: bool) -> Self {
        self.raw_quotes = on;
        self
    }

    /// Keep escape tokens in the output (BuildKit's `RawEscapes`).
    #[must_use]
    pub const fn with_raw_escapes(mut self, on: bool) -> Self {
        self.raw_escapes = on;
        self
    }

    /// Treat quotes as ordinary characters (BuildKit's `SkipProcessQuotes`).
    #[must_use]
    pub const fn with_skip_process_quotes(mut self, on: bool) -> Self {
        self.skip_process_quotes = on;
        self
    }

    /// The escape token.
    pub const fn escape(&self) -> char {
        self.escape
    }

    /// Whether unset references are kept verbatim.
    pub const fn skip_unset(&self) -> bool {
        self.skip_unset
    }

    /// Whether quote characters are kept.
    pub const fn raw_quotes(&self) -> bool {
        self.raw_quotes
    }

    /// Whether escape tokens are kept.
    pub const fn raw_escapes(&self) -> bool {
        self.raw_escapes
    }

    /// Whether quotes are treated as ordinary characters.
    pub const fn skip_process_quotes(&self) -> bool {
        self.skip_process_quotes
    }

    /// Expands `word` (BuildKit's `ProcessWord`): substitutes variables,
    /// removes quotes and escapes, and keeps the spacing between words.
    /// The split words and the looked-up names come back too.
    ///
    /// # Errors
    ///
    /// Malformed substitutions, unterminated quotes, `${V?msg}` on an unset
    /// `V`, invalid trim or replace patterns, and nesting beyond
    /// [`MAX_NESTING`]; see [`ExpandError`].
    pub fn expand_word(&self, word: &str, env: Lookup<'_>) -> Result<Expansion, ExpandError> {
        // Most words (ENV values, image names, paths) have nothing to expand.
        let plain = !word
            .chars()
            .any(|c| c == '$' || c == '\'' || c == '"' || c == self.escape);
        if plain {
            return Ok(Expansion {
                value: word.to_owned(),
                words: word.split_whitespace().map(str::to_owned).collect(),
                matched: Vec::new(),
                unmatched: Vec::new(),
            });
        }
        self.expand_word_scanned(word, env)
    }

    /// [`Lexer::expand_word`] without its shortcut for words with nothing to
    /// expand.
    fn expand_word_scanned(&self, word: &str, env: Lookup<'_>) -> Result<Expansion, ExpandError> {
        let mut scan = Scan::new(self, word, env);
        let (value, words) = scan.stop_on(None, self.raw_escapes)?;
        Ok(Expansion {
            value,
            words,
            matched: scan.names.matched,
            unmatched: scan.names.unmatched,
        })
    }

    /// Expands `word` and splits the result into words (BuildKit's
    /// `ProcessWords`). Whitespace produced by a substitution splits words;
    /// whitespace inside quotes does not.
    ///
    /// # Errors
    ///
    /// As for [`Lexer::expand_word`].
    pub fn expand_words(&self, word: &str, env: Lookup<'_>) -> Result<Vec<String>, ExpandError> {
        self.expand_word(word, env).map(|e| e.words)
    }

    /// Names `word` would look up under this lexer's options, in first-use
    /// order, including those inside default values and patterns that
    /// BuildKit always evaluates. Quoted `'$X'` is not a reference. When the
    /// word has a syntax error, the names found before it are returned.
    pub fn referenced_variables(&self, word: &str) -> Vec<String> {
        let lexer = self.with_skip_unset(true);
        let unset = |_: &str| -> Option<String> { None };
        let mut scan = Scan::new(&lexer, word, &unset);
        // Errors only cut the list short; what was found so far is still useful.
        let _ = scan.stop_on(None, lexer.raw_escapes);
        scan.names.unmatched
    }
}

/// Names `word` references, with default options and the given escape token.
/// Useful for questions like "does this `FROM` depend on an `ARG`?".
/// Special parameters (`$1`, `$@`, ...) are included, since BuildKit looks
/// them up like any other name.
pub fn referenced_variables(word: &str, escape: char) -> Vec<String> {
    Lexer::new(escape).referenced_variables(word)
}

/// Names looked up during one expansion, deduplicated, in first-use order.
#[derive(Default)]
struct Names {
    matched: Vec<String>,
    unmatched: Vec<String>,
    seen_matched: HashSet<String>,
    seen_unmatched: HashSet<String>,
}

impl Names {
    fn record(&mut self, name: &str, set: bool) {
        let (list, seen) = if set {
            (&mut self.matched, &mut self.seen_matched)
        } else {
            (&mut self.unmatched, &mut self.seen_unmatched)
        };
        if seen.insert(name.to_owned()) {
            list.push(name.to_owned());
        }
    }
}

/// Word splitting state, kept alongside the expanded text.
#[derive(Default)]
struct Words {
    current: String,
    done: Vec<String>,
    in_word: bool,
}

impl Words {
    /// An unquoted character: whitespace ends the current word.
    fn add_char(&mut self, ch: char) {
        if ch.is_whitespace() {
            // An empty word (from `""`) is dropped but still swallows the space.
            if self.in_word && !self.current.is_empty() {
                self.done.push(std::mem::take(&mut self.current));
                self.in_word = false;
            }
        } else {
            self.add_raw_char(ch);
        }
    }

    /// A quoted or escaped character: always part of the word.
    fn add_raw_char(&mut self, ch: char) {
        self.current.push(ch);
        self.in_word = true;
    }

    /// The result of a substitution: whitespace in it splits words.
    fn add_str(&mut self, s: &str) {
        for ch in s.chars() {
            self.add_char(ch);
        }
    }

    /// The contents of quotes: kept whole.
    fn add_raw_str(&mut self, s: &str) {
        self.current.push_str(s);
        self.in_word = true;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.current.is_empty() {
            self.done.push(self.current);
        }
        self.done
    }
}

/// One expansion in progress: a cursor over the input plus the names seen.
struct Scan<'a> {
    lexer: &'a Lexer,
    src: &'a str,
    pos: usize,
    raw_escapes: bool,
    depth: usize,
    env: Lookup<'a>,
    names: Names,
}

/// Go's `unicode.IsDigit`: ASCII digits in Latin-1, decimal digits beyond.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (u32::from(c) > 0xff && c.is_numeric())
}

/// Go's `unicode.IsLetter`, approximated by Rust's `is_alphabetic`.
fn is_letter(c: char) -> bool {
    c.is_alphabetic()
}

/// POSIX special parameters, which BuildKit reads as one-character names.
fn is_special_param(c: char) -> bool {
    matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}

impl<'a> Scan<'a> {
    fn new(lexer: &'a Lexer, src: &'a str, env: Lookup<'a>) -> Self {
        // Go's text/scanner silently skips a leading byte order mark.
        let pos = if src.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        };
        Scan {
            lexer,
            src,
            pos,
            raw_escapes: lexer.raw_escapes,
            depth: 0,
            env,
            names: Names::default(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.src
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    fn next_char(&mut self) -> Option<char> {
        let ch = self.peek()?;
        self.pos += ch.len_utf8();
        Some(ch)
    }

    /// Looks a name up and records whether it was set.
    fn lookup(&mut self, name: &str) -> Option<String> {
        if name.is_empty() {
            return None;
        }
        let value = (self.env)(name);
        self.names.record(name, value.is_some());
        value
    }

    /// Expands until `stop` (consumed) or the end of input. `raw_escapes`
    /// applies to this stretch only, as BuildKit switches it on for patterns.
    fn stop_on(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
    ) -> Result<(String, Vec<String>), ExpandError> {
        let saved = std::mem::replace(&mut self.raw_escapes, raw_escapes);
        let result = self.stop_on_inner(stop);
        self.raw_escapes = saved;
        result
    }

    fn stop_on_inner(&mut self, stop: Option<char>) -> Result<(String, Vec<String>), ExpandError> {
        let mut out = String::new();
        let mut words = Words::default();
        let escape = self.lexer.escape;
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.pos += ch.len_utf8();
                return Ok((out, words.finish()));
            }
            if ch == '$' {
                let piece = self.dollar()?;
                out.push_str(&piece);
                words.add_str(&piece);
                continue;
            }
            if !self.lexer.skip_process_quotes && (ch == '\'' || ch == '"') {
                let piece = if ch == '\'' {
                    self.single_quote()?
                } else {
                    self.double_quote()?
                };
                out.push_str(&piece);
                words.add_raw_str(&piece);
                continue;
            }
            self.pos += ch.len_utf8();
            if ch == escape {
                if self.raw_escapes {
                    words.add_raw_char(ch);
                    out.push(ch);
                }
                // A trailing escape token is dropped.
                let Some(escaped) = self.next_char() else {
                    break;
                };
                words.add_raw_char(escaped);
                out.push(escaped);
            } else {
                words.add_char(ch);
                out.push(ch);
            }
        }
        if stop.is_some() {
            // Callers replace this with the error that names what is missing.
            return Err(ExpandError::MissingBrace { offset: self.pos });
        }
        Ok((out, words.finish()))
    }

    /// Single quotes: everything literal up to the next `'`.
    fn single_quote(&mut self) -> Result<String, ExpandError> {
        let start = self.pos;
        self.pos += 1;
        let rest = self.src.get(self.pos..).unwrap_or_default();
        let Some(len) = rest.find('\'') else {
            return Err(ExpandError::UnterminatedSingleQuote { offset: start });
        };
        let mut out = String::with_capacity(len + 2);
        if self.lexer.raw_quotes {
            out.push('\'');
        }
        out.push_str(&rest[..len]);
        if self.lexer.raw_quotes {
            out.push('\'');
        }
        self.pos += len + 1;
        Ok(out)
    }

    /// Double quotes: `$` still expands, and the escape token escapes only
    /// `"`, `$` and itself, staying literal before anything else.
    fn double_quote(&mut self) -> Result<String, ExpandError> {
        let start = self.pos;
        self.pos += 1;
        let escape = self.lexer.escape;
        let mut out = String::new();
        if self.lexer.raw_quotes {
            out.push('"');
        }
        loop {
            match self.peek() {
                None => return Err(ExpandError::UnterminatedDoubleQuote { offset: start }),
                Some('"') => {
                    self.pos += 1;
                    if self.lexer.raw_quotes {
                        out.push('"');
                    }
                    return Ok(out);
                }
                Some('$') => {
                    let piece = self.dollar()?;
                    out.push_str(&piece);
                }
                Some(ch) => {
                    self.pos += ch.len_utf8();
                    if ch != escape {
                        out.push(ch);
                        continue;
                    }
                    if self.raw_escapes {
                        out.push(ch);
                    }
                    match self.peek() {
                        // The missing closing quote is reported next time round.
                        None => {}
                        Some(next) if next == '"' || next == '$' || next == escape => {
                            self.pos += next.len_utf8();
                            out.push(next);
                        }
                        // BuildKit writes the literal escape token here even when
                        // it already kept it as a raw escape, doubling it.
                        Some(_) => out.push(ch),
                    }
                }
            }
        }
    }

    /// Reads a name after `$` or `${`: a run of digits, one special
    /// parameter character, or letters, digits and underscores.
    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && is_digit(ch) {
                while let Some(d) = self.peek().filter(|c| is_digit(*c)) {
                    self.pos += d.len_utf8();
                    name.push(d);
                }
                return name;
            }
            if name.is_empty() && is_special_param(ch) {
                self.pos += ch.len_utf8();
                name.push(ch);
                return name;
            }
            if !is_letter(ch) && !is_digit(ch) && ch != '_' {
                break;
            }
            self.pos += ch.len_utf8();
            name.push(ch);
        }
        name
    }

    /// A substitution starting at the `$` under the cursor.
    fn dollar(&mut self) -> Result<String, ExpandError> {
        let start = self.pos;
        self.pos += 1;
        if self.peek() != Some('{') {
            let name = self.name();
            if name.is_empty() {
                return Ok("$".to_owned());
            }
            return Ok(match self.lookup(&name) {
                Some(value) => value,
                None if self.lexer.skip_unset => format!("${name}"),
                None => String::new(),
            });
        }
        self.pos += 1;
        match self.peek() {
            None => return Err(ExpandError::MissingBrace { offset: start }),
            Some('{' | '}' | ':') => return Err(ExpandError::BadSubstitution { offset: start }),
            Some(_) => {}
        }
        if self.depth >= MAX_NESTING {
            return Err(ExpandError::TooDeep { offset: start });
        }
        self.depth += 1;
        let result = self.braced(start);
        self.depth -= 1;
        result
    }

    /// Turns an error from a nested stretch into `at_end` when the input ran
    /// out, as BuildKit reports the missing delimiter rather than the cause.
    fn at_end_or(&self, err: ExpandError, at_end: ExpandError) -> ExpandError {
        if self.peek().is_none() { at_end } else { err }
    }

    /// The body of `${...}` after the opening brace.
    fn braced(&mut self, start: usize) -> Result<String, ExpandError> {
        let name = self.name();
        let op_at = self.pos;
        let Some(ch) = self.next_char() else {
            return Err(ExpandError::MissingBrace { offset: start });
        };
        match ch {
            '}' => Ok(match self.lookup(&name) {
                Some(value) => value,
                None if self.lexer.skip_unset => format!("${{{name}}}"),
                None => String::new(),
            }),
            ':' | '+' | '-' | '?' | '#' | '%' => self.modifier(start, op_at, &name, ch),
            '/' => self.replace(start, &name),
            other => Err(ExpandError::UnsupportedModifier {
                modifier: other.to_string(),
                offset: op_at,
            }),
        }
    }

    /// `${V-w}`, `${V+w}`, `${V?w}`, their `:` forms, and `${V#p}`/`${V%p}`.
    fn modifier(
        &mut self,
        start: usize,
        op_at: usize,
        name: &str,
        first: char,
    ) -> Result<String, ExpandError> {
        let null_is_unset = first == ':';
        let op = if null_is_unset {
            self.next_char()
        } else {
            Some(first)
        };
        let mut written = String::new();
        if null_is_unset {
            written.push(':');
            // BuildKit prints Go's replacement character for a missing operator.
            written.push(op.unwrap_or('\u{fffd}'));
        } else {
            written.push(first);
        }
        let trims = matches!(op, Some('#' | '%'));
        if null_is_unset && trims {
            return Err(ExpandError::UnsupportedModifier {
                modifier: written,
                offset: op_at,
            });
        }
        let (word, _) = self
            .stop_on(Some('}'), trims)
            .map_err(|e| self.at_end_or(e, ExpandError::MissingBrace { offset: start }))?;

        let (value, set) = match self.lookup(name) {
            Some(value) => (value, true),
            None if self.lexer.skip_unset => return Ok(format!("${{{name}{written}{word}}}")),
            None => (String::new(), false),
        };
        let missing = !set || (null_is_unset && value.is_empty());
        match op {
            Some('-') => Ok(if missing { word } else { value }),
            Some('+') => Ok(if missing { String::new() } else { word }),
            Some('?') => {
                if missing {
                    let message = if !word.is_empty() {
                        word
                    } else if !set {
                        "is not allowed to be unset".to_owned()
                    } else {
                        "is not allowed to be empty".to_owned()
                    };
                    return Err(ExpandError::Required {
                        name: name.to_owned(),
                        message,
                        offset: start,
                    });
                }
                Ok(value)
            }
            Some(trim @ ('#' | '%')) => {
                // A doubled operator (`##`, `%%`) asks for the longest match.
                let (pattern, greedy) = match word.strip_prefix(trim) {
                    Some(rest) => (rest, true),
                    None => (word.as_str(), false),
                };
                let trimmed = if trim == '#' {
                    pattern::trim_prefix(pattern, &value, greedy)
                } else {
                    pattern::trim_suffix(pattern, &value, greedy)
                };
                trimmed.map_err(|reason| ExpandError::InvalidPattern {
                    pattern: pattern.to_owned(),
                    reason,
                    offset: start,
                })
            }
            _ => Err(ExpandError::UnsupportedModifier {
                modifier: written,
                offset: op_at,
            }),
        }
    }

    /// `${V/pattern/replacement}` and `${V//pattern/replacement}`.
    fn replace(&mut self, start: usize, name: &str) -> Result<String, ExpandError> {
        let all = self.peek() == Some('/');
        if all {
            self.pos += 1;
        }
        let (pattern, _) = self
            .stop_on(Some('/'), true)
            .map_err(|e| self.at_end_or(e, ExpandError::MissingSlash { offset: start }))?;
        let (replacement, _) = self
            .stop_on(Some('}'), true)
            .map_err(|e| self.at_end_or(e, ExpandError::MissingBrace { offset: start }))?;

        let value = match self.lookup(name) {
            Some(value) => value,
            None if self.lexer.skip_unset => {
                let slashes = if all { "//" } else { "/" };
                return Ok(format!("${{{name}{slashes}{pattern}/{replacement}}}"));
            }
            None => String::new(),
        };
        let program = pattern::Program::compile(&pattern, true).map_err(|reason| {
            ExpandError::InvalidPattern {
                pattern: pattern.clone(),
                reason,
                offset: start,
            }
        })?;
        Ok(if all {
            program.replace_all(&value, &replacement)
        } else {
            program.replace_first(&value, &replacement)
        })
    }
}

/// Shell wildcard patterns (`*`, `?`, backslash escapes) with the matching
/// rules of the Go regular expressions BuildKit translates them into:
/// leftmost-first semantics, `*` greedy or lazy on request, and wildcards that
/// never match a newline. Matching is a Pike VM, so it runs in time
/// proportional to text length times pattern length, without backtracking.
mod pattern {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Inst {
        Char(char),
        /// Any character except `\n`, as Go's `.` without the `s` flag.
        Any,
        /// Try the first branch before the second.
        Split(usize, usize),
        Jump(usize),
        Match,
    }

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(super) struct Program {
        insts: Vec<Inst>,
    }

    impl Program {
        /// Compiles a shell pattern; `greedy` makes `*` prefer longer matches.
        /// Fails on a backslash before anything but `*`, `?` or `\` (before
        /// `}` or `/` it is dropped: it only kept the lexer from stopping).
        pub(super) fn compile(pattern: &str, greedy: bool) -> Result<Program, String> {
            let mut insts = Vec::with_capacity(pattern.len() + 1);
            let mut chars = pattern.chars().peekable();
            // BuildKit scans patterns with text/scanner too, which drops a BOM.
            if chars.peek() == Some(&'\u{feff}') {
                chars.next();
            }
            while let Some(tok) = chars.next() {
                match tok {
                    '*' => {
                        let at = insts.len();
                        let (first, second) = if greedy {
                            (at + 1, at + 3)
                        } else {
                            (at + 3, at + 1)
                        };
                        insts.push(Inst::Split(first, second));
                        insts.push(Inst::Any);
                        insts.push(Inst::Jump(at));
                    }
                    '?' => insts.push(Inst::Any),
                    '\\' => {
                        if matches!(chars.peek(), Some('}' | '/')) {
                            continue;
                        }
                        match chars.next() {
                            Some(c @ ('*' | '?' | '\\')) => insts.push(Inst::Char(c)),
                            Some(c) => return Err(format!("invalid escape '\\{c}'")),
                            None => return Err("invalid escape '\\' at end of pattern".to_owned()),
                        }
                    }
                    c => insts.push(Inst::Char(c)),
                }
            }
            insts.push(Inst::Match);
            Ok(Program { insts })
        }

        /// The first match at or after byte `from` (or exactly at `from` when
        /// `anchored`), as a byte range into `text`.
        fn find(&self, text: &str, from: usize, anchored: bool) -> Option<(usize, usize)> {
            let n = self.insts.len();
            let mut marks = vec![0usize; n];
            let mut stamp = 1usize;
            let mut current: Vec<(usize, usize)> = Vec::new();
            let mut next: Vec<(usize, usize)> = Vec::new();
            let mut stack: Vec<usize> = Vec::new();
            let mut found = None;
            let mut pos = from;
            loop {
                if found.is_none() && (!anchored || pos == from) {
                    self.add(&mut current, &mut marks, stamp, 0, pos, &mut stack);
                }
                if current.is_empty() {
                    break;
                }
                let ch = text.get(pos..).and_then(|rest| rest.chars().next());
                let next_stamp = stamp + 1;
                for &(pc, begin) in &current {
                    match self.insts.get(pc) {
                        Some(Inst::Match) => {
                            // Lower-priority threads lose to this match.
                            found = Some((begin, pos));
                            break;
                        }
                        Some(Inst::Char(c)) if ch == Some(*c) => {
                            self.add(&mut next, &mut marks, next_stamp, pc + 1, begin, &mut stack);
                        }
                        Some(Inst::Any) if ch.is_some_and(|c| c != '\n') => {
                            self.add(&mut next, &mut marks, next_stamp, pc + 1, begin, &mut stack);
                        }
                        _ => {}
                    }
                }
                std::mem::swap(&mut current, &mut next);
                next.clear();
                stamp = next_stamp;
                match ch {
                    Some(c) => pos += c.len_utf8(),
                    None => break,
                }
            }
            found
        }

        /// Adds the thread at `pc` and everything reachable from it without
        /// consuming input, in priority order, skipping states already queued.
        fn add(
            &self,
            list: &mut Vec<(usize, usize)>,
            marks: &mut [usize],
            stamp: usize,
            pc: usize,
            begin: usize,
            stack: &mut Vec<usize>,
        ) {
            stack.clear();
            stack.push(pc);
            while let Some(pc) = stack.pop() {
                let Some(mark) = marks.get_mut(pc) else {
                    continue;
                };
                if *mark == stamp {
                    continue;
                }
                *mark = stamp;
                match self.insts.get(pc) {
                    Some(Inst::Jump(to)) => stack.push(*to),
                    Some(Inst::Split(first, second)) => {
                        stack.push(*second);
                        stack.push(*first);
                    }
                    Some(_) => list.push((pc, begin)),
                    None => {}
                }
            }
        }

        /// Replaces the leftmost match with `replacement`, taken literally.
        pub(super) fn replace_first(&self, text: &str, replacement: &str) -> String {
            match self.find(text, 0, false) {
                Some((begin, end)) => {
                    let mut out = String::with_capacity(text.len() + replacement.len());
                    out.push_str(&text[..begin]);
                    out.push_str(replacement);
                    out.push_str(&text[end..]);
                    out
                }
                None => text.to_owned(),
            }
        }

        /// Replaces every non-overlapping match the way Go's
        /// `Regexp.ReplaceAllString` does, including its `$` template syntax
        /// in `replacement` (`$0` is the match, `$$` a dollar sign).
        pub(super) fn replace_all(&self, text: &str, replacement: &str) -> String {
            let mut out = String::with_capacity(text.len());
            let mut last_end = 0;
            let mut search = 0;
            while search <= text.len() {
                let Some((begin, end)) = self.find(text, search, false) else {
                    break;
                };
                out.push_str(text.get(last_end..begin).unwrap_or_default());
                // No second replacement for an empty match right after a match.
                if end > last_end || begin == 0 {
                    expand_template(
                        &mut out,
                        replacement,
                        text.get(begin..end).unwrap_or_default(),
                    );
                }
                last_end = end;
                let width = text
                    .get(search..)
                    .and_then(|rest| rest.chars().next())
                    .map_or(0, char::len_utf8);
                if search + width > end {
                    search += width;
                } else if search + 1 > end {
                    search += 1;
                } else {
                    search = end;
                }
            }
            out.push_str(text.get(last_end..).unwrap_or_default());
            out
        }
    }

    /// Go's `Regexp.Expand` for a pattern without groups: `$$` is `$`, `$0`
    /// or `${0}` is the whole match, other names are empty, and a `$` that
    /// starts no valid name stays literal.
    fn expand_template(out: &mut String, template: &str, whole: &str) {
        let mut rest = template;
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            rest = &rest[at + 1..];
            if let Some(after) = rest.strip_prefix('$') {
                out.push('$');
                rest = after;
                continue;
            }
            let braced = rest.strip_prefix('{');
            let body = braced.unwrap_or(rest);
            let len = body
                .char_indices()
                .find(|&(_, c)| !(super::is_letter(c) || super::is_digit(c) || c == '_'))
                .map_or(body.len(), |(i, _)| i);
            let name = &body[..len];
            let after = &body[len..];
            let tail = match braced {
                _ if name.is_empty() => None,
                Some(_) => after.strip_prefix('}'),
                None => Some(after),
            };
            match tail {
                Some(tail) => {
                    if name == "0" {
                        out.push_str(whole);
                    }
                    rest = tail;
                }
                None => out.push('$'),
            }
        }
        out.push_str(rest);
    }

    /// Removes the shortest (or, `greedy`, longest) prefix of `value`
    /// matching `pattern`.
    pub(super) fn trim_prefix(pattern: &str, value: &str, greedy: bool) -> Result<String, String> {
        let program = Program::compile(pattern, greedy)?;
        Ok(match program.find(value, 0, true) {
            Some((_, end)) => value[end..].to_owned(),
            None => value.to_owned(),
        })
    }

    /// Removes the shortest (or, `greedy`, longest) suffix of `value`
    /// matching `pattern`, by trimming a prefix of both reversed, as
    /// BuildKit does.
    pub(super) fn trim_suffix(pattern: &str, value: &str, greedy: bool) -> Result<String, String> {
        let reversed_value: String = value.chars().rev().collect();
        let trimmed = trim_prefix(&reverse_pattern(pattern), &reversed_value, greedy)?;
        Ok(trimmed.chars().rev().collect())
    }

    /// Reverses a pattern while keeping each backslash before the character
    /// it escapes (`a\*c` becomes `c\*a`).
    fn reverse_pattern(pattern: &str) -> String {
        let mut units: Vec<(char, Option<char>)> = Vec::with_capacity(pattern.len());
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some(escaped) => units.push((c, Some(escaped))),
                    None => units.push((c, None)),
                }
            } else {
                units.push((c, None));
            }
        }
        let mut out = String::with_capacity(pattern.len());
        for (first, second) in units.into_iter().rev() {
            out.push(first);
            if let Some(second) = second {
                out.push(second);
            }
        }
        out
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn matched(pattern: &str, greedy: bool, text: &str, anchored: bool) -> Option<String> {
            let p = Program::compile(pattern, greedy).unwrap();
            p.find(text, 0, anchored)
                .map(|(b, e)| text[b..e].to_owned())
        }

        /// Leftmost-first matching by plain backtracking, as a reference.
        fn backtrack(pattern: &[char], text: &[char], at: usize, greedy: bool) -> Option<usize> {
            let Some((first, rest)) = pattern.split_first() else {
                return Some(at);
            };
            match first {
                '*' => {
                    let mut reach = at;
                    while reach < text.len() && text[reach] != '\n' {
                        reach += 1;
                    }
                    let mut ends: Vec<usize> = (at..=reach).collect();
                    if greedy {
                        ends.reverse();
                    }
                    ends.into_iter()
                        .find_map(|end| backtrack(rest, text, end, greedy))
                }
                '?' => match text.get(at) {
                    Some(c) if *c != '\n' => backtrack(rest, text, at + 1, greedy),
                    _ => None,
                },
                c => match text.get(at) {
                    Some(t) if t == c => backtrack(rest, text, at + 1, greedy),
                    _ => None,
                },
            }
        }

        #[test]
        fn pike_vm_agrees_with_backtracking() {
            let mut seed = 0x2545_f491_4f6c_dd1du64;
            let mut next = |n: usize| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed % n as u64) as usize
            };
            let pattern_alphabet = ['a', 'b', '*', '?', '\n'];
            let text_alphabet = ['a', 'b', '\n'];
            for _ in 0..4000 {
                let pattern: Vec<char> = (0..next(6)).map(|_| pattern_alphabet[next(5)]).collect();
                let text: Vec<char> = (0..next(9)).map(|_| text_alphabet[next(3)]).collect();
                let pattern_str: String = pattern.iter().collect();
                let text_str: String = text.iter().collect();
                for greedy in [true, false] {
                    let program = Program::compile(&pattern_str, greedy).unwrap();
                    let anchored = backtrack(&pattern, &text, 0, greedy).map(|end| (0, end));
                    assert_eq!(
                        program.find(&text_str, 0, true),
                        anchored,
                        "{pattern_str:?} on {text_str:?}"
                    );
                    let leftmost = (0..=text.len()).find_map(|start| {
                        backtrack(&pattern, &text, start, greedy).map(|end| (start, end))
                    });
                    assert_eq!(
                        program.find(&text_str, 0, false),
                        leftmost,
                        "{pattern_str:?} in {text_str:?}"
                    );
                }
            }
        }

        #[test]
        fn compile_rejects_bad_escapes() {
            assert!(Program::compile("\\", true).is_err());
            assert!(Program::compile("\\x", true).is_err());
            assert!(Program::compile("\\\\\\", true).is_err());
            assert!(Program::compile("\\*\\?\\\\", true).is_ok());
            assert!(Program::compile("a\\}b\\/c", true).is_ok());
        }

        #[test]
        fn compile_messages() {
            assert_eq!(
                Program::compile("\\x", true).unwrap_err(),
                "invalid escape '\\x'"
            );
            assert_eq!(
                Program::compile("a\\", true).unwrap_err(),
                "invalid escape '\\' at end of pattern"
            );
        }

        #[test]
        fn greedy_and_lazy_stars() {
            assert_eq!(matched("*x", true, "axbxc", true).as_deref(), Some("axbx"));
            assert_eq!(matched("*x", false, "axbxc", true).as_deref(), Some("ax"));
            assert_eq!(matched("*", false, "abc", true).as_deref(), Some(""));
            assert_eq!(matched("*", true, "abc", true).as_deref(), Some("abc"));
        }

        #[test]
        fn wildcards_skip_newlines() {
            assert_eq!(matched("*", true, "ab\ncd", true).as_deref(), Some("ab"));
            assert_eq!(matched("?", true, "\n", true), None);
            assert_eq!(matched("a\nb", true, "a\nb", true).as_deref(), Some("a\nb"));
        }

        #[test]
        fn unanchored_finds_leftmost() {
            assert_eq!(matched("b*", true, "abcbd", false).as_deref(), Some("bcbd"));
            assert_eq!(matched("z", true, "abc", false), None);
            assert_eq!(matched("", true, "abc", false).as_deref(), Some(""));
        }

        #[test]
        fn literal_metacharacters() {
            assert_eq!(matched("(.)", true, "x(.)", false).as_deref(), Some("(.)"));
            assert_eq!(matched("\\*", true, "a*", false).as_deref(), Some("*"));
            assert_eq!(matched("\\?", true, "a", false), None);
        }

        #[test]
        fn reverse_keeps_escape_pairs() {
            assert_eq!(reverse_pattern("a\\*c"), "c\\*a");
            assert_eq!(reverse_pattern("\\\\\\ab"), "b\\a\\\\");
            assert_eq!(reverse_pattern("ab\\"), "\\ba");
            assert_eq!(reverse_pattern("👽\\🚀🖖"), "🖖\\🚀👽");
            assert_eq!(reverse_pattern("\\\\b"), "b\\\\");
            assert_eq!(reverse_pattern(""), "");
        }

        #[test]
        fn replace_all_empty_pattern() {
            let p = Program::compile("", true).unwrap();
            assert_eq!(p.replace_all("abc", "-"), "-a-b-c-");
            assert_eq!(p.replace_all("", "-"), "-");
            assert_eq!(p.replace_all("é", "-"), "-é-");
        }

        #[test]
        fn replace_all_star_does_not_double_replace() {
            let p = Program::compile("*", true).unwrap();
            assert_eq!(p.replace_all("abc", "X"), "X");
            let p = Program::compile("b*", true).unwrap();
            assert_eq!(p.replace_all("abc\nbd", "X"), "aX\nX");
        }

        #[test]
        fn template_expansion() {
            let mut out = String::new();
            expand_template(&mut out, "<$0|${0}|$$|$1|${x|$-|$>", "m");
            assert_eq!(out, "<m|m|$||${x|$-|$>");
            let mut out = String::new();
            expand_template(&mut out, "$00${01}$0x", "m");
            assert_eq!(out, "");
        }

        #[test]
        fn replace_first_is_literal() {
            let p = Program::compile("a", true).unwrap();
            assert_eq!(p.replace_first("banana", "$0"), "b$0nana");
            assert_eq!(p.replace_all("banana", "<$0>"), "b<a>n<a>n<a>");
        }

        #[test]
        fn trims() {
            assert_eq!(trim_prefix("*/", "a/b/c", false).unwrap(), "b/c");
            assert_eq!(trim_prefix("*/", "a/b/c", true).unwrap(), "c");
            assert_eq!(trim_suffix("/*", "a/b/c", false).unwrap(), "a/b");
            assert_eq!(trim_suffix("/*", "a/b/c", true).unwrap(), "a");
            assert_eq!(trim_suffix("x", "abc", true).unwrap(), "abc");
            assert!(trim_suffix("\\q", "abc", true).is_err());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn words_with_nothing_to_expand_take_the_shortcut_to_the_same_result() {
        let unset = |_: &str| -> Option<String> { None };
        for escape in ['\\', '`'] {
            let lexer = Lexer::new(escape);
            for word in [
                "",
                "python:3.12-slim",
                "  a  b\tc\n d ",
                "/usr/local/bin:/usr/bin",
                "{a,b} *.txt ~/x é\u{a0}ü",
                "a=b,c=d",
            ] {
                let fast = lexer.expand_word(word, &unset);
                let scanned = lexer.expand_word_scanned(word, &unset);
                assert_eq!(fast, scanned, "{word:?} with escape {escape:?}");
            }
        }
    }

    fn map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// The environment BuildKit's own expansion table uses.
    fn std_env() -> HashMap<String, String> {
        map(&[
            ("PWD", "/home"),
            ("SHELL", "bash"),
            ("KOREAN", "한국어"),
            ("NULL", ""),
        ])
    }

    fn expand_with(
        lexer: Lexer,
        word: &str,
        env: &HashMap<String, String>,
    ) -> Result<Expansion, ExpandError> {
        lexer.expand_word(word, &|k: &str| env.get(k).cloned())
    }

    fn value(word: &str) -> String {
        expand_with(Lexer::default(), word, &std_env())
            .unwrap()
            .value
    }

    fn err(word: &str) -> ExpandError {
        expand_with(Lexer::default(), word, &std_env()).unwrap_err()
    }

    fn value_in(word: &str, pairs: &[(&str, &str)]) -> String {
        expand_with(Lexer::default(), word, &map(pairs))
            .unwrap()
            .value
    }

    fn words(word: &str, pairs: &[(&str, &str)]) -> Vec<String> {
        let env = map(pairs);
        Lexer::default()
            .expand_words(word, &|k: &str| env.get(k).cloned())
            .unwrap()
    }

    // --- quotes and escapes ---------------------------------------------

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(value("hello"), "hello");
        assert_eq!(value(""), "");
        assert_eq!(value("a  b"), "a  b");
    }

    #[test]
    fn single_quotes_are_removed_and_literal() {
        assert_eq!(value("he'll'o"), "hello");
        assert_eq!(value("'he${XX}'"), "he${XX}");
        assert_eq!(value("'$PWD'"), "$PWD");
        assert_eq!(value("'\\$PWD'"), "\\$PWD");
        assert_eq!(value("'hello\\'"), "hello\\");
        assert_eq!(value("'\"hello\"'"), "\"hello\"");
    }

    #[test]
    fn double_quotes_expand_and_keep_other_quotes() {
        assert_eq!(value("\"hel'lo\""), "hel'lo");
        assert_eq!(value("\"he${PWD}\""), "he/home");
        assert_eq!(value("\"he'$PWD'\""), "he'/home'");
        assert_eq!(value("\"$PWD\""), "/home");
        assert_eq!(value("\"''\""), "''");
    }

    #[test]
    fn double_quote_escapes_only_some_characters() {
        assert_eq!(value("\"abc\\tdef\""), "abc\\tdef");
        assert_eq!(value("\"abc\\\\tdef\""), "abc\\tdef");
        assert_eq!(value("\"he\\$PWD\""), "he$PWD");
        assert_eq!(value("\"he\\\\$PWD\""), "he\\/home");
        assert_eq!(value("\"a\\\"b\""), "a\"b");
    }

    #[test]
    fn unquoted_escapes() {
        assert_eq!(value("abc\\tdef"), "abctdef");
        assert_eq!(value("he\\'llo"), "he'llo");
        assert_eq!(value("hello\\"), "hello");
        assert_eq!(value("hello\\\\"), "hello\\");
        assert_eq!(value("he\\$PWD"), "he$PWD");
        assert_eq!(value("he\\\\$PWD"), "he\\/home");
        assert_eq!(value("\\${}"), "${}");
        assert_eq!(value("he\\${}xx"), "he${}xx");
    }

    #[test]
    fn unterminated_quotes_are_errors() {
        assert_eq!(
            err("he'llo"),
            ExpandError::UnterminatedSingleQuote { offset: 2 }
        );
        assert_eq!(
            err("\"hello"),
            ExpandError::UnterminatedDoubleQuote { offset: 0 }
        );
        assert_eq!(
            err("ab\"hello\\\""),
            ExpandError::UnterminatedDoubleQuote { offset: 2 }
        );
        assert_eq!(
            err("\"hello\\"),
            ExpandError::UnterminatedDoubleQuote { offset: 0 }
        );
        assert!(matches!(
            err("he\\\\'llo"),
            ExpandError::UnterminatedSingleQuote { .. }
        ));
    }

    #[test]
    fn backtick_escape_token() {
        let lx = Lexer::new('`');
        let env = std_env();
        let v = |w: &str| expand_with(lx, w, &env).unwrap().value;
        assert_eq!(v("he`$PWD"), "he$PWD");
        assert_eq!(v("c:\\windows"), "c:\\windows");
        assert_eq!(v("\"a`\"b\""), "a\"b");
        assert_eq!(v("\"a\\b\""), "a\\b");
        assert_eq!(v("a``b"), "a`b");
        assert_eq!(v("\"x``y\""), "x`y");
    }

    #[test]
    fn raw_quotes_keep_quote_characters() {
        let lx = Lexer::default().with_raw_quotes(true);
        let env = std_env();
        assert_eq!(
            expand_with(lx, "'a b'\"$PWD\"", &env).unwrap().value,
            "'a b'\"/home\""
        );
        assert_eq!(expand_with(lx, "''", &env).unwrap().words, vec!["''"]);
    }

    #[test]
    fn raw_escapes_keep_escape_tokens() {
        let lx = Lexer::default().with_raw_escapes(true);
        let env = std_env();
        assert_eq!(expand_with(lx, "a\\$PWD", &env).unwrap().value, "a\\$PWD");
        assert_eq!(expand_with(lx, "a\\", &env).unwrap().value, "a\\");
        assert_eq!(expand_with(lx, "\"\\$PWD\"", &env).unwrap().value, "\\$PWD");
        // BuildKit's doubling of a kept escape before an ordinary character.
        assert_eq!(expand_with(lx, "\"\\a\"", &env).unwrap().value, "\\\\a");
    }

    #[test]
    fn skip_process_quotes_treats_quotes_as_text() {
        let lx = Lexer::default().with_skip_process_quotes(true);
        let env = std_env();
        let e = expand_with(lx, "'$PWD' \"x", &env).unwrap();
        assert_eq!(e.value, "'/home' \"x");
        assert_eq!(e.words, vec!["'/home'", "\"x"]);
    }

    #[test]
    fn leading_byte_order_mark_is_skipped() {
        assert_eq!(value("\u{feff}$SHELL"), "bash");
        assert_eq!(value("a\u{feff}"), "a\u{feff}");
    }

    // --- plain references -------------------------------------------------

    #[test]
    fn dollar_names() {
        assert_eq!(value("he$PWD"), "he/home");
        assert_eq!(value("he$PWD."), "he/home.");
        assert_eq!(value("he$pwd."), "he.");
        assert_eq!(value("$."), "$.");
        assert_eq!(value("he$.x"), "he$.x");
        assert_eq!(value("$"), "$");
        assert_eq!(value("a$ b"), "a$ b");
        assert_eq!(value("he$PWD_x"), "he");
    }

    #[test]
    fn digit_and_special_parameters() {
        assert_eq!(value("he$1x"), "hex");
        assert_eq!(value_in("$12x", &[("12", "N")]), "Nx");
        assert_eq!(value_in("$0x", &[("0", "zero")]), "zerox");
        assert_eq!(value_in("$@x", &[("@", "all")]), "allx");
        assert_eq!(value_in("$$$", &[("$", "pid")]), "pid$");
        assert_eq!(value_in("${#}", &[("#", "3")]), "3");
        let e = expand_with(Lexer::default(), "$?$!$-$*", &map(&[])).unwrap();
        assert_eq!(e.unmatched, vec!["?", "!", "-", "*"]);
    }

    #[test]
    fn braced_names() {
        assert_eq!(value("he${hi}"), "he");
        assert_eq!(value("he${hi}xx"), "hexx");
        assert_eq!(value("he${PWD}"), "he/home");
        assert_eq!(value("${KOREAN}"), "한국어");
        assert_eq!(value("안녕${KOREAN}"), "안녕한국어");
        assert_eq!(value_in("${한}", &[("한", "k")]), "k");
    }

    #[test]
    fn names_are_case_sensitive() {
        assert_eq!(value_in("$foo/$FOO", &[("FOO", "up")]), "/up");
    }

    #[test]
    fn bad_substitutions() {
        assert_eq!(err("${}"), ExpandError::BadSubstitution { offset: 0 });
        assert_eq!(err("he${}xx"), ExpandError::BadSubstitution { offset: 2 });
        assert_eq!(err("${{x}}"), ExpandError::BadSubstitution { offset: 0 });
        assert_eq!(err("${:-x}"), ExpandError::BadSubstitution { offset: 0 });
    }

    #[test]
    fn missing_braces() {
        assert_eq!(err("he${"), ExpandError::MissingBrace { offset: 2 });
        assert_eq!(err("he${PWD"), ExpandError::MissingBrace { offset: 2 });
        assert_eq!(err("${PWD:-abc"), ExpandError::MissingBrace { offset: 0 });
        assert_eq!(err("${PWD:"), ExpandError::MissingBrace { offset: 0 });
        assert_eq!(err("${X:}"), ExpandError::MissingBrace { offset: 0 });
        // A nested failure at the end of input is reported as the outer brace.
        assert_eq!(
            err("${X:-${Y:?no}"),
            ExpandError::MissingBrace { offset: 0 }
        );
        assert_eq!(err("${X:-\"abc}"), ExpandError::MissingBrace { offset: 0 });
    }

    #[test]
    fn nested_errors_propagate_when_input_remains() {
        assert_eq!(
            err("${X:-${Y:?no}}"),
            ExpandError::Required {
                name: "Y".into(),
                message: "no".into(),
                offset: 5
            }
        );
    }

    #[test]
    fn unsupported_modifiers() {
        assert_eq!(
            err("he${.}"),
            ExpandError::UnsupportedModifier {
                modifier: ".".into(),
                offset: 4
            }
        );
        assert_eq!(
            err("he${PWD=000}xx"),
            ExpandError::UnsupportedModifier {
                modifier: "=".into(),
                offset: 7
            }
        );
        assert_eq!(
            err("he${XXX:YYY}"),
            ExpandError::UnsupportedModifier {
                modifier: ":Y".into(),
                offset: 7
            }
        );
        assert_eq!(
            err("${X:}}"),
            ExpandError::UnsupportedModifier {
                modifier: ":}".into(),
                offset: 3
            }
        );
        assert_eq!(
            err("${#X}"),
            ExpandError::UnsupportedModifier {
                modifier: "X".into(),
                offset: 3
            }
        );
        assert_eq!(
            err("${A B}"),
            ExpandError::UnsupportedModifier {
                modifier: " ".into(),
                offset: 3
            }
        );
    }

    #[test]
    fn colon_trim_is_unsupported() {
        assert_eq!(
            err("${PWD:#x}"),
            ExpandError::UnsupportedModifier {
                modifier: ":#".into(),
                offset: 5
            }
        );
        assert_eq!(
            err("${PWD:%x}"),
            ExpandError::UnsupportedModifier {
                modifier: ":%".into(),
                offset: 5
            }
        );
    }

    // --- modifiers ----------------------------------------------------------

    #[test]
    fn default_values() {
        assert_eq!(value("he${XXX:-000}xx"), "he000xx");
        assert_eq!(value("he${PWD:-000}xx"), "he/homexx");
        assert_eq!(value("he${XXX:-$PWD}xx"), "he/homexx");
        assert_eq!(value("he${XXX:-${PWD:-yyy}}xx"), "he/homexx");
        assert_eq!(value("he${XXX:-${YYY:-yyy}}xx"), "heyyyxx");
        assert_eq!(value("he${PWD-000}xx"), "he/homexx");
        assert_eq!(value("${NULL-x}|${NULL:-x}|${U-x}"), "|x|x");
        assert_eq!(value("${U:-'a b'}"), "a b");
        assert_eq!(value("${U:-a\\}b}"), "a}b");
    }

    #[test]
    fn alternative_values() {
        assert_eq!(value("he${XXX:+${PWD}}xx"), "hexx");
        assert_eq!(value("he${PWD:+${XXX}}xx"), "hexx");
        assert_eq!(value("he${PWD:+${SHELL}}xx"), "hebashxx");
        assert_eq!(value("he${XXX:+000}xx"), "hexx");
        assert_eq!(value("he${PWD:+000}xx"), "he000xx");
        assert_eq!(value("he${PWD+000}xx"), "he000xx");
        assert_eq!(value("${NULL+x}|${NULL:+x}|${U+x}"), "x||");
    }

    #[test]
    fn buildkit_release_name_example() {
        let word = "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz";
        let base = [("VERSION", "v1.2.3"), ("TARGETOS", "linux")];
        let mut with = base.to_vec();
        with.extend([("TARGETARCH", "arm"), ("TARGETVARIANT", "v7")]);
        assert_eq!(
            value_in(word, &with),
            "something-v1.2.3.linux-arm-v7.tar.gz"
        );
        let mut empty = base.to_vec();
        empty.extend([("TARGETARCH", "arm64"), ("TARGETVARIANT", "")]);
        assert_eq!(
            value_in(word, &empty),
            "something-v1.2.3.linux-arm64.tar.gz"
        );
        let mut unset = base.to_vec();
        unset.push(("TARGETARCH", "arm64"));
        assert_eq!(
            value_in(word, &unset),
            "something-v1.2.3.linux-arm64.tar.gz"
        );
    }

    #[test]
    fn required_values() {
        assert_eq!(value("he${PWD?}"), "he/home");
        assert_eq!(value("he${PWD:?}"), "he/home");
        assert_eq!(value("he${NULL?}"), "he");
        assert_eq!(
            err("he${XXX?}"),
            ExpandError::Required {
                name: "XXX".into(),
                message: "is not allowed to be unset".into(),
                offset: 2
            }
        );
        assert_eq!(
            err("he${XXX:?}"),
            ExpandError::Required {
                name: "XXX".into(),
                message: "is not allowed to be unset".into(),
                offset: 2
            }
        );
        assert_eq!(
            err("he${NULL:?}"),
            ExpandError::Required {
                name: "NULL".into(),
                message: "is not allowed to be empty".into(),
                offset: 2
            }
        );
    }

    #[test]
    fn required_messages_are_expanded() {
        let set = [("VAR", "plain"), ("ARG", "x")];
        let empty = [("VAR", ""), ("ARG", "x")];
        let unset = [("ARG", "x")];
        let no_empty = "${VAR:?message here$ARG}";
        let no_unset = "${VAR?message here$ARG}";
        assert_eq!(value_in(no_empty, &set), "plain");
        assert_eq!(value_in(no_unset, &set), "plain");
        assert_eq!(value_in(no_unset, &empty), "");
        for (word, env) in [
            (no_empty, &empty[..]),
            (no_empty, &unset[..]),
            (no_unset, &unset[..]),
        ] {
            let e = expand_with(Lexer::default(), word, &map(env)).unwrap_err();
            assert_eq!(e.to_string(), "VAR: message herex");
        }
    }

    #[test]
    fn prefix_trimming() {
        let env = [("FOO", "xxyy"), ("BAR", "x"), ("E", "")];
        assert_eq!(value_in("${FOO#*x*y}", &env), "y");
        assert_eq!(value_in("${FOO#*}", &env), "xxyy");
        assert_eq!(value_in("${FOO#$BAR}", &env), "xyy");
        assert_eq!(value_in("${FOO#$E}", &env), "xxyy");
        assert_eq!(value_in("${FOO#}", &env), "xxyy");
        assert_eq!(value_in("${FOO##*x}", &env), "yy");
        assert_eq!(value_in("${FOO##}", &env), "xxyy");
        assert_eq!(value_in("${FOO#z}", &env), "xxyy");
        assert_eq!(value_in("${U#x}", &env), "");
        assert_eq!(value_in("${FOO#?\\?}", &[("FOO", "???y")]), "?y");
    }

    #[test]
    fn prefix_trimming_with_metacharacters() {
        let env = [("FOO", "()[]{}^$.*?|\\x")];
        assert_eq!(value_in("${FOO#()[]{\\}^$.\\*\\?|\\\\}", &env), "x");
    }

    #[test]
    fn suffix_trimming() {
        let env = [("FOO", "xxyy"), ("E", "")];
        assert_eq!(value_in("${FOO%y}", &env), "xxy");
        assert_eq!(value_in("${FOO%y*}", &env), "xxy");
        assert_eq!(value_in("${FOO%%y*}", &env), "xx");
        assert_eq!(value_in("${FOO%}", &env), "xxyy");
        assert_eq!(value_in("${FOO%%$E}", &env), "xxyy");
        assert_eq!(value_in("${FOO%%\\**}", &[("FOO", "xx**")]), "xx");
        assert_eq!(value_in("${FOO%%\\**\\*}", &[("FOO", "a***yy*")]), "a");
        assert_eq!(value_in("${ABC:-.}${FOO%x}${ABC:-.}", &env), ".xxyy.");
    }

    #[test]
    fn realistic_trims() {
        let env = [
            ("IMG", "docker.io/library/alpine:3.19"),
            ("F", "archive.tar.gz"),
        ];
        assert_eq!(value_in("${IMG##*/}", &env), "alpine:3.19");
        assert_eq!(value_in("${IMG%:*}", &env), "docker.io/library/alpine");
        assert_eq!(value_in("${F%.*}", &env), "archive.tar");
        assert_eq!(value_in("${F%%.*}", &env), "archive");
        assert_eq!(value_in("${F#*.}", &env), "tar.gz");
    }

    #[test]
    fn greedy_marker_comes_from_the_expanded_pattern() {
        assert_eq!(value_in("${F#$P}", &[("F", "a.b.c"), ("P", "#*.")]), "c");
    }

    #[test]
    fn invalid_trim_patterns() {
        let env = map(&[("FOO", "abc"), ("P", "a\\")]);
        let e = expand_with(Lexer::default(), "x${FOO#\\q}", &env).unwrap_err();
        assert_eq!(
            e,
            ExpandError::InvalidPattern {
                pattern: "\\q".into(),
                reason: "invalid escape '\\q'".into(),
                offset: 1
            }
        );
        assert!(matches!(
            expand_with(Lexer::default(), "${FOO%$P}", &env).unwrap_err(),
            ExpandError::InvalidPattern { .. }
        ));
        assert!(expand_with(Lexer::default(), "${FOO##\\#}", &env).is_err());
    }

    #[test]
    fn replacement() {
        let env = [("FOO", "/foo*/*/*.txt"), ("NEEDLE", "\\*/")];
        assert_eq!(
            value_in("${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}", &env),
            "/foo.*/*.txt - /foo..*.txt"
        );
        let env = [("FOO", "/tmp/tmp/bar.txt"), ("NEEDLE", "/tmp")];
        assert_eq!(
            value_in("${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}", &env),
            "/tmp/bar.txt - /bar.txt"
        );
        let env = [("FOO", "/a/foo/b/c.txt"), ("NEEDLE", "/?/"), ("R", "/")];
        assert_eq!(
            value_in("${FOO/$NEEDLE/$R} - ${FOO//$NEEDLE/$R}", &env),
            "/foo/b/c.txt - /foo/c.txt"
        );
        let env = [
            ("FOO", "http://google.de"),
            ("N", "http://"),
            ("R", "https://"),
        ];
        assert_eq!(value_in("${FOO/$N/$R}", &env), "https://google.de");
    }

    #[test]
    fn replacement_with_escaped_separators() {
        assert_eq!(
            value_in("${FOO//\\//\\/}", &[("FOO", "/tmp/foo.txt")]),
            "\\/tmp\\/foo.txt"
        );
        assert_eq!(value_in("${FOO/a\\}/b}", &[("FOO", "xa}y")]), "xby");
    }

    #[test]
    fn replacement_edge_cases() {
        assert_eq!(
            value_in("${FOO/$BAR/ww}", &[("FOO", "xxyy"), ("BAR", "")]),
            "wwxxyy"
        );
        assert_eq!(value_in("${FOO///}", &[("FOO", "xxyy")]), "xxyy");
        let e = expand_with(Lexer::default(), "${FOO///}", &map(&[])).unwrap();
        assert_eq!(e.value, "");
        assert_eq!(e.unmatched, vec!["FOO"]);
        assert_eq!(value_in("${FOO//o/0}", &[("FOO", "foo boo")]), "f00 b00");
        assert_eq!(value_in("${FOO/o*/0}", &[("FOO", "foo\nboo")]), "f0\nboo");
    }

    #[test]
    fn replace_all_uses_go_templates_but_replace_first_does_not() {
        let env = [("FOO", "ab"), ("R", "<$0>")];
        assert_eq!(value_in("${FOO//?/$R}", &env), "<a><b>");
        assert_eq!(value_in("${FOO/?/$R}", &env), "<$0>b");
    }

    #[test]
    fn replacement_errors() {
        assert_eq!(
            expand_with(Lexer::default(), "${FOO//ww}", &map(&[("FOO", "x")])).unwrap_err(),
            ExpandError::MissingSlash { offset: 0 }
        );
        assert_eq!(err("a${FOO//}"), ExpandError::MissingSlash { offset: 1 });
        assert_eq!(err("${FOO/}"), ExpandError::MissingSlash { offset: 0 });
        assert_eq!(err("${FOO/a/b"), ExpandError::MissingBrace { offset: 0 });
        assert!(matches!(
            err("${PWD/\\q/x}"),
            ExpandError::InvalidPattern { .. }
        ));
    }

    #[test]
    fn multibyte_values_trim_and_replace() {
        let env = [("K", "한국어")];
        assert_eq!(value_in("${K#?}", &env), "국어");
        assert_eq!(value_in("${K%?}", &env), "한국");
        assert_eq!(value_in("${K//국/-}", &env), "한-어");
    }

    // --- matched / unmatched ------------------------------------------------

    #[test]
    fn matched_and_unmatched_names() {
        let env = map(&[("FOO", "xxx"), ("BAR", "")]);
        let e = expand_with(Lexer::default(), "${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", &env).unwrap();
        assert_eq!(e.value, "xxx  ccc");
        assert_eq!(e.matched, vec!["FOO", "BAR"]);
        assert_eq!(e.unmatched, vec!["BAZ"]);
        let e = expand_with(
            Lexer::default(),
            "${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}",
            &env,
        )
        .unwrap();
        assert_eq!(e.value, "xxx bbb ccc");
    }

    #[test]
    fn names_are_deduplicated_in_first_use_order() {
        let e = expand_with(
            Lexer::default(),
            "$B $A $B ${A} ${C:-$B}",
            &map(&[("A", "1")]),
        )
        .unwrap();
        assert_eq!(e.matched, vec!["A"]);
        assert_eq!(e.unmatched, vec!["B", "C"]);
    }

    #[test]
    fn nested_names_are_looked_up_even_when_unused() {
        let e = expand_with(Lexer::default(), "${A:-$B}", &map(&[("A", "1")])).unwrap();
        assert_eq!(e.value, "1");
        assert_eq!(e.matched, vec!["A"]);
        assert_eq!(e.unmatched, vec!["B"]);
    }

    #[test]
    fn single_quoted_names_are_not_looked_up() {
        let e = expand_with(Lexer::default(), "'$A' \\$B", &map(&[])).unwrap();
        assert!(e.unmatched.is_empty());
        assert!(e.matched.is_empty());
    }

    #[test]
    fn empty_names_are_not_reported() {
        let e = expand_with(Lexer::default(), "${/a/b}", &map(&[])).unwrap();
        assert_eq!(e.value, "");
        assert!(e.unmatched.is_empty());
    }

    // --- skip unset ---------------------------------------------------------

    #[test]
    fn skip_unset_keeps_references() {
        let lx = Lexer::default().with_skip_unset(true);
        let env = map(&[("SET", "v")]);
        let v = |w: &str| expand_with(lx, w, &env).unwrap().value;
        assert_eq!(v("$U-$SET"), "$U-v");
        assert_eq!(v("${U}"), "${U}");
        assert_eq!(v("${U:-$SET}"), "${U:-v}");
        assert_eq!(v("${U-x}"), "${U-x}");
        assert_eq!(v("${U?boom}"), "${U?boom}");
        assert_eq!(v("${U:?}"), "${U:?}");
        assert_eq!(v("${U#a}"), "${U#a}");
        assert_eq!(v("${U%%a}"), "${U%%a}");
        assert_eq!(v("${U/a/$SET}"), "${U/a/v}");
        assert_eq!(v("${U//a/b}"), "${U//a/b}");
        assert_eq!(v("${U:Y}"), "${U:Y}");
        assert_eq!(v("${SET:-x}"), "v");
        assert_eq!(v("$1"), "$1");
    }

    #[test]
    fn skip_unset_still_reports_syntax_errors() {
        let lx = Lexer::default().with_skip_unset(true);
        assert!(expand_with(lx, "${U", &map(&[])).is_err());
        assert!(expand_with(lx, "${SET=x}", &map(&[("SET", "1")])).is_err());
    }

    // --- words --------------------------------------------------------------

    #[test]
    fn words_split_on_unquoted_whitespace() {
        assert_eq!(words("a b  c", &[]), vec!["a", "b", "c"]);
        assert_eq!(words("  a\tb\n", &[]), vec!["a", "b"]);
        assert_eq!(words("", &[]), Vec::<String>::new());
        assert_eq!(words("   ", &[]), Vec::<String>::new());
    }

    #[test]
    fn words_honour_quotes_and_escapes() {
        assert_eq!(words("\"a b\" 'c d' e\\ f", &[]), vec!["a b", "c d", "e f"]);
        assert_eq!(words("a\"b c\"d", &[]), vec!["ab cd"]);
        assert_eq!(words("\"\" x ''", &[]), vec!["x"]);
    }

    #[test]
    fn words_split_substituted_values_unless_quoted() {
        let env = [("V", "1 2"), ("E", "")];
        assert_eq!(words("a$V b", &env), vec!["a1", "2", "b"]);
        assert_eq!(words("\"$V\" x", &env), vec!["1 2", "x"]);
        assert_eq!(words("$E x", &env), vec!["x"]);
        assert_eq!(words("${U:-p q}", &env), vec!["p", "q"]);
    }

    #[test]
    fn words_keep_text_before_modifier_substitutions() {
        assert_eq!(words("ab${X:-c}d e", &[]), vec!["abcd", "e"]);
        assert_eq!(words("x${Y/a/b}y", &[("Y", "a")]), vec!["xby"]);
    }

    #[test]
    fn expand_word_reports_words_too() {
        let e = expand_with(Lexer::default(), "a  \"b  c\"", &map(&[])).unwrap();
        assert_eq!(e.value, "a  b  c");
        assert_eq!(e.words, vec!["a", "b  c"]);
    }

    // --- referenced variables -----------------------------------------------

    #[test]
    fn referenced_variables_lists_every_lookup() {
        assert_eq!(
            referenced_variables("${REGISTRY:-docker.io}/$IMAGE:${TAG#v}", '\\'),
            vec!["REGISTRY", "IMAGE", "TAG"]
        );
        assert_eq!(
            referenced_variables("${A:-${B:+$C}}", '\\'),
            vec!["C", "B", "A"]
        );
        assert_eq!(referenced_variables("${A:?required}", '\\'), vec!["A"]);
        assert_eq!(
            referenced_variables("${A//$B/$C}", '\\'),
            vec!["B", "C", "A"]
        );
    }

    #[test]
    fn referenced_variables_respects_quotes_and_escapes() {
        assert!(referenced_variables("'$A' \\$B alpine:3", '\\').is_empty());
        assert_eq!(referenced_variables("\"$A\"", '\\'), vec!["A"]);
        assert_eq!(referenced_variables("`$A \\$B", '`'), vec!["B"]);
    }

    #[test]
    fn referenced_variables_stops_at_syntax_errors() {
        assert_eq!(referenced_variables("$A ${B", '\\'), vec!["A"]);
        assert_eq!(referenced_variables("$A ${}", '\\'), vec!["A"]);
    }

    #[test]
    fn referenced_variables_method_uses_lexer_options() {
        let lx = Lexer::default().with_skip_process_quotes(true);
        assert_eq!(lx.referenced_variables("'$A'"), vec!["A"]);
    }

    // --- limits and misc ----------------------------------------------------

    #[test]
    fn nesting_is_capped() {
        let ok = format!(
            "{}x{}",
            "${A:-".repeat(MAX_NESTING),
            "}".repeat(MAX_NESTING)
        );
        assert_eq!(value(&ok), "x");
        let deep = format!(
            "{}x{}",
            "${A:-".repeat(MAX_NESTING + 1),
            "}".repeat(MAX_NESTING + 1)
        );
        assert_eq!(
            err(&deep),
            ExpandError::TooDeep {
                offset: 5 * MAX_NESTING
            }
        );
        let very_deep = format!("{}x{}", "${A:-".repeat(100_000), "}".repeat(100_000));
        assert!(matches!(err(&very_deep), ExpandError::TooDeep { .. }));
    }

    #[test]
    fn long_inputs_stay_fast() {
        let long = "$A ".repeat(50_000);
        let e = expand_with(Lexer::default(), &long, &map(&[("A", "x")])).unwrap();
        assert_eq!(e.words.len(), 50_000);
        let big = "ab".repeat(20_000);
        let env = map(&[("V", big.as_str())]);
        let e = expand_with(Lexer::default(), "${V//a*b/x}${V%%a*}${V#*b}", &env).unwrap();
        // One greedy replacement, an emptied suffix trim, and a two-byte prefix trim.
        assert_eq!(e.value, format!("x{}", &big[2..]));
    }

    #[test]
    fn error_offsets_and_messages() {
        let cases = [
            (
                ExpandError::MissingBrace { offset: 1 },
                "syntax error: missing '}'",
            ),
            (
                ExpandError::BadSubstitution { offset: 2 },
                "syntax error: bad substitution",
            ),
            (
                ExpandError::MissingSlash { offset: 3 },
                "syntax error: missing '/' in ${}",
            ),
            (
                ExpandError::UnsupportedModifier {
                    modifier: "=".into(),
                    offset: 4,
                },
                "unsupported modifier (=) in substitution",
            ),
            (
                ExpandError::Required {
                    name: "V".into(),
                    message: "m".into(),
                    offset: 5,
                },
                "V: m",
            ),
            (
                ExpandError::UnterminatedSingleQuote { offset: 6 },
                "unexpected end of statement while looking for matching single-quote",
            ),
            (
                ExpandError::UnterminatedDoubleQuote { offset: 7 },
                "unexpected end of statement while looking for matching double-quote",
            ),
            (
                ExpandError::InvalidPattern {
                    pattern: "\\q".into(),
                    reason: "r".into(),
                    offset: 8,
                },
                "invalid pattern (\\q) in substitution: r",
            ),
            (
                ExpandError::TooDeep { offset: 9 },
                "substitutions nested more than 64 levels deep",
            ),
        ];
        for (i, (error, message)) in cases.iter().enumerate() {
            assert_eq!(error.offset(), i + 1);
            assert_eq!(error.to_string(), *message);
        }
    }

    #[test]
    fn lexer_options_round_trip() {
        let lx = Lexer::new('`')
            .with_skip_unset(true)
            .with_raw_quotes(true)
            .with_raw_escapes(true)
            .with_skip_process_quotes(true);
        assert_eq!(lx.escape(), '`');
        assert!(lx.skip_unset() && lx.raw_quotes() && lx.raw_escapes() && lx.skip_process_quotes());
        let d = Lexer::default();
        assert_eq!(d.escape(), '\\');
        assert!(!d.skip_unset() && !d.raw_quotes() && !d.raw_escapes() && !d.skip_process_quotes());
    }
}
