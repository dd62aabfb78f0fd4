//! Package-manager invocations in RUN scripts: which manager, which action
//! (`install`, `add`, `update`…), which options and which package words, so
//! that pinning, cache and confirmation rules all read commands the same way.

use crate::lint::Context;
use crate::shell::ShellWord;

use super::commands::{Cmd, build_commands};

/// A package manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Manager {
    /// `apt-get`
    AptGet,
    /// `apt`
    Apt,
    /// `apk`
    Apk,
    /// `yum`
    Yum,
    /// `dnf` (and `tdnf`)
    Dnf,
    /// `microdnf`
    Microdnf,
    /// `zypper`
    Zypper,
    /// `pip`, `pip3`, `python -m pip`
    Pip,
    /// `npm`
    Npm,
    /// `yarn`
    Yarn,
    /// `gem`
    Gem,
    /// `go`
    Go,
}

impl Manager {
    fn of(program: &str) -> Option<Manager> {
        Some(match program {
            "apt-get" => Manager::AptGet,
            "apt" => Manager::Apt,
            "apk" => Manager::Apk,
            "yum" => Manager::Yum,
            "dnf" | "tdnf" => Manager::Dnf,
            "microdnf" => Manager::Microdnf,
            "zypper" => Manager::Zypper,
            "npm" => Manager::Npm,
            "yarn" => Manager::Yarn,
            "gem" => Manager::Gem,
            "go" => Manager::Go,
            p if p == "pip"
                || (p.starts_with("pip")
                    && p[3..].chars().all(|c| c.is_ascii_digit() || c == '.')) =>
            {
                Manager::Pip
            }
            _ => return None,
        })
    }

    /// Options of this manager that take a separate value (so the value is
    /// neither the action nor a package).
    fn value_options(self) -> &'static [&'static str] {
        match self {
            Manager::AptGet | Manager::Apt => &[
                "-o",
                "--option",
                "-t",
                "--target-release",
                "-c",
                "--config-file",
            ],
            Manager::Apk => &[
                "-X",
                "--repository",
                "-p",
                "--root",
                "-t",
                "--virtual",
                "--repositories-file",
                "--arch",
                "--cache-dir",
                "--keys-dir",
            ],
            Manager::Yum | Manager::Dnf | Manager::Microdnf => &[
                "-c",
                "--config",
                "--installroot",
                "--releasever",
                "--repo",
                "--repoid",
                "--enablerepo",
                "--disablerepo",
                "--setopt",
                "-x",
                "--exclude",
                "--nodocs-ignore",
            ],
            Manager::Zypper => &["-r", "--repo", "--root", "-R", "--from", "-t", "--type"],
            Manager::Pip => &[
                "-r",
                "--requirement",
                "-c",
                "--constraint",
                "-e",
                "--editable",
                "-i",
                "--index-url",
                "--extra-index-url",
                "-f",
                "--find-links",
                "-t",
                "--target",
                "--prefix",
                "--root",
                "--trusted-host",
                "--platform",
                "--python-version",
                "--implementation",
                "--abi",
                "--src",
                "--upgrade-strategy",
                "--progress-bar",
                "--cache-dir",
                "--log",
                "--proxy",
                "--retries",
                "--timeout",
                "--exists-action",
                "--cert",
                "--client-cert",
                "--report",
                "--only-binary",
                "--no-binary",
                "--config-settings",
                "-C",
            ],
            Manager::Npm => &[
                "--prefix",
                "--registry",
                "--cache",
                "-w",
                "--workspace",
                "--omit",
                "--include",
                "--loglevel",
            ],
            Manager::Yarn => &[
                "--cwd",
                "--registry",
                "--cache-folder",
                "--modules-folder",
                "--network-timeout",
            ],
            Manager::Gem => &[
                "-v",
                "--version",
                "-i",
                "--install-dir",
                "-n",
                "--bindir",
                "--source",
                "-s",
                "--platform",
            ],
            Manager::Go => &[
                "-C",
                "-o",
                "-p",
                "-tags",
                "-ldflags",
                "-gcflags",
                "-mod",
                "-modfile",
                "-pkgdir",
                "-asmflags",
                "-buildmode",
                "-compiler",
                "-overlay",
                "-pgo",
                "-toolexec",
            ],
        }
    }
}

/// One package-manager command.
#[derive(Debug, Clone)]
pub(crate) struct PackageCommand<'a> {
    /// The command and its script.
    pub cmd: Cmd<'a>,
    /// Which manager.
    pub manager: Manager,
    /// The action word (`install`, `add`, `update`, `ci`…), if any.
    pub action: Option<&'a ShellWord>,
    /// Option words (starting with `-`), in order, with the value of each
    /// value-taking option right after it.
    pub options: Vec<&'a ShellWord>,
    /// The words naming packages (or requirement specs, paths, URLs).
    pub packages: Vec<&'a ShellWord>,
}

impl<'a> PackageCommand<'a> {
    /// The action's text.
    pub fn action(&self) -> &str {
        self.action.map_or("", ShellWord::text)
    }

    /// Whether the action is one of `names`.
    pub fn is_action(&self, names: &[&str]) -> bool {
        names.contains(&self.action())
    }

    /// Whether an option is given, as with [`crate::shell::SimpleCommand::has_flag`].
    pub fn has_flag(&self, short: char, long: &str) -> bool {
        self.cmd.cmd.has_flag(short, long)
    }
}

/// Read one simple command as a package-manager invocation.
pub(crate) fn read<'a>(cmd: Cmd<'a>) -> Option<PackageCommand<'a>> {
    let program = cmd.cmd.program()?;
    let mut args: &'a [ShellWord] = &cmd.cmd.args;
    let manager = match Manager::of(program) {
        Some(m) => m,
        None if program.starts_with("python") => {
            // python -m pip …
            let m = args.iter().position(|a| a.text() == "-m")?;
            if args.get(m + 1).map(ShellWord::text).and_then(Manager::of) != Some(Manager::Pip) {
                return None;
            }
            args = &args[m + 2..];
            Manager::Pip
        }
        None => return None,
    };
    let takes_value = manager.value_options();
    let mut action = None;
    let mut options = Vec::new();
    let mut packages = Vec::new();
    let mut i = 0;
    let mut after_double_dash = false;
    while i < args.len() {
        let w = &args[i];
        let t = w.text();
        if !after_double_dash && t == "--" {
            after_double_dash = true;
        } else if !after_double_dash && t.starts_with('-') && t.len() > 1 {
            options.push(w);
            if takes_value.contains(&t) {
                if let Some(v) = args.get(i + 1) {
                    options.push(v);
                }
                i += 1;
            }
        } else if action.is_none() {
            action = Some(w);
        } else {
            packages.push(w);
        }
        i += 1;
    }
    Some(PackageCommand {
        cmd,
        manager,
        action,
        options,
        packages,
    })
}

/// Every package-manager command of every build-time script.
pub(crate) fn package_commands<'a>(
    cx: &'a Context<'_>,
) -> impl Iterator<Item = PackageCommand<'a>> + 'a {
    build_commands(cx).filter_map(read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::RuleSettings;
    use crate::model::Model;
    use crate::syntax::parse;

    fn read_all(text: &str) -> Vec<(Manager, String, Vec<String>)> {
        let df = parse(text);
        let model = Model::build(&df);
        let settings = RuleSettings::default();
        let cx = Context {
            df: &df,
            model: &model,
            settings: &settings,
        };
        package_commands(&cx)
            .map(|p| {
                (
                    p.manager,
                    p.action().to_owned(),
                    p.packages.iter().map(|w| w.text().to_owned()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn reads_actions_and_packages_past_value_options() {
        let got = read_all(concat!(
            "FROM debian\n",
            "RUN apt-get -o Dpkg::Options::=--force-confnew -y install --no-install-recommends curl=7.88 git\n",
            "RUN apk add --no-cache -t .build-deps gcc musl-dev\n",
            "RUN python3 -m pip install --no-cache-dir -r req.txt flask==3.0\n",
            "RUN sudo yum install -y httpd && npm ci\n",
        ));
        assert_eq!(
            got[0],
            (
                Manager::AptGet,
                "install".into(),
                vec!["curl=7.88".into(), "git".into()]
            )
        );
        assert_eq!(
            got[1],
            (
                Manager::Apk,
                "add".into(),
                vec!["gcc".into(), "musl-dev".into()]
            )
        );
        assert_eq!(
            got[2],
            (Manager::Pip, "install".into(), vec!["flask==3.0".into()])
        );
        assert_eq!(
            got[3],
            (Manager::Yum, "install".into(), vec!["httpd".into()])
        );
        assert_eq!(got[4], (Manager::Npm, "ci".into(), vec![]));
    }

    #[test]
    fn other_commands_are_not_package_managers() {
        assert!(read_all("FROM debian\nRUN echo apt-get install x && python3 app.py\n").is_empty());
    }
}
