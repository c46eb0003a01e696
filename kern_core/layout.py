"""Detect which storage layout a session table uses, from the tables and columns that exist.

- ``column``: runs live in a JSON list column ``runs`` on the session table (agno 2.x).
- ``table``:  runs live in a runs table, one row per run, ordered by ``run_index`` (agno 3.x).
- ``both``:   a table migrated by agno 3.x keeps the legacy column next to the runs table;
  reads merge the two exactly as agno does.

Detection looks at the schema itself, never at a version number alone. The runs table is the
one agno names (``agno_runs``, ``<table>_runs``) when it has the foreign key to the session
table, else the one table with run columns and that foreign key (agno's ``runs_table=`` names
it freely), or the name given explicitly.

agno 3.1 keeps more of a session in tables of their own (:data:`LINKED_TABLES`, and the tool
result payloads in ``agno_fs``, which PostgreSQL keeps in the ``fs`` schema); they are found
by name and key column and listed in :attr:`Layout.linked`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from kern_core.backend import Backend, check_identifier, quote
from kern_core.errors import TableMissingError, UnrecognisedTableError

REQUIRED_SESSION_COLUMNS = ("session_id", "session_type", "created_at")
REQUIRED_RUN_COLUMNS = ("run_id", "session_id", "run_data")
VERSIONS_TABLE = "agno_schema_versions"
DEFAULT_SESSION_TABLE = "agno_sessions"
DEFAULT_RUNS_TABLE = "agno_runs"
#: agno 3.1's session-linked tables (fixed names, whatever the session table): name, the
#: column holding the session id, and what it holds.
LINKED_TABLES = (
    ("agno_compactions", "session_id", "compactions"),
    ("agno_tool_results", "session_id", "tool_results"),
    ("agno_transcripts", "agno_session_id", "transcripts"),
)
PAYLOAD_TABLE = "agno_fs"
PAYLOAD_SCHEMA = "fs"
PAYLOAD_COLUMNS = ("namespace", "path")


@dataclass(frozen=True)
class LinkedTable:
    """A table holding part of a session outside the session and runs tables.

    ``role`` is ``compactions``, ``tool_results``, ``transcripts``, ``sandbox_bindings`` or
    ``payloads`` (tool-result bytes, tied to a session through its ``tool_results`` rows);
    ``schema`` is set when the table lives outside the session table's schema.
    """

    name: str
    key: str
    role: str
    schema: str | None = None

    @property
    def display(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name

    def sql(self, backend: Backend) -> str:
        """The quoted, qualified name to use in a statement."""
        if self.schema:
            return f"{quote(self.schema)}.{quote(self.name)}"
        return backend.table(self.name)


@dataclass(frozen=True)
class Layout:
    """What exists for one session table."""

    session_table: str
    columns: tuple[str, ...]
    runs_table: str | None
    runs_columns: tuple[str, ...] = ()
    version: str | None = None
    runs_version: str | None = None
    linked: tuple[LinkedTable, ...] = ()

    def linked_table(self, role: str) -> LinkedTable | None:
        return next((t for t in self.linked if t.role == role), None)

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
            hint="pass {option:table} with the name of the agno session table",
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
        linked=_linked_tables(backend, conn, session_table, tables),
    )


def _is_runs_table(backend: Backend, conn: Any, name: str) -> bool:
    cols = backend.columns(conn, name)
    return all(c in cols for c in REQUIRED_RUN_COLUMNS)


def _find_runs_table(
    backend: Backend, conn: Any, session_table: str, explicit: str | None, tables: list[str]
) -> str | None:
    """The runs table: the explicit one; else agno's name for it when it has the foreign key to
    the session table; else the one run-shaped table with that key (a stamp in
    agno_schema_versions settles a tie); else ``<table>_runs`` without the key."""
    if explicit:
        check_identifier(explicit)
        if explicit not in tables:
            return None
        if not _is_runs_table(backend, conn, explicit):
            raise UnrecognisedTableError(
                f"table {explicit} in {backend.display} is not a runs table "
                f"(needs {', '.join(REQUIRED_RUN_COLUMNS)})",
                hint="pass {option:runs-table} with the name of the agno runs table",
            )
        return explicit
    primary = default_runs_table(session_table)
    preferred = list(dict.fromkeys([primary, DEFAULT_RUNS_TABLE]))
    for name in preferred:
        if (
            name in tables
            and _is_runs_table(backend, conn, name)
            and session_table in backend.foreign_key_targets(conn, name)
        ):
            return name
    candidates = [
        t
        for t in referencing_tables(backend, conn, session_table)
        if t in tables and t not in preferred and _is_runs_table(backend, conn, t)
    ]
    if len(candidates) > 1:
        stamped = [t for t in candidates if t in _versions(backend, conn, tables, list(candidates))]
        candidates = stamped if stamped else candidates
    if len(candidates) > 1:
        raise UnrecognisedTableError(
            f"more than one runs table refers to {session_table} in {backend.display}: "
            f"{', '.join(sorted(candidates))}",
            hint="pass {option:runs-table-name} to say which one agno uses",
        )
    if candidates:
        return candidates[0]
    if primary in tables and _is_runs_table(backend, conn, primary):
        return primary
    return None


def referencing_tables(backend: Backend, conn: Any, table: str) -> list[str]:
    """Tables of the same schema (or file) with a foreign key to ``table``, in one query."""
    if backend.kind == "postgresql":
        rows = conn.execute(
            "SELECT DISTINCT t.relname FROM pg_catalog.pg_constraint c "
            "JOIN pg_catalog.pg_class t ON t.oid = c.conrelid "
            "JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace "
            "JOIN pg_catalog.pg_class ref ON ref.oid = c.confrelid "
            "JOIN pg_catalog.pg_namespace rn ON rn.oid = ref.relnamespace "
            "WHERE c.contype = 'f' AND n.nspname = %s AND rn.nspname = %s AND ref.relname = %s "
            "ORDER BY 1",
            (backend.schema, backend.schema, table),
        ).fetchall()
    else:
        rows = conn.execute(
            "SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f "
            "WHERE m.type = 'table' AND f.\"table\" = ? ORDER BY 1",
            (table,),
        ).fetchall()
    return [str(r[0]) for r in rows]


def sandbox_table_name(session_table: str) -> str:
    """agno's PostgreSQL sandbox-bindings table for a session table (within 63 bytes)."""
    suffix = "_sandbox_bindings"
    name = session_table + suffix
    if len(name.encode()) <= 63:
        return name
    digest = "_" + hashlib.sha256(session_table.encode()).hexdigest()[:8]
    prefix = session_table.encode()[: 63 - len(suffix) - len(digest)].decode(errors="ignore")
    return prefix + digest + suffix


def _linked_tables(
    backend: Backend, conn: Any, session_table: str, tables: list[str]
) -> tuple[LinkedTable, ...]:
    found = [
        LinkedTable(name, key, role)
        for name, key, role in LINKED_TABLES
        if name in tables and key in backend.columns(conn, name)
    ]
    sandbox = sandbox_table_name(session_table)
    if sandbox in tables and session_table in backend.foreign_key_targets(conn, sandbox):
        found.append(LinkedTable(sandbox, "session_id", "sandbox_bindings"))
    if any(t.role == "tool_results" for t in found):
        payloads = _payload_table(backend, conn, tables)
        if payloads is not None:
            found.append(payloads)
    return tuple(found)


def _payload_table(backend: Backend, conn: Any, tables: list[str]) -> LinkedTable | None:
    """agno_fs: in the same SQLite file, or in PostgreSQL's ``fs`` schema (one per database)."""
    if backend.kind != "postgresql":
        if PAYLOAD_TABLE not in tables:
            return None
        cols = backend.columns(conn, PAYLOAD_TABLE)
        schema = None
    else:
        rows = conn.execute(
            "SELECT a.attname FROM pg_catalog.pg_attribute a "
            "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relname = %s AND a.attnum > 0 AND NOT a.attisdropped",
            (PAYLOAD_SCHEMA, PAYLOAD_TABLE),
        ).fetchall()
        cols = [r[0] for r in rows]
        schema = PAYLOAD_SCHEMA
    if not all(c in cols for c in PAYLOAD_COLUMNS):
        return None
    return LinkedTable(PAYLOAD_TABLE, "namespace", "payloads", schema)


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
        if not isinstance(version, str):
            continue
        if name not in found or version_key(version) > version_key(found[name]):
            found[name] = version
    return found


def version_key(version: str) -> tuple[int, ...]:
    """``"3.0.0"`` -> ``(3, 0, 0)``, for comparing agno version stamps."""
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
        hint = f"session tables there: {', '.join(sessionish)}; pass {{option:table}} NAME"
    elif tables:
        shown = ", ".join(tables[:10]) + (" …" if len(tables) > 10 else "")
        hint = f"tables there: {shown}"
    else:
        hint = "no tables there"
    elsewhere = getattr(backend, "session_tables_elsewhere", None)
    if elsewhere is not None:
        others = [t for t in elsewhere(conn) if t.split(".", 1)[0] != backend.schema]
        if others:
            hint += (
                f"; session tables in other schemas: {', '.join(others)} (pass {{option:schema}})"
            )
    return TableMissingError(f"session table {session_table} not found in {where}", hint=hint)
