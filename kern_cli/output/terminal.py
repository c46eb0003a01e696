"""Where output goes: terminal detection, the rich consoles and the pager.

Colour and the pager appear only on a terminal; ``NO_COLOR`` or ``TERM=dumb`` removes every
escape sequence. rich is imported only when a console is first needed, so ``kern`` starts fast.
"""

from __future__ import annotations

import os
import sys
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console

DEFAULT_PAGER = "less -FRX"

_consoles: dict[str, Console] = {}


def _env_flag(name: str) -> bool:
    return bool(os.environ.get(name))


def colour_disabled() -> bool:
    """True when ``NO_COLOR`` is set (any non-empty value) or ``TERM=dumb``."""
    return _env_flag("NO_COLOR") or os.environ.get("TERM") == "dumb"


def is_tty(stream: TextIO | None) -> bool:
    """True when ``stream`` is a terminal (False for a closed or odd stream)."""
    try:
        return stream is not None and stream.isatty()
    except (ValueError, AttributeError):
        return False


def is_stdout_tty() -> bool:
    """True when stdout is a terminal (so tables, colour and the pager are wanted)."""
    return is_tty(sys.stdout)


def is_stderr_tty() -> bool:
    """True when stderr is a terminal (so spinners and progress bars are wanted)."""
    return is_tty(sys.stderr)


def _make_console(stderr: bool, width: int | None = None) -> Console:
    from rich.console import Console

    plain = colour_disabled() or not is_tty(sys.stderr if stderr else sys.stdout)
    return Console(
        stderr=stderr,
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
        no_color=plain,
        color_system=None if plain else "auto",
    )


def stdout_console(width: int | None = None) -> Console:
    """The rich Console for data (stdout), created on first use; with ``width``, a new one
    that renders that wide whatever the terminal's width."""
    if width is not None:
        return _make_console(stderr=False, width=width)
    if "out" not in _consoles:
        _consoles["out"] = _make_console(stderr=False)
    return _consoles["out"]


def stderr_console() -> Console:
    """The rich Console for messages and progress (stderr), created on first use."""
    if "err" not in _consoles:
        _consoles["err"] = _make_console(stderr=True)
    return _consoles["err"]


def reset_consoles() -> None:
    """Forget the cached consoles, e.g. after the environment or the streams changed."""
    _consoles.clear()


def file_console(out: TextIO, width: int | None = None) -> Console:
    """A plain Console writing to ``out`` (no colour, no markup)."""
    from rich.console import Console

    return Console(
        file=out, width=width, highlight=False, emoji=False, markup=False, color_system=None
    )


def pager_command() -> str | None:
    """The pager to use: ``KERN_PAGER``, then ``PAGER``, then ``less -FRX``.

    An empty value or ``cat`` turns paging off.
    """
    for name in ("KERN_PAGER", "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            value = value.strip()
            return None if value in ("", "cat") else value
    return DEFAULT_PAGER


def pager_context(enabled: bool = True) -> AbstractContextManager[Any]:
    """A context manager that pages what is printed on the stdout console inside it.

    Paging happens only when ``enabled`` and stdout is a terminal and a pager is set;
    otherwise output goes straight to stdout.
    """
    command = pager_command()
    if not enabled or command is None or not is_stdout_tty():
        return nullcontext()
    return stdout_console().pager(pager=_make_pager(command), styles=not colour_disabled())


def _make_pager(command: str) -> Any:
    from rich.pager import Pager

    class CommandPager(Pager):
        """Pipes the rendered text into the user's pager command."""

        def show(self, content: str) -> None:
            import shlex
            import subprocess

            env = dict(os.environ)
            env.setdefault("LESS", "FRX")
            try:
                subprocess.run(shlex.split(command), input=content, text=True, env=env, check=False)
            except OSError:
                sys.stdout.write(content)

    return CommandPager()
