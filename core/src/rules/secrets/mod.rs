//! No secrets in images: not in ARG/ENV, not written out in the Dockerfile,
//! not copied in as files, not passed on command lines that the image
//! history records.

use crate::lint::{Context, Rule};
use crate::model::{RunScript, VarKind};
use crate::shell::Script;
use crate::syntax::{Instruction, Mount, MountType};

mod credential_on_command_line;
mod literal_secret;
mod secret_file_copied;
mod secret_in_arg_or_env;

pub(crate) const RULES: &[&dyn Rule] = &[
    &secret_in_arg_or_env::SecretInArgOrEnv,
    &literal_secret::LiteralSecret,
    &secret_file_copied::SecretFileCopied,
    &credential_on_command_line::CredentialOnCommandLine,
];

/// Every instruction with its index; for `ONBUILD X`, the trigger `X` (with
/// the ONBUILD's index), since it runs in images built from this one.
pub(super) fn instructions<'a>(
    cx: &'a Context<'_>,
) -> impl Iterator<Item = (usize, &'a Instruction<'a>)> + 'a {
    cx.df
        .instructions
        .iter()
        .enumerate()
        .map(|(i, ins)| (i, ins.trigger_or_self()))
}

/// The `--mount`s of a RUN (or of an ONBUILD RUN's trigger).
pub(super) fn run_mounts<'a>(cx: &'a Context<'_>, index: usize) -> &'a [Mount<'a>] {
    cx.df
        .instructions
        .get(index)
        .map_or(&[], |i| i.trigger_or_self().mounts())
}

/// Whether a name is an ARG or ENV in scope at instruction `index`, and which.
pub(super) fn var_kind_at(cx: &Context<'_>, index: usize, name: &str) -> Option<VarKind> {
    let kind = match cx.model.stage_of.get(index).copied().flatten() {
        Some(s) => cx.model.stages[s]
            .scope_defs
            .iter()
            .rev()
            .find(|d| d.name == name && d.instruction.is_none_or(|i| i < index))
            .map(|d| d.kind),
        None => cx.model.global_args.get(name).map(|d| d.kind),
    };
    kind.filter(|k| matches!(k, VarKind::Arg | VarKind::Env))
}

/// Byte offsets in `text` where variable `name` is referenced as `$name` or
/// `${name…}`.
pub(super) fn var_references(text: &str, name: &str) -> Vec<usize> {
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (at, _) in text.match_indices('$') {
        let rest = &text[at + 1..];
        let (body, after) = match rest.strip_prefix('{') {
            Some(r) => (r, at + 2),
            None => (rest, at + 1),
        };
        if body.starts_with(name) && bytes.get(after + name.len()).is_none_or(|&b| !is_ident(b)) {
            out.push(at);
        }
    }
    out
}

/// Where a credential written in a build script comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum CredentialSource {
    /// Written out in the Dockerfile.
    Literal,
    /// Taken from a build argument or environment variable, whose value the
    /// image history or config records.
    Variable {
        /// Its name.
        name: String,
        /// ARG or ENV.
        kind: VarKind,
    },
}

impl CredentialSource {
    /// How to say where the credential came from in a message.
    pub(super) fn describe(&self) -> String {
        match self {
            CredentialSource::Literal => "a literal value".to_owned(),
            CredentialSource::Variable { name, kind } => {
                let k = if *kind == VarKind::Env { "ENV" } else { "ARG" };
                format!("the {k} `{name}`")
            }
        }
    }
}

/// Whether the script gives `name` a value itself (`T=$(cat /run/secrets/t)`,
/// `export T=…`, `read T`), so that a build variable of that name is not used.
fn script_assigns(script: &Script, name: &str) -> bool {
    let prefix = format!("{name}=");
    script.commands.iter().any(|c| {
        (c.name.is_none() && c.assignments.iter().any(|(n, _)| n == name))
            || (c.is_program(&["export", "declare", "local", "typeset", "readonly"])
                && c.arg_texts().any(|a| a.starts_with(&prefix)))
            || (c.is_program(&["read"]) && c.has_arg(name))
    })
}

/// Where the credential `raw` (a shell word, or part of one, as written in
/// `run`'s script) comes from: `None` when it is computed at run time
/// (`$(cat /run/secrets/…)`), empty, or only uses variables that are not
/// build variables (set by the script, by a secret mount's `env=`, or unset).
pub(super) fn credential_source(
    cx: &Context<'_>,
    run: &RunScript,
    script: &Script,
    raw: &str,
) -> Option<CredentialSource> {
    if raw.contains("$(") || raw.contains('`') {
        return None;
    }
    let refs = crate::expand::referenced_variables(raw, '\\');
    if refs.is_empty() {
        let v = raw.trim_matches(|c| c == '"' || c == '\'');
        return (!v.is_empty() && !v.contains('$')).then_some(CredentialSource::Literal);
    }
    let mounts = run_mounts(cx, run.instruction);
    refs.into_iter().find_map(|name| {
        let from_secret = mounts
            .iter()
            .any(|m| m.kind == MountType::Secret && m.env.as_deref() == Some(name.as_str()));
        if from_secret || script_assigns(script, &name) {
            return None;
        }
        let kind = var_kind_at(cx, run.instruction, &name)?;
        Some(CredentialSource::Variable { name, kind })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_variable_references() {
        let t = "a $TOKEN ${TOKEN} ${TOKEN:-x} $TOKENS ${TOKEN_X} $$";
        assert_eq!(var_references(t, "TOKEN"), [2, 9, 18]);
    }
}
