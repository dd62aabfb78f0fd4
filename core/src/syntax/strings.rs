//! [`Str`], the string type of the syntax tree. Nearly every value in a
//! Dockerfile is a verbatim slice of the file (or of an instruction's joined
//! continuation lines), so a `String` each would make the parser spend most
//! of its time in the allocator: a value shares that text instead.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::num::NonZeroU32;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// An immutable string: a range of a shared text. Building or cloning one
/// never copies bytes, and reading it needs no UTF-8 check.
#[derive(Clone)]
pub struct Str {
    /// `None` for the empty string.
    text: Option<Arc<str>>,
    /// The range in `text` (never empty, so `end` is never 0, which leaves
    /// `Option<Str>` the same size); `start == end` stands for all of it (a
    /// text too long for 32-bit offsets holds just the value, see
    /// [`Str::from_arc`]).
    start: u32,
    end: NonZeroU32,
}

impl Str {
    /// The empty string.
    pub const fn new() -> Str {
        Str {
            text: None,
            start: 0,
            end: NonZeroU32::MIN,
        }
    }

    /// `text[start..end]`, sharing `text`. An out-of-range or non-boundary
    /// range gives the empty string.
    #[inline]
    pub(crate) fn shared(text: &Arc<str>, start: usize, end: usize) -> Str {
        let Some(value) = text.get(start..end).filter(|v| !v.is_empty()) else {
            return Str::new();
        };
        match (
            u32::try_from(start),
            u32::try_from(end).map(NonZeroU32::new),
        ) {
            (Ok(start), Ok(Some(end))) => Str {
                text: Some(Arc::clone(text)),
                start,
                end,
            },
            _ => Str::from(value),
        }
    }

    /// A string holding all of `text`.
    fn from_arc(text: Arc<str>) -> Str {
        if text.is_empty() {
            return Str::new();
        }
        Str {
            text: Some(text),
            start: 1,
            end: NonZeroU32::MIN,
        }
    }

    /// The string.
    #[inline]
    pub fn as_str(&self) -> &str {
        let end = self.end.get();
        match &self.text {
            Some(text) if self.start == end => text,
            Some(text) => text
                .get(self.start as usize..end as usize)
                .unwrap_or_default(),
            None => "",
        }
    }
}

impl Default for Str {
    fn default() -> Self {
        Str::new()
    }
}

impl Deref for Str {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Str {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Str {
        Str::from_arc(Arc::from(s))
    }
}

impl From<String> for Str {
    fn from(s: String) -> Str {
        Str::from_arc(Arc::from(s))
    }
}

impl From<&String> for Str {
    fn from(s: &String) -> Str {
        Str::from(s.as_str())
    }
}

impl From<Str> for String {
    fn from(s: Str) -> String {
        s.as_str().to_owned()
    }
}

impl PartialEq for Str {
    fn eq(&self, other: &Str) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Str {}

impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Str {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Str> for str {
    fn eq(&self, other: &Str) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Str> for &str {
    fn eq(&self, other: &Str) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Str> for String {
    fn eq(&self, other: &Str) -> bool {
        self == other.as_str()
    }
}

impl PartialOrd for Str {
    fn partial_cmp(&self, other: &Str) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str {
    fn cmp(&self, other: &Str) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Str {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl Serialize for Str {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_and_owned_read_the_same() {
        let text: Arc<str> = Arc::from("FROM alpine\nRUN echo a long enough command here\n");
        let short = Str::shared(&text, 0, 4);
        assert_eq!(short, "FROM");
        let long = Str::shared(&text, 16, text.len() - 1);
        assert_eq!(long, "echo a long enough command here");
        let owned = Str::from("echo a long enough command here".to_owned());
        assert_eq!(owned, long);
        assert_eq!(String::from(owned), "echo a long enough command here");
        assert_eq!(Str::from("é".repeat(15).as_str()), "é".repeat(15));
        assert_eq!(Str::shared(&text, 3, 100), "");
        assert_eq!(Str::shared(&text, 5, 11), "alpine");
        assert_eq!(Str::from(""), Str::new());
        assert_eq!(format!("{short:?} {short}"), "\"FROM\" FROM");
        assert_eq!(std::mem::size_of::<Str>(), 24);
        assert_eq!(std::mem::size_of::<Option<Str>>(), 24);
    }
}
