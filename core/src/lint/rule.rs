//! The contract every rule fulfils: metadata declared once beside the check,
//! and a check that reads the model and reports findings.

use crate::model::Model;
use crate::span::Span;
use crate::syntax::Dockerfile;

use super::config::RuleSettings;
use super::diagnostic::{Category, Fix, Severity};

/// A rule's documentation, from which its doc page is generated.
#[derive(Debug, Clone, Copy)]
pub struct RuleDocs {
    /// What the rule flags, in a sentence or two.
    pub what: &'static str,
    /// Why it matters, tied to the best practice it serves.
    pub why: &'static str,
    /// A Dockerfile on which the rule fires.
    pub bad: &'static str,
    /// The same Dockerfile, fixed: the rule stays silent.
    pub good: &'static str,
}

/// Everything about a rule except its check.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// Stable code: a hadolint code where the meaning is hadolint's, else `HGnnn`.
    pub code: &'static str,
    /// Kebab-case name of the bad pattern (`untagged-base-image`).
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// The best practice it serves.
    pub category: Category,
    /// Ids of the same or an inspiring rule in other tools, as `tool:id`
    /// (`hadolint:DL3006`, `buildkit:SecretsUsedInArgOrEnv`, `trivy:DS-0001`,
    /// `checkov:CKV_DOCKER_7`, `dockle:CIS-DI-0001`).
    pub sources: &'static [&'static str],
    /// Whether it runs without being selected.
    pub default_enabled: bool,
    /// What to do about a finding (the default help text).
    pub help: &'static str,
    /// Documentation.
    pub docs: RuleDocs,
}

impl RuleMeta {
    /// The rule's documentation URL.
    pub fn url(&self) -> String {
        format!("{DOCS_BASE}/{}.md", self.code)
    }

    /// The bare ids of other tools' equivalent rules (`DL3006`, `DS-0001`, `DS001`…).
    pub fn is_image_rule(&self) -> bool {
        // HG2xx: image config and history; HG3xx: image files; HG4xx: packages.
        ["HG2", "HG3", "HG4"]
            .iter()
            .any(|p| self.code.starts_with(p))
    }

    /// Peer ids without the tool prefix (`DS-0002` for `trivy:DS-0002`).
    pub fn peer_ids(&self) -> impl Iterator<Item = &'static str> {
        self.sources
            .iter()
            .map(|s| s.split_once(':').map_or(*s, |(_, id)| id))
    }
}

/// Where rule pages live (generated into `docs/rules/` of the repository).
pub const DOCS_BASE: &str = "https://github.com/hullguard/hullguard/blob/main/docs/rules";

/// One finding of a check, before policy and location are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The offending text.
    pub span: Span,
    /// What is wrong, naming the offending value.
    pub message: String,
    /// Help specific to this finding (the rule's help otherwise).
    pub help: Option<String>,
    /// A suggested fix.
    pub fix: Option<Fix>,
}

impl Finding {
    /// A finding with a message.
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Finding {
            span,
            message: message.into(),
            help: None,
            fix: None,
        }
    }

    /// Replace the rule's help text for this finding.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attach a fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// What a check may read.
/// Where a text sits among the build scripts: instruction, index into
/// [`Model::scripts`] (`None` for a COPY/ADD heredoc) and command index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPos {
    /// Instruction index.
    pub instruction: usize,
    /// Script index in the model, if the text is in a script.
    pub script: Option<usize>,
    /// Command index in that script.
    pub command: usize,
}

/// Facts several rules ask for, computed once per lint instead of once per
/// command (which made long Dockerfiles quadratic).
#[derive(Debug, Default)]
pub struct Memo<'m> {
    written: std::cell::RefCell<std::collections::HashMap<&'static str, std::rc::Rc<Vec<TextPos>>>>,
    shipping: std::cell::RefCell<std::collections::HashMap<String, std::rc::Rc<Vec<bool>>>>,
    build_commands: std::cell::OnceCell<Vec<(usize, usize)>>,
    /// `(script, command)` of each package-manager command, and its reading.
    packages: std::cell::OnceCell<PackageReads<'m>>,
    run_commands: std::cell::OnceCell<Vec<crate::rules::support::cache::RunCommands<'m>>>,
    weakenings: std::cell::OnceCell<Vec<crate::rules::support::weakened_verification::Weakening>>,
}

/// Every package-manager command of a file, read once: the keys are sorted.
#[derive(Debug, Default)]
pub(crate) struct PackageReads<'m> {
    pub keys: Vec<(usize, usize)>,
    pub reads: Vec<crate::rules::support::packages::PackageCommand<'m>>,
}

impl<'m> Memo<'m> {
    /// The positions for `key`, computed by `compute` on first use.
    pub fn positions(
        &self,
        key: &'static str,
        compute: impl FnOnce() -> Vec<TextPos>,
    ) -> std::rc::Rc<Vec<TextPos>> {
        if let Some(v) = self.written.borrow().get(key) {
            return std::rc::Rc::clone(v);
        }
        let v = std::rc::Rc::new(compute());
        self.written
            .borrow_mut()
            .insert(key, std::rc::Rc::clone(&v));
        v
    }

    /// `(script, command)` indices of every build-time command, listed once.
    pub fn build_commands(
        &self,
        compute: impl FnOnce() -> Vec<(usize, usize)>,
    ) -> &[(usize, usize)] {
        self.build_commands.get_or_init(compute)
    }

    /// The package-manager commands among them, each read once.
    pub(crate) fn package_reads(
        &self,
        compute: impl FnOnce() -> PackageReads<'m>,
    ) -> &PackageReads<'m> {
        self.packages.get_or_init(compute)
    }

    /// Every RUN with its commands.
    pub(crate) fn run_commands(
        &self,
        compute: impl FnOnce() -> Vec<crate::rules::support::cache::RunCommands<'m>>,
    ) -> &[crate::rules::support::cache::RunCommands<'m>] {
        self.run_commands.get_or_init(compute)
    }

    /// Every setting that weakens TLS or signature verification.
    pub(crate) fn weakenings(
        &self,
        compute: impl FnOnce() -> Vec<crate::rules::support::weakened_verification::Weakening>,
    ) -> &[crate::rules::support::weakened_verification::Weakening] {
        self.weakenings.get_or_init(compute)
    }

    /// Per stage, whether files a stage writes under the caches named by
    /// `key` reach the image; computed by `compute` on first use.
    pub fn shipping(
        &self,
        key: String,
        compute: impl FnOnce() -> Vec<bool>,
    ) -> std::rc::Rc<Vec<bool>> {
        if let Some(v) = self.shipping.borrow().get(&key) {
            return std::rc::Rc::clone(v);
        }
        let v = std::rc::Rc::new(compute());
        self.shipping
            .borrow_mut()
            .insert(key, std::rc::Rc::clone(&v));
        v
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The parsed file.
    pub df: &'a Dockerfile<'a>,
    /// Its stages, scopes and scripts.
    pub model: &'a Model,
    /// Rule options from the configuration.
    pub settings: &'a RuleSettings,
    /// Facts shared between rules during this lint.
    pub memo: &'a Memo<'a>,
}

/// A check.
pub trait Rule: Send + Sync {
    /// Its metadata.
    fn meta(&self) -> &'static RuleMeta;
    /// Report findings for the file in `cx`.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>);
}
