//! Build steps that do not do what they appear to: shell scripts whose
//! failures go unnoticed, or whose effects do not last past their `RUN`.

use crate::lint::Rule;

mod cd_instead_of_workdir;
mod pipe_without_pipefail;

pub(crate) const RULES: &[&dyn Rule] = &[
    &cd_instead_of_workdir::CdInsteadOfWorkdir,
    &pipe_without_pipefail::PipeWithoutPipefail,
];
