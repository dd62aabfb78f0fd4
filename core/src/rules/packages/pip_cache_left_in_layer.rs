//! DL3042: `pip install` keeps downloaded wheels and sources in `~/.cache/pip`
//! unless told not to.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::cache::{
    CachePath, RunCommands, configured_cache, keeps_cache, run_commands,
};
use crate::rules::support::commands::Cmd;
use crate::rules::support::packages::{Manager, PackageCommand, read_cached, written_before};

/// See [`META`].
pub(crate) struct PipCacheLeftInLayer;

static META: RuleMeta = RuleMeta {
    code: "DL3042",
    name: "pip-cache-left-in-layer",
    severity: Severity::Warning,
    category: Category::Packages,
    sources: &["hadolint:DL3042"],
    default_enabled: true,
    help: "Use `pip install --no-cache-dir …` (or `ENV PIP_NO_CACHE_DIR=1`), or mount a cache on `/root/.cache/pip`.",
    docs: RuleDocs {
        what: "Flags `pip install` (also `pip3`, `python -m pip`) when pip's cache is on and ends up in the layer: no `--no-cache-dir` (or an abbreviation pip accepts, such as `--no-cache`), no `PIP_NO_CACHE_DIR` in the environment (ENV, a prefix assignment, or `export` earlier in the RUN; pip treats any value as \"off\"), no `no-cache-dir` in a pip configuration written earlier in the stage, no cache or tmpfs mount over the cache directory (`~/.cache/pip`, `$PIP_CACHE_DIR`, `--cache-dir`), and no `pip cache purge` or removal of that directory later in the RUN. `pipx`, `pipenv` and `uv` are not pip. Build stages whose files never reach the image are not flagged.",
        why: "Docker's guide asks for images without caches. pip keeps every wheel and source archive it downloads in its cache directory, often as large as the packages themselves; nothing uses it at run time, and once a layer holds it a later RUN cannot make the image smaller.",
        bad: "FROM python:3.12-slim\nRUN pip install flask==3.0.3\n",
        good: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\n",
    },
};

/// Where this pip call keeps its cache.
fn caches(cx: &Context<'_>, pc: &PackageCommand<'_>) -> Vec<CachePath> {
    if let Some(dir) = configured_cache(cx, &pc.cmd, "cache-dir", "PIP_CACHE_DIR") {
        return vec![dir];
    }
    let mut out = vec![CachePath::home(".cache/pip")];
    if let Some(xdg) = cx.model.lookup(pc.cmd.run.instruction, "XDG_CACHE_HOME") {
        out.push(CachePath::abs(&format!(
            "{}/pip",
            xdg.trim_end_matches('/')
        )));
    }
    out
}

/// Whether the cache is turned off for this call.
fn cache_off(cx: &Context<'_>, run: &RunCommands<'_>, pos: usize, pc: &PackageCommand<'_>) -> bool {
    const VAR: &str = "PIP_NO_CACHE_DIR";
    // pip's option parser also takes unambiguous abbreviations (`--no-cache`).
    let abbreviated = pc.options.iter().any(|o| {
        let t = o.text();
        t.len() >= "--no-ca".len() && "--no-cache-dir".starts_with(t)
    });
    if abbreviated || pc.has_flag('\0', "no-cache-dir") {
        return true;
    }
    if pc.cmd.cmd.assignments.iter().any(|(n, _)| n == VAR) {
        return true;
    }
    if cx
        .model
        .lookup(pc.cmd.run.instruction, VAR)
        .is_some_and(|v| !v.is_empty())
    {
        return true;
    }
    // `export PIP_NO_CACHE_DIR=1` earlier in the same RUN.
    let exported = run.cmds[..pos].iter().any(|c| {
        c.cmd.is_program(&["export"])
            && c.cmd
                .args
                .iter()
                .any(|a| a.text().starts_with("PIP_NO_CACHE_DIR="))
    });
    exported
        || written_before(cx, &pc.cmd, "pip-no-cache", |t| {
            // pip.conf (`no-cache-dir = false`) or `pip config set global.no-cache-dir …`.
            t.ends_with(".no-cache-dir")
                || !crate::rules::support::packages::config_values(t, "no-cache-dir").is_empty()
        })
}

/// `pip cache purge`, `pip cache remove …`.
fn purges(cx: &Context<'_>, c: &Cmd<'_>) -> bool {
    read_cached(cx, c).is_some_and(|p| {
        p.manager == Manager::Pip
            && p.is_action(&["cache"])
            && matches!(p.sub_action(), "purge" | "remove")
    })
}

impl Rule for PipCacheLeftInLayer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for run in run_commands(cx) {
            for (pos, cmd) in run.cmds.iter().enumerate() {
                let Some(pc) = read_cached(cx, cmd) else {
                    continue;
                };
                if pc.manager != Manager::Pip || !pc.is_action(&["install"]) {
                    continue;
                }
                if cache_off(cx, run, pos, pc) {
                    continue;
                }
                let caches = caches(cx, pc);
                if keeps_cache(cx, run, pos, &caches, purges) {
                    out.push(Finding::new(
                        pc.head_span(),
                        format!(
                            "`{}` without `--no-cache-dir` leaves its download cache in {}",
                            pc.head_text(),
                            caches[0].display()
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
    fn fires_with_the_cache_on() {
        assert_fires(
            &PipCacheLeftInLayer,
            "FROM python:3.12\nRUN pip install flask\n",
            &[2],
        );
        assert_fires(
            &PipCacheLeftInLayer,
            "FROM python:3.12\nRUN python3 -m pip install -U pip && \\\n    sudo pip3 install -r requirements.txt\n",
            &[2, 3],
        );
        assert_fires(
            &PipCacheLeftInLayer,
            "FROM python:3.12\nRUN <<EOF\npip install flask\nEOF\nONBUILD RUN sh -c 'pip install -r requirements.txt'\n",
            &[3, 5],
        );
        // An export in an earlier RUN does not last; a purge before does not count.
        assert_fires(
            &PipCacheLeftInLayer,
            "FROM python:3.12\nRUN export PIP_NO_CACHE_DIR=1\nRUN pip cache purge && pip install flask\n",
            &[3],
        );
        // A mount on another cache.
        assert_fires(
            &PipCacheLeftInLayer,
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/yarn pip install flask\n",
            &[2],
        );
    }

    #[test]
    fn silent_with_the_cache_off_cleaned_or_mounted() {
        assert_clean(
            &PipCacheLeftInLayer,
            "FROM python:3.12\nRUN pip install --no-cache-dir flask && python -m pip install --no-cache-dir -r req.txt && pip install --no-cache django\n",
        );
        assert_clean(
            &PipCacheLeftInLayer,
            "FROM python:3.12\nENV PIP_NO_CACHE_DIR=off\nRUN pip install flask\n",
        );
        assert_clean(
            &PipCacheLeftInLayer,
            "FROM python:3.12\nARG PIP_NO_CACHE_DIR=1\nRUN pip install flask\n",
        );
        assert_clean(
            &PipCacheLeftInLayer,
            "FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1 pip install flask && export PIP_NO_CACHE_DIR=1 && pip install django\n",
        );
        assert_clean(
            &PipCacheLeftInLayer,
            "FROM python:3.12\nRUN pip config set global.no-cache-dir false\nRUN pip install flask\n",
        );
        assert_clean(
            &PipCacheLeftInLayer,
            "FROM python:3.12\nRUN printf '[global]\\nno-cache-dir = false\\n' > /etc/pip.conf\nRUN pip install flask\n",
        );
        assert_clean(
            &PipCacheLeftInLayer,
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache pip install flask\n",
        );
        assert_clean(
            &PipCacheLeftInLayer,
            "FROM python:3.12\nUSER app\nRUN --mount=type=cache,target=/home/app/.cache/pip,uid=1000 pip install --user flask\n",
        );
        assert_clean(
            &PipCacheLeftInLayer,
            "FROM python:3.12\nARG CACHE=/tmp/pipcache\nRUN --mount=type=cache,target=${CACHE} pip install --cache-dir ${CACHE} flask\n",
        );
        assert_clean(
            &PipCacheLeftInLayer,
            "FROM python:3.12\nRUN pip install flask && pip cache purge\nRUN pip install django && rm -rf ~/.cache/pip\n",
        );
        assert_clean(
            &PipCacheLeftInLayer,
            "FROM python:3.12\nRUN pipx install black && pipenv install && uv pip install flask\n",
        );
        assert_clean(
            &PipCacheLeftInLayer,
            "FROM python:3.12 AS build\nRUN pip install --prefix=/install flask\nFROM python:3.12-slim\nCOPY --from=build /install /usr/local\n",
        );
    }
}
