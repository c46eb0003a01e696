"""``kern sessions search TEXT``: the runs whose content holds a text."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kern_cli import output
from kern_cli.commands.filters import ByOpt, FilterOptions, with_filters
from kern_cli.errors import EXIT_NOT_FOUND, UsageError, handle_errors
from kern_cli.options import ANY_TARGET, TargetOptions, count_option, format_option, with_target
from kern_core.vocab import RecordFormat

if TYPE_CHECKING:
    from kern_core import SearchHit

DEFAULT_LIMIT = 20
#: The most worker processes --jobs may ask for.
MAX_JOBS = 32
#: Rows per rich table when ``--all`` streams a table.
TABLE_CHUNK = 500
#: The fields of the machine formats, in order (tsv has no header).
PIPE_FIELDS = ("session_id", "run_id", "where", "snippet")
JSON_FIELDS = (
    "session_id",
    "run_id",
    "where",
    "snippet",
    "match_start",
    "match_end",
    "session_type",
    "user_id",
    "created_at",
    "item_id",
)
PLACES = "input,output,tool,reasoning"

HELP = f"""Find the runs whose content holds TEXT, newest sessions first.

TEXT is matched in user inputs, assistant replies, reasoning, tool arguments and results,
the conversations agno 3.1 folded into compactions, and offloaded tool results, under
Unicode case folding (STRASSE finds straße); never in JSON keys. --in narrows the places
({PLACES}; compactions count under the roles of their messages, offloaded results under
tool). --regex takes TEXT as a Python regular expression, matched case-insensitively (it
reads every run of the filtered sessions).

One row per matching run (or compaction, or offloaded result): on a terminal a table with
the match highlighted in a snippet; piped, tab-separated rows without a header:
{", ".join(PIPE_FIELDS)} (where: the places that matched, comma-separated). --format json
and jsonl add {", ".join(JSON_FIELDS[4:])} (item_id: the compaction or result id).

Nothing is written to the database. Exit 0 when something matched, 3 when nothing did
(as grep's 1; kern's 1 means an error).

Examples:

  kern sessions search invoice -u alice --since 7d

  kern sessions search 'Zürich' --in input --all --format jsonl

  kern sessions search 'refund (issued|denied)' --regex
"""


@handle_errors
@with_filters()
@with_target
def search_command(
    text: Annotated[
        str, typer.Argument(metavar="TEXT", help="The text to find.", show_default=False)
    ],
    filters: FilterOptions,
    by: ByOpt = "created_at",
    places: Annotated[
        str | None,
        typer.Option(
            "--in",
            metavar="PLACES",
            help=f"Only in these places (comma-separated: {PLACES}).",
            show_default=False,
        ),
    ] = None,
    regex: Annotated[
        bool, typer.Option("--regex", "-E", help="TEXT is a Python regular expression.")
    ] = False,
    limit: Annotated[
        int | None,
        count_option("--limit", "-L", help=f"At most N rows. Default: {DEFAULT_LIMIT}."),
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Every matching row (no limit).")] = False,
    jobs: Annotated[
        int | None,
        count_option(
            "--jobs",
            "-j",
            help="Worker processes that decode and match beyond the first pages. Default: one "
            "per core, at most 4; 1 for a single process.",
        ),
    ] = None,
    fmt: Annotated[RecordFormat | None, format_option()] = None,
    database: TargetOptions = ANY_TARGET,
) -> None:
    if show_all and limit is not None:
        raise UsageError("--all and --limit cannot be used together")
    if jobs is not None and jobs > MAX_JOBS:
        raise UsageError(f"invalid --jobs {jobs}: give a number from 1 to {MAX_JOBS}")
    query = _query(text, places, regex)
    fmt = fmt or output.default_format()
    flt = filters.session_filter(time_field=by)
    wanted = None if show_all else (limit or DEFAULT_LIMIT)
    with database.open() as sessions:
        hits = sessions.search(query, flt, jobs=jobs or _default_jobs())
        shown = itertools.islice(hits, wanted) if wanted is not None else hits
        if fmt == "table":
            count = _print_table(shown)
        else:
            fields = JSON_FIELDS if fmt in ("json", "jsonl") else PIPE_FIELDS
            columns = output.columns_for(fields, ())
            count = output.write_records((_record(h, fmt) for h in shown), fmt, columns)
        more = wanted is not None and count == wanted and next(hits, None) is not None
    if output.is_stderr_tty() and (fmt == "table" or more):
        if not count:
            output.info("no runs match")
        elif more:
            output.info(f"{count:,} shown; more match: raise --limit or pass --all")
    if not count:
        raise typer.Exit(EXIT_NOT_FOUND)


def _default_jobs() -> int:
    """One worker per core the process may use, at most 4."""
    import os

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(usable or 1, 4))


def _query(text: str, places: str | None, regex: bool) -> Any:
    from kern_core import SEARCH_FIELDS, BadInputError, TextQuery

    fields = tuple(SEARCH_FIELDS)
    if places is not None:
        fields = tuple(output.select_fields(SEARCH_FIELDS, places)) if places.strip() else ()
        if not fields:
            raise UsageError("--in needs at least one place", hint=f"choose from {PLACES}")
    try:
        return TextQuery(text, fields=fields, regex=regex)
    except BadInputError as exc:
        raise UsageError(exc.message, hint=exc.hint) from None


def _record(hit: SearchHit, fmt: str) -> dict[str, Any]:
    record = hit.to_dict()
    if fmt not in ("json", "jsonl"):
        record["where"] = ",".join(hit.where)
    return record


def _print_table(hits: Iterable[SearchHit]) -> int:
    """The table, a chunk of rows at a time; the match in each snippet highlighted (on a
    terminal: the console has no colour elsewhere). Every piece of stored text is inert."""
    from rich.table import Table
    from rich.text import Text

    console = output.stdout_console()
    shown = 0
    for chunk in _chunks(iter(hits), TABLE_CHUNK):
        table = Table(
            box=None, pad_edge=False, header_style="bold", show_edge=False, show_header=not shown
        )
        table.add_column("SESSION", no_wrap=True)
        table.add_column("RUN", no_wrap=True)
        table.add_column("WHERE", no_wrap=True)
        table.add_column("MATCH", overflow="fold")
        for hit in chunk:
            snippet = Text(output.inert(hit.snippet[: hit.start]))
            snippet.append(output.inert(hit.snippet[hit.start : hit.end]), style="bold reverse")
            snippet.append(output.inert(hit.snippet[hit.end :]))
            table.add_row(
                Text(output.inert(hit.session_id)),
                Text(output.inert(hit.run_id or "")),
                Text(",".join(hit.where)),
                snippet,
            )
        console.print(table)
        shown += len(chunk)
    sys.stdout.flush()
    return shown


def _chunks(hits: Iterator[SearchHit], size: int) -> Iterator[list[SearchHit]]:
    while chunk := list(itertools.islice(hits, size)):
        yield chunk
