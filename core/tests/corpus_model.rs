//! Every real-world Dockerfile of the shared corpus builds a model without
//! panicking, and nearly every RUN script parses as shell.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use hullguard::model::Model;
use hullguard::syntax::parse_bytes;

fn corpus_files() -> Option<Vec<PathBuf>> {
    let dir = std::env::var_os("HULLGUARD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
        .join("corpus/public");
    if !dir.is_dir() {
        eprintln!("SKIPPED: shared corpus not found at {}", dir.display());
        return None;
    }
    let mut files = Vec::new();
    let mut todo = vec![dir];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else if p.file_name().is_some_and(|n| n != "SOURCES.tsv") {
                files.push(p);
            }
        }
    }
    files.sort();
    Some(files)
}

#[test]
fn corpus_models_build_and_scripts_parse() {
    let Some(files) = corpus_files() else { return };
    let (mut scripts, mut parsed, mut failed) = (0, 0, Vec::new());
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let df = parse_bytes(&bytes);
        let m = Model::build(&df);
        for s in &m.scripts {
            scripts += 1;
            if let Some(sc) = &s.script {
                if sc.error.is_some() {
                    failed.push(format!(
                        "{}:{}",
                        f.display(),
                        df.position(s.text.span().start).line
                    ));
                } else {
                    parsed += 1;
                }
            }
        }
    }
    eprintln!(
        "{} files, {scripts} scripts, {parsed} parsed as shell, {} failed: {failed:#?}",
        files.len(),
        failed.len()
    );
    assert!(files.len() >= 1000);
    assert!(failed.len() <= 10, "{failed:#?}");
}

#[test]
fn corpus_lints_with_every_rule_without_panicking() {
    let Some(files) = corpus_files() else { return };
    let config = hullguard::lint::Config {
        select: vec!["ALL".to_owned()],
        ..hullguard::lint::Config::default()
    };
    let mut findings = 0;
    for f in &files {
        let report = hullguard::lint::lint_bytes(
            &std::fs::read(f).unwrap(),
            &f.display().to_string(),
            &config,
        );
        for d in &report.diagnostics {
            assert!(
                d.line >= 1 && d.column >= 1 && (d.end_line, d.end_column) >= (d.line, d.column),
                "{d:?}"
            );
        }
        findings += report.diagnostics.len();
    }
    eprintln!(
        "{} files, {findings} findings with every rule on",
        files.len()
    );
    assert!(findings > 1000);
}
