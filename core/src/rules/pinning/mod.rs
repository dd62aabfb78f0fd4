//! Pinned, rebuildable images: tagged and digest-pinned bases, pinned package
//! versions, verified downloads.

use crate::lint::Rule;

mod untagged_base_image;

pub(crate) const RULES: &[&dyn Rule] = &[&untagged_base_image::UntaggedBaseImage];
