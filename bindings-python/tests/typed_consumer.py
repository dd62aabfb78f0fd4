"""A small program written against hullguard's types. `mypy --strict` must
accept it (bindings-python/test.sh checks that), and test_typing.py runs it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import hullguard
from hullguard import Category, Diagnostic, Report, Severity

ORDER: tuple[Severity, ...] = ("error", "warning", "info", "style")
IMAGE = Path(__file__).resolve().parents[2] / "examples" / "image"
DOCKERFILE = IMAGE.parent / "Dockerfile"


def worst(diagnostics: Iterable[Diagnostic]) -> Severity | None:
    present = {d.severity for d in diagnostics}
    return next((s for s in ORDER if s in present), None)


def by_category(report: Report) -> dict[Category, list[str]]:
    out: dict[Category, list[str]] = {}
    for d in report:
        out.setdefault(d.category, []).append(d.code)
    return out


def apply_fixes(report: Report) -> str:
    text = report.source
    edits = sorted(
        (e for d in report.diagnostics if d.fix is not None for e in d.fix.edits),
        key=lambda e: e.start,
        reverse=True,
    )
    for e in edits:
        text = text[: e.start] + e.replacement + text[e.end :]
    return text


def image_findings(path: Path) -> list[tuple[str, str]]:
    try:
        report = hullguard.scan_image(
            path,
            platform="linux/amd64",
            config=hullguard.Config(),
            max_uncompressed_bytes=1 << 30,
            ignore=["HG207"],
            severity={"HG302": "warning"},
            failure_threshold="error",
        )
    except hullguard.ImageError as e:
        code: str = e.code
        return [("error", code)]
    notes: list[str] = report.notes
    assert not notes and not report.has_errors()
    out: list[tuple[str, str]] = []
    for d in report:
        where: str | None = d.location
        out.append((d.code, where or f"line {d.line}"))
    return out


def dockerfile_then_image(image: Path, dockerfile: Path | str) -> tuple[list[int], list[str]] | str:
    """The Dockerfile's finding lines and the image's finding places, from
    one scan that also verifies the layers' diff_ids."""
    try:
        report = hullguard.scan_image(
            image,
            dockerfile=dockerfile,
            verify_diff_ids=True,
            config=hullguard.Config(),
        )
    except (hullguard.InputError, hullguard.ImageError) as e:
        return e.code
    assert report.path == str(image) and report.source
    lines = [d.line for d in report if d.location is None]
    places = [d.location for d in report if d.location is not None]
    return lines, places


def main() -> int:
    report: Report = hullguard.lint(
        b"FROM python:3.12\nRUN apt-get install -y curl\n",
        path=Path("Dockerfile"),
        config=hullguard.Config(),
        select=["HG110"],
        ignore="DL3015",
        severity={"DL3008": "error"},
        trusted_registries=None,
        failure_threshold="warning",
        no_fail=False,
    )
    assert worst(report) == "error"
    assert "pinning" in by_category(report)
    assert "python:3.12-slim" in apply_fixes(report)
    level: str | None = report.config.failure_threshold
    assert level == "warning" and report.has_errors() and report.has_errors(threshold="error")
    line: int = report.diagnostics[0].line
    assert line >= 1
    sarif: object = json.loads(report.render("sarif"))
    assert isinstance(sarif, dict) and sarif["version"] == "2.1.0"
    names: list[str] = [r.name for r in hullguard.rules() if r.default_enabled]
    assert names and hullguard.explain("DL3008").startswith("# DL3008")
    try:
        hullguard.load_config(Path("/nonexistent/.hullguard.toml"))
    except hullguard.ConfigError as e:
        code: str = e.code
        assert code == "CONFIG_IO"
    try:
        hullguard.lint("FROM x\n", select="NOPE999")
    except hullguard.OptionError as e:
        assert e.option == "select"
    assert ("HG200", "config.User") in image_findings(IMAGE)
    assert image_findings(IMAGE / "missing") == [("error", "IMAGE_IO")]
    both = dockerfile_then_image(IMAGE, DOCKERFILE)
    assert not isinstance(both, str) and both[0] and "config.User" in both[1]
    assert dockerfile_then_image(IMAGE, str(IMAGE / "Dockerfile")) == "IO"
    version: str = hullguard.__version__
    return 0 if version else 1


if __name__ == "__main__":
    raise SystemExit(main())
