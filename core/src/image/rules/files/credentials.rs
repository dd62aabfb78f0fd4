//! Which files of an image are credentials: by name and, where the name
//! alone says little (`config.json`, `.npmrc`, `server.pem`), by what the
//! kept content holds. Shared by the check on the final filesystem (HG302)
//! and the one on files deleted in later layers (HG310), so both judge a
//! file the same way.
//!
//! False alarms are kept low on purpose:
//! - test fixtures, examples and documentation are skipped (paths with a
//!   `test`, `tests`, `testdata`, `fixtures`, `__tests__`, `spec`,
//!   `examples`, `samples` or `docs` component, file names with a `test`,
//!   `example`, `sample`, `dummy`, `fake`, `mock`, `insecure` or `snakeoil`
//!   word, anything in `usr/share/`, `usr/include/` or `usr/src/`): packages
//!   ship throwaway keys for their test suites, and none of those is
//!   anyone's credential;
//! - Debian's `ssl-cert-snakeoil.key` is skipped: the `ssl-cert` package
//!   generates it at install time as a self-signed placeholder;
//! - PEM files (`*.pem`, `*.key`, `id_rsa`) count only when they hold a
//!   private key block, so certificates and public keys do not;
//! - configuration files count only when they hold a credential: `.npmrc`
//!   with an `_authToken`/`_auth`/`_password`, `.pypirc`, `.env` or a
//!   `credentials` file with a secret-named key set to a literal value,
//!   Docker's `config.json` with inline `auths`, a kube config with a token,
//!   key or password, git configs whose remote URLs carry credentials.

use crate::image::capture::{credential_path_kind, has_private_key_marker};
use crate::image::rules::common::secret_in_assignment;
use crate::lint::RuleSettings;
use crate::rules::support::secrets::{find_secrets, name_tokens, url_credentials};

/// Path components that mark test fixtures, examples and documentation.
const FIXTURE_DIRS: &[&str] = &[
    "test",
    "tests",
    "testdata",
    "testing",
    "fixtures",
    "fixture",
    "__tests__",
    "spec",
    "specs",
    "examples",
    "example",
    "samples",
    "sample",
    "docs",
    "doc",
];

/// Trees whose files are documentation or sources, never live credentials.
const SKIPPED_TREES: &[&str] = &["usr/share/", "usr/include/", "usr/src/"];

/// Words in a file's name that mark a stand-in (`example.key`,
/// `dummy-key.pem`, `pem_decrypt_test.go`).
const FIXTURE_WORDS: &[&str] = &[
    "test", "tests", "testing", "spec", "example", "sample", "dummy", "fake", "mock", "insecure",
    "snakeoil",
];

/// Whether `path` is a test fixture, an example or documentation: in a
/// skipped tree, in a test or example directory, or named like one (the
/// Go toolchain's `*_test.go` sources embed throwaway keys).
pub(crate) fn is_fixture_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    if SKIPPED_TREES.iter().any(|t| lower.starts_with(t)) {
        return true;
    }
    let mut parts: Vec<&str> = lower.split('/').collect();
    let base = parts.pop().unwrap_or_default();
    parts.iter().any(|p| FIXTURE_DIRS.contains(p))
        || name_tokens(base)
            .iter()
            .any(|t| FIXTURE_WORDS.contains(&t.as_str()))
}

/// `key = value`, `key: value`, `export KEY=value` lines (INI, YAML,
/// dotenv, npmrc), with quotes taken off the value.
fn assignments(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines().filter_map(|line| {
        let l = line.trim();
        if l.starts_with(['#', ';', '[']) {
            return None;
        }
        let l = l.strip_prefix("export ").unwrap_or(l);
        let l = l.trim_start_matches("- ");
        let cut = l.find(['=', ':'])?;
        let key = l.get(..cut)?.trim().trim_matches(|c| c == '"' || c == '\'');
        let value = l
            .get(cut + 1..)?
            .trim()
            .trim_matches(|c| c == '"' || c == '\'');
        (!key.is_empty() && !key.contains(char::is_whitespace)).then_some((key, value))
    })
}

/// Whether `text` sets a secret-named key to a literal value or holds a
/// literal secret anywhere; JSON documents are walked key by key.
fn has_secret_assignment(text: &str, settings: &RuleSettings) -> bool {
    if !find_secrets(text).is_empty() {
        return true;
    }
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(text) {
        return json_has_secret(&json, settings, 0);
    }
    assignments(text).any(|(k, v)| secret_in_assignment(k, v, settings).is_some())
}

fn json_has_secret(value: &serde_json::Value, settings: &RuleSettings, depth: usize) -> bool {
    use serde_json::Value;
    if depth > 32 {
        return false;
    }
    match value {
        Value::Object(map) => map.iter().any(|(k, v)| match v {
            Value::String(s) => secret_in_assignment(k, s, settings).is_some(),
            other => json_has_secret(other, settings, depth + 1),
        }),
        Value::Array(items) => items
            .iter()
            .any(|v| json_has_secret(v, settings, depth + 1)),
        _ => false,
    }
}

/// Whether a value is written out (not empty, not a variable).
fn literal(value: &str) -> bool {
    let v = value.trim();
    !v.is_empty() && !v.starts_with('$') && !v.starts_with("%(")
}

/// npm's auth settings: `_authToken`, `_auth`, `_password`, alone or
/// scoped to a registry (`//registry.npmjs.org/:_authToken`).
fn npmrc_has_token(text: &str) -> bool {
    text.lines().any(|line| {
        let Some((key, value)) = line.trim().split_once('=') else {
            return false;
        };
        let setting = key.trim().rsplit(':').next().unwrap_or_default();
        ["_authtoken", "_auth", "_password"].contains(&setting.to_ascii_lowercase().as_str())
            && literal(value)
    }) || !find_secrets(text).is_empty()
}

/// `.netrc`: a `password` token followed by a value.
fn netrc_has_password(text: &str) -> bool {
    let mut words = text.split_whitespace();
    while let Some(w) = words.next() {
        if w == "password" && words.next().is_some_and(literal) {
            return true;
        }
    }
    false
}

/// Docker's `config.json`/`.dockercfg`: a registry entry with an inline
/// `auth`, `identitytoken`, `password` or `registrytoken`.
fn docker_config_has_auth(text: &str) -> bool {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else {
        return false;
    };
    let registries = json.get("auths").unwrap_or(&json);
    let Some(map) = registries.as_object() else {
        return false;
    };
    map.values().any(|entry| {
        ["auth", "identitytoken", "password", "registrytoken"]
            .iter()
            .any(|k| entry.get(k).and_then(|v| v.as_str()).is_some_and(literal))
    })
}

/// A kube config with a bearer token, client key data or a password.
fn kubeconfig_has_secret(text: &str) -> bool {
    assignments(text).any(|(k, v)| {
        matches!(
            k,
            "token" | "client-key-data" | "password" | "id-token" | "refresh-token"
        ) && literal(v)
    })
}

/// A git config whose remote URLs carry credentials, or with an auth header
/// (what `actions/checkout` leaves behind unless told not to).
fn git_config_has_credentials(text: &str) -> bool {
    if !find_secrets(text).is_empty() {
        return true;
    }
    let has_password = url_credentials(text).iter().any(|c| {
        c.password
            .clone()
            .and_then(|p| text.get(p))
            .is_some_and(literal)
    });
    has_password
        || text.lines().any(|l| {
            let l = l.to_ascii_lowercase();
            l.contains("extraheader") && l.contains("authorization:")
        })
}

/// AWS's shared credentials file with a secret key or session token.
fn aws_credentials_has_key(text: &str) -> bool {
    assignments(text).any(|(k, v)| {
        matches!(
            k.to_ascii_lowercase().as_str(),
            "aws_secret_access_key" | "aws_session_token"
        ) && literal(v)
    })
}

/// What credential the file at `path` is, for a message, or `None`.
/// `content` is the kept content, when there is one; `size` the file's size.
pub(crate) fn credential_kind(
    path: &str,
    size: u64,
    content: Option<&[u8]>,
    settings: &RuleSettings,
) -> Option<String> {
    if size == 0 || is_fixture_path(path) {
        return None;
    }
    let base = path.rsplit('/').next().unwrap_or(path);
    if base == "ssl-cert-snakeoil.key" {
        return None;
    }
    let text = content.map(String::from_utf8_lossy);
    let text = text.as_deref();
    let holds_key = content.is_some_and(has_private_key_marker);
    let by_name = credential_path_kind(path);
    let Some(kind) = by_name else {
        // Any small file with a PEM private key block, whatever its name.
        return holds_key.then(|| {
            let service_account = text.is_some_and(|t| {
                t.contains("\"service_account\"") && t.contains("\"private_key\"")
            });
            if service_account {
                "Google Cloud service account key".to_owned()
            } else {
                "private key".to_owned()
            }
        });
    };
    let confirmed = match kind {
        // Named like a key: it must hold one (certificates are `.pem` too).
        "SSH private key" | "private key" | "PEM key file" => holds_key,
        "environment file" | "credentials file" | "PyPI credentials" | "S3 credentials" => {
            text.is_some_and(|t| has_secret_assignment(t, settings))
        }
        "npm config with registry tokens" => text.is_some_and(npmrc_has_token),
        "netrc login file" => text.is_some_and(netrc_has_password),
        "Docker registry credentials" => text.is_some_and(docker_config_has_auth),
        "Kubernetes credentials" => text.is_some_and(kubeconfig_has_secret),
        "git repository config" => text.is_some_and(git_config_has_credentials),
        "AWS credentials" => text.is_none_or(aws_credentials_has_key),
        "GitHub CLI token" => {
            text.is_none_or(|t| assignments(t).any(|(k, v)| k == "oauth_token" && literal(v)))
        }
        // Stores that hold nothing but credentials: their presence is enough.
        _ => true,
    };
    confirmed.then(|| {
        match kind {
            "npm config with registry tokens" => "npm config with a registry token",
            "git repository config" => "git config with credentials",
            "PEM key file" => "private key",
            "environment file" => "environment file with a secret",
            "credentials file" => "credentials file with a secret",
            "netrc login file" => "netrc file with a password",
            other => other,
        }
        .to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str, content: &str) -> Option<String> {
        credential_kind(
            path,
            content.len() as u64,
            Some(content.as_bytes()),
            &RuleSettings::default(),
        )
    }

    const KEY: &str = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\n";

    #[test]
    fn credentials_are_recognised() {
        assert_eq!(
            kind("root/.ssh/id_rsa", KEY).as_deref(),
            Some("SSH private key")
        );
        assert_eq!(kind("app/jwt.pem", KEY).as_deref(), Some("private key"));
        assert_eq!(kind("app/signing", KEY).as_deref(), Some("private key"));
        assert_eq!(
            kind("app/sa.json", "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n\"}").as_deref(),
            Some("Google Cloud service account key")
        );
        assert!(
            kind(
                "root/.npmrc",
                "//registry.npmjs.org/:_authToken=abc123def\n"
            )
            .is_some()
        );
        assert!(
            kind(
                "root/.pypirc",
                "[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc\n"
            )
            .is_some()
        );
        assert!(
            kind(
                "app/.env",
                "NODE_ENV=production\nSECRET_KEY_BASE=9f8e7d6c5b4a\n"
            )
            .is_some()
        );
        assert!(
            kind(
                "root/.netrc",
                "machine github.com login bot password s3cr3t\n"
            )
            .is_some()
        );
        assert!(
            kind(
                "root/.docker/config.json",
                "{\"auths\": {\"ghcr.io\": {\"auth\": \"Ym90OnMzY3IzdA==\"}}}"
            )
            .is_some()
        );
        assert!(
            kind(
                "root/.kube/config",
                "users:\n- name: a\n  user:\n    token: eyJhbGciOi\n"
            )
            .is_some()
        );
        assert!(
            kind(
                "src/.git/config",
                "[remote \"origin\"]\n\turl = https://bot:s3cr3tpw@git.example.com/a.git\n"
            )
            .is_some()
        );
        assert!(kind("src/.git/config", "[http \"https://github.com/\"]\n\textraheader = AUTHORIZATION: basic eC1hY2Nlc3M=\n").is_some());
        assert!(
            kind(
                "root/.aws/credentials",
                "[default]\naws_access_key_id = AKIA2OGYBAH6TESTK3YQ\naws_secret_access_key = abc\n"
            )
            .is_some()
        );
        assert!(
            kind(
                "root/.config/gcloud/application_default_credentials.json",
                "{\"refresh_token\": \"1//0g\"}"
            )
            .is_some()
        );
        assert!(kind("root/.git-credentials", "https://bot:tok@github.com\n").is_some());
        assert!(kind("app/keystore.p12", "\u{30}\u{82}").is_some());
    }

    #[test]
    fn look_alikes_and_fixtures_are_not() {
        let cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        for (path, content) in [
            ("app/server.pem", cert),
            ("root/.ssh/id_rsa", ""),
            ("root/.ssh/id_rsa.pub", "ssh-ed25519 AAAA"),
            ("etc/ssl/private/ssl-cert-snakeoil.key", KEY),
            ("usr/lib/python3/site-packages/twisted/test/server.pem", KEY),
            (
                "usr/local/lib/node_modules/agent-base/test/ssl-key.pem",
                KEY,
            ),
            ("usr/share/doc/openssl/demo.key", KEY),
            ("go/src/crypto/tls/testdata/example-key.pem", KEY),
            (
                "root/.npmrc",
                "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nfund=false\n",
            ),
            ("root/.pypirc", "[distutils]\nindex-servers = pypi\n"),
            ("app/.env", "NODE_ENV=production\nPORT=8080\n"),
            ("root/.netrc", "machine example.com login anonymous\n"),
            (
                "root/.docker/config.json",
                "{\"credsStore\": \"desktop\", \"auths\": {\"ghcr.io\": {}}}",
            ),
            (
                "root/.kube/config",
                "users:\n- name: eks\n  user:\n    exec:\n      command: aws\n",
            ),
            (
                "src/.git/config",
                "[remote \"origin\"]\n\turl = https://github.com/o/r.git\n",
            ),
            (
                "app/credentials.json",
                "{\"installed\": {\"client_id\": \"x.apps.googleusercontent.com\"}}",
            ),
            ("app/config.json", "{\"password\": \"hunter2hunter2\"}"),
        ] {
            assert_eq!(kind(path, content), None, "{path}");
        }
        assert!(is_fixture_path("a/tests/b.pem"));
        assert!(is_fixture_path(
            "usr/local/go/src/crypto/x509/pem_decrypt_test.go"
        ));
        assert!(is_fixture_path("app/certs/example-key.pem"));
        assert!(!is_fixture_path("app/certs/server-key.pem"));
        assert!(!is_fixture_path("app/latest.key"));
        assert!(!is_fixture_path("srv/contest/key.pem"));
    }
}
