//! The plain-script parser must build exactly the [`Script`] brush's path builds, for
//! every text it accepts: checked on hand-picked edge cases, on generated scripts, and
//! on every script of the public corpus when it is present.

use std::path::PathBuf;

use super::*;

/// Parses `text` both ways and compares; returns whether the plain parser took it.
fn check(text: &str) -> bool {
    let taken = plain::parse(text, 32, 8).is_some();
    for dialect in [Dialect::Posix, Dialect::Bash] {
        let fast = parse_script(text, dialect);
        let reference = parse_script_with_brush(text, dialect);
        if fast != reference {
            panic!(
                "plain parser and brush disagree on {text:?} ({dialect:?}): {}",
                first_difference(&fast, &reference)
            );
        }
    }
    taken
}

/// The first element where two scripts differ, for a readable failure.
fn first_difference(fast: &Script, reference: &Script) -> String {
    for (k, (a, b)) in fast.commands.iter().zip(&reference.commands).enumerate() {
        if a != b {
            return format!("command {k}:\n  plain: {a:?}\n  brush: {b:?}");
        }
    }
    for (k, (a, b)) in fast.pipelines.iter().zip(&reference.pipelines).enumerate() {
        if a != b {
            return format!("pipeline {k}:\n  plain: {a:?}\n  brush: {b:?}");
        }
    }
    format!(
        "{} vs {} commands, {} vs {} pipelines, errors {:?} vs {:?}, nested {:?} vs {:?}",
        fast.commands.len(),
        reference.commands.len(),
        fast.pipelines.len(),
        reference.pipelines.len(),
        fast.error,
        reference.error,
        fast.nested_errors,
        reference.nested_errors
    )
}

#[test]
fn edge_cases_match_brush() {
    let plain = [
        "",
        "\n\n",
        "apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*",
        "A=1 B=\"two words\" make -j\"$(nproc)\" CC=gcc install",
        "A=1",
        "A=$(cat f) B=`id -u`",
        "curl -fsSL https://x/y.sh | sh -s -- --yes",
        "curl -fsSL \"$URL\" -o /tmp/x 2>/dev/null >/dev/null </dev/null",
        "echo hi 2>&1 >&2 1>&- 0<&3",
        "> /tmp/f",
        ">f 2>g",
        "cmd & other &",
        "a&&b||c;d",
        "a &&\n\n b ||\n c |\n d",
        "a;\nb\n\nc &\nd",
        "echo 'a b' \"c $d ${e:-f} $(g \"h\") `i`\" j\\ k",
        "echo $((1 + 2)) $[3] ${#x} ${x/a/b}",
        "sudo -u app sh -c 'cd /x && make && make install'",
        "bash -c \"apt-get update && apt-get install -y git\"",
        "env A=1 B=2 npm ci",
        "find . -name '*.pyc' -exec rm -f {} \\;",
        "xargs -n1 echo < list",
        "echo {a,b}.txt ~/x *.c [ab]",
        "[ -f x ] && echo y",
        "test -n \"$A\" || exit 1",
        "echo a#b c=d",
        "echo done fi then",
        "echo é ü \"ñ\" && ls ünï",
        "echo $(echo $(echo deep))",
        "echo \"$(cd /x && ls)\"",
        "A1_=x y",
        "1A=x y",
        "echo =",
        "exec \"$@\"",
        "echo $ $1 $? $$ $#",
        "echo \\$HOME '\\' \"\\\"\"",
        "2>/dev/null cmd",
        "cmd 10>f",
        "echo x >> y 2>> z",
        "set -eux; \\\n  true",
        "if [ -f x ]; then a; else b; fi",
        "if a\nthen b\nelif c; then d\nelse e\nfi > log 2>&1",
        "x && if a; then b; fi && y",
        "if ! a; then b; fi; c",
        "for i in 1 2 $(seq 3); do echo $i; done",
        "for i in 1 2\ndo\n b\ndone",
        "while read l; do echo $l; done < f",
        "until a; do b; done &",
        "{ a; b; } 2>&1 | tee log",
        "(cd /x && make) || exit 1",
        "( a; b )",
        "! a | b",
        "case \"$x\" in a|b) c;; (d) e; f ;; *) ;; esac",
        "case $(uname -m) in\n  x86_64) A=amd64 ;;\n  aarch64) A=arm64 ;;\n  *) echo no; exit 1 ;;\nesac",
        "case x in a) b;; esac; c",
        "case x in a) b\nesac",
        "set -eux; \\\n  dpkgArch=\"$(dpkg --print-architecture)\"; \\\n  case \"${dpkgArch##*-}\" in \\\n    amd64) arch='x64' ;; \\\n    *) echo \"unsupported\"; exit 1 ;; \\\n  esac",
        "if [ -n \"$A\" ]; then \\\n  for f in $A; do \\\n    (cd $f && make); \\\n  done; \\\n fi",
        "x | while read l; do y; done",
        "a # comment\nb # c && d\n# whole line\nc",
        "case x in a) b; ;; c) d;   ;; esac",
        "f() { a; b; }; f",
        "set -e; \\\n  my-func () {\n  cd /x && make; } > log; my-func",
        "f()\n{\n a\n}",
        "echo a#b '#' \"#\" $# ${#x}",
        "a;#c\nb",
        "a 2<& \\\n  b; c > \\\n d",
        "set -eux; \\\n  dpkgArch=\"$(dpkg --print-architecture)\"; \\\n  case \"${dpkgArch##*-}\" in \\\n    amd64) arch=x64 ;; \\\n    *) echo \"no\"; exit 1 ;; \\\n  esac; \\\n  for f in $A; do (cd $f && make) > log 2>&1; done; \\\n  if [ -n \"$B\" ]; then f() { a; }; f; elif ! x | y; then :; else z & fi # c",
        "apt-get install -y \\\n    curl \\\n    git \\\n && rm -rf x",
        "echo a\\\nb \"c\\\nd\" 'e\\\nf'",
        "a \\\n",
        "a &&\\\n b |\\\n c",
    ];
    for t in plain {
        assert!(check(t), "{t:?} should be plain");
    }
    let others = [
        "if a; then b; fi x",
        "if a; then fi",
        "if; then a; fi",
        "for i; do a; done",
        "for i in a b do c; done",
        "case x in a) b;& c) d;; esac",
        "case x in a) b;;& esac",
        "{ a }",
        "( )",
        "a | ! b",
        "! ! a",
        "((x = 1))",
        "select x in a b; do c; done",
        "cat <<EOF\nbody $x\nEOF",
        "! grep -q x f",
        "time make",
        "f() (a)",
        "function f { a; }",
        "a |& b",
        "a &> f",
        "x=(1 2 3)",
        "X+=1 y",
        "echo $'a\\tb'",
        "a \\\n b",
        "a \\\n\\\n b",
        "a \\\n \\\n b",
        "a && ",
        "; a",
        "a ; ; b",
        "echo 'unterminated",
        "echo \"unterminated",
        "echo $(unterminated",
        "echo ${unterminated",
        "diff <(a) <(b)",
        "a >| f",
        "a <> f",
        "a>b",
        "{fd}>f cmd",
        "while read l; do echo $l; done < f",
        "[[ -n $x ]] && y",
        "coproc a",
        "!(a)",
        "echo $(!(1+2))",
    ];
    for t in others {
        check(t);
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

#[test]
fn generated_scripts_match_brush() {
    let pieces = [
        "a",
        "b1",
        "apt-get",
        "-y",
        "--x=1",
        "A=1",
        "B=\"q r\"",
        "'s t'",
        "\"u $v\"",
        "$w",
        "${x:-y}",
        "$(c d)",
        "`e f`",
        "$((1+2))",
        "g\\ h",
        "\\;",
        "{}",
        "{a,b}",
        "~",
        "*.c",
        "#",
        "!",
        "{",
        "}",
        "if",
        "then",
        "fi",
        "do",
        "done",
        "in",
        "(",
        ")",
        "=",
        "x=",
        "=y",
        "é",
        "2",
        "10",
    ];
    let glue = [
        " ", " ", " ", "  ", "\t", " && ", " || ", "; ", " | ", " & ", "\n", " > f ", " 2>&1 ",
        " >>g ", " <h ", " 2>", ">", "<", ";", "&", "|", "\\\n", "'", "\"", "$(", ")", "",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut taken = 0;
    let total = 20_000;
    for _ in 0..total {
        let n = 1 + rng.next() % 12;
        let mut text = String::new();
        for _ in 0..n {
            text.push_str(rng.pick(&pieces));
            text.push_str(rng.pick(&glue));
        }
        if check(&text) {
            taken += 1;
        }
    }
    // Enough of the generated texts must reach the plain parser for this to test it.
    assert!(
        taken > total / 20,
        "only {taken} of {total} generated texts were plain"
    );
}

fn corpus_root() -> PathBuf {
    std::env::var_os("HULLGUARD_CORPUS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/public"),
        PathBuf::from,
    )
}

#[test]
fn corpus_scripts_match_brush() {
    let root = corpus_root();
    if !root.is_dir() {
        eprintln!(
            "SKIPPED corpus_scripts_match_brush: no corpus at {} (set HULLGUARD_CORPUS)",
            root.display()
        );
        return;
    }
    let mut paths = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_none_or(|e| e != "tsv") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    let (mut scripts, mut plain_scripts) = (0usize, 0usize);
    for path in paths {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let df = crate::syntax::parse_bytes(&bytes);
        let model = crate::model::Model::build(&df);
        for rs in &model.scripts {
            if rs.script.is_none() {
                continue;
            }
            scripts += 1;
            if check(&rs.text.text) {
                plain_scripts += 1;
            }
        }
    }
    eprintln!("corpus: {plain_scripts} of {scripts} scripts read by the plain parser");
    assert!(scripts > 0, "no scripts found under {}", root.display());
}
