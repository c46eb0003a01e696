"""Write sessions: create tables on first write, upsert sessions with their runs, delete, rename.

Each public function works inside one transaction the caller opened (``Backend.transaction``),
so a batch is either written whole or not at all.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kern_core import jsoncodec
from kern_core.backend import Backend
from kern_core.errors import BadInputError, ConflictError
from kern_core.layout import Layout
from kern_core.linked import delete_linked
from kern_core.model import FIELDS, Session

SESSION_WRITE_COLUMNS = tuple(f for f in FIELDS if f != "runs")
RUN_WRITE_COLUMNS = (
    "run_id",
    "session_id",
    "run_type",
    "agent_id",
    "team_id",
    "workflow_id",
    "user_id",
    "parent_run_id",
    "status",
    "run_index",
    "run_data",
    "created_at",
    "updated_at",
)
ON_CONFLICT = ("skip", "replace", "fail")


@dataclass
class WriteReport:
    """What an upsert did, by session id."""

    inserted: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    runs_written: int = 0

    def add(self, other: WriteReport) -> None:
        self.inserted += other.inserted
        self.replaced += other.replaced
        self.skipped += other.skipped
        self.runs_written += other.runs_written


@dataclass
class DeleteReport:
    """Sessions and runs a delete removed, the requested ids that did not exist, and the rows
    removed from each session-linked table (:mod:`kern_core.linked`)."""

    sessions: int = 0
    runs: int = 0
    missing: list[str] = field(default_factory=list)
    linked: dict[str, int] = field(default_factory=dict)

    def add(self, other: DeleteReport) -> None:
        """Add another batch's counts to these."""
        self.sessions += other.sessions
        self.runs += other.runs
        self.missing += other.missing
        for table, count in other.linked.items():
            self.linked[table] = self.linked.get(table, 0) + count


def existing_ids(backend: Backend, conn: Any, layout: Layout, ids: Sequence[str]) -> set[str]:
    if not ids:
        return set()
    cond, params = backend.in_clause("session_id", ids)
    sql = f"SELECT session_id FROM {backend.table(layout.session_table)} WHERE {cond}"
    return {str(r[0]) for r in conn.execute(sql, params).fetchall()}


def upsert_batch(
    backend: Backend,
    conn: Any,
    layout: Layout,
    sessions: Sequence[Session],
    on_conflict: str = "replace",
) -> WriteReport:
    """Insert or replace a batch of sessions with their runs (inside the caller's transaction).

    ``replace`` rewrites the whole record, runs included (runs no longer listed are removed);
    ``skip`` leaves existing sessions untouched; ``fail`` raises :class:`ConflictError`.
    """
    if on_conflict not in ON_CONFLICT:
        raise BadInputError(f"on_conflict must be one of {', '.join(ON_CONFLICT)}")
    _check_unique(sessions)
    report = WriteReport()
    found = existing_ids(backend, conn, layout, [s.session_id for s in sessions])
    if found and on_conflict == "fail":
        shown = ", ".join(sorted(found)[:5])
        raise ConflictError(f"{len(found)} session(s) already exist: {shown}")
    todo = []
    for s in sessions:
        if s.session_id in found:
            if on_conflict == "skip":
                report.skipped.append(s.session_id)
                continue
            report.replaced.append(s.session_id)
        else:
            report.inserted.append(s.session_id)
        todo.append(s)
    if not todo:
        return report
    if backend.kind == "postgresql":
        for s in todo:
            _check_postgres_safe(s)
    runs_in_table = layout.runs_table is not None and layout.kind != "column"
    if runs_in_table and report.replaced:
        delete_runs(backend, conn, layout, report.replaced)
    _write_session_rows(backend, conn, layout, todo, runs_in_table)
    if runs_in_table:
        report.runs_written = _write_run_rows(backend, conn, layout, todo)
    else:
        report.runs_written = sum(len(s.runs) for s in todo)
    if any(s.linked for s in todo):
        from kern_core.linked_copy import write_record_linked

        write_record_linked(backend, conn, layout, [s for s in todo if s.linked], report.replaced)
    return report


def _check_unique(sessions: Sequence[Session]) -> None:
    seen: set[str] = set()
    for s in sessions:
        if s.session_id in seen:
            raise BadInputError(f"session {s.session_id} appears twice in the input")
        seen.add(s.session_id)


def _check_postgres_safe(session: Session) -> None:
    """PostgreSQL cannot store NUL characters in text or jsonb: refuse rather than strip."""
    for name in ("session_id", "agent_id", "team_id", "workflow_id", "user_id"):
        value = getattr(session, name)
        if isinstance(value, str) and "\x00" in value:
            raise BadInputError(
                f"session {session.session_id!r}: {name} contains a NUL character, "
                "which PostgreSQL cannot store"
            )
    for name, value in _json_values(session):
        if value is not None and "\\u0000" in value:
            raise BadInputError(
                f"session {session.session_id!r}: {name} contains a NUL character, "
                "which PostgreSQL jsonb cannot store"
            )


def _json_values(session: Session) -> list[tuple[str, str | None]]:
    return [
        (name, jsoncodec.encode(getattr(session, name)))
        for name in (
            "session_data",
            "agent_data",
            "team_data",
            "workflow_data",
            "metadata",
            "summary",
        )
    ] + [("runs", jsoncodec.encode([dict(r) for r in session.runs]))]


def _write_session_rows(
    backend: Backend, conn: Any, layout: Layout, sessions: Sequence[Session], runs_in_table: bool
) -> None:
    columns = [c for c in SESSION_WRITE_COLUMNS if layout.has(c)]
    if layout.has_runs_column:
        columns.insert(columns.index("summary") if "summary" in columns else len(columns), "runs")
    quoted = ", ".join('"metadata"' if c == "metadata" else c for c in columns)
    updates = ", ".join(
        f"{q} = excluded.{q}"
        for q in ('"metadata"' if c == "metadata" else c for c in columns if c != "session_id")
    )
    sql = (
        f"INSERT INTO {backend.table(layout.session_table)} ({quoted}) "
        f"VALUES ({backend.params(len(columns))}) "
        f"ON CONFLICT (session_id) DO UPDATE SET {updates}"
    )
    rows = []
    for s in sessions:
        values: dict[str, Any] = {
            "session_id": s.session_id,
            "session_type": s.session_type,
            "agent_id": s.agent_id,
            "team_id": s.team_id,
            "workflow_id": s.workflow_id,
            "user_id": s.user_id,
            "created_at": int(s.created_at),
            "updated_at": None if s.updated_at is None else int(s.updated_at),
        }
        for name in (
            "session_data",
            "agent_data",
            "team_data",
            "workflow_data",
            "metadata",
            "summary",
        ):
            values[name] = jsoncodec.encode(getattr(s, name))
        if runs_in_table:
            values["runs"] = None
        else:
            values["runs"] = jsoncodec.encode([dict(r) for r in s.runs]) if s.runs else None
        rows.append([values[c] for c in columns])
    backend.executemany(conn, sql, rows)


def _write_run_rows(
    backend: Backend, conn: Any, layout: Layout, sessions: Sequence[Session]
) -> int:
    runs_table = layout.runs_table
    assert runs_table is not None
    columns = [c for c in RUN_WRITE_COLUMNS if c in layout.runs_columns]
    sql = (
        f"INSERT INTO {backend.table(runs_table)} ({', '.join(columns)}) "
        f"VALUES ({backend.params(len(columns))})"
    )
    rows = [
        row
        for s in sessions
        for row in run_rows(s, [jsoncodec.dumps(dict(run)) for run in s.runs], columns)
    ]
    if rows:
        try:
            backend.executemany(conn, sql, rows)
        except Exception as exc:
            if "unique" in str(exc).lower() or "duplicate" in str(exc).lower():
                raise ConflictError(
                    "a run_id in the input already belongs to another session",
                    hint="run ids are unique across the runs table",
                ) from None
            raise
    return len(rows)


def run_rows(session: Session, texts: Sequence[str], columns: Sequence[str]) -> list[list[Any]]:
    """Runs-table rows for a session's runs (``texts``: each run's JSON), columns derived from
    each payload the way agno's ``build_single_run_row`` derives them."""
    now = int(time.time())
    rows = []
    for index, (run, text) in enumerate(zip(session.runs, texts, strict=True)):
        if not run.run_id:
            raise BadInputError(
                f"session {session.session_id}: run {index} has no run_id, "
                "which a runs table requires"
            )
        values = {
            "run_id": run.run_id,
            "session_id": session.session_id,
            "run_type": run.run_type,
            "agent_id": _str_or_none(run.get("agent_id")),
            "team_id": _str_or_none(run.get("team_id")),
            "workflow_id": _str_or_none(run.get("workflow_id")),
            "user_id": _str_or_none(run.get("user_id")) or session.user_id,
            "parent_run_id": run.parent_run_id,
            "status": run.status,
            "run_index": index,
            "run_data": text,
            "created_at": run.created_at if run.created_at is not None else now,
            "updated_at": now,
        }
        rows.append([values[c] for c in columns])
    return rows


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def delete_runs(backend: Backend, conn: Any, layout: Layout, session_ids: Sequence[str]) -> int:
    """Delete the runs-table rows of these sessions; returns how many went."""
    if not layout.runs_table or not session_ids:
        return 0
    cond, params = backend.in_clause("session_id", session_ids)
    cur = conn.execute(f"DELETE FROM {backend.table(layout.runs_table)} WHERE {cond}", params)
    return max(int(cur.rowcount), 0)


def legacy_run_count(backend: Backend, conn: Any, layout: Layout, ids: Sequence[str]) -> int:
    """Runs held in the legacy ``runs`` column of these sessions (0 without the column)."""
    if not layout.has_runs_column or not ids:
        return 0
    cond, params = backend.in_clause("session_id", ids)
    expr = backend.json_array_length_expr("runs")
    sql = f"SELECT COALESCE(SUM({expr}), 0) FROM {backend.table(layout.session_table)} WHERE {cond}"
    return int(conn.execute(sql, params).fetchone()[0] or 0)


def delete_batch(
    backend: Backend, conn: Any, layout: Layout, session_ids: Sequence[str]
) -> DeleteReport:
    """Delete sessions and every run they own (inside the caller's transaction).

    Runs are deleted explicitly, so no orphan is left whatever SQLite's foreign-key pragma says.
    In the ``both`` layout, runs in the legacy column go with their session row.
    """
    ids = list(dict.fromkeys(session_ids))
    report = DeleteReport()
    report.linked = delete_linked(backend, conn, layout, ids)
    found = existing_ids(backend, conn, layout, ids)
    report.missing = [i for i in ids if i not in found]
    present = [i for i in ids if i in found]
    if not present:
        return report
    legacy = legacy_run_count(backend, conn, layout, present)
    report.runs = delete_runs(backend, conn, layout, present)
    if layout.kind == "both":
        report.runs = max(report.runs, legacy)
    elif layout.kind == "column":
        report.runs = legacy
    cond, params = backend.in_clause("session_id", present)
    cur = conn.execute(f"DELETE FROM {backend.table(layout.session_table)} WHERE {cond}", params)
    report.sessions = max(int(cur.rowcount), 0)
    return report


def rename(backend: Backend, conn: Any, layout: Layout, session_id: str, name: str) -> bool:
    """Set ``session_data.session_name`` and ``updated_at`` (as agno's rename does).

    Returns False when the session does not exist. Refuses to overwrite unreadable session_data.
    """
    p = backend.param
    lock = " FOR UPDATE" if backend.kind == "postgresql" else ""
    row = conn.execute(
        f"SELECT {backend.json_text('session_data')} FROM {backend.table(layout.session_table)} "
        f"WHERE session_id = {p}{lock}",
        [session_id],
    ).fetchone()
    if row is None:
        return False
    try:
        data = jsoncodec.decode(row[0])
    except jsoncodec.MalformedJSON as exc:
        raise BadInputError(f"session {session_id}: session_data is unreadable ({exc})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BadInputError(f"session {session_id}: session_data is not an object")
    data["session_name"] = name
    conn.execute(
        f"UPDATE {backend.table(layout.session_table)} SET session_data = {p}, updated_at = {p} "
        f"WHERE session_id = {p}",
        [jsoncodec.dumps(data), int(time.time()), session_id],
    )
    return True


def create_tables(
    backend: Backend,
    conn: Any,
    session_table: str,
    runs_table: str | None,
    with_runs_column: bool,
) -> list[str]:
    """Create the missing tables (and the PostgreSQL schema) and stamp their versions.

    Returns the statements it ran. A table that exists is left exactly as it is.
    """
    from kern_core import schema

    backend.ensure_schema(conn)
    existing = set(backend.list_tables(conn))
    statements = schema.create_statements(
        backend, session_table, runs_table, with_runs_column, existing
    )
    for sql in statements:
        conn.execute(sql)
    stamps = []
    if session_table not in existing:
        version = schema.COLUMN_LAYOUT_VERSION if with_runs_column else schema.TABLE_LAYOUT_VERSION
        stamps.append((session_table, version))
    if runs_table and runs_table not in existing:
        stamps.append((runs_table, schema.TABLE_LAYOUT_VERSION))
    now = schema.now_iso()
    for table, version in stamps:
        p = backend.param
        exists = conn.execute(
            f"SELECT 1 FROM {backend.table('agno_schema_versions')} WHERE table_name = {p}",
            [table],
        ).fetchone()
        if exists is None:
            conn.execute(schema.stamp_statement(backend), [table, version, now, now])
    return statements
