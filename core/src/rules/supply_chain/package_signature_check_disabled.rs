//! HG192: package signature (or checksum) verification switched off.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::weakened_verification::{Weakens, weakenings};

/// See [`META`].
pub(crate) struct PackageSignatureCheckDisabled;

static META: RuleMeta = RuleMeta {
    code: "HG192",
    name: "package-signature-check-disabled",
    severity: Severity::Warning,
    category: Category::SupplyChain,
    sources: &[
        "checkov:CKV2_DOCKER_7",
        "checkov:CKV2_DOCKER_8",
        "checkov:CKV2_DOCKER_9",
        "checkov:CKV2_DOCKER_10",
        "checkov:CKV2_DOCKER_11",
    ],
    default_enabled: true,
    help: "Keep signature checks on: import the repository's signing key (`/etc/apt/keyrings`, `signed-by=`, `rpm --import`, `/etc/apk/keys`) instead of disabling verification.",
    docs: RuleDocs {
        what: "Flags settings that let unsigned or unverified packages in: `apt-get --allow-unauthenticated`, `--force-yes`, `--allow-insecure-repositories` and the `-o APT::Get::AllowUnauthenticated=true`/`Acquire::AllowInsecureRepositories=true` options, `apk add --allow-untrusted`, `yum`/`dnf`/`tdnf`/`microdnf --nogpgcheck` and `--setopt=gpgcheck=0`, `zypper --no-gpg-checks`, `rpm --nosignature`/`--nodigest`/`--noverify`/`--nofiledigest`, `GOSUMDB=off`, and `gpgcheck=0`, `[trusted=yes]`, `Trusted: yes` or `AllowUnauthenticated \"true\"` written into repository or APT configuration (by `echo`, `printf`, heredocs, `sed` or `COPY <<EOF`). Local repositories (`deb [trusted=yes] file:…`) and installs of local package files built or copied earlier in the build (`apk add --allow-untrusted /tmp/pkgs/*.apk` with no download in the same RUN) pass.",
        why: "Package signatures are how a distribution proves a package is the one it built. With checks off, a mirror, proxy or attacker on the network can serve any package under a trusted name, and it is installed as root into the image; Docker's guide asks for a verified supply chain for exactly this reason.",
        bad: "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --allow-unauthenticated curl\n",
        good: "FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl\n",
    },
};

impl Rule for PackageSignatureCheckDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for w in weakenings(cx)
            .iter()
            .filter(|w| w.kind == Weakens::Signature)
        {
            out.push(Finding::new(
                w.span,
                format!("{} turns off package signature verification", w.what),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_options() {
        let text = concat!(
            "FROM debian:12\n",
            "RUN apt-get install -y --allow-unauthenticated curl\n",
            "RUN apt-get install -y --force-yes curl\n",
            "RUN apk add --allow-untrusted curl\n",
            "RUN dnf install -y --nogpgcheck httpd\n",
            "RUN rpm -ivh --nosignature https://x/p.rpm\n",
            "RUN zypper --no-gpg-checks install -y curl\n",
            "RUN yum install -y --setopt=gpgcheck=0 httpd\n",
            "ENV GOSUMDB=off\n",
        );
        assert_fires(
            &PackageSignatureCheckDisabled,
            text,
            &[2, 3, 4, 5, 6, 7, 8, 9],
        );
        let f = findings(
            &PackageSignatureCheckDisabled,
            "FROM alpine:3.20\nRUN apk add --allow-untrusted curl\n",
        );
        assert_eq!(
            f[0].1,
            "`apk --allow-untrusted` turns off package signature verification"
        );
    }

    #[test]
    fn fires_on_repository_configuration() {
        let text = concat!(
            "FROM debian:12\n",
            "RUN echo 'deb [trusted=yes] http://repo.example.com/ ./' > /etc/apt/sources.list.d/x.list\n",
            "RUN sed -i 's/gpgcheck=1/gpgcheck=0/' /etc/yum.repos.d/x.repo\n",
            "COPY <<EOF /etc/yum.repos.d/x.repo\n[x]\nbaseurl=https://x\ngpgcheck=0\nEOF\n",
            "RUN <<EOF\ncat > /etc/apt/apt.conf.d/99unsafe <<CONF\nAPT::Get::AllowUnauthenticated \"true\";\nCONF\nEOF\n",
        );
        assert_fires(&PackageSignatureCheckDisabled, text, &[2, 3, 7, 11]);
    }

    #[test]
    fn local_repositories_and_local_packages_pass() {
        assert_clean(
            &PackageSignatureCheckDisabled,
            concat!(
                "FROM debian:12\n",
                "RUN echo \"deb [ trusted=yes ] file://$tempDir ./\" > /etc/apt/sources.list.d/temp.list\n",
                "RUN apk index --allow-untrusted -o /tmp/p/APKINDEX.tar.gz /tmp/p/*.apk\n",
                "RUN --mount=type=bind,from=builder,source=/pkgs,target=/pkgs \\\n    apk add --no-cache --allow-untrusted /pkgs/*.apk\n",
                "RUN sed -i 's/gpgcheck=0/gpgcheck=1/' /etc/yum.repos.d/x.repo\n",
                "RUN apt-get install -y --no-install-recommends curl\n",
            ),
        );
    }
}
