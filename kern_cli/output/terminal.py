"""Where output goes: terminal detection, the rich consoles and the pager.

Colour and the pager appear only on a terminal. ``NO_COLOR`` (any non-empty value) removes every
colour, and wins over everything; ``FORCE_COLOR`` (any non-empty value) adds colour where there
would be none (a pipe, a file, ``TERM=dumb``), as force-color.org asks; ``TERM=dumb`` alone means
no colour and no cursor control, never a narrower width: the terminal's size (or ``COLUMNS``)
still counts. Off a terminal rich's padding is stripped from the end of each line. rich is
imported only when a console is first needed, so ``kern`` starts fast.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any, Literal, TextIO, cast

if TYPE_CHECKING:
    from rich.console import Console

DEFAULT_PAGER = "less -FRX"

_consoles: dict[str, Console] = {}


def _env_flag(name: str) -> bool:
    return bool(os.environ.get(name))


def _dumb_terminal() -> bool:
    return os.environ.get("TERM", "").lower() in ("dumb", "unknown")


def colour_disabled() -> bool:
    """True when ``NO_COLOR`` is set (any non-empty value), or ``TERM=dumb`` without
    ``FORCE_COLOR``."""
    if _env_flag("NO_COLOR"):
        return True
    return _dumb_terminal() and not _env_flag("FORCE_COLOR")


def colour_wanted(stream: TextIO | None) -> bool:
    """Colour on ``stream``: on a terminal unless disabled, anywhere with ``FORCE_COLOR``, and
    never with ``NO_COLOR``."""
    if colour_disabled():
        return False
    return _env_flag("FORCE_COLOR") or is_tty(stream)


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

    stream = sys.stderr if stderr else sys.stdout
    tty = is_tty(stream)
    colour = colour_wanted(stream)
    stripped = None if stderr or tty else _StripLineEnds(lambda: sys.stdout)
    dumb: tuple[int | None, int | None] = _dumb_size(stream) if _dumb_terminal() else (None, None)
    return Console(
        file=cast("TextIO | None", stripped),
        stderr=stderr,
        force_terminal=tty,
        highlight=False,
        emoji=False,
        markup=False,
        no_color=not colour,
        color_system=_colour_system(tty) if colour else None,
        width=width if width is not None else dumb[0],
        height=dumb[1],
    )


ColourSystem = Literal["auto", "standard", "256", "truecolor"]
#: ``FORCE_COLOR`` levels, as chalk and Node.js read them (any other value: 16 colours).
_FORCED_LEVELS: dict[str, ColourSystem] = {"2": "256", "3": "truecolor"}


def _colour_system(tty: bool) -> ColourSystem:
    """The level ``FORCE_COLOR`` names, else rich's detection on a terminal (not a dumb one,
    where rich finds none), else 16 colours."""
    forced = _FORCED_LEVELS.get(os.environ.get("FORCE_COLOR", ""))
    return forced or ("auto" if tty and not _dumb_terminal() else "standard")


def _dumb_size(stream: TextIO) -> tuple[int, int]:
    """The size rich would use but for ``TERM=dumb`` (for which it says 80 by 25): ``COLUMNS``
    and ``LINES``, else the terminal's own, else rich's default."""
    try:
        columns, lines = os.get_terminal_size(stream.fileno())
    except (AttributeError, ValueError, OSError):
        columns, lines = 80, 25
    return _env_count("COLUMNS") or columns or 80, _env_count("LINES") or lines or 25


def keep_the_width_on_a_dumb_terminal() -> None:
    """Under ``TERM=dumb`` rich sizes every console 80 by 25 unless ``COLUMNS`` and ``LINES``
    both say otherwise: set the missing one(s) from the terminal, so that consoles kern does
    not make (Typer's help) keep the real width too."""
    if _dumb_terminal() and sys.stdout.isatty():
        columns, lines = _dumb_size(sys.stdout)
        os.environ.setdefault("COLUMNS", str(columns))
        os.environ.setdefault("LINES", str(lines))


def _env_count(name: str) -> int | None:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() and int(value) > 0 else None


_SGR = re.compile(r"\x1b\[[0-9;]*m")
_SGR_AT_END = re.compile(r"\x1b\[[0-9;]*m\Z")


class _StripLineEnds:
    """A text stream that writes to ``target()`` without the spaces rich pads lines with
    (kept back until the next character shows whether the line ends there)."""

    def __init__(self, target: Callable[[], TextIO]) -> None:
        self._target = target
        self._held = ""

    def write(self, text: str) -> int:
        lines = (self._held + text).split("\n")
        last = lines.pop()
        cut = _tail_start(last)
        self._held = last[cut:]
        done = "".join(_strip_end(line) + "\n" for line in lines)
        self._target().write(done + last[:cut])
        return len(text)

    def flush(self) -> None:
        self._target().flush()

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._target().fileno()

    @property
    def encoding(self) -> str:
        return getattr(self._target(), "encoding", None) or "utf-8"


def _tail_start(text: str) -> int:
    """Where the run of spaces and colour codes that ends ``text`` starts (scanned backwards,
    so a long line costs no more than its tail)."""
    end = len(text)
    while True:
        while end and text[end - 1] == " ":
            end -= 1
        code = _SGR_AT_END.search(text, max(0, end - 32), end)
        if code is None:
            return end
        end = code.start()


def _strip_end(line: str) -> str:
    """``line`` without trailing spaces, the colour codes among them kept."""
    cut = _tail_start(line)
    return line[:cut] + "".join(_SGR.findall(line, cut))


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
        file=cast(TextIO, _StripLineEnds(lambda: out)),
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
        color_system=None,
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
