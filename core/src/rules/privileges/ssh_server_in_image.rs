//! HG151: an SSH server in the image: port 22 exposed, an SSH server package
//! installed, or `sshd` started as the container's command.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::model::ScriptOrigin;
use crate::rules::support::packages::{Manager, package_commands};
use crate::syntax::{CommandForm, InstructionKind};

use super::{expand_at, final_chain};

/// See [`META`].
pub(crate) struct SshServerInImage;

static META: RuleMeta = RuleMeta {
    code: "HG151",
    name: "ssh-server-in-image",
    severity: Severity::Warning,
    category: Category::Privileges,
    sources: &["trivy:DS-0004", "trivy:DS004", "checkov:CKV_DOCKER_1"],
    default_enabled: true,
    help: "Remove the SSH server; use `docker exec` (or `kubectl exec`) to get a shell in a running container.",
    docs: RuleDocs {
        what: "Flags, in the final stage and the stages it is built `FROM`: `EXPOSE` of TCP port 22 (also `22/tcp`, a range covering 22, or a variable that resolves to 22); installing an SSH server package (`openssh-server`, Debian's `ssh` metapackage, Alpine's `openssh`, `dropbear`); and a `CMD`/`ENTRYPOINT` that starts `sshd` (directly or via `service ssh start`). Build stages the final image only copies from are not checked.",
        why: "An SSH daemon is an extra network service running as root, with its own keys and passwords to manage and patch, in an image that should contain only the application. Docker's guide asks for images without unnecessary packages and without root services; `docker exec` gives the same access without a listening daemon.",
        bad: "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends openssh-server\nEXPOSE 22\nCMD [\"/usr/sbin/sshd\", \"-D\"]\n",
        good: "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends openssh-client\nEXPOSE 8080\nCMD [\"app\"]\n",
    },
};

/// Whether an EXPOSE spec (`22`, `22/tcp`, `20-30`) covers TCP port 22.
fn covers_ssh(spec: &str) -> bool {
    let (ports, proto) = spec.split_once('/').unwrap_or((spec, "tcp"));
    if !proto.eq_ignore_ascii_case("tcp") {
        return false;
    }
    let (lo, hi) = ports.split_once('-').unwrap_or((ports, ports));
    match (lo.trim().parse::<u32>(), hi.trim().parse::<u32>()) {
        (Ok(lo), Ok(hi)) => lo <= 22 && 22 <= hi,
        _ => false,
    }
}

/// Whether a package word names an SSH server for this manager.
fn is_ssh_server_package(manager: Manager, word: &str) -> bool {
    let name = word
        .split(['=', '~', '>', '<', ':'])
        .next()
        .unwrap_or(word)
        .to_ascii_lowercase();
    name.starts_with("openssh-server")
        || name == "dropbear"
        || name.starts_with("dropbear-")
        || (name == "ssh" && matches!(manager, Manager::AptGet | Manager::Apt))
        || (name == "openssh" && manager == Manager::Apk)
}

fn is_sshd(program: &str) -> bool {
    program.rsplit('/').next() == Some("sshd")
}

impl Rule for SshServerInImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let chain = final_chain(cx);
        let in_chain = |stage: Option<usize>| stage.is_some_and(|s| chain.contains(&s));
        for &s in &chain {
            for &i in &cx.model.stages[s].instructions {
                let Some(ins) = cx.df.instructions.get(i) else {
                    continue;
                };
                match ins.kind() {
                    InstructionKind::Expose { ports } => {
                        for p in ports {
                            let spec = expand_at(cx, i, &p.value);
                            if spec.split_whitespace().any(covers_ssh) {
                                out.push(Finding::new(
                                    p.span,
                                    format!("EXPOSE `{}` publishes the SSH port 22", p.value),
                                ));
                            }
                        }
                    }
                    InstructionKind::Cmd {
                        command: Some(CommandForm::Exec { args: argv }),
                    }
                    | InstructionKind::Entrypoint {
                        command: Some(CommandForm::Exec { args: argv }),
                    } => {
                        if let Some(first) = argv.first()
                            && is_sshd(&first.value)
                        {
                            out.push(Finding::new(
                                first.span,
                                format!("{} starts the SSH server `sshd`", ins.keyword.as_str()),
                            ));
                        }
                    }
                    _ => {}
                }
            }
        }
        for p in package_commands(cx) {
            if !in_chain(p.cmd.run.stage) || !p.is_action(&["install", "add", "in"]) {
                continue;
            }
            for w in &p.packages {
                if is_ssh_server_package(p.manager, w.text()) {
                    let mut f = Finding::new(
                        p.cmd.map(w.span),
                        format!("RUN installs the SSH server package `{}`", w.text()),
                    );
                    if matches!(w.text(), "ssh" | "openssh") {
                        f = f.with_help(format!(
                            "`{}` also installs the SSH server; install `openssh-client` if only the client is needed.",
                            w.text()
                        ));
                    }
                    out.push(f);
                }
            }
        }
        let runtime = cx.model.scripts.iter().filter(|r| {
            in_chain(r.stage) && matches!(r.origin, ScriptOrigin::Cmd | ScriptOrigin::Entrypoint)
        });
        for run in runtime {
            let Some(script) = &run.script else { continue };
            for cmd in &script.commands {
                let Some(name) = &cmd.name else { continue };
                let starts = is_sshd(name.text())
                    || (cmd.is_program(&["service"])
                        && cmd
                            .args
                            .first()
                            .is_some_and(|a| matches!(a.text(), "ssh" | "sshd")));
                if starts {
                    out.push(Finding::new(
                        run.source_span(name.span),
                        "the container command starts the SSH server `sshd`",
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires_on_port_22_ssh_packages_and_sshd() {
        assert_fires(
            &SshServerInImage,
            "FROM debian:12\nEXPOSE 80 22/tcp\n",
            &[2],
        );
        assert_fires(&SshServerInImage, "FROM debian:12\nEXPOSE 20-25\n", &[2]);
        assert_fires(
            &SshServerInImage,
            "FROM debian:12\nARG SSH_PORT=22\nEXPOSE ${SSH_PORT}\n",
            &[3],
        );
        assert_fires(
            &SshServerInImage,
            "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y openssh-server=1:9.2p1-2 curl\n",
            &[3],
        );
        assert_fires(
            &SshServerInImage,
            "FROM alpine:3.20\nRUN apk add --no-cache openssh\n",
            &[2],
        );
        assert_fires(
            &SshServerInImage,
            "FROM debian:12\nRUN sudo apt-get install -y ssh\n",
            &[2],
        );
        assert_fires(
            &SshServerInImage,
            "FROM fedora:40\nRUN dnf install -y openssh-server\n",
            &[2],
        );
        assert_fires(
            &SshServerInImage,
            "FROM debian:12\nCMD [\"/usr/sbin/sshd\", \"-D\"]\n",
            &[2],
        );
        assert_fires(
            &SshServerInImage,
            "FROM debian:12\nCMD service ssh start && tail -f /dev/null\n",
            &[2],
        );
        // A parent stage of the final image counts.
        assert_fires(
            &SshServerInImage,
            "FROM debian:12 AS base\nRUN <<EOF\napt-get install -y openssh-server\nEOF\nFROM base\n",
            &[3],
        );
    }

    #[test]
    fn silent_on_clients_other_ports_and_build_stages() {
        assert_clean(
            &SshServerInImage,
            "FROM debian:12\nEXPOSE 2222 220 8022/tcp 22/udp\n",
        );
        assert_clean(
            &SshServerInImage,
            "FROM debian:12\nRUN apt-get install -y openssh-client ssh-askpass\n",
        );
        // `openssh` on Fedora is the common base package, not the server.
        assert_clean(
            &SshServerInImage,
            "FROM fedora:40\nRUN dnf install -y openssh\n",
        );
        assert_clean(
            &SshServerInImage,
            "FROM debian:12\nRUN apt-get remove -y openssh-server\n",
        );
        // A build stage the final image only copies from does not ship its packages.
        assert_clean(
            &SshServerInImage,
            "FROM debian:12 AS build\nRUN apt-get install -y openssh-server\nEXPOSE 22\nFROM debian:12\nCOPY --from=build /out /out\n",
        );
        assert_clean(
            &SshServerInImage,
            "FROM debian:12\nRUN ssh-keyscan github.com >> /etc/ssh/ssh_known_hosts\n",
        );
    }
}
