//! The JavaScript shapes of the core's types (plain objects, camelCase
//! fields) and the conversions into them. Positions are converted here:
//! character columns stay as the core gives them, UTF-16 columns and fix
//! offsets are added for JavaScript strings and LSP editors. Image findings
//! have no position (line and columns 0) but a `location` in the image.

use hullguard::lint as hg;
use napi_derive::napi;

/// How serious a finding is, most serious first.
#[napi(string_enum = "lowercase")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
    Info,
    Style,
}

impl From<hg::Severity> for Severity {
    fn from(s: hg::Severity) -> Self {
        match s {
            hg::Severity::Error => Severity::Error,
            hg::Severity::Warning => Severity::Warning,
            hg::Severity::Info => Severity::Info,
            hg::Severity::Style => Severity::Style,
        }
    }
}

/// The best practice a rule serves.
#[napi(string_enum = "kebab-case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    BaseImage,
    Pinning,
    MultiStage,
    Packages,
    Privileges,
    Secrets,
    SupplyChain,
    Vulnerabilities,
    Correctness,
    Style,
}

impl From<hg::Category> for Category {
    fn from(c: hg::Category) -> Self {
        match c {
            hg::Category::BaseImage => Category::BaseImage,
            hg::Category::Pinning => Category::Pinning,
            hg::Category::MultiStage => Category::MultiStage,
            hg::Category::Packages => Category::Packages,
            hg::Category::Privileges => Category::Privileges,
            hg::Category::Secrets => Category::Secrets,
            hg::Category::SupplyChain => Category::SupplyChain,
            hg::Category::Vulnerabilities => Category::Vulnerabilities,
            hg::Category::Correctness => Category::Correctness,
            hg::Category::Style => Category::Style,
        }
    }
}

/// One replacement of a fix. `start` and `end` are UTF-16 offsets into the
/// linted text, so `text.slice(start, end)` is the text to replace.
#[napi(object)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: u32,
    pub end: u32,
    pub replacement: String,
}

/// A suggested fix.
#[napi(object)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, in a few words.
    pub title: String,
    /// Whether applying it cannot change what the image does.
    pub safe: bool,
    /// Non-overlapping edits.
    pub edits: Vec<Edit>,
}

/// A finding. Lines are 1-based; `column`/`endColumn` count characters
/// (Unicode scalar values, as the CLI prints them) and
/// `columnUtf16`/`endColumnUtf16` count UTF-16 code units (what JavaScript
/// strings and LSP editors index by); all columns are 1-based and the end is
/// just past the offending text. A finding in an image (`scanImage`) has
/// line and columns 0 and says where it is in `location` instead.
#[napi(object)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable rule code (`DL3008`, `HG101`).
    pub code: String,
    /// Kebab-case rule name.
    pub name: String,
    /// Severity after the configuration and options.
    pub severity: Severity,
    pub category: Category,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub column_utf16: u32,
    pub end_column_utf16: u32,
    /// The rule's documentation.
    pub url: String,
    pub fix: Option<Fix>,
    /// Where in the image the finding is: `config.User`,
    /// `history[3]: RUN apt-get install …`, `layer 2: /etc/shadow`. Absent
    /// for findings in a Dockerfile.
    pub location: Option<String>,
}

/// The result of linting one Dockerfile or scanning one image.
#[napi(object)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The path given (`options.path`, the file linted or the image
    /// scanned), `-` for text without one.
    pub path: String,
    /// Findings: a Dockerfile's sorted by position, an image's by location;
    /// with `options.dockerfile`, the Dockerfile's come first.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether a finding is at or above the failure threshold: what makes
    /// `hullguard lint` (or `hullguard image`) exit 1.
    pub failed: bool,
    /// Things worth knowing that are not findings: an image config that
    /// breaks the OCI spec, a layer whose tar stream lacks its end, a file
    /// too large to inspect. Always empty for a Dockerfile.
    pub notes: Vec<String>,
    /// The report rendered by the core, when `options.format` was given.
    pub output: Option<String>,
}

/// A rule's metadata.
#[napi(object)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub code: String,
    pub name: String,
    /// Default severity.
    pub severity: Severity,
    pub category: Category,
    /// Whether it runs without being selected.
    pub default_enabled: bool,
    /// The same rule in other tools, as `tool:id` (`hadolint:DL3006`, `trivy:DS-0001`).
    pub sources: Vec<String>,
    /// What to do about a finding.
    pub help: String,
    /// The documentation page.
    pub url: String,
    /// What the rule flags, in a sentence or two.
    pub summary: String,
}

impl From<&hg::RuleMeta> for Rule {
    fn from(m: &hg::RuleMeta) -> Self {
        Rule {
            code: m.code.to_owned(),
            name: m.name.to_owned(),
            severity: m.severity.into(),
            category: m.category.into(),
            default_enabled: m.default_enabled,
            sources: m.sources.iter().map(|s| (*s).to_owned()).collect(),
            help: m.help.to_owned(),
            url: m.url(),
            summary: m.docs.what.to_owned(),
        }
    }
}

/// A count or offset as a JavaScript number field. JavaScript strings are
/// far shorter than 4 GiB, so this never saturates in practice.
pub(crate) fn js_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// UTF-16 offsets of the byte offsets `bytes` into `text`, in the same order.
/// An offset inside a character counts from that character's start; one
/// past the end counts from the end. One pass over the text.
pub(crate) fn utf16_offsets(text: &str, bytes: &[usize]) -> Vec<usize> {
    if text.is_ascii() {
        return bytes.iter().map(|&b| b.min(text.len())).collect();
    }
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_unstable_by_key(|&i| bytes[i]);
    let mut out = vec![0; bytes.len()];
    let mut chars = text.char_indices().peekable();
    let mut units = 0;
    for i in order {
        let target = bytes[i];
        while let Some(&(at, c)) = chars.peek() {
            if at + c.len_utf8() > target {
                break;
            }
            units += c.len_utf16();
            chars.next();
        }
        out[i] = units;
    }
    out
}

/// The JavaScript findings of one core file report, in its order.
fn diagnostics(file: &hg::FileReport, out: &mut Vec<Diagnostic>) {
    let utf16 = file.utf16_positions();
    let edit_offsets: Vec<usize> = file
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .flat_map(|f| &f.edits)
        .flat_map(|e| [e.start, e.end])
        .collect();
    let mut edit_offsets = utf16_offsets(&file.source, &edit_offsets).into_iter();
    out.reserve(file.diagnostics.len());
    for (d, (start16, end16)) in file.diagnostics.iter().zip(utf16) {
        let fix = d.fix.as_ref().map(|f| Fix {
            title: f.title.clone(),
            safe: f.safe,
            edits: f
                .edits
                .iter()
                .map(|e| Edit {
                    start: js_u32(edit_offsets.next().unwrap_or(e.start)),
                    end: js_u32(edit_offsets.next().unwrap_or(e.end)),
                    replacement: e.replacement.clone(),
                })
                .collect(),
        });
        // A finding without a position (line 0: one in an image) keeps its
        // columns 0 in UTF-16 too, rather than the 1 an empty text would give.
        let (column16, end_column16) = if d.line == 0 {
            (0, 0)
        } else {
            (start16.column, end16.column)
        };
        out.push(Diagnostic {
            code: d.code.clone(),
            name: d.name.clone(),
            severity: d.severity.into(),
            category: d.category.into(),
            message: d.message.clone(),
            help: d.help.clone(),
            line: js_u32(d.line),
            column: js_u32(d.column),
            end_line: js_u32(d.end_line),
            end_column: js_u32(d.end_column),
            column_utf16: js_u32(column16),
            end_column_utf16: js_u32(end_column16),
            url: d.url.clone(),
            fix,
            location: d.location.clone(),
        });
    }
}

/// The JavaScript report of a core file report: `failed` under `config`,
/// and the core's rendering in `format` when asked for.
pub(crate) fn report(
    file: hg::FileReport,
    config: &hg::Config,
    format: Option<hg::render::Format>,
) -> Report {
    combined_report(vec![file], config, format)
}

/// One JavaScript report of several core file reports (a Dockerfile and
/// the image built from it): the findings and notes of all, in order, under
/// the path of the last; the rendering has every file, as the CLI prints
/// them.
pub(crate) fn combined_report(
    files: Vec<hg::FileReport>,
    config: &hg::Config,
    format: Option<hg::render::Format>,
) -> Report {
    let mut diagnostics_out = Vec::new();
    for file in &files {
        diagnostics(file, &mut diagnostics_out);
    }
    let failed = files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .any(|d| config.fails(d.severity));
    let path = files.last().map(|f| f.path.clone()).unwrap_or_default();
    let notes = files.iter().flat_map(|f| f.notes.iter().cloned()).collect();
    let output = format.map(|f| {
        hg::render::render(
            &hg::Report { files },
            f,
            hg::render::RenderOptions { color: false },
        )
    });
    Report {
        path,
        diagnostics: diagnostics_out,
        failed,
        notes,
        output,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_offsets_are_byte_offsets() {
        assert_eq!(utf16_offsets("FROM a\n", &[0, 5, 7, 99]), [0, 5, 7, 7]);
    }

    #[test]
    fn non_ascii_offsets_count_utf16_units() {
        // é: 2 bytes, 1 unit; 😀: 4 bytes, 2 units.
        let text = "é😀x";
        assert_eq!(text.len(), 7);
        assert_eq!(utf16_offsets(text, &[7, 0, 2, 6, 3]), [4, 0, 1, 3, 1]);
        // Inside a character: that character's start.
        assert_eq!(utf16_offsets(text, &[1, 4]), [0, 1]);
        assert_eq!(utf16_offsets(text, &[]), Vec::<usize>::new());
        // Matches what JavaScript's String.prototype.length would say.
        for (i, _) in text.char_indices() {
            assert_eq!(
                utf16_offsets(text, &[i]),
                [text[..i].encode_utf16().count()]
            );
        }
    }

    #[test]
    fn report_positions_and_fix_offsets() {
        // A line with é and an emoji before the finding.
        let text = "# é 😀\nFROM ubuntu\nRUN echo é 😀 && apt-get install -y curl\n";
        let config = hg::Config::default();
        let file = hg::lint_source(text, "Dockerfile", &config);
        let r = report(file, &config, Some(hg::render::Format::Json));
        assert_eq!(r.path, "Dockerfile");
        assert!(r.failed);
        assert!(
            r.output
                .as_deref()
                .is_some_and(|o| o.contains("\"DL3008\""))
        );
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.line == 3)
            .expect("a finding on line 3");
        assert_eq!(d.column_utf16, d.column + 1, "{d:?}");
        let utf16: Vec<u16> = text.encode_utf16().collect();
        for d in &r.diagnostics {
            for e in d.fix.iter().flat_map(|f| &f.edits) {
                assert!(e.start <= e.end && (e.end as usize) <= utf16.len());
            }
        }
    }

    #[test]
    fn image_findings_have_a_location_and_no_position() {
        let image = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/image");
        let config = hg::Config::default();
        let scanned = hullguard::image::scan_image(&image, &Default::default(), &config).unwrap();
        let linted = hg::lint_source("FROM ubuntu\n", "Dockerfile", &config);
        let (n_linted, n_scanned) = (linted.diagnostics.len(), scanned.diagnostics.len());
        let r = combined_report(
            vec![linted, scanned],
            &config,
            Some(hg::render::Format::Json),
        );
        assert_eq!(r.path, image.display().to_string());
        assert_eq!(r.diagnostics.len(), n_linted + n_scanned);
        let (from_dockerfile, from_image) = r.diagnostics.split_at(n_linted);
        assert!(
            from_dockerfile
                .iter()
                .all(|d| d.location.is_none() && d.line >= 1 && d.column_utf16 >= 1)
        );
        assert!(from_image.iter().all(|d| d.location.is_some()
            && (d.line, d.column, d.column_utf16, d.end_column_utf16) == (0, 0, 0, 0)));
        assert!(
            from_image
                .iter()
                .any(|d| d.code == "HG200" && d.location.as_deref() == Some("config.User"))
        );
        let output = r.output.unwrap_or_default();
        assert_eq!(output.matches("\"path\"").count(), 2, "{output}");
    }

    #[test]
    fn every_rule_converts() {
        let rules: Vec<Rule> = hg::rules().map(Rule::from).collect();
        assert!(rules.len() > 50);
        assert!(rules.iter().all(|r| !r.summary.is_empty()));
    }
}
