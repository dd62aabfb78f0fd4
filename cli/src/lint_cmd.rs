//! `hullguard lint`: find the files, load the policy, lint, print, and exit
//! 0 (nothing at or above the threshold), 1 (something is) or 2 (usage, I/O
//! or configuration error).

use std::path::PathBuf;

use clap::Args;
use hullguard::lint::{FileReport, Report, discover::find_dockerfiles, lint_bytes};

use crate::policy::{ConfigCache, OutputArgs, PolicyArgs, UsageError};

#[derive(Args, Debug)]
pub(crate) struct LintArgs {
    /// Files, directories (searched for Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*) or `-`.
    paths: Vec<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    policy: PolicyArgs,
}

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
    let overrides = args.policy.overrides()?;
    let mut cache = ConfigCache::default();
    let mut report = Report::default();
    let mut failed = false;
    for file in &files {
        let config = cache.config_for(file, &args.policy, &overrides)?;
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
    args.output.print(&report);
    Ok(u8::from(failed))
}
