//! Multi-stage builds: stage names and references that work, and a final
//! image that leaves build tools and whole build filesystems behind.

use crate::lint::{Context, Rule};
use crate::model::{Dependency, DependencyKind};
use crate::syntax::InstructionKind;

mod build_tools_in_final_image;
mod copy_from_own_stage;
mod copy_from_unknown_stage;
mod copy_whole_stage_filesystem;
mod duplicate_stage_name;
mod reserved_stage_name;

pub(crate) const RULES: &[&dyn Rule] = &[
    &copy_from_unknown_stage::CopyFromUnknownStage,
    &copy_from_own_stage::CopyFromOwnStage,
    &duplicate_stage_name::DuplicateStageName,
    &reserved_stage_name::ReservedStageName,
    &copy_whole_stage_filesystem::CopyWholeStageFilesystem,
    &build_tools_in_final_image::BuildToolsInFinalImage,
];

/// The `--from` value of a `COPY --from` or `RUN --mount=from=` edge as
/// written, and whether the edge comes from a `COPY` (not `ADD`, which has no
/// `--from`).
fn written_from<'a>(cx: &'a Context<'_>, dep: &Dependency) -> Option<&'a str> {
    let ins = cx.df.instructions.get(dep.instruction)?;
    match (dep.kind, ins.kind()) {
        (DependencyKind::CopyFrom, InstructionKind::Copy(c)) => c.from,
        (DependencyKind::MountFrom, _) => ins
            .mounts()
            .iter()
            .find(|m| m.span == dep.span)
            .and_then(|m| m.from.as_deref()),
        _ => None,
    }
}

/// Whether every variable the written `--from` value uses has a value, so
/// the expanded name is what the build will use.
fn from_is_resolved(cx: &Context<'_>, dep: &Dependency, written: &str) -> bool {
    !dep.name.is_empty()
        && crate::expand::referenced_variables(written, cx.df.escape)
            .iter()
            .all(|v| cx.model.lookup(dep.instruction, v).is_some())
}
