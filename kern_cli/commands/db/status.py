"""``kern db status``: what kern finds in the database, and advice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from kern_cli import output
from kern_cli.errors import handle_errors
from kern_cli.options import (
    ANY_TARGET,
    TargetOptions,
    format_option,
    with_target,
)
from kern_core.vocab import SUMMARY_FORMATS, SummaryFormat

if TYPE_CHECKING:
    from rich.console import RenderableType

HELP = """Show the backend, the session table and its layout, version stamps, sizes, row
counts and indexes, with hints (a missing index, a table that can be upgraded).

Layouts: column (runs in a JSON column, agno 2.x), table (a runs table, agno 3.x), both
(a runs table next to the legacy column: migrated by agno 3.x, or written to by agno 3.x
without a migration, which a hint then says). Lists agno 3.1's session-linked tables
(compactions, offloaded tool results and their agno_fs payloads, transcripts) with their
row counts. Only reads; counting runs in a JSON column reads every row. On a terminal:
tables. Piped (or --format json): one JSON object.
"""


@handle_errors
@with_target
def status_command(
    fmt: Annotated[
        SummaryFormat | None,
        format_option(SUMMARY_FORMATS, help="table (default on a terminal) or json."),
    ] = None,
    database: TargetOptions = ANY_TARGET,
) -> None:

    with database.open() as sessions:
        status = sessions.status()
    if (fmt or ("table" if output.is_stdout_tty() else "json")) == "json":
        print(output.json_dumps(status.to_dict(), indent=2))
        return
    from rich.console import Group

    from kern_cli.render.summary import status_renderables

    parts = status_renderables(status)
    if status.linked_tables:
        parts.insert(1, _linked_renderable(status.linked_tables))
    output.stdout_console().print(Group(*parts))


def _linked_renderable(tables: list[dict[str, Any]]) -> RenderableType:
    """The session-linked tables: name, what they hold, rows and (PostgreSQL) size."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from kern_cli.render.summary import human_bytes

    grid = Table(box=None, pad_edge=False, header_style="bold")
    grid.add_column("TABLE")
    grid.add_column("HOLDS")
    grid.add_column("ROWS", justify="right")
    sized = any(t["bytes"] is not None for t in tables)
    if sized:
        grid.add_column("SIZE", justify="right")
    for t in tables:
        holds = HOLDS.get(t["role"], t["role"])
        row = [output.inert(t["table"]), holds, f"{t['rows']:,}"]
        grid.add_row(*row, *([human_bytes(t["bytes"]) or ""] if sized else []))
    return Group(Text(""), Text("Session-linked tables", style="bold underline"), grid)


HOLDS = {
    "compactions": "compacted history (the folded messages)",
    "tool_results": "offloaded tool results (index)",
    "payloads": "tool-result payloads (all sessions of the database)",
    "transcripts": "external-agent transcripts",
    "sandbox_bindings": "sandbox bindings",
}
