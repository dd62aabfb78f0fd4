//! Rule documentation pages, generated from each rule's metadata so the docs
//! can never drift from the code (`docs/rules/<CODE>.md`, `hullguard explain`).

use std::fmt::Write;

use super::rule::RuleMeta;

/// The Markdown page of one rule.
pub fn rule_markdown(meta: &RuleMeta) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {} `{}`\n", meta.code, meta.name);
    let _ = writeln!(s, "| severity | category | on by default | same as |");
    let _ = writeln!(s, "| --- | --- | --- | --- |");
    let sources = if meta.sources.is_empty() {
        "—".to_owned()
    } else {
        meta.sources
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        s,
        "| {} | {} | {} | {} |\n",
        meta.severity.as_str(),
        meta.category.as_str(),
        if meta.default_enabled { "yes" } else { "no" },
        sources
    );
    let _ = writeln!(s, "## What it does\n\n{}\n", meta.docs.what);
    let _ = writeln!(s, "## Why it matters\n\n{}\n", meta.docs.why);
    let _ = writeln!(s, "## What to do\n\n{}\n", meta.help);
    if meta.is_image_rule() {
        let _ = writeln!(
            s,
            "## Example\n\nThis rule checks built images (`hullguard image`).\n\nFlagged: {}\n\nNot flagged: {}\n",
            meta.docs.bad, meta.docs.good
        );
        let _ = writeln!(
            s,
            "Turn the rule off with `ignore = [\"{}\"]` in `.hullguard.toml` or `--ignore {}`.",
            meta.code, meta.code
        );
        return s;
    }
    let _ = writeln!(
        s,
        "## Example\n\nFlagged:\n\n```dockerfile\n{}```\n",
        meta.docs.bad
    );
    let _ = writeln!(s, "Not flagged:\n\n```dockerfile\n{}```\n", meta.docs.good);
    let _ = writeln!(
        s,
        "Suppress one finding with `# hullguard ignore={}` on the line before the instruction, or turn the rule off with `ignore = [\"{}\"]` in `.hullguard.toml`.",
        meta.code, meta.code
    );
    s
}

/// The index page listing every rule.
pub fn index_markdown<'a>(rules: impl Iterator<Item = &'a RuleMeta>) -> String {
    let mut s = String::from(
        "# hullguard rules\n\nGenerated from the rule metadata in `core/src/rules/` (Dockerfile rules) and `core/src/image/rules/` (image rules); do not edit by hand.\n\n| code | name | severity | category | default | same as |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    for m in rules {
        let _ = writeln!(
            s,
            "| [{}]({}.md) | `{}` | {} | {} | {} | {} |",
            m.code,
            m.code,
            m.name,
            m.severity.as_str(),
            m.category.as_str(),
            if m.default_enabled { "on" } else { "off" },
            m.peer_ids().collect::<Vec<_>>().join(", ")
        );
    }
    s
}

/// Plain-text explanation for `hullguard explain CODE`.
pub fn explain(meta: &RuleMeta) -> String {
    rule_markdown(meta)
}
