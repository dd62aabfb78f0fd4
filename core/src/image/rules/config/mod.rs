//! Checks on the image configuration: who the container runs as, what it
//! exposes and mounts, what its environment and labels hold, how old it is.

use super::ImageRule;

mod runs_as_root;

pub(super) static RULES: &[&dyn ImageRule] = &[&runs_as_root::RunsAsRoot];
