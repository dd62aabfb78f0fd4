//! `hullguard lint`: find the files, load the policy, lint (several files at
//! once, one per thread), print in input order, and exit 0 (nothing at or
//! above the threshold), 1 (something is) or 2 (usage, I/O or configuration
//! error).

use std::io::Write;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::Args;

use hullguard::lint::render::{json_entry, write_json_entries};
use hullguard::lint::{Config, FileReport, Report, discover::find_dockerfiles, lint_bytes};

use crate::policy::{ConfigCache, OutputArgs, PolicyArgs, UsageError};

#[derive(Args, Debug)]
pub(crate) struct LintArgs {
    /// Files, directories (searched for Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*) or `-`.
    paths: Vec<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    policy: PolicyArgs,
    /// Files linted at once (default: one per CPU core). The report is the same
    /// whatever the number.
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<NonZeroUsize>,
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
    let mut inputs = Vec::with_capacity(files.len());
    for file in &files {
        let config = cache.index_for(file, &args.policy, &overrides)?;
        // Standard input is read here, once, whatever the number of threads.
        let stdin = if file.as_os_str() == "-" {
            Some(crate::read_input(file).map_err(|e| read_error(file, &e))?)
        } else {
            None
        };
        inputs.push(Input {
            file,
            config,
            stdin,
        });
    }
    let jobs = args
        .jobs
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get);
    if args.output.is_json() {
        // Each file's JSON entry is made on the thread that linted it, and the
        // file's report is dropped there.
        let results = lint_all(&inputs, &cache, jobs, |fr, config| {
            (fails(&fr, config), json_entry(&fr))
        });
        let mut entries = Vec::with_capacity(results.len());
        let mut failed = false;
        for result in results {
            let (f, entry) = result?;
            failed |= f;
            entries.push(entry);
        }
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        // A closed pipe (`hullguard lint | head`) is not an error of the lint.
        let _ = write_json_entries(&mut out, entries.iter().map(String::as_str))
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush());
        return Ok(u8::from(failed));
    }
    let results = lint_all(&inputs, &cache, jobs, |fr, config| (fails(&fr, config), fr));
    let mut report = Report::default();
    let mut failed = false;
    for result in results {
        let (f, fr) = result?;
        failed |= f;
        report.files.push(fr);
    }
    args.output.print(&report);
    Ok(u8::from(failed))
}

/// Whether a file's findings fail the run under its policy.
fn fails(fr: &FileReport, config: &Config) -> bool {
    fr.diagnostics.iter().any(|d| config.fails(d.severity))
}

/// One file to lint, with the index of its policy in the [`ConfigCache`].
struct Input<'a> {
    file: &'a PathBuf,
    config: usize,
    /// The bytes of `-`, read before linting starts.
    stdin: Option<Vec<u8>>,
}

fn read_error(file: &std::path::Path, e: &std::io::Error) -> UsageError {
    UsageError(format!("cannot read {}: {e}", file.display()))
}

fn lint_one<T>(
    input: &Input<'_>,
    cache: &ConfigCache,
    finish: &(impl Fn(FileReport, &Config) -> T + Sync),
) -> Result<T, UsageError> {
    let read;
    let bytes = match &input.stdin {
        Some(b) => b,
        None => {
            read = std::fs::read(input.file).map_err(|e| read_error(input.file, &e))?;
            &read
        }
    };
    let shown = if input.file.as_os_str() == "-" {
        "-".to_owned()
    } else {
        input.file.display().to_string()
    };
    let config = cache.get(input.config);
    Ok(finish(lint_bytes(bytes, &shown, config), config))
}

/// Lints every input on up to `jobs` threads, each taking the next file from a
/// shared counter and handing its report to `finish` there; results come back
/// in input order.
fn lint_all<T: Send>(
    inputs: &[Input<'_>],
    cache: &ConfigCache,
    jobs: usize,
    finish: impl Fn(FileReport, &Config) -> T + Sync,
) -> Vec<Result<T, UsageError>> {
    let jobs = jobs.min(inputs.len());
    if jobs <= 1 {
        return inputs.iter().map(|i| lint_one(i, cache, &finish)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut slots: Vec<Option<Result<T, UsageError>>> =
        std::iter::repeat_with(|| None).take(inputs.len()).collect();
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some(input) = inputs.get(k) else { break };
                        done.push((k, lint_one(input, cache, &finish)));
                    }
                    done
                })
            })
            .collect();
        for worker in workers {
            // A worker that panicked leaves its slots empty; they are reported below.
            for (k, result) in worker.join().unwrap_or_default() {
                if let Some(slot) = slots.get_mut(k) {
                    *slot = Some(result);
                }
            }
        }
    });
    slots
        .into_iter()
        .zip(inputs)
        .map(|(slot, input)| {
            slot.unwrap_or_else(|| {
                Err(UsageError(format!(
                    "internal error while linting {}",
                    input.file.display()
                )))
            })
        })
        .collect()
}
