//! Settings that switch off TLS certificate checks or package signature
//! checks, wherever a Dockerfile can set them: command options, environment
//! variables (ENV, ARG, `export`, `VAR=… cmd`), and configuration files it
//! writes (`echo … >> /etc/yum.conf`, `cat > pip.conf <<EOF`, `sed -i`,
//! `COPY <<EOF /etc/apt/sources.list`).

use crate::lint::Context;
use crate::model::RunScript;
use crate::shell::{RedirectOp, Script, ShellWord, SimpleCommand};
use crate::span::Span;
use crate::syntax::InstructionKind;

/// What a setting weakens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weakens {
    /// TLS certificate (or host) verification.
    Tls,
    /// Package signature or checksum verification.
    Signature,
}

/// One weakening setting found in the Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Weakening {
    /// TLS or signatures.
    pub kind: Weakens,
    /// Where, in the Dockerfile.
    pub span: Span,
    /// What it is, for the message (`curl -k`, `ENV GIT_SSL_NO_VERIFY=1`).
    pub what: String,
}

fn clean(v: &str) -> String {
    v.trim()
        .trim_matches(['"', '\'', ';'])
        .trim()
        .to_ascii_lowercase()
}

fn falsy(v: &str) -> bool {
    matches!(clean(v).as_str(), "0" | "false" | "no" | "off")
}

fn truthy(v: &str) -> bool {
    matches!(clean(v).as_str(), "1" | "true" | "yes" | "on")
}

/// What an environment variable assignment weakens, if anything.
pub(crate) fn env_weakens(name: &str, value: &str) -> Option<Weakens> {
    let upper = name.to_ascii_uppercase();
    let v = value.trim();
    match upper.as_str() {
        "NODE_TLS_REJECT_UNAUTHORIZED" | "PYTHONHTTPSVERIFY" if v == "0" => Some(Weakens::Tls),
        "GIT_SSL_NO_VERIFY" => Some(Weakens::Tls),
        "PIP_TRUSTED_HOST" | "GOINSECURE" if !v.is_empty() => Some(Weakens::Tls),
        "NPM_CONFIG_STRICT_SSL" | "YARN_STRICT_SSL" | "YARN_ENABLE_STRICT_SSL" if falsy(v) => {
            Some(Weakens::Tls)
        }
        "GOFLAGS" if v.split_whitespace().any(|f| f == "-insecure") => Some(Weakens::Tls),
        "GOSUMDB" if v == "off" => Some(Weakens::Signature),
        _ => None,
    }
}

const APT_UNSIGNED_OPTIONS: [&str; 3] = [
    "apt::get::allowunauthenticated",
    "acquire::allowinsecurerepositories",
    "acquire::allowdowngradetoinsecurerepositories",
];

/// Splits a configuration line into key and value: `key = value`,
/// `key: value`, `Apt::Key "value";`, `key value`.
fn key_value(lower: &str) -> (&str, &str) {
    if let Some((k, v)) = lower.split_once('=') {
        return (k.trim(), v.trim());
    }
    if !lower.contains("::")
        && let Some((k, v)) = lower.split_once(':')
        && !k.trim().is_empty()
        && !k.trim().contains(' ')
    {
        return (k.trim(), v.trim());
    }
    match lower.split_once(char::is_whitespace) {
        Some((k, v)) => (k.trim(), v.trim()),
        None => (lower, ""),
    }
}

/// What one line of a configuration file weakens.
fn line_weakens(line: &str, dest: Option<&str>) -> Option<Weakens> {
    let lower = line.trim().to_ascii_lowercase();
    if lower.is_empty() || lower.starts_with('#') || lower.starts_with(';') {
        return None;
    }
    // APT sources: `deb [trusted=yes] uri suite`; local `file:` repositories
    // hold packages built in the same build and are exempt.
    if lower.starts_with("deb ") || lower.starts_with("deb-src ") {
        let (a, b) = (lower.find('[')?, lower.find(']')?);
        if a > b {
            return None;
        }
        let rest = lower[b + 1..].trim_start();
        let local = rest.starts_with("file:") || rest.starts_with("copy:");
        return (lower[a + 1..b]
            .split_whitespace()
            .any(|o| o == "trusted=yes")
            && !local)
            .then_some(Weakens::Signature);
    }
    let (key, value) = key_value(&lower);
    let key = key.trim_matches(['"', '\'']);
    let curlrc = dest.is_some_and(|d| d.ends_with(".curlrc"));
    match key {
        "sslverify" | "ssl_verify" | "verify_ssl" | "check_certificate" | "strict-ssl"
        | "strict_ssl" | "enablestrictssl"
            if falsy(value) =>
        {
            Some(Weakens::Tls)
        }
        "trusted-host" | "trusted_host" if !value.is_empty() => Some(Weakens::Tls),
        "insecure" | "-k" | "--insecure" if curlrc => Some(Weakens::Tls),
        "gpgcheck" if falsy(value) => Some(Weakens::Signature),
        "trusted" if truthy(value) => Some(Weakens::Signature),
        k if (k.ends_with("::verify-peer") || k.ends_with("::verify-host")) && falsy(value) => {
            Some(Weakens::Tls)
        }
        k if APT_UNSIGNED_OPTIONS.contains(&k) && truthy(value) => Some(Weakens::Signature),
        _ => None,
    }
}

/// One weakening line of a configuration text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConfigLine {
    /// Byte offset of the line's text in the scanned text.
    pub start: usize,
    /// Length of the line's text (trimmed).
    pub len: usize,
    /// What it weakens.
    pub kind: Weakens,
    /// The line, trimmed.
    pub text: String,
}

/// Weakening lines of a configuration text written to `dest`.
pub(crate) fn scan_config_text(text: &str, dest: Option<&str>) -> Vec<ConfigLine> {
    let mut out = Vec::new();
    let mut offset = 0;
    // deb822 stanzas of a local `URIs: file:` repository are exempt too.
    let local_deb822 = text.to_ascii_lowercase().contains("uris: file:");
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim();
        if let Some(kind) = line_weakens(body, dest)
            && !(local_deb822 && trimmed.to_ascii_lowercase().starts_with("trusted"))
        {
            let lead = body.len() - body.trim_start().len();
            out.push(ConfigLine {
                start: offset + lead,
                len: trimmed.len(),
                kind,
                text: trimmed.to_owned(),
            });
        }
        offset += line.len();
    }
    out
}

/// The file a command writes its output to (`> f`, `>> f`, or `| tee f`).
fn written_file<'a>(script: &'a Script, index: usize, cmd: &'a SimpleCommand) -> Option<&'a str> {
    let redirect = cmd.redirects.iter().find(|r| {
        matches!(
            r.op,
            RedirectOp::Write | RedirectOp::Append | RedirectOp::Clobber
        ) && r.fd.is_none_or(|fd| fd == 1)
    });
    if let Some(r) = redirect {
        return Some(r.target.text());
    }
    let tee_file = |c: &'a SimpleCommand| {
        c.is_program(&["tee"])
            .then(|| c.arg_texts().find(|a| !a.starts_with('-')))
            .flatten()
    };
    if let Some(f) = tee_file(cmd) {
        return Some(f);
    }
    let next = script.pipes_into(index)?;
    tee_file(script.commands.get(script.innermost(next))?)
}

/// The replacement text of a sed `s<d>pattern<d>replacement<d>flags` script.
fn sed_replacement(expr: &str) -> Option<&str> {
    let rest = expr.strip_prefix('s')?;
    let d = rest.chars().next()?;
    if d.is_alphanumeric() || d == '\\' || d.is_whitespace() {
        return None;
    }
    let mut parts = rest[d.len_utf8()..].splitn(3, d);
    parts.next()?;
    parts.next()
}

/// The span of the bytes `[start, start + len)` of a word's value: exact when
/// the word is written literally (optionally in one pair of quotes), else the
/// whole word.
fn value_span(word: &ShellWord, start: usize, len: usize) -> Span {
    let value = word.text();
    let quoted = word.raw.len() == value.len() + 2
        && word.raw.starts_with(['"', '\''])
        && &word.raw[1..word.raw.len() - 1] == value;
    let lead = if word.raw == value {
        0
    } else if quoted {
        1
    } else {
        return word.span;
    };
    if word.span.len() != word.raw.len() {
        return word.span;
    }
    let s = word.span.start + lead + start;
    Span::new(s, s + len)
}

fn push(out: &mut Vec<Weakening>, run: &RunScript, kind: Weakens, span: Span, what: String) {
    out.push(Weakening {
        kind,
        span: run.source_span(span),
        what,
    });
}

/// Weakening settings written to files by the commands of one script.
fn config_writes(run: &RunScript, script: &Script, out: &mut Vec<Weakening>) {
    for (i, cmd) in script.commands.iter().enumerate() {
        let dest = written_file(script, i, cmd);
        // Heredoc bodies: `cat > f <<EOF`, `tee f <<EOF`.
        if dest.is_some() {
            for body in cmd.redirects.iter().filter_map(|r| r.body.as_ref()) {
                for l in scan_config_text(body.text(), dest) {
                    let span = value_span(body, l.start, l.len);
                    push(out, run, l.kind, span, format!("writes `{}`", l.text));
                }
            }
        }
        let program = cmd.program().unwrap_or_default();
        if matches!(program, "echo" | "printf") && dest.is_some() {
            for w in &cmd.args {
                let escaped = w.text().contains("\\n");
                let text = w.text().replace("\\n", "\n");
                for l in scan_config_text(&text, dest) {
                    let span = if escaped {
                        w.span
                    } else {
                        value_span(w, l.start, l.len)
                    };
                    push(out, run, l.kind, span, format!("writes `{}`", l.text));
                }
            }
        }
        if program == "sed" {
            for w in cmd.args.iter().filter(|w| !w.text().starts_with('-')) {
                let Some(rep) = sed_replacement(w.text()) else {
                    continue;
                };
                for l in scan_config_text(rep, None) {
                    push(
                        out,
                        run,
                        l.kind,
                        w.span,
                        format!("`sed` writes `{}`", l.text),
                    );
                }
            }
        }
    }
}

/// `key=value` of `--setopt=key=value` / `--setopt key=value`.
fn setopts(args: &[ShellWord]) -> Vec<(&ShellWord, &str)> {
    let mut out = Vec::new();
    for (k, a) in args.iter().enumerate() {
        let t = a.text();
        if let Some(v) = t.strip_prefix("--setopt=") {
            out.push((a, v));
        } else if t == "--setopt"
            && let Some(v) = args.get(k + 1)
        {
            out.push((v, v.text()));
        }
    }
    out
}

/// Whether a package command installs only local package files (built or
/// copied earlier in the build), when nothing is downloaded in the same RUN.
fn only_local_packages(args: &[ShellWord], downloads: bool) -> bool {
    let pkgs: Vec<&str> = args
        .iter()
        .map(ShellWord::text)
        .filter(|a| !a.starts_with('-'))
        .skip(1)
        .collect();
    !downloads
        && !pkgs.is_empty()
        && pkgs.iter().all(|p| {
            !p.contains("://") && (p.contains('/') || p.ends_with(".apk") || p.ends_with(".rpm"))
        })
}

fn is_pip(program: &str, args: &[ShellWord]) -> bool {
    let pip_name = |p: &str| {
        p.strip_prefix("pip")
            .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
    };
    pip_name(program)
        || (program.starts_with("python")
            && args
                .windows(2)
                .any(|w| w[0].text() == "-m" && pip_name(w[1].text())))
}

/// Weakening options of one command.
fn command_options(
    run: &RunScript,
    cmd: &SimpleCommand,
    downloads: bool,
    out: &mut Vec<Weakening>,
) {
    let Some(program) = cmd.program() else { return };
    let args = &cmd.args;
    let options = || args.iter().take_while(|a| a.text() != "--");
    let short = |a: &str, c: char| {
        a.strip_prefix('-').is_some_and(|r| {
            !r.starts_with('-') && r.chars().all(|x| x.is_ascii_alphanumeric()) && r.contains(c)
        })
    };
    for (w, setting) in setopts(args) {
        if let Some((key, value)) = setting.split_once('=') {
            let key = key.rsplit('.').next().unwrap_or(key).to_ascii_lowercase();
            let kind = match key.as_str() {
                "sslverify" if falsy(value) => Some(Weakens::Tls),
                "gpgcheck" if falsy(value) => Some(Weakens::Signature),
                _ => None,
            };
            if let Some(kind) = kind {
                push(
                    out,
                    run,
                    kind,
                    w.span,
                    format!("`{program} --setopt={setting}`"),
                );
            }
        }
    }
    let config_set = args.iter().any(|x| x.text() == "config");
    match program {
        "curl" => {
            for w in options().filter(|w| {
                let t = w.text();
                t == "--insecure" || t == "--proxy-insecure" || short(t, 'k')
            }) {
                push(
                    out,
                    run,
                    Weakens::Tls,
                    w.span,
                    format!("`curl {}`", w.text()),
                );
            }
        }
        "wget" => {
            for w in options().filter(|w| w.text() == "--no-check-certificate") {
                push(
                    out,
                    run,
                    Weakens::Tls,
                    w.span,
                    "`wget --no-check-certificate`".to_owned(),
                );
            }
        }
        "git" => {
            for (k, a) in args.iter().enumerate() {
                let next = args.get(k + 1);
                if a.text() == "-c"
                    && let Some(v) = next
                    && let Some((key, value)) = v.text().split_once('=')
                    && key.to_ascii_lowercase().ends_with(".sslverify")
                    && falsy(value)
                {
                    push(
                        out,
                        run,
                        Weakens::Tls,
                        v.span,
                        format!("`git -c {}`", v.text()),
                    );
                }
                let t = a.text().to_ascii_lowercase();
                if config_set
                    && t.starts_with("http.")
                    && t.ends_with(".sslverify")
                    && next.is_some_and(|v| falsy(v.text()))
                {
                    push(
                        out,
                        run,
                        Weakens::Tls,
                        a.span,
                        format!("`git config {} false`", a.text()),
                    );
                }
            }
        }
        "npm" | "yarn" | "pnpm" => {
            let set = args.iter().any(|x| x.text() == "set");
            for (k, a) in args.iter().enumerate() {
                let t = a.text().to_ascii_lowercase();
                let (key, value) = match t.split_once('=') {
                    Some((key, value)) => (key.to_owned(), Some(value.to_owned())),
                    None => (t.clone(), args.get(k + 1).map(|v| v.text().to_owned())),
                };
                let setting = set
                    && matches!(key.as_str(), "strict-ssl" | "enablestrictssl")
                    && value.as_deref().is_some_and(falsy);
                let flag =
                    t == "--no-strict-ssl" || t.strip_prefix("--strict-ssl=").is_some_and(falsy);
                if setting || flag {
                    push(
                        out,
                        run,
                        Weakens::Tls,
                        a.span,
                        format!("`{program} {}`", a.text()),
                    );
                }
            }
        }
        "composer" if config_set => {
            for (k, a) in args.iter().enumerate() {
                let next = args.get(k + 1).map(ShellWord::text).unwrap_or("");
                let weak = match a.text() {
                    "disable-tls" => truthy(next),
                    "secure-http" => falsy(next),
                    _ => false,
                };
                if weak {
                    push(
                        out,
                        run,
                        Weakens::Tls,
                        a.span,
                        format!("`composer config {} {next}`", a.text()),
                    );
                }
            }
        }
        "apt-get" | "apt" | "aptitude" => {
            for (k, a) in args.iter().enumerate() {
                let t = a.text();
                if matches!(
                    t,
                    "--allow-unauthenticated" | "--force-yes" | "--allow-insecure-repositories"
                ) {
                    push(
                        out,
                        run,
                        Weakens::Signature,
                        a.span,
                        format!("`{program} {t}`"),
                    );
                }
                if matches!(t, "-o" | "--option")
                    && let Some(v) = args.get(k + 1)
                    && let Some((key, value)) = v.text().split_once('=')
                {
                    let key = key.to_ascii_lowercase();
                    let kind = if (key.ends_with("::verify-peer") || key.ends_with("::verify-host"))
                        && falsy(value)
                    {
                        Some(Weakens::Tls)
                    } else if APT_UNSIGNED_OPTIONS.contains(&key.as_str()) && truthy(value) {
                        Some(Weakens::Signature)
                    } else {
                        None
                    };
                    if let Some(kind) = kind {
                        push(
                            out,
                            run,
                            kind,
                            v.span,
                            format!("`{program} -o {}`", v.text()),
                        );
                    }
                }
            }
        }
        "apk" => {
            let action = args
                .iter()
                .map(ShellWord::text)
                .find(|a| !a.starts_with('-'));
            if matches!(action, Some("add" | "fetch" | "upgrade" | "fix"))
                && !only_local_packages(args, downloads)
            {
                for w in options().filter(|w| w.text() == "--allow-untrusted") {
                    push(
                        out,
                        run,
                        Weakens::Signature,
                        w.span,
                        "`apk --allow-untrusted`".to_owned(),
                    );
                }
            }
        }
        "yum" | "dnf" | "tdnf" | "microdnf" if !only_local_packages(args, downloads) => {
            for w in options().filter(|w| w.text() == "--nogpgcheck") {
                push(
                    out,
                    run,
                    Weakens::Signature,
                    w.span,
                    format!("`{program} --nogpgcheck`"),
                );
            }
        }
        "zypper" => {
            for w in options().filter(|w| w.text() == "--no-gpg-checks") {
                push(
                    out,
                    run,
                    Weakens::Signature,
                    w.span,
                    "`zypper --no-gpg-checks`".to_owned(),
                );
            }
        }
        "rpm" => {
            for w in options().filter(|w| {
                matches!(
                    w.text(),
                    "--nosignature" | "--nodigest" | "--noverify" | "--nofiledigest"
                )
            }) {
                push(
                    out,
                    run,
                    Weakens::Signature,
                    w.span,
                    format!("`rpm {}`", w.text()),
                );
            }
        }
        p if is_pip(p, args) => {
            for w in options()
                .filter(|w| w.text() == "--trusted-host" || w.text().starts_with("--trusted-host="))
            {
                push(
                    out,
                    run,
                    Weakens::Tls,
                    w.span,
                    "`pip --trusted-host`".to_owned(),
                );
            }
            if config_set {
                for w in args.iter().filter(|a| {
                    let t = a.text().to_ascii_lowercase();
                    t.ends_with(".trusted-host") || t.ends_with(".trusted_host")
                }) {
                    push(
                        out,
                        run,
                        Weakens::Tls,
                        w.span,
                        format!("`pip config set {}`", w.text()),
                    );
                }
            }
        }
        _ => {}
    }
    // Variables set for one command or exported: `GIT_SSL_NO_VERIFY=1 git …`.
    for (name, value) in &cmd.assignments {
        if let Some(kind) = env_weakens(name, value.text()) {
            push(
                out,
                run,
                kind,
                value.span,
                format!("`{name}={}`", value.text()),
            );
        }
    }
    if matches!(program, "export" | "declare" | "typeset") {
        for a in args {
            if let Some((name, value)) = a.text().split_once('=')
                && let Some(kind) = env_weakens(name, value)
            {
                push(out, run, kind, a.span, format!("`export {}`", a.text()));
            }
        }
    }
}

/// Every weakening setting in the Dockerfile, in file order (found once per
/// lint for the TLS and the signature rule).
pub(crate) fn weakenings<'a>(cx: &Context<'a>) -> &'a [Weakening] {
    cx.memo.weakenings(|| find_weakenings(cx))
}

fn find_weakenings(cx: &Context<'_>) -> Vec<Weakening> {
    let mut out = Vec::new();
    for (i, ins) in cx.df.instructions.iter().enumerate() {
        // ENV, ARG and COPY heredocs, also as ONBUILD triggers.
        match ins.trigger_or_self().kind() {
            InstructionKind::Env { pairs } => {
                for p in pairs {
                    let name = p.key.value.trim_matches(['"', '\'']);
                    let value = p.value.value.trim_matches(['"', '\'']);
                    if let Some(k) = env_weakens(name, value) {
                        out.push(Weakening {
                            kind: k,
                            span: p.key.span.cover(p.value.span),
                            what: format!("`ENV {name}={value}`"),
                        });
                    }
                }
            }
            InstructionKind::Arg { args } => {
                for a in args {
                    if let Some(d) = a.default {
                        let value = d.trim_matches(['"', '\'']);
                        if let Some(k) = env_weakens(a.name, value) {
                            out.push(Weakening {
                                kind: k,
                                span: a.word.span,
                                what: format!("`ARG {}={value}`", a.name),
                            });
                        }
                    }
                }
            }
            InstructionKind::Copy(c) | InstructionKind::Add(c) => {
                let dest = c.dest.map(|d| d.value.as_str());
                for h in &ins.heredocs {
                    for l in scan_config_text(&h.content, dest) {
                        let s = h.body_span.start + l.start;
                        out.push(Weakening {
                            kind: l.kind,
                            span: Span::new(s, s + l.len),
                            what: format!("writes `{}`", l.text),
                        });
                    }
                }
            }
            _ => {}
        }
        // Scripts of RUN (and ONBUILD RUN).
        for run in cx.model.scripts_of(i) {
            let Some(script) = &run.script else { continue };
            let downloads = script
                .commands
                .iter()
                .any(|c| c.is_program(&["curl", "wget"]));
            for cmd in &script.commands {
                command_options(run, cmd, downloads, &mut out);
            }
            config_writes(run, script, &mut out);
        }
    }
    out.sort_by_key(|w| (w.span.start, w.span.end));
    out.dedup_by(|a, b| a.span == b.span && a.kind == b.kind);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(t: &str, d: Option<&str>) -> Vec<(Weakens, String)> {
        scan_config_text(t, d)
            .into_iter()
            .map(|l| (l.kind, l.text))
            .collect()
    }

    #[test]
    fn config_lines() {
        assert_eq!(
            hits("[x]\n  sslverify=0\n", None),
            [(Weakens::Tls, "sslverify=0".to_owned())]
        );
        assert_eq!(hits("gpgcheck = False\n", None)[0].0, Weakens::Signature);
        assert!(hits("gpgcheck=1\nrepo_gpgcheck=0\n", None).is_empty());
        assert_eq!(
            hits("deb [trusted=yes] http://x/ ./", None)[0].0,
            Weakens::Signature
        );
        assert!(hits("deb [ trusted=yes ] file:///tmp/x ./", None).is_empty());
        assert_eq!(
            hits("Acquire::https::Verify-Peer \"false\";", None)[0].0,
            Weakens::Tls
        );
        assert_eq!(
            hits("APT::Get::AllowUnauthenticated \"true\";", None)[0].0,
            Weakens::Signature
        );
        assert_eq!(hits("strict-ssl=false", None)[0].0, Weakens::Tls);
        assert_eq!(hits("strict-ssl false", None)[0].0, Weakens::Tls);
        assert_eq!(
            hits("[global]\ntrusted-host = pypi.org\n", None)[0].0,
            Weakens::Tls
        );
        assert_eq!(hits("insecure\n", Some("/root/.curlrc"))[0].0, Weakens::Tls);
        assert!(hits("insecure\n", Some("/etc/app.conf")).is_empty());
        assert_eq!(hits("check_certificate = off\n", None)[0].0, Weakens::Tls);
        assert!(hits("sslverify=1\n# gpgcheck=0\n", None).is_empty());
        assert_eq!(
            hits("Types: deb\nTrusted: yes\n", None)[0].0,
            Weakens::Signature
        );
        assert!(hits("Types: deb\nURIs: file:/tmp/r\nTrusted: yes\n", None).is_empty());
    }

    #[test]
    fn env_values() {
        assert_eq!(
            env_weakens("NODE_TLS_REJECT_UNAUTHORIZED", "0"),
            Some(Weakens::Tls)
        );
        assert_eq!(env_weakens("NODE_TLS_REJECT_UNAUTHORIZED", "1"), None);
        assert_eq!(
            env_weakens("GIT_SSL_NO_VERIFY", "false"),
            Some(Weakens::Tls)
        );
        assert_eq!(
            env_weakens("npm_config_strict_ssl", "false"),
            Some(Weakens::Tls)
        );
        assert_eq!(env_weakens("GOSUMDB", "off"), Some(Weakens::Signature));
        assert_eq!(env_weakens("PIP_TRUSTED_HOST", ""), None);
    }

    #[test]
    fn sed_replacements() {
        assert_eq!(
            sed_replacement("s/gpgcheck=1/gpgcheck=0/g"),
            Some("gpgcheck=0")
        );
        assert_eq!(sed_replacement("s|a|b|"), Some("b"));
        assert_eq!(sed_replacement("/x/d"), None);
    }
}
