//! Parser throughput over the real-Dockerfile corpus, with criterion.
//!
//! Groups (throughput in corpus bytes):
//! - `all`: hullguard over every file;
//! - `dockerfile-parser-subset`: hullguard and dockerfile-parser 0.9 over the
//!   files dockerfile-parser accepts;
//! - `parse-dockerfile-subset`: hullguard and parse-dockerfile over the files
//!   parse-dockerfile accepts.
//!
//! `cargo bench -p hullguard-benches --bench parse`; `HULLGUARD_CORPUS`
//! points it at another folder of Dockerfiles.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkGroup, Criterion, Throughput, measurement::WallTime};
use hullguard_benches::{Corpus, CorpusFile, accepted_by, load_corpus, subset, total_bytes};

fn hullguard_bytes(files: &[&CorpusFile]) -> usize {
    let mut n = 0;
    for f in files {
        n += black_box(hullguard::syntax::parse_bytes(black_box(&f.bytes)))
            .instructions
            .len();
    }
    n
}

fn hullguard_str(texts: &[&str]) -> usize {
    let mut n = 0;
    for t in texts {
        n += black_box(hullguard::syntax::parse(black_box(t)))
            .instructions
            .len();
    }
    n
}

fn dockerfile_parser_str(texts: &[&str]) -> usize {
    let mut n = 0;
    for t in texts {
        if let Ok(df) = black_box(dockerfile_parser::Dockerfile::parse(black_box(t))) {
            n += df.instructions.len();
        }
    }
    n
}

fn parse_dockerfile_str(texts: &[&str]) -> usize {
    let mut n = 0;
    for t in texts {
        if let Ok(df) = black_box(parse_dockerfile::parse(black_box(t))) {
            n += df.instructions.len();
        }
    }
    n
}

/// The texts of the files at `indices` (all valid UTF-8: the peers accepted them).
fn texts<'a>(corpus: &'a Corpus, indices: &[usize]) -> Vec<&'a str> {
    subset(corpus, indices)
        .into_iter()
        .filter_map(CorpusFile::text)
        .collect()
}

fn configure(group: &mut BenchmarkGroup<'_, WallTime>, bytes: u64) {
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
}

fn run(corpus: &Corpus) {
    let total = corpus.files.len();
    println!(
        "corpus: {} files, {} bytes, from {}",
        total,
        corpus.total_bytes(),
        corpus.root.display()
    );
    let dp = accepted_by(corpus, |t| dockerfile_parser::Dockerfile::parse(t).is_ok());
    let pd = accepted_by(corpus, |t| parse_dockerfile::parse(t).is_ok());
    println!("{}", dp.summary("dockerfile-parser 0.9.0", total));
    println!("{}", pd.summary("parse-dockerfile 0.1", total));

    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();

    {
        let all: Vec<&CorpusFile> = corpus.files.iter().collect();
        let mut g = c.benchmark_group("all");
        configure(&mut g, corpus.total_bytes());
        g.bench_function("hullguard", |b| b.iter(|| hullguard_bytes(&all)));
        g.finish();
    }
    {
        let sub = texts(corpus, &dp.accepted);
        let mut g = c.benchmark_group("dockerfile-parser-subset");
        configure(&mut g, total_bytes(subset(corpus, &dp.accepted)));
        g.bench_function("hullguard", |b| b.iter(|| hullguard_str(&sub)));
        g.bench_function("dockerfile-parser", |b| {
            b.iter(|| dockerfile_parser_str(&sub))
        });
        g.finish();
    }
    {
        let sub = texts(corpus, &pd.accepted);
        let mut g = c.benchmark_group("parse-dockerfile-subset");
        configure(&mut g, total_bytes(subset(corpus, &pd.accepted)));
        g.bench_function("hullguard", |b| b.iter(|| hullguard_str(&sub)));
        g.bench_function("parse-dockerfile", |b| {
            b.iter(|| parse_dockerfile_str(&sub))
        });
        g.finish();
    }
    c.final_summary();
}

fn main() {
    let corpus = match load_corpus() {
        Ok(Some(corpus)) => corpus,
        Ok(None) => {
            println!("{}", hullguard_benches::missing_corpus_message());
            return;
        }
        Err(e) => {
            println!("{} ({e})", hullguard_benches::missing_corpus_message());
            return;
        }
    };
    // Every parser runs on a big stack: dockerfile-parser recurses once per
    // continuation line, and a stack overflow cannot be caught.
    let worker = std::thread::Builder::new()
        .name("bench".into())
        .stack_size(hullguard_benches::PEER_STACK)
        .spawn(move || run(&corpus));
    match worker.map(std::thread::JoinHandle::join) {
        Ok(Ok(())) => {}
        Ok(Err(_)) => {
            eprintln!("benchmark thread panicked");
            std::process::exit(101);
        }
        Err(e) => {
            eprintln!("could not start the benchmark thread: {e}");
            std::process::exit(101);
        }
    }
}
