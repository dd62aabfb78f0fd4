//! Python bindings of hullguard: the extension module `hullguard._hullguard`
//! behind the `hullguard` package. It converts arguments and results and maps
//! errors; every rule, policy and output format lives in the core crate.
//!
//! Every exported function does its work through [`error::guard`]: the GIL is
//! released while it runs, and a panic becomes `hullguard.InternalError`
//! (code `INTERNAL`) instead of pyo3's `PanicException`.

mod convert;
mod error;
mod types;

use std::path::{Path, PathBuf};

use hullguard::image::{self, Limits, OpenOptions, Platform};
use hullguard::lint as hg;
use hullguard::lint::{
    Config, FileReport, Overrides, config_path_for, docs, find_rule, load_config,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyBool, PyBytes, PyInt, PyMapping, PyString};

use error::{Failure, Kind, guard};
use types::{PyConfig, PyDiagnostic, PyEdit, PyFix, PyReport, PyRule, diagnostics_of};

/// Dockerfile text as given: `str`, or `bytes` decoded by the core.
enum Text {
    Str(PyBackedStr),
    Bytes(PyBackedBytes),
}

impl Text {
    fn extract(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        if let Ok(s) = obj.cast::<PyString>() {
            Ok(Text::Str(s.clone().try_into()?))
        } else if let Ok(b) = obj.cast::<PyBytes>() {
            Ok(Text::Bytes(b.clone().into()))
        } else {
            Err(PyTypeError::new_err(format!(
                "text must be str or bytes, not {}",
                type_name(obj)
            )))
        }
    }

    fn lint(&self, path: &str, config: &Config) -> FileReport {
        match self {
            Text::Str(s) => hg::lint_source(s, path, config),
            Text::Bytes(b) => hg::lint_bytes(b, path, config),
        }
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |n| n.to_string())
}

/// Where the policy comes from: `config=` as a `Config`, a file, or nothing
/// (discovered from the Dockerfile's path — the current directory for text
/// with no path and for images — else the defaults).
enum ConfigSource {
    Given(Box<PyConfig>),
    File(PathBuf),
    Discover,
}

impl ConfigSource {
    fn extract(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let Some(obj) = obj.filter(|o| !o.is_none()) else {
            return Ok(ConfigSource::Discover);
        };
        if let Ok(c) = obj.cast::<PyConfig>() {
            return Ok(ConfigSource::Given(Box::new(c.get().clone())));
        }
        obj.extract::<PathBuf>()
            .map(ConfigSource::File)
            .map_err(|_| {
                PyTypeError::new_err(format!(
                    "config must be a hullguard.Config, str or os.PathLike, not {}",
                    type_name(obj)
                ))
            })
    }

    /// The policy for the Dockerfile at `file` (if any), as `hullguard lint`
    /// finds it: the given one, the file given, the file discovered upward
    /// from the Dockerfile's folder, else the defaults.
    fn resolve(self, file: Option<&Path>) -> Result<PyConfig, Failure> {
        let path = match self {
            ConfigSource::Given(c) => return Ok(*c),
            ConfigSource::File(p) => Some(p),
            ConfigSource::Discover => file.and_then(config_path_for),
        };
        match path {
            Some(p) => Ok(PyConfig {
                config: load_config(&p)?,
                path: Some(p.display().to_string()),
            }),
            None => Ok(PyConfig {
                path: None,
                config: Config::default(),
            }),
        }
    }
}

/// A keyword argument that takes selectors or registries: one `str`, or an
/// iterable of `str` (a `str` is one item, not its characters).
fn strings(name: &str, obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(Vec::new());
    };
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(vec![s.to_string()]);
    }
    let wrong = |what: &Bound<'_, PyAny>| {
        PyTypeError::new_err(format!(
            "{name} must be a str or an iterable of str, not {}",
            type_name(what)
        ))
    };
    if obj.is_instance_of::<PyBytes>() {
        return Err(wrong(obj));
    }
    let mut out = Vec::new();
    for item in obj.try_iter().map_err(|_| wrong(obj))? {
        let item = item?;
        let s = item.cast::<PyString>().map_err(|_| wrong(&item))?;
        out.push(s.to_string());
    }
    Ok(out)
}

/// `severity=`: a mapping of selector to level, in its iteration order.
fn severity_pairs(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(String, String)>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(Vec::new());
    };
    let mapping = obj.cast::<PyMapping>().map_err(|_| {
        PyTypeError::new_err(format!(
            "severity must be a mapping of str to str, not {}",
            type_name(obj)
        ))
    })?;
    let mut out = Vec::new();
    for item in mapping.items()?.iter() {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        match (key.cast::<PyString>(), value.cast::<PyString>()) {
            (Ok(k), Ok(v)) => out.push((k.to_string(), v.to_string())),
            _ => {
                return Err(PyTypeError::new_err(format!(
                    "severity must map str to str, got {} to {}",
                    type_name(&key),
                    type_name(&value)
                )));
            }
        }
    }
    Ok(out)
}

/// The keyword options shared by `lint`, `lint_file` and `scan_image`, as the core's
/// [`Overrides`] (the same type the CLI's flags become).
fn overrides(
    select: Option<&Bound<'_, PyAny>>,
    ignore: Option<&Bound<'_, PyAny>>,
    severity: Option<&Bound<'_, PyAny>>,
    trusted_registries: Option<&Bound<'_, PyAny>>,
    failure_threshold: Option<String>,
    no_fail: bool,
) -> PyResult<Overrides> {
    Ok(Overrides {
        select: strings("select", select)?,
        ignore: strings("ignore", ignore)?,
        severity: severity_pairs(severity)?,
        trusted_registries: strings("trusted_registries", trusted_registries)?,
        failure_threshold,
        no_fail,
    })
}

/// The policy with the options applied.
fn policy(
    source: ConfigSource,
    file: Option<&Path>,
    options: &Overrides,
) -> Result<PyConfig, Failure> {
    let base = source.resolve(file)?;
    Ok(PyConfig {
        config: options.apply(base.config)?,
        path: base.path,
    })
}

/// Lint Dockerfile text.
#[pyfunction]
#[pyo3(signature = (
    text, *, path=None, config=None, select=None, ignore=None, severity=None,
    trusted_registries=None, failure_threshold=None, no_fail=false
))]
#[allow(clippy::too_many_arguments, reason = "Python keyword arguments")]
fn lint(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    path: Option<PathBuf>,
    config: Option<&Bound<'_, PyAny>>,
    select: Option<&Bound<'_, PyAny>>,
    ignore: Option<&Bound<'_, PyAny>>,
    severity: Option<&Bound<'_, PyAny>>,
    trusted_registries: Option<&Bound<'_, PyAny>>,
    failure_threshold: Option<String>,
    no_fail: bool,
) -> PyResult<PyReport> {
    let text = Text::extract(text)?;
    let source = ConfigSource::extract(config)?;
    let options = overrides(
        select,
        ignore,
        severity,
        trusted_registries,
        failure_threshold,
        no_fail,
    )?;
    let (files, diagnostics, config) = guard(py, || {
        let config = policy(source, path.as_deref(), &options)?;
        let shown = path
            .as_ref()
            .map_or_else(|| "-".to_owned(), |p| p.display().to_string());
        let file = text.lint(&shown, &config.config);
        let diagnostics = diagnostics_of(&file);
        Ok((vec![file], diagnostics, config))
    })?;
    PyReport::new(py, files, diagnostics, config)
}

/// Read and lint a Dockerfile.
#[pyfunction]
#[pyo3(signature = (
    path, *, config=None, select=None, ignore=None, severity=None,
    trusted_registries=None, failure_threshold=None, no_fail=false
))]
#[allow(clippy::too_many_arguments, reason = "Python keyword arguments")]
fn lint_file(
    py: Python<'_>,
    path: PathBuf,
    config: Option<&Bound<'_, PyAny>>,
    select: Option<&Bound<'_, PyAny>>,
    ignore: Option<&Bound<'_, PyAny>>,
    severity: Option<&Bound<'_, PyAny>>,
    trusted_registries: Option<&Bound<'_, PyAny>>,
    failure_threshold: Option<String>,
    no_fail: bool,
) -> PyResult<PyReport> {
    let source = ConfigSource::extract(config)?;
    let options = overrides(
        select,
        ignore,
        severity,
        trusted_registries,
        failure_threshold,
        no_fail,
    )?;
    let (files, diagnostics, config) = guard(py, || {
        let config = policy(source, Some(&path), &options)?;
        let file = hg::lint_file(&path, &config.config)?;
        let diagnostics = diagnostics_of(&file);
        Ok((vec![file], diagnostics, config))
    })?;
    PyReport::new(py, files, diagnostics, config)
}

/// `platform=`, `max_uncompressed_bytes=` and `verify_diff_ids=` as the
/// core's options: which image of a multi-platform index, the
/// decompression-bomb guard, and whether each layer's uncompressed digest is
/// checked against the config's `rootfs.diff_ids`.
fn open_options(
    py: Python<'_>,
    platform: Option<&str>,
    max_uncompressed_bytes: Option<&Bound<'_, PyAny>>,
    verify_diff_ids: bool,
) -> PyResult<OpenOptions> {
    let platform = platform
        .map(|p| {
            Platform::parse(p).ok_or_else(|| {
                Failure::option(
                    "platform",
                    format!("platform must be os/arch[/variant] (like linux/amd64), got `{p}`"),
                )
                .into_pyerr(py)
            })
        })
        .transpose()?;
    let mut limits = Limits::default();
    if let Some(obj) = max_uncompressed_bytes.filter(|o| !o.is_none()) {
        // bool is an int in Python, but `max_uncompressed_bytes=True` is a mistake.
        if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
            return Err(PyTypeError::new_err(format!(
                "max_uncompressed_bytes must be an int, not {}",
                type_name(obj)
            )));
        }
        limits.max_uncompressed_bytes = obj.extract::<u64>().map_err(|_| {
            Failure::option(
                "max_uncompressed_bytes",
                format!("max_uncompressed_bytes must be between 0 and 2**64 - 1, got {obj}"),
            )
            .into_pyerr(py)
        })?;
    }
    Ok(OpenOptions {
        platform,
        limits,
        verify_diff_ids,
    })
}

/// Read an image (OCI layout or archive, `docker save` archive, skopeo
/// `dir:`, image config or `docker inspect` JSON) and evaluate it; with
/// `dockerfile=`, lint that Dockerfile into the same report first, as
/// `hullguard image --dockerfile` does.
#[pyfunction]
#[pyo3(signature = (
    path, *, platform=None, dockerfile=None, config=None, max_uncompressed_bytes=None,
    verify_diff_ids=false, select=None, ignore=None, severity=None, trusted_registries=None,
    failure_threshold=None, no_fail=false
))]
#[allow(clippy::too_many_arguments, reason = "Python keyword arguments")]
fn scan_image(
    py: Python<'_>,
    path: PathBuf,
    platform: Option<&str>,
    dockerfile: Option<PathBuf>,
    config: Option<&Bound<'_, PyAny>>,
    max_uncompressed_bytes: Option<&Bound<'_, PyAny>>,
    verify_diff_ids: bool,
    select: Option<&Bound<'_, PyAny>>,
    ignore: Option<&Bound<'_, PyAny>>,
    severity: Option<&Bound<'_, PyAny>>,
    trusted_registries: Option<&Bound<'_, PyAny>>,
    failure_threshold: Option<String>,
    no_fail: bool,
) -> PyResult<PyReport> {
    let source = ConfigSource::extract(config)?;
    let options = overrides(
        select,
        ignore,
        severity,
        trusted_registries,
        failure_threshold,
        no_fail,
    )?;
    let open = open_options(py, platform, max_uncompressed_bytes, verify_diff_ids)?;
    let (files, diagnostics, config) = guard(py, || {
        // As `hullguard image`: the policy discovered from the Dockerfile's
        // folder when one is given, else from the current directory (the
        // anchor `-`), never from the image.
        let anchor = dockerfile.as_deref().unwrap_or(Path::new("-"));
        let config = policy(source, Some(anchor), &options)?;
        let mut files = Vec::with_capacity(2);
        // The Dockerfile is read before the image, as the CLI does: a
        // missing Dockerfile is an `InputError` whatever the image.
        if let Some(dockerfile) = &dockerfile {
            files.push(hg::lint_file(dockerfile, &config.config)?);
        }
        files.push(
            image::scan_image(&path, &open, &config.config)
                .map_err(|e| Failure::image(&e, &path))?,
        );
        let diagnostics = files.iter().flat_map(diagnostics_of).collect();
        Ok((files, diagnostics, config))
    })?;
    PyReport::new(py, files, diagnostics, config)
}

/// Read a configuration file (`.hullguard.toml`, `pyproject.toml`,
/// `.hadolint.yaml`).
#[pyfunction(name = "load_config")]
fn load_config_file(py: Python<'_>, path: PathBuf) -> PyResult<PyConfig> {
    guard(py, || ConfigSource::File(path).resolve(None))
}

/// Every rule, in registry order.
#[pyfunction]
fn rules(py: Python<'_>) -> PyResult<Vec<PyRule>> {
    guard(py, || Ok(hg::rules().map(PyRule::from).collect()))
}

/// The documentation of the rule named by a code, name or peer id.
#[pyfunction]
fn explain(py: Python<'_>, code: &str) -> PyResult<String> {
    guard(py, || {
        find_rule(code).map(docs::explain).ok_or_else(|| {
            Failure::new(
                Kind::UnknownRule,
                "UNKNOWN_RULE",
                format!("no rule named `{code}` (see hullguard.rules())"),
            )
        })
    })
}

/// Run the command line on `argv` (`argv[0]` is the program name) and
/// return its exit status. It writes to the process's standard streams.
#[pyfunction]
fn _run_cli(py: Python<'_>, argv: Vec<String>) -> PyResult<u8> {
    guard(py, || Ok(hullguard_cli::run(argv)))
}

/// Panic inside the guard, so tests can check that panics are contained.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    guard(py, || -> Result<(), Failure> {
        #[allow(clippy::panic, reason = "the deliberate panic the tests check")]
        {
            panic!("deliberate panic for tests")
        }
    })
}

#[pymodule]
fn _hullguard(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(lint, m)?)?;
    m.add_function(wrap_pyfunction!(lint_file, m)?)?;
    m.add_function(wrap_pyfunction!(scan_image, m)?)?;
    m.add_function(wrap_pyfunction!(load_config_file, m)?)?;
    m.add_function(wrap_pyfunction!(rules, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add_function(wrap_pyfunction!(_run_cli, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_class::<PyReport>()?;
    m.add_class::<PyDiagnostic>()?;
    m.add_class::<PyFix>()?;
    m.add_class::<PyEdit>()?;
    m.add_class::<PyRule>()?;
    m.add_class::<PyConfig>()?;
    Ok(())
}
