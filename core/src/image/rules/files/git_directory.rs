//! HG303: a git repository (`.git`) shipped in the image.

use std::collections::BTreeMap;

use crate::image::rules::common::{at_layer, human_size, visible};
use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::image::tar::EntryKind;
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};

/// See [`META`].
pub(crate) struct GitDirectory;

static META: RuleMeta = RuleMeta {
    code: "HG303",
    name: "git-directory-in-image",
    severity: Severity::Warning,
    category: Category::Secrets,
    sources: &["dockle:DKL-LI-0003"],
    default_enabled: true,
    help: "Add `.git` to `.dockerignore` (and copy only what the build needs); if the build needs the revision, pass it as a build argument or label instead of the repository.",
    docs: RuleDocs {
        what: "Flags `.git` directories in the final image, one finding per repository with its file count and size. Repositories inside `node_modules/` and `vendor/` are not flagged (as dockle does): package managers check dependencies out from their public repositories there. A `.git` file (a worktree or submodule pointer) is not a repository and is not flagged.",
        why: "Docker's guide says to keep the build context small with `.dockerignore` and never to ship secrets. A repository carries the project's whole history — including every secret ever committed and later removed, internal remote URLs, and sometimes credentials in `.git/config` (HG302 reports those) — and makes the image bigger for nothing.",
        bad: "image with /app/.git/HEAD, /app/.git/config and /app/.git/objects/…",
        good: "image with /app/package.json and /app/src/… only",
    },
};

/// The repository root (`…/.git`) a path belongs to, if any.
fn git_root(path: &str) -> Option<&str> {
    let at = if path.starts_with(".git/") || path == ".git" {
        0
    } else {
        path.find("/.git/")
            .or_else(|| path.ends_with("/.git").then(|| path.len() - 5))?
            + 1
    };
    path.get(..at + 4)
}

/// Whether a repository sits in a dependency tree.
fn in_dependencies(root: &str) -> bool {
    root.split('/')
        .any(|p| p == "node_modules" || p == "vendor")
}

#[derive(Default)]
struct Repo {
    layer: Option<usize>,
    is_dir: bool,
    files: usize,
    bytes: u64,
}

impl ImageRule for GitDirectory {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let mut repos: BTreeMap<&str, Repo> = BTreeMap::new();
        for (layer, e) in visible(cx.image) {
            let Some(root) = git_root(&e.path) else {
                continue;
            };
            if in_dependencies(root) {
                continue;
            }
            let repo = repos.entry(root).or_default();
            if e.path.len() == root.len() {
                repo.is_dir = e.kind == EntryKind::Dir;
                repo.layer = Some(layer);
            } else {
                repo.is_dir = true;
                repo.layer.get_or_insert(layer);
                if e.kind == EntryKind::File {
                    repo.files += 1;
                    repo.bytes += e.size;
                }
            }
        }
        for (root, repo) in repos {
            let (true, Some(layer)) = (repo.is_dir, repo.layer) else {
                continue;
            };
            let s = if repo.files == 1 { "" } else { "s" };
            out.push(ImageFinding::new(
                at_layer(layer, root),
                format!(
                    "git repository `/{root}` ships in the image ({} file{s}, {}): its whole history goes with it",
                    repo.files,
                    human_size(repo.bytes)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{findings, image, layer, locations};

    #[test]
    fn fires_once_per_repository() {
        let img = image(
            "{}",
            vec![
                layer()
                    .dir("app/.git", 0o755)
                    .file("app/.git/HEAD", 0o644, b"ref: refs/heads/main\n")
                    .file("app/.git/config", 0o644, b"[core]\n")
                    .dir("app/.git/objects", 0o755),
                // No directory entry: found from its files.
                layer().file(".git/HEAD", 0o644, b"ref: refs/heads/main\n"),
            ],
        );
        assert_eq!(
            locations(&GitDirectory, &img),
            ["layer 2: /.git", "layer 1: /app/.git"]
        );
        let f = findings(&GitDirectory, &img);
        assert_eq!(
            f[1].message,
            "git repository `/app/.git` ships in the image (2 files, 28 B): its whole history goes with it"
        );
    }

    #[test]
    fn quiet_on_dependencies_gitlinks_and_lookalikes() {
        let img = image(
            "{}",
            vec![
                layer()
                    .dir("app/node_modules/dep/.git", 0o755)
                    .file("app/node_modules/dep/.git/HEAD", 0o644, b"x")
                    .file("srv/vendor/lib/.git/HEAD", 0o644, b"x")
                    .file("app/sub/.git", 0o644, b"gitdir: ../.git/modules/sub\n")
                    .file("app/.gitignore", 0o644, b"target\n")
                    .dir("app/.github", 0o755)
                    .file("app/my.git/HEAD", 0o644, b"x"),
            ],
        );
        assert!(locations(&GitDirectory, &img).is_empty());
    }
}
