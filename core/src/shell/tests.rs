//! Tests on real `RUN` scripts and on hostile input.

use super::*;

fn bash(text: &str) -> Script {
    parse_script(text, Dialect::Bash)
}

fn sh(text: &str) -> Script {
    parse_script(text, Dialect::Posix)
}

fn slice(text: &str, span: Span) -> &str {
    &text[span.start..span.end]
}

fn names(s: &Script) -> Vec<&str> {
    s.commands
        .iter()
        .map(|c| c.name.as_ref().map_or("", ShellWord::text))
        .collect()
}

fn args(c: &SimpleCommand) -> Vec<&str> {
    c.arg_texts().collect()
}

/// Runs `f` on a thread with a 2 MiB stack, as test threads and many callers have.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no panic")
}

#[test]
fn apt_get_chain() {
    let t = "apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*";
    let s = sh(t);
    assert!(s.is_ok(), "{:?}", s.error);
    assert_eq!(names(&s), ["apt-get", "apt-get", "rm"]);
    let install = &s.commands[1];
    assert_eq!(install.subcommand(), Some("install"));
    assert_eq!(
        args(install),
        [
            "install",
            "-y",
            "--no-install-recommends",
            "curl",
            "ca-certificates"
        ]
    );
    assert!(install.has_flag('y', "yes"));
    assert!(install.has_flag('\0', "no-install-recommends"));
    assert!(!install.has_flag('q', ""));
    assert_eq!(
        slice(t, install.span),
        "apt-get install -y --no-install-recommends curl ca-certificates"
    );
    assert_eq!(slice(t, install.args[3].span), "curl");
    let rm = &s.commands[2];
    assert_eq!(rm.args[1].value.as_deref(), Some("/var/lib/apt/lists/*"));
    assert!(rm.has_flag('r', "recursive") && rm.has_flag('f', "force"));
    assert_eq!(
        s.commands.iter().map(|c| c.connector).collect::<Vec<_>>(),
        [Connector::Start, Connector::And, Connector::And]
    );
    assert!(s.commands.iter().all(|c| c.context == Context::TopLevel));
    assert_eq!(s.pipelines.len(), 3);
    assert_eq!(s.pipes_into(0), None);
}

#[test]
fn curl_piped_into_shell() {
    let t = "curl -fsSL https://x/install.sh | sh -";
    let s = sh(t);
    assert_eq!(names(&s), ["curl", "sh"]);
    assert_eq!(s.pipes_into(0), Some(1));
    assert_eq!(s.piped_from(1), Some(0));
    assert_eq!(s.pipes_into(1), None);
    let curl = &s.commands[0];
    for f in ['f', 's', 'S', 'L'] {
        assert!(curl.has_flag(f, ""), "{f}");
    }
    assert!(!curl.has_flag('o', "output"));
    assert_eq!(s.commands[0].pipeline, s.commands[1].pipeline);
    let p = &s.pipelines[s.commands[0].pipeline];
    assert_eq!(p.commands, [0, 1]);
    assert_eq!(slice(t, p.span), t);
    assert_eq!(slice(t, s.commands[1].span), "sh -");
}

#[test]
fn set_then_pip_install() {
    let t = "set -eux; pip install --no-cache-dir -r req.txt";
    let s = sh(t);
    assert_eq!(names(&s), ["set", "pip"]);
    assert_eq!(s.commands[1].connector, Connector::Seq);
    let pip = &s.commands[1];
    assert!(pip.has_flag('\0', "--no-cache-dir"));
    assert_eq!(pip.flag_value('r', "requirement"), Some("req.txt"));
    assert!(s.commands[0].has_flag('e', "") && s.commands[0].has_flag('x', ""));
    assert_eq!(slice(t, pip.span), "pip install --no-cache-dir -r req.txt");
}

#[test]
fn if_branch_installs_git() {
    let t = r#"if [ "$X" = 1 ]; then apk add --no-cache git; fi"#;
    let s = sh(t);
    assert!(s.is_ok());
    assert_eq!(names(&s), ["[", "apk"]);
    assert_eq!(s.commands[0].context, Context::Condition);
    assert_eq!(s.commands[1].context, Context::Branch);
    assert_eq!(s.commands[0].args[0].value, None);
    assert_eq!(s.commands[0].args[0].raw, r#""$X""#);
    assert_eq!(s.commands[0].args[3].text(), "]");
    assert!(s.commands[1].has_flag('\0', "no-cache"));
    assert_eq!(slice(t, s.commands[1].span), "apk add --no-cache git");
    // The pipeline holding the `if` covers it up to `fi`.
    assert!(s.pipelines.iter().any(|p| slice(t, p.span) == t));
}

#[test]
fn assignment_prefix_and_substitution() {
    let t = r#"FOO=bar make -j"$(nproc)" install"#;
    let s = sh(t);
    assert_eq!(names(&s), ["make", "nproc"]);
    let make = &s.commands[0];
    assert_eq!(make.assignments.len(), 1);
    assert_eq!(make.assignments[0].0, "FOO");
    assert_eq!(make.assignments[0].1.value.as_deref(), Some("bar"));
    assert_eq!(slice(t, make.assignments[0].1.span), "bar");
    assert_eq!(make.args[0].raw, r#"-j"$(nproc)""#);
    assert_eq!(make.args[0].value, None);
    assert_eq!(make.args[1].value.as_deref(), Some("install"));
    assert!(make.has_flag('j', "jobs"));
    assert_eq!(make.flag_value('j', "jobs"), Some(r#""$(nproc)""#));
    assert_eq!(slice(t, make.span), t);
    let nproc = &s.commands[1];
    assert_eq!(nproc.context, Context::CommandSubstitution);
    assert_eq!(slice(t, nproc.span), "nproc");
    assert_ne!(nproc.pipeline, make.pipeline);
}

#[test]
fn sudo_is_looked_through() {
    let t = "sudo -u app npm ci";
    let s = sh(t);
    assert_eq!(names(&s), ["sudo", "npm"]);
    let sudo = &s.commands[0];
    assert_eq!(sudo.flag_value('u', "user"), Some("app"));
    assert_eq!(sudo.wraps, Some(1));
    let npm = &s.commands[1];
    assert!(npm.wrapped);
    assert_eq!(npm.wrapper, Some(0));
    assert_eq!(args(npm), ["ci"]);
    assert_eq!(slice(t, npm.span), "npm ci");
    assert_eq!(s.innermost(0), 1);
    assert_eq!(s.written(1), 0);
    // The wrapped command is not written in the pipeline itself.
    assert_eq!(s.pipelines[0].commands, [0]);
}

#[test]
fn sh_c_string_is_a_nested_script() {
    let t = "sh -c 'wget -qO- http://x | bash'";
    let s = sh(t);
    assert!(s.is_ok() && s.nested_errors.is_empty());
    assert_eq!(names(&s), ["sh", "wget", "bash"]);
    let wget = &s.commands[1];
    assert_eq!(wget.context, Context::ShellC);
    assert_eq!(wget.wrapper, Some(0));
    assert!(!wget.wrapped);
    assert_eq!(slice(t, wget.span), "wget -qO- http://x");
    assert_eq!(wget.flag_value('O', "output-document"), Some("-"));
    assert_eq!(s.pipes_into(1), Some(2));
    assert_eq!(slice(t, s.commands[2].span), "bash");
}

#[test]
fn sh_c_with_escaped_quotes_maps_spans_back() {
    let t = r#"sudo bash -euxo pipefail -c "apt-get install -y \"curl\" && echo \$HOME" arg0"#;
    let s = sh(t);
    assert_eq!(names(&s), ["sudo", "bash", "apt-get", "echo"]);
    let apt = &s.commands[2];
    assert_eq!(apt.context, Context::ShellC);
    assert_eq!(apt.wrapper, Some(1));
    assert_eq!(apt.args[2].value.as_deref(), Some("curl"));
    assert_eq!(apt.args[2].raw, r#""curl""#);
    assert_eq!(
        slice(t, apt.name.as_ref().map(|n| n.span).unwrap_or_default()),
        "apt-get"
    );
    assert_eq!(slice(t, apt.span), r#"apt-get install -y \"curl\""#);
    let echo = &s.commands[3];
    assert_eq!(echo.connector, Connector::And);
    assert_eq!(echo.args[0].raw, "$HOME");
    // The span covers the characters the word came from (not the escaping backslash).
    assert_eq!(slice(t, echo.args[0].span), "$HOME");
}

#[test]
fn for_loop_body() {
    let t = "for p in a b; do go build ./$p; done";
    let s = sh(t);
    assert_eq!(names(&s), ["go"]);
    let go = &s.commands[0];
    assert_eq!(go.context, Context::Loop);
    assert_eq!(go.args[1].raw, "./$p");
    assert_eq!(go.args[1].value, None);
    assert_eq!(go.args[1].text(), "./$p");
    assert_eq!(slice(t, go.span), "go build ./$p");
}

#[test]
fn case_inside_substitution_is_a_soft_error() {
    let t = "x=$(case \"$a\" in x) echo one;; *) echo two;; esac) && echo \"$x\"";
    let s = bash(t);
    let e = s.error.as_ref().expect("brush cannot parse this form");
    assert_eq!(e.kind, ShellErrorKind::Syntax);
    assert!(e.span.end <= t.len());
    assert!(s.commands.is_empty());
}

#[test]
fn powershell_is_a_soft_error() {
    let t = "$ErrorActionPreference = 'Stop'; if (-not (Test-Path C:\\app)) { New-Item -ItemType Directory C:\\app }";
    let s = sh(t);
    let e = s.error.as_ref().expect("not shell");
    assert_eq!(e.kind, ShellErrorKind::Syntax);
    assert!(e.message.contains("syntax error"), "{}", e.message);
}

#[test]
fn heredoc_redirect_and_following_commands() {
    let t = "cat <<-EOF > /etc/app.conf && chmod 600 /etc/app.conf\n\tkey=$(hostname)\n\tEOF\necho done";
    let s = bash(t);
    assert!(s.is_ok(), "{:?}", s.error);
    assert_eq!(names(&s), ["cat", "hostname", "chmod", "echo"]);
    let cat = &s.commands[0];
    assert_eq!(cat.redirects.len(), 2);
    let doc = &cat.redirects[0];
    assert_eq!(doc.op, RedirectOp::HereDocStripTabs);
    assert_eq!(doc.target.raw, "EOF");
    assert_eq!(slice(t, doc.span), "<<-EOF");
    let body = doc.body.as_ref().expect("body");
    assert_eq!(body.raw, "\tkey=$(hostname)\n");
    assert_eq!(body.value, None);
    assert_eq!(cat.redirects[1].op, RedirectOp::Write);
    assert_eq!(cat.redirects[1].target.text(), "/etc/app.conf");
    assert_eq!(slice(t, cat.redirects[1].span), "> /etc/app.conf");
    assert_eq!(s.commands[1].context, Context::CommandSubstitution);
    assert_eq!(slice(t, s.commands[1].span), "hostname");
    assert_eq!(s.commands[2].connector, Connector::And);
    assert_eq!(s.commands[3].connector, Connector::Seq);
    assert_eq!(slice(t, s.commands[3].span), "echo done");

    let quoted = bash("cat <<'EOF' >x\n$(not run)\nEOF\n");
    assert_eq!(names(&quoted), ["cat"]);
    let body = quoted.commands[0].redirects[0].body.as_ref().expect("body");
    assert_eq!(body.value.as_deref(), Some("$(not run)\n"));
}

#[test]
fn redirect_operators_and_descriptors() {
    let t = "make 2>&1 >/dev/null </dev/null >>log; cmd &>all";
    let s = bash(t);
    let r = &s.commands[0].redirects;
    assert_eq!(r.len(), 4);
    assert_eq!(
        (r[0].fd, r[0].op, r[0].target.text()),
        (Some(2), RedirectOp::DupOutput, "1")
    );
    assert_eq!(slice(t, r[0].span), "2>&1");
    assert_eq!(
        (r[1].op, r[1].target.text()),
        (RedirectOp::Write, "/dev/null")
    );
    assert_eq!(slice(t, r[1].span), ">/dev/null");
    assert_eq!(r[2].op, RedirectOp::Read);
    assert_eq!(r[3].op, RedirectOp::Append);
    assert_eq!(
        slice(t, s.commands[0].span),
        "make 2>&1 >/dev/null </dev/null >>log"
    );
    assert_eq!(s.commands[1].redirects[0].op, RedirectOp::OutputAndError);
    assert_eq!(slice(t, s.commands[1].redirects[0].span), "&>all");

    // In POSIX sh, `&>` is `&` then `>`: the command goes to the background.
    let p = sh("cmd &>all");
    assert_eq!(p.commands.len(), 2);
    assert_eq!(p.commands[1].name, None);
    assert_eq!(p.commands[1].connector, Connector::Background);
    assert_eq!(slice("cmd &>all", p.commands[1].redirects[0].span), ">all");
}

#[test]
fn connectors_negation_and_background() {
    let t = "a & b || c\n! d | e";
    let s = bash(t);
    assert_eq!(names(&s), ["a", "b", "c", "d", "e"]);
    assert_eq!(
        s.commands.iter().map(|c| c.connector).collect::<Vec<_>>(),
        [
            Connector::Start,
            Connector::Background,
            Connector::Or,
            Connector::Seq,
            Connector::Seq
        ]
    );
    let neg = &s.pipelines[s.commands[3].pipeline];
    assert!(neg.negated);
    assert_eq!(neg.commands, [3, 4]);
    assert!(!s.pipelines[s.commands[0].pipeline].negated);
}

#[test]
fn backquotes_nest_with_escapes() {
    let t = r"echo `dirname \`which python\``";
    let s = sh(t);
    assert_eq!(names(&s), ["echo", "dirname", "which"]);
    assert_eq!(s.commands[1].context, Context::CommandSubstitution);
    assert_eq!(s.commands[2].args[0].text(), "python");
    assert_eq!(slice(t, s.commands[2].args[0].span), "python");
    assert_eq!(
        slice(
            t,
            s.commands[2]
                .name
                .as_ref()
                .map(|n| n.span)
                .unwrap_or_default()
        ),
        "which"
    );
}

#[test]
fn spans_are_byte_offsets_with_non_ascii_text() {
    let t = "echo \"héllo wörld\" && ls -l /tmp/ü";
    let s = bash(t);
    assert_eq!(names(&s), ["echo", "ls"]);
    assert_eq!(s.commands[0].args[0].value.as_deref(), Some("héllo wörld"));
    assert_eq!(slice(t, s.commands[1].span), "ls -l /tmp/ü");
    assert_eq!(slice(t, s.commands[1].args[1].span), "/tmp/ü");
    let t = "sh -c 'echo é && touch ü'";
    let s = sh(t);
    assert_eq!(slice(t, s.commands[2].span), "touch ü");
}

#[test]
fn contexts_of_compound_commands() {
    let t = "f() { curl x | sh; }; (cd /src && make); { a; b; }; while read l; do echo \"$l\"; done < list; case $1 in x) y;; esac; diff <(sort a) b";
    let s = bash(t);
    assert!(s.is_ok(), "{:?}", s.error);
    let ctx = |name: &str| {
        s.commands
            .iter()
            .find(|c| c.program() == Some(name))
            .map(|c| c.context)
    };
    assert_eq!(ctx("curl"), Some(Context::Function));
    assert_eq!(ctx("make"), Some(Context::Subshell));
    assert_eq!(ctx("a"), Some(Context::Group));
    assert_eq!(ctx("read"), Some(Context::Condition));
    assert_eq!(ctx("echo"), Some(Context::Loop));
    assert_eq!(ctx("y"), Some(Context::Case));
    assert_eq!(ctx("sort"), Some(Context::ProcessSubstitution));
    assert_eq!(ctx("diff"), Some(Context::TopLevel));
    let curl = s.find_programs(&["curl"]).next().unwrap_or(usize::MAX);
    assert_eq!(
        s.commands.get(curl + 1).and_then(|c| c.program()),
        Some("sh")
    );
    assert_eq!(s.pipes_into(curl), Some(curl + 1));
    let make = s.find_programs(&["make"]).next().unwrap_or(usize::MAX);
    assert_eq!(s.commands[make].connector, Connector::And);
}

#[test]
fn wrappers_env_xargs_find() {
    let t = "env DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata; ls | xargs -r -n1 rm -f; find / -name '*.pyc' -exec rm -f {} \\;";
    let s = bash(t);
    assert_eq!(
        names(&s),
        ["env", "apt-get", "ls", "xargs", "rm", "find", "rm"]
    );
    let apt = &s.commands[1];
    assert!(apt.wrapped);
    assert_eq!(apt.assignments.len(), 1);
    assert_eq!(apt.assignments[0].0, "DEBIAN_FRONTEND");
    assert_eq!(apt.assignments[0].1.text(), "noninteractive");
    assert_eq!(slice(t, apt.assignments[0].1.span), "noninteractive");
    assert_eq!(args(&s.commands[4]), ["-f"]);
    assert_eq!(s.pipes_into(2), Some(3));
    // A wrapped command pipes where its wrapper does.
    assert_eq!(s.piped_from(4), Some(2));
    assert_eq!(args(&s.commands[6]), ["-f", "{}"]);
    assert_eq!(s.commands[6].wrapper, Some(5));
    assert_eq!(slice(t, s.commands[6].span), "rm -f {}");
}

#[test]
fn comments_and_line_continuations() {
    let t = "apt-get install -y \\\n    curl \\\n    git # not ( an arg\necho ok";
    let s = sh(t);
    assert_eq!(names(&s), ["apt-get", "echo"]);
    assert_eq!(args(&s.commands[0]), ["install", "-y", "curl", "git"]);
    assert_eq!(slice(t, s.commands[0].args[3].span), "git");
    assert_eq!(
        slice(t, s.commands[0].span),
        "apt-get install -y \\\n    curl \\\n    git"
    );
}

#[test]
fn flag_helpers() {
    let s = bash("tool -abc --long=v --opt value -xfile -- -z --after");
    let c = &s.commands[0];
    assert!(c.has_flag('a', "") && c.has_flag('b', "") && c.has_flag('c', ""));
    assert!(c.has_flag('\0', "long"));
    assert!(c.has_flag('\0', "--opt"));
    assert!(!c.has_flag('z', "after"));
    assert!(!c.has_flag('\0', "lon"));
    assert_eq!(c.flag_value('\0', "long"), Some("v"));
    assert_eq!(c.flag_value('\0', "opt"), Some("value"));
    assert_eq!(c.flag_value('x', ""), Some("file"));
    assert_eq!(c.flag_value('q', "none"), None);
    assert!(c.has_arg("--"));
    let p = bash("/usr/bin/apt-get -qq install x");
    assert_eq!(p.commands[0].program(), Some("apt-get"));
    assert!(p.commands[0].is_program(&["apt-get", "apt"]));
    assert_eq!(p.commands[0].subcommand(), Some("install"));
    let v = bash("$PM install x");
    assert_eq!(v.commands[0].program(), Some("$PM"));
    assert_eq!(
        v.commands[0].name.as_ref().and_then(|n| n.value.as_deref()),
        None
    );
}

#[test]
fn assignment_only_and_redirect_only_commands() {
    let t = "A=1 B=\"two words\"; > /tmp/empty";
    let s = sh(t);
    assert_eq!(s.commands.len(), 2);
    assert_eq!(s.commands[0].name, None);
    assert_eq!(
        s.commands[0].assignments[1].1.value.as_deref(),
        Some("two words")
    );
    assert_eq!(s.commands[1].name, None);
    assert_eq!(s.commands[1].redirects[0].target.text(), "/tmp/empty");
}

#[test]
fn unbalanced_quotes_are_soft_errors() {
    for t in [
        "echo 'unterminated",
        "echo \"unterminated",
        "echo `x",
        "echo $(x",
        "echo ${x",
        "if true; then",
    ] {
        let s = sh(t);
        let e = s.error.as_ref().unwrap_or_else(|| panic!("{t} parsed"));
        assert!(e.span.start <= t.len() && e.span.end <= t.len(), "{t}");
    }
    let s = sh("echo 'unterminated");
    assert_eq!(s.error.map(|e| e.span), Some(Span::new(5, 6)));
}

#[test]
fn nul_bytes_end_the_script() {
    let t = "echo a\0b && ls";
    let s = sh(t);
    assert_eq!(names(&s), ["echo"]);
    let e = s.error.expect("NUL reported");
    assert_eq!(e.span, Span::new(6, 7));
}

#[test]
fn nested_failures_do_not_spoil_the_outer_script() {
    let t = "sh -c 'echo (' && echo ok";
    let s = sh(t);
    assert!(s.is_ok());
    assert_eq!(names(&s), ["sh", "echo"]);
    assert_eq!(s.nested_errors.len(), 1);
    let e = &s.nested_errors[0];
    assert!(e.span.start >= 7 && e.span.end <= 14, "{:?}", e.span);
}

#[test]
fn long_and_chain_is_linear() {
    let t = vec!["apt-get install -y pkg"; 10_000].join(" && ");
    let s = on_small_stack(move || {
        let start = std::time::Instant::now();
        let s = sh(&t);
        (s, start.elapsed())
    });
    let (s, took) = s;
    assert!(s.is_ok());
    assert_eq!(s.commands.len(), 10_000);
    assert!(
        s.commands[1..]
            .iter()
            .all(|c| c.connector == Connector::And)
    );
    // Generous even for an unoptimised build; quadratic behaviour would take minutes.
    assert!(took.as_secs() < 20, "{took:?}");
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let cases = [
        format!("echo {}x{}", "$(".repeat(5000), ")".repeat(5000)),
        format!("{}x{}", "( ".repeat(5000), " )".repeat(5000)),
        format!("{}x{}", "(".repeat(5000), ")".repeat(5000)),
        format!("{}x{}", "{ ".repeat(5000), "; }".repeat(5000)),
        format!("{}x{}", "if a; then ".repeat(5000), "; fi".repeat(5000)),
        format!("{}x", "if a; then ".repeat(5000)),
        format!("echo {}x{}", "${a:-".repeat(5000), "}".repeat(5000)),
        format!(
            "echo \"{}x{}\"",
            "$(echo \"".repeat(3000),
            "\")".repeat(3000)
        ),
        format!("[[ {}x ]]", "! ".repeat(5000)),
        format!("cat {}x{}", "<(".repeat(5000), ")".repeat(5000)),
        format!("{}x", "coproc ".repeat(5000)),
        format!("sh -c '{}x{}'", "$(".repeat(5000), ")".repeat(5000)),
        // The refusal lands inside a multi-byte character; spans must not.
        format!("echo {}x", "$(\\é".repeat(5000)),
    ];
    for t in cases {
        let head: String = t.chars().take(20).collect();
        let len = t.len();
        let s = on_small_stack(move || bash(&t));
        for e in s.error.iter().chain(&s.nested_errors) {
            assert!(e.span.end <= len && e.span.start <= e.span.end, "{head}");
        }
        let refused = s
            .error
            .iter()
            .chain(&s.nested_errors)
            .any(|e| e.kind == ShellErrorKind::Refused);
        assert!(refused, "{head}: {:?}", s.error);
    }
}

#[test]
fn nesting_within_the_limit_parses_on_a_small_stack() {
    let depth = build::MAX_NESTING - 2;
    let cases = [
        // (`( ( x ) )` with bare parens is read by brush as arithmetic `(( … ))`;
        // parentheses have their own, lower limit.)
        format!("{}echo hi{}", "( true; ".repeat(12), " )".repeat(12)),
        format!("echo {}x{}", "$(".repeat(depth), ")".repeat(depth)),
        format!("{}x{}", "if a; then ".repeat(depth), "; fi".repeat(depth)),
        format!("{}x{}", "f() { ".repeat(depth), "; }".repeat(depth)),
        format!("{}x{}", "case a in x) ".repeat(4), ";; esac".repeat(4)),
    ];
    for t in cases {
        let head: String = t.chars().take(20).collect();
        let s = on_small_stack(move || bash(&t));
        assert!(s.is_ok(), "{head}: {:?}", s.error);
        assert!(!s.commands.is_empty());
    }
}

#[test]
fn hostile_inputs_finish_quickly() {
    let cases = [
        // brush backtracks exponentially on unterminated nested `case`.
        format!("{}y{}", "case a in x) ".repeat(30), " esac".repeat(30)),
        // brush's here-document queue is quadratic in the rest of the line.
        format!("cat <<EOF {}\nbody\nEOF\n", "a ".repeat(200_000)),
        format!("cat {}\n{}", "<<E ".repeat(5000), "E\n".repeat(5000)),
        // brush panics on descriptor numbers that overflow.
        "echo 99999999999>x".to_owned(),
        format!("echo {}", "x".repeat(1 << 20)),
        format!("echo '{}", "x ".repeat(1 << 19)),
        format!("echo {}", "$(a) ".repeat(50_000)),
        // brush loops forever, allocating, on blank here-document delimiters.
        "cat <<'' ;#".to_owned(),
        "cat <<\r;#".to_owned(),
        "echo ${<<\r} ".to_owned(),
        "echo $(cat <<\r;#)".to_owned(),
        "$(<<\t c ".to_owned(),
        "echo $(cat <<  c ".to_owned(),
        "cat <<$[  ".to_owned(),
    ];
    for t in cases {
        let head: String = t.chars().take(20).collect();
        let s = on_small_stack(move || {
            let start = std::time::Instant::now();
            let s = sh(&t);
            (s, start.elapsed())
        });
        assert!(s.1.as_secs() < 20, "{head}: {:?}", s.1);
    }
    assert_eq!(
        sh("echo 99999999999>x").error.map(|e| e.kind),
        Some(ShellErrorKind::Refused)
    );
}

#[test]
fn blank_heredoc_delimiters_are_refused() {
    for t in [
        "cat <<'' ;#",
        "cat <<\r;#",
        "echo ${<<\r} ",
        "echo \"$(cat <<\"\";#)\"",
    ] {
        let s = sh(t);
        assert_eq!(
            s.error.map(|e| e.kind),
            Some(ShellErrorKind::Refused),
            "{t:?}"
        );
    }
    for t in [
        "$(<<\t c ",
        "echo $(cat <<  c ",
        "cat <<$[  ",
        "cat <<EOF\nno end",
        "cat <<EOF",
    ] {
        let s = sh(t);
        assert!(s.error.is_some() && s.commands.is_empty(), "{t:?}");
    }
    // Windows line endings in an ordinary here-document are fine.
    let s = sh("cat <<EOF\r\nx\r\nEOF\r\n");
    assert!(s.is_ok());
}

#[test]
fn mixed_nesting_stays_within_the_stack() {
    let total = build::MAX_NESTING + 4;
    for k in 0..=total {
        let t = format!(
            "{}echo {}x{}{}",
            "f() { ".repeat(k),
            "$(".repeat(total - k),
            ")".repeat(total - k),
            "; }".repeat(k)
        );
        let s = on_small_stack(move || bash(&t));
        // Either parsed or refused; never a crash.
        assert!(
            s.error.is_some() || !s.commands.is_empty() || !s.nested_errors.is_empty(),
            "{k}"
        );
    }
}

#[test]
fn failing_parses_at_the_nesting_limit_stay_within_the_stack() {
    let depth = build::MAX_NESTING - 1;
    for (open, close) in [
        ("f() { ", "; }"),
        ("if a; then ", "; fi"),
        ("while a; do ", "; done"),
        ("( a; ", " )"),
        ("{ a; ", "; }"),
        ("[[ ( ", " ) ]]"),
    ] {
        let t = format!("{}x ) ;;{}", open.repeat(depth), close.repeat(depth));
        let s = on_small_stack(move || bash(&t));
        assert!(s.error.is_some(), "{open}");
    }
}

#[test]
fn megabyte_single_line() {
    let t = format!("apt-get install -y {}", "some-package-name ".repeat(60_000));
    let len = t.len();
    let s = on_small_stack(move || sh(&t));
    assert!(s.is_ok());
    assert_eq!(s.commands[0].args.len(), 60_002);
    assert!(s.commands[0].span.end <= len);
}

#[test]
fn heredoc_inside_substitution() {
    let t = "x=$(cat <<E\n) not code\nE\n) && echo \"$x\"";
    let s = bash(t);
    assert!(s.is_ok(), "{:?}", s.error);
    assert_eq!(names(&s), ["", "cat", "echo"]);
    assert_eq!(
        s.commands[1].redirects[0]
            .body
            .as_ref()
            .map(|b| b.raw.as_str()),
        Some(") not code\n")
    );
}

#[test]
fn serializes_to_json() {
    let s = sh("echo hi");
    let json = serde_json::to_string(&s).unwrap_or_default();
    assert!(json.contains("\"raw\":\"echo\""), "{json}");
}

#[test]
fn continuation_right_after_an_operator_is_not_part_of_the_next_word() {
    // brush locates the word after `&&\` from the continuation's newline.
    let t = "a &&\\\n b |\\\n c";
    for s in [sh(t), parse_script_with_brush(t, Dialect::Posix)] {
        assert_eq!(names(&s), ["a", "b", "c"]);
        assert_eq!(slice(t, s.commands[1].span), "b");
    }
}

#[test]
fn deeply_nested_parentheses_are_refused_before_brush_backtracks() {
    // Unterminated, brush would retry subshell against arithmetic at every level.
    for text in [
        format!("{}a | sh\nb{}", "(".repeat(14), "(".repeat(20)),
        format!("{}a", "( ".repeat(40)),
        // Inside arithmetic, words and line breaks between do not help brush.
        "c>R b\n(((d\n((((((((E(((((((((E((((((E\n".to_owned(),
        "y\n(((.(((.((((((csh bfbody\n(((.(((((((((E\n".to_owned(),
        format!("{}a", "((.".repeat(12)),
    ] {
        let started = std::time::Instant::now();
        let s = bash(&text);
        let e = s.error.expect("refused");
        assert_eq!(e.kind, ShellErrorKind::Refused, "{e:?}");
        assert!(e.message.contains("parentheses nested"), "{e:?}");
        // Generous: a refusal is immediate, the backtracking took minutes.
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
    // Twelve levels still parse.
    let ok = format!("{}a{}", "( true; ".repeat(12), " )".repeat(12));
    assert!(sh(&ok).is_ok(), "{:?}", sh(&ok).error);
}
