//! DL4001: one stage that downloads with both `curl` and `wget`.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::model::ScriptOrigin;
use crate::rules::support::commands::build_commands;
use crate::span::Span;

/// See [`META`].
pub(crate) struct CurlAndWget;

static META: RuleMeta = RuleMeta {
    code: "DL4001",
    name: "curl-and-wget",
    severity: Severity::Warning,
    category: Category::Packages,
    sources: &["hadolint:DL4001", "trivy:DS-0014", "trivy:DS014"],
    default_enabled: true,
    help: "Settle on one download tool per stage (curl or wget) and drop the other.",
    docs: RuleDocs {
        what: "Flags a stage whose RUN instructions call both `curl` and `wget` (through `sudo`, `sh -c` and heredocs too), once per stage, at the first use of whichever tool came second. ONBUILD triggers are checked as a group of their own. Stages are checked separately: a builder using curl and a final stage using wget is fine.",
        why: "Docker's guide asks for images without unnecessary packages. Two tools that do the same job mean two packages to install, patch and scan, twice the attack surface for fetching remote content, and two sets of flags to get TLS verification and failure handling right.",
        bad: "FROM debian:12\nRUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz\nRUN wget -qO /tmp/b.tgz https://example.com/b.tgz\n",
        good: "FROM debian:12\nRUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz\nRUN curl -fsSLo /tmp/b.tgz https://example.com/b.tgz\n",
    },
};

impl Rule for CurlAndWget {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // (stage, onbuild) -> first span of curl, first span of wget.
        type Key = (Option<usize>, bool);
        let mut firsts: Vec<(Key, Option<Span>, Option<Span>)> = Vec::new();
        for cmd in build_commands(cx) {
            let Some(program) = cmd.cmd.program() else {
                continue;
            };
            let is_curl = match program {
                "curl" => true,
                "wget" => false,
                _ => continue,
            };
            let key = (cmd.run.stage, cmd.run.origin == ScriptOrigin::OnbuildRun);
            let span = cmd
                .cmd
                .name
                .as_ref()
                .map_or(cmd.span(), |n| cmd.map(n.span));
            let entry = match firsts.iter_mut().find(|e| e.0 == key) {
                Some(e) => e,
                None => {
                    firsts.push((key, None, None));
                    let last = firsts.len() - 1;
                    &mut firsts[last]
                }
            };
            let slot = if is_curl { &mut entry.1 } else { &mut entry.2 };
            slot.get_or_insert(span);
        }
        for (_, curl, wget) in firsts {
            let (Some(curl), Some(wget)) = (curl, wget) else {
                continue;
            };
            let (second, first, first_name, second_name) = if curl.start < wget.start {
                (wget, curl, "curl", "wget")
            } else {
                (curl, wget, "wget", "curl")
            };
            let line = cx.df.position(first.start).line;
            out.push(Finding::new(
                second,
                format!("this stage uses `{second_name}` after already using `{first_name}` (line {line}); pick one download tool"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings, lines};

    #[test]
    fn fires_once_per_stage_at_the_second_tool() {
        assert_fires(
            &CurlAndWget,
            "FROM debian:12\nRUN curl -fsSLO https://example.com/a\nRUN wget -q https://example.com/b \\\n && wget -q https://example.com/c\nRUN curl -fsSLO https://example.com/d\n",
            &[3],
        );
        let got = findings(
            &CurlAndWget,
            "FROM debian:12\nRUN sudo wget -q https://example.com/b && sh -c 'curl -fsSL https://example.com/a | sh'\n",
        );
        assert_eq!(got.len(), 1);
        assert!(
            got[0]
                .1
                .contains("`curl` after already using `wget` (line 2)"),
            "{got:?}"
        );
        assert_eq!(
            lines(
                &CurlAndWget,
                "FROM debian:12\nRUN wget -q https://example.com/b\nRUN curl -fsSLO https://example.com/a\n"
            ),
            vec![3]
        );
        assert_fires(
            &CurlAndWget,
            "FROM debian:12\nRUN <<EOF\ncurl -fsSLO https://example.com/a\nwget -q https://example.com/b\nEOF\n",
            &[4],
        );
        assert_fires(
            &CurlAndWget,
            "FROM debian:12\nONBUILD RUN curl -fsSLO https://example.com/a\nONBUILD RUN wget -q https://example.com/b\n",
            &[3],
        );
    }

    #[test]
    fn silent_with_one_tool_per_stage() {
        assert_clean(
            &CurlAndWget,
            "FROM debian:12 AS fetch\nRUN curl -fsSLO https://example.com/a\nFROM debian:12\nRUN wget -q https://example.com/b\n",
        );
        assert_clean(
            &CurlAndWget,
            "FROM debian:12\nRUN apt-get install -y curl wget && echo wget\nRUN curl -fsSLO https://example.com/a\nONBUILD RUN wget -q https://example.com/b\nHEALTHCHECK CMD wget -qO- http://localhost/ || exit 1\n",
        );
    }
}
