//! DL3062: `go install`/`go get`/`go run` of a module without `@version`.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::packages::{Manager, PackageCommand};
use crate::rules::support::pinning::report_unpinned;
use crate::shell::ShellWord;

/// See [`META`].
pub(crate) struct UnpinnedGoPackage;

static META: RuleMeta = RuleMeta {
    code: "DL3062",
    name: "unpinned-go-package",
    severity: Severity::Warning,
    category: Category::Pinning,
    sources: &["hadolint:DL3062"],
    default_enabled: true,
    help: "Name a version: `go install golang.org/x/tools/gopls@v0.16.2` (not `@latest`), or add the tool to go.mod and build it from there.",
    docs: RuleDocs {
        what: "Flags each remote package of `go install` and `go get`, and the package of `go run`, given without `@version` or with a floating query (`@latest`, `@upgrade`, `@patch`, `@master`, `@main`, `@HEAD`). Local packages (`.`, `./cmd/...`, `/src/x`), `.go` files, standard-library and main-module paths (no dot in the first path element) and `@none` removals are not reported; for `go run` only the package is read, not the program's arguments.",
        why: "Docker's security guide asks for pinned, rebuildable images: `@latest`, or no version outside a module, resolves to whatever the module proxy reports as newest at build time, so rebuilds silently change the tool in the image. A version (checked against the checksum database by the go command) keeps it reproducible.",
        bad: "FROM golang:1.23\nRUN go install github.com/go-delve/delve/cmd/dlv@latest\n",
        good: "FROM golang:1.23\nRUN go install github.com/go-delve/delve/cmd/dlv@v1.23.1\n",
    },
};

fn select<'a>(p: &PackageCommand<'a>) -> Option<Vec<&'a ShellWord>> {
    if p.manager != Manager::Go {
        return None;
    }
    if p.is_action(&["install", "get"]) {
        return Some(p.packages.clone());
    }
    if p.is_action(&["run"]) {
        return Some(p.packages.first().copied().into_iter().collect());
    }
    None
}

const FLOATING: [&str; 6] = ["latest", "upgrade", "patch", "master", "main", "HEAD"];

fn pinned(word: &str) -> bool {
    if word.starts_with(['.', '/']) || word.ends_with(".go") {
        return true;
    }
    let (path, version) = match word.split_once('@') {
        Some((p, v)) => (p, Some(v)),
        None => (word, None),
    };
    if !path.split('/').next().unwrap_or("").contains('.') {
        return true;
    }
    version.is_some_and(|v| !v.is_empty() && !FLOATING.contains(&v))
}

impl Rule for UnpinnedGoPackage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        report_unpinned(cx, out, select, &pinned, "go");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_missing_and_floating_versions() {
        assert_fires(
            &UnpinnedGoPackage,
            "FROM golang:1.23\nRUN go install \\\n    golang.org/x/tools/gopls@latest \\\n    github.com/a/b@v1.2.3 \\\n    honnef.co/go/tools/cmd/staticcheck\nRUN go get -u github.com/x/y && go run github.com/x/gen@main ./api\n",
            &[3, 5, 6, 6],
        );
        let f = findings(
            &UnpinnedGoPackage,
            "FROM golang:1.23\nRUN go install example.com/t@latest\n",
        );
        assert_eq!(
            f[0].1,
            "go package `example.com/t@latest` is not pinned to a version"
        );
    }

    #[test]
    fn reads_wrappers_heredocs_onbuild_and_variables() {
        assert_fires(
            &UnpinnedGoPackage,
            "FROM golang:1.23\nARG TOOL=github.com/x/tool@latest\nRUN sudo go install $TOOL\nONBUILD RUN go install github.com/x/y\nRUN <<EOF\ngo install -v github.com/x/z\nEOF\n",
            &[3, 4, 6],
        );
    }

    #[test]
    fn silent_on_versions_local_packages_and_program_arguments() {
        assert_clean(
            &UnpinnedGoPackage,
            concat!(
                "FROM golang:1.23\n",
                "ARG VERSION\n",
                "RUN go install github.com/x/y@v1.0.0 github.com/x/z@${VERSION} && go get -d -v ./...\n",
                "RUN go install -ldflags '-s -w' ./cmd/app && go install . && go build -o /app ./...\n",
                "RUN go run main.go github.com/not/a/package && go run ./tools/gen example.com/arg\n",
                "RUN go get example.com/old@none && go install std && go install myapp/cmd/server\n",
                "RUN go mod download && go run -mod=mod github.com/x/gen@v0.3.0 github.com/arg\n",
            ),
        );
    }
}
