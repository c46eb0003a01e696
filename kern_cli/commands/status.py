"""``kern db status``: what kern finds in the database, and advice."""

from __future__ import annotations

from typing import Annotated

from kern_cli import output
from kern_cli.commands.groups import db_app
from kern_cli.errors import handle_errors
from kern_cli.options import DbOpt, SchemaOpt, TableOpt, TargetOpt, format_option

HELP = """Show the backend, the session table and its layout, version stamps, sizes, row
counts and indexes, with hints (a missing index, a table that can be upgraded).

Layouts: column (runs in a JSON column, agno 2.x), table (a runs table, agno 3.x), both
(migrated by agno 3.x, legacy column kept). Only reads; counting runs in a JSON column
reads every row. On a terminal: tables. Piped (or --format json): one JSON object.
"""


@db_app.command("status", help=HELP)
@handle_errors
def status_command(
    fmt: Annotated[
        str | None,
        format_option("table", "json", help="table (default on a terminal) or json."),
    ] = None,
    db: DbOpt = None,
    target: TargetOpt = None,
    table: TableOpt = None,
    schema: SchemaOpt = None,
) -> None:
    from kern_cli.context import open_target

    with open_target(db, target, table, schema) as sessions:
        status = sessions.status()
    if (fmt or ("table" if output.is_stdout_tty() else "json")) == "json":
        print(output.json_dumps(status.to_dict(), indent=2))
        return
    from rich.console import Group

    from kern_cli.render.summary import status_renderables

    output.stdout_console().print(Group(*status_renderables(status)))
