#!/usr/bin/env bash
# The one command that runs every test: formatting and lints, the Rust test
# suites (parser conformance against BuildKit, image readers and checks), the
# Python package (built with maturin, pytest, stubtest, mypy) and the npm
# package (built with the napi CLI, node --test, tsc). Everything it needs
# comes from the package registries (crates, PyPI, npm, Debian for umoci and
# skopeo); nothing is assumed installed beyond Rust, Python 3, Node and npm.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
step() {
    local start=$SECONDS
    echo "[test] >>> $*"
    "$@"
    echo "[test] <<< $((SECONDS - start))s: $*"
}

# The real-image test builds an image with umoci and converts it with skopeo.
# Install them from Debian's packages when missing and possible; without them
# that one test says it is skipped.
image_tools() {
    if command -v umoci >/dev/null && command -v skopeo >/dev/null; then
        return 0
    fi
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
    if command -v apt-get >/dev/null; then
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q umoci skopeo >/dev/null 2>&1 ||
            { DEBIAN_FRONTEND=noninteractive $sudo apt-get update -q >/dev/null 2>&1 &&
              DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q umoci skopeo >/dev/null 2>&1; } ||
            echo "[test] could not install umoci and skopeo: the real-image test will be skipped"
    fi
}

step cargo fmt --all --check
step cargo clippy --workspace --all-targets --locked -- -D warnings
step image_tools
step cargo test --workspace --locked
step bash bindings-python/test.sh
step bash bindings-node/test.sh
