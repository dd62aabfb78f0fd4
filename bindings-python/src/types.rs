//! The Python classes: immutable views of the core's results. Each only
//! carries and converts data; rendering and policy stay in the core.

use std::fmt::Write;

use hullguard::lint::render::{Format, RenderOptions, render};
use hullguard::lint::{Config, FileReport, Report, RuleMeta, parse_threshold};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyIterator, PyList};

use crate::convert::char_offsets;
use crate::error::{Failure, guard};

/// Python's `repr` of a string (single quotes, escapes), for `__repr__`s.
fn py_repr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

fn py_repr_list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| py_repr(s)).collect();
    format!("[{}]", inner.join(", "))
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// One text replacement of a fix. `start` and `end` are character offsets
/// into the linted text, so `text[start:end]` is what gets replaced.
#[pyclass(frozen, eq, hash, get_all, module = "hullguard", name = "Edit")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PyEdit {
    start: usize,
    end: usize,
    replacement: String,
}

#[pymethods]
impl PyEdit {
    fn __repr__(&self) -> String {
        format!(
            "Edit(start={}, end={}, replacement={})",
            self.start,
            self.end,
            py_repr(&self.replacement)
        )
    }
}

/// A suggested fix: a title and non-overlapping edits.
#[pyclass(frozen, eq, hash, get_all, module = "hullguard", name = "Fix")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PyFix {
    title: String,
    edits: Vec<PyEdit>,
    safe: bool,
}

#[pymethods]
impl PyFix {
    fn __repr__(&self) -> String {
        let edits: Vec<String> = self.edits.iter().map(PyEdit::__repr__).collect();
        format!(
            "Fix(title={}, edits=[{}], safe={})",
            py_repr(&self.title),
            edits.join(", "),
            py_bool(self.safe)
        )
    }
}

/// One finding. Lines and columns are 1-based; columns count characters.
/// An image finding has no line (0) and says where it is in `location`.
#[pyclass(frozen, eq, hash, get_all, module = "hullguard", name = "Diagnostic")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PyDiagnostic {
    code: String,
    name: String,
    severity: &'static str,
    category: &'static str,
    message: String,
    help: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    url: String,
    fix: Option<PyFix>,
    location: Option<String>,
}

#[pymethods]
impl PyDiagnostic {
    fn __repr__(&self) -> String {
        let place = match &self.location {
            Some(location) => format!("location={}", py_repr(location)),
            None => format!("line={}, column={}", self.line, self.column),
        };
        format!(
            "Diagnostic(code={}, severity={}, {place}, message={})",
            py_repr(&self.code),
            py_repr(self.severity),
            py_repr(&self.message)
        )
    }
}

/// The diagnostics of `file`, with fix edits converted from byte to
/// character offsets into its source.
pub fn diagnostics_of(file: &FileReport) -> Vec<PyDiagnostic> {
    let bytes: Vec<usize> = file
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .flat_map(|f| &f.edits)
        .flat_map(|e| [e.start, e.end])
        .collect();
    let mut chars = char_offsets(&file.source, &bytes).into_iter();
    let mut next = || chars.next().unwrap_or(0);
    file.diagnostics
        .iter()
        .map(|d| PyDiagnostic {
            code: d.code.clone(),
            name: d.name.clone(),
            severity: d.severity.as_str(),
            category: d.category.as_str(),
            message: d.message.clone(),
            help: d.help.clone(),
            line: d.line,
            column: d.column,
            end_line: d.end_line,
            end_column: d.end_column,
            url: d.url.clone(),
            fix: d.fix.as_ref().map(|f| PyFix {
                title: f.title.clone(),
                edits: f
                    .edits
                    .iter()
                    .map(|e| PyEdit {
                        start: next(),
                        end: next(),
                        replacement: e.replacement.clone(),
                    })
                    .collect(),
                safe: f.safe,
            }),
            location: d.location.clone(),
        })
        .collect()
}

/// A rule's metadata.
#[pyclass(frozen, eq, hash, get_all, module = "hullguard", name = "Rule")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PyRule {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    category: &'static str,
    default_enabled: bool,
    sources: Vec<&'static str>,
    help: &'static str,
    url: String,
    summary: &'static str,
}

impl From<&'static RuleMeta> for PyRule {
    fn from(m: &'static RuleMeta) -> Self {
        PyRule {
            code: m.code,
            name: m.name,
            severity: m.severity.as_str(),
            category: m.category.as_str(),
            default_enabled: m.default_enabled,
            sources: m.sources.to_vec(),
            help: m.help,
            url: m.url(),
            summary: m.docs.what,
        }
    }
}

#[pymethods]
impl PyRule {
    fn __repr__(&self) -> String {
        format!(
            "Rule(code={}, name={}, severity={}, category={}, default_enabled={})",
            py_repr(self.code),
            py_repr(self.name),
            py_repr(self.severity),
            py_repr(self.category),
            py_bool(self.default_enabled)
        )
    }
}

/// A policy: a configuration file's settings (or the defaults), with any
/// options applied.
#[pyclass(frozen, eq, module = "hullguard", name = "Config")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyConfig {
    pub path: Option<String>,
    pub config: Config,
}

impl PyConfig {
    fn severity_pairs(&self) -> Vec<(&str, &'static str)> {
        self.config
            .severity
            .iter()
            .map(|(k, v)| (k.as_str(), v.map_or("off", |s| s.as_str())))
            .collect()
    }
}

#[pymethods]
impl PyConfig {
    /// The built-in defaults (what `lint` uses when no file is found).
    #[new]
    fn new() -> Self {
        PyConfig {
            path: None,
            config: Config::default(),
        }
    }

    #[getter]
    fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    #[getter]
    fn select(&self) -> Vec<String> {
        self.config.select.clone()
    }

    #[getter]
    fn ignore(&self) -> Vec<String> {
        self.config.ignore.clone()
    }

    #[getter]
    fn severity<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (code, level) in self.severity_pairs() {
            dict.set_item(code, level)?;
        }
        Ok(dict)
    }

    #[getter]
    fn failure_threshold(&self) -> Option<&'static str> {
        self.config.failure_threshold.map(|s| s.as_str())
    }

    #[getter]
    fn no_fail(&self) -> bool {
        self.config.no_fail
    }

    #[getter]
    fn trusted_registries(&self) -> Vec<String> {
        self.config.settings.trusted_registries.clone()
    }

    fn __repr__(&self) -> String {
        let severity: Vec<String> = self
            .severity_pairs()
            .into_iter()
            .map(|(k, v)| format!("{}: {}", py_repr(k), py_repr(v)))
            .collect();
        format!(
            "Config(path={}, select={}, ignore={}, severity={{{}}}, failure_threshold={}, no_fail={})",
            self.path.as_deref().map_or("None".to_owned(), py_repr),
            py_repr_list(&self.config.select),
            py_repr_list(&self.config.ignore),
            severity.join(", "),
            self.failure_threshold().map_or("None".to_owned(), py_repr),
            py_bool(self.config.no_fail)
        )
    }
}

/// The findings of one Dockerfile or image, with the policy they were found
/// under. A scan with `dockerfile=` holds two files, the Dockerfile then the
/// image, as `hullguard image --dockerfile` prints them: the attributes are
/// the image's path, the Dockerfile's text, and the findings and notes of
/// both in that order.
#[pyclass(frozen, module = "hullguard", name = "Report")]
#[derive(Debug)]
pub struct PyReport {
    report: Report,
    config: PyConfig,
    diagnostics: Vec<Py<PyDiagnostic>>,
}

impl PyReport {
    /// Wrap a linted file, a scanned image, or a Dockerfile and the image
    /// (in that order): the diagnostics (of every file, in order) become
    /// Python objects once, here.
    pub fn new(
        py: Python<'_>,
        files: Vec<FileReport>,
        diagnostics: Vec<PyDiagnostic>,
        config: PyConfig,
    ) -> PyResult<Self> {
        let diagnostics = diagnostics
            .into_iter()
            .map(|d| Py::new(py, d))
            .collect::<PyResult<_>>()?;
        Ok(PyReport {
            report: Report { files },
            config,
            diagnostics,
        })
    }

    /// The file whose text was linted: the only one, or the Dockerfile of
    /// a scan with `dockerfile=` (which comes first).
    fn first(&self) -> Option<&FileReport> {
        self.report.files.first()
    }

    /// The file the report is named after: the only one, or the image of a
    /// scan with `dockerfile=` (which comes last).
    fn last(&self) -> Option<&FileReport> {
        self.report.files.last()
    }

    fn all_diagnostics(&self) -> impl Iterator<Item = &hullguard::lint::Diagnostic> {
        self.report.files.iter().flat_map(|f| &f.diagnostics)
    }

    fn render_as(&self, py: Python<'_>, format: Format, color: bool) -> PyResult<String> {
        guard(py, || {
            Ok(render(&self.report, format, RenderOptions { color }))
        })
    }

    fn diagnostic_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.diagnostics.iter().map(|d| d.clone_ref(py)))
    }
}

#[pymethods]
impl PyReport {
    /// The path given (`-` when the text came with no path; the image's path
    /// for a scanned image, also with `dockerfile=`).
    #[getter]
    fn path(&self) -> &str {
        self.last().map_or("-", |f| f.path.as_str())
    }

    /// The text that was linted (bytes decoded as UTF-8, invalid bytes as
    /// U+FFFD): the Dockerfile's for a scan with `dockerfile=`, so that fix
    /// offsets index it; empty for an image alone.
    #[getter]
    fn source(&self) -> &str {
        self.first().map_or("", |f| f.source.as_str())
    }

    #[getter]
    fn diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.diagnostic_list(py)
    }

    /// Things worth knowing that are not findings (an image config that
    /// breaks the OCI spec, a layer missing its tar trailer).
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.report
            .files
            .iter()
            .flat_map(|f| f.notes.iter().cloned())
            .collect()
    }

    #[getter]
    fn config(&self) -> PyConfig {
        self.config.clone()
    }

    fn __len__(&self) -> usize {
        self.diagnostics.len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        self.diagnostic_list(py)?.try_iter()
    }

    fn __repr__(&self) -> String {
        let counts: Vec<String> = hullguard::lint::Severity::ALL
            .into_iter()
            .filter_map(|level| {
                let n = self
                    .all_diagnostics()
                    .filter(|d| d.severity == level)
                    .count();
                (n > 0).then(|| format!("{}={n}", level.as_str()))
            })
            .collect();
        let by_level = if counts.is_empty() {
            String::new()
        } else {
            format!(" ({})", counts.join(", "))
        };
        format!(
            "<Report {} diagnostics={}{by_level}>",
            py_repr(self.path()),
            self.diagnostics.len()
        )
    }

    /// Whether a finding is at or above `threshold`; with no threshold,
    /// whether the run fails under the configuration (as the CLI's exit 1).
    #[pyo3(signature = (threshold=None))]
    fn has_errors(&self, py: Python<'_>, threshold: Option<&str>) -> PyResult<bool> {
        let Some(t) = threshold else {
            return Ok(self.report.fails(&self.config.config));
        };
        match parse_threshold(t) {
            Some(Some(level)) => Ok(self.report.files.iter().any(|f| f.has_at_least(level))),
            Some(None) => Ok(false),
            None => Err(Failure::option(
                "threshold",
                format!("unknown level `{t}` (expected error, warning, info, style or none)"),
            )
            .into_pyerr(py)),
        }
    }

    #[pyo3(signature = (*, color=false))]
    fn to_text(&self, py: Python<'_>, color: bool) -> PyResult<String> {
        self.render_as(py, Format::Text, color)
    }

    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        self.render_as(py, Format::Json, false)
    }

    fn to_sarif(&self, py: Python<'_>) -> PyResult<String> {
        self.render_as(py, Format::Sarif, false)
    }

    #[pyo3(signature = (format, *, color=false))]
    fn render(&self, py: Python<'_>, format: &str, color: bool) -> PyResult<String> {
        match Format::parse(format) {
            Some(f) => self.render_as(py, f, color),
            None => Err(Failure::option(
                "format",
                format!("unknown format `{format}` (expected text, json or sarif)"),
            )
            .into_pyerr(py)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs_quote_like_python() {
        assert_eq!(py_repr("abc"), "'abc'");
        assert_eq!(py_repr("it's"), "\"it's\"");
        assert_eq!(py_repr("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(py_repr("a\nb\\"), "'a\\nb\\\\'");
        assert_eq!(py_repr("\u{1}é"), "'\\x01é'");
        assert_eq!(py_repr_list(&["x".into(), "y".into()]), "['x', 'y']");
    }

    #[test]
    fn fix_offsets_become_characters() {
        let mut file = hullguard::lint::lint_source("# é\nFROM ubuntu\n", "-", &Config::default());
        // Attach a fix by hand: what matters here is the offset conversion.
        let start = file.source.find("ubuntu").unwrap();
        if let Some(d) = file.diagnostics.first_mut() {
            d.fix = Some(hullguard::lint::Fix {
                title: "pin".into(),
                edits: vec![hullguard::lint::Edit {
                    start,
                    end: start + 6,
                    replacement: "ubuntu:24.04".into(),
                }],
                safe: false,
            });
        }
        let diags = diagnostics_of(&file);
        let edit = &diags[0].fix.as_ref().unwrap().edits[0];
        assert_eq!((edit.start, edit.end), (start - 1, start + 5));
        let chars: Vec<char> = file.source.chars().collect();
        assert_eq!(
            chars[edit.start..edit.end].iter().collect::<String>(),
            "ubuntu"
        );
    }
}
