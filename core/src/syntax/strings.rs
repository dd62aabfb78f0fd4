//! [`Str`], the string type of the syntax tree. Most values in a Dockerfile
//! are short words or verbatim slices of the file, so a `String` each would
//! make the parser spend most of its time in the allocator: short values are
//! stored inline, long verbatim ones share the file's text.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// An immutable string: inline when short, else a range of the shared source
/// text or its own heap copy. It dereferences to `str`.
#[derive(Clone)]
pub struct Str(Repr);

#[derive(Clone)]
enum Repr {
    Inline {
        len: u8,
        bytes: [u8; Str::INLINE],
    },
    Shared {
        text: Arc<str>,
        start: u32,
        end: u32,
    },
    Heap(Box<str>),
}

impl Str {
    /// Bytes stored inline (the type is 32 bytes, `String` plus one word).
    pub(crate) const INLINE: usize = 30;

    /// The empty string.
    pub const fn new() -> Str {
        Str(Repr::Inline {
            len: 0,
            bytes: [0; Str::INLINE],
        })
    }

    /// `text[start..end]`, sharing `text` unless the value fits inline.
    /// An out-of-range or non-boundary range gives the empty string.
    pub(crate) fn shared(text: &Arc<str>, start: usize, end: usize) -> Str {
        let Some(s) = text.get(start..end) else {
            return Str::new();
        };
        if let Some(inline) = Str::inline(s) {
            return inline;
        }
        match (u32::try_from(start), u32::try_from(end)) {
            (Ok(start), Ok(end)) => Str(Repr::Shared {
                text: Arc::clone(text),
                start,
                end,
            }),
            _ => Str(Repr::Heap(s.into())),
        }
    }

    #[inline]
    fn inline(s: &str) -> Option<Str> {
        if s.len() > Str::INLINE {
            return None;
        }
        let mut bytes = [0; Str::INLINE];
        bytes[..s.len()].copy_from_slice(s.as_bytes());
        Some(Str(Repr::Inline {
            len: s.len() as u8,
            bytes,
        }))
    }

    /// The string.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Built from a `str`, so always valid; the check is the price of
            // `forbid(unsafe_code)` and is short for at most 30 bytes.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Repr::Shared { text, start, end } => {
                text.get(*start as usize..*end as usize).unwrap_or_default()
            }
            Repr::Heap(s) => s,
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
    #[inline]
    fn from(s: &str) -> Str {
        Str::inline(s).unwrap_or_else(|| Str(Repr::Heap(s.into())))
    }
}

impl From<String> for Str {
    #[inline]
    fn from(s: String) -> Str {
        Str::inline(&s).unwrap_or_else(|| Str(Repr::Heap(s.into_boxed_str())))
    }
}

impl From<&String> for Str {
    fn from(s: &String) -> Str {
        Str::from(s.as_str())
    }
}

impl From<Str> for String {
    fn from(s: Str) -> String {
        match s.0 {
            Repr::Heap(b) => b.into_string(),
            _ => s.as_str().to_owned(),
        }
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
    fn inline_shared_and_heap_read_the_same() {
        let text: Arc<str> = Arc::from("FROM alpine\nRUN echo a long enough command here\n");
        let short = Str::shared(&text, 0, 4);
        assert!(matches!(short.0, Repr::Inline { .. }));
        assert_eq!(short, "FROM");
        let long = Str::shared(&text, 16, text.len() - 1);
        assert!(matches!(long.0, Repr::Shared { .. }));
        assert_eq!(long, "echo a long enough command here");
        let heap = Str::from("echo a long enough command here".to_owned());
        assert!(matches!(heap.0, Repr::Heap(_)));
        assert_eq!(heap, long);
        assert_eq!(String::from(heap), "echo a long enough command here");
        assert_eq!(Str::from("é".repeat(15).as_str()), "é".repeat(15));
        assert_eq!(Str::shared(&text, 3, 100), "");
        assert_eq!(format!("{short:?} {short}"), "\"FROM\" FROM");
        assert_eq!(std::mem::size_of::<Str>(), 32);
    }
}
