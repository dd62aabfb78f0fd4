//! HG308: package-manager caches left in the final image.

use std::collections::BTreeMap;

use crate::image::rules::common::{at_layer, human_size, visible};
use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::image::tar::EntryKind;
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};

/// See [`META`].
pub(crate) struct PackageCache;

/// Caches smaller than this are left alone: package managers keep a few
/// small bookkeeping files even after cleaning.
const MIN_BYTES: u64 = 100 * 1024;

static META: RuleMeta = RuleMeta {
    code: "HG308",
    name: "package-cache-in-image",
    severity: Severity::Info,
    category: Category::Packages,
    sources: &[
        "dockle:DKL-DI-0005",
        "trivy:DS-0015",
        "trivy:DS-0019",
        "trivy:DS-0020",
        "trivy:DS-0027",
    ],
    default_enabled: true,
    help: "Clean the cache in the same RUN that fills it (`rm -rf /var/lib/apt/lists/*`, `apk add --no-cache`, `pip install --no-cache-dir`, `npm ci && npm cache clean --force`, `dnf clean all`), or keep it out of the image with a cache mount (`RUN --mount=type=cache,target=/root/.cache/pip …`).",
    docs: RuleDocs {
        what: "Flags package-manager caches in the final image, one finding per cache with its file count and size: apt's package lists (`/var/lib/apt/lists`, not `lock` or `partial/`) and downloaded `.deb` archives and `.bin` caches (`/var/cache/apt`), `/var/cache/apk`, `/var/cache/yum`, `/var/cache/dnf`, `/var/cache/zypp`, pip's (`.cache/pip`), npm's (`.npm/_cacache`) and yarn's (`.cache/yarn`, `/usr/local/share/.cache/yarn`) caches in `/root` and `/home/*`. Caches under 100 KiB are ignored (cleaned managers keep small bookkeeping files). Checked on the image as built, so it also catches caches the Dockerfile rules cannot see (a base image's, a script's).",
        why: "Docker's guide says to clean up package caches in the same layer and install only what is needed. A cache is never used at run time: it only makes the image bigger to store, pull and scan, and stale package lists mislead later `apt-get install` steps.",
        bad: "image with 40 MiB of /var/lib/apt/lists/*_Packages files",
        good: "image with an empty /var/lib/apt/lists (only `lock` and `partial/`)",
    },
};

/// Caches in a home directory, by path below it.
const HOME_CACHES: &[(&str, &str)] = &[
    (".cache/pip", "pip cache"),
    (".npm/_cacache", "npm cache"),
    (".cache/yarn", "yarn cache"),
];

/// The cache a file belongs to: its directory and what it is.
fn cache_of(path: &str) -> Option<(String, &'static str)> {
    if let Some(rest) = path.strip_prefix("var/lib/apt/lists/") {
        return (rest != "lock" && !rest.starts_with("partial/"))
            .then(|| ("var/lib/apt/lists".to_owned(), "apt package lists"));
    }
    if let Some(rest) = path.strip_prefix("var/cache/apt/") {
        let archive = rest.starts_with("archives/") && rest.ends_with(".deb");
        let bin = !rest.contains('/') && rest.ends_with(".bin");
        return (archive || bin).then(|| ("var/cache/apt".to_owned(), "apt package cache"));
    }
    for (dir, what) in [
        ("var/cache/apk", "apk package cache"),
        ("var/cache/yum", "yum package cache"),
        ("var/cache/dnf", "dnf package cache"),
        ("var/cache/zypp", "zypper package cache"),
        ("usr/local/share/.cache/yarn", "yarn cache"),
    ] {
        if path.strip_prefix(dir).is_some_and(|r| r.starts_with('/')) {
            return Some((dir.to_owned(), what));
        }
    }
    let home_len = if path.starts_with("root/") {
        5
    } else if let Some(rest) = path.strip_prefix("home/") {
        5 + rest.find('/')? + 1
    } else {
        return None;
    };
    let (home, rest) = (path.get(..home_len)?, path.get(home_len..)?);
    HOME_CACHES.iter().find_map(|(dir, what)| {
        rest.strip_prefix(dir)
            .is_some_and(|r| r.starts_with('/'))
            .then(|| (format!("{home}{dir}"), *what))
    })
}

#[derive(Default)]
struct Cache {
    what: &'static str,
    files: usize,
    bytes: u64,
    by_layer: BTreeMap<usize, u64>,
}

impl ImageRule for PackageCache {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let mut caches: BTreeMap<String, Cache> = BTreeMap::new();
        for (layer, e) in visible(cx.image) {
            if e.kind != EntryKind::File {
                continue;
            }
            let Some((dir, what)) = cache_of(&e.path) else {
                continue;
            };
            let c = caches.entry(dir).or_default();
            c.what = what;
            c.files += 1;
            c.bytes += e.size;
            *c.by_layer.entry(layer).or_default() += e.size;
        }
        for (dir, c) in caches {
            if c.bytes < MIN_BYTES {
                continue;
            }
            // Reported at the layer that put most of it there.
            let layer = c
                .by_layer
                .iter()
                .max_by_key(|(l, b)| (**b, std::cmp::Reverse(**l)))
                .map_or(0, |(l, _)| *l);
            let s = if c.files == 1 { "" } else { "s" };
            let mut message = format!(
                "{} left in the image: {} file{s}, {}",
                c.what,
                c.files,
                human_size(c.bytes)
            );
            if c.by_layer.len() > 1 {
                let layers: Vec<String> = c.by_layer.keys().map(|l| (l + 1).to_string()).collect();
                message.push_str(&format!(" (from layers {})", layers.join(", ")));
            }
            out.push(ImageFinding::new(at_layer(layer, &dir), message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{findings, image, layer, locations};

    #[test]
    fn fires_once_per_cache() {
        let img = image(
            "{}",
            vec![
                layer()
                    .sized("var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4", 0o644, 9 << 20)
                    .sized("var/lib/apt/lists/lock", 0o640, 0)
                    .sized("var/cache/apt/archives/curl_8.5.0_amd64.deb", 0o644, 300 << 10)
                    .sized("var/cache/apt/pkgcache.bin", 0o644, 30 << 20),
                layer()
                    .sized("var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease", 0o644, 150 << 10)
                    .sized("root/.cache/pip/http-v2/a/b/c", 0o644, 2 << 20)
                    .sized("home/app/.npm/_cacache/content-v2/sha512/ab/cd", 0o644, 1 << 20)
                    .sized("var/cache/apk/APKINDEX.7c1f02d6.tar.gz", 0o644, 700 << 10)
                    .sized("usr/local/share/.cache/yarn/v6/npm-x/index.js", 0o644, 200 << 10),
            ],
        );
        assert_eq!(
            locations(&PackageCache, &img),
            [
                "layer 2: /home/app/.npm/_cacache",
                "layer 2: /root/.cache/pip",
                "layer 2: /usr/local/share/.cache/yarn",
                "layer 2: /var/cache/apk",
                "layer 1: /var/cache/apt",
                "layer 1: /var/lib/apt/lists",
            ]
        );
        let f = findings(&PackageCache, &img);
        assert_eq!(
            f[5].message,
            "apt package lists left in the image: 2 files, 9.1 MiB (from layers 1, 2)"
        );
        assert_eq!(f[1].message, "pip cache left in the image: 1 file, 2.0 MiB");
    }

    #[test]
    fn quiet_on_clean_and_tiny_caches() {
        let img = image(
            "{}",
            vec![
                layer()
                    .dir("var/lib/apt/lists/partial", 0o700)
                    .sized("var/lib/apt/lists/lock", 0o640, 0)
                    .sized("var/lib/apt/lists/partial/x_Packages", 0o644, 5 << 20)
                    .sized("var/cache/apt/archives/lock", 0o640, 0)
                    .sized("var/cache/dnf/expired_repos.json", 0o644, 2)
                    .sized("root/.cache/pip-tools/x", 0o644, 5 << 20)
                    .sized("var/cache/apk-extra/x", 0o644, 5 << 20)
                    .sized("root/.npm/_logs/debug.log", 0o644, 5 << 20),
                layer().sized("root/.cache/pip/http/a", 0o644, 5 << 20),
                layer().whiteout("root/.cache/pip"),
            ],
        );
        assert!(locations(&PackageCache, &img).is_empty());
    }
}
