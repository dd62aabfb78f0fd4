//! Built images: read any common image form safely and at disk speed —
//! config, history and every layer's files — into one model the image checks
//! run on. Nothing is ever written to the host filesystem.

pub mod capture;
pub mod config;
pub mod decompress;
pub mod digest;
pub mod error;
pub mod filesystem;
pub mod history;
pub mod layer;
pub mod limits;
pub mod rules;
mod source;
pub mod tar;

pub use config::{Healthcheck, History, ImageConfig};
pub use error::ImageError;
pub use filesystem::{Efficiency, FileSystem, Shadowed};
pub use layer::{Captured, FileEntry, LayerRecord};
pub use limits::Limits;
pub use source::{Format, Image, OpenOptions, Platform, open_image};

use std::path::Path;

use crate::lint::{Config, FileReport};

/// Open the image at `path` and evaluate it under `config`: the one call
/// the CLI and the bindings make.
pub fn scan_image(
    path: &Path,
    options: &OpenOptions,
    config: &Config,
) -> Result<FileReport, ImageError> {
    let image = open_image(path, options)?;
    Ok(rules::evaluate(&image, config))
}
