"""The shipped types: the stub and py.typed are in the package, the typed
consumer runs, and mypy rejects misuse of the API."""

from __future__ import annotations

import importlib.resources
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import typed_consumer

HERE = Path(__file__).resolve().parent


def test_stub_and_marker_ship_in_the_package() -> None:
    files = importlib.resources.files("hullguard")
    assert files.joinpath("py.typed").is_file()
    assert files.joinpath("_hullguard.pyi").is_file()


def test_typed_consumer_runs() -> None:
    assert typed_consumer.main() == 0


def mypy(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("mypy")
    file = tmp_path / "snippet.py"
    file.write_text(textwrap.dedent(source), encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            str(file),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )


def test_mypy_rejects_misuse(tmp_path: Path) -> None:
    done = mypy(
        tmp_path,
        """
        import hullguard

        hullguard.lint(3)
        hullguard.lint("FROM x\\n", "Dockerfile")
        hullguard.lint("FROM x\\n", severity=["DL3006"])
        report = hullguard.lint("FROM x\\n")
        report.render("xml")
        report.diagnostics[0].code = "X"
        n: int = report.diagnostics[0].fix
        reveal_type(report.diagnostics[0].severity)
        hullguard.scan_image("image", platform=["linux/amd64"])
        hullguard.scan_image("image", max_uncompressed_bytes="1G")
        hullguard.scan_image("image", dockerfile=3)
        hullguard.scan_image("image", verify_diff_ids="yes")
        report.notes = []
        reveal_type(report.diagnostics[0].location)
        """,
    )
    out = done.stdout
    assert done.returncode == 1, out
    assert 'Argument 1 to "lint" has incompatible type "int"' in out
    assert 'Too many positional arguments for "lint"' in out
    assert 'Argument "severity" to "lint" has incompatible type "list[str]"' in out
    assert 'Argument 1 to "render" of "Report" has incompatible type "Literal[\'xml\']"' in out
    assert 'Property "code" defined in "Diagnostic" is read-only' in out
    assert 'Incompatible types in assignment (expression has type "Fix | None"' in out
    assert "Revealed type is \"Literal['error'] | Literal['warning'] | Literal['info'] | Literal['style']\"" in out
    assert 'Argument "platform" to "scan_image" has incompatible type "list[str]"' in out
    assert 'Argument "max_uncompressed_bytes" to "scan_image" has incompatible type "str"' in out
    assert 'Argument "dockerfile" to "scan_image" has incompatible type "int"' in out
    assert 'Argument "verify_diff_ids" to "scan_image" has incompatible type "str"' in out
    assert 'Property "notes" defined in "Report" is read-only' in out
    assert re.search(r'Revealed type is "(builtins\.)?str \| None"', out), out


def test_mypy_accepts_correct_use(tmp_path: Path) -> None:
    done = mypy(
        tmp_path,
        """
        from pathlib import Path

        import hullguard

        report = hullguard.lint(b"FROM x\\n", select="HG110")
        for d in report:
            if d.fix is not None:
                print(d.fix.edits[0].start + 1)
        print(report.has_errors(), report.to_text(color=True))
        try:
            image = hullguard.scan_image("image", platform="linux/arm64", ignore="HG200")
            print([(d.location or "", d.code) for d in image], image.notes, image.to_sarif())
            both = hullguard.scan_image("image", dockerfile=Path("Dockerfile"), verify_diff_ids=True)
            print([d.line for d in both if d.location is None], both.source)
        except hullguard.ImageError as e:
            print(e.code, e.path)
        except hullguard.InputError as e:
            print(e.code, e.path)
        """,
    )
    assert done.returncode == 0, done.stdout
