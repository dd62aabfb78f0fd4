//! HG300: a setuid or setgid file that is not one of the usual system ones.

use crate::image::rules::common::{at_layer, visible};
use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::image::tar::EntryKind;
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};
use crate::rules::support::secrets::glob_match;

/// See [`META`].
pub(crate) struct SetuidFile;

static META: RuleMeta = RuleMeta {
    code: "HG300",
    name: "setuid-file",
    severity: Severity::Warning,
    category: Category::Privileges,
    sources: &["dockle:CIS-DI-0008"],
    default_enabled: true,
    help: "Remove the bit (`RUN chmod u-s,g-s /path`, or `find / -xdev -perm /6000 -type f -exec chmod a-s {} +` for all of them) or the program; if the program really must raise privileges, list it in `allowed-setuid-files` in `.hullguard.toml`. Running with `--security-opt no-new-privileges` also neutralises setuid binaries.",
    docs: RuleDocs {
        what: "Flags files of the final image with the setuid or setgid bit, except the distributions' own account and mount helpers in the system directories (`passwd`, `su`, `mount`, `umount`, `chsh`, `chfn`, `gpasswd`, `newgrp`, `chage`, `expiry`, `unix_chkpwd`, `ssh-agent`, `ssh-keysign`, `wall`, `write`, `crontab`, `at`, `dbus-daemon-launch-helper`, `pam_timestamp_check`, `utempter`, `fusermount`, `newuidmap`, `newgidmap`, `ping`, Alpine's `bbsuid`, …) and files matching the `allowed-setuid-files` setting (paths or `*` patterns, with or without the leading `/`). `sudo`, `doas` and `pkexec` are always reported: they exist to hand out root. dockle reports every such file.",
        why: "Docker's guide asks for least privilege. A setuid program runs with its owner's rights — usually root — whoever starts it, so any flaw in it (or in how it was installed) turns a compromised unprivileged process in the container into root. Programs an application adds with the bit deserve a look; the usual distribution ones are expected.",
        bad: "image with /usr/local/bin/backup owned by root, mode 4755",
        good: "image whose only setuid files are /usr/bin/passwd and /usr/bin/su (mode 4755)",
    },
};

/// The usual setuid/setgid programs of Debian, Ubuntu, Alpine and the
/// Red Hat family, accepted in the system directories only.
const USUAL: &[&str] = &[
    "passwd",
    "su",
    "mount",
    "umount",
    "chsh",
    "chfn",
    "gpasswd",
    "newgrp",
    "sg",
    "chage",
    "expiry",
    "unix_chkpwd",
    "ssh-agent",
    "ssh-keysign",
    "wall",
    "write",
    "write.ul",
    "bsd-write",
    "crontab",
    "at",
    "dbus-daemon-launch-helper",
    "pam_timestamp_check",
    "utempter",
    "userhelper",
    "fusermount",
    "fusermount3",
    "newuidmap",
    "newgidmap",
    "ping",
    "ping6",
    "traceroute6.iputils",
    "bbsuid",
    "dmcrypt-get-device",
    "polkit-agent-helper-1",
];

/// Whether `dir` is a system program directory.
fn is_system_dir(dir: &str) -> bool {
    matches!(
        dir,
        "bin" | "sbin" | "usr/bin" | "usr/sbin" | "usr/lib" | "usr/libexec"
    ) || ["usr/lib/", "usr/libexec/", "usr/lib64/", "lib/"]
        .iter()
        .any(|p| dir.starts_with(p))
}

/// Whether the setuid/setgid file at `path` is expected.
fn is_allowed(path: &str, allowed: &[String]) -> bool {
    let (dir, base) = path.rsplit_once('/').unwrap_or(("", path));
    if USUAL.contains(&base) && is_system_dir(dir) {
        return true;
    }
    let rooted = format!("/{path}");
    allowed
        .iter()
        .any(|p| glob_match(p, &rooted) || glob_match(p, path))
}

impl ImageRule for SetuidFile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        for (layer, e) in visible(cx.image) {
            if !matches!(e.kind, EntryKind::File | EntryKind::Hardlink) || e.mode & 0o6000 == 0 {
                continue;
            }
            if is_allowed(&e.path, &cx.settings.allowed_setuid_files) {
                continue;
            }
            let mut bits = Vec::new();
            if e.mode & 0o4000 != 0 {
                bits.push(match e.uid {
                    0 => "setuid root".to_owned(),
                    uid => format!("setuid to uid {uid}"),
                });
            }
            if e.mode & 0o2000 != 0 {
                bits.push(match e.gid {
                    0 => "setgid root".to_owned(),
                    gid => format!("setgid to gid {gid}"),
                });
            }
            out.push(ImageFinding::new(
                at_layer(layer, &e.path),
                format!(
                    "`/{}` is {} (mode {:04o})",
                    e.path,
                    bits.join(" and "),
                    e.mode & 0o7777
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{findings, findings_with, image, layer, locations};
    use crate::lint::RuleSettings;

    #[test]
    fn fires_on_unusual_setuid_and_setgid_files() {
        let img = image(
            "{}",
            vec![
                layer()
                    .file("usr/bin/passwd", 0o4755, b"elf")
                    .file("usr/local/bin/backup", 0o4755, b"elf")
                    .hardlink("usr/local/bin/backup2", 0o4755, "usr/local/bin/backup")
                    .file("usr/bin/sudo", 0o4755, b"elf")
                    .file("opt/app/helper", 0o2755, b"elf")
                    .owner(1000, 50),
                layer().file("usr/local/bin/su", 0o6755, b"elf"),
            ],
        );
        assert_eq!(
            locations(&SetuidFile, &img),
            [
                "layer 1: /opt/app/helper",
                "layer 1: /usr/bin/sudo",
                "layer 1: /usr/local/bin/backup",
                "layer 1: /usr/local/bin/backup2",
                "layer 2: /usr/local/bin/su",
            ]
        );
        let f = findings(&SetuidFile, &img);
        assert_eq!(
            f[2].message,
            "`/usr/local/bin/backup` is setuid root (mode 4755)"
        );
        assert_eq!(
            f[0].message,
            "`/opt/app/helper` is setgid to gid 50 (mode 2755)"
        );
        assert_eq!(
            f[4].message,
            "`/usr/local/bin/su` is setuid root and setgid root (mode 6755)"
        );
        // A file made setuid by a later layer counts where it now comes from.
        let img = image(
            "{}",
            vec![
                layer().file("app/tool", 0o755, b"elf"),
                layer().file("app/tool", 0o4755, b"elf"),
            ],
        );
        assert_eq!(locations(&SetuidFile, &img), ["layer 2: /app/tool"]);
    }

    #[test]
    fn quiet_on_system_helpers_allowed_files_and_plain_files() {
        let img = image(
            "{}",
            vec![
                layer()
                    .file("usr/bin/passwd", 0o4755, b"elf")
                    .file("bin/su", 0o4755, b"elf")
                    .file("usr/bin/chage", 0o2755, b"elf")
                    .file("usr/lib/openssh/ssh-keysign", 0o4755, b"elf")
                    .file("usr/lib/dbus-1.0/dbus-daemon-launch-helper", 0o4754, b"elf")
                    .file("sbin/unix_chkpwd", 0o2755, b"elf")
                    .file("usr/local/bin/app", 0o755, b"elf")
                    .dir("var/mail", 0o2775)
                    .symlink("usr/bin/sudo", "/opt/sudo"),
            ],
        );
        assert!(locations(&SetuidFile, &img).is_empty());
        let img = image(
            "{}",
            vec![layer().file("usr/bin/sudo", 0o4755, b"elf").file(
                "opt/app/bin/helper",
                0o4755,
                b"elf",
            )],
        );
        let settings = RuleSettings {
            allowed_setuid_files: vec!["/usr/bin/sudo".into(), "opt/app/bin/*".into()],
            ..RuleSettings::default()
        };
        assert!(findings_with(&SetuidFile, &img, &settings).is_empty());
    }
}
