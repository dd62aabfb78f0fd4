//! How much of the image is wasted: bytes added by one layer and hidden by a later one.

use super::ImageRule;

mod wasted_space;

pub(super) static RULES: &[&dyn ImageRule] = &[&wasted_space::WastedSpace];
