//! Build history back into Dockerfile text, so the Dockerfile rules (sudo,
//! pipe-to-shell, TLS off, caches left, secrets in ENV…) judge what was
//! really run, and each finding points at the history entry that did it.

use super::config::History;

/// A history entry turned into Dockerfile lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryLine {
    /// Index into the config's history.
    pub index: usize,
    /// First line of the instruction in the synthetic Dockerfile (1-based).
    pub start_line: usize,
    /// Last line.
    pub end_line: usize,
}

/// A Dockerfile rebuilt from history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryDockerfile {
    /// The text (`FROM scratch` then one instruction per entry).
    pub text: String,
    /// Where each entry landed.
    pub lines: Vec<HistoryLine>,
}

impl HistoryDockerfile {
    /// The history entry that produced `line`.
    pub fn entry_at(&self, line: usize) -> Option<usize> {
        self.lines
            .iter()
            .find(|l| l.start_line <= line && line <= l.end_line)
            .map(|l| l.index)
    }
}

/// How many leading history entries belong to the base image: up to the
/// last `CMD`/`ENTRYPOINT` that sits below the last layer-making entry
/// (base images end with one; the image built on top adds layers after).
pub fn base_history_len(history: &[History]) -> usize {
    let Some(last_layer) = history.iter().rposition(|h| !h.empty_layer) else {
        return 0;
    };
    history
        .get(..last_layer)
        .unwrap_or_default()
        .iter()
        .rposition(|h| {
            let i = instruction(&h.created_by);
            i.starts_with("CMD") || i.starts_with("ENTRYPOINT")
        })
        .map_or(0, |i| i + 1)
}

/// Strip the builder's wrapping: `/bin/sh -c #(nop) X` → `X`, `/bin/sh -c S`
/// → `RUN S`, `|2 A=b /bin/sh -c S` → `RUN S`, BuildKit's `… # buildkit`.
pub fn instruction(created_by: &str) -> String {
    let mut s = created_by.trim();
    if let Some(rest) = s.strip_suffix("# buildkit") {
        s = rest.trim_end();
    }
    if let Some(rest) = s.strip_prefix("RUN ") {
        return format!("RUN {}", shell_script(rest.trim_start()));
    }
    if let Some(rest) = s.strip_prefix("/bin/sh -c #(nop)") {
        return rest.trim().to_owned();
    }
    if s.starts_with("/bin/sh -c ") || s.starts_with('|') {
        return format!("RUN {}", shell_script(s));
    }
    s.to_owned()
}

/// The script of `[|N K=V…] /bin/sh -c SCRIPT` (or the text unchanged).
fn shell_script(text: &str) -> &str {
    let mut t = text;
    if let Some(rest) = t.strip_prefix('|') {
        // `|2 A=1 B=2 /bin/sh -c …`: skip the count and the build args.
        let mut rest = rest
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start();
        while let Some((word, after)) = rest.split_once(' ') {
            if word.contains('=') && !word.starts_with('/') {
                rest = after.trim_start();
            } else {
                break;
            }
        }
        t = rest;
    }
    for shell in ["/bin/sh -c ", "/bin/bash -c ", "/bin/ash -c ", "sh -c "] {
        if let Some(rest) = t.strip_prefix(shell) {
            return rest;
        }
    }
    t
}

/// `EXPOSE map[22/tcp:{} 80/tcp:{}]` (Go's map formatting) → `EXPOSE 22/tcp 80/tcp`.
fn expose(rest: &str) -> String {
    let inner = rest.trim().trim_start_matches("map[").trim_end_matches(']');
    let ports: Vec<&str> = inner
        .split_whitespace()
        .map(|p| p.trim_end_matches(":{}"))
        .collect();
    format!("EXPOSE {}", ports.join(" "))
}

/// Rebuild a Dockerfile from `history[skip..]`.
pub fn history_dockerfile(history: &[History], skip: usize) -> HistoryDockerfile {
    let mut out = HistoryDockerfile {
        text: "FROM scratch\n".to_owned(),
        lines: Vec::new(),
    };
    let mut line = 2;
    for (index, h) in history.iter().enumerate().skip(skip) {
        let mut instr = instruction(&h.created_by);
        let keyword = instr
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        match keyword.as_str() {
            "RUN" | "ENV" | "ARG" | "USER" | "WORKDIR" | "LABEL" | "CMD" | "ENTRYPOINT"
            | "COPY" | "ADD" | "VOLUME" | "SHELL" | "STOPSIGNAL" => {}
            "EXPOSE" => instr = expose(instr.get(6..).unwrap_or("")),
            _ => continue,
        }
        // ADD/COPY from the classic builder: `ADD file:<hash> in /dest`.
        if matches!(keyword.as_str(), "ADD" | "COPY") {
            instr = instr.replacen(" in ", " ", 1);
        }
        let text = if keyword == "RUN" && instr.contains('\n') {
            // A multi-line script keeps its meaning as a heredoc.
            let script = instr.get(4..).unwrap_or("");
            format!("RUN <<'HULLGUARD_HISTORY'\n{script}\nHULLGUARD_HISTORY\n")
        } else {
            format!("{}\n", instr.replace('\n', " "))
        };
        let n = text.matches('\n').count();
        out.text.push_str(&text);
        out.lines.push(HistoryLine {
            index,
            start_line: line,
            end_line: line + n - 1,
        });
        line += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(created_by: &str, empty: bool) -> History {
        History {
            created_by: created_by.into(),
            empty_layer: empty,
            ..History::default()
        }
    }

    #[test]
    fn builder_forms_become_instructions() {
        assert_eq!(
            instruction("/bin/sh -c #(nop)  CMD [\"bash\"]"),
            "CMD [\"bash\"]"
        );
        assert_eq!(
            instruction("/bin/sh -c apt-get update"),
            "RUN apt-get update"
        );
        assert_eq!(instruction("|2 A=1 B=x /bin/sh -c make"), "RUN make");
        assert_eq!(
            instruction("RUN /bin/sh -c curl x | sh # buildkit"),
            "RUN curl x | sh"
        );
        assert_eq!(instruction("RUN |1 T=1 /bin/sh -c id # buildkit"), "RUN id");
        assert_eq!(instruction("COPY . /app # buildkit"), "COPY . /app");
        assert_eq!(expose("map[22/tcp:{} 80/tcp:{}]"), "EXPOSE 22/tcp 80/tcp");
    }

    #[test]
    fn lines_map_back_to_entries_and_base_history_is_found() {
        let history = vec![
            h("/bin/sh -c #(nop) ADD file:abc in / ", false),
            h("/bin/sh -c #(nop)  CMD [\"bash\"]", true),
            h("RUN /bin/sh -c set -e\napt-get update # buildkit", false),
            h("ENV A=b", true),
            h("debootstrap --variant=minbase", false),
        ];
        assert_eq!(base_history_len(&history), 2);
        let df = history_dockerfile(&history, 2);
        assert_eq!(
            df.text,
            "FROM scratch\nRUN <<'HULLGUARD_HISTORY'\nset -e\napt-get update\nHULLGUARD_HISTORY\nENV A=b\n"
        );
        assert_eq!(df.entry_at(3), Some(2));
        assert_eq!(df.entry_at(6), Some(3));
        assert_eq!(df.entry_at(1), None);
        let all = history_dockerfile(&history, 0);
        assert!(all.text.contains("ADD file:abc /\n"), "{}", all.text);
    }
}
