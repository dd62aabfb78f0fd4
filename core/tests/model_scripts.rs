//! RUN scripts are parsed once as shell, with spans mapped back to the
//! Dockerfile through continuations, heredocs and exec forms.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hullguard::model::{Model, RunScript, ScriptOrigin, ScriptSource, ShellKind};
use hullguard::span::Span;
use hullguard::syntax::{SyntaxErrorKind, parse};

/// Where the name of command `command` of a parsed script is in the Dockerfile.
fn name_in_source(s: &RunScript, command: usize) -> Span {
    let name = s.script.as_ref().unwrap().commands[command]
        .name
        .as_ref()
        .unwrap();
    s.source_span(name.span)
}

fn programs(m: &Model, script: usize) -> Vec<String> {
    m.scripts[script]
        .script
        .as_ref()
        .unwrap()
        .commands
        .iter()
        .filter_map(|c| c.program().map(str::to_owned))
        .collect()
}

#[test]
fn commands_map_back_through_continuations() {
    let text = "FROM debian\nRUN apt-get update \\\n    # comment\n    && apt-get install -y curl \\\n    && curl -fsSL https://x/i.sh | sh\n";
    let df = parse(text);
    let m = Model::build(&df);
    assert_eq!(m.scripts.len(), 1);
    assert_eq!(programs(&m, 0), ["apt-get", "apt-get", "curl", "sh"]);
    let s = &m.scripts[0];
    let script = s.script.as_ref().unwrap();
    let span = name_in_source(s, 2);
    assert_eq!(df.slice(span), "curl");
    assert_eq!(df.position(span.start).line, 5);
    assert_eq!(script.pipes_into(2), Some(3));
    let install = &script.commands[1];
    let y = install.args.iter().find(|a| a.raw == "-y").unwrap();
    assert_eq!(df.position(s.source_span(y.span).start).line, 4);
}

#[test]
fn heredoc_scripts_and_bodies() {
    let df = parse(concat!(
        "FROM debian\n",
        "RUN <<EOF\nset -e\napt-get install -y git\nEOF\n",
        "RUN <<EOF\n#!/usr/bin/env python3\nprint('x')\nEOF\n",
        "RUN cat <<EOF > /etc/x.conf\nnot a command\nEOF\n",
        "RUN bash <<EOF\nwget -q http://x\nEOF\n",
    ));
    let m = Model::build(&df);
    let kinds: Vec<_> = m
        .scripts
        .iter()
        .map(|s| (s.instruction, s.source, s.script.is_some()))
        .collect();
    assert_eq!(
        kinds,
        [
            (1, ScriptSource::Heredoc(0), true),
            (2, ScriptSource::Heredoc(0), false),
            (3, ScriptSource::ShellForm, true),
            (4, ScriptSource::ShellForm, true),
            (4, ScriptSource::Heredoc(0), true),
        ]
    );
    assert_eq!(programs(&m, 0), ["set", "apt-get"]);
    let git = m.scripts[0].script.as_ref().unwrap().commands[1].args[2].span;
    let span = m.scripts[0].source_span(git);
    assert_eq!(df.slice(span), "git");
    assert_eq!(df.position(span.start).line, 4);
    assert_eq!(programs(&m, 2), ["cat"]);
    assert_eq!(programs(&m, 4), ["wget"]);
}

#[test]
fn exec_form_sh_c_and_runtime_commands() {
    let df = parse(concat!(
        "FROM alpine\n",
        "RUN [\"/bin/sh\", \"-c\", \"apk add --no-cache curl\"]\n",
        "RUN [\"apk\", \"add\", \"git\"]\n",
        "CMD nginx -g 'daemon off;'\n",
        "HEALTHCHECK CMD wget -qO- http://localhost || exit 1\n",
        "ONBUILD RUN npm ci\n",
    ));
    let m = Model::build(&df);
    let origins: Vec<_> = m
        .scripts
        .iter()
        .map(|s| (s.instruction, s.origin, s.source))
        .collect();
    assert_eq!(
        origins,
        [
            (1, ScriptOrigin::Run, ScriptSource::ExecShellC),
            (3, ScriptOrigin::Cmd, ScriptSource::ShellForm),
            (4, ScriptOrigin::Healthcheck, ScriptSource::ShellForm),
            (5, ScriptOrigin::OnbuildRun, ScriptSource::ShellForm),
        ]
    );
    let s = &m.scripts[0];
    assert_eq!(df.slice(name_in_source(s, 0)), "apk");
    assert_eq!(m.scripts_of(4).count(), 1);
}

#[test]
fn healthcheck_script_is_the_command_after_cmd() {
    let df = parse(concat!(
        "FROM alpine\n",
        "HEALTHCHECK --interval=5s CMD curl -f http://localhost/ \\\n",
        "  || exit 1\n",
    ));
    let m = Model::build(&df);
    let s = m.scripts_of(1).next().unwrap();
    assert_eq!(s.text.text, "curl -f http://localhost/   || exit 1");
    assert_eq!(programs(&m, 0), ["curl", "exit"]);
    let exit = name_in_source(s, 1);
    assert_eq!(df.slice(exit), "exit");
    assert_eq!(df.position(exit.start).line, 3);
}

#[test]
fn non_posix_shells_are_not_parsed() {
    let df = parse(concat!(
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n",
        "RUN dir c:\\temp\n",
        "SHELL [\"powershell\", \"-Command\"]\n",
        "RUN Get-ChildItem | Where-Object { $_.Length -gt 1 }\n",
        "FROM debian\n",
        "SHELL [\"/bin/bash\", \"-c\"]\n",
        "RUN [[ -f x ]] && echo yes\n",
    ));
    let m = Model::build(&df);
    let shells: Vec<_> = m
        .scripts
        .iter()
        .map(|s| (s.shell, s.script.is_some()))
        .collect();
    assert_eq!(
        shells,
        [
            (ShellKind::Cmd, false),
            (ShellKind::PowerShell, false),
            (ShellKind::Bash, true)
        ]
    );
    assert!(m.scripts[2].script.as_ref().unwrap().error.is_none());
    assert!(m.diagnostics.is_empty());
}

#[test]
fn shell_parse_failure_is_a_soft_diagnostic() {
    let df = parse("FROM debian\nRUN echo 'unterminated\nUSER app\n");
    let m = Model::build(&df);
    assert!(!df.has_errors());
    assert_eq!(m.diagnostics.len(), 1);
    assert_eq!(m.diagnostics[0].kind, SyntaxErrorKind::ShellSyntax);
    assert_eq!(df.position(m.diagnostics[0].span.start).line, 2);
    assert_eq!(m.stages[0].user.as_ref().unwrap().value, "app");
}

#[test]
fn shell_pragma_declares_the_base_image_shell() {
    let df = parse(
        "FROM custom-windows-image\n# hadolint shell=powershell\nRUN & C:/x.ps1 --a 1\nFROM debian\nRUN echo hi\n",
    );
    let m = Model::build(&df);
    assert_eq!(m.scripts[0].shell, ShellKind::PowerShell);
    assert!(m.scripts[0].script.is_none());
    assert_eq!(m.scripts[1].shell, ShellKind::Posix);
}
