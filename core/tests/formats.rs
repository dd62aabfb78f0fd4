//! Output formats: the JSON field names other tools parse, SARIF that
//! validates against the official 2.1.0 schema, and readable text frames.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use hullguard::lint::render::{RenderOptions, render_json, render_sarif, render_text};
use hullguard::lint::{Config, Report, lint_source};

const SAMPLE: &str = "FROM ubuntu\nENV ONLYNAME\nRUN echo 'unterminated\n";

fn report() -> Report {
    Report {
        files: vec![lint_source(SAMPLE, "svc/Dockerfile", &Config::default())],
    }
}

#[test]
fn json_has_the_stable_field_names() {
    let v: serde_json::Value = serde_json::from_str(&render_json(&report())).unwrap();
    assert_eq!(v["version"], 1);
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(v["files"][0]["path"], "svc/Dockerfile");
    for key in [
        "code",
        "name",
        "severity",
        "category",
        "message",
        "help",
        "line",
        "column",
        "end_line",
        "end_column",
        "url",
        "fix",
    ] {
        assert!(d.get(key).is_some(), "missing {key} in {d}");
    }
    assert_eq!(d["code"], "DL3006");
    assert_eq!(
        (
            d["line"].as_u64(),
            d["column"].as_u64(),
            d["end_column"].as_u64()
        ),
        (Some(1), Some(6), Some(12))
    );
}

#[test]
fn sarif_has_rules_results_and_levels() {
    let v: serde_json::Value = serde_json::from_str(&render_sarif(&report())).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(results.len() >= 3);
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        assert!(
            rules[idx]["help"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "svc/Dockerfile"
        );
    }
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema_path = std::env::var_os("HULLGUARD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
        .join("data/sarif-schema-2.1.0.json");
    let Ok(schema_text) = std::fs::read_to_string(&schema_path) else {
        eprintln!(
            "SKIPPED: SARIF schema not found at {}",
            schema_path.display()
        );
        return;
    };
    // The published schema's `language` patterns have a stray `]`, which a
    // strict validator rejects as a regex; replace them with what they mean.
    let schema_text = schema_text.replace(
        r#"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$"#,
        r#"^[a-zA-Z]{2}(-[a-zA-Z]{2})?$"#,
    );
    let schema: serde_json::Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let empty = Report {
        files: vec![lint_source(
            "FROM alpine:3.20\n",
            "Dockerfile",
            &Config::default(),
        )],
    };
    for r in [report(), empty] {
        let doc: serde_json::Value = serde_json::from_str(&render_sarif(&r)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn text_frames_underline_the_span() {
    let text = render_text(&report(), RenderOptions { color: false });
    assert!(
        text.contains("svc/Dockerfile:1:6: DL3006 warning"),
        "{text}"
    );
    assert!(text.contains("1 | FROM ubuntu\n  |      ^^^^^^"), "{text}");
    assert!(text.contains("= help: "));
    assert!(text.lines().last().unwrap().starts_with("Found "));
    assert!(!text.contains('\x1b'));
    assert!(render_text(&report(), RenderOptions { color: true }).contains('\x1b'));
}
