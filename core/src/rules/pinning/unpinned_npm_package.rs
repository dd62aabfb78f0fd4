//! DL3016: `npm install <pkg>` without `@version`.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::packages::{Manager, PackageCommand};
use crate::rules::support::pinning::report_unpinned;
use crate::shell::ShellWord;

/// See [`META`].
pub(crate) struct UnpinnedNpmPackage;

static META: RuleMeta = RuleMeta {
    code: "DL3016",
    name: "unpinned-npm-package",
    severity: Severity::Warning,
    category: Category::Pinning,
    sources: &["hadolint:DL3016"],
    default_enabled: true,
    help: "Name a version (`npm install -g pnpm@9.12.0`), or put the dependency in package.json and install from the lock file with `npm ci`.",
    docs: RuleDocs {
        what: "Flags each package named on `npm install` (`npm i`, `npm add`) without a version, or with a floating dist-tag (`@latest`, `@next`, `@*`). `name@1.2.3` and ranges (`name@^1.2`) count as pinned, as do folders, tarballs, URLs and git URLs or GitHub shorthands with a `#commit` or `#semver:` ref. Bare `npm install` and `npm ci` install from package.json and the lock file and are fine. Package lists in ARG or ENV variables are expanded; unknown words are skipped.",
        why: "Docker's security guide asks for pinned, rebuildable images: a package named without a version resolves to whatever the registry tags `latest` at build time, so a rebuild can pull a breaking major release or a hijacked one. A lock file, or an explicit version, keeps the image reproducible.",
        bad: "FROM node:20-slim\nRUN npm install -g typescript\n",
        good: "FROM node:20-slim\nRUN npm install -g typescript@5.6.2\n",
    },
};

fn select<'a>(p: &PackageCommand<'a>) -> Option<Vec<&'a ShellWord>> {
    (p.manager == Manager::Npm && p.is_action(&["install", "i", "add"])).then(|| p.packages.clone())
}

const FLOATING_TAGS: [&str; 5] = ["", "latest", "next", "*", "x"];

fn pinned(word: &str) -> bool {
    let git = ["git:", "git+", "github:", "gitlab:", "bitbucket:", "gist:"];
    if git.iter().any(|g| word.starts_with(g)) {
        return word.contains('#');
    }
    if word.contains("://") || word.starts_with("file:") || word.starts_with(['.', '/', '~']) {
        return true;
    }
    if [".tgz", ".tar.gz", ".tar"]
        .iter()
        .any(|s| word.ends_with(s))
    {
        return true;
    }
    // `@scope/name@spec` or `name@spec`.
    let unscoped = match word.strip_prefix('@') {
        Some(rest) => rest.split_once('/').map_or("", |(_, n)| n),
        None => word,
    };
    if let Some((_, spec)) = unscoped.split_once('@') {
        return !FLOATING_TAGS.contains(&spec);
    }
    // `user/repo` is a GitHub shorthand.
    !word.starts_with('@') && word.contains('/') && word.contains('#')
}

impl Rule for UnpinnedNpmPackage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        report_unpinned(cx, out, select, &pinned, "npm");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_missing_versions_and_floating_tags() {
        assert_fires(
            &UnpinnedNpmPackage,
            "FROM node:20\nRUN npm install -g \\\n    npm@latest \\\n    @angular/cli \\\n    pm2@5.4.2 \\\n    yarn@next\n",
            &[3, 4, 6],
        );
        assert_fires(
            &UnpinnedNpmPackage,
            "FROM node:20\nRUN npm i expressjs/express && npm add @types/node@\n",
            &[2, 2],
        );
        let f = findings(
            &UnpinnedNpmPackage,
            "FROM node:20\nRUN npm install --global typescript\n",
        );
        assert_eq!(
            f[0].1,
            "npm package `typescript` is not pinned to a version"
        );
    }

    #[test]
    fn reads_wrappers_heredocs_onbuild_and_variables() {
        assert_fires(
            &UnpinnedNpmPackage,
            "FROM node:20\nARG TOOLS=\"pnpm serve@14.2.3\"\nRUN sudo npm install -g $TOOLS\nONBUILD RUN npm install nodemon\nRUN <<EOF\nnpm i -g corepack\nEOF\n",
            &[3, 4, 6],
        );
    }

    #[test]
    fn silent_on_versions_lockfile_installs_paths_and_git_refs() {
        assert_clean(
            &UnpinnedNpmPackage,
            concat!(
                "FROM node:20\n",
                "ARG V\n",
                "RUN npm ci && npm install && npm install --omit=dev && npm install --production\n",
                "RUN npm install -g pnpm@9.12.0 @angular/cli@^18.2 typescript@~5.6 npm@${V}\n",
                "RUN npm install ./local /abs/dir ../up file:../x pkg.tgz https://example.com/p.tgz\n",
                "RUN npm install git+https://github.com/org/repo.git#v1.0.0 github:org/repo#abc123 org/repo#semver:^1.0\n",
                "RUN npm run build && npm uninstall left-pad && npm install $(cat /deps)\n",
            ),
        );
    }
}
