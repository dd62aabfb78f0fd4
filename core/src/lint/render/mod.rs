//! Output formats: human text with code frames, JSON for tools, SARIF 2.1.0
//! for code-scanning dashboards. Rendering is pure: the caller decides where
//! the text goes and whether to colour it.

mod json;
mod sarif;
mod text;

pub use json::{json_entry, render_json, write_json, write_json_entries};
pub use sarif::render_sarif;
pub use text::render_text;

use super::Report;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Code frames for people.
    Text,
    /// `{"version": 1, "files": [...]}`.
    Json,
    /// SARIF 2.1.0.
    Sarif,
}

impl Format {
    /// Parse `text`, `json` or `sarif`.
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            "sarif" => Some(Format::Sarif),
            _ => None,
        }
    }
}

/// Options for rendering.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Use ANSI colours (text only).
    pub color: bool,
}

/// Render a report in `format`.
pub fn render(report: &Report, format: Format, options: RenderOptions) -> String {
    match format {
        Format::Text => render_text(report, options),
        Format::Json => render_json(report),
        Format::Sarif => render_sarif(report),
    }
}

/// Write a report in `format` to `out` (JSON is streamed, without building
/// the whole text first). The text always ends with a newline.
pub fn render_to(
    report: &Report,
    format: Format,
    options: RenderOptions,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let text = match format {
        Format::Json => return write_json(report, out).and_then(|()| out.write_all(b"\n")),
        Format::Text => render_text(report, options),
        Format::Sarif => render_sarif(report),
    };
    out.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{Config, Report, lint_bytes};

    #[test]
    fn render_to_writes_what_render_returns() {
        let mut report = Report::default();
        for text in [
            "FROM ubuntu\nRUN apt-get install curl\n",
            "FROM scratch\n",
            "",
        ] {
            report.files.push(lint_bytes(
                text.as_bytes(),
                "Dockerfile",
                &Config::default(),
            ));
        }
        for format in [Format::Text, Format::Json, Format::Sarif] {
            let options = RenderOptions { color: false };
            let mut expected = render(&report, format, options);
            if !expected.ends_with('\n') {
                expected.push('\n');
            }
            let mut written = Vec::new();
            render_to(&report, format, options, &mut written).expect("write to a Vec");
            assert_eq!(String::from_utf8_lossy(&written), expected, "{format:?}");
        }
    }
}
