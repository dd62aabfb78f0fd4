//! DL3060: `yarn install` keeps every downloaded package in yarn's global
//! cache unless the RUN cleans it.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::cache::{CachePath, configured_cache, keeps_cache, run_commands};
use crate::rules::support::commands::Cmd;
use crate::rules::support::packages::{Manager, PackageCommand, read_cached};

/// See [`META`].
pub(crate) struct YarnCacheLeftInLayer;

static META: RuleMeta = RuleMeta {
    code: "DL3060",
    name: "yarn-cache-left-in-layer",
    severity: Severity::Info,
    category: Category::Packages,
    sources: &["hadolint:DL3060"],
    default_enabled: true,
    help: "End the same RUN with `yarn cache clean`, or mount a cache on yarn's cache directory (`--mount=type=cache,target=/usr/local/share/.cache/yarn`).",
    docs: RuleDocs {
        what: "Flags `yarn install`, `yarn add`, `yarn global add` and a bare `yarn` when the same RUN does not run `yarn cache clean` or delete the cache directory afterwards, and no cache or tmpfs mount holds it. The cache directory is `--cache-folder`, `$YARN_CACHE_FOLDER`, or yarn's defaults (`/usr/local/share/.cache/yarn` for root, `~/.cache/yarn`, `~/.yarn/berry/cache`). Build stages whose files never reach the image are not flagged.",
        why: "Docker's guide asks for images without caches. yarn copies every package it downloads into a global cache, about as large as `node_modules` itself; nothing uses it at run time, and once a layer holds it a later RUN cannot make the image smaller.",
        bad: "FROM node:20-slim\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\n",
        good: "FROM node:20-slim\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile && yarn cache clean\n",
    },
};

/// Where this yarn call keeps its cache.
fn caches(cx: &Context<'_>, pc: &PackageCommand<'_>) -> Vec<CachePath> {
    if let Some(dir) = configured_cache(cx, &pc.cmd, "cache-folder", "YARN_CACHE_FOLDER") {
        return vec![dir];
    }
    vec![
        CachePath::abs("/usr/local/share/.cache/yarn"),
        CachePath::home(".cache/yarn"),
        CachePath::home(".yarn/berry/cache"),
    ]
}

/// Whether the call installs packages.
fn installs(pc: &PackageCommand<'_>) -> bool {
    match pc.action {
        Some(_) if pc.is_action(&["install", "add"]) => true,
        Some(_) => pc.is_action(&["global"]) && pc.sub_action() == "add",
        // A bare `yarn` installs, unless it only prints something.
        None => !(pc.has_flag('v', "version") || pc.has_flag('h', "help")),
    }
}

/// `yarn cache clean`.
fn cleans(cx: &Context<'_>, c: &Cmd<'_>) -> bool {
    read_cached(cx, c).is_some_and(|p| {
        p.manager == Manager::Yarn && p.is_action(&["cache"]) && p.sub_action() == "clean"
    })
}

impl Rule for YarnCacheLeftInLayer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for run in run_commands(cx) {
            for (pos, cmd) in run.cmds.iter().enumerate() {
                let Some(pc) = read_cached(cx, cmd) else {
                    continue;
                };
                if pc.manager != Manager::Yarn || !installs(pc) {
                    continue;
                }
                let caches = caches(cx, pc);
                if keeps_cache(cx, run, pos, &caches, cleans) {
                    out.push(Finding::new(
                        pc.head_span(),
                        format!(
                            "`{}` leaves downloaded packages in yarn's cache: no `yarn cache clean` follows in this RUN",
                            pc.head_text()
                        ),
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
    fn fires_without_cache_clean() {
        assert_fires(
            &YarnCacheLeftInLayer,
            "FROM node:20\nRUN yarn install --frozen-lockfile\n",
            &[2],
        );
        assert_fires(
            &YarnCacheLeftInLayer,
            "FROM node:20\nRUN yarn cache clean && \\\n    yarn --frozen-lockfile && sudo yarn global add serve\n",
            &[3, 3],
        );
        assert_fires(
            &YarnCacheLeftInLayer,
            "FROM node:20\nRUN <<EOF\nyarn add left-pad\nEOF\nONBUILD RUN sh -c 'yarn install'\n",
            &[3, 5],
        );
    }

    #[test]
    fn silent_with_cleanup_or_mount() {
        assert_clean(
            &YarnCacheLeftInLayer,
            "FROM node:20\nRUN yarn install --frozen-lockfile && yarn cache clean\n",
        );
        assert_clean(
            &YarnCacheLeftInLayer,
            "FROM node:20\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n",
        );
        assert_clean(
            &YarnCacheLeftInLayer,
            "FROM node:20\nUSER node\nRUN --mount=type=cache,target=/home/node/.cache/yarn,uid=1000 yarn\n",
        );
        assert_clean(
            &YarnCacheLeftInLayer,
            "FROM node:20\nENV YARN_CACHE_FOLDER=/tmp/yc\nRUN yarn install && rm -rf /tmp/yc\n",
        );
        assert_clean(
            &YarnCacheLeftInLayer,
            "FROM node:20\nRUN yarn build && yarn --version && yarn test\n",
        );
        assert_clean(
            &YarnCacheLeftInLayer,
            "FROM node:20 AS build\nRUN yarn install && yarn build\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html\n",
        );
    }
}
