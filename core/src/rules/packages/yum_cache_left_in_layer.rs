//! DL3032: yum installs without `yum clean all` keep metadata and packages in
//! `/var/cache/yum`.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::cache::{keeps_cache, run_commands};
use crate::rules::support::packages::{
    Manager, read_cached, rpm_caches, rpm_cleans, rpm_fills_cache,
};

/// See [`META`].
pub(crate) struct YumCacheLeftInLayer;

static META: RuleMeta = RuleMeta {
    code: "DL3032",
    name: "yum-cache-left-in-layer",
    severity: Severity::Warning,
    category: Category::Packages,
    sources: &["hadolint:DL3032", "trivy:DS-0015", "trivy:DS015"],
    default_enabled: true,
    help: "End the same RUN with `yum clean all` (and `rm -rf /var/cache/yum`), or mount a cache on `/var/cache/yum`.",
    docs: RuleDocs {
        what: "Flags `yum` calls that download metadata or packages (`install`, `groupinstall`, `update`, `upgrade`, `makecache`, `reinstall`…) when the same RUN does not run `yum clean all` (or `dnf`/`microdnf clean all`) or delete the cache directory afterwards, and no cache or tmpfs mount holds `/var/cache/yum` or `/var/cache/dnf`. Build stages whose files never reach the image are not flagged.",
        why: "Docker's guide asks for images without caches. yum keeps repository metadata (often over a hundred megabytes) in `/var/cache/yum`; once a layer holds it, a later RUN cannot make the image smaller.",
        bad: "FROM centos:7\nRUN yum install -y httpd\n",
        good: "FROM centos:7\nRUN yum install -y httpd && yum clean all && rm -rf /var/cache/yum\n",
    },
};

impl Rule for YumCacheLeftInLayer {
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
                if pc.manager != Manager::Yum || !rpm_fills_cache(pc) {
                    continue;
                }
                if keeps_cache(cx, run, pos, &caches, rpm_cleans) {
                    out.push(Finding::new(
                        pc.head_span(),
                        format!(
                            "`{}` leaves its cache in /var/cache/yum: no `yum clean all` follows in this RUN",
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
            &YumCacheLeftInLayer,
            "FROM centos:7\nRUN yum install -y httpd\n",
            &[2],
        );
        assert_fires(
            &YumCacheLeftInLayer,
            "FROM centos:7\nRUN yum clean all && \\\n    sudo yum -y update && yum clean packages\n",
            &[3],
        );
        assert_fires(
            &YumCacheLeftInLayer,
            "FROM centos:7\nRUN <<EOF\nyum -y groupinstall 'Development Tools'\nEOF\nONBUILD RUN sh -c 'yum -y install git'\n",
            &[3, 5],
        );
    }

    #[test]
    fn silent_with_cleanup_or_mount() {
        assert_clean(
            &YumCacheLeftInLayer,
            "FROM centos:7\nRUN yum install -y httpd && yum clean all\n",
        );
        assert_clean(
            &YumCacheLeftInLayer,
            "FROM centos:7\nRUN yum -y install httpd; rm -rf /var/cache/yum\n",
        );
        assert_clean(
            &YumCacheLeftInLayer,
            "FROM centos:7\nRUN --mount=type=cache,target=/var/cache/yum yum install -y httpd\n",
        );
        assert_clean(
            &YumCacheLeftInLayer,
            "FROM centos:7\nRUN yum info httpd && yum list installed && yum -y remove vim\n",
        );
        assert_clean(
            &YumCacheLeftInLayer,
            "FROM centos:7 AS build\nRUN yum install -y gcc && gcc -o /app app.c\nFROM centos:7\nCOPY --from=build /app /app\n",
        );
    }
}
