//! How much of the image is wasted: bytes added by one layer and hidden by a later one.

use super::ImageRule;

pub(super) static RULES: &[&dyn ImageRule] = &[];
