//! HG301: files and directories anyone may write to, outside the
//! temporary directories.

use std::collections::{BTreeMap, HashSet};

use crate::image::rules::common::{at_layer, is_under, visible};
use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::image::tar::EntryKind;
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};

/// See [`META`].
pub(crate) struct WorldWritable;

static META: RuleMeta = RuleMeta {
    code: "HG301",
    name: "world-writable-file",
    severity: Severity::Warning,
    category: Category::Privileges,
    sources: &[],
    default_enabled: true,
    help: "Give the files to the user that needs to write them (`COPY --chown=app:app`, `chown`) with mode 0644/0755, or `chmod o-w`; a directory every user must share needs the sticky bit (`chmod 1777`) as /tmp has.",
    docs: RuleDocs {
        what: "Flags regular files, and directories without the sticky bit, that are writable by every user (mode `o+w`, e.g. 0666 or 0777) in the final image, outside `/tmp`, `/var/tmp`, `/dev/shm`, `/run/lock` and `/var/lock`. Symlinks (always 0777) and device nodes are not flagged. A world-writable directory is reported once, with the number of world-writable entries below it, rather than once per file (a `chmod -R 777` would otherwise give thousands of findings).",
        why: "Docker's guide asks for least privilege and an unprivileged user. That only helps if the user cannot change what it runs: a world-writable program, library, configuration or application directory lets any process in the container — whatever user it runs as — replace code that a more privileged process (root, a cron job, the entrypoint on the next start) will run.",
        bad: "image with /app mode 0777 and /app/server.js mode 0666",
        good: "image with /app mode 0755 owned by app and /tmp mode 1777",
    },
};

/// Shared scratch directories, world-writable by design.
const SCRATCH: &[&str] = &["tmp", "var/tmp", "dev/shm", "run/lock", "var/lock"];

/// The nearest ancestor of `path` in `roots`.
fn reported_ancestor<'a>(path: &'a str, roots: &HashSet<&str>) -> Option<&'a str> {
    let mut at = path;
    while let Some((dir, _)) = at.rsplit_once('/') {
        if roots.contains(dir) {
            return Some(dir);
        }
        at = dir;
    }
    None
}

impl ImageRule for WorldWritable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        // Reported entries in path order, with the count of world-writable
        // entries found below each directory.
        let mut reported: BTreeMap<&str, (usize, u32, bool, usize)> = BTreeMap::new();
        let mut dirs: HashSet<&str> = HashSet::new();
        for (layer, e) in visible(cx.image) {
            let is_dir = e.kind == EntryKind::Dir;
            let counts = match e.kind {
                EntryKind::File | EntryKind::Hardlink => true,
                EntryKind::Dir => e.mode & 0o1000 == 0,
                _ => false,
            };
            if !counts || e.mode & 0o002 == 0 {
                continue;
            }
            if SCRATCH.iter().any(|s| is_under(&e.path, s)) {
                continue;
            }
            if let Some(root) = reported_ancestor(&e.path, &dirs) {
                if let Some(r) = reported.get_mut(root) {
                    r.3 += 1;
                }
                continue;
            }
            reported.insert(&e.path, (layer, e.mode, is_dir, 0));
            if is_dir {
                dirs.insert(&e.path);
            }
        }
        for (path, (layer, mode, is_dir, inside)) in reported {
            let what = if is_dir { "directory" } else { "file" };
            let mut message = format!(
                "{what} `/{path}` is writable by every user (mode {:04o})",
                mode & 0o7777
            );
            if inside > 0 {
                let s = if inside == 1 { "y" } else { "ies" };
                message.push_str(&format!(", and so are {inside} entr{s} inside it"));
            }
            out.push(ImageFinding::new(at_layer(layer, path), message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{findings, image, layer, locations};

    #[test]
    fn fires_on_world_writable_files_and_directories() {
        let img = image(
            "{}",
            vec![
                layer()
                    .dir("app", 0o777)
                    .file("app/server.js", 0o666, b"x")
                    .dir("app/data", 0o777)
                    .file("app/data/db", 0o666, b"x")
                    .file("app/readme", 0o644, b"x")
                    .file("etc/app.conf", 0o646, b"x"),
                layer().dir("srv/shared", 0o777),
            ],
        );
        assert_eq!(
            locations(&WorldWritable, &img),
            [
                "layer 1: /app",
                "layer 1: /etc/app.conf",
                "layer 2: /srv/shared"
            ]
        );
        let f = findings(&WorldWritable, &img);
        assert_eq!(
            f[0].message,
            "directory `/app` is writable by every user (mode 0777), and so are 3 entries inside it"
        );
        assert_eq!(
            f[1].message,
            "file `/etc/app.conf` is writable by every user (mode 0646)"
        );
    }

    #[test]
    fn quiet_on_scratch_dirs_sticky_dirs_links_and_private_files() {
        let img = image(
            "{}",
            vec![
                layer()
                    .dir("tmp", 0o1777)
                    .dir("tmp/cache", 0o777)
                    .file("tmp/cache/x", 0o666, b"x")
                    .dir("var/tmp", 0o1777)
                    .dir("run/lock", 0o777)
                    .dir("srv/drop", 0o1777)
                    .symlink("etc/localtime", "/usr/share/zoneinfo/UTC")
                    .file("app/server.js", 0o664, b"x")
                    .dir("tmpdata", 0o755),
            ],
        );
        assert!(locations(&WorldWritable, &img).is_empty());
    }
}
