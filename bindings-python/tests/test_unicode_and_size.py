"""Non-ASCII text (positions in characters), a 10 MB input, and threads
linting at the same time with the GIL released."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from conftest import big_dockerfile

import hullguard


def test_columns_count_characters() -> None:
    text = 'FROM ubuntu:24.04\nUSER app\nRUN echo "é ☕ 🐳" && apt-get install -y curl\n'
    (d,) = [d for d in hullguard.lint(text) if d.code == "DL3008"]
    line = text.splitlines()[d.line - 1]
    # 🐳 is 4 bytes in UTF-8 and 2 units in UTF-16, but one Python character.
    assert line[d.column - 1 : d.end_column - 1] == "curl"
    byte_column = line.encode("utf-8").index(b"curl") + 1
    assert d.column == line.index("curl") + 1 == byte_column - 6
    for d in hullguard.lint(text.encode("utf-8")):
        if d.code == "DL3008":
            assert text.splitlines()[d.line - 1][d.column - 1 : d.end_column - 1] == "curl"


def test_fix_offsets_are_characters() -> None:
    text = "# café ☕ 🐳 naïve\nFROM python:3.12\nUSER app\n"
    (d,) = [d for d in hullguard.lint(text) if d.code == "HG101"]
    assert d.fix is not None
    (edit,) = d.fix.edits
    assert text[edit.start : edit.end] == "python:3.12"
    fixed = text[: edit.start] + edit.replacement + text[edit.end :]
    assert fixed == "# café ☕ 🐳 naïve\nFROM python:3.12-slim\nUSER app\n"
    assert "HG101" not in [d.code for d in hullguard.lint(fixed)]


def test_fix_offsets_with_a_byte_order_mark() -> None:
    text = "\ufeffFROM python:3.12\nUSER app\n"
    (d,) = [d for d in hullguard.lint(text) if d.code == "HG101"]
    assert d.fix is not None
    edit = d.fix.edits[0]
    assert text[edit.start : edit.end] == "python:3.12"
    # From bytes, offsets index the decoded text (Report.source).
    report = hullguard.lint(text.encode("utf-8"))
    (d,) = [d for d in report if d.code == "HG101"]
    assert d.fix is not None
    assert report.source[d.fix.edits[0].start : d.fix.edits[0].end] == "python:3.12"


def test_ten_megabytes() -> None:
    text = big_dockerfile(10 * 1024 * 1024)
    assert len(text) >= 10 * 1024 * 1024
    lines = text.count("\n")
    report = hullguard.lint(text)
    # Only the last line is wrong: `curl … | sh` (pipe-to-shell, and a pipe without pipefail).
    assert {(d.code, d.line) for d in report} == {("DL4006", lines), ("HG190", lines)}
    assert [d.column for d in report if d.code == "HG190"] == [5]
    assert len(report.source) == len(text)
    assert hullguard.lint(text.encode("ascii")).diagnostics == report.diagnostics


def test_threads_lint_concurrently_and_agree() -> None:
    bases = ["ubuntu", "python:3.12", "node:latest", "debian:12", "alpine", "golang:1.22"]
    texts = [f"FROM {b}\nRUN apt-get install curl\n" * 200 for b in bases]
    expected = [hullguard.lint(t).diagnostics for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda t: hullguard.lint(t).diagnostics, texts * 3))
    assert got == expected * 3


def test_the_gil_is_released_while_linting() -> None:
    """While a thread lints, the main thread keeps running Python code.

    No absolute timing: if the GIL were held, the main thread could not run
    at all during the call, leaving one gap in its ticks as long as the call.
    With it released, the largest gap is a small part of the call even on a
    loaded machine (it measures scheduling, not speed).
    """
    text = big_dockerfile(2 * 1024 * 1024)
    window: dict[str, float] = {}

    def work() -> None:
        window["start"] = time.perf_counter()
        hullguard.lint(text)
        window["end"] = time.perf_counter()

    ticks: list[float] = []
    worker = threading.Thread(target=work)
    worker.start()
    last = 0.0
    while worker.is_alive():
        now = time.perf_counter()
        if now - last > 0.001:  # keep the list short: about one tick a millisecond
            ticks.append(now)
            last = now
    worker.join()
    start, end = window["start"], window["end"]
    points = [start, *(t for t in ticks if start < t < end), end]
    largest_gap = max(b - a for a, b in zip(points, points[1:]))
    assert largest_gap < (end - start) / 2, (largest_gap, end - start, len(points))
