//! HG307: the configured USER is a name the image's `/etc/passwd` does not
//! know, so the container cannot start.

use crate::image::rules::common::{MAX_HOPS, filesystem, read_text};
use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};

use super::accounts::accounts;

/// See [`META`].
pub(crate) struct UnknownUser;

static META: RuleMeta = RuleMeta {
    code: "HG307",
    name: "unknown-image-user",
    severity: Severity::Warning,
    category: Category::Correctness,
    sources: &[],
    default_enabled: true,
    help: "Create the user in the image (`RUN useradd --system --uid 10001 app`, or `adduser -D -u 10001 app` on Alpine) before `USER app`, or use numeric ids (`USER 10001:10001`), which need no /etc/passwd.",
    docs: RuleDocs {
        what: "Flags an image whose `User` is a name (`app`, or `app:staff`) that `/etc/passwd` (or, for the group part, `/etc/group`) does not list, including images with no `/etc/passwd` at all — typical of `scratch` and distroless images given a name instead of a number. Numeric ids are always accepted. Images read without their layers are not checked.",
        why: "Docker's guide recommends running as a non-root user; the name has to resolve for that to work. The runtime looks the name up in the image's own files when the container starts and refuses to start it when the name is missing (`unable to find user app: no matching entries in passwd file`), so the image cannot run at all.",
        bad: "image with config `\"User\": \"app\"` and no `app` line in /etc/passwd",
        good: "image with config `\"User\": \"10001:10001\"`, or `\"User\": \"app\"` and `app:x:10001:10001::/app:/sbin/nologin` in /etc/passwd",
    },
};

/// Whether a `User` part is numeric (a raw id, no lookup).
fn is_numeric(part: &str) -> bool {
    !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit())
}

/// Whether the account database at `path` names `name`; `None` when the
/// file exists but its content was not kept (too large).
fn lists(cx: &ImageContext<'_>, path: &str, name: &str) -> Option<bool> {
    match read_text(cx.image, path) {
        Some(f) => Some(accounts(&f.text).iter().any(|a| a.name == name)),
        None => {
            let exists = filesystem(cx.image)
                .and_then(|fs| fs.resolve(&cx.image.layers, path, MAX_HOPS))
                .is_some();
            (!exists).then_some(false)
        }
    }
}

impl ImageRule for UnknownUser {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        if filesystem(cx.image).is_none() {
            return;
        }
        let Some(user) = cx.image.config.user.as_deref().map(str::trim) else {
            return;
        };
        let (name, group) = match user.split_once(':') {
            Some((n, g)) => (n, Some(g)),
            None => (user, None),
        };
        if !name.is_empty() && !is_numeric(name) && lists(cx, "etc/passwd", name) == Some(false) {
            out.push(ImageFinding::new(
                "config.User",
                format!(
                    "the image runs as user `{name}`, which /etc/passwd does not list: the container will not start"
                ),
            ));
        }
        if let Some(g) = group
            && !g.is_empty()
            && !is_numeric(g)
            && lists(cx, "etc/group", g) == Some(false)
        {
            out.push(ImageFinding::new(
                "config.User",
                format!(
                    "the image runs with group `{g}`, which /etc/group does not list: the container will not start"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{findings, image, layer, locations};

    const PASSWD: &[u8] = b"root:x:0:0::/root:/bin/sh\napp:x:10001:10001::/app:/sbin/nologin\n";
    const GROUP: &[u8] = b"root:x:0:\napp:x:10001:\n";

    fn with_user(user: &str, files: bool) -> crate::image::Image {
        let l = if files {
            layer()
                .file("etc/passwd", 0o644, PASSWD)
                .file("etc/group", 0o644, GROUP)
        } else {
            layer().file("app/server", 0o755, b"elf")
        };
        image(&format!("{{\"config\": {{\"User\": {user:?}}}}}"), vec![l])
    }

    #[test]
    fn fires_on_unknown_names() {
        assert_eq!(
            locations(&UnknownUser, &with_user("web", true)),
            ["config.User"]
        );
        let f = findings(&UnknownUser, &with_user("app:staff", true));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("group `staff`"), "{}", f[0].message);
        // Distroless or scratch: no /etc/passwd to look the name up in.
        let f = findings(&UnknownUser, &with_user("nonroot", false));
        assert_eq!(
            f[0].message,
            "the image runs as user `nonroot`, which /etc/passwd does not list: the container will not start"
        );
        assert_eq!(
            findings(&UnknownUser, &with_user("app:app", false)).len(),
            2
        );
    }

    #[test]
    fn quiet_on_known_names_numbers_and_config_only_images() {
        for user in [
            "app",
            "app:app",
            "root",
            "10001",
            "10001:10001",
            "app:10001",
            "",
        ] {
            assert!(
                locations(&UnknownUser, &with_user(user, true)).is_empty(),
                "{user}"
            );
        }
        assert!(locations(&UnknownUser, &with_user("65532:65532", false)).is_empty());
        // Read from a bare config or `docker inspect`: no files to judge.
        let mut img = with_user("web", false);
        img.filesystem = None;
        assert!(locations(&UnknownUser, &img).is_empty());
        // An /etc/passwd too large to have been kept: not judged.
        let img = image(
            r#"{"config": {"User": "web"}}"#,
            vec![layer().sized("etc/passwd", 0o644, 8 << 20)],
        );
        assert!(locations(&UnknownUser, &img).is_empty());
    }
}
