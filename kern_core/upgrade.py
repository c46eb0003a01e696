"""Upgrade a runs-column (agno 2.x) session table to the runs-table layout, as agno's v3_0_0 does.

Steps, as agno 3.x's ``MigrationManager(db).up()`` runs them for the sessions table:

1. create the runs table exactly as agno 3.x does (``agno_runs`` for ``agno_sessions``, else
   ``<table>_runs``; foreign key ON DELETE CASCADE), stamped ``3.0.0`` when created;
2. copy every run of the legacy ``runs`` column into it: ``run_index`` = its position in the
   list, ``run_type`` agent if ``agent_id`` else team if ``team_id`` else workflow, ``user_id``
   = the session's, ``created_at`` = the run's or now; runs without a ``run_id`` are left in the
   column only (agno skips them too); ``INSERT ... ON CONFLICT (run_id) DO NOTHING``;
3. stamp the session table ``3.0.0`` in ``agno_schema_versions``.

The legacy column and its content are kept (agno keeps them as a backup; reads merge both).
Crash-safe: step 2 runs one transaction per batch of sessions and the stamp comes last, so a
rerun after a kill sees the unstamped table and finishes the copy; DO NOTHING keeps it from
doubling anything. A run_id found in more than one session is kept for the first session in
session_id order and counted in ``duplicate_run_ids`` (agno keeps whichever its
unordered scan meets first). Never run implicitly by any other operation.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kern_core import jsoncodec, schema
from kern_core.db import SessionDb
from kern_core.dialect import Dialect
from kern_core.errors import BadInputError, KernError
from kern_core.layout import Layout, default_runs_table
from kern_core.model import RUN_COLUMNS
from kern_core.table import SessionTable
from kern_core.writing import create_tables

TARGET_VERSION = schema.TABLE_LAYOUT_VERSION
DEFAULT_BATCH_SIZE = 200


@dataclass(frozen=True)
class UpgradePlan:
    """What an upgrade would do: nothing (``needed`` False) or these steps and statements."""

    needed: bool
    layout: str
    version: str | None
    runs_table: str
    sessions: int = 0
    runs: int = 0
    steps: list[str] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)


@dataclass
class UpgradeReport:
    """What an upgrade did."""

    upgraded: bool = False
    sessions: int = 0
    runs_copied: int = 0
    runs_already_present: int = 0
    duplicate_run_ids: int = 0
    runs_without_id: int = 0


ProgressHandler = Callable[[UpgradeReport], None]


def plan_upgrade(db: SessionDb) -> UpgradePlan:
    """Describe the upgrade (read-only): its steps, the SQL it would run, and the counts."""
    dialect = db.dialect
    with db.reading(refresh=True) as t:
        layout = t.layout
        runs_name = layout.runs_table or db.runs_table or default_runs_table(db.session_table)
        if not _needed(layout):
            return UpgradePlan(False, layout.kind, layout.version, runs_name)
        check_integrity(dialect, t.conn)
        sessions, runs = _legacy_counts(t)
        existing = set(dialect.list_tables(t.conn))
    ddl = schema.create_statements(dialect, db.session_table, runs_name, True, existing)
    steps = []
    if runs_name not in existing:
        steps.append(f"create the runs table {runs_name} (stamped {TARGET_VERSION})")
    steps += [
        f"copy {runs} run(s) of {sessions} session(s) from {db.session_table}.runs into "
        f"{runs_name} ({dialect.upsert_clause(RUN_COLUMNS, ['run_id'], [])}: a run id already "
        "there is kept; one transaction per batch)",
        f"stamp {db.session_table} {TARGET_VERSION} in agno_schema_versions",
        f"keep the legacy {db.session_table}.runs column as a backup",
    ]
    statements = ddl + [_insert_sql(dialect, runs_name), schema.stamp_statement(dialect)]
    return UpgradePlan(
        True,
        layout.kind,
        layout.version,
        runs_name,
        sessions=sessions,
        runs=runs,
        steps=steps,
        statements=statements,
    )


def upgrade(
    db: SessionDb,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_progress: ProgressHandler | None = None,
) -> UpgradeReport:
    """Run the upgrade; a no-op (``upgraded`` False) on a table already at the runs layout."""
    if batch_size < 1:
        raise BadInputError("batch size must be at least 1")
    dialect = db.dialect
    report = UpgradeReport()
    with db.writing() as t:
        if not _needed(t.layout):
            return report
        check_integrity(dialect, t.conn)
        runs_name = t.layout.runs_table or db.runs_table or default_runs_table(db.session_table)
        with t.transaction():
            create_tables(dialect, t.conn, db.session_table, runs_name, True)
        t = t.with_layout(db.detect(t.conn, runs_name))
        _copy_all(t, batch_size, report, on_progress)
        with t.transaction():
            now = schema.now_iso()
            t.execute(schema.stamp_statement(dialect), [db.session_table, TARGET_VERSION, now, now])
            # On MySQL the runs table's CREATE TABLE commits at once, so a failure before
            # its stamp leaves it unstamped, and the rerun finds it there and creates nothing.
            schema.stamp_unless_stamped(
                dialect, t.conn, runs_name, schema.TABLE_LAYOUT_VERSION, now
            )
        db.detect(t.conn)
        dialect.end_read(t.conn)
    report.upgraded = True
    return report


def check_integrity(dialect: Dialect, conn: Any) -> None:
    """Refuse to upgrade a SQLite file that fails ``PRAGMA quick_check``: copying runs out of a
    damaged file would spread the damage, and the upgrade could not be trusted."""
    problem = dialect.integrity_problem(conn)
    if problem is not None:
        raise KernError(
            f"{dialect.display} fails SQLite's integrity check ({problem}); not upgrading it",
            hint="restore it from a backup, or recover what is readable with sqlite3's .recover",
        )


def _needed(layout: Layout) -> bool:
    """Column layout, or a runs table whose copy has not been stamped finished."""
    if not layout.has_runs_column:
        return False
    return layout.kind == "column" or layout.version != TARGET_VERSION


def _legacy_counts(t: SessionTable) -> tuple[int, int]:
    length = t.dialect.json_array_length_expr("runs")
    row = t.conn.execute(
        f"SELECT count(*), COALESCE(SUM({length}), 0) FROM {t.sessions} WHERE runs IS NOT NULL"
    ).fetchone()
    return int(row[0]), int(row[1] or 0)


def _insert_sql(dialect: Dialect, runs_table: str) -> str:
    return (
        f"INSERT INTO {dialect.table(runs_table)} ({', '.join(RUN_COLUMNS)}) "
        f"VALUES ({dialect.params(len(RUN_COLUMNS))}) "
        + dialect.upsert_clause(RUN_COLUMNS, ["run_id"], [])
    )


def _copy_all(
    t: SessionTable,
    batch_size: int,
    report: UpgradeReport,
    on_progress: ProgressHandler | None,
) -> None:
    """Copy the legacy runs, a batch of sessions per transaction, in session_id order."""
    after: str | None = None
    while True:
        with t.transaction():
            rows = _legacy_batch(t, after, batch_size)
            if not rows:
                return
            _copy_batch(t, rows, report)
        report.sessions += len(rows)
        if on_progress is not None:
            on_progress(report)
        after = str(rows[-1][0])


def _legacy_batch(t: SessionTable, after: str | None, limit: int) -> list[Sequence[Any]]:
    """The next sessions with a legacy runs value, in session_id (primary key) order."""
    where, params = "WHERE runs IS NOT NULL", list[Any]()
    if after is not None:
        where += f" AND session_id > {t.param}"
        params.append(after)
    sql = (
        f"SELECT session_id, user_id, {t.dialect.json_text('runs')} "
        f"FROM {t.sessions} {where} "
        f"ORDER BY session_id LIMIT {int(limit)}"
    )
    return list(t.conn.execute(sql, params).fetchall())


def _copy_batch(t: SessionTable, rows: list[Sequence[Any]], report: UpgradeReport) -> None:
    assert t.layout.runs_table is not None
    built: list[list[Any]] = []
    owner: dict[str, str] = {}
    for session_id, user_id, raw in rows:
        for values in build_run_rows(_decode_runs(raw), str(session_id), user_id, report):
            rid = values[0]
            if rid in owner:
                report.duplicate_run_ids += int(owner[rid] != session_id)
                continue
            owner[rid] = str(session_id)
            built.append(values)
    stored = _stored_owners(t.dialect, t.conn, t.layout.runs_table, list(owner))
    todo = []
    for values in built:
        there = stored.get(values[0])
        if there is None:
            todo.append(values)
        elif there == values[1]:
            report.runs_already_present += 1
        else:
            report.duplicate_run_ids += 1
    if todo:
        t.dialect.executemany(t.conn, _insert_sql(t.dialect, t.layout.runs_table), todo)
        report.runs_copied += len(todo)


def _decode_runs(raw: Any) -> list[Any]:
    try:
        value = jsoncodec.decode(raw)
    except jsoncodec.MalformedJSON:
        return []
    return value if isinstance(value, list) else []


def build_run_rows(
    runs: list[Any], session_id: str, user_id: str | None, report: UpgradeReport
) -> list[list[Any]]:
    """Runs-table rows for one session's legacy list, built exactly as agno's v3_0_0 builds
    them (``_build_run_rows``), in :data:`RUN_COLUMNS` order."""
    now = int(time.time())
    out = []
    for index, run in enumerate(runs):
        if not isinstance(run, dict) or run.get("run_id") is None:
            report.runs_without_id += 1
            continue
        if run.get("agent_id"):
            run_type = "agent"
        elif run.get("team_id"):
            run_type = "team"
        else:
            run_type = "workflow"
        out.append(
            [
                str(run["run_id"]),
                session_id,
                run_type,
                run.get("agent_id"),
                run.get("team_id"),
                run.get("workflow_id"),
                user_id,
                run.get("parent_run_id"),
                run.get("status"),
                index,
                jsoncodec.dumps(run),
                _created_at(run.get("created_at"), now),
                now,
            ]
        )
    return out


_BIGINT = 2**63


def _created_at(value: Any, now: int) -> int:
    """The run's ``created_at`` as agno's migration takes it (missing or 0: now), as an integer
    that fits the BIGINT column; a stored number that does not (``1e400``, a 400-digit integer,
    text) also becomes now, while the run's own JSON keeps the exact stored token."""
    if isinstance(value, bool) or not value:
        return now
    if isinstance(value, jsoncodec.JSONNumber):
        value = float(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return now
        value = int(value)
    if not isinstance(value, int) or not -_BIGINT <= value < _BIGINT:
        return now
    return value


def _stored_owners(
    dialect: Dialect, conn: Any, runs_table: str, run_ids: list[str]
) -> dict[str, str]:
    if not run_ids:
        return {}
    cond, params = dialect.in_clause("run_id", run_ids)
    sql = f"SELECT run_id, session_id FROM {dialect.table(runs_table)} WHERE {cond}"
    return {str(r): str(s) for r, s in conn.execute(sql, params).fetchall()}


#: The package-level name (``kern_core.upgrade`` is this module).
upgrade_table = upgrade
