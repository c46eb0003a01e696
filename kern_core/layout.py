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
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from kern_core.dialect import Catalog, Dialect, check_identifier
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

    def sql(self, dialect: Dialect) -> str:
        """The quoted, qualified name to use in a statement."""
        return dialect.qualified(self.name, self.schema)


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
    def runs_in_table(self) -> bool:
        """Whether writes put runs in the runs table (``table`` and ``both``)."""
        return self.runs_table is not None and self.kind != "column"

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

    def with_linked(self, names: Iterable[str], payload_schema: str | None) -> Layout:
        """This layout with agno's linked tables of these names (as kern creates them) listed
        too, without looking at the database: a copy's verifier learns so of the tables its
        writer created."""
        have = {t.name for t in self.linked}
        added = [
            t for t in _created_linked(payload_schema) if t.name in names and t.name not in have
        ]
        return replace(self, linked=self.linked + tuple(added)) if added else self


def _created_linked(payload_schema: str | None) -> list[LinkedTable]:
    """The linked tables as detection finds them once kern has created them."""
    tables = [LinkedTable(name, key, role) for name, key, role in LINKED_TABLES]
    return [*tables, LinkedTable(PAYLOAD_TABLE, "namespace", "payloads", payload_schema)]


def default_runs_table(session_table: str) -> str:
    """agno's rule: ``agno_runs`` for the default session table, ``<table>_runs`` otherwise."""
    if session_table == DEFAULT_SESSION_TABLE:
        return DEFAULT_RUNS_TABLE
    return f"{session_table}_runs"


def detect(dialect: Dialect, conn: Any, session_table: str, runs_table: str | None) -> Layout:
    """Inspect the database and describe the session table's layout.

    Raises :class:`TableMissingError` (naming the tables that do exist, and where) when the
    session table is absent, and :class:`UnrecognisedTableError` when it lacks session columns.
    """
    check_identifier(session_table)
    cat = dialect.catalog(conn)
    tables = cat.tables
    if session_table not in tables:
        raise _missing(cat, session_table, tables)
    columns = tuple(cat.columns(session_table))
    missing = [c for c in REQUIRED_SESSION_COLUMNS if c not in columns]
    if missing:
        raise UnrecognisedTableError(
            f"table {session_table} in {dialect.display} is not a session table "
            f"(no {', '.join(missing)} column)",
            hint="pass {option:table} with the name of the agno session table",
        )
    runs_name = _find_runs_table(cat, session_table, runs_table, tables)
    runs_columns = tuple(cat.columns(runs_name)) if runs_name else ()
    versions = _versions(cat, tables, [session_table, runs_name])
    return Layout(
        session_table=session_table,
        columns=columns,
        runs_table=runs_name,
        runs_columns=runs_columns,
        version=versions.get(session_table),
        runs_version=versions.get(runs_name) if runs_name else None,
        linked=_linked_tables(cat, session_table, tables),
    )


def _is_runs_table(cat: Catalog, name: str) -> bool:
    cols = cat.columns(name)
    return all(c in cols for c in REQUIRED_RUN_COLUMNS)


def _find_runs_table(
    cat: Catalog, session_table: str, explicit: str | None, tables: list[str]
) -> str | None:
    """The runs table: the explicit one; else agno's name for it when it has the foreign key to
    the session table; else the one run-shaped table with that key (a stamp in
    agno_schema_versions settles a tie); else ``<table>_runs`` without the key."""
    if explicit:
        check_identifier(explicit)
        if explicit not in tables:
            return None
        if not _is_runs_table(cat, explicit):
            raise UnrecognisedTableError(
                f"table {explicit} in {cat.dialect.display} is not a runs table "
                f"(needs {', '.join(REQUIRED_RUN_COLUMNS)})",
                hint="pass {option:runs-table} with the name of the agno runs table",
            )
        return explicit
    primary = default_runs_table(session_table)
    preferred = list(dict.fromkeys([primary, DEFAULT_RUNS_TABLE]))
    for name in preferred:
        if (
            name in tables
            and _is_runs_table(cat, name)
            and session_table in cat.foreign_key_targets(name)
        ):
            return name
    candidates = [
        t
        for t in cat.referencing_tables(session_table)
        if t in tables and t not in preferred and _is_runs_table(cat, t)
    ]
    if len(candidates) > 1:
        stamped = [t for t in candidates if t in _versions(cat, tables, list(candidates))]
        candidates = stamped if stamped else candidates
    if len(candidates) > 1:
        raise UnrecognisedTableError(
            f"more than one runs table refers to {session_table} in {cat.dialect.display}: "
            f"{', '.join(sorted(candidates))}",
            hint="pass {option:runs-table-name} to say which one agno uses",
        )
    if candidates:
        return candidates[0]
    if primary in tables and _is_runs_table(cat, primary):
        return primary
    return None


def sandbox_table_name(session_table: str) -> str:
    """agno's PostgreSQL sandbox-bindings table for a session table (within 63 bytes)."""
    suffix = "_sandbox_bindings"
    name = session_table + suffix
    if len(name.encode()) <= 63:
        return name
    digest = "_" + hashlib.sha256(session_table.encode()).hexdigest()[:8]
    prefix = session_table.encode()[: 63 - len(suffix) - len(digest)].decode(errors="ignore")
    return prefix + digest + suffix


def _linked_tables(cat: Catalog, session_table: str, tables: list[str]) -> tuple[LinkedTable, ...]:
    found = [
        LinkedTable(name, key, role)
        for name, key, role in LINKED_TABLES
        if name in tables and key in cat.columns(name)
    ]
    sandbox = sandbox_table_name(session_table)
    if sandbox in tables and session_table in cat.foreign_key_targets(sandbox):
        found.append(LinkedTable(sandbox, "session_id", "sandbox_bindings"))
    if any(t.role == "tool_results" for t in found):
        payloads = _payload_table(cat, tables)
        if payloads is not None:
            found.append(payloads)
    return tuple(found)


def _payload_table(cat: Catalog, tables: list[str]) -> LinkedTable | None:
    """agno_fs: in the same SQLite file, or in PostgreSQL's ``fs`` schema (one per database)."""
    schema = cat.dialect.payload_schema
    if schema is None and PAYLOAD_TABLE not in tables:
        return None
    cols = cat.columns(PAYLOAD_TABLE, schema)
    if not all(c in cols for c in PAYLOAD_COLUMNS):
        return None
    return LinkedTable(PAYLOAD_TABLE, "namespace", "payloads", schema)


def _versions(cat: Catalog, tables: list[str], names: list[str | None]) -> dict[str, str]:
    if VERSIONS_TABLE not in tables:
        return {}
    dialect, conn = cat.dialect, cat.conn
    wanted = [n for n in names if n]
    cols = cat.columns(VERSIONS_TABLE)
    if "table_name" not in cols or "version" not in cols:
        return {}
    cond, params = dialect.in_clause("table_name", wanted)
    sql = f"SELECT table_name, version FROM {dialect.table(VERSIONS_TABLE)} WHERE {cond}"
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


def _missing(cat: Catalog, session_table: str, tables: list[str]) -> TableMissingError:
    dialect, conn = cat.dialect, cat.conn
    sessionish = [t for t in tables if "session_type" in cat.columns(t)]
    where = dialect.display
    if sessionish:
        hint = f"session tables there: {', '.join(sessionish)}; pass {{option:table}} NAME"
    elif tables:
        shown = ", ".join(tables[:10]) + (" …" if len(tables) > 10 else "")
        hint = f"tables there: {shown}"
    else:
        hint = "no tables there"
    elsewhere = getattr(dialect, "session_tables_elsewhere", None)
    if elsewhere is not None:
        others = [t for t in elsewhere(conn) if t.split(".", 1)[0] != dialect.schema]
        if others:
            hint += (
                f"; session tables in other {dialect.schema_word}s: {', '.join(others)} "
                "(pass {option:schema})"
            )
    return TableMissingError(f"session table {session_table} not found in {where}", hint=hint)
