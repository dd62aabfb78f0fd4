//! Policy given as options (command-line flags, binding keyword arguments)
//! on top of a configuration file. One implementation, so that the CLI, the
//! Python package and the npm package accept exactly the same options.

use std::path::{Path, PathBuf};

use super::config::{Config, selector_matches};
use super::config_file::{ConfigError, discover_config, load_config, parse_level};
use super::diagnostic::Severity;

/// Options that adjust a [`Config`]. Empty fields change nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Rules to enable (codes, prefixes, categories, peer ids, `ALL`).
    pub select: Vec<String>,
    /// Rules to disable (same selectors).
    pub ignore: Vec<String>,
    /// `(selector, level)` pairs; level is `error`, `warning`, `info`,
    /// `style` or `off`.
    pub severity: Vec<(String, String)>,
    /// Registries base images may come from.
    pub trusted_registries: Vec<String>,
    /// `error`, `warning`, `info`, `style` or `none`.
    pub failure_threshold: Option<String>,
    /// Never fail.
    pub no_fail: bool,
}

impl Overrides {
    /// Whether no option is set.
    pub fn is_empty(&self) -> bool {
        *self == Overrides::default()
    }

    /// `config` with these options applied; an option naming no rule or an
    /// unknown level is an [`ConfigError::Option`] error.
    pub fn apply(&self, mut config: Config) -> Result<Config, ConfigError> {
        for (key, s) in self
            .select
            .iter()
            .map(|s| ("select", s))
            .chain(self.ignore.iter().map(|s| ("ignore", s)))
            .chain(self.severity.iter().map(|(s, _)| ("severity", s)))
        {
            if !super::rules().any(|m| selector_matches(s, m)) {
                return Err(option_error(
                    key,
                    format!("`{s}` matches no rule (see `hullguard rules`)"),
                ));
            }
        }
        config.select.extend(self.select.iter().cloned());
        config.ignore.extend(self.ignore.iter().cloned());
        for (code, level) in &self.severity {
            let parsed = parse_level(level)
                .ok_or_else(|| option_error("severity", format!("unknown level `{level}`")))?;
            config.severity.insert(code.clone(), parsed);
        }
        config
            .settings
            .trusted_registries
            .extend(self.trusted_registries.iter().cloned());
        if let Some(t) = &self.failure_threshold {
            config.failure_threshold = parse_threshold(t)
                .ok_or_else(|| option_error("failure-threshold", format!("unknown level `{t}`")))?;
        }
        config.no_fail |= self.no_fail;
        Ok(config)
    }
}

fn option_error(option: &str, message: String) -> ConfigError {
    ConfigError::Option {
        option: option.to_owned(),
        message,
    }
}

/// A failure threshold: a level, or `none`/`ignore` for "never fail".
pub fn parse_threshold(value: &str) -> Option<Option<Severity>> {
    match value.trim().to_ascii_lowercase().as_str() {
        "none" | "ignore" => Some(None),
        v => Severity::parse(v).map(Some),
    }
}

/// The configuration file that applies to the Dockerfile at `file`: the one
/// [`discover_config`] finds upward from its folder (the current folder for
/// `-`), if any.
pub fn config_path_for(file: &Path) -> Option<PathBuf> {
    let dir = if file.as_os_str() == "-" {
        std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
    } else {
        file.parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."))
    };
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    discover_config(&dir)
}

/// The configuration for the Dockerfile at `file`, as `hullguard lint` finds
/// it: `explicit` when given, else the discovered file, else the defaults.
pub fn config_for(file: &Path, explicit: Option<&Path>) -> Result<Config, ConfigError> {
    match explicit
        .map(Path::to_path_buf)
        .or_else(|| config_path_for(file))
    {
        Some(p) => load_config(&p),
        None => Ok(Config::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_apply_and_are_checked() {
        let o = Overrides {
            select: vec!["HG110".into()],
            severity: vec![
                ("DL3006".into(), "error".into()),
                ("DL3007".into(), "off".into()),
            ],
            failure_threshold: Some("warning".into()),
            ..Overrides::default()
        };
        let c = o.apply(Config::default()).unwrap();
        assert_eq!(c.select, vec!["HG110"]);
        assert_eq!(c.severity.get("DL3006"), Some(&Some(Severity::Error)));
        assert_eq!(c.severity.get("DL3007"), Some(&None));
        assert_eq!(c.failure_threshold, Some(Severity::Warning));

        let bad = Overrides {
            ignore: vec!["NOPE999".into()],
            ..Overrides::default()
        };
        let e = bad.apply(Config::default()).unwrap_err();
        assert_eq!(e.code(), "INVALID_OPTION");
        assert!(e.to_string().contains("NOPE999"), "{e}");

        let bad_level = Overrides {
            failure_threshold: Some("loud".into()),
            ..Overrides::default()
        };
        assert_eq!(
            bad_level.apply(Config::default()).unwrap_err().code(),
            "INVALID_OPTION"
        );
        assert!(Overrides::default().is_empty());
    }

    #[test]
    fn none_threshold_never_fails() {
        let c = Overrides {
            failure_threshold: Some("none".into()),
            ..Overrides::default()
        }
        .apply(Config::default())
        .unwrap();
        assert!(!c.fails(Severity::Error));
    }

    #[test]
    fn discovery_from_a_file() {
        let dir = std::env::temp_dir().join(format!("hg-overrides-{}", std::process::id()));
        let sub = dir.join("sub");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(dir.join(".hullguard.toml"), "ignore = [\"DL3006\"]\n").unwrap();
        let c = config_for(&sub.join("Dockerfile"), None).unwrap();
        assert_eq!(c.ignore, vec!["DL3006"]);
        let explicit = dir.join("other.toml");
        std::fs::write(&explicit, "select = [\"HG110\"]\n").unwrap();
        let c = config_for(&sub.join("Dockerfile"), Some(&explicit)).unwrap();
        assert_eq!(c.select, vec!["HG110"]);
        let missing = config_for(&sub.join("Dockerfile"), Some(&dir.join("missing.toml")));
        assert_eq!(missing.unwrap_err().code(), "CONFIG_IO");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
