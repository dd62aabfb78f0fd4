//! Base images of stages, resolved through ARGs, with their spans.

use crate::lint::Context;
use crate::model::{BaseKind, Stage};

/// Stages built from an external image (not `scratch`, not another stage),
/// skipping bases whose variables could not be resolved.
pub(crate) fn external_bases<'a>(
    cx: &'a Context<'_>,
) -> impl Iterator<Item = (&'a Stage, &'a crate::image_ref::ImageRef)> + 'a {
    cx.model.stages.iter().filter_map(|s| match &s.base.kind {
        BaseKind::Image(r) if s.base.unresolved.is_empty() => Some((s, r)),
        _ => None,
    })
}
