//! DL3040: dnf (tdnf, microdnf) installs without `clean all` keep metadata
//! and packages in the layer.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::cache::{keeps_cache, run_commands};
use crate::rules::support::packages::{
    Manager, read_cached, rpm_caches, rpm_cleans, rpm_fills_cache,
};

/// See [`META`].
pub(crate) struct DnfCacheLeftInLayer;

static META: RuleMeta = RuleMeta {
    code: "DL3040",
    name: "dnf-cache-left-in-layer",
    severity: Severity::Warning,
    category: Category::Packages,
    sources: &[
        "hadolint:DL3040",
        "trivy:DS-0019",
        "trivy:DS019",
        "trivy:DS-0027",
        "trivy:DS027",
    ],
    default_enabled: true,
    help: "End the same RUN with `dnf clean all` (`microdnf clean all`), or mount a cache on `/var/cache/dnf`.",
    docs: RuleDocs {
        what: "Flags `dnf`, `tdnf` and `microdnf` calls that download metadata or packages (`install`, `group install`, `module install`, `upgrade`, `makecache`, `builddep`…) when the same RUN does not run `clean all` or delete the cache directory (`/var/cache/dnf`, `/var/cache/yum`, `/var/cache/libdnf5`, `/var/cache/tdnf`) afterwards, and no cache or tmpfs mount holds it. Build stages whose files never reach the image are not flagged. microdnf is covered here, as hadolint does, rather than by a rule of its own.",
        why: "Docker's guide asks for images without caches. dnf keeps repository metadata (often over a hundred megabytes) in its cache directory; once a layer holds it, a later RUN cannot make the image smaller. Minimal images built with microdnf suffer most.",
        bad: "FROM fedora:40\nRUN dnf install -y httpd\n",
        good: "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n",
    },
};

impl Rule for DnfCacheLeftInLayer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let caches = rpm_caches();
        for run in run_commands(cx) {
            for (pos, cmd) in run.cmds.iter().enumerate() {
                let Some(pc) = read_cached(cx, cmd) else {
                    continue;
                };
                if !matches!(pc.manager, Manager::Dnf | Manager::Microdnf) || !rpm_fills_cache(pc) {
                    continue;
                }
                if keeps_cache(cx, run, pos, &caches, rpm_cleans) {
                    let program = cmd.cmd.program().unwrap_or("dnf");
                    out.push(Finding::new(
                        pc.head_span(),
                        format!(
                            "`{}` leaves its cache in the layer: no `{program} clean all` follows in this RUN",
                            pc.head_text()
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires};

    #[test]
    fn fires_without_clean_all() {
        assert_fires(
            &DnfCacheLeftInLayer,
            "FROM fedora:40\nRUN dnf install -y httpd\n",
            &[2],
        );
        assert_fires(
            &DnfCacheLeftInLayer,
            "FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN microdnf clean all && \\\n    microdnf install -y tar\n",
            &[3],
        );
        assert_fires(
            &DnfCacheLeftInLayer,
            "FROM fedora:40\nRUN <<EOF\ndnf -y module install nodejs:20\nEOF\nONBUILD RUN sudo tdnf install -y git\n",
            &[3, 5],
        );
    }

    #[test]
    fn silent_with_cleanup_or_mount() {
        assert_clean(
            &DnfCacheLeftInLayer,
            "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n",
        );
        assert_clean(
            &DnfCacheLeftInLayer,
            "FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN microdnf install -y tar gzip \\\n && microdnf clean all\n",
        );
        assert_clean(
            &DnfCacheLeftInLayer,
            "FROM fedora:41\nRUN dnf install -y httpd && rm -rf /var/cache/libdnf5/*\n",
        );
        assert_clean(
            &DnfCacheLeftInLayer,
            "FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y httpd\nRUN --mount=type=tmpfs,target=/var/cache dnf -y upgrade\n",
        );
        assert_clean(
            &DnfCacheLeftInLayer,
            "FROM fedora:40\nRUN dnf repoquery httpd && dnf -y remove vim && dnf list installed\n",
        );
        assert_clean(
            &DnfCacheLeftInLayer,
            "FROM fedora:40 AS build\nRUN dnf install -y gcc && gcc -o /app app.c\nFROM fedora:40\nCOPY --from=build /app /app\n",
        );
    }
}
