//! [`Str`], the string type of the syntax tree. Nearly every value in a
//! Dockerfile is a verbatim slice of the file, so it borrows the text the
//! parser was given; the few that are not (the joined text of a continued
//! instruction, an unescaped JSON string) own a reference-counted copy.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// An immutable string of the syntax tree: a slice of the parsed text, or a
/// shared copy. Cloning one never copies bytes.
#[derive(Clone)]
pub struct Str<'a>(Repr<'a>);

#[derive(Clone)]
enum Repr<'a> {
    /// A slice of the text the parser was given.
    Borrowed(&'a str),
    /// A value of its own.
    Owned(Arc<str>),
}

impl<'a> Str<'a> {
    /// The empty string.
    pub const fn new() -> Str<'a> {
        Str(Repr::Borrowed(""))
    }

    /// A borrowed slice.
    #[inline]
    pub const fn borrowed(text: &'a str) -> Str<'a> {
        Str(Repr::Borrowed(text))
    }

    /// A string that owns (a shared copy of) `text`.
    pub fn owned(text: impl Into<Arc<str>>) -> Str<'a> {
        Str(Repr::Owned(text.into()))
    }

    /// `self[start..end]`: borrowed stays borrowed, an owned string gives
    /// itself (the whole range) or a copy. An out-of-range or non-boundary
    /// range gives the empty string.
    #[inline]
    pub(crate) fn slice(&self, start: usize, end: usize) -> Str<'a> {
        match &self.0 {
            Repr::Borrowed(text) => Str::borrowed(text.get(start..end).unwrap_or_default()),
            // Kept out of line so the borrowed case, the parser's hot path,
            // stays small enough to inline.
            Repr::Owned(text) => self.slice_owned(text, start, end),
        }
    }

    #[inline(never)]
    fn slice_owned(&self, text: &Arc<str>, start: usize, end: usize) -> Str<'a> {
        if start == 0 && end == text.len() {
            return self.clone();
        }
        match text.get(start..end) {
            Some(part) if !part.is_empty() => Str::owned(part),
            _ => Str::new(),
        }
    }

    /// The slice this string borrows, if it borrows one.
    #[inline]
    pub(crate) fn as_borrowed(&self) -> Option<&'a str> {
        match self.0 {
            Repr::Borrowed(text) => Some(text),
            Repr::Owned(_) => None,
        }
    }

    /// Whether this is a slice of the parsed text (no copy).
    #[cfg(test)]
    pub(crate) fn is_borrowed(&self) -> bool {
        matches!(self.0, Repr::Borrowed(_))
    }

    /// The same string, independent of the parsed text's lifetime (a
    /// borrowed slice is copied; an owned string is shared).
    pub(crate) fn into_static(self) -> Str<'static> {
        match self.0 {
            Repr::Borrowed(text) => Str::owned(text),
            Repr::Owned(text) => Str(Repr::Owned(text)),
        }
    }

    /// The string.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Borrowed(text) => text,
            Repr::Owned(text) => text,
        }
    }
}

impl Default for Str<'_> {
    fn default() -> Self {
        Str::new()
    }
}

impl Deref for Str<'_> {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Str<'_> {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Str<'_> {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl<'a> From<&'a str> for Str<'a> {
    fn from(s: &'a str) -> Str<'a> {
        Str::borrowed(s)
    }
}

impl From<String> for Str<'_> {
    fn from(s: String) -> Self {
        if s.is_empty() {
            return Str::new();
        }
        Str::owned(s)
    }
}

impl From<Str<'_>> for String {
    fn from(s: Str<'_>) -> String {
        s.as_str().to_owned()
    }
}

impl PartialEq for Str<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Str<'_> {}

impl PartialEq<str> for Str<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Str<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Str<'_> {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Str<'_>> for str {
    fn eq(&self, other: &Str<'_>) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Str<'_>> for &str {
    fn eq(&self, other: &Str<'_>) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Str<'_>> for String {
    fn eq(&self, other: &Str<'_>) -> bool {
        self == other.as_str()
    }
}

impl PartialOrd for Str<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Str<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl Serialize for Str<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrowed_and_owned_read_the_same() {
        let source = "FROM alpine\nRUN echo a long enough command here\n";
        let text = Str::borrowed(source);
        let short = text.slice(0, 4);
        assert_eq!(short, "FROM");
        assert!(matches!(short.0, Repr::Borrowed(_)));
        let long = text.slice(16, source.len() - 1);
        assert_eq!(long, "echo a long enough command here");
        let owned = Str::from("echo a long enough command here".to_owned());
        assert!(matches!(owned.0, Repr::Owned(_)));
        assert_eq!(owned, long);
        let whole = owned.slice(0, owned.len());
        assert!(
            matches!((&owned.0, &whole.0), (Repr::Owned(a), Repr::Owned(b)) if Arc::ptr_eq(a, b))
        );
        assert_eq!(owned.slice(5, 11), "a long");
        assert_eq!(owned.slice(5, 100), "");
        assert_eq!(String::from(owned), "echo a long enough command here");
        assert_eq!(Str::from("é".repeat(15)), "é".repeat(15));
        assert_eq!(text.slice(3, 100), "");
        assert_eq!(Str::from("é".to_owned()).slice(0, 1), "");
        assert_eq!(Str::from(String::new()), Str::new());
        assert_eq!(format!("{short:?} {short}"), "\"FROM\" FROM");
        assert_eq!(std::mem::size_of::<Str<'_>>(), 24);
        assert_eq!(std::mem::size_of::<Option<Str<'_>>>(), 24);
    }
}
