//! Output formats: human text with code frames, JSON for tools, SARIF 2.1.0
//! for code-scanning dashboards. Rendering is pure: the caller decides where
//! the text goes and whether to colour it.

mod json;
mod sarif;
mod text;

pub use json::render_json;
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
