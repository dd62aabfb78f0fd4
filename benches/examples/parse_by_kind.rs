//! Where the parser wins and loses against parse-dockerfile, one kind of
//! instruction at a time: for each kind, synthetic files of 20 such
//! instructions after a `FROM` (about the corpus' average file), parsed by
//! both parsers in the same run (best of N passes, one thread, the two
//! parsers' passes in turn).
//!
//! The two parsers do not do the same work on every kind: parse-dockerfile
//! keeps ENV, ARG and LABEL arguments as one unsplit string and a shell-form
//! RUN as its raw source text (continuations left in), while hullguard
//! splits ENV/ARG/LABEL into BuildKit's words and joins continued lines as
//! BuildKit does. This example shows what each costs.
//!
//! `cargo run --release -p hullguard-benches --example parse_by_kind -- [RUNS]`
//! (RUNS defaults to 30).

use std::hint::black_box;

use hullguard_benches::{alternating, mb_per_s, speedup};

/// Instructions per synthetic file, and files per kind.
const PER_FILE: usize = 20;
const FILES: usize = 200;

/// The text of a kind's `i`-th instruction.
type Instruction = fn(usize) -> String;

/// Each kind: a name and its instructions.
const KINDS: &[(&str, Instruction)] = &[
    ("RUN, one line", |i| {
        format!(
            "RUN apt-get update && apt-get install -y --no-install-recommends curl{i} && rm -rf /var/lib/apt/lists/*\n"
        )
    }),
    ("RUN, continued", |i| {
        format!(
            "RUN apt-get update \\\n    && apt-get install -y --no-install-recommends \\\n        curl{i} \\\n    && rm -rf /var/lib/apt/lists/*\n"
        )
    }),
    ("RUN --mount", |i| {
        format!(
            "RUN --mount=type=cache,target=/root/.cache/{i} --mount=type=bind,source=.,target=/src make\n"
        )
    }),
    ("COPY", |i| format!("COPY src/file{i}.txt /app/dest{i}/\n")),
    ("COPY --from --chown", |i| {
        format!("COPY --from=builder --chown=app:app /build/out{i} /app/\n")
    }),
    ("CMD [json]", |i| {
        format!("CMD [\"/usr/bin/app{i}\", \"--config\", \"/etc/app.yaml\"]\n")
    }),
    ("ENV, one pair", |i| format!("ENV KEY{i}=value{i}\n")),
    ("ENV, three pairs", |i| {
        format!("ENV A{i}=1 B{i}=\"two words\" C{i}=/usr/local/bin:$PATH\n")
    }),
    ("ARG", |i| format!("ARG VERSION{i}=1.2.{i}\n")),
    ("LABEL", |i| {
        format!("LABEL org.opencontainers.image.title=\"app{i}\" version=\"1.{i}\"\n")
    }),
    ("comment + WORKDIR", |i| {
        format!("# step {i}: where the build happens\nWORKDIR /app{i}\n")
    }),
];

/// The instructions `parse` finds in all of `files` (returned, so that no
/// parse is optimized away).
fn parse_all(files: &[String], parse: impl Fn(&str) -> usize) -> usize {
    files.iter().map(|t| parse(black_box(t))).sum()
}

fn main() {
    let runs = std::env::args()
        .nth(1)
        .and_then(|a| a.parse::<usize>().ok())
        .unwrap_or(30);
    println!(
        "{FILES} files of {PER_FILE} instructions per kind; best of {runs} passes, one thread"
    );
    println!(
        "  {:<20} {:>15} {:>22} {:>7}",
        "kind", "hullguard MB/s", "parse-dockerfile MB/s", "ratio"
    );
    for (name, instruction) in KINDS {
        let files: Vec<String> = (0..FILES)
            .map(|f| {
                let body: String = (0..PER_FILE)
                    .map(|n| instruction(f * PER_FILE + n))
                    .collect();
                format!("FROM debian:12\n{body}")
            })
            .collect();
        let bytes: u64 = files.iter().map(|t| t.len() as u64).sum();
        if let Some(rejected) = files.iter().find(|t| parse_dockerfile::parse(t).is_err()) {
            println!("  {name:<20} parse-dockerfile rejects: {rejected:?}");
            continue;
        }
        let (ours, theirs) = alternating(
            runs,
            || {
                black_box(parse_all(&files, |t| {
                    hullguard::syntax::parse(t).instructions.len()
                }));
            },
            || {
                black_box(parse_all(&files, |t| {
                    parse_dockerfile::parse(t).map_or(0, |d| d.instructions.len())
                }));
            },
        );
        let (ours, theirs) = (ours.best, theirs.best);
        println!(
            "  {name:<20} {:>15.0} {:>22.0} {:>6.2}x",
            mb_per_s(bytes, ours),
            mb_per_s(bytes, theirs),
            speedup(ours, theirs)
        );
    }
}
