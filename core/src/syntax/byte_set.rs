//! Sets of bytes as 256-entry tables, and the scan to the next byte of a
//! set: the tokenizers (words, flags, JSON strings) pass over the ordinary
//! bytes of a run with one table look-up each, and look closer only at the
//! bytes that matter to them.

/// A set of bytes, built at compile time by [`byte_set!`].
pub(crate) struct ByteSet(pub(crate) [bool; 256]);

/// The [`ByteSet`] of the bytes `b` for which the expression holds.
macro_rules! byte_set {
    (|$b:ident| $test:expr) => {{
        let mut table = [false; 256];
        let mut i = 0;
        while i < 256 {
            let $b = i as u8;
            table[i] = $test;
            i += 1;
        }
        $crate::syntax::byte_set::ByteSet(table)
    }};
}
pub(crate) use byte_set;

impl ByteSet {
    /// Whether `b` is in the set.
    #[inline(always)]
    pub(crate) fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b)]
    }

    /// The offset of the first byte of the set in `bytes` at or after
    /// `from`, or `bytes.len()` if there is none.
    #[inline]
    pub(crate) fn first_from(&self, bytes: &[u8], from: usize) -> usize {
        let rest = bytes.get(from..).unwrap_or_default();
        rest.iter()
            .position(|&b| self.contains(b))
            .map_or(bytes.len(), |n| from + n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_from_finds_the_next_member_or_the_end() {
        const DIGITS: ByteSet = byte_set!(|b| b.is_ascii_digit());
        let text = b"ab1cd23";
        assert!(DIGITS.contains(b'7') && !DIGITS.contains(b'x'));
        assert_eq!(DIGITS.first_from(text, 0), 2);
        assert_eq!(DIGITS.first_from(text, 2), 2);
        assert_eq!(DIGITS.first_from(text, 3), 5);
        assert_eq!(DIGITS.first_from(b"abc", 1), 3);
        assert_eq!(DIGITS.first_from(text, 99), text.len());
    }
}
