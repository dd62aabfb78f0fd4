//! The meaning of a parsed Dockerfile: its build stages, what each is built
//! from, which variables are in scope, which stages the final image needs, and
//! the shell scripts its `RUN` instructions execute. Rules ask these questions
//! here instead of re-reading raw text.

mod scope;
mod scripts;
mod stage;

pub use scope::{Scope, VarDef, VarKind, builtin_args};
pub use scripts::{RunScript, ScriptOrigin, ScriptSource};
pub use stage::{
    Base, BaseKind, Dependency, DependencyKind, DependencyTarget, Setting, ShellKind, Stage,
    UserState,
};

use crate::expand::Lexer;
use crate::syntax::{Dockerfile, InstructionKind, SyntaxDiagnostic};

/// A Dockerfile with its stages and scopes resolved.
#[derive(Debug, Clone)]
pub struct Model {
    /// Builtin platform arguments plus the `ARG`s declared before the first `FROM`.
    pub global_args: Scope,
    /// Build stages in file order.
    pub stages: Vec<Stage>,
    /// Instructions before the first `FROM` other than `ARG` (BuildKit rejects them).
    pub orphans: Vec<usize>,
    /// For every instruction, the stage it belongs to (`None` before the first `FROM`).
    pub stage_of: Vec<Option<usize>>,
    /// Every shell script the Dockerfile runs, parsed once, in file order.
    pub scripts: Vec<RunScript>,
    /// Soft diagnostics: scripts the shell parser could not read.
    pub diagnostics: Vec<SyntaxDiagnostic>,
}

impl Model {
    /// Resolve a parsed Dockerfile.
    pub fn build(df: &Dockerfile) -> Model {
        let mut model = stage::build(df, &Lexer::new(df.escape));
        model.scripts = scripts::collect(df, &model);
        model.diagnostics = scripts::diagnostics(&model.scripts);
        model
    }

    /// The scripts run by instruction `index`.
    pub fn scripts_of(&self, index: usize) -> impl Iterator<Item = &RunScript> {
        let start = self.scripts.partition_point(|s| s.instruction < index);
        self.scripts[start..]
            .iter()
            .take_while(move |s| s.instruction == index)
    }

    /// The stage whose result is the image (the last one), if any.
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// Which stages the final image needs: the final stage and, transitively,
    /// every stage it is built `FROM`, copies from or mounts from.
    pub fn reachable_stages(&self) -> Vec<bool> {
        let mut seen = vec![false; self.stages.len()];
        let mut todo: Vec<usize> = self.stages.len().checked_sub(1).into_iter().collect();
        while let Some(i) = todo.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            for dep in &self.stages[i].dependencies {
                if let DependencyTarget::Stage(j) = dep.target
                    && !seen[j]
                {
                    todo.push(j);
                }
            }
        }
        seen
    }

    /// The chain of stages `stage` is built on, nearest first, itself included.
    /// Stops at an external image, at `scratch`, or at a cycle.
    pub fn ancestry(&self, stage: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut current = Some(stage);
        while let Some(i) = current {
            if chain.contains(&i) || i >= self.stages.len() {
                break;
            }
            chain.push(i);
            current = match self.stages[i].base.kind {
                BaseKind::Stage(p) => Some(p),
                _ => None,
            };
        }
        chain
    }

    /// The external image or `scratch` at the root of a stage's ancestry.
    pub fn root_base(&self, stage: usize) -> Option<&Base> {
        self.ancestry(stage)
            .last()
            .and_then(|&i| self.stages.get(i))
            .map(|s| &s.base)
    }

    /// Who the stage's processes run as at its end, following `FROM <stage>` chains.
    pub fn effective_user(&self, stage: usize) -> UserState {
        for i in self.ancestry(stage) {
            if let Some(user) = &self.stages[i].user {
                return UserState::Set(user.clone());
            }
        }
        match self.root_base(stage).map(|b| &b.kind) {
            Some(BaseKind::Scratch) => UserState::Root,
            _ => UserState::FromBaseImage,
        }
    }

    /// The shell `RUN` uses at the end of the stage, following `FROM <stage>` chains.
    pub fn effective_shell(&self, stage: usize) -> (ShellKind, Vec<String>) {
        match self.stages.get(stage).and_then(|s| s.shell.clone()) {
            Some(argv) => (ShellKind::of(&argv), argv),
            None => self.inherited_shell(stage),
        }
    }

    /// The shell a stage starts with: its parent stage's, or the default of
    /// its base image's platform (`cmd /S /C` on Windows, `/bin/sh -c` elsewhere).
    pub fn inherited_shell(&self, stage: usize) -> (ShellKind, Vec<String>) {
        let chain = self.ancestry(stage);
        for (n, &i) in chain.iter().enumerate() {
            if n > 0
                && let Some(argv) = &self.stages[i].shell
            {
                return (ShellKind::of(argv), argv.clone());
            }
            if let Some(shell) = &self.stages[i].shell_pragma {
                let argv = vec![shell.clone()];
                return (ShellKind::of(&argv), argv);
            }
        }
        let windows = self
            .root_base(stage)
            .is_some_and(|b| stage::looks_like_windows(&b.expanded));
        if windows {
            let argv = vec!["cmd".to_owned(), "/S".to_owned(), "/C".to_owned()];
            (ShellKind::Cmd, argv)
        } else {
            let argv = vec!["/bin/sh".to_owned(), "-c".to_owned()];
            (ShellKind::Posix, argv)
        }
    }

    /// The shell in force at instruction `index`: the last `SHELL` before it in
    /// its stage, else the shell the stage inherited.
    pub fn shell_at(&self, df: &Dockerfile, index: usize) -> (ShellKind, Vec<String>) {
        let Some(stage) = self.stage_of.get(index).copied().flatten() else {
            return (
                ShellKind::Posix,
                vec!["/bin/sh".to_owned(), "-c".to_owned()],
            );
        };
        let last = self.stages[stage]
            .instructions
            .iter()
            .take_while(|&&i| i < index)
            .filter_map(|&i| match df.instructions.get(i)?.kind() {
                InstructionKind::Shell { argv, .. } => {
                    Some(argv.iter().map(|w| w.value.to_string()).collect::<Vec<_>>())
                }
                _ => None,
            })
            .last();
        match last {
            Some(argv) => (ShellKind::of(&argv), argv),
            None => self.inherited_shell(stage),
        }
    }

    /// The shell kind in force at every instruction, in one pass over the
    /// file (what [`Model::shell_at`] gives for each index, without its
    /// per-call scan of the stage).
    pub fn shells(&self, df: &Dockerfile) -> Vec<ShellKind> {
        let mut current: Vec<Option<ShellKind>> = vec![None; self.stages.len()];
        let mut out = Vec::with_capacity(df.instructions.len());
        for (index, ins) in df.instructions.iter().enumerate() {
            let Some(stage) = self.stage_of.get(index).copied().flatten() else {
                out.push(ShellKind::Posix);
                continue;
            };
            let Some(slot) = current.get_mut(stage) else {
                out.push(ShellKind::Posix);
                continue;
            };
            let kind = *slot.get_or_insert_with(|| self.inherited_shell(stage).0);
            out.push(kind);
            if let InstructionKind::Shell { argv, .. } = ins.kind() {
                let argv: Vec<String> = argv.iter().map(|w| w.value.to_string()).collect();
                *slot = Some(ShellKind::of(&argv));
            }
        }
        out
    }

    /// The value of variable `name` as seen by instruction `index`.
    pub fn lookup(&self, index: usize, name: &str) -> Option<String> {
        match self.stage_of.get(index).copied().flatten() {
            Some(s) => self.stages[s]
                .scope_defs
                .iter()
                .rev()
                .find(|d| d.name == name && d.instruction.is_none_or(|i| i < index))
                .and_then(|d| d.value.clone()),
            None => self.global_args.value(name),
        }
    }
}
