//! The image configuration: what a container runs as and with, and the
//! history of how the image was built. Read leniently (real configs break the
//! spec in small ways and still run), checked against oci-spec for
//! conformance, with Docker's extensions (`Healthcheck`, `OnBuild`, `Shell`)
//! that oci-spec drops.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::error::ImageError;

/// A container healthcheck (`HEALTHCHECK`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Healthcheck {
    /// `["CMD", …]`, `["CMD-SHELL", "…"]`, or `["NONE"]` (disabled).
    pub test: Vec<String>,
}

impl Healthcheck {
    /// Whether the healthcheck is switched off (`HEALTHCHECK NONE`).
    pub fn is_disabled(&self) -> bool {
        self.test.first().is_some_and(|t| t == "NONE") || self.test.is_empty()
    }
}

/// One history entry: how a layer (or a metadata change) was made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// When.
    pub created: Option<String>,
    /// The instruction (`RUN /bin/sh -c apt-get …`, `/bin/sh -c #(nop)  ENV …`).
    pub created_by: String,
    /// A comment (`buildkit.dockerfile.v0`).
    pub comment: Option<String>,
    /// True when the step made no layer.
    pub empty_layer: bool,
}

/// What hullguard reads from an image configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageConfig {
    /// Creation time (RFC 3339), if recorded.
    pub created: Option<String>,
    /// CPU architecture.
    pub architecture: String,
    /// Operating system.
    pub os: String,
    /// Architecture variant (`v8`).
    pub variant: Option<String>,
    /// `USER`; `None` when unset (root).
    pub user: Option<String>,
    /// `EXPOSE`d ports (`22/tcp`).
    pub exposed_ports: Vec<String>,
    /// `NAME=value` environment.
    pub env: Vec<String>,
    /// `ENTRYPOINT`.
    pub entrypoint: Option<Vec<String>>,
    /// `CMD`.
    pub cmd: Option<Vec<String>>,
    /// `VOLUME`s.
    pub volumes: Vec<String>,
    /// `WORKDIR`.
    pub working_dir: Option<String>,
    /// Labels.
    pub labels: BTreeMap<String, String>,
    /// Docker's `Healthcheck`.
    pub healthcheck: Option<Healthcheck>,
    /// Docker's `OnBuild` triggers.
    pub on_build: Vec<String>,
    /// Docker's `Shell`.
    pub shell: Option<Vec<String>>,
    /// Build history, oldest first.
    pub history: Vec<History>,
    /// Uncompressed layer digests (`rootfs.diff_ids`).
    pub diff_ids: Vec<String>,
    /// Why oci-spec rejected the configuration, if it did (the lenient
    /// reading is used either way).
    pub nonconformance: Option<String>,
    /// The configuration text, for secret scans over every field.
    pub raw: String,
}

impl ImageConfig {
    /// The environment as `(name, value)` pairs.
    pub fn env_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.env
            .iter()
            .map(|e| e.split_once('=').unwrap_or((e.as_str(), "")))
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawConfigFile {
    created: Option<String>,
    architecture: Option<String>,
    os: Option<String>,
    variant: Option<String>,
    config: Option<RawRunConfig>,
    rootfs: Option<RawRootfs>,
    history: Option<Vec<RawHistory>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
pub(crate) struct RawRunConfig {
    user: Option<String>,
    exposed_ports: Option<BTreeMap<String, Value>>,
    env: Option<Vec<String>>,
    entrypoint: Option<Value>,
    cmd: Option<Value>,
    volumes: Option<BTreeMap<String, Value>>,
    working_dir: Option<String>,
    labels: Option<BTreeMap<String, Value>>,
    healthcheck: Option<RawHealthcheck>,
    on_build: Option<Vec<String>>,
    shell: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
pub(crate) struct RawHealthcheck {
    test: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawRootfs {
    diff_ids: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(crate) struct RawHistory {
    created: Option<String>,
    created_by: Option<String>,
    comment: Option<String>,
    empty_layer: Option<bool>,
}

fn string_list(v: Option<Value>) -> Option<Vec<String>> {
    match v? {
        Value::Array(items) => Some(
            items
                .into_iter()
                .map(|i| match i {
                    Value::String(s) => s,
                    other => other.to_string(),
                })
                .collect(),
        ),
        Value::String(s) => Some(vec![s]),
        _ => None,
    }
}

fn label_value(v: Value) -> String {
    match v {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

impl RawRunConfig {
    pub(crate) fn apply(self, c: &mut ImageConfig) {
        c.user = self.user.filter(|u| !u.is_empty());
        c.exposed_ports = self.exposed_ports.unwrap_or_default().into_keys().collect();
        c.env = self.env.unwrap_or_default();
        c.entrypoint = string_list(self.entrypoint);
        c.cmd = string_list(self.cmd);
        c.volumes = self.volumes.unwrap_or_default().into_keys().collect();
        c.working_dir = self.working_dir.filter(|w| !w.is_empty());
        c.labels = self
            .labels
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, label_value(v)))
            .collect();
        c.healthcheck = self.healthcheck.map(|h| Healthcheck {
            test: h.test.unwrap_or_default(),
        });
        c.on_build = self.on_build.unwrap_or_default();
        c.shell = self.shell;
    }
}

impl RawHistory {
    pub(crate) fn into_history(self) -> History {
        History {
            created: self.created,
            created_by: self.created_by.unwrap_or_default(),
            comment: self.comment,
            empty_layer: self.empty_layer.unwrap_or(false),
        }
    }
}

/// Parse an image configuration (`application/vnd.oci.image.config.v1+json`
/// or Docker's `container.image.v1+json`).
pub fn parse_config(bytes: &[u8], what: &str) -> Result<ImageConfig, ImageError> {
    let raw: RawConfigFile =
        serde_json::from_slice(bytes).map_err(|e| ImageError::json(what, e))?;
    let nonconformance = oci_spec::image::ImageConfiguration::from_reader(bytes)
        .err()
        .map(|e| {
            let detail =
                std::error::Error::source(&e).map_or_else(|| e.to_string(), |s| s.to_string());
            format!("not a valid OCI image configuration: {detail}")
        });
    let mut c = ImageConfig {
        created: raw.created,
        architecture: raw.architecture.unwrap_or_default(),
        os: raw.os.unwrap_or_default(),
        variant: raw.variant,
        history: raw
            .history
            .unwrap_or_default()
            .into_iter()
            .map(RawHistory::into_history)
            .collect(),
        diff_ids: raw.rootfs.and_then(|r| r.diff_ids).unwrap_or_default(),
        nonconformance,
        raw: String::from_utf8_lossy(bytes).into_owned(),
        ..ImageConfig::default()
    };
    if let Some(run) = raw.config {
        run.apply(&mut c);
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_extensions_and_lenient_fields() {
        let text = br#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},
            "config":{"User":"0","ExposedPorts":{"22/tcp":{}},"Env":["A=b","TOKEN=x"],
                      "Cmd":["bash"],"Volumes":{"/data":{}},"Labels":{"a":"1","n":2},
                      "Healthcheck":{"Test":["CMD-SHELL","true"]},"OnBuild":["RUN x"],"Shell":["/bin/bash","-c"]},
            "history":[{"created_by":"/bin/sh -c #(nop) ADD file:x in /","empty_layer":false}]}"#;
        let c = parse_config(text, "config").unwrap();
        assert_eq!(c.user.as_deref(), Some("0"));
        assert_eq!(c.exposed_ports, ["22/tcp"]);
        assert_eq!(c.labels.get("n").map(String::as_str), Some("2"));
        assert!(!c.healthcheck.as_ref().unwrap().is_disabled());
        assert_eq!(c.on_build, ["RUN x"]);
        assert_eq!(c.env_pairs().nth(1), Some(("TOKEN", "x")));
        // A non-string label is read, and noted as not conforming.
        assert!(
            c.nonconformance
                .as_deref()
                .is_some_and(|n| n.contains("integer")),
            "{:?}",
            c.nonconformance
        );
    }

    #[test]
    fn nonconforming_configs_are_still_read() {
        let c = parse_config(br#"{"config":{"User":""},"rootfs":{"diff_ids":null}}"#, "c").unwrap();
        assert!(c.nonconformance.is_some());
        assert_eq!(c.user, None);
        assert_eq!(parse_config(b"[1", "c").unwrap_err().code(), "IMAGE_JSON");
    }
}
