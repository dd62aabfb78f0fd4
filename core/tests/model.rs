//! The model: stages, base images resolved through ARGs, the stage graph,
//! scopes, and effective USER/WORKDIR/SHELL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hullguard::model::{BaseKind, DependencyKind, DependencyTarget, Model, ShellKind, UserState};
use hullguard::syntax::parse;

fn model(text: &str) -> (hullguard::syntax::Dockerfile<'_>, Model) {
    let df = parse(text);
    let m = Model::build(&df);
    (df, m)
}

#[test]
fn base_images_resolve_through_global_args() {
    let (_, m) = model(concat!(
        "ARG PY_VERSION=3.12\n",
        "ARG VARIANT\n",
        "FROM python:${PY_VERSION}-slim AS base\n",
        "FROM docker.io/library/alpine:3.19@sha256:1111111111111111111111111111111111111111111111111111111111111111\n",
        "FROM ${MISSING}\n",
        "FROM node:${VARIANT:-20}-alpine\n",
        "FROM scratch\n",
        "FROM base\n",
    ));
    let img = m.stages[0].base.image().unwrap();
    assert_eq!(
        (img.repository.as_str(), img.tag.as_deref()),
        ("library/python", Some("3.12-slim"))
    );
    assert!(img.is_official());
    let alpine = m.stages[1].base.image().unwrap();
    assert!(alpine.digest.is_some());
    assert_eq!(m.stages[2].base.kind, BaseKind::Unresolved);
    assert_eq!(m.stages[2].base.unresolved, ["MISSING"]);
    assert_eq!(
        m.stages[3].base.image().unwrap().tag.as_deref(),
        Some("20-alpine")
    );
    assert_eq!(m.stages[4].base.kind, BaseKind::Scratch);
    assert_eq!(m.stages[5].base.kind, BaseKind::Stage(0));
    assert_eq!(m.ancestry(5), [5, 0]);
}

#[test]
fn platform_builtins_are_in_scope_for_from() {
    let (_, m) =
        model("FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nFROM alpine:${TARGETARCH}\n");
    assert_eq!(m.stages[0].platform.as_deref(), Some("linux/amd64"));
    assert_eq!(
        m.stages[1].base.image().unwrap().tag.as_deref(),
        Some("amd64")
    );
}

#[test]
fn stage_graph_and_reachability() {
    let (_, m) = model(concat!(
        "FROM golang:1.22 AS Build\n",
        "RUN go build -o /app .\n",
        "FROM alpine:3.19 AS unused\n",
        "FROM node:20 AS assets\n",
        "FROM gcr.io/distroless/static\n",
        "ARG SRC=build\n",
        "COPY --from=${SRC} /app /app\n",
        "COPY --from=nginx:1.25 /etc/nginx/nginx.conf /x\n",
        "RUN --mount=from=assets,target=/a true\n",
        "COPY --from=0 /go /go\n",
    ));
    assert_eq!(m.stages[0].name.as_deref(), Some("build"));
    let deps: Vec<_> = m.stages[3]
        .dependencies
        .iter()
        .map(|d| (d.kind, d.target.clone()))
        .collect();
    assert_eq!(
        deps[0],
        (DependencyKind::CopyFrom, DependencyTarget::Stage(0))
    );
    assert!(
        matches!(&deps[1], (DependencyKind::CopyFrom, DependencyTarget::Image(r)) if r.repository == "library/nginx")
    );
    assert_eq!(
        deps[2],
        (DependencyKind::MountFrom, DependencyTarget::Stage(2))
    );
    assert_eq!(
        deps[3],
        (DependencyKind::CopyFrom, DependencyTarget::Stage(0))
    );
    assert_eq!(m.reachable_stages(), [true, false, true, true]);
}

#[test]
fn args_and_env_scoping_follow_buildkit() {
    let (df, m) = model(concat!(
        "ARG VERSION=1.0\n",
        "FROM alpine\n",
        "RUN echo $VERSION\n",
        "ARG VERSION\n",
        "ENV A=x B=${A}y\n",
        "ENV A=z\n",
        "USER ${A}\n",
        "FROM 0\n",
    ));
    let run = 1;
    assert_eq!(
        m.lookup(run, "VERSION"),
        None,
        "global ARG not visible before re-declaration"
    );
    assert_eq!(m.lookup(4, "VERSION").as_deref(), Some("1.0"));
    // ENV pairs of one instruction all see the environment before it.
    assert_eq!(m.lookup(5, "B").as_deref(), Some("y"));
    assert_eq!(m.lookup(6, "A").as_deref(), Some("z"));
    let UserState::Set(user) = m.effective_user(0) else {
        panic!()
    };
    assert_eq!((user.value.as_str(), user.written.as_str()), ("z", "${A}"));
    assert_eq!(df.slice(user.span), "${A}");
    let _ = df;
}

#[test]
fn effective_user_follows_stage_chains() {
    let (_, m) =
        model("FROM alpine AS base\nUSER app\nFROM base\nRUN id\nFROM scratch\nFROM ubuntu\n");
    assert!(matches!(m.effective_user(1), UserState::Set(s) if s.value == "app"));
    assert_eq!(m.effective_user(2), UserState::Root);
    assert_eq!(m.effective_user(3), UserState::FromBaseImage);
}

#[test]
fn workdir_joins_relative_paths() {
    let (_, m) = model("FROM alpine\nWORKDIR /srv\nWORKDIR app\nENV D=data\nWORKDIR $D\n");
    assert_eq!(m.stages[0].workdir.as_ref().unwrap().value, "/srv/app/data");
}

#[test]
fn shells_are_classified() {
    let (df, m) = model(concat!(
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n",
        "RUN dir\n",
        "SHELL [\"powershell\", \"-Command\"]\n",
        "RUN Get-ChildItem\n",
        "FROM debian AS d\n",
        "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n",
        "FROM d\n",
        "RUN echo\n",
    ));
    assert_eq!(m.shell_at(&df, 1).0, ShellKind::Cmd);
    assert_eq!(m.shell_at(&df, 3).0, ShellKind::PowerShell);
    assert_eq!(m.shell_at(&df, 7).0, ShellKind::Bash);
    assert_eq!(m.effective_shell(2).0, ShellKind::Bash);
}

#[test]
fn orphan_instructions_before_from_are_recorded() {
    let (_, m) = model("ARG A=1\nRUN echo too early\nFROM alpine\n");
    assert_eq!(m.orphans, [1]);
    assert_eq!(m.global_args.value("A").as_deref(), Some("1"));
}

#[test]
fn the_one_pass_shell_table_agrees_with_shell_at() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parser");
    let mut texts: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "Dockerfile"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    texts.push(
        "FROM mcr.microsoft.com/windows/servercore AS win\nRUN dir\nSHELL [\"powershell\", \"-c\"]\nRUN ls\nFROM win\nRUN x\nFROM debian\nSHELL [\"/bin/bash\", \"-c\"]\nRUN a\nFROM debian\nRUN b\n"
            .to_owned(),
    );
    for text in &texts {
        let df = hullguard::syntax::parse(text);
        let model = hullguard::model::Model::build(&df);
        let table = model.shells(&df);
        assert_eq!(table.len(), df.instructions.len());
        for (i, kind) in table.iter().enumerate() {
            assert_eq!(
                *kind,
                model.shell_at(&df, i).0,
                "instruction {i} of\n{text}"
            );
        }
    }
}

/// The "Using the library" example of the README, as written there.
#[test]
fn readme_library_example() {
    let df = hullguard::syntax::parse("FROM python:3.12-slim\nUSER app\n");
    let model = hullguard::model::Model::build(&df);
    let base = model.stages[0].base.image().unwrap();
    assert!(base.is_official());
    for d in &df.diagnostics {
        let at = df.position(d.span.start);
        eprintln!("{}:{}: {} {}", at.line, at.column, d.kind.code(), d.message);
    }
    if let hullguard::syntax::InstructionKind::User { user: Some(w) } = df.instructions[1].kind() {
        assert_eq!(w.value, "app");
    } else {
        panic!("USER is read as a user")
    }
}
