"""The ``kern`` program's entry point: ``kern --version`` answers before anything loads.

The version is the package constant (kept equal to pyproject's by a test), so the answer
needs neither the commands nor the package metadata.
"""

from __future__ import annotations

import sys

VERSION_FLAGS = ("--version", "-V")


def version_line() -> str:
    """``kern X.Y.Z``, as ``kern --version`` prints it."""
    from kern_cli import __version__

    return f"kern {__version__}"


def main() -> None:
    """Run kern; ``--version`` or ``-V`` alone is answered without loading the commands."""
    if len(sys.argv) == 2 and sys.argv[1] in VERSION_FLAGS:
        sys.stdout.write(version_line() + "\n")
        return
    from kern_cli.app import main as run_app

    run_app()
