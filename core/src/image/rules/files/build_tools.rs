//! HG309: compilers and build tools left in the final image.

use crate::image::rules::common::{read_text, short_list, visible};
use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::image::tar::EntryKind;
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};
use crate::rules::support::build_tools::{Family, is_build_tool};

/// See [`META`].
pub(crate) struct BuildTools;

static META: RuleMeta = RuleMeta {
    code: "HG309",
    name: "build-tools-in-image",
    severity: Severity::Info,
    category: Category::MultiStage,
    sources: &[],
    default_enabled: true,
    help: "Use a multi-stage build: compile in a `FROM … AS build` stage that has the toolchain, then `COPY --from=build` only the result into a slim runtime stage (`-slim`, distroless, or `scratch`); or remove the build packages in the same RUN that used them.",
    docs: RuleDocs {
        what: "Flags an image whose final filesystem has compilers or build tools — `gcc`, `cc`, `c++`, `g++`, `clang`, `make`, `cmake`, `javac`, `rustc`, `cargo`, `go` and versioned compilers (`gcc-12`), found in any `bin` directory (so `/usr/local/go/bin/go` and `/opt/java/openjdk/bin/javac` too) — or has build packages installed according to the dpkg (`/var/lib/dpkg/status`, distroless `status.d`) or apk database: `build-essential`, `build-base`, compilers, JDKs and `-dev`/`-devel` header packages, the same list the Dockerfile rule HG180 uses. One finding lists them all. Images meant as build environments (CI runners, dev containers) can ignore this rule.",
        why: "Docker's guide recommends multi-stage builds so the final image holds only what the application needs at run time. A toolchain in a production image adds hundreds of megabytes and many packages to patch, and gives an attacker who gets in a compiler to build exploits on the spot.",
        bad: "image with /usr/bin/gcc, /usr/bin/make and the build-essential package installed",
        good: "image with only the compiled /app/server and its runtime libraries",
    },
};

/// Compiler and build tool names, looked for in `bin` directories.
const TOOLS: &[&str] = &[
    "gcc", "cc", "c++", "g++", "clang", "clang++", "make", "gmake", "cmake", "javac", "rustc",
    "cargo", "go", "gfortran",
];

/// Whether a program name is a build tool (versioned compilers included).
fn is_tool_name(base: &str) -> bool {
    if TOOLS.contains(&base) {
        return true;
    }
    ["gcc-", "g++-", "clang-", "clang++-"].iter().any(|p| {
        base.strip_prefix(p)
            .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
    })
}

/// Installed package names from a dpkg status file (or one `status.d`
/// file, which has no `Status` field).
fn dpkg_installed(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for stanza in text.split("\n\n") {
        let mut name = None;
        let mut installed = true;
        for line in stanza.lines() {
            if let Some(v) = line.strip_prefix("Package:") {
                name = Some(v.trim());
            } else if let Some(v) = line.strip_prefix("Status:") {
                installed = v.trim().ends_with(" installed");
            }
        }
        if let Some(n) = name.filter(|n| !n.is_empty())
            && installed
        {
            out.push(n.to_owned());
        }
    }
    out
}

/// Package names from an apk database (`P:` lines).
fn apk_installed(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("P:"))
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect()
}

/// Whether an installed package is a build package. The compilers'
/// `-base` packages (`gcc-12-base`) are runtime dependencies of `libgcc-s1`
/// and `libstdc++6`, present in every Debian and Ubuntu image, so they do
/// not count.
fn is_build_package(family: Family, name: &str) -> bool {
    let runtime_base = name.starts_with("gcc-") && name.ends_with("-base");
    !runtime_base && is_build_tool(family, name)
}

/// Whether a package name is a headers/development package rather than a tool.
fn is_dev_package(name: &str) -> bool {
    ["-dev", "-devel", "-headers", "-sdk"]
        .iter()
        .any(|s| name.ends_with(s))
}

impl ImageRule for BuildTools {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let mut programs: Vec<String> = Vec::new();
        let mut status_files: Vec<String> = vec!["var/lib/dpkg/status".to_owned()];
        for (_, e) in visible(cx.image) {
            if e.path.starts_with("var/lib/dpkg/status.d/") && e.kind == EntryKind::File {
                status_files.push(e.path.clone());
                continue;
            }
            if e.kind == EntryKind::Dir
                || e.path.starts_with("usr/share/")
                || e.path.contains("node_modules/")
            {
                continue;
            }
            let Some((dir, base)) = e.path.rsplit_once('/') else {
                continue;
            };
            let in_bin = dir == "bin" || dir.ends_with("/bin");
            if in_bin && is_tool_name(base) {
                programs.push(format!("/{}", e.path));
            }
        }
        let mut packages: Vec<String> = Vec::new();
        for path in &status_files {
            if let Some(f) = read_text(cx.image, path) {
                packages.extend(
                    dpkg_installed(&f.text)
                        .into_iter()
                        .filter(|p| is_build_package(Family::Deb, p)),
                );
            }
        }
        for path in ["lib/apk/db/installed", "usr/lib/apk/db/installed"] {
            if let Some(f) = read_text(cx.image, path) {
                packages.extend(
                    apk_installed(&f.text)
                        .into_iter()
                        .filter(|p| is_build_package(Family::Apk, p)),
                );
            }
        }
        packages.sort_by(|a, b| (is_dev_package(a), a).cmp(&(is_dev_package(b), b)));
        packages.dedup();
        if programs.is_empty() && packages.is_empty() {
            return;
        }
        let mut parts = Vec::new();
        if !programs.is_empty() {
            parts.push(format!("build tools {}", short_list(&programs, 8)));
        }
        if !packages.is_empty() {
            parts.push(format!("build packages {}", short_list(&packages, 8)));
        }
        out.push(ImageFinding::new(
            "image",
            format!(
                "the final image has {}: use a multi-stage build",
                parts.join("; ")
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{findings, image, layer};

    const STATUS: &[u8] = b"Package: libc6\nStatus: install ok installed\nVersion: 2.36\n\nPackage: gcc-12\nStatus: install ok installed\n\nPackage: make\nStatus: deinstall ok config-files\n\nPackage: build-essential\nStatus: install ok installed\n\nPackage: libc6-dev\nStatus: install ok installed\n";

    #[test]
    fn fires_on_tools_and_build_packages() {
        let img = image(
            "{}",
            vec![
                layer()
                    .file("usr/bin/gcc-12", 0o755, b"elf")
                    .symlink("usr/bin/gcc", "gcc-12")
                    .symlink("usr/bin/cc", "/etc/alternatives/cc")
                    .file("usr/local/go/bin/go", 0o755, b"elf")
                    .file("var/lib/dpkg/status", 0o644, STATUS),
            ],
        );
        let f = findings(&BuildTools, &img);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].location, "image");
        assert_eq!(
            f[0].message,
            "the final image has build tools /usr/bin/cc, /usr/bin/gcc, /usr/bin/gcc-12, /usr/local/go/bin/go; build packages build-essential, gcc-12, libc6-dev: use a multi-stage build"
        );
        // Alpine and distroless package databases.
        let img = image(
            "{}",
            vec![
                layer()
                    .file(
                        "lib/apk/db/installed",
                        0o644,
                        b"P:musl\nV:1.2\n\nP:build-base\nV:0.5\n",
                    )
                    .file(
                        "var/lib/dpkg/status.d/libssl-dev",
                        0o644,
                        b"Package: libssl-dev\nVersion: 3\n",
                    ),
            ],
        );
        let f = findings(&BuildTools, &img);
        assert!(
            f[0].message.contains("build-base, libssl-dev"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn quiet_on_runtime_images() {
        let img = image(
            "{}",
            vec![
                layer()
                    .file("usr/bin/python3", 0o755, b"elf")
                    .file("usr/bin/make-first-existing-target", 0o755, b"x")
                    .file("usr/share/doc/gcc/README", 0o644, b"x")
                    .file("app/node_modules/.bin/make", 0o755, b"x")
                    .file("usr/lib/gcc/x86_64-linux-gnu/12/libgcc_s.so", 0o644, b"x")
                    .file(
                        "var/lib/dpkg/status",
                        0o644,
                        b"Package: libc6\nStatus: install ok installed\n\nPackage: libgcc-s1\nStatus: install ok installed\n\nPackage: gcc-12-base\nStatus: install ok installed\n",
                    ),
                layer().file("usr/bin/gcc", 0o755, b"elf"),
                layer().whiteout("usr/bin/gcc"),
            ],
        );
        assert!(findings(&BuildTools, &img).is_empty());
    }
}
