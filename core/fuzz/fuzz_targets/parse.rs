//! Arbitrary bytes through the Dockerfile parser. Nothing may panic; every
//! span the parse reports must lie inside the parsed text, on character
//! boundaries, and resolve to a line and column; the BuildKit-shaped record
//! and the syntax tree must serialize; a tree over an owned copy of the text
//! must equal the borrowed one.
#![no_main]

use hullguard::span::Span;
use hullguard::syntax::{
    CommandForm, Dockerfile, HealthcheckKind, Instruction, InstructionKind, Keyword, Word,
    buildkit_record, parse_bytes, parse_owned,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let df = parse_bytes(data);
    check_file(&df);
    // A tree over a shared copy of the text reads exactly as the borrowed one.
    if let Ok(text) = std::str::from_utf8(data) {
        let owned = parse_owned(text);
        assert_eq!(owned.instructions, df.instructions, "owned tree");
        // Equality leaves out the mounts (a reading of the flags): read both.
        for (a, b) in owned.instructions.iter().zip(&df.instructions) {
            assert_eq!(a.mounts(), b.mounts(), "owned mounts");
        }
        assert_eq!(owned.comments, df.comments, "owned comments");
    }
});

fn check_file(df: &Dockerfile) {
    let lines = df.line_index().line_count();
    for d in &df.directives {
        check_span(df, d.span, "directive");
        check_span(df, d.value_span, "directive value");
        assert_eq!(df.slice(d.value_span), d.value, "directive value text");
    }
    for c in &df.comments {
        check_span(df, c.span, "comment");
        assert!(
            df.slice(c.span).starts_with('#'),
            "comment span starts at '#'"
        );
    }
    for d in &df.diagnostics {
        check_span(df, d.span, "diagnostic");
    }
    for ins in &df.instructions {
        check_instruction(df, ins, lines);
    }
    let record = buildkit_record("f", df);
    if let Err(e) = serde_json::to_string(&record) {
        panic!("buildkit record does not serialize: {e}");
    }
    assert_eq!(
        record.ok,
        !df.has_errors(),
        "record.ok agrees with has_errors"
    );
    if let Err(e) = serde_json::to_string(&df.diagnostics) {
        panic!("diagnostics do not serialize: {e}");
    }
    for ins in &df.instructions {
        if let Err(e) = serde_json::to_string(ins) {
            panic!("instruction at line {} does not serialize: {e}", ins.line);
        }
    }
}

fn check_instruction(df: &Dockerfile, ins: &Instruction, lines: usize) {
    assert!(ins.line >= 1, "line is 1-based");
    assert!(ins.line <= ins.end_line, "line <= end_line");
    assert!(ins.end_line <= lines, "end_line within the file");
    check_span(df, ins.span, "instruction");
    check_word(df, &ins.keyword_word, "keyword");
    for f in &ins.flags {
        check_span(df, f.span, "flag");
    }
    for w in &ins.args {
        check_word(df, w, "argument");
    }
    check_span(df, ins.arguments_span, "arguments");
    let arguments = df.arguments_text(ins);
    check_span(df, arguments.span(), "arguments text");
    // A shell-form command is its arguments text.
    if let Some(CommandForm::Shell(word)) = ins.command() {
        if matches!(ins.keyword, Keyword::Run | Keyword::Cmd | Keyword::Entrypoint) {
            assert_eq!(arguments.text, word.value.as_str(), "shell-form text");
        }
    }
    for h in &ins.heredocs {
        check_span(df, h.header_span, "heredoc header");
        check_span(df, h.body_span, "heredoc body");
        check_span(df, h.terminator_span, "heredoc terminator");
        assert_eq!(df.slice(h.body_span), h.content, "heredoc body text");
        let _ = h.effective_content();
    }
    for m in ins.mounts() {
        check_span(df, m.span, "mount");
    }
    match ins.kind() {
        InstructionKind::From { image, alias, .. } => {
            check_words(df, image.into_iter().chain(alias), "from");
        }
        InstructionKind::Run { command, .. }
        | InstructionKind::Cmd { command }
        | InstructionKind::Entrypoint { command } => check_command(df, command),
        InstructionKind::Shell { argv, .. } => check_words(df, argv, "shell"),
        InstructionKind::Copy(c) | InstructionKind::Add(c) => {
            check_words(df, c.sources.iter().chain(c.dest), "copy");
        }
        InstructionKind::Env { pairs } | InstructionKind::Label { pairs } => {
            for p in pairs {
                check_word(df, p.key, "key");
                check_word(df, p.value, "value");
            }
        }
        InstructionKind::Arg { args } => {
            for a in args {
                check_word(df, a.word, "arg");
            }
        }
        InstructionKind::Expose { ports } => check_words(df, ports, "expose"),
        InstructionKind::Volume { paths } => check_words(df, paths, "volume"),
        InstructionKind::User { user: w }
        | InstructionKind::Workdir { path: w }
        | InstructionKind::Stopsignal { signal: w }
        | InstructionKind::Maintainer { name: w } => check_words(df, w, "single word"),
        InstructionKind::Healthcheck { check } => match check {
            HealthcheckKind::None => {}
            HealthcheckKind::Cmd { command } => check_command(df, command),
            HealthcheckKind::Other { word } => check_words(df, word, "healthcheck"),
        },
        InstructionKind::Onbuild { trigger } => {
            if let Some(child) = trigger {
                assert!(
                    child.trigger.is_none(),
                    "ONBUILD ONBUILD is rejected"
                );
                check_instruction(df, child, lines);
            }
        }
        InstructionKind::Unknown => {}
    }
    let _ = ins.command();
}

fn check_command(df: &Dockerfile, command: Option<CommandForm<'_>>) {
    match command {
        Some(CommandForm::Shell(w)) => check_word(df, w, "shell command"),
        Some(CommandForm::Exec { args }) => check_words(df, args, "exec command"),
        None => {}
    }
}

fn check_words<'a>(df: &Dockerfile<'_>, words: impl IntoIterator<Item = &'a Word<'a>>, what: &str) {
    for w in words {
        check_word(df, w, what);
    }
}

fn check_word(df: &Dockerfile, w: &Word, what: &str) {
    check_span(df, w.span, what);
}

fn check_bounds(df: &Dockerfile, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= df.text.len(),
        "{what} span {span:?} outside the text (len {})",
        df.text.len()
    );
}

/// In bounds, on char boundaries, and resolvable to positions.
fn check_span(df: &Dockerfile, span: Span, what: &str) {
    check_bounds(df, span, what);
    assert!(
        df.text.is_char_boundary(span.start) && df.text.is_char_boundary(span.end),
        "{what} span {span:?} not on char boundaries"
    );
    assert_eq!(df.slice(span).len(), span.len(), "{what} slice length");
    let lines = df.line_index().line_count();
    let a = df.position(span.start);
    let b = df.position(span.end);
    assert!(a <= b, "{what} span {span:?}: positions out of order");
    assert!(
        a.line >= 1 && b.line <= lines,
        "{what} span {span:?}: line out of range"
    );
    assert!(
        a.column >= 1 && b.column >= 1,
        "{what} span {span:?}: column is 1-based"
    );
}
