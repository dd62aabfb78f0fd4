//! Compilers, build tools and development packages: which installed package
//! names are build-only, which commands build from source, and which
//! packages a RUN removes again before it ends.

use crate::shell::{ShellWord, SimpleCommand};

use super::packages::{Manager, PackageCommand};

/// Package families whose removal commands undo each other's installs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// apt-get, apt, dpkg.
    Deb,
    /// apk.
    Apk,
    /// yum, dnf, tdnf, microdnf, rpm.
    Rpm,
    /// zypper.
    Zypper,
}

/// The OS package family of a manager (`None` for language managers).
pub(crate) fn family(m: Manager) -> Option<Family> {
    Some(match m {
        Manager::AptGet | Manager::Apt => Family::Deb,
        Manager::Apk => Family::Apk,
        Manager::Yum | Manager::Dnf | Manager::Microdnf => Family::Rpm,
        Manager::Zypper => Family::Zypper,
        _ => return None,
    })
}

/// Whether the command installs OS packages.
pub(crate) fn is_install(p: &PackageCommand<'_>) -> bool {
    match family(p.manager) {
        Some(Family::Deb | Family::Rpm) => {
            p.is_action(&["install", "groupinstall", "reinstall"])
                || (p.is_action(&["group", "groups"])
                    && p.packages.first().is_some_and(|w| w.text() == "install"))
        }
        Some(Family::Apk) => p.is_action(&["add"]),
        Some(Family::Zypper) => p.is_action(&["install", "in"]),
        None => false,
    }
}

/// Whether the command removes OS packages.
pub(crate) fn is_removal(p: &PackageCommand<'_>) -> bool {
    match family(p.manager) {
        Some(Family::Deb) => p.is_action(&["purge", "remove", "autoremove", "autopurge"]),
        Some(Family::Apk) => p.is_action(&["del"]),
        Some(Family::Rpm) => p.is_action(&["remove", "erase", "autoremove", "groupremove"]),
        Some(Family::Zypper) => p.is_action(&["remove", "rm"]),
        None => false,
    }
}

/// The package name of an install word, without version, release or
/// architecture qualifiers (`gcc=4:12.2`, `gcc~12`, `gcc:amd64`,
/// `gcc/bookworm-backports`, `gcc-12.2.1` for rpm).
pub(crate) fn package_name(family: Family, word: &str) -> String {
    let mut name = word;
    for sep in ['=', '~', '>', '<'] {
        if let Some((head, _)) = name.split_once(sep) {
            name = head;
        }
    }
    if family == Family::Deb {
        name = name.split([':', '/']).next().unwrap_or(name);
    }
    if family == Family::Rpm {
        // `name-1.2.3-4.el9`: the version starts at the first `-<digit>`
        // after which every dash-separated part starts with a digit
        // (`java-17-openjdk-devel` keeps its `-17`).
        let cut = name.char_indices().find(|&(i, c)| {
            c == '-'
                && name[i + 1..]
                    .split('-')
                    .all(|part| part.starts_with(|d: char| d.is_ascii_digit()))
        });
        if let Some((at, _)) = cut {
            name = &name[..at];
        }
        for arch in [".x86_64", ".aarch64", ".noarch", ".i686"] {
            name = name.strip_suffix(arch).unwrap_or(name);
        }
    }
    name.to_ascii_lowercase()
}

const TOOLS: [&str; 42] = [
    "build-essential",
    "build-base",
    "alpine-sdk",
    "gcc",
    "g++",
    "gcc-c++",
    "cc",
    "c++",
    "clang",
    "llvm",
    "make",
    "cmake",
    "ninja",
    "ninja-build",
    "meson",
    "scons",
    "automake",
    "autoconf",
    "libtool",
    "pkg-config",
    "pkgconf",
    "pkgconfig",
    "bison",
    "flex",
    "nasm",
    "yasm",
    "gfortran",
    "gcc-multilib",
    "g++-multilib",
    "golang",
    "golang-go",
    "go",
    "rust",
    "rustc",
    "cargo",
    "maven",
    "gradle",
    "ant",
    "default-jdk",
    "default-jdk-headless",
    "@development tools",
    "development tools",
];

/// Whether an installed package is a compiler, build tool, JDK or
/// development (headers) package.
pub(crate) fn is_build_tool(family: Family, word: &str) -> bool {
    let name = package_name(family, word);
    let n = name.as_str();
    if TOOLS.contains(&n) {
        return true;
    }
    // Versioned compilers: gcc-12, g++-12, clang-17, llvm-17.
    for prefix in ["gcc-", "g++-", "clang-", "llvm-"] {
        if n.strip_prefix(prefix)
            .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()))
        {
            return true;
        }
    }
    // Development packages and kernel headers.
    if n.len() > 4
        && (n.ends_with("-dev")
            || n.ends_with("-devel")
            || n.ends_with("-headers")
            || n.ends_with("-sdk"))
    {
        return true;
    }
    // JDKs: openjdk-17-jdk, temurin-21-jdk-headless, openjdk17 (Alpine).
    if n.ends_with("-jdk") || n.ends_with("-jdk-headless") {
        return true;
    }
    if let Some(v) = n.strip_prefix("openjdk")
        && family == Family::Apk
    {
        let v = v.strip_suffix("-jdk").unwrap_or(v);
        return !v.is_empty() && v.chars().all(|c| c.is_ascii_digit());
    }
    false
}

/// A command that compiles or builds from source, named for messages
/// (`go build`, `make`, `npm run build`).
pub(crate) fn build_command(cmd: &SimpleCommand) -> Option<String> {
    let program = cmd.program()?;
    let args: Vec<&str> = cmd.arg_texts().collect();
    let positional: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !a.starts_with('-'))
        .collect();
    let first = positional.first().copied();
    let named = |what: &str| Some(what.to_owned());
    match program {
        "go" if first == Some("build") => named("go build"),
        "cargo" if matches!(first, Some("build" | "install")) => {
            named(&format!("cargo {}", first.unwrap_or_default()))
        }
        "dotnet" if matches!(first, Some("build" | "publish")) => {
            named(&format!("dotnet {}", first.unwrap_or_default()))
        }
        "mvn" | "mvnw" => positional
            .iter()
            .find(|a| matches!(**a, "compile" | "package" | "verify" | "install" | "deploy"))
            .map(|phase| format!("{program} {phase}")),
        "gradle" | "gradlew" => positional
            .iter()
            .find(|a| {
                matches!(
                    **a,
                    "build"
                        | "assemble"
                        | "jar"
                        | "bootJar"
                        | "shadowJar"
                        | "installDist"
                        | "distTar"
                        | "distZip"
                        | "war"
                        | "bootWar"
                )
            })
            .map(|task| format!("{program} {task}")),
        "npm" | "pnpm" | "yarn" | "bun" => {
            let script = match first {
                Some("run" | "run-script") => positional.get(1).copied(),
                Some(s) if program != "npm" => Some(s),
                _ => None,
            }?;
            (script == "build" || script.starts_with("build:"))
                .then(|| format!("{program} {}", args.join(" ")))
        }
        "make" | "gmake" => make_builds(&cmd.args).then(|| "make".to_owned()),
        "cmake" if !args.is_empty() && !args.contains(&"--version") => named("cmake"),
        "gcc" | "g++" | "cc" | "c++" | "clang" | "clang++" | "rustc" | "javac"
            if !positional.is_empty() =>
        {
            named(program)
        }
        _ => None,
    }
}

/// Whether a `make` invocation builds the default target (or `all`/`build`):
/// only options, `VAR=value` words and those targets.
fn make_builds(args: &[ShellWord]) -> bool {
    let mut i = 0;
    let mut targets = Vec::new();
    while i < args.len() {
        let a = args[i].text();
        if matches!(
            a,
            "-C" | "-f" | "-I" | "-o" | "-W" | "--directory" | "--file" | "--makefile"
        ) {
            i += 2;
            continue;
        }
        if a == "-j" || a == "-l" {
            // An optional count may follow.
            if args
                .get(i + 1)
                .is_some_and(|n| n.text().chars().all(|c| c.is_ascii_digit()) || !n.is_literal())
            {
                i += 1;
            }
        } else if !a.starts_with('-') && !a.contains('=') {
            targets.push(a);
        }
        i += 1;
    }
    targets.iter().all(|t| matches!(*t, "all" | "build"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::{Dialect, parse_script};

    #[test]
    fn names_lose_versions_and_qualifiers() {
        assert_eq!(package_name(Family::Deb, "gcc=4:12.2.0-3"), "gcc");
        assert_eq!(package_name(Family::Deb, "gcc:amd64"), "gcc");
        assert_eq!(
            package_name(Family::Deb, "cmake/bookworm-backports"),
            "cmake"
        );
        assert_eq!(package_name(Family::Apk, "gcc~12"), "gcc");
        assert_eq!(package_name(Family::Rpm, "gcc-12.2.1"), "gcc");
        assert_eq!(package_name(Family::Rpm, "gcc-c++"), "gcc-c++");
        assert_eq!(package_name(Family::Rpm, "gcc-12.2.1-4.el9"), "gcc");
        assert_eq!(
            package_name(Family::Rpm, "java-17-openjdk-devel"),
            "java-17-openjdk-devel"
        );
        assert_eq!(
            package_name(Family::Rpm, "python3-devel.x86_64"),
            "python3-devel"
        );
    }

    #[test]
    fn classifies_build_tools() {
        for p in [
            "build-essential",
            "gcc",
            "g++-12",
            "libpq-dev",
            "python3-devel",
            "linux-headers",
            "openjdk-17-jdk",
            "openjdk-17-jdk-headless",
            "golang-go",
            "make=4.3-4.1",
        ] {
            assert!(is_build_tool(Family::Deb, p), "{p}");
        }
        assert!(is_build_tool(Family::Apk, "openjdk17"));
        assert!(!is_build_tool(Family::Apk, "openjdk17-jre"));
        for p in [
            "curl",
            "libpq5",
            "openjdk-17-jre-headless",
            "udev",
            "git",
            "libgcc",
            "ca-certificates",
        ] {
            assert!(!is_build_tool(Family::Deb, p), "{p}");
        }
    }

    #[test]
    fn recognises_build_commands() {
        let cmds = |t: &str| {
            parse_script(t, Dialect::Posix)
                .commands
                .iter()
                .map(build_command)
                .collect::<Vec<_>>()
        };
        assert_eq!(cmds("go build -o /app ."), [Some("go build".to_owned())]);
        assert_eq!(cmds("go test ./..."), [None]);
        assert_eq!(
            cmds("mvn -B clean package -DskipTests"),
            [Some("mvn package".to_owned())]
        );
        assert_eq!(
            cmds("./gradlew bootJar"),
            [Some("gradlew bootJar".to_owned())]
        );
        assert_eq!(cmds("npm run build"), [Some("npm run build".to_owned())]);
        assert_eq!(
            cmds("yarn build:prod"),
            [Some("yarn build:prod".to_owned())]
        );
        assert_eq!(cmds("npm ci"), [None]);
        assert_eq!(cmds("make -j4"), [Some("make".to_owned())]);
        assert_eq!(
            cmds("make -j \"$(nproc)\" CFLAGS=-O2").first(),
            Some(&Some("make".to_owned()))
        );
        assert_eq!(cmds("make -C src all"), [Some("make".to_owned())]);
        assert_eq!(cmds("make install"), [None]);
        assert_eq!(cmds("make test"), [None]);
        assert_eq!(cmds("gcc --version"), [None]);
        assert_eq!(cmds("gcc -o hello hello.c"), [Some("gcc".to_owned())]);
    }
}
