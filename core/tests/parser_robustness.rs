//! Hostile and huge inputs: the parser must stay linear, iterative and
//! panic-free. Every case runs on a 2 MiB thread (the default for spawned,
//! rayon and tokio threads) so that any recursion on input depth would fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hullguard::syntax::{Dockerfile, Keyword, SyntaxErrorKind, parse, parse_bytes, parse_owned};

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

fn check_spans(df: &Dockerfile) {
    for ins in &df.instructions {
        assert!(ins.span.end <= df.text.len());
        assert!(df.text.is_char_boundary(ins.span.start) && df.text.is_char_boundary(ins.span.end));
        for w in ins.args.iter().chain(std::iter::once(&ins.keyword_word)) {
            assert!(w.span.end <= df.text.len() && w.span.start <= w.span.end);
        }
    }
}

#[test]
fn continuation_chain_of_200k_lines() {
    let df = on_small_stack(|| {
        let mut s = String::from("FROM busybox\nRUN echo start \\\n");
        for i in 0..200_000 {
            s.push_str(&format!("    && echo {i} \\\n"));
        }
        s.push_str("    && echo end\n");
        parse_owned(s)
    });
    assert_eq!(df.instructions.len(), 2);
    assert_eq!(df.instructions[1].end_line, 200_003);
    assert!(df.instructions[1].args[0].value.ends_with("&& echo end"));
    check_spans(&df);
}

#[test]
fn ten_thousand_heredocs() {
    let df = on_small_stack(|| {
        let mut s = String::from("FROM busybox\nCOPY");
        for i in 0..10_000 {
            s.push_str(&format!(" <<H{i}"));
        }
        s.push_str(" /dest/\n");
        for i in 0..10_000 {
            s.push_str(&format!("body {i}\nH{i}\n"));
        }
        for i in 0..10_000 {
            s.push_str(&format!("RUN <<EOF\necho {i}\nEOF\n"));
        }
        parse_owned(s)
    });
    assert!(!df.has_errors(), "{:?}", df.diagnostics.first());
    assert_eq!(df.instructions[1].heredocs.len(), 10_000);
    assert_eq!(df.instructions[1].heredocs[9_999].content, "body 9999\n");
    assert_eq!(df.instructions.len(), 2 + 10_000);
    check_spans(&df);
}

#[test]
fn ten_megabyte_single_line() {
    let df = on_small_stack(|| {
        let mut s = String::from("FROM busybox\nRUN echo ");
        s.push_str(&"x".repeat(10 << 20));
        s.push('\n');
        parse_owned(s)
    });
    assert_eq!(df.instructions[1].args[0].value.len(), 5 + (10 << 20));
    check_spans(&df);
}

#[test]
fn deeply_nested_json_and_words() {
    let df = on_small_stack(|| {
        let s = format!(
            "FROM busybox\nCMD {}{}\nENV A={}\nRUN {}\n",
            "[".repeat(500_000),
            "]".repeat(500_000),
            "\"".repeat(100_001),
            "$(".repeat(100_000)
        );
        parse_owned(s)
    });
    // Nested arrays are valid JSON but not strings: an error, and parsing goes on.
    assert!(
        df.diagnostics
            .iter()
            .any(|d| d.kind == SyntaxErrorKind::InvalidInstruction)
    );
    assert!(df.instructions.iter().any(|i| i.keyword == Keyword::Run));
}

#[test]
fn invalid_utf8_and_nul_bytes() {
    let df = on_small_stack(|| {
        parse_bytes(b"FROM busybox\nRUN echo \xff\xfe \x00 ok\nCMD [\"a\x00\"]\n")
    });
    assert_eq!(df.diagnostics[0].kind, SyntaxErrorKind::InvalidUtf8);
    assert_eq!(df.diagnostics[0].span.start, 22);
    assert_eq!(df.instructions.len(), 3);
    assert!(df.instructions[1].args[0].value.contains('\u{fffd}'));
    assert!(df.instructions[1].args[0].value.contains('\0'));
    check_spans(&df);
}

#[test]
fn garbage_never_panics() {
    // A cheap deterministic fuzz pass over byte soup made of Dockerfile tokens.
    let tokens: [&[u8]; 24] = [
        b"FROM ",
        b"RUN ",
        b"COPY ",
        b"<<EOF",
        b"EOF",
        b"\n",
        b"\\",
        b"`",
        b"\"",
        b"'",
        b"[",
        b"]",
        b"--mount=",
        b"# escape=`",
        b"${",
        b"}",
        b"ONBUILD ",
        b" ",
        b"\t",
        b"\r",
        b"\xef\xbb\xbf",
        b"=",
        b"<<-",
        b"\xc3",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..3_000 {
        let mut input = Vec::new();
        for _ in 0..(seed % 40) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            input.extend_from_slice(tokens[(seed % tokens.len() as u64) as usize]);
        }
        let df = parse_bytes(&input);
        check_spans(&df);
        for d in &df.diagnostics {
            let _ = df.position(d.span.start);
        }
    }
}

#[test]
fn fuzz_findings_stay_fixed() {
    // A first line that is only a continuation: the argument bounds once
    // counted the trimmed start twice and sliced past the end.
    for input in ["\\\n x", "\\\n x\u{a0}", "FROM a\n\\\n  RUN x\n"] {
        let df = parse(input);
        check_spans(&df);
    }
    let df = parse("FROM a\n\\\n  RUN x\n");
    assert_eq!(df.instructions[1].keyword, Keyword::Run);
    // The invalid-UTF-8 warning covers the whole replacement character.
    let df = parse_bytes(b"\xff");
    let span = df.diagnostics[0].span;
    assert_eq!(df.slice(span), "\u{fffd}");
    // Every instruction serializes, exec forms included.
    let df = parse("FROM a\nCMD []\nENTRYPOINT [\"x\"]\n");
    for ins in &df.instructions {
        serde_json::to_string(ins).unwrap();
    }
}

#[test]
fn owned_and_borrowed_trees_are_equal() {
    let text = "# syntax=docker/dockerfile:1\nFROM a AS b\n# note\nRUN x \\\n  && y\nENV K=\"v w\"\nCOPY <<EOF /f\nbody\nEOF\nCMD [\"a\\u0041\"]\n";
    let borrowed = parse(text);
    let owned = parse_owned(text);
    assert_eq!(borrowed.instructions, owned.instructions);
    assert_eq!(borrowed.comments, owned.comments);
    assert_eq!(borrowed.directives, owned.directives);
    assert_eq!(borrowed.diagnostics, owned.diagnostics);
    assert_eq!(owned.instructions[4].args[0].value, "aA");
    assert_eq!(
        parse_bytes(text.as_bytes()).instructions,
        owned.instructions
    );
}
