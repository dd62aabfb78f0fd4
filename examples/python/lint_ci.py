"""Lint a Dockerfile in CI with the hullguard Python package.

    python examples/python/lint_ci.py [report.sarif]

Lints examples/Dockerfile (found next to this script's folder) with the
configuration discovered from its path, as `hullguard lint` would; prints one
line per finding; writes a SARIF 2.1.0 report for code scanning when a path is
given; and exits 1 when a finding is at or above the configured failure
threshold (the CLI's rule), 2 when the Dockerfile or configuration cannot be
read, else 0. Under GitHub Actions each finding also becomes an annotation.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

import hullguard

DOCKERFILE = Path(__file__).resolve().parent.parent / "Dockerfile"


def main(argv: list[str]) -> int:
    try:
        report = hullguard.lint_file(DOCKERFILE)
    except hullguard.HullguardError as e:  # unreadable file or bad configuration
        print(f"hullguard: {e} [{e.code}]", file=sys.stderr)
        return 2

    shown = os.path.relpath(report.path)
    for d in report:
        print(f"{shown}:{d.line}:{d.column}: {d.severity} {d.code} {d.message}")
        if os.environ.get("GITHUB_ACTIONS") == "true":
            kind = {"error": "error", "warning": "warning"}.get(d.severity, "notice")
            print(f"::{kind} file={shown},line={d.line},col={d.column},title={d.code}::{d.message}")

    counts = Counter(d.severity for d in report)
    summary = ", ".join(f"{counts[level]} {level}" for level in ("error", "warning", "info", "style") if counts[level])
    print(f"{len(report)} finding(s) in {shown}" + (f": {summary}" if summary else ""))

    if len(argv) > 1:
        Path(argv[1]).write_text(report.to_sarif(), encoding="utf-8")
        print(f"SARIF report written to {argv[1]}")

    if report.has_errors():
        threshold = report.config.failure_threshold
        print(f"failing: findings at or above the failure threshold ({threshold})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
