"""Messages on stderr, never mixed with the data on stdout."""

from __future__ import annotations

from kern_cli.output.terminal import stderr_console
from kern_cli.safe_text import inert


def _message(text: str, style: str | None) -> None:
    from rich.text import Text

    stderr_console().print(Text(inert(text), style=style or ""), soft_wrap=True)


def info(text: str) -> None:
    """A progress or result note on stderr (never mixed with the data on stdout)."""
    _message(text, None)


def warn(text: str) -> None:
    """``kern: warning: ...`` on stderr."""
    _message(f"kern: warning: {text}", "yellow")


def success(text: str) -> None:
    """A confirmation on stderr, in green on a terminal."""
    _message(text, "green")
