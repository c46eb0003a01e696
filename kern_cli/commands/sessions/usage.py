"""``kern sessions usage``: tokens and estimated cost of the matching sessions' runs."""

from __future__ import annotations

from typing import Annotated

import typer

from kern_cli import output
from kern_cli.commands.filters import FilterOptions, with_filters
from kern_cli.errors import UsageError, handle_errors
from kern_cli.options import ANY_TARGET, TargetOptions, format_option, with_target
from kern_core.vocab import USAGE_GROUPINGS as GROUPINGS
from kern_core.vocab import RecordFormat


def _complete_groupings(incomplete: str) -> list[str]:
    """The groupings, after the last comma of what is typed so far."""
    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    return [prefix + g for g in GROUPINGS if g.startswith(last)]


HELP = f"""Tokens and estimated cost of the matching sessions' runs, by group.

--by {"|".join(GROUPINGS)} groups the runs (repeat it or give a comma list:
--by user,model; the groups are the combinations). model is the model id and its
provider, from each run's per-model metrics (metrics.details), else the run's model; day
and month are the UTC date of the run's created_at. Without --by: one total.

Each stored run counts its own metrics (a team run holds the leader's usage, member runs are
stored runs of their own: nothing is counted twice). Cost is estimated from the genai-prices
data for the model, provider and day of each run, so dated price changes apply; a model it
does not know has an unknown cost (never 0), and a group with some unknown models says
partial. stored_cost sums the cost agno stored in metrics, where a provider reported one.

On a terminal: a table with a total row. Piped: tab-separated rows without a header; --format
csv, json and jsonl carry the same fields (cost_usd is null when unknown).
"""


@handle_errors
@with_filters()
@with_target
def usage_command(
    filters: FilterOptions,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            metavar="GROUP",
            help=f"Group by {', '.join(GROUPINGS)} (repeatable, or comma-separated).",
            autocompletion=_complete_groupings,
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[RecordFormat | None, format_option()] = None,
    database: TargetOptions = ANY_TARGET,
) -> None:
    from kern_core import BadInputError, parse_usage_groupings

    try:
        groupings = parse_usage_groupings(by or [])
    except BadInputError as exc:
        raise UsageError(exc.message) from None
    flt = filters.session_filter()
    with database.open() as sessions:
        usage = sessions.usage(flt, by=groupings)
    from kern_cli.render.usage import usage_columns, usage_records

    chosen = fmt or output.default_format()
    records = usage_records(usage, with_total=chosen == "table")
    output.write_records(records, chosen, usage_columns(usage, table=chosen == "table"))
