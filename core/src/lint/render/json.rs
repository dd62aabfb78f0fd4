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

fn document(report: &Report) -> JsonReport<'_> {
    JsonReport {
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
    }
}

/// Render the report as pretty-printed JSON.
pub fn render_json(report: &Report) -> String {
    serde_json::to_string_pretty(&document(report))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// Write the report as pretty-printed JSON (the text of [`render_json`]).
pub fn write_json(report: &Report, out: &mut impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(out, &document(report)).map_err(std::io::Error::from)
}
