//! What a check reports: a coded, located, explained finding that other tools
//! can parse (the field names are a stable interface).

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// How serious a finding is, most serious first (hadolint's levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Breaks the build or is a clear security hole.
    Error,
    /// Likely wrong or risky.
    Warning,
    /// Worth knowing; often a trade-off.
    Info,
    /// Style and consistency.
    Style,
}

impl Severity {
    /// All levels, most serious first.
    pub const ALL: [Severity; 4] = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Style,
    ];

    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Style => "style",
        }
    }

    /// Parse a level name (`none`/`ignore` are not levels: the caller handles them).
    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// Whether this finding is at or above `threshold` (is as serious or more).
    pub fn at_least(self, threshold: Severity) -> bool {
        self <= threshold
    }
}

/// The best practice a rule serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// A trusted, minimal base image.
    BaseImage,
    /// Pinned, rebuildable images.
    Pinning,
    /// Multi-stage builds: no build tools in the final image.
    MultiStage,
    /// No unnecessary packages, no caches left behind.
    Packages,
    /// No root, least privilege.
    Privileges,
    /// No secrets in images.
    Secrets,
    /// Verified sources: TLS, signatures, checksums.
    SupplyChain,
    /// Known-vulnerable packages.
    Vulnerabilities,
    /// Dockerfiles that do not do what they say.
    Correctness,
    /// Consistency and readability.
    Style,
}

impl Category {
    /// Every category.
    pub const ALL: [Category; 10] = [
        Category::BaseImage,
        Category::Pinning,
        Category::MultiStage,
        Category::Packages,
        Category::Privileges,
        Category::Secrets,
        Category::SupplyChain,
        Category::Vulnerabilities,
        Category::Correctness,
        Category::Style,
    ];

    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::BaseImage => "base-image",
            Category::Pinning => "pinning",
            Category::MultiStage => "multi-stage",
            Category::Packages => "packages",
            Category::Privileges => "privileges",
            Category::Secrets => "secrets",
            Category::SupplyChain => "supply-chain",
            Category::Vulnerabilities => "vulnerabilities",
            Category::Correctness => "correctness",
            Category::Style => "style",
        }
    }

    /// Parse a category name.
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// One text replacement of a fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// Byte range to replace.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// Replacement text.
    pub replacement: String,
}

/// A suggested fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// What the fix does, in a few words.
    pub title: String,
    /// The edits, non-overlapping.
    pub edits: Vec<Edit>,
    /// Whether applying it cannot change what the image does.
    pub safe: bool,
}

/// A finding with everything a person or a tool needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable code (`DL3008`, `HG101`).
    pub code: String,
    /// Kebab-case rule name naming the bad pattern.
    pub name: String,
    /// Severity after policy overrides.
    pub severity: Severity,
    /// The best practice it serves.
    pub category: Category,
    /// What is wrong, naming the offending value.
    pub message: String,
    /// What to do.
    pub help: String,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column (characters) of the start.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column (characters) just past the end.
    pub end_column: usize,
    /// Documentation of the rule.
    pub url: String,
    /// A suggested fix, if there is one.
    pub fix: Option<Fix>,
    /// Where in an image the finding is (`config.User`, `history[4]`,
    /// `layer 2: /etc/shadow`); image findings have line and column 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Byte range in the source.
    #[serde(skip)]
    pub span: Span,
}
