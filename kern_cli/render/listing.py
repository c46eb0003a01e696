"""Columns of the ``kern sessions list`` table: which fit the terminal, how wide, and their text.

The table never cuts an id to fit: columns are left out from the most expendable up, so a
wider terminal never shows fewer of them. In priority order the default table keeps ID
(always, whole), TYPE, USER, the time the list is sorted by (CREATED unless ``--sort
updated_at``), NAME, RUNS, OWNER and the other time, and shows the kept ones in the usual
order. NAME (the session name, or its first user message in quotes) is the one column that
gives way: it needs :data:`TITLE_MIN` characters to be shown, gets :data:`TITLE_ROOM` before
a column ranked below it is let in, takes what the others leave up to :data:`TITLE_WIDTH`,
and ends in an ellipsis when cut. ``--wide`` and ``--fields`` show every column they name at
its full width, and the terminal wraps lines that are longer than it. Ids never end in an
ellipsis: a longer one than its column (USER and OWNER are capped, and later chunks of
``--all`` keep the first chunk's widths) folds onto a second line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from kern_cli.output import Column, cell_text
from kern_cli.timeparse import humanize_ago

TITLE_WIDTH = 48
#: The narrowest NAME column worth showing, and the width it grows to before the columns
#: ranked below it are let in.
TITLE_MIN = 12
TITLE_ROOM = 24
#: Widths a table printed in chunks reserves, since later rows may need them: the longest
#: relative time in practice (``59 minutes ago``) and the longest session type.
RESERVED = {"created_at": 14, "updated_at": 14, "session_type": len("workflow")}
#: Spaces between two columns.
GAP = 2


def ago(value: Any) -> str:
    return humanize_ago(value) if isinstance(value, int) else ""


def one_line(value: Any) -> str:
    """Text folded onto one line (the table truncates it to the column width)."""
    return " ".join(str(value).split()) if value is not None else ""


def title_of(record: Mapping[str, Any], first_inputs: Mapping[str, str]) -> str:
    """The session name, else its first user message in quotes, else nothing."""
    if record.get("session_name"):
        return str(record["session_name"])
    first = first_inputs.get(record["session_id"])
    return f"“{first}”" if first else ""


def _id(key: str, header: str, max_width: int | None = None) -> Column:
    """An id column: folded, never cut."""
    return Column(key, header, max_width=max_width, no_wrap=False)


DEFAULT = (
    _id("session_id", "ID"),
    Column("title", "NAME", one_line, max_width=TITLE_WIDTH),
    Column("session_type", "TYPE"),
    _id("owner_id", "OWNER", max_width=24),
    _id("user_id", "USER", max_width=20),
    Column("runs", "RUNS", justify="right"),
    Column("created_at", "CREATED", ago),
    Column("updated_at", "UPDATED", ago),
)
CATALOGUE = (
    _id("session_id", "ID"),
    Column("session_name", "NAME", one_line, max_width=TITLE_WIDTH),
    Column("session_type", "TYPE"),
    _id("owner_id", "OWNER"),
    _id("agent_id", "AGENT"),
    _id("team_id", "TEAM"),
    _id("workflow_id", "WORKFLOW"),
    _id("user_id", "USER"),
    Column("runs", "RUNS", justify="right"),
    Column("created_at", "CREATED", ago),
    Column("updated_at", "UPDATED", ago),
)


def priority(sort: str) -> list[str]:
    """The default columns, the one kept longest first."""
    other = "updated_at" if sort == "created_at" else "created_at"
    return ["session_id", "session_type", "user_id", sort, "title", "runs", "owner_id", other]


def session_columns(fields: list[str] | None, *, wide: bool = False) -> list[Column]:
    """The default table columns, or the catalogue's columns for ``--fields``; ``wide``
    lifts the caps on id columns."""
    if fields is None:
        columns = list(DEFAULT)
    else:
        by_key = {column.key: column for column in CATALOGUE}
        columns = [by_key[name] for name in fields]
    if wide:
        columns = [replace(c, max_width=None) if not c.no_wrap else c for c in columns]
    return columns


def fit_columns(
    columns: Sequence[Column],
    records: Sequence[Mapping[str, Any]],
    available: int,
    *,
    order: Sequence[str] | None,
    more: bool = False,
) -> list[Column]:
    """``columns`` with fixed widths measured on ``records`` (the first chunk), as many of
    them as fit ``available`` cells in the priority ``order`` (None: all of them, however
    wide). ``more``: further chunks follow, so columns reserve their :data:`RESERVED` width."""
    widths = {c.key: _natural(c, records, more) for c in columns}
    if order is None:
        return [replace(c, width=widths[c.key]) for c in columns]
    by_key = {c.key: c for c in columns}
    least = {key: _least(by_key[key], width) for key, width in widths.items()}
    kept: list[str] = []
    used = reserve = 0
    for key in order:
        if key not in by_key:
            continue
        need = least[key] + (GAP if kept else 0)
        if kept and used + reserve + need > available:
            break  # this one and every column ranked below it are left out
        kept.append(key)
        used += need
        if _gives_way(by_key[key]):
            reserve = max(0, min(widths[key], TITLE_ROOM) - least[key])
    spare = max(0, available - used)
    fitted = []
    for column in columns:
        if column.key not in kept:
            continue
        width = least[column.key]
        if _gives_way(column):
            width = min(widths[column.key], width + spare)
        fitted.append(replace(column, width=width))
    return fitted


def table_width(columns: Sequence[Column]) -> int:
    """The cells a table of fixed-width ``columns`` takes."""
    return sum(c.width or 0 for c in columns) + GAP * max(0, len(columns) - 1)


def _natural(column: Column, records: Sequence[Mapping[str, Any]], more: bool) -> int:
    """The width the column's header and every value of ``records`` take, up to its cap."""
    from rich.cells import cell_len

    width = max([cell_len(column.title)] + [cell_len(cell_text(column, r)) for r in records])
    if more:
        width = max(width, RESERVED.get(column.key, 0))
    if column.max_width is not None:
        width = min(width, max(column.max_width, cell_len(column.title)))
    return width


def _gives_way(column: Column) -> bool:
    return column.key in ("title", "session_name")


def _least(column: Column, natural: int) -> int:
    """The narrowest the column is shown: whole, except the title."""
    return min(natural, max(TITLE_MIN, len(column.title))) if _gives_way(column) else natural
