"""Detect which storage layout a session table uses, from the tables and columns that exist.

- ``column``: runs live in a JSON list column ``runs`` on the session table (agno 2.x).
- ``table``:  runs live in a runs table, one row per run, ordered by ``run_index`` (agno 3.x).
- ``both``:   a table migrated by agno 3.x keeps the legacy column next to the runs table;
  reads merge the two exactly as agno does.

Detection looks at the schema itself, never at a version number alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kern_core.backend import Backend, check_identifier
from kern_core.errors import TableMissingError, UnrecognisedTableError

REQUIRED_SESSION_COLUMNS = ("session_id", "session_type", "created_at")
REQUIRED_RUN_COLUMNS = ("run_id", "session_id", "run_data")
VERSIONS_TABLE = "agno_schema_versions"
DEFAULT_SESSION_TABLE = "agno_sessions"
DEFAULT_RUNS_TABLE = "agno_runs"


@dataclass(frozen=True)
class Layout:
    """What exists for one session table."""

    session_table: str
    columns: tuple[str, ...]
    runs_table: str | None
    runs_columns: tuple[str, ...] = ()
    version: str | None = None
    runs_version: str | None = None

    @property
    def has_runs_column(self) -> bool:
        return "runs" in self.columns

    @property
    def kind(self) -> str:
        """``column``, ``table`` or ``both`` (a 3.x table with no runs yet counts as ``table``)."""
        if self.has_runs_column and self.runs_table:
            return "both"
        if self.has_runs_column:
            return "column"
        return "table"

    def has(self, column: str) -> bool:
        return column in self.columns


def default_runs_table(session_table: str) -> str:
    """agno's rule: ``agno_runs`` for the default session table, ``<table>_runs`` otherwise."""
    if session_table == DEFAULT_SESSION_TABLE:
        return DEFAULT_RUNS_TABLE
    return f"{session_table}_runs"


def detect(backend: Backend, conn: Any, session_table: str, runs_table: str | None) -> Layout:
    """Inspect the database and describe the session table's layout.

    Raises :class:`TableMissingError` (naming the tables that do exist, and where) when the
    session table is absent, and :class:`UnrecognisedTableError` when it lacks session columns.
    """
    check_identifier(session_table)
    tables = backend.list_tables(conn)
    if session_table not in tables:
        raise _missing(backend, conn, session_table, tables)
    columns = tuple(backend.columns(conn, session_table))
    missing = [c for c in REQUIRED_SESSION_COLUMNS if c not in columns]
    if missing:
        raise UnrecognisedTableError(
            f"table {session_table} in {backend.display} is not a session table "
            f"(no {', '.join(missing)} column)",
            hint="pass --table with the name of the agno session table",
        )
    runs_name = _find_runs_table(backend, conn, session_table, runs_table, tables)
    runs_columns = tuple(backend.columns(conn, runs_name)) if runs_name else ()
    versions = _versions(backend, conn, tables, [session_table, runs_name])
    return Layout(
        session_table=session_table,
        columns=columns,
        runs_table=runs_name,
        runs_columns=runs_columns,
        version=versions.get(session_table),
        runs_version=versions.get(runs_name) if runs_name else None,
    )


def _find_runs_table(
    backend: Backend, conn: Any, session_table: str, explicit: str | None, tables: list[str]
) -> str | None:
    if explicit:
        check_identifier(explicit)
        candidates = [explicit]
    else:
        primary = default_runs_table(session_table)
        other = DEFAULT_RUNS_TABLE if primary != DEFAULT_RUNS_TABLE else None
        candidates = [primary] + ([other] if other else [])
    for name in candidates:
        if name not in tables:
            continue
        cols = backend.columns(conn, name)
        if not all(c in cols for c in REQUIRED_RUN_COLUMNS):
            continue
        is_default_guess = explicit is None and name != default_runs_table(session_table)
        if is_default_guess and session_table not in backend.foreign_key_targets(conn, name):
            continue
        return name
    return None


def _versions(
    backend: Backend, conn: Any, tables: list[str], names: list[str | None]
) -> dict[str, str]:
    if VERSIONS_TABLE not in tables:
        return {}
    wanted = [n for n in names if n]
    cols = backend.columns(conn, VERSIONS_TABLE)
    if "table_name" not in cols or "version" not in cols:
        return {}
    cond, params = backend.in_clause("table_name", wanted)
    sql = f"SELECT table_name, version FROM {backend.table(VERSIONS_TABLE)} WHERE {cond}"
    found: dict[str, str] = {}
    for name, version in conn.execute(sql, params).fetchall():
        if isinstance(version, str) and (name not in found or _vkey(version) > _vkey(found[name])):
            found[name] = version
    return found


def _vkey(version: str) -> tuple[int, ...]:
    parts = []
    for piece in version.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def _missing(
    backend: Backend, conn: Any, session_table: str, tables: list[str]
) -> TableMissingError:
    sessionish = [t for t in tables if "session_type" in backend.columns(conn, t)]
    where = backend.display
    if sessionish:
        hint = f"session tables there: {', '.join(sessionish)}; pass --table NAME"
    elif tables:
        shown = ", ".join(tables[:10]) + (" …" if len(tables) > 10 else "")
        hint = f"tables there: {shown}"
    else:
        hint = "no tables there"
    elsewhere = getattr(backend, "session_tables_elsewhere", None)
    if elsewhere is not None:
        others = [t for t in elsewhere(conn) if t.split(".", 1)[0] != backend.schema]
        if others:
            hint += f"; session tables in other schemas: {', '.join(others)} (pass --schema)"
    return TableMissingError(f"session table {session_table} not found in {where}", hint=hint)
