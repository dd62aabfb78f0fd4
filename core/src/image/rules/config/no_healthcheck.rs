//! HG201: the image defines no HEALTHCHECK.

use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::image::{Format, Image};
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};

/// See [`META`].
pub(crate) struct NoHealthcheck;

static META: RuleMeta = RuleMeta {
    code: "HG201",
    name: "image-without-healthcheck",
    severity: Severity::Info,
    category: Category::Correctness,
    sources: &["dockle:CIS-DI-0006", "trivy:DS-0026", "trivy:DS026"],
    default_enabled: true,
    help: "Add a `HEALTHCHECK CMD …` that probes the service (an HTTP endpoint, a port, a status command) and build with the Docker image format (`--format docker` for podman/buildah); or set health checks in the orchestrator (Kubernetes probes) and ignore this rule.",
    docs: RuleDocs {
        what: "Flags an image whose configuration has no `Healthcheck`, or one switched off (`HEALTHCHECK NONE`). When the image uses OCI media types the message adds that OCI-format builds (podman and buildah with `--format oci`, their default) cannot carry a HEALTHCHECK at all: the OCI image configuration has no field for it, so the instruction is dropped.",
        why: "Docker's guide recommends a HEALTHCHECK so the engine can tell a running container from a working one: without it a hung or deadlocked service stays `running`, is never restarted, and keeps receiving traffic. Kubernetes ignores HEALTHCHECK and uses its own probes, so images only run there can ignore this rule.",
        bad: "image config: {\"config\": {\"Cmd\": [\"nginx\", \"-g\", \"daemon off;\"]}}",
        good: "image config: {\"config\": {\"Healthcheck\": {\"Test\": [\"CMD-SHELL\", \"curl -fsS http://localhost/ || exit 1\"]}}}",
    },
};

/// Whether the image was stored with OCI media types, which have no place
/// for a healthcheck.
fn is_oci_format(image: &Image) -> bool {
    let oci_container = matches!(image.format, Format::OciLayout | Format::OciArchive);
    let typed: Vec<&str> = image
        .layers
        .iter()
        .map(|l| l.media_type.as_str())
        .filter(|m| !m.is_empty())
        .collect();
    if typed.is_empty() {
        return false;
    }
    let all_oci = typed.iter().all(|m| m.starts_with("application/vnd.oci"));
    all_oci && (oci_container || image.format == Format::ManifestDir)
}

impl ImageRule for NoHealthcheck {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let message = match &cx.image.config.healthcheck {
            None => "the image defines no HEALTHCHECK",
            Some(h) if h.is_disabled() => "the image switches its HEALTHCHECK off (`NONE`)",
            Some(_) => return,
        };
        let mut message = message.to_owned();
        if is_oci_format(cx.image) {
            message.push_str(
                "; the image uses OCI media types, and OCI-format builds (podman/buildah `--format oci`) drop HEALTHCHECK",
            );
        }
        out.push(ImageFinding::new("config.Healthcheck", message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{findings, image, layer, locations};

    #[test]
    fn fires_without_healthcheck_or_when_disabled() {
        for config in [
            "{}",
            r#"{"config": {"Cmd": ["nginx"]}}"#,
            r#"{"config": {"Healthcheck": {"Test": ["NONE"]}}}"#,
            r#"{"config": {"Healthcheck": {"Test": []}}}"#,
            r#"{"config": {"Healthcheck": {}}}"#,
        ] {
            let img = image(config, vec![]);
            assert_eq!(
                locations(&NoHealthcheck, &img),
                ["config.Healthcheck"],
                "{config}"
            );
        }
        let off = findings(
            &NoHealthcheck,
            &image(r#"{"config": {"Healthcheck": {"Test": ["NONE"]}}}"#, vec![]),
        );
        assert!(off[0].message.contains("NONE"), "{}", off[0].message);
    }

    #[test]
    fn fires_with_the_oci_format_explained() {
        let img = image(
            "{}",
            vec![layer().media_type("application/vnd.oci.image.layer.v1.tar+gzip")],
        );
        let f = findings(&NoHealthcheck, &img);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("--format oci"), "{}", f[0].message);
        // Docker media types in an OCI layout: no such explanation.
        let img = image(
            "{}",
            vec![layer().media_type("application/vnd.docker.image.rootfs.diff.tar.gzip")],
        );
        let f = findings(&NoHealthcheck, &img);
        assert!(!f[0].message.contains("--format oci"), "{}", f[0].message);
    }

    #[test]
    fn quiet_with_a_healthcheck() {
        for test in [
            r#"["CMD-SHELL", "curl -f http://localhost/ || exit 1"]"#,
            r#"["CMD", "/bin/health"]"#,
        ] {
            let img = image(
                &format!(r#"{{"config": {{"Healthcheck": {{"Test": {test}}}}}}}"#),
                vec![layer().media_type("application/vnd.oci.image.layer.v1.tar")],
            );
            assert!(locations(&NoHealthcheck, &img).is_empty(), "{test}");
        }
    }
}
