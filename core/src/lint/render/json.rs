//! The JSON report: `{"version": 1, "files": [{"path", "diagnostics": [...]}]}`.
//! Field names are a stable interface other tools parse.

use serde::Serialize;

use crate::lint::{Diagnostic, Report};

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    files: Vec<JsonFile<'a>>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    diagnostics: &'a [Diagnostic],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
}

/// Render the report as pretty-printed JSON.
pub fn render_json(report: &Report) -> String {
    let doc = JsonReport {
        version: 1,
        files: report
            .files
            .iter()
            .map(|f| JsonFile {
                path: &f.path,
                diagnostics: &f.diagnostics,
                notes: &f.notes,
            })
            .collect(),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
