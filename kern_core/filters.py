"""Session filters and sort orders, turned into SQL that runs before any LIMIT.

Run-level filters (``run_status``, ``run_tool``, ``run_tool_error``, ``run_model``,
``run_min_tokens``) select a session when ONE of its stored runs meets all of them at once.
They are ``EXISTS`` subqueries over the places runs are stored (:func:`run_sources`): the runs
table (its indexed ``status`` column where it has one) and the legacy JSON column, merged the
way agno reads a migrated table: the runs table wins on a shared ``run_id``. Member runs are
runs of their own in both layouts, so they are searched like any other; a workflow's step
runs live inside its run and are not. Unreadable JSON never aborts a query: it matches nothing.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
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
    ``no_user`` selects sessions without a user: ``user_id`` NULL (what agno writes for an
    anonymous session) or empty.

    The ``run_*`` fields hold for one same run of the session (see the module docstring):
    ``run_status`` is one of these statuses (as agno stores them, upper case; the runs table's
    ``status`` column where it is not NULL, else ``run_data.status``); ``run_tool`` a tool call
    of that name (``tools[].tool_name``); ``run_tool_error`` a tool call with
    ``tool_call_error: true``; ``run_model`` the run's ``model`` or a model id in its
    ``metrics.details.model``; ``run_min_tokens`` at least that many ``metrics.total_tokens``
    (a run without that number has used none: agno drops zero counts).

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
    no_user: bool = False
    # -- run-level filters (one run meets them all) --
    run_status: tuple[str, ...] | None = None
    run_tool: str | None = None
    run_tool_error: bool = False
    run_model: str | None = None
    run_min_tokens: int | None = None
    grep: TextQuery | None = None
    grep_excluded: tuple[str, ...] | None = None

    def is_empty(self) -> bool:
        return all(_unset(getattr(self, f.name)) for f in fields(self))

    def has_run_filters(self) -> bool:
        """Whether any run-level filter is set."""
        return any(
            not _unset(getattr(self, f.name)) for f in fields(self) if f.name.startswith("run_")
        )


def _unset(value: Any) -> bool:
    """Whether a filter field is not given: None, or False for a flag (0 is a given count)."""
    return value is None or value is False


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
    if flt.no_user and layout.has("user_id"):
        empty, empty_params = dialect.exact_in(f"{alias}user_id", [""])
        parts.append(f"({alias}user_id IS NULL OR ({empty}))")
        params.extend(empty_params)
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
    if flt.has_run_filters():
        session = alias.rstrip(".") or dialect.table(layout.session_table)
        cond, cond_params = run_filter_clause(dialect, layout, flt, session)
        parts.append(cond)
        params.extend(cond_params)
    if flt.grep is not None:
        parts.append(_grep_clause(dialect, layout, flt, alias, params))
    if not parts:
        return "", params
    return "WHERE " + " AND ".join(parts), params


@dataclass(frozen=True)
class RunSource:
    """One place a session's runs are stored, as SQL around the session row ``session``.

    ``from_sql`` is the FROM item (without the session table), ``link`` the condition tying
    its rows to the session (and, in a migrated table, leaving out a legacy run the runs table
    also has), ``raw`` the stored run JSON, ``value`` the run as a JSON object (NULL when
    unreadable), ``stored`` the stored column the run is read from (``run_data``, or the whole
    legacy ``runs`` value: what a coarse text scan can test before any JSON is parsed) and
    ``status`` the runs table's ``status`` column (None where it has none) and ``alias`` the
    runs table's alias, whose other columns a query may read (None for the legacy column).
    """

    from_sql: str
    link: str
    raw: str
    value: str
    stored: str
    status: str | None = None
    alias: str | None = None


def run_sources(
    dialect: Dialect, layout: Layout, session: str, runs: str = "r", legacy: str = "j"
) -> list[RunSource]:
    """Where the runs of the session row ``session`` (an alias or quoted table) are stored:
    the runs table (alias ``runs``), then the legacy column's elements (alias ``legacy``)
    whose run_id the runs table lacks. Empty when the table holds no runs anywhere."""
    sources: list[RunSource] = []
    if layout.runs_table:
        table = dialect.table(layout.runs_table)
        status = f"{runs}.status" if "status" in layout.runs_columns else None
        sources.append(
            RunSource(
                f"{table} {runs}",
                f"{runs}.session_id = {session}.session_id",
                f"{runs}.run_data",
                dialect.json_object(f"{runs}.run_data"),
                f"{runs}.run_data",
                status,
                runs,
            )
        )
    if layout.has_runs_column:
        link = dialect.element_is_object(legacy)
        if layout.runs_table:
            table = dialect.table(layout.runs_table)
            run_id = dialect.element_key_text(legacy, "run_id")
            link += (
                f" AND NOT EXISTS (SELECT 1 FROM {table} {runs}_dup WHERE {runs}_dup.session_id"
                f" = {session}.session_id AND {runs}_dup.run_id = {run_id})"
            )
        value = f"{legacy}.value"
        sources.append(
            RunSource(
                dialect.json_elements_from(f"{session}.runs", legacy),
                link,
                value,
                value,
                f"{session}.runs",
            )
        )
    return sources


def run_filter_clause(
    dialect: Dialect, layout: Layout, flt: SessionFilter, session: str
) -> tuple[str, list[Any]]:
    """SQL true when one stored run of the session row ``session`` meets every run-level
    filter of ``flt``, and its parameters; ``1 = 0`` for a table without runs."""
    ors: list[str] = []
    params: list[Any] = []
    for src in run_sources(dialect, layout, session, runs="kr", legacy="kj"):
        conds, cond_params = _run_conditions(dialect, src, flt)
        ors.append(f"EXISTS (SELECT 1 FROM {src.from_sql} WHERE {src.link} AND {conds})")
        params.extend(cond_params)
    if not ors:
        return "1 = 0", []
    return "(" + " OR ".join(ors) + ")", params


def _run_conditions(dialect: Dialect, src: RunSource, flt: SessionFilter) -> tuple[str, list[Any]]:
    """The run-level filters as conditions on one run of ``src``, ANDed."""
    parts: list[str] = []
    params: list[Any] = []

    def add(cond: str, cond_params: Sequence[Any]) -> None:
        parts.append(cond)
        params.extend(cond_params)

    if flt.run_status is not None:
        statuses = list(flt.run_status)
        if not statuses:
            add("1 = 0", [])
        else:
            in_json, json_params = dialect.exact_in(
                dialect.json_key_text(src.value, "status"), statuses
            )
            if src.status is None:
                add(in_json, json_params)
            else:
                in_col, col_params = dialect.exact_in(src.status, statuses)
                add(
                    f"(({in_col}) OR ({src.status} IS NULL AND {in_json}))",
                    [*col_params, *json_params],
                )
    if flt.run_tool is not None:
        add(*dialect.json_array_has(src.value, ("tools",), {"tool_name": flt.run_tool}))
    if flt.run_tool_error:
        add(*dialect.json_array_has(src.value, ("tools",), {"tool_call_error": True}))
    if flt.run_model is not None:
        named, named_params = dialect.exact_in(
            dialect.json_key_text(src.value, "model"), [flt.run_model]
        )
        detail, detail_params = dialect.json_array_has(
            src.value, ("metrics", "details", "model"), {"id": flt.run_model}
        )
        add(f"(({named}) OR {detail})", [*named_params, *detail_params])
    if flt.run_min_tokens is not None:
        # agno drops zero counts, so a run without a total has used none.
        tokens = dialect.json_number(src.raw, "metrics", "total_tokens")
        add(f"COALESCE({tokens}, 0) >= {dialect.param}", [int(flt.run_min_tokens)])
    return " AND ".join(parts) or "1 = 1", params


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
