//! Helpers for rule tests: run one rule on a Dockerfile and look at what it reports.

use crate::lint::{Context, Finding, Rule, RuleSettings};
use crate::model::Model;
use crate::syntax::parse;

/// `(line, message)` of every finding of `rule` on `text`, with `settings`.
pub(crate) fn findings_with(
    rule: &dyn Rule,
    text: &str,
    settings: &RuleSettings,
) -> Vec<(usize, String)> {
    let df = parse(text);
    let model = Model::build(&df);
    let cx = Context {
        df: &df,
        model: &model,
        settings,
        memo: &crate::lint::Memo::default(),
    };
    let mut out: Vec<Finding> = Vec::new();
    rule.check(&cx, &mut out);
    out.into_iter()
        .map(|f| {
            assert!(
                f.span.end <= df.text.len(),
                "span past the end: {:?}",
                f.span
            );
            (df.position(f.span.start).line, f.message)
        })
        .collect()
}

/// `(line, message)` of every finding of `rule` on `text`.
pub(crate) fn findings(rule: &dyn Rule, text: &str) -> Vec<(usize, String)> {
    findings_with(rule, text, &RuleSettings::default())
}

/// The lines `rule` reports on `text`.
pub(crate) fn lines(rule: &dyn Rule, text: &str) -> Vec<usize> {
    findings(rule, text).into_iter().map(|(l, _)| l).collect()
}

/// Assert the rule fires on `text`, exactly on `expected_lines`.
#[track_caller]
pub(crate) fn assert_fires(rule: &dyn Rule, text: &str, expected_lines: &[usize]) {
    let got = findings(rule, text);
    let got_lines: Vec<usize> = got.iter().map(|(l, _)| *l).collect();
    assert_eq!(
        got_lines,
        expected_lines,
        "{} on:\n{text}\nfindings: {got:#?}",
        rule.meta().code
    );
}

/// Assert the rule stays silent on `text`.
#[track_caller]
pub(crate) fn assert_clean(rule: &dyn Rule, text: &str) {
    let got = findings(rule, text);
    assert!(
        got.is_empty(),
        "{} fired on:\n{text}\n{got:#?}",
        rule.meta().code
    );
}
