"""Progress bars and spinners on stderr, shown only when stderr is a terminal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kern_cli.output.terminal import is_stderr_tty, stderr_console
from kern_cli.safe_text import inert

if TYPE_CHECKING:
    from rich.progress import Progress


@dataclass
class ProgressTask:
    """A handle on one progress bar; a no-op when stderr is not a terminal."""

    progress: Progress | None
    task_id: Any = None

    def advance(self, amount: float = 1) -> None:
        if self.progress is not None:
            self.progress.advance(self.task_id, amount)

    def update(self, *, total: float | None = None, description: str | None = None) -> None:
        if self.progress is not None:
            self.progress.update(self.task_id, total=total, description=description)


@contextmanager
def progress(description: str, total: float | None = None) -> Iterator[ProgressTask]:
    """A transient progress bar on stderr, shown only when stderr is a terminal."""
    if not is_stderr_tty():
        yield ProgressTask(None)
        return
    from rich.progress import Progress

    with Progress(console=stderr_console(), transient=True) as bar:
        yield ProgressTask(bar, bar.add_task(inert(description), total=total))


@contextmanager
def spinner(message: str) -> Iterator[None]:
    """A spinner on stderr while a slow step runs, only when stderr is a terminal."""
    if not is_stderr_tty():
        yield
        return
    with stderr_console().status(inert(message)):
        yield
