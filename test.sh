#!/usr/bin/env bash
# The one command that runs every test: formatting, lints, and the Rust test
# suites (parser conformance against BuildKit included). It installs nothing by
# hand-made assumption: everything it needs comes from the package registries.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
step() {
    local start=$SECONDS
    echo "[test] >>> $*"
    "$@"
    echo "[test] <<< $((SECONDS - start))s: $*"
}
step cargo fmt --all --check
step cargo clippy --workspace --all-targets --locked -- -D warnings
step cargo test --workspace --locked
