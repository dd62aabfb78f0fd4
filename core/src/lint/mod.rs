//! Linting: run the rule set over a parsed Dockerfile and its model, apply the
//! policy (selection, severities, suppressions) and produce sorted,
//! deterministic diagnostics.

pub mod config;
mod config_file;
mod diagnostic;
pub mod discover;
pub mod docs;
mod overrides;
pub mod render;
mod rule;
mod suppress;

use std::path::Path;

pub use config::{Config, RuleSettings, selector_matches};
pub use config_file::{ConfigError, discover_config, load_config, parse_config, parse_level};
pub use diagnostic::{Category, Diagnostic, Edit, Fix, Severity};
pub use overrides::{Overrides, config_for, config_path_for, parse_threshold};
pub(crate) use rule::PackageReads;
pub use rule::{Context, DOCS_BASE, Finding, Memo, Rule, RuleDocs, RuleMeta, TextPos};
pub use suppress::Suppressions;

use crate::model::Model;
use crate::span::{LineIndex, Position};
use crate::syntax::{Dockerfile, parse_bytes};

/// The diagnostics of one file (a Dockerfile or an image).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileReport {
    /// The path as given (or `-` for standard input).
    pub path: String,
    /// Findings, sorted by position then code.
    pub diagnostics: Vec<Diagnostic>,
    /// The source text, for rendering code frames.
    #[serde(skip)]
    pub source: String,
    /// Things worth knowing that are not findings (an image config that
    /// breaks the OCI spec, a layer missing its tar trailer).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl FileReport {
    /// The most serious severity present.
    pub fn max_severity(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).min()
    }

    /// Whether any finding is at or above `threshold`.
    pub fn has_at_least(&self, threshold: Severity) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity.at_least(threshold))
    }

    /// The start and end of every diagnostic with columns counted in UTF-16
    /// code units, in diagnostic order: what JavaScript strings and LSP
    /// editors index by.
    pub fn utf16_positions(&self) -> Vec<(Position, Position)> {
        let index = LineIndex::new(&self.source);
        self.diagnostics
            .iter()
            .map(|d| {
                (
                    index.position_utf16(&self.source, d.span.start),
                    index.position_utf16(&self.source, d.span.end),
                )
            })
            .collect()
    }
}

impl From<FileReport> for Report {
    fn from(file: FileReport) -> Self {
        Report { files: vec![file] }
    }
}

/// Diagnostics of several files.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Report {
    /// One entry per file, in the order given.
    pub files: Vec<FileReport>,
}

impl Report {
    /// Whether any finding fails the run under `config`.
    pub fn fails(&self, config: &Config) -> bool {
        self.files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .any(|d| config.fails(d.severity))
    }

    /// Total number of findings.
    pub fn len(&self) -> usize {
        self.files.iter().map(|f| f.diagnostics.len()).sum()
    }

    /// Whether there are no findings at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl LintError {
    /// A stable code for bindings.
    pub fn code(&self) -> &'static str {
        match self {
            LintError::Io { .. } => "IO",
        }
    }
}

/// Errors reading input to lint.
#[derive(Debug, thiserror::Error)]
pub enum LintError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// Lint an already parsed Dockerfile.
pub fn lint_parsed(df: &Dockerfile, path: &str, config: &Config) -> FileReport {
    let model = Model::build(df);
    let memo = Memo::default();
    let cx = Context {
        df,
        model: &model,
        settings: &config.settings,
        memo: &memo,
    };
    let suppressions = if config.disable_ignore_pragma {
        Suppressions::default()
    } else {
        Suppressions::collect(df)
    };
    let mut diagnostics = Vec::new();
    let mut findings = Vec::new();
    for rule in crate::rules::all() {
        let meta = rule.meta();
        if !config.is_enabled(meta) {
            continue;
        }
        findings.clear();
        rule.check(&cx, &mut findings);
        let severity = config.severity_of(meta);
        for f in findings.drain(..) {
            let start = df.position(f.span.start);
            if suppressions.suppresses(meta, start.line) {
                continue;
            }
            let end = df.position(f.span.end);
            diagnostics.push(Diagnostic {
                code: meta.code.to_owned(),
                name: meta.name.to_owned(),
                severity,
                category: meta.category,
                message: f.message,
                help: f.help.unwrap_or_else(|| meta.help.to_owned()),
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                url: meta.url(),
                fix: f.fix,
                location: None,
                span: f.span,
            });
        }
    }
    diagnostics.sort_by(|a, b| {
        (a.line, a.column, &a.code, &a.message).cmp(&(b.line, b.column, &b.code, &b.message))
    });
    diagnostics.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
    FileReport {
        path: path.to_owned(),
        diagnostics,
        source: df.text.to_string(),
        notes: Vec::new(),
    }
}

/// Lint Dockerfile text.
pub fn lint_source(text: &str, path: &str, config: &Config) -> FileReport {
    lint_bytes(text.as_bytes(), path, config)
}

/// Lint Dockerfile bytes (invalid UTF-8 is reported, not fatal).
pub fn lint_bytes(bytes: &[u8], path: &str, config: &Config) -> FileReport {
    lint_parsed(&parse_bytes(bytes), path, config)
}

/// Read and lint a file.
pub fn lint_file(path: &Path, config: &Config) -> Result<FileReport, LintError> {
    let bytes = std::fs::read(path).map_err(|source| LintError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(lint_bytes(&bytes, &path.display().to_string(), config))
}

/// Every rule's metadata, in registry order: the Dockerfile rules, then the
/// image rules.
pub fn rules() -> impl Iterator<Item = &'static RuleMeta> {
    crate::rules::all()
        .iter()
        .map(|r| r.meta())
        .chain(crate::image::rules::all().iter().map(|r| r.meta()))
}

/// The metadata of the rule named by a code, name or peer id.
pub fn find_rule(code: &str) -> Option<&'static RuleMeta> {
    rules().find(|m| {
        m.code.eq_ignore_ascii_case(code)
            || m.name == code
            || m.peer_ids().any(|id| id.eq_ignore_ascii_case(code))
    })
}
