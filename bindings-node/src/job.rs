//! Lint and scan requests: their arguments read from JavaScript values (on
//! the main thread), then the work itself (on the main thread or a pool
//! thread).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hullguard::image::{Limits, OpenOptions, Platform, scan_image};
use hullguard::lint as hg;
use napi::ValueType;
use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, JsValue, Object, Unknown};
use napi_derive::napi;

use crate::convert::{self, Report};
use crate::guard::Failure;

/// Options of `lint`, `lintSync`, `lintFile` and `lintFileSync`: the same
/// policy options as `hullguard lint`, applied on top of the configuration
/// file. An unknown option, a selector that names no rule or an unknown
/// level is an error.
#[napi(object, object_to_js = false)]
#[derive(Debug, Clone, Default)]
#[expect(
    dead_code,
    reason = "declares the type for index.d.ts; read_options reads the values, checking each"
)]
pub struct LintOptions {
    /// Where the text comes from: the report's `path`, and where the
    /// configuration file is discovered from (upward from its folder) when
    /// `config` is not given. Without it, the text is labelled `-` and the
    /// configuration is discovered from the current folder, as
    /// `hullguard lint -` does. Not accepted by `lintFile`/`lintFileSync`.
    pub path: Option<String>,
    /// A configuration file (`.hullguard.toml`, `pyproject.toml`,
    /// `.hadolint.yaml`) to use instead of the discovered one.
    pub config: Option<String>,
    /// Rules to enable: codes, code prefixes, categories, peer ids, or `ALL`.
    pub select: Option<Vec<String>>,
    /// Rules to disable (same selectors).
    pub ignore: Option<Vec<String>>,
    /// Severity per rule selector; `off` turns the rule off.
    #[napi(ts_type = "Record<string, Severity | 'off'>")]
    pub severity: Option<BTreeMap<String, String>>,
    /// Registries base images may come from (`*` wildcards as hadolint).
    pub trusted_registries: Option<Vec<String>>,
    /// Findings at or above this level fail (`report.failed`); `none` never fails.
    #[napi(ts_type = "Severity | 'none'")]
    pub failure_threshold: Option<String>,
    /// Never fail, whatever is found.
    pub no_fail: Option<bool>,
    /// Also render the report (`report.output`) as the CLI's `--format` would.
    #[napi(ts_type = "'text' | 'json' | 'sarif'")]
    pub format: Option<String>,
}

/// Options of `scanImage` and `scanImageSync`: which image of an index, how
/// much it may expand and how thoroughly its layers are verified, then the
/// same policy options as `LintOptions` (those of `hullguard image`),
/// applied on top of the configuration file. An unknown option, a selector
/// that names no rule or an unknown level is an error.
#[napi(object, object_to_js = false)]
#[derive(Debug, Clone, Default)]
#[expect(
    dead_code,
    reason = "declares the type for index.d.ts; read_options reads the values, checking each"
)]
pub struct ScanOptions {
    /// Which image of a multi-platform index, as `os/arch[/variant]`
    /// (default `linux/amd64`). An image whose config names another
    /// platform is an `IMAGE_PLATFORM` error.
    pub platform: Option<String>,
    /// Largest total of uncompressed layer bytes (the decompression-bomb
    /// guard; default 64 GiB): a non-negative integer. Beyond it the scan
    /// fails with `IMAGE_LIMIT`.
    pub max_uncompressed_bytes: Option<f64>,
    /// Also hash every layer's uncompressed stream and check it against the
    /// config's `rootfs.diff_ids`, as `hullguard image --verify-diff-ids`
    /// does (about twice the hashing work; compressed blobs are always
    /// verified against the manifest). A layer that does not match fails
    /// the scan with `IMAGE_DIGEST_MISMATCH`; a `diff_ids` list of another
    /// length than the manifest's layers with `IMAGE_JSON`. Default `false`.
    pub verify_diff_ids: Option<bool>,
    /// Also lint this Dockerfile into the same report (its findings first,
    /// without `location`), as `hullguard image --dockerfile` does; the
    /// configuration is then discovered upward from its folder instead of
    /// the current folder.
    pub dockerfile: Option<String>,
    /// A configuration file (`.hullguard.toml`, `pyproject.toml`,
    /// `.hadolint.yaml`) to use instead of the discovered one.
    pub config: Option<String>,
    /// Rules to enable: codes, code prefixes, categories, peer ids, or `ALL`.
    pub select: Option<Vec<String>>,
    /// Rules to disable (same selectors).
    pub ignore: Option<Vec<String>>,
    /// Severity per rule selector; `off` turns the rule off.
    #[napi(ts_type = "Record<string, Severity | 'off'>")]
    pub severity: Option<BTreeMap<String, String>>,
    /// Registries base images may come from (`*` wildcards as hadolint).
    pub trusted_registries: Option<Vec<String>>,
    /// Findings at or above this level fail (`report.failed`); `none` never fails.
    #[napi(ts_type = "Severity | 'none'")]
    pub failure_threshold: Option<String>,
    /// Never fail, whatever is found.
    pub no_fail: Option<bool>,
    /// Also render the report (`report.output`) as the CLI's `--format` would.
    #[napi(ts_type = "'text' | 'json' | 'sarif'")]
    pub format: Option<String>,
}

/// The names of `LintOptions`.
const LINT_OPTIONS: [&str; 9] = [
    "path",
    "config",
    "select",
    "ignore",
    "severity",
    "trustedRegistries",
    "failureThreshold",
    "noFail",
    "format",
];

/// The names of `ScanOptions`.
const SCAN_OPTIONS: [&str; 12] = [
    "platform",
    "maxUncompressedBytes",
    "verifyDiffIds",
    "dockerfile",
    "config",
    "select",
    "ignore",
    "severity",
    "trustedRegistries",
    "failureThreshold",
    "noFail",
    "format",
];

/// Every option any function takes, read from JavaScript; which ones a
/// function accepts is the list of names it reads them with.
#[derive(Debug, Default)]
struct Options {
    path: Option<String>,
    platform: Option<String>,
    max_uncompressed_bytes: Option<u64>,
    verify_diff_ids: Option<bool>,
    dockerfile: Option<String>,
    config: Option<String>,
    select: Option<Vec<String>>,
    ignore: Option<Vec<String>>,
    severity: Option<BTreeMap<String, String>>,
    trusted_registries: Option<Vec<String>>,
    failure_threshold: Option<String>,
    no_fail: Option<bool>,
    format: Option<String>,
}

/// The policy part of a request: configuration file, options on top, and
/// the output format.
#[derive(Debug)]
struct Policy {
    config: Option<PathBuf>,
    overrides: hg::Overrides,
    format: Option<hg::render::Format>,
}

impl Policy {
    fn take(o: &mut Options) -> Result<Self, Failure> {
        let format = o
            .format
            .take()
            .map(|f| {
                hg::render::Format::parse(&f).ok_or_else(|| {
                    Failure::invalid_argument(format!(
                        "unknown format `{f}`: expected text, json or sarif"
                    ))
                })
            })
            .transpose()?;
        Ok(Policy {
            config: o.config.take().map(PathBuf::from),
            overrides: hg::Overrides {
                select: o.select.take().unwrap_or_default(),
                ignore: o.ignore.take().unwrap_or_default(),
                severity: o.severity.take().unwrap_or_default().into_iter().collect(),
                trusted_registries: o.trusted_registries.take().unwrap_or_default(),
                failure_threshold: o.failure_threshold.take(),
                no_fail: o.no_fail.take().unwrap_or(false),
            },
            format,
        })
    }

    /// The configuration as the CLI finds it for `anchor` (a Dockerfile's
    /// path, or `-` for the current folder), with the options applied.
    fn config_for(&self, anchor: &Path) -> Result<hg::Config, Failure> {
        let base = hg::config_for(anchor, self.config.as_deref())?;
        Ok(self.overrides.apply(base)?)
    }
}

/// What to lint.
#[derive(Debug)]
enum Input {
    Text(String),
    File(String),
}

/// A lint request, owning everything it needs (it may move to a pool thread).
#[derive(Debug)]
pub(crate) struct LintJob {
    input: Input,
    label: Option<String>,
    policy: Policy,
}

impl LintJob {
    /// `lint(text, options)`.
    pub(crate) fn text(text: Unknown<'_>, options: Unknown<'_>) -> Result<Self, Failure> {
        let text = read_string(text, "text")?;
        LintJob::new(Input::Text(text), read_options(options, &LINT_OPTIONS)?)
    }

    /// `lintFile(path, options)`.
    pub(crate) fn file(path: Unknown<'_>, options: Unknown<'_>) -> Result<Self, Failure> {
        let path = read_string(path, "path")?;
        let options = read_options(options, &LINT_OPTIONS)?;
        if options.path.is_some() {
            return Err(Failure::invalid_argument(
                "options.path is not accepted by lintFile: the file's path is its first argument",
            ));
        }
        LintJob::new(Input::File(path), options)
    }

    fn new(input: Input, mut o: Options) -> Result<Self, Failure> {
        let policy = Policy::take(&mut o)?;
        Ok(LintJob {
            input,
            label: o.path,
            policy,
        })
    }

    /// Load the configuration as `hullguard lint` does, apply the options,
    /// lint, and convert.
    pub(crate) fn run(self) -> Result<Report, Failure> {
        let anchor = match &self.input {
            Input::Text(_) => self.label.clone().unwrap_or_else(|| "-".to_owned()),
            Input::File(path) => path.clone(),
        };
        let config = self.policy.config_for(Path::new(&anchor))?;
        let file = match self.input {
            Input::Text(text) => hg::lint_source(&text, &anchor, &config),
            Input::File(path) => hg::lint_file(Path::new(&path), &config)?,
        };
        Ok(convert::report(file, &config, self.policy.format))
    }
}

/// An image scan request, owning everything it needs (it may move to a
/// pool thread).
#[derive(Debug)]
pub(crate) struct ScanJob {
    image: PathBuf,
    open: OpenOptions,
    dockerfile: Option<PathBuf>,
    policy: Policy,
}

impl ScanJob {
    /// `scanImage(path, options)`.
    pub(crate) fn new(path: Unknown<'_>, options: Unknown<'_>) -> Result<Self, Failure> {
        let image = PathBuf::from(read_string(path, "path")?);
        let mut o = read_options(options, &SCAN_OPTIONS)?;
        let mut open = OpenOptions::default();
        if let Some(p) = o.platform.take() {
            open.platform = Some(Platform::parse(&p).ok_or_else(|| {
                Failure::invalid_argument(format!(
                    "options.platform must be os/arch[/variant] (as linux/arm64/v8), got `{p}`"
                ))
            })?);
        }
        if let Some(max) = o.max_uncompressed_bytes.take() {
            open.limits = Limits {
                max_uncompressed_bytes: max,
                ..Limits::default()
            };
        }
        open.verify_diff_ids = o.verify_diff_ids.take().unwrap_or(false);
        let dockerfile = o.dockerfile.take().map(PathBuf::from);
        Ok(ScanJob {
            image,
            open,
            dockerfile,
            policy: Policy::take(&mut o)?,
        })
    }

    /// Load the configuration as `hullguard image` does (from the
    /// Dockerfile when given, else from the current folder), apply the
    /// options, lint the Dockerfile if asked, scan the image, and convert.
    pub(crate) fn run(self) -> Result<Report, Failure> {
        let anchor = self
            .dockerfile
            .clone()
            .unwrap_or_else(|| PathBuf::from("-"));
        let config = self.policy.config_for(&anchor)?;
        let mut files = Vec::with_capacity(2);
        if let Some(dockerfile) = &self.dockerfile {
            files.push(hg::lint_file(dockerfile, &config)?);
        }
        files.push(scan_image(&self.image, &self.open, &config)?);
        Ok(convert::combined_report(files, &config, self.policy.format))
    }
}

/// The name of a JavaScript value's type, for error messages.
fn type_name(t: ValueType) -> &'static str {
    match t {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "a boolean",
        ValueType::Number => "a number",
        ValueType::String => "a string",
        ValueType::Symbol => "a symbol",
        ValueType::Object => "an object",
        ValueType::Function => "a function",
        ValueType::External => "an external",
        _ => "a value of another type",
    }
}

fn value_type(value: &Unknown<'_>) -> Result<ValueType, Failure> {
    value
        .get_type()
        .map_err(|e| Failure::invalid_argument(format!("cannot read an argument: {}", e.reason)))
}

/// A string argument.
pub(crate) fn read_string(value: Unknown<'_>, what: &str) -> Result<String, Failure> {
    match value_type(&value)? {
        ValueType::String => String::from_unknown(value)
            .map_err(|e| Failure::invalid_argument(format!("{what}: {}", e.reason))),
        t => Err(Failure::invalid_argument(format!(
            "{what} must be a string, got {}",
            type_name(t)
        ))),
    }
}

/// An array-of-strings argument.
pub(crate) fn read_strings(value: Unknown<'_>, what: &str) -> Result<Vec<String>, Failure> {
    let t = value_type(&value)?;
    if t != ValueType::Object || !value.is_array().unwrap_or(false) {
        return Err(Failure::invalid_argument(format!(
            "{what} must be an array of strings, got {}",
            type_name(t)
        )));
    }
    let items = Vec::<Unknown<'_>>::from_unknown(value)
        .map_err(|e| Failure::invalid_argument(format!("{what}: {}", e.reason)))?;
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| read_string(item, &format!("{what}[{i}]")))
        .collect()
}

/// A boolean argument.
fn read_bool(value: Unknown<'_>, what: &str) -> Result<bool, Failure> {
    match value_type(&value)? {
        ValueType::Boolean => bool::from_unknown(value)
            .map_err(|e| Failure::invalid_argument(format!("{what}: {}", e.reason))),
        t => Err(Failure::invalid_argument(format!(
            "{what} must be a boolean, got {}",
            type_name(t)
        ))),
    }
}

/// A plain object (not an array, not `null`) argument.
fn read_object<'env>(value: Unknown<'env>, what: &str) -> Result<Object<'env>, Failure> {
    let t = value_type(&value)?;
    if t != ValueType::Object {
        return Err(Failure::invalid_argument(format!(
            "{what} must be an object, got {}",
            type_name(t)
        )));
    }
    if value.is_array().unwrap_or(false) {
        return Err(Failure::invalid_argument(format!(
            "{what} must be an object, got an array"
        )));
    }
    Object::from_unknown(value)
        .map_err(|e| Failure::invalid_argument(format!("{what}: {}", e.reason)))
}

/// The own enumerable keys of `object` and their values.
fn entries<'env>(
    object: &Object<'env>,
    what: &str,
) -> Result<Vec<(String, Unknown<'env>)>, Failure> {
    let bad = |e: napi::Error| Failure::invalid_argument(format!("{what}: {}", e.reason));
    let keys = Object::keys(object).map_err(bad)?;
    keys.into_iter()
        .map(|key| {
            let value = object
                .get_named_property::<Unknown<'env>>(&key)
                .map_err(bad)?;
            Ok((key, value))
        })
        .collect()
}

/// A byte count: a non-negative integer JavaScript number (at most
/// `Number.MAX_SAFE_INTEGER`, so exact).
fn read_byte_count(value: Unknown<'_>, what: &str) -> Result<u64, Failure> {
    const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
    let n = match value_type(&value)? {
        ValueType::Number => f64::from_unknown(value)
            .map_err(|e| Failure::invalid_argument(format!("{what}: {}", e.reason)))?,
        t => {
            return Err(Failure::invalid_argument(format!(
                "{what} must be a number, got {}",
                type_name(t)
            )));
        }
    };
    if !(0.0..=MAX_SAFE_INTEGER).contains(&n) || n.fract() != 0.0 {
        return Err(Failure::invalid_argument(format!(
            "{what} must be a non-negative integer number of bytes, got {n}"
        )));
    }
    // A whole number in 0..=2^53-1: exactly representable as u64.
    Ok(n as u64)
}

/// The options argument: `undefined`, `null` or a plain object whose keys
/// are among `names` and whose values have the documented types
/// (`undefined` and `null` values count as not given).
fn read_options(value: Unknown<'_>, names: &[&str]) -> Result<Options, Failure> {
    let mut o = Options::default();
    if matches!(value_type(&value)?, ValueType::Undefined | ValueType::Null) {
        return Ok(o);
    }
    let object = read_object(value, "options")?;
    for (key, value) in entries(&object, "options")? {
        if !names.contains(&key.as_str()) {
            return Err(Failure::invalid_argument(format!(
                "unknown option `{key}` (options are {})",
                names.join(", ")
            )));
        }
        if matches!(value_type(&value)?, ValueType::Undefined | ValueType::Null) {
            continue;
        }
        let what = format!("options.{key}");
        match key.as_str() {
            "path" => o.path = Some(read_string(value, &what)?),
            "platform" => o.platform = Some(read_string(value, &what)?),
            "maxUncompressedBytes" => {
                o.max_uncompressed_bytes = Some(read_byte_count(value, &what)?);
            }
            "verifyDiffIds" => o.verify_diff_ids = Some(read_bool(value, &what)?),
            "dockerfile" => o.dockerfile = Some(read_string(value, &what)?),
            "config" => o.config = Some(read_string(value, &what)?),
            "select" => o.select = Some(read_strings(value, &what)?),
            "ignore" => o.ignore = Some(read_strings(value, &what)?),
            "severity" => {
                let levels = read_object(value, &what)?;
                let mut map = BTreeMap::new();
                for (selector, level) in entries(&levels, &what)? {
                    let level = read_string(level, &format!("{what}.{selector}"))?;
                    map.insert(selector, level);
                }
                o.severity = Some(map);
            }
            "trustedRegistries" => o.trusted_registries = Some(read_strings(value, &what)?),
            "failureThreshold" => o.failure_threshold = Some(read_string(value, &what)?),
            "noFail" => o.no_fail = Some(read_bool(value, &what)?),
            "format" => o.format = Some(read_string(value, &what)?),
            _ => {
                return Err(Failure::new(
                    crate::guard::code::INTERNAL,
                    format!("option `{key}` is listed but not read"),
                ));
            }
        }
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The policy options every function takes.
    const POLICY_OPTIONS: [&str; 8] = [
        "config",
        "select",
        "ignore",
        "severity",
        "trustedRegistries",
        "failureThreshold",
        "noFail",
        "format",
    ];

    #[test]
    fn option_lists_agree() {
        for name in POLICY_OPTIONS {
            assert!(LINT_OPTIONS.contains(&name), "{name}");
            assert!(SCAN_OPTIONS.contains(&name), "{name}");
        }
        assert_eq!(LINT_OPTIONS.len(), POLICY_OPTIONS.len() + 1);
        assert_eq!(SCAN_OPTIONS.len(), POLICY_OPTIONS.len() + 4);
    }

    #[test]
    fn policy_format_is_checked() {
        let mut o = Options {
            format: Some("xml".into()),
            ..Options::default()
        };
        let e = Policy::take(&mut o).unwrap_err();
        assert_eq!(e.code, "INVALID_ARGUMENT");
        let mut o = Options {
            format: Some("sarif".into()),
            select: Some(vec!["HG200".into()]),
            ..Options::default()
        };
        let p = Policy::take(&mut o).unwrap();
        assert_eq!(p.format, Some(hg::render::Format::Sarif));
        assert_eq!(p.overrides.select, ["HG200"]);
        assert!(o.select.is_none() && o.format.is_none());
    }
}
