//! Shared pieces of the parser benchmarks: finding and loading the Dockerfile
//! corpus, and running a peer parser on one input without letting a panic or
//! a deep recursion take the whole benchmark down.
//!
//! The peers themselves are only dev-dependencies; the bench target
//! (`benches/parse.rs`) and the quick throughput example
//! (`examples/parse_throughput.rs`) call them through [`accepted_by`].

use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::thread;

/// Environment variable that overrides where the corpus is read from.
pub const CORPUS_ENV: &str = "HULLGUARD_CORPUS";

/// Stack size of the worker thread that runs peer parsers while the accepted
/// subsets are built. `dockerfile-parser` recurses once per continuation line.
pub const PEER_STACK: usize = 64 * 1024 * 1024;

/// One corpus file.
#[derive(Debug, Clone)]
pub struct CorpusFile {
    /// Path relative to the corpus root.
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl CorpusFile {
    /// The text, when the file is valid UTF-8 (the peers only take `&str`).
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok()
    }
}

/// The loaded corpus.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// Where it was read from.
    pub root: PathBuf,
    /// The files, sorted by path.
    pub files: Vec<CorpusFile>,
}

impl Corpus {
    /// Total size in bytes.
    pub fn total_bytes(&self) -> u64 {
        total_bytes(self.files.iter())
    }
}

/// Sum of the sizes of some files.
pub fn total_bytes<'a>(files: impl IntoIterator<Item = &'a CorpusFile>) -> u64 {
    files.into_iter().map(|f| f.bytes.len() as u64).sum()
}

/// The corpus root: `$HULLGUARD_CORPUS`, else `<workspace>/../shared/corpus/public`.
pub fn corpus_root() -> PathBuf {
    match std::env::var_os(CORPUS_ENV) {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/public"),
    }
}

/// Load every file in the sub-folders of the corpus root (files directly in
/// the root, such as `SOURCES.tsv`, are metadata and are skipped). Returns
/// `Ok(None)` when the root does not exist or holds no Dockerfile.
pub fn load_corpus() -> io::Result<Option<Corpus>> {
    let root = corpus_root();
    if !root.is_dir() {
        return Ok(None);
    }
    let root = root.canonicalize().unwrap_or(root);
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(&root)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            collect_files(&entry.path(), &mut paths)?;
        }
    }
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let bytes = std::fs::read(&path)?;
        let name = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        files.push(CorpusFile { name, bytes });
    }
    if files.is_empty() {
        return Ok(None);
    }
    Ok(Some(Corpus { root, files }))
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                out.push(entry.path());
            }
        }
    }
    Ok(())
}

/// The message to print when the corpus is missing.
pub fn missing_corpus_message() -> String {
    format!(
        "corpus not found at {} (set {CORPUS_ENV} to a folder of Dockerfiles), skipping",
        corpus_root().display()
    )
}

/// Which files a peer parser accepts, and which it rejects (error, panic,
/// or not valid UTF-8).
#[derive(Debug, Clone, Default)]
pub struct Acceptance {
    /// Indices into the corpus of the files the peer parsed without error.
    pub accepted: Vec<usize>,
    /// Files it returned an error for.
    pub errors: usize,
    /// Files on which it panicked.
    pub panics: usize,
    /// Files that are not UTF-8 (the peers take `&str`).
    pub not_utf8: usize,
}

impl Acceptance {
    /// Number of rejected files, for any reason.
    pub fn rejected(&self) -> usize {
        self.errors + self.panics + self.not_utf8
    }

    /// One summary line.
    pub fn summary(&self, peer: &str, total: usize) -> String {
        format!(
            "{peer}: accepts {} of {total} files, rejects {} ({} errors, {} panics, {} not UTF-8)",
            self.accepted.len(),
            self.rejected(),
            self.errors,
            self.panics,
            self.not_utf8
        )
    }
}

/// Run `accepts` on every corpus file, on a worker thread with a
/// [`PEER_STACK`] stack, catching panics (the default panic message is
/// silenced meanwhile). `accepts` returns whether the parser succeeded.
pub fn accepted_by<F>(corpus: &Corpus, accepts: F) -> Acceptance
where
    F: Fn(&str) -> bool + Send + Sync,
{
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let result = thread::scope(|scope| {
        let worker = thread::Builder::new()
            .name("peer-parser".into())
            .stack_size(PEER_STACK)
            .spawn_scoped(scope, || {
                let mut out = Acceptance::default();
                for (i, file) in corpus.files.iter().enumerate() {
                    let Some(text) = file.text() else {
                        out.not_utf8 += 1;
                        continue;
                    };
                    match panic::catch_unwind(AssertUnwindSafe(|| accepts(text))) {
                        Ok(true) => out.accepted.push(i),
                        Ok(false) => out.errors += 1,
                        Err(_) => out.panics += 1,
                    }
                }
                out
            });
        match worker {
            Ok(handle) => handle.join().ok(),
            Err(_) => None,
        }
    });
    panic::set_hook(previous_hook);
    // A worker that could not start or died counts every file as a panic.
    result.unwrap_or_else(|| Acceptance {
        panics: corpus.files.len(),
        ..Acceptance::default()
    })
}

/// The files at `indices`.
pub fn subset<'a>(corpus: &'a Corpus, indices: &[usize]) -> Vec<&'a CorpusFile> {
    indices
        .iter()
        .filter_map(|&i| corpus.files.get(i))
        .collect()
}

/// The fastest of `n` runs of `f`.
pub fn best_of(n: usize, f: impl FnMut()) -> std::time::Duration {
    timings(n, f).best
}

/// The fastest and slowest of `n` runs of `f` (at least one).
pub fn timings(n: usize, mut f: impl FnMut()) -> Timings {
    let mut t = Timings::new();
    for _ in 0..n.max(1) {
        t.add(time(&mut f));
    }
    t
}

/// The fastest and slowest of several runs.
#[derive(Debug, Clone, Copy)]
pub struct Timings {
    pub best: std::time::Duration,
    pub worst: std::time::Duration,
}

impl Timings {
    fn new() -> Timings {
        Timings {
            best: std::time::Duration::MAX,
            worst: std::time::Duration::ZERO,
        }
    }

    fn add(&mut self, d: std::time::Duration) {
        self.best = self.best.min(d);
        self.worst = self.worst.max(d);
    }
}

/// `n` rounds of one run of `a` then one of `b`: when two parsers are
/// compared on a shared machine, a stretch of load from elsewhere then
/// slows both alike instead of whichever happened to be measured during it.
pub fn alternating(n: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> (Timings, Timings) {
    let (mut ta, mut tb) = (Timings::new(), Timings::new());
    for _ in 0..n.max(1) {
        ta.add(time(&mut a));
        tb.add(time(&mut b));
    }
    (ta, tb)
}

fn time(f: &mut impl FnMut()) -> std::time::Duration {
    let t = std::time::Instant::now();
    f();
    t.elapsed()
}

/// Megabytes (10^6 bytes) per second for `bytes` read in `d` (a zero
/// duration counts as one nanosecond, so the rate stays finite).
pub fn mb_per_s(bytes: u64, d: std::time::Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64().max(1e-9)
}

/// How many times faster `ours` is than `theirs` (a zero duration counts as
/// a picosecond, so the ratio stays finite).
pub fn speedup(ours: std::time::Duration, theirs: std::time::Duration) -> f64 {
    theirs.as_secs_f64() / ours.as_secs_f64().max(1e-12)
}

/// For the instruction-counting examples: the number of passes (first
/// argument, default 1) and the corpus, or `None` after saying it is missing.
pub fn passes_and_corpus() -> Option<(usize, Corpus)> {
    let passes = std::env::args()
        .nth(1)
        .and_then(|a| a.parse::<usize>().ok())
        .unwrap_or(1);
    let Ok(Some(corpus)) = load_corpus() else {
        println!("{}", missing_corpus_message());
        return None;
    };
    Some((passes, corpus))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn alternating_runs_each_side_in_turn() {
        let log = RefCell::new(String::new());
        let (a, b) = alternating(
            3,
            || log.borrow_mut().push('a'),
            || log.borrow_mut().push('b'),
        );
        assert_eq!(log.into_inner(), "ababab");
        assert!(a.best <= a.worst && b.best <= b.worst);
    }

    #[test]
    fn timings_run_at_least_once() {
        let mut runs = 0;
        let t = timings(0, || runs += 1);
        assert_eq!(runs, 1);
        assert!(t.best <= t.worst);
        let mut runs = 0;
        best_of(4, || runs += 1);
        assert_eq!(runs, 4);
    }
}
