//! HG306: accounts or groups that share a numeric id, and users other than
//! root with UID 0.

use std::collections::BTreeMap;

use crate::image::rules::common::{at_layer, read_text};
use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};

use super::accounts::accounts;

/// See [`META`].
pub(crate) struct DuplicateIds;

static META: RuleMeta = RuleMeta {
    code: "HG306",
    name: "duplicate-account-id",
    severity: Severity::Warning,
    category: Category::Privileges,
    sources: &["dockle:DKL-LI-0002"],
    default_enabled: true,
    help: "Give every user and group its own id (`useradd -u`, `groupadd -g` with an unused number, or let them choose); remove extra UID 0 accounts and use `USER root` explicitly where root is needed.",
    docs: RuleDocs {
        what: "Flags UIDs shared by several users in `/etc/passwd` and GIDs shared by several groups in `/etc/group` (one finding per id, naming the accounts), and reports any user other than `root` with UID 0 as a second root account.",
        why: "Docker's guide asks for a dedicated unprivileged user. The kernel knows only numbers: users that share a UID are the same user, with the same files and processes, so a name that looks unprivileged may not be — and an extra UID 0 account is root under another name, which hides it from reviews and from checks such as HG200.",
        bad: "image whose /etc/passwd has `root:x:0:0::/root:/bin/sh` and `toor:x:0:0::/root:/bin/sh`",
        good: "image whose /etc/passwd has `root:x:0:0::/root:/bin/sh` and `app:x:10001:10001::/app:/sbin/nologin`",
    },
};

impl ImageRule for DuplicateIds {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        for (file, what, id) in [("etc/passwd", "user", "UID"), ("etc/group", "group", "GID")] {
            let Some(f) = read_text(cx.image, file) else {
                continue;
            };
            let location = at_layer(f.layer, f.path);
            let mut by_id: BTreeMap<u64, Vec<&str>> = BTreeMap::new();
            for a in accounts(&f.text) {
                if let Some(n) = a.id {
                    let names = by_id.entry(n).or_default();
                    if !names.contains(&a.name) {
                        names.push(a.name);
                    }
                }
            }
            for (n, names) in by_id {
                if what == "user" && n == 0 {
                    for name in names.iter().filter(|name| **name != "root") {
                        out.push(ImageFinding::new(
                            location.clone(),
                            format!("user `{name}` has UID 0: it is root under another name"),
                        ));
                    }
                    continue;
                }
                if names.len() > 1 {
                    let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                    out.push(ImageFinding::new(
                        location.clone(),
                        format!("{id} {n} is shared by the {what}s {}", list.join(", ")),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{findings, image, layer};

    #[test]
    fn fires_on_shared_ids_and_extra_roots() {
        let img = image(
            "{}",
            vec![layer()
                .file(
                    "etc/passwd",
                    0o644,
                    b"root:x:0:0::/root:/bin/sh\ntoor:x:0:0::/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n",
                )
                .file("etc/group", 0o644, b"root:x:0:\napp:x:1000:\nnode:x:1000:\n")],
        );
        let f = findings(&DuplicateIds, &img);
        let got: Vec<(&str, &str)> = f
            .iter()
            .map(|x| (x.location.as_str(), x.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "layer 1: /etc/passwd",
                    "user `toor` has UID 0: it is root under another name"
                ),
                (
                    "layer 1: /etc/passwd",
                    "UID 1000 is shared by the users `app`, `node`"
                ),
                (
                    "layer 1: /etc/group",
                    "GID 1000 is shared by the groups `app`, `node`"
                ),
            ]
        );
    }

    #[test]
    fn quiet_on_distinct_ids() {
        let img = image(
            "{}",
            vec![layer()
                .file(
                    "etc/passwd",
                    0o644,
                    b"root:x:0:0::/root:/bin/sh\nbin:x:1:1::/bin:/sbin/nologin\nnobody:x:65534:65534::/:/sbin/nologin\n+::::::\n",
                )
                .file("etc/group", 0o644, b"root:x:0:\nbin:x:1:\nnogroup:x:65533:\nnobody:x:65534:\n")],
        );
        assert!(findings(&DuplicateIds, &img).is_empty());
    }
}
