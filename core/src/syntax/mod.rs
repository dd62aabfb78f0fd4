//! Reading a Dockerfile exactly as `docker build` (BuildKit) reads it.
//!
//! The parser is hand-written, iterative and linear in the input size. It
//! follows BuildKit's line scanner (directives, comments, continuations,
//! heredocs) and its per-instruction line parsers, but it never gives up on a
//! file: an instruction BuildKit would reject becomes one diagnostic with an
//! exact span, and the rest of the file is still read.

mod ast;
mod buildkit_view;
mod byte_set;
mod flags;
mod heredoc;
mod instruction;
mod join_buffer;
mod json;
mod logical;
mod scanner;
mod strings;
mod word_list;
mod words;

pub use ast::{
    ArgDecl, ArgDecls, CommandForm, Comment, CopyArgs, Directive, Dockerfile, Flag, FlagValues,
    HealthcheckKind, Heredoc, Instruction, InstructionKind, KeyValue, KeyValues, Keyword,
    SyntaxDiagnostic, SyntaxErrorKind, SyntaxSeverity, Word,
};
pub use buildkit_view::{BuildkitHeredoc, BuildkitInstruction, BuildkitRecord, buildkit_record};
pub use flags::{Mount, MountType};
pub use logical::LogicalText;
pub use strings::Str;
pub use word_list::Words;

/// Parse Dockerfile text.
pub fn parse(text: &str) -> Dockerfile<'_> {
    scanner::scan(Str::borrowed(text))
}

/// Parse Dockerfile text the tree then owns (a shared copy its values
/// point into), for a tree that must outlive the text it was read from.
pub fn parse_owned(text: impl Into<std::sync::Arc<str>>) -> Dockerfile<'static> {
    scanner::scan(Str::owned(text))
}

/// Parse Dockerfile bytes. Invalid UTF-8 is replaced with U+FFFD and reported
/// as a warning at the first bad byte; nothing else is lost.
pub fn parse_bytes(bytes: &[u8]) -> Dockerfile<'_> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(e) => {
            let text = Str::owned(String::from_utf8_lossy(bytes));
            let at = e.valid_up_to();
            let mut df = scanner::scan(text);
            df.diagnostics.insert(
                0,
                SyntaxDiagnostic {
                    kind: SyntaxErrorKind::InvalidUtf8,
                    severity: SyntaxSeverity::Warning,
                    message: "file is not valid UTF-8; invalid bytes were read as U+FFFD".into(),
                    span: crate::span::Span::new(at, at + '\u{FFFD}'.len_utf8()),
                },
            );
            df
        }
    }
}
