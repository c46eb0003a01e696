"""Per-session digests a copy compares without decoding JSON in Python.

A digest covers exactly what a copy writes for a session: its target row (every write column,
in order) and, when runs go to a runs table, each run's payload in run order.

PostgreSQL targets: the server computes it, over ``value::jsonb::text`` for JSON columns (jsonb's
canonical text, so key order and whitespace do not matter) and ``value::text`` for the others,
both for the rows the target holds and for the texts the copy sent (passed back as arrays).
SQLite targets store what they are given: the digest hashes the values written and the values
read back, as they are. A session whose digests differ is re-checked by decoding both sides
(:func:`kern_core.copying.rows.session_digest`), so a textual difference alone is never a mismatch.

``source_print`` hashes a source row as read (values and run texts, undecoded): the delete
re-check compares it with the row read again to find sessions changed since they were copied.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kern_core.copying.rows import CopyItem, TargetShape, value_digest
from kern_core.dialect import Dialect
from kern_core.model import JSON_FIELDS
from kern_core.table import SessionTable, column_sql

JSON_COLUMNS = frozenset(JSON_FIELDS)
Found = dict[str, tuple[bytes, int]]


def written_digest(item: CopyItem, shape: TargetShape) -> bytes:
    """The digest of what the copy writes for this item, as a SQLite target stores it."""
    at = shape.run_columns.index("run_data") if shape.runs_in_table else 0
    texts = [r[at] for r in item.runs] if shape.runs_in_table else []
    return value_digest([*item.row, "|", *texts])


def _framed(text: str) -> str:
    """A value as ``<bytes>:<text>``, or ``N`` for NULL: unambiguous, with no escaping pass."""
    return f"coalesce(octet_length({text})::text || ':' || {text}, 'N')"


def _pg_expr(columns: Sequence[str], ref: Any) -> str:
    parts = [
        _framed(f"{ref(c)}::jsonb::text") if c in JSON_COLUMNS else _framed(f"{ref(c)}::text")
        for c in columns
    ]
    return " || ',' || ".join(parts)


def _digest_sql(shape: TargetShape, rel: str, where: str, runs: str | None) -> str:
    """SELECT (session_id, digest, run count) over a sessions relation ``s`` and, when runs go
    to a table, a runs relation (session_id, run_index, run_data). Parameters: the runs
    relation's, then the sessions relation's, then ``where``'s."""
    row = _pg_expr(shape.session_columns, lambda c: f"s.{column_sql(c)}")
    if shape.runs_in_table and runs is not None:
        return (
            f"WITH r AS (SELECT session_id, count(*) AS n, string_agg("
            f"{_framed('run_data::jsonb::text')}, ',' ORDER BY run_index) AS d FROM {runs} "
            f"GROUP BY session_id) "
            f"SELECT s.session_id, substr(sha256(convert_to({row} || '|' || coalesce(r.d, ''), "
            f"'UTF8')), 1, 16), coalesce(r.n, 0) FROM {rel} LEFT JOIN r "
            f"ON r.session_id = s.session_id {where}"
        )
    count = (
        "CASE WHEN jsonb_typeof(s.runs::jsonb) = 'array' THEN jsonb_array_length(s.runs::jsonb) "
        "ELSE 0 END"
        if "runs" in shape.session_columns
        else "0"
    )
    return (
        f"SELECT s.session_id, substr(sha256(convert_to({row} || '|', 'UTF8')), 1, 16), "
        f"{count} FROM {rel} {where}"
    )


def sent_digests(
    dialect: Dialect, conn: Any, shape: TargetShape, items: Sequence[CopyItem]
) -> dict[str, bytes]:
    """Digests of what the copy writes for these items, computed as the target computes its own
    (the texts go back to the server as binary arrays: no client-side escaping)."""
    if not dialect.digests_in_sql:
        return {i.session_id: written_digest(i, shape) for i in items}
    if not items:
        return {}
    cols = shape.session_columns
    names = ", ".join(column_sql(c) for c in cols)
    rel = f"unnest({', '.join(['%b::text[]'] * len(cols))}) AS s({names})"
    params: list[Any] = []
    runs = None
    if shape.runs_in_table:
        at = {c: k for k, c in enumerate(shape.run_columns)}
        rows = [r for i in items for r in i.runs]
        params += [
            [r[at["session_id"]] for r in rows],
            [str(r[at["run_index"]]) for r in rows],
            [r[at["run_data"]] for r in rows],
        ]
        runs = (
            "(SELECT session_id, i::int AS run_index, run_data "
            "FROM unnest(%b::text[], %b::text[], %b::text[]) AS u(session_id, i, run_data)) x"
        )
    params += [[_as_text(i.row[k]) for i in items] for k in range(len(cols))]
    sql = _digest_sql(shape, rel, "", runs)
    try:
        return {str(r[0]): bytes(r[1]) for r in conn.execute(sql, params).fetchall()}
    finally:
        conn.rollback()


def _as_text(value: Any) -> str | None:
    return None if value is None else str(value)


def stored_digests(t: SessionTable, shape: TargetShape, ids: Sequence[str]) -> Found:
    """The target's digest and run count for each of these ids it holds."""
    if not ids:
        return {}
    try:
        if t.dialect.digests_in_sql:
            return _stored_in_sql(t, shape, ids)
        return _stored_in_python(t, shape, ids)
    finally:
        t.conn.rollback()


def _stored_in_sql(t: SessionTable, shape: TargetShape, ids: Sequence[str]) -> Found:
    rel = f"{t.sessions} s"
    params: list[Any] = [list(ids)]
    runs = None
    if shape.runs_in_table and t.layout.runs_table:
        runs = f"{t.runs} WHERE session_id = ANY(%s)"
        params.append(list(ids))
    sql = _digest_sql(shape, rel, "WHERE s.session_id = ANY(%s)", runs)
    return {str(r[0]): (bytes(r[1]), int(r[2])) for r in t.conn.execute(sql, params).fetchall()}


def _stored_in_python(t: SessionTable, shape: TargetShape, ids: Sequence[str]) -> Found:
    cond, params = t.dialect.exact_in("session_id", ids)
    names = ", ".join(column_sql(c) for c in shape.session_columns)
    count = (
        f"COALESCE({t.dialect.json_array_length_expr('runs')}, 0)"
        if "runs" in shape.session_columns
        else "0"
    )
    table = t.sessions
    rows = t.conn.execute(f"SELECT {names}, {count} FROM {table} WHERE {cond}", params).fetchall()
    texts: dict[str, list[Any]] = {}
    if shape.runs_in_table and t.layout.runs_table:
        sql = (
            f"SELECT session_id, run_data FROM {t.runs} WHERE {cond} ORDER BY session_id, run_index"
        )
        for sid, text in t.conn.execute(sql, params).fetchall():
            texts.setdefault(str(sid), []).append(text)
    out: Found = {}
    for row in rows:
        sid = str(row[0])
        runs = texts.get(sid, [])
        n = len(runs) if shape.runs_in_table else int(row[-1] or 0)
        out[sid] = (value_digest([*row[:-1], "|", *runs]), n)
    return out
