"""``kern db backup``: a consistent copy of the whole SQLite database."""

from __future__ import annotations

from typing import Annotated

import typer

from kern_cli import output
from kern_cli.errors import handle_errors
from kern_cli.options import (
    ANY_TARGET,
    TargetOptions,
    with_target,
)

HELP = """Back up the session database to PATH.

SQLite: a consistent snapshot of the whole file (VACUUM INTO, one read transaction), safe
while agents write and finished in bounded time however often they commit. The copy is
written to a temporary file created next to PATH and moved into place, so PATH never holds
half a backup; Ctrl-C removes it (exit 130). An existing PATH is kept (exit 1) unless
--force is given.

PostgreSQL and MySQL: kern does not copy server databases; it exits 1 and prints the pg_dump
(mysqldump) command that backs up the session, runs and version tables (the password is not
shown: pg_dump reads it from ~/.pgpass or PGPASSWORD, mysqldump asks for it or reads an option
file or MYSQL_PWD).
"""


@handle_errors
@with_target
def backup_command(
    path: Annotated[str, typer.Argument(metavar="PATH", help="Where to write the copy.")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing PATH.")] = False,
    database: TargetOptions = ANY_TARGET,
) -> None:
    from kern_core import backup_db

    with database.open() as sessions:
        with output.spinner("backing up"):
            report = backup_db(sessions, path, overwrite=force)
        source = sessions.display
    output.info(f"backed up {source} to {report.path} ({report.bytes:,} bytes)")
