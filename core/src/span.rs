//! Byte spans into the source text, and the line index that turns them into
//! 1-based line and column positions for people and editors.

use serde::Serialize;

/// A half-open byte range `start..end` into the original source text
/// (byte order mark included, so offsets always index the bytes as read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; an inverted range is collapsed to `start`.
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// An empty span at `at`.
    pub fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The text this span covers, or `""` when it does not fit the text.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// A 1-based line and column. Columns count Unicode scalar values (characters),
/// as rustc, ruff and hadolint report them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Maps byte offsets to lines and columns. Lines end at `\n` only: BuildKit does
/// not treat a lone `\r` as a line break, so neither do we.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// Byte offset at which each line starts; `line_starts[0] == 0`.
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Index the given text.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        let mut from = 0;
        while let Some(i) = find_byte(&bytes[from..], b'\n') {
            from += i + 1;
            line_starts.push(from);
        }
        LineIndex { line_starts }
    }

    /// Number of lines (a final line without `\n` counts; an empty text has one).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where the 1-based `line` starts, if it exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        line.checked_sub(1)
            .and_then(|i| self.line_starts.get(i))
            .copied()
    }

    /// The 1-based line containing byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Line and character column of byte `offset` in `text` (the text this index was built from).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = clamp_to_char_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.line_start(line).unwrap_or(0);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        Position { line, column }
    }

    /// Line and UTF-16 column of byte `offset`, for editors that speak LSP.
    pub fn position_utf16(&self, text: &str, offset: usize) -> Position {
        let offset = clamp_to_char_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.line_start(line).unwrap_or(0);
        let column = text
            .get(start..offset)
            .map_or(0, |s| s.chars().map(char::len_utf16).sum::<usize>())
            + 1;
        Position { line, column }
    }
}

/// Offset of the first `needle` byte in `hay`, sixteen bytes at a time (the
/// test of a block compiles to one vector compare on x86-64 and AArch64;
/// no `unsafe` needed), much faster than a byte loop on the long lines
/// Dockerfiles are made of.
#[inline]
pub(crate) fn find_byte(hay: &[u8], needle: u8) -> Option<usize> {
    let (blocks, tail) = hay.as_chunks::<16>();
    for (n, block) in blocks.iter().enumerate() {
        if block_contains(block, needle) {
            return Some(n * 16 + first_in_block(block, needle));
        }
    }
    let done = blocks.len() * 16;
    tail.iter().position(|&b| b == needle).map(|i| done + i)
}

/// Whether `needle` occurs in `hay`. Every byte is read (no early exit), so
/// sixteen bytes cost one vector compare; the tail is read as an
/// overlapping last block. Kept out of line: inlined into the scanner, it
/// made the scanner's loop slower.
#[inline(never)]
pub(crate) fn contains_byte(hay: &[u8], needle: u8) -> bool {
    let Some(last) = hay.last_chunk::<16>() else {
        return hay.contains(&needle);
    };
    let (blocks, _) = hay.as_chunks::<16>();
    let mut seen = block_contains(last, needle);
    for block in blocks {
        seen |= block_contains(block, needle);
    }
    seen
}

/// Whether `needle` is in `block`: `fold` rather than `any`, with no early
/// exit, so that it compiles to one vector compare.
#[inline(always)]
fn block_contains(block: &[u8; 16], needle: u8) -> bool {
    block.iter().fold(false, |found, &b| found | (b == needle))
}

/// Offset of the first `needle` in a block known to hold one (16 if none).
/// The block is read as one 128-bit word and the lowest zero byte of
/// `block ^ needle` is found with the subtract-one borrow trick, without a
/// branch on which half holds it.
#[inline]
fn first_in_block(block: &[u8; 16], needle: u8) -> usize {
    const LO: u128 = u128::from_ne_bytes([0x01; 16]);
    const HI: u128 = u128::from_ne_bytes([0x80; 16]);
    let word = u128::from_le_bytes(*block) ^ LO.wrapping_mul(u128::from(needle));
    // Exact for the lowest zero byte: a borrow only ever propagates
    // upwards from a byte that really is zero.
    ((word.wrapping_sub(LO) & !word & HI).trailing_zeros() / 8) as usize
}

fn clamp_to_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_lines() {
        let text = "FROM a\nRUN héllo pip\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        let pip = text.find("pip").unwrap();
        assert_eq!(
            idx.position(text, pip),
            Position {
                line: 2,
                column: 11
            }
        );
        assert_eq!(idx.position_utf16(text, pip).column, 11);
        assert_eq!(idx.line_count(), 3);
    }

    #[test]
    fn find_byte_matches_a_byte_loop() {
        let text = "abc\ndef\u{e9}ghijklmnopq\n\nrstuvwxyz0123456789\n";
        for from in 0..text.len() {
            let hay = &text.as_bytes()[from..];
            for needle in [b'\n', b'a', b'z', 0xa9, b'!'] {
                assert_eq!(
                    find_byte(hay, needle),
                    hay.iter().position(|&b| b == needle),
                    "{from} {needle}"
                );
            }
        }
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 5);
        assert_eq!(idx.line_start(4), Some(text.len() - 20));
    }

    #[test]
    fn contains_byte_matches_a_byte_loop() {
        // Every length from empty to past two blocks (the short paths, the
        // overlapping last block), with the needle at every position.
        for len in 0..40 {
            let plain = vec![b'a'; len];
            assert!(!contains_byte(&plain, b'<'), "{len}");
            for at in 0..len {
                let mut hay = plain.clone();
                hay[at] = b'<';
                assert!(contains_byte(&hay, b'<'), "{len} {at}");
                assert!(!contains_byte(&hay, b'>'), "{len} {at}");
            }
        }
        // Bytes that differ from the needle only in the high bit.
        assert!(!contains_byte(&[0xbc; 9], b'<'));
        assert!(!contains_byte(&[0xbc; 17], b'<'));
    }

    #[test]
    fn lone_carriage_return_is_not_a_line_break() {
        let text = "FROM a\rRUN b\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_of(text.find("RUN").unwrap()), 1);
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let text = "RUN 😀x";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(idx.position(text, x).column, 6);
        assert_eq!(idx.position_utf16(text, x).column, 7);
    }
}
