"""hullguard: lint Dockerfiles against container security best practices.

A thin, typed layer over the Rust library: every rule, policy and output
format lives in Rust, and the GIL is released while linting.

>>> import hullguard
>>> report = hullguard.lint("FROM ubuntu\\n")
>>> [d.code for d in report]
['DL3006', 'HG150']
"""

from __future__ import annotations

from ._errors import (
    ConfigError,
    HullguardError,
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
]
