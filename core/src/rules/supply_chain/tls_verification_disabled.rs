//! HG191: TLS certificate verification switched off for downloads, package
//! indexes or language package managers.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::weakened_verification::{Weakens, weakenings};

/// See [`META`].
pub(crate) struct TlsVerificationDisabled;

static META: RuleMeta = RuleMeta {
    code: "HG191",
    name: "tls-verification-disabled",
    severity: Severity::Warning,
    category: Category::SupplyChain,
    sources: &[
        "checkov:CKV2_DOCKER_2",
        "checkov:CKV2_DOCKER_3",
        "checkov:CKV2_DOCKER_4",
        "checkov:CKV2_DOCKER_5",
        "checkov:CKV2_DOCKER_6",
        "checkov:CKV2_DOCKER_12",
        "checkov:CKV2_DOCKER_13",
        "checkov:CKV2_DOCKER_14",
        "checkov:CKV2_DOCKER_15",
        "checkov:CKV2_DOCKER_16",
    ],
    default_enabled: true,
    help: "Keep certificate verification on; if a host uses a private CA, add its certificate to the trust store (`COPY ca.crt /usr/local/share/ca-certificates/` and `update-ca-certificates`) or point the tool at it (`--cacert`, `PIP_CERT`, `NODE_EXTRA_CA_CERTS`).",
    docs: RuleDocs {
        what: "Flags settings that turn off TLS certificate verification: `curl -k`/`--insecure`/`--proxy-insecure`, `wget --no-check-certificate`, `pip --trusted-host` and `pip config set *.trusted-host`, `git -c http.sslVerify=false` and `git config http.sslVerify false`, `npm`/`yarn`/`pnpm config set strict-ssl false` and `--no-strict-ssl`, `composer config disable-tls true`/`secure-http false`, `apt-get -o Acquire::https::Verify-Peer=false` (or `Verify-Host`), yum/dnf `--setopt=sslverify=0`; the variables `NODE_TLS_REJECT_UNAUTHORIZED=0`, `GIT_SSL_NO_VERIFY` (any value), `PYTHONHTTPSVERIFY=0`, `PIP_TRUSTED_HOST`, `NPM_CONFIG_STRICT_SSL=false`, `YARN_ENABLE_STRICT_SSL=false`, `GOINSECURE`, `GOFLAGS=-insecure` set by ENV, ARG defaults, `export` or a command prefix; and the same settings written into configuration files (`sslverify=0`, `strict-ssl=false`, `trusted-host =`, `check_certificate = off`, `insecure` in `.curlrc`, `Verify-Peer \"false\"`) by `echo`/`printf` redirections, `cat`/`tee` heredocs, `sed` replacements or `COPY <<EOF`.",
        why: "Docker's guide asks for a verified supply chain. Without certificate checks, anyone on the network path (a proxy, a compromised Wi-Fi, a hostile CI network) can swap the scripts, archives and packages the build downloads, and the image ships whatever they sent.",
        bad: "FROM debian:12-slim\nRUN curl -kfsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin\n",
        good: "FROM debian:12-slim\nRUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin\n",
    },
};

impl Rule for TlsVerificationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for w in weakenings(cx).iter().filter(|w| w.kind == Weakens::Tls) {
            out.push(Finding::new(
                w.span,
                format!("{} turns off TLS certificate verification", w.what),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_tool_options() {
        let text = concat!(
            "FROM debian:12\n",
            "RUN curl -fsSLk https://x/a | tar xz\n",
            "RUN wget --no-check-certificate https://x/a\n",
            "RUN pip install --trusted-host pypi.org flask\n",
            "RUN git config --global http.sslVerify false\n",
            "RUN npm config set strict-ssl false\n",
            "RUN apt-get -o Acquire::https::Verify-Peer=false update\n",
            "RUN yum-config-manager --setopt=epel.sslverify=0 --save\n",
            "RUN sudo sh -c 'curl --insecure https://x/a -o /a'\n",
        );
        assert_fires(&TlsVerificationDisabled, text, &[2, 3, 4, 5, 6, 7, 8, 9]);
        let f = findings(
            &TlsVerificationDisabled,
            "FROM debian:12\nRUN curl -k https://x\n",
        );
        assert_eq!(f[0].1, "`curl -k` turns off TLS certificate verification");
    }

    #[test]
    fn fires_on_variables() {
        let text = concat!(
            "FROM node:20\n",
            "ENV NODE_TLS_REJECT_UNAUTHORIZED=0\n",
            "ARG GIT_SSL_NO_VERIFY=1\n",
            "ENV PIP_TRUSTED_HOST=pypi.org \\\n    PYTHONHTTPSVERIFY=0\n",
            "RUN export NPM_CONFIG_STRICT_SSL=false && npm ci\n",
            "RUN GIT_SSL_NO_VERIFY=true git clone https://x/r.git\n",
            "ONBUILD ENV NODE_TLS_REJECT_UNAUTHORIZED 0\n",
        );
        assert_fires(&TlsVerificationDisabled, text, &[2, 3, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn fires_on_config_files_written() {
        let text = concat!(
            "FROM rockylinux:9\n",
            "RUN echo 'sslverify=0' >> /etc/dnf/dnf.conf\n",
            "RUN printf '[global]\\ntrusted-host = pypi.org\\n' > /etc/pip.conf\n",
            "RUN cat > /root/.npmrc <<EOF\nregistry=https://r\nstrict-ssl=false\nEOF\n",
            "COPY <<EOF /root/.curlrc\ninsecure\nEOF\n",
            "RUN echo insecure | tee -a ~/.curlrc\n",
        );
        assert_fires(&TlsVerificationDisabled, text, &[2, 3, 6, 9, 11]);
    }

    #[test]
    fn verified_downloads_pass() {
        assert_clean(
            &TlsVerificationDisabled,
            concat!(
                "FROM debian:12\n",
                "ENV NODE_TLS_REJECT_UNAUTHORIZED=1 GIT_SSL_CAINFO=/etc/ssl/ca.pem\n",
                "ARG GIT_SSL_NO_VERIFY\n",
                "RUN curl -fsSL --cacert /ca.pem https://x/a -o /a\n",
                "RUN echo insecure > /tmp/notes.txt\n",
                "RUN echo 'sslverify=0' # just a comment\n",
                "RUN git config --global http.sslVerify true\n",
                "RUN pip install --index-url https://pypi.org/simple flask\n",
            ),
        );
    }
}
