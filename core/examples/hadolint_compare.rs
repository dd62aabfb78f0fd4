//! Compare hullguard with hadolint 2.15.1 on the shared corpus, for every rule
//! that shares a hadolint code.
//!
//! Usage: `cargo run --release -p hullguard --example hadolint_compare [CODE]`
//! (needs `../shared`). Without a code it prints, per code, how many findings
//! both tools report at the same file and line, and how many only one does;
//! with a code it also lists each difference as `file:line`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use hullguard::lint::{Config, lint_parsed, rules};
use hullguard::syntax::parse_bytes;

fn main() {
    let shared = std::env::var_os("HULLGUARD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    let report_path = shared.join("corpus/hadolint-2.15.1-public.json");
    let Ok(text) = std::fs::read_to_string(&report_path) else {
        eprintln!("SKIPPED: {} not found", report_path.display());
        return;
    };
    let Ok(hadolint) = serde_json::from_str::<BTreeMap<String, Vec<serde_json::Value>>>(&text)
    else {
        eprintln!("cannot parse {}", report_path.display());
        std::process::exit(2);
    };
    let wanted = std::env::args().nth(1);
    let ours_codes: BTreeSet<&str> = rules()
        .map(|m| m.code)
        .filter(|c| c.starts_with("DL"))
        .collect();
    // Run hadolint's default set: every DL rule we have, on by default or not.
    let config = Config {
        select: ours_codes.iter().map(|c| (*c).to_owned()).collect(),
        ..Config::default()
    };
    let mut theirs: BTreeSet<(String, String, usize)> = BTreeSet::new();
    let mut ours: BTreeSet<(String, String, usize)> = BTreeSet::new();
    let mut parse_failures = BTreeSet::new();
    for (file, findings) in &hadolint {
        for f in findings {
            let code = f["code"].as_str().unwrap_or("").to_owned();
            if code == "DL1000" {
                parse_failures.insert(file.clone());
            }
            let line = f["line"].as_u64().unwrap_or(0) as usize;
            if ours_codes.contains(code.as_str()) {
                theirs.insert((code, file.clone(), line));
            }
        }
        let Ok(bytes) = std::fs::read(shared.join("corpus/public").join(file)) else {
            continue;
        };
        // hadolint reports the first line of the instruction; we report the
        // offending word. Compare by instruction so multi-line RUNs line up.
        let df = parse_bytes(&bytes);
        let instruction_line = |line: usize| {
            df.instructions
                .iter()
                .find(|i| i.line <= line && line <= i.end_line)
                .map_or(line, |i| i.line)
        };
        for d in lint_parsed(&df, file, &config).diagnostics {
            if d.code.starts_with("DL") {
                ours.insert((d.code, file.clone(), instruction_line(d.line)));
            }
        }
    }
    println!("| code | both | only hadolint | only hullguard |");
    println!("| --- | ---: | ---: | ---: |");
    for code in &ours_codes {
        let t: BTreeSet<_> = theirs.iter().filter(|x| x.0 == *code).collect();
        let o: BTreeSet<_> = ours.iter().filter(|x| x.0 == *code).collect();
        let both = t.intersection(&o).count();
        println!(
            "| {code} | {both} | {} | {} |",
            t.len() - both,
            o.len() - both
        );
        if wanted.as_deref() == Some(*code) {
            for x in t.difference(&o) {
                let note = if parse_failures.contains(&x.1) {
                    " (hadolint parse failure)"
                } else {
                    ""
                };
                println!("  only hadolint: {}:{}{note}", x.1, x.2);
            }
            for x in o.difference(&t) {
                let note = if parse_failures.contains(&x.1) {
                    " (hadolint parse failure)"
                } else {
                    ""
                };
                println!("  only hullguard: {}:{}{note}", x.1, x.2);
            }
        }
    }
}
