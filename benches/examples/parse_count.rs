//! Parse the corpus a fixed number of times with hullguard only, for
//! instruction counting under `valgrind --tool=callgrind` (run it with two pass
//! counts and divide the difference by the extra bytes parsed).
//!
//! `cargo run --release -p hullguard-benches --example parse_count -- [PASSES]`

use std::hint::black_box;

use hullguard_benches::passes_and_corpus;

fn main() {
    let Some((passes, corpus)) = passes_and_corpus() else {
        return;
    };
    let mut sink = 0usize;
    for _ in 0..passes {
        for f in &corpus.files {
            sink += black_box(hullguard::syntax::parse_bytes(black_box(&f.bytes)))
                .instructions
                .len();
        }
    }
    println!(
        "{passes} passes, {} bytes each, {sink} instructions",
        corpus.total_bytes()
    );
}
