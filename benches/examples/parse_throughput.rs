//! Quick throughput numbers without criterion: MB/s of each parser over the
//! corpus (best of N passes, one thread; when two parsers are compared,
//! their passes alternate) and the hullguard/peer ratios.
//!
//! `cargo run --release -p hullguard-benches --example parse_throughput -- [RUNS]`
//! (RUNS defaults to 10; `HULLGUARD_CORPUS` points it at another folder).

use std::hint::black_box;

use hullguard_benches::{
    Acceptance, Corpus, CorpusFile, PEER_STACK, Timings, accepted_by, alternating, load_corpus,
    mb_per_s, missing_corpus_message, speedup, subset, timings, total_bytes,
};

/// One line of results: best and worst MB/s over the passes, and files per
/// second at the best.
fn line(label: &str, bytes: u64, files: usize, t: Timings) {
    println!(
        "  {label:<22} {:>8.1} MB/s  (worst {:>7.1})  {:>9.0} files/s",
        mb_per_s(bytes, t.best),
        mb_per_s(bytes, t.worst),
        files as f64 / t.best.as_secs_f64().max(1e-9)
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

/// hullguard against `peer` on the files the peer accepts, one pass of
/// each in turn.
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
    let (ours, theirs) = alternating(
        runs,
        || {
            black_box(hullguard_pass(&texts));
        },
        || {
            black_box(texts.iter().map(|t| peer_pass(black_box(t))).sum::<usize>());
        },
    );
    line("hullguard", bytes, texts.len(), ours);
    line(peer, bytes, texts.len(), theirs);
    println!(
        "  ratio hullguard/{peer}: {:.2}x",
        speedup(ours.best, theirs.best)
    );
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
    let t = timings(runs, || {
        black_box(
            all.iter()
                .map(|f| {
                    black_box(hullguard::syntax::parse_bytes(black_box(&f.bytes)))
                        .instructions
                        .len()
                })
                .sum::<usize>(),
        );
    });
    line("hullguard (bytes)", corpus.total_bytes(), total, t);

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
