"""Type stub of the extension module (hand-written; checked with
``python -m mypy.stubtest hullguard._hullguard``)."""

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import final

from hullguard._types import Category, Format, Severity

__all__ = [
    "__version__",
    "lint",
    "lint_file",
    "scan_image",
    "load_config",
    "rules",
    "explain",
    "_run_cli",
    "_panic_for_tests",
    "Report",
    "Diagnostic",
    "Fix",
    "Edit",
    "Rule",
    "Config",
]

__version__: str

_StrPath = str | os.PathLike[str]
_Selectors = str | Iterable[str]

@final
class Edit:
    """One text replacement of a fix; ``text[start:end]`` is replaced."""

    @property
    def start(self) -> int:
        """Character offset into the linted text where the replacement starts."""

    @property
    def end(self) -> int:
        """Character offset just past the replaced text."""

    @property
    def replacement(self) -> str: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Fix:
    """A suggested fix."""

    @property
    def title(self) -> str: ...
    @property
    def edits(self) -> list[Edit]:
        """Non-overlapping edits (a new list on each access)."""

    @property
    def safe(self) -> bool:
        """Whether applying it cannot change what the image does."""

    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Diagnostic:
    """One finding. Lines and columns are 1-based; columns count characters.
    An image finding has line and column 0 and says where it is in ``location``."""

    @property
    def code(self) -> str:
        """Stable rule code (``DL3008``, ``HG101``)."""

    @property
    def name(self) -> str:
        """Kebab-case rule name (``untagged-base-image``)."""

    @property
    def severity(self) -> Severity:
        """Severity after the configuration's overrides."""

    @property
    def category(self) -> Category: ...
    @property
    def message(self) -> str:
        """What is wrong, naming the offending value."""

    @property
    def help(self) -> str:
        """What to do about it."""

    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def end_line(self) -> int: ...
    @property
    def end_column(self) -> int:
        """Column just past the end of the finding."""

    @property
    def url(self) -> str:
        """The rule's documentation."""

    @property
    def fix(self) -> Fix | None: ...
    @property
    def location(self) -> str | None:
        """Where in an image the finding is (``config.User``,
        ``history[3]: RUN …``, ``layer 2: /etc/shadow``); ``None`` for a
        Dockerfile finding."""

    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Rule:
    """A rule's metadata."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def severity(self) -> Severity:
        """Default severity."""

    @property
    def category(self) -> Category: ...
    @property
    def default_enabled(self) -> bool:
        """Whether the rule runs without being selected."""

    @property
    def sources(self) -> list[str]:
        """Equivalent rules of other tools, as ``tool:id`` (``hadolint:DL3006``)."""

    @property
    def help(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def summary(self) -> str:
        """What the rule flags, in a sentence or two."""

    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Config:
    """A policy: a configuration file's settings (or the defaults) with any
    options applied. ``Config()`` is the built-in defaults."""

    def __new__(cls) -> Config: ...
    @property
    def path(self) -> str | None:
        """The file it was read from (``None``: the defaults)."""

    @property
    def select(self) -> list[str]: ...
    @property
    def ignore(self) -> list[str]: ...
    @property
    def severity(self) -> dict[str, str]:
        """Per-selector level: ``error``, ``warning``, ``info``, ``style`` or ``off``."""

    @property
    def failure_threshold(self) -> Severity | None:
        """Findings at or above this fail the run (``None``: nothing fails)."""

    @property
    def no_fail(self) -> bool: ...
    @property
    def trusted_registries(self) -> list[str]: ...
    def __eq__(self, value: object, /) -> bool: ...

@final
class Report:
    """The findings of one Dockerfile or image. Iterating yields its
    diagnostics; ``len()`` counts them (so an empty report is falsy).

    A :func:`scan_image` with ``dockerfile=`` holds two files, the Dockerfile
    then the image, as ``hullguard image --dockerfile`` reports them:
    ``path`` is the image's, ``source`` the Dockerfile's text, the
    diagnostics and notes are the Dockerfile's then the image's, and the
    renderings show both files."""

    @property
    def path(self) -> str:
        """The path given (``-`` for text linted without a path; the image's
        for :func:`scan_image`, also with ``dockerfile=``)."""

    @property
    def source(self) -> str:
        """The linted text (bytes decoded as UTF-8, invalid bytes as U+FFFD),
        which lines, columns and fix offsets refer to: the Dockerfile's for a
        scan with ``dockerfile=``; empty for an image alone."""

    @property
    def notes(self) -> list[str]:
        """Things worth knowing that are not findings (an image config that
        breaks the OCI spec, a layer missing its tar trailer)."""

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """A Dockerfile's sorted by position, then code; an image's by
        location. With ``dockerfile=``, the Dockerfile's (``location`` is
        ``None``) come before the image's. A new list on each access."""

    @property
    def config(self) -> Config:
        """The policy the file was linted under."""

    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Diagnostic]: ...
    def has_errors(self, threshold: str | None = None) -> bool:
        """Whether a finding is at or above ``threshold`` (``error``,
        ``warning``, ``info``, ``style``; ``none`` is never). With no threshold:
        whether the run fails under the configuration, as ``hullguard lint``
        would exit 1. Raises :class:`OptionError` for an unknown level."""

    def to_text(self, *, color: bool = False) -> str:
        """Code frames for people (ANSI colours with ``color=True``)."""

    def to_json(self) -> str:
        """``{"version": 1, "files": [...]}``, as ``hullguard lint --format json``
        (two files for a scan with ``dockerfile=``, as ``hullguard image``)."""

    def to_sarif(self) -> str:
        """A SARIF 2.1.0 log, for code-scanning dashboards (a Dockerfile's
        results carry a region, an image's a logical location)."""

    def render(self, format: Format, *, color: bool = False) -> str:
        """The report in ``format``; :class:`OptionError` for an unknown one."""

def lint(
    text: str | bytes,
    *,
    path: _StrPath | None = None,
    config: Config | _StrPath | None = None,
    select: _Selectors | None = None,
    ignore: _Selectors | None = None,
    severity: Mapping[str, str] | None = None,
    trusted_registries: _Selectors | None = None,
    failure_threshold: str | None = None,
    no_fail: bool = False,
) -> Report:
    """Lint Dockerfile text.

    ``path`` names the text in the report and, when ``config`` is ``None``,
    is where the configuration file is looked for (upward from its folder),
    as ``hullguard lint`` does; without a path, the defaults apply.
    ``config`` is a :class:`Config` or the path of a configuration file.
    The other options act as the command-line flags of the same names.
    """

def lint_file(
    path: _StrPath,
    *,
    config: Config | _StrPath | None = None,
    select: _Selectors | None = None,
    ignore: _Selectors | None = None,
    severity: Mapping[str, str] | None = None,
    trusted_registries: _Selectors | None = None,
    failure_threshold: str | None = None,
    no_fail: bool = False,
) -> Report:
    """Read and lint a Dockerfile (:class:`InputError` if it cannot be read)."""

def scan_image(
    path: _StrPath,
    *,
    platform: str | None = None,
    dockerfile: _StrPath | None = None,
    config: Config | _StrPath | None = None,
    max_uncompressed_bytes: int | None = None,
    verify_diff_ids: bool = False,
    select: _Selectors | None = None,
    ignore: _Selectors | None = None,
    severity: Mapping[str, str] | None = None,
    trusted_registries: _Selectors | None = None,
    failure_threshold: str | None = None,
    no_fail: bool = False,
) -> Report:
    """Read a built image and evaluate its config, history and files.

    ``path`` is an OCI layout directory, an OCI or ``docker save`` archive
    (optionally gzipped), a skopeo ``dir:``, an image config or ``docker
    inspect`` JSON; the form is detected. ``platform`` (``os/arch[/variant]``,
    default ``linux/amd64``) picks the image of a multi-platform index.
    ``max_uncompressed_bytes`` caps the total of uncompressed layer bytes
    (default 64 GiB), the decompression-bomb guard. Every blob is checked
    against its digest; ``verify_diff_ids=True`` also hashes each layer's
    uncompressed stream and checks it against the config's
    ``rootfs.diff_ids`` (``IMAGE_DIGEST_MISMATCH`` when one differs).

    ``dockerfile`` also lints that Dockerfile into the same report, as
    ``hullguard image --dockerfile``: its findings (no ``location``) come
    before the image's, and the report renders both files (see
    :class:`Report`). When ``config`` is ``None`` the configuration file is
    looked for upward from the Dockerfile's folder, or from the current
    directory without one, as ``hullguard image`` does; one policy applies
    to both. The other options act as with :func:`lint`.

    Raises :class:`ImageError` (``code`` ``IMAGE_…``) when the image cannot
    be read or is broken or hostile, :class:`InputError` (``IO``) when the
    Dockerfile cannot be read (checked before the image is opened),
    :class:`OptionError` for a malformed ``platform``.
    """

def load_config(path: _StrPath) -> Config:
    """Read ``.hullguard.toml``, ``pyproject.toml`` (``[tool.hullguard]``) or
    ``.hadolint.yaml`` (:class:`ConfigError` if it cannot be read or is invalid)."""

def rules() -> list[Rule]:
    """Every rule."""

def explain(code: str) -> str:
    """The documentation of a rule, by code, name or peer id
    (:class:`UnknownRuleError` if none matches)."""

def _run_cli(argv: list[str]) -> int:
    """Run the command line (``argv[0]`` is the program name); returns the exit status."""

def _panic_for_tests() -> None:
    """Panic inside the guard: raises :class:`InternalError`."""
