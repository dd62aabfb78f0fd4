//! HG200: the image runs as root.

use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};

/// See [`META`].
pub(crate) struct RunsAsRoot;

static META: RuleMeta = RuleMeta {
    code: "HG200",
    name: "image-runs-as-root",
    severity: Severity::Warning,
    category: Category::Privileges,
    sources: &["dockle:CIS-DI-0001", "trivy:DS-0002"],
    default_enabled: true,
    help: "Add a non-root user and end the Dockerfile with `USER <name or uid>` (numeric `USER 10001:10001` works even without /etc/passwd); rebuild the image.",
    docs: RuleDocs {
        what: "Flags an image whose configuration runs its process as root: `User` unset or empty, `root`, `0`, or `0:<group>` (dockle misses the numeric forms).",
        why: "Docker's guide: do not run as root. A process that runs as root inside the container is root on the host's kernel too; a container escape or a writable host mount then hands over the host. Running as an unprivileged user limits what a compromised process can do.",
        bad: "image config: {\"config\": {\"User\": \"0\"}}",
        good: "image config: {\"config\": {\"User\": \"10001:10001\"}}",
    },
};

/// Whether a `User` value means root.
pub(crate) fn is_root_user(user: Option<&str>) -> bool {
    let Some(user) = user.map(str::trim).filter(|u| !u.is_empty()) else {
        return true;
    };
    let name = user.split(':').next().unwrap_or(user);
    name == "root" || name == "0"
}

impl ImageRule for RunsAsRoot {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let user = cx.image.config.user.as_deref();
        if is_root_user(user) {
            let shown = match user {
                None => "no `User` is set, so the container runs as root".to_owned(),
                Some(u) => format!("the image runs as `{u}`, which is root"),
            };
            out.push(ImageFinding::new("config.User", shown));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{image, locations};

    #[test]
    fn fires_for_unset_root_and_uid_zero() {
        for user in ["", "root", "0", "0:0", "root:staff"] {
            let img = image(&format!("{{\"config\": {{\"User\": \"{user}\"}}}}"), vec![]);
            assert_eq!(locations(&RunsAsRoot, &img), ["config.User"], "{user}");
        }
        assert_eq!(
            locations(&RunsAsRoot, &image("{}", vec![])),
            ["config.User"]
        );
    }

    #[test]
    fn quiet_for_other_users() {
        for user in ["app", "10001", "10001:10001", "nobody:nogroup"] {
            let img = image(&format!("{{\"config\": {{\"User\": \"{user}\"}}}}"), vec![]);
            assert!(locations(&RunsAsRoot, &img).is_empty(), "{user}");
        }
    }
}
