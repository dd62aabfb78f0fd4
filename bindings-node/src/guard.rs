//! Errors as JavaScript sees them, and the one panic guard every export runs
//! its work through.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use napi::bindgen_prelude::{JsObjectValue, JsValue};
use napi::{Env, Status};

/// The stable `code`s of thrown or rejected `Error`s that the binding itself defines.
pub(crate) mod code {
    // CONFIG_IO, CONFIG_INVALID, INVALID_OPTION, IO and the IMAGE_* codes
    // come from the core's `ConfigError::code`, `LintError::code` and
    // `ImageError::code`.
    /// `explain` was given a code that names no rule.
    pub const UNKNOWN_RULE: &str = "UNKNOWN_RULE";
    /// An argument has the wrong type or value.
    pub const INVALID_ARGUMENT: &str = "INVALID_ARGUMENT";
    /// A bug: the Rust code panicked.
    pub const INTERNAL: &str = "INTERNAL";
}

/// An error on its way to JavaScript: a stable code and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn new(code: &'static str, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }

    pub(crate) fn invalid_argument(message: impl Into<String>) -> Self {
        Failure::new(code::INVALID_ARGUMENT, message)
    }

    /// The error a synchronous export returns (napi throws it with `code`).
    pub(crate) fn into_napi(self) -> napi::Error<String> {
        napi::Error::new(self.code.to_owned(), self.message)
    }

    /// The error an asynchronous task rejects with. Task errors carry a
    /// napi `Status`, not our code, so the JavaScript `Error` is built here
    /// (on the main thread, in `resolve`) with its `code` set, and handed
    /// back by reference: napi rejects the promise with that very object.
    pub(crate) fn into_rejection(self, env: &Env) -> napi::Error {
        let built = env
            .create_error(napi::Error::new(
                Status::GenericFailure,
                self.message.clone(),
            ))
            .and_then(|mut error| {
                error.set_named_property("code", self.code)?;
                Ok(napi::Error::from(error.to_unknown()))
            });
        built.unwrap_or_else(|_| {
            napi::Error::new(
                Status::GenericFailure,
                format!("{}: {}", self.code, self.message),
            )
        })
    }
}

impl From<hullguard::lint::ConfigError> for Failure {
    fn from(e: hullguard::lint::ConfigError) -> Self {
        // CONFIG_IO, CONFIG_INVALID or INVALID_OPTION, as the core names them.
        Failure::new(e.code(), e.to_string())
    }
}

impl From<hullguard::lint::LintError> for Failure {
    fn from(e: hullguard::lint::LintError) -> Self {
        // IO
        Failure::new(e.code(), e.to_string())
    }
}

impl From<hullguard::image::ImageError> for Failure {
    fn from(e: hullguard::image::ImageError) -> Self {
        // IMAGE_IO, IMAGE_FORMAT, … IMAGE_LIMIT, as the core names them.
        Failure::new(e.code(), e.to_string())
    }
}

/// Run `work`, turning a panic into a `Failure` with code `INTERNAL`. Every
/// exported function and every task goes through here; `#[napi(catch_unwind)]`
/// stays on the exports as a second net for panics in argument conversion.
pub(crate) fn guard<T>(work: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(payload) => {
            let message = panic_message(payload.as_ref());
            // A payload's own `Drop` could panic again; never risk it here.
            std::mem::forget(payload);
            Err(Failure::new(
                code::INTERNAL,
                format!("internal error (a bug in hullguard, please report it): {message}"),
            ))
        }
    }
}

/// The message of a panic payload (`panic!` gives a `&str` or a `String`).
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-text payload".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_internal() {
        let r: Result<(), Failure> = guard(|| panic!("boom {}", 42));
        let f = r.unwrap_err();
        assert_eq!(f.code, "INTERNAL");
        assert!(f.message.contains("boom 42"), "{}", f.message);
        let ok = guard(|| Ok::<_, Failure>(7));
        assert_eq!(ok, Ok(7));
    }

    #[test]
    fn payload_messages() {
        assert_eq!(panic_message(&"static"), "static");
        assert_eq!(panic_message(&String::from("owned")), "owned");
        assert_eq!(panic_message(&3_u8), "panic with a non-text payload");
    }

    #[test]
    fn core_error_codes_are_kept() {
        let e = hullguard::lint::load_config(std::path::Path::new("/nonexistent/.hullguard.toml"))
            .unwrap_err();
        assert_eq!(Failure::from(e).code, "CONFIG_IO");
        let e = hullguard::lint::Overrides {
            select: vec!["NOPE999".into()],
            ..Default::default()
        }
        .apply(hullguard::lint::Config::default())
        .unwrap_err();
        assert_eq!(Failure::from(e).code, "INVALID_OPTION");
        let e = hullguard::image::scan_image(
            std::path::Path::new("/nonexistent/image"),
            &hullguard::image::OpenOptions::default(),
            &hullguard::lint::Config::default(),
        )
        .unwrap_err();
        let f = Failure::from(e);
        assert_eq!(f.code, "IMAGE_IO");
        assert!(f.message.contains("/nonexistent/image"), "{}", f.message);
    }
}
