//! DL3013: `pip install` of packages without a version specifier.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::packages::{Manager, PackageCommand};
use crate::rules::support::pinning::report_unpinned;
use crate::shell::ShellWord;

/// See [`META`].
pub(crate) struct UnpinnedPipPackage;

static META: RuleMeta = RuleMeta {
    code: "DL3013",
    name: "unpinned-pip-package",
    severity: Severity::Warning,
    category: Category::Pinning,
    sources: &["hadolint:DL3013"],
    default_enabled: true,
    help: "Pin each package as `name==version`, or install from a locked requirements file (`pip install -r requirements.txt`, ideally with `--require-hashes`) or with a constraints file (`-c constraints.txt`).",
    docs: RuleDocs {
        what: "Flags each package of `pip install` (`pip3`, `python -m pip`) given without a version specifier. Specifiers (`==`, `~=`, `>=`, `<`, `!=`…), direct references (`name @ url`), VCS URLs with `@ref`, paths, URLs, `.` and local `.whl`/`.tar.gz`/`.zip` files count as pinned; `-r`/`--requirement` files and `-e` targets are not package names. A command with `-c`/`--constraint` is not checked: the constraints file decides the versions. Unlike hadolint, `-r file` does not excuse other packages named on the same command. `pip install --upgrade pip setuptools wheel` is reported on purpose: unpinned build tools have broken builds before (setuptools 72 removed `setup.py test`). Package lists in ARG or ENV variables are expanded; unknown words are skipped.",
        why: "Docker's security guide asks for pinned, rebuildable images: without a version, every build resolves the newest release on the index, so a rebuild silently picks up breaking changes or a compromised release. Pinned versions (ideally hash-checked from a lock file) make the image reproducible and the upgrade a reviewed change.",
        bad: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n",
        good: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\n",
    },
};

fn select<'a>(p: &PackageCommand<'a>) -> Option<Vec<&'a ShellWord>> {
    if p.manager != Manager::Pip || !p.is_action(&["install"]) || p.has_flag('c', "constraint") {
        return None;
    }
    Some(p.packages.clone())
}

const SPECIFIERS: [&str; 6] = ["==", ">", "<", "!=", "~=", "@"];
const ARCHIVES: [&str; 5] = [".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2"];
const VCS: [&str; 4] = ["git+", "hg+", "svn+", "bzr+"];

fn pinned(word: &str) -> bool {
    if VCS.iter().any(|v| word.starts_with(v)) {
        // `git+https://host/repo@v1.2#egg=x`: the ref follows an `@` in the
        // path (an `@` in the host part, as in `git@github.com`, is a user).
        let after_scheme = word.split_once("://").map_or(word, |(_, r)| r);
        let path = after_scheme.split_once('/').map_or("", |(_, p)| p);
        return path.contains('@');
    }
    SPECIFIERS.iter().any(|s| word.contains(s))
        || ARCHIVES.iter().any(|a| word.ends_with(a))
        || word.contains('/')
        || word.starts_with('.')
}

impl Rule for UnpinnedPipPackage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        report_unpinned(cx, out, select, &pinned, "pip");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_each_unpinned_package() {
        assert_fires(
            &UnpinnedPipPackage,
            "FROM python:3.12\nRUN pip install --no-cache-dir \\\n    flask==3.0.3 \\\n    requests \\\n    'uvicorn[standard]'\n",
            &[4, 5],
        );
        let f = findings(
            &UnpinnedPipPackage,
            "FROM python:3.12\nRUN pip install -U pip\n",
        );
        assert_eq!(f[0].1, "pip package `pip` is not pinned to a version");
    }

    #[test]
    fn reads_python_m_pip_wrappers_heredocs_onbuild_and_variables() {
        assert_fires(
            &UnpinnedPipPackage,
            concat!(
                "FROM python:3.12\n",
                "ENV TOOLS=\"black ruff==0.6.0\"\n",
                "RUN python3 -m pip install $TOOLS\n",
                "RUN sudo pip3 install --user -r req.txt httpie\n",
                "ONBUILD RUN pip install gunicorn\n",
                "RUN <<EOF\npip install git+https://github.com/org/repo.git#egg=repo\nEOF\n",
            ),
            &[3, 4, 5, 7],
        );
    }

    #[test]
    fn silent_on_specifiers_files_paths_urls_and_constraints() {
        assert_clean(
            &UnpinnedPipPackage,
            concat!(
                "FROM python:3.12\n",
                "ARG V\n",
                "RUN pip install 'flask>=3,<4' 'django~=5.0' numpy!=2.0.0 'pkg @ https://x.example/pkg-1.0.zip' torch==${V}\n",
                "RUN pip install -r requirements.txt --requirement dev.txt -e . ./libs/a /wheels/b-1.0-py3-none-any.whl dist.tar.gz .[test]\n",
                "RUN pip install git+https://github.com/org/repo.git@v1.2.0#egg=repo git+ssh://git@github.com/org/r.git@abc123\n",
                "RUN pip install -c constraints.txt flask requests && pip download flask && pip uninstall -y flask\n",
                "RUN pip install --index-url https://pypi.example/simple $(cat /pkgs)\n",
            ),
        );
    }
}
