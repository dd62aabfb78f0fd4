"""hullguard: check Dockerfiles and built images against container security
best practices.

A thin, typed layer over the Rust library: every rule, policy and output
format lives in Rust, and the GIL is released while linting and scanning.

>>> import hullguard
>>> report = hullguard.lint("FROM ubuntu\\n")
>>> [d.code for d in report]
['DL3006', 'HG150']
"""

from __future__ import annotations

from ._errors import (
    ConfigError,
    HullguardError,
    ImageError,
    InputError,
    InternalError,
    OptionError,
    UnknownRuleError,
)
from ._hullguard import (
    Config,
    Diagnostic,
    Edit,
    Fix,
    Report,
    Rule,
    __version__,
    explain,
    lint,
    lint_file,
    load_config,
    rules,
    scan_image,
)
from ._types import Category, Format, Severity

__all__ = [
    "Category",
    "Config",
    "ConfigError",
    "Diagnostic",
    "Edit",
    "Fix",
    "Format",
    "HullguardError",
    "ImageError",
    "InputError",
    "InternalError",
    "OptionError",
    "Report",
    "Rule",
    "Severity",
    "UnknownRuleError",
    "__version__",
    "explain",
    "lint",
    "lint_file",
    "load_config",
    "rules",
    "scan_image",
]
