"""Read sessions: one with all its runs, a filtered page of list rows, counts, and streams.

Every function here only reads. Runs are attached in stored order: ``run_index`` (then
``created_at`` and ``run_id``) for a runs table, list order for the legacy column, merged the way
agno merges them when a migrated table has both.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from kern_core.dialect import Dialect, chunked
from kern_core.filters import SessionFilter, encode_cursor, keyset_clause, sort_expr, where_clause
from kern_core.jsoncodec import InvalidText, MalformedJSON
from kern_core.layout import Layout
from kern_core.model import FIELDS, ID_FIELDS, JSON_FIELDS, Run, Session, SessionRow, decode_stored
from kern_core.table import SessionTable, column_sql

#: Called with (session_id, reason) for each session a stream skips.
SkipHandler = Callable[[str, str], None]
#: How agno orders a session's runs: by run_index, ties by created_at and run_id.
RUN_ORDER = ("run_index", "created_at", "run_id")
#: Rows per page when a listing is streamed (``--all``), and the most ids one ``IN`` list holds.
LIST_PAGE_SIZE = 500
IN_CHUNK = 500


@dataclass(frozen=True)
class Page:
    """A page of list rows and the cursor that continues after it (None at the end)."""

    rows: list[SessionRow]
    next_cursor: str | None


def session_columns(dialect: Dialect, layout: Layout, with_runs: bool, alias: str = "") -> str:
    """The select list for full session rows, in :data:`FIELDS` order (NULL where absent)."""
    out = []
    for name in FIELDS:
        if name == "runs" and not (with_runs and layout.has_runs_column) or not layout.has(name):
            out.append("NULL")
        elif name in JSON_FIELDS:
            out.append(dialect.json_text(f"{alias}{column_sql(name)}"))
        else:
            out.append(f"{alias}{column_sql(name)}")
    return ", ".join(out)


def get_session(
    t: SessionTable,
    session_id: str,
    session_type: str | None = None,
) -> Session | None:
    """The session with all its runs, or None when there is no such session (of that type).

    Only the session of exactly this id: one MySQL's collation merely takes for it
    (``'abc'`` for ``'ABC'``) is not returned."""
    p = t.param
    cond, cond_params = t.dialect.exact_in("session_id", [session_id])
    sql = (
        f"SELECT {session_columns(t.dialect, t.layout, with_runs=True)} "
        f"FROM {t.sessions} WHERE {cond}"
    )
    params: list[Any] = list(cond_params)
    if session_type is not None:
        sql += f" AND session_type = {p}"
        params.append(session_type)
    row = t.conn.execute(sql, params).fetchone()
    if row is None:
        return None
    table_runs = fetch_table_runs(t, [session_id]).get(session_id, [])
    return build_session(row, table_runs)


def fetch_table_runs(t: SessionTable, session_ids: Sequence[str]) -> dict[str, list[Any]]:
    """Raw ``run_data`` values from the runs table, per session, in stored order."""
    if not t.layout.runs_table or not session_ids:
        return {}
    cond, params = t.dialect.in_clause("session_id", session_ids)
    order = ", ".join(run_order(t.layout))
    sql = (
        f"SELECT session_id, {t.dialect.json_text('run_data')} "
        f"FROM {t.runs} WHERE {cond} ORDER BY session_id, {order}"
    )
    out: dict[str, list[Any]] = {}
    for sid, data in t.dialect.fetch_bulk(t.conn, sql, params):
        out.setdefault(sid, []).append(data)
    return out


def build_session(row: Sequence[Any], table_runs: list[Any]) -> Session:
    """Decode one full session row (in :data:`FIELDS` order) and attach its runs."""
    values = dict(zip(FIELDS, row, strict=True))
    warnings: list[str] = []
    for name in JSON_FIELDS:
        try:
            values[name] = decode_stored(values[name])
        except MalformedJSON as exc:
            warnings.append(f"{name}: {exc}")
            values[name] = None
    for name in ID_FIELDS:
        if isinstance(values[name], InvalidText):
            warnings.append(f"{name}: not valid UTF-8")
        elif values[name] is not None and not isinstance(values[name], str):
            values[name] = str(values[name])
    legacy = _as_runs(values.pop("runs"), "runs", warnings)
    decoded_table_runs = []
    for i, raw in enumerate(table_runs):
        try:
            decoded_table_runs.append(decode_stored(raw))
        except MalformedJSON as exc:
            warnings.append(f"run {i} in the runs table: {exc}")
    runs = merge_runs(legacy, _as_runs(decoded_table_runs, "runs table", warnings))
    created = _int_or(values.pop("created_at"), "created_at", warnings, default=0)
    updated = _int_or(values.pop("updated_at"), "updated_at", warnings, default=None)
    session = Session(
        **{k: v for k, v in values.items() if k in Session.__dataclass_fields__},
        runs=runs,
        created_at=created if created is not None else 0,
        updated_at=updated,
    )
    session.warnings = warnings
    return session


def merge_runs(legacy: list[Run], table: list[Run]) -> list[Run]:
    """agno's merge: legacy list order, the table's copy wins on a shared run_id, then the
    table-only runs in run_index order."""
    if not legacy:
        return table
    if not table:
        return legacy
    by_id = {r.run_id: r for r in table if r.run_id}
    used: set[str] = set()
    merged: list[Run] = []
    for run in legacy:
        rid = run.run_id
        if rid and rid in by_id:
            merged.append(by_id[rid])
            used.add(rid)
        else:
            merged.append(run)
    merged.extend(r for r in table if not (r.run_id and r.run_id in used))
    return merged


def _as_runs(value: Any, where: str, warnings: list[str]) -> list[Run]:
    if value is None:
        return []
    if not isinstance(value, list):
        warnings.append(f"{where}: not a list of runs")
        return []
    runs = []
    for i, item in enumerate(value):
        if isinstance(item, dict):
            runs.append(Run(item))
        else:
            warnings.append(f"{where}: item {i} is not a run object")
    return runs


def _int_or(value: Any, name: str, warnings: list[str], default: int | None) -> int | None:
    if value is None:
        return default
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(float(value))
    except (TypeError, ValueError, OverflowError):
        warnings.append(f"{name}: not a finite number ({str(value)[:40]!r})")
        return default


def list_sessions(
    t: SessionTable,
    flt: SessionFilter,
    sort: str = "created_at",
    descending: bool = True,
    limit: int | None = 20,
    cursor: str | None = None,
    with_run_counts: bool = True,
) -> Page:
    """A page of list rows, filtered and sorted in SQL; never reads run payloads of the runs table.

    The sort is (sort column, session_id) so the keyset cursor is exact even on equal timestamps.
    """
    where, params = where_clause(t.dialect, t.layout, flt)
    if cursor:
        keyset, keyset_params = keyset_clause(t.dialect, sort, descending, cursor)
        where = f"{where} AND {keyset}" if where else f"WHERE {keyset}"
        params += keyset_params
    key = sort_expr(sort)
    direction = "DESC" if descending else "ASC"
    table = t.sessions
    page = (
        f"SELECT session_id AS page_id, {key} AS page_key FROM {table} {where} "
        f"ORDER BY {key} {direction}, session_id {direction}"
    )
    if limit is not None:
        page += f" LIMIT {int(limit) + 1}"
    name_sql = (
        t.dialect.session_name_expr("s.session_data") if t.layout.has("session_data") else "NULL"
    )
    cols = ", ".join(f"s.{c}" if t.layout.has(c) else "NULL" for c in ID_FIELDS)
    updated = "s.updated_at" if t.layout.has("updated_at") else "NULL"
    # The page is chosen first and only its rows are decoded for their names.
    sql = (
        f"SELECT {cols}, {name_sql}, s.created_at, {updated}, p.page_key "
        f"FROM ({page}) p JOIN {table} s ON s.session_id = p.page_id "
        f"ORDER BY p.page_key {direction}, p.page_id {direction}"
    )
    fetched = t.conn.execute(sql, params).fetchall()
    more = limit is not None and len(fetched) > limit
    fetched = fetched[:limit] if limit is not None else fetched
    counts = run_counts(t, [r[0] for r in fetched]) if with_run_counts else {}
    rows = [
        SessionRow(
            session_id=str(r[0]),
            session_type=str(r[1]),
            agent_id=r[2],
            team_id=r[3],
            workflow_id=r[4],
            user_id=r[5],
            session_name=r[6] if isinstance(r[6], str) else None,
            created_at=_int_or(r[7], "created_at", [], 0) or 0,
            updated_at=_int_or(r[8], "updated_at", [], None),
            run_count=counts.get(str(r[0]), 0) if with_run_counts else None,
        )
        for r in fetched
    ]
    next_cursor = None
    if more and fetched:
        last = fetched[-1]
        next_cursor = encode_cursor(last[9], str(last[0]))
    return Page(rows, next_cursor)


def iter_list_rows(
    t: SessionTable,
    flt: SessionFilter,
    sort: str = "created_at",
    descending: bool = True,
    cursor: str | None = None,
    with_run_counts: bool = True,
    page_size: int = LIST_PAGE_SIZE,
) -> Iterator[SessionRow]:
    """Every matching list row, page by page on the keyset cursor: memory holds one page."""
    while True:
        page = list_sessions(t, flt, sort, descending, page_size, cursor, with_run_counts)
        yield from page.rows
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def count_sessions(t: SessionTable, flt: SessionFilter) -> int:
    where, params = where_clause(t.dialect, t.layout, flt)
    sql = f"SELECT count(*) FROM {t.sessions} {where}"
    return int(t.conn.execute(sql, params).fetchone()[0])


def run_counts(t: SessionTable, session_ids: Sequence[str]) -> dict[str, int]:
    """Stored runs per session, member runs included, counted in SQL (no payload reaches
    Python), :data:`IN_CHUNK` ids per query. A migrated table counts as agno merges: the
    runs table's rows plus the legacy runs whose run_id the runs table lacks."""
    counts: dict[str, int] = {}
    ids = list(dict.fromkeys(session_ids))
    for part in chunked(ids, IN_CHUNK):
        for sid, n in _run_count_rows(t, part):
            counts[str(sid)] = counts.get(str(sid), 0) + int(n or 0)
    return counts


def _run_count_rows(t: SessionTable, ids: Sequence[str]) -> list[tuple[Any, Any]]:
    rows: list[tuple[Any, Any]] = []
    if t.layout.runs_table and t.layout.kind in ("table", "both"):
        cond, params = t.dialect.in_clause("session_id", ids)
        sql = f"SELECT session_id, count(*) FROM {t.runs} WHERE {cond} GROUP BY session_id"
        rows += t.conn.execute(sql, params).fetchall()
    if t.layout.kind == "column":
        cond, params = t.dialect.in_clause("session_id", ids)
        length = t.dialect.json_array_length_expr("runs")
        sql = f"SELECT session_id, COALESCE({length}, 0) FROM {t.sessions} WHERE {cond}"
        rows += t.conn.execute(sql, params).fetchall()
    elif t.layout.kind == "both" and t.layout.runs_table:
        cond, params = t.dialect.in_clause("s.session_id", ids)
        elements = t.dialect.json_elements_from("s.runs", "j")
        is_object = t.dialect.element_is_object("j")
        run_id = t.dialect.element_key_text("j", "run_id")
        sql = (
            f"SELECT s.session_id, count(*) FROM {t.sessions} s, "
            f"{elements} WHERE {cond} AND {is_object} AND NOT EXISTS (SELECT 1 FROM "
            f"{t.runs} r WHERE r.session_id = s.session_id "
            f"AND r.run_id = {run_id}) GROUP BY s.session_id"
        )
        rows += t.conn.execute(sql, params).fetchall()
    return rows


def first_inputs(t: SessionTable, session_ids: Sequence[str]) -> dict[str, str]:
    """The first top-level run's input text per session: a stand-in title for unnamed sessions.

    The input is extracted in SQL: only its text, never a run payload, reaches Python. The
    legacy column comes first (agno's merge keeps its order), then the runs table.
    """
    out: dict[str, str] = {}
    for sid in session_ids:
        text: str | None = None
        if t.layout.has_runs_column:
            text = _first_input(t, _legacy_runs_sql(t), sid)
        if not text and t.layout.runs_in_table:
            text = _first_input(t, _table_runs_sql(t), sid)
        if text:
            out[sid] = text
    return out


def _legacy_runs_sql(t: SessionTable) -> tuple[str, str, str]:
    """(FROM ... WHERE, run object expression, order) over one session's legacy runs."""
    dialect = t.dialect
    source = f"{t.sessions} s, {dialect.json_elements_from('s.runs', 'j', ordered=True)}"
    where = f"s.session_id = {dialect.param} AND {dialect.element_is_object('j')}"
    return f"{source} WHERE {where}", "j.value", dialect.element_position("j")


def _table_runs_sql(t: SessionTable) -> tuple[str, str, str]:
    order = ", ".join(run_order(t.layout))
    where = f"session_id = {t.param}"
    if "parent_run_id" in t.layout.runs_columns:
        where += " AND parent_run_id IS NULL"
    run = t.dialect.json_object("run_data")
    return f"{t.runs} WHERE {where}", run, order


def _first_input(t: SessionTable, source: tuple[str, str, str], session_id: str) -> str | None:
    dialect, conn = t.dialect, t.conn
    from_where, run, order = source
    kind, value = dialect.json_scalar(run, "input.input_content", "input")
    parent = dialect.json_key_text(run, "parent_run_id")
    sql = (
        f"SELECT {kind}, {value} FROM {from_where} AND COALESCE({parent}, '') = '' "
        f"AND {kind} IS NOT NULL AND {kind} <> 'null' ORDER BY {order}"
    )
    rows = conn.execute(sql, [session_id])
    for kind_value, raw in rows:
        content: Any = raw
        if dialect.json_scalars_as_text or kind_value in ("object", "array"):
            try:
                content = json.loads(raw)
            except (TypeError, ValueError):
                continue
        text = Run({"input": {"input_content": content}}).input_text
        if text:
            return text
    return None


def run_order(layout: Layout) -> tuple[str, ...]:
    """The columns a session's runs are ordered by (a runs table without run_index: by
    created_at and run_id)."""
    return RUN_ORDER if "run_index" in layout.runs_columns else RUN_ORDER[1:]


def session_batches(
    t: SessionTable,
    flt: SessionFilter,
    select: str,
    batch_size: int = 500,
    created_at: int = 13,
    binary: bool = False,
) -> Iterator[list[Sequence[Any]]]:
    """Batches of rows (``select`` must start with session_id and have created_at at index
    ``created_at``), oldest first. Keyset pagination on (created_at, session_id): memory stays
    bounded. The one keyset loop of every stream (sessions, exports, id lists). ``binary``:
    see :meth:`Dialect.fetch_bulk`."""
    cursor: str | None = None
    while True:
        where, params = where_clause(t.dialect, t.layout, flt)
        if cursor:
            keyset, keyset_params = keyset_clause(t.dialect, "created_at", False, cursor)
            where = f"{where} AND {keyset}" if where else f"WHERE {keyset}"
            params += keyset_params
        rows = t.dialect.fetch_bulk(
            t.conn,
            f"SELECT {select} FROM {t.sessions} {where} "
            f"ORDER BY created_at, session_id LIMIT {int(batch_size)}",
            params,
            binary,
        )
        if not rows:
            return
        yield rows
        if len(rows) < batch_size:
            return
        cursor = encode_cursor(rows[-1][created_at], str(rows[-1][0]))


def iter_session_rows(
    t: SessionTable,
    flt: SessionFilter,
    batch_size: int = 500,
    with_runs_column: bool = True,
) -> Iterator[tuple[list[Sequence[Any]], dict[str, list[Any]]]]:
    """Batches of full session rows (oldest first) with their runs-table payloads."""
    cols = session_columns(t.dialect, t.layout, with_runs=with_runs_column)
    for rows in session_batches(t, flt, cols, batch_size):
        yield rows, fetch_table_runs(t, [str(r[0]) for r in rows])


def iter_sessions(
    t: SessionTable,
    flt: SessionFilter,
    batch_size: int = 500,
    on_skip: SkipHandler | None = None,
) -> Iterator[Session]:
    """Every matching session with its runs, oldest first; rows that cannot be read cleanly are
    reported to ``on_skip`` and left out."""
    for rows, runs in iter_session_rows(t, flt, batch_size):
        for row in rows:
            session = build_session(row, runs.get(str(row[0]), []))
            if session.warnings:
                if on_skip is not None:
                    on_skip(session.session_id, "; ".join(session.warnings))
                continue
            yield session


def read_sessions(t: SessionTable, ids: Sequence[str]) -> dict[str, Session]:
    """The stored sessions with these ids (read as any read does), by id."""
    out: dict[str, Session] = {}
    for part in chunked(list(ids), IN_CHUNK):
        flt = SessionFilter(session_ids=tuple(part))
        for rows, runs in iter_session_rows(t, flt, len(part)):
            for row in rows:
                session = build_session(row, runs.get(str(row[0]), []))
                out[session.session_id] = session
    return out
