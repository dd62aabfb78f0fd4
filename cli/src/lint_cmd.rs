//! `hullguard lint`: find the files, load the policy, lint, print, and exit
//! 0 (nothing at or above the threshold), 1 (something is) or 2 (usage, I/O
//! or configuration error).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use hullguard::lint::render::{Format, RenderOptions, render};
use hullguard::lint::{
    Config, FileReport, Overrides, Report, config_path_for, discover::find_dockerfiles, lint_bytes,
    load_config,
};

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

#[derive(Args, Debug)]
pub(crate) struct LintArgs {
    /// Files, directories (searched for Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*) or `-`.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Configuration file (default: discovered upward from each Dockerfile).
    #[arg(long, short = 'c')]
    config: Option<PathBuf>,
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
    /// Always exit 0 when linting succeeded, whatever was found.
    #[arg(long)]
    no_fail: bool,
    /// When to use colour in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

struct UsageError(String);

fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, UsageError> {
    let inputs: Vec<PathBuf> = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let mut files = Vec::new();
    for p in inputs {
        if p.as_os_str() == "-" {
            files.push(p);
        } else if p.is_dir() {
            let found = find_dockerfiles(&p)
                .map_err(|e| UsageError(format!("cannot read directory {}: {e}", p.display())))?;
            if found.is_empty() {
                return Err(UsageError(format!(
                    "no Dockerfile found in {}",
                    p.display()
                )));
            }
            files.extend(found);
        } else if p.exists() {
            files.push(p);
        } else {
            return Err(UsageError(format!(
                "cannot read {}: no such file or directory",
                p.display()
            )));
        }
    }
    Ok(files)
}

impl LintArgs {
    /// The flags that adjust the policy, in the library's terms.
    fn overrides(&self) -> Result<Overrides, UsageError> {
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

/// The policy for `file`: its configuration file (explicit or discovered,
/// each loaded once) with the flags applied.
fn config_for_file(
    file: &Path,
    args: &LintArgs,
    overrides: &Overrides,
    cache: &mut Vec<(Option<PathBuf>, Config)>,
) -> Result<Config, UsageError> {
    let path = args.config.clone().or_else(|| config_path_for(file));
    if let Some((_, c)) = cache.iter().find(|(p, _)| *p == path) {
        return Ok(c.clone());
    }
    let base = match &path {
        Some(p) => load_config(p).map_err(|e| UsageError(e.to_string()))?,
        None => Config::default(),
    };
    let config = overrides
        .apply(base)
        .map_err(|e| UsageError(e.to_string()))?;
    cache.push((path, config.clone()));
    Ok(config)
}

pub(crate) fn run(args: &LintArgs) -> u8 {
    match run_inner(args) {
        Ok(code) => code,
        Err(UsageError(msg)) => {
            eprintln!("hullguard: {msg}");
            2
        }
    }
}

fn run_inner(args: &LintArgs) -> Result<u8, UsageError> {
    let files = expand_paths(&args.paths)?;
    let overrides = args.overrides()?;
    let mut cache = Vec::new();
    let mut report = Report::default();
    let mut failed = false;
    for file in &files {
        let config = config_for_file(file, args, &overrides, &mut cache)?;
        let bytes = crate::read_input(file)
            .map_err(|e| UsageError(format!("cannot read {}: {e}", file.display())))?;
        let shown = if file.as_os_str() == "-" {
            "-".to_owned()
        } else {
            file.display().to_string()
        };
        let fr: FileReport = lint_bytes(&bytes, &shown, &config);
        failed |= fr.diagnostics.iter().any(|d| config.fails(d.severity));
        report.files.push(fr);
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let format = match args.format {
        OutputFormat::Text => Format::Text,
        OutputFormat::Json => Format::Json,
        OutputFormat::Sarif => Format::Sarif,
    };
    let text = render(&report, format, RenderOptions { color });
    print!("{text}");
    if !text.ends_with('\n') {
        println!();
    }
    Ok(u8::from(failed))
}
