//! Per-file comparison with parse-dockerfile: each file the peer accepts is
//! parsed alone, again and again (hot caches), by both parsers; prints the
//! totals and the files where hullguard loses the most time to the peer.
//!
//! `cargo run --release -p hullguard-benches --example parse_per_file -- [REPS] [TOP]`

use std::hint::black_box;

use hullguard_benches::{best_of, load_corpus, missing_corpus_message};

/// The fastest of `reps` runs of `f`, in nanoseconds.
fn best_ns(reps: usize, mut f: impl FnMut() -> usize) -> f64 {
    best_of(reps.max(1), || {
        black_box(f());
    })
    .as_nanos() as f64
}

fn main() {
    let mut args = std::env::args().skip(1);
    let reps = args.next().and_then(|a| a.parse().ok()).unwrap_or(50);
    let top = args.next().and_then(|a| a.parse().ok()).unwrap_or(25);
    let Ok(Some(corpus)) = load_corpus() else {
        println!("{}", missing_corpus_message());
        return;
    };
    let mut rows = Vec::new();
    for f in &corpus.files {
        let Some(t) = f.text() else { continue };
        if parse_dockerfile::parse(t).is_err() {
            continue;
        }
        let ours = best_ns(reps, || {
            hullguard::syntax::parse(black_box(t)).instructions.len()
        });
        let theirs = best_ns(reps, || {
            parse_dockerfile::parse(black_box(t)).map_or(0, |d| d.instructions.len())
        });
        rows.push((f.name.clone(), t.len(), ours, theirs));
    }
    let (to, tt): (f64, f64) = rows.iter().fold((0.0, 0.0), |a, r| (a.0 + r.2, a.1 + r.3));
    println!(
        "{} files: ours {:.2} ms, theirs {:.2} ms, ratio {:.2}x",
        rows.len(),
        to / 1e6,
        tt / 1e6,
        tt / to
    );
    rows.sort_by(|a, b| (b.2 - b.3).total_cmp(&(a.2 - a.3)));
    println!("files where we lose the most time (ours - theirs):");
    for (name, len, o, t) in rows.iter().take(top) {
        println!(
            "  {:>8.0} ns {:>8.0} ns  {:>5.2}x  {:>7} B  {name}",
            o,
            t,
            t / o,
            len
        );
    }
}
