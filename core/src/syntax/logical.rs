//! A logical line: the physical lines of one instruction joined as BuildKit
//! joins them, with a map from every byte back to the source so that
//! diagnostics found in the joined text (words, shell commands) point at the
//! right line and column.

use crate::span::Span;

/// Joined text plus where each piece came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogicalText {
    /// The joined text.
    pub text: String,
    /// `(offset in text, offset in source)` at the start of every piece, ascending.
    pieces: Vec<(usize, usize)>,
}

impl LogicalText {
    /// An empty logical text.
    pub fn new() -> Self {
        LogicalText::default()
    }

    /// Append `piece`, which starts at byte `source_start` of the source.
    pub fn push(&mut self, piece: &str, source_start: usize) {
        if piece.is_empty() {
            return;
        }
        self.pieces.push((self.text.len(), source_start));
        self.text.push_str(piece);
    }

    /// A sub-range of this text as its own logical text (offsets rebased to 0).
    pub fn slice(&self, start: usize, end: usize) -> LogicalText {
        let end = end.min(self.text.len());
        let start = start.min(end);
        let mut out = LogicalText {
            text: self.text.get(start..end).unwrap_or("").to_owned(),
            pieces: Vec::new(),
        };
        if out.text.is_empty() {
            return out;
        }
        let first = self.piece_at(start);
        for (i, &(logical, source)) in self.pieces.iter().enumerate().skip(first) {
            if logical >= end {
                break;
            }
            if i == first {
                out.pieces.push((0, source + (start - logical)));
            } else {
                out.pieces.push((logical - start, source));
            }
        }
        out
    }

    fn piece_at(&self, offset: usize) -> usize {
        match self.pieces.binary_search_by(|p| p.0.cmp(&offset)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The source offset of logical byte `offset` (a position *before* that byte).
    pub fn source_offset(&self, offset: usize) -> usize {
        if self.pieces.is_empty() {
            return 0;
        }
        let i = self.piece_at(offset);
        let (logical, source) = self.pieces[i];
        source + offset.saturating_sub(logical)
    }

    /// The source offset just *after* logical byte `offset - 1`, so that a span
    /// ending at a piece boundary ends on its own line, not at the next piece.
    pub fn source_end(&self, offset: usize) -> usize {
        if offset == 0 {
            return self.source_offset(0);
        }
        self.source_offset(offset - 1) + 1
    }

    /// Map a logical byte range to a source span.
    pub fn map(&self, start: usize, end: usize) -> Span {
        if start >= end {
            let at = self.source_offset(start);
            return Span::empty(at);
        }
        Span::new(self.source_offset(start), self.source_end(end))
    }

    /// The source span of the whole text.
    pub fn span(&self) -> Span {
        self.map(0, self.text.len())
    }

    /// Whether the text came from one contiguous stretch of source.
    pub fn is_contiguous(&self) -> bool {
        self.pieces.len() <= 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_offsets_across_pieces() {
        // source: "RUN a \\\n    b\n": pieces "RUN a " at 0 and "    b" at 8
        let mut l = LogicalText::new();
        l.push("RUN a ", 0);
        l.push("    b", 8);
        assert_eq!(l.text, "RUN a     b");
        let b = l.text.find('b').unwrap();
        assert_eq!(l.map(b, b + 1), Span::new(12, 13));
        // a span ending right at the end of the first piece stays on line 1
        assert_eq!(l.map(0, 6), Span::new(0, 6));
        let s = l.slice(4, 11);
        assert_eq!(s.text, "a     b");
        assert_eq!(s.map(0, 1), Span::new(4, 5));
        assert_eq!(s.map(6, 7), Span::new(12, 13));
    }
}
