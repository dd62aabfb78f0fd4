//! Commands that run other commands: `sudo apt-get …`, `env X=1 make`, `xargs rm`,
//! `find … -exec chmod … \;`, and the shells and `su` that run a `-c` script. Knowing
//! each wrapper's options is what lets us find where the wrapped command starts.

use std::ops::Range;

use super::{Dialect, ShellWord};

/// What a command runs, found from its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Unwrapped {
    /// Runs no other command (or one we cannot locate).
    Nothing,
    /// Runs the command whose name is `args[name]`, with the words after it as its
    /// arguments; `args[assignments]` are `NAME=value` words (from `env`).
    Command {
        name: usize,
        assignments: Range<usize>,
    },
    /// Runs each `args[range]` as a command (`find -exec … ;`).
    Commands(Vec<Range<usize>>),
    /// Runs `args[script]` as a shell script in the given dialect.
    Script { script: usize, dialect: Dialect },
}

/// How a wrapper's options are shaped.
struct Spec {
    /// Short options that take a value (`u` for `sudo -u user`).
    short_with_value: &'static str,
    /// Long options (without `--`) that take a separate value.
    long_with_value: &'static [&'static str],
    /// Positional arguments between the options and the command (`gosu USER cmd`).
    skip_positionals: usize,
    /// Whether `NAME=value` words may precede the command (`env`).
    assignments: bool,
    /// Options after which no command runs (`command -v`, `sudo -l`).
    no_command_if: &'static [&'static str],
}

const fn spec(short_with_value: &'static str, long_with_value: &'static [&'static str]) -> Spec {
    Spec {
        short_with_value,
        long_with_value,
        skip_positionals: 0,
        assignments: false,
        no_command_if: &[],
    }
}

fn spec_for(program: &str) -> Option<Spec> {
    Some(match program {
        "sudo" => Spec {
            no_command_if: &[
                "-l",
                "--list",
                "-v",
                "--validate",
                "-k",
                "-K",
                "-e",
                "--edit",
                "-V",
                "-h",
            ],
            ..spec(
                "ugpCDrtUTRh",
                &[
                    "user",
                    "group",
                    "prompt",
                    "close-from",
                    "chdir",
                    "role",
                    "type",
                    "other-user",
                    "command-timeout",
                    "chroot",
                    "host",
                ],
            )
        },
        "doas" => spec("uC", &[]),
        "env" => Spec {
            assignments: true,
            no_command_if: &["-S", "--split-string"],
            ..spec("uC", &["unset", "chdir"])
        },
        "xargs" => spec(
            "adEILnPs",
            &[
                "arg-file",
                "delimiter",
                "max-lines",
                "max-args",
                "max-procs",
                "max-chars",
                "process-slot-var",
            ],
        ),
        "nohup" | "eatmydata" | "fakeroot" | "catchsegv" | "builtin" | "unbuffer" => spec("", &[]),
        "exec" => spec("a", &[]),
        "nice" => spec("n", &["adjustment"]),
        "ionice" => spec("cnpPu", &["class", "classdata", "pid", "pgid", "uid"]),
        "stdbuf" => spec("ioe", &["input", "output", "error"]),
        "time" => spec("fo", &["format", "output"]),
        "timeout" => Spec {
            skip_positionals: 1,
            ..spec("sk", &["signal", "kill-after"])
        },
        "chroot" => Spec {
            skip_positionals: 1,
            ..spec("", &["userspec", "groups"])
        },
        "gosu" | "su-exec" => Spec {
            skip_positionals: 1,
            ..spec("", &[])
        },
        "runuser" => spec("ugG", &["user", "group", "supp-group"]),
        "command" => Spec {
            no_command_if: &["-v", "-V"],
            ..spec("", &[])
        },
        "busybox" => spec("", &[]),
        _ => return None,
    })
}

/// Whether `text` is a `NAME=value` assignment word.
pub(super) fn is_assignment(text: &str) -> bool {
    match text.split_once('=') {
        Some((name, _)) => {
            let name = name.strip_suffix('+').unwrap_or(name);
            let mut chars = name.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

/// Walks a wrapper's options getopt-style; returns the index of the first operand.
fn skip_options(args: &[ShellWord], spec: &Spec) -> Option<usize> {
    let mut k = 0;
    while let Some(a) = args.get(k) {
        let t = a.text();
        if spec.no_command_if.contains(&t) {
            return None;
        }
        if t == "--" {
            return Some(k + 1);
        }
        if let Some(long) = t.strip_prefix("--") {
            k += if spec.long_with_value.contains(&long) {
                2
            } else {
                1
            };
            continue;
        }
        match t.strip_prefix('-') {
            Some(cluster) if !cluster.is_empty() => {
                let mut skip = 1;
                for (pos, c) in cluster.char_indices() {
                    if spec.short_with_value.contains(c) {
                        if pos + c.len_utf8() == cluster.len() {
                            skip = 2;
                        }
                        break;
                    }
                }
                k += skip;
            }
            _ => return Some(k),
        }
    }
    None
}

/// What the command `program args…` runs, if it is a known wrapper or shell.
pub(super) fn unwrap(program: &str, args: &[ShellWord]) -> Unwrapped {
    match program {
        "sh" | "dash" | "ash" | "bash" | "zsh" | "ksh" | "mksh" => shell_c(program, args),
        "su" => su_c(args),
        "find" => find_exec(args),
        _ => match spec_for(program) {
            Some(spec) => generic(args, &spec),
            None => Unwrapped::Nothing,
        },
    }
}

fn generic(args: &[ShellWord], spec: &Spec) -> Unwrapped {
    let Some(mut k) = skip_options(args, spec) else {
        return Unwrapped::Nothing;
    };
    let assignments_start = k;
    if spec.assignments {
        while args.get(k).is_some_and(|a| is_assignment(a.text())) {
            k += 1;
        }
    }
    let assignments = assignments_start..k;
    k += spec.skip_positionals;
    if k < args.len() {
        Unwrapped::Command {
            name: k,
            assignments,
        }
    } else {
        Unwrapped::Nothing
    }
}

/// `sh -c 'script'`, `bash -euxo pipefail -c "…"`, `sh -ec '…'`.
fn shell_c(program: &str, args: &[ShellWord]) -> Unwrapped {
    let dialect = if matches!(program, "sh" | "dash" | "ash") {
        Dialect::Posix
    } else {
        Dialect::Bash
    };
    let mut has_c = false;
    let mut k = 0;
    while let Some(a) = args.get(k) {
        let t = a.text();
        if t == "--" {
            k += 1;
            break;
        }
        if t == "-o" || t == "+o" || t == "-O" || t == "+O" || t == "--rcfile" || t == "--init-file"
        {
            k += 2;
            continue;
        }
        if t.starts_with("--") {
            k += 1;
            continue;
        }
        match t.strip_prefix('-').or_else(|| t.strip_prefix('+')) {
            Some(cluster) if !cluster.is_empty() => {
                if t.starts_with('-') && cluster.contains('c') {
                    has_c = true;
                }
                // `-o` last in a cluster takes the next word (`-euo pipefail`).
                k += if cluster.ends_with('o') || cluster.ends_with('O') {
                    2
                } else {
                    1
                };
            }
            _ => break,
        }
    }
    if has_c && k < args.len() {
        Unwrapped::Script { script: k, dialect }
    } else {
        Unwrapped::Nothing
    }
}

/// `su [-] [user] -c 'script'` or `su -c 'script' [user]`.
fn su_c(args: &[ShellWord]) -> Unwrapped {
    let mut k = 0;
    while let Some(a) = args.get(k) {
        let t = a.text();
        if t == "-c" || t == "--command" {
            return if k + 1 < args.len() {
                Unwrapped::Script {
                    script: k + 1,
                    dialect: Dialect::Bash,
                }
            } else {
                Unwrapped::Nothing
            };
        }
        if t.starts_with("--command=") {
            // The script is glued to the option; not worth a special case.
            return Unwrapped::Nothing;
        }
        k += if t == "-s" || t == "--shell" || t == "-g" || t == "-G" {
            2
        } else {
            1
        };
    }
    Unwrapped::Nothing
}

/// `find … -exec cmd {} \;` / `-execdir … +` / `-ok …`.
fn find_exec(args: &[ShellWord]) -> Unwrapped {
    let mut ranges = Vec::new();
    let mut k = 0;
    while k < args.len() {
        let t = args[k].text();
        if matches!(t, "-exec" | "-execdir" | "-ok" | "-okdir") {
            let start = k + 1;
            let mut end = start;
            while end < args.len() && !matches!(args[end].text(), ";" | "+") {
                end += 1;
            }
            if end > start {
                ranges.push(start..end);
            }
            k = end + 1;
        } else {
            k += 1;
        }
    }
    if ranges.is_empty() {
        Unwrapped::Nothing
    } else {
        Unwrapped::Commands(ranges)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn words(s: &str) -> Vec<ShellWord> {
        s.split_whitespace()
            .map(|w| ShellWord {
                raw: w.to_owned(),
                value: Some(w.to_owned()),
                span: Span::default(),
            })
            .collect()
    }

    fn name_of(program: &str, args: &str) -> Option<String> {
        let a = words(args);
        match unwrap(program, &a) {
            Unwrapped::Command { name, .. } => Some(a[name].text().to_owned()),
            _ => None,
        }
    }

    #[test]
    fn finds_wrapped_commands() {
        assert_eq!(name_of("sudo", "-u app npm ci").as_deref(), Some("npm"));
        assert_eq!(name_of("sudo", "-Eu app npm ci").as_deref(), Some("npm"));
        assert_eq!(
            name_of("sudo", "--user=app -H pip install x").as_deref(),
            Some("pip")
        );
        assert_eq!(name_of("sudo", "-l").as_deref(), None);
        assert_eq!(
            name_of("env", "-i A=1 B=2 make -j4").as_deref(),
            Some("make")
        );
        assert_eq!(name_of("xargs", "-r -n 1 rm -f").as_deref(), Some("rm"));
        assert_eq!(
            name_of("timeout", "-s KILL 10 curl x").as_deref(),
            Some("curl")
        );
        assert_eq!(name_of("gosu", "app npm ci").as_deref(), Some("npm"));
        assert_eq!(name_of("command", "-v curl").as_deref(), None);
        assert_eq!(name_of("nohup", "").as_deref(), None);
    }

    #[test]
    fn finds_shell_scripts() {
        let a = words("-euxo pipefail -c script arg0");
        assert_eq!(
            unwrap("bash", &a),
            Unwrapped::Script {
                script: 3,
                dialect: Dialect::Bash
            }
        );
        let a = words("-ec script");
        assert_eq!(
            unwrap("sh", &a),
            Unwrapped::Script {
                script: 1,
                dialect: Dialect::Posix
            }
        );
        assert_eq!(unwrap("sh", &words("script.sh")), Unwrapped::Nothing);
        assert_eq!(unwrap("sh", &words("-")), Unwrapped::Nothing);
        let a = words("app -c script");
        assert!(matches!(
            unwrap("su", &a),
            Unwrapped::Script { script: 2, .. }
        ));
    }

    #[test]
    fn finds_find_exec() {
        let a = words(". -type f -exec chmod 644 {} ; -execdir rm {} +");
        assert_eq!(unwrap("find", &a), Unwrapped::Commands(vec![4..7, 9..11]));
    }
}
