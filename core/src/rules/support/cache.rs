//! Where package managers leave caches, and whether a RUN keeps them out of the
//! image: a cache or tmpfs `--mount` over the directory, a removal later in the
//! same RUN (`rm -rf /var/lib/apt/lists/*`, `find … -delete`, or the manager's
//! own clean command), or a stage whose files never reach the image.
//!
//! Shipping: the image is the last stage, plus every stage nothing else builds
//! on, copies from or mounts (such a stage is a build target of its own: `dev`,
//! `test`…). What those stages are built `FROM` ships whole. A stage that other
//! stages only copy files out of ships only the paths they copy, so a cache in
//! a builder stage ships only when a `COPY --from` takes a directory that
//! overlaps it (`COPY --from=build / /` takes everything).

use crate::lint::Context;
use crate::model::{DependencyKind, DependencyTarget, RunScript, ScriptOrigin};
use crate::shell::ShellWord;
use crate::syntax::{InstructionKind, Mount};

use super::commands::{Cmd, build_command_keys, cmd_in};

/// A directory where files pile up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CachePath {
    /// An absolute directory (`/var/lib/apt/lists`).
    Abs(String),
    /// A directory relative to some user's home (`.cache/pip`): the user is
    /// often not known, so any home counts (`/root`, `/home/*`, `$HOME`, `~`).
    Home(String),
}

impl CachePath {
    /// An absolute directory.
    pub fn abs(path: &str) -> CachePath {
        CachePath::Abs(path.trim_end_matches('/').to_owned())
    }

    /// A directory under a home directory.
    pub fn home(rel: &str) -> CachePath {
        CachePath::Home(rel.trim_matches('/').to_owned())
    }

    /// The directory a user would recognise (`/var/cache/apk`, `~/.cache/pip`).
    pub fn display(&self) -> String {
        match self {
            CachePath::Abs(p) => p.clone(),
            CachePath::Home(r) => format!("~/{r}"),
        }
    }
}

/// A normalised path: absolute (`/a/b`, `/` for the root) or home-relative
/// (`~`, `~/a/b`). `.` components are dropped and `..` resolved; a trailing
/// glob component (`lists/*`, `*.tgz`) is dropped, since removing everything
/// in a directory is cleaning it.
fn normalise(path: &str) -> Option<String> {
    let (root, rest) = if let Some(r) = path.strip_prefix('~') {
        if !(r.is_empty() || r.starts_with('/')) {
            return None; // ~user
        }
        ("~", r)
    } else if path.starts_with('/') {
        ("", path)
    } else {
        return None;
    };
    let mut parts: Vec<&str> = Vec::new();
    for c in rest.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    if parts.last().is_some_and(|c| c.contains(['*', '?', '['])) {
        parts.pop();
    }
    if parts.iter().any(|c| c.contains(['*', '?', '['])) {
        return None;
    }
    let joined = parts.join("/");
    Some(match (root, joined.is_empty()) {
        ("~", true) => "~".to_owned(),
        ("~", false) => format!("~/{joined}"),
        (_, true) => "/".to_owned(),
        (_, false) => format!("/{joined}"),
    })
}

/// Whether `dir` is `path` or one of its ancestors (both normalised, absolute).
fn is_ancestor_or_self(dir: &str, path: &str) -> bool {
    dir == "/"
        || dir == path
        || path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether two normalised absolute paths overlap: one contains the other.
fn overlaps(a: &str, b: &str) -> bool {
    is_ancestor_or_self(a, b) || is_ancestor_or_self(b, a)
}

/// Home directories a cache under `~` may live in, as patterns where `*` is
/// one path component.
const HOMES: [&str; 2] = ["/root", "/home/*"];

/// Whether an absolute `dir` and `home/rel` relate through `test`, for some home.
fn with_some_home(dir: &str, rel: &str, test: fn(&str, &str) -> bool) -> bool {
    HOMES.iter().any(|home| {
        let path = format!("{home}/{rel}");
        match home.strip_suffix("/*") {
            // `/home/*`: substitute the component `dir` has there, if any.
            Some(base) => {
                let user = dir
                    .strip_prefix(base)
                    .and_then(|r| r.strip_prefix('/'))
                    .map(|r| r.split('/').next().unwrap_or(""))
                    .filter(|u| !u.is_empty());
                match user {
                    Some(u) => test(dir, &format!("{base}/{u}/{rel}")),
                    None => test(dir, &path.replace("/*", "")),
                }
            }
            None => test(dir, &path),
        }
    })
}

/// Whether the normalised directory `dir` contains the whole of `cache`.
fn covers(dir: &str, cache: &CachePath) -> bool {
    match cache {
        CachePath::Abs(p) => is_ancestor_or_self(dir, p),
        CachePath::Home(rel) => {
            if let Some(r) = dir.strip_prefix('~') {
                let r = r.trim_start_matches('/');
                return r.is_empty() || rel == r || rel.starts_with(&format!("{r}/"));
            }
            // A directory named like the tail of the cache (`/app/.cache`,
            // `/srv/.cache/pip`) is that cache under an unusual home.
            let mut prefix = String::new();
            for c in rel.split('/') {
                if !prefix.is_empty() {
                    prefix.push('/');
                }
                prefix.push_str(c);
                if dir.ends_with(&format!("/{prefix}")) {
                    return true;
                }
            }
            with_some_home(dir, rel, is_ancestor_or_self)
        }
    }
}

/// Whether the normalised directory `dir` shares files with `cache` (one
/// contains the other).
fn shares(dir: &str, cache: &CachePath) -> bool {
    match cache {
        CachePath::Abs(p) => dir.starts_with('/') && overlaps(dir, p),
        CachePath::Home(rel) => {
            if dir.starts_with('~') {
                let d = dir.trim_start_matches('~');
                let c = format!("/{rel}");
                return overlaps(if d.is_empty() { "/" } else { d }, &c);
            }
            covers(dir, cache) || with_some_home(dir, rel, overlaps)
        }
    }
}

/// The cache directory a package command was told to use: the long option
/// `flag` (`--cache-dir DIR`), else the variable `var` set on the command
/// (`VAR=dir pip …`) or by an ARG/ENV in scope. `None` when neither is given.
pub(crate) fn configured_cache(
    cx: &Context<'_>,
    cmd: &Cmd<'_>,
    flag: &str,
    var: &str,
) -> Option<CachePath> {
    let instruction = cmd.run.instruction;
    if let Some(dir) = cmd.cmd.flag_value('\0', flag) {
        return Some(CachePath::abs(
            &resolve(cx, instruction, dir).unwrap_or_default(),
        ));
    }
    cmd.cmd
        .assignments
        .iter()
        .find(|(n, _)| n == var)
        .and_then(|(_, w)| word_value(cx, instruction, w))
        .or_else(|| cx.model.lookup(instruction, var))
        .map(|dir| CachePath::abs(&dir))
}

/// The value of a shell word, with `$NAME`/`${NAME}` replaced by the ARG or
/// ENV value in scope at `instruction` (`$HOME` and a leading `~` become `~`
/// when HOME is not set). `None` when something cannot be known statically.
pub(crate) fn word_value(cx: &Context<'_>, instruction: usize, word: &ShellWord) -> Option<String> {
    if let Some(v) = &word.value {
        return Some(v.clone());
    }
    resolve(cx, instruction, &word.raw)
}

/// Like [`word_value`], for text written in a Dockerfile flag (`--mount` target).
pub(crate) fn resolve(cx: &Context<'_>, instruction: usize, raw: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {}
            '\\' => out.push(chars.next()?),
            '`' => return None,
            '$' => {
                let braced = chars.peek() == Some(&'{');
                if braced {
                    chars.next();
                }
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '_' {
                        name.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if name.is_empty() {
                    return None; // `$(`, `$((`, `$@`…
                }
                let mut default = None;
                if braced {
                    let mut rest = String::new();
                    for n in chars.by_ref() {
                        if n == '}' {
                            break;
                        }
                        rest.push(n);
                    }
                    if let Some(d) = rest.strip_prefix(":-").or_else(|| rest.strip_prefix('-')) {
                        default = Some(d.to_owned());
                    } else if !rest.is_empty() {
                        return None;
                    }
                }
                match cx.model.lookup(instruction, &name).or(default) {
                    Some(v) => out.push_str(&v),
                    None if name == "HOME" && out.is_empty() => out.push('~'),
                    None => return None,
                }
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// The `--mount` flags of the RUN (or ONBUILD RUN) at `instruction`.
fn run_mounts<'a>(cx: &'a Context<'_>, instruction: usize) -> &'a [Mount<'a>] {
    cx.df
        .instructions
        .get(instruction)
        .map_or(&[], |ins| ins.trigger_or_self().mounts())
}

/// Whether a cache or tmpfs mount of the RUN at `instruction` contains any of
/// `caches`, so that what is written there never reaches the layer.
pub(crate) fn mount_covers(cx: &Context<'_>, instruction: usize, caches: &[CachePath]) -> bool {
    run_mounts(cx, instruction)
        .iter()
        .filter(|m| m.is_cache_like())
        .filter_map(|m| m.target.as_deref())
        .filter_map(|t| resolve(cx, instruction, t))
        .filter_map(|t| normalise(&t))
        .any(|t| caches.iter().any(|c| covers(&t, c)))
}

/// The commands of one RUN (all of its scripts), in order.
#[derive(Debug, Clone)]
pub(crate) struct RunCommands<'a> {
    /// The RUN (or ONBUILD) instruction.
    pub instruction: usize,
    /// Its commands in execution order.
    pub cmds: Vec<Cmd<'a>>,
}

/// Every RUN and ONBUILD RUN, with its commands.
/// Grouped once per lint; every rule that asks walks the same list.
pub(crate) fn run_commands<'a, 'm: 'a>(cx: &'a Context<'m>) -> &'a [RunCommands<'a>] {
    let model = cx.model;
    cx.memo.run_commands(|| {
        let mut out: Vec<RunCommands<'m>> = Vec::new();
        for cmd in build_command_keys(cx)
            .iter()
            .filter_map(|&(r, c)| cmd_in(model, r, c))
        {
            match out.last_mut() {
                Some(r) if r.instruction == cmd.run.instruction => r.cmds.push(cmd),
                _ => out.push(RunCommands {
                    instruction: cmd.run.instruction,
                    cmds: vec![cmd],
                }),
            }
        }
        out
    })
}

/// Whether `cmd` deletes a directory containing any of `caches` (or, with a
/// trailing glob, everything in it): `rm -rf /var/lib/apt/lists/*`,
/// `rm -r ~/.cache`, `find /var/cache/apk -delete`, `find … -exec rm …`.
pub(crate) fn removes(cx: &Context<'_>, cmd: &Cmd<'_>, caches: &[CachePath]) -> bool {
    let c = cmd.cmd;
    let paths: Vec<&ShellWord> = match c.program() {
        Some("rm") => c
            .args
            .iter()
            .filter(|a| !a.text().starts_with('-'))
            .collect(),
        Some("find") => {
            let deletes = c.has_arg("-delete")
                || c.args.windows(2).any(|w| {
                    matches!(w[0].text(), "-exec" | "-execdir")
                        && w[1].text().rsplit('/').next() == Some("rm")
                });
            if !deletes {
                return false;
            }
            c.args
                .iter()
                .take_while(|a| !a.text().starts_with('-') && a.text() != "(" && a.text() != "!")
                .collect()
        }
        _ => return false,
    };
    paths
        .into_iter()
        .filter_map(|w| word_value(cx, cmd.run.instruction, w))
        .filter_map(|p| normalise(&p))
        .any(|p| caches.iter().any(|cache| covers(&p, cache)))
}

/// Whether some command after position `pos` of `run` cleans the caches:
/// deletes one of `caches` or is a clean command recognised by `cleans`.
pub(crate) fn cleaned_after(
    cx: &Context<'_>,
    run: &RunCommands<'_>,
    pos: usize,
    caches: &[CachePath],
    cleans: impl Fn(&Context<'_>, &Cmd<'_>) -> bool,
) -> bool {
    run.cmds
        .iter()
        .skip(pos + 1)
        .any(|c| cleans(cx, c) || removes(cx, c, caches))
}

/// Whether the cache-filling command at position `pos` of `run` leaves files
/// in an image: its stage ships the caches, no cache/tmpfs mount holds them,
/// and nothing later in the RUN removes them or cleans them with `cleans`.
pub(crate) fn keeps_cache(
    cx: &Context<'_>,
    run: &RunCommands<'_>,
    pos: usize,
    caches: &[CachePath],
    cleans: impl Fn(&Context<'_>, &Cmd<'_>) -> bool,
) -> bool {
    let Some(cmd) = run.cmds.get(pos) else {
        return false;
    };
    ships(cx, cmd.run, caches)
        && !mount_covers(cx, run.instruction, caches)
        && !cleaned_after(cx, run, pos, caches, cleans)
}

/// Whether files written to any of `caches` by the script `run` end up in an
/// image (see the module docs). ONBUILD triggers run in images built from
/// this one, so their files always ship.
pub(crate) fn ships(cx: &Context<'_>, run: &RunScript, caches: &[CachePath]) -> bool {
    if run.origin == ScriptOrigin::OnbuildRun {
        return true;
    }
    let Some(stage) = run.stage else {
        return true;
    };
    // The answer depends on the caches only: computed once per lint.
    let shipping = cx
        .memo
        .shipping(format!("{caches:?}"), || shipping_stages(cx, caches));
    shipping.get(stage).copied().unwrap_or(true)
}

/// For every stage, whether files it writes under `caches` reach the image.
fn shipping_stages(cx: &Context<'_>, caches: &[CachePath]) -> Vec<bool> {
    let model = cx.model;
    let n = model.stages.len();
    let mut depended = vec![false; n];
    for s in &model.stages {
        for dep in &s.dependencies {
            if let DependencyTarget::Stage(j) = dep.target
                && j < n
                && j != s.index
            {
                depended[j] = true;
            }
        }
    }
    let mut shipping = vec![false; n];
    for root in (0..n).filter(|&i| i + 1 == n || !depended[i]) {
        for a in model.ancestry(root) {
            shipping[a] = true;
        }
    }
    // Follow `COPY --from` edges that take files overlapping the cache.
    loop {
        let mut changed = false;
        for t in 0..n {
            if !shipping[t] {
                continue;
            }
            for dep in &model.stages[t].dependencies {
                let DependencyTarget::Stage(src) = dep.target else {
                    continue;
                };
                if dep.kind != DependencyKind::CopyFrom || !copy_takes(cx, dep.instruction, caches)
                {
                    continue;
                }
                for a in model.ancestry(src) {
                    if !shipping[a] {
                        shipping[a] = true;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    shipping
}

/// Whether the COPY at `instruction` takes files from any of `caches` (an
/// unresolvable source counts).
fn copy_takes(cx: &Context<'_>, instruction: usize, caches: &[CachePath]) -> bool {
    let Some(ins) = cx.df.instructions.get(instruction) else {
        return true;
    };
    let args = match ins.kind() {
        InstructionKind::Copy(a) | InstructionKind::Add(a) => a,
        _ => return true,
    };
    args.sources.iter().any(|w| {
        let Some(v) = resolve(cx, instruction, &w.value) else {
            return true;
        };
        // Sources of `COPY --from` are relative to the root of the stage.
        let v = if v.starts_with('/') {
            v
        } else {
            format!("/{v}")
        };
        normalise(&v).is_none_or(|p| caches.iter().any(|c| shares(&p, c)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::with_context;
    use crate::syntax::parse;

    #[test]
    fn normalises_paths_and_trailing_globs() {
        assert_eq!(
            normalise("/var/lib/apt/lists/*").as_deref(),
            Some("/var/lib/apt/lists")
        );
        assert_eq!(
            normalise("/var//lib/./apt/").as_deref(),
            Some("/var/lib/apt")
        );
        assert_eq!(normalise("~/.cache/pip").as_deref(), Some("~/.cache/pip"));
        assert_eq!(normalise("/").as_deref(), Some("/"));
        assert_eq!(normalise("/var/*/x"), None);
        assert_eq!(normalise("relative/dir"), None);
    }

    #[test]
    fn covering_absolute_and_home_caches() {
        let lists = CachePath::abs("/var/lib/apt/lists");
        assert!(covers("/var/lib/apt", &lists));
        assert!(covers("/var/lib/apt/lists", &lists));
        assert!(!covers("/var/lib/apt/lists/partial", &lists));
        assert!(!covers("/var/lib/aptitude", &lists));
        let pip = CachePath::home(".cache/pip");
        assert!(covers("/root/.cache/pip", &pip));
        assert!(covers("/root/.cache", &pip));
        assert!(covers("/home/app/.cache", &pip));
        assert!(covers("/opt/app/.cache", &pip));
        assert!(covers("~/.cache", &pip));
        assert!(covers("~", &pip));
        assert!(!covers("/root/.cache/yarn", &pip));
        assert!(!covers("/tmp", &pip));
        assert!(shares("/root", &pip));
        assert!(shares("/root/.cache/pip/wheels", &pip));
        assert!(!shares("/usr/local", &pip));
    }

    fn with_cx(text: &str, f: impl FnOnce(&Context<'_>)) {
        with_context(&parse(text), f);
    }

    #[test]
    fn builder_stages_ship_only_what_is_copied() {
        let lists = [CachePath::abs("/var/lib/apt/lists")];
        let text = "FROM debian:12 AS build\nRUN apt-get update\nFROM debian:12 AS whole\nRUN apt-get update\nFROM debian:12\nCOPY --from=build /app /app\nCOPY --from=whole / /\n";
        with_cx(text, |cx| {
            let shipped: Vec<bool> = cx
                .model
                .scripts
                .iter()
                .map(|s| ships(cx, s, &lists))
                .collect();
            assert_eq!(shipped, vec![false, true]);
        });
        // A stage nothing depends on is a target of its own.
        let text = "FROM debian:12 AS dev\nRUN apt-get update\nFROM debian:12\nRUN true\n";
        with_cx(text, |cx| assert!(ships(cx, &cx.model.scripts[0], &lists)));
        // FROM chains ship whole.
        let text = "FROM debian:12 AS base\nRUN apt-get update\nFROM base\nRUN true\n";
        with_cx(text, |cx| assert!(ships(cx, &cx.model.scripts[0], &lists)));
    }

    #[test]
    fn mounts_and_removals() {
        let pip = [CachePath::home(".cache/pip")];
        let text = "FROM python:3.12\nARG C=/root/.cache\nRUN --mount=type=cache,target=${C} pip install x\nRUN --mount=type=bind,target=/root/.cache pip install x\nRUN pip install x && rm -rf ~/.cache/pip\nRUN rm -rf $HOME/.cache/pip/* && find /root/.cache -delete\n";
        with_cx(text, |cx| {
            assert!(mount_covers(cx, 2, &pip));
            assert!(!mount_covers(cx, 3, &pip));
            let runs = run_commands(cx);
            assert!(cleaned_after(cx, &runs[2], 0, &pip, |_, _| false));
            assert!(!cleaned_after(cx, &runs[2], 1, &pip, |_, _| false));
            assert!(removes(cx, &runs[3].cmds[0], &pip));
            assert!(removes(cx, &runs[3].cmds[1], &pip));
        });
    }
}
