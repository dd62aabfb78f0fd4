//! Every token carries the span of its source text, so diagnostics can point
//! at the exact line and column even across continuations, BOMs and CRLF.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hullguard::span::Position;
use hullguard::syntax::{CommandForm, InstructionKind, SyntaxErrorKind, parse};

fn pos(line: usize, column: usize) -> Position {
    Position { line, column }
}

#[test]
fn words_and_flags_point_at_their_text() {
    let df =
        parse("FROM --platform=linux/amd64 python:3.12 AS build\nCOPY --from=build --link a /b\n");
    let from = &df.instructions[0];
    assert_eq!(df.slice(from.keyword_word.span), "FROM");
    assert_eq!(df.slice(from.flags[0].span), "--platform=linux/amd64");
    let InstructionKind::From {
        image,
        alias,
        platform,
    } = from.kind()
    else {
        panic!()
    };
    assert_eq!(df.slice(image.unwrap().span), "python:3.12");
    assert_eq!(df.position(image.unwrap().span.start), pos(1, 29));
    assert_eq!(alias.unwrap().value, "build");
    assert_eq!(platform, Some("linux/amd64"));
    let InstructionKind::Copy(c) = df.instructions[1].kind() else {
        panic!()
    };
    assert_eq!((c.from, c.link, c.parents), (Some("build"), true, false));
    assert_eq!(c.sources.len(), 1);
    assert_eq!(c.dest.unwrap().value, "/b");
    let copy = &df.instructions[1];
    assert_eq!(df.slice(copy.flags[1].span), "--link");
    assert_eq!(df.position(copy.args[1].span.start), pos(2, 28));
}

#[test]
fn continued_words_map_back_to_their_lines() {
    let text = "FROM a\nRUN apt-get update \\\n    # note\n    && apt-get install -y curl\n";
    let df = parse(text);
    let run = &df.instructions[1];
    assert_eq!((run.line, run.end_line), (2, 4));
    let rest = df.arguments_text(run);
    let at = rest.text.find("curl").unwrap();
    let span = rest.map(at, at + 4);
    assert_eq!(df.slice(span), "curl");
    assert_eq!(df.position(span.start), pos(4, 27));
    assert_eq!(df.comments.len(), 1);
    assert!(df.comments[0].inside_instruction);
}

#[test]
fn comment_text_is_trimmed_like_str_trim() {
    // `# text` (the usual form) and every shape around it: no space, more
    // blanks, tabs, CR, Unicode spaces and letters at either end, empty.
    let cases = [
        ("# note", "note"),
        ("#note", "note"),
        ("#   note  ", "note"),
        ("#\tnote\t", "note"),
        ("# note\r", "note"),
        ("# \u{a0}note\u{2003}", "note"),
        ("# é", "é"),
        ("#é ", "é"),
        ("# a b ", "a b"),
        ("# ", ""),
        ("#", ""),
    ];
    for (line, want) in cases {
        let text = format!("{line}\nFROM a\n");
        let df = parse(&text);
        assert_eq!(df.comments.len(), 1, "{line:?}");
        let c = &df.comments[0];
        assert_eq!(c.text.as_str(), want, "{line:?}");
        assert_eq!(c.text.as_str(), line[1..].trim(), "{line:?}");
        assert_eq!(df.slice(c.span), line.trim_end_matches('\r'), "{line:?}");
    }
}

#[test]
fn bom_and_crlf_keep_offsets_exact() {
    let text = "\u{feff}FROM a\r\nUSER app\r\n";
    let df = parse(text);
    let user = &df.instructions[1];
    assert_eq!(user.args[0].value, "app");
    assert_eq!(df.slice(user.args[0].span), "app");
    assert_eq!(df.position(user.args[0].span.start), pos(2, 6));
    assert_eq!(
        df.position(df.instructions[0].keyword_word.span.start),
        pos(1, 2)
    );
}

#[test]
fn heredoc_spans_cover_header_body_and_terminator() {
    let df = parse("FROM a\nRUN <<EOF bash\necho hi\nEOF\nCMD x\n");
    let h = &df.instructions[1].heredocs[0];
    assert_eq!(df.slice(h.header_span), "<<EOF");
    assert_eq!(df.slice(h.body_span), "echo hi\n");
    assert_eq!(df.slice(h.terminator_span), "EOF");
    assert_eq!(df.instructions[1].end_line, 4);
    assert_eq!(
        df.slice(df.instructions[1].span),
        "RUN <<EOF bash\necho hi\nEOF"
    );
}

#[test]
fn bad_instruction_is_one_diagnostic_and_the_rest_is_parsed() {
    let df = parse("FROM a\nENV JUSTNAME\nCMD [\"x\", [1]]\nUSER app\n");
    let errors: Vec<_> = df
        .diagnostics
        .iter()
        .map(|d| (d.kind, df.position(d.span.start).line))
        .collect();
    assert_eq!(
        errors,
        [
            (SyntaxErrorKind::InvalidInstruction, 2),
            (SyntaxErrorKind::InvalidInstruction, 3)
        ]
    );
    assert_eq!(df.instructions.len(), 2);
    assert_eq!(df.instructions[1].args[0].value, "app");
}

#[test]
fn unterminated_heredoc_and_directive_errors() {
    let df = parse("# escape=x\nFROM a\nRUN <<EOF\necho never ends\n");
    let kinds: Vec<_> = df.diagnostics.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [
            SyntaxErrorKind::InvalidDirective,
            SyntaxErrorKind::UnterminatedHeredoc
        ]
    );
    assert_eq!(df.slice(df.diagnostics[0].span), "x");
    let df = parse("# syntax=a\n# syntax=b\nFROM a\n");
    assert_eq!(
        df.diagnostics[0].message,
        "only one syntax parser directive can be used"
    );
}

#[test]
fn empty_continuation_line_is_a_warning() {
    let df = parse("FROM a\nRUN a \\\n\n  b\n");
    assert!(!df.has_errors());
    assert_eq!(
        df.diagnostics[0].kind,
        SyntaxErrorKind::EmptyContinuationLine
    );
    assert_eq!(df.position(df.diagnostics[0].span.start).line, 3);
}

#[test]
fn typed_views_of_instructions() {
    let df = parse(concat!(
        "FROM a\n",
        "RUN --mount=type=cache,target=/var/cache/apt --network=none apt-get install -y x\n",
        "CMD [\"run\", \"--port\", \"80\"]\n",
        "HEALTHCHECK --interval=5s CMD curl -f http://localhost || exit 1\n",
        "ONBUILD COPY . /src\n",
        "ENV A=1 B=\"2 3\"\n",
        "ARG X Y=1\n",
    ));
    let run = &df.instructions[1];
    assert_eq!(run.mounts()[0].target.as_deref(), Some("/var/cache/apt"));
    assert!(run.mounts()[0].is_cache_like());
    assert!(
        matches!(run.command(), Some(CommandForm::Shell(w)) if w.value == "apt-get install -y x")
    );
    let InstructionKind::Run { network, .. } = run.kind() else {
        panic!()
    };
    assert_eq!(network, Some("none"));
    assert!(
        matches!(df.instructions[2].command(), Some(CommandForm::Exec { args: v }) if v.len() == 3)
    );
    assert!(
        matches!(df.instructions[3].command(), Some(CommandForm::Shell(w)) if w.value.starts_with("curl"))
    );
    let InstructionKind::Onbuild { trigger: Some(t) } = df.instructions[4].kind() else {
        panic!()
    };
    assert!(
        matches!(t.kind(), InstructionKind::Copy(c) if c.sources[0].value == "." && c.dest.unwrap().value == "/src")
    );
    assert_eq!(df.slice(t.keyword_word.span), "COPY");
    let InstructionKind::Env { pairs } = df.instructions[5].kind() else {
        panic!()
    };
    let pairs: Vec<_> = pairs.collect();
    assert!(!pairs[0].legacy);
    assert_eq!(pairs[1].value.value, "\"2 3\"");
    assert_eq!(df.slice(pairs[1].key.span), "B");
    let InstructionKind::Arg { args } = df.instructions[6].kind() else {
        panic!()
    };
    let args: Vec<_> = args.collect();
    assert_eq!((args[0].name, args[1].default), ("X", Some("1")));
}

#[test]
fn arguments_text_is_joined_as_the_instruction_was_read() {
    let cases = [
        "FROM a\nRUN echo a \\\n\n  # c\n  b \\\\\nRUN x\n",
        "FROM a\r\nRUN --mount=type=cache,target=/c \\\r\n    apt-get \\\r\n    install\r\n",
        "# escape=`\nFROM a\nRUN dir `\n  c:\\ `\n  /s\n",
        "FROM a\nONBUILD RUN make \\\n  all\n",
        "FROM a\nCMD \\\n",
    ];
    for text in cases {
        let df = parse(text);
        for ins in &df.instructions {
            let target = ins.trigger_or_self();
            let joined = df.arguments_text(target);
            if !joined.text.is_empty() {
                assert_eq!(joined.span(), target.arguments_span, "{text:?}");
            }
            if let Some(hullguard::syntax::CommandForm::Shell(word)) = target.command() {
                assert_eq!(joined.text, word.value.as_str(), "{text:?}");
                let at = joined.text.len().saturating_sub(1);
                let last = joined.map(at, at + 1);
                assert_eq!(df.slice(last), &joined.text[at..], "{text:?}");
            }
        }
    }
    let df = parse("FROM a\nRUN echo a \\\n\n  # c\n  b \\\\\nRUN x\n");
    assert_eq!(
        df.arguments_text(&df.instructions[1]).text,
        "echo a   b \\\\"
    );
    // Any span is safe to ask for, even one that cuts a character or runs past the end.
    let df = parse("FROM a\nRUN echo h\u{e9}llo \\\n  w\u{f6}rld\n");
    for start in 0..df.text.len() + 2 {
        for end in [start, start + 1, start + 5, df.text.len() + 3] {
            let _ = df.logical_text(hullguard::span::Span::new(start, end));
        }
    }
}

#[test]
fn one_line_words_match_the_same_words_read_after_a_continuation() {
    // An instruction on one line has its words sliced straight from the
    // source; after a continuation they are found through the joined line.
    // Both readings give the same values, at the same source text.
    let cases = [
        ("ENV", "A=1 B=\"2 3\" C= D='x y'"),
        ("ENV", "KEY value with  spaces"),
        ("LABEL", "org.title=\"app\" version=1.0"),
        ("ARG", "X Y=1 Z=\"a b\""),
        ("ARG", "V=1\\"),
        ("COPY", "a b /c/"),
        ("FROM", "img:1 AS build"),
        ("EXPOSE", "80 443/udp"),
        ("USER", "app:app"),
        ("HEALTHCHECK", "CMD curl -f http://x || exit 1"),
        ("CMD", "[\"a\", \"b c\"]"),
    ];
    for (keyword, args) in cases {
        let (one_text, continued_text) = (
            format!("FROM a\n{keyword} {args}\n"),
            format!("FROM a\n{keyword} \\\n{args}\n"),
        );
        let (one, continued) = (parse(&one_text), parse(&continued_text));
        let (a, b) = (&one.instructions[1], &continued.instructions[1]);
        assert!(!a.args.is_empty(), "{keyword} {args}");
        assert_eq!(a.args.len(), b.args.len(), "{keyword} {args}");
        for (x, y) in a.args.iter().zip(b.args.iter()) {
            assert_eq!(x.value, y.value, "{keyword} {args}");
            assert_eq!(
                one.slice(x.span),
                continued.slice(y.span),
                "{keyword} {args}"
            );
            assert_eq!(x.span.start + 2, y.span.start, "{keyword} {args}");
        }
        assert_eq!(
            one.slice(a.keyword_word.span),
            continued.slice(b.keyword_word.span)
        );
    }
}
