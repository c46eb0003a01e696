"""Session filters and sort orders, turned into SQL that runs before any LIMIT."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from kern_core.dialect import Dialect
from kern_core.errors import BadInputError
from kern_core.layout import Layout
from kern_core.vocab import TIME_FIELDS

if TYPE_CHECKING:
    from kern_core.search import TextQuery

SORT_COLUMNS = TIME_FIELDS


@dataclass(frozen=True)
class SessionFilter:
    """Which sessions a listing, count, export, prune or copy applies to (all ANDed).

    ``name`` is a substring of ``session_data.session_name`` under Unicode case folding (``ß``
    matches ``SS``, ``ς`` matches ``Σ``; ``%`` and ``_`` are literal); the time bounds
    are inclusive unix seconds (``*_until`` inclusive too); ``session_ids`` limits to those ids.
    ``grep``: sessions whose content holds the text (:mod:`kern_core.search`); SQL can only
    scan for it coarsely, so a filter with ``grep`` is first resolved
    (:func:`kern_core.search.resolve_filter`), which lists in ``grep_excluded`` the sessions
    the scan selects that hold no match.
    """

    user_id: str | None = None
    agent_id: str | None = None
    team_id: str | None = None
    workflow_id: str | None = None
    session_type: str | None = None
    name: str | None = None
    created_since: int | None = None
    created_until: int | None = None
    updated_since: int | None = None
    updated_until: int | None = None
    session_ids: tuple[str, ...] | None = None
    grep: TextQuery | None = None
    grep_excluded: tuple[str, ...] | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


def updated_expr(alias: str = "") -> str:
    """agno sorts by ``COALESCE(updated_at, created_at)``: a NULL updated_at means never updated."""
    return f"COALESCE({alias}updated_at, {alias}created_at)"


def sort_expr(sort: str, alias: str = "") -> str:
    if sort not in SORT_COLUMNS:
        raise BadInputError(f"cannot sort by {sort!r}; use created_at or updated_at")
    return f"{alias}created_at" if sort == "created_at" else updated_expr(alias)


def where_clause(
    dialect: Dialect, layout: Layout, flt: SessionFilter, alias: str = ""
) -> tuple[str, list[Any]]:
    """The ``WHERE`` text (or ``""``) and its parameters for a filter."""
    p = dialect.param
    parts: list[str] = []
    params: list[Any] = []

    def eq(column: str, value: str | None) -> None:
        if value is None:
            return
        if not layout.has(column):
            parts.append("1 = 0")
            return
        parts.append(f"{alias}{column} = {p}")
        params.append(value)

    eq("user_id", flt.user_id)
    eq("agent_id", flt.agent_id)
    eq("team_id", flt.team_id)
    eq("workflow_id", flt.workflow_id)
    eq("session_type", flt.session_type)
    if flt.name is not None and layout.has("session_data"):
        name_sql = dialect.session_name_expr(f"{alias}session_data")
        cond, value = dialect.contains_casefolded(f"COALESCE({name_sql}, '')", flt.name)
        parts.append(cond)
        params.append(value)
    for bound, column, op in (
        (flt.created_since, f"{alias}created_at", ">="),
        (flt.created_until, f"{alias}created_at", "<="),
        (flt.updated_since, updated_expr(alias), ">="),
        (flt.updated_until, updated_expr(alias), "<="),
    ):
        if bound is not None:
            parts.append(f"{column} {op} {p}")
            params.append(int(bound))
    if flt.session_ids is not None:
        if not flt.session_ids:
            parts.append("1 = 0")
        else:
            cond, cond_params = dialect.exact_in(f"{alias}session_id", flt.session_ids)
            parts.append(cond)
            params.extend(cond_params)
    if flt.grep is not None:
        parts.append(_grep_clause(dialect, layout, flt, alias, params))
    if not parts:
        return "", params
    return "WHERE " + " AND ".join(parts), params


def _grep_clause(
    dialect: Dialect, layout: Layout, flt: SessionFilter, alias: str, params: list[Any]
) -> str:
    """The coarse content condition, minus the sessions its confirmation rejected."""
    from kern_core.search import session_condition
    from kern_core.table import SessionTable

    assert flt.grep is not None
    if flt.grep_excluded is None:
        raise BadInputError("a content filter must be resolved before it is used in SQL")
    cond, cond_params = session_condition(SessionTable(dialect, None, layout), flt.grep, alias)
    params.extend(cond_params)
    if flt.grep_excluded:
        excluded, excluded_params = dialect.exact_in(f"{alias}session_id", flt.grep_excluded)
        cond = f"{cond} AND NOT ({excluded})"
        params.extend(excluded_params)
    return cond


def encode_cursor(sort_value: Any, session_id: str) -> str:
    """An opaque keyset cursor: the last row's sort value (as stored, whatever its type) and id."""
    if isinstance(sort_value, bool) or not isinstance(sort_value, (int, float, str, type(None))):
        sort_value = str(sort_value)
    raw = json.dumps([sort_value, session_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[Any, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, session_id = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, TypeError, UnicodeDecodeError):
        raise BadInputError(f"invalid cursor {cursor[:40]!r}") from None
    if (
        not isinstance(session_id, str)
        or isinstance(value, (bool, list, dict))
        or (isinstance(value, int) and not -(2**63) <= value < 2**63)
        or not all(_encodable(v) for v in (value, session_id) if isinstance(v, str))
    ):
        raise BadInputError(f"invalid cursor {cursor[:40]!r}")
    return value, session_id


def _encodable(text: str) -> bool:
    """Whether ``text`` can be sent to a database (no lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def keyset_clause(
    dialect: Dialect, sort: str, descending: bool, cursor: str, alias: str = ""
) -> tuple[str, list[Any]]:
    """Rows strictly after the cursor in the listing's order (sort value, then session_id).

    agno declares ``created_at`` NOT NULL; should a foreign table hold NULLs anyway, a cursor
    sitting on one continues among the NULL rows, which sort first on SQLite and last on
    PostgreSQL in ascending order. Non-integer values (text in a SQLite column) keep their type
    in the cursor, so the comparison follows SQLite's type order and pagination still ends.
    """
    value, session_id = decode_cursor(cursor)
    p = dialect.param
    key = sort_expr(sort, alias)
    op = "<" if descending else ">"
    sid = f"{alias}session_id"
    if value is None:
        nulls_first = dialect.nulls_sort_first != descending
        tail = f"({key} IS NULL AND {sid} {op} {p})"
        if nulls_first:
            return f"({tail} OR {key} IS NOT NULL)", [session_id]
        return tail, [session_id]
    # The leading bound lets the planner walk the sort index and stop at the page's LIMIT
    # (an OR alone makes SQLite gather and sort every row past the cursor, on every page).
    sql = f"({key} {op}= {p} AND ({key} {op} {p} OR ({key} = {p} AND {sid} {op} {p})))"
    return sql, [value, value, value, session_id]
