//! Pure conversions between the core's terms and Python's, kept free of pyo3
//! so that they can be unit-tested without an interpreter.

/// The character offsets (Unicode scalar values: what a Python `str` is
/// indexed by) of byte offsets into `text`, in the order given.
///
/// An offset inside a multi-byte character counts as that character's start,
/// and an offset past the end counts as the end. One pass over the text
/// whatever the number of offsets, so a large file with many fixes stays
/// linear.
pub fn char_offsets(text: &str, byte_offsets: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..byte_offsets.len()).collect();
    order.sort_by_key(|&i| byte_offsets.get(i).copied().unwrap_or(0));
    let mut out = vec![0; byte_offsets.len()];
    let mut byte = 0;
    let mut chars = 0;
    for i in order {
        let target = floor_char_boundary(text, byte_offsets.get(i).copied().unwrap_or(0));
        if target > byte {
            chars += text.get(byte..target).map_or(0, |s| s.chars().count());
            byte = target;
        }
        if let Some(slot) = out.get_mut(i) {
            *slot = chars;
        }
    }
    out
}

/// The largest character boundary of `text` at or before `offset`.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The Python keyword argument behind a core option name
/// (`failure-threshold` → `failure_threshold`).
pub fn keyword_name(option: &str) -> String {
    option.replace('-', "_")
}

/// The panic payload as text, for the message of `InternalError`.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_offsets_are_unchanged() {
        assert_eq!(
            char_offsets("FROM ubuntu\n", &[0, 5, 11, 12]),
            [0, 5, 11, 12]
        );
    }

    #[test]
    fn multibyte_characters_count_once() {
        // é is 2 bytes, 🐳 is 4 bytes (and 2 UTF-16 units, but 1 Python character).
        let text = "# é🐳\nFROM x";
        let from = text.find("FROM").unwrap();
        assert_eq!(from, 9);
        assert_eq!(char_offsets(text, &[from, text.len()]), [5, 11]);
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[5..9].iter().collect::<String>(), "FROM");
    }

    #[test]
    fn unsorted_and_repeated_offsets_keep_their_order() {
        let text = "ééé abc";
        assert_eq!(char_offsets(text, &[7, 0, 2, 2, 4]), [4, 0, 1, 1, 2]);
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_are_clamped() {
        let text = "aé";
        assert_eq!(char_offsets(text, &[2, 3, 99]), [1, 2, 2]);
        assert_eq!(char_offsets("", &[0, 5]), [0, 0]);
        assert!(char_offsets("abc", &[]).is_empty());
    }

    #[test]
    fn keyword_names() {
        assert_eq!(keyword_name("failure-threshold"), "failure_threshold");
        assert_eq!(keyword_name("select"), "select");
    }

    #[test]
    fn panic_messages() {
        let s: Box<dyn std::any::Any + Send> = Box::new("static");
        assert_eq!(panic_message(s.as_ref()), "static");
        let s: Box<dyn std::any::Any + Send> = Box::new(String::from("owned"));
        assert_eq!(panic_message(s.as_ref()), "owned");
        let s: Box<dyn std::any::Any + Send> = Box::new(3_u8);
        assert_eq!(panic_message(s.as_ref()), "unknown panic payload");
    }
}
