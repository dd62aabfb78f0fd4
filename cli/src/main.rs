//! The `hullguard` binary: the command line in `lib.rs`, with its exit status.

use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(hullguard_cli::run(std::env::args_os()))
}
