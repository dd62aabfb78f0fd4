"""The exceptions hullguard raises.

Every error is a :class:`HullguardError` with a stable ``code``, so callers can
branch on ``e.code`` or catch a subclass. Wrong argument *types* raise the
built-in :class:`TypeError` instead.

====================  ====================================  ==============================
class                 ``code``                              raised when
====================  ====================================  ==============================
``ConfigError``       ``CONFIG_IO``, ``CONFIG_INVALID``     a configuration file cannot be
                                                            read, or is invalid
``OptionError``       ``INVALID_OPTION``                    a keyword option names no rule
                                                            or has a bad value (also a
                                                            ``ValueError``)
``InputError``        ``IO``                                the Dockerfile cannot be read
``ImageError``        ``IMAGE_IO``, ``IMAGE_FORMAT``, ...   ``scan_image`` cannot read the
                      (see :class:`ImageError`)             image, or it is broken or
                                                            hostile
``UnknownRuleError``  ``UNKNOWN_RULE``                      ``explain`` of an unknown code
                                                            (also a ``LookupError``)
``InternalError``     ``INTERNAL``                          a bug: hullguard panicked
====================  ====================================  ==============================
"""

from __future__ import annotations

from typing import Any, Optional


class HullguardError(Exception):
    """Base class of every hullguard error.

    ``code`` is stable and meant for programs; ``path`` is the file involved
    (the configuration file, the Dockerfile or the image), when there is one.
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
    """The Dockerfile cannot be read (``IO``): by ``lint_file``, or by
    ``scan_image`` with ``dockerfile=``. ``path`` is the Dockerfile."""


class UnknownRuleError(HullguardError, LookupError):
    """No rule has this code, name or peer id (``UNKNOWN_RULE``)."""


class ImageError(HullguardError):
    """``scan_image`` cannot evaluate the image; ``path`` is the image as given.

    ``code`` says why: ``IMAGE_IO`` (unreadable), ``IMAGE_FORMAT`` (none of
    the image forms), ``IMAGE_JSON`` (a malformed index, manifest or config),
    ``IMAGE_DIGEST`` (a malformed digest, such as one with ``../``),
    ``IMAGE_DIGEST_MISMATCH`` (a blob does not hash to its digest, or, with
    ``verify_diff_ids=True``, a layer's uncompressed content does not hash to
    the config's diff_id),
    ``IMAGE_MISSING_BLOB``, ``IMAGE_INDEX_CYCLE`` (indexes nest in a cycle or
    too deep), ``IMAGE_PLATFORM`` (no image for the requested platform),
    ``IMAGE_TAR`` (a corrupt or truncated tar), ``IMAGE_COMPRESSION`` (corrupt
    gzip or zstd data), ``IMAGE_UNSAFE_PATH`` (a tar entry escaping the root),
    ``IMAGE_LIMIT`` (a size or count limit, such as ``max_uncompressed_bytes``,
    was exceeded)."""


class InternalError(HullguardError):
    """A bug in hullguard (``INTERNAL``): the Rust code panicked. The panic was
    contained and the interpreter is still usable; please report it."""


# Shown as `hullguard.ConfigError` (where users import them from), not the
# private module that defines them.
for _cls in (
    HullguardError,
    ConfigError,
    OptionError,
    InputError,
    ImageError,
    UnknownRuleError,
    InternalError,
):
    _cls.__module__ = "hullguard"
del _cls

__all__ = [
    "ConfigError",
    "HullguardError",
    "ImageError",
    "InputError",
    "InternalError",
    "OptionError",
    "UnknownRuleError",
]
