//! Linting time grows linearly with the file: eight times the instructions
//! must not cost anywhere near sixty-four times the work (which is what a
//! rule rescanning the file per instruction costs). Each size is timed best
//! of three, and only the ratio is asserted, with a wide margin.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use hullguard::lint::{Config, lint_source};

fn best_of_3(text: &str) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            let r = lint_source(text, "Dockerfile", &Config::default());
            assert!(!r.diagnostics.is_empty());
            t.elapsed()
        })
        .min()
        .unwrap()
}

/// Makes a Dockerfile of about `n` instructions.
type Maker = fn(usize) -> String;

fn ratio(make: impl Fn(usize) -> String, n: usize) -> f64 {
    let small = best_of_3(&make(n));
    let large = best_of_3(&make(8 * n));
    large.as_secs_f64() / small.as_secs_f64().max(1e-6)
}

#[test]
fn many_instructions_lint_in_linear_time() {
    let cases: [(&str, Maker); 4] = [
        ("RUN apt-get install", |n| {
            let mut s = String::from("FROM debian:12\n");
            for _ in 0..n {
                s.push_str("RUN apt-get install -y curl\n");
            }
            s
        }),
        ("ENV", |n| {
            let mut s = String::from("FROM debian:12\n");
            for i in 0..n {
                s.push_str(&format!("ENV VAR_{i}=value{i}\n"));
            }
            s
        }),
        ("commands in one RUN", |n| {
            let mut s = String::from("FROM debian:12\nRUN true");
            for _ in 0..n {
                s.push_str(" && apt-get install -y curl");
            }
            s.push('\n');
            s
        }),
        ("stages", |n| {
            let mut s = String::new();
            for i in 0..n / 4 {
                s.push_str(&format!("FROM debian:12 AS s{i}\nSHELL [\"/bin/bash\", \"-c\"]\nRUN apt-get install -y curl\nCOPY --from=s0 /a /b\n"));
            }
            s
        }),
    ];
    for (name, make) in cases {
        let r = ratio(make, 1000);
        eprintln!("{name}: 8x the input, {r:.1}x the time");
        // Linear is about 8; quadratic would be about 64.
        assert!(r < 24.0, "{name}: 8x the input took {r:.1}x the time");
    }
}
