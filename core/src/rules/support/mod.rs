//! Questions many rules ask of the model, answered once.

pub(crate) mod build_tools;
pub(crate) mod cache;
pub(crate) mod commands;
pub(crate) mod eol;
pub(crate) mod image_policy;
pub(crate) mod images;
pub(crate) mod official_images;
pub(crate) mod packages;
pub(crate) mod pinning;
pub(crate) mod secrets;
pub(crate) mod weakened_verification;
