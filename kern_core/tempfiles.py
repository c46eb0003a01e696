"""Temporary files that become a destination file by one rename, and the clean-up of the ones a
killed kern left behind.

A temporary file is created next to its destination, exclusively (``O_CREAT | O_EXCL``, so a
file or symlink planted at its name is never followed or overwritten), under a name kern can
recognise as its own: ``.NAME.kern-PID-RANDOM.part``. A later run writing to the same NAME
removes those whose process is gone (SIGKILL gives a process no chance to clean up).
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kern_core.errors import BadInputError

_SUFFIX = ".part"
_MAX_STEM = 180
_OWN_RE = re.compile(r"\.kern-(\d+)-[A-Za-z0-9_]+" + re.escape(_SUFFIX) + r"\Z")


def is_disk_full(exc: BaseException) -> bool:
    """True for a full disk or quota: ENOSPC/EDQUOT, SQLite's SQLITE_FULL, PostgreSQL's
    disk_full (SQLSTATE 53100)."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(exc, sqlite3.Error):
        return getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL" or "disk is full" in str(exc)
    return getattr(exc, "sqlstate", None) == "53100"


def _stem(dest: Path) -> str:
    return "." + dest.name[:_MAX_STEM]


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def stale_temp_files(dest: Path) -> list[Path]:
    """kern's temporary files for ``dest`` whose process no longer runs (POSIX only)."""
    if os.name != "posix":
        return []
    stem = _stem(dest)
    found = []
    try:
        entries = list(os.scandir(dest.absolute().parent))
    except OSError:
        return []
    for entry in entries:
        if not entry.name.startswith(stem):
            continue
        match = _OWN_RE.fullmatch(entry.name[len(stem) :])
        if match and entry.is_file(follow_symlinks=False) and not _pid_alive(int(match[1])):
            found.append(Path(entry.path))
    return found


def clean_stale(dest: Path) -> list[Path]:
    """Remove the temporary files a killed kern left for ``dest``; returns what was removed."""
    removed = []
    for path in stale_temp_files(dest):
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def create_temp(dest: Path) -> tuple[int, Path]:
    """Create ``dest``'s temporary file exclusively (mode 0600); returns its fd and path."""
    directory = dest.absolute().parent
    if not directory.is_dir():
        raise BadInputError(f"directory does not exist: {directory}")
    clean_stale(dest)
    fd, name = tempfile.mkstemp(
        dir=directory, prefix=f"{_stem(dest)}.kern-{os.getpid()}-", suffix=_SUFFIX
    )
    return fd, Path(name)


def publish(tmp: Path, dest: Path, *, overwrite: bool) -> None:
    """Put ``tmp`` at ``dest`` in one step: ``rename`` when ``overwrite``, else a hard link that
    fails if anything (a symlink included) is at ``dest``, so nothing there is ever replaced."""
    if overwrite:
        os.replace(tmp, dest)
        return
    try:
        os.link(tmp, dest)
    except FileExistsError:
        raise BadInputError(
            f"{dest} already exists", hint="pass {option:force} to replace it"
        ) from None
    except OSError:
        if os.path.lexists(dest):
            raise BadInputError(
                f"{dest} already exists", hint="pass {option:force} to replace it"
            ) from None
        os.replace(tmp, dest)  # a file system without hard links
        return
    tmp.unlink()


@contextmanager
def temp_for(dest: Path, *, overwrite: bool, mode: int | None = None) -> Iterator[tuple[int, Path]]:
    """A temporary file for ``dest`` (fd, path), published onto ``dest`` when the block ends
    without an exception and removed otherwise (Ctrl-C included). The block owns the fd.

    ``mode`` (default: ``0o666`` less the umask) is set before anything is written.
    """
    fd, tmp = create_temp(dest)
    try:
        os.chmod(tmp, (0o666 & ~umask()) if mode is None else mode)
        yield fd, tmp
        publish(tmp, dest, overwrite=overwrite)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.filename is None:
            exc.filename = str(dest)  # name the file in the error (a write error has no name)
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def umask() -> int:
    """The process's umask (read without changing it for long)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
