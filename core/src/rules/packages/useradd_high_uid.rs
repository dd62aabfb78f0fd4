//! DL3046: `useradd` with a large UID and without `--no-log-init` writes a
//! huge sparse `/var/log/lastlog` into the layer.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::cache::{resolve, word_value};
use crate::rules::support::commands::{Cmd, build_commands};
use crate::span::Span;

/// See [`META`].
pub(crate) struct UseraddHighUid;

static META: RuleMeta = RuleMeta {
    code: "DL3046",
    name: "useradd-high-uid-without-no-log-init",
    severity: Severity::Warning,
    category: Category::Packages,
    sources: &["hadolint:DL3046"],
    default_enabled: true,
    help: "Add `--no-log-init` (`-l`) to `useradd`, or use a UID below 100000.",
    docs: RuleDocs {
        what: "Flags `useradd -u UID` (`--uid`) with a UID of 100000 or more, after resolving ARG and ENV values, when `-l`/`--no-log-init` is missing. A UID that cannot be resolved is not flagged.",
        why: "Docker's guide asks for images without unnecessary files. `useradd` reserves a record for the new UID in `/var/log/lastlog` and `/var/log/faillog`; the files are sparse on disk, but image layers store them in full, so a UID of a few million adds gigabytes of zeros to the image (and can exhaust the builder's disk).",
        bad: "FROM debian:12\nRUN useradd -u 123456 app\nUSER app\n",
        good: "FROM debian:12\nRUN useradd --no-log-init -u 123456 app\nUSER app\n",
    },
};

/// The UID given to `useradd`: its span in the Dockerfile and its resolved value.
fn uid(cx: &Context<'_>, c: &Cmd<'_>) -> Option<(Span, Option<String>)> {
    let args = &c.cmd.args;
    let instruction = c.run.instruction;
    for (k, w) in args.iter().enumerate() {
        let t = w.text();
        if t == "--" {
            break;
        }
        if let Some(v) = t.strip_prefix("--uid=") {
            return Some((c.map(w.span), resolve(cx, instruction, v)));
        }
        let separate = t == "--uid"
            || t.strip_prefix('-').is_some_and(|cl| {
                !cl.starts_with('-')
                    && cl.ends_with('u')
                    && cl.chars().all(|ch| ch.is_ascii_alphabetic())
            });
        if separate {
            let v = args.get(k + 1)?;
            return Some((c.map(v.span), word_value(cx, instruction, v)));
        }
        if let Some(v) = t
            .strip_prefix("-u")
            .filter(|v| !v.is_empty() && !t.starts_with("--"))
        {
            return Some((c.map(w.span), resolve(cx, instruction, v)));
        }
    }
    None
}

impl Rule for UseraddHighUid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for c in build_commands(cx) {
            if !c.cmd.is_program(&["useradd"]) || c.cmd.has_flag('l', "no-log-init") {
                continue;
            }
            let Some((span, Some(value))) = uid(cx, &c) else {
                continue;
            };
            let Ok(n) = value.trim().parse::<u64>() else {
                continue;
            };
            if n >= 100_000 {
                out.push(Finding::new(
                    span,
                    format!("`useradd` with UID {n} and without `--no-log-init` writes a huge /var/log/lastlog into the layer"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires_on_high_uids_without_no_log_init() {
        assert_fires(
            &UseraddHighUid,
            "FROM debian:12\nRUN useradd -u 123456 app\n",
            &[2],
        );
        assert_fires(
            &UseraddHighUid,
            "FROM debian:12\nARG UID=1000000\nRUN groupadd -g 1000 app && \\\n    sudo useradd -m --uid=${UID} -g app app\n",
            &[4],
        );
        assert_fires(
            &UseraddHighUid,
            "FROM debian:12\nRUN <<EOF\nuseradd -mu 200000 app\nEOF\nONBUILD RUN sh -c 'useradd -u200000 app'\n",
            &[3, 5],
        );
    }

    #[test]
    fn silent_with_no_log_init_low_or_unknown_uids() {
        assert_clean(
            &UseraddHighUid,
            "FROM debian:12\nRUN useradd -l -u 123456 app && useradd --no-log-init --uid 999999 b && useradd -lu 123456 c\n",
        );
        assert_clean(
            &UseraddHighUid,
            "FROM debian:12\nARG UID\nRUN useradd -u 1000 app && useradd -u 99999 b && useradd -u \"$UID\" c && useradd -u $(id -u) d\n",
        );
        assert_clean(
            &UseraddHighUid,
            "FROM debian:12\nRUN adduser -u 123456 app && usermod -u 123456 app\n",
        );
    }
}
