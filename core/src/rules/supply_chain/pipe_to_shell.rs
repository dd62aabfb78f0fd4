//! HG190: a downloaded script executed directly (`curl … | sh`,
//! `bash <(curl …)`, `sh -c "$(curl …)"`).

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::shell::{Context as ShellContext, RedirectOp, Script, ShellWord, SimpleCommand};
use crate::span::Span;

/// See [`META`].
pub(crate) struct PipeToShell;

static META: RuleMeta = RuleMeta {
    code: "HG190",
    name: "pipe-to-shell",
    severity: Severity::Warning,
    category: Category::SupplyChain,
    sources: &[],
    default_enabled: true,
    help: "Download the script or archive to a file, verify it against a pinned checksum (`echo \"<sha256>  install.sh\" | sha256sum -c -`) or signature, then run it; or install the tool from a signed package or an `ADD --checksum=` download.",
    docs: RuleDocs {
        what: "Flags scripts fetched from the network and run without being stored or checked: `curl`/`wget -O-` output piped (directly or through other commands) into a shell or interpreter that reads its program from standard input (`sh`, `bash -s`, `sudo bash -`, `python3 -`, `perl`, `ruby`, `node`, `php`), `bash <(curl …)`, `source <(curl …)`, and `sh -c \"$(curl …)\"`, `eval \"$(wget -qO- …)\"`. Interpreters that run a script file or `-c` code and only read data from the pipe (`curl … | python3 -c 'import json…'`) pass. RUN, ONBUILD RUN, CMD, ENTRYPOINT and HEALTHCHECK scripts are checked.",
        why: "Docker's guide asks for a verified supply chain. A piped script runs whatever the server sends at that moment: nothing records or verifies it, a compromised host or CDN changes every future build, and a connection cut mid-stream can run half a script as root.",
        bad: "FROM debian:12-slim\nRUN curl -fsSL https://example.com/install.sh | sh\n",
        good: "FROM debian:12-slim\nRUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n && echo \"0000000000000000000000000000000000000000000000000000000000000000  /tmp/install.sh\" | sha256sum -c - \\\n && sh /tmp/install.sh && rm /tmp/install.sh\n",
    },
};

const SHELLS: [&str; 8] = ["sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "busybox"];

/// Whether the command downloads to standard output.
fn downloads_to_stdout(cmd: &SimpleCommand) -> bool {
    match cmd.program() {
        Some("curl") => {
            let to_file = cmd
                .flag_value('o', "output")
                .is_some_and(|f| f != "-" && f != "/dev/stdout")
                || cmd.has_flag('O', "remote-name")
                || cmd.has_flag('\0', "remote-name-all");
            !to_file
        }
        Some("wget") => cmd
            .flag_value('O', "output-document")
            .is_some_and(|f| f == "-" || f == "/dev/stdout"),
        _ => false,
    }
}

/// Options of interpreters that take a separate value.
fn takes_value(program: &str, opt: &str) -> bool {
    match program {
        p if SHELLS.contains(&p) => {
            matches!(opt, "-o" | "+o" | "-O" | "+O" | "--rcfile" | "--init-file")
        }
        p if p.starts_with("python") => matches!(opt, "-W" | "-X" | "-Q"),
        "perl" => matches!(opt, "-I" | "-M" | "-m"),
        "ruby" => matches!(opt, "-I" | "-r" | "-C" | "-E"),
        "node" | "nodejs" => matches!(opt, "-r" | "--require" | "--import"),
        "php" => matches!(opt, "-c" | "-d" | "-z"),
        _ => false,
    }
}

/// Options with which the interpreter runs code given on its command line.
fn inline_code(program: &str, opt: &str) -> bool {
    let cluster = |c: char| opt.starts_with('-') && !opt.starts_with("--") && opt.contains(c);
    match program {
        p if SHELLS.contains(&p) => cluster('c'),
        p if p.starts_with("python") => cluster('c') || cluster('m'),
        "perl" => cluster('e') || cluster('E'),
        "ruby" => cluster('e'),
        "node" | "nodejs" => matches!(opt, "-e" | "--eval" | "-p" | "--print"),
        "php" => opt == "-r",
        _ => false,
    }
}

fn is_interpreter(program: &str) -> bool {
    SHELLS.contains(&program)
        || (program.starts_with("python")
            && program[6..].chars().all(|c| c.is_ascii_digit() || c == '.'))
        || matches!(program, "perl" | "ruby" | "node" | "nodejs" | "php")
}

/// Whether the command is an interpreter reading its program from standard
/// input: no script operand (or `-`), no inline code, or `sh -s`.
fn runs_stdin(cmd: &SimpleCommand) -> bool {
    let Some(program) = cmd.program() else {
        return false;
    };
    if !is_interpreter(program) {
        return false;
    }
    let mut args = cmd.args.iter().map(ShellWord::text);
    if program == "busybox" && args.next() != Some("sh") {
        return false;
    }
    let mut stdin_flag = false;
    let mut skip = false;
    for a in args {
        if skip {
            skip = false;
            continue;
        }
        if a == "--" || a == "-" || a == "/dev/stdin" || a == "/proc/self/fd/0" {
            return true;
        }
        if a.starts_with('-') || (a.starts_with('+') && SHELLS.contains(&program)) {
            if inline_code(program, a) {
                return false;
            }
            if SHELLS.contains(&program)
                && a.starts_with('-')
                && !a.starts_with("--")
                && a.contains('s')
            {
                stdin_flag = true;
            }
            skip = takes_value(program, a);
            continue;
        }
        // A script operand, unless -s made the rest positional parameters.
        return stdin_flag;
    }
    true
}

/// The download commands whose span lies inside `span`.
fn downloads_within(script: &Script, span: Span, context: ShellContext) -> Option<usize> {
    script.commands.iter().position(|c| {
        c.context == context
            && c.span.start >= span.start
            && c.span.end <= span.end
            && downloads_to_stdout(c)
    })
}

/// Whether a word is exactly one substitution: `$(…)`, `` `…` ``, `"$(…)"`.
fn is_whole_substitution(w: &ShellWord) -> bool {
    let raw = w.raw.trim_matches('"');
    (raw.starts_with("$(") && raw.ends_with(')')) || (raw.starts_with('`') && raw.ends_with('`'))
}

impl Rule for PipeToShell {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for run in &cx.model.scripts {
            let Some(script) = &run.script else { continue };
            let mut push = |span: Span, message: String| {
                out.push(Finding::new(run.source_span(span), message));
            };
            // `curl … | [tee …|] sh`
            for p in &script.pipelines {
                let members: Vec<usize> = p.commands.iter().map(|&c| script.innermost(c)).collect();
                let Some(d) = members
                    .iter()
                    .position(|&c| downloads_to_stdout(&script.commands[c]))
                else {
                    continue;
                };
                if let Some(&i) = members[d + 1..]
                    .iter()
                    .find(|&&c| runs_stdin(&script.commands[c]))
                {
                    let from = &script.commands[members[d]];
                    let to = &script.commands[i];
                    let written = &script.commands[script.written(i)];
                    push(
                        from.span.cover(written.span),
                        format!(
                            "the output of `{}` is piped into `{}`, which runs the downloaded script unverified",
                            from.program().unwrap_or_default(),
                            to.program().unwrap_or_default()
                        ),
                    );
                }
            }
            for cmd in &script.commands {
                let Some(program) = cmd.program() else {
                    continue;
                };
                // `bash <(curl …)`, `source <(curl …)`, `bash < <(curl …)`
                let runs_file = is_interpreter(program) || matches!(program, "source" | ".");
                if runs_file {
                    let operand = cmd.args.iter().find(|a| !a.text().starts_with('-'));
                    let redirected = cmd
                        .redirects
                        .iter()
                        .find(|r| r.op == RedirectOp::Read && r.target.raw.starts_with("<("))
                        .map(|r| &r.target);
                    for w in operand.into_iter().chain(redirected) {
                        if w.raw.starts_with("<(")
                            && downloads_within(script, w.span, ShellContext::ProcessSubstitution)
                                .is_some()
                        {
                            push(
                                cmd.span,
                                format!(
                                    "`{program}` runs a script downloaded by a process substitution, unverified"
                                ),
                            );
                        }
                    }
                }
                // `sh -c "$(curl …)"`, `eval "$(curl …)"`
                let code_word = if program == "eval" {
                    cmd.args.first()
                } else if is_interpreter(program) {
                    cmd.args
                        .iter()
                        .position(|a| inline_code(program, a.text()))
                        .and_then(|k| cmd.args.get(k + 1))
                } else {
                    None
                };
                if let Some(w) = code_word
                    && is_whole_substitution(w)
                    && downloads_within(script, w.span, ShellContext::CommandSubstitution).is_some()
                {
                    push(
                        cmd.span,
                        format!(
                            "`{program}` runs code downloaded by a command substitution, unverified"
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_pipes_into_interpreters() {
        let text = concat!(
            "FROM debian:12\n",
            "RUN curl -fsSL https://x/install.sh | sh\n",
            "RUN wget -qO- https://x/install.sh | bash -s -- --yes\n",
            "RUN curl -sSL https://x/i.sh | sudo -E bash -\n",
            "RUN curl https://x/get-pip.py | python3\n",
            "RUN curl -sSL https://aka.ms/getvsdbgsh | bash /dev/stdin -v latest\n",
            "RUN curl -fsSL https://x/i.sh | tee /tmp/log | sh\n",
            "RUN sh -c 'wget -O - https://x/i.sh | sh'\n",
            "ONBUILD RUN curl https://x/i.sh | sh\n",
            "CMD curl -s https://x/boot.sh | sh\n",
        );
        assert_fires(&PipeToShell, text, &[2, 3, 4, 5, 6, 7, 8, 9, 10]);
        let f = findings(
            &PipeToShell,
            "FROM debian:12\nRUN curl -fsSL https://x/i.sh | sh\n",
        );
        assert_eq!(
            f[0].1,
            "the output of `curl` is piped into `sh`, which runs the downloaded script unverified"
        );
    }

    #[test]
    fn fires_on_substitutions() {
        let text = concat!(
            "FROM debian:12\n",
            "SHELL [\"/bin/bash\", \"-c\"]\n",
            "RUN bash <(curl -fsSL https://x/i.sh)\n",
            "RUN sh -c \"$(curl -fsSL https://x/i.sh)\"\n",
            "RUN eval \"$(wget -qO- https://x/env)\"\n",
            "RUN source <(curl -s https://x/env.sh)\n",
        );
        assert_fires(&PipeToShell, text, &[3, 4, 5, 6]);
    }

    #[test]
    fn heredoc_scripts() {
        assert_fires(
            &PipeToShell,
            "FROM debian:12\nRUN <<EOF\nset -e\ncurl -fsSL https://x/i.sh | bash\nEOF\n",
            &[4],
        );
    }

    #[test]
    fn data_pipes_and_saved_downloads_pass() {
        assert_clean(
            &PipeToShell,
            concat!(
                "FROM debian:12\n",
                "RUN curl -fsSL https://x/a.tar.gz | tar -xz\n",
                "RUN curl -s https://api/x | python3 -c 'import json,sys; print(json.load(sys.stdin))'\n",
                "RUN curl -fsSL https://x/key | gpg --dearmor -o /etc/apt/keyrings/x.gpg\n",
                "RUN curl -fsSLo /tmp/i.sh https://x/i.sh && sh /tmp/i.sh\n",
                "RUN curl -fsSL -O https://x/i.sh | sh\n",
                "RUN wget https://x/i.sh | sh\n",
                "RUN echo hi | sh\n",
                "RUN curl -fsSL https://x/data | python3 /opt/parse.py\n",
                "RUN VERSION=\"$(curl -s https://x/latest)\" && echo $VERSION\n",
            ),
        );
    }
}
