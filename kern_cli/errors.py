"""The one place where errors become a stderr line and an exit code.

Commands wrap their body with :func:`handle_errors` (or ``with error_boundary():``).
A failure prints one line, ``kern: error: <message>``, plus ``hint: <hint>`` when
there is one, and exits with the code from :data:`EXIT_CODES_HELP`. Tracebacks are
shown only with ``kern --debug`` or ``KERN_DEBUG=1``.

A closed stdout pipe (``kern ... | head``) ends the process quietly with 141, the
status a shell reports for a program killed by SIGPIPE, as ``cat`` or ``git log``
would give in the same pipeline.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn, ParamSpec, TypeVar

import typer

if TYPE_CHECKING:
    from kern_core import KernError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_CONNECT = 4
EXIT_TABLE = 5
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141

EXIT_CODES = (
    (EXIT_OK, "success, an empty result included"),
    (EXIT_ERROR, "error"),
    (EXIT_USAGE, "usage error (bad option, missing --yes when not on a terminal)"),
    (EXIT_NOT_FOUND, "not found"),
    (EXIT_CONNECT, "cannot connect to or authenticate with the database"),
    (EXIT_TABLE, "session table missing or not recognised"),
    (EXIT_INTERRUPTED, "interrupted (Ctrl-C)"),
    (EXIT_BROKEN_PIPE, "output pipe closed early, as in kern ... | head"),
)
EXIT_CODES_HELP = "\n".join(
    ["Exit codes:"]
    + [f"  {code:>3}  {meaning}" for code, meaning in EXIT_CODES]
    + ["Pass --debug or set KERN_DEBUG=1 to see tracebacks."]
)

_P = ParamSpec("_P")
_R = TypeVar("_R")

_debug = False


class UsageError(typer.BadParameter):
    """A usage mistake the parser cannot detect (exit 2), e.g. a missing ``--yes``.

    Subclasses Typer's ``BadParameter`` so it still exits 2 if raised outside
    :func:`handle_errors` (for example in an option callback).
    """

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint

    def format_message(self) -> str:
        return self.message


def set_debug(enabled: bool) -> None:
    """Turn tracebacks on or off; the root callback calls this on every invocation."""
    global _debug
    _debug = enabled


def debug_enabled() -> bool:
    """True when ``--debug`` was given or ``KERN_DEBUG`` is set to a true value."""
    env = os.environ.get("KERN_DEBUG", "").strip().lower()
    return _debug or env not in ("", "0", "false", "no", "off")


#: How the command line says what a core hint names as ``{option:NAME}``
#: (see :data:`kern_core.errors.LIBRARY_TERMS`): the flags to pass.
FLAG_TERMS = {
    "database": "--db URL|PATH or --target NAME",
    "table": "--table",
    "schema": "--schema",
    "runs-table": "--runs-table",
    "runs-table-name": "--runs-table NAME (or set KERN_RUNS_TABLE)",
    "force": "--force",
    "skip-invalid": "--skip-invalid",
    "delete-source": "--delete-source",
    "targets": "another --to, --to-table or --to-schema",
    "target-table": "a --to-table",
    "location": "--db / --target",
    "creating": "import, migrate --to and demo",
    "prune-filters": "--older-than, --before, --user, --no-user, --agent, --team, --workflow, "
    "--type or a run filter (--status, --tool, --tool-error, --model, --min-tokens)",
}


def flag_hint(exc: KernError) -> str | None:
    """The core error's hint, naming the flags to pass."""
    return exc.hint_as(FLAG_TERMS)


def exit_code_for(exc: BaseException) -> int:
    """The exit code documented for an exception."""
    from kern_core import (
        ConnectError,
        EmptyFilterError,
        NotFoundError,
        SameTableError,
        TableMissingError,
    )

    if isinstance(exc, (UsageError, EmptyFilterError, SameTableError)):
        return EXIT_USAGE
    if isinstance(exc, NotFoundError):
        return EXIT_NOT_FOUND
    if isinstance(exc, ConnectError):
        return EXIT_CONNECT
    if isinstance(exc, TableMissingError):
        return EXIT_TABLE
    return EXIT_ERROR


def clean_message(text: str) -> str:
    """Mask passwords, drop control characters and fold the text onto one line."""
    from kern_cli.safe_text import inert
    from kern_core import mask_url

    return " ".join(inert(mask_url(str(text))).split())


def print_error(message: str, hint: str | None = None) -> None:
    """Write ``kern: error: ...`` (and ``hint: ...``) to stderr, cleaned."""
    from kern_cli.output.messages import prefixed

    lines = [f"kern: error: {clean_message(message)}"]
    if hint:
        lines.append(f"hint: {clean_message(hint)}")
    _write_stderr(prefixed("\n".join(lines)) + "\n")


def fail(message: str, hint: str | None = None, code: int = EXIT_ERROR) -> NoReturn:
    """Print an error line and exit with ``code``; for checks made in command bodies."""
    print_error(message, hint)
    raise typer.Exit(code)


@contextmanager
def error_boundary() -> Iterator[None]:
    """Turn any exception raised inside the block into a stderr line plus ``typer.Exit``."""
    try:
        yield
    except typer.Exit:
        raise
    except typer.Abort as exc:
        _abort(exc)
    except UsageError as exc:
        _show_traceback()
        fail(exc.message, exc.hint, EXIT_USAGE)
    except typer.TyperException:  # Typer's own usage errors: it prints them (exit 2)
        raise
    except BrokenPipeError:
        silence_stdout()
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    except KeyboardInterrupt:
        interrupted()
    except Exception as exc:
        _show_traceback()
        _fail_for(exc)


def _undecodable_argument() -> str | None:
    """The first command-line argument that is not valid UTF-8, as its bytes (``ab\\xff``):
    Python holds such bytes as lone surrogates, which no database text can hold."""
    for arg in sys.argv[1:]:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return os.fsencode(arg).decode("utf-8", "backslashreplace")
    return None


def interrupted(detail: str | None = None) -> NoReturn:
    """``kern: interrupted`` (``; detail``) on a line of its own, and exit 130."""
    from kern_cli.output.messages import prefixed

    line = "kern: interrupted" + (f"; {detail}" if detail else "")
    _write_stderr("\n" + prefixed(line) + "\n")
    raise typer.Exit(EXIT_INTERRUPTED) from None


@contextmanager
def interrupt_says(progress: Callable[[], str | None]) -> Iterator[None]:
    """Ctrl-C inside the block ends with ``kern: interrupted; <progress()>`` and exit 130: how
    far a batched command got, e.g. how many sessions its committed batches hold."""
    try:
        yield
    except KeyboardInterrupt:
        interrupted(progress())


def _abort(exc: BaseException) -> NoReturn:
    """A prompt ended without an answer: Ctrl-C is an interrupt (130) like anywhere else;
    end of input (Ctrl-D) is a no, so nothing was changed (1)."""
    if isinstance(exc.__context__, EOFError):
        _write_stderr("\n")
        fail("aborted; nothing was changed")
    interrupted("nothing was changed")


def _fail_for(exc: Exception) -> NoReturn:
    from kern_core import KernError

    full = disk_full_message(exc)
    if full is not None:
        fail(full)
    if isinstance(exc, KernError):
        fail(exc.message, flag_hint(exc), exit_code_for(exc))
    undecodable = _undecodable_argument() if isinstance(exc, UnicodeEncodeError) else None
    if undecodable is not None:
        fail(
            f"argument '{undecodable}' is not valid UTF-8 text",
            "session ids, names and search texts are stored as UTF-8; check the shell's locale",
            EXIT_USAGE,
        )
    fail(f"unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback)")


def disk_full_message(exc: BaseException) -> str | None:
    """The "disk full: ..." line naming what could not be written, for ENOSPC, SQLite's
    SQLITE_FULL and PostgreSQL's disk_full (53100), also as the cause of a KernError."""
    from kern_core import KernError, is_disk_full

    if isinstance(exc, KernError) and exc.message.startswith("disk full"):
        return None
    cause = exc.__cause__ if isinstance(exc, KernError) else exc
    if cause is None or not is_disk_full(cause):
        return None
    if isinstance(exc, KernError):
        return f"disk full: {exc.message}"
    where = getattr(cause, "filename", None)
    return f"disk full: cannot write {where}" if where else "disk full: cannot write the output"


def handle_errors(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Decorate a command so its errors go through :func:`error_boundary`.

    Apply it below ``@app.command()``; ``functools.wraps`` keeps the signature Typer reads.
    """

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with error_boundary():
            return func(*args, **kwargs)
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper


def run(app: typer.Typer, prog_name: str = "kern") -> NoReturn:
    """Run the root app as a program: errors escaping the commands are mapped too."""
    code = EXIT_OK
    try:
        with error_boundary():
            app(prog_name=prog_name)
    except typer.Exit as exc:
        code = exc.exit_code
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else EXIT_ERROR
    sys.exit(_flush_stdout(code))


def silence_stdout() -> None:
    """Point stdout at the null device so the final flush cannot raise again.

    This is the recipe from Python's documentation on SIGPIPE.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _flush_stdout(code: int) -> int:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        print_error(disk_full_message(exc) or f"cannot write the output: {exc.strerror}")
        silence_stdout()
        return code or EXIT_ERROR
    except ValueError:
        pass
    return code


def _show_traceback() -> None:
    if debug_enabled():
        traceback.print_exc(file=sys.stderr)


def _write_stderr(text: str) -> None:
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
