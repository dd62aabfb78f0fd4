//! Reading policy from files: `.hullguard.toml`, `[tool.hullguard]` in
//! `pyproject.toml`, or — when no hullguard configuration exists — a
//! `.hadolint.yaml`/`.hadolint.yml` read as hadolint reads it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::config::{Config, Fraction, RuleSettings};
use super::diagnostic::Severity;

/// Why a configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not valid TOML/YAML, has an unknown key, or a bad value.
    #[error("invalid configuration in {path}: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong (names the key).
        message: String,
    },
    /// An option given directly (a command-line flag or a binding argument)
    /// names no rule or has a bad value.
    #[error("invalid option {option}: {message}")]
    Option {
        /// The option (`select`, `severity`, `failure-threshold`, …).
        option: String,
        /// What is wrong.
        message: String,
    },
}

impl ConfigError {
    /// A stable code for bindings (`CONFIG_IO`, `CONFIG_INVALID`, `INVALID_OPTION`).
    pub fn code(&self) -> &'static str {
        match self {
            ConfigError::Io { .. } => "CONFIG_IO",
            ConfigError::Invalid { .. } => "CONFIG_INVALID",
            ConfigError::Option { .. } => "INVALID_OPTION",
        }
    }
}

/// The keys of `.hullguard.toml` (and of `[tool.hullguard]`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct HullguardFile {
    /// Rules to enable beyond the defaults.
    select: Option<Vec<String>>,
    /// Rules to disable.
    ignore: Option<Vec<String>>,
    /// Per-rule severity: `error`, `warning`, `info`, `style` or `off`.
    severity: Option<BTreeMap<String, String>>,
    /// `error`, `warning`, `info`, `style` or `none`.
    failure_threshold: Option<String>,
    no_fail: Option<bool>,
    disable_ignore_pragma: Option<bool>,
    trusted_registries: Option<Vec<String>>,
    trusted_publishers: Option<Vec<String>>,
    allowed_images: Option<Vec<String>>,
    denied_images: Option<Vec<String>>,
    secret_names: Option<Vec<String>>,
    allowed_secret_names: Option<Vec<String>>,
    required_labels: Option<BTreeMap<String, String>>,
    strict_labels: Option<bool>,
    max_image_age_days: Option<u64>,
    allowed_setuid_files: Option<Vec<String>>,
    /// From 0 to 1.
    min_image_efficiency: Option<f64>,
    /// Bytes, as a number or with a unit (`"20MB"`, `"1.5 GiB"`).
    max_wasted_bytes: Option<ByteCount>,
}

/// A size: a number of bytes, or a string with a unit.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ByteCount {
    Bytes(u64),
    Text(String),
}

/// Bytes in `20MB`, `1.5 GiB`, `512k`, `100` (decimal units are powers of
/// 1000, binary ones of 1024; a bare `k`/`m`/`g` is binary).
fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" => 1e3,
        "mb" => 1e6,
        "gb" => 1e9,
        "tb" => 1e12,
        "k" | "kib" => 1024.0,
        "m" | "mib" => 1024.0 * 1024.0,
        "g" | "gib" => 1024.0 * 1024.0 * 1024.0,
        "t" | "tib" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let bytes = (number * factor).round();
    // `as` saturates; refuse what does not fit instead.
    (bytes.is_finite() && bytes < u64::MAX as f64).then_some(bytes as u64)
}

#[derive(Debug, Deserialize)]
struct Pyproject {
    tool: Option<PyprojectTool>,
}

#[derive(Debug, Deserialize)]
struct PyprojectTool {
    hullguard: Option<toml::Value>,
}

/// `trustedRegistries` may be one string or a list.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// The keys of `.hadolint.yaml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct HadolintFile {
    ignored: Option<Vec<String>>,
    #[serde(rename = "override")]
    overrides: Option<BTreeMap<String, Vec<String>>>,
    #[serde(rename = "trustedRegistries")]
    trusted_registries: Option<OneOrMany>,
    #[serde(rename = "failure-threshold")]
    failure_threshold: Option<String>,
    #[serde(rename = "label-schema")]
    label_schema: Option<BTreeMap<String, String>>,
    #[serde(rename = "strict-labels")]
    strict_labels: Option<bool>,
    #[serde(rename = "disable-ignore-pragma")]
    disable_ignore_pragma: Option<bool>,
    #[serde(rename = "no-fail")]
    no_fail: Option<bool>,
    // Accepted for compatibility; they only affect hadolint's own output.
    #[serde(rename = "no-color")]
    _no_color: Option<bool>,
    #[serde(rename = "format")]
    _format: Option<String>,
    #[serde(rename = "formats")]
    _formats: Option<Vec<String>>,
    #[serde(rename = "verbose")]
    _verbose: Option<bool>,
}

fn invalid(path: &Path, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        path: path.display().to_string(),
        message: message.into(),
    }
}

/// A TOML error as one line: `line L, column C: message`.
fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> ConfigError {
    let message = e.message().trim().replace('\n', " ");
    match e.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or("");
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            invalid(path, format!("line {line}, column {column}: {message}"))
        }
        None => invalid(path, message),
    }
}

fn threshold(path: &Path, value: &str) -> Result<Option<Severity>, ConfigError> {
    super::overrides::parse_threshold(value)
        .ok_or_else(|| invalid(path, format!("failure-threshold: unknown level `{value}`")))
}

/// A severity override value: a level, or `off`/`none`/`ignore` to turn the rule off.
pub fn parse_level(value: &str) -> Option<Option<Severity>> {
    match value.trim().to_ascii_lowercase().as_str() {
        "off" | "none" | "ignore" => Some(None),
        v => Severity::parse(v).map(Some),
    }
}

/// Check that every selector names at least one rule.
fn check_selectors<'a>(
    path: &Path,
    key: &str,
    selectors: impl Iterator<Item = &'a String>,
) -> Result<(), ConfigError> {
    for s in selectors {
        if !super::rules().any(|m| super::config::selector_matches(s, m)) {
            return Err(invalid(path, format!("{key}: `{s}` matches no rule")));
        }
    }
    Ok(())
}

fn from_hullguard(path: &Path, f: HullguardFile) -> Result<Config, ConfigError> {
    let mut c = Config::default();
    if let Some(v) = f.select {
        check_selectors(path, "select", v.iter())?;
        c.select = v;
    }
    if let Some(v) = f.ignore {
        check_selectors(path, "ignore", v.iter())?;
        c.ignore = v;
    }
    for (code, level) in f.severity.unwrap_or_default() {
        check_selectors(path, "severity", std::iter::once(&code))?;
        let level = parse_level(&level)
            .ok_or_else(|| invalid(path, format!("severity.{code}: unknown level `{level}`")))?;
        c.severity.insert(code, level);
    }
    if let Some(t) = f.failure_threshold {
        c.failure_threshold = threshold(path, &t)?;
    }
    c.no_fail = f.no_fail.unwrap_or(false);
    c.disable_ignore_pragma = f.disable_ignore_pragma.unwrap_or(false);
    c.settings = RuleSettings {
        trusted_registries: f.trusted_registries.unwrap_or_default(),
        trusted_publishers: f.trusted_publishers.unwrap_or_default(),
        allowed_images: f.allowed_images.unwrap_or_default(),
        denied_images: f.denied_images.unwrap_or_default(),
        secret_names: f.secret_names.unwrap_or_default(),
        allowed_secret_names: f.allowed_secret_names.unwrap_or_default(),
        required_labels: f.required_labels.unwrap_or_default(),
        strict_labels: f.strict_labels.unwrap_or(false),
        max_image_age_days: f.max_image_age_days,
        allowed_setuid_files: f.allowed_setuid_files.unwrap_or_default(),
        min_image_efficiency: match f.min_image_efficiency {
            None => None,
            Some(v) => Some(Fraction::new(v).ok_or_else(|| {
                invalid(
                    path,
                    format!("min-image-efficiency: {v} is not between 0 and 1"),
                )
            })?),
        },
        max_wasted_bytes: match f.max_wasted_bytes {
            None => None,
            Some(ByteCount::Bytes(n)) => Some(n),
            Some(ByteCount::Text(t)) => Some(parse_size(&t).ok_or_else(|| {
                invalid(
                    path,
                    format!("max-wasted-bytes: `{t}` is not a size (bytes, or a number with B, kB, MB, GB, KiB, MiB or GiB)"),
                )
            })?),
        },
    };
    Ok(c)
}

fn from_hadolint(path: &Path, f: HadolintFile) -> Result<Config, ConfigError> {
    // hadolint codes we do not implement (ShellCheck's SCxxxx) are accepted silently.
    let mut c = Config {
        ignore: f.ignored.unwrap_or_default(),
        ..Config::default()
    };
    for (level, codes) in f.overrides.unwrap_or_default() {
        let parsed = parse_level(&level)
            .ok_or_else(|| invalid(path, format!("override: unknown level `{level}`")))?;
        for code in codes {
            c.severity.insert(code, parsed);
        }
    }
    if let Some(t) = f.failure_threshold {
        c.failure_threshold = threshold(path, &t)?;
    }
    c.no_fail = f.no_fail.unwrap_or(false);
    c.disable_ignore_pragma = f.disable_ignore_pragma.unwrap_or(false);
    c.settings.trusted_registries = f
        .trusted_registries
        .map(OneOrMany::into_vec)
        .unwrap_or_default();
    c.settings.required_labels = f.label_schema.unwrap_or_default();
    c.settings.strict_labels = f.strict_labels.unwrap_or(false);
    Ok(c)
}

/// Parse configuration text; `path` decides the format and is named in errors.
pub fn parse_config(path: &Path, text: &str) -> Result<Config, ConfigError> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.ends_with(".yaml") || name.ends_with(".yml") {
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        let f: HadolintFile = serde_yaml::from_str(text)
            .map_err(|e| invalid(path, e.to_string().replace('\n', " ")))?;
        return from_hadolint(path, f);
    }
    if name == "pyproject.toml" {
        let py: Pyproject = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
        let table = py
            .tool
            .and_then(|t| t.hullguard)
            .unwrap_or(toml::Value::Table(Default::default()));
        let f: HullguardFile = table.try_into().map_err(|e: toml::de::Error| {
            invalid(
                path,
                format!(
                    "[tool.hullguard]: {}",
                    e.message().trim().replace('\n', " ")
                ),
            )
        })?;
        return from_hullguard(path, f);
    }
    let f: HullguardFile = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
    from_hullguard(path, f)
}

/// Read a configuration file.
pub fn load_config(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse_config(path, &text)
}

fn has_hullguard_table(pyproject: &Path) -> bool {
    std::fs::read_to_string(pyproject)
        .ok()
        .and_then(|t| toml::from_str::<Pyproject>(&t).ok())
        .and_then(|p| p.tool)
        .is_some_and(|t| t.hullguard.is_some())
}

/// Find the configuration that applies to files in `dir`: the nearest
/// `.hullguard.toml` or `pyproject.toml` with `[tool.hullguard]` upward from
/// `dir`; failing that, the nearest `.hadolint.yaml`/`.hadolint.yml`.
pub fn discover_config(dir: &Path) -> Option<PathBuf> {
    let dirs: Vec<&Path> = dir.ancestors().collect();
    for d in &dirs {
        let toml_file = d.join(".hullguard.toml");
        if toml_file.is_file() {
            return Some(toml_file);
        }
        let py = d.join("pyproject.toml");
        if py.is_file() && has_hullguard_table(&py) {
            return Some(py);
        }
    }
    for d in &dirs {
        for name in [".hadolint.yaml", ".hadolint.yml"] {
            let f = d.join(name);
            if f.is_file() {
                return Some(f);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hullguard_toml_keys() {
        let c = parse_config(
            Path::new(".hullguard.toml"),
            r#"
select = ["DL3006"]
ignore = ["HG001"]
failure-threshold = "warning"
trusted-registries = ["docker.io", "*.corp.example"]
[severity]
DL3006 = "error"
HG002 = "off"
"#,
        )
        .unwrap();
        assert_eq!(c.failure_threshold, Some(Severity::Warning));
        assert_eq!(c.severity.get("DL3006"), Some(&Some(Severity::Error)));
        assert_eq!(c.severity.get("HG002"), Some(&None));
        assert_eq!(c.settings.trusted_registries.len(), 2);
    }

    #[test]
    fn unknown_keys_and_selectors_name_the_key_and_file() {
        let e =
            parse_config(Path::new("/x/.hullguard.toml"), "selcet = [\"DL3006\"]\n").unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("/x/.hullguard.toml") && msg.contains("selcet"),
            "{msg}"
        );
        let e = parse_config(Path::new(".hullguard.toml"), "ignore = [\"DL9999\"]\n").unwrap_err();
        assert!(e.to_string().contains("DL9999"));
        assert_eq!(e.code(), "CONFIG_INVALID");
        let e = parse_config(
            Path::new(".hullguard.toml"),
            "failure-threshold = \"loud\"\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("failure-threshold"));
    }

    #[test]
    fn image_check_settings() {
        let c = parse_config(
            Path::new(".hullguard.toml"),
            "max-image-age-days = 30\nallowed-setuid-files = [\"/usr/bin/sudo\", \"/opt/*\"]\nmin-image-efficiency = 0.95\nmax-wasted-bytes = \"20MB\"\n",
        )
        .unwrap();
        let s = &c.settings;
        assert_eq!(s.max_image_age_days, Some(30));
        assert_eq!(s.allowed_setuid_files, ["/usr/bin/sudo", "/opt/*"]);
        assert_eq!(s.min_image_efficiency.map(Fraction::get), Some(0.95));
        assert_eq!(s.max_wasted_bytes, Some(20_000_000));
        let c = parse_config(
            Path::new(".hullguard.toml"),
            "max-wasted-bytes = 1048576\nmin-image-efficiency = 1\n",
        )
        .unwrap();
        assert_eq!(c.settings.max_wasted_bytes, Some(1 << 20));
        assert_eq!(
            c.settings.min_image_efficiency.map(Fraction::get),
            Some(1.0)
        );
        for (text, key) in [
            ("min-image-efficiency = 1.5\n", "min-image-efficiency"),
            ("max-wasted-bytes = \"lots\"\n", "max-wasted-bytes"),
            ("allowed-setuid-file = []\n", "allowed-setuid-file"),
        ] {
            let e = parse_config(Path::new(".hullguard.toml"), text).unwrap_err();
            assert!(e.to_string().contains(key), "{e}");
        }
        assert_eq!(parse_size("1.5 GiB"), Some(1_610_612_736));
        assert_eq!(parse_size("512k"), Some(524_288));
        assert_eq!(parse_size("100"), Some(100));
        assert_eq!(parse_size("2 parsecs"), None);
        assert_eq!(parse_size("1e30"), None);
    }

    #[test]
    fn pyproject_table() {
        let c = parse_config(
            Path::new("pyproject.toml"),
            "[project]\nname = \"x\"\n[tool.hullguard]\nno-fail = true\n",
        )
        .unwrap();
        assert!(c.no_fail);
        let e =
            parse_config(Path::new("pyproject.toml"), "[tool.hullguard]\nbogus = 1\n").unwrap_err();
        assert!(e.to_string().contains("bogus"));
    }

    #[test]
    fn hadolint_yaml_as_is() {
        let c = parse_config(
            Path::new(".hadolint.yaml"),
            "ignored:\n  - DL3008\n  - SC2086\noverride:\n  error:\n    - DL3006\n  info: [DL3059]\ntrustedRegistries: docker.io\nfailure-threshold: warning\nlabel-schema:\n  author: text\nstrict-labels: true\nno-color: true\n",
        )
        .unwrap();
        assert_eq!(c.ignore, ["DL3008", "SC2086"]);
        assert_eq!(c.severity.get("DL3006"), Some(&Some(Severity::Error)));
        assert_eq!(c.settings.trusted_registries, ["docker.io"]);
        assert!(c.settings.strict_labels);
        let e = parse_config(Path::new(".hadolint.yaml"), "ignoredd: [DL3008]\n").unwrap_err();
        assert!(e.to_string().contains("ignoredd"));
    }

    #[test]
    fn discovery_prefers_hullguard_then_hadolint() {
        let root = std::env::temp_dir().join(format!("hg-config-{}", std::process::id()));
        let sub = root.join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(root.join(".hadolint.yaml"), "ignored: []\n").unwrap();
        assert_eq!(discover_config(&sub), Some(root.join(".hadolint.yaml")));
        std::fs::write(root.join("a/pyproject.toml"), "[project]\nname='x'\n").unwrap();
        assert_eq!(discover_config(&sub), Some(root.join(".hadolint.yaml")));
        std::fs::write(root.join("a/pyproject.toml"), "[tool.hullguard]\n").unwrap();
        assert_eq!(discover_config(&sub), Some(root.join("a/pyproject.toml")));
        std::fs::write(sub.join(".hullguard.toml"), "").unwrap();
        assert_eq!(discover_config(&sub), Some(sub.join(".hullguard.toml")));
        let _ = std::fs::remove_dir_all(&root);
    }
}
