//! HG111: a package index refreshed in a RUN that installs nothing.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::commands::{Cmd, build_commands};
use crate::rules::support::packages::{Manager, PackageCommand, read_cached};

/// See [`META`].
pub(crate) struct UpdateWithoutInstall;

static META: RuleMeta = RuleMeta {
    code: "HG111",
    name: "update-without-install",
    severity: Severity::Warning,
    category: Category::Pinning,
    sources: &[
        "trivy:DS-0017",
        "trivy:DS017",
        "checkov:CKV_DOCKER_5",
        "dockle:CIS-DI-0007",
    ],
    default_enabled: true,
    help: "Refresh the index and install in the same RUN: `RUN apt-get update && apt-get install -y …` (or `apk add --no-cache …`).",
    docs: RuleDocs {
        what: "Flags a package-index refresh (`apt-get update`, `apt update`, `apk update`, `yum`/`dnf`/`microdnf makecache`, `zypper refresh`) in a RUN that installs or upgrades nothing with the same manager. A RUN that also runs a local script (`./setup.sh`, `bash install.sh`, `. env.sh`) or a command named by a variable is not flagged, since that may do the install.",
        why: "Docker's security guide asks for rebuildable images whose packages are current. The builder caches each RUN as a layer keyed on its text, so an index refreshed in its own RUN is reused, stale, by every later build, while the install in a following RUN changes: builds then install outdated (possibly vulnerable) versions, or fail when the stale index names packages the mirror no longer has.",
        bad: "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n",
        good: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
    },
};

/// The family of a manager: commands of one family share an index.
fn family(m: Manager) -> Option<u8> {
    match m {
        Manager::AptGet | Manager::Apt => Some(0),
        Manager::Apk => Some(1),
        Manager::Yum | Manager::Dnf | Manager::Microdnf => Some(2),
        Manager::Zypper => Some(3),
        _ => None,
    }
}

fn is_refresh(p: &PackageCommand<'_>) -> bool {
    match p.manager {
        Manager::AptGet | Manager::Apt | Manager::Apk => p.is_action(&["update"]),
        Manager::Yum | Manager::Dnf | Manager::Microdnf => p.is_action(&["makecache"]),
        Manager::Zypper => p.is_action(&["refresh", "ref"]),
        _ => false,
    }
}

fn uses_index(p: &PackageCommand<'_>) -> bool {
    let actions: &[&str] = match p.manager {
        Manager::AptGet | Manager::Apt => &[
            "install",
            "upgrade",
            "dist-upgrade",
            "full-upgrade",
            "build-dep",
            "reinstall",
            "satisfy",
            "source",
            "download",
        ],
        Manager::Apk => &["add", "upgrade", "fix", "fetch"],
        Manager::Yum | Manager::Dnf | Manager::Microdnf => &[
            "install",
            "update",
            "upgrade",
            "reinstall",
            "localinstall",
            "groupinstall",
            "groupupdate",
            "group",
            "module",
            "distro-sync",
            "downgrade",
            "swap",
            "builddep",
            "download",
        ],
        Manager::Zypper => &[
            "install",
            "in",
            "update",
            "up",
            "dist-upgrade",
            "dup",
            "patch",
            "source-install",
            "si",
        ],
        _ => &[],
    };
    p.is_action(actions)
}

/// Whether the command may install packages in ways we cannot see: a local
/// script, a shell reading a script file, or a command named by a variable.
fn may_install(c: &Cmd<'_>) -> bool {
    let Some(name) = &c.cmd.name else {
        return false;
    };
    if !name.is_literal() {
        return true;
    }
    let program = name.text();
    if program.starts_with("./") || program.ends_with(".sh") {
        return true;
    }
    let base = c.cmd.program().unwrap_or("");
    // tonistiigi/xx wrappers (`xx-apt-get install`, `xx-apk add`) run the real manager.
    if base.starts_with("xx-") {
        return true;
    }
    match base {
        "." | "source" => true,
        "sh" | "bash" | "dash" | "ash" | "zsh" => {
            !c.cmd.has_flag('c', "") && c.cmd.args.iter().any(|a| !a.text().starts_with('-'))
        }
        _ => false,
    }
}

/// Where each family keeps the index a refresh downloads.
fn index_dirs(fam: Option<u8>) -> &'static [&'static str] {
    match fam {
        Some(0) => &["/var/lib/apt"],
        Some(1) => &["/var/cache/apk", "/etc/apk/cache"],
        Some(2) => &["/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"],
        Some(3) => &["/var/cache/zypp"],
        _ => &[],
    }
}

/// Whether the command removes the refreshed index again, so that no stale
/// copy stays in the layer.
fn drops_index(cx: &Context<'_>, c: &Cmd<'_>, fam: Option<u8>) -> bool {
    if c.cmd.is_program(&["rm"]) {
        return c
            .cmd
            .args
            .iter()
            .any(|a| index_dirs(fam).iter().any(|d| a.text().starts_with(d)));
    }
    let Some(p) = read_cached(cx, c) else {
        return false;
    };
    if family(p.manager) != fam || !p.is_action(&["clean"]) {
        return false;
    }
    match p.manager {
        Manager::Zypper => p.has_flag('a', "all") || p.has_flag('m', "metadata"),
        Manager::Yum | Manager::Dnf | Manager::Microdnf => p
            .packages
            .iter()
            .any(|w| matches!(w.text(), "all" | "metadata" | "dbcache" | "expire-cache")),
        _ => false,
    }
}

/// Whether the RUN keeps the index directory on a cache or tmpfs mount.
fn index_on_mount(cx: &Context<'_>, instruction: usize, fam: Option<u8>) -> bool {
    let Some(ins) = cx.df.instructions.get(instruction) else {
        return false;
    };
    ins.trigger_or_self().mounts().iter().any(|m| {
        m.is_cache_like()
            && m.target.as_deref().is_some_and(|t| {
                let t = t.trim_end_matches('/');
                index_dirs(fam)
                    .iter()
                    .any(|d| d.starts_with(t) || t.starts_with(d))
            })
    })
}

impl Rule for UpdateWithoutInstall {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let commands: Vec<Cmd<'_>> = build_commands(cx).collect();
        for c in &commands {
            let Some(p) = read_cached(cx, c) else {
                continue;
            };
            if !is_refresh(p) {
                continue;
            }
            let fam = family(p.manager);
            let excused = commands
                .iter()
                .filter(|o| o.run.instruction == c.run.instruction)
                .any(|o| {
                    may_install(o)
                        || drops_index(cx, o, fam)
                        || read_cached(cx, o).is_some_and(|q| {
                            family(q.manager) == fam
                                && (uses_index(q)
                                    || (q.manager == Manager::Apk && q.has_flag('U', "update")))
                        })
                });
            if !excused && !index_on_mount(cx, c.run.instruction, fam) {
                let what = format!("{} {}", c.cmd.program().unwrap_or(""), p.action());
                out.push(Finding::new(
                    c.span(),
                    format!(
                        "`{what}` runs in a RUN that installs nothing, so its index is cached in its own layer and goes stale"
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_refresh_alone() {
        assert_fires(
            &UpdateWithoutInstall,
            "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n",
            &[2],
        );
        assert_fires(
            &UpdateWithoutInstall,
            "FROM alpine:3.20\nRUN apk update\nRUN apk add --no-cache curl\n",
            &[2],
        );
        assert_fires(
            &UpdateWithoutInstall,
            "FROM fedora:40\nRUN dnf makecache && echo ok\nRUN zypper --non-interactive refresh\n",
            &[2, 3],
        );
        let f = findings(&UpdateWithoutInstall, "FROM debian:12\nRUN apt update -q\n");
        assert_eq!(
            f[0].1,
            "`apt update` runs in a RUN that installs nothing, so its index is cached in its own layer and goes stale"
        );
    }

    #[test]
    fn reads_wrappers_heredocs_and_onbuild() {
        assert_fires(
            &UpdateWithoutInstall,
            "FROM debian:12\nRUN sudo apt-get update\nONBUILD RUN sh -c 'apt-get update'\nRUN <<EOF\nset -e\napt-get update\nEOF\n",
            &[2, 3, 6],
        );
        // An install by another package manager does not use apt's index.
        assert_fires(
            &UpdateWithoutInstall,
            "FROM debian:12\nRUN apt-get update && pip install flask==3.0.3\n",
            &[2],
        );
    }

    #[test]
    fn silent_when_the_same_run_installs() {
        assert_clean(
            &UpdateWithoutInstall,
            concat!(
                "FROM debian:12\n",
                "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
                "RUN apt-get update; apt-get -y dist-upgrade\n",
                "RUN apt-get update && xargs apt-get install -y < /pkgs.txt\n",
                "RUN <<EOF\napt-get update\napt-get install -y git\nEOF\n",
                "RUN apk update && apk upgrade\n",
                "RUN apk update && apk add --no-cache git\n",
                "RUN yum makecache && yum install -y httpd-2.4.6\n",
                "RUN zypper ref && zypper in -y curl=8\n",
                "RUN apk add --update git\n",
                "RUN apt-get update && xx-apt-get install -y gcc\n",
            ),
        );
    }

    #[test]
    fn silent_when_the_index_does_not_stay_in_the_layer() {
        assert_clean(
            &UpdateWithoutInstall,
            concat!(
                "FROM debian:12\n",
                "RUN apt-get update && apt-get purge -y imagemagick && rm -rf /var/lib/apt/lists/*\n",
                "RUN --mount=type=cache,target=/var/lib/apt apt-get update\n",
                "RUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update\n",
                "RUN apk update && rm -rf /var/cache/apk/*\n",
                "RUN dnf makecache && dnf clean all\n",
            ),
        );
        assert_fires(
            &UpdateWithoutInstall,
            "FROM debian:12\nRUN apt-get update && apt-get purge -y imagemagick\nRUN --mount=type=cache,target=/root/.cache apt-get update\n",
            &[2, 3],
        );
    }

    #[test]
    fn silent_when_a_script_may_install() {
        assert_clean(
            &UpdateWithoutInstall,
            concat!(
                "FROM debian:12\n",
                "COPY setup.sh /tmp/\n",
                "RUN apt-get update && /bin/bash /tmp/setup.sh\n",
                "RUN apt-get update && ./install-deps.sh\n",
                "RUN apt-get update && . /etc/profile.d/x.sh\n",
                "RUN apt-get update && $INSTALL_CMD curl\n",
            ),
        );
    }
}
