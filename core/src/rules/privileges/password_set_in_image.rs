//! HG153: passwords set (or removed) at build time, so the image ships them.

use crate::lint::{Category, Context, Finding, Rule, RuleDocs, RuleMeta, Severity};
use crate::rules::support::commands::{Cmd, build_commands};
use crate::shell::{RedirectOp, ShellWord, SimpleCommand};

use super::final_chain;

/// See [`META`].
pub(crate) struct PasswordSetInImage;

static META: RuleMeta = RuleMeta {
    code: "HG153",
    name: "password-set-in-image",
    severity: Severity::Warning,
    category: Category::Privileges,
    sources: &["checkov:CKV2_DOCKER_17", "dockle:DKL-LI-0001"],
    default_enabled: true,
    help: "Create users without a password (`useradd --no-log-init --system app`, `adduser -D`) and lock accounts (`passwd -l`); never set passwords at build time.",
    docs: RuleDocs {
        what: "Flags build steps of the final image's stages that set or remove account passwords: `chpasswd` (in any form), `passwd -d`/`--delete` (an empty password), `passwd --stdin` or `passwd` fed by a pipe, and `useradd`/`usermod -p`/`--password` with a value other than a locked marker (`*`, `!`, `!!`). Build stages the final image only copies files from are not checked.",
        why: "Docker's guide asks for no secrets in images. A password set in a Dockerfile is in the Dockerfile, in the build history and, hashed, in `/etc/shadow` of every container; an empty one lets anyone with a shell become that user. Containers need no login passwords: processes start as the image's USER.",
        bad: "FROM ubuntu:24.04\nRUN useradd -m app && echo 'app:app' | chpasswd\nUSER app\n",
        good: "FROM ubuntu:24.04\nRUN useradd -m app && passwd -l app\nUSER app\n",
    },
};

/// The text a command reads on standard input when it is written in the
/// script: `echo`/`printf` piped into it, a here-string or a here-document.
fn input_text(c: &Cmd<'_>) -> Option<String> {
    for r in &c.cmd.redirects {
        match r.op {
            RedirectOp::HereString => return Some(r.target.text().to_owned()),
            RedirectOp::HereDoc | RedirectOp::HereDocStripTabs => {
                return r.body.as_ref().map(|b| b.text().to_owned());
            }
            _ => {}
        }
    }
    let from = c.script.piped_from(c.index)?;
    let feeder: &SimpleCommand = c.script.commands.get(from)?;
    if !feeder.is_program(&["echo", "printf", "yes"]) {
        return None;
    }
    let words: Vec<&str> = feeder
        .arg_texts()
        .skip_while(|a| a.starts_with('-'))
        .collect();
    Some(words.join(" "))
}

/// `user` of the first `user:password` line of chpasswd input.
fn first_user(input: &str) -> Option<&str> {
    input
        .split(['\n', ' '])
        .find_map(|l| l.split_once(':'))
        .map(|(u, _)| u.trim_matches(|c| c == '"' || c == '\''))
        .filter(|u| !u.is_empty())
}

/// The value word of `-p`/`--password` (and `-pVALUE`, `--password=VALUE`).
fn password_option(args: &[ShellWord]) -> Option<(&ShellWord, String)> {
    for (i, a) in args.iter().enumerate() {
        let t = a.text();
        if t == "--" {
            break;
        }
        if t == "-p" || t == "--password" {
            return args.get(i + 1).map(|w| (w, w.text().to_owned()));
        }
        if let Some(v) = t.strip_prefix("--password=") {
            return Some((a, v.to_owned()));
        }
        if let Some(v) = t
            .strip_prefix("-p")
            .filter(|v| !v.is_empty() && !t.starts_with("--"))
        {
            return Some((a, v.to_owned()));
        }
    }
    None
}

fn is_locked_marker(v: &str) -> bool {
    matches!(v, "*" | "!" | "!!" | "!*" | "x")
}

/// The last non-option argument (the account name of passwd/useradd).
fn account(cmd: &SimpleCommand) -> Option<&str> {
    cmd.arg_texts().filter(|a| !a.starts_with('-')).last()
}

impl Rule for PasswordSetInImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let chain = final_chain(cx);
        for c in build_commands(cx) {
            if !c.run.stage.is_some_and(|s| chain.contains(&s)) {
                continue;
            }
            let Some(program) = c.cmd.program() else {
                continue;
            };
            let name_span = c.cmd.name.as_ref().map_or(c.span(), |n| c.map(n.span));
            match program {
                "chpasswd" => {
                    let input = input_text(&c);
                    let user = input.as_deref().and_then(first_user);
                    let empty = input.as_deref().is_some_and(|i| {
                        i.split_once(':')
                            .is_some_and(|(_, p)| p.trim_matches(['"', '\'', ' ', '\n']).is_empty())
                    });
                    let what = match (user, empty) {
                        (Some(u), true) => format!("`chpasswd` sets an empty password for `{u}`"),
                        (Some(u), false) => {
                            format!("`chpasswd` sets a password for `{u}` in the image")
                        }
                        (None, _) => "`chpasswd` sets passwords in the image".to_owned(),
                    };
                    out.push(Finding::new(name_span, what));
                }
                "passwd" => {
                    let user = account(c.cmd).map_or(String::new(), |u| format!(" of `{u}`"));
                    if c.cmd.has_flag('d', "delete") {
                        out.push(Finding::new(
                            name_span,
                            format!("`passwd -d` removes the password{user}, leaving an empty one"),
                        ));
                    } else if !c.cmd.has_flag('l', "lock")
                        && (c.cmd.has_flag('\0', "stdin") || input_text(&c).is_some())
                    {
                        out.push(Finding::new(
                            name_span,
                            format!("`passwd` sets the password{user} in the image"),
                        ));
                    }
                }
                "useradd" | "usermod" => {
                    let Some((word, value)) = password_option(&c.cmd.args) else {
                        continue;
                    };
                    let value = value.trim_matches(['"', '\'']);
                    if is_locked_marker(value) {
                        continue;
                    }
                    let user = account(c.cmd).map_or(String::new(), |u| format!(" for `{u}`"));
                    let what = if value.is_empty() {
                        "an empty password"
                    } else {
                        "a password"
                    };
                    out.push(Finding::new(
                        c.map(word.span),
                        format!("`{program} -p` sets {what}{user} in the image"),
                    ));
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{assert_clean, assert_fires, findings};

    #[test]
    fn fires_on_passwords_set_or_removed() {
        assert_fires(
            &PasswordSetInImage,
            "FROM debian:12\nRUN echo 'root:root' | chpasswd\n",
            &[2],
        );
        let got = findings(
            &PasswordSetInImage,
            "FROM debian:12\nRUN echo 'root:root' | chpasswd\n",
        );
        assert_eq!(
            got[0].1,
            "`chpasswd` sets a password for `root` in the image"
        );
        assert_fires(
            &PasswordSetInImage,
            "FROM debian:12\nARG PW\nRUN useradd app && \\\n    echo \"app:${PW}\" | sudo chpasswd\n",
            &[4],
        );
        assert_fires(
            &PasswordSetInImage,
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN chpasswd <<< 'app:'\n",
            &[3],
        );
        assert_fires(
            &PasswordSetInImage,
            "FROM debian:12\nRUN passwd -d root\n",
            &[2],
        );
        assert_fires(
            &PasswordSetInImage,
            "FROM centos:7\nRUN echo secret | passwd --stdin app\n",
            &[2],
        );
        assert_fires(
            &PasswordSetInImage,
            "FROM debian:12\nRUN useradd -m -p \"$(openssl passwd -1 pw)\" app\n",
            &[2],
        );
        assert_fires(
            &PasswordSetInImage,
            "FROM debian:12\nRUN usermod --password='' app\n",
            &[2],
        );
        assert_fires(
            &PasswordSetInImage,
            "FROM debian:12\nRUN <<EOF\nuseradd app\necho app:pw | chpasswd\nEOF\n",
            &[4],
        );
        assert_fires(
            &PasswordSetInImage,
            "FROM debian:12\nRUN sh -c 'echo root:x1 | chpasswd'\n",
            &[2],
        );
    }

    #[test]
    fn silent_on_locked_accounts_and_build_stages() {
        assert_clean(
            &PasswordSetInImage,
            "FROM debian:12\nRUN useradd --no-log-init -r app && passwd -l app && usermod -p '!' app\n",
        );
        assert_clean(
            &PasswordSetInImage,
            "FROM alpine:3.20\nRUN adduser -D app && echo chpasswd\n",
        );
        assert_clean(
            &PasswordSetInImage,
            "FROM debian:12 AS test\nRUN echo 'root:root' | chpasswd\nFROM debian:12\nCOPY --from=test /out /out\n",
        );
        assert_clean(
            &PasswordSetInImage,
            "FROM debian:12\nRUN openssl passwd -1 x > /dev/null\n",
        );
    }
}
