"""The Python API: arguments, result types, options, configuration, formats."""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path
from typing import Any, get_args

import pytest

import hullguard
from hullguard import Category, Severity

UBUNTU = "FROM ubuntu\n"
CLEAN = "FROM python:3.12-slim\nUSER app\n"


def codes(report: hullguard.Report) -> list[str]:
    return [d.code for d in report]


# --- arguments ---------------------------------------------------------------


def test_lint_str_gives_a_report() -> None:
    report = hullguard.lint(UBUNTU)
    assert isinstance(report, hullguard.Report)
    assert codes(report) == ["DL3006", "HG150"]
    assert report.path == "-"
    assert report.source == UBUNTU


def test_lint_bytes_gives_the_same_diagnostics() -> None:
    assert hullguard.lint(UBUNTU.encode()).diagnostics == hullguard.lint(UBUNTU).diagnostics


def test_invalid_utf8_bytes_are_a_finding_not_an_error() -> None:
    report = hullguard.lint(b"FROM ubuntu:22.04\nUSER app\n# caf\xe9\n")
    assert "HG006" in codes(report)
    assert "\ufffd" in report.source


def test_path_accepts_str_and_pathlike(tmp_path: Path) -> None:
    as_str = hullguard.lint(UBUNTU, path=str(tmp_path / "Dockerfile"))
    as_path = hullguard.lint(UBUNTU, path=tmp_path / "Dockerfile")
    assert as_str.path == as_path.path == str(tmp_path / "Dockerfile")
    assert as_str.diagnostics == as_path.diagnostics


def test_lint_file_accepts_str_and_pathlike(example: Path) -> None:
    by_path = hullguard.lint_file(example)
    by_str = hullguard.lint_file(str(example))
    assert by_path.path == by_str.path == str(example)
    assert by_path.diagnostics == by_str.diagnostics
    assert by_path.source == example.read_text(encoding="utf-8")
    assert len(by_path) > 0 and by_path.has_errors()


def test_lint_file_equals_lint_of_the_text(example: Path) -> None:
    text = example.read_text(encoding="utf-8")
    assert hullguard.lint(text, path=example).diagnostics == hullguard.lint_file(example).diagnostics


def test_options_are_keyword_only(example: Path) -> None:
    with pytest.raises(TypeError):
        hullguard.lint(UBUNTU, "Dockerfile")  # type: ignore[misc]
    with pytest.raises(TypeError):
        hullguard.lint_file(example, None)  # type: ignore[misc]
    with pytest.raises(TypeError):
        hullguard.lint(UBUNTU, colour=True)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((3,), {}),
        ((None,), {}),
        ((bytearray(b"FROM x\n"),), {}),
        ((["FROM x"],), {}),
        ((UBUNTU,), {"path": 3}),
        ((UBUNTU,), {"config": 3}),
        ((UBUNTU,), {"config": ["a.toml"]}),
        ((UBUNTU,), {"select": 3}),
        ((UBUNTU,), {"select": [1]}),
        ((UBUNTU,), {"select": b"DL3006"}),
        ((UBUNTU,), {"ignore": ["DL3006", None]}),
        ((UBUNTU,), {"trusted_registries": 1.5}),
        ((UBUNTU,), {"severity": ["DL3006"]}),
        ((UBUNTU,), {"severity": {"DL3006": 1}}),
        ((UBUNTU,), {"severity": {3: "error"}}),
        ((UBUNTU,), {"failure_threshold": 1}),
        ((UBUNTU,), {"no_fail": "yes"}),
    ],
)
def test_wrong_argument_types_raise_type_error(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        hullguard.lint(*args, **kwargs)


def test_wrong_argument_types_elsewhere() -> None:
    with pytest.raises(TypeError):
        hullguard.lint_file(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hullguard.load_config(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hullguard.explain(3)  # type: ignore[arg-type]
    report = hullguard.lint(UBUNTU)
    with pytest.raises(TypeError):
        report.has_errors(2)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        report.render(1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        report.to_text(True)  # type: ignore[misc]


def test_type_errors_name_the_argument() -> None:
    with pytest.raises(TypeError, match="text must be str or bytes, not int"):
        hullguard.lint(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="select must be a str or an iterable of str, not int"):
        hullguard.lint(UBUNTU, select=[1])  # type: ignore[list-item]


# --- result types ------------------------------------------------------------


def test_diagnostic_fields_have_their_types() -> None:
    d = hullguard.lint(UBUNTU).diagnostics[0]
    assert isinstance(d, hullguard.Diagnostic)
    assert (d.code, d.name, d.severity, d.category) == (
        "DL3006",
        "untagged-base-image",
        "warning",
        "pinning",
    )
    assert "ubuntu" in d.message and isinstance(d.help, str) and d.help
    assert (d.line, d.column, d.end_line, d.end_column) == (1, 6, 1, 12)
    assert d.url.endswith("/DL3006.md")
    assert d.fix is None
    for name in ("line", "column", "end_line", "end_column"):
        assert type(getattr(d, name)) is int
    assert d.severity in get_args(Severity)
    assert d.category in get_args(Category)


def test_fix_and_edit_fields() -> None:
    text = "FROM python:3.12\nUSER app\n"
    (d,) = [d for d in hullguard.lint(text) if d.code == "HG101"]
    assert isinstance(d.fix, hullguard.Fix)
    assert d.fix.title == "use `python:3.12-slim`"
    assert d.fix.safe is False
    (edit,) = d.fix.edits
    assert isinstance(edit, hullguard.Edit)
    assert (edit.start, edit.end, edit.replacement) == (5, 16, "python:3.12-slim")
    assert text[edit.start : edit.end] == "python:3.12"
    assert repr(edit) == "Edit(start=5, end=16, replacement='python:3.12-slim')"
    assert repr(d.fix).startswith("Fix(title='use `python:3.12-slim`', edits=[Edit(")


def test_results_are_frozen() -> None:
    report = hullguard.lint("FROM python:3.12\n")
    d = next(d for d in report if d.fix)
    assert d.fix is not None
    for obj, attr in [
        (d, "code"),
        (d, "line"),
        (d.fix, "title"),
        (d.fix.edits[0], "start"),
        (report, "path"),
        (report, "diagnostics"),
        (hullguard.rules()[0], "code"),
        (report.config, "select"),
    ]:
        with pytest.raises(AttributeError):
            setattr(obj, attr, None)


def test_diagnostics_compare_and_hash_by_value() -> None:
    a = hullguard.lint("FROM python:3.12\n").diagnostics
    b = hullguard.lint(b"FROM python:3.12\n").diagnostics
    assert a == b and a[0] is not b[0]
    assert len({*a, *b}) == len(a)
    assert a[0] != a[1]
    assert hash(a[0].fix or a[1].fix) == hash(b[0].fix or b[1].fix)


def test_diagnostic_repr() -> None:
    d = hullguard.lint(UBUNTU).diagnostics[0]
    assert repr(d) == (
        "Diagnostic(code='DL3006', severity='warning', line=1, column=6, "
        "message='base image `ubuntu` has no tag, so it floats to `latest`')"
    )


def test_report_is_a_sequence_of_diagnostics() -> None:
    report = hullguard.lint(UBUNTU)
    assert len(report) == 2
    assert list(report) == report.diagnostics
    assert bool(report) and not hullguard.lint(CLEAN)
    # A new list each time, of the same objects.
    first, second = report.diagnostics, report.diagnostics
    assert first is not second and first[0] is second[0]
    first.clear()
    assert len(report.diagnostics) == 2
    assert repr(report) == "<Report '-' diagnostics=2 (warning=2)>"
    assert repr(hullguard.lint(CLEAN, path="a/Dockerfile")) == "<Report 'a/Dockerfile' diagnostics=0>"


def test_rules() -> None:
    rules = hullguard.rules()
    assert isinstance(rules, list) and len(rules) >= 60
    assert all(isinstance(r, hullguard.Rule) for r in rules)
    assert len({r.code for r in rules}) == len(rules)
    by_code = {r.code: r for r in rules}
    r = by_code["DL3006"]
    assert (r.name, r.severity, r.category, r.default_enabled) == (
        "untagged-base-image",
        "warning",
        "pinning",
        True,
    )
    assert "hadolint:DL3006" in r.sources and isinstance(r.sources, list)
    assert r.url.endswith("/DL3006.md") and r.help and r.summary
    assert by_code["HG110"].default_enabled is False
    assert {r.severity for r in rules} <= set(get_args(Severity))
    assert {r.category for r in rules} <= set(get_args(Category))
    assert hullguard.rules() == rules and len(set(rules)) == len(rules)
    assert repr(r) == (
        "Rule(code='DL3006', name='untagged-base-image', severity='warning', "
        "category='pinning', default_enabled=True)"
    )


def test_explain_by_code_name_and_peer_id() -> None:
    page = hullguard.explain("DL3008")
    assert page.startswith("# DL3008 `unpinned-apt-package`")
    assert hullguard.explain("dl3008") == page
    assert hullguard.explain("unpinned-apt-package") == page
    assert hullguard.explain("CKV_DOCKER_7") == hullguard.explain("DL3006")


def test_version_matches_the_distribution() -> None:
    assert hullguard.__version__ == importlib.metadata.version("hullguard")
    assert hullguard.__version__.count(".") == 2


def test_public_names() -> None:
    for name in hullguard.__all__:
        assert hasattr(hullguard, name), name
    assert "_run_cli" not in hullguard.__all__
    assert hullguard.Report.__module__ == "hullguard"
    assert hullguard.ConfigError.__module__ == "hullguard"


# --- options -----------------------------------------------------------------


def test_select_takes_one_string_or_an_iterable() -> None:
    text = "FROM python:3.12-slim\nUSER app\n"
    assert codes(hullguard.lint(text)) == []
    assert codes(hullguard.lint(text, select="HG110")) == ["HG110"]
    assert codes(hullguard.lint(text, select=["HG110"])) == ["HG110"]
    assert codes(hullguard.lint(text, select=("pinning",))) == ["HG110"]
    assert codes(hullguard.lint(text, select=iter(["HG11"]))) == ["HG110"]


def test_ignore() -> None:
    assert codes(hullguard.lint(UBUNTU, ignore="DL3006")) == ["HG150"]
    assert codes(hullguard.lint(UBUNTU, ignore=["DL3006", "privileges"])) == []
    assert codes(hullguard.lint(UBUNTU, ignore="DS-0001")) == ["HG150"]


def test_severity_mapping() -> None:
    report = hullguard.lint(UBUNTU, severity={"DL3006": "error", "HG150": "off"})
    assert [(d.code, d.severity) for d in report] == [("DL3006", "error")]
    assert report.config.severity == {"DL3006": "error", "HG150": "off"}
    assert report.has_errors("error")

    class Levels(dict):  # type: ignore[type-arg]
        pass

    assert codes(hullguard.lint(UBUNTU, severity=Levels(DL3006="off"))) == ["HG150"]


def test_trusted_registries() -> None:
    text = "FROM ubuntu:24.04\nUSER app\n"
    assert codes(hullguard.lint(text)) == []
    report = hullguard.lint(text, trusted_registries="registry.example.com")
    assert codes(report) == ["DL3026"]
    assert report.diagnostics[0].severity == "error"
    assert report.config.trusted_registries == ["registry.example.com"]
    assert codes(hullguard.lint(text, trusted_registries=["registry.example.com", "docker.io"])) == []


def test_failure_threshold_and_no_fail() -> None:
    assert hullguard.lint(UBUNTU).has_errors()
    assert not hullguard.lint(UBUNTU, failure_threshold="error").has_errors()
    assert hullguard.lint(UBUNTU, failure_threshold="warning").has_errors()
    none = hullguard.lint(UBUNTU, failure_threshold="none")
    assert not none.has_errors() and none.config.failure_threshold is None
    no_fail = hullguard.lint(UBUNTU, no_fail=True)
    assert not no_fail.has_errors() and no_fail.config.no_fail
    # An explicit threshold asks about levels, whatever the configuration says.
    assert no_fail.has_errors("warning") and not no_fail.has_errors("error")


def test_has_errors_levels() -> None:
    report = hullguard.lint(UBUNTU)  # two warnings
    assert [report.has_errors(t) for t in ("error", "warning", "info", "style", "none")] == [
        False,
        True,
        True,
        True,
        False,
    ]
    assert report.has_errors("WARNING")
    assert not hullguard.lint(CLEAN).has_errors() and not hullguard.lint(CLEAN).has_errors("style")


# --- configuration -----------------------------------------------------------


def test_load_config(tmp_path: Path) -> None:
    path = tmp_path / ".hullguard.toml"
    path.write_text(
        'select = ["HG110"]\nignore = ["DL3008"]\nfailure-threshold = "warning"\n'
        'trusted-registries = ["docker.io"]\n[severity]\nDL3007 = "off"\nHG150 = "error"\n',
        encoding="utf-8",
    )
    for arg in (path, str(path)):
        config = hullguard.load_config(arg)
        assert isinstance(config, hullguard.Config)
        assert config.path == str(path)
        assert config.select == ["HG110"]
        assert config.ignore == ["DL3008"]
        assert config.failure_threshold == "warning"
        assert config.no_fail is False
        assert config.severity == {"DL3007": "off", "HG150": "error"}
        assert config.trusted_registries == ["docker.io"]
    assert config == hullguard.load_config(path)
    assert repr(config) == (
        f"Config(path={str(path)!r}, select=['HG110'], ignore=['DL3008'], "
        "severity={'DL3007': 'off', 'HG150': 'error'}, failure_threshold='warning', no_fail=False)"
    )


def test_default_config() -> None:
    config = hullguard.Config()
    assert (config.path, config.select, config.ignore, config.severity) == (None, [], [], {})
    assert config.failure_threshold == "info" and config.no_fail is False
    assert config == hullguard.lint(UBUNTU).config
    with pytest.raises(TypeError):
        hash(config)


def test_config_object_path_and_options(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text('ignore = ["DL3006"]\n', encoding="utf-8")
    config = hullguard.load_config(path)
    for given in (config, path, str(path)):
        report = hullguard.lint(UBUNTU, config=given)
        assert codes(report) == ["HG150"]
        assert report.config.path == str(path)
    # Options apply on top of the configuration; the Config itself is unchanged.
    report = hullguard.lint(UBUNTU, config=config, ignore="HG150", failure_threshold="error")
    assert codes(report) == []
    assert report.config.ignore == ["DL3006", "HG150"] and config.ignore == ["DL3006"]
    assert codes(hullguard.lint_file(_write(tmp_path / "Dockerfile", UBUNTU), config=config)) == ["HG150"]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_config_is_discovered_from_path(tmp_path: Path) -> None:
    _write(tmp_path / ".hullguard.toml", 'ignore = ["DL3006"]\n')
    dockerfile = tmp_path / "services" / "api" / "Dockerfile"
    report = hullguard.lint(UBUNTU, path=dockerfile)
    assert codes(report) == ["HG150"]
    assert report.config.path == str((tmp_path / ".hullguard.toml").resolve())
    _write(dockerfile, UBUNTU)
    assert codes(hullguard.lint_file(dockerfile)) == ["HG150"]
    # An explicit configuration wins over the discovered one.
    assert codes(hullguard.lint(UBUNTU, path=dockerfile, config=hullguard.Config())) == ["DL3006", "HG150"]


def test_no_path_means_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / ".hullguard.toml", 'ignore = ["DL3006"]\n')
    monkeypatch.chdir(tmp_path)
    assert codes(hullguard.lint(UBUNTU)) == ["DL3006", "HG150"]
    # A relative path is found from the current folder, as the CLI does.
    assert codes(hullguard.lint(UBUNTU, path="Dockerfile")) == ["HG150"]


def test_pyproject_and_hadolint_configs_are_discovered(tmp_path: Path) -> None:
    py = tmp_path / "py"
    _write(py / "pyproject.toml", '[project]\nname = "x"\n[tool.hullguard]\nignore = ["HG150"]\n')
    assert codes(hullguard.lint(UBUNTU, path=py / "Dockerfile")) == ["DL3006"]
    hado = tmp_path / "hado"
    _write(hado / ".hadolint.yaml", "ignored:\n  - DL3006\n")
    report = hullguard.lint(UBUNTU, path=hado / "Dockerfile")
    assert codes(report) == ["HG150"]
    assert report.config.path is not None and report.config.path.endswith(".hadolint.yaml")


# --- output formats ----------------------------------------------------------


def test_json_output(example: Path) -> None:
    report = hullguard.lint_file(example)
    doc = json.loads(report.to_json())
    assert doc["version"] == 1
    (file,) = doc["files"]
    assert file["path"] == str(example)
    assert [d["code"] for d in file["diagnostics"]] == codes(report)
    first = file["diagnostics"][0]
    d = report.diagnostics[0]
    assert (first["line"], first["column"], first["severity"], first["message"]) == (
        d.line,
        d.column,
        d.severity,
        d.message,
    )
    assert report.render("json") == report.to_json()


def test_sarif_output(example: Path) -> None:
    report = hullguard.lint_file(example)
    sarif = json.loads(report.to_sarif())
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    assert len(run["results"]) == len(report)
    assert {r["ruleId"] for r in run["results"]} == set(codes(report))
    assert report.render("sarif") == report.to_sarif()


def test_text_output(example: Path) -> None:
    report = hullguard.lint_file(example)
    text = report.to_text()
    d = report.diagnostics[0]
    assert f"{example}:{d.line}:{d.column}: {d.code} {d.severity} {d.message}\n" in text
    assert "\x1b[" not in text
    assert "\x1b[" in report.to_text(color=True)
    assert report.render("text") == text
    assert report.render("text", color=True) == report.to_text(color=True)


def test_unknown_format() -> None:
    with pytest.raises(hullguard.OptionError) as info:
        hullguard.lint(UBUNTU).render("xml")  # type: ignore[arg-type]
    assert info.value.code == "INVALID_OPTION" and info.value.option == "format"


def test_colour_is_what_the_caller_asks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" in hullguard.lint(UBUNTU).to_text(color=True)
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[" not in hullguard.lint(UBUNTU).to_text()


def test_package_docstring_example() -> None:
    import doctest

    assert doctest.testmod(hullguard).failed == 0
