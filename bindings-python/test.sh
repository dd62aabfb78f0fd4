#!/usr/bin/env bash
# Build the Python package exactly as a user installs it and test it:
# pytest (the binding layer), stubtest (the stub against the module), mypy
# --strict on a typed consumer, and the CI example. Runs from anywhere; the
# venv (default <repo>/.venv, or $HULLGUARD_VENV) is created when missing and
# everything in it comes from PyPI.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
venv="${HULLGUARD_VENV:-$repo/.venv}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
step() {
    local start=$SECONDS
    echo "[python] >>> $*"
    "$@"
    echo "[python] <<< $((SECONDS - start))s: $*"
}
cd "$repo"
if [ ! -x "$venv/bin/python" ]; then
    step python3 -m venv "$venv"
fi
py="$venv/bin/python"
step "$py" -m pip install -q "maturin>=1.9.4,<2" "pytest>=8" mypy
# The command bindings-python/README.md documents: pip builds the wheel with
# maturin (release profile, the workspace's Cargo.lock) and installs it.
step "$py" -m pip install -q --force-reinstall ./bindings-python
# Run the tests against the installed package, from outside the source tree.
cd "$here/tests"
step "$py" -m pytest -q -p no:cacheprovider .
step "$py" -m mypy.stubtest hullguard._hullguard
step "$py" -m mypy --strict --cache-dir "$venv/.mypy_cache" typed_consumer.py
cd "$repo"
example() {
    local sarif out status=0
    sarif="$(mktemp -d)/hullguard.sarif"
    out="$("$py" examples/python/lint_ci.py "$sarif")" || status=$?
    printf '%s\n' "$out"
    # examples/Dockerfile has warnings, so the script must fail the build.
    [ "$status" -eq 1 ] || { echo "lint_ci.py exited $status, expected 1"; return 1; }
    grep -q 'examples/Dockerfile:7:42: warning DL3008' <<<"$out" || { echo "finding missing from the output"; return 1; }
    "$py" -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["version"] == "2.1.0" and len(d["runs"][0]["results"]) == 7, d' "$sarif"
    echo "SARIF written to $sarif and checked"
}
step example
