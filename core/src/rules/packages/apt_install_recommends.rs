//! DL3015: `apt-get install` without `--no-install-recommends` also installs
//! every recommended package.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::cache::{CachePath, ships};
use crate::rules::support::packages::{
    PackageCommand, config_values, is_falsy, package_commands, written_before,
};

/// See [`META`].
pub(crate) struct AptInstallRecommends;

static META: RuleMeta = RuleMeta {
    code: "DL3015",
    name: "apt-install-recommends",
    severity: Severity::Info,
    category: Category::Packages,
    sources: &["hadolint:DL3015", "trivy:DS-0029", "trivy:DS029"],
    default_enabled: true,
    help: "Add `--no-install-recommends` and name the packages you need.",
    docs: RuleDocs {
        what: "Flags `apt-get install` and `apt install` without `--no-install-recommends`, unless recommends are turned off another way: `-o APT::Install-Recommends=false` on the command, or an `APT::Install-Recommends \"false\";` line written to an apt configuration file earlier in the stage (or a stage it is built on). Simulated installs (`-s`) and build stages whose installed files never reach the image are not flagged.",
        why: "Docker's guide asks for images without unnecessary packages. By default apt also installs every package the requested ones merely recommend, which often doubles what lands in the image: more disk, more downloads and more code for vulnerability scanners to report and attackers to use.",
        bad: "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
        good: "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n",
    },
};

/// Where installed packages put their files: a build stage that ships none
/// of these does not ship its packages.
fn package_dirs() -> Vec<CachePath> {
    [
        "/usr", "/etc", "/lib", "/lib64", "/bin", "/sbin", "/opt", "/var/lib",
    ]
    .into_iter()
    .map(CachePath::abs)
    .collect()
}

/// Whether the command line itself turns recommends off.
fn disabled_on_command(pc: &PackageCommand<'_>) -> bool {
    if pc.has_flag('\0', "no-install-recommends") {
        return true;
    }
    let texts: Vec<&str> = pc.options.iter().map(|w| w.text()).collect();
    texts.iter().enumerate().any(|(k, t)| {
        if let Some(v) = t.strip_prefix("--install-recommends=") {
            return is_falsy(v);
        }
        // `-o KEY=value`, `-oKEY=value`, `--option KEY=value`, `--option=KEY=value`.
        let setting = match *t {
            "-o" | "--option" => texts.get(k + 1).copied(),
            t => t
                .strip_prefix("--option=")
                .or_else(|| t.strip_prefix("-o").filter(|r| r.contains('='))),
        };
        setting.is_some_and(|s| {
            config_values(s, "apt::install-recommends")
                .into_iter()
                .any(is_falsy)
        })
    })
}

/// Whether the install only simulates.
pub(super) fn simulated(pc: &PackageCommand<'_>) -> bool {
    pc.has_flag('s', "simulate")
        || ["dry-run", "just-print", "recon", "no-act"]
            .iter()
            .any(|l| pc.has_flag('\0', l))
}

impl Rule for AptInstallRecommends {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let dirs = package_dirs();
        for pc in package_commands(cx) {
            if !pc.manager.is_apt() || !pc.is_action(&["install"]) {
                continue;
            }
            if disabled_on_command(pc) || simulated(pc) || !ships(cx, pc.cmd.run, &dirs) {
                continue;
            }
            let configured = written_before(cx, &pc.cmd, "apt-no-recommends", |t| {
                config_values(t, "install-recommends")
                    .into_iter()
                    .any(is_falsy)
            });
            if configured {
                continue;
            }
            out.push(Finding::new(
                pc.head_span(),
                format!(
                    "`{}` without `--no-install-recommends` also installs recommended packages",
                    pc.head_text()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires_on_installs_that_take_recommends() {
        assert_fires(
            &AptInstallRecommends,
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
            &[2],
        );
        assert_fires(
            &AptInstallRecommends,
            "FROM debian:12\nRUN apt-get update \\\n && sudo apt install -y curl\n",
            &[3],
        );
        assert_fires(
            &AptInstallRecommends,
            "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y git\nEOF\n",
            &[4],
        );
        assert_fires(
            &AptInstallRecommends,
            "FROM debian:12\nONBUILD RUN apt-get install -y git\n",
            &[2],
        );
        // `-o` for another key, or recommends turned on.
        assert_fires(
            &AptInstallRecommends,
            "FROM debian:12\nRUN apt-get install -y -o APT::Install-Suggests=false git \\\n && apt-get install -y -o APT::Install-Recommends=true vim\n",
            &[2, 3],
        );
        // Configuration written by an unrelated stage does not count.
        assert_fires(
            &AptInstallRecommends,
            "FROM debian:12 AS other\nRUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/norec\nFROM debian:12\nRUN apt-get install -y git\n",
            &[4],
        );
    }

    #[test]
    fn silent_when_recommends_are_off() {
        assert_clean(
            &AptInstallRecommends,
            "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n",
        );
        assert_clean(
            &AptInstallRecommends,
            "FROM debian:12\nRUN apt-get install --no-install-recommends -y curl && sh -c 'apt-get install --no-install-recommends -y git'\n",
        );
        assert_clean(
            &AptInstallRecommends,
            "FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install -y curl\nRUN apt-get install -y --option=APT::Install-Recommends=0 git\n",
        );
        assert_clean(
            &AptInstallRecommends,
            "FROM debian:12\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/99norecommends\nRUN apt-get install -y curl\n",
        );
        assert_clean(
            &AptInstallRecommends,
            "FROM debian:12 AS base\nCOPY <<EOF /etc/apt/apt.conf.d/01norecommend\nAPT::Install-Recommends \"0\";\nAPT::Install-Suggests \"0\";\nEOF\nFROM base\nRUN apt-get install -y curl\n",
        );
        assert_clean(
            &AptInstallRecommends,
            "FROM debian:12\nRUN apt-get install -s curl && echo apt-get install x\n",
        );
    }

    #[test]
    fn silent_in_build_stages_that_do_not_ship() {
        assert_clean(
            &AptInstallRecommends,
            "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc && gcc -o /out/app app.c\nFROM debian:12-slim\nCOPY --from=build /out/app /usr/local/bin/app\n",
        );
        assert_fires(
            &AptInstallRecommends,
            "FROM debian:12 AS build\nRUN apt-get install -y libfoo\nFROM debian:12-slim\nCOPY --from=build /usr/lib /usr/lib\n",
            &[2],
        );
    }
}
