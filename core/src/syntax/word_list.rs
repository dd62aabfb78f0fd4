//! [`Words`], the argument list of an instruction. Nine instructions in ten
//! have one or two arguments (`RUN script`, `COPY src dest`, `ENV K=V`), so
//! those are kept inside the instruction itself and only longer lists take a
//! separate allocation: parsing a file then costs far fewer trips to the
//! allocator, which real Dockerfiles showed to be a large part of its time.

use std::fmt;
use std::ops::Deref;

use serde::{Serialize, Serializer};

use super::ast::Word;

/// An instruction's argument words, in order. Reads as a slice of [`Word`]s.
#[derive(Clone)]
pub struct Words<'a>(Repr<'a>);

#[derive(Clone)]
enum Repr<'a> {
    One(Word<'a>),
    Two([Word<'a>; 2]),
    /// None, or three and more.
    Heap(Vec<Word<'a>>),
}

impl<'a> Words<'a> {
    /// No words.
    pub const fn new() -> Words<'a> {
        Words(Repr::Heap(Vec::new()))
    }

    /// The words as a slice.
    #[inline]
    pub fn as_slice(&self) -> &[Word<'a>] {
        match &self.0 {
            Repr::One(word) => std::slice::from_ref(word),
            Repr::Two(words) => words,
            Repr::Heap(words) => words,
        }
    }

    /// Add a word at the end. Always inlined: called, it took the word
    /// through memory and read it back with wider loads than it was written
    /// with, which had to wait for the writes to complete.
    #[inline(always)]
    pub(crate) fn push(&mut self, word: Word<'a>) {
        match &mut self.0 {
            Repr::Heap(words) if !words.is_empty() => words.push(word),
            Repr::Heap(_) => self.0 = Repr::One(word),
            Repr::One(_) | Repr::Two(_) => self.spill(word),
        }
    }

    /// `push` onto an inline list: one word becomes two, two go to the heap.
    fn spill(&mut self, word: Word<'a>) {
        self.0 = match std::mem::replace(&mut self.0, Repr::Heap(Vec::new())) {
            Repr::One(first) => Repr::Two([first, word]),
            Repr::Two([first, second]) => {
                let mut words = Vec::with_capacity(4);
                words.extend([first, second, word]);
                Repr::Heap(words)
            }
            Repr::Heap(mut words) => {
                words.push(word);
                Repr::Heap(words)
            }
        };
    }
}

impl<'a> From<Word<'a>> for Words<'a> {
    fn from(word: Word<'a>) -> Words<'a> {
        Words(Repr::One(word))
    }
}

impl<'a> From<[Word<'a>; 2]> for Words<'a> {
    fn from(words: [Word<'a>; 2]) -> Words<'a> {
        Words(Repr::Two(words))
    }
}

impl<'a> From<Vec<Word<'a>>> for Words<'a> {
    fn from(mut words: Vec<Word<'a>>) -> Words<'a> {
        match words.len() {
            1 | 2 => words.drain(..).collect(),
            _ => Words(Repr::Heap(words)),
        }
    }
}

impl<'a> FromIterator<Word<'a>> for Words<'a> {
    fn from_iter<I: IntoIterator<Item = Word<'a>>>(iter: I) -> Words<'a> {
        let mut iter = iter.into_iter();
        let Some(first) = iter.next() else {
            return Words::new();
        };
        let Some(second) = iter.next() else {
            return Words(Repr::One(first));
        };
        let Some(third) = iter.next() else {
            return Words(Repr::Two([first, second]));
        };
        let mut all = Vec::with_capacity(iter.size_hint().0.saturating_add(4));
        all.extend([first, second, third]);
        all.extend(iter);
        Words(Repr::Heap(all))
    }
}

impl PartialEq for Words<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Words<'_> {}

impl Default for Words<'_> {
    fn default() -> Self {
        Words::new()
    }
}

impl<'a> Deref for Words<'a> {
    type Target = [Word<'a>];

    #[inline]
    fn deref(&self) -> &[Word<'a>] {
        self.as_slice()
    }
}

impl<'s, 'a> IntoIterator for &'s Words<'a> {
    type Item = &'s Word<'a>;
    type IntoIter = std::slice::Iter<'s, Word<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl fmt::Debug for Words<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl Serialize for Words<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;
    use crate::syntax::Str;

    fn word(i: usize) -> Word<'static> {
        Word {
            value: Str::owned(i.to_string()),
            span: Span::new(i, i + 1),
        }
    }

    #[test]
    fn every_length_reads_back_in_order() {
        for n in 0..6 {
            let expected: Vec<Word<'_>> = (0..n).map(word).collect();
            let collected: Words<'_> = (0..n).map(word).collect();
            let converted = Words::from(expected.clone());
            let mut pushed = Words::new();
            for w in &expected {
                pushed.push(w.clone());
            }
            for words in [&collected, &converted, &pushed] {
                assert_eq!(words.as_slice(), expected.as_slice(), "{n} words");
                assert_eq!(words.len(), n);
                assert_eq!(words.into_iter().count(), n);
                assert_eq!(
                    serde_json::to_value(words).unwrap(),
                    serde_json::to_value(&expected).unwrap()
                );
                assert_eq!(format!("{words:?}"), format!("{expected:?}"));
            }
            // Equal lists are equal however they are stored.
            assert_eq!(collected, converted);
            assert_eq!(collected, pushed);
            assert_eq!(collected.clone(), collected);
        }
        assert!(Words::default().is_empty());
        assert_eq!(Words::from(word(7))[0].value, "7");
        assert_eq!(Words::from([word(1), word(2)])[1].value, "2");
    }

    #[test]
    fn short_lists_stay_inline() {
        let one: Words<'_> = (0..1).map(word).collect();
        let two: Words<'_> = (0..2).map(word).collect();
        let three: Words<'_> = (0..3).map(word).collect();
        assert!(matches!(one.0, Repr::One(_)));
        assert!(matches!(two.0, Repr::Two(_)));
        assert!(matches!(three.0, Repr::Heap(_)));
        assert!(matches!(
            Words::from(vec![word(1), word(2)]).0,
            Repr::Two(_)
        ));
        // The representation is not part of equality.
        assert_eq!(Words(Repr::Heap(vec![word(0)])), one);
    }
}
