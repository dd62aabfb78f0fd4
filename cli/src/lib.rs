//! The `hullguard` command line. It only reads arguments, calls the library
//! and prints; every check lives in the `hullguard` crate.
//!
//! It is a library too, so that the Python package (`python -m hullguard`)
//! and the npm package (`npx hullguard`) run exactly this command line.

mod image_cmd;
mod lint_cmd;
mod policy;

use std::io::{Read, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "hullguard",
    version,
    about = "Checks Dockerfiles and container images against container security best practices"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Lint Dockerfiles (files, directories, or `-` for standard input).
    Lint(lint_cmd::LintArgs),
    /// Check a built image: config, history, every layer's files.
    Image(image_cmd::ImageArgs),
    /// Print how hullguard (and BuildKit) parse Dockerfiles: a debugging and conformance aid.
    Parse {
        /// Dockerfiles to parse; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ParseFormat::Jsonl)]
        format: ParseFormat,
    },
    /// List every rule.
    Rules,
    /// Explain a rule: what it flags, why, and what to do.
    Explain {
        /// A code (`DL3008`, `HG150`), rule name, or peer id (`DS-0002`).
        code: String,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ParseFormat {
    /// One JSON line per file, in the shape of BuildKit's parse.
    Jsonl,
}

pub(crate) fn read_input(path: &PathBuf) -> std::io::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(path)
    }
}

fn run_parse(files: &[PathBuf], _format: ParseFormat) -> u8 {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut status = 0;
    for path in files {
        let bytes = match read_input(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("hullguard: cannot read {}: {e}", path.display());
                status = 2;
                continue;
            }
        };
        let df = hullguard::syntax::parse_bytes(&bytes);
        let record = hullguard::syntax::buildkit_record(&path.to_string_lossy(), &df);
        let line = match serde_json::to_string(&record) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("hullguard: {e}");
                return 2;
            }
        };
        if writeln!(out, "{line}").is_err() {
            return 2;
        }
    }
    if out.flush().is_err() {
        return 2;
    }
    status
}

fn run_rules() -> u8 {
    let mut out = String::new();
    for m in hullguard::lint::rules() {
        out.push_str(&format!(
            "{:<7} {:<9} {:<13} {:<4} {}\n",
            m.code,
            m.severity.as_str(),
            m.category.as_str(),
            if m.default_enabled { "on" } else { "off" },
            m.name
        ));
    }
    print!("{out}");
    0
}

fn run_explain(code: &str) -> u8 {
    match hullguard::lint::find_rule(code) {
        Some(m) => {
            print!("{}", hullguard::lint::docs::explain(m));
            0
        }
        None => {
            eprintln!("hullguard: no rule named `{code}` (see `hullguard rules`)");
            2
        }
    }
}

/// Run the command line on `args` (the first item is the program name) and
/// return its exit status: 0 clean, 1 findings at or above the threshold, 2
/// usage, I/O or configuration errors.
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are "errors" that print to stdout and exit 0.
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let code = match cli.command {
        Command::Lint(args) => lint_cmd::run(&args),
        Command::Image(args) => image_cmd::run(&args),
        Command::Parse { files, format } => run_parse(&files, format),
        Command::Rules => run_rules(),
        Command::Explain { code } => run_explain(&code),
    };
    let _ = std::io::stdout().flush();
    code
}
