//! Problems reading the file itself: what BuildKit's parser rejects or warns
//! about, and scripts the shell parser cannot read.

use crate::lint::{Context, Finding, Rule};
use crate::syntax::SyntaxErrorKind;

mod empty_continuation_line;
mod invalid_instruction;
mod invalid_parser_directive;
mod invalid_utf8;
mod no_instructions;
mod unparsable_shell_script;
mod unterminated_heredoc;

pub(crate) const RULES: &[&dyn Rule] = &[
    &invalid_instruction::InvalidInstruction,
    &unterminated_heredoc::UnterminatedHeredoc,
    &invalid_parser_directive::InvalidParserDirective,
    &no_instructions::NoInstructions,
    &empty_continuation_line::EmptyContinuationLine,
    &invalid_utf8::InvalidUtf8,
    &unparsable_shell_script::UnparsableShellScript,
];

/// Report the parser's (or the shell layer's) diagnostics of one kind.
fn report(cx: &Context<'_>, kind: SyntaxErrorKind, out: &mut Vec<Finding>) {
    for d in cx.df.diagnostics.iter().chain(&cx.model.diagnostics) {
        if d.kind == kind {
            out.push(Finding::new(d.span, d.message.clone()));
        }
    }
}
