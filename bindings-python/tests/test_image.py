"""`scan_image`: the example image, image locations in every output format,
the policy options, a Dockerfile linted into the same report (`dockerfile=`),
diff_id verification, every `ImageError` code provoked from Python, notes,
and threads scanning at the same time with the GIL released.

Images other than the repository's example are built here, in an OCI layout
under `tmp_path`: blobs named by their sha256, a config, tar layers.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import pickle
import shutil
import subprocess
import sys
import tarfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import hullguard
from conftest import EXAMPLE, REPO

IMAGE = REPO / "examples" / "image"

INDEX = "application/vnd.oci.image.index.v1+json"
MANIFEST = "application/vnd.oci.image.manifest.v1+json"
CONFIG = "application/vnd.oci.image.config.v1+json"
LAYER_TAR = "application/vnd.oci.image.layer.v1.tar"
LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"


# --- building images -----------------------------------------------------------


def tar_layer(files: dict[str, bytes], *, mode: int = 0o644) -> bytes:
    """An uncompressed tar of `files` (name to content), fixed times."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), mode, 1_700_000_000
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


class Layout:
    """An OCI image layout being written under `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "blobs" / "sha256").mkdir(parents=True)
        (root / "oci-layout").write_text('{"imageLayoutVersion": "1.0.0"}', encoding="utf-8")

    def blob(self, data: bytes, media_type: str) -> dict[str, Any]:
        """Store `data` under its digest; its descriptor."""
        digest = hashlib.sha256(data).hexdigest()
        (self.root / "blobs" / "sha256" / digest).write_bytes(data)
        return {"mediaType": media_type, "digest": f"sha256:{digest}", "size": len(data)}

    def json_blob(self, doc: object, media_type: str) -> dict[str, Any]:
        return self.blob(json.dumps(doc).encode(), media_type)

    def manifest(self, layers: list[bytes], *, user: str = "app", gzipped: bool = False) -> dict[str, Any]:
        """A linux/amd64 image of `layers` (tar bytes) that runs as `user`."""
        descriptors = [
            self.blob(gzip.compress(t, mtime=0), LAYER_GZIP) if gzipped else self.blob(t, LAYER_TAR) for t in layers
        ]
        diff_ids = [f"sha256:{hashlib.sha256(t).hexdigest()}" for t in layers]
        return self.image(descriptors, diff_ids, user=user)

    def big_layer(self, size: int) -> dict[str, Any]:
        """An uncompressed layer holding one file of `size` bytes, streamed to
        disk (never whole in memory); its descriptor."""
        block = os.urandom(1 << 20)

        class Content:
            left = size

            def read(self, n: int = -1) -> bytes:
                n = min(self.left, len(block) if n < 0 else n, len(block))
                self.left -= n
                return block[:n]

        staging = self.root / "layer.tmp"
        with staging.open("wb") as f, tarfile.open(fileobj=f, mode="w") as tar:
            info = tarfile.TarInfo("data.bin")
            info.size, info.mtime = size, 1_700_000_000
            tar.addfile(info, Content())
        digest = hashlib.sha256()
        with staging.open("rb") as written:
            for chunk in iter(lambda: written.read(1 << 20), b""):
                digest.update(chunk)
        length = staging.stat().st_size
        staging.rename(self.root / "blobs" / "sha256" / digest.hexdigest())
        return {"mediaType": LAYER_TAR, "digest": f"sha256:{digest.hexdigest()}", "size": length}

    def image(self, layers: list[dict[str, Any]], diff_ids: list[str], *, user: str = "app") -> dict[str, Any]:
        """The manifest of a linux/amd64 image of `layers` that runs as
        `user`; its descriptor, with the platform, for an index."""
        config = {
            "architecture": "amd64",
            "os": "linux",
            "created": "2026-01-01T00:00:00Z",
            "config": {"User": user},
            "rootfs": {"type": "layers", "diff_ids": diff_ids},
            "history": [{"created_by": "COPY . /", "created": "2026-01-01T00:00:00Z"} for _ in layers],
        }
        manifest = {
            "schemaVersion": 2,
            "mediaType": MANIFEST,
            "config": self.json_blob(config, CONFIG),
            "layers": layers,
        }
        descriptor = self.json_blob(manifest, MANIFEST)
        descriptor["platform"] = {"os": "linux", "architecture": "amd64"}
        return descriptor

    def index(self, *manifests: dict[str, Any]) -> Path:
        """Write `index.json` listing `manifests`; the layout's path."""
        doc = {"schemaVersion": 2, "mediaType": INDEX, "manifests": list(manifests)}
        (self.root / "index.json").write_text(json.dumps(doc), encoding="utf-8")
        return self.root


def image_of(tmp_path: Path, files: dict[str, bytes], **kwargs: Any) -> Path:
    """A one-layer image holding `files`."""
    layout = Layout(tmp_path / "image")
    return layout.index(layout.manifest([tar_layer(files)], **kwargs))


def copy_of_example(tmp_path: Path) -> Path:
    copy = tmp_path / "image"
    shutil.copytree(IMAGE, copy)
    return copy


def blob_path(image: Path, digest: str) -> Path:
    return image / "blobs" / "sha256" / digest.removeprefix("sha256:")


def example_manifest(image: Path) -> dict[str, Any]:
    index = json.loads((image / "index.json").read_text(encoding="utf-8"))
    digest = index["manifests"][0]["digest"]
    manifest: dict[str, Any] = json.loads(blob_path(image, digest).read_text(encoding="utf-8"))
    return manifest


def codes(report: hullguard.Report) -> list[str]:
    return [d.code for d in report]


def write_blob(image: Path, data: bytes) -> dict[str, Any]:
    """Store `data` in `image` under its digest; its digest and size."""
    digest = hashlib.sha256(data).hexdigest()
    (image / "blobs" / "sha256" / digest).write_bytes(data)
    return {"digest": f"sha256:{digest}", "size": len(data)}


def cli_json(*args: str | Path, cwd: Path) -> tuple[int, Any]:
    """`hullguard ARGS --format json` run in `cwd`: its exit status and report."""
    done = subprocess.run(
        [sys.executable, "-m", "hullguard", *map(str, args), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


@pytest.fixture
def no_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder, so no configuration file is discovered."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


# --- the example image -------------------------------------------------------


def test_example_image_findings(no_config: Path) -> None:
    report = hullguard.scan_image(IMAGE)
    assert isinstance(report, hullguard.Report)
    assert report.path == str(IMAGE)
    assert report.source == "" and report.notes == []
    found = {(d.code, d.location) for d in report}
    assert ("HG200", "config.User") in found  # no USER: runs as root
    assert ("HG302", "layer 5: /app/app/.env") in found  # a secret file shipped
    assert ("HG190", "history[9]: RUN curl -fsSL https://example.com/install-agent.sh | sh") in found
    for d in report:
        assert isinstance(d, hullguard.Diagnostic)
        assert d.location, d
        assert (d.line, d.column, d.end_line, d.end_column) == (0, 0, 0, 0)
        assert d.fix is None and d.url.endswith(f"/{d.code}.md")
    (root,) = [d for d in report if d.code == "HG200"]
    assert (root.severity, root.category, root.name) == ("warning", "privileges", "image-runs-as-root")
    assert repr(root) == (
        "Diagnostic(code='HG200', severity='warning', location='config.User', "
        "message='no `User` is set, so the container runs as root')"
    )
    # HG302 is an error, so the run fails under the default threshold.
    assert report.has_errors() and report.has_errors("error")
    assert repr(report).startswith(f"<Report {str(IMAGE)!r} diagnostics={len(report)} (error=1, warning=")


def test_path_is_str_or_pathlike(no_config: Path) -> None:
    by_path = hullguard.scan_image(IMAGE).diagnostics
    assert hullguard.scan_image(str(IMAGE)).diagnostics == by_path
    assert hullguard.scan_image(os.path.relpath(IMAGE)).diagnostics == by_path
    with pytest.raises(TypeError):
        hullguard.scan_image(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hullguard.scan_image(IMAGE, "linux/amd64")  # type: ignore[call-arg]


def test_platform_and_limit_that_fit_change_nothing(no_config: Path) -> None:
    expected = hullguard.scan_image(IMAGE).diagnostics
    assert hullguard.scan_image(IMAGE, platform="linux/amd64").diagnostics == expected
    assert hullguard.scan_image(IMAGE, max_uncompressed_bytes=1 << 20).diagnostics == expected
    assert hullguard.scan_image(IMAGE, platform=None, max_uncompressed_bytes=None).diagnostics == expected


def test_json_output_has_locations(no_config: Path) -> None:
    report = hullguard.scan_image(IMAGE)
    doc = json.loads(report.to_json())
    (file,) = doc["files"]
    assert file["path"] == str(IMAGE)
    assert [(d["code"], d["location"], d["line"]) for d in file["diagnostics"]] == [
        (d.code, d.location, 0) for d in report
    ]
    assert report.render("json") == report.to_json()


def test_sarif_output_has_logical_locations(no_config: Path) -> None:
    report = hullguard.scan_image(IMAGE)
    sarif = json.loads(report.to_sarif())
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    assert len(run["results"]) == len(report)
    for result, d in zip(run["results"], report):
        assert result["ruleId"] == d.code
        (location,) = result["locations"]
        assert location["logicalLocations"] == [{"fullyQualifiedName": d.location}]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == str(IMAGE)


def test_text_output(no_config: Path) -> None:
    report = hullguard.scan_image(IMAGE)
    text = report.to_text()
    for d in report:
        assert f"{IMAGE}: {d.location}: {d.code} {d.severity} {d.message}\n" in text
    assert "\x1b[" not in text and "\x1b[" in report.to_text(color=True)
    assert report.render("text") == text


def test_same_report_as_the_cli(no_config: Path) -> None:
    """`scan_image` and `hullguard image` agree on findings and exit status."""
    report = hullguard.scan_image(IMAGE)
    done = subprocess.run(
        [sys.executable, "-m", "hullguard", "image", str(IMAGE), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
        cwd=no_config,
    )
    assert done.returncode == (1 if report.has_errors() else 0), done.stderr
    assert json.loads(done.stdout) == json.loads(report.to_json())


def test_lint_reports_are_unchanged() -> None:
    report = hullguard.lint("FROM ubuntu\n")
    assert report.notes == []
    assert [d.location for d in report] == [None, None]
    assert '"location"' not in report.to_json()


# --- policy ------------------------------------------------------------------


def test_ignore_and_select(no_config: Path) -> None:
    all_codes = codes(hullguard.scan_image(IMAGE))
    assert "HG200" in all_codes
    without = codes(hullguard.scan_image(IMAGE, ignore=["HG200"]))
    assert without == [c for c in all_codes if c != "HG200"]
    assert codes(hullguard.scan_image(IMAGE, ignore="HG2")) == [c for c in all_codes if not c.startswith("HG2")]
    assert codes(hullguard.scan_image(IMAGE, ignore=["secrets", "DL3008"])) == [
        c for c in all_codes if c not in ("HG302", "DL3008")
    ]
    # Every image rule is on by default: selecting one adds nothing.
    assert codes(hullguard.scan_image(IMAGE, select="HG200")) == all_codes


def test_severity_threshold_and_no_fail(no_config: Path) -> None:
    report = hullguard.scan_image(IMAGE, severity={"HG302": "warning", "HG200": "error"})
    by_code = {d.code: d.severity for d in report}
    assert (by_code["HG302"], by_code["HG200"]) == ("warning", "error")
    assert report.config.severity == {"HG302": "warning", "HG200": "error"}
    # Nothing is an error once HG302 is a warning.
    report = hullguard.scan_image(IMAGE, severity={"HG302": "warning"})
    assert not report.has_errors("error") and report.has_errors("warning") and report.has_errors()
    assert not hullguard.scan_image(IMAGE, failure_threshold="none").has_errors()
    assert hullguard.scan_image(IMAGE, failure_threshold="none").has_errors("error")
    assert not hullguard.scan_image(IMAGE, no_fail=True).has_errors()
    assert not hullguard.scan_image(IMAGE, severity={"HG302": "off"}).has_errors("error")


def test_config_discovered_from_the_current_folder(no_config: Path) -> None:
    (no_config / ".hullguard.toml").write_text('ignore = ["HG200"]\n', encoding="utf-8")
    report = hullguard.scan_image(IMAGE)
    assert "HG200" not in codes(report)
    assert report.config.path == str((no_config / ".hullguard.toml").resolve())
    # An explicit configuration wins over the discovered one, and options apply on top.
    assert "HG200" in codes(hullguard.scan_image(IMAGE, config=hullguard.Config()))
    policy = no_config / "policy.toml"
    policy.write_text('severity = { HG302 = "info" }\n', encoding="utf-8")
    for given in (policy, str(policy), hullguard.load_config(policy)):
        report = hullguard.scan_image(IMAGE, config=given, ignore="HG301")
        assert "HG200" in codes(report) and "HG301" not in codes(report)
        assert {d.severity for d in report if d.code == "HG302"} == {"info"}
        assert report.config.path == str(policy)


def test_option_errors_come_before_reading(no_config: Path) -> None:
    missing = no_config / "missing"
    with pytest.raises(hullguard.OptionError) as info:
        hullguard.scan_image(missing, select="NOPE999")
    assert (info.value.code, info.value.option) == ("INVALID_OPTION", "select")
    with pytest.raises(hullguard.ConfigError):
        hullguard.scan_image(IMAGE, config=no_config / "missing.toml")


@pytest.mark.parametrize("platform", ["linux", "", "/amd64", "linux/", "linux/arm/v7/x"])
def test_malformed_platform_is_an_option_error(platform: str) -> None:
    with pytest.raises(hullguard.OptionError) as info:
        hullguard.scan_image(IMAGE, platform=platform)
    assert (info.value.code, info.value.option) == ("INVALID_OPTION", "platform")
    assert f"`{platform}`" in str(info.value)


def test_max_uncompressed_bytes_values() -> None:
    for bad in (-1, 1 << 64):
        with pytest.raises(hullguard.OptionError) as info:
            hullguard.scan_image(IMAGE, max_uncompressed_bytes=bad)
        assert info.value.option == "max_uncompressed_bytes"
    for wrong in ("10", 1.5, True):
        with pytest.raises(TypeError, match="max_uncompressed_bytes must be an int"):
            hullguard.scan_image(IMAGE, max_uncompressed_bytes=wrong)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hullguard.scan_image(IMAGE, platform=1)  # type: ignore[arg-type]


# --- the Dockerfile in the same report ---------------------------------------


def test_dockerfile_findings_come_first(no_config: Path) -> None:
    linted = hullguard.lint_file(EXAMPLE)
    scanned = hullguard.scan_image(IMAGE)
    report = hullguard.scan_image(IMAGE, dockerfile=EXAMPLE)
    assert linted.diagnostics and scanned.diagnostics
    assert report.diagnostics == linted.diagnostics + scanned.diagnostics
    assert list(report) == report.diagnostics and len(report) == len(linted) + len(scanned)
    n = len(linted)
    assert all(d.location is None and d.line >= 1 and d.column >= 1 for d in report.diagnostics[:n])
    assert all(d.location and d.line == 0 for d in report.diagnostics[n:])
    # Named after the image; the text is the Dockerfile's (what lines and fixes refer to).
    assert report.path == str(IMAGE)
    assert report.source == linted.source == EXAMPLE.read_text(encoding="utf-8")
    assert report.notes == [] and report.config == scanned.config
    counts = {level: sum(d.severity == level for d in report) for level in ("error", "warning", "info", "style")}
    shown = ", ".join(f"{level}={k}" for level, k in counts.items() if k)
    assert repr(report) == f"<Report {str(IMAGE)!r} diagnostics={len(report)} ({shown})>"
    assert hullguard.scan_image(IMAGE, dockerfile=str(EXAMPLE)).diagnostics == report.diagnostics
    assert hullguard.scan_image(IMAGE, dockerfile=None).diagnostics == scanned.diagnostics


def test_failing_counts_both_files(no_config: Path) -> None:
    """`has_errors` looks at the Dockerfile's findings too, as the CLI's exit status."""
    quiet = {"HG302": "warning"}  # the image's only error
    assert not hullguard.scan_image(IMAGE, dockerfile=EXAMPLE, severity=quiet).has_errors("error")
    # HG150 (no USER in the final stage) is found in the Dockerfile only.
    report = hullguard.scan_image(IMAGE, dockerfile=EXAMPLE, severity={**quiet, "HG150": "error"})
    assert [d.location for d in report if d.severity == "error"] == [None]
    assert report.has_errors("error")
    report = hullguard.scan_image(
        IMAGE, dockerfile=EXAMPLE, severity={**quiet, "HG150": "error"}, failure_threshold="error"
    )
    assert report.has_errors()
    assert not hullguard.scan_image(IMAGE, dockerfile=EXAMPLE, severity=quiet, failure_threshold="error").has_errors()


def test_dockerfile_fix_offsets_index_the_source(tmp_path: Path, no_config: Path) -> None:
    text = "# é 🐳\nFROM python:3.12\nUSER app\n"
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(text, encoding="utf-8")
    report = hullguard.scan_image(IMAGE, dockerfile=dockerfile)
    assert report.source == text
    fixes = [d.fix for d in report if d.fix is not None]
    assert fixes and fixes == [d.fix for d in hullguard.lint(text, path=dockerfile) if d.fix is not None]
    edit = fixes[0].edits[0]
    assert report.source[edit.start : edit.end] == "python:3.12"


def test_dockerfile_and_image_in_json(no_config: Path) -> None:
    report = hullguard.scan_image(IMAGE, dockerfile=EXAMPLE)
    doc = json.loads(report.to_json())
    dockerfile, image = doc["files"]
    assert (dockerfile["path"], image["path"]) == (str(EXAMPLE), str(IMAGE))
    n = len(dockerfile["diagnostics"])
    assert [(d["code"], d["line"], d.get("location")) for d in dockerfile["diagnostics"]] == [
        (d.code, d.line, None) for d in report.diagnostics[:n]
    ]
    assert [(d["code"], d["location"]) for d in image["diagnostics"]] == [
        (d.code, d.location) for d in report.diagnostics[n:]
    ]
    assert report.render("json") == report.to_json()
    # The same report and exit status as `hullguard image PATH --dockerfile FILE`.
    status, cli = cli_json("image", IMAGE, "--dockerfile", EXAMPLE, cwd=no_config)
    assert cli == doc
    assert status == (1 if report.has_errors() else 0)


def test_dockerfile_and_image_in_sarif(no_config: Path) -> None:
    report = hullguard.scan_image(IMAGE, dockerfile=EXAMPLE)
    (run,) = json.loads(report.to_sarif())["runs"]
    assert len(run["results"]) == len(report)
    for result, d in zip(run["results"], report):
        assert result["ruleId"] == d.code
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        if d.location is None:
            assert physical["artifactLocation"]["uri"] == str(EXAMPLE)
            assert (physical["region"]["startLine"], physical["region"]["startColumn"]) == (d.line, d.column)
            assert "logicalLocations" not in location
        else:
            assert physical["artifactLocation"]["uri"] == str(IMAGE)
            assert location["logicalLocations"] == [{"fullyQualifiedName": d.location}]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]]
    assert uris == sorted(uris, key=lambda u: u != str(EXAMPLE))  # the Dockerfile's first


def test_dockerfile_and_image_in_text(no_config: Path) -> None:
    report = hullguard.scan_image(IMAGE, dockerfile=EXAMPLE)
    text = report.to_text()
    positions = []
    for d in report:
        if d.location is None:
            line = f"{EXAMPLE}:{d.line}:{d.column}: {d.code} {d.severity} {d.message}\n"
        else:
            line = f"{IMAGE}: {d.location}: {d.code} {d.severity} {d.message}\n"
        assert line in text
        positions.append(text.index(line))
    assert positions == sorted(positions)  # the Dockerfile's first, each file in its order
    assert report.render("text") == text


def test_config_discovered_next_to_the_dockerfile(tmp_path: Path, no_config: Path) -> None:
    # The current folder's configuration applies to an image alone...
    (no_config / ".hullguard.toml").write_text('ignore = ["HG302"]\n', encoding="utf-8")
    assert "HG302" not in codes(hullguard.scan_image(IMAGE))
    # ...but with a Dockerfile, the one next to it applies, to both files.
    service = tmp_path / "svc"
    service.mkdir()
    config = service / ".hullguard.toml"
    config.write_text('ignore = ["HG200", "DL3006"]\n', encoding="utf-8")
    dockerfile = service / "Dockerfile"
    dockerfile.write_text("FROM ubuntu\n", encoding="utf-8")
    report = hullguard.scan_image(IMAGE, dockerfile=dockerfile)
    assert report.config.path == str(config.resolve())
    found = codes(report)
    assert "HG302" in found and "HG200" not in found and "DL3006" not in found
    assert "HG150" in found  # a Dockerfile finding the policy keeps
    status, cli = cli_json("image", IMAGE, "--dockerfile", dockerfile, cwd=no_config)
    assert cli == json.loads(report.to_json()) and status == 1
    # A relative Dockerfile path is discovered from too.
    relative = os.path.relpath(dockerfile, no_config)
    assert codes(hullguard.scan_image(IMAGE, dockerfile=relative)) == found
    # An explicit configuration wins, and options apply on top.
    report = hullguard.scan_image(IMAGE, dockerfile=dockerfile, config=hullguard.Config(), ignore="HG150")
    assert report.config.path is None
    assert {"HG200", "DL3006", "HG302"} <= set(codes(report)) and "HG150" not in codes(report)


def test_missing_dockerfile(tmp_path: Path, no_config: Path) -> None:
    missing = tmp_path / "missing" / "Dockerfile"
    for image in (IMAGE, tmp_path / "no-image"):  # read before the image, as the CLI does
        with pytest.raises(hullguard.InputError) as info:
            hullguard.scan_image(image, dockerfile=missing)
        assert (info.value.code, info.value.path) == ("IO", str(missing))
        assert str(missing) in str(info.value)
    with pytest.raises(hullguard.InputError):
        hullguard.scan_image(IMAGE, dockerfile=tmp_path)  # a folder
    # The Dockerfile is fine and the image is not: the image's error.
    assert scan_error(tmp_path / "no-image", dockerfile=EXAMPLE).code == "IMAGE_IO"
    with pytest.raises(TypeError):
        hullguard.scan_image(IMAGE, dockerfile=3)  # type: ignore[arg-type]
    assert "HG200" in codes(hullguard.scan_image(IMAGE))  # nothing left behind


# --- notes ---------------------------------------------------------------------


def test_notes_of_a_nonconforming_config(tmp_path: Path, no_config: Path) -> None:
    config = tmp_path / "config.json"
    config.write_text('{"os": "linux", "config": {"User": ""}, "rootfs": {"diff_ids": null}}', encoding="utf-8")
    report = hullguard.scan_image(config)
    (note,) = report.notes
    assert note.startswith("not a valid OCI image configuration")
    assert "HG200" in codes(report)  # still read, leniently
    assert note in report.to_text()
    assert json.loads(report.to_json())["files"][0]["notes"] == [note]
    notes = report.notes
    notes.clear()
    assert report.notes == [note]  # a new list on each access


def test_a_built_image_that_is_fine(tmp_path: Path, no_config: Path) -> None:
    image = image_of(tmp_path, {"app/main.py": b"print('hi')\n"}, user="10001:10001", gzipped=True)
    report = hullguard.scan_image(image)
    assert report.notes == []
    assert [c for c in codes(report) if c.startswith("HG3") or c == "HG200"] == []


# --- errors --------------------------------------------------------------------


def scan_error(path: Path, **kwargs: Any) -> hullguard.ImageError:
    with pytest.raises(hullguard.ImageError) as info:
        hullguard.scan_image(path, **kwargs)
    error = info.value
    assert isinstance(error, hullguard.HullguardError)
    assert error.code.startswith("IMAGE_")
    assert error.path == str(path)
    return error


def test_error_class() -> None:
    assert issubclass(hullguard.ImageError, hullguard.HullguardError)
    assert not issubclass(hullguard.ImageError, (OSError, ValueError))
    assert hullguard.ImageError.__module__ == "hullguard"
    assert "ImageError" in hullguard.__all__ and "scan_image" in hullguard.__all__


def test_missing_path(tmp_path: Path) -> None:
    error = scan_error(tmp_path / "missing")
    assert error.code == "IMAGE_IO"
    assert str(tmp_path / "missing") in str(error)
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), copy.code, copy.path, str(copy)) == (hullguard.ImageError, "IMAGE_IO", error.path, str(error))


def test_not_an_image(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"this is not an image\n" * 100)
    assert scan_error(junk).code == "IMAGE_FORMAT"
    assert scan_error(tmp_path).code == "IMAGE_FORMAT"  # a folder with no layout
    dockerfile = REPO / "examples" / "Dockerfile"
    assert scan_error(dockerfile).code == "IMAGE_FORMAT"


def test_malformed_json(tmp_path: Path) -> None:
    broken = tmp_path / "config.json"
    broken.write_text('{"config": {"User": ', encoding="utf-8")
    assert scan_error(broken).code == "IMAGE_JSON"
    image = copy_of_example(tmp_path)
    (image / "index.json").write_text("{]", encoding="utf-8")
    assert scan_error(image).code == "IMAGE_JSON"


def test_no_such_platform() -> None:
    error = scan_error(IMAGE, platform="linux/arm64")
    assert error.code == "IMAGE_PLATFORM"
    assert "linux/arm64" in str(error) and "linux/amd64" in str(error)


def test_tampered_config_blob(tmp_path: Path) -> None:
    image = copy_of_example(tmp_path)
    config = blob_path(image, example_manifest(image)["config"]["digest"])
    data = bytearray(config.read_bytes())
    data[100] ^= 0x01
    config.write_bytes(bytes(data))
    error = scan_error(image)
    assert error.code == "IMAGE_DIGEST_MISMATCH"
    assert "digest mismatch" in str(error)


def test_tampered_layer_blob(tmp_path: Path) -> None:
    image = copy_of_example(tmp_path)
    layer = blob_path(image, example_manifest(image)["layers"][0]["digest"])
    data = bytearray(layer.read_bytes())
    data[len(data) // 2] ^= 0xFF
    layer.write_bytes(bytes(data))
    # Either the gzip stream breaks first, or it decodes and the digest fails.
    assert scan_error(image).code in {"IMAGE_DIGEST_MISMATCH", "IMAGE_COMPRESSION"}


def test_verify_diff_ids_on_good_images(tmp_path: Path, no_config: Path) -> None:
    expected = hullguard.scan_image(IMAGE).diagnostics
    assert hullguard.scan_image(IMAGE, verify_diff_ids=True).diagnostics == expected
    assert hullguard.scan_image(IMAGE, verify_diff_ids=False).diagnostics == expected
    for gzipped in (False, True):
        built = image_of(tmp_path / str(gzipped), {"app/main.py": b"print('hi')\n"}, gzipped=gzipped)
        assert hullguard.scan_image(built, verify_diff_ids=True).diagnostics == hullguard.scan_image(built).diagnostics
    for wrong in (1, "yes", None):
        with pytest.raises(TypeError):
            hullguard.scan_image(IMAGE, verify_diff_ids=wrong)  # type: ignore[arg-type]


def test_verify_diff_ids_catches_a_config_that_lies(tmp_path: Path, no_config: Path) -> None:
    """The config names another uncompressed digest for layer 0; the config,
    manifest and index digests are all rewritten to match, so only the
    diff_id check can tell."""
    image = copy_of_example(tmp_path)
    index = json.loads((image / "index.json").read_text(encoding="utf-8"))
    manifest = example_manifest(image)
    config = json.loads(blob_path(image, manifest["config"]["digest"]).read_bytes())
    lie = "sha256:" + "0" * 64
    assert config["rootfs"]["diff_ids"][0] != lie
    config["rootfs"]["diff_ids"][0] = lie
    manifest["config"].update(write_blob(image, json.dumps(config).encode()))
    index["manifests"][0].update(write_blob(image, json.dumps(manifest).encode()))
    (image / "index.json").write_text(json.dumps(index), encoding="utf-8")
    # Every blob matches its digest: without the option, the image reads fine.
    assert codes(hullguard.scan_image(image)) == codes(hullguard.scan_image(IMAGE))
    error = scan_error(image, verify_diff_ids=True)
    assert error.code == "IMAGE_DIGEST_MISMATCH"
    assert "uncompressed" in str(error) and lie in str(error)
    # With a Dockerfile, the same error (the Dockerfile is fine).
    assert scan_error(image, verify_diff_ids=True, dockerfile=EXAMPLE).code == "IMAGE_DIGEST_MISMATCH"
    # A built image whose config lies the same way.
    layout = Layout(tmp_path / "built")
    layer = tar_layer({"a": b"a"})
    descriptor = layout.blob(gzip.compress(layer, mtime=0), LAYER_GZIP)
    built = layout.index(layout.image([descriptor], [lie]))
    assert "HG200" not in codes(hullguard.scan_image(built))  # read fine without the option
    assert scan_error(built, verify_diff_ids=True).code == "IMAGE_DIGEST_MISMATCH"


def test_corrupt_gzip_layer(tmp_path: Path) -> None:
    layout = Layout(tmp_path / "image")
    good = gzip.compress(tar_layer({"a": b"a" * 1000}), mtime=0)
    corrupt = good[:10] + bytes(b ^ 0x5A for b in good[10:-8]) + good[-8:]  # the header intact
    descriptor = layout.blob(corrupt, LAYER_GZIP)  # its digest is right: only the data is bad
    image = layout.index(layout.image([descriptor], ["sha256:" + "0" * 64]))
    error = scan_error(image)
    assert error.code == "IMAGE_COMPRESSION"
    assert descriptor["digest"].removeprefix("sha256:") in str(error)


def test_truncated_layer(tmp_path: Path) -> None:
    image = copy_of_example(tmp_path)
    layer = blob_path(image, example_manifest(image)["layers"][0]["digest"])
    data = layer.read_bytes()
    layer.write_bytes(data[: len(data) // 2])
    assert scan_error(image).code == "IMAGE_TAR"


def test_truncated_archive(tmp_path: Path) -> None:
    archive = tmp_path / "image.tar"
    with tarfile.open(archive, "w") as tar:
        tar.add(IMAGE, arcname=".")
    data = archive.read_bytes()
    assert codes(hullguard.scan_image(archive)) == codes(hullguard.scan_image(IMAGE))  # an OCI archive
    archive.write_bytes(data[: len(data) // 2 + 100])
    assert scan_error(archive).code in {"IMAGE_TAR", "IMAGE_MISSING_BLOB"}


def test_missing_blob(tmp_path: Path) -> None:
    image = copy_of_example(tmp_path)
    blob_path(image, example_manifest(image)["layers"][-1]["digest"]).unlink()
    assert scan_error(image).code == "IMAGE_MISSING_BLOB"


def test_digest_leaving_blobs(tmp_path: Path) -> None:
    image = copy_of_example(tmp_path)
    index = json.loads((image / "index.json").read_text(encoding="utf-8"))
    index["manifests"][0]["digest"] = "sha256:../../../../etc/passwd"
    (image / "index.json").write_text(json.dumps(index), encoding="utf-8")
    error = scan_error(image)
    assert error.code == "IMAGE_DIGEST"
    assert "../../../../etc/passwd" in str(error)


def test_indexes_nested_too_deep(tmp_path: Path) -> None:
    layout = Layout(tmp_path / "image")
    descriptor = layout.manifest([tar_layer({"a": b"a"})])
    for _ in range(12):
        nested = {"schemaVersion": 2, "mediaType": INDEX, "manifests": [descriptor]}
        descriptor = layout.json_blob(nested, INDEX)
    assert scan_error(layout.index(descriptor)).code == "IMAGE_INDEX_CYCLE"


def test_path_traversal_in_a_layer(tmp_path: Path) -> None:
    image = image_of(tmp_path, {"../../escaped": b"x"})
    error = scan_error(image)
    assert error.code == "IMAGE_UNSAFE_PATH"
    assert "../../escaped" in str(error)
    assert not (tmp_path / "escaped").exists()


def test_decompression_limit(tmp_path: Path) -> None:
    error = scan_error(IMAGE, max_uncompressed_bytes=1)
    assert error.code == "IMAGE_LIMIT"
    assert "max_uncompressed_bytes" in str(error)
    # A gzip bomb in small: 8 MiB of zeros in a few KiB.
    bomb = image_of(tmp_path, {"zeros": bytes(8 << 20)}, gzipped=True)
    assert scan_error(bomb, max_uncompressed_bytes=1 << 20).code == "IMAGE_LIMIT"
    assert "HG200" not in codes(hullguard.scan_image(bomb, max_uncompressed_bytes=16 << 20))


def test_the_interpreter_is_usable_after_image_errors(tmp_path: Path) -> None:
    for _ in range(3):
        scan_error(tmp_path / "missing")
    assert "HG200" in codes(hullguard.scan_image(IMAGE))


# --- threads -------------------------------------------------------------------


def test_threads_scan_concurrently_and_agree(tmp_path: Path, no_config: Path) -> None:
    other = image_of(tmp_path, {"app/.env": b"API_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\n"}, user="")
    paths = [IMAGE, other, tmp_path / "missing"]

    def scan(path: Path) -> list[hullguard.Diagnostic] | str:
        try:
            return hullguard.scan_image(path).diagnostics
        except hullguard.ImageError as e:
            return e.code

    expected = [scan(p) for p in paths]
    assert expected[2] == "IMAGE_IO" and expected[0] != expected[1]
    with ThreadPoolExecutor(max_workers=6) as pool:
        got = list(pool.map(scan, paths * 8))
    assert got == expected * 8


def test_the_gil_is_released_while_scanning(tmp_path: Path, no_config: Path) -> None:
    """While a thread scans, the main thread keeps running Python code (see
    test_the_gil_is_released_while_linting: no absolute timing)."""
    # 128 MiB in one uncompressed layer: hashing and walking it takes a while.
    layout = Layout(tmp_path / "image")
    layer = layout.big_layer(128 << 20)
    image = layout.index(layout.image([layer], [layer["digest"]]))
    assert "HG200" not in codes(hullguard.scan_image(image))
    window: dict[str, float] = {}

    def work() -> None:
        window["start"] = time.perf_counter()
        hullguard.scan_image(image)
        window["end"] = time.perf_counter()

    ticks: list[float] = []
    worker = threading.Thread(target=work)
    worker.start()
    last = 0.0
    while worker.is_alive():
        now = time.perf_counter()
        if now - last > 0.001:
            ticks.append(now)
            last = now
    worker.join()
    start, end = window["start"], window["end"]
    points = [start, *(t for t in ticks if start < t < end), end]
    largest_gap = max(b - a for a, b in zip(points, points[1:]))
    assert largest_gap < (end - start) / 2, (largest_gap, end - start, len(points))
