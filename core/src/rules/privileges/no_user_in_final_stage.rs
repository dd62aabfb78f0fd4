//! HG150: the final image runs as root because no `USER` is set anywhere in
//! the final stage or the stages it is built from.

use crate::image_ref::ImageRef;
use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::model::{BaseKind, UserState};
use crate::shell::ShellWord;
use crate::syntax::{CommandForm, InstructionKind};

use super::final_chain;

/// See [`META`].
pub(crate) struct NoUserInFinalStage;

static META: RuleMeta = RuleMeta {
    code: "HG150",
    name: "no-user-in-final-stage",
    severity: Severity::Warning,
    category: Category::Privileges,
    sources: &[
        "trivy:DS-0002",
        "trivy:DS002",
        "checkov:CKV_DOCKER_3",
        "dockle:CIS-DI-0001",
    ],
    default_enabled: true,
    help: "Create an unprivileged user and switch to it with `USER` (a numeric UID such as `USER 10001` works on every runtime).",
    docs: RuleDocs {
        what: "Flags the final stage when neither it nor any stage it is built `FROM` sets a `USER` and its base is known to run as root: `scratch`, Docker Official Images (except those that set a non-root user or step down in their entrypoint, such as `postgres`, `redis`, `rabbitmq`, `haproxy`, `memcached`), distroless without `nonroot`, Red Hat UBI, Microsoft's .NET, PowerShell, Azure Linux and dev-container images, and a few other distribution images. Not flagged: tags or names saying `nonroot`, `non-root`, `rootless` or `unprivileged` (`gcr.io/distroless/static:nonroot`, `nginxinc/nginx-unprivileged`); Chainguard images other than `wolfi-base`/`chainguard-base`; .NET `chiseled` images; other third-party bases, which often set their own USER (`jupyter/base-notebook`, `selenium/*`, `grafana/grafana`) — image checks read the real config; Windows and unresolved bases; and images that drop privileges at start-up with `gosu`, `su-exec`, `setpriv`, `runuser`, `chpst` or `s6-setuidgid` (installed, copied or called in the final stage's chain), as Docker's guide recommends for entrypoints that need root to prepare the container. An explicit `USER root` is DL3002's job.",
        why: "Docker's guide says: if a service can run without privileges, use `USER` to change to a non-root user. A process running as root inside the container is root on the host's kernel too, so any escape or mounted-volume mistake gives an attacker full control. Declaring the user in the image makes the safe behaviour the default instead of relying on every `docker run` to pass `--user`.",
        bad: "FROM python:3.12-slim\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n",
        good: "FROM python:3.12-slim\nRUN useradd --system --uid 10001 app\nCOPY app.py /app/\nUSER 10001\nCMD [\"python\", \"/app/app.py\"]\n",
    },
};

/// Programs that switch from root to another user when the container starts.
const PRIVILEGE_DROPPERS: &[&str] = &[
    "gosu",
    "su-exec",
    "setpriv",
    "runuser",
    "chpst",
    "s6-setuidgid",
];

/// Docker Official Images that switch to a non-root `USER` themselves, or
/// whose entrypoint steps down from root before starting the service.
const OFFICIAL_NON_ROOT: &[&str] = &[
    // USER set in the image.
    "haproxy",
    "memcached",
    "sonarqube",
    "solr",
    "odoo",
    "kong",
    "mongo-express",
    "elasticsearch",
    "logstash",
    "kibana",
    "rocket.chat",
    "teamspeak",
    "jenkins",
    // Entrypoint drops to the service user (gosu, su-exec, setpriv).
    "postgres",
    "mysql",
    "mariadb",
    "percona",
    "mongo",
    "redis",
    "rabbitmq",
    "couchdb",
    "cassandra",
    "ghost",
    "redmine",
    "influxdb",
    "zookeeper",
    "neo4j",
    "eclipse-mosquitto",
];

/// Repository prefixes (registry included) of images known to run as root
/// by default: distributions and vendor runtime images.
const ROOT_IMAGE_PREFIXES: &[&str] = &[
    "gcr.io/distroless/",
    "mcr.microsoft.com/dotnet/",
    "mcr.microsoft.com/powershell",
    "mcr.microsoft.com/azurelinux/",
    "mcr.microsoft.com/azurelinux-beta/",
    "mcr.microsoft.com/cbl-mariner/",
    "mcr.microsoft.com/devcontainers/",
    "mcr.microsoft.com/vscode/devcontainers/",
    "mcr.microsoft.com/azure-functions/",
    "registry.access.redhat.com/ubi",
    "registry.fedoraproject.org/",
    "registry.opensuse.org/opensuse/",
    "quay.io/centos/",
    "public.ecr.aws/amazonlinux/",
    "docker.io/redhat/ubi",
    "docker.io/opensuse/",
    "docker.io/nvidia/cuda",
    "docker.io/continuumio/",
    "docker.io/tensorflow/tensorflow",
    "docker.io/pytorch/pytorch",
    "docker.io/kalilinux/",
    "cgr.dev/chainguard/wolfi-base",
    "cgr.dev/chainguard/chainguard-base",
];

/// Who a base image runs as, as far as we know without pulling it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BaseUser {
    /// Root, the default of distributions and most runtime images.
    Root,
    /// A non-root user, or root only until the entrypoint steps down.
    NonRoot,
    /// A third-party image that may well set its own USER.
    Unknown,
}

fn base_user(image: &ImageRef) -> BaseUser {
    let tag = image.tag.as_deref().unwrap_or("").to_ascii_lowercase();
    let repo = image.repository.to_ascii_lowercase();
    let says_so = |s: &str| {
        s.contains("nonroot")
            || s.contains("non-root")
            || s.contains("rootless")
            || s.contains("unprivileged")
    };
    if says_so(&tag) || says_so(&repo) {
        return BaseUser::NonRoot;
    }
    let full = format!("{}/{repo}", image.registry.to_ascii_lowercase());
    let official = if image.is_official() {
        Some(image.familiar_name())
    } else {
        full.strip_prefix("public.ecr.aws/docker/library/")
            .map(str::to_owned)
    };
    if let Some(name) = official {
        return if OFFICIAL_NON_ROOT.contains(&name.as_str()) {
            BaseUser::NonRoot
        } else {
            BaseUser::Root
        };
    }
    if full.starts_with("mcr.microsoft.com/dotnet/") && tag.contains("chiseled") {
        return BaseUser::NonRoot;
    }
    if ROOT_IMAGE_PREFIXES.iter().any(|p| full.starts_with(p)) {
        return BaseUser::Root;
    }
    if full.starts_with("cgr.dev/chainguard/") {
        return BaseUser::NonRoot;
    }
    BaseUser::Unknown
}

fn looks_like_windows(image: &str) -> bool {
    let l = image.to_ascii_lowercase();
    l.contains("windows/servercore")
        || l.contains("nanoserver")
        || l.contains("windowsservercore")
        || l.starts_with("mcr.microsoft.com/windows")
}

fn names_dropper(word: &str) -> bool {
    let base = word
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(word);
    PRIVILEGE_DROPPERS.contains(&base)
}

/// Whether the stages of the final image install, copy or call a tool that
/// drops root privileges at start-up.
fn drops_privileges(cx: &Context<'_>, chain: &[usize]) -> bool {
    let in_chain = |stage: Option<usize>| stage.is_some_and(|s| chain.contains(&s));
    let scripts = cx.model.scripts.iter().filter(|r| in_chain(r.stage));
    for run in scripts {
        let Some(script) = &run.script else { continue };
        for cmd in &script.commands {
            let words = cmd.name.iter().chain(&cmd.args);
            if words.map(ShellWord::text).any(names_dropper) {
                return true;
            }
        }
    }
    chain
        .iter()
        .flat_map(|&s| &cx.model.stages[s].instructions)
        .filter_map(|&i| cx.df.instructions.get(i))
        .any(|ins| match ins.kind() {
            InstructionKind::Copy(c) | InstructionKind::Add(c) => c
                .sources
                .iter()
                .chain(c.dest)
                .any(|w| names_dropper(&w.value)),
            InstructionKind::Cmd {
                command: Some(CommandForm::Exec { args: argv }),
            }
            | InstructionKind::Entrypoint {
                command: Some(CommandForm::Exec { args: argv }),
            } => argv.iter().any(|w| names_dropper(&w.value)),
            _ => false,
        })
}

impl Rule for NoUserInFinalStage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(last) = cx.model.final_stage() else {
            return;
        };
        if matches!(cx.model.effective_user(last.index), UserState::Set(_)) {
            return;
        }
        let Some(root) = cx.model.root_base(last.index) else {
            return;
        };
        let base = match &root.kind {
            BaseKind::Scratch => "scratch".to_owned(),
            BaseKind::Image(image) => {
                if base_user(image) != BaseUser::Root || looks_like_windows(&root.expanded) {
                    return;
                }
                image.familiar_string()
            }
            _ => return,
        };
        let chain = final_chain(cx);
        if drops_privileges(cx, &chain) {
            return;
        }
        out.push(Finding::new(
            last.base.span,
            format!("the final image sets no USER, so it runs as root (base `{base}`)"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires_when_no_user_is_set_in_the_final_chain() {
        assert_fires(&NoUserInFinalStage, "FROM debian:12\nRUN echo hi\n", &[1]);
        // A USER in a build stage the final stage only copies from does not count.
        assert_fires(
            &NoUserInFinalStage,
            "FROM golang:1.22 AS build\nUSER app\nFROM alpine:3.20\nCOPY --from=build /x /x\n",
            &[3],
        );
        // scratch with a static binary still runs as root.
        assert_fires(
            &NoUserInFinalStage,
            "FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT [\"/app\"]\n",
            &[3],
        );
        // Distroless without the nonroot tag runs as root; ARG-resolved base.
        assert_fires(
            &NoUserInFinalStage,
            "ARG BASE=gcr.io/distroless/static-debian12\nFROM ${BASE}\n",
            &[2],
        );
        // Vendor distribution images, and the official-image mirror on ECR.
        for base in [
            "registry.access.redhat.com/ubi9/ubi-minimal:9.4",
            "mcr.microsoft.com/dotnet/aspnet:8.0",
            "public.ecr.aws/docker/library/node:22",
            "cgr.dev/chainguard/wolfi-base:latest",
        ] {
            assert_fires(
                &NoUserInFinalStage,
                &format!("FROM {base}\nCOPY a /a\n"),
                &[1],
            );
        }
        // ONBUILD / sudo mentions are not privilege drops.
        assert_fires(
            &NoUserInFinalStage,
            "FROM ubuntu:24.04\nRUN sudo apt-get install -y curl\nONBUILD RUN echo hi\n",
            &[1],
        );
    }

    #[test]
    fn silent_when_a_user_is_set_or_the_base_is_non_root() {
        assert_clean(&NoUserInFinalStage, "FROM debian:12\nUSER 10001\n");
        // A USER in the parent stage carries over.
        assert_clean(
            &NoUserInFinalStage,
            "FROM debian:12 AS base\nUSER app\nFROM base\nRUN echo hi\n",
        );
        // An explicit `USER root` is DL3002's finding, not this one.
        assert_clean(&NoUserInFinalStage, "FROM debian:12\nUSER root\n");
        for base in [
            "gcr.io/distroless/static-debian12:nonroot",
            "gcr.io/distroless/base:debug-nonroot",
            "nginxinc/nginx-unprivileged:1.27",
            "docker:27-dind-rootless",
            "cgr.dev/chainguard/python:latest",
            "mcr.microsoft.com/dotnet/runtime:8.0-jammy-chiseled",
            "mcr.microsoft.com/windows/servercore:ltsc2022",
            "postgres:16",
            "quay.io/jupyter/base-notebook:2024-01-01",
            "mycompany/java-base:1.2",
        ] {
            assert_clean(&NoUserInFinalStage, &format!("FROM {base}\nCOPY a /a\n"));
        }
        assert_clean(&NoUserInFinalStage, "ARG BASE\nFROM ${BASE}\n");
    }

    #[test]
    fn silent_when_the_entrypoint_drops_privileges() {
        // The official-image pattern: start as root, step down with gosu.
        assert_clean(
            &NoUserInFinalStage,
            "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends gosu\nENTRYPOINT [\"docker-entrypoint.sh\"]\n",
        );
        assert_clean(
            &NoUserInFinalStage,
            "FROM alpine:3.20\nRUN <<EOF\napk add --no-cache su-exec\nEOF\n",
        );
        assert_clean(
            &NoUserInFinalStage,
            "FROM debian:12\nCOPY --from=tianon/gosu:1.17 /gosu /usr/local/bin/\n",
        );
        assert_clean(
            &NoUserInFinalStage,
            "FROM debian:12\nENTRYPOINT [\"setpriv\", \"--reuid=1000\", \"--\", \"app\"]\n",
        );
        assert_clean(
            &NoUserInFinalStage,
            "FROM wordpress:6 AS base\nRUN curl -o /usr/local/bin/gosu -L https://example.com/gosu\nFROM base\nCMD [\"x\"]\n",
        );
    }
}
