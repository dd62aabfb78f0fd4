//! Build arguments and environment variables in scope at each instruction,
//! following BuildKit: global `ARG`s (before the first `FROM`) are visible only
//! to `FROM` lines until a stage re-declares them; a stage sees its own `ARG`s
//! and `ENV`s, in order, plus the `ENV`s of a parent stage it is built `FROM`.

use crate::expand::{Expansion, Lexer};

/// Where a variable's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VarKind {
    /// Declared with `ARG`.
    Arg,
    /// Set with `ENV`.
    Env,
    /// Predefined by BuildKit (`TARGETPLATFORM`, `BUILDARCH`…).
    Builtin,
}

/// One variable definition.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VarDef {
    /// The name.
    pub name: String,
    /// The value after expansion, or `None` for an `ARG` with no default and
    /// no value from an outer scope (it is empty at build time unless a
    /// `--build-arg` sets it).
    pub value: Option<String>,
    /// ARG, ENV or builtin.
    pub kind: VarKind,
    /// Index of the defining instruction in the Dockerfile, if any.
    pub instruction: Option<usize>,
}

/// The predefined platform arguments, with the values of a default
/// `linux/amd64` build. They are in scope for `FROM` without a declaration.
pub fn builtin_args() -> Vec<VarDef> {
    [
        ("TARGETPLATFORM", "linux/amd64"),
        ("TARGETOS", "linux"),
        ("TARGETARCH", "amd64"),
        ("TARGETVARIANT", ""),
        ("BUILDPLATFORM", "linux/amd64"),
        ("BUILDOS", "linux"),
        ("BUILDARCH", "amd64"),
        ("BUILDVARIANT", ""),
    ]
    .into_iter()
    .map(|(name, value)| VarDef {
        name: name.to_owned(),
        value: Some(value.to_owned()),
        kind: VarKind::Builtin,
        instruction: None,
    })
    .collect()
}

/// An ordered list of definitions; the last definition of a name wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    defs: Vec<VarDef>,
}

impl Scope {
    /// A scope holding these definitions.
    pub fn from_defs(defs: Vec<VarDef>) -> Self {
        Scope { defs }
    }

    /// Add a definition (it shadows earlier ones of the same name).
    pub fn define(&mut self, def: VarDef) {
        self.defs.push(def);
    }

    /// The newest definition of `name`.
    pub fn get(&self, name: &str) -> Option<&VarDef> {
        self.defs.iter().rev().find(|d| d.name == name)
    }

    /// The value of `name`, if it is set.
    pub fn value(&self, name: &str) -> Option<String> {
        self.get(name).and_then(|d| d.value.clone())
    }

    /// All definitions, oldest first.
    pub fn defs(&self) -> &[VarDef] {
        &self.defs
    }

    /// Expand `word` in this scope; on a syntax error the word is returned as
    /// written with every variable it mentions reported as unresolved.
    pub fn expand(&self, lexer: &Lexer, word: &str) -> Expansion {
        let lookup = |name: &str| self.value(name);
        match lexer.expand_word(word, &lookup) {
            Ok(e) => e,
            Err(_) => Expansion {
                value: word.to_owned(),
                words: vec![word.to_owned()],
                matched: Vec::new(),
                unmatched: lexer.referenced_variables(word),
            },
        }
    }
}
