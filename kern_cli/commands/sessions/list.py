"""``kern sessions list``: a filtered, sorted page of sessions."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kern_cli import output
from kern_cli.commands.filters import DEFAULT_FILTERS, FilterOptions, with_filters
from kern_cli.errors import UsageError, handle_errors
from kern_cli.options import (
    ANY_TARGET,
    FieldsOpt,
    TargetOptions,
    choice_option,
    count_option,
    format_option,
    with_target,
)
from kern_core.vocab import ROW_FIELDS, TIME_FIELDS, RecordFormat, TimeField

if TYPE_CHECKING:
    from kern_core import SessionDb, SessionRow

DEFAULT_LIMIT = 20
#: Rows per rich table when ``--all`` streams a table: the table is printed chunk by chunk.
TABLE_CHUNK = 500
#: Fields a listing offers (SessionRow.to_dict, plus owner_id = agent, team or workflow id).
FIELDS = (
    *ROW_FIELDS,
    "owner_id",
)
JSON_FIELDS = FIELDS[:-1]
PIPE_FIELDS = (
    "session_id",
    "session_type",
    "owner_id",
    "user_id",
    "session_name",
    "runs",
    "created_at",
    "updated_at",
)

HELP = f"""List sessions, newest first.

--since/--until filter the timestamp the list is sorted by (--sort, default created_at).

On a terminal: a table with the name (or the first user message), type, owner, user, runs
and relative times, and a footer with the total and the cursor of the next page. Ids are
shown whole (show, rename and delete also take a unique prefix); columns that do not fit are
left out, kept longest: ID, TYPE, USER, the time sorted by, NAME, RUNS, OWNER, the other time.
--wide shows every column (long lines wrap). Piped:
tab-separated rows without a header: {", ".join(PIPE_FIELDS)} (owner_id is the agent,
team or workflow id; times are unix seconds). --format json/jsonl/csv use the fields
{", ".join(JSON_FIELDS)} unless --fields says otherwise.

Paging: --cursor continues after the last row of a page. The next cursor is shown in the
terminal footer, and for the other formats on stderr when stderr is a terminal (never on
stdout, so output stays parseable). Scripts that need every row use --all.

Examples:

  kern sessions list -u alice --since 7d

  kern sessions list --type team --sort updated_at --format json

  kern sessions list --all --fields session_id,runs | sort -k2 -n
"""


@handle_errors
@with_filters(*DEFAULT_FILTERS, "grep")
@with_target
def list_command(
    filters: FilterOptions,
    sort: Annotated[
        TimeField, choice_option("--sort", TIME_FIELDS, "Sort by this timestamp.")
    ] = "created_at",
    asc: Annotated[bool, typer.Option("--asc", help="Oldest first.")] = False,
    limit: Annotated[
        int | None,
        count_option("--limit", "-L", help=f"At most N rows. Default: {DEFAULT_LIMIT}."),
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Every matching row (no limit).")] = False,
    cursor: Annotated[
        str | None,
        typer.Option("--cursor", metavar="TOKEN", help="Continue after a previous page."),
    ] = None,
    fmt: Annotated[RecordFormat | None, format_option()] = None,
    fields: FieldsOpt = None,
    wide: Annotated[
        bool,
        typer.Option("--wide", help="Table: every column at full width (lines may wrap)."),
    ] = False,
    database: TargetOptions = ANY_TARGET,
) -> None:
    if show_all and limit is not None:
        raise UsageError("--all and --limit cannot be used together")
    fmt = fmt or output.default_format()
    chosen = _chosen_fields(fmt, fields)
    flt = filters.session_filter(time_field=sort)
    _check_cursor(cursor)

    with database.open() as sessions:
        counts = chosen is None or "runs" in chosen
        next_cursor: str | None = None
        rows: Iterator[SessionRow]
        if show_all:
            rows = sessions.iter_list_rows(
                flt, sort=sort, descending=not asc, cursor=cursor, with_run_counts=counts
            )
        else:
            page = sessions.list_sessions(
                flt,
                sort=sort,
                descending=not asc,
                limit=limit or DEFAULT_LIMIT,
                cursor=cursor,
                with_run_counts=counts,
            )
            rows, next_cursor = iter(page.rows), page.next_cursor
        if fmt == "table":
            terminal = output.is_stdout_tty()
            _print_table(
                sessions, rows, next_cursor, chosen, flt, terminal=terminal, sort=sort, wide=wide
            )
            return
        records = (_record(row) for row in rows)
        output.write_records(records, fmt, output.columns_for(chosen or (), ()))
    if next_cursor and output.is_stderr_tty():
        output.info(f"next cursor: {next_cursor}")


def _chosen_fields(fmt: str, spec: str | None) -> list[str] | None:
    """The fields to write; None for the default terminal table."""
    if spec is None or not spec.strip():
        if fmt == "table":
            return None
        return list(JSON_FIELDS if fmt in ("json", "jsonl") else PIPE_FIELDS)
    return output.select_fields(FIELDS, spec)


def _check_cursor(cursor: str | None) -> None:
    if cursor is None:
        return
    from kern_core import BadInputError, decode_cursor

    try:
        decode_cursor(cursor)
    except BadInputError as exc:
        raise UsageError(exc.message, hint="pass the cursor a previous page printed") from None


def _record(row: SessionRow) -> dict[str, Any]:
    record = dict(row.to_dict())
    record["owner_id"] = row.owner_id
    return record


def _print_table(
    sessions: SessionDb,
    rows: Iterator[SessionRow],
    next_cursor: str | None,
    chosen: list[str] | None,
    flt: Any,
    *,
    terminal: bool,
    sort: str,
    wide: bool,
) -> None:
    """The table, printed a chunk of rows at a time (the header only above the first). The
    first chunk decides the columns and their widths (:mod:`kern_cli.render.listing`); the
    others keep them. A table wider than the terminal is printed whole, for it to wrap."""
    from kern_cli.render import listing

    shown = 0
    columns = listing.session_columns(chosen, wide=wide)
    width: int | None = None
    for chunk in _chunks(rows, TABLE_CHUNK):
        records = [_record(row) for row in chunk]
        if chosen is None:
            unnamed = [r["session_id"] for r in records if not r["session_name"]]
            firsts = sessions.first_inputs(unnamed) if unnamed else {}
            for record in records:
                record["title"] = listing.title_of(record, firsts)
        if not shown:
            available = output.stdout_console().width
            order = listing.priority(sort) if chosen is None and not wide else None
            more = len(chunk) == TABLE_CHUNK
            columns = listing.fit_columns(columns, records, available, order=order, more=more)
            full = listing.table_width(columns)
            width = full if full > available else None
        shown += output.write_records(
            records, "table", columns, show_header=shown == 0, width=width
        )
    if not terminal:
        return
    if not shown:
        output.info("no sessions match")
        return
    total = sessions.count_sessions(flt)
    footer = f"{shown:,} of {total:,}"
    if next_cursor:
        footer += f"   more: --cursor {next_cursor}"
    output.stderr_console().print(footer, style="dim", soft_wrap=True, markup=False)
    sys.stderr.flush()


def _chunks(rows: Iterator[SessionRow], size: int) -> Iterator[list[SessionRow]]:
    while chunk := list(itertools.islice(rows, size)):
        yield chunk
