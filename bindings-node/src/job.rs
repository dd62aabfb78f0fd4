//! A lint request: its arguments read from JavaScript values (on the main
//! thread), then the work itself (on the main thread or a pool thread).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

/// The option names, as JavaScript spells them.
const OPTION_NAMES: [&str; 9] = [
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
    config: Option<PathBuf>,
    overrides: hg::Overrides,
    format: Option<hg::render::Format>,
}

impl LintJob {
    /// `lint(text, options)`.
    pub(crate) fn text(text: Unknown<'_>, options: Unknown<'_>) -> Result<Self, Failure> {
        let text = read_string(text, "text")?;
        LintJob::new(Input::Text(text), read_options(options)?)
    }

    /// `lintFile(path, options)`.
    pub(crate) fn file(path: Unknown<'_>, options: Unknown<'_>) -> Result<Self, Failure> {
        let path = read_string(path, "path")?;
        let options = read_options(options)?;
        if options.path.is_some() {
            return Err(Failure::invalid_argument(
                "options.path is not accepted by lintFile: the file's path is its first argument",
            ));
        }
        LintJob::new(Input::File(path), options)
    }

    fn new(input: Input, o: LintOptions) -> Result<Self, Failure> {
        let format = o
            .format
            .map(|f| {
                hg::render::Format::parse(&f).ok_or_else(|| {
                    Failure::invalid_argument(format!(
                        "unknown format `{f}`: expected text, json or sarif"
                    ))
                })
            })
            .transpose()?;
        Ok(LintJob {
            input,
            label: o.path,
            config: o.config.map(PathBuf::from),
            overrides: hg::Overrides {
                select: o.select.unwrap_or_default(),
                ignore: o.ignore.unwrap_or_default(),
                severity: o.severity.unwrap_or_default().into_iter().collect(),
                trusted_registries: o.trusted_registries.unwrap_or_default(),
                failure_threshold: o.failure_threshold,
                no_fail: o.no_fail.unwrap_or(false),
            },
            format,
        })
    }

    /// Load the configuration as `hullguard lint` does, apply the options,
    /// lint, and convert.
    pub(crate) fn run(self) -> Result<Report, Failure> {
        let anchor = match &self.input {
            Input::Text(_) => self.label.clone().unwrap_or_else(|| "-".to_owned()),
            Input::File(path) => path.clone(),
        };
        let base = hg::config_for(Path::new(&anchor), self.config.as_deref())?;
        let config = self.overrides.apply(base)?;
        let file = match self.input {
            Input::Text(text) => hg::lint_source(&text, &anchor, &config),
            Input::File(path) => hg::lint_file(Path::new(&path), &config)?,
        };
        Ok(convert::report(file, &config, self.format))
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

/// The options argument: `undefined`, `null` or a plain object with known
/// keys whose values have the documented types (`undefined` and `null`
/// values count as not given).
fn read_options(value: Unknown<'_>) -> Result<LintOptions, Failure> {
    let mut o = LintOptions::default();
    if matches!(value_type(&value)?, ValueType::Undefined | ValueType::Null) {
        return Ok(o);
    }
    let object = read_object(value, "options")?;
    for (key, value) in entries(&object, "options")? {
        if OPTION_NAMES.contains(&key.as_str())
            && matches!(value_type(&value)?, ValueType::Undefined | ValueType::Null)
        {
            continue;
        }
        let what = format!("options.{key}");
        match key.as_str() {
            "path" => o.path = Some(read_string(value, &what)?),
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
                return Err(Failure::invalid_argument(format!(
                    "unknown option `{key}` (options are {})",
                    OPTION_NAMES.join(", ")
                )));
            }
        }
    }
    Ok(o)
}
