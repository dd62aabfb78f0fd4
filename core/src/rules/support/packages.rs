//! Package-manager invocations in RUN scripts: which manager, which action
//! (`install`, `add`, `update`…), which options and which package words, so
//! that pinning, cache and confirmation rules all read commands the same way.

use crate::lint::PackageReads;
use crate::lint::{Context, TextPos};
use crate::model::ScriptOrigin;
use crate::shell::ShellWord;
use crate::span::Span;
use crate::syntax::Keyword;

use super::cache::CachePath;
use super::commands::{Cmd, build_command_keys, cmd_in};

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
    /// Whether it is one of the rpm front ends (`yum`, `dnf`, `tdnf`, `microdnf`),
    /// which share their cache layout and `clean all`.
    pub fn is_rpm(self) -> bool {
        matches!(self, Manager::Yum | Manager::Dnf | Manager::Microdnf)
    }

    /// Whether it is `apt-get` or `apt`.
    pub fn is_apt(self) -> bool {
        matches!(self, Manager::AptGet | Manager::Apt)
    }

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
                "-a",
                "--host-architecture",
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
                "-d",
                "--debuglevel",
                "-e",
                "--errorlevel",
                "--forcearch",
                "--downloaddir",
                "--destdir",
                "--repofrompath",
                "--rpmverbosity",
            ],
            Manager::Zypper => &[
                "-r",
                "--repo",
                "--root",
                "-R",
                "--from",
                "-t",
                "--type",
                "--plus-repo",
                "--plus-content",
                "--reposd-dir",
                "--cache-dir",
                "--raw-cache-dir",
                "--solv-cache-dir",
                "--pkg-cache-dir",
                "--config",
            ],
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

    /// The first word after the action: the sub-action of `yum group install`,
    /// `dnf module enable`, `yarn global add`, `pip cache purge`.
    pub fn sub_action(&self) -> &str {
        self.packages.first().map_or("", |w| w.text())
    }

    /// Options written before the action word (a manager's global options,
    /// as in `zypper --non-interactive install`). All options when there is
    /// no action.
    pub fn global_options(&self) -> impl Iterator<Item = &'a ShellWord> + '_ {
        let end = self.action.map_or(usize::MAX, |a| a.span.start);
        self.options
            .iter()
            .copied()
            .filter(move |o| o.span.start < end)
    }

    /// The command name through the action word (`apt-get update`, or the name
    /// alone without an action), in the Dockerfile.
    pub fn head_span(&self) -> Span {
        let name = self
            .cmd
            .cmd
            .name
            .as_ref()
            .map_or(self.cmd.cmd.span, |n| n.span);
        let name = self.cmd.map(name);
        match self.action {
            Some(a) => {
                let a = self.cmd.map(a.span);
                if a.start >= name.start {
                    name.cover(a)
                } else {
                    name
                }
            }
            None => name,
        }
    }

    /// The text of the command name through the action (`apt-get update`).
    pub fn head_text(&self) -> String {
        let mut program = self.cmd.cmd.program().unwrap_or("").to_owned();
        if self.manager == Manager::Pip && program.starts_with("python") {
            program.push_str(" -m pip");
        }
        match self.action {
            Some(a) => format!("{program} {}", a.text()),
            None => program.to_owned(),
        }
    }

    /// Whether answers are piped into the command (`yes | apt-get install …`,
    /// `echo y | zypper in …`), so that prompts do not stall the build.
    pub fn answers_piped(&self) -> bool {
        let script = self.cmd.script;
        script
            .piped_from(self.cmd.index)
            .map(|j| script.innermost(j))
            .and_then(|j| script.commands.get(j))
            .is_some_and(|c| c.is_program(&["yes", "echo", "printf"]))
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

/// Whether text that configures tools persistently was written before `cmd`
/// and satisfies `test`: arguments of commands (`echo 'APT::Get::Assume-Yes
/// "true";' > …`), here-document bodies of RUN scripts and COPY/ADD heredocs,
/// in earlier instructions of the stage and the stages it is built `FROM`, and
/// earlier in the same RUN. The command lines of apt, yum, dnf, microdnf and
/// zypper are skipped: their options hold for that one call.
pub(crate) fn written_before(
    cx: &Context<'_>,
    cmd: &Cmd<'_>,
    key: &'static str,
    test: impl Fn(&str) -> bool,
) -> bool {
    let found = cx.memo.positions(key, || texts_matching(cx, &test));
    if found.is_empty() {
        return false;
    }
    let here = cmd.run.instruction;
    let Some(own) = script_index(cx, cmd) else {
        return false;
    };
    let ancestry = cmd.run.stage.map(|s| cx.model.ancestry(s));
    found.iter().any(|p| {
        if let Some(r) = p.script {
            // Build-time scripts only; ONBUILD triggers do not run in this image.
            let counts = match cx.model.scripts.get(r).map(|s| s.origin) {
                Some(ScriptOrigin::Run) => true,
                Some(ScriptOrigin::OnbuildRun) => cmd.run.origin == ScriptOrigin::OnbuildRun,
                _ => false,
            };
            if !counts {
                return false;
            }
        }
        let placed = match (&ancestry, cmd.run.stage) {
            (Some(chain), Some(stage)) => {
                match cx.model.stage_of.get(p.instruction).copied().flatten() {
                    Some(a) if a == stage => p.instruction <= here,
                    Some(a) => chain.contains(&a),
                    None => false,
                }
            }
            _ => p.instruction == here,
        };
        if !placed || p.instruction != here {
            return placed;
        }
        // The same instruction: earlier scripts, or earlier commands of this one.
        match p.script {
            Some(r) if r == own => p.command < cmd.index,
            Some(r) => r < own,
            None => true,
        }
    })
}

/// The index of `cmd`'s script in the model.
fn script_index(cx: &Context<'_>, cmd: &Cmd<'_>) -> Option<usize> {
    let start = cx
        .model
        .scripts
        .partition_point(|s| s.instruction < cmd.run.instruction);
    cx.model
        .scripts
        .get(start..)?
        .iter()
        .position(|s| std::ptr::eq(s, cmd.run))
        .map(|i| start + i)
}

/// Every text that configures tools persistently and satisfies `test`, in
/// file order (see [`written_before`]).
fn texts_matching(cx: &Context<'_>, test: &impl Fn(&str) -> bool) -> Vec<TextPos> {
    let mut out = Vec::new();
    for (i, ins) in cx.df.instructions.iter().enumerate() {
        if matches!(ins.keyword, Keyword::Copy | Keyword::Add)
            && ins.heredocs.iter().any(|h| test(&h.content))
        {
            out.push(TextPos {
                instruction: i,
                script: None,
                command: 0,
            });
        }
    }
    for (r, run) in cx.model.scripts.iter().enumerate() {
        if !matches!(run.origin, ScriptOrigin::Run | ScriptOrigin::OnbuildRun) {
            continue;
        }
        let Some(script) = &run.script else { continue };
        for (k, c) in script.commands.iter().enumerate() {
            let per_call =
                c.is_program(&["apt-get", "apt", "yum", "dnf", "tdnf", "microdnf", "zypper"]);
            let hit = (!per_call && c.args.iter().any(|a| test(a.text())))
                || c.redirects
                    .iter()
                    .filter_map(|r| r.body.as_ref())
                    .any(|b| test(b.text()));
            if hit {
                out.push(TextPos {
                    instruction: run.instruction,
                    script: Some(r),
                    command: k,
                });
            }
        }
    }
    out.sort_by_key(|p| (p.instruction, p.script, p.command));
    out
}

/// The values given to `key` in configuration text (case-insensitive key;
/// `Key "value";`, `key=value`, `key = value`, `key: value`), quotes removed.
pub(crate) fn config_values<'t>(text: &'t str, key: &str) -> Vec<&'t str> {
    let lower = text.to_ascii_lowercase();
    let key = key.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = lower.get(from..).and_then(|t| t.find(&key)) {
        let start = from + at;
        let end = start + key.len();
        from = end;
        // Not the tail of a longer name (`--no-cache-dir` for `no-cache-dir`).
        let before = &lower[..start];
        let escaped = before.ends_with("\\n") || before.ends_with("\\t");
        if !escaped
            && before
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            continue;
        }
        let rest = &text[end..];
        let trimmed = rest.trim_start_matches([' ', '\t']);
        let trimmed = trimmed.strip_prefix(['=', ':']).unwrap_or(trimmed);
        let trimmed = trimmed.trim_start_matches([' ', '\t', '"', '\'']);
        let len = trimmed
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ';' | ',' | '\\'))
            .unwrap_or(trimmed.len());
        if len > 0 && trimmed.len() < rest.len() {
            out.push(&trimmed[..len]);
        }
    }
    out
}

/// Whether a configuration value means yes (`1`, `true`, `yes`, `on`).
pub(crate) fn is_truthy(v: &str) -> bool {
    matches!(
        v.to_ascii_lowercase().as_str(),
        "1" | "true" | "yes" | "on" | "y" | "t"
    )
}

/// Whether a configuration value means no (`0`, `false`, `no`, `off`).
pub(crate) fn is_falsy(v: &str) -> bool {
    matches!(
        v.to_ascii_lowercase().as_str(),
        "0" | "false" | "no" | "off" | "n" | "f"
    )
}

/// Whether a yum/dnf/microdnf command may ask for confirmation: it installs,
/// removes, updates or swaps packages (`install`, `group install`,
/// `module enable`…).
pub(crate) fn rpm_may_prompt(pc: &PackageCommand<'_>) -> bool {
    const ACTIONS: &[&str] = &[
        "install",
        "groupinstall",
        "localinstall",
        "reinstall",
        "remove",
        "erase",
        "groupremove",
        "update",
        "upgrade",
        "groupupdate",
        "update-minimal",
        "upgrade-minimal",
        "downgrade",
        "distro-sync",
        "distrosync",
        "autoremove",
        "swap",
        "builddep",
    ];
    if pc.is_action(ACTIONS) {
        return true;
    }
    match pc.action() {
        "group" | "groups" => matches!(
            pc.sub_action(),
            "install" | "remove" | "update" | "upgrade" | "mark"
        ),
        "module" => matches!(
            pc.sub_action(),
            "install" | "enable" | "disable" | "reset" | "remove" | "update" | "switch-to"
        ),
        _ => false,
    }
}

/// Whether a yum/dnf/microdnf command cannot stall on a prompt: `-y`,
/// `--assumeyes`, `--assumeno`, `--setopt=assumeyes=1`, answers piped in, or
/// `assumeyes=1` written to a configuration file earlier in the stage.
pub(crate) fn rpm_assumes_yes(cx: &Context<'_>, pc: &PackageCommand<'_>) -> bool {
    if pc.has_flag('y', "assumeyes") || pc.has_flag('\0', "assumeno") || pc.has_flag('\0', "yes") {
        return true;
    }
    let texts: Vec<&str> = pc.options.iter().map(|w| w.text()).collect();
    let setopt = texts.iter().enumerate().any(|(k, t)| {
        let value = match *t {
            "--setopt" => texts.get(k + 1).copied(),
            t => t.strip_prefix("--setopt="),
        };
        value.is_some_and(|v| config_values(v, "assumeyes").into_iter().any(is_truthy))
    });
    setopt
        || pc.answers_piped()
        || written_before(cx, &pc.cmd, "rpm-assumeyes", |t| {
            config_values(t, "assumeyes").into_iter().any(is_truthy)
        })
}

/// Whether a yum/dnf/microdnf command downloads repository metadata or
/// packages into its cache.
pub(crate) fn rpm_fills_cache(pc: &PackageCommand<'_>) -> bool {
    const ACTIONS: &[&str] = &[
        "install",
        "groupinstall",
        "localinstall",
        "reinstall",
        "update",
        "upgrade",
        "groupupdate",
        "update-minimal",
        "upgrade-minimal",
        "downgrade",
        "distro-sync",
        "distrosync",
        "makecache",
        "swap",
        "builddep",
    ];
    if pc.is_action(ACTIONS) {
        return true;
    }
    match pc.action() {
        "group" | "groups" => matches!(pc.sub_action(), "install" | "update" | "upgrade"),
        "module" => matches!(
            pc.sub_action(),
            "install" | "enable" | "update" | "switch-to"
        ),
        _ => false,
    }
}

/// The cache directories of the rpm front ends (yum, dnf, dnf5, tdnf,
/// microdnf); which one a call uses depends on the distribution release.
pub(crate) fn rpm_caches() -> Vec<CachePath> {
    [
        "/var/cache/yum",
        "/var/cache/dnf",
        "/var/cache/libdnf5",
        "/var/cache/tdnf",
    ]
    .into_iter()
    .map(CachePath::abs)
    .collect()
}

/// `yum clean all`, `dnf clean all`, `microdnf clean all` (any front end: on
/// current distributions they share one cache).
pub(crate) fn rpm_cleans(cx: &Context<'_>, c: &Cmd<'_>) -> bool {
    read_cached(cx, c).is_some_and(|p| {
        p.manager.is_rpm()
            && p.is_action(&["clean"])
            && p.packages.iter().any(|w| w.text() == "all")
    })
}

/// Every package-manager command of every build-time script, in file order.
pub(crate) fn package_commands<'a, 'm: 'a>(
    cx: &'a Context<'m>,
) -> impl Iterator<Item = &'a PackageCommand<'a>> + 'a {
    reads(cx).reads.iter()
}

/// `cmd` read as a package-manager command, when it is one: like [`read`], but
/// every rule that asks gets the one reading made per lint.
pub(crate) fn read_cached<'a, 'm: 'a>(
    cx: &'a Context<'m>,
    cmd: &Cmd<'_>,
) -> Option<&'a PackageCommand<'a>> {
    let reads = reads(cx);
    let key = (script_index(cx, cmd)?, cmd.index);
    let k = reads.keys.binary_search(&key).ok()?;
    reads.reads.get(k)
}

/// Which build-time commands are package-manager calls, and how they read,
/// found once per lint.
fn reads<'m>(cx: &Context<'m>) -> &'m PackageReads<'m> {
    let model = cx.model;
    cx.memo.package_reads(|| {
        let mut out = PackageReads::default();
        for &(r, c) in build_command_keys(cx) {
            if let Some(p) = cmd_in(model, r, c).and_then(read) {
                out.keys.push((r, c));
                out.reads.push(p);
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::with_context;
    use crate::syntax::parse;

    fn read_all(text: &str) -> Vec<(Manager, String, Vec<String>)> {
        with_context(&parse(text), |cx| {
            package_commands(cx)
                .map(|p| {
                    (
                        p.manager,
                        p.action().to_owned(),
                        p.packages.iter().map(|w| w.text().to_owned()).collect(),
                    )
                })
                .collect()
        })
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
    fn global_options_with_values_are_not_actions() {
        let got = read_all(concat!(
            "FROM debian\n",
            "RUN zypper --plus-repo https://example.com/repo -n install curl\n",
            "RUN dnf -d 0 --forcearch aarch64 install -y git\n",
            "RUN apt-get -a arm64 install -y libc6-dev\n",
        ));
        assert_eq!(got[0].1, "install");
        assert_eq!(got[1], (Manager::Dnf, "install".into(), vec!["git".into()]));
        assert_eq!(got[2].2, ["libc6-dev"]);
    }

    #[test]
    fn other_commands_are_not_package_managers() {
        assert!(read_all("FROM debian\nRUN echo apt-get install x && python3 app.py\n").is_empty());
    }

    fn first<'a>(cx: &'a Context<'_>) -> PackageCommand<'a> {
        package_commands(cx)
            .next()
            .cloned()
            .expect("a package command")
    }

    fn with_cx(text: &str, f: impl FnOnce(&Context<'_>)) {
        with_context(&parse(text), f);
    }

    #[test]
    fn heads_global_options_and_piped_answers() {
        with_cx(
            "FROM python:3.12\nRUN python3 -m pip install flask\n",
            |cx| {
                let pc = first(cx);
                assert_eq!(pc.head_text(), "python3 -m pip install");
                assert_eq!(cx.df.slice(pc.head_span()), "python3 -m pip install");
            },
        );
        with_cx(
            "FROM opensuse/leap:15.6\nRUN yes | zypper -n --quiet in -n curl\n",
            |cx| {
                let pc = first(cx);
                let global: Vec<&str> = pc.global_options().map(ShellWord::text).collect();
                assert_eq!(global, ["-n", "--quiet"]);
                assert!(pc.answers_piped());
                assert_eq!(pc.head_text(), "zypper in");
            },
        );
    }

    #[test]
    fn reads_configuration_values() {
        assert_eq!(
            config_values("APT::Install-Recommends \"0\";", "install-recommends"),
            ["0"]
        );
        assert_eq!(
            config_values("[main]\\nassumeyes=True\\n", "assumeyes"),
            ["True"]
        );
        assert_eq!(
            config_values("no-cache-dir = false", "no-cache-dir"),
            ["false"]
        );
        assert!(config_values("--no-cache-dir", "no-cache-dir").is_empty());
        assert!(config_values("assumeyesno", "assumeyes").is_empty());
        assert!(is_truthy("Yes") && is_falsy("off") && !is_truthy("2"));
    }

    #[test]
    fn config_written_earlier_in_the_stage_counts() {
        let text = "FROM debian:12 AS base\nRUN echo 'APT::Get::Assume-Yes \"true\";' > /etc/apt/apt.conf.d/90yes\nFROM base\nRUN apt-get install -o APT::Install-Recommends=0 curl && apt-get install git\n";
        with_cx(text, |cx| {
            let cmds: Vec<PackageCommand<'_>> = package_commands(cx).cloned().collect();
            let yes = |t: &str| config_values(t, "assume-yes").into_iter().any(is_truthy);
            let norec = |t: &str| {
                config_values(t, "install-recommends")
                    .into_iter()
                    .any(is_falsy)
            };
            assert!(written_before(cx, &cmds[0].cmd, "apt-assume-yes", yes));
            // Options of an apt call hold for that call only.
            assert!(!written_before(
                cx,
                &cmds[1].cmd,
                "apt-no-recommends",
                norec
            ));
        });
    }
}
