//! The layers stacked: whiteouts and opaque directories applied in order to
//! give the filesystem a container sees, while remembering what each layer
//! added that is no longer visible (wasted bytes, and secrets that still ship
//! in a lower layer although `ls` does not show them).

use std::collections::BTreeMap;

use super::capture::CaptureReason;
use super::layer::{Captured, FileEntry, LayerRecord};
use super::tar::EntryKind;

/// Where a visible path comes from: `(layer index, entry index)`.
pub type EntryRef = (usize, usize);

/// A file a layer added that a later layer deleted or replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shadowed {
    /// The path.
    pub path: String,
    /// The layer that added it.
    pub layer: usize,
    /// Its size.
    pub size: u64,
    /// The layer that hid it.
    pub hidden_by: usize,
    /// Deleted (whiteout, opaque dir) rather than overwritten.
    pub deleted: bool,
}

/// The final filesystem of an image.
#[derive(Debug, Clone, Default)]
pub struct FileSystem {
    visible: BTreeMap<String, EntryRef>,
    /// Files hidden by later layers, in the order they were hidden.
    pub shadowed: Vec<Shadowed>,
}

/// Wasted space, as dive reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Efficiency {
    /// Bytes of regular files in all layers.
    pub total_bytes: u64,
    /// Bytes of files that are hidden in the final image.
    pub wasted_bytes: u64,
    /// Wasted bytes per layer that added them.
    pub wasted_by_layer: Vec<u64>,
    /// `1 - wasted / total` (1.0 for an empty image).
    pub score: f64,
}

impl FileSystem {
    /// Stack `layers` (bottom first).
    pub fn build(layers: &[LayerRecord]) -> FileSystem {
        let mut fs = FileSystem::default();
        for layer in layers {
            for dir in &layer.opaque_dirs {
                fs.remove_children(layers, dir, layer.index);
            }
            for path in &layer.whiteouts {
                fs.remove(layers, path, layer.index, true);
                fs.remove_children(layers, path, layer.index);
            }
            for (i, e) in layer.entries.iter().enumerate() {
                if let Some(&(l, j)) = fs.visible.get(&e.path) {
                    let old_is_dir =
                        entry(layers, (l, j)).is_some_and(|o| o.kind == EntryKind::Dir);
                    if old_is_dir && e.kind != EntryKind::Dir {
                        fs.remove_children(layers, &e.path, layer.index);
                    }
                    if !old_is_dir && l != layer.index {
                        fs.remove(layers, &e.path, layer.index, false);
                    }
                }
                fs.visible.insert(e.path.clone(), (layer.index, i));
            }
        }
        fs
    }

    fn remove(&mut self, layers: &[LayerRecord], path: &str, by: usize, deleted: bool) {
        if let Some(r) = self.visible.remove(path) {
            self.note_hidden(layers, path, r, by, deleted);
        }
    }

    fn remove_children(&mut self, layers: &[LayerRecord], dir: &str, by: usize) {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let doomed: Vec<(String, EntryRef)> = self
            .visible
            .range(prefix.clone()..)
            .take_while(|(p, _)| p.starts_with(&prefix))
            .filter(|(_, r)| r.0 != by)
            .map(|(p, r)| (p.clone(), *r))
            .collect();
        for (p, r) in doomed {
            self.visible.remove(&p);
            self.note_hidden(layers, &p, r, by, true);
        }
    }

    fn note_hidden(
        &mut self,
        layers: &[LayerRecord],
        path: &str,
        r: EntryRef,
        by: usize,
        deleted: bool,
    ) {
        if let Some(e) = entry(layers, r)
            && e.kind == EntryKind::File
        {
            self.shadowed.push(Shadowed {
                path: path.to_owned(),
                layer: r.0,
                size: e.size,
                hidden_by: by,
                deleted,
            });
        }
    }

    /// Every visible path with where it comes from, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, EntryRef)> {
        self.visible.iter().map(|(p, r)| (p.as_str(), *r))
    }

    /// Number of visible entries.
    pub fn len(&self) -> usize {
        self.visible.len()
    }

    /// Whether nothing is visible.
    pub fn is_empty(&self) -> bool {
        self.visible.is_empty()
    }

    /// Where `path` comes from, if it is visible (no symlinks followed).
    pub fn get(&self, path: &str) -> Option<EntryRef> {
        self.visible.get(path.trim_start_matches('/')).copied()
    }

    /// Whether `path` is visible.
    pub fn contains(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// Follow symlinks (relative or absolute, at most `max_hops`) and hard
    /// links to the entry that holds `path`'s content. `None` when missing,
    /// dangling, or a loop.
    pub fn resolve(&self, layers: &[LayerRecord], path: &str, max_hops: usize) -> Option<EntryRef> {
        let mut current = path.trim_start_matches('/').to_owned();
        for _ in 0..=max_hops {
            let r = self.resolve_dirs(layers, &current, max_hops)?;
            let e = entry(layers, r)?;
            match (&e.kind, &e.link) {
                (EntryKind::Symlink, Some(target)) => {
                    let dir = current.rsplit_once('/').map_or("", |(d, _)| d);
                    current = join_link(dir, target);
                }
                (EntryKind::Hardlink, Some(target)) => current = target.clone(),
                _ => return Some(r),
            }
        }
        None
    }

    /// The entry for `path` with symlinked parent directories followed.
    fn resolve_dirs(
        &self,
        layers: &[LayerRecord],
        path: &str,
        max_hops: usize,
    ) -> Option<EntryRef> {
        if let Some(r) = self.get(path) {
            return Some(r);
        }
        let (dir, base) = path.rsplit_once('/')?;
        let dir_ref = self.resolve(layers, dir, max_hops.checked_sub(1)?)?;
        let dir_path = &entry(layers, dir_ref)?.path;
        if dir_path == dir {
            return None;
        }
        self.get(&format!("{dir_path}/{base}"))
    }

    /// The kept content of `path` in the final image, following links.
    pub fn read<'a>(
        &self,
        layers: &'a [LayerRecord],
        path: &str,
        max_hops: usize,
    ) -> Option<&'a Captured> {
        let (l, j) = self.resolve(layers, path, max_hops)?;
        let layer = layers.get(l)?;
        let e = layer.entries.get(j)?;
        layer.captured.get(&e.path)
    }

    /// Wasted bytes and the efficiency score.
    pub fn efficiency(&self, layers: &[LayerRecord]) -> Efficiency {
        let total_bytes: u64 = layers
            .iter()
            .flat_map(|l| &l.entries)
            .filter(|e| e.kind == EntryKind::File)
            .map(|e| e.size)
            .sum();
        let mut wasted_by_layer = vec![0u64; layers.len()];
        for s in &self.shadowed {
            if let Some(w) = wasted_by_layer.get_mut(s.layer) {
                *w += s.size;
            }
        }
        let wasted_bytes: u64 = wasted_by_layer.iter().sum();
        let score = if total_bytes == 0 {
            1.0
        } else {
            1.0 - wasted_bytes as f64 / total_bytes as f64
        };
        Efficiency {
            total_bytes,
            wasted_bytes,
            wasted_by_layer,
            score,
        }
    }

    /// Kept secret candidates that are hidden in the final image but still
    /// stored in a lower layer: `(layer, path)`.
    pub fn hidden_secrets<'a>(
        &self,
        layers: &'a [LayerRecord],
    ) -> Vec<(usize, &'a str, &'a Captured)> {
        let mut out = Vec::new();
        for layer in layers {
            for (path, c) in &layer.captured {
                if c.reason != CaptureReason::SecretCandidate {
                    continue;
                }
                let visible_here = self.get(path).is_some_and(|(l, _)| l == layer.index);
                if !visible_here {
                    out.push((layer.index, path.as_str(), c));
                }
            }
        }
        out
    }
}

/// The entry a reference points at.
pub fn entry(layers: &[LayerRecord], (l, j): EntryRef) -> Option<&FileEntry> {
    layers.get(l)?.entries.get(j)
}

/// Resolve a symlink `target` found in directory `dir`, clamping `..` at the root.
pub(crate) fn join_link(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for p in target.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, size: u64) -> FileEntry {
        FileEntry {
            path: path.into(),
            kind: EntryKind::File,
            mode: 0o644,
            uid: 0,
            gid: 0,
            size,
            link: None,
        }
    }

    fn dir(path: &str) -> FileEntry {
        FileEntry {
            kind: EntryKind::Dir,
            mode: 0o755,
            size: 0,
            ..file(path, 0)
        }
    }

    fn link(path: &str, target: &str) -> FileEntry {
        FileEntry {
            kind: EntryKind::Symlink,
            link: Some(target.into()),
            ..file(path, 0)
        }
    }

    fn layer(index: usize, entries: Vec<FileEntry>) -> LayerRecord {
        LayerRecord {
            index,
            entries,
            ..LayerRecord::default()
        }
    }

    #[test]
    fn whiteouts_and_opaque_dirs_give_the_same_view() {
        let base = layer(
            0,
            vec![dir("a"), file("a/x", 10), file("a/y", 5), file("b", 7)],
        );
        let mut explicit = layer(1, vec![file("a/z", 1)]);
        explicit.whiteouts = vec!["a/x".into(), "a/y".into()];
        let mut opaque = layer(1, vec![file("a/z", 1)]);
        opaque.opaque_dirs = vec!["a".into()];
        let a = FileSystem::build(&[base.clone(), explicit]);
        let b = FileSystem::build(&[base, opaque]);
        let paths = |fs: &FileSystem| fs.iter().map(|(p, _)| p.to_owned()).collect::<Vec<_>>();
        assert_eq!(paths(&a), ["a", "a/z", "b"]);
        assert_eq!(paths(&a), paths(&b));
        assert_eq!(a.shadowed.len(), 2);
        assert!(a.shadowed.iter().all(|s| s.deleted && s.hidden_by == 1));
    }

    #[test]
    fn a_whiteout_never_hides_its_own_layer() {
        let base = layer(0, vec![file("f", 3)]);
        let mut top = layer(1, vec![dir("d"), file("d/keep", 2)]);
        top.whiteouts = vec!["f".into()];
        top.opaque_dirs = vec!["d".into()];
        let fs = FileSystem::build(&[base, top]);
        assert!(fs.contains("d/keep"));
        assert!(!fs.contains("f"));
    }

    #[test]
    fn overwrites_are_waste_and_links_resolve() {
        let base = layer(
            0,
            vec![
                dir("etc"),
                dir("usr/lib"),
                file("usr/lib/os-release", 10),
                link("etc/os-release", "../usr/lib/os-release"),
                file("big", 100),
                link("loop1", "loop2"),
                link("loop2", "loop1"),
            ],
        );
        let top = layer(1, vec![file("big", 100)]);
        let layers = [base, top];
        let fs = FileSystem::build(&layers);
        let eff = fs.efficiency(&layers);
        assert_eq!(eff.total_bytes, 210);
        assert_eq!(eff.wasted_bytes, 100);
        assert_eq!(eff.wasted_by_layer, vec![100, 0]);
        assert_eq!(fs.resolve(&layers, "etc/os-release", 40), Some((0, 2)));
        assert_eq!(fs.resolve(&layers, "/etc/os-release", 40), Some((0, 2)));
        assert_eq!(fs.resolve(&layers, "loop1", 40), None);
        assert_eq!(join_link("a/b", "../../../x"), "x");
    }
}
