//! Small helpers the image checks share: how a file is located in a
//! finding, sizes for people, and reading a kept file of the final image.

use std::borrow::Cow;

use crate::image::filesystem::{EntryRef, entry};
use crate::image::{FileEntry, FileSystem, Image};
use crate::lint::RuleSettings;
use crate::rules::support::secrets::{find_secrets, is_non_secret_value, is_secret_name, redact};

/// Symlinks followed when a check reads a file (the reader's default limit).
pub(crate) const MAX_HOPS: usize = 40;

/// `layer N: /path`, N counted from 1 at the bottom.
pub(crate) fn at_layer(layer: usize, path: &str) -> String {
    format!("layer {}: /{}", layer + 1, path)
}

/// A byte count for people: `512 B`, `1.5 KiB`, `20.0 MiB`, `1.2 GiB`.
pub(crate) fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = UNITS[0];
    for u in UNITS.iter().skip(1) {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        unit = u;
    }
    format!("{value:.1} {unit}")
}

/// A visible file of the final image, with its text when it was kept.
pub(crate) struct TextFile<'a> {
    /// The layer the content comes from (0-based).
    pub layer: usize,
    /// The path that holds the content (after links).
    pub path: &'a str,
    /// The content, decoded leniently.
    pub text: Cow<'a, str>,
}

/// The final filesystem, when the image came with its layers.
pub(crate) fn filesystem(image: &Image) -> Option<&FileSystem> {
    image.filesystem.as_ref()
}

/// The entry a reference names.
pub(crate) fn entry_of(image: &Image, r: EntryRef) -> Option<&FileEntry> {
    entry(&image.layers, r)
}

/// Every visible entry of the final image in path order, with the layer
/// (0-based) it comes from.
pub(crate) fn visible(image: &Image) -> impl Iterator<Item = (usize, &FileEntry)> {
    filesystem(image)
        .into_iter()
        .flat_map(|fs| fs.iter())
        .filter_map(|(_, r)| Some((r.0, entry_of(image, r)?)))
}

/// The kept content of `path` in the final image, following links.
pub(crate) fn read_text<'a>(image: &'a Image, path: &str) -> Option<TextFile<'a>> {
    let fs = filesystem(image)?;
    let r = fs.resolve(&image.layers, path, MAX_HOPS)?;
    let e = entry_of(image, r)?;
    let captured = fs.read(&image.layers, path, MAX_HOPS)?;
    Some(TextFile {
        layer: r.0,
        path: &e.path,
        text: String::from_utf8_lossy(&captured.content),
    })
}

/// A list for a message: the first `max` items, then "and N more".
pub(crate) fn short_list(items: &[String], max: usize) -> String {
    let shown: Vec<&str> = items.iter().take(max).map(String::as_str).collect();
    let mut out = shown.join(", ");
    if items.len() > max {
        out.push_str(&format!(" and {} more", items.len() - max));
    }
    out
}

/// Whether `path` (normalised) is `dir` or inside it.
pub(crate) fn is_under(path: &str, dir: &str) -> bool {
    path == dir
        || path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether a value points to a secret rather than holding one: a variable
/// left unexpanded, a URL without credentials (a vault or key-service
/// address), a cloud secret-manager reference, or a `<placeholder>`.
pub(crate) fn is_reference(value: &str) -> bool {
    let v = value.trim().trim_matches(|c| c == '"' || c == '\'');
    if v.starts_with('$') || (v.starts_with('<') && v.ends_with('>')) {
        return true;
    }
    if let Some((scheme, rest)) = v.split_once("://")
        && !scheme.is_empty()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+')
    {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
        return !authority.contains('@');
    }
    [
        "arn:aws:secretsmanager:",
        "arn:aws:ssm:",
        "vault:",
        "projects/",
    ]
    .iter()
    .any(|p| v.starts_with(p))
        && !v.contains(char::is_whitespace)
}

/// What secret `NAME=value` stores, for a message, or `None`: literal secret
/// values whatever the name (`a GitHub token (\`ghp_…\`)`), or a literal
/// value under a name that says it is a secret (`a literal value (\`hu…\`)`).
/// Empty values, paths, switches and references are not secrets.
pub(crate) fn secret_in_assignment(
    name: &str,
    value: &str,
    settings: &RuleSettings,
) -> Option<String> {
    let found = find_secrets(value);
    if !found.is_empty() {
        let parts: Vec<String> = found
            .iter()
            .map(|m| {
                let text = value.get(m.range.clone()).unwrap_or_default();
                format!("a {} (`{}`)", m.kind.describe(), redact(text))
            })
            .collect();
        return Some(parts.join(" and "));
    }
    if is_secret_name(name, settings) && !is_non_secret_value(value) && !is_reference(value) {
        return Some(format!("a literal value (`{}`)", redact(value.trim())));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_that_store_secrets() {
        let s = RuleSettings::default();
        let gh = "ghp_R7aQ2mV9xK4pL8sT1wZ6bN3cF5dH0jY2uE7i";
        assert_eq!(
            secret_in_assignment("X", gh, &s).as_deref(),
            Some("a GitHub token (`ghp_…`)")
        );
        assert_eq!(
            secret_in_assignment("DB_PASSWORD", "hunter2hunter2", &s).as_deref(),
            Some("a literal value (`hu…`)")
        );
        for (name, value) in [
            ("DB_PASSWORD", ""),
            ("DB_PASSWORD", "/run/secrets/db"),
            ("API_TOKEN", "${API_TOKEN}"),
            ("VAULT_TOKEN", "<your token>"),
            ("KEY_SERVER", "hkps://keys.openpgp.org"),
            ("DB_SECRET", "arn:aws:secretsmanager:eu-west-1:1:secret:db"),
            ("AUTH_ENABLED", "true"),
            ("GPG_KEY", "7169605F62C751356D054A26A821E680E5FA6305"),
            ("PATH", "/usr/local/bin:/usr/bin"),
        ] {
            assert_eq!(
                secret_in_assignment(name, value, &s),
                None,
                "{name}={value}"
            );
        }
        // A URL with a password is a secret whatever it is called.
        assert!(
            secret_in_assignment("DATABASE_URL", "postgres://app:s3cr3tpw@db/app", &s).is_some()
        );
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(20 << 20), "20.0 MiB");
        assert_eq!(human_size(3 << 30), "3.0 GiB");
        assert_eq!(human_size(u64::MAX), "16384.0 PiB");
    }

    #[test]
    fn lists_and_paths() {
        let items: Vec<String> = ["a", "b", "c"].iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(short_list(&items, 2), "a, b and 1 more");
        assert_eq!(short_list(&items, 5), "a, b, c");
        assert!(is_under("tmp/x", "tmp"));
        assert!(is_under("tmp", "tmp"));
        assert!(!is_under("tmpfoo", "tmp"));
        assert_eq!(at_layer(0, "etc/shadow"), "layer 1: /etc/shadow");
    }
}
