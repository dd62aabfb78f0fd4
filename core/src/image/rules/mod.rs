//! Image checks: one rule per file, metadata declared beside the check as
//! for the Dockerfile rules (same codes space, same policy and output), run
//! over an [`Image`]: its config, history, layers and final filesystem.
//! The history is also re-linted with the Dockerfile rules.

use std::sync::OnceLock;

use crate::lint::{Config, Diagnostic, FileReport, RuleMeta, RuleSettings, lint_source};
use crate::span::Span;

use super::Image;
use super::history::{base_history_len, history_dockerfile, instruction};

mod common;
mod config;
mod efficiency;
mod files;

#[cfg(test)]
pub(crate) mod testing;

/// What an image check reports: where, what is wrong, and optionally a
/// more specific help than the rule's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFinding {
    /// `config.User`, `history[3]`, `layer 2: /etc/shadow`, …
    pub location: String,
    /// What is wrong, naming the offending value.
    pub message: String,
    /// A more specific help text.
    pub help: Option<String>,
}

impl ImageFinding {
    /// A finding at `location`.
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Self {
        ImageFinding {
            location: location.into(),
            message: message.into(),
            help: None,
        }
    }

    /// Replace the rule's help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// What an image check can read.
#[derive(Debug, Clone, Copy)]
pub struct ImageContext<'a> {
    /// The image.
    pub image: &'a Image,
    /// Rule options.
    pub settings: &'a RuleSettings,
    /// "Now" in seconds since the epoch (for the age check; fixed in tests).
    pub now: i64,
}

/// The contract of an image check.
pub trait ImageRule: Send + Sync {
    /// Metadata.
    fn meta(&self) -> &'static RuleMeta;
    /// Report findings.
    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>);
}

/// Every image rule, by category then code.
pub fn all() -> &'static [&'static dyn ImageRule] {
    static ALL: OnceLock<Vec<&'static dyn ImageRule>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v: Vec<&'static dyn ImageRule> = Vec::new();
        for group in [config::RULES, files::RULES, efficiency::RULES] {
            v.extend_from_slice(group);
        }
        v.sort_by_key(|r| (r.meta().category, r.meta().code));
        v
    })
}

/// The current time in seconds since the epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn diagnostic(meta: &RuleMeta, config: &Config, f: ImageFinding) -> Diagnostic {
    Diagnostic {
        code: meta.code.to_owned(),
        name: meta.name.to_owned(),
        severity: config.severity_of(meta),
        category: meta.category,
        message: f.message,
        help: f.help.unwrap_or_else(|| meta.help.to_owned()),
        line: 0,
        column: 0,
        end_line: 0,
        end_column: 0,
        url: meta.url(),
        fix: None,
        location: Some(f.location),
        span: Span::empty(0),
    }
}

/// Evaluate `image` under `config`: every enabled image rule, and the
/// Dockerfile rules over the image's own history (the base image's history
/// is left to whoever built the base).
pub fn evaluate(image: &Image, config: &Config) -> FileReport {
    evaluate_at(image, config, now())
}

/// [`evaluate`] with "now" given (seconds since the epoch).
pub fn evaluate_at(image: &Image, config: &Config, now: i64) -> FileReport {
    let cx = ImageContext {
        image,
        settings: &config.settings,
        now,
    };
    let mut diagnostics = Vec::new();
    let mut findings = Vec::new();
    for rule in all() {
        let meta = rule.meta();
        if !config.is_enabled(meta) {
            continue;
        }
        findings.clear();
        rule.check(&cx, &mut findings);
        diagnostics.extend(findings.drain(..).map(|f| diagnostic(meta, config, f)));
    }
    diagnostics.extend(history_diagnostics(image, config));
    diagnostics.sort_by(|a, b| {
        (a.location.as_deref(), &a.code, &a.message).cmp(&(
            b.location.as_deref(),
            &b.code,
            &b.message,
        ))
    });
    diagnostics
        .dedup_by(|a, b| a.code == b.code && a.location == b.location && a.message == b.message);
    FileReport {
        path: image.path.clone(),
        diagnostics,
        source: String::new(),
        notes: image.warnings.clone(),
    }
}

/// Categories of Dockerfile rules that make sense on a single history
/// entry (not base-image choice, stage layout, or Dockerfile syntax).
fn applies_to_history(meta: &RuleMeta) -> bool {
    use crate::lint::Category::*;
    matches!(
        meta.category,
        Packages | Privileges | Secrets | SupplyChain | Pinning
    ) && !matches!(
        meta.code,
        "DL3006" | "DL3007" | "HG100" | "HG101" | "HG102" | "HG103" | "DL3002"
            // Literal secrets in history are HG204's, which reads every
            // entry (the base image's too) and the build arguments.
            | "HG160"
    )
}

/// `text` with every literal secret cut to its first characters, so a
/// location quoting a history entry never prints one.
fn redact_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for m in crate::rules::support::secrets::find_secrets(text) {
        out.push_str(text.get(at..m.range.start).unwrap_or_default());
        let secret = text.get(m.range.clone()).unwrap_or_default();
        out.push_str(&crate::rules::support::secrets::redact(secret));
        at = m.range.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

fn history_diagnostics(image: &Image, config: &Config) -> Vec<Diagnostic> {
    let history = &image.config.history;
    let skip = base_history_len(history);
    let df = history_dockerfile(history, skip);
    if df.lines.is_empty() {
        return Vec::new();
    }
    let report = lint_source(&df.text, "history", config);
    let mut out = Vec::new();
    for mut d in report.diagnostics {
        let Some(meta) = crate::lint::find_rule(&d.code) else {
            continue;
        };
        if !applies_to_history(meta) {
            continue;
        }
        let Some(index) = df.entry_at(d.line) else {
            continue;
        };
        let created_by = history
            .get(index)
            .map(|h| redact_secrets(&instruction(&h.created_by)))
            .unwrap_or_default();
        let short: String = created_by.chars().take(80).collect();
        let ellipsis = if created_by.chars().count() > 80 {
            "…"
        } else {
            ""
        };
        d.location = Some(format!("history[{index}]: {short}{ellipsis}"));
        d.line = 0;
        d.column = 0;
        d.end_line = 0;
        d.end_column = 0;
        d.fix = None;
        d.span = Span::empty(0);
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{NOW, image, layer};

    #[test]
    fn literal_secrets_in_history_are_reported_once_by_hg204() {
        let img = image(
            r#"{"config": {"User": "10001"}, "history": [
                {"created_by": "/bin/sh -c #(nop) ADD file:abc in / "},
                {"created_by": "/bin/sh -c #(nop)  CMD [\"sh\"]", "empty_layer": true},
                {"created_by": "RUN /bin/sh -c git clone https://bot:Xk29pLm4Qz@git.example.com/a.git && sudo true # buildkit"}
            ]}"#,
            vec![layer().file("etc/hostname", 0o644, b"x")],
        );
        let report = evaluate_at(&img, &Config::default(), NOW);
        let codes: Vec<(&str, &str)> = report
            .diagnostics
            .iter()
            .filter(|d| d.category == crate::lint::Category::Secrets)
            .map(|d| (d.code.as_str(), d.location.as_deref().unwrap_or_default()))
            .collect();
        assert_eq!(codes, [("HG204", "history[2]")]);
        // Other findings on that entry quote it without the password.
        assert!(report.diagnostics.iter().any(
            |d| d.code == "DL3004" && d.location.as_deref().is_some_and(|l| l.contains("Xk…@"))
        ));
        for d in &report.diagnostics {
            let shown = format!(
                "{} {}",
                d.message,
                d.location.as_deref().unwrap_or_default()
            );
            assert!(!shown.contains("Xk29pLm4Qz"), "{shown}");
        }
    }

    #[test]
    fn secrets_are_cut_from_quoted_commands() {
        assert_eq!(
            redact_secrets("RUN curl https://u:Xk29pLm4Qz@h/x && echo ok"),
            "RUN curl https://u:Xk…@h/x && echo ok"
        );
        assert_eq!(redact_secrets("RUN make"), "RUN make");
    }
}
