//! Quick throughput numbers without criterion: MB/s of each parser over the
//! corpus (best of N passes, one thread) and the hullguard/peer ratios.
//!
//! `cargo run --release -p hullguard-benches --example parse_throughput -- [RUNS]`
//! (RUNS defaults to 10; `HULLGUARD_CORPUS` points it at another folder).

use std::hint::black_box;
use std::time::{Duration, Instant};

use hullguard_benches::{
    Acceptance, Corpus, CorpusFile, PEER_STACK, accepted_by, load_corpus, mb_per_s,
    missing_corpus_message, subset, total_bytes,
};

/// Best wall time of `runs` passes of `pass`, plus the range seen.
fn best_of(runs: usize, mut pass: impl FnMut() -> usize) -> (Duration, Duration) {
    let mut best = Duration::MAX;
    let mut worst = Duration::ZERO;
    let mut sink = 0usize;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        sink = sink.wrapping_add(pass());
        let d = t.elapsed();
        best = best.min(d);
        worst = worst.max(d);
    }
    black_box(sink);
    (best, worst)
}

struct Measured {
    mbs: f64,
    worst_mbs: f64,
    files_per_s: f64,
}

fn measure(bytes: u64, files: usize, runs: usize, pass: impl FnMut() -> usize) -> Measured {
    let (best, worst) = best_of(runs, pass);
    Measured {
        mbs: mb_per_s(bytes, best),
        worst_mbs: mb_per_s(bytes, worst),
        files_per_s: files as f64 / best.as_secs_f64().max(1e-9),
    }
}

fn line(label: &str, m: &Measured) {
    println!(
        "  {label:<22} {:>8.1} MB/s  (worst {:>7.1})  {:>9.0} files/s",
        m.mbs, m.worst_mbs, m.files_per_s
    );
}

fn hullguard_pass(texts: &[&str]) -> usize {
    texts
        .iter()
        .map(|t| {
            black_box(hullguard::syntax::parse(black_box(t)))
                .instructions
                .len()
        })
        .sum()
}

fn compare(
    corpus: &Corpus,
    runs: usize,
    peer: &str,
    acc: &Acceptance,
    peer_pass: impl Fn(&str) -> usize,
) {
    let files = subset(corpus, &acc.accepted);
    let bytes = total_bytes(files.iter().copied());
    let texts: Vec<&str> = files.iter().filter_map(|f| f.text()).collect();
    println!(
        "subset accepted by {peer}: {} files, {:.2} MB",
        texts.len(),
        bytes as f64 / 1e6
    );
    let ours = measure(bytes, texts.len(), runs, || hullguard_pass(&texts));
    let theirs = measure(bytes, texts.len(), runs, || {
        texts.iter().map(|t| peer_pass(black_box(t))).sum()
    });
    line("hullguard", &ours);
    line(peer, &theirs);
    println!("  ratio hullguard/{peer}: {:.2}x", ours.mbs / theirs.mbs);
}

fn run(corpus: &Corpus, runs: usize) {
    let total = corpus.files.len();
    println!(
        "corpus: {total} files, {:.2} MB, from {}; best of {runs} passes, one thread",
        corpus.total_bytes() as f64 / 1e6,
        corpus.root.display()
    );
    let dp = accepted_by(corpus, |t| dockerfile_parser::Dockerfile::parse(t).is_ok());
    let pd = accepted_by(corpus, |t| parse_dockerfile::parse(t).is_ok());
    println!("{}", dp.summary("dockerfile-parser 0.9.0", total));
    println!("{}", pd.summary("parse-dockerfile 0.1", total));

    let all: Vec<&CorpusFile> = corpus.files.iter().collect();
    println!("all files:");
    let m = measure(corpus.total_bytes(), total, runs, || {
        all.iter()
            .map(|f| {
                black_box(hullguard::syntax::parse_bytes(black_box(&f.bytes)))
                    .instructions
                    .len()
            })
            .sum()
    });
    line("hullguard (bytes)", &m);

    compare(corpus, runs, "dockerfile-parser", &dp, |t| {
        dockerfile_parser::Dockerfile::parse(t).map_or(0, |d| black_box(d).instructions.len())
    });
    compare(corpus, runs, "parse-dockerfile", &pd, |t| {
        parse_dockerfile::parse(t).map_or(0, |d| black_box(d).instructions.len())
    });
}

fn main() {
    let runs = std::env::args()
        .nth(1)
        .and_then(|a| a.parse::<usize>().ok())
        .unwrap_or(10);
    let corpus = match load_corpus() {
        Ok(Some(c)) => c,
        Ok(None) => {
            println!("{}", missing_corpus_message());
            return;
        }
        Err(e) => {
            println!("{} ({e})", missing_corpus_message());
            return;
        }
    };
    // Big stack: dockerfile-parser recurses once per continuation line.
    let worker = std::thread::Builder::new()
        .name("throughput".into())
        .stack_size(PEER_STACK)
        .spawn(move || run(&corpus, runs));
    if !matches!(worker.map(std::thread::JoinHandle::join), Ok(Ok(()))) {
        eprintln!("throughput thread failed");
        std::process::exit(101);
    }
}
