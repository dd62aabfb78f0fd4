//! Secrets, recognised without regular expressions so that Dockerfile rules
//! and image-config checks (`Env`, labels, history) read them the same way:
//!
//! - [`is_secret_name`]: whether a variable name (ARG, ENV, label key) names a
//!   secret — BuildKit's token match and allow-list, extended with camelCase
//!   splitting, compound words (`PGPASSWORD`), known names and user patterns;
//! - [`find_secrets`]: literal secret values in any string (cloud keys, tokens,
//!   private keys, passwords in URLs), each with its kind and byte range;
//! - [`url_credentials`]: the user and password parts of every URL in a string,
//!   literal or not, for rules that care where a credential comes from.

use std::ops::Range;

use crate::lint::RuleSettings;

// ---------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------

/// Words that make a name secret when they are one of its tokens (BuildKit's
/// `SecretsUsedInArgOrEnv` list, plus plurals and `passphrase`).
const SECRET_TOKENS: &[&str] = &[
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "passwords",
    "pword",
    "passwd",
    "secret",
    "secrets",
    "token",
    "tokens",
    "passphrase",
    "privatekey",
    "secretkey",
    "accesskey",
    "apitoken",
    "authtoken",
];

/// Tokens that mean a password only next to another word (`DB_PASS`,
/// `MYSQL_PWD`): alone, `PWD` is the working directory.
const QUALIFIED_SECRET_TOKENS: &[&str] = &["pass", "pwd", "psw"];

/// Endings that make one compound token secret (`PGPASSWORD`, `CLIENTSECRET`).
const SECRET_SUFFIXES: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "passphrase",
];

/// Tokens that make a name *not* secret: it names a file, a version, a public
/// key, a setting about the secret, or a public key-signing identity
/// (BuildKit's `public|file|version`, extended).
const ALLOWED_TOKENS: &[&str] = &[
    "public",
    "pub",
    "file",
    "files",
    "version",
    "path",
    "dir",
    "url",
    "uri",
    "endpoint",
    "id",
    "ids",
    "name",
    "type",
    "method",
    "mode",
    "enabled",
    "enable",
    "disabled",
    "disable",
    "required",
    "provider",
    "length",
    "size",
    "bits",
    "algorithm",
    "ttl",
    "timeout",
    "expiry",
    "sock",
    "socket",
    "gpg",
    "pgp",
    "gnupg",
    "fingerprint",
    "keyring",
    "keyserver",
    "format",
];

/// Words before `key` that make it a lookup key, not a secret (`CACHE_KEY`,
/// `PARTITION_KEY`, and `Filters__0__Key` in .NET's `__`-separated settings).
const LOOKUP_KEY_WORDS: &[&str] = &[
    "cache",
    "sort",
    "partition",
    "primary",
    "foreign",
    "routing",
    "lookup",
    "idempotency",
];

/// Names that hold secrets whatever the tokens say (provider conventions
/// listed by Trivy's DS-0031 and common database images).
const KNOWN_SECRET_NAMES: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AZURE_CLIENT_SECRET",
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "GH_ENTERPRISE_TOKEN",
    "GITHUB_ENTERPRISE_TOKEN",
    "GITHUB_PAT",
    "GH_PAT",
    "CR_PAT",
    "GITLAB_PAT",
    "NPM_TOKEN",
    "NODE_AUTH_TOKEN",
    "OPENAI_API_KEY",
    "HF_TOKEN",
    "HUGGING_FACE_HUB_TOKEN",
    "DIGITALOCEAN_ACCESS_TOKEN",
    "DOCKERHUB_PASSWORD",
    "FIREBASE_TOKEN",
    "CI_DEPLOY_PASSWORD",
    "GOOGLE_API_KEY",
    "LANGSMITH_API_KEY",
    "LANGCHAIN_API_KEY",
    "HEROKU_API_KEY",
    "VAULT_TOKEN",
    "PGPASSWORD",
    "MYSQL_PWD",
    "SONAR_TOKEN",
    "SNYK_TOKEN",
    "CODECOV_TOKEN",
];

/// Front-end build tools expose variables with these prefixes to the browser
/// bundle; Trivy treats `VITE_GITHUB_TOKEN` like `GITHUB_TOKEN`.
const BUNDLER_PREFIXES: &[&str] = &["VITE_", "REACT_APP_", "NEXT_PUBLIC_"];

/// Split a variable name into lower-case tokens: at every character that is
/// not a letter or digit, between letters and digits, and at camelCase
/// boundaries (`apiKey` → `api`, `key`; `APIKey` → `api`, `key`).
pub(crate) fn name_tokens(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut tokens = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                tokens.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(&prev) = i.checked_sub(1).and_then(|p| chars.get(p)) {
            let next = chars.get(i + 1).copied();
            let boundary = (prev.is_lowercase() && c.is_uppercase())
                || (prev.is_alphabetic() && c.is_ascii_digit())
                || (prev.is_ascii_digit() && c.is_alphabetic())
                || (prev.is_uppercase()
                    && c.is_uppercase()
                    && next.is_some_and(char::is_lowercase));
            if boundary && !cur.is_empty() {
                tokens.push(std::mem::take(&mut cur));
            }
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        tokens.push(cur);
    }
    tokens
}

/// Case-insensitive match of `text` against `pattern`, where `*` matches any
/// run of characters (the only wildcard).
pub(crate) fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().flat_map(char::to_lowercase).collect();
    let t: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Why a name was judged to hold a secret, or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameVerdict {
    /// It matches a user pattern in `secret-names`.
    UserPattern,
    /// It is a known secret variable (`AWS_SECRET_ACCESS_KEY`, `GITHUB_TOKEN`…).
    Known,
    /// One of its tokens is a secret word.
    Token,
    /// Not a secret: no secret word, an allow-listed word, or a user pattern in
    /// `allowed-secret-names`.
    NotSecret,
}

impl NameVerdict {
    /// Whether the name holds a secret.
    pub(crate) fn is_secret(self) -> bool {
        self != NameVerdict::NotSecret
    }
}

/// Classify a variable name with explicit user patterns: `allowed` wins over
/// everything, then `extra`, then the known names, then the allow-listed
/// tokens, then the secret tokens.
pub(crate) fn classify_name(name: &str, extra: &[String], allowed: &[String]) -> NameVerdict {
    if allowed.iter().any(|p| glob_match(p, name)) {
        return NameVerdict::NotSecret;
    }
    if extra.iter().any(|p| glob_match(p, name)) {
        return NameVerdict::UserPattern;
    }
    let upper = name.to_ascii_uppercase();
    let bare = BUNDLER_PREFIXES
        .iter()
        .find_map(|p| upper.strip_prefix(p))
        .unwrap_or(&upper);
    if KNOWN_SECRET_NAMES.contains(&upper.as_str()) || KNOWN_SECRET_NAMES.contains(&bare) {
        return NameVerdict::Known;
    }
    let tokens = name_tokens(name);
    if tokens.iter().any(|t| ALLOWED_TOKENS.contains(&t.as_str())) {
        return NameVerdict::NotSecret;
    }
    let secret = tokens.iter().enumerate().any(|(k, t)| {
        let lookup_key = t == "key"
            && k.checked_sub(1)
                .and_then(|p| tokens.get(p))
                .is_some_and(|prev| {
                    prev.bytes().all(|b| b.is_ascii_digit())
                        || LOOKUP_KEY_WORDS.contains(&prev.as_str())
                });
        (SECRET_TOKENS.contains(&t.as_str()) && !lookup_key)
            || (tokens.len() > 1 && QUALIFIED_SECRET_TOKENS.contains(&t.as_str()))
            || SECRET_SUFFIXES
                .iter()
                .any(|s| t.len() > s.len() && t.ends_with(s))
    });
    if secret {
        NameVerdict::Token
    } else {
        NameVerdict::NotSecret
    }
}

/// Whether a variable name holds a secret, under the user's `secret-names`
/// and `allowed-secret-names` settings.
pub(crate) fn is_secret_name(name: &str, settings: &RuleSettings) -> bool {
    classify_name(name, &settings.secret_names, &settings.allowed_secret_names).is_secret()
}

/// Whether a variable's value is evidently not a secret but a pointer to one
/// or a switch: empty, an absolute or home path, or a boolean word.
pub(crate) fn is_non_secret_value(value: &str) -> bool {
    let v = value.trim().trim_matches(|c| c == '"' || c == '\'');
    v.is_empty()
        || v.starts_with('/')
        || v.starts_with("~/")
        || v.starts_with("./")
        || v.starts_with("$HOME/")
        || v.starts_with("${HOME}/")
        || [
            "true", "false", "yes", "no", "on", "off", "0", "1", "none", "null",
        ]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(v))
}

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

/// What a literal secret is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum SecretKind {
    /// `AKIA…`/`ASIA…`: an AWS access key id (long-term or temporary).
    AwsAccessKeyId,
    /// A 40-character AWS secret access key assigned to `aws_secret_access_key`.
    AwsSecretAccessKey,
    /// A PEM `-----BEGIN … PRIVATE KEY-----` block.
    PrivateKey,
    /// A GitHub token (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`).
    GithubToken,
    /// A GitLab token (`glpat-`, `glptt-`, `gldt-`, `glrt-`).
    GitlabToken,
    /// An npm access token (`npm_`).
    NpmToken,
    /// A Slack token (`xoxa-`, `xoxb-`, `xoxp-`, `xoxr-`, `xoxs-`).
    SlackToken,
    /// The password of `scheme://user:password@host`.
    UrlPassword,
}

impl SecretKind {
    /// A short description for messages (`"GitHub token"`).
    pub(crate) fn describe(self) -> &'static str {
        match self {
            SecretKind::AwsAccessKeyId => "AWS access key id",
            SecretKind::AwsSecretAccessKey => "AWS secret access key",
            SecretKind::PrivateKey => "private key",
            SecretKind::GithubToken => "GitHub token",
            SecretKind::GitlabToken => "GitLab token",
            SecretKind::NpmToken => "npm access token",
            SecretKind::SlackToken => "Slack token",
            SecretKind::UrlPassword => "password in a URL",
        }
    }
}

/// One literal secret found in a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SecretMatch {
    /// What it is.
    pub kind: SecretKind,
    /// Its bytes in the searched string (for a URL, just the password; for a
    /// private key, the whole PEM block as far as it goes).
    pub range: Range<usize>,
}

/// Which secret detectors have a marker in a text.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Triggers {
    /// `AKIA`/`ASIA`.
    aws_key_id: bool,
    /// `secret` in any case (`secret_access_key`, `aws_secret_key`, …).
    secret_word: bool,
    /// `-----BEGIN `.
    pem_begin: bool,
    /// A token prefix ending at a `_` or `-` (`ghp_`, `glpat-`, `xoxb-`, `npm_`).
    token_prefix: bool,
}

/// Token prefixes, without their final `_`/`-`.
const TOKEN_STEMS: [&[u8]; 16] = [
    b"ghp",
    b"gho",
    b"ghu",
    b"ghs",
    b"ghr",
    b"github_pat",
    b"glpat",
    b"glptt",
    b"gldt",
    b"glrt",
    b"npm",
    b"xoxa",
    b"xoxb",
    b"xoxp",
    b"xoxr",
    b"xoxs",
];

impl Triggers {
    fn of(text: &str) -> Triggers {
        let b = text.as_bytes();
        let mut t = Triggers::default();
        for (i, &c) in b.iter().enumerate() {
            match c {
                b'A' if matches!(b.get(i + 1), Some(b'K' | b'S'))
                    && b.get(i + 2..i + 4) == Some(b"IA") =>
                {
                    t.aws_key_id = true;
                }
                b's' | b'S'
                    if b.get(i..i + 6)
                        .is_some_and(|w| w.eq_ignore_ascii_case(b"secret")) =>
                {
                    t.secret_word = true;
                }
                b'-' | b'_' => {
                    if c == b'-' && b.get(i..i + 11) == Some(b"-----BEGIN ") {
                        t.pem_begin = true;
                    }
                    let before = b.get(..i).unwrap_or_default();
                    if TOKEN_STEMS.iter().any(|s| before.ends_with(s)) {
                        t.token_prefix = true;
                    }
                }
                _ => {}
            }
        }
        t
    }
}

/// Every literal secret in `text`, ordered by position, without overlaps (a
/// token inside a URL is reported as the token).
pub(crate) fn find_secrets(text: &str) -> Vec<SecretMatch> {
    let mut found = Vec::new();
    // Every kind needs one of these bytes (`@` of a URL, `-` of a PEM marker
    // or `glpat-`, `_` of `ghp_`/`aws_secret…`, `A` of `AKIA`) and at least
    // nine bytes (`a://b:c@d`): most shell words have neither.
    if text.len() < 9 || !text.bytes().any(|b| matches!(b, b'@' | b'-' | b'_' | b'A')) {
        return found;
    }
    // One pass finds which detectors can match at all; each detector then
    // runs only where its marker occurs (most texts have none).
    let t = Triggers::of(text);
    if t.aws_key_id {
        aws_access_key_ids(text, &mut found);
    }
    if t.secret_word {
        aws_secret_keys(text, &mut found);
    }
    if t.pem_begin {
        private_keys(text, &mut found);
    }
    if t.token_prefix {
        prefixed_tokens(text, &mut found);
    }
    for c in url_credentials(text) {
        if let Some(p) = c.password
            && is_literal_password(&text[p.clone()])
        {
            found.push(SecretMatch {
                kind: SecretKind::UrlPassword,
                range: p,
            });
        }
    }
    // Most specific first, then drop anything overlapping an earlier pick.
    found.sort_by_key(|m| (m.kind == SecretKind::UrlPassword, m.range.start));
    let mut kept: Vec<SecretMatch> = Vec::new();
    for m in found {
        if !kept
            .iter()
            .any(|k| k.range.start < m.range.end && m.range.start < k.range.end)
        {
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| m.range.start);
    kept
}

/// A form of a secret fit for a message: its first few characters, then `…`.
pub(crate) fn redact(secret: &str) -> String {
    let keep = match secret.chars().count() {
        0..=7 => 0,
        8..=15 => 2,
        _ => 4,
    };
    let head: String = secret.chars().take(keep).collect();
    format!("{head}…")
}

fn byte_at(text: &str, i: usize) -> Option<u8> {
    text.as_bytes().get(i).copied()
}

/// Whether the byte before `start` could not continue a word.
fn starts_word(text: &str, start: usize) -> bool {
    start == 0 || byte_at(text, start - 1).is_none_or(|b| !b.is_ascii_alphanumeric())
}

/// End of the run of bytes satisfying `f` from `start`.
fn run_end(text: &str, start: usize, f: impl Fn(u8) -> bool) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len() && f(bytes[i]) {
        i += 1;
    }
    i
}

/// Values that are evidently stand-ins: documentation examples or a few
/// characters repeated (`ghp_xxxxxxxx…`).
fn is_placeholder(body: &str) -> bool {
    let lower = body.to_ascii_lowercase();
    if lower.contains("example") || lower.contains("xxxx") {
        return true;
    }
    let mut distinct: Vec<u8> = body.bytes().collect();
    distinct.sort_unstable();
    distinct.dedup();
    distinct.len() < 6
}

fn aws_access_key_ids(text: &str, out: &mut Vec<SecretMatch>) {
    for prefix in ["AKIA", "ASIA"] {
        for (start, _) in text.match_indices(prefix) {
            if !starts_word(text, start) {
                continue;
            }
            let end = run_end(text, start + 4, |b| {
                b.is_ascii_uppercase() || b.is_ascii_digit()
            });
            if end - start == 20
                && byte_at(text, end).is_none_or(|b| !b.is_ascii_alphanumeric())
                && !is_placeholder(&text[start + 4..end])
            {
                out.push(SecretMatch {
                    kind: SecretKind::AwsAccessKeyId,
                    range: start..end,
                });
            }
        }
    }
}

fn is_base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

fn aws_secret_keys(text: &str, out: &mut Vec<SecretMatch>) {
    let lower = text.to_ascii_lowercase();
    for marker in [
        "secret_access_key",
        "secretaccesskey",
        "secret-access-key",
        "aws_secret_key",
    ] {
        for (at, _) in lower.match_indices(marker) {
            let after = at + marker.len();
            if byte_at(text, after).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
                continue;
            }
            // `KEY = "value"`, `KEY: value`, `KEY=value`, `set KEY value`.
            let start = run_end(text, after, |b| {
                matches!(b, b' ' | b'\t' | b'"' | b'\'' | b':' | b'=')
            });
            if start - after > 6 {
                continue;
            }
            let end = run_end(text, start, is_base64);
            if end - start == 40
                && byte_at(text, end).is_none_or(|b| b != b'=')
                && !is_placeholder(&text[start..end])
            {
                out.push(SecretMatch {
                    kind: SecretKind::AwsSecretAccessKey,
                    range: start..end,
                });
            }
        }
    }
}

fn private_keys(text: &str, out: &mut Vec<SecretMatch>) {
    const BEGIN: &str = "-----BEGIN ";
    for (start, _) in text.match_indices(BEGIN) {
        let label_start = start + BEGIN.len();
        let label_end = run_end(text, label_start, |b| {
            b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' '
        });
        let label = &text[label_start..label_end];
        if !(label.ends_with("PRIVATE KEY") || label == "PGP PRIVATE KEY BLOCK")
            || !text[label_end..].starts_with("-----")
        {
            continue;
        }
        let header_end = label_end + 5;
        // The body: after blank space or written-out `\n`, base64 or PEM headers.
        let mut i = header_end;
        loop {
            let j = run_end(text, i, |b| b.is_ascii_whitespace() || b == b'"');
            if text[j..].starts_with("\\n") || text[j..].starts_with("\\r") {
                i = j + 2;
            } else {
                i = j;
                break;
            }
        }
        let body_end = run_end(text, i, |b| is_base64(b) || b == b'=');
        let has_body = body_end - i >= 16
            || ["Proc-Type:", "Comment:", "Version:"]
                .iter()
                .any(|h| text[i..].starts_with(h));
        if !has_body {
            continue;
        }
        let end = text[header_end..]
            .find("-----END ")
            .map(|e| header_end + e)
            .and_then(|e| {
                let close = text[e + 9..].find("-----")?;
                Some(e + 9 + close + 5)
            })
            .unwrap_or(body_end.max(header_end));
        out.push(SecretMatch {
            kind: SecretKind::PrivateKey,
            range: start..end,
        });
    }
}

fn prefixed_tokens(text: &str, out: &mut Vec<SecretMatch>) {
    // (prefix, kind, body byte class, minimum body length, exact length)
    type Class = fn(u8) -> bool;
    let alnum: Class = |b| b.is_ascii_alphanumeric();
    let ident: Class = |b| b.is_ascii_alphanumeric() || b == b'_';
    let dashed: Class = |b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let slack: Class = |b| b.is_ascii_alphanumeric() || b == b'-';
    let table: [(&str, SecretKind, Class, usize, Option<usize>); 16] = [
        ("ghp_", SecretKind::GithubToken, alnum, 36, None),
        ("gho_", SecretKind::GithubToken, alnum, 36, None),
        ("ghu_", SecretKind::GithubToken, alnum, 36, None),
        ("ghs_", SecretKind::GithubToken, alnum, 36, None),
        ("ghr_", SecretKind::GithubToken, alnum, 36, None),
        ("github_pat_", SecretKind::GithubToken, ident, 70, None),
        ("glpat-", SecretKind::GitlabToken, dashed, 20, None),
        ("glptt-", SecretKind::GitlabToken, dashed, 20, None),
        ("gldt-", SecretKind::GitlabToken, dashed, 20, None),
        ("glrt-", SecretKind::GitlabToken, dashed, 20, None),
        ("npm_", SecretKind::NpmToken, alnum, 36, Some(36)),
        ("xoxa-", SecretKind::SlackToken, slack, 20, None),
        ("xoxb-", SecretKind::SlackToken, slack, 20, None),
        ("xoxp-", SecretKind::SlackToken, slack, 20, None),
        ("xoxr-", SecretKind::SlackToken, slack, 20, None),
        ("xoxs-", SecretKind::SlackToken, slack, 20, None),
    ];
    for (prefix, kind, class, min, exact) in table {
        for (start, _) in text.match_indices(prefix) {
            if !starts_word(text, start) || byte_at(text, start.wrapping_sub(1)) == Some(b'_') {
                continue;
            }
            let body_start = start + prefix.len();
            let end = run_end(text, body_start, class);
            let body = &text[body_start..end];
            let len_ok = match exact {
                Some(n) => body.len() == n,
                None => body.len() >= min,
            };
            let shape_ok = kind != SecretKind::SlackToken
                || (body.contains('-') && body.bytes().any(|b| b.is_ascii_digit()));
            if len_ok && shape_ok && !is_placeholder(body) {
                out.push(SecretMatch {
                    kind,
                    range: start..end,
                });
            }
        }
    }
}

/// The credentials part of one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UrlCredentials {
    /// The whole URL, from its scheme to the end of its host part.
    pub url: Range<usize>,
    /// The user part (before `:` or `@`).
    pub user: Range<usize>,
    /// The password part (after `user:`), when not empty.
    pub password: Option<Range<usize>>,
}

/// Every `scheme://user[:password]@host` in `text`, whether the parts are
/// literal or variables (`https://${TOKEN}@github.com`).
pub(crate) fn url_credentials(text: &str) -> Vec<UrlCredentials> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    if !bytes.contains(&b'@') {
        return out;
    }
    for (sep, _) in text.match_indices("://") {
        let mut scheme_start = sep;
        while scheme_start > 0
            && (bytes[scheme_start - 1].is_ascii_alphanumeric()
                || matches!(bytes[scheme_start - 1], b'+' | b'.' | b'-'))
        {
            scheme_start -= 1;
        }
        if scheme_start == sep || !bytes[scheme_start].is_ascii_alphabetic() {
            continue;
        }
        let auth_start = sep + 3;
        // The authority ends at a path, query, fragment, blank or quote. Braces
        // of `${VAR}` are kept; `$(…)` ends it at the blank inside.
        let auth_end = run_end(text, auth_start, |b| {
            !(b.is_ascii_whitespace()
                || matches!(
                    b,
                    b'/' | b'?' | b'#' | b'"' | b'\'' | b'`' | b'<' | b'>' | b'\\' | b';' | b'|'
                ))
        });
        let Some(at) = text[auth_start..auth_end].rfind('@') else {
            continue;
        };
        let at = auth_start + at;
        if at == auth_start {
            continue;
        }
        let userinfo = &text[auth_start..at];
        let (user, password) = match find_colon_outside_braces(userinfo) {
            Some(c) => {
                let p = (auth_start + c + 1)..at;
                (auth_start..auth_start + c, (!p.is_empty()).then_some(p))
            }
            None => (auth_start..at, None),
        };
        out.push(UrlCredentials {
            url: scheme_start..auth_end,
            user,
            password,
        });
    }
    out
}

/// The first `:` not inside `${…}` (whose `:-` would fool a plain search).
fn find_colon_outside_braces(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b':' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// Whether a URL password is a written-out value: no variable, no template,
/// not masked.
fn is_literal_password(p: &str) -> bool {
    !(p.contains('$')
        // GitHub's fixed password for a token given as the user name.
        || p == "x-oauth-basic"
        || p.starts_with('<')
        || p.starts_with("{{")
        || p.bytes()
            .all(|b| b == b'*' || b == b'x' || b == b'X' || b == b'.'))
}

// ---------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------

/// `.env.<suffix>` files that by convention hold placeholders, not secrets.
const ENV_TEMPLATE_SUFFIXES: &[&str] =
    &["example", "sample", "template", "dist", "defaults", "tmpl"];

/// Words in a `.pem` file's name that mark a certificate (public) rather than
/// a private key.
const CERTIFICATE_WORDS: &[&str] = &[
    "cert",
    "crt",
    "ca",
    "cacert",
    "chain",
    "fullchain",
    "bundle",
    "root",
    "trust",
    "pub",
    "public",
];

/// Words in a `.key` file's name that mark a public (signing-verification)
/// key, as package repositories publish them (`nodesource.gpg.key`).
const PUBLIC_KEY_WORDS: &[&str] = &[
    "gpg", "pgp", "asc", "pub", "public", "release", "repo", "archive", "apt", "yum", "rpm",
    "keyring",
];

/// Whether a copy destination says the file is a public key or certificate
/// (`/war/jenkins-key.pub`, `/etc/apt/keyrings/`, `/usr/local/share/ca-certificates/`).
pub(crate) fn is_public_key_destination(dest: &str) -> bool {
    let d = dest
        .trim_matches(|c| c == '"' || c == '\'')
        .to_ascii_lowercase();
    [".pub", ".asc", ".gpg", ".crt", ".cert"]
        .iter()
        .any(|e| d.ends_with(e))
        || ["gpg", "pgp", "keyring", "ca-certificates", "trusted"]
            .iter()
            .any(|w| d.contains(w))
}

/// What kind of secret a file path names, judging by its name alone
/// (`id_rsa` → SSH private key), or `None`. A path ending in `/` names a
/// directory and is never a secret file. Globs (`*.pem`) are judged by their
/// literal parts.
pub(crate) fn secret_file_kind(path: &str) -> Option<&'static str> {
    let path = path.trim_matches(|c| c == '"' || c == '\'');
    if path.is_empty() || path.ends_with('/') {
        return None;
    }
    let lower = path.to_ascii_lowercase();
    for (suffix, kind) in [
        (".docker/config.json", "Docker registry credentials"),
        (".aws/credentials", "AWS credentials"),
        (".kube/config", "Kubernetes credentials"),
    ] {
        if lower == suffix || lower.ends_with(&format!("/{suffix}")) {
            return Some(kind);
        }
    }
    let base = lower.rsplit('/').next().unwrap_or(&lower);
    let kind = match base {
        "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519" | "id_ecdsa_sk" | "id_ed25519_sk" => {
            "SSH private key"
        }
        ".env" => "environment file",
        ".npmrc" => "npm config with registry tokens",
        ".pypirc" => "PyPI credentials",
        ".netrc" | "_netrc" => "netrc login file",
        ".git-credentials" => "git credentials",
        ".dockercfg" => "Docker registry credentials",
        ".pgpass" => "PostgreSQL password file",
        "credentials" | "credentials.json" => "credentials file",
        "kubeconfig" => "Kubernetes credentials",
        _ => {
            if let Some(suffix) = base.strip_prefix(".env.") {
                return (!ENV_TEMPLATE_SUFFIXES.contains(&suffix)).then_some("environment file");
            }
            let (stem, ext) = base.rsplit_once('.')?;
            match ext {
                "key"
                    if !name_tokens(stem)
                        .iter()
                        .any(|t| PUBLIC_KEY_WORDS.contains(&t.as_str())) =>
                {
                    "private key"
                }
                "p12" | "pfx" => "PKCS#12 key store",
                "pem"
                    if !name_tokens(stem)
                        .iter()
                        .any(|t| CERTIFICATE_WORDS.contains(&t.as_str())) =>
                {
                    "PEM key file"
                }
                _ => return None,
            }
        }
    };
    Some(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(SecretKind, &str)> {
        find_secrets(text)
            .into_iter()
            .map(|m| (m.kind, &text[m.range]))
            .collect()
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn tokens_split_at_underscores_digits_and_camel_case() {
        assert_eq!(
            name_tokens("AWS_SECRET_ACCESS_KEY"),
            ["aws", "secret", "access", "key"]
        );
        assert_eq!(name_tokens("apiKey"), ["api", "key"]);
        assert_eq!(name_tokens("APIKey2"), ["api", "key", "2"]);
        assert_eq!(name_tokens("db.pass-word"), ["db", "pass", "word"]);
    }

    #[test]
    fn buildkit_token_boundary_cases() {
        let secret = |n: &str| classify_name(n, &[], &[]).is_secret();
        // BuildKit's own examples.
        assert!(secret("SECRET_PASSPHRASE"));
        assert!(secret("git_key"));
        assert!(secret("password"));
        assert!(!secret("PUBLIC_KEY"));
        assert!(!secret("password_file"));
        assert!(!secret("AUTH_MODULE_VERSION"));
        // Not secrets, though hadolint's substring match says so.
        for n in [
            "USERNAME",
            "USER_UID",
            "KEYBOARD",
            "MONKEY",
            "TOKENIZER_PARALLELISM",
            "PWD",
            "GPG_KEY",
            "GPG_KEYS",
            "MINIO_SECRET_KEY_FILE",
            "SSH_AUTH_SOCK",
            "KEY_ID",
            "PRIVATE",
            "DefaultProcess__Filters__0__Key",
            "REDIS_CACHE_KEY",
        ] {
            assert!(!secret(n), "{n}");
        }
        // Extensions.
        for n in [
            "apiKey",
            "githubToken",
            "PGPASSWORD",
            "DB_PASS",
            "MYSQL_PWD",
            "clientSecret",
            "AWS_ACCESS_KEY_ID",
            "VITE_OPENAI_API_KEY",
            "NPM_AUTHTOKEN",
        ] {
            assert!(secret(n), "{n}");
        }
    }

    #[test]
    fn user_patterns_extend_and_allow() {
        assert_eq!(
            classify_name("MY_LICENSE", &names(&["*_license"]), &[]),
            NameVerdict::UserPattern
        );
        assert_eq!(
            classify_name("BUILD_TOKEN", &[], &names(&["build_*"])),
            NameVerdict::NotSecret
        );
        assert_eq!(classify_name("GITHUB_TOKEN", &[], &[]), NameVerdict::Known);
        assert_eq!(classify_name("X_TOKEN", &[], &[]), NameVerdict::Token);
    }

    #[test]
    fn glob_matches_case_insensitively_with_stars() {
        assert!(glob_match("*_TOKEN", "github_token"));
        assert!(glob_match("a*b*c", "aXXbYc"));
        assert!(glob_match("*", ""));
        assert!(!glob_match("a*b", "ac"));
        assert!(glob_match("exact", "EXACT"));
        assert!(!glob_match("exact", "exactly"));
    }

    #[test]
    fn values_that_point_to_secrets_are_not_secrets() {
        assert!(is_non_secret_value("/run/secrets/token"));
        assert!(is_non_secret_value("\"\""));
        assert!(is_non_secret_value("false"));
        assert!(!is_non_secret_value("hunter2"));
    }

    #[test]
    fn aws_access_key_ids() {
        let t = "ENV AWS_ACCESS_KEY_ID=AKIA2OGYBAH6TESTK3YQ other";
        assert_eq!(
            kinds(t),
            [(SecretKind::AwsAccessKeyId, "AKIA2OGYBAH6TESTK3YQ")]
        );
        assert_eq!(
            kinds("x ASIA2OGYBAH6TESTK3YQ"),
            [(SecretKind::AwsAccessKeyId, "ASIA2OGYBAH6TESTK3YQ")]
        );
        // The documentation example, too short, too long, inside a word.
        assert!(kinds("AKIAIOSFODNN7EXAMPLE").is_empty());
        assert!(kinds("AKIA2OGYBAH6TESTK3Y").is_empty());
        assert!(kinds("AKIA2OGYBAH6TESTK3YQQ").is_empty());
        assert!(kinds("XAKIA2OGYBAH6TESTK3YQ").is_empty());
    }

    #[test]
    fn aws_secret_keys_in_assignments() {
        let key = "Zx9k2LmQ7pR4tV8wY1aB3cD5eF6gH0iJ+kL/mN2o";
        for t in [
            format!("aws_secret_access_key = {key}\n"),
            format!("ENV AWS_SECRET_ACCESS_KEY={key}"),
            format!("aws configure set aws_secret_access_key {key}"),
            format!("{{\"SecretAccessKey\": \"{key}\"}}"),
        ] {
            assert_eq!(kinds(&t), [(SecretKind::AwsSecretAccessKey, key)], "{t}");
        }
        assert!(kinds("AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY").is_empty());
        assert!(kinds("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY").is_empty());
        assert!(kinds(&format!("aws_secret_access_key={key}Q")).is_empty());
    }

    #[test]
    fn private_key_blocks() {
        let t = "RUN echo '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM\n-----END RSA PRIVATE KEY-----' > k";
        let got = find_secrets(t);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].kind, SecretKind::PrivateKey);
        assert!(t[got[0].range.clone()].starts_with("-----BEGIN RSA"));
        assert!(t[got[0].range.clone()].ends_with("PRIVATE KEY-----"));
        // Written-out newlines, no END marker.
        let t = "ENV KEY=\"-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAA";
        assert_eq!(kinds(t).len(), 1);
        // A grep for the header is not a key; nor is a public key or certificate.
        assert!(kinds("grep -q 'BEGIN RSA PRIVATE KEY' f").is_empty());
        assert!(kinds("grep -q -- '-----BEGIN PRIVATE KEY-----' f").is_empty());
        assert!(kinds("-----BEGIN CERTIFICATE-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZ").is_empty());
    }

    #[test]
    fn prefixed_tokens() {
        let gh = "ghp_R7aQ2mV9xK4pL8sT1wZ6bN3cF5dH0jY2uE7i";
        assert_eq!(
            kinds(&format!("token={gh}")),
            [(SecretKind::GithubToken, gh)]
        );
        let pat = format!(
            "github_pat_{}",
            "11ABCDEFG0123456789abc_".to_owned() + &"aZ3".repeat(20)
        );
        assert_eq!(kinds(&pat), [(SecretKind::GithubToken, pat.as_str())]);
        assert_eq!(
            kinds("glpat-Ab3dE6gH9jK2mN5pQ8sT"),
            [(SecretKind::GitlabToken, "glpat-Ab3dE6gH9jK2mN5pQ8sT")]
        );
        let npm = "npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
        assert_eq!(kinds(npm), [(SecretKind::NpmToken, npm)]);
        assert_eq!(
            kinds("xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOp"),
            [(
                SecretKind::SlackToken,
                "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOp"
            )]
        );
        // Placeholders, short bodies, identifiers that merely start alike.
        assert!(kinds("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx").is_empty());
        assert!(kinds("ghp_R7aQ2mV9").is_empty());
        assert!(kinds("npm_config_cache=/tmp").is_empty());
        assert!(kinds("MY_npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8").is_empty());
        assert!(kinds("xoxb-not-a-token").is_empty());
    }

    #[test]
    fn passwords_in_urls() {
        let t = "git clone https://bob:s3cr3t@example.com/r.git";
        assert_eq!(kinds(t), [(SecretKind::UrlPassword, "s3cr3t")]);
        let t = "postgres://app:pw@db:5432/app";
        assert_eq!(kinds(t), [(SecretKind::UrlPassword, "pw")]);
        for t in [
            "https://${USER}:${PASS}@example.com",
            "https://x-access-token:$TOKEN@github.com",
            "https://user@example.com",
            "ssh://git@github.com:22/a",
            "git@github.com:a/b.git",
            "http://proxy:3128",
            "https://user:<password>@host",
            "https://user:****@host",
            "https://${U:-a}@host",
            "https://${TOKEN}:x-oauth-basic@github.com/o/r",
        ] {
            assert!(kinds(t).is_empty(), "{t}");
        }
        // A token used as the password is reported as the token.
        let t = "https://x:ghp_R7aQ2mV9xK4pL8sT1wZ6bN3cF5dH0jY2uE7i@github.com";
        assert_eq!(kinds(t)[0].0, SecretKind::GithubToken);
        assert_eq!(kinds(t).len(), 1);
    }

    #[test]
    fn url_credentials_report_variables_too() {
        let t = "https://${GH_TOKEN}@github.com/o/r and https://oauth2:$T@gitlab.com";
        let got = url_credentials(t);
        assert_eq!(got.len(), 2);
        assert_eq!(&t[got[0].user.clone()], "${GH_TOKEN}");
        assert_eq!(got[0].password, None);
        assert_eq!(&t[got[1].user.clone()], "oauth2");
        assert_eq!(got[1].password.clone().map(|p| &t[p]), Some("$T"));
    }

    #[test]
    fn redaction_keeps_only_a_prefix() {
        assert_eq!(redact("ghp_R7aQ2mV9xK4pL8sT1wZ6b"), "ghp_…");
        assert_eq!(redact("hunter2"), "…");
        assert_eq!(redact("s3cr3tpass"), "s3…");
    }

    #[test]
    fn public_key_destinations() {
        assert!(is_public_key_destination("/war/jenkins-key.pub"));
        assert!(is_public_key_destination("/etc/apt/keyrings/"));
        assert!(is_public_key_destination(
            "/usr/local/share/ca-certificates/corp.crt"
        ));
        assert!(!is_public_key_destination("/etc/ssl/private/"));
        assert!(!is_public_key_destination("/app/"));
    }

    #[test]
    fn secret_files_by_name() {
        for p in [
            "id_rsa",
            "./keys/id_ed25519",
            ".env",
            "app/.env.production",
            ".npmrc",
            "/root/.pypirc",
            ".netrc",
            "credentials.json",
            "server.key",
            "*.key",
            "tls/server.pem",
            "*.pem",
            "client.p12",
            "cert.pfx",
            ".git-credentials",
            ".dockercfg",
            "home/.docker/config.json",
            "kubeconfig",
            ".aws/credentials",
        ] {
            assert!(secret_file_kind(p).is_some(), "{p}");
        }
        for p in [
            "id_rsa.pub",
            ".env.example",
            ".env.sample",
            "keys/",
            "ca.pem",
            "cert.pem",
            "fullchain.pem",
            "ca-bundle.pem",
            "public.pem",
            "nodesource.gpg.key",
            "Release.key",
            "config.json",
            "credentials.py",
            "env",
            "app.py",
            "Dockerfile",
        ] {
            assert!(secret_file_kind(p).is_none(), "{p}");
        }
    }
}
