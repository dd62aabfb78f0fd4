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
