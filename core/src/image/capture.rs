//! Which files' contents the image checks read. Everything else is judged by
//! its metadata alone, so memory stays bounded whatever the image size.

/// Small files are scanned for a PEM private-key block whatever their name.
pub const SCAN_LIMIT: u64 = 64 * 1024;

/// Why a file's content was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaptureReason {
    /// `etc/passwd`, `etc/shadow`, `etc/group`.
    Accounts,
    /// `os-release` and friends.
    OsRelease,
    /// A package database (dpkg, apk).
    Packages,
    /// Named like a credential file, or holding a private key.
    SecretCandidate,
}

/// Why the checks want the file at `path` (normalised), if they do.
pub fn capture_reason(path: &str) -> Option<CaptureReason> {
    match path {
        "etc/passwd" | "etc/shadow" | "etc/group" | "etc/gshadow" => {
            return Some(CaptureReason::Accounts);
        }
        "etc/os-release" | "usr/lib/os-release" | "etc/debian_version" | "etc/alpine-release" => {
            return Some(CaptureReason::OsRelease);
        }
        "var/lib/dpkg/status" | "lib/apk/db/installed" | "usr/lib/apk/db/installed" => {
            return Some(CaptureReason::Packages);
        }
        _ => {}
    }
    if path.starts_with("var/lib/dpkg/status.d/") {
        return Some(CaptureReason::Packages);
    }
    credential_path_kind(path).map(|_| CaptureReason::SecretCandidate)
}

/// Credential stores of command-line tools, by path suffix, beyond the
/// names the Dockerfile rules know: what `gcloud auth`, `az login`,
/// `gh auth login`, `terraform login`, `vault login` and `s3cmd --configure`
/// leave in a home directory, and git's per-repository config (which holds
/// credentials when a token was put in a remote URL or an auth header).
const TOOL_CREDENTIALS: &[(&str, &str)] = &[
    (
        ".config/gcloud/application_default_credentials.json",
        "Google Cloud credentials",
    ),
    (".config/gcloud/credentials.db", "Google Cloud credentials"),
    (
        ".config/gcloud/access_tokens.db",
        "Google Cloud access tokens",
    ),
    (".azure/accessTokens.json", "Azure CLI tokens"),
    (".azure/msal_token_cache.json", "Azure CLI tokens"),
    (".azure/msal_token_cache.bin", "Azure CLI tokens"),
    (
        ".azure/service_principal_entries.json",
        "Azure service principal secrets",
    ),
    (
        ".azure/service_principal_entries.bin",
        "Azure service principal secrets",
    ),
    (".config/gh/hosts.yml", "GitHub CLI token"),
    (".terraform.d/credentials.tfrc.json", "Terraform token"),
    (".vault-token", "Vault token"),
    (".s3cfg", "S3 credentials"),
    (".git/config", "git repository config"),
];

/// What kind of credential store `path` (normalised) names: the Dockerfile
/// rules' secret file names, tool credential stores, and gcloud's legacy
/// per-account credentials.
pub fn credential_path_kind(path: &str) -> Option<&'static str> {
    if let Some(kind) = crate::rules::support::secrets::secret_file_kind(path) {
        return Some(kind);
    }
    for (suffix, kind) in TOOL_CREDENTIALS {
        if path == *suffix
            || path
                .strip_suffix(suffix)
                .is_some_and(|head| head.ends_with('/'))
        {
            return Some(kind);
        }
    }
    path.contains(".config/gcloud/legacy_credentials/")
        .then_some("Google Cloud credentials")
}

/// Whether `content` holds a PEM private key block.
pub fn has_private_key_marker(content: &[u8]) -> bool {
    const BEGIN: &[u8] = b"-----BEGIN ";
    let mut at = 0;
    while let Some(i) = crate::span::find_byte(content.get(at..).unwrap_or_default(), b'-') {
        let start = at + i;
        let rest = content.get(start..).unwrap_or_default();
        if rest.starts_with(BEGIN) {
            let head = rest
                .get(BEGIN.len()..rest.len().min(BEGIN.len() + 40))
                .unwrap_or_default();
            if let Some(end) = head.windows(5).position(|w| w == b"-----")
                && head
                    .get(..end)
                    .is_some_and(|label| label.ends_with(b"PRIVATE KEY"))
            {
                return true;
            }
        }
        at = start + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_by_path() {
        assert_eq!(capture_reason("etc/shadow"), Some(CaptureReason::Accounts));
        assert_eq!(
            capture_reason("var/lib/dpkg/status.d/libssl3"),
            Some(CaptureReason::Packages)
        );
        assert_eq!(
            capture_reason("root/.ssh/id_rsa"),
            Some(CaptureReason::SecretCandidate)
        );
        assert_eq!(
            capture_reason("app/.env"),
            Some(CaptureReason::SecretCandidate)
        );
        assert_eq!(capture_reason("usr/bin/env"), None);
        for p in [
            "root/.config/gcloud/application_default_credentials.json",
            "home/app/.azure/msal_token_cache.json",
            "srv/app/.git/config",
            ".vault-token",
            "root/.config/gcloud/legacy_credentials/me@example.com/adc.json",
        ] {
            assert_eq!(
                capture_reason(p),
                Some(CaptureReason::SecretCandidate),
                "{p}"
            );
        }
        for p in [
            "etc/gitconfig",
            "srv/app/my.git/config",
            "root/.azure/azureProfile.json",
        ] {
            assert_eq!(capture_reason(p), None, "{p}");
        }
    }

    #[test]
    fn private_key_marker() {
        assert!(has_private_key_marker(
            b"x\n-----BEGIN OPENSSH PRIVATE KEY-----\nabc"
        ));
        assert!(has_private_key_marker(b"-----BEGIN RSA PRIVATE KEY-----"));
        assert!(!has_private_key_marker(
            b"-----BEGIN CERTIFICATE-----\n-----BEGIN PUBLIC KEY-----"
        ));
        assert!(!has_private_key_marker(b"----- BEGIN"));
    }
}
