//! SARIF 2.1.0, as GitHub code scanning reads it: one run, the rules that
//! produced results (with help text), and one result per diagnostic.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::lint::{Report, RuleMeta, Severity, find_rule};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

fn rule_descriptor(meta: &RuleMeta) -> Value {
    let markdown = format!(
        "{}\n\n**Why:** {}\n\n**Fix:** {}\n\nBad:\n```dockerfile\n{}```\n\nGood:\n```dockerfile\n{}```\n",
        meta.docs.what, meta.docs.why, meta.help, meta.docs.bad, meta.docs.good
    );
    json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": { "text": meta.docs.what },
        "fullDescription": { "text": format!("{} {}", meta.docs.what, meta.docs.why) },
        "help": { "text": meta.help, "markdown": markdown },
        "helpUri": meta.url(),
        "defaultConfiguration": { "level": level(meta.severity) },
        "properties": {
            "tags": ["security", meta.category.as_str()],
            "precision": "high",
        },
    })
}

/// Render the report as a SARIF 2.1.0 log.
pub fn render_sarif(report: &Report) -> String {
    let mut rule_index: BTreeMap<String, usize> = BTreeMap::new();
    let mut rules = Vec::new();
    let mut results = Vec::new();
    for file in &report.files {
        for d in &file.diagnostics {
            let index = match rule_index.get(&d.code) {
                Some(&i) => i,
                None => {
                    let i = rules.len();
                    let descriptor = match find_rule(&d.code) {
                        Some(meta) => rule_descriptor(meta),
                        None => json!({ "id": d.code, "name": d.name }),
                    };
                    rules.push(descriptor);
                    rule_index.insert(d.code.clone(), i);
                    i
                }
            };
            let uri = file.path.trim_start_matches("./").replace('\\', "/");
            // An image finding has no text region: the artifact plus a
            // logical location (`config.User`, `layer 2: /etc/shadow`).
            let location = match &d.location {
                Some(logical) => json!({
                    "physicalLocation": { "artifactLocation": { "uri": uri } },
                    "logicalLocations": [{ "fullyQualifiedName": logical }],
                }),
                None => json!({
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": d.end_column.max(1),
                        },
                    },
                }),
            };
            results.push(json!({
                "ruleId": d.code,
                "ruleIndex": index,
                "level": level(d.severity),
                "message": { "text": format!("{} {}", d.message, d.help) },
                "locations": [location],
            }));
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "hullguard",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/hullguard/hullguard",
                    "rules": rules,
                },
            },
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_default()
}
