"""Back up a session database: a consistent online copy of a SQLite file; for PostgreSQL, the
pg_dump command to run (kern does not shell out to it)."""

from __future__ import annotations

import os
import shlex
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kern_core.backend import SqliteBackend
from kern_core.db import SessionDb
from kern_core.errors import BadInputError, ConnectError
from kern_core.layout import VERSIONS_TABLE, default_runs_table
from kern_core.url import mask_url

_PAGES_PER_STEP = 4096


@dataclass(frozen=True)
class BackupReport:
    """Where the copy went and how big it is."""

    path: str
    bytes: int


def backup_db(db: SessionDb, path: str | os.PathLike[str]) -> BackupReport:
    """Back up ``db`` to ``path``: SQLite only; PostgreSQL raises with the pg_dump command."""
    if not isinstance(db.backend, SqliteBackend):
        raise BadInputError(
            "kern backs up SQLite files only; back up PostgreSQL with pg_dump",
            hint=pg_dump_command(db, path),
        )
    return backup_sqlite(db, path)


def backup_sqlite(db: SessionDb, path: str | os.PathLike[str]) -> BackupReport:
    """Copy the whole SQLite file with SQLite's online backup API, which yields a consistent
    snapshot even while agents write (in WAL mode they are not blocked).

    Refuses an existing ``path``. The copy goes to a temporary name in the same directory and
    is linked into place at the end, so ``path`` never holds a partial copy.
    """
    if not isinstance(db.backend, SqliteBackend):
        raise BadInputError("backup_sqlite needs a SQLite database")
    dest = Path(path)
    if dest.exists():
        raise BadInputError(f"{dest} already exists; kern never overwrites a backup")
    if not dest.parent.is_dir():
        raise BadInputError(f"directory does not exist: {dest.parent}")
    if dest.absolute() == Path(db.backend.path).absolute():
        raise BadInputError("the backup path is the database itself")
    partial = dest.with_name(f".{dest.name}.partial-{os.getpid()}")
    with db.backend.open_conn(read_only=True) as src:
        try:
            _copy(src, partial)
            os.link(partial, dest)
        except FileExistsError:
            raise BadInputError(f"{dest} already exists; kern never overwrites a backup") from None
        except sqlite3.Error as exc:
            raise ConnectError(f"cannot write the backup {dest}: {exc}") from None
        finally:
            partial.unlink(missing_ok=True)
    return BackupReport(path=str(dest), bytes=dest.stat().st_size)


def _copy(src: sqlite3.Connection, partial: Path) -> None:
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst, pages=_PAGES_PER_STEP)
    finally:
        dst.close()


def pg_dump_command(db: SessionDb, path: str | os.PathLike[str]) -> str:
    """The pg_dump command that backs up the session, runs and versions tables (password
    masked: pg_dump takes it from ~/.pgpass or PGPASSWORD)."""
    schema = str(db.backend.schema)
    tables = [
        db.session_table,
        db.runs_table or default_runs_table(db.session_table),
        VERSIONS_TABLE,
    ]
    args = ["pg_dump", "--format=custom", f"--file={os.fspath(path)}"]
    args += [f'--table="{schema}"."{t}"' for t in tables]
    args.append(mask_url(str(db.backend.location.conninfo)))
    return " ".join(shlex.quote(a) for a in args)
