"""Write one copy batch to the target in one transaction, inserting only ids it lacks.

PostgreSQL: the new sessions and their runs go in with ``COPY ... FROM STDIN`` (the server's
fastest path). The ids the target already holds are read first; a session inserted meanwhile by
someone else makes the COPY fail on the primary key, and the batch is retried with a fresh look.
SQLite: plain ``executemany`` inside ``BEGIN IMMEDIATE`` (the write lock rules out the race).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kern_core.backend import Backend
from kern_core.copy_rows import CopyItem, TargetShape
from kern_core.errors import ConflictError
from kern_core.layout import Layout
from kern_core.writing import existing_ids

_RETRIES = 3


@dataclass
class BatchResult:
    """What a batch write did: the items inserted, and those whose id the target already held."""

    inserted: list[CopyItem] = field(default_factory=list)
    present: list[CopyItem] = field(default_factory=list)
    runs_written: int = 0


def write_batch(
    backend: Backend,
    conn: Any,
    layout: Layout,
    shape: TargetShape,
    batch: Sequence[CopyItem],
    also: Callable[[Any, BatchResult], None] | None = None,
) -> BatchResult:
    """Insert the batch's sessions the target lacks (with their runs), in one transaction;
    ``also`` writes more in that transaction (the sessions' linked rows)."""
    for attempt in range(_RETRIES):
        try:
            with backend.transaction(conn):
                result = _write(backend, conn, layout, shape, batch)
                if also is not None:
                    also(conn, result)
                return result
        except Exception as exc:
            if _is_runs_conflict(exc, layout):
                raise ConflictError(
                    "a run_id in the input already belongs to another session",
                    hint="run ids are unique across the runs table",
                ) from None
            if attempt + 1 == _RETRIES or not _is_unique_violation(exc):
                raise
    raise AssertionError("unreachable")


def _write(
    backend: Backend, conn: Any, layout: Layout, shape: TargetShape, batch: Sequence[CopyItem]
) -> BatchResult:
    found = existing_ids(backend, conn, layout, [i.session_id for i in batch])
    result = BatchResult()
    for item in batch:
        (result.present if item.session_id in found else result.inserted).append(item)
    if not result.inserted:
        return result
    runs = [r for item in result.inserted for r in item.runs]
    sessions = [item.row for item in result.inserted]
    if backend.kind == "postgresql":
        _copy_rows(backend, conn, layout.session_table, shape.session_columns, sessions)
        if runs and layout.runs_table:
            _copy_rows(backend, conn, layout.runs_table, shape.run_columns, runs)
    else:
        _insert_rows(backend, conn, layout.session_table, shape.session_columns, sessions)
        if runs and layout.runs_table:
            _insert_rows(backend, conn, layout.runs_table, shape.run_columns, runs)
    result.runs_written = sum(item.run_count for item in result.inserted)
    return result


def _names(columns: Sequence[str]) -> str:
    return ", ".join('"metadata"' if c == "metadata" else c for c in columns)


def _copy_rows(
    backend: Backend, conn: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    sql = f"COPY {backend.table(table)} ({_names(columns)}) FROM STDIN"
    with conn.cursor() as cur, cur.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _insert_rows(
    backend: Backend, conn: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    sql = (
        f"INSERT INTO {backend.table(table)} ({_names(columns)}) "
        f"VALUES ({backend.params(len(columns))})"
    )
    backend.executemany(conn, sql, rows)


def _is_unique_violation(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "unique" in text or "duplicate" in text


def _is_runs_conflict(exc: BaseException, layout: Layout) -> bool:
    """A duplicate run_id: deterministic, so not worth a retry."""
    if not _is_unique_violation(exc) or not layout.runs_table:
        return False
    text = str(exc)
    return "run_id" in text or layout.runs_table in text
