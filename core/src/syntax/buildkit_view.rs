//! The parse in the shape BuildKit's own parser reports it: one record per
//! file, as in `shared/conformance/*-buildkit.jsonl`. It is the debugging and
//! conformance interface (`hullguard parse --format jsonl`).

use serde::{Deserialize, Serialize};

use super::ast::{Dockerfile, Instruction, Keyword, SyntaxSeverity};

/// One file as BuildKit's parser sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildkitRecord {
    /// The path as given.
    pub file: String,
    /// Whether BuildKit's parser accepts the file.
    pub ok: bool,
    /// The instructions, when the file is accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<Vec<BuildkitInstruction>>,
    /// The first error, when it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One instruction as BuildKit's parser sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildkitInstruction {
    /// Keyword, upper case.
    pub kw: String,
    /// ONBUILD's trigger keyword, upper case.
    pub sub: Option<String>,
    /// Exec (JSON) form.
    pub json: bool,
    /// First line, 1-based.
    pub line: usize,
    /// Last line, 1-based.
    pub end_line: usize,
    /// Flags as written (`--name=value`).
    pub flags: Vec<String>,
    /// BuildKit's argument list.
    pub args: Vec<String>,
    /// Heredocs.
    pub heredocs: Vec<BuildkitHeredoc>,
}

/// A heredoc as BuildKit's parser sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildkitHeredoc {
    /// Terminator word.
    pub name: String,
    /// Body, each line with its newline.
    pub content: String,
}

fn view(ins: &Instruction) -> BuildkitInstruction {
    let (sub, args_of) = match &ins.trigger {
        Some(child) => (Some(child.keyword_word.value.to_uppercase()), &**child),
        None => (None, ins),
    };
    let args = if args_of.keyword == Keyword::Unknown {
        // BuildKit keeps one empty argument for a keyword it does not know.
        vec![String::new()]
    } else {
        args_of.args.iter().map(|w| w.value.to_string()).collect()
    };
    BuildkitInstruction {
        kw: ins.keyword_word.value.to_uppercase(),
        sub,
        json: args_of.json,
        line: ins.line,
        end_line: ins.end_line,
        flags: ins.flags.iter().map(|f| f.raw.to_string()).collect(),
        args,
        heredocs: ins
            .heredocs
            .iter()
            .map(|h| BuildkitHeredoc {
                name: h.name.to_string(),
                content: h.content.to_string(),
            })
            .collect(),
    }
}

/// The BuildKit-shaped record of a parsed file.
pub fn buildkit_record(file: &str, df: &Dockerfile) -> BuildkitRecord {
    let first_error = df
        .diagnostics
        .iter()
        .find(|d| d.severity == SyntaxSeverity::Error);
    match first_error {
        Some(e) => BuildkitRecord {
            file: file.to_owned(),
            ok: false,
            instructions: None,
            error: Some(e.message.clone()),
        },
        None => BuildkitRecord {
            file: file.to_owned(),
            ok: true,
            instructions: Some(df.instructions.iter().map(view).collect()),
            error: None,
        },
    }
}
