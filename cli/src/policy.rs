//! The options `lint` and `image` share: the policy (configuration file and
//! flags on top of it) and the output (format, colour), so both commands
//! accept exactly the same flags and exit the same way.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use hullguard::lint::render::{Format, RenderOptions, render_to};
use hullguard::lint::{Config, Overrides, Report, config_path_for, load_config};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum OutputFormat {
    /// Code frames for people.
    Text,
    /// JSON for tools.
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// How the report is printed.
#[derive(Args, Debug)]
pub(crate) struct OutputArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// When to use colour in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

impl OutputArgs {
    /// Whether the report is JSON (which can be written a file at a time).
    pub(crate) fn is_json(&self) -> bool {
        matches!(self.format, OutputFormat::Json)
    }

    /// Print `report` to standard output.
    pub(crate) fn print(&self, report: &Report) {
        let color = match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
        let format = match self.format {
            OutputFormat::Text => Format::Text,
            OutputFormat::Json => Format::Json,
            OutputFormat::Sarif => Format::Sarif,
        };
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        // A closed pipe (`hullguard lint | head`) is not an error of the lint.
        let _ = render_to(report, format, RenderOptions { color }, &mut out)
            .and_then(|()| std::io::Write::flush(&mut out));
    }
}

/// Which rules run, how serious they are, and what fails the run.
#[derive(Args, Debug)]
pub(crate) struct PolicyArgs {
    /// Configuration file (default: discovered upward from each input).
    #[arg(long, short = 'c')]
    pub(crate) config: Option<PathBuf>,
    /// Enable rules: codes, prefixes, categories, peer ids, or ALL (repeatable, comma-separated).
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Disable rules (same selectors; repeatable, comma-separated).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Set a rule's severity: CODE=error|warning|info|style|off (repeatable).
    #[arg(long, value_name = "CODE=LEVEL")]
    severity: Vec<String>,
    /// Trusted registry for base images (repeatable; `*` wildcards as hadolint).
    #[arg(long = "trusted-registry")]
    trusted_registries: Vec<String>,
    /// Fail when a finding is at or above this level (error, warning, info, style, none).
    #[arg(long, short = 't')]
    failure_threshold: Option<String>,
    /// Always exit 0 when the run succeeded, whatever was found.
    #[arg(long)]
    no_fail: bool,
}

/// A usage, I/O or configuration problem: exit status 2.
pub(crate) struct UsageError(pub(crate) String);

impl PolicyArgs {
    /// The flags that adjust the policy, in the library's terms.
    pub(crate) fn overrides(&self) -> Result<Overrides, UsageError> {
        let mut severity = Vec::new();
        for item in &self.severity {
            let Some((code, level)) = item.split_once('=') else {
                return Err(UsageError(format!(
                    "--severity expects CODE=LEVEL, got `{item}`"
                )));
            };
            severity.push((code.to_owned(), level.to_owned()));
        }
        Ok(Overrides {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            severity,
            trusted_registries: self.trusted_registries.clone(),
            failure_threshold: self.failure_threshold.clone(),
            no_fail: self.no_fail,
        })
    }
}

/// Configurations already loaded, by file (`None`: the defaults).
#[derive(Default)]
pub(crate) struct ConfigCache {
    loaded: Vec<(Option<PathBuf>, Config)>,
    /// The configuration file discovered for each input directory: a search
    /// upward costs a few dozen file-system lookups, and inputs share directories.
    discovered: std::collections::HashMap<PathBuf, Option<PathBuf>>,
}

impl ConfigCache {
    /// The policy for `input`: its configuration file (explicit or
    /// discovered upward, each loaded once) with the flags applied.
    pub(crate) fn config_for(
        &mut self,
        input: &Path,
        policy: &PolicyArgs,
        overrides: &Overrides,
    ) -> Result<Config, UsageError> {
        let k = self.index_for(input, policy, overrides)?;
        Ok(self.get(k).clone())
    }

    /// Like [`ConfigCache::config_for`], as an index for [`ConfigCache::get`], so
    /// many inputs can share one loaded policy without copying it.
    pub(crate) fn index_for(
        &mut self,
        input: &Path,
        policy: &PolicyArgs,
        overrides: &Overrides,
    ) -> Result<usize, UsageError> {
        let path = match &policy.config {
            Some(explicit) => Some(explicit.clone()),
            None => {
                // `-` is looked up from the working directory, keyed apart from files.
                let dir = match input.parent() {
                    Some(d) if input.as_os_str() != "-" => d.to_path_buf(),
                    _ => PathBuf::from("-"),
                };
                self.discovered
                    .entry(dir)
                    .or_insert_with(|| config_path_for(input))
                    .clone()
            }
        };
        if let Some(k) = self.loaded.iter().position(|(p, _)| *p == path) {
            return Ok(k);
        }
        let base = match &path {
            Some(p) => load_config(p).map_err(|e| UsageError(e.to_string()))?,
            None => Config::default(),
        };
        let config = overrides
            .apply(base)
            .map_err(|e| UsageError(e.to_string()))?;
        self.loaded.push((path, config));
        Ok(self.loaded.len() - 1)
    }

    /// A policy loaded by [`ConfigCache::index_for`].
    pub(crate) fn get(&self, k: usize) -> &Config {
        &self.loaded[k].1
    }
}
