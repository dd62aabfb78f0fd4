"""Every error kind, its class and its code; the panic path."""

from __future__ import annotations

import pickle
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import hullguard

UBUNTU = "FROM ubuntu\n"


def test_hierarchy() -> None:
    for cls in (
        hullguard.ConfigError,
        hullguard.OptionError,
        hullguard.InputError,
        hullguard.UnknownRuleError,
        hullguard.InternalError,
    ):
        assert issubclass(cls, hullguard.HullguardError)
    assert issubclass(hullguard.HullguardError, Exception)
    assert issubclass(hullguard.OptionError, ValueError)
    assert issubclass(hullguard.UnknownRuleError, LookupError)
    assert not issubclass(hullguard.InputError, OSError)


def test_config_io(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    for call in (
        lambda: hullguard.load_config(missing),
        lambda: hullguard.lint(UBUNTU, config=missing),
        lambda: hullguard.lint_file(tmp_path / "Dockerfile", config=str(missing)),
    ):
        with pytest.raises(hullguard.ConfigError) as info:
            call()
        assert info.value.code == "CONFIG_IO"
        assert info.value.path == str(missing)
        assert str(missing) in str(info.value)


@pytest.mark.parametrize(
    ("name", "text", "needle"),
    [
        (".hullguard.toml", "select = [", "line 1"),
        (".hullguard.toml", "colour = true\n", "colour"),
        (".hullguard.toml", 'ignore = ["NOPE999"]\n', "NOPE999"),
        (".hullguard.toml", 'failure-threshold = "loud"\n', "loud"),
        (".hadolint.yaml", "ignored: [DL3006\n", ".hadolint.yaml"),
    ],
)
def test_config_invalid(tmp_path: Path, name: str, text: str, needle: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(hullguard.ConfigError) as info:
        hullguard.load_config(path)
    assert info.value.code == "CONFIG_INVALID"
    assert info.value.path == str(path)
    assert needle in str(info.value)
    # The same error when the file is discovered from the Dockerfile's path.
    with pytest.raises(hullguard.ConfigError) as discovered:
        hullguard.lint(UBUNTU, path=tmp_path / "Dockerfile")
    assert discovered.value.code == "CONFIG_INVALID"


@pytest.mark.parametrize(
    ("kwargs", "option"),
    [
        ({"select": "NOPE999"}, "select"),
        ({"ignore": ["DL3006", "nothing-like-this"]}, "ignore"),
        ({"severity": {"NOPE999": "error"}}, "severity"),
        ({"severity": {"DL3006": "loud"}}, "severity"),
        ({"failure_threshold": "loud"}, "failure_threshold"),
    ],
)
def test_option_errors(kwargs: dict[str, object], option: str) -> None:
    with pytest.raises(hullguard.OptionError) as info:
        hullguard.lint(UBUNTU, **kwargs)  # type: ignore[arg-type]
    assert info.value.code == "INVALID_OPTION"
    assert info.value.option == option
    assert isinstance(info.value, ValueError)


def test_threshold_errors() -> None:
    with pytest.raises(hullguard.OptionError) as info:
        hullguard.lint(UBUNTU).has_errors("loud")
    assert (info.value.code, info.value.option) == ("INVALID_OPTION", "threshold")
    assert "loud" in str(info.value)


def test_input_errors(tmp_path: Path) -> None:
    missing = tmp_path / "Dockerfile"
    with pytest.raises(hullguard.InputError) as info:
        hullguard.lint_file(missing)
    assert info.value.code == "IO"
    assert info.value.path == str(missing)
    assert str(missing) in str(info.value)
    with pytest.raises(hullguard.InputError) as directory:
        hullguard.lint_file(tmp_path)
    assert directory.value.code == "IO"


def test_unknown_rule() -> None:
    with pytest.raises(hullguard.UnknownRuleError) as info:
        hullguard.explain("NOPE999")
    assert info.value.code == "UNKNOWN_RULE"
    assert "NOPE999" in str(info.value)
    with pytest.raises(LookupError):
        hullguard.explain("")


def test_errors_pickle_with_their_attributes(tmp_path: Path) -> None:
    with pytest.raises(hullguard.OptionError) as info:
        hullguard.lint(UBUNTU, select="NOPE999")
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is hullguard.OptionError
    assert (str(copy), copy.code, copy.option, copy.path) == (
        str(info.value),
        "INVALID_OPTION",
        "select",
        None,
    )
    with pytest.raises(hullguard.InputError) as io:
        hullguard.lint_file(tmp_path / "missing")
    copy_io = pickle.loads(pickle.dumps(io.value))
    assert (copy_io.code, copy_io.path) == ("IO", str(tmp_path / "missing"))


def test_errors_can_be_raised_by_callers() -> None:
    with pytest.raises(hullguard.HullguardError) as info:
        raise hullguard.InputError("cannot read x", "IO", "x")
    assert (info.value.code, info.value.path, str(info.value)) == ("IO", "x", "cannot read x")


# --- the panic path ----------------------------------------------------------


def test_a_panic_becomes_internal_error() -> None:
    with pytest.raises(hullguard.InternalError) as info:
        hullguard._hullguard._panic_for_tests()
    assert info.value.code == "INTERNAL"
    assert "deliberate panic for tests" in str(info.value)
    assert isinstance(info.value, hullguard.HullguardError)
    # Not pyo3's PanicException (a BaseException that `except Exception` misses).
    assert type(info.value).__mro__[1:] == (hullguard.HullguardError, Exception, BaseException, object)


def test_the_interpreter_is_usable_after_panics() -> None:
    for _ in range(3):
        with pytest.raises(hullguard.InternalError):
            hullguard._hullguard._panic_for_tests()
    assert [d.code for d in hullguard.lint(UBUNTU)] == ["DL3006", "HG150"]


def test_panics_in_threads_are_contained() -> None:
    caught: list[str] = []

    def work() -> None:
        try:
            hullguard._hullguard._panic_for_tests()
        except hullguard.InternalError as e:
            caught.append(e.code)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert caught == ["INTERNAL"] * 4


def test_a_panic_does_not_kill_the_process() -> None:
    script = (
        "import hullguard\n"
        "try:\n"
        "    hullguard._hullguard._panic_for_tests()\n"
        "except Exception as e:\n"
        "    print(type(e).__name__, e.code)\n"
        "print(len(hullguard.lint('FROM ubuntu\\n')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "InternalError INTERNAL\n2\n"
    # The default panic hook still reports the panic on stderr.
    assert "deliberate panic for tests" in done.stderr
    assert "PanicException" not in done.stderr
