//! Lint the public corpus `N` times (default 1): a fixed workload for
//! instruction counting (`valgrind --tool=callgrind`), not a timer.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use hullguard::lint::{Config, lint_bytes};
use hullguard_benches::{load_corpus, missing_corpus_message};

fn main() {
    let passes = std::env::args()
        .nth(1)
        .and_then(|a| a.parse::<usize>().ok())
        .unwrap_or(1);
    let Ok(Some(corpus)) = load_corpus() else {
        println!("{}", missing_corpus_message());
        return;
    };
    let config = Config::default();
    let mut sink = 0usize;
    for _ in 0..passes {
        for f in &corpus.files {
            sink += black_box(lint_bytes(black_box(&f.bytes), &f.name, &config))
                .diagnostics
                .len();
        }
    }
    println!("{passes} passes, {sink} findings");
}
