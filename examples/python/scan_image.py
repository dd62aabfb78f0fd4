"""Scan a built image in CI with the hullguard Python package.

    python examples/python/scan_image.py [IMAGE] [--platform OS/ARCH] [--dockerfile FILE]
                                         [--verify-diff-ids] [--sarif FILE]

Scans IMAGE (default: examples/image, found next to this script's folder): an
OCI layout directory, an OCI or `docker save` archive, a skopeo `dir:`, an
image config or `docker inspect` JSON. With --dockerfile, also lints the
Dockerfile the image was built from into the same report (its findings
first), and --verify-diff-ids also checks each layer's uncompressed digest, as
the `hullguard image` flags of the same names. The configuration is discovered
from the Dockerfile's folder, or from the current directory without one, as
`hullguard image` does. Prints one line per finding with where it is (the
Dockerfile's line and column; in the image, the config field, history entry,
layer and file) and the notes; writes a SARIF 2.1.0 report for code scanning
with --sarif (both files); exits 1 when
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
    parser.add_argument("--dockerfile", type=Path, help="also lint this Dockerfile, in the same report")
    parser.add_argument(
        "--verify-diff-ids",
        action="store_true",
        help="also check each layer's uncompressed digest against the config's diff_ids",
    )
    parser.add_argument("--sarif", type=Path, help="write a SARIF 2.1.0 report here")
    args = parser.parse_args(argv[1:])

    try:
        report = hullguard.scan_image(
            args.image,
            platform=args.platform,
            dockerfile=args.dockerfile,
            verify_diff_ids=args.verify_diff_ids,
        )
    except hullguard.HullguardError as e:  # an unreadable Dockerfile or image, a broken image, a bad option...
        print(f"hullguard: {e} [{e.code}]", file=sys.stderr)
        return 2

    shown = os.path.relpath(report.path)
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for d in report:
        kind = {"error": "error", "warning": "warning"}.get(d.severity, "notice")
        if d.location is None:  # a finding in the Dockerfile (with --dockerfile): they come first
            dockerfile = os.path.relpath(args.dockerfile)
            print(f"{dockerfile}:{d.line}:{d.column}: {d.severity} {d.code} {d.message}")
            if annotate:
                print(f"::{kind} file={dockerfile},line={d.line},col={d.column},title={d.code}::{d.message}")
        else:
            print(f"{shown}: {d.location}: {d.severity} {d.code} {d.message}")
            if annotate:
                print(f"::{kind} title={d.code}::{shown}: {d.location}: {d.message}")
    for note in report.notes:
        print(f"{shown}: note: {note}")

    counts = Counter(d.severity for d in report)
    summary = ", ".join(f"{counts[level]} {level}" for level in ("error", "warning", "info", "style") if counts[level])
    scanned = shown if args.dockerfile is None else f"{os.path.relpath(args.dockerfile)} and {shown}"
    print(f"{len(report)} finding(s) in {scanned}" + (f": {summary}" if summary else ""))

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
