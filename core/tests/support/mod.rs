//! Shared test support.
pub mod images;
