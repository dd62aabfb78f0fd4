//! A trusted, minimal base image: registries and images allowed by policy,
//! official or trusted publishers, small variants, supported releases.

use crate::lint::Rule;

mod disallowed_base_image;
mod end_of_life_base_image;
mod full_size_base_image;
mod untrusted_base_image;
mod untrusted_registry;

pub(crate) const RULES: &[&dyn Rule] = &[
    &untrusted_registry::UntrustedRegistry,
    &untrusted_base_image::UntrustedBaseImage,
    &full_size_base_image::FullSizeBaseImage,
    &end_of_life_base_image::EndOfLifeBaseImage,
    &disallowed_base_image::DisallowedBaseImage,
];
