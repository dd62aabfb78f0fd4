//! DL3001: commands that make no sense in an image build (`ssh`, `vim`,
//! `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`).

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::shell::Connector;
use crate::syntax::{InstructionKind, MountType};

use crate::rules::support::cache::{RunCommands, run_commands};
use crate::rules::support::commands::Cmd;

/// See [`META`].
pub(crate) struct PointlessCommand;

static META: RuleMeta = RuleMeta {
    code: "DL3001",
    name: "command-pointless-in-build",
    severity: Severity::Info,
    category: Category::Packages,
    sources: &["hadolint:DL3001"],
    default_enabled: true,
    help: "Remove the command from the RUN; start services from CMD or ENTRYPOINT, and inspect containers with `docker exec`.",
    docs: RuleDocs {
        what: "Flags commands in RUN instructions that cannot do anything useful during a build: `shutdown`, `reboot`, `halt`, `poweroff`; the interactive `top` (without `-b`), `htop`, `vim`/`vi`/`nano` (without a script such as `vim +PlugInstall +qall` or `vim -es`); `free`, `ifconfig`; `mount` (unless the RUN has `--security=insecure`); `ssh` (unless the RUN forwards an agent with `--mount=type=ssh`); `service … start` as the last thing a RUN does (starting a database to load data in the same RUN is fine); and `ps` and `kill` in a RUN that starts no background process.",
        why: "Docker's guide asks for images built from what they need and nothing else. A build container has no terminal, no init system and no services left from earlier instructions: these commands hang, fail, or print into a log nobody reads, and they usually mean the Dockerfile confuses building an image with configuring a server, or that an editor or SSH client was installed only to run it.",
        bad: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends nginx && service nginx start\n",
        good: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends nginx\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
    },
};

/// Whether the RUN starts a process in the background (`cmd &`, `$!`,
/// `nohup`, `service … start`).
fn starts_background(run: &RunCommands<'_>) -> bool {
    run.cmds.iter().any(|c| {
        // `cmd &` with nothing after it has no following pipeline to carry
        // the connector: look at the script right after the command.
        let after = c
            .run
            .text
            .text
            .get(c.cmd.span.end..)
            .unwrap_or("")
            .trim_start_matches([' ', '\t']);
        let trailing_amp =
            after.starts_with('&') && !after.starts_with("&&") && !after.starts_with("&>");
        trailing_amp
            || c.cmd.connector == Connector::Background
            || c.cmd.is_program(&[
                "nohup",
                "service",
                "start-stop-daemon",
                "daemonize",
                "setsid",
            ])
            || c.cmd.args.iter().any(|a| a.raw.contains("$!"))
    })
}

/// Whether the `service` command at `pos` is followed by real work in the
/// same RUN (it then serves that work: `service mysql start && mysql < init.sql`).
fn service_used_later(run: &RunCommands<'_>, pos: usize) -> bool {
    run.cmds[pos + 1..].iter().any(|c| {
        !c.cmd
            .is_program(&["service", "sleep", "true", ":", "echo", "printf", "exit"])
            && c.cmd.name.is_some()
    })
}

fn ssh_forwarded(cx: &Context<'_>, instruction: usize) -> bool {
    cx.df.instructions.get(instruction).is_some_and(|i| {
        i.trigger_or_self()
            .mounts()
            .iter()
            .any(|m| m.kind == MountType::Ssh)
    })
}

fn insecure(cx: &Context<'_>, instruction: usize) -> bool {
    cx.df.instructions.get(instruction).is_some_and(|i| {
        matches!(
            i.trigger_or_self().kind(),
            InstructionKind::Run {
                security: Some("insecure"),
                ..
            }
        )
    })
}

/// Why the command at `pos` is pointless, if it is.
fn pointless(cx: &Context<'_>, run: &RunCommands<'_>, pos: usize) -> Option<&'static str> {
    let c: &Cmd<'_> = &run.cmds[pos];
    let cmd = c.cmd;
    let scripted = || {
        cmd.args.iter().any(|a| {
            let t = a.text();
            t.starts_with('+')
                || matches!(
                    t,
                    "-c" | "--cmd"
                        | "-e"
                        | "-E"
                        | "-s"
                        | "-es"
                        | "-Es"
                        | "--version"
                        | "-version"
                        | "--help"
                        | "-h"
                )
        })
    };
    Some(match cmd.program()? {
        "shutdown" | "reboot" | "halt" | "poweroff" => {
            "a build container has no machine to power off or reboot"
        }
        "top" if !cmd.has_flag('b', "batch") => "it is interactive and waits for a terminal",
        "htop" => "it is interactive and waits for a terminal",
        "vim" | "vi" | "nano" if !scripted() => {
            "an interactive editor waits for input that never comes"
        }
        "free" | "ifconfig" => "it only describes the build container, and nobody reads the output",
        "mount" if !insecure(cx, run.instruction) => {
            "a build container may not mount file systems; use `RUN --mount` instead"
        }
        "ssh" if !ssh_forwarded(cx, run.instruction) => {
            "it makes the build depend on another machine and on keys in the image; forward an agent with `RUN --mount=type=ssh` if you must"
        }
        "service"
            if cmd
                .args
                .iter()
                .any(|a| matches!(a.text(), "start" | "restart" | "reload"))
                && !service_used_later(run, pos) =>
        {
            "the service stops when this RUN ends; start it from CMD or ENTRYPOINT"
        }
        "ps" if !starts_background(run) => {
            "it only sees this RUN's own processes, and nobody reads the output"
        }
        "kill" if !starts_background(run) => {
            "no process from an earlier instruction is still running"
        }
        _ => return None,
    })
}

impl Rule for PointlessCommand {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for run in run_commands(cx) {
            for (pos, c) in run.cmds.iter().enumerate() {
                let Some(why) = pointless(cx, run, pos) else {
                    continue;
                };
                let Some(name) = &c.cmd.name else { continue };
                out.push(Finding::new(
                    c.map(name.span),
                    format!("`{}` makes no sense in an image build: {why}", name.text()),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires_on_pointless_commands() {
        assert_fires(
            &PointlessCommand,
            "FROM debian:12\nRUN apt-get install -y nginx && service nginx start\n",
            &[2],
        );
        assert_fires(
            &PointlessCommand,
            "FROM debian:12\nRUN free -m && \\\n    ps aux && sudo kill 1\nRUN vim /etc/hosts\nRUN shutdown -h now\n",
            &[2, 3, 3, 4, 5],
        );
        assert_fires(
            &PointlessCommand,
            "FROM debian:12\nRUN <<EOF\nmount -t tmpfs none /mnt\nssh deploy@example.com true\nEOF\nONBUILD RUN sh -c 'top'\n",
            &[3, 4, 6],
        );
    }

    #[test]
    fn silent_where_the_command_has_a_purpose() {
        // A service started to do work in the same RUN, and killed afterwards.
        assert_clean(
            &PointlessCommand,
            "FROM debian:12\nRUN service postgresql start && psql -c 'CREATE DATABASE app' && service postgresql stop\n",
        );
        assert_clean(
            &PointlessCommand,
            "FROM debian:12\nRUN (mysqld &) && sleep 5 && mysql < init.sql; kill $(cat /run/mysqld.pid); ps aux\n",
        );
        assert_clean(
            &PointlessCommand,
            "FROM debian:12\nRUN vim +PlugInstall +qall && vim -es -u vimrc -i NONE && top -b -n 1 && vim --version\n",
        );
        assert_clean(
            &PointlessCommand,
            "FROM debian:12\nRUN --mount=type=ssh ssh -T git@github.com || true\nRUN --security=insecure mount -t tmpfs none /mnt\n",
        );
        assert_clean(
            &PointlessCommand,
            "FROM debian:12\nRUN apt-get install -y vim openssh-client procps && pkill -f foo; killall bar; echo ps\nCMD service nginx start && tail -f /dev/null\n",
        );
    }
}
