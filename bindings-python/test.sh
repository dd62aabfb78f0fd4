#!/usr/bin/env bash
# Build the Python package exactly as a user installs it and test it:
# pytest (the binding layer), stubtest (the stub against the module), mypy
# --strict on a typed consumer, and the CI examples (lint and image scan). Runs from anywhere; the
# venv (default <repo>/.venv, or $HULLGUARD_VENV) is created when missing and
# everything in it comes from PyPI.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
venv="${HULLGUARD_VENV:-$repo/.venv}"
case "$venv" in /*) ;; *) venv="$PWD/$venv" ;; esac
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
export MYPY_CACHE_DIR="$venv/.mypy_cache"
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
step "$py" -m mypy --strict typed_consumer.py
cd "$venv"  # stubtest leaves a .mypy_cache in the current folder
step "$py" -m mypy.stubtest hullguard._hullguard
cd "$repo"
example() {
    local dir sarif out expected=0 status=0 findings
    dir="$(mktemp -d)"
    sarif="$dir/hullguard.sarif"
    # The script must exit as `hullguard lint` does on the same file (1 today:
    # examples/Dockerfile has warnings).
    "$py" -m hullguard lint examples/Dockerfile >/dev/null || expected=$?
    out="$("$py" examples/python/lint_ci.py "$sarif")" || status=$?
    printf '%s\n' "$out"
    [ "$status" -eq "$expected" ] || { echo "lint_ci.py exited $status, expected $expected"; return 1; }
    findings="$(grep -cE '^examples/Dockerfile:[0-9]+:[0-9]+: (error|warning|info|style) [A-Z]+[0-9]+ ' <<<"$out" || true)"
    [ "$findings" -gt 0 ] || { echo "no finding lines in the output"; return 1; }
    "$py" - "$sarif" "$findings" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert doc["version"] == "2.1.0", doc["version"]
assert len(doc["runs"][0]["results"]) == int(sys.argv[2]), "SARIF results differ from the printed findings"
PY
    echo "exit status $status as the CLI's; $findings findings printed and in the SARIF file"
    rm -rf "$dir"
}
step example
image_example() {
    local dir sarif out expected=0 status=0 findings broken=0
    dir="$(mktemp -d)"
    sarif="$dir/hullguard.sarif"
    # Both run from the repository root, so both discover the same (no)
    # configuration; the script must exit as `hullguard image` does (1 today:
    # examples/image ships a secret file).
    "$py" -m hullguard image examples/image >/dev/null || expected=$?
    out="$("$py" examples/python/scan_image.py --sarif "$sarif")" || status=$?
    printf '%s\n' "$out"
    [ "$status" -eq "$expected" ] || { echo "scan_image.py exited $status, expected $expected"; return 1; }
    findings="$(grep -cE '^examples/image: [^ ].*: (error|warning|info|style) [A-Z]+[0-9]+ ' <<<"$out" || true)"
    [ "$findings" -gt 0 ] || { echo "no finding lines in the output"; return 1; }
    "$py" - "$sarif" "$findings" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert doc["version"] == "2.1.0", doc["version"]
results = doc["runs"][0]["results"]
assert len(results) == int(sys.argv[2]), "SARIF results differ from the printed findings"
assert all(r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] for r in results), "a result without its place in the image"
PY
    # A broken image is exit status 2 with the error's code, as the CLI's.
    out="$("$py" examples/python/scan_image.py "$dir/missing" 2>&1)" || broken=$?
    [ "$broken" -eq 2 ] && grep -q 'IMAGE_IO' <<<"$out" || { echo "missing image: exit $broken: $out"; return 1; }
    echo "exit status $status as the CLI's; $findings findings printed and in the SARIF file; a missing image exits 2"
    # With the Dockerfile in the same report and diff_ids verified, as
    # `hullguard image --dockerfile --verify-diff-ids`: its findings first.
    local flags=(--dockerfile examples/Dockerfile --verify-diff-ids) linted=0
    expected=0 status=0
    "$py" -m hullguard image examples/image "${flags[@]}" >/dev/null || expected=$?
    out="$("$py" examples/python/scan_image.py examples/image "${flags[@]}" --sarif "$sarif")" || status=$?
    [ "$status" -eq "$expected" ] || { echo "scan_image.py --dockerfile exited $status, expected $expected"; return 1; }
    linted="$(grep -cE '^examples/Dockerfile:[0-9]+:[0-9]+: (error|warning|info|style) [A-Z]+[0-9]+ ' <<<"$out" || true)"
    findings="$(grep -cE '^examples/image: [^ ].*: (error|warning|info|style) [A-Z]+[0-9]+ ' <<<"$out" || true)"
    [ "$linted" -gt 0 ] && [ "$findings" -gt 0 ] || { echo "no Dockerfile or image finding lines: $out"; return 1; }
    "$py" - "$sarif" "$linted" "$findings" <<'PY'
import json, sys
results = json.load(open(sys.argv[1], encoding="utf-8"))["runs"][0]["results"]
linted, scanned = int(sys.argv[2]), int(sys.argv[3])
assert len(results) == linted + scanned, "SARIF results differ from the printed findings"
uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
assert uris == ["examples/Dockerfile"] * linted + ["examples/image"] * scanned, uris
PY
    echo "with --dockerfile --verify-diff-ids: exit status $status as the CLI's; $linted Dockerfile and $findings image findings, the Dockerfile's first"
    rm -rf "$dir"
}
step image_example
