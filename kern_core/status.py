"""What ``kern db status`` reports: backend, layout, version stamps, sizes, counts, indexes, hints.

Only reads: catalog queries, ``count(*)`` and (for the legacy column) the stored array lengths.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from kern_core.dialect import Dialect, IndexInfo
from kern_core.layout import Layout
from kern_core.table import SessionTable

UPGRADED_VERSION = "3.0.0"


@dataclass(frozen=True)
class Hint:
    """Advice about the table: a short text and, when there is one, the statement to run."""

    message: str
    statement: str | None = None


@dataclass
class Status:
    backend: str
    location: str
    schema: str | None
    session_table: str
    layout: str
    runs_table: str | None
    version: str | None
    runs_version: str | None
    sessions: int
    runs: int
    legacy_runs: int | None = None
    journal_mode: str | None = None
    file_bytes: int | None = None
    session_table_bytes: int | None = None
    runs_table_bytes: int | None = None
    session_indexes: list[IndexInfo] = field(default_factory=list)
    runs_indexes: list[IndexInfo] = field(default_factory=list)
    hints: list[Hint] = field(default_factory=list)
    linked_tables: list[dict[str, Any]] = field(default_factory=list)
    unmigrated_writes: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def db_status(t: SessionTable) -> Status:
    """Describe the session table ``t.layout`` found, with counts, sizes, indexes and hints."""
    status = Status(
        backend=t.dialect.kind,
        location=t.dialect.location.display,
        schema=t.dialect.schema,
        session_table=t.layout.session_table,
        layout=t.layout.kind,
        runs_table=t.layout.runs_table,
        version=t.layout.version,
        runs_version=t.layout.runs_version,
        sessions=_count(t.dialect, t.conn, t.layout.session_table),
        runs=_count(t.dialect, t.conn, t.layout.runs_table) if t.layout.runs_table else 0,
        session_indexes=t.dialect.indexes(t.conn, t.layout.session_table),
        runs_indexes=t.dialect.indexes(t.conn, t.layout.runs_table) if t.layout.runs_table else [],
    )
    if t.layout.has_runs_column:
        status.legacy_runs = _legacy_runs(t)
        if t.layout.kind == "column":
            status.runs = status.legacy_runs
    _sizes(t, status)
    _linked_part(t, status)
    status.hints = hints(t.dialect, t.layout, status)
    return status


def _linked_part(t: SessionTable, status: Status) -> None:
    """The session-linked tables with their rows, and whether agno 3.x wrote a runs table next
    to a 2.x table it never migrated (runs in both places, no 3.0.0 stamp on the table)."""
    from kern_core.layout import version_key
    from kern_core.linked.tables import table_rows

    status.linked_tables = table_rows(t)
    status.unmigrated_writes = (
        t.layout.kind == "both"
        and bool(status.legacy_runs)
        and (t.layout.version is None or version_key(t.layout.version) < (3,))
    )


def _count(dialect: Dialect, conn: Any, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {dialect.table(table)}").fetchone()[0])


def _legacy_runs(t: SessionTable) -> int:
    length = t.dialect.json_array_length_expr("runs")
    sql = f"SELECT sum({length}) FROM {t.sessions}"
    return int(t.conn.execute(sql).fetchone()[0] or 0)


def _sizes(t: SessionTable, status: Status) -> None:
    status.journal_mode = t.dialect.journal_mode(t.conn)
    status.file_bytes = t.dialect.file_bytes()
    status.session_table_bytes = t.dialect.table_bytes(t.conn, t.sessions)
    if t.runs is not None:
        status.runs_table_bytes = t.dialect.table_bytes(t.conn, t.runs)


def hints(dialect: Dialect, layout: Layout, status: Status) -> list[Hint]:
    """Advice: missing indexes for kern's filters, and the layout's upgrade path."""
    from kern_core.indexing import missing_indexes

    indexes = missing_indexes(dialect, layout, status.session_indexes, status.runs_indexes)
    out = [Hint(f"{plan.reason} (kern db index adds it)", plan.statement) for plan in indexes]
    if layout.kind == "column":
        out.append(
            Hint(
                "runs are in a JSON column (agno 2.x); `kern db upgrade` moves them into a runs "
                "table as agno 3.x does"
            )
        )
    elif status.unmigrated_writes:
        out.append(
            Hint(
                f"upgrade incomplete or not migrated: {layout.runs_table} has runs, but the "
                "legacy runs column still holds runs and the table has no 3.0.0 stamp (an "
                "upgrade did not finish, or agno 3.x wrote to a 2.x table without migrating "
                "it); run kern db upgrade again to finish it as agno's own migration does"
            )
        )
    elif layout.kind == "both" and not _stamped_upgraded(layout.version):
        out.append(
            Hint(
                f"upgrade incomplete: the runs table {layout.runs_table} exists but "
                f"{layout.session_table} is not stamped {UPGRADED_VERSION}; run kern db upgrade "
                "again to finish it"
            )
        )
    elif layout.kind == "both":
        out.append(
            Hint(
                f"migrated to a runs table ({layout.runs_table}); the legacy runs column is kept "
                "and merged on read, as agno does"
            )
        )
    if layout.version is None and layout.kind != "both":
        out.append(
            Hint(
                "no schema-version stamp for this table in agno_schema_versions; agno treats "
                "it as 2.0.0 and may try to migrate it"
            )
        )
    return out


def _stamped_upgraded(version: str | None) -> bool:
    """True when the stamp says the run copy finished (3.0.0 or later)."""
    if version is None:
        return False
    parts = []
    for piece in version.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts) >= (3, 0, 0)
