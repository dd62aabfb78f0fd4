//! In-file suppressions: `# hullguard ignore=…` (next instruction),
//! `# hullguard global ignore=…`, `# hullguard stage ignore=…`, the same
//! three spelled `hadolint`, and BuildKit's `# check=skip=…` directive.
//! Codes may be ours or any peer tool's id for the same rule.

use crate::syntax::{Dockerfile, Keyword};

use super::rule::RuleMeta;

/// Where a suppression applies, as 1-based inclusive line ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Suppression {
    codes: Vec<String>,
    first_line: usize,
    last_line: usize,
}

/// All suppressions of a file.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    entries: Vec<Suppression>,
    /// BuildKit check names skipped by `# check=skip=…` (`all` included).
    buildkit_skips: Vec<String>,
}

/// Parse `tool [global|stage] ignore=A,B [reason]` after the `#`.
fn parse_pragma(text: &str) -> Option<(&'static str, Vec<String>)> {
    let rest = text
        .strip_prefix("hullguard")
        .or_else(|| text.strip_prefix("hadolint"))?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    let (scope, rest) = if let Some(r) = rest.strip_prefix("global") {
        ("global", r.trim_start())
    } else if let Some(r) = rest.strip_prefix("stage") {
        ("stage", r.trim_start())
    } else {
        ("next", rest)
    };
    let list = rest
        .strip_prefix("ignore")?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let list = list.split_whitespace().next().unwrap_or("");
    let codes: Vec<String> = list
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    (!codes.is_empty()).then_some((scope, codes))
}

impl Suppressions {
    /// Collect the suppressions of `df`.
    pub fn collect(df: &Dockerfile) -> Suppressions {
        let mut out = Suppressions::default();
        if let Some(check) = df.directive("check") {
            for part in check.value.split(';') {
                if let Some(skips) = part.trim().strip_prefix("skip=") {
                    out.buildkit_skips
                        .extend(skips.split(',').map(|s| s.trim().to_owned()));
                }
            }
        }
        let last_line = df.line_index().line_count();
        for c in &df.comments {
            let Some((scope, codes)) = parse_pragma(&c.text) else {
                continue;
            };
            let line = df.position(c.span.start).line;
            let after = df
                .instructions
                .iter()
                .position(|i| i.span.start > c.span.start);
            let (first_line, last) = match scope {
                "global" => (1, last_line),
                "stage" => {
                    let end = after
                        .and_then(|a| {
                            df.instructions[a..]
                                .iter()
                                .skip(1)
                                .find(|i| i.keyword == Keyword::From)
                        })
                        .map_or(last_line, |next_from| next_from.line.saturating_sub(1));
                    (line, end)
                }
                _ => match after.map(|a| &df.instructions[a]) {
                    Some(next) => (next.line, next.end_line),
                    None => continue,
                },
            };
            out.entries.push(Suppression {
                codes,
                first_line,
                last_line: last,
            });
        }
        out
    }

    /// Whether a finding of `meta` on `line` is suppressed.
    pub fn suppresses(&self, meta: &RuleMeta, line: usize) -> bool {
        let named = |code: &str| {
            meta.code.eq_ignore_ascii_case(code)
                || meta.name == code
                || meta.peer_ids().any(|id| id.eq_ignore_ascii_case(code))
        };
        let buildkit = meta
            .sources
            .iter()
            .filter_map(|s| s.strip_prefix("buildkit:"))
            .collect::<Vec<_>>();
        if self.buildkit_skips.iter().any(|s| {
            (s.eq_ignore_ascii_case("all") && !buildkit.is_empty())
                || buildkit.iter().any(|b| b.eq_ignore_ascii_case(s))
        }) {
            return true;
        }
        self.entries.iter().any(|e| {
            (e.first_line..=e.last_line).contains(&line) && e.codes.iter().any(|c| named(c))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pragma_grammar() {
        assert_eq!(
            parse_pragma("hadolint ignore=DL3008,DL3009 -- pinned elsewhere"),
            Some(("next", vec!["DL3008".to_owned(), "DL3009".to_owned()]))
        );
        assert_eq!(
            parse_pragma("hullguard global ignore=HG101"),
            Some(("global", vec!["HG101".to_owned()]))
        );
        assert_eq!(
            parse_pragma("hullguard stage ignore = DS-0002"),
            Some(("stage", vec!["DS-0002".to_owned()]))
        );
        assert_eq!(parse_pragma("hadolintignore=DL3008"), None);
        assert_eq!(parse_pragma("just a comment about hadolint"), None);
        assert_eq!(parse_pragma("hadolint shell=powershell"), None);
    }
}
