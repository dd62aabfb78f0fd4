//! HG305: an account with an empty password.

use crate::image::rules::common::{at_layer, read_text};
use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};

use super::accounts::accounts;

/// See [`META`].
pub(crate) struct EmptyPassword;

static META: RuleMeta = RuleMeta {
    code: "HG305",
    name: "empty-password",
    severity: Severity::Error,
    category: Category::Privileges,
    sources: &["dockle:DKL-LI-0001"],
    default_enabled: true,
    help: "Lock the account instead: `RUN passwd -l NAME` (or `usermod -p '*' NAME`), so no password can log in; create users with `useradd`/`adduser -D`, which lock them by default.",
    docs: RuleDocs {
        what: "Flags accounts whose password field is empty in `/etc/shadow`, or in `/etc/passwd` itself (an empty second field there means no password, without consulting the shadow file). Locked and shadowed fields (`*`, `!`, `!!`, `!*`, `x`) are fine.",
        why: "Docker's guide asks for least privilege. An empty password lets anyone log in as that account without one: `su` from any unprivileged process in the container becomes that user — root, for Alpine's images affected by CVE-2019-5021, whose root password was empty.",
        bad: "image whose /etc/shadow has `root::19000:0:99999:7:::`",
        good: "image whose /etc/shadow has `root:*:19000:0:99999:7:::`",
    },
};

impl ImageRule for EmptyPassword {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        for file in ["etc/shadow", "etc/passwd"] {
            let Some(f) = read_text(cx.image, file) else {
                continue;
            };
            for a in accounts(&f.text) {
                if a.password.trim().is_empty() {
                    out.push(ImageFinding::new(
                        at_layer(f.layer, f.path),
                        format!(
                            "account `{}` has an empty password in /{file}: anyone can log in as it",
                            a.name
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
    use crate::image::rules::testing::{findings, image, layer, locations};

    #[test]
    fn fires_on_empty_password_fields() {
        let img = image(
            "{}",
            vec![
                layer()
                    .file(
                        "etc/passwd",
                        0o644,
                        b"root:x:0:0:root:/root:/bin/sh\nguest::1001:1001::/home/guest:/bin/sh\n",
                    )
                    .file("etc/shadow", 0o640, b"root:*:19000:0:99999:7:::\n"),
                layer().file("etc/shadow", 0o640, b"root::0:::::\napp:!:19000::::::\n"),
            ],
        );
        assert_eq!(
            locations(&EmptyPassword, &img),
            ["layer 2: /etc/shadow", "layer 1: /etc/passwd"]
        );
        let f = findings(&EmptyPassword, &img);
        assert_eq!(
            f[0].message,
            "account `root` has an empty password in /etc/shadow: anyone can log in as it"
        );
    }

    #[test]
    fn quiet_on_locked_and_hashed_passwords() {
        let img = image(
            "{}",
            vec![layer()
                .file(
                    "etc/shadow",
                    0o640,
                    b"root:*:19000:0:99999:7:::\nbin:!:19000::::::\ndaemon:!!:19000::::::\nnobody:!*:1::::::\napp:$6$salt$hash:19000:0:99999:7:::\n",
                )
                .file("etc/passwd", 0o644, b"root:x:0:0:root:/root:/bin/sh\n")],
        );
        assert!(locations(&EmptyPassword, &img).is_empty());
        // No account files at all: nothing to say.
        assert!(locations(&EmptyPassword, &image("{}", vec![])).is_empty());
    }
}
