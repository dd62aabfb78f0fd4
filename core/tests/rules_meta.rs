//! Every rule is complete: unique code and name, documentation, an example
//! that fires and one that does not, its own firing and non-firing tests, and
//! an up-to-date generated doc page.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use hullguard::lint::{Config, docs, lint_source, parse_config, rules};

const PEERS: [&str; 5] = ["hadolint", "buildkit", "trivy", "checkov", "dockle"];
/// Rules whose failing example cannot be written as text.
const NO_TEXT_EXAMPLE: [&str; 1] = ["HG006"];

/// The policy a rule's example runs under: the rule selected, plus any
/// setting the example declares in a `# with KEY = VALUE in .hullguard.toml`
/// comment (policy rules such as registry allow-lists do nothing without one).
fn only(code: &str, example: &str) -> Config {
    let declared: String = example
        .lines()
        .filter_map(|l| {
            l.strip_prefix("# with ")?
                .strip_suffix(" in .hullguard.toml")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let mut config = parse_config(Path::new(".hullguard.toml"), &declared)
        .unwrap_or_else(|e| panic!("{code}: example settings do not parse: {e}"));
    config.select.push(code.to_owned());
    config
}

#[test]
fn metadata_is_complete_and_unique() {
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    for m in rules() {
        assert!(codes.insert(m.code), "duplicate code {}", m.code);
        assert!(names.insert(m.name), "duplicate name {}", m.name);
        assert!(
            m.code.starts_with("DL") || m.code.starts_with("HG"),
            "{}: codes are hadolint's or HGnnn",
            m.code
        );
        assert!(
            m.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{}: name {:?} is not kebab-case",
            m.code,
            m.name
        );
        for text in [m.help, m.docs.what, m.docs.why, m.docs.bad, m.docs.good] {
            assert!(
                !text.trim().is_empty(),
                "{}: empty documentation field",
                m.code
            );
        }
        for s in m.sources {
            let (tool, id) = s
                .split_once(':')
                .unwrap_or_else(|| panic!("{}: source {s} is not tool:id", m.code));
            assert!(
                PEERS.contains(&tool) && !id.is_empty(),
                "{}: bad source {s}",
                m.code
            );
        }
        if m.code.starts_with("DL") {
            assert!(
                m.sources.contains(&format!("hadolint:{}", m.code).as_str()),
                "{}: a hadolint code must list hadolint as a source",
                m.code
            );
        }
    }
    assert!(codes.len() >= 8);
}

#[test]
fn every_rule_fires_on_its_bad_example_and_not_on_its_good_one() {
    // Image rules (HG2xx-HG4xx) are exercised on built images instead: their
    // own unit tests and core/tests/image_rules.rs.
    for m in rules() {
        if NO_TEXT_EXAMPLE.contains(&m.code) || m.is_image_rule() {
            continue;
        }
        let config = only(m.code, m.docs.bad);
        let bad = lint_source(m.docs.bad, "bad.Dockerfile", &config);
        assert!(
            bad.diagnostics.iter().any(|d| d.code == m.code),
            "{} does not fire on its bad example:\n{}",
            m.code,
            m.docs.bad
        );
        let good = lint_source(m.docs.good, "good.Dockerfile", &config);
        let hits: Vec<_> = good
            .diagnostics
            .iter()
            .filter(|d| d.code == m.code)
            .collect();
        assert!(
            hits.is_empty(),
            "{} fires on its good example:\n{}\n{hits:#?}",
            m.code,
            m.docs.good
        );
    }
}

fn rule_sources() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut todo = vec![root.join("src/rules"), root.join("src/image/rules")];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                out.push((p, text));
            }
        }
    }
    out
}

#[test]
fn every_rule_file_has_firing_and_non_firing_tests() {
    let sources = rule_sources();
    for m in rules() {
        let needle = format!("code: \"{}\",", m.code);
        let files: Vec<_> = sources
            .iter()
            .filter(|(_, t)| t.contains(&needle))
            .collect();
        assert_eq!(files.len(), 1, "{}: expected exactly one rule file", m.code);
        let (path, text) = files[0];
        assert!(
            text.contains("#[test]"),
            "{}: {} has no tests",
            m.code,
            path.display()
        );
        if m.is_image_rule() {
            // Image rules name their tests `fires_…` and `quiet_…`.
            assert!(
                text.contains("fn fires_") && text.contains("fn quiet_"),
                "{}: {} needs `fires_…` and `quiet_…` tests",
                m.code,
                path.display()
            );
            continue;
        }
        assert!(
            text.contains("assert_fires("),
            "{}: {} has no firing test",
            m.code,
            path.display()
        );
        assert!(
            text.contains("assert_clean(")
                || text.contains("assert_fires(&") && text.contains(", &[])"),
            "{}: {} has no non-firing test",
            m.code,
            path.display()
        );
    }
}

#[test]
fn generated_rule_docs_are_up_to_date() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/rules");
    let bless = std::env::var_os("HULLGUARD_BLESS").is_some();
    if bless {
        std::fs::create_dir_all(&dir).unwrap();
    }
    let mut expected = vec![("README.md".to_owned(), docs::index_markdown(rules()))];
    for m in rules() {
        expected.push((format!("{}.md", m.code), docs::rule_markdown(m)));
    }
    let mut stale = Vec::new();
    for (name, text) in &expected {
        let path = dir.join(name);
        if bless {
            std::fs::write(&path, text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(name.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules is stale for {stale:?}; regenerate with HULLGUARD_BLESS=1 cargo test -p hullguard --test rules_meta"
    );
}
