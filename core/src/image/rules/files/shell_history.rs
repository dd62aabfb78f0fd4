//! HG304: a shell or REPL history file shipped in the image.

use crate::image::rules::common::{at_layer, human_size, visible};
use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::image::tar::EntryKind;
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};

/// See [`META`].
pub(crate) struct ShellHistory;

static META: RuleMeta = RuleMeta {
    code: "HG304",
    name: "shell-history-in-image",
    severity: Severity::Warning,
    category: Category::Secrets,
    sources: &[],
    default_enabled: true,
    help: "Build images from a Dockerfile rather than `docker commit` of a container someone worked in; delete the file in the same step that created it, and review what it holds — any password or token typed in it has leaked and must be revoked.",
    docs: RuleDocs {
        what: "Flags non-empty history files of shells and interactive clients in the final image: `.bash_history`, `.zsh_history`, `.ash_history`, `.sh_history`, `.history`, fish's `fish_history`, `.python_history`, `.node_repl_history`, `.irb_history`, `.mysql_history`, `.psql_history`, `.sqlite_history`, `.rediscli_history`. Empty files (as `/etc/skel` provides) are not flagged, nor is `less`'s `.lesshst`, which keeps only search strings.",
        why: "Docker's guide says never to put secrets in images and to build them reproducibly from a Dockerfile. A history file shows an image was made by hand (`docker commit`) or that an interactive session ran during the build, and such histories hold the commands typed — database passwords given on the command line, tokens pasted into `export`, internal host names.",
        bad: "image with a 2 KiB /root/.bash_history",
        good: "image with an empty /etc/skel/.bash_history or none",
    },
};

/// History files by base name.
const HISTORY_FILES: &[&str] = &[
    ".bash_history",
    ".zsh_history",
    ".ash_history",
    ".sh_history",
    ".history",
    "fish_history",
    ".python_history",
    ".node_repl_history",
    ".irb_history",
    ".mysql_history",
    ".psql_history",
    ".sqlite_history",
    ".rediscli_history",
];

impl ImageRule for ShellHistory {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        for (layer, e) in visible(cx.image) {
            if e.kind != EntryKind::File || e.size == 0 || e.path.starts_with("usr/share/") {
                continue;
            }
            let base = e.path.rsplit('/').next().unwrap_or(&e.path);
            if HISTORY_FILES.contains(&base) {
                out.push(ImageFinding::new(
                    at_layer(layer, &e.path),
                    format!(
                        "history file `/{}` ({}) ships the commands typed in an interactive session",
                        e.path,
                        human_size(e.size)
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{findings, image, layer, locations};

    #[test]
    fn fires_on_non_empty_histories() {
        let img = image(
            "{}",
            vec![
                layer()
                    .file("root/.bash_history", 0o600, b"mysql -uroot -psecret\n")
                    .file("home/app/.python_history", 0o600, b"import os\n"),
                layer().file("root/.local/share/fish/fish_history", 0o600, b"- cmd: ls\n"),
            ],
        );
        assert_eq!(
            locations(&ShellHistory, &img),
            [
                "layer 1: /home/app/.python_history",
                "layer 1: /root/.bash_history",
                "layer 2: /root/.local/share/fish/fish_history",
            ]
        );
        let f = findings(&ShellHistory, &img);
        assert_eq!(
            f[1].message,
            "history file `/root/.bash_history` (22 B) ships the commands typed in an interactive session"
        );
    }

    #[test]
    fn quiet_on_empty_deleted_and_unrelated_files() {
        let img = image(
            "{}",
            vec![
                layer()
                    .file("etc/skel/.bash_history", 0o600, b"")
                    .file("root/.lesshst", 0o600, b".less-history-file:\n")
                    .file("root/.bashrc", 0o644, b"alias ll='ls -l'\n")
                    .file("usr/share/doc/x/.history", 0o644, b"x")
                    .symlink("home/app/.bash_history", "/dev/null")
                    .file("root/.zsh_history", 0o600, b"ls\n"),
                layer().whiteout("root/.zsh_history"),
            ],
        );
        assert!(locations(&ShellHistory, &img).is_empty());
    }
}
