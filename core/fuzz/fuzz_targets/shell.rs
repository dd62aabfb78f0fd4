//! Arbitrary text as a shell script, in both dialects. Nothing may panic,
//! every span must lie inside the text on character boundaries, and the
//! result must be exactly what brush-parser's path builds: the plain-script
//! parser only takes texts it reads the same way.
#![no_main]

use hullguard::shell::{Dialect, Script, parse_script, parse_script_with_brush};
use hullguard::span::Span;
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // brush-parser panics on some inputs; hullguard catches those panics and
        // reports an internal soft error, which is the behaviour under test. The
        // fuzzer's own hook aborts on any panic, caught or not, so it is skipped
        // for brush's; every other panic (an assertion here) still fails the run.
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.location().is_some_and(|l| l.file().contains("brush-parser")) {
                fuzzer_hook(info);
            }
        }));
    },
    |data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for dialect in [Dialect::Posix, Dialect::Bash] {
        let script = parse_script(text, dialect);
        check_spans(text, &script);
        let reference = parse_script_with_brush(text, dialect);
        assert_eq!(script, reference, "plain parser and brush disagree");
    }
});

fn check_span(text: &str, span: Span) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "span {span:?} outside the text"
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "span {span:?} not on char boundaries"
    );
}

fn check_spans(text: &str, script: &Script) {
    for c in &script.commands {
        check_span(text, c.span);
        for w in c.name.iter().chain(&c.args) {
            check_span(text, w.span);
        }
        for (_, w) in &c.assignments {
            check_span(text, w.span);
        }
        for r in &c.redirects {
            check_span(text, r.span);
            check_span(text, r.target.span);
        }
    }
    for p in &script.pipelines {
        check_span(text, p.span);
    }
}
