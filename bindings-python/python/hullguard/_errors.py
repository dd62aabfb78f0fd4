"""The exceptions hullguard raises.

Every error is a :class:`HullguardError` with a stable ``code``, so callers can
branch on ``e.code`` or catch a subclass. Wrong argument *types* raise the
built-in :class:`TypeError` instead.

=====================  ==============================  ===========================
class                  ``code``                        raised when
=====================  ==============================  ===========================
``ConfigError``        ``CONFIG_IO``, ``CONFIG_INVALID``  a configuration file cannot
                                                       be read, or is invalid
``OptionError``        ``INVALID_OPTION``              a keyword option names no
                                                       rule or has a bad value
                                                       (also a ``ValueError``)
``InputError``         ``IO``                          the Dockerfile cannot be read
``UnknownRuleError``   ``UNKNOWN_RULE``                ``explain`` of an unknown
                                                       code (also a ``LookupError``)
``InternalError``      ``INTERNAL``                    a bug: hullguard panicked
=====================  ==============================  ===========================
"""

from __future__ import annotations

from typing import Any, Optional


class HullguardError(Exception):
    """Base class of every hullguard error.

    ``code`` is stable and meant for programs; ``path`` is the file involved
    (the configuration file or the Dockerfile), when there is one.
    """

    code: str
    path: Optional[str]

    def __init__(self, message: str, code: str, path: Optional[str] = None) -> None:
        super().__init__(message)
        self.code = code
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.code, self.path), self.__dict__)


class ConfigError(HullguardError):
    """A configuration file cannot be read (``CONFIG_IO``) or is invalid
    (``CONFIG_INVALID``: bad TOML/YAML, an unknown key, a bad value).
    ``path`` is the configuration file."""


class OptionError(HullguardError, ValueError):
    """A keyword option has a bad value (``INVALID_OPTION``): a selector
    that matches no rule, an unknown level or format. ``option`` is the
    keyword argument's name (``select``, ``severity``, ``failure_threshold``,
    ``threshold``, ``format``...)."""

    option: Optional[str] = None


class InputError(HullguardError):
    """The Dockerfile cannot be read (``IO``). ``path`` is the Dockerfile."""


class UnknownRuleError(HullguardError, LookupError):
    """No rule has this code, name or peer id (``UNKNOWN_RULE``)."""


class InternalError(HullguardError):
    """A bug in hullguard (``INTERNAL``): the Rust code panicked. The panic was
    contained and the interpreter is still usable; please report it."""


# Shown as `hullguard.ConfigError` (where users import them from), not the
# private module that defines them.
for _cls in (HullguardError, ConfigError, OptionError, InputError, UnknownRuleError, InternalError):
    _cls.__module__ = "hullguard"
del _cls

__all__ = [
    "ConfigError",
    "HullguardError",
    "InputError",
    "InternalError",
    "OptionError",
    "UnknownRuleError",
]
