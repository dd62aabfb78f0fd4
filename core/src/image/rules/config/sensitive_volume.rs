//! HG206: a VOLUME at a path that holds the host's or the system's secrets.

use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};

/// See [`META`].
pub(crate) struct SensitiveVolume;

static META: RuleMeta = RuleMeta {
    code: "HG206",
    name: "sensitive-image-volume",
    severity: Severity::Warning,
    category: Category::Privileges,
    sources: &["dockle:DKL-DI-0002"],
    default_enabled: true,
    help: "Remove the `VOLUME` and declare volumes only for the application's own data directories (`/var/lib/app`); if the container really needs the Docker socket or a host path, leave that to an explicit, reviewed `-v` at run time.",
    docs: RuleDocs {
        what: "Flags `VOLUME`s at `/`, `/boot`, `/dev`, `/etc`, `/proc`, `/root`, `/sys` (or below `/proc` and `/sys`), and the Docker socket `/var/run/docker.sock` or `/run/docker.sock`.",
        why: "Docker's guide asks for least privilege. A volume at one of these paths means the image expects the host's system directories or its Docker socket to be mounted in: access to the socket is root on the host, a mounted `/proc`, `/sys` or `/dev` exposes the host's kernel interfaces, and a volume over `/`, `/etc` or `/root` lets whoever supplies it replace the container's accounts, configuration and binaries.",
        bad: "image config: {\"config\": {\"Volumes\": {\"/var/run/docker.sock\": {}}}}",
        good: "image config: {\"config\": {\"Volumes\": {\"/var/lib/app\": {}}}}",
    },
};

/// Paths a volume must not cover.
const SENSITIVE: &[&str] = &[
    "/",
    "/boot",
    "/dev",
    "/etc",
    "/proc",
    "/root",
    "/sys",
    "/var/run/docker.sock",
    "/run/docker.sock",
];

/// Directories nothing below which belongs in a volume.
const SENSITIVE_TREES: &[&str] = &["/proc/", "/sys/"];

/// `/a/b/` and `a//b` → `/a/b`.
fn normalize(path: &str) -> String {
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    format!("/{}", parts.join("/"))
}

impl ImageRule for SensitiveVolume {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        for volume in &cx.image.config.volumes {
            let path = normalize(volume);
            let why = if path.ends_with("docker.sock") && SENSITIVE.contains(&path.as_str()) {
                "the Docker socket, which gives root on the host"
            } else if SENSITIVE.contains(&path.as_str())
                || SENSITIVE_TREES.iter().any(|t| path.starts_with(t))
            {
                "a system directory"
            } else {
                continue;
            };
            out.push(ImageFinding::new(
                format!("config.Volumes[{volume}]"),
                format!("the image declares a VOLUME at `{volume}`, {why}"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{findings, image, locations};

    fn volumes(list: &[&str]) -> crate::image::Image {
        let list: Vec<String> = list.iter().map(|v| format!("{v:?}: {{}}")).collect();
        image(
            &format!("{{\"config\": {{\"Volumes\": {{{}}}}}}}", list.join(",")),
            vec![],
        )
    }

    #[test]
    fn fires_on_system_paths_and_the_docker_socket() {
        for v in [
            "/",
            "/sys",
            "/proc",
            "/dev",
            "/etc",
            "/boot",
            "/root",
            "/etc/",
            "/proc/sys",
            "/var/run/docker.sock",
            "/run/docker.sock",
        ] {
            assert_eq!(
                locations(&SensitiveVolume, &volumes(&[v])),
                [format!("config.Volumes[{v}]")],
                "{v}"
            );
        }
        let f = findings(&SensitiveVolume, &volumes(&["/var/run/docker.sock"]));
        assert!(f[0].message.contains("Docker socket"), "{}", f[0].message);
    }

    #[test]
    fn quiet_on_data_directories() {
        let img = volumes(&[
            "/var/lib/mysql",
            "/data",
            "/etc/nginx/conf.d",
            "/root-data",
            "/devices",
            "/var/run/app.sock",
        ]);
        assert!(locations(&SensitiveVolume, &img).is_empty());
    }
}
