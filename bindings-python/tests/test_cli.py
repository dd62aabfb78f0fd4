"""`python -m hullguard`: the Rust command line, run in the Python process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import hullguard
from hullguard.__main__ import main


def hullguard_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return subprocess.run(
        [sys.executable, "-m", "hullguard", *args],
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


def test_version() -> None:
    done = hullguard_cli("--version")
    assert done.returncode == 0
    assert done.stdout == f"hullguard {hullguard.__version__}\n"


def test_findings_exit_1(example: Path) -> None:
    done = hullguard_cli("lint", str(example))
    assert done.returncode == 1
    for d in hullguard.lint_file(example):
        assert f"{example}:{d.line}:{d.column}: {d.code} {d.severity} {d.message}\n" in done.stdout
    assert "\x1b[" not in done.stdout  # not a terminal: no colour


def test_clean_exit_0(example: Path) -> None:
    done = hullguard_cli("lint", "--failure-threshold", "none", str(example))
    assert done.returncode == 0
    assert hullguard.lint_file(example).diagnostics[0].code in done.stdout
    assert hullguard_cli("lint", "-", stdin="FROM python:3.12-slim\nUSER app\n").returncode == 0


def test_errors_exit_2(tmp_path: Path, example: Path) -> None:
    missing = hullguard_cli("lint", str(tmp_path / "missing"))
    assert missing.returncode == 2
    assert "missing" in missing.stderr
    usage = hullguard_cli("lint", "--no-such-flag")
    assert usage.returncode == 2
    bad_config = tmp_path / "bad.toml"
    bad_config.write_text("colour = 1\n", encoding="utf-8")
    config = hullguard_cli("lint", "--config", str(bad_config), str(example))
    assert config.returncode == 2
    assert "colour" in config.stderr
    assert hullguard_cli("explain", "NOPE999").returncode == 2


def test_formats(example: Path) -> None:
    done = hullguard_cli("lint", "--format", "sarif", str(example))
    assert done.returncode == 1
    assert json.loads(done.stdout)["version"] == "2.1.0"
    assert json.loads(done.stdout) == json.loads(hullguard.lint_file(example).to_sarif())
    as_json = hullguard_cli("lint", "-f", "json", str(example))
    assert json.loads(as_json.stdout) == json.loads(hullguard.lint_file(example).to_json())


def test_stdin() -> None:
    done = hullguard_cli("lint", "-", stdin="FROM ubuntu\n")
    assert done.returncode == 1
    assert "-:1:6: DL3006" in done.stdout


def test_rules_and_explain() -> None:
    rules = hullguard_cli("rules")
    assert rules.returncode == 0
    assert len(rules.stdout.splitlines()) == len(hullguard.rules())
    explain = hullguard_cli("explain", "DL3008")
    assert explain.returncode == 0
    assert explain.stdout == hullguard.explain("DL3008")


def test_python_output_comes_first() -> None:
    # The CLI writes to the file descriptor; main() flushes Python's buffer first.
    script = (
        "import sys\n"
        "from hullguard.__main__ import main\n"
        "print('before')\n"
        "code = main(['--version'])\n"
        "print('after')\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0
    assert done.stdout == f"before\nhullguard {hullguard.__version__}\nafter\n"


def test_main_in_process(capfd: pytest.CaptureFixture[str], example: Path) -> None:
    assert main(["lint", "--no-fail", str(example)]) == 0
    assert main(["lint", str(example)]) == 1
    assert main(["explain", "NOPE999"]) == 2
    out, err = capfd.readouterr()
    assert "DL3008" in out and "NOPE999" in err


def test_run_cli_argument_type() -> None:
    with pytest.raises(TypeError):
        hullguard._hullguard._run_cli("hullguard --version")  # type: ignore[arg-type]


def test_console_script() -> None:
    script = shutil.which("hullguard", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the hullguard script is not installed next to this interpreter")
    done = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0
    assert done.stdout == f"hullguard {hullguard.__version__}\n"
