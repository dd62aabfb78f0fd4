//! HG152: files or directories made writable by every user.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::commands::{Cmd, build_commands};
use crate::shell::ShellWord;
use crate::syntax::InstructionKind;

/// See [`META`].
pub(crate) struct WorldWritablePermissions;

static META: RuleMeta = RuleMeta {
    code: "HG152",
    name: "world-writable-permissions",
    severity: Severity::Warning,
    category: Category::Privileges,
    sources: &[],
    default_enabled: true,
    help: "Give the files to the user that needs them (`chown app`, `COPY --chown=app`) and keep modes like `755`/`644`; use `1777` only for shared scratch directories.",
    docs: RuleDocs {
        what: "Flags modes that let every user write: `chmod 777`/`0777`/`666`/`-R 777`, symbolic `a+w`, `o+w`, `o=rwx`, `ugo+rwx`, `mkdir -m 777`, `install -m 666`, and `COPY`/`ADD --chmod=777` (or `--chmod=o+w`), in the stages that make up the final image or that it copies files from. Not flagged: modes with the sticky bit (`1777`, `+t`), the standard mode for shared scratch directories; targets under `/tmp`, `/var/tmp` or `/dev/shm`; modes given by a variable.",
        why: "Docker's guide asks for least privilege. A world-writable binary, script or config lets any process in the container — including a compromised non-root one — change what runs next, often what root runs next, turning a small foothold into a full takeover. The usual reason for `777` is a user mismatch, better fixed by changing the owner.",
        bad: "FROM node:22-slim\nCOPY . /app\nRUN chmod -R 777 /app\nUSER node\n",
        good: "FROM node:22-slim\nCOPY --chown=node:node . /app\nRUN chmod -R 755 /app\nUSER node\n",
    },
};

/// What a mode does for "other" users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Effect {
    world_writable: bool,
    sticky: bool,
}

/// Read an octal (`777`, `0666`, `1777`) or symbolic (`a+w`, `u+x,o+w`) mode.
fn mode_effect(mode: &str) -> Option<Effect> {
    let mode = mode.trim_matches(|c| c == '"' || c == '\'');
    if mode.is_empty() {
        return None;
    }
    if mode.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        let v = u32::from_str_radix(mode, 8).ok()?;
        return Some(Effect {
            world_writable: v & 0o002 != 0,
            sticky: v & 0o1000 != 0,
        });
    }
    let mut effect = Effect::default();
    for clause in mode.split(',') {
        let who_end = clause
            .find(|c: char| !matches!(c, 'u' | 'g' | 'o' | 'a'))
            .unwrap_or(clause.len());
        let who = &clause[..who_end];
        let rest = &clause[who_end..];
        if rest.is_empty() || !rest.starts_with(['+', '-', '=']) {
            return None;
        }
        // Each `op perms` group: `+rw-x=t`.
        let mut op = '+';
        for c in rest.chars() {
            match c {
                '+' | '-' | '=' => op = c,
                'w' if op != '-' && (who.contains('o') || who.contains('a')) => {
                    effect.world_writable = true;
                }
                't' if op != '-' => effect.sticky = true,
                'r' | 'w' | 'x' | 'X' | 's' | 't' | 'u' | 'g' | 'o' => {}
                _ => return None,
            }
        }
    }
    Some(effect)
}

/// Shared scratch locations where world-writable is the norm.
fn is_tmp_like(path: &str) -> bool {
    let p = path.trim_matches(|c| c == '"' || c == '\'');
    ["/tmp", "/var/tmp", "/dev/shm"]
        .iter()
        .any(|t| p == *t || p.strip_prefix(t).is_some_and(|r| r.starts_with('/')))
}

/// A target's path for messages (a variable resolved through ENV/ARG values),
/// and whether it is a scratch location: under `/tmp`, or a variable named
/// like one or set from `mktemp` in the same script.
fn target_info(cx: &Context<'_>, c: &Cmd<'_>, w: &ShellWord) -> (String, bool) {
    if w.is_literal() {
        let t = w.text().to_owned();
        let tmp = is_tmp_like(&t);
        return (t, tmp);
    }
    let bare = w.raw.trim_matches('"');
    let name = bare
        .strip_prefix("${")
        .and_then(|r| r.strip_suffix('}'))
        .or_else(|| bare.strip_prefix('$'))
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    let Some(name) = name else {
        return (w.raw.clone(), false);
    };
    let lower = name.to_ascii_lowercase();
    let from_mktemp = c.script.commands.iter().any(|k| {
        k.assignments
            .iter()
            .any(|(n, v)| n == name && v.raw.contains("mktemp"))
    });
    if from_mktemp || lower.contains("tmp") || lower.contains("temp") {
        return (w.raw.clone(), true);
    }
    match cx.model.lookup(c.run.instruction, name) {
        Some(v) if !v.is_empty() => {
            let tmp = is_tmp_like(&v);
            (v, tmp)
        }
        _ => (w.raw.clone(), false),
    }
}

/// `chmod`'s own options (a cluster of these is not a mode like `-w`).
fn is_chmod_option(a: &str) -> bool {
    a.starts_with("--")
        || a.strip_prefix('-').is_some_and(|c| {
            !c.is_empty()
                && c.chars()
                    .all(|ch| matches!(ch, 'R' | 'f' | 'v' | 'c' | 'h' | 'H' | 'L' | 'P'))
        })
}

/// The mode word and target words of a `chmod`, `mkdir -m` or `install -m`.
fn mode_and_targets<'a>(
    program: &str,
    args: &'a [ShellWord],
) -> Option<(&'a ShellWord, Option<&'a str>, Vec<&'a ShellWord>)> {
    match program {
        "chmod" => {
            if args.iter().any(|a| a.text().starts_with("--reference")) {
                return None;
            }
            let m = args.iter().position(|a| !is_chmod_option(a.text()))?;
            let targets = args[m + 1..]
                .iter()
                .filter(|a| !a.text().starts_with('-'))
                .collect();
            Some((&args[m], None, targets))
        }
        "mkdir" | "install" => {
            let mut mode = None;
            let mut targets = Vec::new();
            let mut i = 0;
            while i < args.len() {
                let t = args[i].text();
                if t == "-m" || t == "--mode" {
                    mode = args.get(i + 1).map(|w| (w, None));
                    i += 2;
                    continue;
                }
                if let Some(v) = t.strip_prefix("--mode=") {
                    mode = Some((&args[i], Some(v)));
                } else if let Some(v) = t.strip_prefix("-m").filter(|v| !v.is_empty()) {
                    mode = Some((&args[i], Some(v)));
                } else if !t.starts_with('-') {
                    targets.push(&args[i]);
                }
                i += 1;
            }
            let (w, v) = mode?;
            Some((w, v, targets))
        }
        _ => None,
    }
}

impl Rule for WorldWritablePermissions {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let reachable = cx.model.reachable_stages();
        let ships = |stage: Option<usize>| stage.is_some_and(|s| reachable.get(s) == Some(&true));
        for c in build_commands(cx) {
            if !ships(c.run.stage) {
                continue;
            }
            let Some(program) = c.cmd.program() else {
                continue;
            };
            let Some((word, inline, targets)) = mode_and_targets(program, &c.cmd.args) else {
                continue;
            };
            if !word.is_literal() {
                continue;
            }
            let mode = inline.unwrap_or(word.text());
            let Some(effect) = mode_effect(mode) else {
                continue;
            };
            if !effect.world_writable || effect.sticky {
                continue;
            }
            let targets: Vec<(String, bool)> =
                targets.iter().map(|t| target_info(cx, &c, t)).collect();
            if !targets.is_empty() && targets.iter().all(|(_, tmp)| *tmp) {
                continue;
            }
            let target = targets
                .iter()
                .find(|(_, tmp)| !tmp)
                .map_or(String::new(), |(t, _)| format!(" `{t}`"));
            out.push(Finding::new(
                c.map(word.span),
                format!("`{program}` mode `{mode}` makes{target} writable by every user"),
            ));
        }
        for (i, ins) in cx.df.instructions.iter().enumerate() {
            if !ships(cx.model.stage_of.get(i).copied().flatten()) {
                continue;
            }
            let (InstructionKind::Copy(args) | InstructionKind::Add(args)) = ins.kind() else {
                continue;
            };
            let Some(mode) = &args.chmod else { continue };
            let Some(effect) = mode_effect(mode) else {
                continue;
            };
            if !effect.world_writable
                || effect.sticky
                || args.dest.as_ref().is_some_and(|d| is_tmp_like(&d.value))
            {
                continue;
            }
            let span = ins.flag("chmod").map_or(ins.span, |f| f.span);
            out.push(Finding::new(
                span,
                format!(
                    "{} --chmod={mode} makes the copied files writable by every user",
                    ins.keyword.as_str()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn reads_modes() {
        let ww = |m: &str| mode_effect(m).is_some_and(|e| e.world_writable && !e.sticky);
        for m in [
            "777", "0777", "666", "7", "a+w", "o+w", "ugo+rwx", "o=rwx", "u+x,o+w", "a=rwx",
            "go+rw",
        ] {
            assert!(ww(m), "{m}");
        }
        for m in [
            "755", "644", "1777", "01777", "u+w", "g+w", "o-w", "a-w", "+x", "+w", "a+rwt", "o+r",
            "$MODE",
        ] {
            assert!(!ww(m), "{m}");
        }
    }

    #[test]
    fn names_the_target_resolved_through_env() {
        let got = findings(
            &WorldWritablePermissions,
            "FROM rust:1.80\nENV RUSTUP_HOME=/usr/local/rustup\nRUN chmod -R a+w $RUSTUP_HOME\n",
        );
        assert_eq!(
            got[0].1,
            "`chmod` mode `a+w` makes `/usr/local/rustup` writable by every user"
        );
    }

    #[test]
    fn fires_on_world_writable_modes() {
        assert_fires(
            &WorldWritablePermissions,
            "FROM debian:12\nRUN chmod 777 /app\n",
            &[2],
        );
        assert_fires(
            &WorldWritablePermissions,
            "FROM debian:12\nRUN chmod -R 0777 /app /tmp\n",
            &[2],
        );
        assert_fires(
            &WorldWritablePermissions,
            "FROM debian:12\nRUN mkdir -p -m 777 /data\n",
            &[2],
        );
        assert_fires(
            &WorldWritablePermissions,
            "FROM debian:12\nRUN install -m 666 a /etc/a\n",
            &[2],
        );
        assert_fires(
            &WorldWritablePermissions,
            "FROM debian:12\nRUN sudo chmod a+w /etc/app.conf\n",
            &[2],
        );
        assert_fires(
            &WorldWritablePermissions,
            "FROM debian:12\nRUN find /app -type d -exec chmod o+w {} \\;\n",
            &[2],
        );
        assert_fires(
            &WorldWritablePermissions,
            "FROM debian:12\nCOPY --chmod=777 run.sh /run.sh\n",
            &[2],
        );
        assert_fires(
            &WorldWritablePermissions,
            "FROM debian:12\nADD --chmod=o+w a /a\n",
            &[2],
        );
        assert_fires(
            &WorldWritablePermissions,
            "FROM debian:12\nRUN <<EOF\nmkdir /srv\nchmod 777 /srv\nEOF\n",
            &[4],
        );
        // A stage the final image copies from ships its modes with COPY --from.
        assert_fires(
            &WorldWritablePermissions,
            "FROM debian:12 AS build\nRUN chmod 777 /out\nFROM debian:12\nCOPY --from=build /out /out\n",
            &[2],
        );
    }

    #[test]
    fn silent_on_safe_modes_sticky_tmp_and_unused_stages() {
        assert_clean(
            &WorldWritablePermissions,
            "FROM debian:12\nRUN chmod 755 /app && chmod +x /app/run\n",
        );
        assert_clean(
            &WorldWritablePermissions,
            "FROM debian:12\nRUN chmod 1777 /shared\n",
        );
        assert_clean(
            &WorldWritablePermissions,
            "FROM debian:12\nRUN chmod 777 /tmp /var/tmp/cache\n",
        );
        assert_clean(
            &WorldWritablePermissions,
            "FROM debian:12\nRUN chmod o-w /app && chmod --reference=/a /b\n",
        );
        assert_clean(
            &WorldWritablePermissions,
            "FROM debian:12\nARG MODE=777\nRUN chmod $MODE /app\n",
        );
        assert_clean(
            &WorldWritablePermissions,
            "FROM debian:12\nRUN echo chmod 777 /app\n",
        );
        assert_clean(
            &WorldWritablePermissions,
            "FROM debian:12\nCOPY --chmod=755 run.sh /run.sh\nCOPY --chmod=1777 d /tmp/d\n",
        );
        assert_clean(
            &WorldWritablePermissions,
            "FROM debian:12 AS unused\nRUN chmod 777 /x\nFROM debian:12\nRUN echo hi\n",
        );
        // A scratch directory from mktemp (the nginx image's pattern), or named so.
        assert_clean(
            &WorldWritablePermissions,
            "FROM debian:12\nRUN tempDir=\"$(mktemp -d)\" && chmod 777 \"$tempDir\" && rm -rf \"$tempDir\"\n",
        );
        assert_clean(
            &WorldWritablePermissions,
            "FROM debian:12\nRUN chmod 777 \"${TMPDIR}\"\n",
        );
        assert_clean(
            &WorldWritablePermissions,
            "FROM debian:12\nENV SCRATCH=/tmp/s\nRUN chmod 777 $SCRATCH\n",
        );
    }
}
