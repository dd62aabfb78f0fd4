//! Policy: which rules run, at which severity, what fails the run, and the
//! options rules read. Built from `.hullguard.toml`, `[tool.hullguard]` in
//! `pyproject.toml`, a `.hadolint.yaml`, or command-line flags.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::diagnostic::{Category, Severity};
use super::rule::RuleMeta;

/// Options that rules read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSettings {
    /// Registries base images may come from (hadolint's `trustedRegistries`):
    /// `*` any, `*.example.com` suffix, `registry*` prefix, else exact.
    pub trusted_registries: Vec<String>,
    /// Publishers (Docker Hub namespaces or registry paths) trusted besides
    /// Docker Official Images, e.g. `bitnami` or `gcr.io/distroless`.
    pub trusted_publishers: Vec<String>,
    /// Base images allowed (same wildcards, matched against `name[:tag]`); when
    /// set, any other base image is reported.
    pub allowed_images: Vec<String>,
    /// Base images that are never allowed.
    pub denied_images: Vec<String>,
    /// Extra ARG/ENV names (or `*` patterns) that hold secrets.
    pub secret_names: Vec<String>,
    /// ARG/ENV names (or `*` patterns) that look like secrets but are not.
    pub allowed_secret_names: Vec<String>,
    /// Labels every image must carry, with the format of their value
    /// (`text`, `url`, `semver`, `hash`, `rfc3339`, `spdx`, `email`).
    pub required_labels: BTreeMap<String, String>,
    /// Report labels not listed in `required-labels`.
    pub strict_labels: bool,
    /// Oldest acceptable image, in days (image checks; default 90).
    pub max_image_age_days: Option<u64>,
    /// Setuid/setgid files accepted besides the usual distribution ones:
    /// paths (`/usr/bin/sudo`) or `*` patterns (`/opt/app/bin/*`).
    pub allowed_setuid_files: Vec<String>,
    /// Lowest acceptable image efficiency, from 0 to 1 (image checks; default 0.9).
    pub min_image_efficiency: Option<Fraction>,
    /// Most bytes an image may waste on files hidden by later layers
    /// (image checks; no limit by default).
    pub max_wasted_bytes: Option<u64>,
}

/// A number from 0 to 1 (a share). Never NaN, so it compares for equality.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Fraction(f64);

impl Fraction {
    /// `value` if it lies in `0..=1`.
    pub fn new(value: f64) -> Option<Fraction> {
        (0.0..=1.0).contains(&value).then_some(Fraction(value))
    }

    /// The value.
    pub fn get(self) -> f64 {
        self.0
    }
}

// NaN is refused by `Fraction::new`, so equality is reflexive.
impl Eq for Fraction {}

impl TryFrom<f64> for Fraction {
    type Error = String;

    fn try_from(value: f64) -> Result<Self, Self::Error> {
        Fraction::new(value).ok_or_else(|| format!("{value} is not between 0 and 1"))
    }
}

impl From<Fraction> for f64 {
    fn from(f: Fraction) -> f64 {
        f.0
    }
}

/// The whole policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Rules to enable beyond the defaults: codes, code prefixes, categories,
    /// peer ids, or `ALL`.
    pub select: Vec<String>,
    /// Rules to disable (same selectors); wins over `select`.
    pub ignore: Vec<String>,
    /// Per-rule severity (`None`: the rule is off).
    pub severity: BTreeMap<String, Option<Severity>>,
    /// Findings at or above this fail the run (`None`: nothing fails).
    pub failure_threshold: Option<Severity>,
    /// Never fail.
    pub no_fail: bool,
    /// Ignore `# hullguard ignore=` / `# hadolint ignore=` pragmas.
    pub disable_ignore_pragma: bool,
    /// Rule options.
    pub settings: RuleSettings,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            select: Vec::new(),
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            failure_threshold: Some(Severity::Info),
            no_fail: false,
            disable_ignore_pragma: false,
            settings: RuleSettings::default(),
        }
    }
}

/// Whether `selector` names the rule: its code, a prefix of it, its category,
/// a peer tool's id for it, its name, or `ALL`.
pub fn selector_matches(selector: &str, meta: &RuleMeta) -> bool {
    let s = selector.trim();
    if s.is_empty() {
        return false;
    }
    let upper = s.to_ascii_uppercase();
    let is_code_prefix = s.len() >= 2
        && s.bytes().take(2).all(|b| b.is_ascii_alphabetic())
        && s.bytes().all(|b| b.is_ascii_alphanumeric());
    upper == "ALL"
        || Category::parse(s) == Some(meta.category)
        || meta.name == s
        || (is_code_prefix && meta.code.starts_with(&upper))
        || meta.peer_ids().any(|id| id.eq_ignore_ascii_case(s))
        || meta.sources.iter().any(|id| id.eq_ignore_ascii_case(s))
}

impl Config {
    /// Whether the rule runs under this policy.
    pub fn is_enabled(&self, meta: &RuleMeta) -> bool {
        if self.ignore.iter().any(|s| selector_matches(s, meta)) {
            return false;
        }
        if let Some(level) = self.severity_override(meta) {
            return level.is_some();
        }
        meta.default_enabled || self.select.iter().any(|s| selector_matches(s, meta))
    }

    fn severity_override(&self, meta: &RuleMeta) -> Option<Option<Severity>> {
        self.severity
            .iter()
            .find(|(k, _)| selector_matches(k, meta))
            .map(|(_, v)| *v)
    }

    /// The severity findings of this rule get.
    pub fn severity_of(&self, meta: &RuleMeta) -> Severity {
        self.severity_override(meta)
            .flatten()
            .unwrap_or(meta.severity)
    }

    /// Whether a finding of this severity fails the run.
    pub fn fails(&self, severity: Severity) -> bool {
        !self.no_fail && self.failure_threshold.is_some_and(|t| severity.at_least(t))
    }
}
