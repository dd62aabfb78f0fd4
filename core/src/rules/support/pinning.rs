//! What the pinning rules share: reading a package word after ARG/ENV
//! expansion, reporting every unpinned package of a package-manager command,
//! and the external images a build reads (`FROM`, `COPY --from`,
//! `RUN --mount=from=`).

use crate::expand::{Expansion, Lexer, referenced_variables};
use crate::image_ref::ImageRef;
use crate::lint::{Context, Finding};
use crate::model::{Dependency, DependencyKind, DependencyTarget};
use crate::shell::ShellWord;
use crate::span::Span;
use crate::syntax::InstructionKind;

use super::commands::Cmd;
use super::images::external_bases;
use super::packages::{Manager, PackageCommand, package_commands};

/// The value of a shell word as the command sees it, split into words, when
/// it can be known: literal words as they are, words with `$VAR`/`${VAR}`
/// expanded from variables assigned earlier in the same script
/// (`deps='a b'; apt-get install $deps`) or else from the ARG and ENV values
/// in scope. `None` when the word holds a command substitution or a variable
/// with no known value.
pub(crate) fn resolve_word(
    cx: &Context<'_>,
    cmd: &Cmd<'_>,
    word: &ShellWord,
) -> Option<Vec<String>> {
    expand(cx, cmd, word, 2).map(|e| e.words)
}

fn expand(cx: &Context<'_>, cmd: &Cmd<'_>, word: &ShellWord, depth: u8) -> Option<Expansion> {
    if let Some(v) = &word.value {
        return Some(Expansion {
            value: v.clone(),
            words: vec![v.clone()],
            ..Expansion::default()
        });
    }
    if depth == 0 || word.raw.contains("$(") || word.raw.contains('`') {
        return None;
    }
    let instruction = cmd.run.instruction;
    let lookup = |name: &str| match script_assignment(cmd, name) {
        Some(assigned) => expand(cx, cmd, &assigned, depth - 1).map(|e| e.value),
        None => cx.model.lookup(instruction, name),
    };
    let e = Lexer::new('\\').expand_word(&word.raw, &lookup).ok()?;
    e.unmatched.is_empty().then_some(e)
}

/// The last value assigned to `name` in the script before `cmd`, by a bare
/// assignment (`deps='a b'`) or `export name=…`.
fn script_assignment(cmd: &Cmd<'_>, name: &str) -> Option<ShellWord> {
    let mut found = None;
    for c in cmd.script.commands.iter().take(cmd.index) {
        // Assignments before a special builtin (`deps='…' set -x`) persist in sh.
        match c.program() {
            None | Some("set" | ":" | "eval") => {
                if let Some((_, w)) = c.assignments.iter().rev().find(|(n, _)| n == name) {
                    found = Some(w.clone());
                }
            }
            Some("export" | "readonly" | "local" | "declare" | "typeset") => {
                for a in &c.args {
                    let Some(raw) = a.raw.strip_prefix(name).and_then(|r| r.strip_prefix('='))
                    else {
                        continue;
                    };
                    let value = a.value.as_ref().map(|v| v[name.len() + 1..].to_owned());
                    found = Some(ShellWord {
                        raw: raw.to_owned(),
                        value,
                        span: a.span,
                    });
                }
            }
            _ => {}
        }
    }
    found
}

/// One package-manager command as a pinning rule reads it: the words to check
/// (`None` to skip the command).
pub(crate) type Select = for<'a, 'b> fn(&'b PackageCommand<'a>) -> Option<Vec<&'a ShellWord>>;

/// Report every package word of the selected commands that `pinned` rejects,
/// after resolving variables (words that cannot be resolved are skipped, as
/// are words that expand to options). `what` names the manager in messages.
pub(crate) fn report_unpinned(
    cx: &Context<'_>,
    out: &mut Vec<Finding>,
    select: Select,
    pinned: &dyn Fn(&str) -> bool,
    what: &str,
) {
    for p in package_commands(cx) {
        if let Some(words) = select(p) {
            report_words(cx, out, p, &words, pinned, what);
        }
    }
}

/// The RPM-family rules (yum; dnf and microdnf): packages of `install`
/// pinned as `name-version`, streams of `module install` as `name:stream`.
/// `manager` picks the commands, `what` names them in messages.
pub(crate) fn report_unpinned_rpm(
    cx: &Context<'_>,
    out: &mut Vec<Finding>,
    manager: fn(Manager) -> bool,
    what: &str,
) {
    let module = format!("{what} module");
    for p in package_commands(cx).filter(|p| manager(p.manager)) {
        if p.is_action(&["install"]) {
            report_words(cx, out, p, &p.packages, &rpm_word_pinned, what);
        } else if p.is_action(&["module"])
            && let Some((sub, rest)) = p.packages.split_first()
            && sub.text() == "install"
        {
            report_words(cx, out, p, rest, &|w: &str| w.contains(':'), &module);
        }
    }
    out.sort_by_key(|f| f.span.start);
}

/// Report the words of one command that `pinned` rejects.
fn report_words(
    cx: &Context<'_>,
    out: &mut Vec<Finding>,
    p: &PackageCommand<'_>,
    words: &[&ShellWord],
    pinned: &dyn Fn(&str) -> bool,
    what: &str,
) {
    for w in words {
        let Some(values) = resolve_word(cx, &p.cmd, w) else {
            continue;
        };
        for v in values {
            if v.is_empty() || v.starts_with('-') || pinned(&v) {
                continue;
            }
            let shown = if w.is_literal() {
                format!("`{v}`")
            } else {
                format!("`{v}` (from `{}`)", w.raw)
            };
            out.push(Finding::new(
                p.cmd.map(w.span),
                format!("{what} package {shown} is not pinned to a version"),
            ));
        }
    }
}

/// Whether an RPM package word (yum, dnf, microdnf) names a version: an
/// `.rpm` file or URL, a path, a group or module (`@name`), a capability
/// (`perl(Foo)`), or `name-version[-release]` where the last or the
/// second-to-last dash-separated part after the name starts with a digit
/// (`httpd-2.4.6`, `httpd-2.4.6-97.el7`, `nodejs-1:18.2`). `python3-devel`
/// and `java-11-openjdk-devel` are not versions.
pub(crate) fn rpm_word_pinned(word: &str) -> bool {
    if word.ends_with(".rpm") || word.contains('/') || word.starts_with('@') || word.contains('(') {
        return true;
    }
    let parts: Vec<&str> = word.split('-').collect();
    let n = parts.len();
    let versionish = |p: &str| p.starts_with(|c: char| c.is_ascii_digit());
    (n >= 2 && versionish(parts[n - 1])) || (n >= 3 && versionish(parts[n - 2]))
}

/// How a build reads an external image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ImageUse {
    /// `FROM image`.
    Base,
    /// `COPY --from=image` / `ADD --from=image`.
    CopyFrom,
    /// `RUN --mount=from=image`.
    MountFrom,
}

/// An external image the build reads, with the text naming it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExternalImage<'a> {
    /// How it is read.
    pub used: ImageUse,
    /// The reference after ARG expansion.
    pub name: &'a str,
    /// The parsed reference.
    pub image: &'a ImageRef,
    /// The reference (or flag) in the source.
    pub span: Span,
}

/// Every external image the build reads: stage bases (ARGs resolved,
/// unresolved ones skipped; not `scratch`, not stages) and images named by
/// `--from` of COPY/ADD and RUN mounts.
pub(crate) fn external_images<'a>(cx: &'a Context<'_>) -> Vec<ExternalImage<'a>> {
    let mut out: Vec<ExternalImage<'a>> = external_bases(cx)
        .map(|(stage, image)| ExternalImage {
            used: ImageUse::Base,
            name: &stage.base.expanded,
            image,
            span: stage.base.span,
        })
        .collect();
    for stage in &cx.model.stages {
        for dep in &stage.dependencies {
            let DependencyTarget::Image(image) = &dep.target else {
                continue;
            };
            let used = match dep.kind {
                DependencyKind::Base => continue,
                DependencyKind::CopyFrom => ImageUse::CopyFrom,
                DependencyKind::MountFrom => ImageUse::MountFrom,
            };
            if image.is_scratch() || !from_is_resolved(cx, dep) {
                continue;
            }
            out.push(ExternalImage {
                used,
                name: &dep.name,
                image,
                span: dep.span,
            });
        }
    }
    out.sort_by_key(|i| i.span.start);
    out
}

/// Whether every variable in the `--from` value of `dep` has a known value.
fn from_is_resolved(cx: &Context<'_>, dep: &Dependency) -> bool {
    let Some(ins) = cx.df.instructions.get(dep.instruction) else {
        return false;
    };
    let raw = match ins.kind() {
        InstructionKind::Copy(c) | InstructionKind::Add(c) => c.from,
        InstructionKind::Run { mounts, .. } => mounts
            .iter()
            .find(|m| m.span == dep.span)
            .and_then(|m| m.from.as_deref()),
        _ => None,
    };
    raw.is_some_and(|raw| {
        referenced_variables(raw, cx.df.escape)
            .iter()
            .all(|name| cx.model.lookup(dep.instruction, name).is_some())
    })
}

impl ImageUse {
    /// How to name the image in a message.
    pub fn noun(self) -> &'static str {
        match self {
            ImageUse::Base => "base image",
            ImageUse::CopyFrom => "`COPY --from` image",
            ImageUse::MountFrom => "`RUN --mount` image",
        }
    }
}
