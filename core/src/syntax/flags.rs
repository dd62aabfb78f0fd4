//! Typed reading of `RUN --mount=…`, the flag whose value is itself a small
//! language (comma-separated `key=value` fields, CSV quoting).

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use serde::Serialize;

use super::ast::Flag;
use super::strings::Str;
use super::words::trim_range;
use crate::span::Span;

/// The kind of a `RUN --mount`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MountType {
    /// `type=bind` (the default).
    Bind,
    /// `type=cache`: a persistent build cache, never part of the image.
    Cache,
    /// `type=tmpfs`
    Tmpfs,
    /// `type=secret`: a secret file or variable, never part of the image.
    Secret,
    /// `type=ssh`: an SSH agent socket.
    Ssh,
    /// Anything else (BuildKit rejects it).
    Unknown,
}

/// One `RUN --mount=…`, as [`crate::syntax::Instruction::mounts`] reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mount<'a> {
    /// The mount type.
    pub kind: MountType,
    /// `target=`/`dst=`/`destination=`.
    pub target: Option<Str<'a>>,
    /// `source=`/`src=`.
    pub source: Option<Str<'a>>,
    /// `from=`: a stage or image.
    pub from: Option<Str<'a>>,
    /// `id=` (cache, secret, ssh).
    pub id: Option<Str<'a>>,
    /// `env=` (secret exposed as an environment variable).
    pub env: Option<Str<'a>>,
    /// `sharing=` (cache).
    pub sharing: Option<Str<'a>>,
    /// `readonly`/`ro` (or the negation `rw`/`readwrite`).
    pub readonly: Option<bool>,
    /// `required` (secret, ssh).
    pub required: Option<bool>,
    /// `mode=`, `uid=`, `gid=`, `size=` and any other key, as written.
    pub other: Vec<(String, String)>,
    /// Keys BuildKit does not know, or values it rejects.
    pub errors: Vec<String>,
    /// The `--mount` flag in the source.
    pub span: Span,
}

impl Mount<'_> {
    /// Whether this mount keeps its files out of the image layer, so that
    /// caches written there never need cleaning up.
    pub fn is_cache_like(&self) -> bool {
        matches!(self.kind, MountType::Cache | MountType::Tmpfs)
    }
}

/// The typed `--mount`s of a RUN, read from its flags the first time they
/// are asked for: most readers of a parsed file never look at them, and each
/// is a small language of its own, so parsing stays cheap. The values own
/// their text, which keeps the tree free to outlive borrows of its source.
#[derive(Clone, Default)]
pub(crate) struct MountCache(OnceLock<Box<[Mount<'static>]>>);

impl MountCache {
    /// No mounts read yet.
    pub(crate) const fn new() -> MountCache {
        MountCache(OnceLock::new())
    }

    /// The mounts of the `--mount` flags in `flags`, read once.
    pub(crate) fn get<'s>(&'s self, flags: &[Flag<'_>]) -> &'s [Mount<'s>] {
        self.0.get_or_init(|| {
            flags
                .iter()
                .filter(|f| f.name == "mount")
                .map(|f| {
                    // Read from an owned copy, so every value owns its text.
                    let value = f.value.clone().map_or_else(Str::new, Str::into_static);
                    parse_mount(&value, f.span)
                })
                .collect()
        })
    }
}

/// Always equal: the mounts are a reading of the flags, which the
/// instruction holding them compares itself.
impl PartialEq for MountCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for MountCache {}

impl fmt::Debug for MountCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.get() {
            Some(mounts) => mounts.fmt(f),
            None => f.write_str("(not read yet)"),
        }
    }
}

/// Split a CSV record (one line; `"…"` fields may contain commas, `""` is a
/// quote) into the byte range of each field and, for a field with quotes,
/// its value with the quotes processed (a field without is its own text).
fn csv_fields(s: &str) -> impl Iterator<Item = (usize, usize, Option<String>)> + '_ {
    let b = s.as_bytes();
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut i = start;
        let mut in_quotes = false;
        let mut quoted = false;
        while i < b.len() {
            match b[i] {
                b'"' => {
                    quoted = true;
                    if in_quotes && b.get(i + 1) == Some(&b'"') {
                        i += 2;
                        continue;
                    }
                    in_quotes = !in_quotes;
                }
                b',' if !in_quotes => break,
                _ => {}
            }
            i += 1;
        }
        let field = (start, i, quoted.then(|| unquote_field(&s[start..i])));
        if i >= b.len() {
            done = true;
        } else {
            start = i + 1;
        }
        Some(field)
    })
}

/// One CSV field with its quotes processed.
fn unquote_field(raw: &str) -> String {
    let mut field = String::with_capacity(raw.len());
    let mut in_quotes = false;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if in_quotes && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' => in_quotes = !in_quotes,
            c => field.push(c),
        }
    }
    field
}

/// `s` in ASCII lower case, borrowed when it already is.
fn ascii_lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

fn parse_bool(key: &str, value: Option<&str>, errors: &mut Vec<String>) -> bool {
    match value.map(ascii_lower).as_deref() {
        None | Some("true" | "1" | "t") => true,
        Some("false" | "0" | "f") => false,
        Some(other) => {
            errors.push(format!("invalid value for {key}: {other}"));
            true
        }
    }
}

/// Read the value of a `--mount` flag.
pub(crate) fn parse_mount<'a>(value: &Str<'a>, span: Span) -> Mount<'a> {
    let mut m = Mount {
        kind: MountType::Bind,
        target: None,
        source: None,
        from: None,
        id: None,
        env: None,
        sharing: None,
        readonly: None,
        required: None,
        other: Vec::new(),
        errors: Vec::new(),
        span,
    };
    let text: &str = value;
    for (start, end, unquoted) in csv_fields(text) {
        // A field with quotes has a value of its own; one without is a
        // slice of the flag's value.
        let own: Str<'a>;
        let (source, start, end) = match unquoted {
            Some(unquoted) => {
                own = Str::from(unquoted);
                (&own, 0, own.len())
            }
            None => (value, start, end),
        };
        let (start, end) = trim_range(source, start, end);
        if start == end {
            continue;
        }
        let field = &source[start..end];
        let (key, val) = match field.find('=') {
            Some(eq) => {
                let (ks, ke) = trim_range(source, start, start + eq);
                let (vs, ve) = trim_range(source, start + eq + 1, end);
                (ascii_lower(&source[ks..ke]), Some((vs, ve)))
            }
            None => (ascii_lower(field), None),
        };
        let val_text = val.map(|(vs, ve)| &source[vs..ve]);
        let owned = || val.map(|(vs, ve)| source.slice(vs, ve));
        match &*key {
            "type" => {
                m.kind = match val_text.map(ascii_lower).as_deref() {
                    Some("bind") => MountType::Bind,
                    Some("cache") => MountType::Cache,
                    Some("tmpfs") => MountType::Tmpfs,
                    Some("secret") => MountType::Secret,
                    Some("ssh") => MountType::Ssh,
                    other => {
                        m.errors
                            .push(format!("unsupported mount type {}", other.unwrap_or("")));
                        MountType::Unknown
                    }
                }
            }
            "target" | "dst" | "destination" => m.target = owned(),
            "source" | "src" => m.source = owned(),
            "from" => m.from = owned(),
            "id" => m.id = owned(),
            "env" => m.env = owned(),
            "sharing" => m.sharing = owned(),
            "readonly" | "ro" => m.readonly = Some(parse_bool(&key, val_text, &mut m.errors)),
            "readwrite" | "rw" => m.readonly = Some(!parse_bool(&key, val_text, &mut m.errors)),
            "required" => m.required = Some(parse_bool(&key, val_text, &mut m.errors)),
            "mode" | "uid" | "gid" | "size" => m
                .other
                .push((key.into_owned(), val_text.unwrap_or("").to_owned())),
            _ => {
                m.errors
                    .push(format!("unexpected key '{key}' in '{field}'"));
                m.other
                    .push((key.into_owned(), val_text.unwrap_or("").to_owned()));
            }
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_mount(value: &str, span: Span) -> Mount<'_> {
        super::parse_mount(&Str::borrowed(value), span)
    }

    #[test]
    fn keys_in_any_order_with_aliases() {
        let m = parse_mount(
            "target=/root/.cache,type=cache,sharing=locked",
            Span::default(),
        );
        assert_eq!(m.kind, MountType::Cache);
        assert_eq!(m.target.as_deref(), Some("/root/.cache"));
        assert_eq!(m.sharing.as_deref(), Some("locked"));
        assert!(m.is_cache_like());
        let m = parse_mount(
            "type=secret,id=tok,required,dst=/run/secrets/t",
            Span::default(),
        );
        assert_eq!(m.kind, MountType::Secret);
        assert_eq!(m.required, Some(true));
        assert_eq!(m.target.as_deref(), Some("/run/secrets/t"));
        assert!(!m.is_cache_like());
    }

    #[test]
    fn default_is_bind_and_unknown_keys_are_recorded() {
        let m = parse_mount("from=build,src=/out,target=/in,rw,bogus=1", Span::default());
        assert_eq!(m.kind, MountType::Bind);
        assert_eq!(m.readonly, Some(false));
        assert_eq!(m.from.as_deref(), Some("build"));
        assert_eq!(m.errors.len(), 1);
    }

    #[test]
    fn csv_fields_match_the_character_reading() {
        fn reference(s: &str) -> Vec<String> {
            let mut fields = Vec::new();
            let mut field = String::new();
            let mut in_quotes = false;
            let mut chars = s.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '"' if in_quotes && chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => in_quotes = !in_quotes,
                    ',' if !in_quotes => fields.push(std::mem::take(&mut field)),
                    c => field.push(c),
                }
            }
            fields.push(field);
            fields
        }
        for s in [
            "",
            ",",
            "a,b,,c,",
            r#"type=bind,"source=a,b",target=/x"#,
            r#"a""b,"c""d",e"#,
            r#""x,y"#,
            r#"é"ü,"ö,"#,
            r#""""#,
            r#"""""#,
        ] {
            let got: Vec<String> = csv_fields(s)
                .map(|(start, end, unquoted)| unquoted.unwrap_or_else(|| s[start..end].to_owned()))
                .collect();
            assert_eq!(got, reference(s), "{s}");
        }
    }

    #[test]
    fn quoted_fields_may_hold_commas() {
        let m = parse_mount(r#"type=bind,"source=a,b",target=/x"#, Span::default());
        assert_eq!(m.source.as_deref(), Some("a,b"));
        assert!(!m.source.as_ref().is_some_and(Str::is_borrowed));
        assert!(m.target.as_ref().is_some_and(Str::is_borrowed));
    }

    #[test]
    fn blanks_around_keys_and_values_are_trimmed() {
        let m = parse_mount(" type = cache , target= /c ,\" id =x\",ro", Span::default());
        assert_eq!(m.kind, MountType::Cache);
        assert_eq!(m.target.as_deref(), Some("/c"));
        assert_eq!(m.id.as_deref(), Some("x"));
        assert_eq!(m.readonly, Some(true));
        assert!(m.errors.is_empty(), "{:?}", m.errors);
        let m = parse_mount("target=,,=x", Span::default());
        assert_eq!(m.target.as_deref(), Some(""));
        assert_eq!(m.errors.len(), 1);
    }
}
