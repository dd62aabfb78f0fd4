"""Scan a built image in CI with the hullguard Python package.

    python examples/python/scan_image.py [IMAGE] [--platform OS/ARCH] [--sarif FILE]

Scans IMAGE (default: examples/image, found next to this script's folder): an
OCI layout directory, an OCI or `docker save` archive, a skopeo `dir:`, an
image config or `docker inspect` JSON. The configuration is discovered from the
current directory, as `hullguard image` does. Prints one line per finding with
where in the image it is (config field, history entry, layer and file) and the
notes; writes a SARIF 2.1.0 report for code scanning with --sarif; exits 1 when
a finding is at or above the configured failure threshold (the CLI's rule), 2
when the image cannot be read or is broken (a digest mismatch, a corrupt layer,
a decompression bomb...), else 0. Under GitHub Actions each finding also
becomes an annotation.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

import hullguard

EXAMPLE = Path(__file__).resolve().parent.parent / "image"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Scan a built image with hullguard.")
    parser.add_argument("image", nargs="?", type=Path, default=EXAMPLE)
    parser.add_argument("--platform", help="os/arch[/variant] of a multi-platform image")
    parser.add_argument("--sarif", type=Path, help="write a SARIF 2.1.0 report here")
    args = parser.parse_args(argv[1:])

    try:
        report = hullguard.scan_image(args.image, platform=args.platform)
    except hullguard.HullguardError as e:  # an unreadable or broken image, a bad option or configuration
        print(f"hullguard: {e} [{e.code}]", file=sys.stderr)
        return 2

    shown = os.path.relpath(report.path)
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for d in report:
        print(f"{shown}: {d.location}: {d.severity} {d.code} {d.message}")
        if annotate:
            kind = {"error": "error", "warning": "warning"}.get(d.severity, "notice")
            print(f"::{kind} title={d.code}::{shown}: {d.location}: {d.message}")
    for note in report.notes:
        print(f"{shown}: note: {note}")

    counts = Counter(d.severity for d in report)
    summary = ", ".join(f"{counts[level]} {level}" for level in ("error", "warning", "info", "style") if counts[level])
    print(f"{len(report)} finding(s) in {shown}" + (f": {summary}" if summary else ""))

    if args.sarif is not None:
        args.sarif.write_text(report.to_sarif(), encoding="utf-8")
        print(f"SARIF report written to {args.sarif}")

    if report.has_errors():
        threshold = report.config.failure_threshold
        print(f"failing: findings at or above the failure threshold ({threshold})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
