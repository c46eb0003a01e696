"""``kern sessions stats``: counts, token totals and the largest sessions for a filter."""

from __future__ import annotations

from typing import Annotated

from kern_cli import output
from kern_cli.commands.filters import DEFAULT_FILTERS, ByOpt, FilterOptions, with_filters
from kern_cli.errors import handle_errors
from kern_cli.options import (
    ANY_TARGET,
    TargetOptions,
    count_option,
    format_option,
    with_target,
)
from kern_core.vocab import SUMMARY_FORMATS, SummaryFormat

HELP = """Summarise the matching sessions.

Sessions and runs by type, runs by status, sessions and runs by user and by agent/team/
workflow (the --top largest groups), by day (UTC day of created_at), token totals from
session_data.session_metrics, and the --top largest sessions by stored bytes (row plus runs).

On a terminal: tables. Piped (or --format json): one JSON object.
"""


@handle_errors
@with_filters(*DEFAULT_FILTERS, "grep")
@with_target
def stats_command(
    filters: FilterOptions,
    by: ByOpt = "created_at",
    top: Annotated[int, count_option("--top", help="Rows in the top-N lists.")] = 10,
    days: Annotated[
        int,
        count_option("--days", minimum=0, help="Days in the by-day table (0: all)."),
    ] = 14,
    fmt: Annotated[
        SummaryFormat | None,
        format_option(SUMMARY_FORMATS, help="table (default on a terminal) or json."),
    ] = None,
    database: TargetOptions = ANY_TARGET,
) -> None:
    flt = filters.session_filter(time_field=by)

    with database.open() as sessions:
        stats = sessions.stats(flt, top=top)
    if (fmt or ("table" if output.is_stdout_tty() else "json")) == "json":
        print(output.json_dumps(stats.to_dict(), indent=2))
        return
    from rich.console import Group

    from kern_cli.render.summary import stats_renderables

    output.stdout_console().print(Group(*stats_renderables(stats, days)))
