//! HG205: the image exposes the SSH port.

use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};

/// See [`META`].
pub(crate) struct SshPortExposed;

static META: RuleMeta = RuleMeta {
    code: "HG205",
    name: "image-exposes-ssh",
    severity: Severity::Warning,
    category: Category::Privileges,
    sources: &["trivy:DS-0004", "trivy:DS004"],
    default_enabled: true,
    help: "Remove `EXPOSE 22` and the SSH server; use `docker exec` or `kubectl exec` (or `kubectl debug`) to get a shell in a running container.",
    docs: RuleDocs {
        what: "Flags an image whose configuration exposes port 22 (`22/tcp`, or `22` with no protocol).",
        why: "Docker's guide keeps one concern per container and as little attack surface as possible. An SSH daemon is a second long-running service with its own keys and passwords to manage, a remote login into the container, and a target for brute force; exposing its port says the image expects to be reached that way.",
        bad: "image config: {\"config\": {\"ExposedPorts\": {\"22/tcp\": {}, \"8080/tcp\": {}}}}",
        good: "image config: {\"config\": {\"ExposedPorts\": {\"8080/tcp\": {}}}}",
    },
};

impl ImageRule for SshPortExposed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        for port in &cx.image.config.exposed_ports {
            let p = port.trim();
            let (number, protocol) = p.split_once('/').unwrap_or((p, "tcp"));
            if number == "22" && protocol.eq_ignore_ascii_case("tcp") {
                out.push(ImageFinding::new(
                    format!("config.ExposedPorts[{port}]"),
                    format!("the image exposes `{port}`, the SSH port"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{image, locations};

    fn ports(list: &str) -> crate::image::Image {
        image(
            &format!("{{\"config\": {{\"ExposedPorts\": {{{list}}}}}}}"),
            vec![],
        )
    }

    #[test]
    fn fires_on_port_22() {
        assert_eq!(
            locations(&SshPortExposed, &ports(r#""22/tcp": {}, "80/tcp": {}"#)),
            ["config.ExposedPorts[22/tcp]"]
        );
        assert_eq!(
            locations(&SshPortExposed, &ports(r#""22": {}"#)),
            ["config.ExposedPorts[22]"]
        );
    }

    #[test]
    fn quiet_on_other_ports() {
        for list in [
            r#""2222/tcp": {}"#,
            r#""22/udp": {}"#,
            r#""220/tcp": {}, "8022/tcp": {}"#,
            "",
        ] {
            assert!(
                locations(&SshPortExposed, &ports(list)).is_empty(),
                "{list}"
            );
        }
    }
}
