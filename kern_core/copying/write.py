"""Write one copy batch to the target in one transaction, inserting only ids it lacks.

PostgreSQL: the new sessions and their runs go in with ``COPY ... FROM STDIN`` (the server's
fastest path). The ids the target already holds are read first; a session inserted meanwhile by
someone else makes the COPY fail on the primary key, and the batch is retried with a fresh look.
SQLite: plain ``executemany`` inside ``BEGIN IMMEDIATE`` (the write lock rules out the race).

A session the target cannot store (a value its types reject, a run id another session owns)
must not cost the batch its good sessions: the rows go in under a savepoint, and when the
target refuses them the batch is halved until the refused sessions are found; they are
reported by id and the rest commit, still in the batch's one transaction.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kern_core.copying.rows import CopyItem, TargetShape
from kern_core.layout import Layout
from kern_core.table import SessionTable
from kern_core.url import mask_url
from kern_core.writing import clash_reasons, existing_ids, run_clash_reasons

_RETRIES = 3


@dataclass
class BatchResult:
    """What a batch write did: the items inserted, those whose id the target already held, and
    the ids the target refused to store (with its reason)."""

    inserted: list[CopyItem] = field(default_factory=list)
    present: list[CopyItem] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    runs_written: int = 0
    #: The linked tables the batch wrote rows to (created first where missing).
    linked_tables: set[str] = field(default_factory=set)


def write_batch(
    t: SessionTable,
    shape: TargetShape,
    batch: Sequence[CopyItem],
    also: Callable[[SessionTable, BatchResult], None] | None = None,
) -> BatchResult:
    """Insert the batch's sessions the target lacks (with their runs), in one transaction;
    ``also`` writes more in that transaction (the sessions' linked rows)."""
    for attempt in range(_RETRIES):
        try:
            with t.dialect.transaction(t.conn):
                result = _write(t, shape, batch)
                if also is not None:
                    also(t, result)
                return result
        except Exception as exc:
            if attempt + 1 == _RETRIES or not _is_unique_violation(exc):
                raise
    raise AssertionError("unreachable")


def _write(t: SessionTable, shape: TargetShape, batch: Sequence[CopyItem]) -> BatchResult:
    ids = [i.session_id for i in batch]
    found = existing_ids(t, ids)
    clashes = clash_reasons(t.dialect, t.conn, t.layout.session_table, ids)
    if shape.runs_in_table and t.runs is not None:
        at = shape.run_columns.index("run_id")
        owners = {str(r[at]): i.session_id for i in batch for r in i.runs if r[at]}
        clashes.update(run_clash_reasons(t, owners, set(clashes)))
    result = BatchResult()
    new: list[CopyItem] = []
    for item in batch:
        if item.session_id in clashes:
            result.refused.append((item.session_id, clashes[item.session_id]))
        else:
            (result.present if item.session_id in found else new).append(item)
    _insert_isolating(t, shape, new, result)
    result.runs_written = sum(item.run_count for item in result.inserted)
    return result


def _insert_isolating(
    t: SessionTable,
    shape: TargetShape,
    items: Sequence[CopyItem],
    result: BatchResult,
) -> None:
    """Insert the items under a savepoint; when the target refuses one of them, halve the group
    until each refused session is alone, and record it."""
    if not items:
        return
    t.conn.execute("SAVEPOINT kern_copy")
    try:
        _insert(t, shape, items)
    except Exception as exc:
        if not _is_row_error(exc, t.layout):
            raise
        t.conn.execute("ROLLBACK TO SAVEPOINT kern_copy")
        t.conn.execute("RELEASE SAVEPOINT kern_copy")
        if len(items) == 1:
            result.refused.append((items[0].session_id, _reason(exc, t.layout)))
            return
        half = len(items) // 2
        _insert_isolating(t, shape, items[:half], result)
        _insert_isolating(t, shape, items[half:], result)
        return
    t.conn.execute("RELEASE SAVEPOINT kern_copy")
    result.inserted.extend(items)


def _insert(t: SessionTable, shape: TargetShape, items: Sequence[CopyItem]) -> None:
    runs = [r for item in items for r in item.runs]
    sessions = [item.row for item in items]
    t.dialect.insert_rows(t.conn, t.sessions, shape.session_columns, sessions)
    if runs and t.runs is not None:
        try:
            t.dialect.insert_rows(t.conn, t.runs, shape.run_columns, runs)
        except Exception as exc:
            if _is_unique_violation(exc):
                raise RunIdTaken(str(exc)) from exc
            raise


class RunIdTaken(Exception):
    """A unique violation of the runs insert: a run id that another session in the target
    owns. Said by the statement, since MySQL's message names only the key (``PRIMARY``)."""


def _is_unique_violation(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "unique" in text or "duplicate" in text


def _is_runs_conflict(exc: BaseException, layout: Layout) -> bool:
    """A duplicate run_id (another session in the target owns it)."""
    if isinstance(exc, RunIdTaken):
        return True
    if not _is_unique_violation(exc) or not layout.runs_table:
        return False
    table = getattr(getattr(exc, "diag", None), "table_name", None)
    if table is not None:
        return bool(table == layout.runs_table)
    return f"{layout.runs_table}.run_id" in str(exc)


#: MySQL error codes about the values of a row that PyMySQL raises as neither DataError nor
#: IntegrityError: a failed CHECK (MariaDB 4025, which guards its JSON columns with
#: json_valid; MySQL 3819) and invalid JSON text (MySQL 3140).
_MYSQL_VALUE_ERRORS = (4025, 3819, 3140)


def _mysql_code(exc: BaseException) -> int | None:
    """The error code of a PyMySQL error (None for other errors)."""
    pymysql = sys.modules.get("pymysql")
    if pymysql is None or not isinstance(exc, pymysql.err.MySQLError) or not exc.args:
        return None
    code = exc.args[0]
    return code if isinstance(code, int) else None


def _is_row_error(exc: BaseException, layout: Layout) -> bool:
    """True for an error about the values written (the target cannot store them), as opposed
    to one about the connection, a lock, the disk, or a session id inserted meanwhile."""
    if isinstance(exc, (OverflowError, ValueError)):
        return True
    if _is_unique_violation(exc):
        return _is_runs_conflict(exc, layout)
    row_errors: list[type[BaseException]] = [
        sqlite3.IntegrityError,
        sqlite3.DataError,
        sqlite3.InterfaceError,
        sqlite3.ProgrammingError,
    ]
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None:
        row_errors += [psycopg.DataError, psycopg.IntegrityError]
    pymysql = sys.modules.get("pymysql")
    if pymysql is not None:
        row_errors += [pymysql.err.DataError, pymysql.err.IntegrityError]
        if _mysql_code(exc) in _MYSQL_VALUE_ERRORS:
            return True
    return isinstance(exc, tuple(row_errors))


def _reason(exc: BaseException, layout: Layout) -> str:
    """Why the target refused a session, in one line."""
    if _is_runs_conflict(exc, layout):
        return "a run_id of this session already belongs to another session in the target"
    mysql_code = _mysql_code(exc)
    message = exc.args[1] if mysql_code is not None and len(exc.args) > 1 else exc
    text = " ".join(str(message).split("\n", 1)[0].split()) or type(exc).__name__
    if mysql_code in (4025, 3819):
        text += " (the table's CHECK, json_valid on MariaDB: not JSON this server accepts)"
    detail = getattr(getattr(exc, "diag", None), "message_detail", None)
    if detail:
        text += f" ({' '.join(str(detail).split())})"
    return mask_url(text)
