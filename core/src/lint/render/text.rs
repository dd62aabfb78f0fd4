//! Text output in the style of rustc and ruff: a header line per finding, the
//! source line with the offending span underlined, the help, and a summary.

use std::fmt::Write;

use crate::lint::{Diagnostic, FileReport, Report, Severity};
use crate::span::LineIndex;

use super::RenderOptions;

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }

    fn severity(&self, s: Severity) -> String {
        let code = match s {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
            Severity::Style => "1;35",
        };
        self.wrap(code, s.as_str())
    }
}

/// The text of 1-based `line` (without its line break), found through the
/// file's line index so that printing stays linear in the number of findings.
fn line_text<'a>(source: &'a str, index: &LineIndex, line: usize) -> Option<&'a str> {
    let start = index.line_start(line)?;
    let end = index.line_start(line + 1).unwrap_or(source.len());
    let text = source.get(start..end)?;
    Some(text.trim_end_matches('\n').trim_end_matches('\r'))
}

fn frame(out: &mut String, file: &FileReport, index: &LineIndex, d: &Diagnostic, paint: &Paint) {
    let Some(line_text) = line_text(&file.source, index, d.line) else {
        return;
    };
    let number = d.line.to_string();
    let gutter = " ".repeat(number.len());
    let bar = paint.wrap("1;34", "|");
    let width = line_text.chars().count();
    let start = d.column.saturating_sub(1).min(width);
    let end = if d.end_line == d.line {
        d.end_column.saturating_sub(1).min(width)
    } else {
        width
    };
    let carets = "^".repeat(end.saturating_sub(start).max(1));
    let shown: String = line_text
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let _ = writeln!(out, "{gutter} {bar}");
    let _ = writeln!(out, "{} {bar} {shown}", paint.wrap("1;34", &number));
    let _ = writeln!(
        out,
        "{gutter} {bar} {}{}",
        " ".repeat(start),
        paint.wrap(
            if d.severity == Severity::Error {
                "1;31"
            } else {
                "1;33"
            },
            &carets
        )
    );
}

/// Render the report as text.
pub fn render_text(report: &Report, options: RenderOptions) -> String {
    let paint = Paint { on: options.color };
    let mut out = String::new();
    let mut counts = [0usize; 4];
    for file in &report.files {
        let index = LineIndex::new(&file.source);
        for d in &file.diagnostics {
            counts[d.severity as usize] += 1;
            let place = match &d.location {
                Some(location) => format!("{}: {location}", paint.wrap("1", &file.path)),
                None => format!("{}:{}:{}", paint.wrap("1", &file.path), d.line, d.column),
            };
            let _ = writeln!(
                out,
                "{place}: {} {} {}",
                paint.wrap("1", &d.code),
                paint.severity(d.severity),
                d.message
            );
            if d.location.is_none() {
                frame(&mut out, file, &index, d, &paint);
            }
            let _ = writeln!(out, "  = help: {}", d.help);
            let _ = writeln!(out, "  = docs: {} ({})\n", d.url, d.name);
        }
    }
    for file in &report.files {
        for note in &file.notes {
            let _ = writeln!(out, "{}: note: {note}", paint.wrap("1", &file.path));
        }
    }
    let total: usize = counts.iter().sum();
    if total == 0 {
        let _ = writeln!(
            out,
            "No problems found in {} file{}.",
            report.files.len(),
            if report.files.len() == 1 { "" } else { "s" }
        );
    } else {
        let parts: Vec<String> = Severity::ALL
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{n} {}", s.as_str()))
            .collect();
        let _ = writeln!(
            out,
            "Found {total} problem{} ({}) in {} file{}.",
            if total == 1 { "" } else { "s" },
            parts.join(", "),
            report.files.len(),
            if report.files.len() == 1 { "" } else { "s" }
        );
    }
    out
}
