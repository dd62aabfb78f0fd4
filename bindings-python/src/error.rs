//! Errors: the core's error codes mapped onto the exception classes of
//! `hullguard._errors`, and the one guard every exported function runs its
//! work in (GIL released, panics contained).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use hullguard::image::ImageError;
use hullguard::lint::{ConfigError, LintError};
use pyo3::prelude::*;

use crate::convert::{keyword_name, panic_message};

/// The Python exception class a failure is raised as (defined in
/// `python/hullguard/_errors.py`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A configuration file that cannot be read or is invalid.
    Config,
    /// An option (keyword argument) that names no rule or has a bad value.
    Option,
    /// The Dockerfile cannot be read.
    Input,
    /// `explain` of a code that names no rule.
    UnknownRule,
    /// An image that cannot be read or is broken or hostile.
    Image,
    /// A bug: a panic in the core or the binding.
    Internal,
}

impl Kind {
    fn class_name(self) -> &'static str {
        match self {
            Kind::Config => "ConfigError",
            Kind::Option => "OptionError",
            Kind::Input => "InputError",
            Kind::UnknownRule => "UnknownRuleError",
            Kind::Image => "ImageError",
            Kind::Internal => "InternalError",
        }
    }
}

/// An error computed without the GIL, raised once it is held again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    kind: Kind,
    code: &'static str,
    message: String,
    path: Option<String>,
    option: Option<String>,
}

impl Failure {
    /// A failure with no path or option attached.
    pub fn new(kind: Kind, code: &'static str, message: impl Into<String>) -> Self {
        Failure {
            kind,
            code,
            message: message.into(),
            path: None,
            option: None,
        }
    }

    /// A bad value for the keyword argument `option`.
    pub fn option(option: &str, message: impl Into<String>) -> Self {
        Failure {
            option: Some(option.to_owned()),
            ..Failure::new(Kind::Option, "INVALID_OPTION", message)
        }
    }

    /// The image at `path` could not be evaluated. `path` is the image as
    /// given (the message names the file inside it, when there is one), so
    /// that callers scanning many images can tell which one failed.
    pub fn image(e: &ImageError, path: &Path) -> Self {
        Failure {
            path: Some(path.display().to_string()),
            ..Failure::new(Kind::Image, e.code(), e.to_string())
        }
    }

    /// The exception, as an instance of its `hullguard._errors` class with
    /// `code`, `path` (and `option`) set.
    pub fn into_pyerr(self, py: Python<'_>) -> PyErr {
        match self.build(py) {
            Ok(err) | Err(err) => err,
        }
    }

    fn build(self, py: Python<'_>) -> PyResult<PyErr> {
        let class = py
            .import("hullguard._errors")?
            .getattr(self.kind.class_name())?;
        let exc = class.call1((self.message, self.code, self.path))?;
        if let Some(option) = self.option {
            exc.setattr("option", option)?;
        }
        Ok(PyErr::from_value(exc))
    }
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Self {
        let message = e.to_string();
        let code = e.code();
        match e {
            ConfigError::Io { path, .. } | ConfigError::Invalid { path, .. } => Failure {
                path: Some(path),
                ..Failure::new(Kind::Config, code, message)
            },
            ConfigError::Option { option, .. } => Failure {
                code,
                ..Failure::option(&keyword_name(&option), message)
            },
        }
    }
}

impl From<LintError> for Failure {
    fn from(e: LintError) -> Self {
        let message = e.to_string();
        let code = e.code();
        match e {
            LintError::Io { path, .. } => Failure {
                path: Some(path),
                ..Failure::new(Kind::Input, code, message)
            },
        }
    }
}

/// Run `work` with the GIL released and any panic contained: a panic comes
/// back as `InternalError` (code `INTERNAL`), never as pyo3's
/// `PanicException`, and the interpreter stays usable. Every exported
/// function does its work through this.
pub fn guard<T, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    F: FnOnce() -> Result<T, Failure> + Send,
    T: Send,
{
    match py.detach(|| catch_unwind(AssertUnwindSafe(work))) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(failure)) => Err(failure.into_pyerr(py)),
        Err(payload) => Err(Failure::new(
            Kind::Internal,
            "INTERNAL",
            format!(
                "internal error in hullguard (please report it): {}",
                panic_message(payload.as_ref())
            ),
        )
        .into_pyerr(py)),
    }
}
