//! Helpers for rule tests: run one rule on a Dockerfile and look at what it reports.

use crate::lint::{Context, Finding, Memo, Rule, RuleSettings};
use crate::model::Model;
use crate::syntax::{Dockerfile, parse};

/// Run `f` with the lint context of `df` (its model built, a fresh memo)
/// under `settings`: for tests that look at more than a rule's findings.
pub(crate) fn with_context_settings<T>(
    df: &Dockerfile,
    settings: &RuleSettings,
    f: impl FnOnce(&Context<'_>) -> T,
) -> T {
    let model = Model::build(df);
    let memo = Memo::default();
    f(&Context {
        df,
        model: &model,
        settings,
        memo: &memo,
    })
}

/// [`with_context_settings`] with the default settings.
pub(crate) fn with_context<T>(df: &Dockerfile, f: impl FnOnce(&Context<'_>) -> T) -> T {
    with_context_settings(df, &RuleSettings::default(), f)
}

/// `(line, message)` of every finding of `rule` on `text`, with `settings`.
pub(crate) fn findings_with(
    rule: &dyn Rule,
    text: &str,
    settings: &RuleSettings,
) -> Vec<(usize, String)> {
    let df = parse(text);
    let mut out: Vec<Finding> = Vec::new();
    with_context_settings(&df, settings, |cx| rule.check(cx, &mut out));
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
