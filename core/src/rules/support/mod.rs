//! Questions many rules ask of the model, answered once.

pub(crate) mod cache;
pub(crate) mod commands;
pub(crate) mod images;
pub(crate) mod packages;
