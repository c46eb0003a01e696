"""Back up a session database: a consistent online copy of a SQLite file; for PostgreSQL, the
pg_dump command to run (kern does not shell out to it)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kern_core import tempfiles
from kern_core.db import SessionDb
from kern_core.errors import BadInputError, KernError
from kern_core.layout import VERSIONS_TABLE, default_runs_table


@dataclass(frozen=True)
class BackupReport:
    """Where the copy went and how big it is."""

    path: str
    bytes: int


ProgressHook = Callable[[], None]


def backup_db(
    db: SessionDb,
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    on_progress: ProgressHook | None = None,
) -> BackupReport:
    """Back up ``db`` to ``path``: SQLite only; a server raises with its dump command
    (pg_dump, mysqldump)."""
    if db.dialect.file is None:
        command = pg_dump_command(db, path)
        tool = command.split(" ", 1)[0]
        raise BadInputError(
            f"kern backs up SQLite files only; back up {_SERVERS.get(tool, 'the server')} "
            f"with {tool}",
            hint=command,
        )
    return backup_sqlite(db, path, overwrite=overwrite, on_progress=on_progress)


def backup_sqlite(
    db: SessionDb,
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    on_progress: ProgressHook | None = None,
) -> BackupReport:
    """Copy the whole SQLite file with ``VACUUM INTO``: one read transaction, so the copy is a
    consistent snapshot taken when it starts, and it ends in bounded time however often agents
    commit meanwhile (in WAL mode they are not blocked; the online-backup API in small steps
    restarts on every commit and may never finish).

    Refuses an existing ``path`` unless ``overwrite``. The copy goes to a temporary file
    created exclusively next to ``path`` (never through a planted symlink) and is moved into
    place at the end, so ``path`` never holds a partial copy; an error or Ctrl-C removes it.
    ``on_progress`` is called now and then during the copy (from the copying thread).
    """
    if db.dialect.file is None:
        raise BadInputError("backup_sqlite needs a SQLite database")
    dest = Path(path)
    source = Path(db.dialect.file)
    if os.path.lexists(dest) and not overwrite:
        raise BadInputError(f"{dest} already exists", hint="pass {option:force} to replace it")
    if dest.is_dir():
        raise BadInputError(f"{dest} is a directory")
    if not dest.absolute().parent.is_dir():
        raise BadInputError(f"directory does not exist: {dest.absolute().parent}")
    if _same_file(dest, source):
        raise BadInputError("the backup path is the database itself")
    try:
        with (
            db.connection(own=True) as src,
            tempfiles.temp_for(dest, overwrite=overwrite, mode=_mode_for(source)) as (fd, tmp),
        ):
            os.close(fd)
            _copy_into(db, src, tmp, dest, on_progress)
            _fsync(tmp, dest)
    except OSError as exc:
        raise _write_error(exc, dest) from None
    return BackupReport(path=str(dest), bytes=dest.stat().st_size)


def _same_file(dest: Path, source: Path) -> bool:
    try:
        return dest.exists() and os.path.samefile(dest, source)
    except OSError:
        return dest.absolute() == source.absolute()


def _mode_for(source: Path) -> int:
    """The copy's mode: the source's read/write bits, never more than the umask allows."""
    try:
        bits = source.stat().st_mode & 0o666
    except OSError:
        bits = 0o600
    return bits & ~tempfiles.umask()


def _copy_into(
    db: SessionDb, src: Any, tmp: Path, dest: Path, on_progress: ProgressHook | None
) -> None:
    try:
        db.dialect.copy_into(src, str(tmp), on_progress)
    except (sqlite3.Error, OSError) as exc:
        raise _write_error(exc, dest) from None


def _write_error(exc: BaseException, dest: Path) -> BaseException:
    """The copy's error as a KernError naming the backup file (disk full is exit 1, not a
    connection problem); errors about the source go to the usual translation."""
    if not isinstance(exc, (sqlite3.Error, OSError)):
        return exc
    if tempfiles.is_disk_full(exc):
        return KernError(f"disk full: cannot write the backup {dest}")
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return exc
    return KernError(f"cannot write the backup {dest}: {text}")


def _fsync(tmp: Path, dest: Path) -> None:
    try:
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise _write_error(exc, dest) from None


#: The server each dump tool backs up, for the message.
_SERVERS = {"pg_dump": "PostgreSQL", "mysqldump": "MySQL"}


def pg_dump_command(db: SessionDb, path: str | os.PathLike[str]) -> str:
    """The pg_dump (or mysqldump) command that backs up the session, runs and versions tables
    (password masked: pg_dump takes it from ~/.pgpass or PGPASSWORD, mysqldump asks for it or
    reads MYSQL_PWD)."""
    tables = [
        db.session_table,
        db.runs_table or default_runs_table(db.session_table),
        VERSIONS_TABLE,
    ]
    command = db.dialect.dump_command(tables, os.fspath(path))
    if command is None:
        raise BadInputError(f"{db.dialect.display} is a file: back it up with backup_sqlite")
    return command
