"""The parts of a session agno 3.1 keeps outside the session and runs tables.

Deleting a session removes what agno 3.1.10's own ``delete_sessions`` removes: its
compactions (the folded conversation, verbatim), external-agent transcripts, offloaded tool
results (the index rows and their payloads in ``agno_fs``) and, on PostgreSQL, its sandbox
binding. Left behind, a session recreated under the same id would inherit the old fold and
let the agent search the deleted conversation. Here it happens in the caller's transaction,
with the session rows, so a batch is deleted whole or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kern_core.layout import Layout, LinkedTable
from kern_core.table import SessionTable

if TYPE_CHECKING:
    from kern_core.dialect import Dialect
    from kern_core.filters import SessionFilter

#: The order rows go in: the sandbox binding first (its run_id refers to the runs table, with
#: no cascade), the payloads while their index rows still say which ones they are.
DELETE_ORDER = ("sandbox_bindings", "transcripts", "compactions", "payloads", "tool_results")


#: Said of a MySQL target that receives or holds linked rows.
MYSQL_UNREAD = (
    "agno 3.1.10's MySQLDb does not read session-linked rows (compactions, tool results, "
    "transcripts): kern keeps them in tables of agno's shape on MySQL, and a migration "
    "onwards restores them"
)


def unread_note(dialect: Dialect, counts: dict[str, int]) -> str:
    """:data:`MYSQL_UNREAD` when these linked rows go to (or are on) a database where agno
    does not read them (:attr:`Dialect.agno_reads_linked`), else ''."""
    return MYSQL_UNREAD if not dialect.agno_reads_linked and any(counts.values()) else ""


def _ordered(layout: Layout) -> list[LinkedTable]:
    return sorted(layout.linked, key=lambda t: DELETE_ORDER.index(t.role))


def _payload_match(t: SessionTable, payloads: LinkedTable, cond: str) -> str:
    """SQL condition: a payload row that a tool-result index row ``r`` matching ``cond`` points
    at (agno deletes payloads by each index row's exact namespace and path)."""
    results = t.linked("tool_results")
    assert results is not None
    fs = payloads.sql(t.dialect)
    return (
        f"EXISTS (SELECT 1 FROM {results} r WHERE r.namespace = {fs}.namespace "
        f"AND r.path = {fs}.path AND {cond})"
    )


def delete_linked(t: SessionTable, session_ids: Sequence[str]) -> dict[str, int]:
    """Delete these sessions' rows from every linked table; returns rows deleted per table.

    Works inside the caller's transaction. Ids whose session row is already gone are cleaned
    up as well, as agno's unscoped delete does.
    """
    counts: dict[str, int] = {}
    ids = list(dict.fromkeys(session_ids))
    if not ids or not t.layout.linked:
        return counts
    for table in _ordered(t.layout):
        if table.role == "payloads":
            cond, params = t.dialect.in_clause("r.session_id", ids)
            sql = f"DELETE FROM {table.sql(t.dialect)} WHERE {_payload_match(t, table, cond)}"
        else:
            cond, params = t.dialect.in_clause(table.key, ids)
            sql = f"DELETE FROM {table.sql(t.dialect)} WHERE {cond}"
        cur = t.conn.execute(sql, params)
        counts[table.display] = max(int(cur.rowcount), 0)
    return counts


def count_linked(t: SessionTable, ids_sql: str, params: Sequence[Any]) -> dict[str, int]:
    """Rows per linked table that belong to the sessions ``ids_sql`` selects (a subquery
    yielding session ids, with its ``params``): what :func:`delete_linked` would delete."""
    counts: dict[str, int] = {}
    for table in _ordered(t.layout):
        if table.role == "payloads":
            cond = _payload_match(t, table, f"r.session_id IN ({ids_sql})")
        else:
            cond = f"{table.key} IN ({ids_sql})"
        sql = f"SELECT count(*) FROM {table.sql(t.dialect)} WHERE {cond}"
        counts[table.display] = int(t.conn.execute(sql, list(params)).fetchone()[0])
    return counts


def count_linked_matching(t: SessionTable, flt: SessionFilter) -> dict[str, int]:
    """:func:`count_linked` for the sessions a :class:`~kern_core.filters.SessionFilter` matches."""
    if not t.layout.linked:
        return {}
    from kern_core.filters import where_clause

    where, params = where_clause(t.dialect, t.layout, flt, alias="s.")
    ids_sql = f"SELECT s.session_id FROM {t.sessions} s {where}"
    return count_linked(t, ids_sql, params)


def table_rows(t: SessionTable) -> list[dict[str, Any]]:
    """Each linked table with its row count and, on PostgreSQL, its size in bytes (for status)."""
    out = []
    for table in t.layout.linked:
        rows = int(t.conn.execute(f"SELECT count(*) FROM {table.sql(t.dialect)}").fetchone()[0])
        size = t.dialect.table_bytes(t.conn, table.sql(t.dialect))
        out.append({"table": table.display, "role": table.role, "rows": rows, "bytes": size})
    return out
