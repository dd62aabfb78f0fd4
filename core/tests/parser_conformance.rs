//! The parser must read every Dockerfile exactly as BuildKit's own parser does.
//! Two oracles: the repo's fixtures (expected output saved from BuildKit's
//! parser, see `fixtures/parser/regenerate.py`) and, when present, the shared
//! corpus of 1,029 real files plus 52 probes (`../shared/conformance`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hullguard::syntax::{BuildkitRecord, buildkit_record, parse_bytes};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load_expected(path: &Path) -> BTreeMap<String, BuildkitRecord> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let r: BuildkitRecord = serde_json::from_str(l).unwrap();
            (r.file.clone(), r)
        })
        .collect()
}

/// Compare our parse of every file named in `expected` (relative to `root`).
/// Returns human-readable differences.
fn compare(root: &Path, expected: &BTreeMap<String, BuildkitRecord>) -> Vec<String> {
    let mut diffs = Vec::new();
    for (file, want) in expected {
        let bytes = std::fs::read(root.join(file)).unwrap();
        let df = parse_bytes(&bytes);
        let mut got = buildkit_record(file, &df);
        let mut want = want.clone();
        // PyPI's wrapper of BuildKit's parser does not report heredocs of an
        // ONBUILD trigger (they hang on the ONBUILD node); compare the rest.
        for r in [&mut got, &mut want] {
            for ins in r.instructions.iter_mut().flatten() {
                if ins.kw == "ONBUILD" {
                    ins.heredocs.clear();
                }
            }
        }
        if got.ok != want.ok {
            diffs.push(format!(
                "{file}: ok={} (error {:?}) but BuildKit ok={} (error {:?})",
                got.ok, got.error, want.ok, want.error
            ));
        } else if got.instructions != want.instructions {
            let g = got.instructions.unwrap_or_default();
            let w = want.instructions.unwrap_or_default();
            let first = g.iter().zip(&w).position(|(a, b)| a != b);
            diffs.push(match first {
                Some(i) => format!(
                    "{file}: instruction {i}: got {:?}, BuildKit {:?}",
                    g[i], w[i]
                ),
                None => format!("{file}: {} instructions, BuildKit {}", g.len(), w.len()),
            });
        }
    }
    diffs
}

#[test]
fn repo_fixtures_match_buildkit() {
    let dir = manifest_dir().join("tests/fixtures/parser");
    let expected = load_expected(&dir.join("expected.jsonl"));
    assert!(expected.len() >= 50, "fixtures missing: {}", expected.len());
    let diffs = compare(&dir, &expected);
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("HULLGUARD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("../../shared"));
    if dir.join("conformance/corpus-buildkit.jsonl").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: shared conformance data not found at {} (set HULLGUARD_SHARED)",
            dir.display()
        );
        None
    }
}

#[test]
fn shared_corpus_matches_buildkit() {
    let Some(shared) = shared_dir() else { return };
    let expected = load_expected(&shared.join("conformance/corpus-buildkit.jsonl"));
    assert!(expected.len() >= 1000);
    let diffs = compare(&shared.join("corpus/public"), &expected);
    let rejected = expected.values().filter(|r| !r.ok).count();
    eprintln!(
        "corpus: {} files, {} rejected by BuildKit, {} differences",
        expected.len(),
        rejected,
        diffs.len()
    );
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

#[test]
fn shared_probes_match_buildkit() {
    let Some(shared) = shared_dir() else { return };
    let expected = load_expected(&shared.join("conformance/probes-buildkit.jsonl"));
    assert!(expected.len() >= 50);
    let diffs = compare(&shared.join("conformance/probes"), &expected);
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}
