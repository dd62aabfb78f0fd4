//! Lint the public corpus `N` times (default 1): a fixed workload for
//! instruction counting (`valgrind --tool=callgrind`), not a timer.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use hullguard::lint::{Config, lint_bytes};
use hullguard_benches::passes_and_corpus;

fn main() {
    let Some((passes, corpus)) = passes_and_corpus() else {
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
