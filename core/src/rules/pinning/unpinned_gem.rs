//! DL3028: `gem install` without a version.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::packages::{Manager, PackageCommand};
use crate::rules::support::pinning::report_unpinned;
use crate::shell::ShellWord;

/// See [`META`].
pub(crate) struct UnpinnedGem;

static META: RuleMeta = RuleMeta {
    code: "DL3028",
    name: "unpinned-gem",
    severity: Severity::Warning,
    category: Category::Pinning,
    sources: &["hadolint:DL3028"],
    default_enabled: true,
    help: "Name a version (`gem install bundler:2.5.18` or `gem install bundler -v 2.5.18`), or list the gem in a Gemfile and install it from Gemfile.lock with `bundle install`.",
    docs: RuleDocs {
        what: "Flags each gem named on `gem install` (or `gem i`) without a version. `name:version` and local `.gem` files count as pinned, and a command with `-v`/`--version` is pinned as a whole. Gem lists in ARG or ENV variables are expanded; unknown words are skipped.",
        why: "Docker's security guide asks for pinned, rebuildable images: a gem installed by name alone is whatever rubygems.org serves at build time, so rebuilds can pull a breaking or compromised release. A version, or a Gemfile.lock, keeps the image reproducible.",
        bad: "FROM ruby:3.3-slim\nRUN gem install bundler\n",
        good: "FROM ruby:3.3-slim\nRUN gem install bundler:2.5.18\n",
    },
};

fn select<'a>(p: &PackageCommand<'a>) -> Option<Vec<&'a ShellWord>> {
    if p.manager != Manager::Gem || !p.is_action(&["install", "i"]) || p.has_flag('v', "version") {
        return None;
    }
    Some(p.packages.clone())
}

fn pinned(word: &str) -> bool {
    word.contains(':') || word.ends_with(".gem")
}

impl Rule for UnpinnedGem {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        report_unpinned(cx, out, select, &pinned, "gem");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_each_unpinned_gem() {
        assert_fires(
            &UnpinnedGem,
            "FROM ruby:3.3\nRUN gem install --no-document \\\n    rails:7.2.1 \\\n    bundler\nRUN gem i rake\n",
            &[4, 5],
        );
        let f = findings(&UnpinnedGem, "FROM ruby:3.3\nRUN gem install bundler\n");
        assert_eq!(f[0].1, "gem package `bundler` is not pinned to a version");
    }

    #[test]
    fn reads_wrappers_heredocs_onbuild_and_variables() {
        assert_fires(
            &UnpinnedGem,
            "FROM ruby:3.3\nENV GEMS=\"foreman rake:13.2.1\"\nRUN sudo gem install $GEMS\nONBUILD RUN gem install puma\nRUN <<EOF\ngem install rubocop\nEOF\n",
            &[3, 4, 6],
        );
    }

    #[test]
    fn silent_on_versions_and_files() {
        assert_clean(
            &UnpinnedGem,
            concat!(
                "FROM ruby:3.3\n",
                "ARG BUNDLER_VERSION=2.5.18\n",
                "RUN gem install bundler -v \"$BUNDLER_VERSION\" && gem install rails --version=7.2.1\n",
                "RUN gem install bundler:${BUNDLER_VERSION} ./vendor/local.gem && gem update --system\n",
                "RUN bundle install && gem uninstall rake\n",
            ),
        );
    }
}
