//! HG113: a file downloaded with curl, wget or `ADD <url>`, then run or
//! installed without any checksum or signature check in the same RUN.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::model::ScriptOrigin;
use crate::rules::support::commands::{Cmd, build_commands};
use crate::rules::support::pinning::resolve_word;
use crate::shell::{RedirectOp, ShellWord};
use crate::span::Span;

use super::add_url_without_checksum::{add_args, source_url};

/// See [`META`].
pub(crate) struct UnverifiedDownloadExecuted;

static META: RuleMeta = RuleMeta {
    code: "HG113",
    name: "unverified-download-executed",
    severity: Severity::Warning,
    category: Category::SupplyChain,
    sources: &[],
    default_enabled: true,
    help: "Check the file before using it, in the same RUN: `echo \"<sha256>  file\" | sha256sum -c -`, or `gpg --verify file.asc file` with the publisher's key (or use `ADD --checksum=`).",
    docs: RuleDocs {
        what: "Flags a file downloaded by `curl` or `wget` (to a file, or piped into `tar -x`) or by `ADD <url>` without `--checksum`, that the same RUN (for ADD: a later RUN of the stage) then runs (`./file`, `sh file`, `python file`, `. file`), installs (`dpkg -i`, `rpm -i`, `apt-get install ./file.deb`, `apk add`, `yum`/`dnf`/`zypper install`, `pip install`), places on the PATH (`install`/`mv`/`cp` into a bin directory, a download saved straight into one) or unpacks into a system prefix (`tar -x -C /usr/local`, `unzip -d /usr/local/bin`), when that RUN checks nothing. Any of these counts as a check: `sha256sum`/`sha512sum`/`sha1sum`/`md5sum`/`shasum`/`b2sum` (with `-c` or compared by hand), `gpg --verify`, `gpgv`, `cosign verify*`, `minisign -V`, `signify -V`, `openssl dgst`, `rpm -K`/`--checksig`, `slsa-verifier`, `gh attestation verify`. Piping a download straight into a shell is left to a dedicated rule.",
        why: "Docker's security guide asks for a verified supply chain. HTTPS proves only which server answered, not that the file is the release you reviewed: a replaced release asset, a compromised mirror or a moved `latest` URL then runs as root inside your build and ends up in the image. A pinned checksum or a signature check makes the build fail instead.",
        bad: "FROM debian:12\nRUN curl -fsSLo /tmp/kubectl https://dl.k8s.io/release/v1.31.0/bin/linux/amd64/kubectl \\\n && install -m 0755 /tmp/kubectl /usr/local/bin/kubectl\n",
        good: "FROM debian:12\nRUN curl -fsSLo /tmp/kubectl https://dl.k8s.io/release/v1.31.0/bin/linux/amd64/kubectl \\\n && echo \"7c27adc64a84d1c0cc3dcf7bf4b6e916cc00f3f8a2d7ae7d4c1e1bdfa5cba1b3  /tmp/kubectl\" | sha256sum -c - \\\n && install -m 0755 /tmp/kubectl /usr/local/bin/kubectl\n",
    },
};

/// Directories on the default PATH.
const BIN_DIRS: [&str; 6] = [
    "/usr/local/bin",
    "/usr/bin",
    "/bin",
    "/usr/local/sbin",
    "/usr/sbin",
    "/sbin",
];

/// Directories whose unpacked contents become installed software.
const PREFIXES: [&str; 3] = ["/", "/usr", "/usr/local"];

const SHELLS: [&str; 7] = ["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"];
const INTERPRETERS: [&str; 9] = [
    "python", "python2", "python3", "perl", "ruby", "node", "php", "pwsh", "java",
];

fn trim_dir(d: &str) -> &str {
    if d.len() > 1 {
        d.trim_end_matches('/')
    } else {
        d
    }
}

fn is_bin_dir(d: &str) -> bool {
    BIN_DIRS.contains(&trim_dir(d))
}

fn is_install_dir(d: &str) -> bool {
    let d = trim_dir(d);
    is_bin_dir(d) || PREFIXES.contains(&d)
}

/// The directory part of a path (`None` for a bare name).
fn parent(path: &str) -> Option<&str> {
    let (dir, _) = path.rsplit_once('/')?;
    Some(if dir.is_empty() { "/" } else { dir })
}

/// The last path component of a URL, without query or fragment.
fn url_basename(url: &str) -> String {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let path = url[..end].trim_end_matches('/');
    path.rsplit('/').next().unwrap_or(path).to_owned()
}

/// A word's text as a path to compare: its value (ARG, ENV and script
/// variables expanded) when known, else its raw text with quotes removed and
/// `${NAME}` written `$NAME`; `./` prefixes dropped.
fn path_text(cx: &Context<'_>, c: &Cmd<'_>, w: &ShellWord) -> String {
    let text = match resolve_word(cx, c, w) {
        Some(v) if v.len() == 1 => v.into_iter().next().unwrap_or_default(),
        _ => {
            let unquoted: String = w
                .raw
                .chars()
                .filter(|&ch| ch != '"' && ch != '\'')
                .collect();
            let mut out = String::with_capacity(unquoted.len());
            let mut rest = unquoted.as_str();
            while let Some(at) = rest.find("${") {
                out.push_str(&rest[..at]);
                let after = &rest[at + 2..];
                match after.find('}') {
                    Some(close)
                        if after[..close]
                            .chars()
                            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_') =>
                    {
                        out.push('$');
                        out.push_str(&after[..close]);
                        rest = &after[close + 1..];
                    }
                    _ => {
                        out.push_str("${");
                        rest = after;
                    }
                }
            }
            out.push_str(rest);
            out
        }
    };
    normalize(&text)
}

fn normalize(path: &str) -> String {
    let mut p = path;
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    p.to_owned()
}

/// Whether two paths name the same file, allowing a bare name to stand for
/// the same name in another directory (the RUN may have `cd`-ed there).
fn same_file(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let base = |p: &str| p.rsplit('/').next().unwrap_or(p).to_owned();
    (!a.contains('/') && a == base(b)) || (!b.contains('/') && b == base(a))
}

/// What a download wrote.
#[derive(Debug)]
struct Download {
    /// Files written (paths as written or resolved).
    files: Vec<String>,
    /// Whether the body went to standard output (for a pipe).
    to_stdout: bool,
    /// The URL, for messages.
    url: String,
}

/// Reads a `curl` or `wget` command.
fn download(cx: &Context<'_>, c: &Cmd<'_>) -> Option<Download> {
    let program = c.cmd.program()?;
    let curl = match program {
        "curl" => true,
        "wget" => false,
        _ => return None,
    };
    let args = &c.cmd.args;
    let texts: Vec<String> = args.iter().map(|w| path_text(cx, c, w)).collect();
    let urls: Vec<&String> = texts.iter().filter(|t| t.contains("://")).collect();
    let url = urls.first().map(|u| (*u).clone()).unwrap_or_default();
    let mut files = Vec::new();
    let mut remote_name = false;
    let mut prefix: Option<String> = None;
    let mut explicit_stdout = false;
    let (out_short, out_long, name_short) = if curl {
        ('o', "output", 'O')
    } else {
        ('O', "output-document", '\0')
    };
    let mut k = 0;
    while k < args.len() {
        let raw = args[k].text();
        let next = texts.get(k + 1).cloned();
        if raw == "--" {
            break;
        }
        if let Some(long) = raw.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(normalize(v))),
                None => (long, None),
            };
            if name == out_long {
                if let Some(v) = value.or(next) {
                    files.push(v);
                }
                if long.find('=').is_none() {
                    k += 1;
                }
            } else if curl && (name == "remote-name" || name == "remote-name-all") {
                remote_name = true;
            } else if (curl && name == "output-dir") || (!curl && name == "directory-prefix") {
                prefix = value.or(next);
                if long.find('=').is_none() {
                    k += 1;
                }
            }
        } else if let Some(cluster) = raw.strip_prefix('-').filter(|c| !c.is_empty()) {
            for (pos, ch) in cluster.char_indices() {
                if ch == out_short {
                    let rest = &cluster[pos + 1..];
                    if rest.is_empty() {
                        if let Some(v) = &next {
                            files.push(v.clone());
                        }
                        k += 1;
                    } else {
                        files.push(normalize(rest));
                    }
                    break;
                }
                if curl && ch == name_short {
                    remote_name = true;
                }
                if !curl && ch == 'P' {
                    let rest = &cluster[pos + 1..];
                    if rest.is_empty() {
                        prefix = next.clone();
                        k += 1;
                    } else {
                        prefix = Some(rest.to_owned());
                    }
                    break;
                }
                if !ch.is_ascii_alphanumeric() {
                    break;
                }
            }
        }
        k += 1;
    }
    if files.iter().any(|f| f == "-") {
        explicit_stdout = true;
    }
    files.retain(|f| f != "-" && f != "/dev/null");
    for r in &c.cmd.redirects {
        if matches!(
            r.op,
            RedirectOp::Write | RedirectOp::Append | RedirectOp::Clobber
        ) && r.fd.is_none_or(|fd| fd == 1)
        {
            let t = normalize(r.target.text());
            if t != "/dev/null" {
                files.push(t);
            }
        }
    }
    let wget_default = !curl && files.is_empty() && !explicit_stdout;
    if remote_name || wget_default {
        for u in &urls {
            let name = url_basename(u);
            if name.is_empty() {
                continue;
            }
            files.push(match &prefix {
                Some(p) => format!("{}/{name}", p.trim_end_matches('/')),
                None => name,
            });
        }
    }
    let to_stdout = explicit_stdout || (curl && files.is_empty());
    Some(Download {
        files,
        to_stdout,
        url,
    })
}

/// How a command uses a file.
fn use_of(cx: &Context<'_>, c: &Cmd<'_>, file: &str) -> Option<String> {
    let name = c.cmd.name.as_ref()?;
    // A command written as a path (`./install.sh`, `/tmp/x`) runs that file; a
    // bare name is looked up on the PATH.
    if name.text().contains('/') && same_file(&path_text(cx, c, name), file) {
        return Some("run".to_owned());
    }
    let program = c.cmd.program()?;
    let args = &c.cmd.args;
    let texts: Vec<String> = args.iter().map(|w| path_text(cx, c, w)).collect();
    let operands: Vec<&String> = texts
        .iter()
        .zip(args)
        .filter(|(_, w)| !w.text().starts_with('-'))
        .map(|(t, _)| t)
        .collect();
    let names = |list: &[&String]| list.iter().any(|t| same_file(t, file));
    match program {
        p if SHELLS.contains(&p) => {
            let first = operands.first()?;
            (!c.cmd.has_flag('c', "") && same_file(first, file)).then(|| format!("run with `{p}`"))
        }
        "." | "source" => operands
            .first()
            .filter(|f| same_file(f, file))
            .map(|_| format!("sourced with `{program}`")),
        p if INTERPRETERS
            .iter()
            .any(|i| p == *i || p.starts_with(&format!("{i}."))) =>
        {
            // `python3 -m pip install x.whl` is an install, not a script run.
            if c.cmd.has_arg("-m") {
                return None;
            }
            operands
                .first()
                .filter(|f| same_file(f, file))
                .map(|_| format!("run with `{p}`"))
        }
        "dpkg" => (c.cmd.has_flag('i', "install") && names(&operands))
            .then(|| "installed with `dpkg`".to_owned()),
        "rpm" => ((c.cmd.has_flag('i', "install")
            || c.cmd.has_flag('U', "upgrade")
            || c.cmd.has_flag('F', "freshen"))
            && names(&operands))
        .then(|| "installed with `rpm`".to_owned()),
        "apt-get" | "apt" | "yum" | "dnf" | "microdnf" | "tdnf" | "zypper" | "apk" | "pip"
        | "pip3" | "gem" => {
            let action = operands.first()?;
            let installs = ["install", "in", "localinstall", "reinstall", "add"];
            (installs.contains(&action.as_str()) && names(&operands[1..]))
                .then(|| format!("installed with `{program}`"))
        }
        "install" | "mv" | "cp" => placed_on_path(c, &texts, file),
        "tar" | "bsdtar" => tar_into_prefix(c, &texts)
            .filter(|(f, _)| f.as_deref().is_some_and(|f| same_file(f, file)))
            .map(|(_, dir)| format!("unpacked into `{dir}`")),
        "unzip" => {
            let archive = operands.first()?;
            let dir = flag_value_text(c, &texts, 'd', "")?;
            (same_file(archive, file) && is_install_dir(&dir))
                .then(|| format!("unpacked into `{dir}`"))
        }
        _ => None,
    }
}

/// The text of an option's value (as [`crate::shell::SimpleCommand::flag_value`],
/// but with the value resolved like other paths).
fn flag_value_text(c: &Cmd<'_>, texts: &[String], short: char, long: &str) -> Option<String> {
    let value = c.cmd.flag_value(short, long)?;
    // Prefer the resolved text of the word that holds exactly this value.
    let at = c.cmd.args.iter().position(|w| w.text() == value);
    Some(
        at.and_then(|i| texts.get(i).cloned())
            .unwrap_or_else(|| normalize(value)),
    )
}

/// `install`/`mv`/`cp` of `file` into a bin directory.
fn placed_on_path(c: &Cmd<'_>, texts: &[String], file: &str) -> Option<String> {
    let with_value: &[&str] = match c.cmd.program()? {
        "install" => &[
            "-m", "-o", "-g", "-t", "-S", "--mode", "--owner", "--group", "--suffix",
        ],
        _ => &["-t", "-S", "--suffix"],
    };
    let mut target_dir = None;
    let mut operands = Vec::new();
    let mut k = 0;
    while k < c.cmd.args.len() {
        let raw = c.cmd.args[k].text();
        if raw == "-t" || raw == "--target-directory" {
            target_dir = texts.get(k + 1).cloned();
            k += 2;
            continue;
        }
        if let Some(v) = raw.strip_prefix("--target-directory=") {
            target_dir = Some(normalize(v));
        } else if with_value.contains(&raw) {
            k += 1;
        } else if !raw.starts_with('-') {
            operands.push(texts[k].clone());
        }
        k += 1;
    }
    let (sources, dest) = match target_dir {
        Some(d) => (operands.as_slice(), d),
        None => {
            let (dest, sources) = operands.split_last()?;
            (sources, dest.clone())
        }
    };
    if !sources.iter().any(|s| same_file(s, file)) {
        return None;
    }
    let dir = if is_bin_dir(&dest) {
        trim_dir(&dest).to_owned()
    } else {
        parent(&dest).filter(|d| is_bin_dir(d))?.to_owned()
    };
    Some(format!("put on the PATH in `{dir}`"))
}

/// A `tar` extraction into a system prefix: (archive, directory). The archive
/// is `None` when tar reads standard input.
fn tar_into_prefix(c: &Cmd<'_>, texts: &[String]) -> Option<(Option<String>, String)> {
    let args = &c.cmd.args;
    let mut extract = false;
    let mut file = None;
    let mut dir = None;
    let mut k = 0;
    while k < args.len() {
        let raw = args[k].text();
        let old_style =
            k == 0 && !raw.starts_with('-') && raw.chars().all(|ch| ch.is_ascii_alphabetic());
        if let Some(long) = raw.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(normalize(v))),
                None => (long, None),
            };
            match name {
                "extract" | "get" => extract = true,
                "file" | "directory" => {
                    let v = if value.is_some() {
                        value
                    } else {
                        k += 1;
                        texts.get(k).cloned()
                    };
                    if name == "file" {
                        file = v;
                    } else {
                        dir = v;
                    }
                }
                _ => {}
            }
        } else if let Some(cluster) = raw.strip_prefix('-').or(old_style.then_some(raw)) {
            let mut pending = Vec::new();
            for (pos, ch) in cluster.char_indices() {
                match ch {
                    'x' => extract = true,
                    'f' | 'C' => {
                        let rest = &cluster[pos + 1..];
                        if old_style || rest.is_empty() {
                            pending.push(ch);
                        } else {
                            let v = Some(normalize(rest));
                            if ch == 'f' {
                                file = v;
                            } else {
                                dir = v;
                            }
                            break;
                        }
                    }
                    _ => {}
                }
            }
            for ch in pending {
                k += 1;
                let v = texts.get(k).cloned();
                if ch == 'f' {
                    file = v;
                } else {
                    dir = v;
                }
            }
        }
        k += 1;
    }
    let dir = dir?;
    (extract && is_install_dir(&dir))
        .then(|| (file.filter(|f| f != "-"), trim_dir(&dir).to_owned()))
}

/// Whether the command checks a checksum or a signature.
fn verifies(c: &Cmd<'_>) -> bool {
    let Some(program) = c.cmd.program() else {
        return false;
    };
    let sub = c.cmd.subcommand().unwrap_or("");
    match program {
        "sha1sum" | "sha224sum" | "sha256sum" | "sha384sum" | "sha512sum" | "md5sum" | "b2sum"
        | "shasum" | "cksum" | "gpgv" | "gpgv2" | "slsa-verifier" | "debsig-verify" => true,
        "gpg" | "gpg2" => c.cmd.args.iter().any(|a| a.text().starts_with("--verify")),
        "cosign" | "notation" | "sigstore" | "rekor-cli" => sub.starts_with("verify"),
        "minisign" | "signify" => c.cmd.has_flag('V', ""),
        "openssl" => matches!(sub, "dgst" | "sha256" | "sha512" | "sha1" | "md5"),
        "rpm" => c.cmd.has_flag('K', "checksig"),
        "gh" => c.cmd.has_arg("attestation") && c.cmd.has_arg("verify"),
        "dpkg-sig" => c.cmd.has_flag('\0', "verify"),
        _ => false,
    }
}

/// Commands grouped by instruction, in order.
fn by_instruction<'a>(cx: &'a Context<'_>) -> Vec<(usize, Vec<Cmd<'a>>)> {
    let mut groups: Vec<(usize, Vec<Cmd<'a>>)> = Vec::new();
    for c in build_commands(cx) {
        match groups.last_mut() {
            Some((i, list)) if *i == c.run.instruction => list.push(c),
            _ => groups.push((c.run.instruction, vec![c])),
        }
    }
    groups
}

fn same_script(a: &Cmd<'_>, b: &Cmd<'_>) -> bool {
    std::ptr::eq(a.script, b.script)
}

impl Rule for UnverifiedDownloadExecuted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let groups = by_instruction(cx);
        for (_, cmds) in &groups {
            if cmds.iter().any(verifies) {
                continue;
            }
            for (k, c) in cmds.iter().enumerate() {
                let Some(d) = download(cx, c) else { continue };
                let program = c.cmd.program().unwrap_or("");
                if let Some(f) = found_use(cx, &d, c, &cmds[k + 1..]) {
                    out.push(f.finish(program));
                    continue;
                }
                if let Some(f) = d.files.iter().find(|f| parent(f).is_some_and(is_bin_dir)) {
                    out.push(Finding::new(
                        c.span(),
                        format!(
                            "`{f}` is downloaded with `{program}` straight onto the PATH, with no checksum or signature check in the same RUN"
                        ),
                    ));
                }
            }
        }
        added_then_used(cx, &groups, out);
        out.sort_by_key(|f| f.span.start);
    }
}

/// A use of a download found in a later command.
struct Use {
    span: Span,
    file: String,
    how: String,
}

impl Use {
    fn finish(self, program: &str) -> Finding {
        Finding::new(
            self.span,
            format!(
                "`{}` is downloaded with `{program}` and then {} with no checksum or signature check in the same RUN",
                self.file, self.how
            ),
        )
    }
}

fn found_use(cx: &Context<'_>, d: &Download, c: &Cmd<'_>, later: &[Cmd<'_>]) -> Option<Use> {
    if d.to_stdout
        && let Some(next) = c.script.pipes_into(c.index)
    {
        let next = c.script.innermost(next);
        if let Some(p) = later.iter().find(|o| same_script(o, c) && o.index == next) {
            let texts: Vec<String> = p.cmd.args.iter().map(|w| path_text(cx, p, w)).collect();
            if p.cmd.is_program(&["tar", "bsdtar"])
                && let Some((None, dir)) = tar_into_prefix(p, &texts)
            {
                let what = if d.url.is_empty() {
                    "the download".to_owned()
                } else {
                    d.url.clone()
                };
                return Some(Use {
                    span: p.span(),
                    file: what,
                    how: format!("unpacked into `{dir}` by `tar`"),
                });
            }
        }
    }
    for o in later.iter().filter(|o| same_script(o, c)) {
        for f in &d.files {
            if let Some(how) = use_of(cx, o, f) {
                return Some(Use {
                    span: o.span(),
                    file: f.clone(),
                    how,
                });
            }
        }
    }
    None
}

/// `ADD <url>` without `--checksum`, whose file a later RUN of the same stage
/// runs or installs without checking it.
fn added_then_used(cx: &Context<'_>, groups: &[(usize, Vec<Cmd<'_>>)], out: &mut Vec<Finding>) {
    for (index, ins) in cx.df.instructions.iter().enumerate() {
        let Some((args, carrier)) = add_args(ins) else {
            continue;
        };
        if args.checksum.is_some() || carrier.flag("checksum").is_some() {
            continue;
        }
        let Some(dest) = args.dest.map(|d| d.value.clone()) else {
            continue;
        };
        let stage = cx.model.stage_of.get(index).copied().flatten();
        let onbuild = !std::ptr::eq(carrier, ins);
        for source in args.sources {
            let Some(url) = source_url(cx, index, &source.value) else {
                continue;
            };
            let name = url_basename(&url);
            let mut files = Vec::new();
            if !dest.ends_with('/') && dest != "." {
                files.push(normalize(&dest));
            }
            if !name.is_empty() {
                files.push(normalize(&format!("{}/{name}", dest.trim_end_matches('/'))));
            }
            let line = ins.line;
            'runs: for (i, cmds) in groups {
                let origin_ok = cmds
                    .first()
                    .is_some_and(|c| (c.run.origin == ScriptOrigin::OnbuildRun) == onbuild);
                if *i <= index
                    || cx.model.stage_of.get(*i).copied().flatten() != stage
                    || !origin_ok
                {
                    continue;
                }
                if cmds.iter().any(verifies) {
                    continue;
                }
                for c in cmds {
                    for f in &files {
                        if let Some(how) = use_of(cx, c, f) {
                            out.push(Finding::new(
                                c.span(),
                                format!(
                                    "`{f}`, downloaded by `ADD` on line {line} without `--checksum`, is {how} with no checksum or signature check in this RUN"
                                ),
                            ));
                            break 'runs;
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_downloaded_scripts_that_run() {
        assert_fires(
            &UnverifiedDownloadExecuted,
            concat!(
                "FROM debian:12\n",
                "RUN curl -fsSL https://get.docker.com -o get-docker.sh && sh get-docker.sh\n",
                "RUN wget https://example.com/install.sh \\\n && chmod +x install.sh \\\n && ./install.sh --prefix /opt\n",
                "RUN curl -sSLO https://example.com/setup.py && python3 setup.py install\n",
            ),
            &[2, 5, 6],
        );
        let f = findings(
            &UnverifiedDownloadExecuted,
            "FROM debian:12\nRUN curl -fsSLo /tmp/i.sh https://x.example/i.sh && bash /tmp/i.sh\n",
        );
        assert_eq!(
            f[0].1,
            "`/tmp/i.sh` is downloaded with `curl` and then run with `bash` with no checksum or signature check in the same RUN"
        );
    }

    #[test]
    fn fires_on_downloaded_packages_and_binaries() {
        assert_fires(
            &UnverifiedDownloadExecuted,
            concat!(
                "FROM debian:12\n",
                "ARG V=1.2.3\n",
                "RUN wget -O /tmp/app.deb https://example.com/app_${V}.deb && dpkg -i /tmp/app.deb\n",
                "RUN curl -L -o /usr/local/bin/jq https://github.com/jqlang/jq/releases/download/jq-1.7.1/jq-linux-amd64 && chmod +x /usr/local/bin/jq\n",
                "RUN curl -LO https://dl.k8s.io/release/v1.31.0/bin/linux/amd64/kubectl \\\n && install -o root -g root -m 0755 kubectl /usr/local/bin/kubectl\n",
                "RUN curl -fsSL https://go.dev/dl/go1.23.1.linux-amd64.tar.gz -o go.tgz && tar -C /usr/local -xzf go.tgz\n",
                "RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin tool\n",
                "RUN wget -q https://example.com/x.rpm && rpm -ivh x.rpm && apt-get install -y ./x.rpm\n",
            ),
            &[3, 4, 6, 7, 8, 9],
        );
    }

    #[test]
    fn reads_wrappers_heredocs_and_onbuild() {
        assert_fires(
            &UnverifiedDownloadExecuted,
            concat!(
                "FROM debian:12\n",
                "RUN sudo sh -c 'curl -o /tmp/x.sh https://x.example/x.sh && sh /tmp/x.sh'\n",
                "ONBUILD RUN wget -O /tmp/y.sh https://x.example/y.sh && bash /tmp/y.sh\n",
                "RUN <<EOF\nset -e\ncurl -fsSLo /tmp/z.sh https://x.example/z.sh\nsh /tmp/z.sh\nEOF\n",
            ),
            &[2, 3, 7],
        );
    }

    #[test]
    fn fires_on_add_urls_used_later_without_a_check() {
        assert_fires(
            &UnverifiedDownloadExecuted,
            concat!(
                "FROM alpine:3.20\n",
                "ARG V=3.2.0.0\n",
                "ADD https://github.com/just-containers/s6-overlay/releases/download/v${V}/s6-overlay-noarch.tar.xz /tmp\n",
                "RUN tar -C / -Jxpf /tmp/s6-overlay-noarch.tar.xz\n",
                "ADD https://x.example/strap.sh /tmp/strap.sh\n",
                "RUN chmod +x /tmp/strap.sh && /tmp/strap.sh\n",
            ),
            &[4, 6],
        );
        assert_clean(
            &UnverifiedDownloadExecuted,
            concat!(
                "FROM alpine:3.20\n",
                "ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://x.example/a.sh /a.sh\n",
                "RUN sh /a.sh\n",
                "ADD https://x.example/b.tar.xz /tmp/\n",
                "RUN echo \"$B_SHA  /tmp/b.tar.xz\" | sha256sum -c - && tar -C / -xJf /tmp/b.tar.xz\n",
                "FROM alpine:3.20\n",
                "RUN sh /a.sh\n",
            ),
        );
    }

    #[test]
    fn silent_when_the_same_run_verifies() {
        assert_clean(
            &UnverifiedDownloadExecuted,
            concat!(
                "FROM debian:12\n",
                "RUN curl -fsSLo /tmp/i.sh https://x.example/i.sh && echo \"abc  /tmp/i.sh\" | sha256sum -c - && sh /tmp/i.sh\n",
                "RUN wget -O /usr/local/bin/gosu https://x.example/gosu && wget -O /usr/local/bin/gosu.asc https://x.example/gosu.asc \\\n && gpg --batch --verify /usr/local/bin/gosu.asc /usr/local/bin/gosu && chmod +x /usr/local/bin/gosu\n",
                "RUN curl -LO https://x.example/kubectl && [ \"$(sha256sum kubectl | cut -d' ' -f1)\" = \"$SUM\" ] && install kubectl /usr/local/bin/\n",
                "RUN curl -LO https://x.example/t.tgz && cosign verify-blob --key k.pub --signature t.sig t.tgz && tar -xzf t.tgz -C /usr/local\n",
            ),
        );
    }

    #[test]
    fn silent_when_the_download_is_not_run_or_installed() {
        assert_clean(
            &UnverifiedDownloadExecuted,
            concat!(
                "FROM debian:12\n",
                "RUN curl -fsSL https://x.example/key.gpg | gpg --dearmor -o /usr/share/keyrings/x.gpg\n",
                "RUN curl -fsSLo /etc/apt/keyrings/docker.asc https://download.docker.com/linux/debian/gpg\n",
                "RUN wget -O src.tar.gz https://x.example/src.tar.gz && tar -xzf src.tar.gz -C /usr/src\n",
                "RUN curl -o data.json https://x.example/data.json && cat data.json\n",
                "RUN curl -fsSL https://x.example/s.sh | sh\n",
                "RUN sh /opt/local-script.sh && curl -o /opt/local-script.sh https://x.example/s.sh\n",
            ),
        );
    }
}
