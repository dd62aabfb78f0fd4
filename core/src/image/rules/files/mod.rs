//! Checks on the files of the final image and of every layer below it.

use super::ImageRule;

pub(super) static RULES: &[&dyn ImageRule] = &[];
