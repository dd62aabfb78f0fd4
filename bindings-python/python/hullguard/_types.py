"""Type aliases for annotations in code that uses hullguard."""

from __future__ import annotations

from typing import Literal

Severity = Literal["error", "warning", "info", "style"]
"""A finding's severity, most serious first."""

Category = Literal[
    "base-image",
    "pinning",
    "multi-stage",
    "packages",
    "privileges",
    "secrets",
    "supply-chain",
    "vulnerabilities",
    "correctness",
    "style",
]
"""The best practice a rule serves."""

Format = Literal["text", "json", "sarif"]
"""An output format of :meth:`hullguard.Report.render`."""
