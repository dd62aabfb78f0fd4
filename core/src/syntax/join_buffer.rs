//! [`JoinBuffer`], where the scanner joins the lines of a continued
//! instruction. A continued RUN is dozens of short pieces; copying each with
//! a call to `memcpy`, whose branches on the length the predictor cannot
//! learn, took about 5% of a pass over the corpus. Pieces are copied here in
//! fixed sixteen-byte blocks instead, reading past a piece's end into the
//! source that follows it: the extra bytes land past the joined text's end,
//! where the next piece overwrites them.

use super::logical::LogicalRef;

/// Block size of the copy.
const BLOCK: usize = 16;

/// The joined text of one continued instruction and its piece map, kept
/// from one instruction (and one file) to the next.
#[derive(Default)]
pub(crate) struct JoinBuffer {
    /// The joined text in `bytes[..len]`; the rest is room for block copies.
    bytes: Vec<u8>,
    len: usize,
    /// `(offset in the joined text, offset in the source)` of every piece.
    pieces: Vec<(usize, usize)>,
    /// The joined text as a string, only if it were not valid UTF-8, which
    /// cannot happen: every piece is a whole string of the source.
    lossy: String,
}

impl JoinBuffer {
    /// Forget the text, keeping the buffers.
    pub(crate) fn clear(&mut self) {
        self.len = 0;
        self.pieces.clear();
    }

    /// Bytes held for reuse.
    pub(crate) fn capacity(&self) -> usize {
        self.bytes.len()
    }

    /// Append `source[start..end]`, which must be a whole string of `source`.
    #[inline]
    pub(crate) fn push(&mut self, source: &str, start: usize, end: usize) {
        let source = source.as_bytes();
        let Some(piece) = source.get(start..end).filter(|p| !p.is_empty()) else {
            return;
        };
        let n = piece.len();
        let at = self.len;
        // Room for the piece rounded up to whole blocks.
        let room = at + n + BLOCK;
        if self.bytes.len() < room {
            self.grow(room);
        }
        self.pieces.push((at, start));
        let blocks = n.div_ceil(BLOCK) * BLOCK;
        match (
            source.get(start..start + blocks),
            self.bytes.get_mut(at..at + blocks),
        ) {
            (Some(from), Some(to)) => {
                for (to, from) in to
                    .as_chunks_mut::<BLOCK>()
                    .0
                    .iter_mut()
                    .zip(from.as_chunks::<BLOCK>().0)
                {
                    *to = *from;
                }
            }
            // The end of the source: the last piece is copied exactly.
            _ => {
                if let Some(to) = self.bytes.get_mut(at..at + n) {
                    to.copy_from_slice(piece);
                }
            }
        }
        self.len = at + n;
    }

    #[inline(never)]
    fn grow(&mut self, room: usize) {
        // Once per thread for nearly every file (the buffer is kept), with
        // room for the pieces of nearly every continued instruction.
        self.bytes.resize(room.next_power_of_two().max(1024), 0);
        self.pieces.reserve(64);
    }

    /// The joined text and its piece map.
    pub(crate) fn view(&mut self) -> LogicalRef<'_> {
        let joined = self.bytes.get(..self.len).unwrap_or_default();
        let text = match std::str::from_utf8(joined) {
            Ok(text) => text,
            Err(_) => {
                self.lossy = String::from_utf8_lossy(joined).into_owned();
                &self.lossy
            }
        };
        LogicalRef {
            text,
            pieces: &self.pieces,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_pieces_of_every_length_exactly() {
        let source: String = (0..200u8).map(|i| char::from(b'a' + i % 26)).collect();
        let mut buffer = JoinBuffer::default();
        for first in [0, 1, 15, 16, 17, 40] {
            for second in [0, 1, 15, 16, 17, 33] {
                buffer.clear();
                let mut expected = String::new();
                let mut pieces = Vec::new();
                // The second piece runs to the very end of the source.
                for (start, len) in [(3, first), (source.len() - second, second)] {
                    if len > 0 {
                        pieces.push((expected.len(), start));
                    }
                    expected.push_str(&source[start..start + len]);
                    buffer.push(&source, start, start + len);
                }
                let view = buffer.view();
                assert_eq!(view.text, expected, "{first} {second}");
                assert_eq!(view.pieces, pieces.as_slice());
            }
        }
        assert!(buffer.capacity() >= 1024);
    }

    #[test]
    fn a_long_piece_grows_the_buffer() {
        let source = "é".repeat(3000);
        let mut buffer = JoinBuffer::default();
        buffer.push(&source, 2, source.len() - 2);
        buffer.push(&source, 0, 2);
        assert_eq!(
            buffer.view().text,
            format!("{}é", &source[2..source.len() - 2])
        );
    }
}
