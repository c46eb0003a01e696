"""Messages on stderr, never mixed with the data on stdout.

When stderr is a file (a cron job's ``2>>/var/log/kern.log``), once a command knows its
database every line kern writes there (notes, warnings, errors) starts with the time and that
database: ``2026-05-01T03:00:02Z prod: deleted 1,200 sessions and 5,310 runs`` (a named target
by its name, else its path or URL, password masked). On a terminal or a pipe lines are
written as they are.
"""

from __future__ import annotations

import os
import stat
import sys

from kern_cli.output.terminal import stderr_console
from kern_cli.safe_text import inert

_log_target: list[str] = []


def set_log_target(name: str | None) -> None:
    """The database the lines of this command are about (None: none yet)."""
    _log_target[:] = [] if name is None else [name]


def log_prefix() -> str:
    """``<UTC time> <target>: `` when stderr is a file and the target is known, else ``""``."""
    if not _log_target or not _stderr_is_a_file():
        return ""
    import time

    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    return f"{stamp} {_log_target[0]}: "


def _stderr_is_a_file() -> bool:
    try:
        return stat.S_ISREG(os.fstat(sys.stderr.fileno()).st_mode)
    except (AttributeError, ValueError, OSError):  # no descriptor (captured), or closed
        return False


def prefixed(text: str) -> str:
    """``text`` with :func:`log_prefix` at the start of each of its non-empty lines."""
    prefix = log_prefix()
    if not prefix:
        return text
    return "\n".join(prefix + line if line else line for line in text.split("\n"))


def _message(text: str, style: str | None) -> None:
    from rich.text import Text

    line = Text(prefixed(inert(text)), style=style or "")
    stderr_console().print(line, soft_wrap=True)


def info(text: str) -> None:
    """A progress or result note on stderr (never mixed with the data on stdout)."""
    _message(text, None)


def warn(text: str) -> None:
    """``kern: warning: ...`` on stderr."""
    _message(f"kern: warning: {text}", "yellow")


def success(text: str) -> None:
    """A confirmation on stderr, in green on a terminal."""
    _message(text, "green")
