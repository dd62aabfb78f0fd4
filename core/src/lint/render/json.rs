//! The JSON report: `{"version": 1, "files": [{"path", "diagnostics": [...]}]}`.
//! Field names are a stable interface other tools parse.

use serde::Serialize;

use crate::lint::{Diagnostic, FileReport, Report};

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

fn entry(f: &FileReport) -> JsonFile<'_> {
    JsonFile {
        path: &f.path,
        diagnostics: &f.diagnostics,
        notes: &f.notes,
    }
}

/// One file's entry of the JSON report, indented for its place in the `files`
/// array, so a report can be written a file at a time (and its entries made on
/// several threads): [`write_json_entries`] joins them into the text of
/// [`render_json`].
pub fn json_entry(file: &FileReport) -> String {
    let text = serde_json::to_string_pretty(&entry(file))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    // JSON strings escape their line breaks, so every newline is layout.
    text.replace('\n', "\n    ")
}

/// Writes the JSON report whose file entries (from [`json_entry`]) are
/// `entries`, in order.
pub fn write_json_entries<'e>(
    out: &mut impl std::io::Write,
    entries: impl IntoIterator<Item = &'e str>,
) -> std::io::Result<()> {
    out.write_all(b"{\n  \"version\": 1,\n  \"files\": [")?;
    let mut any = false;
    for e in entries {
        out.write_all(if any { b",\n    " } else { b"\n    " })?;
        out.write_all(e.as_bytes())?;
        any = true;
    }
    out.write_all(if any { b"\n  ]\n}" } else { b"]\n}" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{Config, lint_bytes};

    #[test]
    fn entries_join_into_the_whole_report() {
        let texts = [
            "FROM ubuntu\nRUN apt-get install curl # \"quoted\"\n",
            "FROM scratch\n",
            "FROM alpine:3.20\nUSER 1000\n",
        ];
        for n in 0..=texts.len() {
            let mut report = Report::default();
            for (k, t) in texts.iter().take(n).enumerate() {
                let mut f = lint_bytes(
                    t.as_bytes(),
                    &format!("d{k}/Dockerfile"),
                    &Config::default(),
                );
                if k == 1 {
                    f.notes.push("a note\nwith a line break".to_owned());
                }
                report.files.push(f);
            }
            let entries: Vec<String> = report.files.iter().map(json_entry).collect();
            let mut out = Vec::new();
            write_json_entries(&mut out, entries.iter().map(String::as_str)).expect("write");
            assert_eq!(
                String::from_utf8_lossy(&out),
                render_json(&report),
                "{n} files"
            );
        }
    }
}
