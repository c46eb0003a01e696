"""Confirmation before a destructive step, and the ``--yes`` rule off a terminal."""

from __future__ import annotations

import sys

from kern_cli.errors import UsageError
from kern_cli.output.terminal import is_stderr_tty, is_tty
from kern_cli.safe_text import inert


def require_yes(*, yes: bool) -> None:
    """Off a terminal a destructive command needs --yes, even when this run has nothing to do:
    a cron line missing it fails on its first run, not on the first day with work."""
    if yes or (is_tty(sys.stdin) and is_stderr_tty()):
        return
    raise UsageError(
        "refusing to continue without --yes when not running interactively",
        hint="re-run with --yes (or -y) to confirm",
    )


def confirm(question: str, *, yes: bool) -> None:
    """Ask before a destructive step unless ``--yes`` was given.

    Without a terminal there is nobody to ask: that is a usage error (exit 2) telling
    the caller to pass ``--yes``. Answering no exits 1 with nothing changed.
    """
    if yes:
        return
    require_yes(yes=yes)
    import typer

    if not typer.confirm(inert(question), default=False, err=True):
        from kern_cli.errors import fail

        fail("aborted; nothing was changed")
