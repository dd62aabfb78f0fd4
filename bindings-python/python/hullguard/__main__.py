"""``python -m hullguard ...`` (and the ``hullguard`` script): the command line.

It runs the very same command line as the Rust ``hullguard`` binary, in this
process, and exits with its status: 0 clean, 1 findings at or above the
failure threshold, 2 usage, I/O or configuration errors.
"""

from __future__ import annotations

import sys
from typing import Optional, Sequence

from ._errors import HullguardError
from ._hullguard import _run_cli


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run ``hullguard`` with ``argv`` (default: ``sys.argv[1:]``) and return
    its exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    # The command line writes to the process's file descriptors directly:
    # whatever Python has buffered must come out first.
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        return _run_cli(["hullguard", *args])
    except HullguardError as e:
        print(f"hullguard: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
