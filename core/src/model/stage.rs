//! Build stages: what each is built from, the variables it defines, its last
//! USER, WORKDIR and SHELL, and the other stages or images it reads from.

use serde::Serialize;

use super::Model;
use super::scope::{Scope, VarDef, VarKind, builtin_args};
use crate::expand::Lexer;
use crate::image_ref::ImageRef;
use crate::span::Span;
use crate::syntax::{Dockerfile, InstructionKind, KeyValue, Word};

/// What a stage is built `FROM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum BaseKind {
    /// `FROM scratch`: an empty filesystem.
    Scratch,
    /// An earlier stage, by index.
    Stage(usize),
    /// An external image.
    Image(ImageRef),
    /// Variables in the reference have no value, so the image is unknown.
    Unresolved,
    /// The (expanded) reference is not a valid image reference.
    Invalid(String),
}

/// The base of a stage, as written and as resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Base {
    /// The reference as written in `FROM`.
    pub written: String,
    /// After expanding global `ARG`s.
    pub expanded: String,
    /// Variables the reference uses that have no value.
    pub unresolved: Vec<String>,
    /// What it resolves to.
    pub kind: BaseKind,
    /// The reference word in the source.
    pub span: Span,
}

impl Base {
    /// The external image, if the base is one.
    pub fn image(&self) -> Option<&ImageRef> {
        match &self.kind {
            BaseKind::Image(i) => Some(i),
            _ => None,
        }
    }
}

/// A resolved USER or WORKDIR setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Setting {
    /// The value after variable expansion (WORKDIR: made absolute).
    pub value: String,
    /// The value as written.
    pub written: String,
    /// The instruction that set it.
    pub instruction: usize,
    /// Its argument in the source.
    pub span: Span,
}

/// Who a stage runs as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum UserState {
    /// A `USER` instruction in the stage or a parent stage sets it.
    Set(Setting),
    /// No `USER` anywhere in the chain; the base image's user applies
    /// (root for nearly every image).
    FromBaseImage,
    /// Built from `scratch` with no `USER`: root.
    Root,
}

/// The kind of shell `RUN` instructions use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ShellKind {
    /// `sh`, `ash`, `dash` and other POSIX shells.
    Posix,
    /// `bash`.
    Bash,
    /// Windows PowerShell or `pwsh`.
    PowerShell,
    /// Windows `cmd`.
    Cmd,
    /// Something else (`python -c`…): scripts are not shell.
    Other,
}

impl ShellKind {
    /// Classify a SHELL argument vector by its program.
    pub fn of(argv: &[String]) -> ShellKind {
        let Some(program) = argv.first() else {
            return ShellKind::Other;
        };
        let base = program
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(program)
            .to_ascii_lowercase();
        let base = base.strip_suffix(".exe").unwrap_or(&base);
        match base {
            "sh" | "ash" | "dash" | "ksh" | "mksh" | "busybox" | "zsh" => ShellKind::Posix,
            "bash" => ShellKind::Bash,
            "powershell" | "pwsh" => ShellKind::PowerShell,
            "cmd" => ShellKind::Cmd,
            _ => ShellKind::Other,
        }
    }

    /// Whether scripts in this shell are POSIX/bash syntax.
    pub fn is_posix(self) -> bool {
        matches!(self, ShellKind::Posix | ShellKind::Bash)
    }
}

/// How one stage reads from another stage or image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DependencyKind {
    /// `FROM <stage>`.
    Base,
    /// `COPY --from=…` (or `ADD --from`).
    CopyFrom,
    /// `RUN --mount=from=…`.
    MountFrom,
}

/// What a `--from` names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum DependencyTarget {
    /// A stage, by index (any stage of the file, even a later one).
    Stage(usize),
    /// An external image.
    Image(ImageRef),
    /// Neither a stage nor a valid image reference.
    Unknown(String),
}

/// One edge of the stage graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dependency {
    /// The instruction that creates it.
    pub instruction: usize,
    /// How.
    pub kind: DependencyKind,
    /// The `--from` value after expansion.
    pub name: String,
    /// What it names.
    pub target: DependencyTarget,
    /// The flag or word in the source.
    pub span: Span,
}

/// One build stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    /// Position among the stages.
    pub index: usize,
    /// The `AS` name, lower-cased as BuildKit does.
    pub name: Option<String>,
    /// The `AS` name in the source.
    pub name_span: Option<Span>,
    /// The `FROM` instruction.
    pub from_instruction: usize,
    /// Instructions of the stage after its `FROM`.
    pub instructions: Vec<usize>,
    /// What it is built from.
    pub base: Base,
    /// `FROM --platform=` after expansion.
    pub platform: Option<String>,
    /// The last `USER` of the stage itself.
    pub user: Option<Setting>,
    /// The last `WORKDIR` of the stage itself.
    pub workdir: Option<Setting>,
    /// The last `SHELL` of the stage itself.
    pub shell: Option<Vec<String>>,
    /// A `# hadolint shell=…` / `# hullguard shell=…` pragma in the stage: the
    /// shell its base image uses when no SHELL says so.
    pub shell_pragma: Option<String>,
    /// Stages and images this stage reads from.
    pub dependencies: Vec<Dependency>,
    /// Every variable definition the stage sees, oldest first (inherited ENVs
    /// of a parent stage first, with `instruction: None`).
    pub scope_defs: Vec<VarDef>,
}

impl Stage {
    /// The stage's display name: its `AS` name or its index.
    pub fn display_name(&self) -> String {
        self.name.clone().unwrap_or_else(|| self.index.to_string())
    }
}

/// The shell named by `hadolint shell=X` or `hullguard shell=X`.
fn shell_pragma(comment: &str) -> Option<&str> {
    let rest = comment
        .strip_prefix("hadolint")
        .or_else(|| comment.strip_prefix("hullguard"))?;
    let value = rest.trim_start().strip_prefix("shell=")?;
    value.split_whitespace().next()
}

/// Whether an image name suggests a Windows base (whose default shell is cmd).
pub(crate) fn looks_like_windows(image: &str) -> bool {
    let l = image.to_ascii_lowercase();
    l.contains("windows/servercore")
        || l.contains("windows/nanoserver")
        || l.contains("windowsservercore")
        || l.contains("nanoserver")
        || l.starts_with("mcr.microsoft.com/windows")
}

fn find_stage(stages: &[Stage], name: &str) -> Option<usize> {
    let lower = name.to_ascii_lowercase();
    stages
        .iter()
        .position(|s| s.name.as_deref() == Some(lower.as_str()))
}

fn resolve_target(stages: &[Stage], name: &str) -> DependencyTarget {
    if let Some(i) = find_stage(stages, name) {
        return DependencyTarget::Stage(i);
    }
    if !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_digit())
        && let Ok(i) = name.parse::<usize>()
        && i < stages.len()
    {
        return DependencyTarget::Stage(i);
    }
    match ImageRef::parse(name) {
        Ok(r) => DependencyTarget::Image(r),
        Err(_) => DependencyTarget::Unknown(name.to_owned()),
    }
}

/// Join a WORKDIR path onto the previous one, as the builder does.
fn join_workdir(previous: Option<&str>, path: &str) -> String {
    if path.starts_with('/') || previous.is_none() {
        let p = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        return p;
    }
    let prev = previous.unwrap_or("/").trim_end_matches('/');
    format!("{prev}/{path}")
}

/// Values of ENV/LABEL pairs, quotes removed and variables expanded.
pub(crate) fn expand_pairs<'a>(
    scope: &Scope,
    lexer: &Lexer,
    pairs: impl IntoIterator<Item = KeyValue<'a>>,
) -> Vec<(String, String)> {
    pairs
        .into_iter()
        .map(|p| {
            let key = scope.expand(lexer, &p.key.value).value;
            let value = scope.expand(lexer, &p.value.value).value;
            (key, value)
        })
        .collect()
}

fn setting(scope: &Scope, lexer: &Lexer, word: &Word, instruction: usize) -> Setting {
    Setting {
        value: scope.expand(lexer, &word.value).value,
        written: word.value.to_string(),
        instruction,
        span: word.span,
    }
}

/// First pass: stage boundaries, names and bases. Second pass: scopes and settings.
pub(crate) fn build(df: &Dockerfile, lexer: &Lexer) -> Model {
    let mut global = Scope::from_defs(builtin_args());
    let mut stages: Vec<Stage> = Vec::new();
    let mut orphans = Vec::new();
    let mut stage_of = vec![None; df.instructions.len()];

    // Pass 1: split into stages and resolve each FROM with the global ARGs.
    for (i, ins) in df.instructions.iter().enumerate() {
        match ins.kind() {
            InstructionKind::From {
                image,
                alias,
                platform,
            } => {
                let written = image
                    .as_ref()
                    .map(|w| w.value.to_string())
                    .unwrap_or_default();
                let expansion = global.expand(lexer, &written);
                let expanded = expansion.value.clone();
                let kind = if !expansion.unmatched.is_empty() && expanded.is_empty() {
                    BaseKind::Unresolved
                } else if expanded.eq_ignore_ascii_case("scratch") {
                    BaseKind::Scratch
                } else if let Some(p) = find_stage(&stages, &expanded) {
                    BaseKind::Stage(p)
                } else {
                    match ImageRef::parse(&expanded) {
                        Ok(r) => BaseKind::Image(r),
                        Err(_) if !expansion.unmatched.is_empty() => BaseKind::Unresolved,
                        Err(e) => BaseKind::Invalid(e.to_string()),
                    }
                };
                let span = image.as_ref().map_or(ins.keyword_word.span, |w| w.span);
                let index = stages.len();
                let platform = platform.as_ref().map(|p| global.expand(lexer, p).value);
                let mut dependencies = Vec::new();
                if let BaseKind::Stage(p) = kind {
                    dependencies.push(Dependency {
                        instruction: i,
                        kind: super::DependencyKind::Base,
                        name: expanded.clone(),
                        target: DependencyTarget::Stage(p),
                        span,
                    });
                }
                stages.push(Stage {
                    index,
                    name: alias.as_ref().map(|a| a.value.to_ascii_lowercase()),
                    name_span: alias.as_ref().map(|a| a.span),
                    from_instruction: i,
                    instructions: Vec::new(),
                    base: Base {
                        written,
                        expanded,
                        unresolved: expansion.unmatched,
                        kind,
                        span,
                    },
                    platform,
                    user: None,
                    workdir: None,
                    shell: None,
                    shell_pragma: None,
                    dependencies,
                    scope_defs: Vec::new(),
                });
                stage_of[i] = Some(index);
            }
            InstructionKind::Arg { args } if stages.is_empty() => {
                for decl in args {
                    let value = decl.default.map(|d| global.expand(lexer, d).value);
                    global.define(VarDef {
                        name: decl.name.to_string(),
                        value,
                        kind: VarKind::Arg,
                        instruction: Some(i),
                    });
                }
            }
            _ => match stages.last_mut() {
                Some(s) => {
                    s.instructions.push(i);
                    stage_of[i] = Some(s.index);
                }
                None => orphans.push(i),
            },
        }
    }

    // Shell pragmas: a comment between a stage's FROM and the next FROM.
    for c in &df.comments {
        let Some(shell) = shell_pragma(&c.text) else {
            continue;
        };
        let owner = stages
            .iter()
            .rev()
            .find(|s| df.instructions[s.from_instruction].span.start < c.span.start);
        if let Some(s) = owner.map(|s| s.index) {
            stages[s].shell_pragma = Some(shell.to_owned());
        }
    }

    // Pass 2: walk each stage's instructions with its scope.
    for si in 0..stages.len() {
        let mut scope = Scope::default();
        if let BaseKind::Stage(p) = stages[si].base.kind
            && p < si
        {
            for d in &stages[p].scope_defs {
                if d.kind == VarKind::Env {
                    scope.define(VarDef {
                        instruction: None,
                        ..d.clone()
                    });
                }
            }
        }
        let mut user = None;
        let mut workdir: Option<Setting> = None;
        let mut shell = None;
        let mut deps = Vec::new();
        for &i in &stages[si].instructions {
            let Some(ins) = df.instructions.get(i) else {
                continue;
            };
            match ins.kind() {
                InstructionKind::Arg { args } => {
                    for decl in args {
                        let value = match decl.default {
                            Some(d) => Some(scope.expand(lexer, d).value),
                            None => global.value(decl.name),
                        };
                        scope.define(VarDef {
                            name: decl.name.to_string(),
                            value,
                            kind: VarKind::Arg,
                            instruction: Some(i),
                        });
                    }
                }
                InstructionKind::Env { pairs } => {
                    for (name, value) in expand_pairs(&scope, lexer, pairs) {
                        scope.define(VarDef {
                            name,
                            value: Some(value),
                            kind: VarKind::Env,
                            instruction: Some(i),
                        });
                    }
                }
                InstructionKind::User { user: Some(w) } => {
                    user = Some(setting(&scope, lexer, w, i));
                }
                InstructionKind::Workdir { path: Some(w) } => {
                    let mut s = setting(&scope, lexer, w, i);
                    s.value = join_workdir(workdir.as_ref().map(|w| w.value.as_str()), &s.value);
                    workdir = Some(s);
                }
                InstructionKind::Shell { argv, .. } => {
                    shell = Some(argv.iter().map(|w| w.value.to_string()).collect());
                }
                InstructionKind::Copy(c) | InstructionKind::Add(c) => {
                    if let Some(from) = c.from {
                        let name = scope.expand(lexer, from).value;
                        let span = ins.flag("from").map_or(ins.span, |f| f.span);
                        deps.push(Dependency {
                            instruction: i,
                            kind: DependencyKind::CopyFrom,
                            target: resolve_target(&stages, &name),
                            name,
                            span,
                        });
                    }
                }
                InstructionKind::Run { mounts, .. } => {
                    for m in mounts {
                        if let Some(from) = &m.from {
                            let name = scope.expand(lexer, from).value;
                            deps.push(Dependency {
                                instruction: i,
                                kind: DependencyKind::MountFrom,
                                target: resolve_target(&stages, &name),
                                name,
                                span: m.span,
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        let s = &mut stages[si];
        s.user = user;
        s.workdir = workdir;
        s.shell = shell;
        s.dependencies.extend(deps);
        s.scope_defs = scope.defs().to_vec();
    }

    Model {
        global_args: global,
        stages,
        orphans,
        stage_of,
        scripts: Vec::new(),
        diagnostics: Vec::new(),
    }
}
