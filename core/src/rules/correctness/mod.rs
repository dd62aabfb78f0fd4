//! Build steps that do not do what they appear to: shell scripts whose
//! failures go unnoticed, or whose effects do not last past their `RUN`.

use crate::lint::Rule;

mod pipe_without_pipefail;

pub(crate) const RULES: &[&dyn Rule] = &[&pipe_without_pipefail::PipeWithoutPipefail];
