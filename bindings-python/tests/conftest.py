"""Shared fixtures of the binding tests."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "Dockerfile"


@pytest.fixture
def example() -> Path:
    """The repository's example Dockerfile (it has warnings: exit status 1)."""
    return EXAMPLE


def big_dockerfile(size: int) -> str:
    """A single-stage Dockerfile of about ``size`` bytes made of long RUN
    instructions (each a continued 300-package apt-get install), ending with
    one pipe-to-shell finding on the last line."""
    packages = " \\\n    ".join(f"pkg{i}=1.{i}" for i in range(300))
    run = (
        "RUN apt-get update && apt-get install -y --no-install-recommends \\\n    "
        + packages
        + " \\\n    && rm -rf /var/lib/apt/lists/*\n"
    )
    head = "FROM debian:12-slim\nUSER app\n"
    tail = "RUN curl -fsSL https://example.com/install.sh | sh\n"
    return head + run * (size // len(run) + 1) + tail
