//! hullguard: checks Dockerfiles and container images against container
//! security best practices.
//!
//! The pieces, in the order data flows through them:
//! [`syntax`] reads a Dockerfile exactly as BuildKit does, and [`expand`] and
//! [`image_ref`] give its words their meaning.
#![forbid(unsafe_code)]

pub mod expand;
pub mod image;
pub mod image_ref;
pub mod lint;
pub mod model;
pub mod rules;
pub mod shell;
pub mod span;
pub mod syntax;
