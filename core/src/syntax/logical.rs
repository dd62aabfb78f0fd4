//! A logical line: the physical lines of one instruction joined as BuildKit
//! joins them, with a map from every byte back to the source so that
//! diagnostics found in the joined text (words, shell commands) point at the
//! right line and column.

use std::fmt;

use super::strings::Str;
use crate::span::Span;

/// Joined text plus where each piece came from.
#[derive(Clone, Default)]
pub struct LogicalText {
    /// The joined text.
    pub text: String,
    /// `(offset in text, offset in source)` at the start of every piece, ascending.
    pieces: Pieces,
}

/// The piece list, without a heap allocation for the common single piece.
#[derive(Clone, Default)]
enum Pieces {
    #[default]
    Empty,
    One((usize, usize)),
    Many(Vec<(usize, usize)>),
}

impl Pieces {
    #[inline]
    fn as_slice(&self) -> &[(usize, usize)] {
        match self {
            Pieces::Empty => &[],
            Pieces::One(p) => std::slice::from_ref(p),
            Pieces::Many(v) => v,
        }
    }

    fn push(&mut self, piece: (usize, usize)) {
        match self {
            Pieces::Empty => *self = Pieces::One(piece),
            Pieces::One(first) => {
                let mut v = Vec::with_capacity(4);
                v.push(*first);
                v.push(piece);
                *self = Pieces::Many(v);
            }
            Pieces::Many(v) => v.push(piece),
        }
    }
}

impl PartialEq for LogicalText {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.pieces.as_slice() == other.pieces.as_slice()
    }
}

impl Eq for LogicalText {}

impl fmt::Debug for LogicalText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LogicalText")
            .field("text", &self.text)
            .field("pieces", &self.pieces.as_slice())
            .finish()
    }
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

    /// A borrowed view.
    #[inline]
    pub(crate) fn view(&self) -> LogicalRef<'_> {
        LogicalRef {
            text: &self.text,
            pieces: self.pieces.as_slice(),
        }
    }

    /// A sub-range of this text as its own logical text (offsets rebased to 0).
    pub fn slice(&self, start: usize, end: usize) -> LogicalText {
        self.view().slice(start, end)
    }

    /// The source offset of logical byte `offset` (a position *before* that byte).
    pub fn source_offset(&self, offset: usize) -> usize {
        self.view().source_offset(offset)
    }

    /// The source offset just *after* logical byte `offset - 1`, so that a span
    /// ending at a piece boundary ends on its own line, not at the next piece.
    pub fn source_end(&self, offset: usize) -> usize {
        self.view().source_end(offset)
    }

    /// Map a logical byte range to a source span.
    pub fn map(&self, start: usize, end: usize) -> Span {
        self.view().map(start, end)
    }

    /// The source span of the whole text.
    pub fn span(&self) -> Span {
        self.view().span()
    }

    /// Whether the text came from one contiguous stretch of source.
    pub fn is_contiguous(&self) -> bool {
        self.pieces.as_slice().len() <= 1
    }
}

/// A borrowed logical text: the joined text (or, for an instruction on one
/// line, the source line itself) and its piece map.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LogicalRef<'a> {
    pub text: &'a str,
    pub pieces: &'a [(usize, usize)],
}

impl<'a> LogicalRef<'a> {
    /// `text` read from one stretch of source, `piece` saying where.
    #[inline(always)]
    pub(crate) fn one_piece(text: &'a str, piece: &'a (usize, usize)) -> Self {
        LogicalRef {
            text,
            pieces: std::slice::from_ref(piece),
        }
    }

    /// A sub-range as its own logical text (offsets rebased to 0).
    pub(crate) fn slice(self, start: usize, end: usize) -> LogicalText {
        let (start, end, pieces) = self.slice_pieces(start, end);
        LogicalText {
            text: self.text.get(start..end).unwrap_or("").to_owned(),
            pieces,
        }
    }

    /// The clamped range and the piece map of a sub-range.
    fn slice_pieces(self, start: usize, end: usize) -> (usize, usize, Pieces) {
        let end = end.min(self.text.len());
        let start = start.min(end);
        if start == end || self.text.get(start..end).is_none() || self.pieces.is_empty() {
            return (start, end, Pieces::Empty);
        }
        if let [(logical, source)] = *self.pieces {
            let pieces = if logical >= end {
                Pieces::Empty
            } else {
                Pieces::One((0, source + (start - logical)))
            };
            return (start, end, pieces);
        }
        let first = self.piece_at(start);
        let (logical, source) = self.pieces[first];
        if logical >= end {
            return (start, end, Pieces::Empty);
        }
        let head = (0, source + (start - logical));
        let more = &self.pieces[first + 1..];
        let count = more
            .iter()
            .take_while(|&&(logical, _)| logical < end)
            .count();
        let pieces = if count == 0 {
            Pieces::One(head)
        } else {
            let mut v = Vec::with_capacity(count + 1);
            v.push(head);
            v.extend(
                more[..count]
                    .iter()
                    .map(|&(logical, source)| (logical - start, source)),
            );
            Pieces::Many(v)
        };
        (start, end, pieces)
    }

    #[inline]
    fn piece_at(self, offset: usize) -> usize {
        let n = self.pieces.len();
        // Most lookups are for the first piece (keyword, flags, the start of
        // the arguments) or the last (where the instruction ends).
        if n <= 1 || offset < self.pieces[1].0 {
            return 0;
        }
        if offset >= self.pieces[n - 1].0 {
            return n - 1;
        }
        match self.pieces.binary_search_by(|p| p.0.cmp(&offset)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The source offset of logical byte `offset` (a position *before* that byte).
    #[inline]
    pub(crate) fn source_offset(self, offset: usize) -> usize {
        if self.pieces.is_empty() {
            return 0;
        }
        let i = self.piece_at(offset);
        let (logical, source) = self.pieces[i];
        source + offset.saturating_sub(logical)
    }

    /// See [`LogicalText::source_end`].
    #[inline]
    pub(crate) fn source_end(self, offset: usize) -> usize {
        if offset == 0 {
            return self.source_offset(0);
        }
        self.source_offset(offset - 1) + 1
    }

    /// Map a logical byte range to a source span.
    #[inline(always)]
    pub(crate) fn map(self, start: usize, end: usize) -> Span {
        if let [(0, source)] = *self.pieces {
            // One piece (it always starts the text): both ends move by the
            // same offset, as `source_offset` and `source_end` would compute.
            return Span::new(source + start, source + end);
        }
        self.map_pieces(start, end)
    }

    /// [`LogicalRef::map`] over several pieces (or none).
    #[inline(never)]
    fn map_pieces(self, start: usize, end: usize) -> Span {
        if start >= end {
            let at = self.source_offset(start);
            return Span::empty(at);
        }
        Span::new(self.source_offset(start), self.source_end(end))
    }

    /// The source span of the whole text.
    pub(crate) fn span(self) -> Span {
        self.map(0, self.text.len())
    }
}

/// The values of one logical line, shared with the source (a text of one
/// piece is a verbatim copy of it, see [`LogicalText::push`]) or, for a value
/// that crosses the pieces of a joined line, a copy of its own.
pub(crate) struct LineValues<'s, 'a> {
    pub line: LogicalRef<'s>,
    source: &'s Str<'a>,
    /// The source text of a line read from one stretch of borrowed source
    /// (an instruction on one line): every value is a slice of it.
    direct: Option<&'a str>,
}

impl<'s, 'a> LineValues<'s, 'a> {
    pub(crate) fn new(source: &'s Str<'a>, line: LogicalRef<'s>) -> Self {
        let direct = match (line.pieces, source.as_borrowed()) {
            (&[(0, at)], Some(text)) => text.get(at..at + line.text.len()),
            _ => None,
        };
        LineValues {
            line,
            source,
            direct,
        }
    }

    /// The line's text and where it starts in the source, when every
    /// value is a slice of it (an instruction on one line).
    #[inline]
    pub(crate) fn direct(&self) -> Option<(&'a str, usize)> {
        Some((self.direct?, self.line.pieces.first()?.1))
    }

    /// Logical bytes `start..end` as a [`Str`].
    #[inline]
    pub(crate) fn str(&self, start: usize, end: usize) -> Str<'a> {
        match self.direct {
            Some(direct) => Str::borrowed(direct.get(start..end).unwrap_or_default()),
            None => self.joined_str(start, end),
        }
    }

    /// [`LineValues::str`] of a line joined from several pieces (or of a
    /// source that is not borrowed), kept out of line: the common case is
    /// the direct slice.
    #[inline(never)]
    fn joined_str(&self, start: usize, end: usize) -> Str<'a> {
        if start >= end {
            return Str::new();
        }
        if let Some(piece) = self.within_one_piece(start, end) {
            return piece;
        }
        match self.line.text.get(start..end) {
            Some(value) => Str::owned(value),
            None => Str::new(),
        }
    }

    /// A value that lies inside one piece of the line (the only one, for a
    /// line that was not continued), as a slice of the source.
    fn within_one_piece(&self, start: usize, end: usize) -> Option<Str<'a>> {
        let pieces = self.line.pieces;
        let i = self.line.piece_at(start);
        let (logical, at) = *pieces.get(i)?;
        let piece_end = pieces.get(i + 1).map_or(self.line.text.len(), |p| p.0);
        if start < logical || end > piece_end {
            return None;
        }
        let from = at + (start - logical);
        let to = from + (end - start);
        Some(self.source.slice(from, to))
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

    #[test]
    fn every_offset_maps_into_its_own_piece() {
        // Pieces of 1 to 5 pieces with gaps between them in the source: each
        // logical offset maps by its own piece, whichever piece that is
        // (first, last or one between).
        for count in 1..=5usize {
            let mut l = LogicalText::new();
            let mut expected = Vec::new();
            for i in 0..count {
                let source = 100 * i + 7;
                let piece = &"abcdefg"[..i + 2];
                l.push(piece, source);
                expected.extend((0..piece.len()).map(|k| source + k));
            }
            for (offset, &want) in expected.iter().enumerate() {
                assert_eq!(
                    l.source_offset(offset),
                    want,
                    "{count} pieces, offset {offset}"
                );
                assert_eq!(l.map(offset, offset + 1), Span::new(want, want + 1));
            }
            let last = *expected.last().unwrap();
            assert_eq!(l.source_end(expected.len()), last + 1);
        }
    }

    #[test]
    fn one_piece_maps_every_range_as_the_general_mapping_does() {
        // The one-piece shortcut in `map` must agree with `map_pieces`,
        // empty, inverted and out-of-range ranges included.
        let piece = (0, 40);
        let view = LogicalRef::one_piece("RUN make", &piece);
        for start in 0..12 {
            for end in 0..12 {
                assert_eq!(
                    view.map(start, end),
                    view.map_pieces(start, end),
                    "{start}..{end}"
                );
            }
        }
        assert_eq!(view.map(4, 8), Span::new(44, 48));
        assert_eq!(view.map(5, 2), Span::empty(45));
    }

    #[test]
    fn values_of_a_joined_line_borrow_within_a_piece_and_copy_across() {
        // source: "ENV A=1 \\\n  B=2\n": pieces "ENV A=1 " at 0 and "  B=2" at 10
        let source = "ENV A=1 \\\n  B=2\n";
        let text = Str::borrowed(source);
        let mut l = LogicalText::new();
        l.push(&source[0..8], 0);
        l.push(&source[10..15], 10);
        assert_eq!(l.text, "ENV A=1   B=2");
        let values = LineValues::new(&text, l.view());
        let a = values.str(4, 7);
        assert_eq!((a.as_str(), a.is_borrowed()), ("A=1", true));
        let b = values.str(10, 13);
        assert_eq!((b.as_str(), b.is_borrowed()), ("B=2", true));
        let all = values.str(4, 13);
        assert_eq!((all.as_str(), all.is_borrowed()), ("A=1   B=2", false));
        assert_eq!(values.str(4, 13), all);
        assert_eq!(values.str(6, 11), "1   B");
        assert_eq!(values.str(6, 6), "");
        assert_eq!(values.str(6, 99), "");
        assert_eq!(l.view().slice(4, 13).map(6, 9), Span::new(12, 15));
    }

    #[test]
    fn single_and_many_pieces_compare_and_print_as_before() {
        let mut one = LogicalText::new();
        one.push("abc", 7);
        assert!(one.is_contiguous());
        assert_eq!(
            format!("{one:?}"),
            r#"LogicalText { text: "abc", pieces: [(0, 7)] }"#
        );
        let mut many = LogicalText::new();
        many.push("a", 1);
        many.push("b", 5);
        assert!(!many.is_contiguous());
        assert_eq!(
            format!("{many:?}"),
            r#"LogicalText { text: "ab", pieces: [(0, 1), (1, 5)] }"#
        );
        assert_eq!(many.slice(1, 2), {
            let mut t = LogicalText::new();
            t.push("b", 5);
            t
        });
        assert_eq!(LogicalText::new(), many.slice(2, 2));
    }
}
