//! HG180: a single-stage image that installs compilers or builds from source,
//! so its build tools ship in the final image.

use std::collections::HashSet;

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::model::{BaseKind, DependencyTarget, ScriptOrigin};
use crate::rules::support::build_tools::{
    Family, build_command, family, is_build_tool, is_install, is_removal, package_name,
};
use crate::rules::support::commands::{Cmd, build_commands};
use crate::rules::support::packages::{Manager, read_cached};

/// See [`META`].
pub(crate) struct BuildToolsInFinalImage;

static META: RuleMeta = RuleMeta {
    code: "HG180",
    name: "build-tools-in-final-image",
    severity: Severity::Warning,
    category: Category::MultiStage,
    sources: &[],
    default_enabled: true,
    help: "Build in a separate stage (`FROM … AS build`) and `COPY --from=build` only the result into a small final stage; or remove build-only packages in the same RUN that installs them (`apk add --virtual .build-deps … && … && apk del .build-deps`).",
    docs: RuleDocs {
        what: "In an image whose final stage does not use another stage (no `FROM <stage>`, `COPY --from=<stage>` or `RUN --mount=from=<stage>`), flags RUN instructions of the final stage that install compilers, build tools, JDKs or development packages (`build-essential`, `gcc`, `make`, `cmake`, `*-dev`, `*-devel`, `golang`, `cargo`, `maven`, `openjdk-17-jdk`…) with apt, apk, yum/dnf or zypper and do not remove them again in the same RUN (`apt-get purge`, `apk del` of the packages or of their `--virtual` name, `apt-mark auto` followed by `apt-get purge --auto-remove`, `yum remove`). When no such package is flagged, also flags the first build command of each RUN (`go build`, `cargo build`, `mvn package`, `gradle build`, plain `make`, `npm run build`, `dotnet publish`, direct `gcc`/`javac` calls) unless the same RUN removes the packages it installed. `ONBUILD RUN`, development-container bases (`mcr.microsoft.com/devcontainers/…`) and `buildpack-deps` (an image that exists to carry build dependencies) are not checked.",
        why: "Docker's guide recommends multi-stage builds so that compilers, headers and build caches stay in a build stage and the shipped image holds only the application and its runtime. Build tools in a production image add size and known vulnerabilities, and give an attacker who gets in a compiler and a package toolchain to work with.",
        bad: "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev\nCOPY . /app\nRUN pip install --no-cache-dir /app\n",
        good: "FROM python:3.12-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev\nCOPY . /app\nRUN pip wheel --no-cache-dir --wheel-dir /wheels /app\n\nFROM python:3.12-slim\nCOPY --from=build /wheels /wheels\nRUN pip install --no-cache-dir /wheels/*\n",
    },
};

/// What one RUN instruction installs and removes again.
#[derive(Default)]
struct Removals {
    /// Package names removed, per family.
    names: HashSet<(u8, String)>,
    /// Families whose removal took a word we cannot read (`$buildDeps`): it
    /// may remove anything.
    anything: HashSet<u8>,
    /// `apt-mark auto` + `apt-get purge --auto-remove`/`autoremove`: every
    /// package installed in the RUN goes again.
    apt_auto: bool,
}

fn key(f: Family) -> u8 {
    f as u8
}

impl Removals {
    fn removed(&self, f: Family, name: &str, virtual_name: Option<&str>) -> bool {
        (f == Family::Deb && self.apt_auto)
            || self.anything.contains(&key(f))
            || self.names.contains(&(key(f), name.to_owned()))
            || virtual_name.is_some_and(|v| self.names.contains(&(key(f), v.to_owned())))
    }

    fn any(&self) -> bool {
        self.apt_auto || !self.anything.is_empty() || !self.names.is_empty()
    }
}

/// Whether the final stage stands alone: built from an image (or scratch) and
/// reading from no other stage.
fn single_stage(cx: &Context<'_>) -> Option<usize> {
    let last = cx.model.final_stage()?;
    if matches!(last.base.kind, BaseKind::Stage(_)) {
        return None;
    }
    if last
        .dependencies
        .iter()
        .any(|d| matches!(d.target, DependencyTarget::Stage(_)))
    {
        return None;
    }
    if let BaseKind::Image(r) = &last.base.kind {
        let name = r.name();
        if name.starts_with("mcr.microsoft.com/devcontainers/")
            || name.starts_with("mcr.microsoft.com/vscode/devcontainers/")
            || name == "docker.io/library/buildpack-deps"
        {
            return None;
        }
    }
    Some(last.index)
}

impl Rule for BuildToolsInFinalImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(stage) = single_stage(cx) else {
            return;
        };
        // The commands of each RUN of the final stage, in order.
        let mut runs: Vec<(usize, Vec<Cmd<'_>>)> = Vec::new();
        for c in build_commands(cx)
            .filter(|c| c.run.stage == Some(stage) && c.run.origin == ScriptOrigin::Run)
        {
            match runs.last_mut() {
                Some((i, v)) if *i == c.run.instruction => v.push(c),
                _ => runs.push((c.run.instruction, vec![c])),
            }
        }

        let mut package_findings = 0;
        let mut build_findings = Vec::new();
        for (_, cmds) in &runs {
            let mut removals = Removals::default();
            let pkgs: Vec<_> = cmds.iter().filter_map(|c| read_cached(cx, c)).collect();
            for p in &pkgs {
                let Some(f) = family(p.manager) else { continue };
                if !is_removal(p) {
                    continue;
                }
                if matches!(p.manager, Manager::AptGet | Manager::Apt)
                    && (p.is_action(&["autoremove", "autopurge"])
                        || p.has_flag('\0', "auto-remove")
                        || p.has_flag('\0', "autoremove"))
                    && cmds.iter().any(|c| {
                        c.cmd.is_program(&["apt-mark"]) && c.cmd.subcommand() == Some("auto")
                    })
                {
                    removals.apt_auto = true;
                }
                for w in &p.packages {
                    if w.is_literal() {
                        removals.names.insert((key(f), package_name(f, w.text())));
                    } else {
                        removals.anything.insert(key(f));
                    }
                }
            }

            let mut installed_here = false;
            for p in &pkgs {
                let Some(f) = family(p.manager) else { continue };
                if !is_install(p) {
                    continue;
                }
                installed_here = true;
                let virtual_name = (f == Family::Apk)
                    .then(|| p.cmd.cmd.flag_value('t', "virtual"))
                    .flatten();
                let kept: Vec<_> = p
                    .packages
                    .iter()
                    .filter(|w| w.is_literal() && is_build_tool(f, w.text()))
                    .filter(|w| !removals.removed(f, &package_name(f, w.text()), virtual_name))
                    .collect();
                let Some(first) = kept.first() else { continue };
                let names = kept
                    .iter()
                    .map(|w| package_name(f, w.text()))
                    .collect::<Vec<_>>()
                    .join(", ");
                package_findings += 1;
                out.push(Finding::new(
                    p.cmd.map(first.span),
                    format!(
                        "`{} {}` leaves build tools in the final image: {names} (no build stage, and the same RUN does not remove them)",
                        p.cmd.cmd.program().unwrap_or_default(),
                        p.action()
                    ),
                ));
            }

            if installed_here && removals.any() {
                continue;
            }
            if let Some((c, what)) = cmds
                .iter()
                .find_map(|c| build_command(c.cmd).map(|w| (c, w)))
            {
                build_findings.push(Finding::new(
                    c.span(),
                    format!(
                        "`{what}` builds from source in the final image, so its toolchain ships with the application (no build stage)"
                    ),
                ));
            }
        }
        if package_findings == 0 {
            out.extend(build_findings);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_build_packages_kept_in_a_single_stage_image() {
        assert_fires(
            &BuildToolsInFinalImage,
            "FROM python:3.12-slim\nRUN apt-get update && \\\n    apt-get install -y gcc libpq-dev curl\n",
            &[3],
        );
        let f = findings(
            &BuildToolsInFinalImage,
            "FROM alpine:3.20\nRUN apk add --no-cache build-base musl-dev=1.2 git\n",
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].1.contains("build-base, musl-dev"), "{f:?}");
        assert_fires(
            &BuildToolsInFinalImage,
            "FROM rockylinux:9\nRUN dnf install -y gcc-c++ make && dnf clean all\n",
            &[2],
        );
        assert_fires(
            &BuildToolsInFinalImage,
            "FROM debian:12\nRUN sudo apt-get install -y build-essential\n",
            &[2],
        );
        assert_fires(
            &BuildToolsInFinalImage,
            "FROM debian:12\nRUN sh -c 'apt-get install -y openjdk-17-jdk-headless'\n",
            &[2],
        );
    }

    #[test]
    fn heredoc_scripts_count_as_one_run() {
        assert_fires(
            &BuildToolsInFinalImage,
            "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y gcc\nEOF\n",
            &[4],
        );
        assert_clean(
            &BuildToolsInFinalImage,
            "FROM debian:12\nRUN <<EOF\napt-get install -y gcc\nmake\napt-get purge -y gcc\nEOF\n",
        );
    }

    #[test]
    fn removal_in_the_same_run_passes() {
        assert_clean(
            &BuildToolsInFinalImage,
            "FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev \\\n && pip install psutil \\\n && apk del .build-deps\n",
        );
        assert_clean(
            &BuildToolsInFinalImage,
            "FROM debian:12\nRUN apt-get install -y gcc make && make && apt-get purge -y --auto-remove gcc make\n",
        );
        assert_clean(
            &BuildToolsInFinalImage,
            concat!(
                "FROM debian:12\n",
                "RUN savedAptMark=\"$(apt-mark showmanual)\"; \\\n",
                "    apt-get install -y --no-install-recommends gcc libc6-dev make; \\\n",
                "    ./configure && make -j\"$(nproc)\" && make install; \\\n",
                "    apt-mark auto '.*' > /dev/null; apt-mark manual $savedAptMark; \\\n",
                "    apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false\n",
            ),
        );
        assert_clean(
            &BuildToolsInFinalImage,
            "FROM debian:12\nENV DEPS=gcc\nRUN apt-get install -y gcc && make && apt-get purge -y $DEPS\n",
        );
    }

    #[test]
    fn fires_on_build_commands_with_the_toolchain_in_the_base() {
        assert_fires(
            &BuildToolsInFinalImage,
            "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n",
            &[4],
        );
        assert_fires(
            &BuildToolsInFinalImage,
            "FROM node:20-slim\nCOPY . .\nRUN npm ci && npm run build\n",
            &[3],
        );
        assert_fires(
            &BuildToolsInFinalImage,
            "FROM maven:3.9-eclipse-temurin-21\nRUN mvn -B package\nRUN mvn -B verify\n",
            &[2, 3],
        );
    }

    #[test]
    fn multi_stage_builds_and_other_cases_pass() {
        assert_clean(
            &BuildToolsInFinalImage,
            "FROM golang:1.22 AS build\nRUN apt-get install -y gcc && go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\n",
        );
        assert_clean(
            &BuildToolsInFinalImage,
            "FROM golang:1.22 AS base\nRUN go build -o /app .\nFROM base\n",
        );
        assert_clean(
            &BuildToolsInFinalImage,
            "FROM debian:12\nRUN apt-get install -y curl ca-certificates libpq5 && make test\n",
        );
        assert_clean(
            &BuildToolsInFinalImage,
            "FROM debian:12\nONBUILD RUN apt-get install -y gcc\n",
        );
        assert_clean(
            &BuildToolsInFinalImage,
            "FROM mcr.microsoft.com/devcontainers/base:bookworm\nRUN apt-get install -y build-essential\n",
        );
        assert_clean(
            &BuildToolsInFinalImage,
            "FROM buildpack-deps:bookworm\nRUN apt-get install -y libbluetooth-dev tk-dev\n",
        );
        assert_clean(
            &BuildToolsInFinalImage,
            "FROM debian:12\nARG PKGS\nRUN apt-get install -y $PKGS\n",
        );
    }

    #[test]
    fn one_finding_per_problem() {
        // The install is reported; the build commands that use it are not.
        assert_fires(
            &BuildToolsInFinalImage,
            "FROM debian:12\nRUN apt-get install -y gcc make\nRUN ./configure && make\n",
            &[2],
        );
    }
}
