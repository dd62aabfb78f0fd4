//! [`Str`], the string type of the syntax tree. Most values in a Dockerfile
//! are short words or verbatim slices of the file, so a `String` each would
//! make the parser spend most of its time in the allocator: short values are
//! stored inline, long ones share a reference-counted text (the file's, or
//! an instruction's joined continuation lines), so clones are cheap too.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// An immutable string: inline when short, else (a range of) a shared text.
/// It dereferences to `str`.
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
    Heap(Arc<str>),
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
        if let Some(inline) = Str::inline_at(text, start, end) {
            return inline;
        }
        let Some(s) = text.get(start..end) else {
            return Str::new();
        };
        match (u32::try_from(start), u32::try_from(end)) {
            (Ok(start), Ok(end)) => Str(Repr::Shared {
                text: Arc::clone(text),
                start,
                end,
            }),
            _ => Str(Repr::Heap(Arc::from(s))),
        }
    }

    /// `text[start..end]` if it fits inline. A fixed-size block is copied
    /// when the text has one there (a copy of variable length is a call to
    /// `memcpy`); bytes past the value are never read.
    #[inline]
    pub(crate) fn inline_at(text: &str, start: usize, end: usize) -> Option<Str> {
        let s = text.get(start..end)?;
        if s.len() > Str::INLINE {
            return None;
        }
        let len = s.len() as u8;
        // Built straight into the result: a copy through a local array makes
        // the CPU wait on a store it cannot forward.
        match text
            .as_bytes()
            .get(start..start + Str::INLINE)
            .and_then(|block| <[u8; Str::INLINE]>::try_from(block).ok())
        {
            Some(bytes) => Some(Str(Repr::Inline { len, bytes })),
            None => Str::inline(s),
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

    /// The bytes of the string, without the UTF-8 check of [`Str::as_str`].
    #[inline]
    fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline { len, bytes } => &bytes[..usize::from(*len)],
            _ => self.as_str().as_bytes(),
        }
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
        Str::inline(s).unwrap_or_else(|| Str(Repr::Heap(Arc::from(s))))
    }
}

impl From<String> for Str {
    #[inline]
    fn from(s: String) -> Str {
        Str::inline(&s).unwrap_or_else(|| Str(Repr::Heap(Arc::from(s))))
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
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Str {}

impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<String> for Str {
    fn eq(&self, other: &String) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<Str> for str {
    fn eq(&self, other: &Str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<Str> for &str {
    fn eq(&self, other: &Str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<Str> for String {
    fn eq(&self, other: &Str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialOrd for Str {
    fn partial_cmp(&self, other: &Str) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str {
    fn cmp(&self, other: &Str) -> Ordering {
        self.as_bytes().cmp(other.as_bytes())
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
        assert_eq!(Str::shared(&text, 5, 11), "alpine");
        let end = text.len();
        assert_eq!(Str::shared(&text, end - 5, end), "here\n");
        assert_eq!(format!("{short:?} {short}"), "\"FROM\" FROM");
        assert_eq!(std::mem::size_of::<Str>(), 32);
    }
}
